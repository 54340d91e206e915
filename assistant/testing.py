"""Test doubles shipped with the package: a deterministic fake embedder and chat models.

Users can test their own code against them too (`ASSISTANT_EMBEDDER=fake`).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np

_TOKEN = re.compile(r"[a-zåäöéü0-9]+")


class FakeEmbedder:
    """Hashes word tokens into a bag-of-words vector: deterministic, fast, offline.

    Texts sharing words get similar vectors, so retrieval behaves sensibly in tests.
    """

    name = "fake-hash-256"
    dim = 256

    def _vec(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for token in _TOKEN.findall(text.lower()):
            digest = hashlib.blake2b(token[:6].encode(), digest_size=4).digest()
            vec[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.array([self._vec(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)


def fake_chat_model(replies: list[str]):
    """A queue-driven chat model: each call returns the next reply (LangChain's fake model)."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    return FakeListChatModel(responses=list(replies))


class Hang:
    """A queued reply that never comes in time: the model waits `seconds` (a test's timeout is shorter)."""

    def __init__(self, seconds: float = 5.0) -> None:
        self.seconds = seconds


def recording_chat_model(replies: list[object]):
    """A queue-driven chat model that records what it was sent (`.history`: one message list per call).

    Each call takes the next queued item: a reply string, an Exception to raise, or a `Hang`.
    Streaming yields the reply word by word. With the queue empty it raises, naming the fix.
    """
    import threading
    from collections.abc import Iterator

    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
    from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
    from pydantic import Field, PrivateAttr

    class RecordingChatModel(BaseChatModel):
        replies: list[Any] = Field(default_factory=list)
        history: list[list[BaseMessage]] = Field(default_factory=list)
        _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

        @property
        def _llm_type(self) -> str:
            return "recording-fake"

        def enqueue(self, *replies: object) -> None:
            self.replies.extend(replies)

        def _next(self, messages: list[BaseMessage]) -> str:
            with self._lock:
                self.history.append(list(messages))
                if not self.replies:
                    raise AssertionError("RecordingChatModel has no reply queued: enqueue() one per call")
                item = self.replies.pop(0)
            if isinstance(item, Hang):
                threading.Event().wait(item.seconds)
                return "för sent"
            if isinstance(item, BaseException):
                raise item
            return str(item)

        def _generate(
            self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
        ):
            return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self._next(messages)))])

        def _stream(
            self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
        ) -> Iterator[ChatGenerationChunk]:
            reply = self._next(messages)
            for piece in re.findall(r"\S+\s*|\s+", reply):
                yield ChatGenerationChunk(message=AIMessageChunk(content=piece))

    return RecordingChatModel(replies=list(replies))


def with_chat_model(assistant, model, *, name: str = "fake:recording", timeout_s: float = 30.0):
    """A second Assistant over the same index whose answers come from `model` behind the guard."""
    from .answering.chat import ChatModelEngine
    from .service import Assistant

    engine = ChatModelEngine(
        model, name=name, fallback=assistant.engine, embedder=assistant.embedder, timeout_s=timeout_s
    )
    return Assistant(
        assistant.settings,
        embedder=assistant.embedder,
        engine=engine,
        today=assistant.today,
        build_index=False,
    )


class FakeOpenAIServer:
    """An OpenAI-compatible chat server on 127.0.0.1 for end-to-end tests through the real client.

    `enqueue` replies: strings; {"status": 401, "error": "..."} answers with an error;
    {"delay": s, "content": "..."} answers late. Parsed request bodies are kept in `requests`,
    their headers (lower-case names) in `headers`. Streamed requests (stream=true) get
    server-sent events, one chunk per word, then [DONE].
    Use as a context manager; `base_url` is what ASSISTANT_LLM_BASE_URL takes.
    """

    def __init__(self) -> None:
        import threading

        self.replies: list[object] = []
        self.requests: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server: Any = None

    def enqueue(self, *replies: object) -> None:
        with self._lock:
            self.replies.extend(replies)

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start the server first: use it as a context manager"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        import threading
        from http.server import ThreadingHTTPServer

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="fake-openai", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _take(self, body: dict, headers: dict[str, str]) -> object:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            return self.replies.pop(0) if self.replies else "INGET_SVAR"

    def _handler(self):
        import json
        import time
        from http.server import BaseHTTPRequestHandler

        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def _send(self, status: int, payload: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test): nothing to answer

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                reply = server._take(body, {k.lower(): v for k, v in self.headers.items()})
                if isinstance(reply, dict):
                    time.sleep(float(reply.get("delay", 0)))
                    if "error" in reply:
                        error = {"error": {"message": reply["error"], "type": "invalid_request_error"}}
                        self._send(
                            int(reply.get("status", 500)), json.dumps(error).encode(), "application/json"
                        )
                        return
                    reply = reply["content"]
                model = body.get("model", "fake")
                base = {"id": "chatcmpl-fake", "created": int(time.time()), "model": model}
                if not body.get("stream"):
                    message = {"role": "assistant", "content": str(reply)}
                    choice = {"index": 0, "message": message, "finish_reason": "stop"}
                    data = {**base, "object": "chat.completion", "choices": [choice]}
                    self._send(200, json.dumps(data).encode(), "application/json")
                    return
                events = []
                for piece in re.findall(r"\S+\s*|\s+", str(reply)):
                    choice = {"index": 0, "delta": {"content": piece}, "finish_reason": None}
                    events.append({**base, "object": "chat.completion.chunk", "choices": [choice]})
                done = {"index": 0, "delta": {}, "finish_reason": "stop"}
                events.append({**base, "object": "chat.completion.chunk", "choices": [done]})
                stream = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
                self._send(200, stream.encode(), "text/event-stream")

        return Handler
