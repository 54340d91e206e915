"""How common a word is in Swedish or English at large (not in the agreements).

A question word the corpus never uses is a topic the documents lack ("semesterersättning") or only
the way the question is put ("keep", "now", "handed out"). Its general frequency tells the two
apart without a word list per question: the table (common_words.txt, written by
scripts/common_words.py from wordfreq) holds the words of Zipf frequency 4.0 and above.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("common_words.txt")
COMMON, RARE = 6.0, 4.0
"""Zipf frequencies: a word at COMMON or above ("now", "good", "way") names no topic; one at RARE or
below (about once in 10 000 words or rarer) is as much a topic as any. In between, linearly."""


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        lang, word, zipf = line.split()
        out[(lang, word)] = float(zipf)
    return out


def zipf(word: str, language: str) -> float:
    """The word's Zipf frequency in `language` ('sv' or 'en'), or 0.0 when it is rarer than the table."""
    return _table().get((language, word.lower()), 0.0)


def topicality(word: str, language: str) -> float:
    """0..1: how much `word` names a topic by its rarity in the language (1 for a rare word)."""
    z = zipf(word, language)
    return min(max((COMMON - z) / (COMMON - RARE), 0.0), 1.0)
