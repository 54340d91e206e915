"""Ingest: PDFs -> pages -> chunks -> vectors -> a new index build, published atomically.

Incremental: a PDF whose bytes are unchanged keeps its chunks and cached vectors;
an edited PDF is re-chunked and only its new chunks are embedded; a PDF no
longer in the corpus loses its chunks. A bad PDF is reported and skipped; the
rest of the batch is still ingested, and an edited PDF that no longer reads keeps
the version indexed before. The same bytes under a second name are indexed once
(the name already in the index wins), and a file name that cannot be shown
safely (undecodable bytes, control characters) is refused with a rename hint.
A file from outside the corpus folder whose name is an agreement's but whose
content differs is refused, naming both files, unless `replace=True`
(`ingest --replace`): documents are keyed by file name, so it would otherwise
stand in for the agreement in every citation.
"""

from __future__ import annotations

import hashlib
import logging
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass, field
from pathlib import Path

import numpy as np

from ..checks import run_checks
from ..embeddings import Embedder, make_embedder
from ..errors import AssistantError, UnreadablePDFError
from ..retrieval.hybrid import chunk_tokens
from ..settings import Settings
from ..store import chroma, layout
from ..types import Chunk, Page
from .chunking import CHUNKER_VERSION, chunk_pages
from .manifest import DocumentInfo, info_for, load_manifest
from .pdf import display_name, read_pdf
from .sources import corpus_pdfs as corpus_pdfs
from .sources import discover, name_clash, name_problem, sha256_file

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


def manifest_hash(info: DocumentInfo) -> str:
    """Identity of a manifest entry, so an edited title, region, kind or date is picked up."""
    return hashlib.sha256(repr(astuple(info)).encode()).hexdigest()[:16]


def embed_text(chunk: Chunk) -> str:
    """What is embedded and indexed: title and section give a passage its context."""
    head = " – ".join(x for x in (chunk.title, chunk.section) if x)
    return f"{head}\n{chunk.text}" if head else chunk.text


def _hashes(files: list[Path], report: IngestReport) -> list[tuple[Path, str]]:
    """(file, sha256) of the files that can be indexed; the others go to report.failed."""
    out: list[tuple[Path, str]] = []
    names: dict[str, Path] = {}
    for path in files:
        shown = display_name(path.name)
        problem = name_problem(path.name)
        key = unicodedata.normalize("NFC", path.name)
        if problem:
            report.failed.append((shown, f"{shown}: {problem}. Rename the file (e.g. 'avtal-2026.pdf')."))
            continue
        if key in names:
            report.failed.append(
                (
                    shown,
                    f"{shown}: another file in this batch ({display_name(str(names[key]))}) has the same "
                    "name. Rename one of them.",
                )
            )
            continue
        names[key] = path
        try:
            digest = sha256_file(path) if path.is_file() else ""
        except OSError as exc:
            report.failed.append((shown, f"{shown}: could not be read ({exc.strerror or exc})."))
            continue
        out.append((path, digest))
    return out


def _owners(
    batch: list[tuple[Path, str]], old_docs: dict[str, layout.DocumentState], mirror: bool
) -> dict[str, str]:
    """The one file name each content hash is indexed under: an already indexed name keeps its place."""
    digests = {path.name: digest for path, digest in batch}
    owner: dict[str, str] = {}
    for doc in old_docs.values():
        still = digests.get(doc.file, None if mirror else doc.sha256)  # not in a partial batch: kept
        if still == doc.sha256:
            owner.setdefault(doc.sha256, doc.file)
    for path, digest in batch:
        if digest:
            owner.setdefault(digest, path.name)
    return owner


def _load_previous(
    index_dir: Path,
) -> tuple[layout.BuildState | None, dict[str, Chunk], dict[str, np.ndarray], dict[str, list[Page]]]:
    build = layout.current_build(index_dir)
    if build is None:
        return None, {}, {}, {}
    state = layout.read_state(build)
    chunks = {c.id: c for c in layout.read_chunks(build)}
    vectors = np.load(build / "vectors.npy")
    pages = layout.read_pages(build) or {}
    return state, chunks, dict(zip(list(chunks), vectors, strict=True)), pages


def _pages_of(name: str, stored: dict[str, list[Page]], path: Path | None, settings: Settings) -> list[Page]:
    """A kept document's pages: from the previous build, else (a build from before pages were
    stored) read again from its file; [] when that is gone too (nothing to check it against)."""
    if name in stored:
        return stored[name]
    path = path or settings.corpus_dir / name
    try:
        return read_pdf(
            path,
            max_mb=settings.max_pdf_mb,
            max_pages=settings.max_pages,
            max_page_chars=settings.max_page_chars,
        )
    except UnreadablePDFError:
        return []


def _prune(settings: Settings) -> None:
    if (settings.index_dir / "builds").is_dir():
        for stale in layout.prune(settings.index_dir):
            chroma.drop_collection(settings, stale)


def ingest(
    settings: Settings,
    paths: Iterable[Path] | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    replace_all: bool | None = None,
    replace: bool = False,
) -> IngestReport:
    """Bring the index up to date with the PDFs; returns what changed.

    With no `paths`, the index mirrors corpus_dir (PDFs gone from it are removed).
    With `paths`, those files are added or updated and everything else is kept.
    `replace` lets a file from outside the corpus replace the agreement of the same name.
    """
    started = time.perf_counter()
    files = discover(settings, paths)
    mirror = not paths if replace_all is None else replace_all
    embedder = embedder or make_embedder(settings)
    manifest = load_manifest(settings.corpus_dir)
    report = IngestReport()

    if settings.chroma_host:  # a server that is down fails the ingest now, in one line, not after embedding
        chroma.check_server(settings)
    with layout.ingest_lock(settings.index_dir):
        _prune(settings)  # a build left half-written by a killed ingest goes first
        prev_state, prev_chunks, prev_vectors, prev_pages = _load_previous(settings.index_dir)
        if prev_state and (
            prev_state.embedder != embedder.name
            or prev_state.chunk_size != settings.chunk_size
            or prev_state.chunk_overlap != settings.chunk_overlap
            or prev_state.chunker != CHUNKER_VERSION
        ):
            log.info("embedder or chunking changed: rebuilding every document")
            prev_state, prev_chunks, prev_vectors, prev_pages = None, {}, {}, {}
        old_docs = dict(prev_state.documents) if prev_state else {}
        docs: dict[str, layout.DocumentState] = {} if mirror else dict(old_docs)
        new_chunks: dict[str, Chunk] = {}
        pages_by_doc: dict[str, list[Page]] = {}
        batch = _hashes(files, report)
        owner = _owners(batch, old_docs, mirror)

        for n, (path, digest) in enumerate(batch, start=1):
            if progress:
                progress(n - 1, len(batch), path.name)
            old = old_docs.get(path.name)
            twin = owner.get(digest, path.name)
            if twin != path.name:
                report.duplicates.append((path.name, twin))
                continue
            clash = None if replace else name_clash(path, digest, old, settings)
            if clash:
                if old:
                    docs[path.name] = old
                report.failed.append((display_name(path.name), clash))
                continue
            info = info_for(manifest, path.name)
            meta = manifest_hash(info)
            if old and old.sha256 == digest and old.meta == meta:
                docs[path.name] = old
                pages_by_doc[path.name] = _pages_of(path.name, prev_pages, path, settings)
                report.unchanged.append(path.name)
                continue
            try:
                pages = read_pdf(
                    path,
                    max_mb=settings.max_pdf_mb,
                    max_pages=settings.max_pages,
                    max_page_chars=settings.max_page_chars,
                )
            except UnreadablePDFError as exc:
                message = str(exc)
                if old:  # an edited file that no longer reads must not take its good version with it
                    docs[path.name] = old
                    pages_by_doc[path.name] = prev_pages.get(path.name, [])
                    message += " The version indexed before is kept."
                report.failed.append((display_name(path.name), message))
                continue
            chunks = chunk_pages(pages, info, settings.chunk_size, settings.chunk_overlap)
            docs[path.name] = layout.DocumentState(
                path.name,
                digest,
                len(pages),
                tuple(c.id for c in chunks),
                meta=meta,
                source=str(path.resolve()),
            )
            (report.updated if old else report.added).append(path.name)
            new_chunks.update((c.id, c) for c in chunks)
            pages_by_doc[path.name] = pages

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

        previous = layout.current_build(settings.index_dir)
        stale = previous is None or not layout.has_derivations(previous)
        changed = report.added or report.updated or report.removed or prev_state is None or stale
        if (
            not changed
            and previous is not None
            and all_chunks
            and not chroma.holds_build(settings, previous, len(all_chunks))
        ):
            changed = True  # an empty or another Chroma server: write this build's vectors to it
        if changed:
            for name in docs:  # kept without being in this batch (a partial ingest)
                if name not in pages_by_doc:
                    pages_by_doc[name] = _pages_of(name, prev_pages, None, settings)
            pages = [p for name in sorted(docs) for p in pages_by_doc[name]]
            titles = {c.document: c.title for c in all_chunks}
            build = layout.new_build_dir(settings.index_dir)
            state = layout.BuildState(
                embedder=embedder.name,
                dim=embedder.dim,
                chunk_size=settings.chunk_size,
                chunk_overlap=settings.chunk_overlap,
                chunker=CHUNKER_VERSION,
                documents=docs,
                created=time.time(),
            )
            layout.write_chunks(build, all_chunks)
            layout.write_tokens(build, [chunk_tokens(c) for c in all_chunks])
            layout.write_pages(build, pages)
            layout.write_findings(build, run_checks(pages, titles))
            np.save(build / "vectors.npy", matrix)
            if all_chunks:
                chroma.write_vectors(settings, build, all_chunks, matrix)
            layout.write_state(build, state)  # last: a build without state.json is never current
            layout.publish(settings.index_dir, build)
            _prune(settings)
            report.build = build.name
        else:
            report.build = previous.name if previous else ""
        if progress:
            progress(len(batch), len(batch), "")
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
