"""Text helpers shared by the checks: page text as searchable segments, quotes, number words.

Checks search whitespace-squashed text, so a phrase broken across lines is still
found, and every quote they cut from it is found again on its page by
`quote_in_text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..ingest.normalize import is_heading, squash
from ..types import Citation, Page

NUMBER_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
    "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20,
}  # fmt: skip
NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\.?\s+[A-ZÅÄÖ]")


def to_int(token: str) -> int | None:
    """'sju' -> 7, '14' -> 14, anything else -> None."""
    token = token.casefold()
    return int(token) if token.isdigit() else NUMBER_WORDS.get(token)


@dataclass(frozen=True)
class Segment:
    """Consecutive lines of one page under one numbered section heading, squashed to one line."""

    document: str
    page: int
    section: str
    """Nearest numbered heading above (e.g. '6.3.1 Finansiering'), or '' if the document has none."""
    text: str


def segments(pages: Iterable[Page]) -> list[Segment]:
    """Split each document's pages at numbered headings; a heading's section carries over page breaks."""
    out: list[Segment] = []
    section: dict[str, str] = {}
    for page in pages:
        current = section.get(page.document, "")
        lines: list[str] = []
        for line in page.text.split("\n"):
            if _NUMBERED_HEADING.match(line) and is_heading(line):
                if lines:
                    out.append(Segment(page.document, page.number, current, squash(" ".join(lines))))
                current, lines = line.strip(), []
            lines.append(line)
        if lines:
            out.append(Segment(page.document, page.number, current, squash(" ".join(lines))))
        section[page.document] = current
    return out


def excerpt(text: str, start: int, end: int, before: int = 0, after: int = 0) -> str:
    """text[start:end] widened by up to `before`/`after` characters, cut at whole words."""
    lo = max(0, start - before)
    hi = min(len(text), end + after)
    if lo > 0 and lo < start:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else start
    if hi < len(text) and hi > end:
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else end
    return text[lo:hi].strip(" ,;")


def cite(document: str, page: int, quote: str, titles: Mapping[str, str]) -> Citation:
    return Citation(document=document, page=page, quote=quote, title=titles.get(document, ""))


def doc_name(document: str, titles: Mapping[str, str]) -> str:
    """How a document is named in a message: its title, else its file name."""
    return titles.get(document) or document


def page_list(citations: Iterable[Citation]) -> str:
    """'s. 1' or 's. 1, 2' for the pages of some citations."""
    pages = sorted({c.page for c in citations})
    return "s. " + ", ".join(str(p) for p in pages)
