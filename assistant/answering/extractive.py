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
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from ..retrieval.bm25 import BM25
from ..retrieval.common import topicality
from ..retrieval.footnotes import notes_of
from ..retrieval.text import STOPWORDS, numbered_headings, query_groups, stem, tokens, words
from ..types import Chunk, Citation, ScoredChunk
from .asks import asked_for
from .kinds import AskedFor, Kind
from .sentences import EXAMPLE, Unit, is_field, passage_units, split_sentences
from .shapes import IDENTIFIER_NOUN, MONTHS, PAST_VERB, dates_in, within
from .units import ORDER, ORDER_WORD, UNSHAPED, WHOLE, Candidate, score_units, weight
from .wording import gap_line, gap_text, quote_line, quoted_in_swedish, refusal_text

__all__ = ["Draft", "ExtractiveEngine", "citation_for", "refusal_text"]

MAX_SENTENCES = 3
MAX_RECORDS = 12
MIN_COVER = 0.35
DENSE_FLOOR, DENSE_FULL = 0.80, 0.88  # e5 cosines: unrelated text sits near 0.75-0.8, matches near 0.85+
ENGLISH_UNKNOWN = 0.25
"""Weight of an English word the corpus lacks, relative to a Swedish one (dev answers are the same
from 0.1 to 0.3; 0.4 and up refuse answerable English questions)."""
# a capitalised word inside a sentence (not its first word): a name
_NAME_IN = re.compile(r"(?<=[\w,] )[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ]?[a-zåäöé]+)?\b")
_FIRST = frozenset({"först", "tidigast", "first", "earliest"})
# a Swedish verb in the past tense or a modal ("bestämde", "ställde", "köpte", "skulle", "kunde"), not a
# noun in -nde ("ärende", "yttrande"); stems as `query_groups` gives them
_VERB_FORM = re.compile(rf"{PAST_VERB}s?|skulle|kunde|ville|borde")
FRAGMENT_CHARS = 60
_ITEM_START = re.compile(r"\s*([-–•*]|\d{1,2}[.)])\s")
_ENDS = (".", "!", "?", ":", ";")
_CLOSERS = ')”"»'
"""A closing bracket or quote ends a sentence only after a sentence end ("(se Bilaga 2.)"): a cell
"VISUS tidigare FVIS (framtidens vårdinformationssystem)" goes on in the line after it."""
_TIME_WORD = re.compile(
    rf"{MONTHS}|vår|höst|sommar|vinter|års?|måndag|tisdag|onsdag|torsdag|fredag|kvartal|halvår|vecko|månads?",
    re.I,
)
"""Heads of a compound that only say when ("februari|mötet"): the compound is about its tail."""
FOCUS_MIN = 0.33
"""An answering sentence covers at least this share of what the question asks beyond its document.
Tuned on the dev split: dev answers are the same from 0.26 to 0.39 (headings count towards focus)."""


# the thing a question asks for: "Vilket timpris ...", "Which hourly rate ..."
_ASKED_FOR = re.compile(r"\b(vilken|vilket|vilka|which)\s+([a-zåäöé-]{4,})", re.I)
# "Vem är dataskyddsombud ...?", "Vilka är ...", "Vad heter ...": the noun after the verb is what is asked
_WHO_IS = re.compile(
    r"^\s*(?:vem|vilka|vad)\s+(?:är|var|heter)\s+(?:den\s+|det\s+|de\s+)?([a-zåäöé-]{6,})", re.I
)


RELATIVE_CUTOFF = 0.55  # a further sentence must score at least this share of the best one
SHAPED_CUTOFF = 0.45
"""For a question with an answer shape (a name, an amount, ...), an about-the-subject unit of that
shape answers when it scores this share of the best unit (which may lack the shape)."""


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

    def __init__(
        self,
        bm25: BM25,
        refuse_below: float = 0.35,
        follow: Callable[[Chunk], Chunk | None] | None = None,
    ) -> None:
        self.bm25 = bm25
        self.refuse_below = refuse_below
        self.follow = follow
        """The passage after a passage in its document (a list cut by a page break goes on there)."""

    def _weight(self, group: frozenset[str]) -> float:
        return weight(self.bm25, group)

    def _foreign(self, word: str) -> bool:
        """True when `word` is unknown to the corpus, as a whole, by its stem, or as a compound.

        "lagnummer" is not foreign: "lag" is a corpus word and "-nummer" ends corpus words
        ("avtalsnummer"); nor is "grupp", which ends "styrgrupp". "timpris" is: no reading finds it.
        """
        own = frozenset(tokens(word))
        if any(t in self.bm25.idf for t in own):
            return False  # a corpus word as it stands: no need to expand it over the vocabulary
        group = self.bm25.expand(own)
        if not group or any(t in self.bm25.idf for t in group):
            return False
        whole = stem(word)
        if len(whole) >= 4 and any(v.endswith(whole) for v in self.bm25.vocab):
            return False  # "grupp" is the tail of the corpus's "styrgrupp", "arbetsgrupp"
        for i in range(3, len(word) - 2):  # a stem's tail may be three letters ("februari|möt")
            head, tail = stem(word[:i]), stem(word[i:])
            if head in self.bm25.idf and any(v.endswith(tail) or v.startswith(tail) for v in self.bm25.vocab):
                return False
            if _TIME_WORD.fullmatch(word[:i]) and tail in self.bm25.idf:
                return False  # "februarimötet", "höstmötet": a meeting at some time is about meetings
        return True

    def evidence(
        self, question: str, hits: list[ScoredChunk], language: str = "sv", asked: AskedFor | None = None
    ) -> float:
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
        which = _ASKED_FOR.search(question)
        # after a singular "vilken/vilket" comes the noun asked for; after "vilka" often a verb; the
        # words of the question's kind ("av vilket skäl", "vilket år") are no topic of it
        if (
            which
            and which.group(1).lower() in ("vilken", "vilket")
            and which.group(2).lower() not in STOPWORDS
            and not (asked and asked.phrase and which.group(0).lower() in asked.phrase)
        ):
            noun = which.group(2).lower()
            if self._foreign(noun) and not IDENTIFIER_NOUN.fullmatch(noun):
                # "Vilket timpris ...?": what is asked for never occurs in the corpus (an identifier
                # asked for, "Vilket diarienummer ...?", is answered by a code that need not say so)
                return 0.0
        who = _WHO_IS.search(question) if language != "en" else None
        if who and who.group(1).lower() not in STOPWORDS and self._foreign(who.group(1).lower()):
            return 0.0  # "Vem är dataskyddsombud ...?": the role asked about never occurs in the corpus
        if language != "en" and any(self._foreign(n.lower()) for n in _NAME_IN.findall(question)):
            return 0.0  # "... i <kommun> kommun?": a name the documents never mention, they cannot answer on
        # "först", "sist": the order asked for says nothing of the topic
        groups = [self.bm25.expand(g) for g in query_groups(question) if not ORDER_WORD.fullmatch(min(g))]
        unknown_weight = max(self.bm25.idf.values(), default=1.0)
        # in English, how much a word the glossary does not translate names a topic, by its rarity in
        # English ("keep", "now", "way" do not); a common Swedish word may well be the missing topic
        # ("igång", "nere": whether the system is running)
        topical: dict[str, float] = {}
        for word in words(question) if language == "en" else ():
            s = stem(word)
            topical[s] = max(topical.get(s, 0.0), topicality(word, "en"))
        verbs = {stem(w) for w in re.findall(r"[a-zåäö]+", question.lower()) if _VERB_FORM.fullmatch(w)}
        weights = []
        for g in groups:
            w = self._weight(g)
            if w == 0.0 and len(g) == 1 and not self._foreign(next(iter(g))):
                w = -1.0  # "upphandlingsprojektet": a compound of corpus words is no unknown topic
            elif w == 0.0:
                # an English word, or a verb's past or modal form ("bestämde", "skulle"), is more often
                # wording the documents put otherwise than a topic they lack
                verbal = bool(g & verbs)
                w = unknown_weight * (ENGLISH_UNKNOWN if language == "en" or verbal else 1.0)
                w *= max((topical.get(t, 1.0) for t in g if t in topical), default=1.0)
            if all(t.isdigit() for t in g):
                w *= 0.5
            weights.append(max(w, 0.0))
        total = sum(weights)
        if not total:
            return 0.0
        cover = 0.0
        for h in hits:
            toks = set(tokens(f"{h.chunk.region} {h.chunk.title} {h.chunk.section} {h.chunk.text}"))
            cover = max(cover, sum(w for g, w in zip(groups, weights, strict=True) if g & toks) / total)
        dense = max(h.dense for h in hits)
        dense_part = min(max((dense - DENSE_FLOOR) / (DENSE_FULL - DENSE_FLOOR), 0.0), 1.0)
        if cover < MIN_COVER:
            # an English question shares few words with Swedish text: the multilingual embedding
            # carries the cross-lingual match alone (unrelated text stays below DENSE_FLOOR)
            return dense_part if language == "en" else 0.0
        return 0.65 * cover + 0.35 * dense_part

    def answer(
        self,
        question: str,
        hits: list[ScoredChunk],
        language: str,
        asked: AskedFor | None = None,
        regions: tuple[str, ...] = (),
        context: str = "",
        documents: tuple[str, ...] = (),
        period: tuple[date, date] | None = None,
    ) -> Draft:
        """Quote the sentences that answer; refuse, naming the gap, when none holds what is asked.

        `regions` are the regions the question names (from the parsed question), in order;
        `context` the earlier question a follow-up took its subject from (its words weigh less);
        `documents` the documents the question names ("enligt överenskommelsen 2026–2030");
        `period` the (first, last) day of the time the question names ("i oktober 2025").
        """
        asked = asked or asked_for(question, language)
        evidence = self.evidence(question, hits, language, asked)
        if evidence < self.refuse_below:
            closest = tuple(citation_for(h, split_sentences(h.chunk.text)[0]) for h in hits[:3])
            return Draft(
                text=refusal_text(language), citations=(), refused=True, closest=closest, evidence=evidence
            )
        candidates = score_units(self.bm25, question, hits, asked, regions, context)
        if len(regions) == 1:
            # a question about one region is answered from that region's documents (or documents of no
            # region); another region's agreement is no answer to it, at most the closest passage
            candidates = [c for c in candidates if c.hit.chunk.region in (regions[0], "")]
        if documents:
            # a question that names its documents is answered from them when they say anything on it
            named = [c for c in candidates if c.hit.chunk.document in documents]
            candidates = named or candidates
        if period is not None:
            # "Vilka skrev under i oktober 2025?": a unit dated only outside that time does not answer
            candidates = [c for c in candidates if within(c.text, *period)]
        if not candidates:
            return Draft(text=refusal_text(language), citations=(), refused=True, evidence=evidence)
        best = candidates[0].score
        shaped = asked.kind not in UNSHAPED or bool(
            asked.noun or asked.options or asked.abbreviation or asked.items or asked.verb
        )
        answering = [
            c
            for c in candidates
            if c.score >= best * (SHAPED_CUTOFF if shaped else RELATIVE_CUTOFF)
            and (not shaped or (c.fits and c.focus >= FOCUS_MIN and c.entities))
        ]
        # "Vem signerade först?": the earliest or latest dated record answers, whatever its score
        answering = _in_order(question, candidates) or answering
        if not answering:
            # about the subject, but none of it is what was asked: say so, and quote what is there,
            # the unit most about what the question asks (not one that merely shares its names)
            near = [c for c in candidates if c.score >= best * RELATIVE_CUTOFF]
            # (a sentence rather than the section or list it stands in, when it is as much about it)
            about = max(near, key=lambda c: (c.focus, c.kind not in WHOLE, c.score))
            return Draft(
                # the gap is in what this turn asks, not in the earlier turn it took its subject from
                text=gap_text(asked, question.replace(f" ({context})", ""), language, about.text),
                citations=(citation_for(about.hit, about.text),),
                refused=True,
                evidence=evidence,
            )
        answering = [_with_example(_whole_list(_completed(c))) for c in answering]
        picked = self._pick(regions, answering, asked.plural or asked.kind is Kind.LIST)
        # a footnote a quoted sentence refers to is quoted after it, from the same page
        quoted: list[tuple[ScoredChunk, str]] = []
        for c in picked:
            # a list cut by a page break goes on at the top of the next page: its items there follow it
            quoted += [(c.hit, c.text), *self._continued(c)]
            quoted += [(c.hit, note) for note in notes_of(c.text, c.hit.notes)]
        quoted = list(dict.fromkeys(quoted))
        citations = tuple(citation_for(h, q) for h, q in quoted)
        lines = [quote_line(n, q, _label(h)) for n, (h, q) in enumerate(quoted, start=1)]
        lines.extend(self._missing_regions(regions, picked, asked, language))
        lines.extend(quoted_in_swedish(language))
        return Draft(text="\n".join(lines), citations=citations, refused=False, evidence=evidence)

    def _continued(self, c: Candidate) -> list[tuple[ScoredChunk, str]]:
        """The items at the top of the next page when `c` is a list, a list item or a lead-in that
        ends its passage ("Gruppen beslutade enligt följande:" on one page, the decisions on the next)."""
        text = c.hit.chunk.text.rstrip()
        if self.follow is None or not (c.kind in ("list", "item") or c.text.endswith(":")):
            return []
        if not text.endswith(c.text.rstrip()):
            return []
        nxt = self.follow(c.hit.chunk)
        if nxt is None or nxt.page != c.hit.chunk.page + 1:
            return []
        end = 0
        headings = {at for at, _ in numbered_headings(nxt.text)}
        for unit in sorted(passage_units(nxt.text), key=lambda u: u.start):
            if unit.start < end:
                continue  # an item of the list already taken
            if nxt.text[end : unit.start].strip() or unit.start in headings:
                break  # the items end where other text or the next numbered heading begins
            if unit.kind not in ("item", "list") or not _ITEM_START.match(nxt.text[unit.start : unit.end]):
                break
            end = unit.end
        items = nxt.text[:end].strip()
        if not items:
            return []
        return [(ScoredChunk(nxt, 0.0), items)]

    def _pick(self, regions: tuple[str, ...], answering: list[Candidate], plural: bool) -> list[Candidate]:
        """The best answering unit first, then at most a few more that also answer; for a plural
        question answered by records ("Underskrift 1 Namn: ..."), every record that answers."""
        picked: list[Candidate] = []
        limit = MAX_RECORDS if plural and answering and answering[0].kind == "record" else MAX_SENTENCES
        # a question about two regions ("... i <region> jämfört med <region>") gets the
        # best sentence of each region first
        if len(regions) > 1:
            for region in regions:
                top = next((c for c in answering if c.hit.chunk.region == region), None)
                if top is not None:
                    picked.append(top)
        if len(regions) < 2 and answering and answering[0].kind not in WHOLE:
            # a series of sentences that open alike ("Behov av att säkerställa ...", five times) is a
            # list written as sentences: every one of it that answers is quoted, in the document's order
            # (more of them than MAX_SENTENCES would keep: fewer are quoted as any sentences are)
            series = list({c.text: c for c in answering if _same_series(c, answering[0])}.values())
            if len(series) > MAX_SENTENCES:
                return sorted(series[:MAX_RECORDS], key=_position)
        for c in answering:
            if len(picked) >= max(limit, len(regions)):
                break
            if len(regions) < 2 and picked and picked[0].kind in WHOLE:
                break  # the whole list answers; its items again would only repeat it
            inner = next((i for i, p in enumerate(picked) if p.text in c.text and p.text != c.text), None)
            if inner is not None and c.kind == "item" and c.score >= picked[inner].score * WHOLE_ITEM:
                # a bullet of several sentences scores as its first: its later sentences are about what
                # the first names ("... utifrån underlag från <x>. Underlag ska vara regionen tillhanda ...")
                picked[inner] = c
                continue
            if any(c.text in p.text or p.text in c.text for p in picked):
                continue
            picked.append(c)
        return picked

    def _missing_regions(
        self,
        regions: tuple[str, ...],
        picked: list[Candidate],
        asked: AskedFor,
        language: str,
    ) -> list[str]:
        """A partial answer names what is missing: a region asked about whose passages do not answer."""
        if len(regions) < 2:
            return []
        answered = {c.hit.chunk.region for c in picked}
        return [gap_line(asked, r, language) for r in regions if r not in answered]


WHOLE_ITEM = 0.95
"""A whole bullet item replaces its first sentence when it scores at least this share of it."""
SERIES_WORDS = 3
"""Opening words two sentences share to be one series ("Behov av att ...")."""


def _opening(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in re.findall(r"[\wåäöÅÄÖ-]+", text)[:SERIES_WORDS])


def _same_series(c: Candidate, first: Candidate) -> bool:
    """Whether `c` is a sentence of the same series as `first`: same document, same opening words."""
    return (
        c.kind == "sentence"
        and first.kind == "sentence"
        and c.hit.chunk.document == first.hit.chunk.document
        and len(_opening(c.text)) == SERIES_WORDS
        and _opening(c.text) == _opening(first.text)
    )


def _position(c: Candidate) -> tuple[int, int]:
    """Where `c` stands in its document: page, then offset in its passage."""
    return c.hit.chunk.page, max(c.hit.chunk.text.find(c.text), 0)


def _extended(c: Candidate, kind: str, fits: Callable[[str, Unit], bool]) -> Candidate:
    """`c` replaced by the unit of its passage that holds it and more, when `fits(text, unit)`
    says that unit is the one to quote; `kind` is the quote's kind then. The score stays `c`'s."""
    text = c.hit.chunk.text
    at = text.find(c.text)
    if at < 0:
        return c
    end = at + len(c.text)
    for unit in passage_units(text):
        if unit.start <= at and unit.end > end and fits(text, unit):
            return replace(c, text=text[unit.start : unit.end].strip(), kind=kind)
    return c


def _with_example(c: Candidate) -> Candidate:
    """A sentence is quoted with the example that follows it ("Äktheten kan kontrolleras i alla
    tjänster som ... Använd till exempel valideringstjänsten X."): the example is often what is asked."""
    if c.kind != "sentence":
        return c
    start = c.hit.chunk.text.find(c.text)
    end = start + len(c.text)
    return _extended(
        c, "sentence", lambda text, u: u.start == start and bool(EXAMPLE.match(text[end : u.end].strip()))
    )


def asks_order(question: str) -> bool:
    """Whether the question asks for the first or the last of something ("Vem signerade först?")."""
    return bool(ORDER.search(question))


def _in_order(question: str, answering: list[Candidate]) -> list[Candidate]:
    """ "Vem signerade först?", "Who signed last?": of dated records that answer, the earliest or the
    latest alone (the documents' own dates decide, not the order the passages came in)."""
    m = ORDER.search(question)
    if m is None:
        return []
    dated = [
        (min(ds), c) for c in answering if c.kind == "record" and c.fits for ds in (dates_in(c.text),) if ds
    ]
    if len(dated) < 2:
        return []
    first = m.group(1).lower() in _FIRST
    pick = min(dated, key=lambda dc: dc[0]) if first else max(dated, key=lambda dc: dc[0])
    return [pick[1]]


def _completed(c: Candidate) -> Candidate:
    """A fragment ("Organisationsförändringar i Region", a cell of a flattened table: short, no end
    punctuation) is never quoted alone, but with the sentence that follows it in its passage."""
    if (
        c.kind not in ("sentence", "item")
        or len(c.text) >= FRAGMENT_CHARS
        or c.text.rstrip(_CLOSERS).endswith(_ENDS)
        or is_field(c.text)  # "Föredragande: <namn>" is whole
    ):
        return c
    text = c.hit.chunk.text
    at = text.find(c.text)
    if at < 0:
        return c
    end = at + len(c.text)
    following = [u for u in passage_units(text) if u.start >= end and u.kind in ("sentence", "item")]
    if not following:
        return c
    nxt = min(following, key=lambda u: u.start)
    return replace(c, text=text[at : nxt.end].strip())


_LEAD_IN_LINE = re.compile(r":[ \t]*\n")


def _whole_list(c: Candidate) -> Candidate:
    """A lead-in ("Parterna ansvarar gemensamt för:") is never quoted without the list it opens.

    When the passage holds that lead-in together with its items (a 'list' unit that contains it),
    the list is quoted instead, keeping the lead-in's score, whatever kind of question it answers.
    """
    # (also a lead-in whose line ends inside the first item's sentence: "... följande stöd:\nStöd för ...")
    if not (c.text.rstrip().endswith(":") or _LEAD_IN_LINE.search(c.text)):
        return c
    return _extended(c, "list", lambda _text, u: u.kind == "list")
