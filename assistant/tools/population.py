"""The population table file (CSV, one row per kommunkod and date): the row rules, reading and writing.

Rows are keyed by SCB kommunkod (four digits; the first two are the länskod), so
the table holds any county. One set of row rules (`row_problem`) is applied when
the table is loaded and when an SCB export is imported: a broken row is reported
with its file, line and fix instead of surfacing later as a wrong amount.
`load_population` refuses a table with a broken row (DataError naming the line);
`read_table` sets broken lines aside, so an import can repair the table.
The model (rows, snapshots, the snapshot choice) is in `population_model` and is
re-exported here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from .population_model import (
    UPDATE_HINT,
    PopulationRow,
    PopulationTable,
    Snapshot,
    SnapshotChoice,
    is_code,
    lanskod,
)

__all__ = [
    "FIELDS",
    "MAX_CHANGE_PERCENT",
    "MAX_POPULATION",
    "MIN_POPULATION",
    "UPDATE_HINT",
    "BrokenLine",
    "PopulationRow",
    "PopulationTable",
    "Snapshot",
    "SnapshotChoice",
    "TableRead",
    "is_code",
    "lanskod",
    "load_population",
    "parse_figure",
    "read_table",
    "render_csv",
    "row_problem",
    "write_atomic",
    "write_population",
]

FIELDS = ("kommun", "kommunkod", "datum", "folkmangd", "kalla")
"""Columns of the population CSV, in order (name, code, date, figure, source)."""
MIN_POPULATION = 1
"""Smallest plausible population of a municipality (Sweden's smallest has about 2 400)."""
MAX_POPULATION = 2_000_000
"""Largest plausible population of a municipality (Sweden's largest has about 1 000 000)."""
MAX_CHANGE_PERCENT = 20
"""Largest change (in %) from a municipality's neighbouring snapshot an import accepts without `--force`."""
_DIGITS = re.compile(r"[0-9]+")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]")


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


def _clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def read_table(path: Path, today: dt.date | None = None) -> TableRead:
    """Read the population CSV, setting aside every line that breaks the row rules (with its reason).

    A wrong header sets the whole file aside (reported as line 1); a line that is not UTF-8 is
    broken like any other. Raises DataError only if the file cannot be read at all.
    """
    today = today or dt.date.today()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(
            f"Cannot read the population table {path}: {exc.strerror or exc}.",
            "Restore the population table from the repository or set ASSISTANT_POPULATION_FILE.",
        ) from exc
    if not data.strip():
        return TableRead(PopulationTable((), path), ())
    lines = data.decode("utf-8-sig", errors="replace").splitlines()
    try:
        header = [c.strip() for c in next(csv.reader(lines[:1]), [])]
    except csv.Error:
        header = []
    if tuple(header) != FIELDS:
        problem = f"the header must be {','.join(FIELDS)}, not {_clip(','.join(header))!r}"
        return TableRead(
            PopulationTable((), path), (BrokenLine(1, _clip(lines[0] if lines else ""), problem),)
        )
    rows: list[PopulationRow] = []
    broken: list[BrokenLine] = []
    seen: dict[tuple[str, dt.date], int] = {}
    names: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        problem, row = _check_line(line, today)
        if row is not None and not problem and (row.kommunkod, row.date) in seen:
            problem = (
                f"a second figure for {row.kommunkod} on {row.date} (line {seen[row.kommunkod, row.date]})"
            )
        first = names.get(row.kommunkod) if row is not None else None
        if row is not None and not problem and first is not None and first[0] != row.name:
            problem = f"kommunkod {row.kommunkod} is {first[0]!r} on line {first[1]} but {row.name!r} here"
        if problem or row is None:
            broken.append(BrokenLine(number, _clip(line), problem))
            continue
        seen[row.kommunkod, row.date] = number
        names.setdefault(row.kommunkod, (row.name, number))
        rows.append(row)
    return TableRead(PopulationTable(tuple(rows), path), tuple(broken))


def _check_line(line: str, today: dt.date) -> tuple[str, PopulationRow | None]:
    """(problem, row) for one line of the table: the problem is '' for a good row."""
    if "\ufffd" in line:
        return "the line is not UTF-8 text (save the table as UTF-8)", None
    try:
        row = _row(next(csv.reader([line])))
    except (ValueError, csv.Error) as exc:
        return str(exc), None
    return row_problem(row, today), row


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


_CACHE: dict[Path, tuple[tuple[int, int, dt.date], PopulationTable]] = {}
_CACHE_LOCK = threading.Lock()


def cached_population(path: Path) -> PopulationTable:
    """`load_population`, re-read only when the file changes (an import) or the day does: the table
    a cost question uses, so no question pays for reading and validating the CSV."""
    try:
        st = path.stat()
    except OSError:
        return load_population(path)  # raises the DataError that says how to restore the table
    key = (st.st_mtime_ns, st.st_size, dt.date.today())
    with _CACHE_LOCK:
        hit = _CACHE.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
    table = load_population(path)
    with _CACHE_LOCK:
        _CACHE[path] = (key, table)
    return table


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
