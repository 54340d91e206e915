"""Municipality names of the counties the corpus speaks about, and forgiving name matching.

The names are public reference data (SCB's list of municipalities), not agreement
facts: they let the router tell "a Västernorrland party" from "a Stockholm
municipality" from "a municipality no agreement in the corpus covers". Matching
forgives a missing "kommun", the genitive -s, missing diacritics (Ornskoldsvik)
and one typo in longer names (Sundsvals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..geography import COUNTIES, fold

KOMMUNKOD: dict[str, str] = {
    "Ånge": "2260", "Timrå": "2262", "Härnösand": "2280", "Sundsvall": "2281",
    "Kramfors": "2282", "Sollefteå": "2283", "Örnsköldsvik": "2284",
}  # fmt: skip
"""SCB municipality codes of the Västernorrland parties (used to read SCB exports)."""


@dataclass(frozen=True)
class Municipality:
    """A municipality and the county it belongs to."""

    name: str
    """Short name as SCB writes it: 'Ånge', 'Upplands Väsby'."""
    county: str
    """County short name: 'Västernorrland', 'Stockholm', 'Västerbotten', 'Norrbotten'."""

    @property
    def display(self) -> str:
        """The official form: 'Ånge kommun', 'Sundsvalls kommun', 'Kramfors kommun', 'Stockholms stad'."""
        if self.name == "Stockholm":
            return "Stockholms stad"
        vowel_or_s = self.name[-1].lower() in "aeiouyåäösxz"
        return f"{self.name} kommun" if vowel_or_s else f"{self.name}s kommun"

    def label(self, lang: str) -> str:
        """`display` in Swedish; 'Ånge municipality' ('City of Stockholm') in English."""
        if lang != "en":
            return self.display
        return "the City of Stockholm" if self.name == "Stockholm" else f"{self.name} municipality"


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


ALL: tuple[Municipality, ...] = tuple(Municipality(n, county) for county, ns in COUNTIES.items() for n in ns)
_BY_FOLDED = {fold(m.name).replace("-", " "): m for m in ALL}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


def _candidates(word: str) -> list[str]:
    folded = fold(word).replace("-", " ")
    forms = [folded]
    if folded.endswith("s"):
        forms.append(folded[:-1])  # genitive: Ånges, Sundsvalls
    return forms


def find_municipality(question: str) -> Municipality | None:
    """The first municipality named in `question`, or None.

    Exact (folded) matches win over fuzzy ones. Lower-case 'ange' is the Swedish verb
    "state" and is only read as Ånge when capitalised mid-sentence or written 'Ånge'.
    """
    words = [(m.group(0), m.start()) for m in _WORD.finditer(question)]
    folded_question = " " + " ".join(fold(w).replace("-", " ") for w, _ in words) + " "
    for key, muni in _BY_FOLDED.items():  # two-word names first: "upplands vasby"
        if " " in key and (f" {key} " in folded_question or f" {key}s " in folded_question):
            return muni
    fuzzy: Municipality | None = None
    for index, (word, _start) in enumerate(words):
        forms = _candidates(word)
        if "ange" in forms and not _is_ange(word, index, words):
            continue
        for form in forms:
            if form in _BY_FOLDED:
                return _BY_FOLDED[form]
        if fuzzy is None and len(forms[0]) >= 6:
            for key, muni in _BY_FOLDED.items():
                limit = 2 if len(key) >= 10 else 1
                if any(_distance(form, key, limit) <= limit for form in forms):
                    fuzzy = muni
                    break
    return fuzzy


_ANGE_BEFORE = frozenset({"betalar", "betala", "betalade", "för", "pay", "pays", "does", "did", "i"})


def _is_ange(word: str, index: int, words: list[tuple[str, int]] | None = None) -> bool:
    """Whether the word 'ange'/'anges'/'Ånge' names the municipality Ånge rather than the verb.

    Lower-case 'ange' is the municipality when 'kommun' follows it ("ange kommun") or a
    payer verb or preposition precedes it ("vad betalar ange"); the verb is "ange ett år".
    """
    if word[0] in "Åå":
        return True
    if word[0] == "A" and index > 0:
        return True
    words = words or []
    after = words[index + 1][0].lower() if index + 1 < len(words) else ""
    before = words[index - 1][0].lower() if index > 0 else ""
    return after.startswith("kommun") or before in _ANGE_BEFORE


def find_county(question: str) -> str | None:
    """A county named in `question` ('Västernorrland', 'Stockholm', ...), or None.

    'Stockholm' counts as the county only with 'län', 'region' or 'Storsthlm' around it;
    bare 'Stockholm' is the municipality (see find_municipality).
    """
    folded = fold(question)
    for county in ("Västernorrland", "Västerbotten", "Norrbotten"):
        if fold(county) in folded:
            return county
    if re.search(
        r"stockholms? ?lan|region(en)? stockholm|stockholm region|stockholm county|storsthlm", folded
    ):
        return "Stockholm"
    return None


def find_municipalities(question: str) -> tuple[Municipality, ...]:
    """Every municipality named in a list ("Ånge och Timrå", "Ånge, Timrå and Kramfors"), in order."""
    found: list[Municipality] = []
    for part in re.split(r",|/|\boch\b|\band\b|\bsamt\b|&", question):
        muni = find_municipality(f"x {part}")  # "x " keeps a capitalised 'Ange' mid-sentence
        if muni is not None and muni not in found:
            found.append(muni)
    return tuple(found)
