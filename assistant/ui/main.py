"""The page as a whole: settings, the shared Assistant, sidebar and chat. `app.py` calls `render_app()`.

A user-facing error (no index, unreadable corpus, model missing) is shown as its
message and what to do about it, and the page stops there; never a traceback.
"""

from __future__ import annotations

import streamlit as st

from ..errors import AssistantError
from ..settings import Settings
from .resources import get_assistant
from .text import escape
from .view_chat import render_chat
from .view_sidebar import render_sidebar


def _settings() -> Settings:
    """Settings from the environment; a bad ASSISTANT_* value becomes an AssistantError naming it."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"ASSISTANT_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise AssistantError(
            f"Inställningarna kunde inte läsas ({problems}).", "Rätta värdet i miljön och starta om appen."
        ) from exc


def render_app() -> None:
    st.set_page_config(page_title="Avtalsassistenten", page_icon=":material/description:", layout="centered")
    try:
        settings = _settings()
        assistant = get_assistant(settings)
    except AssistantError as exc:
        st.title("Avtalsassistenten")
        st.error(escape(exc.message))
        if exc.hint:
            st.info(escape(exc.hint))
        st.stop()
    render_sidebar(assistant, settings)
    render_chat(assistant, settings)
