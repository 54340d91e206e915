"""The chat: welcome and example questions on an empty chat, the history, and the question box.

History lives in `st.session_state` (one per browser session); the Assistant is the
shared, cached one. A question is taken from the chat input or from a clicked
example, answered once, and stored with its Answer so a rerun redraws it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
import yaml

from ..errors import AssistantError
from ..service import Assistant
from ..settings import Settings
from ..types import Answer
from .text import escape
from .view_answer import render_answer

FALLBACK_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("Fakturering", "När faktureras kommunerna?"),
    ("Ansvar", "Vem ansvarar för lokal support?"),
    ("In English", "Who is responsible for local support?"),
)
"""Shown when the corpus has no examples.yaml."""


def examples(corpus_dir: Path) -> tuple[tuple[str, str], ...]:
    """(topic, question) shown as buttons to new staff, from corpus/examples.yaml."""
    path = corpus_dir / "examples.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        items = tuple((str(e["topic"]), str(e["question"])) for e in data.get("examples") or ())
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        return FALLBACK_EXAMPLES
    return items or FALLBACK_EXAMPLES


WELCOME = (
    "Ställ frågor om avtalen kring IT-stödet **Lifecare Samordnad Planering** – vem som betalar vad, "
    "vem som ansvarar för vad, hur länge avtalen gäller och hur supporten och faktureringen fungerar. "
    "Varje svar hänvisar till avtalstexten med numrerade källor: öppna en källa för att se citatet "
    "markerat på PDF-sidan. Belopp räknas ut steg för steg från avtalen och SCB:s befolkningstal. "
    "Finns svaret inte i avtalen säger assistenten det och visar de närmaste avsnitten."
)


@dataclass(frozen=True)
class Turn:
    """One chat message: the user's question, or the assistant's answer (or error)."""

    role: str
    text: str
    answer: Answer | None = None
    error_hint: str = ""


def _history() -> list[Turn]:
    return st.session_state.setdefault("messages", [])


def _ask_example(question: str) -> None:
    st.session_state["pending_question"] = question


def new_conversation() -> None:
    """Forget this session's history (the index and models stay loaded)."""
    st.session_state["messages"] = []
    st.session_state.pop("pending_question", None)


def render_onboarding(settings: Settings) -> None:
    st.markdown(WELCOME)
    st.markdown("**Prova till exempel:**")
    columns = st.columns(2)
    for n, (topic, question) in enumerate(examples(settings.corpus_dir)):
        with columns[n % 2]:
            st.button(
                question,
                key=f"example-{n}",
                help=topic,
                on_click=_ask_example,
                args=(question,),
                width="stretch",
            )


def _render_reply(turn: Turn, settings: Settings, key: str) -> None:
    if turn.answer is not None:
        render_answer(turn.answer, settings, key)
    else:
        st.error(escape(turn.text))
        if turn.error_hint:
            st.caption(escape(turn.error_hint))


def _render_turn(turn: Turn, settings: Settings, key: str) -> None:
    with st.chat_message(turn.role):
        if turn.role == "user":
            st.markdown(escape(turn.text))
        else:
            _render_reply(turn, settings, key)


DRAFT = "Utkast från språkmodellen – kontrolleras mot källorna innan det visas som svar"


def _answer(assistant: Assistant, question: str, earlier: list[Answer]) -> Turn:
    """Ask, showing a streamed draft as it comes; the draft is then cleared for the checked answer.

    Call inside the reply's chat message. The draft is unchecked model text: it is shown
    escaped, marked as a draft, and never kept.
    """
    draft = st.empty()
    text = ""
    answer: Answer | None = None
    try:
        with st.spinner("Söker i avtalen …"):
            for item in assistant.ask_stream(question, history=earlier):
                if isinstance(item, Answer):
                    answer = item
                    continue
                text += item
                with draft.container():
                    st.caption(DRAFT, help="Siffror och källhänvisningar kontrolleras när utkastet är klart.")
                    st.markdown(escape(text))
    except AssistantError as exc:
        draft.empty()
        return Turn("assistant", exc.message, error_hint=exc.hint)
    draft.empty()
    if answer is None:  # pragma: no cover - ask_stream always ends with the Answer
        return Turn("assistant", "Inget svar kom tillbaka.", error_hint="Fråga igen.")
    return Turn("assistant", answer.answer, answer)


def render_chat(assistant: Assistant, settings: Settings) -> None:
    """Title, history, and the question box; answers a new question at the bottom."""
    head, button = st.columns([4, 1], vertical_alignment="bottom")
    head.title("Avtalsassistenten")
    button.button(
        "Nytt samtal",
        key="new-conversation",
        on_click=new_conversation,
        icon=":material/add_comment:",
        width="stretch",
    )

    typed = st.chat_input(
        "Ställ en fråga om avtalen, t.ex. 'Vem ansvarar för lokal support?'", key="question"
    )
    question = typed or st.session_state.pop("pending_question", None)
    history = _history()
    if not history and not question:
        render_onboarding(settings)
    for n, turn in enumerate(history):
        _render_turn(turn, settings, f"m{n}")
    if question:
        asked = Turn("user", question)
        _render_turn(asked, settings, f"m{len(history)}")
        earlier = [t.answer for t in history if t.answer is not None]  # a follow-up resolves against them
        with st.chat_message("assistant"):
            reply = _answer(assistant, question, earlier)
            _render_reply(reply, settings, f"m{len(history) + 1}")
        history.extend((asked, reply))
