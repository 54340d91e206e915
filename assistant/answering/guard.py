"""Check a generated reply before anyone sees it: every figure backed, every claim cited, every quote real.

The model's reply is split into sentences. A sentence that states something
must carry a marker [n] pointing at a passage it was given; every figure in it
must occur (as a value: "2,4 miljoner" ~ "2 408 080 kr") in a passage it cites
or in this turn's tool result; and the passage must support it (its words, or
the best similarity of all given passages). The quote shown for each citation
is the passage sentence that best supports the reply's sentence, chosen by
embedding similarity plus term overlap and copied verbatim from the passage.
Sentences of a passage that give instructions are never evidence.
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ..embeddings import Embedder
from ..retrieval.text import query_groups, tokens
from ..types import Citation, ScoredChunk
from .extractive import citation_for
from .figures import MARKER, FigurePool, find_figures
from .injection import gives_instructions
from .sentences import split_sentences

MIN_OVERLAP = 0.5
"""Share of a sentence's content words its cited passage must hold, unless it is the likeliest passage."""
MIN_CLAIM_WORDS = 3
NO_ANSWER = "INGET_SVAR"
_CANNOT = re.compile(
    r"kan inte (besvara|svara)|framgår inte|går inte att (besvara|utläsa)|saknar (uppgift|information)|"
    r"cannot answer|can't answer|do(es)? not (answer|say|state|mention)|no information",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_LEADING_MARKS = re.compile(r"^(\s*\[\d+(?:\s*,\s*\d+)*\])+")
_QUOTE_CHARS = 140


@dataclass(frozen=True)
class Segment:
    """One sentence of the reply: where it stands, its text, the passages it cites (1-based)."""

    start: int
    end: int
    text: str
    marks: tuple[int, ...]


@dataclass(frozen=True)
class Verdict:
    """The guard's decision on one reply."""

    shown: bool
    """True when the reply may be shown as a cited answer."""
    text: str = ""
    """The reply with its markers renumbered to `citations` (when shown)."""
    citations: tuple[Citation, ...] = ()
    refused: bool = False
    """The model said the passages do not answer."""
    problems: tuple[str, ...] = field(default_factory=tuple)
    """Why it was withheld: which figure, which sentence (in the question's language)."""


def segments(reply: str) -> list[Segment]:
    """The reply's sentences; a marker after the full stop ("... december. [1]") joins its sentence."""
    cuts = [0, *(m.end() for m in _SENTENCE_END.finditer(reply)), len(reply)]
    out: list[Segment] = []
    for start, end in itertools.pairwise(cuts):
        text = reply[start:end]
        lead = _LEADING_MARKS.match(text)
        if lead and out:
            prev = out.pop()
            out.append(Segment(prev.start, start + lead.end(), reply[prev.start : start + lead.end()], ()))
            start, text = start + lead.end(), text[lead.end() :]
        if text.strip():
            out.append(Segment(start, end, text, ()))
    return [Segment(s.start, s.end, s.text, _marks(s.text)) for s in out]


def _marks(text: str) -> tuple[int, ...]:
    found = [int(n) for m in MARKER.finditer(text) for n in m.group(1).split(",")]
    return tuple(dict.fromkeys(found))


def is_claim(text: str) -> bool:
    """A sentence that states something: a figure, or enough content words (not a lead-in ending in ':')."""
    bare = MARKER.sub(" ", text).strip()
    if find_figures(bare):
        return True
    if bare.endswith((":", "?")):
        return False
    return len([t for t in tokens(bare) if not t.isdigit()]) >= MIN_CLAIM_WORDS


def says_cannot_answer(reply: str) -> bool:
    return NO_ANSWER in reply or (not MARKER.search(reply) and bool(_CANNOT.search(reply)))


def _short(text: str) -> str:
    flat = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(MARKER.sub("", text).split()))
    return flat if len(flat) <= _QUOTE_CHARS else flat[: _QUOTE_CHARS - 1].rstrip() + "…"


class Guard:
    """Checks replies against the passages they were written from. Safe to share between threads."""

    def __init__(self, embedder: Embedder | None = None, cache_size: int = 512) -> None:
        self.embedder = embedder
        self._cache: OrderedDict[str, tuple[list[str], np.ndarray | None]] = OrderedDict()
        self._cache_size = cache_size

    def _evidence(self, hit: ScoredChunk) -> tuple[list[str], np.ndarray | None]:
        """A passage's quotable sentences (instructions left out) and their vectors, cached per chunk."""
        cached = self._cache.get(hit.chunk.id)
        if cached is not None:
            return cached
        sentences = [s for s in split_sentences(hit.chunk.text) if not gives_instructions(s)]
        vectors = self.embedder.embed_passages(sentences) if self.embedder and sentences else None
        self._cache[hit.chunk.id] = (sentences, vectors)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return sentences, vectors

    def check(
        self, reply: str, hits: list[ScoredChunk], language: str, tool_results: tuple[str, ...] = ()
    ) -> Verdict:
        """Whether `reply` (markers [n] number `hits` from 1) may be shown; its citations if so."""
        reply = reply.strip()
        if not reply or says_cannot_answer(reply):
            return Verdict(shown=False, refused=True)
        parts = segments(reply)
        if not any(s.marks for s in parts):
            return Verdict(shown=False, problems=(_say(language, "uncited"),))
        evidence = [self._evidence(h) for h in hits]
        problems: list[str] = []
        chosen: list[list[tuple[int, str]]] = []
        for seg in parts:
            picks: list[tuple[int, str]] = []
            chosen.append(picks)
            if not seg.marks and not is_claim(seg.text):
                continue
            if not seg.marks:
                problems.append(_say(language, "no_marker", sentence=_short(seg.text)))
                continue
            missing = [n for n in seg.marks if not 1 <= n <= len(hits)]
            if missing:
                problems.append(
                    _say(language, "not_given", sentence=_short(seg.text), n=missing[0], given=len(hits))
                )
                continue
            pool = FigurePool(
                [s for n in seg.marks for s in evidence[n - 1][0]]
                + [f"{h.chunk.title} {h.chunk.date}" for h in (hits[n - 1] for n in seg.marks)]
                + list(tool_results)
            )
            for figure in find_figures(MARKER.sub(" ", seg.text)):
                if not pool.backs(figure):
                    problems.append(_say(language, "figure", figure=figure.text, sentence=_short(seg.text)))
            scores = self._support(seg.text, hits, evidence)
            likeliest = max(range(len(hits)), key=lambda i: scores[i][0])
            for n in seg.marks:
                _, overlap, quote = scores[n - 1]
                if quote is None or (overlap < MIN_OVERLAP and n - 1 != likeliest):
                    problems.append(_say(language, "unsupported", sentence=_short(seg.text), n=n))
                else:
                    picks.append((n, quote))
        if problems:
            return Verdict(shown=False, problems=tuple(dict.fromkeys(problems)))
        return self._renumber(reply, parts, chosen, hits)

    def _support(
        self, sentence: str, hits: list[ScoredChunk], evidence: list[tuple[list[str], np.ndarray | None]]
    ) -> list[tuple[float, float, str | None]]:
        """Per passage: (best sentence score, passage term overlap, best sentence or None)."""
        groups = [g for g in query_groups(MARKER.sub(" ", sentence)) if not all(t.isdigit() for t in g)]
        query = self.embedder.embed_query(MARKER.sub(" ", sentence)) if self.embedder else None
        out: list[tuple[float, float, str | None]] = []
        for hit, (sentences, vectors) in zip(hits, evidence, strict=True):
            if not sentences:
                out.append((float("-inf"), 0.0, None))
                continue
            ctx = set(tokens(f"{hit.chunk.region} {hit.chunk.title} {hit.chunk.section} {hit.chunk.text}"))
            overlap = _overlap(groups, ctx)
            dense = vectors @ query if vectors is not None and query is not None else np.zeros(len(sentences))
            best, best_score = None, float("-inf")
            for i, s in enumerate(sentences):
                score = float(dense[i]) + _overlap(groups, set(tokens(s)))
                if score > best_score:
                    best, best_score = s, score
            out.append((best_score, overlap, best))
        return out

    def _renumber(
        self, reply: str, parts: list[Segment], chosen: list[list[tuple[int, str]]], hits: list[ScoredChunk]
    ) -> Verdict:
        """Markers point at passages; citations are (passage, quote) pairs, numbered in order of use."""
        keys: dict[tuple[int, str], int] = {}
        citations: list[Citation] = []
        pieces: list[str] = []
        cursor = 0
        for seg, picks in zip(parts, chosen, strict=True):
            mapping: dict[int, int] = {}
            for n, quote in picks:
                if (n, quote) not in keys:
                    keys[(n, quote)] = len(citations) + 1
                    citations.append(citation_for(hits[n - 1], quote))
                mapping[n] = keys[(n, quote)]
            pieces.append(reply[cursor : seg.start])
            pieces.append(MARKER.sub(lambda m, mp=mapping: _remark(m, mp), seg.text))
            cursor = seg.end
        pieces.append(reply[cursor:])
        return Verdict(shown=True, text="".join(pieces).strip(), citations=tuple(citations))


def _remark(m: re.Match[str], mapping: dict[int, int]) -> str:
    numbers = [mapping[int(n)] for n in m.group(1).split(",") if int(n) in mapping]
    return "".join(f"[{n}]" for n in dict.fromkeys(numbers))


def _overlap(groups: list[frozenset[str]], toks: set[str]) -> float:
    return sum(bool(g & toks) for g in groups) / len(groups) if groups else 1.0


_NOTES = {
    "sv": {
        "uncited": "svaret hänvisar inte till något utdrag",
        "no_marker": "meningen «{sentence}» saknar källhänvisning",
        "not_given": "meningen «{sentence}» hänvisar till [{n}], men modellen fick bara {given} utdrag",
        "figure": "siffran «{figure}» i meningen «{sentence}» finns inte i de utdrag meningen hänvisar till",
        "unsupported": "meningen «{sentence}» stöds inte av utdrag [{n}] som den hänvisar till",
    },
    "en": {
        "uncited": "the reply cites no passage",
        "no_marker": "the sentence «{sentence}» cites no source",
        "not_given": "the sentence «{sentence}» cites [{n}], but the model was given only {given} passages",
        "figure": "the figure «{figure}» in the sentence «{sentence}» is not in the passages it cites",
        "unsupported": "the sentence «{sentence}» is not supported by passage [{n}], which it cites",
    },
}


def _say(language: str, kind: str, **values: object) -> str:
    return _NOTES["en" if language == "en" else "sv"][kind].format(**values)


def withheld_note(problems: tuple[str, ...], language: str, model: str) -> str:
    """The note shown beside the extractive answer when a generated one was withheld."""
    reasons = "; ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
    if language == "en":
        return (
            f"The answer generated by {model} was withheld because {reasons}. "
            "Shown instead: sentences quoted directly from the agreements."
        )
    return (
        f"Svaret som {model} skrev visas inte, eftersom {reasons}. "
        "I stället visas meningar citerade direkt ur avtalen."
    )
