"""What the sidebar reports: indexed documents, whether the index matches the corpus, the population table.

Plain data built from the index build and the corpus folder, no Streamlit, so the
sidebar stays a thin drawing layer and these summaries can be tested directly.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..ingest.pipeline import corpus_pdfs, sha256_file
from ..store import layout
from ..types import Chunk

ENGINES = {
    "extractive": "Extraktiv: svaret består av ordagranna citat ur avtalen (ingen språkmodell)",
    "chat-model": "Språkmodell: källorna byggs från de avsnitt modellen hänvisar till",
}
"""How the sidebar describes each answer engine (by its `name`)."""


@dataclass(frozen=True)
class DocumentRow:
    """One indexed document, as listed in the sidebar."""

    title: str
    region: str
    kind: str
    date: str
    pages: int
    chunks: int
    file: str


@dataclass(frozen=True)
class IndexStatus:
    """The current build and how it compares with the PDFs in the corpus folder."""

    build: str
    created: str
    """Local time the build was published, 'YYYY-MM-DD HH:MM'."""
    embedder: str
    documents: int
    chunks: int
    new: tuple[str, ...] = ()
    """PDFs in the corpus folder that the index does not hold yet."""
    changed: tuple[str, ...] = ()
    """PDFs whose bytes differ from the indexed version."""
    missing: tuple[str, ...] = ()
    """Indexed documents no longer in the corpus folder."""

    @property
    def up_to_date(self) -> bool:
        return not (self.new or self.changed or self.missing)


@dataclass(frozen=True)
class SnapshotRow:
    """One date of the population table."""

    date: str
    municipalities: int
    inhabitants: int
    source: str
    complete: bool
    """Whether the cost tools have every municipality they need on this date (see `population_rows`)."""


def document_rows(chunks: list[Chunk], build: Path) -> list[DocumentRow]:
    """One row per indexed document: manifest metadata from its chunks, pages from the build state."""
    state = layout.read_state(build)
    counts = Counter(c.document for c in chunks)
    first: dict[str, Chunk] = {}
    for chunk in chunks:
        first.setdefault(chunk.document, chunk)
    rows = []
    for name in sorted(state.documents):
        doc = state.documents[name]
        meta = first.get(name)
        rows.append(
            DocumentRow(
                title=meta.title if meta and meta.title else name,
                region=meta.region if meta else "",
                kind=meta.kind if meta else "",
                date=meta.date if meta else "",
                pages=doc.pages,
                chunks=counts.get(name, 0),
                file=name,
            )
        )
    return sorted(rows, key=lambda r: (r.region, r.date, r.title))


def index_status(build: Path, corpus_dir: Path) -> IndexStatus:
    """Compare the build with corpus_dir's PDFs by content hash (files are small; hashing is quick)."""
    state = layout.read_state(build)
    on_disk = {p.name: p for p in corpus_pdfs(corpus_dir)}
    indexed = state.documents
    changed = tuple(
        sorted(n for n, p in on_disk.items() if n in indexed and sha256_file(p) != indexed[n].sha256)
    )
    created = dt.datetime.fromtimestamp(state.created).strftime("%Y-%m-%d %H:%M") if state.created else ""
    return IndexStatus(
        build=build.name,
        created=created,
        embedder=state.embedder,
        documents=len(indexed),
        chunks=sum(len(d.chunk_ids) for d in indexed.values()),
        new=tuple(sorted(set(on_disk) - set(indexed))),
        changed=changed,
        missing=tuple(sorted(set(indexed) - set(on_disk))),
    )


def population_rows(path: Path, corpus_dir: Path | None = None) -> list[SnapshotRow]:
    """The population table's snapshots, newest first (DataError if the table cannot be read).

    A snapshot is complete when it has a figure for every municipality that is a party to an
    agreement whose cost model divides by population (from the agreement registry); without
    such an agreement, when each county on its date has all its municipalities of the table.
    """
    from ..agreements import load_registry
    from ..tools.population import load_population
    from ..tools.population_import import complete

    table = load_population(path)
    registry = load_registry(corpus_dir or path.parent)
    needed = sorted(
        {
            p.kommunkod
            for a in registry.with_cost_model()
            if a.cost_model is not None and a.cost_model.division.kind == "population"
            for p in a.municipalities()
        }
    )
    rows = [
        SnapshotRow(
            date=s.date.isoformat(),
            municipalities=len({r.kommunkod for r in s.rows}),
            inhabitants=sum(r.figure for r in s.rows),
            source=s.source,
            complete=s.covers(needed) if needed else complete(table, s),
        )
        for s in table.snapshots()
    ]
    return rows[::-1]
