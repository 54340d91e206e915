"""Dense embedders behind one small seam, and the factory that picks one from settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from ..settings import Settings


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and queries into L2-normalised float32 vectors."""

    name: str
    """Stable identifier; part of the index's identity (vectors of two models never mix)."""
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def make_embedder(settings: Settings) -> Embedder:
    """The embedder named by ``ASSISTANT_EMBEDDER``, loaded once; call this once per process."""
    if settings.embedder == "e5":
        from .e5 import E5Embedder

        return E5Embedder(threads=settings.embed_threads)
    if settings.embedder == "sentence-transformers":
        from .sbert import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(settings.st_model or None)
    from ..testing import FakeEmbedder

    return FakeEmbedder()
