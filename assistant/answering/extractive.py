"""The default answer engine: quote the best sentences of the best passages, no LLM.

Every sentence in the answer is copied verbatim from a page and carries a [n]
marker pointing at its citation. When the evidence is weak the engine refuses
and offers the closest passages instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..retrieval.bm25 import BM25
from ..retrieval.regions import regions_named
from ..retrieval.text import STOPWORDS, query_groups, stem, tokens
from ..types import Citation, ScoredChunk
from .injection import gives_instructions
from .sentences import split_sentences

MAX_SENTENCES = 3
MIN_COVER = 0.35
CONTEXT_WEIGHT = 0.25
DENSE_FLOOR, DENSE_FULL = 0.80, 0.88  # e5 cosines: unrelated text sits near 0.75-0.8, matches near 0.85+
RANK_PRIOR = 0.05
INTENT_BONUS = 0.12

# What kind of sentence answers a question word: "när" wants a date or month, "vem" a party.
_MONTHS = r"januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
_INTENTS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(r"\b(när|when|vilket datum|what date)\b", re.I),
        re.compile(rf"\b({_MONTHS}|\d{{4}}-\d{{2}}-\d{{2}}|år \d{{4}}|\d{{1,2}} ({_MONTHS}))\b", re.I),
    ),
    (
        re.compile(r"\b(vem|vilka|who)\b", re.I),
        re.compile(r"\b(Region|[Kk]ommun(en|erna)?|[Pp]arterna|[A-ZÅÄÖ][a-zåäö]+ [A-ZÅÄÖ][a-zåäö]+)\b"),
    ),
    (
        re.compile(r"\b(hur mycket|vad kostar|belopp|kostnad|budget|how much|cost|amount)\b", re.I),
        re.compile(r"\d[\d ]*\s?(kr|kronor|SEK|%)"),
    ),
    (re.compile(r"\b(vilka|which)\b", re.I), re.compile(r"(följande[^\n]*|:)\n")),
    (
        re.compile(r"\b(hur länge|how long|giltighet|period|gäller)\b", re.I),
        re.compile(r"\d{4}-\d{2}-\d{2}|\b(19|20)\d{2}\b"),
    ),
)


# the thing a question asks for: "Vilket timpris ...", "Which hourly rate ..."
_ASKED_FOR = re.compile(r"\b(vilken|vilket|vilka|which)\s+([a-zåäöé-]{4,})", re.I)


def intent_bonus(question: str, sentence: str) -> float:
    """A small bonus for a sentence of the kind the question word asks for."""
    return sum(INTENT_BONUS for ask, wants in _INTENTS if ask.search(question) and wants.search(sentence))


RELATIVE_CUTOFF = 0.55  # a further sentence must score at least this share of the best one


@dataclass(frozen=True)
class Draft:
    """What an answer engine hands back to the service."""

    text: str
    citations: tuple[Citation, ...]
    refused: bool
    closest: tuple[Citation, ...] = ()
    evidence: float = 0.0
    """0..1: how well the passages cover the question (drives refusal)."""
    engine: str = "extractive"
    """What wrote the text: 'extractive', or the chat model string."""
    notes: tuple[str, ...] = ()
    """Remarks for the reader, e.g. why a generated answer was withheld."""


def _label(c: ScoredChunk) -> str:
    region = f"{c.chunk.region}, " if c.chunk.region else ""
    year = f" {c.chunk.date[:4]}" if c.chunk.date else ""
    return f"{region}{c.chunk.kind or 'dokument'}{year}, s. {c.chunk.page}"


def citation_for(hit: ScoredChunk, quote: str) -> Citation:
    return Citation(
        document=hit.chunk.document,
        page=hit.chunk.page,
        quote=quote,
        title=hit.chunk.title,
        section=hit.chunk.section,
    )


class ExtractiveEngine:
    """Composes answers from sentences of the retrieved passages."""

    name = "extractive"

    def __init__(self, bm25: BM25, refuse_below: float = 0.35) -> None:
        self.bm25 = bm25
        self.refuse_below = refuse_below

    def _weight(self, group: frozenset[str]) -> float:
        """A word's weight: the IDF of its commonest known alternative (0 if none is in the corpus).

        The commonest form is the word itself; its expansions (compounds, translations) are
        rarer and would otherwise make a common word like "region" weigh like a rare one.
        """
        return min((self.bm25.idf[t] for t in group if t in self.bm25.idf), default=0.0)

    def _foreign(self, word: str) -> bool:
        """True when `word` is unknown to the corpus, as a whole, by its stem, or as a compound.

        "lagnummer" is not foreign: "lag" is a corpus word and "-nummer" ends corpus words
        ("avtalsnummer"). "timpris" is: neither reading finds it.
        """
        group = self.bm25.expand(frozenset(tokens(word)))
        if not group or any(t in self.bm25.idf for t in group):
            return False
        for i in range(3, len(word) - 3):
            head, tail = stem(word[:i]), stem(word[i:])
            if head in self.bm25.idf and any(v.endswith(tail) or v.startswith(tail) for v in self.bm25.vocab):
                return False
        return True

    def _sentence_score(
        self, groups: list[frozenset[str]], sentence: str, context: set[str] = frozenset()
    ) -> float:
        """IDF-weighted share of the question's words that the sentence covers.

        Words that the passage's document already names in its title or region (`context`)
        count a quarter: every sentence of that document is "about Västernorrland", so
        they must not outvote the word the question is really about.
        """
        weights = [self._weight(g) * (CONTEXT_WEIGHT if g & context else 1.0) for g in groups]
        total = sum(weights)
        if not total:
            return 0.0
        stoks = set(tokens(sentence))
        return sum(w for g, w in zip(groups, weights, strict=True) if g & stoks) / total

    def evidence(self, question: str, hits: list[ScoredChunk], language: str = "sv") -> float:
        """0..1: how well the best passage covers the question, blended with dense similarity.

        A question word the corpus never uses ("semesterersättning", "fotbolls-VM") counts
        against coverage with the weight of the rarest corpus word: the documents cannot be
        about it. Bare numbers count half, so a year alone does not make a passage relevant. In
        English questions an unknown word is more often untranslated vocabulary than a missing
        topic, so it weighs half. A passage covering under MIN_COVER of the question scores 0.
        """
        if not hits:
            return 0.0
        asked = _ASKED_FOR.search(question)
        if asked and asked.group(2).lower() not in STOPWORDS:
            if self._foreign(asked.group(2).lower()):
                return 0.0  # "Vilket timpris ...?": what is asked for never occurs in the corpus
        groups = [self.bm25.expand(g) for g in query_groups(question)]
        unknown_weight = max(self.bm25.idf.values(), default=1.0)
        weights = []
        for g in groups:
            w = self._weight(g)
            if w == 0.0:
                w = unknown_weight * (0.5 if language == "en" else 1.0)
            if all(t.isdigit() for t in g):
                w *= 0.5
            weights.append(w)
        total = sum(weights)
        if not total:
            return 0.0
        cover = 0.0
        for h in hits:
            toks = set(tokens(f"{h.chunk.region} {h.chunk.title} {h.chunk.section} {h.chunk.text}"))
            cover = max(cover, sum(w for g, w in zip(groups, weights, strict=True) if g & toks) / total)
        if cover < MIN_COVER:
            return 0.0
        dense = max(h.dense for h in hits)
        dense_part = min(max((dense - DENSE_FLOOR) / (DENSE_FULL - DENSE_FLOOR), 0.0), 1.0)
        return 0.65 * cover + 0.35 * dense_part

    def answer(self, question: str, hits: list[ScoredChunk], language: str) -> Draft:
        evidence = self.evidence(question, hits, language)
        if evidence < self.refuse_below:
            closest = tuple(citation_for(h, split_sentences(h.chunk.text)[0]) for h in hits[:3])
            return Draft(
                text=refusal_text(language), citations=(), refused=True, closest=closest, evidence=evidence
            )
        closest = ()

        qtok = [self.bm25.expand(g) for g in query_groups(question)]
        scored: list[tuple[float, int, str, ScoredChunk]] = []
        for rank, hit in enumerate(hits):
            context = frozenset(tokens(f"{hit.chunk.region} {hit.chunk.title}"))
            for sentence in split_sentences(hit.chunk.text):
                if gives_instructions(sentence):
                    continue  # text in a document that gives orders is not an answer
                s = self._sentence_score(qtok, sentence, context) + intent_bonus(question, sentence)
                # earlier passages are likelier; the fused rank breaks near-ties
                scored.append((s + RANK_PRIOR / (rank + 1), rank, sentence, hit))
        scored.sort(key=lambda t: (-t[0], t[1]))
        if not scored:
            return Draft(
                text=refusal_text(language), citations=(), refused=True, closest=closest, evidence=evidence
            )

        best = scored[0][0]
        picked: list[tuple[str, ScoredChunk]] = []
        # a question about two regions ("... i Västernorrland jämfört med Stockholm") gets the
        # best sentence of each region first
        regions = regions_named(question)
        if len(regions) > 1:
            for region in regions:
                top = next(((sen, h) for _, _, sen, h in scored if h.chunk.region == region), None)
                if top is not None:
                    picked.append(top)
        for s, _, sentence, hit in scored:
            if len(picked) >= max(MAX_SENTENCES, len(regions)) or s < best * RELATIVE_CUTOFF:
                break
            if any(sentence in p or p in sentence for p, _ in picked):
                continue
            picked.append((sentence, hit))
        citations = tuple(citation_for(hit, sentence) for sentence, hit in picked)
        lines = [intro(language)]
        for n, (sentence, hit) in enumerate(picked, start=1):
            flat = " ".join(sentence.split())
            lines.append(f"- **{_label(hit)}:** «{flat}» [{n}]")
        return Draft(
            text="\n".join(lines), citations=citations, refused=False, closest=closest, evidence=evidence
        )


def intro(language: str) -> str:
    return "The agreements say (quoted in Swedish):" if language == "en" else "Avtalen säger:"


def refusal_text(language: str) -> str:
    if language == "en":
        return (
            "The agreements in the index do not answer this question. "
            "The closest passages are listed below so you can check for yourself."
        )
    return (
        "Det framgår inte av avtalen i underlaget. "
        "De avsnitt som ligger närmast visas nedan så att du kan kontrollera själv."
    )
