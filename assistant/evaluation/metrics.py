"""Metric functions: pure, small, and tested on hand-made inputs.

Pages are `(document, page)` pairs. A ranked retrieval list may repeat a page
(several chunks of one page); ranks count chunks, as a reader scrolls them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

PageRef = tuple[str, int]

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def normalize_for_match(text: str) -> str:
    """Lower-case, one plain space between words, '2 408 080' -> '2408080', '50 %' -> '50%'."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _SPACES.sub(" ", text).strip()
    text = _THOUSANDS.sub("", text)
    return text.replace(" %", "%").replace("−", "-").replace("–", "-")


def contains_fact(text: str, fact: str) -> bool:
    """Whether `fact` occurs in `text` after normalising both.

    A fact that starts or ends with a digit must not be part of a longer number,
    so "0 kr" does not match inside "60 000 kr" and "45 103" not inside "145 103".
    """
    hay, needle = normalize_for_match(text), normalize_for_match(fact)
    if not needle:
        return False
    before = r"(?<![\d.,])" if needle[0].isdigit() else ""
    after = r"(?![\d]|[.,]\d)" if needle[-1].isdigit() else ""
    return re.search(before + re.escape(needle) + after, hay) is not None


def missing_facts(text: str, groups: Iterable[Sequence[str]]) -> list[str]:
    """The groups of alternatives none of which occurs in `text` (shown joined by '|')."""
    return ["|".join(group) for group in groups if not any(contains_fact(text, alt) for alt in group)]


def format_number(value: float) -> list[str]:
    """Ways a number may be written in an answer: '45 103', '45103', '0,589', '0.589'."""
    if float(value).is_integer():
        n = int(value)
        grouped = f"{n:,}".replace(",", " ")
        return [grouped, str(n)]
    plain = f"{value:g}"
    return [plain, plain.replace(".", ",")]


def number_matches(result: float | None, text: str, expected: float, tolerance: float = 0.5) -> bool:
    """Numeric exactness: the calculation's result is within tolerance, or the number is in the text."""
    if result is not None and math.isfinite(result) and abs(result - expected) <= tolerance:
        return True
    return any(contains_fact(text, form) for form in format_number(expected))


def recall_at_k(ranked: Sequence[PageRef], gold: Iterable[PageRef], k: int) -> float:
    """Share of gold pages among the top k, out of as many as could fit (min(|gold|, k)).

    With one gold page this is the hit rate; with two it does not punish k=1 for
    holding only one of them.
    """
    gold_set = set(gold)
    if not gold_set:
        raise ValueError("recall needs at least one gold page")
    found = gold_set & set(ranked[:k])
    return len(found) / min(len(gold_set), k)


def reciprocal_rank(ranked: Sequence[PageRef], gold: Iterable[PageRef]) -> float:
    """1 / rank of the first gold page (1-based), 0 when none was retrieved."""
    gold_set = set(gold)
    for rank, ref in enumerate(ranked, start=1):
        if ref in gold_set:
            return 1.0 / rank
    return 0.0


def precision(cited: Sequence[PageRef], gold: Iterable[PageRef]) -> float | None:
    """Share of cited pages that are gold; None when nothing was cited."""
    if not cited:
        return None
    gold_set = set(gold)
    return sum(ref in gold_set for ref in cited) / len(cited)


def refusal_scores(pairs: Iterable[tuple[bool, bool]]) -> tuple[float | None, float | None]:
    """(precision, recall) of refusals from (should_refuse, did_refuse) pairs.

    Precision: of the refusals, how many were right. Recall: of the questions
    that had to be refused, how many were. None when undefined (no refusals made,
    or none expected).
    """
    tp = fp = fn = 0
    for should, did in pairs:
        tp += should and did
        fp += did and not should
        fn += should and not did
    prec = tp / (tp + fp) if tp + fp else None
    rec = tp / (tp + fn) if tp + fn else None
    return prec, rec


def citation_valid(document: str, page: int, quote: str, page_text: Callable[[str, int], str | None]) -> bool:
    """Whether `quote` really is on `page` of `document`; page_text returns None for unknown pages."""
    from ..ingest.normalize import quote_in_text

    text = page_text(document, page)
    return text is not None and quote_in_text(quote, text)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values; None when there are none."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


Verdict = tuple[bool, PageRef | None]
"""What a paraphrase group compares: (refused, first cited page or None)."""


def consistent(verdicts: Sequence[Verdict | None]) -> bool:
    """Whether every member got the same verdict and the same first cited page (None: no answer)."""
    return bool(verdicts) and all(v is not None for v in verdicts) and len(set(verdicts)) == 1


def consistency(groups: Iterable[Sequence[Verdict | None]]) -> float | None:
    """Share of groups whose members are all `consistent`; None when there are no groups."""
    return mean(float(consistent(v)) for v in groups)
