"""`Assistant.ask()`: the one entry point behind the CLI, the app and the Python API.

Models and the index load once per Assistant (once per process in the CLI and
app); each question then costs one query embedding plus cheap in-memory work.
A cold start imports only what answering needs: chromadb loads only for a Chroma
server (or `vectorstore`), LangChain on the first document question (the retrieval
chain answers it; a cost or validity question needs none), pypdf only to read a PDF.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

import numpy as np

from .agreements import Registry, load_registry
from .answering.asks import Kind
from .answering.engine import AnswerEngine
from .answering.extractive import ExtractiveEngine, asks_order, citation_for
from .answering.language import detect_language, unsupported_language_message
from .answering.llm import make_engine, rewrite_followup
from .checks import Finding, findings_for
from .embeddings import Embedder, make_embedder
from .errors import AssistantError, IndexMissingError
from .ingest.normalize import clean_line
from .ingest.pipeline import ensure_index
from .knowledge.answers import answer_validity_question
from .knowledge.scope import scope_for
from .knowledge.validity import Validity, load_validity
from .question import ParsedQuestion, parse, with_text
from .question.followup import history_questions, resolve
from .retrieval.hybrid import IndexSnapshot, SearchFilter, figures_in, search
from .settings import Settings
from .store import chroma, layout
from .types import Answer, Citation, ScoredChunk, ToolAnswer

if TYPE_CHECKING:
    from langchain_chroma import Chroma
    from langchain_core.runnables import Runnable

    from .answering.chat import ChatModelEngine
    from .answering.extractive import Draft

log = logging.getLogger(__name__)

FOLLOWING = 2
"""A list question also reads the passage after each of this many best passages."""


class Assistant:
    """Answers questions about the agreements, with citations. Safe to share between threads."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        engine: AnswerEngine | None = None,
        today: date | None = None,
        build_index: bool = True,
    ) -> None:
        started = time.perf_counter()
        self.settings = settings or Settings()
        self.today = today
        self.embedder = embedder or make_embedder(self.settings)
        if build_index:
            ensure_index(self.settings, self.embedder)
        self._engine_override = engine
        self._lock = threading.Lock()
        self._chain: Runnable[dict[str, Any], Draft] | None = None
        self.reload()
        self.load_ms = (time.perf_counter() - started) * 1000

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the current build (after an ingest); questions in flight keep the old one."""
        build = layout.current_build(self.settings.index_dir)
        if build is None:
            raise IndexMissingError(str(self.settings.index_dir))
        chunks = layout.read_chunks(build)
        vectors = np.load(build / "vectors.npy")

        def moved_on() -> None:  # Chroma failed for this build: if a later ingest replaced it, load that
            current = layout.current_build(self.settings.index_dir)
            if current is not None and current != build:
                try:
                    self.reload()
                except AssistantError as exc:
                    log.warning("the current index build could not be loaded: %s", exc)

        # embedded (the default): dense search is exact over the build's vectors, the same ones
        # ingest wrote to its Chroma store, so loading neither imports nor opens chromadb
        store = (
            chroma.open_store(self.settings, build, self.embedder, chunks, vectors, on_failure=moved_on)
            if chunks and self.settings.chroma_host
            else None
        )
        index = IndexSnapshot(chunks, vectors, store, self.embedder, layout.read_tokens(build))
        extractive = ExtractiveEngine(index.bm25, self.settings.refuse_below, follow=index.next_chunk)
        engine = self._engine_override or make_engine(self.settings, extractive, self.embedder)
        validity, findings = self._load_knowledge(build, index)
        with self._lock:
            self.build = build
            self.index = index
            self.engine = engine
            self._chain = None
            self.validity = validity
            self.findings = findings

    @property
    def chain(self) -> Runnable[dict[str, Any], Draft]:
        """Retrieval and answering as a LangChain runnable: the steps `ask` runs, built on first use.

        {"question", "language", "filter", "asked"?, "regions"?, "context"?} -> Draft. Every
        document question is answered through it; it can also be composed into other pipelines.
        """
        from .answering.chain import build_chain
        from .retrieval.langchain import HybridRetriever

        with self._lock:
            if self._chain is None:
                retriever = HybridRetriever(index=self.index, k=self.settings.top_k)
                self._chain = build_chain(retriever, self.engine)
            return self._chain

    def vectorstore(self) -> Chroma:
        """The current build's Chroma collection (embedded or on the server) as a LangChain vector store.

        Holds the same vectors dense search uses; opened on each call (importing chromadb), so
        `ask` never pays for it.
        """
        with self._lock:
            build, count = self.build, len(self.index.chunks)
        return chroma.open_chroma(self.settings, build, self.embedder, count)

    def _load_knowledge(self, build: Path, index: IndexSnapshot) -> tuple[Validity | None, list[Finding]]:
        """Validity facts and the inconsistency findings stored with the build (computed at ingest)."""
        try:
            validity = load_validity(self.settings.corpus_dir)
        except (AssistantError, OSError) as exc:
            log.warning("validity facts not loaded: %s", exc)
            validity = None
        findings = layout.read_findings(build)
        if findings is None:  # a build from before findings were stored: slow, once; ingest stores them
            log.warning("index build %s has no stored findings; run 'python -m assistant ingest'", build.name)
            from .checks import run_checks
            from .ingest.pdf import read_pdf

            pages = []
            for name in sorted({c.document for c in index.chunks}):
                try:
                    pages.extend(
                        read_pdf(
                            self.settings.corpus_dir / name,
                            max_mb=self.settings.max_pdf_mb,
                            max_pages=self.settings.max_pages,
                            max_page_chars=self.settings.max_page_chars,
                        )
                    )
                except AssistantError:
                    continue  # indexed from elsewhere, or since removed: nothing to check it against
            findings = run_checks(pages, {c.document: c.title for c in index.chunks})
        try:  # warm the registry and the population table, so no question pays for it
            from .tools.population import cached_population

            self.registry  # noqa: B018 -- loads and caches the agreement registry
            cached_population(self.settings.population_path)
        except (ImportError, AssistantError, OSError) as exc:
            log.warning("cost tools not warmed: %s", exc)
        return validity, findings

    @property
    def documents(self) -> list[str]:
        return sorted({c.document for c in self.index.chunks})

    @property
    def registry(self) -> Registry:
        """The agreement registry of the corpus (re-read only when one of its files changes)."""
        return load_registry(self.settings.corpus_dir)

    def current_date(self) -> date:
        return self.today or date.today()

    def parse(self, question: str, history: Sequence[object] = ()) -> ParsedQuestion:
        """The question parsed once, a follow-up made to stand alone against `history`."""
        registry, today = self.registry, self.current_date()
        q = parse(clean_line(question), registry, today)
        questions = history_questions(history)[-3:]
        if not questions:
            return q
        if _is_chat_engine(self.engine):  # a model is configured: it rewrites the follow-up
            rewritten = clean_line(rewrite_followup(self.engine.model, questions, q.text, engine=self.engine))
            if rewritten and rewritten != q.text:
                return with_text(q, registry, today, rewritten, ("model",))
        earlier = [parse(clean_line(h), registry, today) for h in questions]
        return resolve(q, earlier, registry, today)

    # -- asking ----------------------------------------------------------------------------
    def retrieve(
        self, question: str, k: int | None = None, flt: SearchFilter | None = None
    ) -> list[ScoredChunk]:
        """The passages `ask()` would answer from: focused question, date scope applied."""
        q = self.parse(question)
        if flt is None:
            flt, _ = self._scope(q)
        return search(self.index, q.focused, k or self.settings.top_k, flt)

    def _scope(self, q: ParsedQuestion) -> tuple[SearchFilter | None, tuple[str, ...]]:
        """Documents to prefer, rank lower or leave out for the time the question is about, and the notes.

        A dated question leaves out what was not in force then. An undated one ranks what applies
        today first and a replaced document lower: it still answers what it alone says (the
        answer then notes that it no longer applies)."""
        if self.validity is None:
            return SearchFilter(regions=q.regions), ()
        scope = scope_for(self.validity, q, self.current_date())
        if not scope.dated:
            # what applies today ranks first; a replaced document still answers what it alone says
            return SearchFilter(
                prefer=frozenset(scope.prefer), demote=frozenset(scope.exclude), regions=q.regions
            ), ()
        flt = SearchFilter(
            prefer=frozenset(scope.prefer), exclude=frozenset(scope.exclude), regions=q.regions
        )
        return flt, scope.notes

    def ask(self, question: str, history: Sequence[object] = ()) -> Answer:
        """Answer `question`; `history` is the conversation so far (earlier Answers or questions)."""
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        # undecodable bytes (e.g. from a shell) arrive as lone surrogates, which no encoder accepts
        question = (question or "").encode("utf-8", "replace").decode("utf-8")
        text = clean_line(question)
        language = detect_language(text)
        problem = self._invalid(text, language) or unsupported_language_message(text)
        if problem:
            return Answer(
                question=question,
                answer=problem,
                refused=True,
                language=language,
                timings_ms={"total": _ms(t0)},
            )
        t = time.perf_counter()
        q = self.parse(text, history)
        timings["parse"] = _ms(t)
        for handler in (self._cost, self._validity, self._not_covered, self._documents):
            answer = handler(q, timings)
            if answer is not None:
                timings["total"] = _ms(t0)
                return replace(answer, question=question, asked_as=q.asked_as or question, timings_ms=timings)
        raise AssertionError("the document handler always answers")  # pragma: no cover

    def ask_many(self, questions: list[str]) -> list[Answer]:
        return [self.ask(q) for q in questions]

    # -- handlers, in order: the first that answers wins ------------------------------------------
    def _cost(self, q: ParsedQuestion, timings: dict[str, float]) -> Answer | None:
        t = time.perf_counter()
        from .tools.router import route

        try:
            result = route(q, self.registry, self.settings)
        except AssistantError as exc:  # a corpus without cost data: documents still answer
            log.info("cost tools unavailable: %s", exc)
            result = None
        timings["route"] = _ms(t)
        if result is None:
            return None
        if result.refused and result.outside_year is not None:
            # no cost rule for that year, but a document may state that year's figure ("kostnaden
            # 2019 var ..."): a document answer quoting the year wins over the refusal
            documents = self._documents(q, timings)
            if not documents.refused and any(
                str(result.outside_year) in c.quote for c in documents.citations
            ):
                return documents
        return self._from_tool(q, result)

    def _validity(self, q: ParsedQuestion, timings: dict[str, float]) -> Answer | None:
        if self.validity is None:
            return None
        result = answer_validity_question(self.validity, q, self.current_date())
        return self._from_tool(q, result) if result is not None else None

    def _not_covered(self, q: ParsedQuestion, timings: dict[str, float]) -> Answer | None:
        """A region (or a municipality of one) that no agreement in the corpus covers."""
        others = q.places.other_regions
        if not others or q.regions:
            return None
        hits = search(self.index, q.focused, 3, SearchFilter(regions=q.regions))
        closest = tuple(citation_for(h, h.chunk.text.split("\n")[0]) for h in hits)
        names = ", ".join(others)
        covered = list(self.registry.regions())
        en = q.language == "en"
        listed = (
            (", ".join(covered[:-1]) + (" and " if en else " och ") + covered[-1])
            if len(covered) > 1
            else "".join(covered)
        )
        msg = (
            f"The index holds no agreement for {names}; it covers {listed}. "
            "Add that region's agreement PDF to the corpus and ingest it to ask about it."
            if en
            else f"Underlaget innehåller inget avtal för {names}; det omfattar {listed}. "
            "Lägg till regionens avtal som PDF i corpus och kör ingest för att kunna fråga om det."
        )
        return Answer(question=q.text, answer=msg, refused=True, closest=closest, language=q.language)

    def _documents(self, q: ParsedQuestion, timings: dict[str, float]) -> Answer:
        t1 = time.perf_counter()
        flt, scope_notes = self._scope(q)
        draft = self._draft(q, flt)
        if flt is not None and flt.demote and draft.citations and draft.citations[0].document in flt.demote:
            # undated, and the answer rests on a replaced document: say that it no longer applies
            scope_notes = (self._older_note([draft.citations[0].document], q.language),)
        timings["retrieve_answer"] = _ms(t1)
        citations = self._annotate(draft.citations, q.language)
        notes = (*scope_notes, *self._observations(citations, q.language)) if not draft.refused else ()
        return Answer(
            question=q.text,
            answer=draft.text,
            refused=draft.refused,
            citations=citations,
            language=q.language,
            closest=self._annotate(draft.closest, q.language),
            notes=(*draft.notes, *notes),  # draft.notes: e.g. why a generated answer was withheld
            engine=draft.engine,
        )

    def _draft(self, q: ParsedQuestion, flt: SearchFilter | None) -> Draft:
        """Through the LangChain retrieval chain (retriever -> answer engine), built on first use.

        A list question (or one for the first or last of something) also reads the passages that
        follow the two best: a list, or a run of records, may go on there."""
        if q.asked is not None and (q.asked.plural or q.asked.kind is Kind.LIST):
            flt = replace(flt or SearchFilter(), following=FOLLOWING)
        if asks_order(q.focused):
            flt = replace(flt or SearchFilter(), following=FOLLOWING, whole_pages=self.settings.top_k)
        return self.chain.invoke(
            {
                "question": q.focused,
                "language": q.language,
                "filter": flt,
                "asked": q.asked,
                "regions": q.regions,
                "context": q.context,
                "documents": q.documents or self._quoted_document(q),
                # a time the question measures from ("före mötet i februari 2025") filters nothing
                "period": (q.period.start, q.period.end)
                if q.period is not None and not q.period.reference
                else None,
            }
        )

    def _quoted_document(self, q: ParsedQuestion) -> tuple[str, ...]:
        """The one document holding the figures the question quotes ("kommunernas 19 %"): the
        question is about it, as if it had named it; () when none or several hold them."""
        figures = figures_in(q.focused)
        quoting = self.index.documents_quoting(figures) if figures else frozenset()
        return tuple(quoting) if len(quoting) == 1 else ()

    def _older_note(self, documents: list[str], language: str) -> str:
        """Why an undated question is answered from documents that no longer apply."""
        assert self.validity is not None  # only called when the scope left documents out
        labels = [d.label(language) for d in (self.validity.get(n) for n in documents) if d is not None]
        names = ", ".join(labels) or ", ".join(documents)
        if language == "en":
            return (
                "The question names no date, and what applies today does not answer it; "
                f"the answer rests on {names}, which no longer applies."
            )
        return (
            "Frågan anger ingen tidpunkt, och det som gäller i dag svarar inte på den; "
            f"svaret bygger på {names}, som inte längre gäller."
        )

    # -- pieces ----------------------------------------------------------------------------
    def _invalid(self, text: str, language: str) -> str | None:
        if not text:
            return (
                "Write a question about the agreements, e.g. 'When are the municipalities invoiced?'"
                if language == "en"
                else "Frågan är tom. Skriv en fråga om avtalen, t.ex. 'När faktureras kommunerna?'"
            )
        limit = self.settings.max_question_chars
        if len(text) > limit:
            return (
                f"The question is {len(text)} characters long; the limit is {limit}. "
                "Shorten it and ask again."
                if language == "en"
                else f"Frågan är {len(text)} tecken lång; gränsen är {limit}. Korta ner den och fråga igen."
            )
        if not any(ch.isalnum() for ch in text):
            return "Frågan innehåller inga ord. Skriv en fråga om avtalen."
        return None

    def _from_tool(self, q: ParsedQuestion, tool: ToolAnswer) -> Answer:
        citations = self._annotate(tool.citations, q.language)
        return Answer(
            question=q.text,
            answer=tool.answer,
            refused=tool.refused,
            citations=citations,
            calculation=tool.calculation,
            language=q.language,
            notes=(*tool.notes, *self._observations(citations, q.language)),
        )

    def _annotate(self, citations: tuple[Citation, ...], language: str) -> tuple[Citation, ...]:
        """Mark citations from superseded or expired documents, saying what replaced them."""
        if self.validity is None:
            return citations
        out = []
        for c in citations:
            note = c.note or self.validity.citation_note(c.document, self.current_date(), language)
            out.append(replace(c, note=note) if note and note != c.note else c)
        return tuple(out)

    def _observations(self, citations: tuple[Citation, ...], language: str) -> tuple[str, ...]:
        """'Observera' notes for cited passages involved in an inconsistency finding."""
        notes: list[str] = []
        for c in citations:
            for finding in findings_for(self.findings, c.document, c.page, c.quote):
                note = finding.note(language)
                if note not in notes:
                    notes.append(note)
        return tuple(notes)

    def ask_stream(self, question: str, history: Sequence[object] = ()) -> Iterator[str | Answer]:
        """Draft pieces of a generated reply as they arrive (str), then the checked Answer, last.

        The draft is unchecked: show it marked as such and replace it by the Answer, which may
        be the extractive answer with a note when the guard withheld the draft. An engine that
        cannot stream yields the Answer alone. Errors are raised here, in the caller's thread.
        """
        streaming = getattr(self.engine, "streaming", None)
        if streaming is None:
            yield self.ask(question, history=history)
            return
        pieces: queue.Queue[object] = queue.Queue()

        def run() -> None:
            try:
                with streaming(pieces.put):
                    pieces.put(self.ask(question, history=history))
            except BaseException as exc:  # handed to the caller's thread, raised there
                pieces.put(exc)

        threading.Thread(target=run, name="ask-stream", daemon=True).start()
        while True:
            item = pieces.get()
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
            if isinstance(item, Answer):
                return


def _is_chat_engine(engine: object) -> TypeGuard[ChatModelEngine]:
    """Whether `engine` is a ChatModelEngine; one exists only once its module (and LangChain) is loaded."""
    chat = sys.modules.get(f"{__package__}.answering.chat")
    return chat is not None and isinstance(engine, chat.ChatModelEngine)


def _ms(t: float) -> float:
    return round((time.perf_counter() - t) * 1000, 2)


_default: Assistant | None = None
_default_lock = threading.Lock()


def ask(question: str, settings: Settings | None = None, history: Sequence[object] = ()) -> Answer:
    """Module-level convenience: one shared Assistant per process."""
    global _default
    with _default_lock:
        if _default is None or (settings is not None and settings != _default.settings):
            _default = Assistant(settings)
    return _default.ask(question, history=history)


__all__ = ["Assistant", "Citation", "ask"]
