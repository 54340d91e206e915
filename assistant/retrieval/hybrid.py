"""Hybrid retrieval: Swedish-stemmed BM25 plus dense vectors, fused by reciprocal rank.

Documents of a region the question names get a boost; a date scope (which
agreement was in force) can prefer, demote or exclude documents; a list question may also read
the passages that follow the best ones. Exposed both as a
plain `search()` returning ScoredChunks and, in `retrieval/langchain.py`, as a LangChain
BaseRetriever (this module imports no LangChain: answering a question needs none).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..types import Chunk, ScoredChunk
from .bm25 import BM25
from .footnotes import markers, notes_on
from .text import numbered_headings, query_groups, tokens

if TYPE_CHECKING:
    from ..embeddings import Embedder
    from ..store.chroma import DenseStore

_LOWER_WORD = re.compile(r"\b[a-zåäöéü][\w-]*")
RRF_K = 60
CANDIDATES = 30
REGION_BOOST = 1.3
PREFER_BOOST = 1.25
DEMOTE = 0.8
"""A replaced document still answers what its successor does not say, but ranks below it (dev
answers are the same from 0.6 to 1.0)."""
LEXICAL_MARGIN = 1.2
SECTION_BOOST = 1.2
SECTION_SHARE = 0.5
"""A passage whose section heading names two or more words of the question, and at least this share
of them, gets SECTION_BOOST."""


@dataclass(frozen=True)
class SearchFilter:
    """Documents to prefer or leave out for one question (from the validity scope)."""

    prefer: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()
    demote: frozenset[str] = frozenset()
    """Documents ranked lower (DEMOTE) but kept: replaced ones, for a question that names no date."""
    regions: tuple[str, ...] = ()
    """Regions the question names (the parsed question's), first mention first: boosted, and for two
    or more, each region's best passages taken in turn."""
    following: int = 0
    """Also return the passage that follows each of this many best ones in its document (a list
    question: the list may go on past the passage's end). They come last, after the k best."""
    whole_pages: int = 0
    """Also return every passage on the pages of this many best ones (the first or last of a run of
    records must be read from all of them). They come last, after the k best."""


# a figure a question may quote from one document: "kommunernas 19 %", "2 408 080 kr"
_FIGURE = re.compile(r"(?<![\d,.])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+(?:,\d+)?\s?%)(?![\d,])")
_SPACE = re.compile(r"\s+")


def figures_in(text: str) -> list[str]:
    """The percentages and grouped amounts `text` quotes, without their spaces ("19%", "2408080")."""
    return [_SPACE.sub("", m.group(1)) for m in _FIGURE.finditer(text)]


HEADING_LOOKBACK = 6
"""How many passages back a numbered heading is looked for (an agenda item spans a page or two)."""


class IndexSnapshot:
    """One loaded build: chunks, their BM25 index, vectors and (with a Chroma server) its store. Read-only.

    Without a store, dense search is exact cosine over the build's own vectors (vectors.npy, the
    same vectors ingest wrote to Chroma): what the embedded default does, since at these corpus
    sizes a matrix product is faster than opening Chroma, let alone importing it.
    """

    def __init__(
        self,
        chunks: list[Chunk],
        vectors: np.ndarray,
        store: DenseStore | None,
        embedder: Embedder,
        chunk_token_lists: list[list[str]] | None = None,
    ) -> None:
        self.chunks = chunks
        self.by_id = {c.id: i for i, c in enumerate(chunks)}
        if chunk_token_lists is None or len(chunk_token_lists) != len(chunks):
            chunk_token_lists = [chunk_tokens(c) for c in chunks]
        self.bm25 = BM25(chunk_token_lists)
        self.bm25.lowercase = lowercase_words(c.text for c in chunks)
        self.vectors = vectors
        self.store = store
        self.embedder = embedder
        self._heading_before: dict[int, str] = {}
        self._pages: dict[tuple[str, int], list[int]] | None = None
        self._notes: dict[int, tuple[tuple[str, str], ...]] = {}
        self._squashed: dict[str, str] | None = None

    def next_chunk(self, chunk: Chunk) -> Chunk | None:
        """The passage that follows `chunk` in its document, or None at the document's end."""
        i = self.by_id.get(chunk.id)
        if i is None or i + 1 >= len(self.chunks) or self.chunks[i + 1].document != chunk.document:
            return None
        return self.chunks[i + 1]

    def documents_quoting(self, figures: Sequence[str]) -> frozenset[str]:
        """The documents whose text holds every one of `figures` (as `figures_in` writes them)."""
        if self._squashed is None:
            texts: dict[str, list[str]] = {}
            for c in self.chunks:
                texts.setdefault(c.document, []).append(_SPACE.sub("", c.text))
            self._squashed = {d: "\n".join(t) for d, t in texts.items()}
        patterns = [re.compile(rf"(?<![\d,]){re.escape(f)}(?![\d,])") for f in figures]
        return frozenset(d for d, t in self._squashed.items() if all(p.search(t) for p in patterns))

    def heading_before(self, i: int) -> str:
        """The numbered heading in force where chunk `i` starts: the last one in the passages before
        it in its document (before the text it shares with the one right before it). Cached."""
        cached = self._heading_before.get(i)
        if cached is not None:
            return cached
        chunk, found = self.chunks[i], ""
        for j in range(i - 1, max(-1, i - 1 - HEADING_LOOKBACK), -1):
            before = self.chunks[j]
            if before.document != chunk.document:
                break
            text = before.text
            if j == i - 1:
                shared = text.find(chunk.text[:40])  # passages overlap: what follows is chunk i's own
                text = text[:shared] if shared >= 0 else text
            heads = numbered_headings(text)
            if heads:
                found = heads[-1][1]
                break
        self._heading_before[i] = found
        return found

    def notes_for(self, i: int) -> tuple[tuple[str, str], ...]:
        """The footnotes of chunk `i`'s page that its text refers to ("gränsbeloppet3": "3 Källa: ...").
        The page is read from its passages; only for a chunk that carries a marker. Cached."""
        cached = self._notes.get(i)
        if cached is None:
            cached = self._notes[i] = self._find_notes(i)
        return cached

    def _find_notes(self, i: int) -> tuple[tuple[str, str], ...]:
        chunk = self.chunks[i]
        own = markers(chunk.text)
        if not own:
            return ()
        if self._pages is None:
            self._pages = {}
            for j, c in enumerate(self.chunks):
                self._pages.setdefault((c.document, c.page), []).append(j)
        page = "\n".join(self.chunks[j].text for j in self._pages.get((chunk.document, chunk.page), [i]))
        return tuple((n, note) for n, note in notes_on(page) if n in own and note not in chunk.text)

    def dense(self, query_vec: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(chunk index, cosine) of the k nearest chunks: from the vectors, or the Chroma server."""
        if self.store is None:
            sims = cosines(self.vectors, query_vec)
            order = np.argsort(-sims)[:k]
            return [(int(i), float(sims[i])) for i in order]
        # langchain-chroma returns Chroma's distance here (lower is closer); the collection
        # uses cosine space, so similarity = 1 - distance
        hits = self.store.similarity_search_by_vector_with_relevance_scores(query_vec.tolist(), k=k)
        out = []
        for doc, distance in hits:
            idx = self.by_id.get(doc.metadata.get("id", doc.id or ""))
            if idx is not None:
                out.append((idx, 1.0 - float(distance)))
        return out


def cosines(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Cosine of each (L2-normalised) row with the query.

    einsum, not `vectors @ query`: the matrix product goes to BLAS, which starts a thread per
    core for a few thousand rows; on two cores its threads then spin against the query
    embedding and the scoring that follow (retrieval p50 at 1 000 agreements 61 -> 120 ms).
    """
    return np.einsum("ij,j->i", vectors, query)


@lru_cache(maxsize=4096)
def _heading_tokens(section: str) -> frozenset[str]:
    return frozenset(tokens(section))


def lowercase_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word the texts write in lower case ("region", "samordnad"; not "Bellander")."""
    return frozenset(w for t in texts for w in _LOWER_WORD.findall(t))


def chunk_tokens(chunk: Chunk) -> list[str]:
    """What BM25 indexes of a chunk: its region, title and section give it context."""
    return tokens(f"{chunk.region} {chunk.title} {chunk.section} {chunk.text}")


def _following(chunks: list[Chunk], order: list[int], flt: SearchFilter) -> list[int]:
    """The passage after each of the first `flt.following` in `order` (same document, same or next
    page), and every passage on the pages of the first `flt.whole_pages`."""
    out: list[int] = []
    for i in order[: flt.following]:
        j = i + 1
        if j >= len(chunks) or j in order or j in out:
            continue
        a, b = chunks[i], chunks[j]
        if b.document == a.document and b.document not in flt.exclude and 0 <= b.page - a.page <= 1:
            out.append(j)
    pages = {(chunks[i].document, chunks[i].page) for i in order[: flt.whole_pages]}
    if pages:
        out.extend(
            j
            for j, c in enumerate(chunks)
            if (c.document, c.page) in pages and j not in order and j not in out
        )
    return out


def search(
    index: IndexSnapshot, question: str, k: int = 5, flt: SearchFilter | None = None
) -> list[ScoredChunk]:
    """The k best chunks for the question, best first."""
    if not index.chunks:
        return []
    flt = flt or SearchFilter()
    groups = [index.bm25.expand(g) for g in query_groups(question)]
    qtok = [t for g in groups for t in sorted(g)]
    lexical = index.bm25.top(qtok, CANDIDATES)
    qvec = index.embedder.embed_query(question)
    dense = index.dense(qvec, min(CANDIDATES, len(index.chunks)))

    fused: dict[int, float] = {}
    for ranking in (lexical, dense):
        for rank, (i, _) in enumerate(ranking):
            fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
    regions = set(flt.regions)
    region_words = {t for r in regions for t in tokens(r)}
    asked = [g for g in groups if not g & region_words and any(t in index.bm25.idf for t in g)]
    for i in list(fused):
        c = index.chunks[i]
        if asked and c.section:
            # a heading that names what is asked ("6.2 Mål för år 2021") leads the passage that answers
            heading = _heading_tokens(c.section)
            named = sum(bool(g & heading) for g in asked)
            if named >= 2 and named >= SECTION_SHARE * len(asked):
                fused[i] *= SECTION_BOOST
        if c.document in flt.exclude:
            del fused[i]
            continue
        if regions and c.region in regions:
            fused[i] *= REGION_BOOST
        if c.document in flt.demote:
            fused[i] *= DEMOTE
        if c.document in flt.prefer:
            fused[i] *= PREFER_BOOST

    best_lex = lexical[0][1] if lexical else 0.0
    lex_of = dict(lexical)
    dense_of = dict(dense)
    ranked = sorted(fused, key=lambda i: (-fused[i], i))
    order = _interleave_regions(ranked, index.chunks, regions, k) if len(regions) > 1 else ranked[:k]
    # the clear lexical winner is always among the passages: a list of short items ("Att ...")
    # can sit far down the dense ranking while BM25 finds its heading's words
    top = lexical[0][0] if lexical and lexical[0][0] in fused else None
    clear = len(lexical) < 2 or lexical[0][1] >= LEXICAL_MARGIN * lexical[1][1]
    if top is not None and clear and top not in order and len(order) == k:
        order = [*order[:-1], top]
    if flt.following or flt.whole_pages:
        order = [*order, *_following(index.chunks, order, flt)]
    out = []
    for i in order:
        cos = dense_of.get(i)
        if cos is None:
            cos = float(index.vectors[i] @ qvec) if len(index.vectors) else 0.0
        out.append(
            ScoredChunk(
                chunk=index.chunks[i],
                score=fused.get(i, 0.0),  # a following passage was not ranked itself
                lexical=(lex_of.get(i, 0.0) / best_lex) if best_lex else 0.0,
                dense=cos,
                heading=index.heading_before(i),
                notes=index.notes_for(i),
            )
        )
    return out


def _interleave_regions(ranked: list[int], chunks: list[Chunk], regions: set[str], k: int) -> list[int]:
    """For a question comparing regions, take each named region's best passages in turn.

    Fusion alone lets the region with the most matching text fill all k places, and the
    other half of "... i <region> och i <region>?" would go unanswered.
    """
    queues = {r: [i for i in ranked if chunks[i].region == r] for r in sorted(regions)}
    picked: list[int] = []
    while len(picked) < k and any(queues.values()):
        for queue in queues.values():
            if queue and len(picked) < k:
                picked.append(queue.pop(0))
    rest = [i for i in ranked if i not in picked]
    return sorted(picked + rest[: k - len(picked)], key=lambda i: ranked.index(i))
