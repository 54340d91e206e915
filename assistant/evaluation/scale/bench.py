"""Measure one corpus size on one Chroma deployment, each in a fresh process.

A fresh process per measurement keeps memory figures honest (a process's
resident memory never shrinks back) and makes every ingest start cold.
The worker prints one JSON object; the parent adds the server's share.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..metrics import percentile
from .generate import Fact, load_facts
from .server import ChromaServer

WORKER_TIMEOUT_S = 4 * 3600


def question_for(fact: Fact) -> str:
    return (
        f"Vad är minimidebiteringen för {fact.system} i avtalet mellan {fact.region} och {fact.municipality}?"
    )


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def worker(corpus: Path, index: Path, size: int, queries: int, host: str, port: int) -> dict:
    """Ingest the first `size` PDFs into `index`, then time warm questions. Runs in its own process."""
    import psutil

    from ...ingest.pipeline import ingest
    from ...service import Assistant
    from ...settings import Settings

    overrides = {"corpus_dir": corpus, "index_dir": index, "chroma_host": host, "chroma_port": port}
    settings = Settings(**overrides)
    files = sorted(corpus.glob("avtal-*.pdf"))[:size]
    started = time.perf_counter()
    report = ingest(settings, files)
    ingest_s = time.perf_counter() - started
    started = time.perf_counter()
    assistant = Assistant(settings, build_index=False)
    load_s = time.perf_counter() - started

    facts = load_facts(corpus)[:size]
    sample = random.Random(size).sample(facts, min(queries, len(facts)))
    assistant.ask(question_for(sample[0]))  # warm-up: first query pays lazy initialisation
    retrieve_ms, ask_ms, hits = [], [], 0
    for fact in sample:
        q = question_for(fact)
        t = time.perf_counter()
        top = assistant.retrieve(q, 5)
        retrieve_ms.append((time.perf_counter() - t) * 1000)
        hits += any(h.chunk.document == fact.file for h in top)
        t = time.perf_counter()
        assistant.ask(q)
        ask_ms.append((time.perf_counter() - t) * 1000)
    return {
        "size": size,
        "chunks": report.chunks,
        "failed": len(report.failed),
        "ingest_s": ingest_s,
        "load_s": load_s,
        "index_bytes": dir_bytes(index),
        "rss_bytes": psutil.Process().memory_info().rss,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "retrieve_p50_ms": percentile(retrieve_ms, 50),
        "retrieve_p95_ms": percentile(retrieve_ms, 95),
        "ask_p50_ms": percentile(ask_ms, 50),
        "ask_p95_ms": percentile(ask_ms, 95),
        "hit_at_5": hits / len(sample) if sample else None,
        "queries": len(sample),
    }


@dataclass
class Measurement:
    backend: str
    """'embedded' (PersistentClient) or 'server' (chroma run on localhost)."""
    figures: dict


def run_worker(corpus: Path, index: Path, size: int, queries: int, host: str = "", port: int = 8000) -> dict:
    """Run `worker` in a child process and return its figures."""
    shutil.rmtree(index, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "assistant.evaluation.scale",
        "worker",
        "--corpus",
        str(corpus),
        "--index",
        str(index),
        "--size",
        str(size),
        "--queries",
        str(queries),
        "--chroma-host",
        host,
        "--chroma-port",
        str(port),
    ]
    env = {k: v for k, v in os.environ.items() if k not in ("CHROMA_HOST", "CHROMA_PORT")}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=WORKER_TIMEOUT_S, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark worker failed for {size} documents:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(
    corpus: Path, workdir: Path, sizes: list[int], backends: list[str], queries: int, log=print
) -> list[Measurement]:
    """Every size on every backend; a fresh index (and a fresh server) for each."""
    out: list[Measurement] = []
    for backend in backends:
        for size in sizes:
            index = workdir / f"index-{backend}-{size}"
            log(f"{backend}: {size} documents ...")
            if backend == "server":
                data = workdir / f"chroma-server-{size}"
                shutil.rmtree(data, ignore_errors=True)
                with ChromaServer(data) as server:
                    figures = run_worker(corpus, index, size, queries, "127.0.0.1", server.port)
                    figures["server_rss_bytes"] = server.rss_bytes()
                figures["server_bytes"] = dir_bytes(data)
                figures["index_bytes"] += figures["server_bytes"]
            else:
                figures = run_worker(corpus, index, size, queries)
            log(f"  ingest {figures['ingest_s']:.1f} s, retrieve p50 {figures['retrieve_p50_ms']:.0f} ms")
            out.append(Measurement(backend, figures))
    return out
