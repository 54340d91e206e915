"""Summaries of a run: the headline metrics, per split and per category, and latency.

Each figure is a small function of the scored `CaseResult`s, so a metric can be
read (and tested) on its own; the report shows them for dev and test side by side.
"""

from __future__ import annotations

from collections.abc import Sequence

from .metrics import (
    Verdict,
    consistency,
    mean,
    percentile,
    recall_at_k,
    reciprocal_rank,
    refusal_scores,
)
from .runner import CaseResult

METRICS = (
    ("recall@1", "Sökning: en guldsida kommer först"),
    ("recall@5", "Sökning: andel guldsidor bland de fem första"),
    ("mrr", "Sökning: medelvärdet av 1/rang för första guldsidan"),
    ("facts", "Svar som innehåller alla krävda fakta"),
    ("numeric", "Beräkningar med exakt rätt belopp"),
    (
        "numeric_given",
        "Givna belopp som är exakt rätt (ett fel belopp är värst; ett uteblivet räknas inte här)",
    ),
    ("citation_validity", "Citat som verkligen står på den citerade sidan i PDF:en"),
    ("citation_precision", "Citerade sidor som är guldsidor"),
    ("refusal_precision", "Vägranden som var rätt"),
    ("refusal_recall", "Frågor som skulle vägras och vägrades"),
    ("correct", "Fall helt rätt (alla kategorier)"),
    ("absent_refusal_recall", "Saknade uppgifter (saknas) som vägrades"),
    ("absent_refusal_precision", "Vägranden på saknas- och besvarbara fall som gällde saknas-fall"),
    ("english", "Engelska frågor (engelska) helt rätt"),
    ("lists", "Listor och tabellrader (lista) helt rätt"),
    ("paraphrase_consistency", "Parafrasgrupper där alla får samma utslag och samma första citerade sida"),
    ("followup", "Följdfrågor (dialogens tur 2 och senare) helt rätt"),
    ("dialogues", "Dialoger där varje tur är helt rätt"),
)
SPLIT_NAMES = ("dev", "test")
LATENCY = (
    ("cold_start_s", "Kallstart: laddning och första svar (s)"),
    ("p50_ms", "Varm svarstid per fråga, median (ms)"),
    ("p95_ms", "Varm svarstid per fråga, 95:e percentilen (ms)"),
)


def share_correct(results: Sequence[CaseResult]) -> float | None:
    """Share of fully right cases; None for none."""
    return mean(float(r.correct) for r in results)


def absent_refusals(results: Sequence[CaseResult]) -> tuple[float | None, float | None]:
    """(precision, recall) of refusals on absent details, against the answerable cases.

    Recall: share of `saknas` cases refused. Precision: of the refusals among
    `saknas` and answerable cases, the share that were `saknas` cases; out-of-domain
    refusals (vagran) are left out so they cannot flatter it. None without `saknas` cases.
    """
    if not any(r.case.category == "saknas" for r in results):
        return None, None
    pairs = [
        (r.case.category == "saknas", r.refused)
        for r in results
        if r.case.category == "saknas" or not r.case.refuse
    ]
    return refusal_scores(pairs)


def paraphrase_groups(results: Sequence[CaseResult]) -> list[list[Verdict | None]]:
    """The verdicts of each paraphrase group's members, group by group."""
    groups: dict[str, list[Verdict | None]] = {}
    for r in results:
        if r.case.group:
            groups.setdefault(r.case.group, []).append(r.verdict)
    return list(groups.values())


def dialogues_correct(results: Sequence[CaseResult]) -> float | None:
    """Share of dialogues in which every turn is fully right."""
    turns: dict[str, list[bool]] = {}
    for r in results:
        if r.case.dialogue:
            turns.setdefault(r.case.dialogue, []).append(r.correct)
    return mean(float(all(v)) for v in turns.values())


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
    absent_p, absent_r = absent_refusals(results)
    return {
        "recall@1": mean(recall_at_k(r.ranked, r.case.gold, 1) for r in retrieval),
        "recall@5": mean(recall_at_k(r.ranked, r.case.gold, 5) for r in retrieval),
        "mrr": mean(reciprocal_rank(r.ranked, r.case.gold) for r in retrieval),
        "facts": mean(float(r.has_facts) for r in factual),
        "numeric": mean(float(bool(r.numeric_ok)) for r in numeric),
        "numeric_given": mean(float(bool(r.numeric_ok)) for r in numeric if r.gave_figure),
        "citation_validity": (
            (total_citations - sum(len(r.invalid_citations) for r in results)) / total_citations
            if total_citations
            else None
        ),
        "citation_precision": gold_cited / len(cited) if cited else None,
        "refusal_precision": ref_p,
        "refusal_recall": ref_r,
        "correct": share_correct(results),
        "absent_refusal_recall": absent_r,
        "absent_refusal_precision": absent_p,
        "english": share_correct([r for r in results if r.case.category == "engelska"]),
        "lists": share_correct([r for r in results if r.case.category == "lista"]),
        "paraphrase_consistency": consistency(paraphrase_groups(results)),
        "followup": share_correct([r for r in results if r.case.turn > 1]),
        "dialogues": dialogues_correct(results),
    }


def by_split(results: Sequence[CaseResult]) -> dict[str, dict[str, float | None]]:
    """`summarize` for each split (dev: tuned on; test: frozen, what the gate reads)."""
    return {name: summarize([r for r in results if r.case.split == name]) for name in SPLIT_NAMES}


def latency(results: Sequence[CaseResult], cold_start_s: float | None) -> dict[str, float | None]:
    """Cold start and warm percentiles; the first question is part of the cold start, not warm."""
    warm = [r.seconds * 1000 for r in results[1:]]
    return {"cold_start_s": cold_start_s, "p50_ms": percentile(warm, 50), "p95_ms": percentile(warm, 95)}


def by_category(results: Sequence[CaseResult], split: str | None = None) -> dict[str, float]:
    """Share of fully right cases per category (of one split, when given)."""
    groups: dict[str, list[bool]] = {}
    for r in results:
        if split is None or r.case.split == split:
            groups.setdefault(r.case.category, []).append(r.correct)
    return {cat: sum(v) / len(v) for cat, v in groups.items()}
