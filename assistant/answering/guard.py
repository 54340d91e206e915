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

import functools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ..embeddings import Embedder
from ..retrieval.text import query_groups, tokens
from ..types import Citation, ScoredChunk
from .extractive import citation_for
from .figures import MARKER, FigurePool, find_figures
from .injection import gives_instructions
from .reply import Segment, is_claim, says_cannot_answer, segments
from .sentences import split_sentences

MIN_OVERLAP = 0.5
"""Share of a sentence's content words its cited passage must hold, unless it is the likeliest passage."""
MIN_SHARED = 0.25
"""Share of its content words a claim must share with the passage it cites, however likely that passage is."""
CANDIDATES = 3
"""Sentences per cited passage compared by embedding: those sharing most words with the claim."""
NEAR = 0.2
"""How far a candidate's term overlap may trail the best one's; a clear lexical winner needs no embedding."""
_QUOTE_CHARS = 140


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


def _short(text: str) -> str:
    flat = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(MARKER.sub("", text).split()))
    return flat if len(flat) <= _QUOTE_CHARS else flat[: _QUOTE_CHARS - 1].rstrip() + "…"


class Guard:
    """Checks replies against the passages they were written from. Safe to share between threads.

    Embedding is the costly part (about 0.1 s per sentence for e5 on a busy CPU), so it
    decides only between near-equal candidates: at most CANDIDATES sentences per cited
    passage whose term overlap is within NEAR of the best (a clear winner needs none), and
    the rival passages' best sentence when the cited one shares few words with the claim.
    Vectors are cached across questions.
    """

    def __init__(self, embedder: Embedder | None = None, cache_size: int = 4096) -> None:
        self.embedder = embedder
        self._sentences: OrderedDict[tuple[str, int], list[str]] = OrderedDict()
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def _evidence(self, hit: ScoredChunk) -> list[str]:
        """A passage's quotable sentences, instructions left out (cached per chunk)."""
        key = (hit.chunk.id, hash(hit.chunk.text))
        with self._lock:
            cached = self._sentences.get(key)
        if cached is None:
            cached = [s for s in split_sentences(hit.chunk.text) if not gives_instructions(s)]
            with self._lock:
                self._sentences[key] = cached
                _trim(self._sentences, self._cache_size)
        return cached

    def _similarity(self, sentence: str, candidates: list[str]) -> list[float]:
        """Cosine of the reply's sentence and each candidate (0 without an embedder)."""
        if self.embedder is None or not candidates:
            return [0.0] * len(candidates)
        with self._lock:
            missing = [c for c in dict.fromkeys(candidates) if c not in self._vectors]
        if missing:
            # both sides as queries: e5's convention for comparing two sentences (symmetric),
            # and the single-thread path, which stays fast when the cores are busy
            vectors = [self.embedder.embed_query(c) for c in missing]
            with self._lock:
                self._vectors.update(zip(missing, vectors, strict=True))
                _trim(self._vectors, self._cache_size)
        query = self.embedder.embed_query(MARKER.sub(" ", sentence))
        with self._lock:
            found = [self._vectors.get(c) for c in candidates]
        if any(v is None for v in found):  # evicted by another thread meanwhile: embed again
            found = [self.embedder.embed_query(c) for c in candidates]
        return [float(v @ query) for v in found]

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
                [s for n in seg.marks for s in evidence[n - 1]]
                + [f"{h.chunk.title} {h.chunk.date} {h.chunk.page}" for h in (hits[n - 1] for n in seg.marks)]
                + list(tool_results)
            )
            for figure in find_figures(MARKER.sub(" ", seg.text)):
                if not pool.backs(figure):
                    problems.append(_say(language, "figure", figure=figure.text, sentence=_short(seg.text)))
            for n in seg.marks:
                quote = self._supporting(seg.text, n - 1, hits, evidence)
                if quote is None:
                    problems.append(_say(language, "unsupported", sentence=_short(seg.text), n=n))
                else:
                    picks.append((n, quote))
        if problems:
            return Verdict(shown=False, problems=tuple(dict.fromkeys(problems)))
        return self._renumber(reply, parts, chosen, hits)

    def _supporting(
        self, sentence: str, cited: int, hits: list[ScoredChunk], evidence: list[list[str]]
    ) -> str | None:
        """The sentence of passage `cited` that best supports `sentence`, or None if that passage does not.

        A passage supports a sentence when it holds at least MIN_OVERLAP of its content words, or
        (a reply in English about Swedish text shares fewer words) at least MIN_SHARED of them
        and no other given passage has a better-matching sentence.
        """
        groups = [g for g in query_groups(MARKER.sub(" ", sentence)) if not all(t.isdigit() for t in g)]

        def best(i: int, k: int, embed: bool) -> tuple[float, str | None]:
            sentences = evidence[i]
            if not sentences:
                return float("-inf"), None
            lexical = [_overlap(groups, set(tokens(s))) for s in sentences]
            top = sorted(range(len(sentences)), key=lambda j: -lexical[j])[:k]
            top = [j for j in top if lexical[j] >= lexical[top[0]] - NEAR]
            if len(top) > 1 or embed:
                dense = self._similarity(sentence, [sentences[j] for j in top])
            else:
                dense = [0.0]
            j, score = max(zip(top, dense, strict=True), key=lambda t: t[1] + lexical[t[0]])
            return score + lexical[j], sentences[j]

        chunk = hits[cited].chunk
        context = set(tokens(f"{chunk.region} {chunk.title} {chunk.section} {chunk.text}"))
        shared = _overlap(groups, context)
        if shared >= MIN_OVERLAP:
            return best(cited, CANDIDATES, embed=False)[1]
        if shared < MIN_SHARED:
            return None  # nothing in common: no passage, however close, supports it
        score, quote = best(cited, CANDIDATES, embed=True)
        if quote is None:
            return None
        rivals = [best(i, 1, embed=True)[0] for i in range(len(hits)) if i != cited]
        return quote if all(score >= r for r in rivals) else None

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
            pieces.append(MARKER.sub(functools.partial(_remark, mapping=mapping), seg.text))
            cursor = seg.end
        pieces.append(reply[cursor:])
        return Verdict(shown=True, text="".join(pieces).strip(), citations=tuple(citations))


def _remark(m: re.Match[str], mapping: dict[int, int]) -> str:
    numbers = [mapping[int(n)] for n in m.group(1).split(",") if int(n) in mapping]
    return "".join(f"[{n}]" for n in dict.fromkeys(numbers))


def _trim(cache: OrderedDict, size: int) -> None:
    while len(cache) > size:
        cache.popitem(last=False)


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
