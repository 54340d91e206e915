"""The default answer engine: quote the units of the passages that answer, no LLM.

The question's kind (`asks.asked_for`: a name, an amount, a date, a list, ...) decides
which units answer: a sentence about the subject that holds that kind of answer. The
first line is the best of them, quoted verbatim with its [1] marker; at most a few more
follow. A list question gets the whole list, a table question the row with its header.
When the passages are about the subject but none holds what is asked, the engine
refuses and says so, quoting what the documents do say; when the evidence is weak it
refuses and offers the closest passages instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..retrieval.bm25 import BM25
from ..retrieval.regions import regions_named
from ..retrieval.text import STOPWORDS, query_groups, stem, tokens
from ..types import Citation, ScoredChunk
from .asks import AskedFor, Kind, asked_for, carries
from .injection import gives_instructions
from .sentences import passage_units, split_sentences
from .wording import gap_line, gap_text, quote_line, quoted_in_swedish, refusal_text

__all__ = ["Draft", "ExtractiveEngine", "citation_for", "refusal_text"]

MAX_SENTENCES = 3
MIN_COVER = 0.35
CONTEXT_WEIGHT = 0.25
DENSE_FLOOR, DENSE_FULL = 0.80, 0.88  # e5 cosines: unrelated text sits near 0.75-0.8, matches near 0.85+
RANK_PRIOR = 0.05
ENGLISH_UNKNOWN = 0.5
INTENT_BONUS = 0.12
LENGTH_PENALTY = 0.004
"""Per 100 characters: of two units covering the question alike, the shorter one is quoted."""
FOCUS_MIN = 0.4
"""An answering sentence covers at least this share of what the question asks beyond its document."""


# the thing a question asks for: "Vilket timpris ...", "Which hourly rate ..."
_ASKED_FOR = re.compile(r"\b(vilken|vilket|vilka|which)\s+([a-zåäöé-]{4,})", re.I)
_WHICH = re.compile(r"(?:vilken|vilket|vilka|which|what)\s+([\w-]+)$", re.I)
_CAPITALISED = re.compile(r"(?<=[\w,] )[A-ZÅÄÖ][\w-]+")


RARE_SHARE = 0.1
"""A name in at most this share of the passages is one an answer must mention."""
NEAR_CHARS = 200
"""How far before a unit a name the question asks about may stand (the sentence before it)."""
RELATIVE_CUTOFF = 0.55  # a further sentence must score at least this share of the best one
SHAPED_CUTOFF = 0.45
"""For a question with an answer shape (a name, an amount, ...), an about-the-subject unit of that
shape answers when it scores this share of the best unit (which may lack the shape)."""


@dataclass(frozen=True)
class _Candidate:
    score: float
    rank: int
    text: str
    hit: ScoredChunk
    fits: bool
    """It holds the kind of answer asked for (a name, an amount, a date, ...)."""
    focus: float
    """Share of the question's own subject (beyond its document's title and region) it covers."""
    entities: bool
    """It names every entity the question names beyond its document's region and title."""
    kind: str = "sentence"
    """The unit's kind (see sentences.Unit): a whole 'list' or 'table' answers a list question alone."""


@dataclass(frozen=True)
class Draft:
    """What an answer engine hands back to the service."""

    text: str
    citations: tuple[Citation, ...]
    refused: bool
    closest: tuple[Citation, ...] = ()
    evidence: float = 0.0
    """0..1: how well the passages cover the question (drives refusal)."""


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

    def evidence(self, question: str, hits: list[ScoredChunk], language: str = "sv") -> float:
        """0..1: how well the best passage covers the question, blended with dense similarity.

        A question word the corpus never uses ("semesterersättning", "fotbolls-VM") counts
        against coverage with the weight of the rarest corpus word: the documents cannot be
        about it. Bare numbers count half, so a year alone does not make a passage relevant. In
        English questions an unknown word is more often untranslated vocabulary than a missing
        topic, so it weighs ENGLISH_UNKNOWN. A passage covering under MIN_COVER of the question
        scores 0.
        """
        if not hits:
            return 0.0
        asked = _ASKED_FOR.search(question)
        # after a singular "vilken/vilket" comes the noun asked for; after "vilka" often a verb
        if (
            asked
            and asked.group(1).lower() in ("vilken", "vilket")
            and asked.group(2).lower() not in STOPWORDS
        ):
            if self._foreign(asked.group(2).lower()):
                return 0.0  # "Vilket timpris ...?": what is asked for never occurs in the corpus
        groups = [self.bm25.expand(g) for g in query_groups(question)]
        unknown_weight = max(self.bm25.idf.values(), default=1.0)
        weights = []
        for g in groups:
            w = self._weight(g)
            if w == 0.0:
                w = unknown_weight * (ENGLISH_UNKNOWN if language == "en" else 1.0)
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

    def answer(
        self, question: str, hits: list[ScoredChunk], language: str, asked: AskedFor | None = None
    ) -> Draft:
        """Quote the sentences that answer; refuse, naming the gap, when none holds what is asked."""
        asked = asked or asked_for(question, language)
        evidence = self.evidence(question, hits, language)
        if evidence < self.refuse_below:
            closest = tuple(citation_for(h, split_sentences(h.chunk.text)[0]) for h in hits[:3])
            return Draft(
                text=refusal_text(language), citations=(), refused=True, closest=closest, evidence=evidence
            )
        candidates = self._candidates(question, hits, language, asked)
        if not candidates:
            return Draft(text=refusal_text(language), citations=(), refused=True, evidence=evidence)
        best = candidates[0].score
        shaped = asked.kind not in UNSHAPED
        answering = [
            c
            for c in candidates
            if c.score >= best * (SHAPED_CUTOFF if shaped else RELATIVE_CUTOFF)
            and (not shaped or (c.fits and c.focus >= FOCUS_MIN and c.entities))
        ]
        if not answering:
            # about the subject, but none of it is what was asked: say so, and quote what is there,
            # the unit most about what the question asks (not one that merely shares its names)
            near = [c for c in candidates if c.score >= best * RELATIVE_CUTOFF]
            about = max(near, key=lambda c: (c.focus, c.score))
            return Draft(
                text=gap_text(asked, question, language, about.text),
                citations=(citation_for(about.hit, about.text),),
                refused=True,
                evidence=evidence,
            )
        picked = self._pick(question, answering)
        citations = tuple(citation_for(c.hit, c.text) for c in picked)
        lines = [quote_line(n, c.text, _label(c.hit)) for n, c in enumerate(picked, start=1)]
        lines.extend(self._missing_regions(question, picked, asked, language))
        lines.extend(quoted_in_swedish(language))
        return Draft(text="\n".join(lines), citations=citations, refused=False, evidence=evidence)

    def _candidates(
        self, question: str, hits: list[ScoredChunk], language: str, asked: AskedFor
    ) -> list[_Candidate]:
        """Every quotable unit of the passages, scored for the question, best first."""
        raw = query_groups(question)
        # a word the corpus knows is matched and weighed as itself, not by a shorter word its
        # expansion adds ("förvaltningsaktiviteter" is rare; "förvaltning", a prefix of it, is everywhere)
        groups = [self._own_forms(r) for r in raw]
        weight_of = {g: self._weight(r) or self._weight(g) for r, g in zip(raw, groups, strict=True)}
        lower = self.bm25.lowercase or _lowercase_words(hits)
        named_regions = regions_named(question)
        # "län" and "region" belong to a region's name ("Stockholms län", "Region Västernorrland")
        regions = frozenset(t for r in named_regions for t in tokens(f"{r} län region"))
        entities = self._entities(question, lower, regions)
        # what the question asks about: not its regions (each passage's own context) nor its names
        subject = [g for g in groups if g not in entities and not g & regions]
        which = _WHICH.match(asked.phrase)
        if which and asked.kind in (Kind.PARTY, Kind.NAME):
            # "Vilken leverantör ...?": the answer names the supplier and need not say "leverantör"
            asked_noun = frozenset(tokens(which.group(1)))
            subject = [g for g in subject if not g & asked_noun]
        lists = asked.kind is Kind.LIST or asked.plural
        base = [weight_of[g] for g in groups]
        region_words: dict[str, frozenset[str]] = {}
        for h in hits:
            region_words[h.chunk.region] = region_words.get(h.chunk.region, frozenset()) | unit_tokens(
                f"{h.chunk.title} {h.chunk.text}"
            )
        subject_w = [(g, weight_of[g]) for g in subject]
        out: list[_Candidate] = []
        for rank, hit in enumerate(hits):
            context = frozenset(tokens(f"{hit.chunk.region} {hit.chunk.title} {hit.chunk.kind}"))
            # the region the question names is met by every passage of that region's documents
            home = frozenset(tokens(hit.chunk.region)) & regions
            # words the document already names in its title or region count a quarter: every
            # sentence of it is "about Västernorrland", so they must not outvote the word asked about
            weights = [
                w * (CONTEXT_WEIGHT if g & context else 1.0) for g, w in zip(groups, base, strict=True)
            ]
            total = sum(weights)
            own = [(g, w) for g, w in subject_w if not g & context]
            if len(named_regions) > 1:  # each region answers its own part of a comparison
                own = [(g, w) for g, w in own if g & region_words.get(hit.chunk.region, frozenset())]
            own_total = sum(w for _, w in own)
            text = hit.chunk.text
            for unit in passage_units(text):
                if unit.kind == "list" and not lists:
                    continue  # a list question quotes the whole list; others the item that answers
                sentence = text[unit.start : unit.end].strip()
                if not sentence or _instructs(sentence):
                    continue  # text in a document that gives orders is not an answer
                stoks = unit_tokens(sentence)
                fits = _carries(asked, sentence, lower)
                whole = lists and unit.kind in ("list", "table")  # a list question quotes every item
                cover = (
                    sum(w for g, w in zip(groups, weights, strict=True) if g & (stoks | home)) / total
                    if total
                    else 0.0
                )
                score = (
                    cover
                    + (INTENT_BONUS if fits and asked.kind not in UNSHAPED else 0.0)
                    + RANK_PRIOR / (rank + 1)  # earlier passages are likelier; the rank breaks near-ties
                    - (0.0 if whole else LENGTH_PENALTY * len(sentence) / 100)
                    + (
                        INTENT_BONUS
                        * (1 + self._lead_cover(list(zip(groups, weights, strict=True)), sentence))
                        if whole
                        else 0.0
                    )
                )
                focus = sum(w for g, w in own if g & stoks) / own_total if own_total else 1.0
                # a name just before the unit still counts: "... avtalet med TietoEvry AB. Giltighetstid ..."
                near = (
                    unit_tokens(text[max(0, unit.start - NEAR_CHARS) : unit.start])
                    if entities
                    else frozenset()
                )
                named = all(g & (stoks | context | near) for g in entities)
                out.append(_Candidate(score, rank, sentence, hit, fits, focus, named, unit.kind))
        out.sort(key=lambda c: (-c.score, c.rank))
        return out

    def _own_forms(self, group: frozenset[str]) -> frozenset[str]:
        """The group's expansion without the corpus words that are mere prefixes of a known word."""
        expanded = self.bm25.expand(group)
        known = [t for t in group if t in self.bm25.idf]
        if not known:
            return expanded
        return frozenset(w for w in expanded if w in group or not any(t.startswith(w) for t in known))

    @staticmethod
    def _lead_cover(own: list[tuple[frozenset[str], float]], unit: str) -> float:
        """Share of the question's own words in a list's first line: the heading or lead-in that
        names what the list is ("6.2 Mål för år 2021"), not a list that mentions it in passing."""
        total = sum(w for _, w in own)
        lead = unit_tokens(unit.split("\n", 1)[0])
        return sum(w for g, w in own if g & lead) / total if total else 0.0

    def _entities(
        self, question: str, lower: frozenset[str], regions: frozenset[str]
    ) -> list[frozenset[str]]:
        """Rare names in the question beyond its regions ("Kramfors", "Ånge"): an answer names them.

        A capitalised word the corpus also writes in lower case ("Bilaga", "Samordnad") is no
        name; a region's name is met by its documents' context; a name most passages carry
        ("Lifecare") tells passages apart no better than any other word.
        """
        out = []
        for word in _CAPITALISED.findall(question):
            group = self.bm25.expand(frozenset(tokens(word)))
            if not group or word.lower() in lower or group & regions:
                continue
            known = [t for t in group if t in self.bm25.df]
            if known and max(self.bm25.df[t] for t in known) <= RARE_SHARE * self.bm25.n:
                out.append(group)
        return out

    def _pick(self, question: str, answering: list[_Candidate]) -> list[_Candidate]:
        """The best answering unit first, then at most a few more that also answer."""
        picked: list[_Candidate] = []
        # a question about two regions ("... i Västernorrland jämfört med Stockholm") gets the
        # best sentence of each region first
        regions = regions_named(question)
        if len(regions) > 1:
            for region in regions:
                top = next((c for c in answering if c.hit.chunk.region == region), None)
                if top is not None:
                    picked.append(top)
        for c in answering:
            if len(picked) >= max(MAX_SENTENCES, len(regions)):
                break
            if len(regions) < 2 and picked and picked[0].kind in ("list", "table"):
                break  # the whole list answers; its items again would only repeat it
            if any(c.text in p.text or p.text in c.text for p in picked):
                continue
            picked.append(c)
        return picked

    def _missing_regions(
        self,
        question: str,
        picked: list[_Candidate],
        asked: AskedFor,
        language: str,
    ) -> list[str]:
        """A partial answer names what is missing: a region asked about whose passages do not answer."""
        regions = regions_named(question)
        if len(regions) < 2:
            return []
        answered = {c.hit.chunk.region for c in picked}
        return [gap_line(asked, r, language) for r in regions if r not in answered]


UNSHAPED = frozenset({Kind.LIST, Kind.DEFINITION, Kind.YES_NO, Kind.OTHER})
"""Kinds of question any sentence on the subject may answer (no name, amount or date to look for)."""


# Per-unit work is cached: the same passages come back for many questions (warm latency).
@lru_cache(maxsize=16384)
def unit_tokens(sentence: str) -> frozenset[str]:
    return frozenset(tokens(sentence))


@lru_cache(maxsize=16384)
def _instructs(sentence: str) -> bool:
    return gives_instructions(sentence)


@lru_cache(maxsize=65536)
def _carries(asked: AskedFor, sentence: str, lower: frozenset[str]) -> bool:
    return carries(asked, sentence, lower)


def _lowercase_words(hits: list[ScoredChunk]) -> frozenset[str]:
    """Words the passages write in lower case: a capitalised one of them is no name."""
    return frozenset(w for h in hits for w in re.findall(r"\b[a-zåäöéü][\w-]*", h.chunk.text))
