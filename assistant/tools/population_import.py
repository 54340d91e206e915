"""Import an SCB export into the population table, and report the table's completeness.

The whole export is checked before anything is written: every figure is a
plausible whole number (`population.parse_figure`), no date lies in the future,
a code and a name that disagree with the table, the reference list or each other are refused,
and a figure that moves more than `MAX_CHANGE_PERCENT` from the municipality's
neighbouring snapshot is refused unless forced. Every problem is listed with its
line and the fix; the table is then left byte-identical.

A broken table on disk does not block the import: its broken lines are set aside
(not loaded), reported in `ImportResult.broken`, and left out of the table that
is written; the old file's bytes are kept beside it (`ImportResult.backup`) so
nothing is lost. Rows of the export replace the table's rows for the same
kommunkod and date. The table is replaced atomically (temp file + os.replace).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from .numbers import format_number
from .population import (
    MAX_CHANGE_PERCENT,
    BrokenLine,
    PopulationRow,
    PopulationTable,
    Snapshot,
    TableRead,
    lanskod,
    parse_figure,
    read_table,
    write_atomic,
    write_population,
)
from .scb import EXPORT_HINT, ScbFigure, fold, read_scb_export

MAX_PROBLEMS_SHOWN = 12
"""How many refused rows one error message lists."""


@dataclass(frozen=True)
class ImportResult:
    """What `import_scb` changed."""

    dates: tuple[dt.date, ...]
    """Snapshot dates added or refreshed."""
    added: int
    replaced: int
    table: Path
    broken: tuple[BrokenLine, ...] = ()
    """Lines of the old table that broke the row rules; the new table leaves them out."""
    backup: Path | None = None
    """A copy of the old table's bytes, written beside it when it had broken lines."""


def _same_name(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    return fa == fb or fa == f"{fb}s" or fb == f"{fa}s"  # the genitive: 'Names kommun' is Name


class _Checker:
    """Turns the export's figures into rows, collecting every problem with its line and fix."""

    def __init__(self, table: PopulationTable, today: dt.date, known: Mapping[str, str]) -> None:
        self.table, self.today = table, today
        self.problems: list[tuple[int, str]] = []
        self.names = {r.kommunkod: r.name for r in table.rows}
        self.where = {code: f"the table {table.path}" if table.path else "the table" for code in self.names}
        for code, name in known.items():
            if code not in self.names:
                self.names[code], self.where[code] = name, "the reference list"
        self.codes = {fold(name): code for code, name in self.names.items()}
        self.seen: dict[tuple[str, dt.date], tuple[int, PopulationRow]] = {}

    def refuse(self, line: int, text: str) -> None:
        self.problems.append((line, text))

    def resolve(self, fig: ScbFigure) -> tuple[str, str] | None:
        """(kommunkod, name) of a figure, or None after recording why it cannot be placed."""
        code, name = fig.code, fig.name
        if not code:
            code = self.codes.get(fold(name)) or self.codes.get(fold(name).removesuffix("s"), "")
            if not code:
                self.refuse(
                    fig.line,
                    f"{name!r} has no kommunkod in the export and is not in the table or the reference list; "
                    "export the regions "
                    "with code and name (a cell like 'KKKK Name', KKKK the kommunkod)",
                )
                return None
        known = self.names.get(code)
        if not name:
            if not known:
                self.refuse(
                    fig.line,
                    f"kommunkod {code} has no name in the export and is not in the table or the reference "
                    "list; export the "
                    "regions with code and name",
                )
                return None
            name = known
        if known and not _same_name(name, known):
            self.refuse(
                fig.line,
                f"kommunkod {code} is {known!r} in {self.where.get(code, 'the export')} but {name!r} in the "
                f"export; check that the row's code and name belong together (if {known} was renamed, "
                "correct its name there first)",
            )
            return None
        if not known:
            self.names[code], self.where[code] = name, f"line {fig.line} of the export"
        return code, known or name

    def row(self, fig: ScbFigure) -> PopulationRow | None:
        placed = self.resolve(fig)
        try:
            figure = parse_figure(fig.value)
        except ValueError as exc:
            who = f"{placed[1]} ({placed[0]}) {fig.date}: " if placed else ""
            self.refuse(fig.line, f"{who}{exc}; correct the figure or export the table again")
            return None
        if placed is None:
            return None
        if fig.date > self.today:
            self.refuse(
                fig.line,
                f"{placed[1]} ({placed[0]}) {fig.date.isoformat()}: the date is in the future (today is "
                f"{self.today.isoformat()}); SCB publishes a year's figure after the year ends, so remove "
                "that column or export again",
            )
            return None
        row = PopulationRow(placed[1], placed[0], fig.date, figure, fig.source)
        first = self.seen.get((row.kommunkod, row.date))
        if first is not None and first[1].figure != row.figure:
            self.refuse(
                fig.line,
                f"a second figure for {row.name} ({row.kommunkod}) on {row.date} (line {first[0]}): "
                "export the total population only (all ages, both sexes)",
            )
            return None
        self.seen.setdefault((row.kommunkod, row.date), (fig.line, row))
        return None if first is not None else row

    def check_changes(self, rows: list[tuple[int, PopulationRow]], max_change: float) -> None:
        """Refuse figures that move more than `max_change` % from the nearest other snapshot."""
        new_keys = {(r.kommunkod, r.date) for _, r in rows}
        by_code: dict[str, list[PopulationRow]] = {}
        for r in [r for r in self.table.rows if (r.kommunkod, r.date) not in new_keys] + [r for _, r in rows]:
            by_code.setdefault(r.kommunkod, []).append(r)
        for line, row in rows:
            same = [r for r in by_code[row.kommunkod] if r.date != row.date]
            before = [r for r in same if r.date < row.date]
            ref = (
                max(before, key=lambda r: r.date) if before else min(same, key=lambda r: r.date, default=None)
            )
            if ref is None or abs(row.figure - ref.figure) * 100 <= max_change * ref.figure:
                continue
            change = (row.figure - ref.figure) * 100 / ref.figure
            self.refuse(
                line,
                f"{row.name} ({row.kommunkod}) {row.date}: {format_number(row.figure)} is a change of "
                f"{change:+.0f} % from {format_number(ref.figure)} on {ref.date} (more than "
                f"{max_change:g} %); check the figure, and if the change is real import again with "
                "--force (or a larger --max-change)",
            )


def import_scb(
    file: Path,
    table_path: Path,
    *,
    force: bool = False,
    max_change_percent: float = MAX_CHANGE_PERCENT,
    today: dt.date | None = None,
    known: Mapping[str, str] | None = None,
) -> ImportResult:
    """Add every municipality's snapshots from an SCB export to the table at `table_path`.

    Refuses the whole file (DataError listing each row and its fix, table unchanged) if any
    row breaks the rules in the module docstring; `force` skips only the change check.
    `known` (kommunkod -> name, e.g. the reference list of municipalities) places rows that
    give only a name or only a code, and is checked like the table for code/name mismatches.
    """
    today = today or dt.date.today()
    if not table_path.parent.is_dir():
        raise DataError(
            f"The folder of the population table {table_path} does not exist.",
            "Create it, or point ASSISTANT_CORPUS_DIR / --table at the corpus folder.",
        )
    figures = read_scb_export(file)
    if table_path.exists():
        old = read_table(table_path, today)
    else:
        old = TableRead(PopulationTable((), table_path), ())
    checker = _Checker(old.table, today, known or {})
    rows = [(fig.line, row) for fig in figures if (row := checker.row(fig)) is not None]
    if not force:
        checker.check_changes(rows, max_change_percent)
    if checker.problems:
        raise _refusal(file, table_path, sorted(checker.problems))
    new = {(r.kommunkod, r.date): r for _, r in rows}
    kept = [r for r in old.table.rows if (r.kommunkod, r.date) not in new]
    backup = None
    if old.broken:
        backup = table_path.with_name(f"{table_path.name}.{dt.datetime.now():%Y%m%dT%H%M%S}.broken")
        write_atomic(table_path.read_bytes(), backup)
    write_population([*kept, *new.values()], table_path)
    replaced = len(old.table.rows) - len(kept)
    return ImportResult(
        dates=tuple(sorted({r.date for r in new.values()})),
        added=len(new) - replaced,
        replaced=replaced,
        table=table_path,
        broken=old.broken,
        backup=backup,
    )


def _refusal(file: Path, table_path: Path, problems: list[tuple[int, str]]) -> DataError:
    shown = [f"  {file.name}, line {line}: {text}." for line, text in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        shown.append(f"  … and {len(problems) - MAX_PROBLEMS_SHOWN} more.")
    count = "1 row" if len(problems) == 1 else f"{len(problems)} rows"
    return DataError(
        f"{file}: {count} cannot be imported, so nothing was imported and {table_path} was not changed:\n"
        + "\n".join(shown),
        "Correct the rows listed and run the import again, or e" + EXPORT_HINT[1:],
    )


def known_municipalities(corpus_dir: Path) -> dict[str, str]:
    """Kommunkod -> name of every municipality the agreement registry knows (parties, reference list)."""
    from ..agreements import load_registry

    return {m.code: m.name for m in load_registry(corpus_dir).municipalities()}


def describe(snapshot: Snapshot, codes: Sequence[str]) -> str:
    """One line for `population list`: date, coverage of `codes`, their total and source."""
    rows = [row for code in codes if (row := snapshot.row(code)) is not None]
    state = "komplett" if len(rows) == len(codes) else f"ofullständig ({len(rows)} av {len(codes)})"
    total = sum(r.figure for r in rows)
    source = "; ".join(dict.fromkeys(r.source for r in rows))
    return f"{snapshot.date.isoformat()}  {state:<22} {format_number(total):>9} invånare  {source}"


def counties(table: PopulationTable) -> dict[str, list[str]]:
    """Every kommunkod in the table grouped by länskod (its first two digits): {'12': ['1234', ...]}."""
    groups: dict[str, list[str]] = {}
    for code in table.codes():
        groups.setdefault(lanskod(code), []).append(code)
    return groups


def complete(table: PopulationTable, snapshot: Snapshot) -> bool:
    """Whether each county with figures on the snapshot's date has them for all its municipalities."""
    have = {r.kommunkod for r in snapshot.rows}
    groups = counties(table)
    return all(set(groups[lanskod(code)]) <= have for code in have if code)


def coverage_report(
    table: PopulationTable,
    groups: Mapping[str, Sequence[str]] | None = None,
    county_names: Mapping[str, str] | None = None,
) -> list[str]:
    """The lines of `population list`: per county, then per group (label -> kommunkoder), each snapshot.

    A county is complete on a date when every municipality of it that the table knows has a figure;
    a group (e.g. an agreement's parties) when all its codes have one. `county_names` (länskod ->
    name) labels the counties.
    """
    named = county_names or {}
    sections = [
        (f"Län {lan}" + (f" {named[lan]}" if named.get(lan) else ""), codes)
        for lan, codes in counties(table).items()
    ]
    sections += [(label, list(codes)) for label, codes in (groups or {}).items()]
    lines: list[str] = []
    for label, codes in sections:
        names = ", ".join(table.name(c) or c for c in codes)
        count = "1 kommun" if len(codes) == 1 else f"{len(codes)} kommuner"
        lines.append(f"{label} ({count}: {names})")
        shown = [s for s in table.snapshots() if any(s.row(c) for c in codes)]
        lines += [f"  {describe(s, codes)}" for s in shown] or ["  inga siffror i tabellen"]
    return lines
