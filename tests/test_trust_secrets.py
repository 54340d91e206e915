"""Credentials never show: with a canary API key set, everything a user or a log can see is searched for it.

Covers the settings object itself, logs at DEBUG level, answers, ingest reports
and error messages in process, and the CLI's output with -v (success and
failure) in a child process, plus every file the index holds.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.ingest.pipeline import ingest
from assistant.service import Assistant
from assistant.settings import Settings

CANARY = "sk-kanariefagel-7f3a9c1e"


@pytest.fixture
def canary_settings(fake_settings: Settings, monkeypatch) -> Settings:
    monkeypatch.setenv("ASSISTANT_LLM_API_KEY", CANARY)
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(fake_settings.corpus_dir))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(fake_settings.index_dir))
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "fake")
    settings = Settings()
    assert settings.llm_api_key is not None and settings.llm_api_key.get_secret_value() == CANARY
    return settings


def test_settings_never_show_the_key(canary_settings: Settings):
    for shown in (repr(canary_settings), str(canary_settings), canary_settings.model_dump_json()):
        assert CANARY not in shown
    assert CANARY not in json.dumps(canary_settings.model_dump(mode="json"))


def test_logs_answers_and_errors_never_show_the_key(canary_settings: Settings, caplog, tmp_path: Path):
    caplog.set_level(logging.DEBUG)
    (canary_settings.corpus_dir / "trasig.pdf").write_bytes(b"%PDF-1.4 trasig")
    report = ingest(canary_settings)
    assistant = Assistant(canary_settings)
    answers = [
        assistant.ask(q).to_dict()
        for q in ("Vilket är det hemliga talet för avtal 1?", "", "Vad betalar Ånge 2026?", "x" * 5000)
    ]
    errors = []
    for broken in (
        canary_settings.model_copy(update={"index_dir": tmp_path / "saknas", "corpus_dir": tmp_path / "tom"}),
    ):
        with pytest.raises(AssistantError) as err:
            Assistant(broken)
        errors.append(f"{err.value} {err.value.hint}")
    seen = [caplog.text, repr(report), json.dumps(answers, ensure_ascii=False), *errors]
    assert report.failed and errors
    for text in seen:
        assert CANARY not in text


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "-v", *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_cli_output_and_index_never_show_the_key(canary_settings: Settings, tmp_path: Path):
    (canary_settings.corpus_dir / "tom.pdf").write_bytes(b"")
    env = {**os.environ, "ASSISTANT_LLM_API_KEY": CANARY}
    runs = [
        _cli(["ingest"], env),
        _cli(["ask", "--json", "Vilket är det hemliga talet för avtal 2?"], env),
        _cli(["ask", "Vad betalar Ånge 2026?"], env),
        _cli(["ask", "--batch", str(tmp_path / "finns-inte.txt")], env),
        _cli(["ask", "x"], {**env, "ASSISTANT_MAX_PAGES": "inte-ett-tal"}),
    ]
    assert [r.returncode for r in runs] == [1, 0, 0, 2, 2] or runs[-1].returncode != 0, [
        r.stderr for r in runs
    ]
    assert "tom.pdf" in runs[0].stderr and "9876" in runs[1].stdout
    for run in runs:
        assert CANARY not in run.stdout + run.stderr
        assert "Traceback" not in run.stderr
    for path in canary_settings.index_dir.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path


def test_chat_model_paths_never_show_the_key(canary_settings: Settings, caplog):
    """The key reaches the model server and nowhere else: not logs, notes, answers or reprs, even when
    the server echoes it back in an error (as some gateways do)."""
    from assistant.testing import FakeOpenAIServer

    caplog.set_level(logging.DEBUG)
    echo = {"status": 401, "error": f"Incorrect API key provided: {CANARY}"}
    with FakeOpenAIServer() as server:
        settings = canary_settings.model_copy(
            update={"llm": "openai:test-model", "llm_base_url": server.base_url, "llm_timeout_s": 2}
        )
        server.enqueue(echo, echo, "Det hemliga talet för avtal 1 är 1234 [1].", echo, echo)
        ingest(settings)
        assistant = Assistant(settings)
        question = "Vilket är det hemliga talet för avtal 1?"
        answers = [assistant.ask(question), assistant.ask(question), *assistant.ask_stream(question)]
        assert server.headers[0]["authorization"] == f"Bearer {CANARY}"  # the server did get it
    shown = [a.to_dict() for a in answers if not isinstance(a, str)]
    assert shown[0]["engine"] == "extractive" and shown[1]["engine"] == "openai:test-model"
    seen = [caplog.text, json.dumps(shown, ensure_ascii=False), repr(assistant.engine.model), repr(settings)]
    for text in seen:
        assert CANARY not in text
