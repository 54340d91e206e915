"""Split passage text into quotable sentences (exact substrings of the passage)."""

from __future__ import annotations

import re

# a sentence ends at . ! ? followed by space and a capital, digit, bullet or quote
_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•\"”(])")
# a sentence that announces a list: "... krävs följande IT-tjänster." / "... är:"
_ANNOUNCES = re.compile(r"(:|;|\bföljande\b[^.]{0,40}[.;]?)$")
_ITEM = ("•", "-", "\u2022", "\uf0b7", "*")
_MIN_CHARS = 25
_SHORT_LINE = 55
_MAX_CHARS = 420
_MAX_ITEMS = 8


def _block_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph-like spans: a new block starts after a short line or at a list item.

    Lines of running text fill the page width; a line much shorter than that
    ends a paragraph, a heading or a table cell.
    """
    spans: list[list[int]] = []
    offset = 0
    prev = ""
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        starts_item = line.lstrip().startswith(_ITEM) or bool(re.match(r"\d+(\.\d+)*\.?\s", line))
        prev_short = bool(spans) and len(prev) < _SHORT_LINE and not prev.endswith(",")
        if not spans or starts_item or (prev_short and line[:1].isupper()):
            spans.append([start, end])
        else:
            spans[-1][1] = end
        prev = line
    return [(s, e) for s, e in spans]


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for b_start, b_end in _block_spans(text):
        block = text[b_start:b_end]
        cut = b_start
        for m in _END.finditer(block):
            out.append((cut, b_start + m.start()))
            cut = b_start + m.end()
        out.append((cut, b_end))
    return [(s, e) for s, e in out if text[s:e].strip()]


def split_sentences(text: str) -> list[str]:
    """Quotable sentences and list items of `text`: exact substrings, inner line breaks kept.

    A sentence that announces a list ("... följande IT-tjänster.", "... är:") keeps the
    short items after it, so the quote carries the answer. Other fragments too short to
    stand alone (headings, table labels) are left out.
    """
    spans = _sentence_spans(text)
    out: list[str] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        part = text[start:end].strip()
        if _ANNOUNCES.search(part):
            j = i + 1
            while (
                j < len(spans) and j - i <= _MAX_ITEMS and len(text[spans[j][0] : spans[j][1]].strip()) < 60
            ):
                end = spans[j][1]
                j += 1
            if j > i + 1:
                out.append(_clip(text[start:end].strip()))
                i = j
                continue
        if len(part) >= _MIN_CHARS or (part.endswith((".", "?", "!")) and len(part.split()) >= 3):
            out.append(_clip(part))
        i += 1
    return out or [_clip(text.strip())]


def _is_item(span: str) -> bool:
    """A short line of a list (the items a sentence announced)."""
    return len(span.strip()) < 60


def _clip(sentence: str) -> str:
    """Very long 'sentences' (flattened tables) are cut at a line break to stay readable."""
    if len(sentence) <= _MAX_CHARS:
        return sentence
    cut = sentence.rfind("\n", 0, _MAX_CHARS)
    return sentence[: cut if cut > 80 else _MAX_CHARS].rstrip()
