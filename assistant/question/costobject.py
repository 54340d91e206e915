"""What a cost question is the cost of: the agreement's shared cost, or something its cost model leaves out.

"Vad betalar <kommun> 2026?" and "Hur stor är kostnaden för <kommun>?" ask for the shared cost
the calculation tools compute. "Hur delas kostnaden för nyutveckling?" or "Vem betalar
IT-samordnarna?" ask about a cost the cost model does not compute (its own rule is in the
documents): those go to document Q&A. What the cost model covers is read from the agreements'
own data: the words of the clauses its facts cite and of its labels, so a new agreement's cost
terms are known without a word list here.
"""

from __future__ import annotations

import re

from ..agreements import Registry
from ..retrieval.text import query_groups, tokens
from .cache import per_registry

# "kostnaden för X", "budgeten för X", "the cost of X", "betalar (regionen) för X", "pays for X",
# "Vem betalar X?", "Vem finansierar X?"
# the object ends where a condition or a time begins: "pay for Lifecare SP | in 2027 if the uplift is 3 %"
_UPTO = (
    r"(?:[^?,.;]{3,60}?(?=\s+(?:if|om|when|när|in\s+\d{4}|i\s+\d{4}|år\s+\d{4}|during|under\s+\d{4})\b)"
    r"|[^?,.;]{3,60})"
)
_OBJECT = re.compile(
    r"\b(?:kostnad(?:en|erna|er)?|budget(?:en)?|avgift(?:en|er|erna)?|cost|costs|charges?|budget)\s+"
    rf"(?:för|for|of)\s+(?P<a>{_UPTO})"
    r"|\b(?:betalar|betalas|betala|pays?|paying|paid|finansierar|finansieras|funds?)\s+(?:[\w-]+\s+)?"
    rf"(?:för|for)\s+(?P<b>{_UPTO})"
    rf"|^\W*(?:vem|vilka|who)\s+(?:betalar|finansierar|pays?|funds?)\s+(?P<c>{_UPTO})"
    rf"|\b(?:vad|hur mycket|what does|how much does)\s+(?:kostar|costs?)\s+(?P<e>{_UPTO})"
    r"|\b(?P<d>[a-zåäö-]{4,}?)s?kostnad\w*",
    re.I,
)
# words any cost question may name beside the object: the system, the parties, a year, a unit
_GENERIC = (
    "lifecare sp system systemet it it-stöd it-stödet it-system it-tjänst tjänst tjänsten stöd användning "
    "kommun kommunen kommunerna kommuner region regionen part parterna huvudman huvudmännen vi oss man "
    "varje respektive alla samtliga hela total totala totalt sammanlagd sammanlagt samlad gemensam "
    "gemensamma årlig årliga år året per del andel "
    "system service support the municipality municipalities region parties we us our each every all year"
)


@per_registry
def cost_vocabulary(registry: Registry) -> frozenset[str]:
    """Stemmed words of what the agreements' cost models compute: the clauses their facts cite, their
    labels, and the agreements' names and places (cached per registry)."""
    parts = [_GENERIC]
    for a in registry.agreements:
        parts += [a.name, a.name_en, a.region, a.region_name, a.group_name, *a.titles.values()]
        parts += [p.name for p in a.parties]
        model = a.cost_model
        if model is None:
            continue
        b = model.base
        parts += [b.label, b.label_en, b.index_name, b.index_name_long]
        parts += [model.division.basis_name, model.division.basis_name_en]
        parts += [s.label for s in model.supplied] + [s.label_en for s in model.supplied]
        parts += [a.facts[k].clause.quote for k in model.fact_keys() if k in a.facts]
    return frozenset(tokens(" ".join(p for p in parts if p)))


def uncovered_object(lowered: str, registry: Registry, places: frozenset[str]) -> str:
    """The cost object the question names that no cost model computes ('nyutveckling'), or ''.

    `lowered` is the lower-cased question; `places` the stemmed words of the places it names."""
    known = cost_vocabulary(registry) | places
    for m in _OBJECT.finditer(lowered):
        phrase = next(g for g in m.groups() if g)
        for group in query_groups(phrase):
            if not any(t.isdigit() for t in group) and not _known(group, known):
                return phrase.strip()
    return ""


def _known(group: frozenset[str], known: frozenset[str]) -> bool:
    """A word, its translation or its spelling is known when one of its forms is a known word or the
    head of one ("systemförvaltning" of "systemförvaltningskostnader"); a short part of a compound
    ("it", "samordn" of "IT-samordnarna") says nothing of the whole."""
    forms = {t for t in group if "-" in t} or {t for t in group if len(t) >= MIN_FORM} or set(group)
    if forms & known:
        return True
    return any(
        v.startswith(t) or (t.startswith(v) and len(t) - len(v) <= INFLECTION)
        for t in forms
        if len(t) >= MIN_HEAD
        for v in known
    )


MIN_FORM = 4
MIN_HEAD = 6
INFLECTION = 4
"""A known word this much shorter than a question's word is its stem ("införandeprojek" of "...ektet")."""
