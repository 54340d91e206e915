"""The sidebar: what is indexed, whether the index is current (with a rebuild button), and which models run.

Changes (rebuild, upload, SCB import) leave a one-line message in the session and
rerun the page, so every panel is drawn from the new state.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ..errors import AssistantError
from ..ingest.pipeline import IngestReport, corpus_pdfs, ingest
from ..service import Assistant
from ..settings import Settings
from . import status as st_status
from .text import escape, inline
from .view_admin import render_population, render_upload
from .view_agreement import render_missing

FLASH = "sidebar-flash"


def flash(kind: str, text: str) -> None:
    """Keep a message for the next run (shown at the top of the sidebar), then rerun."""
    st.session_state[FLASH] = (kind, text)
    st.rerun()


def _show_flash() -> None:
    kind, text = st.session_state.pop(FLASH, ("", ""))
    if kind == "success":
        st.success(escape(text), icon=":material/check_circle:")
    elif kind == "error":
        st.error(escape(text))


@st.cache_data(max_entries=16, show_spinner=False)
def _status(build: str, corpus: str, fingerprint: tuple[tuple[str, int, int], ...]) -> st_status.IndexStatus:
    del fingerprint  # cache key only: a new, edited or removed PDF changes it
    return st_status.index_status(Path(build), Path(corpus))


def _fingerprint(corpus_dir: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in corpus_pdfs(corpus_dir))


def summary(report: IngestReport) -> str:
    """One Swedish line about what an ingest did."""
    parts = [
        f"{len(report.added)} nya",
        f"{len(report.updated)} uppdaterade",
        f"{len(report.removed)} borttagna",
        f"{len(report.unchanged)} oförändrade",
    ]
    text = f"Indexet är uppdaterat: {', '.join(parts)} dokument, {report.chunks} avsnitt."
    if report.failed:
        text += " Kunde inte läsas: " + "; ".join(msg for _, msg in report.failed)
    if report.duplicates:
        text += " Dubbletter: " + ", ".join(f"{a} (= {b})" for a, b in report.duplicates)
    return text


def _rebuild(assistant: Assistant, settings: Settings) -> None:
    bar = st.progress(0.0, text="Läser avtalen …")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / total if total else 1.0, text=f"{done}/{total} {name}".strip())

    try:
        report = ingest(settings, embedder=assistant.embedder, progress=progress)
        assistant.reload()
    except AssistantError as exc:
        bar.empty()
        st.error(escape(exc.message))
        st.caption(escape(exc.hint))
        return
    flash("error" if report.failed else "success", summary(report))


def render_index(assistant: Assistant, settings: Settings) -> None:
    st.subheader("Index")
    state = _status(str(assistant.build), str(settings.corpus_dir), _fingerprint(settings.corpus_dir))
    st.markdown(
        f"**{state.documents}** dokument, **{state.chunks}** avsnitt  \n"
        + inline(f"Byggt {state.created} ({state.build})")
    )
    if state.up_to_date:
        st.caption("Indexet stämmer med PDF-filerna i corpus-mappen.")
    else:
        lines = [
            *(f"Ny: {n}" for n in state.new),
            *(f"Ändrad: {n}" for n in state.changed),
            *(f"Borttagen: {n}" for n in state.missing),
        ]
        st.warning("Indexet är inte aktuellt:  \n" + escape("\n".join(lines)), icon=":material/sync_problem:")
    if st.button("Uppdatera index", key="rebuild", icon=":material/refresh:", width="stretch"):
        _rebuild(assistant, settings)


def render_documents(assistant: Assistant) -> None:
    st.subheader("Dokument i indexet")
    for row in st_status.document_rows(assistant.index.chunks, assistant.build):
        facts = " · ".join(x for x in (row.region, row.kind, row.date) if x)
        st.markdown(
            f"**{inline(row.title)}**  \n"
            + inline(f"{facts} · {row.pages} sidor · {row.chunks} avsnitt")
            + "  \n"
            + f":gray[{inline(row.file)}]",
        )


def render_models(assistant: Assistant, settings: Settings) -> None:
    st.subheader("Modeller")
    engine = getattr(assistant.engine, "name", settings.answer_engine)
    st.markdown(
        inline(f"Inbäddning: {assistant.embedder.name} ({settings.embedder})")
        + "  \n"
        + inline(f"Svarsmotor: {st_status.ENGINES.get(engine, engine)}")
    )


def render_sidebar(assistant: Assistant, settings: Settings) -> None:
    """Everything in the sidebar, top to bottom."""
    with st.sidebar:
        _show_flash()
        render_documents(assistant)
        render_missing(assistant, settings, flash)
        render_index(assistant, settings)
        render_population(settings, flash)
        if settings.allow_upload:
            render_upload(assistant, settings, flash)
        render_models(assistant, settings)
