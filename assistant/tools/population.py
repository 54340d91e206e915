"""The population table (SCB figures per municipality and date) and snapshot selection.

The Västernorrland agreement splits the municipalities' part "proportionellt
utifrån befolkningsunderlag baserat på uppgifter från senaste årsskiftet": for
cost year Y that is the population on Y-1-12-31. The shipped table is
incomplete on purpose, so `PopulationTable.choose` falls back to the latest
complete snapshot before that date and says so, naming both dates and how to
update the table (`python -m assistant population import FILE`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from .numbers import format_number
from .scb import read_scb_export

FIELDS = ("kommun", "kommunkod", "datum", "folkmangd", "kalla")
"""Columns of the population CSV, in order."""
UPDATE_HINT = "python -m assistant population import FIL"
"""The command that adds a snapshot from an SCB export (shown in assumptions and errors)."""


@dataclass(frozen=True)
class PopulationRow:
    """One municipality's population on one date."""

    kommun: str
    kommunkod: str
    datum: dt.date
    folkmangd: int
    kalla: str
    """Source, e.g. 'SCB folkmängd 31 december 2023'."""


@dataclass(frozen=True)
class Snapshot:
    """All rows of the table for one date."""

    date: dt.date
    rows: tuple[PopulationRow, ...]

    @property
    def source(self) -> str:
        """The rows' source text (the distinct sources joined)."""
        return "; ".join(dict.fromkeys(r.kalla for r in self.rows))

    def covers(self, names: Sequence[str]) -> bool:
        """Whether every municipality in `names` has a figure on this date."""
        have = {r.kommun for r in self.rows}
        return all(n in have for n in names)

    def population(self, name: str) -> int:
        for row in self.rows:
            if row.kommun == name:
                return row.folkmangd
        raise DataError(f"No population for {name} on {self.date}.", f"Add it with '{UPDATE_HINT}'.")


@dataclass(frozen=True)
class SnapshotChoice:
    """The snapshot used for a cost year, and whether it is the one the agreement prescribes."""

    snapshot: Snapshot
    prescribed: dt.date
    """The year-end the agreement points at: 31 December of the year before the cost year."""
    partial: tuple[str, ...] = ()
    """Municipalities that do have a figure on the prescribed date when it is incomplete."""

    @property
    def exact(self) -> bool:
        return self.snapshot.date == self.prescribed

    def assumption(self, lang: str = "sv") -> str:
        """Why this snapshot was used; '' when it is the prescribed one."""
        if self.exact:
            return ""
        used, want = self.snapshot.date.isoformat(), self.prescribed.isoformat()
        if lang == "en":
            have = (
                f"the table has {want} for only {len(self.partial)} municipalities "
                f"({', '.join(self.partial)})"
                if self.partial
                else f"the table has no figures for {want}"
            )
            return (
                f"The agreement uses the population at the latest year-end, {want}, but {have}; the latest "
                f"complete snapshot before it, {used} ({self.snapshot.source}), is used instead. Update the "
                f"table with '{UPDATE_HINT.replace('FIL', 'FILE')}' (an SCB export) when the {want} figures "
                "are available."
            )
        have = (
            f"tabellen har {want} bara för {len(self.partial)} kommuner ({', '.join(self.partial)})"
            if self.partial
            else f"tabellen saknar siffror för {want}"
        )
        return (
            f"Avtalet utgår från befolkningen vid senaste årsskiftet, {want}, men {have}; därför används "
            f"den senaste kompletta ögonblicksbilden före det datumet, {used} ({self.snapshot.source}). "
            f"Uppdatera tabellen med '{UPDATE_HINT}' (export från SCB) när siffrorna för {want} finns."
        )


@dataclass(frozen=True)
class PopulationTable:
    """The whole table, in file order."""

    rows: tuple[PopulationRow, ...]
    path: Path | None = None

    def snapshots(self) -> tuple[Snapshot, ...]:
        """One snapshot per date, oldest first."""
        dates = sorted({r.datum for r in self.rows})
        return tuple(Snapshot(d, tuple(r for r in self.rows if r.datum == d)) for d in dates)

    def choose(self, cost_year: int, names: Sequence[str]) -> SnapshotChoice:
        """The snapshot for `cost_year`: Y-1-12-31 if complete for `names`, else the latest complete before.

        Raises DataError (with the import command as hint) if no complete snapshot exists on or before it.
        """
        prescribed = dt.date(cost_year - 1, 12, 31)
        snaps = [s for s in self.snapshots() if s.date <= prescribed]
        complete = [s for s in snaps if s.covers(names)]
        if not complete:
            raise DataError(
                f"The population table has no complete snapshot for {', '.join(names)} on or before "
                f"{prescribed.isoformat()} (needed for cost year {cost_year}).",
                f"Export 'Folkmängd per kommun' from SCB's statistical database and run '{UPDATE_HINT}'.",
            )
        at_date = [s for s in snaps if s.date == prescribed]
        partial = tuple(r.kommun for r in at_date[0].rows if r.kommun in names) if at_date else ()
        return SnapshotChoice(complete[-1], prescribed, () if complete[-1].date == prescribed else partial)


def load_population(path: Path) -> PopulationTable:
    """Read the population CSV; DataError naming the file and line for anything malformed."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(
            f"Cannot read the population table {path}: {exc}.",
            "Restore corpus/befolkning-vasternorrland.csv from the repository or set "
            "ASSISTANT_POPULATION_FILE.",
        ) from exc
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != FIELDS:
        raise DataError(
            f"{path}: the header must be {','.join(FIELDS)}, not {','.join(reader.fieldnames or ())}.",
            "Fix the header line of the population table.",
        )
    rows = []
    for line, record in enumerate(reader, start=2):
        try:
            rows.append(
                PopulationRow(
                    kommun=record["kommun"].strip(),
                    kommunkod=record["kommunkod"].strip(),
                    datum=dt.date.fromisoformat(record["datum"].strip()),
                    folkmangd=int(record["folkmangd"].strip()),
                    kalla=record["kalla"].strip(),
                )
            )
        except (ValueError, AttributeError) as exc:
            raise DataError(
                f"{path}, line {line}: {exc}.",
                "Each row needs kommun, kommunkod, ISO date, integer population.",
            ) from exc
        if rows[-1].folkmangd <= 0:
            raise DataError(f"{path}, line {line}: population must be positive.", "Fix the row.")
    return PopulationTable(tuple(rows), path)


def render_csv(rows: Sequence[PopulationRow]) -> str:
    """The table as CSV text (header first, rows sorted by date then municipality code)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for r in sorted(rows, key=lambda r: (r.datum, r.kommunkod)):
        writer.writerow((r.kommun, r.kommunkod, r.datum.isoformat(), r.folkmangd, r.kalla))
    return out.getvalue()


def write_population(rows: Sequence[PopulationRow], path: Path) -> None:
    """Write atomically: a temp file in the same folder, then os.replace, so the table is never "
    "half-written."""
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as fh:
            fh.write(render_csv(rows))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class ImportResult:
    """What `import_scb` changed."""

    dates: tuple[dt.date, ...]
    """Snapshot dates added or refreshed."""
    added: int
    replaced: int
    table: Path


def import_scb(file: Path, table_path: Path, *, names: Sequence[str] | None = None) -> ImportResult:
    """Add dated snapshots from an SCB export to the population table at `table_path`.

    Only the municipalities in `names` (default: those of the Västernorrland agreement) are
    taken; a figure for a date already in the table replaces the old one. The table is
    rewritten atomically and left byte-identical when the file cannot be read.
    """
    from .municipalities import KOMMUNKOD

    wanted = dict(KOMMUNKOD) if names is None else {n: KOMMUNKOD.get(n, "") for n in names}
    figures = read_scb_export(file, wanted)
    table = load_population(table_path) if table_path.exists() else PopulationTable(())
    new = {(f.name, f.date): f for f in figures}
    kept = [r for r in table.rows if (r.kommun, r.datum) not in new]
    added_rows = [
        PopulationRow(f.name, f.code, f.date, f.population, f"{f.source} (import av {file.name})")
        for f in new.values()
    ]
    write_population([*kept, *added_rows], table_path)
    return ImportResult(
        dates=tuple(sorted({f.date for f in figures})),
        added=len(added_rows) - (len(table.rows) - len(kept)),
        replaced=len(table.rows) - len(kept),
        table=table_path,
    )


def describe(snapshot: Snapshot, names: Sequence[str]) -> str:
    """One line for `population list`: date, coverage, total and source."""
    have = sum(snapshot.covers([n]) for n in names)
    total = sum(r.folkmangd for r in snapshot.rows)
    state = "komplett" if have == len(names) else f"ofullständig ({have} av {len(names)})"
    return f"{snapshot.date.isoformat()}  {state:<22} {format_number(total):>9} invånare  {snapshot.source}"
