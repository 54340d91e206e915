"""Typed values that cross module boundaries: pages, chunks, citations, answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """One page of an agreement PDF, text normalised by `assistant.ingest.normalize`."""

    document: str
    """File name of the PDF, e.g. ``<region>-samverkansavtal-lifecare-sp.pdf``."""
    number: int
    """1-based page number."""
    text: str
    """Normalised page text (hyphenation across line breaks joined, whitespace collapsed per line)."""


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage: a window of one document's text with its provenance."""

    id: str
    """Content hash of document, pages and text: re-ingesting the same PDF yields the same ids."""
    document: str
    """File name of the PDF."""
    page: int
    """1-based page the chunk starts on (chunks never span pages)."""
    section: str
    """Nearest section heading above the chunk, or '' when none was detected."""
    text: str
    """The passage text, verbatim from the normalised page."""
    title: str = ""
    """Document title from the manifest."""
    region: str = ""
    """Region the document belongs to, from the manifest."""
    kind: str = ""
    """avtal, överenskommelse, förvaltningsplan or protokoll."""
    date: str = ""
    """Document date (ISO), from the manifest."""

    def metadata(self) -> dict[str, Any]:
        """Flat metadata for the vector store (scalars only)."""
        return {k: v for k, v in asdict(self).items() if k not in ("text",)}


@dataclass(frozen=True)
class ScoredChunk:
    """A chunk with the fused retrieval score that ranked it."""

    chunk: Chunk
    score: float
    """Reciprocal-rank-fusion score (higher is better)."""
    lexical: float = 0.0
    """Normalised BM25 score in [0, 1] relative to the best hit of this query."""
    dense: float = 0.0
    """Cosine similarity of the query and passage embeddings."""
    heading: str = ""
    """The numbered heading in force where the chunk starts, from the passages before it in its
    document ("8. Angående ..." a page earlier), or '' when none is."""
    notes: tuple[tuple[str, str], ...] = ()
    """The footnotes of the chunk's page that its text refers to: (marker, note line), e.g.
    ("3", "3 Källa: ...") for "gränsbeloppet3"; () when it carries no marker."""


@dataclass(frozen=True)
class Citation:
    """Where a statement comes from: document, page and a verbatim quote from that page."""

    document: str
    page: int
    quote: str
    """Copied verbatim from the normalised page text, so it can be found again there."""
    title: str = ""
    section: str = ""
    note: str = ""
    """A remark a reader must see, e.g. that the document has been superseded."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Calculation:
    """A deterministic calculation: every input sourced, every step shown."""

    tool: str
    """Name of the tool that computed it."""
    result: float
    """The headline number, in `unit`."""
    unit: str
    inputs: dict[str, Any]
    """Named inputs; includes ``population_date`` whenever population figures are used."""
    steps: tuple[str, ...]
    """Human-readable steps in Swedish number format."""
    assumptions: tuple[str, ...] = ()
    rows: tuple[dict[str, Any], ...] = ()
    """Optional table, e.g. every municipality's share of a split."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["steps"] = list(self.steps)
        data["assumptions"] = list(self.assumptions)
        data["rows"] = [dict(r) for r in self.rows]
        return data


@dataclass(frozen=True)
class ToolAnswer:
    """An answer produced by a deterministic tool or rule rather than by retrieval.

    Markers [1], [2] ... in `answer` point at `citations` (1-based).
    """

    answer: str
    citations: tuple[Citation, ...] = ()
    calculation: Calculation | None = None
    refused: bool = False
    """True when the agreements cannot answer it (the answer text explains why)."""
    notes: tuple[str, ...] = ()
    outside_year: int | None = None
    """Set on a refusal because the year lies outside the cost rules: the documents may still state
    a figure for that year (a historical cost), so `ask()` lets document Q&A try first."""


@dataclass(frozen=True)
class Answer:
    """What `ask()` returns; `to_dict()` is the CLI's JSON contract."""

    question: str
    answer: str
    refused: bool
    citations: tuple[Citation, ...] = ()
    calculation: Calculation | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    language: str = "sv"
    """Language the answer is written in: 'sv' or 'en'."""
    closest: tuple[Citation, ...] = ()
    """When refused: the closest passages, offered for the reader to check."""
    notes: tuple[str, ...] = ()
    """Remarks shown beside the answer (superseded documents, inconsistencies)."""
    engine: str = "extractive"
    """What wrote the answer: 'extractive', or the chat model string (e.g. 'openai:gpt-4o-mini')."""
    asked_as: str = ""
    """The stand-alone question actually answered (a follow-up resolved against the history)."""

    def engine_label(self, checked_note: bool = False) -> str:
        """What wrote the answer, for a reader; `checked_note` adds that a model's reply was checked."""
        en = self.language == "en"
        if self.engine == "extractive":
            return "extractive (quotes from the agreements)" if en else "extraktiv (citat ur avtalen)"
        if not checked_note:
            return self.engine
        return (
            f"{self.engine} (checked against the sources)"
            if en
            else f"{self.engine} (kontrollerat mot källorna)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "citations": [c.to_dict() for c in self.citations],
            "calculation": self.calculation.to_dict() if self.calculation else None,
            "timings_ms": dict(self.timings_ms),
            "language": self.language,
            "closest": [c.to_dict() for c in self.closest],
            "notes": list(self.notes),
            "engine": self.engine,
            "asked_as": self.asked_as or self.question,
        }
