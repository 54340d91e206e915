"""The app with a chat model configured: the checked answer replaces the draft, a withheld one says why,
and the app keeps answering with the model down."""

from __future__ import annotations

import socket

import pytest
from streamlit.testing.v1 import AppTest

from assistant.settings import Settings
from assistant.testing import FakeOpenAIServer

from .test_app import ask, plain, start, texts

MODEL = "openai:test-model"
QUESTION = "Vilket är det hemliga talet för avtal 1?"


@pytest.fixture
def server():
    with FakeOpenAIServer() as running:
        yield running


def app_with(monkeypatch, settings: Settings, base_url: str) -> AppTest:
    return start(monkeypatch, settings, embedder="fake", llm=MODEL, llm_base_url=base_url, llm_timeout_s="2")


def captions(message) -> str:
    return plain("\n".join(c.value for c in message.caption))


def test_a_checked_streamed_answer_replaces_the_draft(monkeypatch, fake_settings, server):
    server.enqueue("Det hemliga talet för avtal 1 är 1234 [1].")
    at = ask(app_with(monkeypatch, fake_settings, server.base_url), QUESTION)
    reply = at.main.chat_message[1]
    assert server.requests[-1]["stream"] is True
    assert "Det hemliga talet för avtal 1 är 1234" in plain(texts(reply.markdown))
    assert f"Svarat av: {MODEL}" in captions(reply) and "Utkast" not in captions(reply)
    assert reply.expander and "1234" in plain(texts(reply.expander[0].markdown))


def test_a_withheld_answer_shows_the_extractive_one_and_the_reason(monkeypatch, fake_settings, server):
    server.enqueue("Det hemliga talet för avtal 1 är 9999 [1].")
    at = ask(app_with(monkeypatch, fake_settings, server.base_url), QUESTION)
    reply = at.main.chat_message[1]
    shown = plain(texts(reply.markdown))
    assert "9999" not in shown and "1234" in shown and "Utkast" not in captions(reply)
    assert any("«9999»" in plain(i.value) and "visas inte" in plain(i.value) for i in reply.info)
    assert "Svarat av: extraktiv" in captions(reply)


def test_the_app_stays_usable_with_the_model_down(monkeypatch, fake_settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    at = app_with(monkeypatch, fake_settings, f"http://127.0.0.1:{port}/v1")
    for question in (QUESTION, "När sker fakturering för avtal 2?"):
        ask(at, question)
    replies = at.main.chat_message[1::2]
    assert len(replies) == 2 and not at.exception
    assert "1234" in plain(texts(replies[0].markdown)) and "mars och september" in plain(
        texts(replies[1].markdown)
    )
    assert all("svarade inte i tid" in plain(r.info[0].value) for r in replies)
