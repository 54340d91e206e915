"""Which regions and municipalities a question names, read against the agreement registry.

Names come only from data: the registry's agreements (regions, their aliases,
their parties) and the reference lists of Sweden's regions and municipalities.
Matching forgives a missing "kommun", the genitive -s, missing diacritics
("Ornskoldsvik") and a typo in longer names ("Sundsvals"), through rapidfuzz.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..agreements import Municipality, Registry, fold
from .intent import COST, SHARE

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Words next to a name that make it a region ("<name>s län") or a municipality ("<name>s stad").
_REGION_AFTER = frozenset({"lan", "county", "region", "regionen", "lans"})
_REGION_BEFORE = frozenset({"region", "regionen"})
_MUNI_AFTER = frozenset({"stad", "kommun", "kommuns", "city", "municipality", "municipalitys", "stads"})
# Context that makes a name that is also an ordinary word ('ange', "state") a place.
_PLACE_BEFORE = frozenset({"betalar", "betala", "betalade", "for", "pay", "pays", "does", "did", "i", "in"})
_PAYER = re.compile(r"\b(betalar|betala|pay|pays|andel\w*|share)\b")
# every municipality at once, together or one by one ("varje kommuns andel", "each municipality's share")
_COLLECTIVE = re.compile(
    r"\b(kommunerna|kommunernas|the municipalities|municipalities'?|varje kommuns?|alla kommuner|"
    r"per kommun|each municipality'?s?|every municipality'?s?|all municipalities)\b"
)
# a document named after its region: "the <namn> interim agreement", "<namn> agreement"
_DOCUMENT_AFTER = frozenset(
    {
        "agreement",
        "agreements",
        "interim",
        "plan",
        "minutes",
        "contract",
        "avtal",
        "avtalet",
        "overenskommelse",
    }
)


@dataclass(frozen=True)
class Places:
    """What a question names: covered regions, regions no agreement covers, municipalities."""

    regions: tuple[str, ...] = ()
    """Regions the corpus covers, named directly or through a municipality, first mention first."""
    explicit_regions: tuple[str, ...] = ()
    """Covered regions named as regions ('<region>', 'Region <name>'), not via a municipality."""
    other_regions: tuple[str, ...] = ()
    """Regions named (directly or through a municipality) that no agreement covers."""
    municipalities: tuple[Municipality, ...] = ()


@dataclass(frozen=True)
class _Index:
    regions: dict[str, str]
    """folded name -> region short name"""
    municipalities: dict[str, Municipality]
    """folded name (hyphens as spaces) -> municipality"""
    covered: frozenset[str]
    longest: int


_CACHE: dict[int, tuple[Registry, _Index]] = {}
_LOCK = threading.Lock()


def _index(registry: Registry) -> _Index:
    with _LOCK:
        hit = _CACHE.get(id(registry))
        if hit is not None and hit[0] is registry:
            return hit[1]
    regions = {_key(name): region for name, region in registry.region_names().items()}
    munis: dict[str, Municipality] = {}
    for m in registry.municipalities():
        munis.setdefault(_key(m.name), m)
        if m.display:
            munis.setdefault(_key(m.display), m)
    longest = max((k.count(" ") + 1 for k in [*regions, *munis]), default=1)
    index = _Index(regions, munis, frozenset(registry.regions()), longest)
    with _LOCK:
        _CACHE.clear()
        _CACHE[id(registry)] = (registry, index)
    return index


def _key(name: str) -> str:
    return " ".join(fold(name).replace("-", " ").split())


def _forms(phrase: str) -> list[str]:
    forms = [phrase]
    if phrase.endswith("s"):
        forms.append(phrase[:-1])  # genitive: '<name>s', '<name>s län'
    if " " in phrase:
        head, _, tail = phrase.partition(" ")
        if head.endswith("s"):
            forms.append(f"{head[:-1]} {tail}")  # "<name>s lan" -> "<name> lan"
    return forms


def find_places(text: str, registry: Registry) -> Places:
    """The places `text` names; exact names win over fuzzy ones, longer names over shorter."""
    index = _index(registry)
    words = [m.group(0) for m in _WORD.finditer(text)]
    folded = [_key(w) for w in words]
    lowered = fold(text)
    regions: list[str] = []
    explicit: list[str] = []
    munis: list[Municipality] = []
    i = 0
    while i < len(words):
        hit = _exact(index, words, folded, i, lowered)
        if hit is None and len(folded[i]) >= 6 and (_about_cost(lowered) or _named_here(words, folded, i)):
            hit = _fuzzy(index, folded[i])
        if hit is None:
            i += 1
            continue
        kind, value, span = hit
        if kind == "region":
            assert isinstance(value, str)
            explicit.append(value)
            regions.append(value)
        else:
            assert isinstance(value, Municipality)
            munis.append(value)
            if value.region:
                regions.append(value.region)
        i += span
    ordered = list(dict.fromkeys(regions))
    return Places(
        regions=tuple(r for r in ordered if r in index.covered),
        explicit_regions=tuple(r for r in dict.fromkeys(explicit) if r in index.covered),
        other_regions=tuple(r for r in ordered if r not in index.covered),
        municipalities=tuple(dict.fromkeys(munis)),
    )


def _exact(
    index: _Index, words: list[str], folded: list[str], i: int, lowered: str
) -> tuple[str, str | Municipality, int] | None:
    for span in range(min(index.longest, len(words) - i), 0, -1):
        phrase = " ".join(folded[i : i + span])
        for form in _forms(phrase):
            region = index.regions.get(form)
            muni = index.municipalities.get(form)
            if muni is not None and muni.also_word and form == muni.also_word:
                if not _word_is_place(words, folded, i):
                    muni = None
            if region is not None and muni is not None:
                return _ambiguous(region, muni, folded, i, span, lowered)
            if region is not None:
                return "region", region, span
            if muni is not None:
                return "municipality", muni, span
    return None


def _ambiguous(
    region: str, muni: Municipality, folded: list[str], i: int, span: int, lowered: str
) -> tuple[str, str | Municipality, int]:
    """A name that is both a region and a municipality (a seat named like its county): context decides."""
    after = folded[i + span] if i + span < len(folded) else ""
    before = folded[i - 1] if i > 0 else ""
    if after in _REGION_AFTER or before in _REGION_BEFORE:
        return "region", region, span + (1 if after in _REGION_AFTER else 0)
    if after in _DOCUMENT_AFTER:
        return "region", region, span
    if after in _MUNI_AFTER or (before == "of" and i > 1 and folded[i - 2] == "city"):
        return "municipality", muni, span + (1 if after in _MUNI_AFTER else 0)
    # Bare: a municipality when someone pays ("Vad betalar <name>?"), else the region.
    if _PAYER.search(lowered) and not _COLLECTIVE.search(lowered):
        return "municipality", muni, span
    return "region", region, span


def _word_is_place(words: list[str], folded: list[str], i: int) -> bool:
    """A name that is also a word counts when written with its diacritics, capitalised mid-sentence,
    followed by 'kommun', or after a payer verb or preposition."""
    word = words[i]
    if fold(word) != word.lower():
        return True
    if word[:1].isupper() and i > 0:
        return True
    after = folded[i + 1] if i + 1 < len(folded) else ""
    before = folded[i - 1] if i > 0 else ""
    return after.startswith("kommun") or before in _PLACE_BEFORE


def _about_cost(folded: str) -> bool:
    """The question's cost words, as its intent reads them (folded text)."""
    return bool(COST.search(folded) or SHARE.search(folded))


def _named_here(words: list[str], folded: list[str], i: int) -> bool:
    """Whether a word may be a misspelt name: capitalised, or where a place stands (before "kommun",
    after "i", "betalar"). A lower-case word elsewhere is a word ("väntas" is no misspelt place),
    unless the question is about a cost, where a place is the point ("kostnad sundsval 2026?")."""
    after = folded[i + 1] if i + 1 < len(folded) else ""
    before = folded[i - 1] if i > 0 else ""
    return (
        words[i][:1].isupper()
        or after.startswith(("kommun", "region", "lan", "municipality"))
        or before in _PLACE_BEFORE
    )


def _fuzzy(index: _Index, word: str) -> tuple[str, str | Municipality, int] | None:
    """One typo in a name of six letters or more, two in ten or more (single words only)."""
    best: tuple[str, str | Municipality, int] | None = None
    for form in _forms(word):
        limit = 2 if len(form) >= 10 else 1
        for table, kind in ((index.municipalities, "municipality"), (index.regions, "region")):
            choices = [k for k in table if " " not in k and abs(len(k) - len(form)) <= limit]
            match = process.extractOne(form, choices, scorer=Levenshtein.distance, score_cutoff=limit)
            if match is not None:
                value = table[match[0]]
                if isinstance(value, Municipality) and value.also_word == match[0]:
                    continue  # a word-like name is never guessed from a typo
                best = best or (kind, value, 1)
    return best
