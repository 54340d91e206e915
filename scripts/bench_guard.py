"""How much latency the guard adds to a generated answer (a benchmark, not a test).

For each document question of evals/questions.yaml (dev and test, not refusals or
cost questions), the real retrieval runs, and a well-formed reply is written from
the extractive answer's sentences with a marker [n] pointing at the passage each
came from (the guard passes it). Timed per question, with the shipped embedder:

  - ask:          the whole extractive `ask()` (what answering costs today);
  - guard, cold:  `Guard.check` with an empty sentence-vector cache (first time a passage is cited);
  - guard, warm:  the same reply again (passages' sentence vectors cached);
  - shortened:    each sentence cut to two thirds of its words, a rough stand-in for a
                  model's paraphrase (more near-ties, so more sentences are embedded).

It prints medians, p90 and the guard's cost as a share of `ask()`. A model call
(hundreds of ms to seconds) is not part of either figure.

    .venv/bin/python scripts/bench_guard.py [--limit N]   # ASSISTANT_INDEX_DIR etc. as usual
"""

from __future__ import annotations

import argparse
import re
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
        flat = re.sub(r"[.:;]\s+(?=\S)", ", ", " ".join(c.quote.split()))  # one sentence per quote
        parts.append(f"{flat.rstrip('.:;')} [{n}].")
    return " ".join(parts) or None


class Counting:
    """The embedder, counting the texts the guard embeds."""

    def __init__(self, inner) -> None:
        self.inner, self.texts = inner, 0
        self.name, self.dim = inner.name, inner.dim

    def embed_passages(self, texts):
        self.texts += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        self.texts += 1
        return self.inner.embed_query(text)


def shortened(reply: str) -> str:
    """A rough paraphrase: each sentence keeps its first two thirds of words (and its marker)."""
    out = []
    for part in re.findall(r"[^\[]+\[\d+\]\.?", reply):
        text, marker = part.rsplit("[", 1)
        words = text.split()
        out.append(" ".join(words[: max(4, 2 * len(words) // 3)]) + f" [{marker}")
    return " ".join(out)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40, help="questions to time (default 40)")
    parser.add_argument("--verbose", action="store_true", help="print why a reply was withheld")
    args = parser.parse_args()
    assistant = Assistant(Settings())
    cases = [
        c for c in load_cases().cases if not c.refuse and c.category in ("fakta", "korsdokument", "engelska")
    ]
    asks, colds, warms, counts, passed = [], [], [], [], 0
    paraphrased, paraphrased_counts, paraphrased_passed = [], [], 0
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
        counting = Counting(assistant.embedder)
        guard = Guard(counting)
        t = time.perf_counter()
        verdict = guard.check(reply, hits, answer.language)
        colds.append((time.perf_counter() - t) * 1000)
        counts.append(counting.texts)
        t = time.perf_counter()
        guard.check(reply, hits, answer.language)
        warms.append((time.perf_counter() - t) * 1000)
        asks.append(ask_ms)
        passed += verdict.shown
        counting = Counting(assistant.embedder)
        t = time.perf_counter()
        short = Guard(counting).check(shortened(reply), hits, answer.language)
        paraphrased.append((time.perf_counter() - t) * 1000)
        paraphrased_counts.append(counting.texts)
        paraphrased_passed += short.shown
        if args.verbose and not verdict.shown:
            print(f"withheld [{case.id}]: {reply}\n   {'; '.join(verdict.problems)}")
    if not asks:
        print("No document question gave a cited answer; is the index built (python -m assistant ingest)?")
        return 1
    print(
        f"embedder {assistant.embedder.name}; {len(asks)} questions; "
        f"guard passed {passed}/{len(asks)} replies"
    )
    print(f"  (shortened replies: guard passed {paraphrased_passed}/{len(asks)})")
    rows = (
        ("ask()", asks),
        ("guard, cold", colds),
        ("guard, warm", warms),
        ("guard, cold, shortened", paraphrased),
    )
    for name, values in rows:
        print(f"  {name:23} median {statistics.median(values):7.1f} ms   p90 {pct(values, 0.9):7.1f} ms")
    for name, values in (("quoted", counts), ("shortened", paraphrased_counts)):
        print(
            f"  texts embedded per reply, {name}: "
            f"median {statistics.median(values):g}, p90 {pct(values, 0.9):g}"
        )
    t = time.perf_counter()
    for i in range(8):  # the guard's path: one sentence at a time, query mode
        assistant.embedder.embed_query(f"Mätning {i}: kommunerna faktureras i juni och december.")
    print(f"  one embedded sentence costs {(time.perf_counter() - t) * 1000 / 8:.1f} ms on this machine now")
    med = statistics.median(asks)
    cold, warm = statistics.median(colds) / med, statistics.median(warms) / med
    print(f"  guard / ask(): cold {cold:.2f}x, warm {warm:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
