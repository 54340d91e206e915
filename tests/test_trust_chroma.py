"""Chroma server trouble never hangs or breaks answering: down, silent, empty, or pruned under a live app.

A server that accepts connections and never answers is a loopback listener; a
stopped server is a port nobody listens on. Every case answers from the index
build's own vectors and says what is wrong in one line naming CHROMA_HOST/CHROMA_PORT.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.evaluation.scale.server import free_port
from assistant.ingest.pipeline import ingest
from assistant.service import Assistant
from assistant.settings import PROJECT_ROOT, Settings
from assistant.store import chroma
from assistant.store.chroma import VectorStoreError

from .conftest import CORPUS

BOUND_S = 60  # far above the 1 s timeouts below: only a wait without a limit reaches it
SECRET = "Vilket är det hemliga talet för avtal 2?"


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback listener that accepts every connection and never sends a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    server.close()


def _server_settings(settings: Settings, port: int) -> Settings:
    return settings.model_copy(
        update={
            "chroma_host": "127.0.0.1",
            "chroma_port": port,
            "chroma_connect_timeout": 1.0,
            "chroma_read_timeout": 1.0,
        }
    )


def _bounded(fn):
    """Run fn in a thread; fail (instead of hanging the suite) if it does not return within BOUND_S."""
    out: dict[str, object] = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except BaseException as exc:  # handed to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(BOUND_S)
    assert not thread.is_alive(), "waited without a limit on a silent Chroma server"
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return out["value"]


def test_a_silent_server_is_given_up_on_and_questions_still_answer(
    fake_settings: Settings, silent_port: int, caplog
):
    ingest(fake_settings)  # embedded: the build has its vectors
    settings = _server_settings(fake_settings, silent_port)
    assistant = _bounded(lambda: Assistant(settings, build_index=False))
    assert "9876" in _bounded(lambda: assistant.ask(SECRET)).answer
    [line] = [r.getMessage() for r in caplog.records if "CHROMA_HOST/CHROMA_PORT" in r.getMessage()]
    assert "did not answer within 1 s" in line and f"127.0.0.1:{silent_port}" in line
    with pytest.raises(VectorStoreError, match="did not answer within 1 s"):
        _bounded(lambda: ingest(settings))


@pytest.mark.slow
def test_a_stopped_server_gives_one_line_and_cost_questions_answer(tmp_path: Path, monkeypatch, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns("seeds", "make_pdfs.py"))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "fake")
    assert main(["ingest"]) == 0  # embedded
    capsys.readouterr()
    dead = free_port()  # nobody listens there
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(dead))
    where = f"127.0.0.1:{dead} (CHROMA_HOST/CHROMA_PORT)"

    assert main(["ingest"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and where in err and "refused the connection" in err

    # a new process, as a user runs it: one warning line on stderr, the calculation on stdout
    cmd = [sys.executable, "-m", "assistant", "ask", "Vad betalar Ånge 2026?"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=BOUND_S, cwd=PROJECT_ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert where in line and "refused the connection" in line
    assert "kr" in proc.stdout and "Ånge" in proc.stdout


@pytest.mark.slow
def test_an_empty_server_is_reported_not_used_and_ingest_fills_it(
    fake_settings: Settings, tmp_path: Path, caplog
):
    from assistant.evaluation.scale.server import ChromaServer

    ingest(fake_settings)  # embedded
    with ChromaServer(tmp_path / "empty-server", max_seconds=180) as server:
        settings = _server_settings(fake_settings, server.port).model_copy(
            update={"chroma_read_timeout": 30.0}
        )
        assistant = Assistant(settings, build_index=False)
        assert assistant.index.store.degraded
        assert any("has no collection" in r.getMessage() for r in caplog.records)
        assert "9876" in assistant.ask(SECRET).answer  # from the build's own vectors
        import chromadb

        client = chromadb.HttpClient(host="127.0.0.1", port=server.port)
        assert client.list_collections() == []  # no stray empty collection
        report = ingest(settings)  # nothing changed but the server lacks the vectors: written now
        assert report.ok and report.build
        names = [c.name for c in client.list_collections()]
        assert names == [f"{settings.collection}-{report.build}"]
        again = Assistant(settings, build_index=False)
        assert not again.index.store.degraded and "9876" in again.ask(SECRET).answer


@pytest.mark.slow
def test_a_live_assistant_keeps_answering_across_two_outside_ingests(fake_settings: Settings, tmp_path: Path):
    from assistant.evaluation.scale.server import ChromaServer

    from .conftest import SECRET_PAGES, write_pdf

    with ChromaServer(tmp_path / "server", max_seconds=240) as server:
        settings = _server_settings(fake_settings, server.port).model_copy(
            update={"chroma_read_timeout": 30.0}
        )
        ingest(settings)
        live = Assistant(settings, build_index=False)
        first = live.build
        assert "9876" in live.ask(SECRET).answer
        corpus = settings.corpus_dir
        for idx, secret in ((3, 5555), (4, 6666)):  # two ingests by someone else: the first build is pruned
            write_pdf(corpus / f"avtal-{idx}.pdf", [p.format(idx=idx, secret=secret) for p in SECRET_PAGES])
            assert ingest(settings.model_copy()).added == [f"avtal-{idx}.pdf"]
        assert not chroma.holds_build(settings, first, len(live.index.chunks))  # its collection is gone
        assert "9876" in live.ask(SECRET).answer  # the question that finds it gone still answers
        assert live.build != first and not live.index.store.degraded  # and the current build is loaded
        assert "6666" in live.ask("Vilket är det hemliga talet för avtal 4?").answer
