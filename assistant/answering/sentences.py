"""Split passage text into quotable units: sentences, list items, whole lists, table rows.

Every unit is an exact substring of the passage, so it can be quoted and found
again on its page. The text comes from PDFs, so line breaks are layout, not
punctuation: a sentence never ends at a line break, and a number that opens a
line ("40 % till kommunerna", "2021. Samtliga ...") is not a list number unless
the line before it ended a sentence. Headings are never units on their own;
they lead a list when items follow them ("6.2 Mål för år 2021" + its items).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ..ingest.normalize import is_heading, names_row
from ..retrieval.text import stem

# a sentence ends at . ! ? followed by space and a capital, digit, bullet or quote
_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•\"”(])")
# abbreviations whose full stop does not end a sentence ("ordf. Beredning", "t.ex. Region")
_ABBREVIATION = re.compile(
    r"(?:\b(?:ordf|nr|kl|ca|resp|inkl|exkl|enl|jfr|tel|bl\.a|t\.ex|m\.m|s|st|avd|f\.d|d\.v\.s|dvs|s\.k|"
    r"o\.s\.v|osv|p\.g\.a|fr\.o\.m|t\.o\.m|m\.fl|ev|e\.g|i\.e|etc)\.)$",
    re.I,
)
# a sentence that announces a list: "... krävs följande IT-tjänster." / "... är:" / "... följande;"
_ANNOUNCES = re.compile(r"[:;]$|\b(följande|nedanstående)\b", re.I)
# a list inside one sentence: "... innehåller följande delar: a, b, c samt d."
_INLINE_LIST = re.compile(r"(?::|\bföljande\b)\s+[^.:]*,[^.:]*,", re.I)
_BULLETS = ("•", "-", "–", "\u2022", "\uf0b7", "*")
# a list number opens a line and is followed by a capitalised word: "1. HSN-2016", "2) Avtalet"
_NUMBERED = re.compile(r"\d{1,2}(\.\d{1,2})*[.)]?\s+[A-ZÅÄÖ\"”]")
_ANAPHOR = re.compile(r"(Dessa|Detta|Denna|Den|De|Det|Där|Då|These|This|It|They)\s")
# "Använd till exempel valideringstjänsten X.": an example of what the sentence before it says
EXAMPLE = re.compile(r"(\S+\s+){0,3}(till exempel|exempelvis|t\.ex\.|for example|for instance)\b", re.I)
_FIELD = re.compile(r"[A-ZÅÄÖ][\w /-]{1,30}: \S")
_LIST_NUMBER = re.compile(r"\s*\d{1,2}(\.\d{1,2})*\.")
# a table row ends with an amount cell ("Ändringshantering 276 000 kr ...")
_ROW_END = re.compile(r"(\d[\d ]*|-)\s?(kr|SEK|%)$")
_TERMINAL = (".", "!", "?", ":", ";")
# a line that ends on a preposition, conjunction or article goes on in the next line
_OPEN_END = re.compile(
    r"\b(i|på|av|för|med|till|om|vid|från|mellan|inom|under|och|samt|eller|som|att|en|ett|den|det|"
    r"de|the|of|and|or|to|in|for|with)$",
    re.I,
)
_MIN_CHARS = 25
_SHORT_LINE = 55
_ITEM_CHARS = 60
_MAX_CHARS = 420
_MAX_FIELD = 120
_MAX_UNIT = 1600
"""A whole list or table may be long; longer ones are cut after their last item that fits."""


@dataclass(frozen=True)
class Unit:
    """One quotable span of a passage."""

    start: int
    end: int
    kind: str
    """'sentence', 'item' (one list item), 'list' (lead-in and every item), 'row' (table header and
    one row), 'table' (lead-in, header and every row), 'record' (a run of "Fält: värde" lines) or
    'section' (a heading and every sentence under it)."""


@dataclass
class _Line:
    start: int
    end: int
    text: str
    heading: bool = False
    item: bool = False
    row: bool = False


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        if raw.strip():
            out.append(_Line(start, end, raw.strip()))
    # a run of short title-like lines is a roster or a table header, not a row of headings
    looks = [is_heading(ln.text) and not _NUMBERED.match(ln.text) for ln in out]
    roster = _rosters(out, looks)
    for i, line in enumerate(out):
        prev = out[i - 1] if i else None
        in_run = roster[i]
        # (an abbreviation's full stop ends no sentence: "(f.d." goes on in "UPH medel)")
        after_end = (
            prev is None
            or (prev.text.endswith(_TERMINAL) and not _ABBREVIATION.search(prev.text))
            or prev.heading
        )
        announced = prev is not None and bool(_ANNOUNCES.search(prev.text))
        bullet = line.text.startswith(_BULLETS)
        line.row = bool(_ROW_END.search(line.text)) and len(line.text) < 160
        nxt = out[i + 1].text if i + 1 < len(out) else ""
        line.heading = (
            not bullet
            and not line.row
            and is_heading(line.text)
            and not announced
            and not (looks[i] and in_run)
            and not names_row(line.text)
            and (
                after_end
                or (prev is not None and len(prev.text) < _SHORT_LINE and not _ABBREVIATION.search(prev.text))
            )
            and (not nxt or nxt[:1].isupper() or nxt[:1].isdigit() or nxt.startswith(_BULLETS))
        )
        numbered = bool(_NUMBERED.match(line.text))
        if numbered and prev is not None and prev.item and _NUMBERED.match(prev.text):
            line.heading = False  # "2. ..." after "1. ...": the list goes on
        line.item = bullet or (
            numbered and not line.heading and (after_end or (prev is not None and prev.item))
        )
    return out


def _rosters(lines: list[_Line], looks: list[bool]) -> list[bool]:
    """Lines in a run of short title-like lines that is a roster or a table header, not headings.

    Two such lines followed by prose are a chapter and a section heading ("Kostnadsfördelning" /
    "Principer för kostnadsfördelning IT-drift och förvaltning"); three or more, or two followed by
    more short lines, are names or column titles.
    """
    out = [False] * len(lines)
    i = 0
    while i < len(lines):
        if not looks[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and looks[j]:
            j += 1
        after = lines[j].text if j < len(lines) else ""
        headings = j - i == 2 and len(after) >= _SHORT_LINE
        if j - i >= 2 and not headings:
            out[i:j] = [True] * (j - i)
        i = j
    return out


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    """Paragraph-like runs of lines: a new block starts at a heading, an item, a table row, after
    a heading, or after a short line that ended a sentence or a label (text fills the page width)."""
    blocks: list[list[_Line]] = []
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else None
        new = prev is None or line.heading or line.item or line.row or prev.heading or prev.row
        # "Föredragande: <namn>, <namn>" is a field of its own, not the start of the next sentence
        new = new or (
            prev is not None
            and bool(_FIELD.match(prev.text))
            and not prev.text.endswith(",")
            and line.text[:1].isupper()
        )
        if not new and prev is not None and len(prev.text) < _SHORT_LINE and line.text[:1].isupper():
            # "Omorganisation kräver anpassning i / Lifecare SP av ...": no paragraph ends on "i"
            new = (
                not prev.text.endswith(",")
                and not _OPEN_END.search(prev.text)
                and not _ABBREVIATION.search(prev.text)  # "(f.d. / UPH medel)": no end at an abbreviation
            )
        if new:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], cut at sentence ends that are not abbreviations."""
    out: list[tuple[int, int]] = []
    cut = start
    for m in _END.finditer(text, start, end):
        if _ABBREVIATION.search(text[cut : m.start()]) or _LIST_NUMBER.fullmatch(text[cut : m.start()]):
            continue
        out.append((cut, m.start()))
        cut = m.end()
    out.append((cut, end))
    return [(s, e) for s, e in out if text[s:e].strip()]


@lru_cache(maxsize=4096)
def passage_units(text: str) -> tuple[Unit, ...]:
    """All quotable units of `text`, in reading order (a sentence may also be part of a list).

    Cached: the same passages come back for many questions, and answering stays cheap.
    """
    lines = _lines(text)
    blocks = _blocks(lines)
    units: list[Unit] = []
    # (block index, start, end, first sentence of its block) for every sentence, headings left out
    sentences: list[tuple[int, int, int, bool]] = []
    for b, block in enumerate(blocks):
        if block[0].heading:
            continue
        for n, (s, e) in enumerate(_split(text, block[0].start, block[-1].end)):
            sentences.append((b, s, e, n == 0))
    for b, s, e, first in sentences:
        part = text[s:e]
        kind = "item" if first and (blocks[b][0].item or blocks[b][0].row) else "sentence"
        if len(part) >= _MIN_CHARS or (part.endswith((".", "?", "!")) and len(part.split()) >= 3):
            units.append(Unit(s, _clip(text, s, e, _MAX_CHARS), kind))
        elif first and b and blocks[b - 1][0].heading and len(blocks[b - 1]) <= 2:
            # "15. Nästa möte / 11 april": a short line under a heading is its value, quoted with it
            units.append(Unit(blocks[b - 1][0].start, e, "sentence"))
        if _INLINE_LIST.search(part):  # a list question quotes the whole sentence, every item
            units.append(Unit(s, _clip(text, s, e, _MAX_UNIT), "list"))
    # a bullet or numbered item of several sentences is also quoted whole: its later sentences
    # ("Kostnaden gäller till dess ...") are about what its first one names
    for b, block in enumerate(blocks):
        if (block[0].item or block[0].row) and sum(1 for x in sentences if x[0] == b) > 1:
            units.append(
                Unit(block[0].start, _clip(text, block[0].start, block[-1].end, _MAX_CHARS + 200), "item")
            )
    # "Dessa kostnader fördelas ...": a sentence that points back (or gives an example of what the
    # one before it says) is quoted with the one before it
    for (b1, s1, e1, _), (b2, s2, e2, _) in pairwise(sentences):
        second = text[s2:e2]
        if b1 == b2 and (_ANAPHOR.match(second) or EXAMPLE.match(second) or _takes_up(text[s1:e1], second)):
            units.append(Unit(s1, _clip(text, s1, e2, _MAX_CHARS + 200), "sentence"))
    tables, headed_rows = _tables(text, lines)
    units = [u for u in units if u.start not in headed_rows]
    units.extend(_lists(text, blocks, sentences))
    units.extend(_sections(text, blocks, sentences))
    units.extend(tables)
    units.extend(_records(text, lines))
    # one unit per span and kind: a sentence that is also a whole list is both
    seen: set[tuple[int, int, str]] = set()
    out = []
    for u in sorted(units, key=lambda u: (u.start, -u.end)):
        if (u.start, u.end, u.kind) not in seen:
            seen.add((u.start, u.end, u.kind))
            out.append(u)
    return tuple(out)


_FIRST_WORD = re.compile(r"([A-ZÅÄÖ][a-zåäö]{3,})\b")


def _takes_up(first: str, second: str) -> bool:
    """Whether `second` opens with the definite form of a noun `first` introduced: "Kostnad för support
    beräknas per användare. Kostnaden gäller till dess ..." goes on about the same cost."""
    m = _FIRST_WORD.match(second)
    if m is None:
        return False
    word = m.group(1).lower()
    if not word.endswith(("en", "et", "na", "erna", "arna")):
        return False
    # the noun as the first sentence wrote it, without the definite ending ("kostnad" of "kostnaden")
    return any(
        word.startswith(w) and 1 <= len(word) - len(w) <= 4
        for w in re.findall(r"[a-zåäö]{4,}", first.lower())
    )


def _lists(text: str, blocks: list[list[_Line]], sentences: list[tuple[int, int, int, bool]]) -> list[Unit]:
    """A lead-in (a heading, or a sentence announcing a list) with the items that follow it.

    Items are bullet or numbered blocks, short lines, or a run of sentences that each open a
    line with the same word ("Att nuvarande ...", "Att arbetet ...": a list whose bullets the
    PDF lost).
    """
    out: list[Unit] = []
    # (start, index of the first sentence after the lead-in, whether a heading leads)
    leads: list[tuple[int, int, bool]] = []
    for b, block in enumerate(blocks):
        if block[0].heading:
            nxt = next((k for k, sen in enumerate(sentences) if sen[0] > b), None)
            if nxt is not None:
                leads.append((block[0].start, nxt, True))
    for k, (b, s, e, _) in enumerate(sentences):
        if _ANNOUNCES.search(text[s:e].rstrip()):
            # "Det är exempelvis ...:" points back: the sentence before it says what the list is
            if k and sentences[k - 1][0] == b and _ANAPHOR.match(text[s:e]):
                s = sentences[k - 1][1]
            leads.append((s, k + 1, False))
    if sentences and sentences[0][3] and blocks[sentences[0][0]][0].item:
        # the passage opens with bullets: a list whose lead-in is in the passage before (under the
        # heading it inherits), quoted from its first item
        leads.append((sentences[0][1], 0, False))
    line_starts = {ln for block in blocks for ln in (line.start for line in block)}
    for start, k, headed in leads:
        items: list[tuple[int, int]] = []
        intro = 0  # a heading may be followed by one sentence that opens its list
        paragraphs, last_titled = 0, -1  # bullets that title a paragraph, and the last of them
        opener = ""
        while k < len(sentences):
            b, s, e, first = sentences[k]
            part = text[s:e].strip()
            word = _opener(part)
            if blocks[b][0].row:
                break  # a table, not a list
            if items and any(blocks[x][0].heading for x in range(sentences[k - 1][0] + 1, b + 1)):
                break  # a heading ends the list ("Kommunens ansvar" after the region's)
            bullet = first and blocks[b][0].item
            item_block = next((sb for sb, ss, _, _ in sentences if ss == items[-1][0]), b) if items else b
            if (
                items
                and not bullet
                and _titled(text, items[-1], blocks, b, item_block)
                and (paragraphs or _bullet_follows(blocks, sentences, k))
            ):
                # "• Avtal med leverantör" and the paragraph under it, up to the next bullet: one item
                # (after the last bullet too, once the earlier bullets were titles of paragraphs)
                items[-1] = (items[-1][0], e)
                paragraphs += item_block != last_titled
                last_titled = item_block
                k += 1
                continue
            if bullet or (s in line_starts and (len(part) < _ITEM_CHARS or (opener and word == opener))):
                items.append((s, e))
                opener = opener or word
                k += 1
                continue
            if s in line_starts and not items and k + 1 < len(sentences):
                following = text[sentences[k + 1][1] : sentences[k + 1][2]].strip()
                if sentences[k + 1][1] in line_starts and _opener(following) == word:
                    items.append((s, e))
                    opener = word
                    k += 1
                    continue
                if headed and not intro and sentences[k + 1][3] and blocks[sentences[k + 1][0]][0].item:
                    intro = 1  # "Principer ...": "För perioden ska ..." then the bullets
                    items.append((s, e))
                    k += 1
                    continue
            if items and not first and (s, e) != items[-1]:
                # a further sentence inside the last bullet's block belongs to that item
                if blocks[b][0].item and sentences[k - 1][0] == b:
                    items[-1] = (items[-1][0], e)
                    k += 1
                    continue
            break
        if len(items) - intro >= 2:
            out.append(Unit(start, _clip(text, start, items[-1][1], _MAX_UNIT), "list"))
        if paragraphs:
            # each titled bullet with its paragraph is an item of its own ("• Daglig IT-drift, underhåll
            # och support" + "Region X ansvarar ... för drift och underhåll"): it answers "who does it"
            out.extend(Unit(a, _clip(text, a, z, _MAX_CHARS + 200), "item") for a, z in items)
    return out


def _titled(text: str, item: tuple[int, int], blocks: list[list[_Line]], b: int, last: int) -> bool:
    """Whether the last item is a bullet that titles a paragraph, and block `b` goes on under it
    (no heading between)."""
    first_line = text[item[0] : item[1]].split("\n", 1)[0]
    titled = blocks[last][0].item and len(first_line) < _ITEM_CHARS and not first_line.endswith(_TERMINAL)
    return titled and not any(blocks[x][0].heading for x in range(last + 1, b + 1))


def _bullet_follows(blocks: list[list[_Line]], sentences: list[tuple[int, int, int, bool]], k: int) -> bool:
    """Whether another bullet comes after sentence `k` before any heading (the list goes on)."""
    for b, _, _, first in sentences[k + 1 :]:
        if any(blocks[x][0].heading for x in range(sentences[k][0] + 1, b + 1)):
            return False
        if first and blocks[b][0].item:
            return True
    return False


def _opener(sentence: str) -> str:
    """The stem of a sentence's first word: parallel sentences ("Kostnader 2024 ...", "Kostnaden
    2025 ...") open alike."""
    return stem(sentence.split(" ", 1)[0].lower())


def _sections(
    text: str, blocks: list[list[_Line]], sentences: list[tuple[int, int, int, bool]]
) -> list[Unit]:
    """A heading with the sentences under it, up to the next heading ("Tvist" and its three steps):
    what a list question about that heading's subject quotes whole."""
    out: list[Unit] = []
    for b, block in enumerate(blocks):
        if not block[0].heading:
            continue
        under = []
        for sb, s, e, _ in sentences:
            if sb <= b:
                continue
            if any(blocks[x][0].heading for x in range(b + 1, sb + 1)):
                break
            under.append((s, e))
        if len(under) >= 2 and under[-1][1] - block[0].start <= _MAX_UNIT:
            out.append(Unit(block[0].start, under[-1][1], "section"))
    return out


def _tables(text: str, lines: list[_Line]) -> tuple[list[Unit], set[int]]:
    """Flattened table rows, each with the table's header: the short lines above the first row,
    up to the sentence or section heading that leads the table. Also the whole table with its
    lead-in. Returns the units and the starts of the rows quoted with a header."""
    out: list[Unit] = []
    covered: set[int] = set()
    i = 0
    while i < len(lines):
        if not lines[i].row:
            i += 1
            continue
        j = i
        while j < len(lines) and (
            lines[j].row or (len(lines[j].text) < _ITEM_CHARS and j + 1 < len(lines) and lines[j + 1].row)
        ):
            j += 1
        rows = [ln for ln in lines[i:j] if ln.row]
        h = i
        while h > 0 and i - h < 6 and not lines[h - 1].text.endswith(_TERMINAL) and not lines[h - 1].row:
            if _NUMBERED.match(lines[h - 1].text) and lines[h - 1].heading:
                break
            h -= 1
        lead = lines[h].start
        if h > 0 and lines[h - 1].text.endswith(":"):  # the sentence that announces the table
            line = lines[h - 1]
            lead = _split(text, line.start, line.end)[-1][0]
        if h < i:
            for row in rows:
                end = _row_end(lines, lines.index(row))
                out.append(Unit(lines[h].start, _clip(text, lines[h].start, end, _MAX_UNIT), "row"))
                covered.add(row.start)
        if len(rows) >= 2:  # to the end of the last row's cells, like a row
            last = _row_end(lines, lines.index(rows[-1]))
            out.append(Unit(lead, _clip(text, lead, last, _MAX_UNIT), "table"))
        i = j
    return out, covered


def _row_end(lines: list[_Line], r: int) -> int:
    """A row's end, with the short lines that continue its cells ("Förvaltningsledare 70%" / "Ann
    Wennerkull": a flattened table puts a cell's second line after the row)."""
    end, k = lines[r].end, r + 1
    while k < len(lines) and k - r <= 2 and not lines[k].row and len(lines[k].text) < _ITEM_CHARS:
        if lines[k].text.endswith(_TERMINAL) or (lines[k].heading and _NUMBERED.match(lines[k].text)):
            break
        end, k = lines[k].end, k + 1
    return end


def _records(text: str, lines: list[_Line]) -> list[Unit]:
    """Runs of "Fält: värde" lines (a signature block, a meeting's header) with the line above them."""
    out: list[Unit] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _FIELD.match(lines[j].text):
            j += 1
        if j - i >= 3:
            start = (
                i - 1 if i and len(lines[i - 1].text) < _ITEM_CHARS and ":" not in lines[i - 1].text else i
            )
            out.append(
                Unit(
                    lines[start].start, _clip(text, lines[start].start, lines[j - 1].end, _MAX_UNIT), "record"
                )
            )
        i = max(j, i + 1)
    return out


def is_field(unit: str) -> bool:
    """Whether `unit` is one "Fält: värde" line ("Föredragande: <namn>, <namn>"), not a sentence."""
    return "\n" not in unit.strip() and len(unit) <= _MAX_FIELD and bool(_FIELD.match(unit))


def split_sentences(text: str) -> list[str]:
    """Quotable sentences and list items of `text`: exact substrings, inner line breaks kept.

    A sentence that announces a list ("... följande IT-tjänster.", "... är:") also comes with
    its items, as one more unit. Headings and fragments too short to stand alone are left out.
    """
    units = passage_units(text)
    out = list(dict.fromkeys(text[u.start : u.end].strip() for u in units))
    return [s for s in out if s] or [_clip_text(text.strip())]


def _clip(text: str, start: int, end: int, limit: int) -> int:
    """End of a unit cut to `limit` characters at a line break (a flattened table reads badly)."""
    if end - start <= limit:
        return end
    cut = text.rfind("\n", start, start + limit)
    return cut if cut > start + 80 else start + limit


def _clip_text(sentence: str) -> str:
    return sentence[: _clip(sentence, 0, len(sentence), _MAX_CHARS)].rstrip()
