"""Run a system over the cases and score every answer (`summary` turns the scores into figures).

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
from .metrics import PageRef, Verdict, citation_valid, contains_fact, missing_facts, number_matches
from .systems import System, accepts_history

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
    gave_figure: bool = False
    """The answer gave a calculated figure (not refused): what `numeric_given` is read on."""
    invalid_citations: list[str] = field(default_factory=list)
    citations: int = 0
    cited_pages: list[PageRef] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict | None:
        """(refused, first cited page) for paraphrase consistency; None when there is no answer."""
        if self.answer is None or self.error:
            return None
        first = self.answer.citations[0] if self.answer.citations else None
        return self.answer.refused, (first.document, first.page) if first else None

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
        result.gave_figure = calc is not None and not answer.refused
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
    """Ask every case (timed) and retrieve its pages; exceptions are recorded, not raised.

    Dialogue turns are asked in order, each later turn with the answers to the earlier
    turns as `history` (when the system takes it). A later turn is retrieved with the
    stand-alone question the system says it answered (`asked_as`), when it gives one.
    """
    with_history = accepts_history(system.ask)
    earlier: dict[str, list[Answer]] = {}
    results: list[CaseResult] = []
    for case in cases:
        history = earlier.setdefault(case.dialogue, []) if case.dialogue else []
        if case.turn == 1:
            history.clear()
        result = CaseResult(case=case)
        started = time.perf_counter()
        try:
            if case.turn > 1 and with_history:
                result.answer = system.ask(case.question, history=list(history))
            else:
                result.answer = system.ask(case.question)
        except Exception as exc:  # one broken case must not hide the other 300 figures
            log.warning("%s: %s failed: %r", system.name, case.id, exc)
            result.error = f"{type(exc).__name__}: {exc}"[:200]
        result.seconds = time.perf_counter() - started
        if case.dialogue and result.answer is not None:
            history.append(result.answer)
        if case.gold:
            query = case.question
            if case.turn > 1 and result.answer is not None and result.answer.asked_as:
                query = result.answer.asked_as
            try:
                result.ranked = system.retrieve(query, RETRIEVE_K)
            except Exception as exc:
                result.error = result.error or f"retrieve: {type(exc).__name__}: {exc}"[:200]
        results.append(score(result, page_text))
    return results
