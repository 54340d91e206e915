"""The time a question asks about: a date, a year, a range of years, or a relative year.

Any four-digit year counts ("2100", "3000"), and "år N" names year N; years
inside identifiers ("2017:612", "HSN 2019-1416") and grouped amounts
("2 408 080") are not dates. A range such as "2026–2030" is a period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "february", "feb"), 2),
    **dict.fromkeys(("mars", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("maj", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("augusti", "august", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec"), 12),
}
_ISO = re.compile(r"(?<![\d:_-])(\d{4})-(\d{2})-(\d{2})(?![\d:_-])")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:e|st|nd|rd|th)?\s+(" + "|".join(_MONTHS) + r")\.?\s+(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(_MONTHS) + r")\.?\s+(\d{4})\b")
_RANGE = re.compile(r"(?<![\d:_-])(\d{4})\s*[-–—]\s*(\d{4})(?![\d:_-])")
_YEAR = re.compile(r"(?<![\d:_/.,-])(\d{4})(?![\d:_/-]|[.,]\d|\s\d{3}\b)")
_YEAR_WORD = re.compile(r"\b(?:år|year)\s+(-?\d{1,4})(?![\d:_/-]|[.,]\d)")
_RELATIVE = (
    (re.compile(r"\b(i år|this year|innevarande år|current year)\b"), 0),
    (re.compile(r"\b(nästa år|next year)\b"), 1),
    (re.compile(r"\b(förra året|i fjol|last year)\b"), -1),
)


# years relative to the one the conversation is about: "året efter?", "the year before?"
_SHIFT = (
    (
        re.compile(
            r"\b(året (efter|därpå|därefter)|(följande|nästkommande|påföljande) år|ett år senare|"
            r"the (year after|following year|next year)|a year later)\b"
        ),
        1,
    ),
    (
        re.compile(
            r"\b(året (innan|före|dessförinnan)|föregående år|ett år tidigare|"
            r"the (year before|previous year|preceding year)|a year earlier)\b"
        ),
        -1,
    ),
)


def year_shift(text: str) -> tuple[int, str]:
    """(offset, phrase) when `text` names a year relative to the conversation's ("året efter");
    (0, "") otherwise."""
    lowered = text.casefold()
    for pattern, offset in _SHIFT:
        m = pattern.search(lowered)
        if m:
            return offset, m.group(0)
    return 0, ""


@dataclass(frozen=True)
class Period:
    """The time a question asks about; `label` is how the question put it."""

    start: date
    end: date
    label: str
    years: tuple[int, ...] = ()
    """The years named one by one (a range counts as its first year), in order."""
    relative: bool = False
    """Set by 'i år', 'nästa år', 'förra året' rather than a written year."""
    reference: bool = False
    """Every time named is a point the question measures from ("sedan när ... före mötet i februari
    2025?", "after 2027-04-07"), not the time the answer must fall in."""


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# a time named as a point to measure from: "före mötet i februari 2025", "efter 2027-04-07"
_REFERENCE = re.compile(
    r"\b(before|after|since|until|prior to|innan|före|efter|sedan|inför|fram till)\s+(?:[\w'-]+\s+){0,3}$"
)


def asked_period(text: str, today: date) -> Period | None:
    """The date, year or years `text` names (lower-cased, identifiers already removed); None if none."""
    text = text.casefold().replace("–", "-").replace("—", "-")
    spans: list[tuple[date, date, str, int]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return not any(a < m.end() and m.start() < b for a, b in taken)

    for m in _ISO.finditer(text):
        day = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        if day is not None and int(m[1]) >= 1000:
            spans.append((day, day, m[0], m.start()))
            taken.append(m.span())
    for m in _DAY_MONTH.finditer(text):
        day = _safe_date(int(m[3]), _MONTHS[m[2]], int(m[1])) if free(m) else None
        if day is not None and int(m[3]) >= 1000:
            spans.append((day, day, m[0], m.start()))
            taken.append(m.span())
    for m in _MONTH_YEAR.finditer(text):
        # "i oktober 2025": the whole month
        first = _safe_date(int(m[2]), _MONTHS[m[1]], 1) if free(m) and int(m[2]) >= 1000 else None
        if first is not None:
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            spans.append((first, date.fromordinal(following.toordinal() - 1), m[0], m.start()))
            taken.append(m.span())
    for m in _RANGE.finditer(text):
        if free(m) and 1000 <= int(m[1]) <= int(m[2]):
            spans.append((date(int(m[1]), 1, 1), date(int(m[2]), 12, 31), f"{m[1]}–{m[2]}", m.start()))
            taken.append(m.span())
    for m in _YEAR_WORD.finditer(text):
        if free(m):
            year = int(m[1])
            spans.append((_year_start(year), _year_end(year), str(year), m.start()))
            taken.append(m.span())
    for m in _YEAR.finditer(text):
        if free(m) and int(m[1]) >= 1000:
            year = int(m[1])
            spans.append((date(year, 1, 1), date(year, 12, 31), m[1], m.start()))
    relative = False
    if not spans:
        for pattern, offset in _RELATIVE:
            found = pattern.search(text)
            if found:
                y = today.year + offset
                spans.append((date(y, 1, 1), date(y, 12, 31), str(y), found.start()))
                relative = True
                break
    if not spans:
        return None
    spans.sort(key=lambda s: s[3])
    reference = all(_REFERENCE.search(text[max(0, at - 40) : at]) for _, _, _, at in spans)
    labels = list(dict.fromkeys(label for _, _, label, _ in spans))
    years = tuple(dict.fromkeys(_year_of(label, s) for s, _, label, _ in spans))
    return Period(
        start=min(s for s, _, _, _ in spans),
        end=max(e for _, e, _, _ in spans),
        label=", ".join(labels[:-1]) + (" och " if len(labels) > 1 else "") + labels[-1],
        years=years,
        relative=relative,
        reference=reference,
    )


def _year_of(label: str, start: date) -> int:
    head = label.split("–")[0].split("-")[0]
    return int(head) if head.lstrip("-").isdigit() else start.year


def _year_start(year: int) -> date:
    return date(min(max(year, 1), 9999), 1, 1)


def _year_end(year: int) -> date:
    return date(min(max(year, 1), 9999), 12, 31)
