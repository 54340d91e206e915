"""Footnotes: a marker glued to a word ("gränsbeloppet3") and the note at the foot of its page
("3 Källa: ..."). pypdf flattens a superscript into the word, so the marker is read back here.

A sentence with a marker is quoted with its note (the note is often what is asked: a source, a
definition); the word keeps its meaning for search without the marker (`text.words`).
"""

from __future__ import annotations

import re
from functools import lru_cache

# a marker: one or two digits right after a word of three letters or more ("invånare2")
MARKER = re.compile(r"(?<=[a-zåäöé]{3})(\d{1,2})(?![\d:/.,-]\d)(?=\W|$)")
_NOTE = re.compile(r"(?m)^[ \t]*(\d{1,2})[ \t]+(\S[^\n]{2,})$")


def markers(text: str) -> frozenset[str]:
    """The footnote markers `text` carries ("gränsbeloppet3" carries "3")."""
    return frozenset(MARKER.findall(text))


@lru_cache(maxsize=2048)
def notes_on(page_text: str) -> tuple[tuple[str, str], ...]:
    """(marker, note line) of the footnotes on a page, one per marker: a line "N text" whose N is a
    marker elsewhere on the page. A numbered heading ("1 Inledning") is no note: no word on the page
    carries its number."""
    best: dict[str, str] = {}
    for m in _NOTE.finditer(page_text):
        number, note = m.group(1), m.group(0).strip()
        rest = page_text[: m.start()] + page_text[m.end() :]
        # a page read from overlapping passages may hold a note twice, once cut: the longest is it
        if number in markers(rest) and len(note) > len(best.get(number, "")):
            best[number] = note
    return tuple(best.items())


def notes_of(text: str, page_notes: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The notes of the page that `text` (a sentence on it) refers to by its markers."""
    if not page_notes:
        return ()
    own = markers(text)
    return tuple(note for number, note in page_notes if number in own and note not in text)
