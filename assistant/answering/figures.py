"""Find the figures in a text and normalise them to values, so a reply's figures can be looked up in passages.

"2 408 080 kr", "2408080" and "2,4 miljoner" are the same amount; "50 %" and
"50 procent" the same share; "1 april 2025" and "2025-04-01" the same date. A
figure whose notation is ambiguous ("2,408": Swedish 2.408, English 2408)
carries every reading, and matches when any reading does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("januari", "january", "jan"),
            ("februari", "february", "feb"),
            ("mars", "march", "mar"),
            ("april", "apr"),
            ("maj", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("augusti", "august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_SCALES = {
    "tusen": 3,
    "thousand": 3,
    "tkr": 3,
    "miljon": 6,
    "miljoner": 6,
    "million": 6,
    "millions": 6,
    "mkr": 6,
    "mnkr": 6,
    "mn": 6,
    "miljard": 9,
    "miljarder": 9,
    "billion": 9,
    "mdkr": 9,
}
_SCALE = "|".join(sorted(_SCALES, key=len, reverse=True))
_SPACE = r"[ \u00a0\u202f\u2009]"

_ISO = re.compile(r"(?<!\d)(\d{4}) ?- ?(\d{2}) ?- ?(\d{2})(?!\d)")  # PDFs break "2024- 04-08" too
_DAY_MONTH = re.compile(
    rf"(?<![\w.])(\d{{1,2}})(?:st|nd|rd|th|:e|:a)?\.?{_SPACE}+(?:of{_SPACE}+)?({_MONTH})\b\.?(?:,?{_SPACE}+(\d{{4}}))?",
    re.I,
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\b\.?{_SPACE}+(\d{{1,2}})(?:st|nd|rd|th)?(?:,{_SPACE}*(\d{{4}}))?(?!\d)", re.I
)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\b{_SPACE}+(\d{{4}})(?!\d)", re.I)
_NUMBER = re.compile(
    rf"(?<![\w.,])[-−]?(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+(?![\d])|\d+)(?:[.,]\d+)*"
    rf"(?:{_SPACE}*(%|procent|percent|({_SCALE})\b))?(?:{_SPACE}*(?:kronor|kr|sek)\b)?",
    re.I,
)
_CURRENCY = re.compile(rf"{_SPACE}*(?:kronor|kr|sek)$", re.I)
MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


@dataclass(frozen=True)
class Figure:
    """One figure as written, and every value it can mean."""

    text: str
    """The figure as it stands in the text, e.g. '2,4 miljoner'."""
    values: frozenset[Decimal] = frozenset()
    """Readings of a number (for a scaled one: the mantissa, see `scale`)."""
    percent: bool = False
    scale: int = 0
    """Power of ten a word multiplies by ('miljoner': 6); the figure then stands for a rounded amount."""
    date: tuple[int | None, int | None, int | None] | None = None
    """(year, month, day) for a date, any part None when not written."""


def _readings(raw: str) -> frozenset[Decimal]:
    """Every value `raw` ('2 408 080', '2,408', '0.589', '45 103,50', '2.408.080') can be read as."""
    text = re.sub(_SPACE, " ", raw.replace("−", "-"))
    out: set[str] = set()
    if " " in text:
        head, _, tail = text.replace(" ", "").partition(",")
        out.add(head + (f".{tail}" if tail else ""))
    else:
        out.add(text.replace(",", "."))  # Swedish decimal comma, or a plain decimal point
        if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", text):  # English or dotted thousands
            out.add(re.sub(r"[.,]", "", text))
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+\.\d+", text):  # 2,408,080.50
            out.add(text.replace(",", ""))
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+", text):  # 2.408.080,50
            out.add(text.replace(".", "").replace(",", "."))
    values = set()
    for candidate in out:
        try:
            values.add(Decimal(candidate).normalize())
        except InvalidOperation:
            continue
    return frozenset(values)


def find_figures(text: str) -> list[Figure]:
    """The figures in `text`, dates first; citation markers ([1], [2, 3]) are not figures."""
    text = MARKER.sub(lambda m: " " * len(m.group(0)), text)
    taken = [False] * len(text)
    found: list[tuple[int, Figure]] = []

    def claim(m: re.Match[str], figure: Figure) -> None:
        if any(taken[m.start() : m.end()]):
            return
        taken[m.start() : m.end()] = [True] * (m.end() - m.start())
        found.append((m.start(), figure))

    for m in _ISO.finditer(text):
        claim(m, Figure(m.group(0), date=(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in _DAY_MONTH.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        claim(m, Figure(m.group(0), date=(year, _MONTHS[m.group(2).lower()], int(m.group(1)))))
    for m in _MONTH_DAY.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        claim(m, Figure(m.group(0), date=(year, _MONTHS[m.group(1).lower()], int(m.group(2)))))
    for m in _MONTH_YEAR.finditer(text):
        claim(m, Figure(m.group(0), date=(int(m.group(2)), _MONTHS[m.group(1).lower()], None)))
    for m in _NUMBER.finditer(text):
        unit = (m.group(1) or "").lower()
        number = m.group(0)[: m.start(1) - m.start()] if m.group(1) else _CURRENCY.sub("", m.group(0))
        values = _readings(number.strip())
        if values:
            claim(
                m,
                Figure(
                    m.group(0).strip(),
                    values=values,
                    percent=unit in ("%", "procent", "percent"),
                    scale=_SCALES.get(unit, 0),
                ),
            )
    return [f for _, f in sorted(found, key=lambda t: t[0])]


class FigurePool:
    """The figures a reply may use: those of the passages it cites and of this turn's tool results."""

    def __init__(self, texts: list[str]) -> None:
        self.numbers: set[Decimal] = set()
        self.percents: set[Decimal] = set()
        self.dates: set[tuple[int | None, int | None, int | None]] = set()
        for text in texts:
            for f in find_figures(text):
                if f.date is not None:
                    self.dates.add(f.date)
                    if f.date[0] is not None:
                        self.numbers.add(Decimal(f.date[0]))
                elif f.scale:
                    self.numbers.update(v.scaleb(f.scale).normalize() for v in f.values)
                else:
                    (self.percents if f.percent else self.numbers).update(f.values)

    def backs(self, figure: Figure) -> bool:
        """True when the pool holds the value `figure` stands for (a scaled one: rounded to its digits)."""
        if figure.date is not None:
            return any(_same_date(figure.date, d) for d in self.dates)
        pool = self.percents if figure.percent else self.numbers
        if not figure.scale:
            return bool(figure.values & pool) or (figure.percent and bool(figure.values & self.numbers))
        for mantissa in figure.values:
            exponent = mantissa.as_tuple().exponent
            places = max(-exponent, 0) if isinstance(exponent, int) else 0
            for value in pool:
                if value.scaleb(-figure.scale).quantize(Decimal(1).scaleb(-places)) == mantissa:
                    return True
        return False


def _same_date(asked: tuple[int | None, ...], known: tuple[int | None, ...]) -> bool:
    """A written date matches a known one when every part it writes agrees ('april 2025' ~ 2025-04-01)."""
    return all(a is None or a == k for a, k in zip(asked, known, strict=True)) and any(
        a is not None and a == k for a, k in zip(asked, known, strict=True)
    )
