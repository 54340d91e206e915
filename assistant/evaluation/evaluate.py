"""One evaluation run: fresh index, the project and the baselines over the same cases.

The project's index is built from scratch in a temporary ASSISTANT_INDEX_DIR,
so the run measures ingest time and never depends on (or touches) the index a
user has built. Cold start is measured in a separate process, because inside
this one the models are already loaded.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest.pdf import read_pdf
from ..settings import Settings
from .cases import Case
from .runner import CaseResult, run_system
from .summary import SPLIT_NAMES, by_category, by_split, latency, summarize
from .systems import System

log = logging.getLogger(__name__)

COLD_QUESTION = "Vad är minimidebiteringen?"
COLD_TIMEOUT_S = 300


@dataclass
class SystemRun:
    """One system's results and figures."""

    name: str
    results: list[CaseResult]
    metrics: dict[str, float | None]
    """Over all cases (the report's first table, as before the split)."""
    categories: dict[str, float]
    note: str = ""
    splits: dict[str, dict[str, float | None]] = field(default_factory=dict)
    """The same metrics for each split: {'dev': {...}, 'test': {...}}; the gate reads 'test'."""
    split_categories: dict[str, dict[str, float]] = field(default_factory=dict)
    """Share fully right per category, for each split."""


@dataclass
class EvalRun:
    """Everything a report needs."""

    systems: list[SystemRun] = field(default_factory=list)
    ingest_s: float | None = None
    chunks: int | None = None
    cases: int = 0
    seconds: float = 0.0


class PageCache:
    """Normalised page text of the corpus PDFs, read once, for checking citations."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self._pages: dict[str, dict[int, str] | None] = {}

    def __call__(self, document: str, page: int) -> str | None:
        if document not in self._pages:
            path = self.corpus_dir / Path(document).name
            try:
                self._pages[document] = {p.number: p.text for p in read_pdf(path)}
            except Exception:  # a citation to a file that is not there is simply invalid
                self._pages[document] = None
        pages = self._pages[document]
        return pages.get(page) if pages else None


def build_fresh_index(settings: Settings) -> tuple[float, int]:
    """Ingest the corpus into settings.index_dir; returns (seconds, chunks)."""
    from ..ingest.pipeline import ingest

    started = time.perf_counter()
    report = ingest(settings)
    return time.perf_counter() - started, report.chunks


def cold_start(settings: Settings) -> float | None:
    """Seconds for `python -m assistant ask --json` on the built index, in a new process."""
    env = dict(
        os.environ, ASSISTANT_INDEX_DIR=str(settings.index_dir), ASSISTANT_CORPUS_DIR=str(settings.corpus_dir)
    )
    env["ASSISTANT_EMBEDDER"] = settings.embedder
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "assistant", "ask", "--json", COLD_QUESTION],
            env=env,
            capture_output=True,
            text=True,
            timeout=COLD_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        log.warning("cold start: no answer within %d s", COLD_TIMEOUT_S)
        return None
    seconds = time.perf_counter() - started
    try:
        json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        log.warning(
            "cold start: 'ask --json' gave no JSON (exit %s): %s", proc.returncode, proc.stderr[-300:]
        )
        return None
    return seconds


def measure(
    name: str,
    factory: Callable[[], System],
    cases: Sequence[Case],
    pages: PageCache,
    cold_s: float | None = None,
) -> SystemRun:
    """Build a system, run it over the cases and summarise; load + first answer is its cold start."""
    log.info("evaluating %s on %d cases", name, len(cases))
    started = time.perf_counter()
    system = factory()
    loaded = time.perf_counter() - started
    results = run_system(system, cases, pages)
    first = results[0].seconds if results else 0.0
    metrics = summarize(results)
    notes = []
    if cold_s is None:
        cold_s = loaded + first
        notes.append("kallstart mätt i samma process (biblioteken redan importerade)")
    if any(c.turn > 1 for c in cases) and not getattr(system, "history_supported", False):
        notes.append("ask() tar inte emot history: följdfrågorna ställdes som fristående frågor")
    metrics.update(latency(results, cold_s))
    close = getattr(system, "close", None)
    if close:
        close()
    del system
    gc.collect()
    return SystemRun(
        name,
        results,
        metrics,
        by_category(results),
        "; ".join(notes),
        splits=by_split(results),
        split_categories={s: by_category(results, s) for s in SPLIT_NAMES},
    )


def run_eval(
    settings: Settings, cases: Sequence[Case], *, baselines: bool = True, reuse_index: bool = False
) -> EvalRun:
    """Evaluate the project (on a fresh index unless reuse_index) and, optionally, the baselines."""
    from .baselines import BM25Only, TutorialRAG
    from .systems import ProjectSystem

    started = time.perf_counter()
    run = EvalRun(cases=len(cases))
    pages = PageCache(settings.corpus_dir)
    with tempfile.TemporaryDirectory(prefix="eval-index-") as tmp:
        if not reuse_index:
            settings = settings.model_copy(update={"index_dir": Path(tmp)})
            run.ingest_s, run.chunks = build_fresh_index(settings)
        cold = cold_start(settings)
        run.systems.append(measure("projekt", lambda: ProjectSystem(settings), cases, pages, cold))
    if baselines:
        run.systems.append(measure("tutorial-rag", lambda: TutorialRAG(settings.corpus_dir), cases, pages))
        run.systems.append(measure("bm25", lambda: BM25Only(settings.corpus_dir), cases, pages))
    run.seconds = time.perf_counter() - started
    return run
