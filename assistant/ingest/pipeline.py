"""Ingest: PDFs -> pages -> chunks -> vectors -> a new index build, published atomically.

Incremental: a PDF whose bytes are unchanged keeps its chunks and cached vectors;
an edited PDF is re-chunked and only its new chunks are embedded; a PDF no
longer in the corpus loses its chunks. A bad PDF is reported and skipped; the
rest of the batch is still ingested.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..embeddings import Embedder, make_embedder
from ..errors import AssistantError, UnreadablePDFError
from ..settings import Settings
from ..store import chroma, layout
from ..types import Chunk
from .chunking import chunk_pages
from .manifest import info_for, load_manifest
from .pdf import read_pdf

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
"""progress(done, total, file name): called as each PDF is handled."""


@dataclass
class IngestReport:
    """What one ingest did, for the CLI, the app and tests."""

    build: str = ""
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """(file, the already indexed file with identical bytes)."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(file, message with the fix)."""
    chunks: int = 0
    embedded: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def embed_text(chunk: Chunk) -> str:
    """What is embedded and indexed: title and section give a passage its context."""
    head = " – ".join(x for x in (chunk.title, chunk.section) if x)
    return f"{head}\n{chunk.text}" if head else chunk.text


def discover(settings: Settings, paths: Iterable[Path] | None) -> list[Path]:
    """The PDFs to index: all of corpus_dir, or the given files and folders."""
    if not paths:
        return sorted(settings.corpus_dir.glob("*.pdf"))
    found: list[Path] = []
    for p in paths:
        p = Path(p)
        found.extend(sorted(p.glob("*.pdf")) if p.is_dir() else [p])
    return found


def _load_previous(
    index_dir: Path,
) -> tuple[layout.BuildState | None, dict[str, Chunk], dict[str, np.ndarray]]:
    build = layout.current_build(index_dir)
    if build is None:
        return None, {}, {}
    state = layout.read_state(build)
    chunks = {c.id: c for c in layout.read_chunks(build)}
    vectors = np.load(build / "vectors.npy")
    return state, chunks, dict(zip(list(chunks), vectors, strict=True))


def ingest(
    settings: Settings,
    paths: Iterable[Path] | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    replace_all: bool | None = None,
) -> IngestReport:
    """Bring the index up to date with the PDFs; returns what changed.

    With no `paths`, the index mirrors corpus_dir (PDFs gone from it are removed).
    With `paths`, those files are added or updated and everything else is kept.
    """
    started = time.perf_counter()
    files = discover(settings, paths)
    mirror = not paths if replace_all is None else replace_all
    embedder = embedder or make_embedder(settings)
    manifest = load_manifest(settings.corpus_dir)
    report = IngestReport()

    with layout.ingest_lock(settings.index_dir):
        prev_state, prev_chunks, prev_vectors = _load_previous(settings.index_dir)
        if prev_state and (
            prev_state.embedder != embedder.name
            or prev_state.chunk_size != settings.chunk_size
            or prev_state.chunk_overlap != settings.chunk_overlap
        ):
            log.info("embedder or chunking changed: rebuilding every document")
            prev_state, prev_chunks, prev_vectors = None, {}, {}
        old_docs = dict(prev_state.documents) if prev_state else {}
        docs: dict[str, layout.DocumentState] = {} if mirror else dict(old_docs)
        by_hash = {d.sha256: d.file for d in old_docs.values()}
        new_chunks: dict[str, Chunk] = {}

        for n, path in enumerate(files, start=1):
            if progress:
                progress(n - 1, len(files), path.name)
            try:
                digest = sha256_file(path) if path.is_file() else ""
                old = old_docs.get(path.name)
                twin = by_hash.get(digest)
                if digest and twin and twin != path.name and twin in docs:
                    report.duplicates.append((path.name, twin))
                    continue
                if old and old.sha256 == digest:
                    docs[path.name] = old
                    report.unchanged.append(path.name)
                    continue
                pages = read_pdf(
                    path,
                    max_mb=settings.max_pdf_mb,
                    max_pages=settings.max_pages,
                    max_page_chars=settings.max_page_chars,
                )
                chunks = chunk_pages(
                    pages, info_for(manifest, path.name), settings.chunk_size, settings.chunk_overlap
                )
            except UnreadablePDFError as exc:
                report.failed.append((path.name, str(exc)))
                if path.name in old_docs and path.name in docs:
                    pass  # keep the last good version of an edited file that no longer reads
                continue
            except OSError as exc:
                report.failed.append((path.name, f"{path.name}: could not be read ({exc.strerror or exc})."))
                continue
            docs[path.name] = layout.DocumentState(path.name, digest, len(pages), tuple(c.id for c in chunks))
            by_hash[digest] = path.name
            (report.updated if old else report.added).append(path.name)
            new_chunks.update((c.id, c) for c in chunks)

        report.removed = sorted(set(old_docs) - set(docs))
        all_chunks: list[Chunk] = []
        for doc in docs.values():
            for cid in doc.chunk_ids:
                chunk = new_chunks.get(cid) or prev_chunks.get(cid)
                if chunk is not None:
                    all_chunks.append(chunk)
        todo = [c for c in all_chunks if c.id not in prev_vectors]
        fresh = embedder.embed_passages([embed_text(c) for c in todo]) if todo else None
        vectors = dict(prev_vectors)
        if fresh is not None:
            vectors.update(zip([c.id for c in todo], fresh, strict=True))
        matrix = (
            np.vstack([vectors[c.id] for c in all_chunks]).astype(np.float32)
            if all_chunks
            else np.zeros((0, embedder.dim), dtype=np.float32)
        )
        report.embedded = len(todo)
        report.chunks = len(all_chunks)

        changed = report.added or report.updated or report.removed or prev_state is None
        if changed:
            build = layout.new_build_dir(settings.index_dir)
            state = layout.BuildState(
                embedder=embedder.name,
                dim=embedder.dim,
                chunk_size=settings.chunk_size,
                chunk_overlap=settings.chunk_overlap,
                documents=docs,
                created=time.time(),
            )
            layout.write_chunks(build, all_chunks)
            np.save(build / "vectors.npy", matrix)
            if all_chunks:
                chroma.write_vectors(settings, build, all_chunks, matrix)
            layout.write_state(build, state)  # last: a build without state.json is never current
            layout.publish(settings.index_dir, build)
            for stale in layout.prune(settings.index_dir):
                chroma.drop_collection(settings, stale)
            report.build = build.name
        else:
            current = layout.current_build(settings.index_dir)
            report.build = current.name if current else ""
        if progress:
            progress(len(files), len(files), "")
    report.seconds = time.perf_counter() - started
    return report


def ensure_index(settings: Settings, embedder: Embedder | None = None) -> IngestReport | None:
    """Build the index from the corpus if there is none yet; None when one exists."""
    if layout.current_build(settings.index_dir) is not None:
        return None
    report = ingest(settings, embedder=embedder)
    if report.chunks == 0:
        raise AssistantError(
            f"No text could be indexed from {settings.corpus_dir}.",
            "Put agreement PDFs there (or set ASSISTANT_CORPUS_DIR) and run 'python -m assistant ingest'.",
        )
    return report
