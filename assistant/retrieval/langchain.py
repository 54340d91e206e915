"""The LangChain face of hybrid retrieval: a BaseRetriever over `search`, and Document conversion.

A chat-model chain (or any LangChain pipeline) can reuse retrieval unchanged through
`HybridRetriever`; `Assistant.ask` calls `search` directly and needs none of this.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from ..types import Chunk, ScoredChunk
from .hybrid import SearchFilter, search


def to_document(hit: ScoredChunk) -> Document:
    meta: dict[str, Any] = hit.chunk.metadata()
    meta.update(score=hit.score, lexical=hit.lexical, dense=hit.dense, heading=hit.heading)
    # metadata holds scalars: the footnotes go as "marker\tnote" lines
    meta.update(notes="\n".join(f"{n}\t{note}" for n, note in hit.notes))
    return Document(page_content=hit.chunk.text, metadata=meta, id=hit.chunk.id)


def from_document(doc: Document) -> ScoredChunk:
    meta = dict(doc.metadata)
    score, lexical, dense = meta.pop("score", 0.0), meta.pop("lexical", 0.0), meta.pop("dense", 0.0)
    heading = str(meta.pop("heading", ""))
    notes = tuple(
        (n, note)
        for line in str(meta.pop("notes", "")).splitlines()
        for n, _, note in (line.partition("\t"),)
    )
    fields = {
        f: meta[f]
        for f in ("id", "document", "page", "section", "title", "region", "kind", "date")
        if f in meta
    }
    return ScoredChunk(
        chunk=Chunk(text=doc.page_content, **fields),
        score=score,
        lexical=lexical,
        dense=dense,
        heading=heading,
        notes=notes,
    )


class HybridRetriever(BaseRetriever):
    """LangChain face of `search`, so a chat model chain can reuse retrieval unchanged."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any
    k: int = 5

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        search_filter: SearchFilter | None = None,
    ) -> list[Document]:
        return [to_document(h) for h in search(self.index, query, self.k, search_filter)]
