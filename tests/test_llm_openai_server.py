"""End to end through the real client: ChatOpenAI against an OpenAI-compatible server on 127.0.0.1.

ASSISTANT_LLM=openai:<model> and ASSISTANT_LLM_BASE_URL select it exactly as a
deployment would; replies come plain and streamed (server-sent events). The guard
must withhold a fabricated figure and a mis-cited sentence in both modes.
"""

from __future__ import annotations

import socket

import pytest

from assistant.answering.chat import ChatModelEngine
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.testing import FakeOpenAIServer
from assistant.types import Answer

MODEL = "openai:test-model"
QUESTION = "Vilket är det hemliga talet för avtal 1?"


@pytest.fixture
def server():
    with FakeOpenAIServer() as running:
        yield running


@pytest.fixture
def assistant(fake_settings: Settings, server: FakeOpenAIServer, monkeypatch) -> Assistant:
    monkeypatch.setenv("ASSISTANT_LLM", MODEL)
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", server.base_url)
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT_S", "2")
    settings = Settings(
        corpus_dir=fake_settings.corpus_dir, index_dir=fake_settings.index_dir, embedder="fake"
    )
    built = Assistant(settings)
    assert isinstance(built.engine, ChatModelEngine) and type(built.engine.model).__name__ == "ChatOpenAI"
    return built


def streamed(assistant: Assistant, question: str) -> tuple[str, Answer]:
    *pieces, final = list(assistant.ask_stream(question))
    assert all(isinstance(p, str) for p in pieces) and isinstance(final, Answer)
    return "".join(pieces), final


def test_plain_reply_passes_through_the_real_client(assistant: Assistant, server: FakeOpenAIServer):
    server.enqueue("Det hemliga talet för avtal 1 är 1234 [1].")
    answer = assistant.ask(QUESTION)
    assert answer.engine == MODEL and answer.answer == "Det hemliga talet för avtal 1 är 1234 [1]."
    assert answer.citations[0].quote == "Det hemliga talet för avtal 1 är 1234."
    request = server.requests[0]
    assert request["model"] == "test-model" and not request.get("stream")
    assert request["messages"][0]["role"] == "system" and "<utdrag" in request["messages"][1]["content"]


def test_streamed_reply_arrives_in_pieces_and_passes(assistant: Assistant, server: FakeOpenAIServer):
    server.enqueue("Det hemliga talet för avtal 1 är 1234 [1].")
    draft, final = streamed(assistant, QUESTION)
    assert server.requests[0]["stream"] is True
    assert draft == "Det hemliga talet för avtal 1 är 1234 [1]." and final.engine == MODEL
    assert final.answer == draft and final.citations


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
def test_a_fabricated_figure_is_withheld(assistant: Assistant, server: FakeOpenAIServer, stream: bool):
    server.enqueue("Det hemliga talet för avtal 1 är 1243 [1].")
    answer = streamed(assistant, QUESTION)[1] if stream else assistant.ask(QUESTION)
    assert answer.engine == "extractive" and "1243" not in answer.answer and "1234" in answer.answer
    (note,) = [n for n in answer.notes if "visas inte" in n]
    assert "«1243»" in note and MODEL in note
    print(f"\n[{'streamed' if stream else 'plain'}] withheld: {note}")


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
def test_a_mis_cited_sentence_is_withheld(assistant: Assistant, server: FakeOpenAIServer, stream: bool):
    question = "När sker fakturering för avtal 1?"
    hits = assistant.retrieve(question)
    wrong = next(n for n, h in enumerate(hits, start=1) if "hemliga talet för avtal 1" in h.chunk.text)
    server.enqueue(f"Fakturering sker i mars och september varje år för avtal 1 [{wrong}].")
    answer = streamed(assistant, question)[1] if stream else assistant.ask(question)
    assert answer.engine == "extractive" and "mars och september" in answer.answer
    (note,) = [n for n in answer.notes if "visas inte" in n]
    assert f"stöds inte av utdrag [{wrong}]" in note and "siffran" not in note
    print(f"\n[{'streamed' if stream else 'plain'}] withheld: {note}")


def test_a_server_error_then_success_is_one_retry(assistant: Assistant, server: FakeOpenAIServer):
    server.enqueue({"status": 503, "error": "overloaded"}, "Det hemliga talet för avtal 1 är 1234 [1].")
    answer = assistant.ask(QUESTION)
    assert len(server.requests) == 2 and answer.engine == MODEL


def test_a_slow_server_times_out_retries_once_and_falls_back(assistant: Assistant, server: FakeOpenAIServer):
    late = {"delay": 4, "content": "Det hemliga talet för avtal 1 är 1234 [1]."}
    server.enqueue(late, late)
    answer = assistant.ask(QUESTION)
    assert answer.engine == "extractive" and "1234" in answer.answer
    assert answer.notes[0].startswith(f"Språkmodellen ({MODEL}) svarade inte i tid")
    assert len(server.requests) == 2


def test_a_server_that_is_down_gives_the_extractive_answer(fake_settings: Settings):
    with socket.socket() as probe:  # a loopback port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = fake_settings.model_copy(
        update={"llm": MODEL, "llm_base_url": f"http://127.0.0.1:{port}/v1", "llm_timeout_s": 2}
    )
    answer = Assistant(settings).ask(QUESTION)
    assert (
        answer.engine == "extractive" and "1234" in answer.answer and "svarade inte i tid" in answer.notes[0]
    )


def test_the_network_guard_fails_loudly_outside_loopback(_no_network: list[str]):
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(model="x", base_url="http://10.255.255.1:9/v1", api_key="k", max_retries=0, timeout=2)
    with pytest.raises(BaseException, match="tests must stay offline"):
        model.invoke("hej")
    assert _no_network == ["10.255.255.1"]
    _no_network.clear()  # the attempt was this test's point; do not fail it at teardown
