"""Direct, cited answers to questions about an agreement's validity.

Handles "Gäller X fortfarande?", "Hur länge gäller X?", "Vad ersatte X?" and
"Vilket avtal gällde i <region> <år>?" (and English equivalents). It answers
only when the question both asks about validity and names a document (by alias,
or an agreement word plus a region); anything else returns None and goes to
retrieval. Every sentence carries [n] markers for the clauses it rests on.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..types import Citation, ToolAnswer
from .validity import Clause, DocumentValidity, Predecessor, Validity

if TYPE_CHECKING:
    from ..question import ParsedQuestion


class _Cites:
    """Collects citations and hands out [n] markers, one number per distinct clause."""

    def __init__(self, validity: Validity, today: date, language: str) -> None:
        self.validity, self.today, self.language = validity, today, language
        self.items: list[Citation] = []

    def __call__(self, clause: Clause | None) -> str:
        if clause is None:
            return ""
        doc = self.validity.get(clause.document)
        citation = clause.citation(
            title=doc.title if doc else "",
            note=self.validity.citation_note(clause.document, self.today, self.language) or "",
        )
        keys = [(c.document, c.page, c.quote) for c in self.items]
        key = (citation.document, citation.page, citation.quote)
        if key not in keys:
            self.items.append(citation)
            keys.append(key)
        return f" [{keys.index(key) + 1}]"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _it(doc: DocumentValidity, en: bool) -> str:
    """'It', or Swedish 'Den'/'Det' by the gender of the document's noun (avtalet, protokollet -> det)."""
    if en:
        return "It"
    return "Det" if doc.name.split()[0].casefold().endswith("et") else "Den"


def _period(doc: DocumentValidity, today: date, en: bool, cite: _Cites) -> str:
    """One sentence stating when `doc` applies, cited; past tense if it no longer applies today."""
    past = doc.status(today) in ("replaced", "ended")
    name = _cap(doc.label("en" if en else "sv"))
    start = doc.valid_from.isoformat()
    if doc.kind == "protokoll":
        text = (
            f"{name} is the record of a meeting, not an agreement with a term"
            if en
            else f"{name} är ett mötesprotokoll, inte ett avtal med giltighetstid"
        ) + cite(doc.clause("period"))
        for event in doc.events:
            text += (
                f"; it records that {event.text_en} from {event.on.isoformat()}"
                if en
                else f"; det anger att {event.text} från och med {event.on.isoformat()}"
            ) + cite(event.clause)
        return text + "."
    if doc.runs_with:
        text = (
            f"{name} runs for the same term as {doc.runs_with_en}"
            if en
            else f"{name} löper med samma giltighetstid som {doc.runs_with}"
        ) + cite(doc.clause("period"))
        text += f": {start} – {doc.valid_to.isoformat() if doc.valid_to else '…'}"
        if doc.extension:
            text += f", {doc.extension_en if en else doc.extension}"
        if doc.latest_to:
            latest = doc.latest_to.isoformat()
            text += f", at the latest until {latest}" if en else f", som längst till och med {latest}"
        return text + cite(doc.clause("extension")) + "."
    verb = ("applied" if past else "applies") if en else ("gällde" if past else "gäller")
    if doc.until_replaced:
        text = f"{name} {verb} from {start}" if en else f"{name} {verb} från och med {start}"
        for part in doc.parts:
            text += (
                f" ({part.what_en} from {part.valid_from.isoformat()})"
                if en
                else f" ({part.what} från och med {part.valid_from.isoformat()})"
            )
        text += cite(doc.clause("period"))
        if en:
            text += " until a new agreement was adopted" if past else " until a new agreement is adopted"
        else:
            text += f" och till dess att en ny överenskommelse {'antogs' if past else 'antas'}"
        return text + cite(doc.clause("until")) + "."
    if doc.valid_to is not None:
        return f"{name} {verb} {start} – {doc.valid_to.isoformat()}" + cite(doc.clause("period")) + "."
    return (
        (f"{name} {verb} from {start}" if en else f"{name} {verb} från {start}")
        + cite(doc.clause("period"))
        + "."
    )


def _status(
    validity: Validity, doc: DocumentValidity, on: date, today: date, en: bool, cite: _Cites, label: str = ""
) -> str:
    """What that means on `on` (asked as `label`): replaced by what, ended, if extended, in force, not yet."""
    status = doc.status(on)
    if on == today:
        when = f"today ({today.isoformat()})" if en else f"i dag ({today.isoformat()})"
    else:
        when = f"for {label or on.isoformat()}" if en else f"för {label or on.isoformat()}"
    succ = validity.get(doc.replaced_by) if doc.replaced_by else None
    it = _it(doc, en)
    if status == "replaced" and succ is not None and doc.end is not None:
        start, end = succ.valid_from.isoformat(), doc.end.isoformat()
        stop = succ.valid_to.isoformat() if succ.valid_to else "…"
        replaces = succ.clause("replaces")
        if en:
            return (
                f"{it} has been replaced by {succ.title}{cite(replaces)}, which applies {start} – {stop}"
                f"{cite(succ.clause('period'))}; so it applied up to and including {end}."
            )
        return (
            f"{it} har ersatts av {succ.title}{cite(replaces)}, som gäller {start} – {stop}"
            f"{cite(succ.clause('period'))}; {it.lower()} gällde alltså till och med {end}."
        )
    if status == "ended" and doc.end is not None:
        return (
            f"It ended on {doc.end.isoformat()}; the corpus holds no document that replaces it."
            if en
            else f"{it} upphörde att gälla {doc.end.isoformat()}; "
            f"underlaget innehåller inget dokument som ersätter {it.lower()}."
        )
    if status == "extension" and doc.end is not None:
        return (
            f"That term ended on {doc.end.isoformat()}; after that it applies only if the contract has been "
            "extended, which the corpus does not show."
            if en
            else f"Den perioden löpte ut {doc.end.isoformat()}; därefter gäller avtalet bara om huvudavtalet "
            "har förlängts, och det framgår inte av underlaget."
        )
    if status == "not_yet":
        start = doc.valid_from.isoformat()
        return f"It applies only from {start}." if en else f"{_it(doc, en)} gäller först från {start}."
    if doc.kind == "protokoll":
        return ""
    if en:
        return f"So it {'applied' if on < today else 'applies'} {when}."
    return f"{_it(doc, en)} {'gällde' if on < today else 'gäller'} alltså {when}."


def _replaces(validity: Validity, doc: DocumentValidity, en: bool, cite: _Cites) -> str:
    """What `doc` itself replaced, citing the predecessor's own validity clause when it is in the corpus."""
    if not doc.replaces:
        return ""
    parts = []
    for pred in doc.replaces:
        text = pred.name_en if en else pred.name
        earlier = validity.get(pred.document) if pred.document else None
        if earlier is not None:
            text += cite(earlier.clause("until", "period"))
        parts.append(text)
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + (" and " if en else " och ") + parts[-1]
    subject = _cap(doc.label("en" if en else "sv"))
    verb = "replaced" if en else "ersatte"
    return f"{subject} {verb} {joined}{cite(doc.clause('replaces'))}."


def _predecessor_answer(
    validity: Validity, doc: DocumentValidity, pred: Predecessor, today: date, en: bool
) -> tuple[str, tuple[Citation, ...]]:
    """'Gäller WebCare-avtalet?': a replaced document outside the corpus, answered from its successor."""
    cite = _Cites(validity, today, "en" if en else "sv")
    name = pred.name_en if en else pred.name
    text = (
        f"No. {name} was replaced by {doc.title}{cite(doc.clause('replaces'))}. "
        if en
        else f"Nej. {name} ersattes av {doc.title}{cite(doc.clause('replaces'))}. "
    )
    text += _period(doc, today, en, cite) + " " + _status(validity, doc, today, today, en, cite)
    return text.strip(), tuple(cite.items)


def _pick(validity: Validity, q: ParsedQuestion, on: date) -> DocumentValidity | None:
    """The document the question is about: named by alias, else the region's document in force on `on`."""
    named = [d for d in (validity.get(name) for name in q.documents) if d is not None]
    if named:
        # Of a pair named together, the replaced one carries both facts.
        names = {d.document for d in named}
        return next((d for d in named if d.replaced_by in names), named[0])
    region = q.regions[0] if q.regions else None
    if region is None or not q.intent.names_document:
        return None
    docs = validity.in_region(region)
    if not docs:
        return None
    current = [d for d in docs if d.status(on) == "in_force"]
    started = [d for d in docs if d.valid_from <= on]
    return (current or sorted(started, key=lambda d: d.valid_from)[-1:] or docs)[0]


def answer_validity_question(validity: Validity, q: ParsedQuestion, today: date) -> ToolAnswer | None:
    """A direct cited answer, or None when the question is not about a named document's validity.

    A year the question names wins over "fortfarande"/"still": "Gäller avtalet fortfarande 2029?"
    is answered for 2029.
    """
    language = q.language
    en = language == "en"
    if q.intent.asks_person:
        return None
    kind = q.intent.validity or None
    if kind is None:
        return None
    period = q.period
    on = today if period is None else period.start

    if kind in ("replaced", "still"):
        for document, n in q.predecessors:
            doc = validity.get(document)
            if doc is None or n >= len(doc.replaces):
                continue
            answer, citations = _predecessor_answer(validity, doc, doc.replaces[n], today, en)
            return ToolAnswer(answer=answer, citations=citations)

    if kind == "which":
        region = q.regions[0] if q.regions else None
        docs = validity.in_force(region, on) if region else []
        if not docs:
            return None
        cite = _Cites(validity, today, language)
        body = " ".join(_period(d, today, en, cite) for d in docs)
        when = on.isoformat() if period is None else period.label
        lead = f"In {region}, for {when}:" if en else f"I {region}, för {when}:"
        return ToolAnswer(answer=f"{lead} {body}", citations=tuple(cite.items))

    doc = _pick(validity, q, on)
    if doc is None:
        return None
    cite = _Cites(validity, today, language)
    sentences: list[str] = []
    if kind == "still" and doc.kind != "protokoll":
        verdict = {
            "in_force": ("Ja.", "Yes."),
            "replaced": ("Nej.", "No."),
            "ended": ("Nej.", "No."),
            "extension": ("Bara om avtalet har förlängts.", "Only if it has been extended."),
            "not_yet": ("Nej, inte ännu.", "Not yet."),
        }[doc.status(on)]
        sentences.append(verdict[1] if en else verdict[0])
    sentences.append(_period(doc, today, en, cite))
    label = "" if period is None or on == today else period.label
    sentences.append(_status(validity, doc, on, today, en, cite, label))
    if on != today and doc.status(today) in ("replaced", "ended") and doc.status(on) != doc.status(today):
        sentences.append(_status(validity, doc, today, today, en, cite))
    if kind in ("replaced", "still"):
        sentences.append(_replaces(validity, doc, en, cite))
    if kind == "replaced" and not doc.replaces and doc.replaced_by is None and not doc.events:
        sentences.append(
            "The corpus does not say that it replaced, or was replaced by, another agreement."
            if en
            else "Underlaget anger inte att det har ersatt eller ersatts av något annat avtal."
        )
    answer = " ".join(s for s in sentences if s)
    return ToolAnswer(answer=answer, citations=tuple(cite.items))
