"""When each agreement applies, what it replaces and what replaced it.

The facts live in the agreement registry (``corpus/agreements/*.yaml``, `documents:`),
each resting on a quoted clause, so
an answer about validity can cite the agreement itself. "Replaced by" is derived
from the other documents' ``replaces`` lists, so it is written down only once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import DataError
from ..types import Citation

if TYPE_CHECKING:
    from ..agreements import Registry

Status = Literal["not_yet", "in_force", "extension", "replaced", "ended"]


@dataclass(frozen=True)
class Clause:
    """A cited sentence that a validity fact rests on."""

    document: str
    page: int
    quote: str
    """Verbatim from the normalised page text."""
    about: str
    """period, until, replaces, extension, part, event or context."""

    def citation(self, title: str = "", note: str = "") -> Citation:
        return Citation(document=self.document, page=self.page, quote=self.quote, title=title, note=note)


@dataclass(frozen=True)
class Predecessor:
    """A document that this one says it replaces."""

    name: str
    name_en: str
    document: str | None
    """PDF file name when the replaced document is in the corpus, else None."""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    """A part of an agreement that starts later than the agreement (e.g. the payment model)."""

    what: str
    what_en: str
    valid_from: date


@dataclass(frozen=True)
class Event:
    """A dated change the document records, e.g. a switch of IT system."""

    on: date
    text: str
    text_en: str
    clause: Clause


@dataclass(frozen=True)
class DocumentValidity:
    """Validity of one document, with the clauses that establish it."""

    document: str
    title: str
    region: str
    kind: str
    name: str
    """Short Swedish name for answers, e.g. 'interimsöverenskommelsen från 2020'."""
    name_en: str
    aliases: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    """Last day it applies; None when open-ended."""
    until_replaced: bool
    """Applies until a new agreement is adopted."""
    runs_with: str = ""
    runs_with_en: str = ""
    extension: str = ""
    extension_en: str = ""
    latest_to: date | None = None
    """Last day if every extension is used."""
    parts: tuple[Part, ...] = ()
    replaces: tuple[Predecessor, ...] = ()
    replaced_by: str | None = None
    """File name of the corpus document that replaces this one (derived)."""
    replaced_from: date | None = None
    """First day of the replacing document."""
    events: tuple[Event, ...] = ()
    clauses: tuple[Clause, ...] = ()

    @property
    def end(self) -> date | None:
        """Last day it applies: its own end date, else the day before its replacement starts."""
        if self.valid_to is not None:
            return self.valid_to
        if self.replaced_from is not None:
            return self.replaced_from - timedelta(days=1)
        return None

    def status(self, on: date) -> Status:
        """Whether it applies on `on`; 'extension' means only if the contract was extended."""
        if on < self.valid_from:
            return "not_yet"
        if self.replaced_from is not None and on >= self.replaced_from:
            return "replaced"
        end = self.end
        if end is None or on <= end:
            return "in_force"
        if self.latest_to is not None and on <= self.latest_to:
            return "extension"
        return "ended"

    def overlaps(self, start: date, stop: date) -> bool:
        """Whether it applies (or may apply, if extended) on any day of start..stop."""
        end = self.latest_to or self.end
        return self.valid_from <= stop and (end is None or end >= start)

    def clause(self, *about: str) -> Clause | None:
        """First clause about any of `about`, in that order of preference."""
        for kind in about:
            for clause in self.clauses:
                if clause.about == kind:
                    return clause
        return None

    def label(self, language: str = "sv") -> str:
        return self.name_en if language == "en" else self.name


@dataclass(frozen=True)
class Validity:
    """Validity facts for every document in the corpus."""

    documents: tuple[DocumentValidity, ...]

    def get(self, document: str) -> DocumentValidity | None:
        return next((d for d in self.documents if d.document == document), None)

    def regions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.region for d in self.documents if d.region))

    def in_region(self, region: str) -> list[DocumentValidity]:
        return [d for d in self.documents if d.region.casefold() == region.casefold()]

    def in_force(self, region: str, on: date) -> list[DocumentValidity]:
        """Documents of `region` that apply on `on` (an unexercised extension does not count)."""
        return [d for d in self.in_region(region) if d.status(on) == "in_force"]

    def superseded_note(self, document: str, language: str = "sv", on: date | None = None) -> str | None:
        """'Ersatt av <title> från <date>' for a replaced document; None otherwise.

        With `on`, a replacement that has not started by that day does not count.
        """
        doc = self.get(document)
        if doc is None or doc.replaced_by is None or doc.replaced_from is None:
            return None
        if on is not None and on < doc.replaced_from:
            return None
        successor = self.get(doc.replaced_by)
        title = successor.title if successor else doc.replaced_by
        if language == "en":
            return f"Superseded by {title} from {doc.replaced_from.isoformat()}"
        return f"Ersatt av {title} från {doc.replaced_from.isoformat()}"

    def citation_note(self, document: str, on: date, language: str = "sv") -> str | None:
        """Note for a citation read on `on`: superseded, expired or only valid if extended."""
        doc = self.get(document)
        if doc is None:
            return None
        status = doc.status(on)
        if status == "replaced":
            return self.superseded_note(document, language)
        if status == "ended" and doc.end is not None:
            period = f"{doc.valid_from.isoformat()} – {doc.end.isoformat()}"
            return f"Applied {period} only" if language == "en" else f"Gällde endast {period}"
        if status == "extension" and doc.end is not None:
            if language == "en":
                return f"Ran to {doc.end.isoformat()}; applies later only if extended"
            return f"Löpte till {doc.end.isoformat()}; gäller därefter bara om avtalet förlängts"
        return None


def load_validity(corpus_dir: Path) -> Validity:
    """Validity of every document the agreement registry declares (`corpus/agreements/*.yaml`)."""
    from ..agreements import load_registry

    return validity_from(load_registry(Path(corpus_dir)))


def validity_from(registry: Registry) -> Validity:
    """The documents' validity from the registry; "replaced by" is derived from the `replaces` lists."""
    docs = []
    for agreement in registry.agreements:
        for name, entry in agreement.documents.items():
            meta = {
                "title": agreement.titles.get(name, name),
                "region": agreement.region,
                "kind": agreement.kind,
            }
            entry = {"name": agreement.name, "name_en": agreement.name_en, **entry}
            if "from" not in entry:
                continue  # an agreement document without validity dates: nothing to scope by
            docs.append(_document(name, entry, meta, agreement.source))
    starts = {d.document: d.valid_from for d in docs}
    successor: dict[str, str] = {}
    for doc in docs:
        for pred in doc.replaces:
            if pred.document is not None:
                if pred.document not in starts:
                    raise DataError(
                        f"{doc.document} replaces {pred.document}, which has no validity entry.",
                        "Add the replaced document to an agreement file in corpus/agreements/ or set its "
                        "`document` to null.",
                    )
                successor[pred.document] = doc.document
    linked = []
    for doc in docs:
        nxt = successor.get(doc.document)
        if nxt is not None:
            doc = replace(doc, replaced_by=nxt, replaced_from=starts[nxt])
        linked.append(doc)
    return Validity(documents=tuple(linked))


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DataError(f"{where}: {value!r} is not a date.", "Write dates as YYYY-MM-DD.") from exc


def _document(name: str, entry: dict[str, Any], meta: dict[str, Any], path: Path) -> DocumentValidity:
    where = f"{path}: {name}"
    clauses = tuple(
        Clause(document=name, page=int(c["page"]), quote=str(c["quote"]), about=str(c["about"]))
        for c in entry.get("clauses") or ()
    )
    events = tuple(
        Event(
            on=_date(e["date"], where),
            text=str(e["text"]),
            text_en=str(e.get("text_en") or e["text"]),
            clause=Clause(document=name, page=int(e["page"]), quote=str(e["quote"]), about="event"),
        )
        for e in entry.get("events") or ()
    )
    return DocumentValidity(
        document=name,
        title=str(meta.get("title") or name),
        region=str(meta.get("region") or ""),
        kind=str(meta.get("kind") or ""),
        name=str(entry.get("name") or meta.get("title") or name),
        name_en=str(entry.get("name_en") or entry.get("name") or name),
        aliases=tuple(str(a).casefold() for a in entry.get("aliases") or ()),
        valid_from=_date(entry.get("from"), where),
        valid_to=_date(entry["to"], where) if entry.get("to") else None,
        until_replaced=bool(entry.get("until_replaced", False)),
        runs_with=str(entry.get("runs_with") or ""),
        runs_with_en=str(entry.get("runs_with_en") or entry.get("runs_with") or ""),
        extension=str(entry.get("extension") or ""),
        extension_en=str(entry.get("extension_en") or entry.get("extension") or ""),
        latest_to=_date(entry["latest_to"], where) if entry.get("latest_to") else None,
        parts=tuple(
            Part(
                what=str(p["what"]),
                what_en=str(p.get("what_en") or p["what"]),
                valid_from=_date(p["from"], where),
            )
            for p in entry.get("parts") or ()
        ),
        replaces=tuple(
            Predecessor(
                name=str(p["name"]),
                name_en=str(p.get("name_en") or p["name"]),
                document=p.get("document"),
                aliases=tuple(str(a).casefold() for a in p.get("aliases") or ()),
            )
            for p in entry.get("replaces") or ()
        ),
        events=events,
        clauses=clauses,
    )
