"""Read a population table exported from SCB's statistical database (PxWeb) as CSV.

PxWeb exports vary: semicolon-, comma- or tab-separated, quoted or not, UTF-8
(often with BOM) or Latin-1/Windows-1252, a title line above the header, and
either "wide" (a region column and one column per year, "2024" or "2025K3") or
"long" (region, year and value columns). Regions read "KKKK Name", "KKKK" or
"Name kommun" (KKKK the kommunkod); county ("LL Names län") and country rows are skipped,
every municipality row is taken, whatever its county. Missing figures are "..".

This module only reads: each figure comes back as the text in the cell with the
line it stands on, and `population_import` checks them all against the row rules
before anything is written. A file this reader cannot make sense of is refused
with a DataError that says how to export the table again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..agreements.reference import fold as fold_diacritics
from ..errors import DataError

EXPORT_HINT = (
    "Export 'Folkmängd efter region och år' (or 'per kvartal') from SCB's statistical database "
    "(statistikdatabasen.scb.se) as CSV with the municipalities as rows (code and name) and the years "
    "as columns, then run the import again. The population table was not changed."
)
_PERIOD = re.compile(r"(?<!\d)(\d{4})(?:\s*K([1-4]))?$")
_CODED = re.compile(r"^(\d+)(?:\s+(\D.*))?$")
_KOMMUN_SUFFIX = re.compile(r"(?i)\s+(kommun|stad)$")
_MONTHS = {3: "mars", 6: "juni", 9: "september", 12: "december"}
_SUBGROUPS = frozenset({"män", "kvinnor", "men", "women", "man", "kvinna"})
_LONG_PERIOD_HEADERS = frozenset({"år", "ar", "year", "period", "kvartal", "quarter", "tid", "time"})
_NOT_MUNICIPALITIES = frozenset({"riket", "hela riket", "sverige", "sweden", "totalt", "total"})
_MISSING = frozenset({"", "..", "-", "–", "."})


def fold(text: str) -> str:
    """`agreements.reference.fold` with hyphens as spaces and spaces collapsed: 'Öst-Ås' -> 'ost as'."""
    return " ".join(fold_diacritics(text.replace("-", " ")).split())


def plain_name(name: str) -> str:
    """A municipality name without ' kommun'/' stad': 'Name kommun' -> 'Name'."""
    return _KOMMUN_SUFFIX.sub("", name.strip())


@dataclass(frozen=True)
class ScbFigure:
    """One municipality's figure on one date, as it stands in the export (not yet checked)."""

    line: int
    """Line of the export the figure stands on (1-based)."""
    code: str
    """Kommunkod from the region cell; '' when the export gives only names."""
    name: str
    """Municipality name from the region cell, without ' kommun'; '' when it gives only codes."""
    date: dt.date
    value: str
    """The cell's text, e.g. '99 213' (checked by the import, not here)."""
    source: str


def _period(cell: str) -> tuple[dt.date, str] | None:
    match = _PERIOD.search(cell.strip())
    if not match:
        return None
    year, quarter = int(match.group(1)), match.group(2)
    if not 1900 <= year <= 2100:
        return None
    if quarter:
        month = int(quarter) * 3
        day = 31 if month in (3, 12) else 30
        return dt.date(year, month, day), f"SCB kvartalsstatistik {day} {_MONTHS[month]} {year}"
    return dt.date(year, 12, 31), f"SCB folkmängd 31 december {year}"


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, else Latin-1 (which decodes anything)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """The CSV records with the line each ends on, blank lines dropped."""
    sample = "\n".join([line for line in text.splitlines() if line.strip()][:20])
    counts = {d: sample.count(d) for d in (";", "\t", ",")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [(reader.line_num, [c.strip() for c in row]) for row in reader if any(c.strip() for c in row)]


def _records(file: Path, text: str) -> list[tuple[int, list[str]]]:
    try:
        return _rows(text)
    except csv.Error as exc:  # e.g. a field longer than the csv module's limit
        raise DataError(f"{file} cannot be read as CSV: {exc}.", EXPORT_HINT) from exc


def region(cell: str) -> tuple[str, str] | None:
    """(code, name) of a municipality cell: 'KKKK Name', 'KKKK' or 'Name kommun'; None for anything else.

    County rows ('LL Names län', 'LL') and the country ('00 Riket') are not municipalities.
    """
    cell = cell.strip()
    if not cell:
        return None
    match = _CODED.match(cell)
    if match:
        code, name = match.group(1), plain_name(match.group(2) or "")
        return (code, name) if len(code) == 4 else None
    if any(ch.isdigit() for ch in cell):
        return None
    name = plain_name(cell)
    if fold(name) in _NOT_MUNICIPALITIES or fold(name).endswith(" lan") or fold(name) == "lan":
        return None
    return "", name


def read_scb_export(file: Path) -> list[ScbFigure]:
    """Every municipality's figures in an SCB CSV export, unchecked, in file order.

    Raises DataError, with the export instructions as hint, for a missing, empty,
    binary or unrecognisable file, or one without any municipality figures.
    """
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise DataError(f"Cannot read {file}: {exc.strerror or exc}.", EXPORT_HINT) from exc
    if not data.strip():
        raise DataError(f"{file} is empty.", EXPORT_HINT)
    if b"\x00" in data[:4096] or data[:5] == b"%PDF-" or data[:2] == b"PK":
        raise DataError(f"{file} is not a CSV text file (an Excel, PDF or other binary file?).", EXPORT_HINT)
    rows = _records(file, _decode(data))
    figures: list[ScbFigure] = []
    for index, (_line, header) in enumerate(rows):
        periods = {i: p for i, c in enumerate(header) if (p := _period(c)) is not None}
        long_col = next((i for i, c in enumerate(header) if fold(c) in _LONG_PERIOD_HEADERS), None)
        if periods:
            figures = _read_wide(rows[index + 1 :], periods)
            break
        if long_col is not None:
            figures = _read_long(rows[index + 1 :], long_col, len(header) - 1)
            break
    if not figures:
        raise DataError(
            f"{file}: found no population figures for any municipality "
            "(no region column with municipalities and year columns).",
            EXPORT_HINT,
        )
    return figures


def _region_of(row: list[str], skip: set[int]) -> tuple[str, str] | None:
    """The municipality a data row is about, from the region-like cells outside the figure columns.

    'KKKK Name' in one cell, or a code column and a name column ('KKKK', 'Name') next to each other.
    """
    if any(fold(c) in _SUBGROUPS for c in row):
        return None
    code = name = ""
    for col, cell in enumerate(row):
        if col in skip or (found := region(cell)) is None:
            continue
        code, name = code or found[0], name or found[1]
        if code and name:
            break
    return (code, name) if code or name else None


def _read_wide(body: list[tuple[int, list[str]]], periods: dict[int, tuple[dt.date, str]]) -> list[ScbFigure]:
    figures = []
    for line, row in body:
        cells = {col: row[col] for col in periods if col < len(row) and row[col] not in _MISSING}
        if not cells or (found := _region_of(row, set(periods))) is None:
            continue  # a footnote, a county row or a row of missing figures
        for col, value in cells.items():
            date, source = periods[col]
            figures.append(ScbFigure(line, found[0], found[1], date, value, source))
    return figures


def _read_long(body: list[tuple[int, list[str]]], period_col: int, value_col: int) -> list[ScbFigure]:
    figures = []
    for line, row in body:
        if len(row) <= max(period_col, value_col) or row[value_col] in _MISSING:
            continue
        period = _period(row[period_col])
        found = _region_of(row, {period_col, value_col})
        if period is not None and found is not None:
            figures.append(ScbFigure(line, found[0], found[1], period[0], row[value_col], period[1]))
    return figures
