"""No lost data: an ingest killed halfway, and two ingests at once.

A real `python -m assistant ingest` runs in a child process with a pause hook at
one stage of the build; the test kills it there with SIGKILL and checks that the
previous index answers exactly as before, and that the next ingest removes the
half-written build. Two ingests started together must run one after the other.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.ingest.pipeline import ingest
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.store import chroma, layout
from assistant.testing import FakeEmbedder

from .conftest import write_pdf

HOOK = '''
"""Run the ingest CLI with a pause at one stage (and a trace of the lock), for a test to kill or race."""
import contextlib, os, sys, time
from pathlib import Path

from assistant.cli import main
from assistant.store import chroma, layout
from assistant.testing import FakeEmbedder

marker, stage, seconds, trace = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), Path(sys.argv[4])


def pause():
    """Wait until the test creates 'release' beside the marker (or `seconds` pass)."""
    marker.write_text(stage)
    release, deadline = marker.parent / "release", time.monotonic() + seconds
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


real_lock = layout.ingest_lock


@contextlib.contextmanager
def traced_lock(index_dir, *args, **kwargs):
    with trace.open("a") as fh:
        fh.write(f"wait {os.getpid()}\\n")
    with real_lock(index_dir, *args, **kwargs):
        with trace.open("a") as fh:
            fh.write(f"enter {os.getpid()}\\n")
        try:
            yield
        finally:
            with trace.open("a") as fh:
                fh.write(f"exit {os.getpid()}\\n")


layout.ingest_lock = traced_lock
if stage == "embed":  # before the new build folder exists
    real_embed = FakeEmbedder.embed_passages
    FakeEmbedder.embed_passages = lambda self, texts: (pause(), real_embed(self, texts))[1]
elif stage == "chroma":  # chunks, vectors and Chroma written; no state.json yet
    real_write = chroma.write_vectors
    chroma.write_vectors = lambda *a: (real_write(*a), pause())[0]
elif stage == "publish":  # the build is complete on disk but was never made current
    real_publish = layout.publish
    layout.publish = lambda index_dir, build: (pause(), real_publish(index_dir, build))[1]
elif stage == "pointer":  # PREVIOUS written, CURRENT not yet replaced
    real_pointer = layout._write_pointer
    layout._write_pointer = lambda d, name, b: (name == "CURRENT" and pause(), real_pointer(d, name, b))[1]
sys.exit(main(["ingest", *sys.argv[5:]]))
'''

QUESTIONS = [
    "Vilket är det hemliga talet för avtal 0?",
    "Vilket är det hemliga talet för avtal 2?",
    "När sker fakturering för avtal 1?",
    "Vad kostar en ny bil?",
]


def _answers(settings: Settings) -> list[dict]:
    assistant = Assistant(settings, build_index=False)
    return [{**assistant.ask(q).to_dict(), "timings_ms": {}} for q in QUESTIONS]


def _child(settings: Settings, tmp_path: Path, stage: str, seconds: float, *paths: Path, tag: str = ""):
    """Start the hooked ingest CLI; returns the process and the marker file it touches at the pause."""
    script = tmp_path / "hooked_ingest.py"
    script.write_text(HOOK, encoding="utf-8")
    marker = tmp_path / f"paused-{stage}{tag}"
    env = {
        **os.environ,
        "ASSISTANT_EMBEDDER": "fake",
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
        "ASSISTANT_INDEX_DIR": str(settings.index_dir),
    }
    args = [sys.executable, str(script), str(marker), stage, str(seconds), str(tmp_path / "lock-trace")]
    proc = subprocess.Popen(
        [*args, *map(str, paths)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return proc, marker


def _wait_for(marker: Path, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            pytest.fail(f"ingest ended before pausing: {proc.communicate()}")
        assert time.monotonic() < deadline, "the hooked ingest never reached its pause"
        time.sleep(0.05)


def assert_consistent(settings: Settings) -> set[str]:
    """The current build's state, chunk table, vector matrix and Chroma collection agree; its documents."""
    build = layout.current_build(settings.index_dir)
    assert build is not None
    state = layout.read_state(build)
    chunks = layout.read_chunks(build)
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))
    assert set(ids) == {cid for d in state.documents.values() for cid in d.chunk_ids}
    assert {c.document for c in chunks} == set(state.documents)
    assert np.load(build / "vectors.npy").shape == (len(chunks), state.dim)
    collection = chroma._client(settings, build).get_collection(chroma.collection_name(settings, build))
    assert collection.count() == len(chunks)
    return set(state.documents)


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["embed", "chroma", "publish", "pointer"])
def test_ingest_killed_halfway_loses_nothing(fake_settings: Settings, tmp_path: Path, stage: str):
    ingest(fake_settings)
    index = fake_settings.index_dir
    current = (index / "CURRENT").read_text()
    before = _answers(fake_settings)
    write_pdf(fake_settings.corpus_dir / "avtal-3.pdf", ["Inledning\nDet hemliga talet för avtal 3 är 5150."])

    proc, marker = _child(fake_settings, tmp_path, stage, 120)
    _wait_for(marker, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    builds = {b.name for b in (index / "builds").iterdir()}
    if stage != "embed":
        assert len(builds) == 2  # the killed ingest left its build behind
    assert (index / "CURRENT").read_text() == current
    assert _answers(fake_settings) == before  # exactly as before the kill
    assert_consistent(fake_settings)

    report = ingest(fake_settings)  # the lock died with the process: this does not wait
    assert report.ok and report.added == ["avtal-3.pdf"]
    left = {b.name for b in (index / "builds").iterdir()}
    assert left == {current.strip(), report.build}  # half-written build gone, predecessor kept
    assert (index / "PREVIOUS").read_text().strip() == current.strip()
    assert "avtal-3.pdf" in assert_consistent(fake_settings)


def _alternates(trace: list[str]) -> bool:
    """'enter X' / 'exit X' lines (waits left out) come in pairs: one holder of the lock at a time."""
    held = [line for line in trace if not line.startswith("wait")]
    pairs = [held[i : i + 2] for i in range(0, len(held), 2)]
    return all(len(p) == 2 and p[0].startswith("enter") and p[1] == "exit" + p[0][5:] for p in pairs)


@pytest.mark.slow
def test_two_ingest_processes_are_serialised(fake_settings: Settings, tmp_path: Path):
    ingest(fake_settings)
    new = [
        write_pdf(
            tmp_path / "nya" / f"ny-{i}.pdf", [f"Inledning\nDet hemliga talet för nytt avtal {i} är {i}0{i}."]
        )
        for i in (1, 2)
    ]
    first, marker = _child(fake_settings, tmp_path, "embed", 60, new[0], tag="1")
    _wait_for(marker, first)  # the first holds the lock and is paused mid-ingest
    second, _ = _child(fake_settings, tmp_path, "embed", 60, new[1], tag="2")
    trace_file = tmp_path / "lock-trace"
    deadline = time.monotonic() + 60
    while f"wait {second.pid}" not in trace_file.read_text():
        assert second.poll() is None and time.monotonic() < deadline, second.communicate()
        time.sleep(0.05)
    time.sleep(0.5)  # the second is now polling the held lock
    (tmp_path / "release").touch()
    outs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outs

    trace = trace_file.read_text().splitlines()
    assert _alternates(trace)
    assert (
        trace.index(f"wait {second.pid}")
        < trace.index(f"exit {first.pid}")
        < trace.index(f"enter {second.pid}")
    )
    # each saw the other's work: neither new document was lost to an interleaved write
    assert assert_consistent(fake_settings) == {
        "avtal-0.pdf",
        "avtal-1.pdf",
        "avtal-2.pdf",
        "ny-1.pdf",
        "ny-2.pdf",
    }


class SlowEmbedder(FakeEmbedder):
    """The fake embedder, slowed down so two ingests would overlap without the lock."""

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        time.sleep(0.3)
        return super().embed_passages(texts)


def test_two_ingest_threads_are_serialised(fake_settings: Settings, tmp_path: Path, monkeypatch):
    ingest(fake_settings)
    trace: list[str] = []
    real_lock = layout.ingest_lock

    def traced(index_dir: Path, *args, **kwargs):
        import contextlib

        @contextlib.contextmanager
        def cm():
            with real_lock(index_dir, *args, **kwargs):
                trace.append(f"enter {threading.get_ident()}")
                try:
                    yield
                finally:
                    trace.append(f"exit {threading.get_ident()}")

        return cm()

    monkeypatch.setattr(layout, "ingest_lock", traced)
    new = [
        write_pdf(tmp_path / f"tråd-{i}.pdf", [f"Inledning\nTråd {i} lägger till avtal {i}."])
        for i in range(4)
    ]
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        try:
            assert ingest(fake_settings, [path], embedder=SlowEmbedder()).ok
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in new]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert len(trace) == 8 and _alternates(trace)
    assert assert_consistent(fake_settings) == {"avtal-0.pdf", "avtal-1.pdf", "avtal-2.pdf"} | {
        p.name for p in new
    }
