"""Which region a question is about: region and municipality names, with or without diacritics."""

from __future__ import annotations

import re

from ..geography import COUNTIES, OTHER_REGIONS, fold

# Municipalities of the regions the corpus covers, plus names that also point at a region
# (Stockholm's districts and Storsthlm, the municipalities' association).
MUNICIPALITIES: dict[str, tuple[str, ...]] = {
    county: towns + (("Södermalm", "Storsthlm") if county == "Stockholm" else ())
    for county, towns in COUNTIES.items()
}


def _pattern(names: list[str]) -> re.Pattern[str]:
    alts = sorted({re.escape(fold(n)) for n in names}, key=len, reverse=True)
    # genitive -s and "kommun"/"läns"/"län" suffixes are fine; the name must start a word
    return re.compile(r"\b(" + "|".join(alts) + r")(?:s|ns)?\b")


def _index(table: dict[str, tuple[str, ...]]) -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for region, towns in table.items():
        owner[fold(region)] = region
        for town in towns:
            owner.setdefault(fold(town), region)
    return _pattern(list(owner)), owner


_COVERED, _COVERED_OWNER = _index(MUNICIPALITIES)
_OTHER, _OTHER_OWNER = _index(OTHER_REGIONS)


def _named(pattern: re.Pattern[str], owner: dict[str, str], question: str) -> list[str]:
    """Regions whose names (or towns) occur in the question, first mention first."""
    return list(dict.fromkeys(owner[m.group(1)] for m in pattern.finditer(fold(question))))


def regions_named(question: str) -> list[str]:
    """Corpus regions the question names directly or through a municipality, in order."""
    return _named(_COVERED, _COVERED_OWNER, question)


def other_regions_named(question: str) -> list[str]:
    """Regions outside the corpus that the question names (e.g. 'Skåne', 'Göteborg')."""
    return _named(_OTHER, _OTHER_OWNER, question)
