"""Things loaded once and shared: the Assistant (models and index) per process, rendered pages per file.

`st.cache_resource` keeps one Assistant for every session of the server: it is safe
to share between threads, and sessions only read it (an ingest publishes a new build
and `reload()` swaps it in atomically). Page images and PDF bytes are cached by file
modification time, so an edited PDF is rendered again.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ..service import Assistant
from ..settings import Settings
from .pages import PageImage, render_page


@st.cache_resource(show_spinner="Laddar modeller och index …")
def _assistant(_settings: Settings, key: str) -> Assistant:
    del key  # only part of the cache key: settings are hashed as their JSON
    return Assistant(_settings)


def get_assistant(settings: Settings) -> Assistant:
    """The process-wide Assistant for these settings (built on first use; builds the index if missing)."""
    return _assistant(settings, settings.model_dump_json())


def corpus_file(settings: Settings, document: str) -> Path | None:
    """The PDF of an indexed document, only if it lies directly inside corpus_dir."""
    corpus = settings.corpus_dir.resolve()
    path = (corpus / document).resolve()
    return path if path.parent == corpus and path.is_file() else None


@st.cache_data(max_entries=256, show_spinner=False)
def _page_image(path: str, mtime_ns: int, page: int, quote: str) -> PageImage:
    del mtime_ns  # cache key only
    return render_page(Path(path), page, quote)


def page_image(path: Path, page: int, quote: str) -> PageImage:
    """The page rendered with the quote highlighted, cached per file version."""
    return _page_image(str(path), path.stat().st_mtime_ns, page, quote)


@st.cache_data(max_entries=64, show_spinner=False)
def _pdf_bytes(path: str, mtime_ns: int) -> bytes:
    del mtime_ns
    return Path(path).read_bytes()


def pdf_bytes(path: Path) -> bytes:
    """The PDF's bytes for the download button, cached per file version."""
    return _pdf_bytes(str(path), path.stat().st_mtime_ns)
