"""Chroma as the vector store, through langchain-chroma.

Embedded PersistentClient inside each build by default; with a Chroma server
(ASSISTANT_CHROMA_HOST / CHROMA_HOST) each build is its own collection there.
Vectors are computed by our embedder (and cached in the build), so Chroma never
embeds anything itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..types import Chunk

if TYPE_CHECKING:
    from langchain_chroma import Chroma

    from ..embeddings import Embedder
    from ..settings import Settings

ADD_BATCH = 2000


def _client(settings: Settings, build: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    return chromadb.PersistentClient(path=str(build / "chroma"), settings=chroma_settings)


def collection_name(settings: Settings, build: Path) -> str:
    # a server holds many builds; the embedded client holds one per folder
    return f"{settings.collection}-{build.name}" if settings.chroma_host else settings.collection


def write_vectors(settings: Settings, build: Path, chunks: list[Chunk], vectors: np.ndarray) -> None:
    client = _client(settings, build)
    name = collection_name(settings, build)
    collection = client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"})
    for i in range(0, len(chunks), ADD_BATCH):
        part = chunks[i : i + ADD_BATCH]
        collection.add(
            ids=[c.id for c in part],
            embeddings=vectors[i : i + ADD_BATCH].tolist(),
            documents=[c.text for c in part],
            metadatas=[c.metadata() for c in part],
        )


def drop_collection(settings: Settings, build: Path) -> None:
    """Remove a server-side collection of a pruned build (embedded ones go with their folder)."""
    if not settings.chroma_host:
        return
    try:
        _client(settings, build).delete_collection(collection_name(settings, build))
    except Exception:  # already gone, or the server is down: nothing to undo
        pass


def open_store(settings: Settings, build: Path, embedder: Embedder) -> Chroma:
    from langchain_chroma import Chroma

    from ..embeddings.langchain import LangChainEmbeddings

    return Chroma(
        client=_client(settings, build),
        collection_name=collection_name(settings, build),
        embedding_function=LangChainEmbeddings(embedder),
    )
