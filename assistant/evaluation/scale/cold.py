"""Cold start on indexes that already exist: `--reuse DIR`, seconds instead of the ingest's hour.

A cold start is what a user waits for from starting the process to the first answer:
interpreter, imports, `Assistant()` and one question that needs retrieval (a minimum
charge of one agreement). Each run is a fresh process; the figure is the median.
The clock starts in the parent just before the child is spawned: `psutil`'s process
start time is derived from the boot time in whole seconds, which can put it up to
a second early.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .generate import load_facts

COLD_TIMEOUT_S = 600


def cold_worker(corpus: Path, index: Path, size: int, spawned_at: float) -> dict:
    """In a fresh process: import, load, answer one question; seconds since the parent spawned it."""
    started = time.perf_counter()
    from ...service import Assistant
    from ...settings import Settings
    from .bench import question_for

    imports_s = time.perf_counter() - started
    started = time.perf_counter()
    assistant = Assistant(Settings(corpus_dir=corpus, index_dir=index), build_index=False)
    load_s = time.perf_counter() - started
    fact = load_facts(corpus)[0]
    started = time.perf_counter()
    answer = assistant.ask(question_for(fact))
    first_ask_s = time.perf_counter() - started
    return {
        "cold_s": time.time() - spawned_at,
        "imports_s": imports_s,
        "load_s": load_s,
        "first_ask_s": first_ask_s,
        "chunks": len(assistant.index.chunks),
        "hit": any(c.document == fact.file for c in answer.citations),
        "heavy_modules": sorted({"chromadb", "langchain_core", "pypdf", "torch"} & set(sys.modules)),
    }


def _one_run(workdir: Path, size: int) -> dict:
    cmd = [sys.executable, "-m", "assistant.evaluation.scale", "worker", "--phase", "cold"]
    cmd += ["--corpus", str(workdir / "corpus"), "--index", str(workdir / f"index-embedded-{size}")]
    cmd += ["--size", str(size)]
    env = {k: v for k, v in os.environ.items() if k not in ("CHROMA_HOST", "CHROMA_PORT")}
    load = os.getloadavg()[0]
    cmd += ["--spawned-at", repr(time.time())]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=COLD_TIMEOUT_S, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"cold-start worker failed for {size} documents:\n{proc.stderr[-2000:]}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["load_avg"] = load
    return figures


def measure_cold(workdir: Path, sizes: list[int], runs: int, log=print) -> list[dict]:
    """`runs` fresh processes per size, one after another; the median and spread of each figure."""
    rows = []
    for size in sizes:
        index = workdir / f"index-embedded-{size}"
        if not (index / "CURRENT").is_file():
            raise SystemExit(f"{index} holds no index; a full run with --workdir {workdir} builds it.")
        results = [_one_run(workdir, size) for _ in range(runs)]
        cold = [r["cold_s"] for r in results]
        row = {
            "size": size,
            "chunks": results[0]["chunks"],
            "runs": runs,
            "cold_s": statistics.median(cold),
            "cold_min_s": min(cold),
            "cold_max_s": max(cold),
            "imports_s": statistics.median(r["imports_s"] for r in results),
            "load_s": statistics.median(r["load_s"] for r in results),
            "first_ask_s": statistics.median(r["first_ask_s"] for r in results),
            "load_avg_min": min(r["load_avg"] for r in results),
            "load_avg_max": max(r["load_avg"] for r in results),
            "hits": sum(r["hit"] for r in results),
            "heavy_modules": sorted({m for r in results for m in r["heavy_modules"]}),
        }
        log(
            f"{size} documents: cold start {row['cold_s']:.2f} s (median of {runs}, "
            f"{row['cold_min_s']:.2f}-{row['cold_max_s']:.2f}), load average "
            f"{row['load_avg_min']:.1f}-{row['load_avg_max']:.1f}"
        )
        rows.append(row)
    return rows


def render_cold(rows: list[dict]) -> str:
    """A Markdown table of the cold-start rows."""
    lines = [
        "| dokument | chunks | kallstart (median) | min–max | importer | laddning | första frågan "
        "| belastning (1 min) | rätt svar |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['size']} | {r['chunks']} | {r['cold_s']:.2f} s "
            f"| {r['cold_min_s']:.2f}–{r['cold_max_s']:.2f} s "
            f"| {r['imports_s']:.2f} s | {r['load_s']:.2f} s | {r['first_ask_s']:.2f} s "
            f"| {r['load_avg_min']:.1f}–{r['load_avg_max']:.1f} | {r['hits']}/{r['runs']} |"
        )
    return "\n".join(lines)
