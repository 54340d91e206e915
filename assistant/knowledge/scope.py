"""Which agreement a question should be answered from, given the time it asks about.

A question naming a year or date is answered from the documents in force then
("... i <region> 2021?" -> the agreement in force in 2021, not its successor). A question
without one is answered from what applies today, and the note says so. A
document is only excluded when another document of the same region covers the
time asked about: with nothing better, an outdated document is still evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..question.periods import Period
from .validity import DocumentValidity, Validity

if TYPE_CHECKING:
    from ..question import ParsedQuestion


@dataclass(frozen=True)
class Scope:
    """Retrieval guidance for one question."""

    start: date
    """First day of the time the question is about (today when it names none)."""
    end: date
    dated: bool
    """True when the question names a date, year or period itself."""
    region: str | None
    """Region the question names, if any."""
    prefer: tuple[str, ...]
    """Documents (PDF file names) to rank first: those in force at the time asked about."""
    exclude: tuple[str, ...]
    """Documents to leave out: replaced or not yet valid then, while another document of their region was."""
    notes: tuple[str, ...]
    """Remarks to show with the answer (which time it is answered for, and why documents were left out)."""
    language: str = "sv"


def _period_text(doc: DocumentValidity, language: str) -> str:
    start = doc.valid_from.isoformat()
    if doc.valid_to is not None:
        return f"{start} – {doc.valid_to.isoformat()}"
    if doc.end is not None:
        return f"{start} – {doc.end.isoformat()}"
    if doc.until_replaced:
        return f"from {start} until replaced" if language == "en" else f"från {start} tills vidare"
    return f"from {start}" if language == "en" else f"från {start}"


def _names(docs: list[DocumentValidity], language: str) -> str:
    names = [f"{d.label(language)} ({_period_text(d, language)})" for d in docs]
    joiner = " and " if language == "en" else " och "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + joiner + names[-1]


def scope_for(validity: Validity, q: ParsedQuestion, today: date) -> Scope:
    """Build the Scope of the parsed question `q`; see the module docstring for the rules."""
    language = q.language
    en = language == "en"
    named = [d for d in (validity.get(name) for name in q.documents) if d is not None]
    regions = list(q.regions) or ([named[0].region] if named else [])
    region = regions[0] if regions else None
    period = q.period
    dated = period is not None
    if period is None:
        period = Period(today, today, today.isoformat())
    pool = [d for r in regions for d in validity.in_region(r)] if regions else list(validity.documents)
    if named and not dated:
        # The reader asked about these documents: answer from them, with caveats, whatever applies today.
        prefer, exclude = list(named), []
    else:
        prefer = [d for d in pool if d.overlaps(period.start, period.end)]
        covered = {d.region for d in prefer}
        exclude = [d for d in pool if d not in prefer and d.region in covered and d not in named]
        prefer += [d for d in named if d not in prefer]

    notes: list[str] = []
    if dated:
        if prefer:
            verb = "applied" if period.end < today else "apply"
            sv_verb = "gällde" if period.end < today else "gäller"
            notes.append(
                f"The question concerns {period.label}; the answer rests on what {verb} then: "
                f"{_names(prefer, language)}."
                if en
                else f"Frågan gäller {period.label}; svaret bygger på det som {sv_verb} då: "
                f"{_names(prefer, language)}."
            )
    elif not named:
        notes.append(
            f"The question names no date; the answer rests on what applies today, {today.isoformat()}."
            if en
            else f"Frågan anger ingen tidpunkt; svaret utgår från det som gäller i dag, {today.isoformat()}."
        )
    if exclude:
        names = _names(exclude, language)
        if en:
            notes.append(f"Left out as not in force {'then' if dated else 'today'}: {names}.")
        else:
            notes.append(f"Utelämnat eftersom det inte gäller {'då' if dated else 'i dag'}: {names}.")
    for doc in prefer:
        notes.extend(_caveats(validity, doc, period, today, language))

    if region and not prefer:
        latest = max(validity.in_region(region), key=lambda d: d.valid_from, default=None)
        if latest is not None:
            notes.append(
                f"No document in the corpus applies to {region} for {period.label}; the closest is "
                f"{_names([latest], language)}."
                if en
                else f"Inget dokument i underlaget gäller för {region} {period.label}; närmast är "
                f"{_names([latest], language)}."
            )
    return Scope(
        start=period.start,
        end=period.end,
        dated=dated,
        region=region,
        prefer=tuple(d.document for d in prefer),
        exclude=tuple(d.document for d in exclude),
        notes=tuple(notes),
        language=language,
    )


def _caveats(
    validity: Validity, doc: DocumentValidity, period: Period, today: date, language: str
) -> list[str]:
    """Parts that start later, replacement, expiry or extension that matter for `period`."""
    en = language == "en"
    out: list[str] = []
    for part in doc.parts:
        if period.start < part.valid_from:
            out.append(
                f"In {doc.name_en}, {part.what_en} applies only from {part.valid_from.isoformat()}."
                if en
                else f"I {doc.name} gäller {part.what} först från {part.valid_from.isoformat()}."
            )
    status = doc.status(period.end)
    if status in ("replaced", "ended", "extension"):
        note = validity.citation_note(doc.document, period.end, language)
        if note:
            out.append(f"{doc.label(language)[:1].upper()}{doc.label(language)[1:]}: {note}.")
    return out
