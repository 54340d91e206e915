"""Markdown that cannot be abused: every character from a question or a document is escaped.

Streamlit renders `st.markdown` (and widget labels, captions, alerts) as Markdown. Raw
HTML is already off unless `unsafe_allow_html`, which this app never uses; escaping
also stops Markdown links, remote images, LaTeX and Streamlit's `:color[...]` directives
from being smuggled in through a question or a PDF's text.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")
_SKIP_LINES = ("Beräkning: ", "Calculation: ")
_SKIP_BLOCKS = ("Antaganden:", "Assumptions:", "Per kommun:", "Per municipality:")


def escape(text: str) -> str:
    """`text` as literal Markdown: punctuation backslash-escaped, line breaks kept as breaks."""
    lines = [_SPECIAL.sub(r"\\\1", line.strip()) for line in str(text).splitlines()]
    return "  \n".join(lines)


def _literal(part: str) -> str:
    """One piece of a line, escaped, its spaces kept (they separate it from a bold neighbour)."""
    return _SPECIAL.sub(r"\\\1", part)


def inline(text: str) -> str:
    """`text` on one line (a PDF quote's line breaks become spaces), escaped."""
    return escape(" ".join(str(text).split()))


def answer_markdown(text: str) -> str:
    """An answer's Markdown: only its '**bold**' spans and '- ' list items survive; the rest is literal."""
    out = []
    for line in text.splitlines():
        bullet = line.startswith("- ")
        body = (line[2:] if bullet else line).strip()
        parts = body.split("**")
        if len(parts) > 1 and len(parts) % 2 == 1 and all(p.strip() for p in parts[1::2]):
            rendered = "**".join(inline(p) if i % 2 else _literal(p) for i, p in enumerate(parts))
        else:
            rendered = _literal(body)
        out.append(("- " if bullet else "") + rendered)
    return "  \n".join(out)


def without_calculation_lines(text: str) -> str:
    """The answer text minus what the calculation table shows (formula, assumptions, per-municipality list).

    Tool answers spell the whole calculation out for the CLI; the app shows it as a table instead.
    Lines it does not recognise are kept, so nothing said only in the text is lost.
    """
    kept: list[str] = []
    in_block = False
    for line in text.splitlines():
        if in_block and line.startswith("- "):
            continue
        in_block = line.strip() in _SKIP_BLOCKS
        if in_block or line.startswith(_SKIP_LINES):
            continue
        kept.append(line)
    return "\n".join(kept).strip() or text


def swedish_number(value: float | int, decimals: int = 0) -> str:
    """12345.5 -> '12 346' (or '12 345,50' with decimals): space thousands, comma decimals."""
    formatted = f"{value:,.{decimals}f}"
    return formatted.replace(",", " ").replace(".", ",")
