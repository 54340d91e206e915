import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.settings import PROJECT_ROOT


def _run(args: list[str], settings, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "ASSISTANT_INDEX_DIR": str(settings.index_dir),
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
        "ASSISTANT_EMBEDDER": settings.embedder,
    }
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        input=stdin,
        timeout=300,
    )


def test_help_lists_commands():
    out = subprocess.run(
        [sys.executable, "-m", "assistant", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("ingest", "ask"):
        assert command in out.stdout


def test_ask_json_contract(real_index):
    proc = _run(["ask", "--json", "Vad är minimidebiteringen?"], real_index)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert {"question", "answer", "refused", "citations", "calculation", "timings_ms"} <= set(data)
    assert data["question"] == "Vad är minimidebiteringen?"
    assert data["refused"] is False
    assert {"document", "page", "quote"} <= set(data["citations"][0])
    assert "total" in data["timings_ms"]


def test_batch_keeps_order_one_object_per_line(real_index, tmp_path: Path):
    questions = [
        "När faktureras kommunerna i Västernorrland?",
        "Vem vann fotbolls-VM 2018?",
        "Vad är minimidebiteringen?",
    ]
    batch = tmp_path / "q.txt"
    batch.write_text("\n".join(questions) + "\n", encoding="utf-8")
    proc = _run(["ask", "--json", "--batch", str(batch)], real_index)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.strip().splitlines()]
    assert [r["question"] for r in rows] == questions
    assert [r["refused"] for r in rows] == [False, True, False]


def test_readable_answer_lists_sources(real_index):
    proc = _run(["ask", "När faktureras kommunerna i Västernorrland?"], real_index)
    assert proc.returncode == 0
    assert "juni och december" in " ".join(proc.stdout.split())
    assert "Källor:" in proc.stdout and "s. 2" in proc.stdout


def test_missing_question_and_bad_batch_file_exit_cleanly(real_index, tmp_path: Path):
    proc = _run(["ask"], real_index)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "fråga" in proc.stderr
    proc = _run(["ask", "--batch", str(tmp_path / "saknas.txt")], real_index)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "saknas.txt" in proc.stderr


def test_ingest_reports_failures_with_exit_status(fake_settings):
    (fake_settings.corpus_dir / "inte-pdf.pdf").write_text("hej", encoding="utf-8")
    proc = _run(["ingest"], fake_settings)
    assert proc.returncode == 1
    assert "inte-pdf.pdf" in proc.stderr and "Traceback" not in proc.stderr
    assert "3 added" in proc.stdout
