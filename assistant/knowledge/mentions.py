"""What a question names: a date or year, a region, an agreement.

Kept apart from the answers so the scope and the direct answers read a
question the same way. Years inside identifiers ("2017:612", "HSN 2019-1416")
are not dates; a range such as "2026–2030" is a period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .validity import DocumentValidity, Predecessor, Validity

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
_ISO = re.compile(r"(?<![\d:_-])((?:19|20)\d{2})-(\d{2})-(\d{2})(?![\d:_-])")
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:e|st|nd|rd|th)?\s+(" + "|".join(_MONTHS) + r")\.?\s+((?:19|20)\d{2})\b"
)
_RANGE = re.compile(r"(?<![\d:_-])((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?![\d:_-])")
_YEAR = re.compile(r"(?<![\d:_/.-])((?:19|20)\d{2})(?![\d:_/-]|\.\d)")
_LAST_YEAR = re.compile(r"\b(förra året|i fjol|last year)\b")
_NEXT_YEAR = re.compile(r"\b(nästa år|next year)\b")


@dataclass(frozen=True)
class Period:
    """The time a question asks about; `label` is how the question put it."""

    start: date
    end: date
    label: str


def normalise(question: str) -> str:
    """Lower-case, dashes unified, whitespace collapsed: the form aliases are matched against."""
    text = question.casefold().replace("–", "-").replace("—", "-")
    return " ".join(text.split())


def asked_period(question: str, today: date) -> Period | None:
    """The date, year or years the question names; None when it names none."""
    text = normalise(question)
    spans: list[tuple[date, date, str]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return not any(a < m.end() and m.start() < b for a, b in taken)

    for m in _ISO.finditer(text):
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
        spans.append((day, day, m[0]))
        taken.append(m.span())
    for m in _DAY_MONTH.finditer(text):
        if free(m):
            try:
                day = date(int(m[3]), _MONTHS[m[2]], int(m[1]))
            except ValueError:
                continue
            spans.append((day, day, m[0]))
            taken.append(m.span())
    for m in _RANGE.finditer(text):
        if free(m) and int(m[1]) <= int(m[2]):
            spans.append((date(int(m[1]), 1, 1), date(int(m[2]), 12, 31), f"{m[1]}–{m[2]}"))
            taken.append(m.span())
    for m in _YEAR.finditer(text):
        if free(m):
            year = int(m[1])
            spans.append((date(year, 1, 1), date(year, 12, 31), m[1]))
    if _LAST_YEAR.search(text):
        y = today.year - 1
        spans.append((date(y, 1, 1), date(y, 12, 31), str(y)))
    if _NEXT_YEAR.search(text):
        y = today.year + 1
        spans.append((date(y, 1, 1), date(y, 12, 31), str(y)))
    if not spans:
        return None
    labels = list(dict.fromkeys(label for _, _, label in spans))
    return Period(
        start=min(s for s, _, _ in spans),
        end=max(e for _, e, _ in spans),
        label=", ".join(labels[:-1]) + (" och " if len(labels) > 1 else "") + labels[-1],
    )


def _stem(region: str) -> str:
    return region.casefold()


def named_region(validity: Validity, question: str) -> str | None:
    """The region the question names ('Stockholms län' -> 'Stockholm'), or None."""
    text = normalise(question)
    for region in validity.regions():
        if re.search(r"\b" + re.escape(_stem(region)), text):
            return region
    return None


def _has_alias(text: str, alias: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(alias), text) is not None


def named_documents(validity: Validity, question: str) -> list[DocumentValidity]:
    """Documents the question names by one of their aliases."""
    text = normalise(question)
    return [d for d in validity.documents if any(_has_alias(text, a) for a in d.aliases)]


def without_names(validity: Validity, question: str) -> str:
    """The question with document names taken out, so "interimsöverenskommelsen från 2020" is no date."""
    text = normalise(question)
    for doc in validity.documents:
        for alias in doc.aliases:
            pattern = r"(?<!\w)" + re.escape(alias) + r"[\w-]*(\s+(från|of|from|år)\s+(19|20)\d{2}\b)?"
            text = re.sub(pattern, " ", text)
    return text


def named_predecessors(validity: Validity, question: str) -> list[tuple[DocumentValidity, Predecessor]]:
    """Replaced documents outside the corpus that the question names (e.g. WebCare), with their successor."""
    text = normalise(question)
    return [
        (doc, pred)
        for doc in validity.documents
        for pred in doc.replaces
        if pred.document is None and any(_has_alias(text, a) for a in pred.aliases)
    ]
