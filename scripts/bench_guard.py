"""How much latency the guard adds to a generated answer (a benchmark, not a test).

For each document question of evals/questions.yaml (dev and test, not refusals or
cost questions), the real retrieval runs, and a well-formed reply is written from
the extractive answer's sentences with a marker [n] pointing at the passage each
came from (the guard passes it). Timed per question, with the shipped embedder:

  - ask:          the whole extractive `ask()` (what answering costs today);
  - guard, cold:  `Guard.check` with an empty sentence-vector cache (first time a passage is cited);
  - guard, warm:  the same reply again (passages' sentence vectors cached).

It prints medians, p90 and the guard's cost as a share of `ask()`. A model call
(hundreds of ms to seconds) is not part of either figure.

    .venv/bin/python scripts/bench_guard.py [--limit N]   # ASSISTANT_INDEX_DIR etc. as usual
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.answering.guard import Guard
from assistant.evaluation.cases import load_cases
from assistant.service import Assistant
from assistant.settings import Settings


def reply_from(answer, hits) -> str | None:
    """'<quoted sentence> [n].' per citation, n = the hit the quote comes from."""
    parts = []
    for c in answer.citations:
        n = next((i for i, h in enumerate(hits, 1) if c.quote in h.chunk.text), None)
        if n is None:
            return None
        parts.append(f"{' '.join(c.quote.split()).rstrip('.:;')} [{n}].")
    return " ".join(parts) or None


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40, help="questions to time (default 40)")
    args = parser.parse_args()
    assistant = Assistant(Settings())
    cases = [
        c for c in load_cases().cases if not c.refuse and c.category in ("fakta", "korsdokument", "engelska")
    ]
    asks, colds, warms, passed = [], [], [], 0
    for case in cases[: args.limit]:
        t = time.perf_counter()
        answer = assistant.ask(case.question)
        ask_ms = (time.perf_counter() - t) * 1000
        if answer.refused or answer.calculation is not None:
            continue
        hits = assistant.retrieve(case.question)
        reply = reply_from(answer, hits)
        if reply is None:
            continue
        guard = Guard(assistant.embedder)
        t = time.perf_counter()
        verdict = guard.check(reply, hits, answer.language)
        colds.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        guard.check(reply, hits, answer.language)
        warms.append((time.perf_counter() - t) * 1000)
        asks.append(ask_ms)
        passed += verdict.shown
    if not asks:
        print("No document question gave a cited answer; is the index built (python -m assistant ingest)?")
        return 1
    print(
        f"embedder {assistant.embedder.name}; {len(asks)} questions; "
        f"guard passed {passed}/{len(asks)} replies"
    )
    for name, values in (("ask()", asks), ("guard, cold", colds), ("guard, warm", warms)):
        print(f"  {name:12} median {statistics.median(values):7.1f} ms   p90 {pct(values, 0.9):7.1f} ms")
    med = statistics.median(asks)
    cold, warm = statistics.median(colds) / med, statistics.median(warms) / med
    print(f"  guard / ask(): cold {cold:.2f}x, warm {warm:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
