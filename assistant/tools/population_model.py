"""The population table's model: rows keyed by SCB kommunkod, snapshots per date, and the snapshot choice.

An agreement that splits the municipalities' part "proportionellt utifrån
befolkningsunderlag baserat på uppgifter från senaste årsskiftet" uses, for cost
year Y, the population on Y-1-12-31. The shipped table is incomplete on purpose,
so `PopulationTable.choose` falls back to the latest complete snapshot before that
date and says so, naming both dates and how to update the table
(`python -m assistant population import FILE`).

Compatibility: lookups also accept a municipality name where a code is expected
(`choose(year, names)`, `Snapshot.population(name)`), matched against the rows'
names, so callers that still pass names keep working while they move to codes.
Reading and writing the table file is in `population`; this module does no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError

UPDATE_HINT = "python -m assistant population import FIL"
"""The command that adds a snapshot from an SCB export (shown in assumptions and errors)."""
_CODE = re.compile(r"[0-9]{4}")


def is_code(ref: str) -> bool:
    """Whether `ref` is an SCB kommunkod (four digits) rather than a municipality name."""
    return _CODE.fullmatch(ref) is not None


def lanskod(code: str) -> str:
    """The county code of a kommunkod: its first two digits ('1234' -> '12')."""
    return code[:2]


@dataclass(frozen=True)
class PopulationRow:
    """One municipality's population on one date (one line of the table)."""

    name: str
    """Municipality name as SCB writes it (without 'kommun'); CSV column `kommun`."""
    kommunkod: str
    """SCB kommunkod, four digits ('1234'); CSV column `kommunkod`."""
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
