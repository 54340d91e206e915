"""Split passage text into quotable sentences (exact substrings of the passage)."""

from __future__ import annotations

import re

# a sentence ends at . ! ? ; followed by space and a capital/digit/bullet, or at a line that is a list item
_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•\"”(])")
_MIN_CHARS = 25
_SHORT_LINE = 55
_ITEM = ("•", "-", "\u2022", "\uf0b7", "*")
_MAX_CHARS = 420


def _blocks(text: str) -> list[str]:
    """Paragraph-like blocks: a new block starts after a short line or before a list item.

    Lines of running text fill the page width; a line much shorter than that
    ends a paragraph, a heading or a table cell.
    """
    lines = text.split("\n")
    blocks: list[list[str]] = []
    for line in lines:
        starts_item = line.lstrip().startswith(_ITEM) or bool(re.match(r"\d+(\.\d+)*\.?\s", line))
        prev_short = bool(blocks) and len(blocks[-1][-1]) < _SHORT_LINE and not blocks[-1][-1].endswith(",")
        if not blocks or starts_item or (prev_short and line[:1].isupper()):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return ["\n".join(b) for b in blocks]


def split_sentences(text: str) -> list[str]:
    """Quotable sentences and list items of `text`: exact substrings, inner line breaks kept.

    Fragments too short to stand alone (headings, table labels) are left out.
    """
    out: list[str] = []
    for block in _blocks(text):
        for part in _END.split(block):
            part = part.strip()
            if len(part) >= _MIN_CHARS or (part.endswith((".", "?", "!")) and len(part.split()) >= 3):
                out.append(_clip(part))
    return out or [_clip(text.strip())]


def _clip(sentence: str) -> str:
    """Very long 'sentences' (flattened tables) are cut at a line break to stay readable."""
    if len(sentence) <= _MAX_CHARS:
        return sentence
    cut = sentence.rfind("\n", 0, _MAX_CHARS)
    return sentence[: cut if cut > 80 else _MAX_CHARS].rstrip()
