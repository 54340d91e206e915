"""Sidebar panels that change data: the population table with SCB import, and adding an agreement PDF.

Both accept files only when `settings.allow_upload` is on (off by default: a shared
instance should not take files from anyone who can reach it). Without it, the
population panel names the command that imports an SCB export instead.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from ..errors import AssistantError
from ..service import Assistant
from ..settings import Settings
from . import status as st_status
from .text import escape, inline, swedish_number
from .upload import store_upload

MAX_CSV_MB = 5.0
"""An SCB export of a county's municipalities is a few kB; anything this big is the wrong file."""

Flash = Callable[[str, str], None]


def _show_error(exc: AssistantError, replace: tuple[str, str] | None = None) -> None:
    message, hint = exc.message, exc.hint
    if replace:  # a temporary path means nothing to the user; name their file instead
        message, hint = message.replace(*replace), hint.replace(*replace)
    st.error(escape(message))
    if hint:
        st.caption(escape(hint))


def render_population(settings: Settings, flash: Flash) -> None:
    st.subheader("Befolkning (SCB)")
    try:
        rows = st_status.population_rows(settings.population_path)
    except ImportError:
        st.caption("Beräkningsverktygen är inte installerade.")
        return
    except AssistantError as exc:
        _show_error(exc)
        rows = []
    for row in rows:
        coverage = f"{row.municipalities} kommuner" + ("" if row.complete else " (ofullständig)")
        st.markdown(
            f"**{inline(row.date)}** · {coverage} · {swedish_number(row.inhabitants)} invånare  \n"
            + f":gray[{inline(row.source)}]"
        )
    st.caption(inline(f"Tabell: {settings.population_path.name}"))
    if not settings.allow_upload:
        st.caption(
            "Lägg till nya siffror från SCB med `python -m assistant population import FIL` "
            "(uppladdning i appen slås på med ASSISTANT\\_ALLOW\\_UPLOAD=true)."
        )
        return
    file = st.file_uploader(
        "Importera SCB-export (CSV)",
        type=["csv", "txt"],
        key="scb-file",
        help="Folkmängd per kommun och år",
        max_upload_size=math.ceil(MAX_CSV_MB),
    )
    if st.button("Importera befolkningstal", key="scb-import", disabled=file is None, width="stretch"):
        if file is not None:
            _import_scb(settings, file.name, file.getvalue(), flash)


def _import_scb(settings: Settings, original: str, data: bytes, flash: Flash) -> None:
    from ..tools.population_import import import_scb, known_municipalities

    if len(data) > MAX_CSV_MB * 1024 * 1024:
        st.error(escape(f"{original} är över {MAX_CSV_MB:g} MB; en SCB-export per kommun är några kB."))
        return
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(original.replace("\\", "/")).name)[:80] or "scb.csv"
    with tempfile.TemporaryDirectory(prefix="scb-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            result = import_scb(
                path, settings.population_path, known=known_municipalities(settings.corpus_dir)
            )
        except AssistantError as exc:
            _show_error(exc, (str(path), original))
            return
    dates = ", ".join(d.isoformat() for d in result.dates)
    repaired = (
        f" {len(result.broken)} trasiga rader i den gamla tabellen togs bort (kopia: {result.backup.name})."
        if result.broken and result.backup
        else ""
    )
    flash("success", f"Importerade {dates}: {result.added} nya rader, {result.replaced} ersatta.{repaired}")


def render_upload(assistant: Assistant, settings: Settings, flash: Flash) -> None:
    """Add an agreement PDF: checked, stored under a generated name, ingested incrementally."""
    st.subheader("Lägg till avtal")
    file = st.file_uploader(
        f"Avtal som PDF (högst {settings.upload_max_mb:g} MB)",
        type=["pdf"],
        key="pdf-file",
        help="Filen sparas under ett nytt namn i corpus-mappen och läggs till i indexet.",
        max_upload_size=math.ceil(settings.upload_max_mb),  # the browser refuses bigger files early
    )
    if not st.button("Lägg till i indexet", key="pdf-add", disabled=file is None, width="stretch"):
        return
    if file is None:
        return
    bar = st.progress(0.0, text="Läser PDF:en …")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / total if total else 1.0, text="Indexerar …")

    try:
        result = store_upload(
            settings, file.name, file.getvalue(), embedder=assistant.embedder, progress=progress
        )
        assistant.reload()
    except AssistantError as exc:
        bar.empty()
        _show_error(exc)
        return
    flash(
        "success",
        f"{file.name} lades till som {result.file}: {result.pages} sidor, "
        f"{result.report.chunks} avsnitt i indexet.",
    )
