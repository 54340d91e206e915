"""Index folder layout: immutable builds and an atomically replaced CURRENT pointer.

    index/CURRENT            name of the build that answers questions
    index/PREVIOUS           name of the build CURRENT replaced (a running app may still read it)
    index/builds/<name>/     chunks.jsonl, vectors.npy, tokens.json, pages.jsonl, findings.json,
                             state.json, chroma/ (embedded mode)
    index/.lock              held by the one ingest allowed at a time

An ingest writes a complete new build, then replaces CURRENT with os.replace.
A process killed halfway leaves CURRENT pointing at the previous, complete
build, so questions are answered exactly as before; the half-written build is
removed by the next ingest, which first prunes every build that is neither
CURRENT nor PREVIOUS. Which builds were published is read from the pointers,
never guessed from state.json: a build killed just before publishing is complete
on disk but was never current.

Everything derived from the whole corpus is computed at ingest and stored with
the build (BM25 tokens, the inconsistency findings over every page, the pages
they were computed from), so loading an index reads files and never re-reads
a PDF: cold start does not grow with the number of agreements.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..checks.finding import Finding
from ..errors import IngestBusyError
from ..types import Chunk, Page

KEEP_BUILDS = 2  # the current one and its predecessor (a reader may still have it open)


@dataclass(frozen=True)
class DocumentState:
    """What the index holds of one PDF."""

    file: str
    sha256: str
    pages: int
    chunk_ids: tuple[str, ...]
    meta: str = ""
    """Hash of the document's manifest entry: a new title or date re-chunks the document."""
    source: str = ""
    """Resolved path it was read from ('' in builds written before it was recorded: the corpus)."""


@dataclass(frozen=True)
class BuildState:
    """state.json of a build."""

    embedder: str
    dim: int
    chunk_size: int
    chunk_overlap: int
    documents: dict[str, DocumentState] = field(default_factory=dict)
    created: float = 0.0
    chunker: int = 0
    """Version of the chunking and tokenising rules the build was made with (0: before versions)."""


def current_build(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    build = index_dir / "builds" / name
    return build if (build / "state.json").is_file() else None


def new_build_dir(index_dir: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    path = index_dir / "builds" / f"b-{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    path.mkdir(parents=True)
    return path


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_pointer(index_dir: Path, name: str, build_name: str) -> None:
    """Replace index/<name> with `build_name`, atomically and durably."""
    tmp = index_dir / f"{name}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(build_name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / name)
    _fsync_dir(index_dir)


def _pointer(index_dir: Path, name: str) -> str | None:
    path = index_dir / name
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def publish(index_dir: Path, build: Path) -> None:
    """Make `build` the current one, atomically; the build it replaces becomes PREVIOUS."""
    for path in build.rglob("*"):
        if path.is_file():
            with path.open("rb+") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(build)
    old = current_build(index_dir)
    # PREVIOUS first, so that a kill between the two writes leaves PREVIOUS == CURRENT, never a
    # stranger; the first build is its own predecessor
    _write_pointer(index_dir, "PREVIOUS", (old or build).name)
    _write_pointer(index_dir, "CURRENT", build.name)


def prune(index_dir: Path) -> list[Path]:
    """Remove every build but CURRENT and PREVIOUS: older ones and never-published leftovers.

    Call it with the ingest lock held. An index made before PREVIOUS existed
    keeps its newest other complete build in its place.
    """
    builds = sorted((index_dir / "builds").glob("b-*"), key=lambda p: p.stat().st_mtime)
    keep = {name for name in (_pointer(index_dir, "CURRENT"), _pointer(index_dir, "PREVIOUS")) if name}
    if not (index_dir / "PREVIOUS").is_file():
        complete = [b.name for b in builds if (b / "state.json").is_file() and b.name not in keep]
        keep.update(complete[-(KEEP_BUILDS - 1) :] if KEEP_BUILDS > 1 else [])
    removed = [b for b in builds if b.name not in keep]
    for build in removed:
        shutil.rmtree(build, ignore_errors=True)
    return removed


@contextlib.contextmanager
def ingest_lock(index_dir: Path, timeout: float = 600.0) -> Iterator[None]:
    """Serialise ingests: a second one waits for the first (up to `timeout` seconds)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IngestBusyError(
                        f"Another ingest has held {index_dir} for over {timeout:.0f} s.",
                        "Wait for it to finish, or stop it, then try again.",
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def write_state(build: Path, state: BuildState) -> None:
    data = asdict(state)
    (build / "state.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read_state(build: Path) -> BuildState:
    data = json.loads((build / "state.json").read_text(encoding="utf-8"))
    docs = {
        k: DocumentState(
            file=v["file"],
            sha256=v["sha256"],
            pages=v["pages"],
            chunk_ids=tuple(v["chunk_ids"]),
            meta=v.get("meta", ""),
            source=v.get("source", ""),
        )
        for k, v in data.pop("documents").items()
    }
    return BuildState(documents=docs, **data)


def write_chunks(build: Path, chunks: list[Chunk]) -> None:
    with (build / "chunks.jsonl").open("w", encoding="utf-8") as fh:
        for c in chunks:
            fh.write(json.dumps(asdict(c), ensure_ascii=False) + "\n")


def write_tokens(build: Path, tokens: list[list[str]]) -> None:
    """The BM25 tokens of every chunk (same order as chunks.jsonl): stemming is paid at ingest, not load."""
    (build / "tokens.json").write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")


def read_tokens(build: Path) -> list[list[str]] | None:
    """The stored BM25 tokens, or None for a build written before they were stored."""
    path = build / "tokens.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def read_chunks(build: Path) -> list[Chunk]:
    with (build / "chunks.jsonl").open(encoding="utf-8") as fh:
        return [Chunk(**json.loads(line)) for line in fh if line.strip()]


def write_pages(build: Path, pages: list[Page]) -> None:
    """Every indexed page's normalised text: the next ingest recomputes findings without the PDFs."""
    with (build / "pages.jsonl").open("w", encoding="utf-8") as fh:
        for p in pages:
            fh.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")


def read_pages(build: Path) -> dict[str, list[Page]] | None:
    """Stored pages by document, or None for a build written before pages were stored."""
    path = build / "pages.jsonl"
    if not path.is_file():
        return None
    out: dict[str, list[Page]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                page = Page(**json.loads(line))
                out.setdefault(page.document, []).append(page)
    return out


def write_findings(build: Path, findings: list[Finding]) -> None:
    data = [f.to_dict() for f in findings]
    (build / "findings.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read_findings(build: Path) -> list[Finding] | None:
    """The inconsistency findings computed at ingest, or None for a build written before they were."""
    path = build / "findings.json"
    if not path.is_file():
        return None
    return [Finding.from_dict(d) for d in json.loads(path.read_text(encoding="utf-8"))]


def has_derivations(build: Path) -> bool:
    """Whether the build stores everything loading needs (else the next ingest writes a new one)."""
    return all((build / name).is_file() for name in ("tokens.json", "pages.jsonl", "findings.json"))
