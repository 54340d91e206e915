"""Score every quotable unit of the retrieved passages for one question.

A unit scores by the IDF-weighted share of the question's words it covers (words its
document already names in title or region count a quarter), a bonus when it holds the
kind of answer asked for, a rank prior and a small length penalty. Each candidate also
says whether it is about the question's own subject (`focus`), names the question's
rare names (`entities`) and has the asked shape (`fits`): the engine answers from those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..ingest.normalize import is_heading, names_row
from ..retrieval.bm25 import BM25
from ..retrieval.footnotes import notes_of
from ..retrieval.text import numbered_headings, query_groups, tokens
from ..types import ScoredChunk
from .injection import gives_instructions
from .kinds import AskedFor, Kind
from .sentences import is_field, passage_units
from .shapes import EN_MONTHS, MONTHS, carries, names_verb

CONTEXT_WEIGHT = 0.25
RANK_PRIOR = 0.05
INTENT_BONUS = 0.12
LENGTH_PENALTY = 0.004
"""Per 100 characters: of two units covering the question alike, the shorter one is quoted."""
_WHICH = re.compile(r"(?:vilken|vilket|vilka|which|what)\s+([\w-]+)$", re.I)
_CAPITALISED = re.compile(r"(?<=[\w,] )[A-ZÅÄÖ][\w-]+")
RARE_SHARE = 0.1
"""A name in at most this share of the passages is one an answer must mention."""
INFLECTION = 3
"""A known word's prefix shorter by at most this many letters is an inflected form of it."""
_ORDER_WORDS = r"först|tidigast|first|earliest|sist|senast|last|latest"
ORDER = re.compile(rf"\b({_ORDER_WORDS})\b", re.I)
"""The first or last of something: the documents' dates decide, the word is no subject."""
ORDER_WORD = re.compile(_ORDER_WORDS, re.I)
HEADING_CREDIT = 0.5
"""A subject word only in a heading the unit stands under counts this much towards its focus."""
NEAR_CHARS = 200
"""How far before a unit a name the question asks about may stand (the sentence before it)."""


@dataclass(frozen=True)
class Candidate:
    """One quotable unit of a retrieved passage, scored for one question."""

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


def weight(bm25: BM25, group: frozenset[str]) -> float:
    """A word's weight: the IDF of its commonest known alternative (0 if none is in the corpus).

    The commonest form is the word itself; its expansions (compounds, translations) are
    rarer and would otherwise make a common word like "region" weigh like a rare one.
    """
    return min((bm25.idf[t] for t in group if t in bm25.idf), default=0.0)


def score_units(
    bm25: BM25,
    question: str,
    hits: list[ScoredChunk],
    asked: AskedFor,
    named_regions: tuple[str, ...] = (),
    carried: str = "",
) -> list[Candidate]:
    """Every quotable unit of the passages, scored for the question, best first.

    `named_regions` are the regions the question names (from the parsed question); `carried` is
    the part of `question` taken from an earlier turn: words only it has weigh CONTEXT_WEIGHT.
    """
    raw = query_groups(question)
    # a word the corpus knows is matched and weighed as itself, not by a shorter word its
    # expansion adds ("förvaltningsaktiviteter" is rare; "förvaltning", a prefix of it, is everywhere)
    groups = [own_forms(bm25, r) for r in raw]
    weight_of = {g: weight(bm25, r) or weight(bm25, g) for r, g in zip(raw, groups, strict=True)}
    if carried:
        own_words = frozenset(tokens(question.replace(carried, " ")))
        weight_of = {g: w * (1.0 if g & own_words else CONTEXT_WEIGHT) for g, w in weight_of.items()}
    lower = bm25.lowercase or lowercase_in(hits)
    # "län" and "region" belong to a region's name ("<namn>s län", "Region <namn>")
    regions = frozenset(t for r in named_regions for t in tokens(f"{r} län region"))
    entities = _entities(bm25, question, lower, regions)
    # what the question asks about: not its regions (each passage's own context) nor its names
    subject = [
        g for g in groups if g not in entities and not g & regions and not ORDER_WORD.fullmatch(min(g))
    ]
    if asked.abbreviation or asked.kind is Kind.REASON:
        # the words that ask are no subject: "What does ÖPT refer to?" asks for a meaning (the
        # abbreviation is the subject); "av vilken anledning", "av vilket skäl" for a cause, which the
        # answer gives as "på grund av", "eftersom", not by the noun
        phrase = frozenset(tokens(asked.phrase))
        subject = [g for g in subject if not g & phrase]
    which = _WHICH.match(asked.phrase)
    named_noun: list[frozenset[str]] = []
    asked_noun: frozenset[str] = frozenset()
    if which and asked.kind in (Kind.PARTY, Kind.NAME):
        # "Vilken leverantör ...?": the answer names the supplier and need not say "leverantör";
        # one that does ("avser parterna Region <namn> och ...") is the more about it
        asked_noun = frozenset(tokens(which.group(1)))
        named_noun = [g for g in subject if g & asked_noun]
        subject = [g for g in subject if not g & asked_noun]
    lists = asked.kind is Kind.LIST or asked.plural
    # the parts of a document the question names ("Bilaga 1", "avsnitt 3.2"): a unit that names one
    # refers to it, what stands in it answers
    parts = [
        re.compile(rf"\b{m.group(1)}\s+{re.escape(m.group(2))}(?![\d.]\d)", re.I)
        for m in _PART_REF.finditer(question)
    ]
    # the verb whose agent or frequency is asked: a unit that fits has a form of it (shapes.carries)
    verb = frozenset(asked.verb)
    base = [weight_of[g] for g in groups]
    region_words: dict[str, frozenset[str]] = {}
    for h in hits:
        region_words[h.chunk.region] = region_words.get(h.chunk.region, frozenset()) | unit_tokens(
            f"{h.chunk.title} {h.chunk.text}"
        )
    subject_w = [(g, weight_of[g]) for g in subject]
    # the noun itself, inflected: "systemleverantör" is no named supplier, "parterna" are the parties
    noun_w = [(g & asked_noun, weight_of[g]) for g in named_noun]
    out: list[Candidate] = []
    for rank, hit in enumerate(hits):
        context = frozenset(
            tokens(f"{hit.chunk.region} {hit.chunk.title} {hit.chunk.kind} {_date_words(hit.chunk.date)}")
        )
        # the region the question names is met by every passage of that region's documents
        home = frozenset(tokens(hit.chunk.region)) & regions
        # words the document already names in its title or region count a quarter: every
        # sentence of it is "about <region>", so they must not outvote the word asked about
        weights = [
            w * (CONTEXT_WEIGHT if _names(g, context) else 1.0) for g, w in zip(groups, base, strict=True)
        ]
        total = sum(weights)
        own = [(g, w) for g, w in subject_w if not _names(g, context)]
        if len(named_regions) > 1:  # each region answers its own part of a comparison
            own = [(g, w) for g, w in own if g & region_words.get(hit.chunk.region, frozenset())]
        own_total = sum(w for _, w in own)
        text = hit.chunk.text
        units = passage_units(text)
        headings = _headings(text)
        if hit.heading:
            # the numbered heading in force where the passage starts ("8. Angående ..." on the page before)
            headings = ((-1, unit_tokens(hit.heading), True), *headings)
        for unit in units:
            if unit.kind in ("list", "section") and not lists:
                continue  # a list question quotes the whole list; others the item that answers
            sentence = text[unit.start : unit.end].strip()
            if not sentence or _instructs(sentence):
                continue  # text in a document that gives orders is not an answer
            if parts and any(p.search(sentence) for p in parts):
                continue  # "Vad gäller enligt Bilaga 1?": "... beskriven i Bilaga 1" only points there
            if unit.kind not in WHOLE and (
                _is_heading(text, unit.start, sentence)
                or (" ".join(sentence.split()) == hit.chunk.section and not names_row(sentence))
            ):
                continue  # a heading alone names a topic and answers nothing: what it heads does
            if (
                unit.kind == "item"
                and not lists
                and asked.kind in UNSHAPED
                and is_heading(_BULLET.sub("", sentence, count=1))
            ):
                continue  # "- Aktuellt läge implementering <system>": an agenda entry names a topic only
            stoks = unit_tokens(sentence)
            # a sentence with a footnote marker is read with its note ("gränsbeloppet3": "3 Källa: ...")
            noted = "\n".join((sentence, *notes_of(sentence, hit.notes)))
            if noted != sentence:
                stoks = stoks | unit_tokens(noted)
            fits = _carries(asked, noted, lower) and (
                not asked.items or entries(sentence, unit.kind) >= asked.items
            )
            if not fits and asked.verb and asked.kind is Kind.YES_NO and unit.kind == "item":
                # "Länssamverkansgruppen beslutade: / - ... antar ...": an item is read with its lead-in
                # (the verb asked for may be in the lead-in; all else must be in the item itself)
                lead = next((u for u in units if u.kind == "list" and u.start <= unit.start < u.end), None)
                if lead is not None:
                    line = text[lead.start : unit.start].strip().split("\n")[0]
                    fits = _carries(replace(asked, verb=()), noted, lower) and names_verb(asked.verb, line)
            if fits and verb:
                stoks = stoks | verb  # "Föredragande: <namn>" has the form of "föredrog" that was asked
            whole = lists and unit.kind in WHOLE  # a list question quotes every item
            above = _above(headings, unit.start)
            if is_field(sentence):
                label = unit_tokens(sentence.split(":", 1)[0])
                if asked.kind in UNSHAPED and not any(g & label for g in groups):
                    # "Vad beslutade gruppen i ärendet ...?": a field gives its label's value (who
                    # presented it), which answers what it asks only where the question names the label
                    continue
                # "Föredragande: <namn>, <namn>" under "9. <Ärende>" says who presented that item: a
                # field has no subject of its own, the heading it stands under is its subject
                stoks = stoks | above
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
            )
            # words of the headings the unit stands under count for its subject at HEADING_CREDIT:
            # "<Myndigheten> ska administrera förordningen" under "10. Förordning för statsbidrag ..."
            if whole:
                score += INTENT_BONUS * 2 * _lead_cover(own, sentence, above)
            met = sum(w * (1.0 if g & stoks else HEADING_CREDIT if g & above else 0.0) for g, w in own)
            # the noun asked for counts as subject where the unit names it, and only there
            noun_met = sum(w for g, w in noun_w if g & stoks)
            focus = (met + noun_met) / (own_total + noun_met) if own_total else 1.0
            # a name just before the unit still counts: "... avtalet med <Leverantör> AB. Giltighetstid ..."
            near = (
                unit_tokens(text[max(0, unit.start - NEAR_CHARS) : unit.start]) if entities else frozenset()
            )
            named = all(g & (stoks | context | near) for g in entities)
            out.append(Candidate(score, rank, sentence, hit, fits, focus, named, unit.kind))
    out.sort(key=lambda c: (-c.score, c.rank))
    return out


_PART_REF = re.compile(r"\b(bilaga|annex|appendix|avsnitt|section|kapitel|chapter)\s+(\d+(?:\.\d+)*)", re.I)


def _names(group: frozenset[str], context: frozenset[str]) -> bool:
    """Whether a question word names the document's context: one of its words, or the tail of one
    ("the <region> plan" is the "förvaltningsplan", "avtalet" the "samverkansavtal")."""
    return bool(group & context) or any(
        t.endswith(w) for w in group if len(w) >= 4 for t in context if len(t) > len(w)
    )


_BULLET = re.compile(r"(?m)^\s*(?:[-•*–]|\d{1,2}[.)])\s")
_SEPARATOR = re.compile(r",\s|;\s|\s(?:och|samt|and|or|eller)\s")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def entries(text: str, kind: str) -> int:
    """How many things a unit lists: its bullets or numbered items; else a section's sentences, a
    table's lines, or a sentence's parts between commas and "och" ("A, B och C" lists three)."""
    bullets = len(_BULLET.findall(text))
    if bullets >= 2:
        return bullets
    if kind == "section":
        return len(_SENTENCE_END.findall(text))
    if kind == "table":
        return text.count("\n")
    return 1 + len(_SEPARATOR.findall(text))


@lru_cache(maxsize=4096)
def _headings(text: str) -> tuple[tuple[int, frozenset[str], bool], ...]:
    """(start, words, numbered) of the passage's headings, in reading order: a section's first line,
    and a numbered line ("10. Förordning för statsbidrag ...", at most two lines, no full stop).
    Cached: the same passages come back for many questions."""
    out: dict[int, tuple[int, frozenset[str], bool]] = {}
    for u in passage_units(text):
        if u.kind == "section":
            out[u.start] = (u.start, unit_tokens(text[u.start : u.end].split("\n", 1)[0]), False)
    for at, line in numbered_headings(text):
        out[at] = (at, unit_tokens(line), True)
    return tuple(sorted(out.values()))


def _is_heading(text: str, start: int, unit: str) -> bool:
    """Whether the unit at `start` is one of the passage's numbered heading lines, and no more."""
    return any(at <= start <= at + 3 and len(unit) <= len(line) + 3 for at, line in numbered_headings(text))


def _above(headings: tuple[tuple[int, frozenset[str], bool], ...], start: int) -> frozenset[str]:
    """Words of the headings a unit at `start` stands under: back to the nearest numbered one (a
    later "10." ends what "9." heads; a section title under "10." adds to it)."""
    words: set[str] = set()
    for at, toks, numbered in reversed(headings):
        if at >= start:
            continue
        words |= toks
        if numbered:
            break
    return frozenset(words)


_SV_MONTH = MONTHS.split("|")
_EN_MONTH = EN_MONTHS.split("|")


@lru_cache(maxsize=1024)
def _date_words(iso: str) -> str:
    """The words a question may use for a document's date ("2025-02-21": "2025 februari february"): a
    meeting "i februari 2025" is the document itself, like its title."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return iso[:4]
    month = int(iso[5:7]) - 1
    return f"{iso[:4]} {_SV_MONTH[month]} {_EN_MONTH[month]}" if 0 <= month < 12 else iso[:4]


def own_forms(bm25: BM25, group: frozenset[str]) -> frozenset[str]:
    """The group's expansion without the corpus words that are mere prefixes of a known word."""
    expanded = bm25.expand(group)
    known = [t for t in group if t in bm25.idf]
    if not known:
        return expanded
    # an inflection's stem is kept: "fakturer" (faktureras) for "fakturering"; a compound's head is not
    return frozenset(
        w
        for w in expanded
        if w in group or not any(t.startswith(w) and len(t) - len(w) > INFLECTION for t in known)
    )


def _lead_cover(
    own: list[tuple[frozenset[str], float]], unit: str, above: frozenset[str] = frozenset()
) -> float:
    """Share of the question's own subject (beyond its document's title and region) in a list's
    first line: the heading or lead-in that names what the list is ("6.2 Mål för år 2021"), not a
    list that mentions it in passing. A whole list wins over a sentence only by this."""
    total = sum(w for _, w in own)
    lead = unit_tokens(unit.split("\n", 1)[0])
    # the heading above the list names it too, at HEADING_CREDIT ("8. Angående ..." over "Beslutade: ...")
    met = sum(w * (1.0 if g & lead else HEADING_CREDIT if g & above else 0.0) for g, w in own)
    return met / total if total else 0.0


def _entities(
    bm25: BM25, question: str, lower: frozenset[str], regions: frozenset[str]
) -> list[frozenset[str]]:
    """Rare names in the question beyond its regions (a municipality's name): an answer names them.

    A capitalised word the corpus also writes in lower case ("Bilaga", "Samordnad") is no
    name; a region's name is met by its documents' context; a name most passages carry
    ("Lifecare") tells passages apart no better than any other word.
    """
    out = []
    for word in _CAPITALISED.findall(question):
        group = bm25.expand(frozenset(tokens(word)))
        if not group or word.lower() in lower or group & regions:
            continue
        known = [t for t in group if t in bm25.df]
        if known and max(bm25.df[t] for t in known) <= RARE_SHARE * bm25.n:
            out.append(group)
    return out


WHOLE = ("list", "table", "section")
"""Units a list question quotes whole; a section (a heading and what it heads) only by its heading."""

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


def lowercase_in(hits: list[ScoredChunk]) -> frozenset[str]:
    """Words the passages write in lower case: a capitalised one of them is no name."""
    return frozenset(w for h in hits for w in re.findall(r"\b[a-zåäöéü][\w-]*", h.chunk.text))
