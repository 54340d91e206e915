"""BM25 over chunk tokens, in memory (the corpus is small; rebuilt at load in milliseconds)."""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .text import stem as snowball

MIN_AFFIX = 5
"""Shortest stem used for prefix and compound matching (shorter ones match too much)."""
DERIVATIONS = ("ning", "ing", "ande", "else")
"""Swedish suffixes that make a noun of a verb's stem ("styr-ning", "revider-ing", "betal-ande")."""
INFLECTION = 3
"""Longest ending an unknown word may have over a known stem and still be its inflection."""
DEFINITE = "et"
"""The neuter definite ending the Swedish stemmer keeps on some words ("syftet", "objektet")."""
PREFIXES = ("o", "för", "oför", "om", "åter")
"""Swedish prefixes that keep a word's topic: negation ("oförändrad") and "för-", "om-", "åter-"."""
PREFIXED = 4
"""Shortest stem looked up with a prefix."""
MISSPELT = 8
"""Shortest stem matched with one letter wrong (shorter words differ by a letter and mean otherwise)."""
ACRONYM = (3, 5)
"""Lengths of a word read as an acronym of a compound when it spells one ("LSG")."""
ROOTED = 6
"""Shortest stem stemmed again for its root (shorter ones are often names or whole words)."""
EXPANDED_CACHE = 20_000
"""Query words whose expansion is kept; the oldest is dropped first."""


class BM25:
    """Okapi BM25 (k1=1.5, b=0.75) over pre-tokenised documents."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.n = len(docs)
        self.lengths = [len(d) for d in docs]
        self.avgdl = (sum(self.lengths) / self.n) if self.n else 0.0
        self.tf = [Counter(d) for d in docs]
        df: Counter[str] = Counter()
        for counts in self.tf:
            df.update(counts.keys())
        self.df = df
        self.idf = {t: math.log(1 + (self.n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.vocab = sorted(df)
        self._expanded: dict[str, frozenset[str]] = {}
        self._parts: frozenset[str] | None = None
        self.lowercase: frozenset[str] = frozenset()
        """Words the corpus writes in lower case (set by the index that owns the texts): a
        capitalised word among them is a sentence start or a title, not a name."""
        self.postings: dict[str, list[int]] = {}
        for i, counts in enumerate(self.tf):
            for t in counts:
                self.postings.setdefault(t, []).append(i)

    def scores(self, query: Sequence[str]) -> dict[int, float]:
        """Score of every document sharing at least one query token."""
        out: dict[int, float] = {}
        for t in set(query):
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i in self.postings[t]:
                f = self.tf[i][t]
                norm = f + self.k1 * (1 - self.b + self.b * self.lengths[i] / (self.avgdl or 1))
                out[i] = out.get(i, 0.0) + idf * f * (self.k1 + 1) / norm
        return out

    def expand(self, group: frozenset[str]) -> frozenset[str]:
        """Add corpus words that share a stem prefix or a compound part with the group's words.

        Swedish inflects and compounds freely: "förlängas" should find "förlängning",
        "fördelas" find "kostnadsfördelning", and an unknown compound such as
        "regionöverenskommelsen" its known parts "region" and "överenskomm".
        """
        out = set(group)
        for stem in group:
            out.update(self._expand_stem(stem))
        return frozenset(out)

    def _expand_stem(self, stem: str) -> frozenset[str]:
        """The corpus words one query word adds (cached per word: words recur across questions)."""
        cached = self._expanded.get(stem)
        if cached is not None:
            return cached
        out: set[str] = set()
        if not stem.isdigit():
            # the other stems of the same word: the stemmer leaves "syftet" as it is but makes "syfte"
            # "syft", and "ansvaret" "ansvar" but "ansvar" "ansv"
            out.update(self._same_root(stem))
        if len(stem) >= MISSPELT and stem.isalpha():
            # a long word the documents misspell once ("Förvaltningledare", "Fördragande") is the same word
            for form in {stem, root(stem)}:
                found = process.extract(
                    form, self.vocab, scorer=Levenshtein.distance, score_cutoff=1, limit=None
                )
                # (a misspelling is a one-off: a word of one passage, near a word that is not)
                out.update(
                    w
                    for w, _, _ in found
                    if w[0] == form[0]
                    and len(w) >= MISSPELT - 1
                    and self.df[w] == 1
                    and self.df.get(form, 0) != 1
                )
        if ACRONYM[0] <= len(stem) <= ACRONYM[1] and stem.isalpha():
            # "lsg" for "länssamverkansgrupp": a compound whose parts' initials spell the short word
            out.update(self._spelled_by(stem))
        if len(stem) >= PREFIXED and not stem.isdigit() and stem.isalpha():
            # the same word with a prefix: "ändras" finds "oförändrade", "förhandling" "omförhandling"
            # (a verb's noun takes them on its verb: "ändring" is "ändr-" in "oförändrade")
            bases = {
                stem,
                *(
                    stem[: -len(d)]
                    for d in DERIVATIONS
                    if stem.endswith(d) and len(stem) - len(d) >= PREFIXED
                ),
            }
            for head in {p + b for p in PREFIXES for b in bases}:
                out.update(self._starting(head))
        if len(stem) >= 3 and not stem.isdigit():
            # a verb's nouns: "styra" finds "styrning", "planera" "planering" (stems too short to expand)
            out.update(w for w in (stem + d for d in DERIVATIONS) if w in self.idf)
        if len(stem) >= MIN_AFFIX and not stem.isdigit():
            for word in self.vocab:
                if len(word) >= MIN_AFFIX and (word.startswith(stem) or stem.startswith(word)):
                    out.add(word)
                elif len(stem) >= MIN_AFFIX + 2 and word.endswith(stem):
                    out.add(word)  # a compound ending with the word: "kostnadsfördelning"
            if stem not in self.idf:
                parts = [
                    w for w in self.vocab if len(w) >= MIN_AFFIX and (stem.endswith(w) or stem.startswith(w))
                ]
                out.update(sorted(parts, key=len, reverse=True)[:2])
                # an unknown inflection of a known stem ("reviderats" of "revider-") finds the stem's
                # derivations too ("revideringen"): the verb asked about, named by its noun
                base = max((w for w in parts if stem.startswith(w)), key=len, default="")
                if len(base) >= MIN_AFFIX + 2 and len(stem) - len(base) <= INFLECTION:
                    out.update(
                        w for w in self.vocab if w.startswith(base) and len(w) - len(base) <= INFLECTION + 2
                    )
        if len(self._expanded) >= EXPANDED_CACHE:  # oldest first: a server's cache stays bounded
            self._expanded.pop(next(iter(self._expanded)), None)
        result = self._expanded[stem] = frozenset(out)
        return result

    def _spelled_by(self, acronym: str) -> list[str]:
        """Corpus compounds of as many parts as `acronym` has letters, each part a corpus word (or the
        tail of one), joined directly or by a linking "s", whose initials spell it."""
        if self._parts is None:
            words = {w for w in self.vocab if len(w) >= 3 and w.isalpha()}
            self._parts = frozenset(words | {w[i:] for w in words for i in range(1, len(w) - 3)})
        parts = self._parts

        def spells(word: str, letters: str) -> bool:
            if not letters:
                return not word
            if not word or word[0] != letters[0]:
                return False
            for end in range(3, len(word) + 1):
                if word[:end] in parts:
                    rest = word[end:]
                    if spells(rest, letters[1:]) or (rest.startswith("s") and spells(rest[1:], letters[1:])):
                        return True
            return False

        return [w for w in self._starting(acronym[0]) if len(w) >= 3 * len(acronym) and spells(w, acronym)]

    def _starting(self, head: str) -> list[str]:
        """The corpus stems that start with `head` (a range of the sorted vocabulary)."""
        at = bisect.bisect_left(self.vocab, head)
        out = []
        for word in self.vocab[at:]:
            if not word.startswith(head):
                break
            out.append(word)
        return out

    def _same_root(self, stem: str) -> list[str]:
        """Corpus stems with the same root as `stem`. A root is a prefix of its word (the stemmer only
        cuts endings), so only the words that start with it are stemmed again: cheap at any corpus size."""
        base = root(stem)
        return [word for word in self._starting(base) if root(word) == base]

    def top(self, query: Sequence[str], k: int) -> list[tuple[int, float]]:
        ranked = sorted(self.scores(query).items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[:k]

    def coverage(self, query: Sequence[str], doc: int) -> float:
        """IDF-weighted share of the query's known tokens that document `doc` contains."""
        known = [t for t in set(query) if t in self.idf]
        total = sum(self.idf[t] for t in known)
        if not total:
            return 0.0
        return sum(self.idf[t] for t in known if t in self.tf[doc]) / total

    def unknown_share(self, query: Sequence[str]) -> float:
        """Share of query tokens that occur nowhere in the corpus."""
        q = set(query)
        return sum(t not in self.idf for t in q) / len(q) if q else 1.0


def root(stem: str) -> str:
    """`stem` stemmed once more, without a definite "-et" the stemmer kept: one form for the stems
    the stemmer gives one word ("syftet" and "syft", "ansvar" and "ansv")."""
    if len(stem) < ROOTED:
        return stem  # "helen" (of a name, "Helena") is no form of "hel" ("hela")
    again = snowball(stem)
    if again.endswith(DEFINITE) and len(again) >= len(DEFINITE) + 4:
        again = again[: -len(DEFINITE)]
    return again


def build_bm25(texts: Sequence[str], tokenize: Callable[[str], list[str]]) -> BM25:
    return BM25([tokenize(t) for t in texts])
