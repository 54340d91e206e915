"""Chroma as the vector store, through langchain-chroma.

Ingest writes every build's vectors to Chroma: an embedded PersistentClient inside
the build by default; with a Chroma server (CHROMA_HOST) each build is its own
collection there. Vectors are computed by our embedder (and cached in the build), so
Chroma never embeds anything itself. Questions are answered from the server's
collection in server mode; in embedded mode from the build's own copy of the same
vectors (exact cosine), so a cold start neither imports nor opens chromadb, and the
embedded collection is opened only on request (`open_chroma`, `Assistant.vectorstore`).

Every build also keeps its vectors in vectors.npy, loaded with it. That makes
the server a help, never a single point of failure: when the server is down,
silent, empty or another one than the index was written to, loading says so in
one line naming CHROMA_HOST/CHROMA_PORT and questions are answered from the
build's own vectors (same passages, exact cosine instead of HNSW). A server
request waits at most the configured connect and read timeouts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import AssistantError
from ..types import Chunk

if TYPE_CHECKING:
    from langchain_chroma import Chroma

    from ..embeddings import Embedder
    from ..settings import Settings

log = logging.getLogger(__name__)

ADD_BATCH = 2000


class VectorStoreError(AssistantError):
    """The Chroma server cannot be used: down, silent, empty or another one than the index's."""


def server_name(settings: Settings) -> str:
    return f"{settings.chroma_host}:{settings.chroma_port} (CHROMA_HOST/CHROMA_PORT)"


def _unavailable(settings: Settings, reason: str) -> VectorStoreError:
    return VectorStoreError(
        f"The Chroma server at {server_name(settings)} {reason}.",
        "Start the server, point CHROMA_HOST/CHROMA_PORT at the right one, or unset CHROMA_HOST "
        "to use the embedded store.",
    )


def _reason(settings: Settings, exc: BaseException) -> str:
    """What went wrong with a server request, in words (never a traceback)."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return f"did not answer within {settings.chroma_read_timeout:g} s"
    if isinstance(exc, (httpx.ConnectError, ConnectionError)):
        return "refused the connection (is it running?)"
    return f"failed: {type(exc).__name__}: {str(exc)[:200]}"


def check_server(settings: Settings) -> None:
    """Raise VectorStoreError unless the server answers its heartbeat within the timeouts."""
    import httpx

    url = f"http://{settings.chroma_host}:{settings.chroma_port}/api/v2/heartbeat"
    timeout = httpx.Timeout(settings.chroma_read_timeout, connect=settings.chroma_connect_timeout)
    try:
        response = httpx.get(url, timeout=timeout)
    except httpx.HTTPError as exc:
        raise _unavailable(settings, _reason(settings, exc)) from None
    if response.status_code != 200:
        raise _unavailable(settings, f"answered the heartbeat with HTTP {response.status_code}")


def _client(settings: Settings, build: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if not settings.chroma_host:
        return chromadb.PersistentClient(path=str(build / "chroma"), settings=chroma_settings)
    import httpx

    check_server(settings)  # the client's own first requests wait without a limit
    try:
        client = chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    except Exception as exc:  # the server went away between the heartbeat and here
        raise _unavailable(settings, _reason(settings, exc)) from None
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):  # chromadb sets no timeout and offers no setting for one
        session.timeout = httpx.Timeout(settings.chroma_read_timeout, connect=settings.chroma_connect_timeout)
    return client


def collection_name(settings: Settings, build: Path) -> str:
    # a server holds many builds; the embedded client holds one per folder
    return f"{settings.collection}-{build.name}" if settings.chroma_host else settings.collection


def write_vectors(settings: Settings, build: Path, chunks: list[Chunk], vectors: np.ndarray) -> None:
    client = _client(settings, build)
    name = collection_name(settings, build)
    try:
        collection = client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"})
        for i in range(0, len(chunks), ADD_BATCH):
            part = chunks[i : i + ADD_BATCH]
            collection.add(
                ids=[c.id for c in part],
                embeddings=vectors[i : i + ADD_BATCH].tolist(),
                documents=[c.text for c in part],
                metadatas=[c.metadata() for c in part],
            )
    except Exception as exc:
        if not settings.chroma_host:
            raise
        raise _unavailable(settings, _reason(settings, exc)) from None


def holds_build(settings: Settings, build: Path, count: int) -> bool:
    """Whether the server has this build's collection with `count` vectors (True in embedded mode)."""
    if not settings.chroma_host:
        return True
    client = _client(settings, build)
    try:
        return client.get_collection(collection_name(settings, build)).count() == count
    except Exception as exc:
        if type(exc).__name__ == "NotFoundError":
            return False
        raise _unavailable(settings, _reason(settings, exc)) from None


def drop_collection(settings: Settings, build: Path) -> None:
    """Remove a server-side collection of a pruned build (embedded ones go with their folder).

    A process that still answers from that build falls back to the build's vectors and
    loads the current build (see DenseStore), so dropping it never breaks a running app.
    """
    if not settings.chroma_host:
        return
    try:
        _client(settings, build).delete_collection(collection_name(settings, build))
    except Exception:  # already gone, or the server is down: nothing to undo
        pass


class DenseStore:
    """Nearest passages by vector: from Chroma, else from the build's own vectors.

    Quacks like the one langchain-chroma method retrieval uses. When a Chroma request fails
    (server down or silent, or the collection dropped by a later ingest), that question and
    every later one on this build are answered from memory, the failure is logged once, and
    `on_failure` is called once (the Assistant then loads the current build).
    """

    def __init__(
        self,
        chroma: Chroma | None,
        chunks: list[Chunk],
        vectors: np.ndarray,
        *,
        on_failure: Callable[[], None] | None = None,
        describe: Callable[[BaseException], str] = str,
    ) -> None:
        self.chroma = chroma
        self.ids = [c.id for c in chunks]
        self.vectors = vectors
        self.on_failure = on_failure
        self.describe = describe
        self._lock = threading.Lock()

    @property
    def degraded(self) -> bool:
        return self.chroma is None

    def similarity_search_by_vector_with_relevance_scores(
        self, embedding: list[float], k: int = 4
    ) -> list[tuple[Any, float]]:
        chroma = self.chroma
        if chroma is not None:
            try:
                return chroma.similarity_search_by_vector_with_relevance_scores(embedding, k=k)
            except Exception as exc:
                self._failed(exc)
        return self._from_memory(np.asarray(embedding, dtype=np.float32), k)

    def _failed(self, exc: BaseException) -> None:
        with self._lock:
            if self.chroma is None:
                return
            self.chroma = None
        log.warning("%s Answering from the index build's own vectors.", self.describe(exc))
        if self.on_failure is not None:
            self.on_failure()

    def _from_memory(self, query: np.ndarray, k: int) -> list[tuple[Any, float]]:
        from langchain_core.documents import Document

        from ..retrieval.hybrid import cosines

        if not len(self.ids):
            return []
        sims = cosines(self.vectors, query)
        order = np.argsort(-sims)[:k]
        return [
            (Document(page_content="", metadata={"id": self.ids[i]}), 1.0 - float(sims[i])) for i in order
        ]


def open_store(
    settings: Settings,
    build: Path,
    embedder: Embedder,
    chunks: list[Chunk],
    vectors: np.ndarray,
    *,
    on_failure: Callable[[], None] | None = None,
) -> DenseStore:
    """The build's vector store; a server that cannot serve this build is reported, never used."""
    chroma = None
    try:
        chroma = open_chroma(settings, build, embedder, len(chunks))
    except VectorStoreError as exc:
        log.warning("%s Answering from the index build's own vectors.", exc)
    return DenseStore(
        chroma,
        chunks,
        vectors,
        on_failure=on_failure,
        describe=lambda exc: (
            str(_unavailable(settings, _reason(settings, exc)))
            if settings.chroma_host
            else f"The embedded Chroma store of {build.name} failed ({type(exc).__name__})."
        ),
    )


def open_chroma(settings: Settings, build: Path, embedder: Embedder, count: int) -> Chroma:
    """The build's collection as a langchain-chroma store; a server must hold it with `count` vectors."""
    from langchain_chroma import Chroma

    from ..embeddings.langchain import LangChainEmbeddings

    client = _client(settings, build)
    name = collection_name(settings, build)
    if settings.chroma_host:  # get, never create: an empty or foreign server must not pass as ours
        try:
            held = client.get_collection(name).count()
        except Exception as exc:
            if type(exc).__name__ == "NotFoundError":
                raise _unavailable(
                    settings,
                    f"has no collection '{name}' for the index build {build.name} (an empty server, or "
                    "another one than the index was written to; 'python -m assistant ingest' writes it)",
                ) from None
            raise _unavailable(settings, _reason(settings, exc)) from None
        if held != count:
            raise _unavailable(
                settings,
                f"holds {held} vectors in '{name}' where the index build has {count} "
                "('python -m assistant ingest' writes them again)",
            )
    return Chroma(client=client, collection_name=name, embedding_function=LangChainEmbeddings(embedder))
