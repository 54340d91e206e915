"""The population table (SCB figures per municipality and date, keyed by kommunkod) and snapshot choice.

An agreement that splits the municipalities' part "proportionellt utifrån
befolkningsunderlag baserat på uppgifter från senaste årsskiftet" uses, for cost
year Y, the population on Y-1-12-31. The shipped table is incomplete on purpose,
so `PopulationTable.choose` falls back to the latest complete snapshot before that
date and says so, naming both dates and how to update the table
(`python -m assistant population import FILE`).

Rows are keyed by SCB kommunkod (four digits; the first two are the länskod), so
the table holds any county. One set of row rules (`row_problem`) is applied when
the table is loaded and when an SCB export is imported: a broken row is reported
with its file, line and fix instead of surfacing later as a wrong amount.

Compatibility: lookups also accept a municipality name where a code is expected
(`choose(year, names)`, `Snapshot.population(name)`), matched against the rows'
names, so callers that still pass names keep working while they move to codes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError

FIELDS = ("kommun", "kommunkod", "datum", "folkmangd", "kalla")
"""Columns of the population CSV, in order (name, code, date, figure, source)."""
UPDATE_HINT = "python -m assistant population import FIL"
"""The command that adds a snapshot from an SCB export (shown in assumptions and errors)."""
MIN_POPULATION = 1
"""Smallest plausible population of a municipality (Sweden's smallest has about 2 400)."""
MAX_POPULATION = 2_000_000
"""Largest plausible population of a municipality (Sweden's largest has about 1 000 000)."""
_CODE = re.compile(r"[0-9]{4}")
_DIGITS = re.compile(r"[0-9]+")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]")


def is_code(ref: str) -> bool:
    """Whether `ref` is an SCB kommunkod (four digits) rather than a municipality name."""
    return _CODE.fullmatch(ref) is not None


def lanskod(code: str) -> str:
    """The county code of a kommunkod: its first two digits ('2281' -> '22')."""
    return code[:2]


def _implausible(shown: str) -> str:
    low, high = (f"{n:,}".replace(",", " ") for n in (MIN_POPULATION, MAX_POPULATION))
    return f"{shown!r} is not a plausible population: a municipality has between {low} and {high} inhabitants"


def parse_figure(text: str) -> int:
    """A population figure written as a whole number ('99 213', '99213'); ValueError saying why not.

    Checks the digits before converting, so no text (400 digits, '1e3', '9,5') reaches int().
    """
    cleaned = _SPACES.sub("", text)
    if not _DIGITS.fullmatch(cleaned):
        raise ValueError(f"{text!r} is not a whole number of inhabitants")
    shown = text if len(text) <= 20 else f"{text[:12]}… ({len(cleaned)} digits)"
    if len(cleaned.lstrip("0")) > len(str(MAX_POPULATION)):
        raise ValueError(_implausible(shown))
    figure = int(cleaned)
    if not MIN_POPULATION <= figure <= MAX_POPULATION:
        raise ValueError(_implausible(shown))
    return figure


@dataclass(frozen=True)
class PopulationRow:
    """One municipality's population on one date (one line of the table)."""

    name: str
    """Municipality name as SCB writes it ('Ånge'); CSV column `kommun`."""
    kommunkod: str
    """SCB kommunkod, four digits ('2260'); CSV column `kommunkod`."""
    date: dt.date
    """The date the figure describes; CSV column `datum`."""
    figure: int
    """Number of inhabitants; CSV column `folkmangd`."""
    source: str
    """Source, e.g. 'SCB folkmängd 31 december 2023'; CSV column `kalla`."""

    # Compatibility with the column names used before the table was keyed by code.
    @property
    def kommun(self) -> str:
        return self.name

    @property
    def datum(self) -> dt.date:
        return self.date

    @property
    def folkmangd(self) -> int:
        return self.figure

    @property
    def kalla(self) -> str:
        return self.source

    def matches(self, ref: str) -> bool:
        """Whether this row is the municipality `ref` (a kommunkod, or for compatibility a name)."""
        return self.kommunkod == ref if is_code(ref) else self.name == ref


def row_problem(row: PopulationRow, today: dt.date) -> str:
    """What is wrong with a row ('' if nothing): code, name, plausible figure, no future date."""
    if not is_code(row.kommunkod):
        return f"kommunkod {row.kommunkod!r} is not four digits"
    if not row.name:
        return f"kommunkod {row.kommunkod} has no municipality name"
    if row.date > today:
        return f"the date {row.date.isoformat()} is in the future (today is {today.isoformat()})"
    if not MIN_POPULATION <= row.figure <= MAX_POPULATION:
        return _implausible(str(row.figure) if row.figure < 10**12 else "(over 12 digits)")
    return ""


@dataclass(frozen=True)
class Snapshot:
    """All rows of the table for one date."""

    date: dt.date
    rows: tuple[PopulationRow, ...]

    @property
    def source(self) -> str:
        """The rows' source text (the distinct sources joined)."""
        return "; ".join(dict.fromkeys(r.source for r in self.rows))

    def row(self, ref: str) -> PopulationRow | None:
        """The row for a kommunkod (or a name), or None."""
        return next((r for r in self.rows if r.matches(ref)), None)

    def covers(self, refs: Sequence[str]) -> bool:
        """Whether every municipality in `refs` (codes, or names) has a figure on this date."""
        return all(self.row(ref) is not None for ref in refs)

    def population(self, ref: str) -> int:
        """The figure for a kommunkod (or a name); DataError with the import command if it is missing."""
        row = self.row(ref)
        if row is None:
            raise DataError(f"No population for {ref} on {self.date}.", f"Add it with '{UPDATE_HINT}'.")
        return row.figure


@dataclass(frozen=True)
class SnapshotChoice:
    """The snapshot used for a cost year, and whether it is the one the agreement prescribes."""

    snapshot: Snapshot
    prescribed: dt.date
    """The year-end the agreement points at: 31 December of the year before the cost year."""
    partial: tuple[str, ...] = ()
    """Names of the municipalities that do have a figure on the prescribed date when it is incomplete."""

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
        dates = sorted({r.date for r in self.rows})
        return tuple(Snapshot(d, tuple(r for r in self.rows if r.date == d)) for d in dates)

    def codes(self) -> tuple[str, ...]:
        """Every kommunkod in the table, sorted."""
        return tuple(sorted({r.kommunkod for r in self.rows if r.kommunkod}))

    def name(self, code: str) -> str:
        """The municipality name of a kommunkod (from its latest row); '' if the table lacks the code."""
        rows = [r for r in self.rows if r.kommunkod == code]
        return max(rows, key=lambda r: r.date).name if rows else ""

    def code(self, name: str) -> str:
        """The kommunkod of a municipality name (compatibility for callers that hold names); '' if none."""
        return next((r.kommunkod for r in self.rows if r.name == name and r.kommunkod), "")

    def choose(self, cost_year: int, codes: Sequence[str]) -> SnapshotChoice:
        """The snapshot for `cost_year`: Y-1-12-31 if complete for `codes`, else the latest complete before.

        `codes` are kommunkoder; names are accepted too (compatibility). Raises DataError
        (with the import command as hint) if no complete snapshot exists on or before it.
        """
        prescribed = dt.date(cost_year - 1, 12, 31)
        snaps = [s for s in self.snapshots() if s.date <= prescribed]
        complete = [s for s in snaps if s.covers(codes)]
        if not complete:
            shown = ", ".join(f"{self.name(c)} ({c})" if self.name(c) else c for c in codes)
            raise DataError(
                f"The population table has no complete snapshot for {shown} on or before "
                f"{prescribed.isoformat()} (needed for cost year {cost_year}).",
                f"Export 'Folkmängd per kommun' from SCB's statistical database and run '{UPDATE_HINT}'.",
            )
        at_date = next((s for s in snaps if s.date == prescribed), None)
        partial: tuple[str, ...] = ()
        if at_date is not None and complete[-1] is not at_date:
            partial = tuple(row.name for ref in codes if (row := at_date.row(ref)) is not None)
        return SnapshotChoice(complete[-1], prescribed, partial)


@dataclass(frozen=True)
class BrokenLine:
    """A line of the table file that breaks the row rules."""

    line: int
    text: str
    """The line as it stands in the file."""
    problem: str


@dataclass(frozen=True)
class TableRead:
    """The table file read leniently: the good rows and the broken lines."""

    table: PopulationTable
    broken: tuple[BrokenLine, ...]


def _row(record: list[str]) -> PopulationRow:
    """One CSV record as a row; ValueError saying what is wrong."""
    if len(record) != len(FIELDS):
        raise ValueError(f"{len(record)} columns instead of {len(FIELDS)} ({','.join(FIELDS)})")
    name, code, date, figure, source = (cell.strip() for cell in record)
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise ValueError(f"the date {date!r} is not an ISO date (YYYY-MM-DD)") from None
    return PopulationRow(name, code, day, parse_figure(figure), source)


def read_table(path: Path, today: dt.date | None = None) -> TableRead:
    """Read the population CSV, setting aside every line that breaks the row rules (with its reason).

    A wrong header makes every line broken. Raises DataError only if the file cannot be read.
    """
    today = today or dt.date.today()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(
            f"Cannot read the population table {path}: {exc}.",
            "Restore the population table from the repository or set ASSISTANT_POPULATION_FILE.",
        ) from exc
    lines = text.splitlines()
    header = next(csv.reader(lines[:1]), [])
    if tuple(c.strip() for c in header) != FIELDS:
        problem = f"the header must be {','.join(FIELDS)}, not {','.join(header)}"
        return TableRead(PopulationTable((), path), (BrokenLine(1, lines[0] if lines else "", problem),))
    rows: list[PopulationRow] = []
    broken: list[BrokenLine] = []
    seen: dict[tuple[str, dt.date], int] = {}
    names: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            row = _row(next(csv.reader([line])))
        except ValueError as exc:
            broken.append(BrokenLine(number, line, str(exc)))
            continue
        problem = row_problem(row, today)
        if not problem and (row.kommunkod, row.date) in seen:
            problem = (
                f"a second figure for {row.kommunkod} on {row.date} (line {seen[row.kommunkod, row.date]})"
            )
        first = names.get(row.kommunkod)
        if not problem and first is not None and first[0] != row.name:
            problem = f"kommunkod {row.kommunkod} is {first[0]!r} on line {first[1]} but {row.name!r} here"
        if problem:
            broken.append(BrokenLine(number, line, problem))
            continue
        seen[row.kommunkod, row.date] = number
        names.setdefault(row.kommunkod, (row.name, number))
        rows.append(row)
    return TableRead(PopulationTable(tuple(rows), path), tuple(broken))


def load_population(path: Path, today: dt.date | None = None) -> PopulationTable:
    """Read the population CSV; DataError naming the file, the line and the fix for any broken row."""
    read = read_table(path, today)
    if read.broken:
        first = read.broken[0]
        more = f" ({len(read.broken) - 1} more broken lines)" if len(read.broken) > 1 else ""
        raise DataError(
            f"The population table {path}, line {first.line}: {first.problem}{more}.",
            f"Correct or delete line {first.line} of {path} (columns {','.join(FIELDS)}; figures are whole "
            f"numbers), or import a correct SCB export with '{UPDATE_HINT}', which replaces broken rows.",
        )
    return read.table


def render_csv(rows: Iterable[PopulationRow]) -> str:
    """The table as CSV text (header first, rows sorted by date then municipality code)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for r in sorted(rows, key=lambda r: (r.date, r.kommunkod)):
        writer.writerow((r.name, r.kommunkod, r.date.isoformat(), r.figure, r.source))
    return out.getvalue()


def write_atomic(text: str | bytes, path: Path) -> None:
    """Write a temp file in the same folder, then os.replace, so the file is never half-written."""
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_population(rows: Iterable[PopulationRow], path: Path) -> None:
    """Write the table atomically (see `write_atomic`)."""
    write_atomic(render_csv(rows), path)
