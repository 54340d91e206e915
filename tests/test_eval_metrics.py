"""Metric functions of the evaluation suite, on small hand-made inputs."""

from __future__ import annotations

import pytest

from assistant.evaluation.cases import Case
from assistant.evaluation.metrics import (
    consistency,
    consistent,
    contains_fact,
    format_number,
    mean,
    missing_facts,
    number_matches,
    percentile,
    precision,
    recall_at_k,
    reciprocal_rank,
    refusal_scores,
)

A, B, C, D = ("a.pdf", 1), ("a.pdf", 2), ("b.pdf", 1), ("b.pdf", 3)


def test_recall_at_k_single_gold_is_hit_rate():
    assert recall_at_k([B, A, C], {A}, 1) == 0.0
    assert recall_at_k([B, A, C], {A}, 2) == 1.0


def test_recall_at_k_is_out_of_what_fits_in_k():
    # two gold pages: one of them at rank 1 is a full score at k=1, half at k=5
    assert recall_at_k([A, C, D], {A, B}, 1) == 1.0
    assert recall_at_k([A, C, D], {A, B}, 5) == 0.5
    assert recall_at_k([A, B], {A, B}, 5) == 1.0


def test_recall_counts_a_page_once_when_several_chunks_hit_it():
    assert recall_at_k([A, A, A], {A, B}, 3) == 0.5


def test_recall_needs_gold():
    with pytest.raises(ValueError):
        recall_at_k([A], set(), 5)


def test_reciprocal_rank():
    assert reciprocal_rank([A, B, C], {C}) == pytest.approx(1 / 3)
    assert reciprocal_rank([A, B, C], {B, C}) == 0.5
    assert reciprocal_rank([A], {D}) == 0.0
    assert reciprocal_rank([], {D}) == 0.0


def test_precision_of_cited_pages():
    assert precision([A, B, C, D], {A, C}) == 0.5
    assert precision([A], {A}) == 1.0
    assert precision([], {A}) is None


def test_refusal_precision_and_recall():
    # (should refuse, did refuse)
    pairs = [(True, True), (True, False), (False, True), (False, False), (True, True)]
    prec, rec = refusal_scores(pairs)
    assert prec == pytest.approx(2 / 3)
    assert rec == pytest.approx(2 / 3)


def test_refusal_scores_undefined_without_refusals():
    assert refusal_scores([(False, False)]) == (None, None)
    assert refusal_scores([(True, False)]) == (None, 0.0)


@pytest.mark.parametrize(
    ("text", "fact", "expected"),
    [
        ("Ånge betalar 45\u00a0103 kr", "45 103", True),  # no-break space in the answer
        ("Ånge betalar 45103 kr", "45 103", True),
        ("Summa 145 103 kr", "45 103", False),  # part of a longer number
        ("60 000 kr per 10 användare", "0 kr", False),
        ("Ånge betalar 0 kr 2024.", "0 kr", True),
        ("fördelas med 50% till", "50 %", True),
        ("i JUNI och december", "juni", True),
        ("2 408 080 kr per år", "2 408 080", True),
        ("år 2026 2 408 080 kr", "2 408 080", True),
        ("cirka 0,589 kronor", "0,589", True),
        ("cirka 0,5899 kronor", "0,589", False),
        ("gäller 2026-01-01 – 2030-12-31.", "2030-12-31", True),
        ("", "juni", False),
        ("juni", "", False),
    ],
)
def test_contains_fact(text, fact, expected):
    assert contains_fact(text, fact) is expected


def test_missing_facts_with_alternatives():
    groups = [("juni", "June"), ("december",), ("oktober",)]
    assert missing_facts("Invoiced in June and december.", groups) == ["oktober"]


def test_number_matches_by_calculation_or_text():
    assert number_matches(45103.0, "", 45103)
    assert number_matches(45102.6, "", 45103)
    assert not number_matches(45101.0, "", 45103)
    assert number_matches(None, "Ånge betalar 45 103 kr.", 45103)
    assert not number_matches(None, "Ånge betalar 145 103 kr.", 45103)
    assert number_matches(0.58999, "", 0.589, tolerance=0.001)
    assert number_matches(None, "ca 0,589 kr", 0.589, tolerance=0.001)
    assert number_matches(float("nan"), "45 103", 45103)


def test_format_number():
    assert format_number(2408080) == ["2 408 080", "2408080"]
    assert format_number(0.589) == ["0.589", "0,589"]


def test_percentile_and_mean():
    assert percentile([], 50) is None
    assert percentile([5.0], 95) == 5.0
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert mean([1.0, None, 3.0]) == 2.0
    assert mean([None]) is None


def test_paraphrase_consistency_needs_same_verdict_and_first_page():
    assert consistent([(False, A), (False, A), (False, A)])
    assert consistent([(True, None), (True, None), (True, None)])
    assert not consistent([(False, A), (True, A), (False, A)])  # one member refused
    assert not consistent([(False, A), (False, B), (False, A)])  # another first page
    assert not consistent([(False, A), None, (False, A)])  # one member crashed
    assert not consistent([])
    assert consistency([[(False, A), (False, A)], [(True, None), (False, C)]]) == 0.5
    assert consistency([]) is None


def test_numeric_given_counts_only_figures_the_answer_gave() -> None:
    from assistant.evaluation.runner import CaseResult
    from assistant.evaluation.summary import summarize

    def result(ok: bool, gave: bool) -> CaseResult:
        case = Case(id="x", category="berakning", question="q", gold=frozenset(), must_contain=(),
                    refuse=False, expected=(1.0,))  # fmt: skip
        return CaseResult(case=case, numeric_ok=ok, gave_figure=gave)

    metrics = summarize([result(True, True), result(False, False), result(False, True)])
    assert metrics["numeric"] == 1 / 3 and metrics["numeric_given"] == 1 / 2
