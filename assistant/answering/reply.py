"""Read a model's reply: its sentences, the passages each cites ([n]), whether it states or declines.

`segments` keeps every sentence's place in the reply, so markers can be renumbered
in place once the guard has chosen the citations.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..retrieval.text import tokens
from .figures import MARKER, find_figures

MIN_CLAIM_WORDS = 3
NO_ANSWER = "INGET_SVAR"
_CANNOT = re.compile(
    r"kan inte (besvara|svara)|framgår inte|går inte att (besvara|utläsa)|saknar (uppgift|information)|"
    r"cannot answer|can't answer|do(es)? not (answer|say|state|mention)|no information",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_LEADING_MARKS = re.compile(r"^(\s*\[\d+(?:\s*,\s*\d+)*\])+")


@dataclass(frozen=True)
class Segment:
    """One sentence of the reply: where it stands, its text, the passages it cites (1-based)."""

    start: int
    end: int
    text: str
    marks: tuple[int, ...]


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
