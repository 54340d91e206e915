"""Measure one corpus size on one Chroma deployment, each in a fresh process.

A fresh process per phase keeps memory figures honest (a process's resident
memory never shrinks back), makes every ingest start cold, and makes the load a
real cold start: the questions are asked by a second process that imports the
package and opens the index the ingest left. Each worker prints one JSON
object; the parent merges them and adds the server's share.
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


RAW_SAMPLE = 256
"""Passages embedded a second time, on their own, to measure the embedder's raw throughput."""


def _settings(corpus: Path, index: Path, host: str, port: int):
    from ...settings import Settings

    return Settings(corpus_dir=corpus, index_dir=index, chroma_host=host, chroma_port=port)


def raw_sample(texts: list[str], n: int = RAW_SAMPLE) -> list[str]:
    """An even spread of `n` of the passages (all of them when there are fewer)."""
    if len(texts) <= n:
        return list(texts)
    step = len(texts) / n
    return [texts[int(i * step)] for i in range(n)]


def ingest_worker(corpus: Path, index: Path, size: int, host: str, port: int) -> dict:
    """Ingest the first `size` PDFs into `index`, then embed a sample of the same passages alone.

    Ingest throughput over raw embedder throughput, in the same process and the same run, says
    how much of ingest is anything but embedding (reading PDFs, chunking, checks, Chroma).
    """
    from ...embeddings import make_embedder
    from ...ingest.pipeline import embed_text, ingest
    from ...store import layout

    settings = _settings(corpus, index, host, port)
    files = sorted(corpus.glob("avtal-*.pdf"))[:size]
    started = time.perf_counter()
    report = ingest(settings, files)
    ingest_s = time.perf_counter() - started
    build = layout.current_build(index)
    texts = [embed_text(c) for c in layout.read_chunks(build)] if build else []
    sample = raw_sample(texts)
    embedder = make_embedder(settings)
    started = time.perf_counter()
    embedder.embed_passages(sample)
    raw_s = time.perf_counter() - started
    return {
        "size": size,
        "chunks": report.chunks,
        "failed": len(report.failed),
        "ingest_s": ingest_s,
        "ingest_per_s": report.chunks / ingest_s if ingest_s else 0.0,
        "raw_passages": len(sample),
        "raw_per_s": len(sample) / raw_s if raw_s else 0.0,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def serve_worker(
    corpus: Path, index: Path, size: int, queries: int, host: str, port: int, spawned_at: float | None = None
) -> dict:
    """Cold start in this fresh process (interpreter, imports, `Assistant()`, a first answer), then warm ones.

    `spawned_at` is the parent's clock when it started this process; without it the process's own
    start time is used, which psutil derives from a boot time in whole seconds (up to 1 s early).
    """
    import psutil

    started = time.perf_counter()
    from ...service import Assistant

    imports_s = time.perf_counter() - started
    settings = _settings(corpus, index, host, port)
    started = time.perf_counter()
    assistant = Assistant(settings, build_index=False)
    load_s = time.perf_counter() - started

    facts = load_facts(corpus)[:size]
    sample = random.Random(size).sample(facts, min(queries, len(facts)))
    assistant.ask(question_for(sample[0]))  # the first answer: what a user waits for, and the warm-up
    cold_s = time.time() - (spawned_at or psutil.Process().create_time())
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
        "imports_s": imports_s,
        "load_s": load_s,
        "cold_s": cold_s,
        "index_bytes": dir_bytes(index),
        "rss_bytes": psutil.Process().memory_info().rss,
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


def _child(phase: str, corpus: Path, index: Path, size: int, queries: int, host: str, port: int) -> dict:
    cmd = [sys.executable, "-m", "assistant.evaluation.scale", "worker", "--phase", phase]
    cmd += ["--corpus", str(corpus), "--index", str(index), "--size", str(size), "--queries", str(queries)]
    cmd += ["--chroma-host", host, "--chroma-port", str(port)]
    env = {k: v for k, v in os.environ.items() if k not in ("CHROMA_HOST", "CHROMA_PORT")}
    cmd += ["--spawned-at", repr(time.time())]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=WORKER_TIMEOUT_S, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark {phase} worker failed for {size} documents:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_worker(corpus: Path, index: Path, size: int, queries: int, host: str = "", port: int = 8000) -> dict:
    """Ingest in one child process, then cold start and questions in a second, fresh one."""
    shutil.rmtree(index, ignore_errors=True)
    figures = _child("ingest", corpus, index, size, queries, host, port)
    figures.update(_child("serve", corpus, index, size, queries, host, port))
    return figures


def ratio(figures: dict) -> float:
    """Ingest passages per second over the raw embedder's passages per second (1.0 = only embedding)."""
    return figures["ingest_per_s"] / figures["raw_per_s"] if figures.get("raw_per_s") else 0.0


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
            log(
                f"  ingest {figures['ingest_s']:.1f} s ({ratio(figures):.2f} × the raw embedder), "
                f"cold start {figures['cold_s']:.2f} s, retrieve p50 {figures['retrieve_p50_ms']:.0f} ms"
            )
            out.append(Measurement(backend, figures))
    return out
