"""Split normalised pages into overlapping passages that keep page and section.

A chunk never spans pages, so its citation page is exact, and its text is an
exact slice of the page text, so any sentence in it can be quoted verbatim.
Ids are content hashes: the same PDF always yields the same ids.
"""

from __future__ import annotations

import hashlib
import re

from ..answering.sentences import passage_units
from ..types import Chunk, Page
from .manifest import DocumentInfo
from .normalize import is_heading

CHUNKER_VERSION = 7
"""Bump when chunking or BM25 tokenising changes: ingest then rebuilds every document (old indexes
keep their old passages otherwise). 2: lists, tables and signature blocks kept whole. 3: inline lists,
lead-ins that point back, titled paragraphs and lists up to MAX_KEPT kept whole. 4: a footnote marker is
no part of its word ("gränsbeloppet3" is searched as "gränsbeloppet"). 5: more function words are
stop words ("någon", "medan", "våra"). 6: a numbered document part ("Bilaga 1 Ansvarsfördelning ...")
is a heading."""

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_LINE_END = re.compile(r"\n")
MAX_KEPT = 1600
"""A list or table up to this long is kept whole in one chunk, with its lead-in and heading."""


def chunk_id(document: str, page: int, text: str, context: str = "") -> str:
    """Content hash of a chunk and of what is embedded with it (title and section)."""
    return hashlib.sha256(f"{document}\x1f{page}\x1f{context}\x1f{text}".encode()).hexdigest()[:32]


def _cut_points(text: str, pattern: re.Pattern[str]) -> list[int]:
    return sorted({0, len(text), *(m.end() for m in pattern.finditer(text))})


def _kept_whole(text: str) -> list[tuple[int, int]]:
    """Spans no window may cut: each list and table with its lead-in, and the heading just above."""
    spans = []
    for unit in passage_units(text):
        if unit.kind not in ("list", "table", "record") or unit.end - unit.start > MAX_KEPT:
            continue
        start = unit.start
        above = text.rfind("\n", 0, max(start - 1, 0))
        heading = text[above + 1 : start].strip()
        if start and heading and is_heading(heading) and unit.end - above <= MAX_KEPT:
            start = above + 1
        spans.append((start, unit.end))
    # the longest spans first, none overlapping another: a list inside a list is kept by the outer one
    kept: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda sp: sp[0] - sp[1]):
        if all(e <= ks or s >= ke for ks, ke in kept):
            kept.append((s, e))
    return sorted(kept)


def _windows(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    """Spans of about `size` characters that end at sentence ends where possible.

    A window ends at the last sentence end that fits, else at the last line break, so
    a quoted sentence is rarely cut in two; consecutive windows overlap by ~`overlap`.
    A list or table is never cut: a window ends before it, and the next one holds it whole.
    """
    kept = _kept_whole(text)

    def allowed(cut: int) -> bool:
        # "Parterna ansvarar gemensamt för:" is never the last line of a window
        return not any(s < cut < e for s, e in kept)

    sentence_cuts = [c for c in _cut_points(text, _SENTENCE_END) if allowed(c)]
    cuts = sorted({*sentence_cuts, *(c for c in _cut_points(text, _LINE_END) if allowed(c))})
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = max((c for c in sentence_cuts if start + size // 3 < c <= start + size), default=None)
        if end is None:  # no sentence end in reach: a line break, else the next cut (one long line)
            end = max((c for c in cuts if start < c <= start + size), default=None)
        if end is None:
            end = next((c for c in cuts if c > start), len(text))
        if spans and end <= spans[-1][1]:
            # the overlap reached back into text that cannot be cut further: no window that adds
            # nothing; go on from where the last one ended
            start = spans[-1][1]
            continue
        spans.append((start, end))
        if end >= len(text):
            break
        # next window starts at the earliest sentence start that keeps about `overlap`
        # characters (a line break only when no sentence starts there), never mid-sentence
        # when it can be helped
        if any(ks == end for ks, _ in kept):
            start = end  # a list or table starts here: its chunk starts with it (and its heading)
            continue
        nxt = next((c for c in sentence_cuts if end - overlap <= c < end and c > start), None)
        if nxt is None:
            nxt = next((c for c in cuts if c >= end - overlap and c > start), end)
        start = nxt if nxt < end else end
    return spans


def _sections(page: Page, carry: str) -> list[tuple[int, str]]:
    """(offset, heading) for every heading line on the page, starting with the carried one."""
    marks = [(0, carry)]
    offset = 0
    for line in page.text.split("\n"):
        if is_heading(line):
            marks.append((offset, line.strip()))
        offset += len(line) + 1
    return marks


def chunk_pages(pages: list[Page], info: DocumentInfo, size: int = 800, overlap: int = 150) -> list[Chunk]:
    """Chunks for one document, in reading order."""
    chunks: list[Chunk] = []
    carry = ""
    for page in pages:
        if not page.text.strip():
            continue
        marks = _sections(page, carry)
        for start, end in _windows(page.text, size, overlap):
            raw = page.text[start:end]
            lead = len(raw) - len(raw.lstrip())
            text = raw.strip()
            if not text:
                continue
            section = [h for off, h in marks if off <= start + lead][-1]
            chunks.append(
                Chunk(
                    id=chunk_id(page.document, page.number, text, f"{info.title}\x1f{section}"),
                    document=page.document,
                    page=page.number,
                    section=section,
                    text=text,
                    title=info.title,
                    region=info.region,
                    kind=info.kind,
                    date=info.date,
                )
            )
        carry = marks[-1][1]
    # identical text twice on one page would collide; keep the first
    seen: set[str] = set()
    unique = []
    for c in chunks:
        if c.id not in seen:
            seen.add(c.id)
            unique.append(c)
    return unique
