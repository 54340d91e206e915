"""Read a population table exported from SCB's statistical database (PxWeb) as CSV.

PxWeb exports vary: semicolon-, comma- or tab-separated, quoted or not, UTF-8
(often with BOM) or Latin-1/Windows-1252, a title line above the header, and
either "wide" (a region column and one column per year, "2024" or "2025K3") or
"long" (region, year and value columns). Regions read "2260 Ånge", "2260" or
"Ånge kommun". Missing figures are "..". Anything this reader cannot make sense
of is refused with a DataError that says how to export the table again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..agreements.reference import fold
from ..errors import DataError

EXPORT_HINT = (
    "Export 'Folkmängd efter region och år' (or 'per kvartal') from SCB's statistical database "
    "(statistikdatabasen.scb.se) as CSV with the municipalities as rows and the years as columns, "
    "then run the import again. The population table was not changed."
)
_PERIOD = re.compile(r"(?<!\d)(\d{4})(?:\s*K([1-4]))?$")
_REGION = re.compile(r"^\s*(\d{4})?\s*([^\d].*)?$")
_MONTHS = {3: "mars", 6: "juni", 9: "september", 12: "december"}
_SUBGROUPS = frozenset({"män", "kvinnor", "men", "women", "man", "kvinna"})
_LONG_PERIOD_HEADERS = frozenset({"år", "ar", "year", "period", "kvartal", "quarter", "tid", "time"})


@dataclass(frozen=True)
class ScbFigure:
    """One municipality's population on one date, as read from the export."""

    name: str
    code: str
    date: dt.date
    population: int
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


def _rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.strip()]
    sample = "\n".join(lines[:20])
    counts = {d: sample.count(d) for d in (";", "\t", ",")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    return [
        [c.strip() for c in row] for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    ]


def _value(cell: str) -> int | None:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", cell)
    if cleaned in ("", "..", "-", "–", "."):
        return None
    if not cleaned.isdigit():
        raise ValueError(cell)
    return int(cleaned)


def _match(cell: str, wanted: dict[str, str]) -> str | None:
    match = _REGION.match(cell)
    if not match:
        return None
    code, name = match.group(1), (match.group(2) or "").strip()
    for known, known_code in wanted.items():
        if code and code == known_code:
            return known
        if name and fold(re.sub(r"(?i)\s+kommun$", "", name)) == fold(known):
            return known
    return None


def read_scb_export(file: Path, wanted: dict[str, str]) -> list[ScbFigure]:
    """Figures for the municipalities in `wanted` (name -> SCB code) from an SCB CSV export.

    Raises DataError, with the export instructions as hint, for a missing, empty,
    binary or unrecognisable file, or one without figures for those municipalities.
    """
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise DataError(f"Cannot read {file}: {exc.strerror or exc}.", EXPORT_HINT) from exc
    if not data.strip():
        raise DataError(f"{file} is empty.", EXPORT_HINT)
    if b"\x00" in data[:4096] or data[:5] == b"%PDF-" or data[:2] == b"PK":
        raise DataError(f"{file} is not a CSV text file (an Excel, PDF or other binary file?).", EXPORT_HINT)
    rows = _rows(_decode(data))
    figures: dict[tuple[str, dt.date], ScbFigure] = {}
    for index, header in enumerate(rows):
        periods = {i: p for i, c in enumerate(header) if (p := _period(c)) is not None}
        long_col = next((i for i, c in enumerate(header) if fold(c) in _LONG_PERIOD_HEADERS), None)
        if periods or long_col is not None:
            body = rows[index + 1 :]
            try:
                if periods:
                    _read_wide(body, periods, wanted, figures)
                else:
                    _read_long(body, header, long_col or 0, wanted, figures)
            except ValueError as exc:
                raise DataError(
                    f"{file}: cannot read the figure {exc} as a population.", EXPORT_HINT
                ) from exc
            break
    if not figures:
        raise DataError(
            f"{file}: found no population figures for {', '.join(wanted)} "
            "(no region column with those municipalities and year columns).",
            EXPORT_HINT,
        )
    return list(figures.values())


def _add(figures: dict[tuple[str, dt.date], ScbFigure], figure: ScbFigure) -> None:
    key = (figure.name, figure.date)
    if key in figures and figures[key].population != figure.population:
        raise DataError(
            f"The export has several figures for {figure.name} on {figure.date} (split by age or sex?).",
            "Export the total population only (all ages, both sexes). " + EXPORT_HINT,
        )
    figures[key] = figure


def _region(row: list[str], wanted: dict[str, str]) -> str | None:
    if any(fold(c) in _SUBGROUPS for c in row):
        return None
    for cell in row:
        if (name := _match(cell, wanted)) is not None:
            return name
    return None


_Figures = dict[tuple[str, dt.date], ScbFigure]


def _read_wide(
    body: list[list[str]], periods: dict[int, tuple[dt.date, str]], wanted: dict[str, str], figures: _Figures
) -> None:
    for row in body:
        name = _region(row, wanted)
        if name is None:
            continue
        for col, (date, source) in periods.items():
            if col < len(row) and (value := _value(row[col])) is not None:
                _add(figures, ScbFigure(name, wanted[name], date, value, source))


def _read_long(
    body: list[list[str]], header: list[str], period_col: int, wanted: dict[str, str], figures: _Figures
) -> None:
    value_col = len(header) - 1
    for row in body:
        name = _region(row, wanted)
        if name is None or len(row) <= max(period_col, value_col):
            continue
        period = _period(row[period_col])
        if period is not None and (value := _value(row[value_col])) is not None:
            _add(figures, ScbFigure(name, wanted[name], period[0], value, period[1]))
