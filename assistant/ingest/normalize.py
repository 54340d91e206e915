"""Text normalisation for extracted PDF pages.

Joins words hyphenated across line breaks ("Samord-" + "nad" -> "Samordnad")
but keeps real hyphens: Swedish compounds sharing a tail ("hälso- och
sjukvård"), acronym compounds ("IT-stöd") and dates ("2024-04-08"). Collapses
runs of whitespace inside lines and drops empty lines. Quotes are compared with
`squash`, which also folds line breaks, so a quote taken from normalised text can
be found again on its page.
"""

from __future__ import annotations

import re
import unicodedata

# A compound's shared tail: "hälso- och sjukvård", "för- eller eftervård".
CONJUNCTIONS = frozenset({"och", "eller", "samt", "respektive", "resp", "resp.", "till", "som", "and", "or"})
_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# C0 and C1 controls (C1 appear from mis-decoded Windows quotes; U+009B is a terminal escape)
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\ufeff]")
# terminal escape sequences as a whole (CSI "ESC[31m", OSC "ESC]0;title BEL", two-character escapes,
# and the C1 CSI U+009B with parameters): dropping only the ESC would leave "[31m" inside the word it
# was typed into. A bare U+009B (a mis-decoded Windows quote in PDF text) takes no letter with it.
_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-9;?]+[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[0-~]"
)
_HYPHEN_END = re.compile(r"([A-Za-zÅÄÖÉÜåäöéü]{2,})-$")


def clean_line(line: str) -> str:
    """Collapse whitespace, drop terminal escape sequences, control characters and soft hyphens."""
    return _WS.sub(" ", _CONTROL.sub("", _ESCAPE.sub("", line))).strip()


def _joins(prev: str, nxt: str) -> bool:
    """True when `prev` ends with a line-break hyphen that splits one word."""
    match = _HYPHEN_END.search(prev)
    if not match or not nxt:
        return False
    stem = match.group(1)
    if stem[-1].isupper():  # "IT-" + "stöd": the hyphen is part of the word
        return False
    first_word = nxt.split(" ", 1)[0]
    if first_word.lower().rstrip(",.") in CONJUNCTIONS:
        return False
    return first_word[:1].islower()


def normalize_text(raw: str) -> str:
    """Normalise one page of extracted text; lines are kept, separated by '\\n'."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [clean_line(line) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        if out and _joins(out[-1], line):
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return "\n".join(out)


def squash(text: str) -> str:
    """Whitespace-insensitive form used to find a quote on a page."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def quote_in_text(quote: str, page_text: str) -> bool:
    """Whether `quote` occurs verbatim (modulo whitespace) in `page_text`."""
    q = squash(quote)
    return bool(q) and q in squash(page_text)


_NUMBERED = re.compile(r"^\d+(\.\d+)*\.? +[A-ZÅÄÖ]")
_PART = re.compile(r"^(Bilaga|Annex|Appendix|Kapitel|Chapter|Avsnitt|Section)\s+\d+(\.\d+)*\s+[A-ZÅÄÖ]")


def names_row(line: str) -> bool:
    """A line of capitalised names ("<Förnamn> <Efternamn> <Ort> kommun", "<Namn> Region <namn>"): a
    roster or flattened table row, which has the shape of a heading but says who or what is there. A
    heading capitalises its first word and its proper nouns only."""
    words = line.split()
    capitalised = sum(w[0].isupper() for w in words)
    return 3 <= capitalised >= len(words) - 1


def is_heading(line: str) -> bool:
    """Heuristic section heading: short, capitalised, not a sentence or a list item."""
    line = line.strip()
    if not line or len(line) > 70 or line[-1] in ".,;:!?" or line.startswith(("•", "-", "*", "\uf0b7")):
        return False
    words = line.split()
    if _NUMBERED.match(line) or _PART.match(line):
        # "3.2 Roller", and a document part by its number: "Bilaga 1 Ansvarsfördelning mellan ..."
        return len(words) <= 10 and ":" not in line
    if len(words) > 6 or "," in line or ":" in line or any(ch.isdigit() for ch in line):
        return False
    return line[0].isupper()
