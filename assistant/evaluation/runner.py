"""Run a system over the cases and score every answer; summarise into the headline metrics.

Scoring lives here, next to the loop, so that a per-case record explains each
figure in the report: which facts were missing, which citation did not hold.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..types import Answer
from .cases import Case
from .metrics import (
    PageRef,
    citation_valid,
    contains_fact,
    mean,
    missing_facts,
    number_matches,
    percentile,
    recall_at_k,
    reciprocal_rank,
    refusal_scores,
)
from .systems import System

log = logging.getLogger(__name__)

RETRIEVE_K = 5
PageText = Callable[[str, int], str | None]


@dataclass
class CaseResult:
    """How one system did on one case."""

    case: Case
    ranked: list[PageRef] = field(default_factory=list)
    answer: Answer | None = None
    error: str = ""
    """An unexpected exception: the case counts as failed, the run goes on."""
    seconds: float = 0.0
    missing: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    numeric_ok: bool | None = None
    invalid_citations: list[str] = field(default_factory=list)
    citations: int = 0
    cited_pages: list[PageRef] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """Whether the system refused; a crash is not a refusal (it is an error)."""
        return self.answer is not None and self.answer.refused

    @property
    def has_facts(self) -> bool:
        """Answered (not refused, no crash) with every required fact and nothing forbidden."""
        return (
            self.answer is not None
            and not self.error
            and not self.refused
            and not self.missing
            and not self.forbidden
        )

    @property
    def correct(self) -> bool:
        """Refused when it must be; otherwise answered with every fact and the right number."""
        if self.error:
            return False
        if self.case.refuse:
            return self.refused
        return self.has_facts and self.numeric_ok is not False

    def problems(self) -> list[str]:
        """Short reasons this case lost points (empty when it is fully right)."""
        out = [f"error: {self.error}"] if self.error else []
        if self.case.refuse and not self.refused:
            out.append("answered, should refuse")
        if not self.case.refuse and self.refused and not self.error:
            out.append("refused, should answer")
        if self.missing and not self.refused:
            out.append("missing " + ", ".join(self.missing))
        if self.forbidden:
            out.append("contains " + ", ".join(self.forbidden))
        if self.numeric_ok is False:
            got = self.answer.calculation.result if self.answer and self.answer.calculation else None
            want = " or ".join(f"{e:g}" for e in self.case.expected)
            out.append(f"number: expected {want}, calculation gave {got}")
        out.extend(f"bad citation {c}" for c in self.invalid_citations)
        if self.case.gold and self.ranked and not set(self.ranked) & self.case.gold:
            out.append("no gold page in top 5")
        return out


def score(result: CaseResult, page_text: PageText) -> CaseResult:
    """Fill in the derived fields of a result from its answer."""
    case, answer = result.case, result.answer
    if answer is None:
        return result
    result.missing = missing_facts(answer.answer, case.must_contain)
    result.forbidden = [s for s in case.must_not_contain if contains_fact(answer.answer, s)]
    if case.expected:
        calc = answer.calculation.result if answer.calculation else None
        result.numeric_ok = not answer.refused and any(
            number_matches(calc, answer.answer, e, case.tolerance) for e in case.expected
        )
    result.citations = len(answer.citations)
    for c in answer.citations:
        if not citation_valid(c.document, c.page, c.quote, page_text):
            result.invalid_citations.append(f"{c.document} p.{c.page}: {c.quote[:60]!r}")
    result.cited_pages = sorted({(c.document, c.page) for c in answer.citations})
    return result


def run_system(system: System, cases: Sequence[Case], page_text: PageText) -> list[CaseResult]:
    """Ask every case (timed) and retrieve its pages; exceptions are recorded, not raised."""
    results: list[CaseResult] = []
    for case in cases:
        result = CaseResult(case=case)
        started = time.perf_counter()
        try:
            result.answer = system.ask(case.question)
        except Exception as exc:  # one broken case must not hide the other 140 figures
            log.warning("%s: %s failed: %r", system.name, case.id, exc)
            result.error = f"{type(exc).__name__}: {exc}"[:200]
        result.seconds = time.perf_counter() - started
        if case.gold:
            try:
                result.ranked = system.retrieve(case.question, RETRIEVE_K)
            except Exception as exc:
                result.error = result.error or f"retrieve: {type(exc).__name__}: {exc}"[:200]
        results.append(score(result, page_text))
    return results


METRICS = (
    ("recall@1", "Sökning: en guldsida kommer först"),
    ("recall@5", "Sökning: andel guldsidor bland de fem första"),
    ("mrr", "Sökning: medelvärdet av 1/rang för första guldsidan"),
    ("facts", "Svar som innehåller alla krävda fakta"),
    ("numeric", "Beräkningar med exakt rätt belopp"),
    ("citation_validity", "Citat som verkligen står på den citerade sidan i PDF:en"),
    ("citation_precision", "Citerade sidor som är guldsidor"),
    ("refusal_precision", "Vägranden som var rätt"),
    ("refusal_recall", "Frågor som skulle vägras och vägrades"),
    ("correct", "Fall helt rätt (alla kategorier)"),
)
LATENCY = (
    ("cold_start_s", "Kallstart: laddning och första svar (s)"),
    ("p50_ms", "Varm svarstid per fråga, median (ms)"),
    ("p95_ms", "Varm svarstid per fråga, 95:e percentilen (ms)"),
)


def summarize(results: Sequence[CaseResult]) -> dict[str, float | None]:
    """The headline metrics of one system's run (None where a metric is undefined)."""
    retrieval = [r for r in results if r.case.gold and r.case.question.strip()]
    factual = [r for r in results if not r.case.refuse and r.case.must_contain]
    numeric = [r for r in results if r.case.expected]
    total_citations = sum(r.citations for r in results)
    answered = [r for r in results if r.case.gold and not r.refused]
    cited = [p for r in answered for p in r.cited_pages]
    gold_cited = sum(p in r.case.gold for r in answered for p in r.cited_pages)
    ref_p, ref_r = refusal_scores((r.case.refuse, r.refused) for r in results)
    return {
        "recall@1": mean(recall_at_k(r.ranked, r.case.gold, 1) for r in retrieval),
        "recall@5": mean(recall_at_k(r.ranked, r.case.gold, 5) for r in retrieval),
        "mrr": mean(reciprocal_rank(r.ranked, r.case.gold) for r in retrieval),
        "facts": mean(float(r.has_facts) for r in factual),
        "numeric": mean(float(bool(r.numeric_ok)) for r in numeric),
        "citation_validity": (
            (total_citations - sum(len(r.invalid_citations) for r in results)) / total_citations
            if total_citations
            else None
        ),
        "citation_precision": gold_cited / len(cited) if cited else None,
        "refusal_precision": ref_p,
        "refusal_recall": ref_r,
        "correct": mean(float(r.correct) for r in results),
    }


def latency(results: Sequence[CaseResult], cold_start_s: float | None) -> dict[str, float | None]:
    """Cold start and warm percentiles; the first question is part of the cold start, not warm."""
    warm = [r.seconds * 1000 for r in results[1:]]
    return {"cold_start_s": cold_start_s, "p50_ms": percentile(warm, 50), "p95_ms": percentile(warm, 95)}


def by_category(results: Sequence[CaseResult]) -> dict[str, float]:
    """Share of fully right cases per category."""
    groups: dict[str, list[bool]] = {}
    for r in results:
        groups.setdefault(r.case.category, []).append(r.correct)
    return {cat: sum(v) / len(v) for cat, v in groups.items()}
