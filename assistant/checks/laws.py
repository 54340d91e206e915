"""One law cited with different numbers: "Lag (2017:612) om samverkan ..." beside "lagen (2017:162) om ...".

Laws are matched by the words of their title, not by a list of known laws, so
any statute cited in two forms ("lag (ÅÅÅÅ:NR) om X" or "lagen om X (ÅÅÅÅ:NR)")
is compared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..types import Citation, Page
from .finding import Finding
from .text import cite, doc_name, excerpt, segments

_TITLE = r"om\s[^,.;:()]+"
_NUMBER_FIRST = re.compile(r"\b[Ll]ag(?:en)?\s*\((?P<num>\d{4}:\d+)\)\s*(?P<title>" + _TITLE + ")")
_TITLE_FIRST = re.compile(r"\b[Ll]agen\s+(?P<title>" + _TITLE + r")\s*\((?P<num>\d{4}:\d+)\)")
_TITLE_END = re.compile(r"\s(?:som|vilken|vilket|trädde|träder|samt|där|eller|enligt)\s.*$")
_STOP = frozenset("om vid från och i av för med till den det de en ett på".split())
SIMILAR = 0.75
"""Share of title words two citations must have in common to count as the same law."""


def _words(title: str) -> frozenset[str]:
    title = _TITLE_END.sub("", title)
    return frozenset(w for w in re.findall(r"\w+", title.casefold()) if w not in _STOP)


def _title(raw: str) -> str:
    return _TITLE_END.sub("", raw).strip()


def _citations(pages: list[Page]) -> list[tuple[str, frozenset[str], str, Citation]]:
    """(number, title words, title, citation) for every law cited with a number."""
    out = []
    for seg in segments(pages):
        for pattern in (_NUMBER_FIRST, _TITLE_FIRST):
            for m in pattern.finditer(seg.text):
                words = _words(m["title"])
                if not words:
                    continue
                end = m.start("title") + len(_title(m["title"])) if pattern is _NUMBER_FIRST else m.end()
                quote = excerpt(seg.text, m.start(), max(end, m.end("num") + 1))
                out.append((m["num"], words, _title(m["title"]), Citation(seg.document, seg.page, quote)))
    return out


def _same_law(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a & b) / len(a | b) >= SIMILAR


def check_laws(pages: list[Page], titles: Mapping[str, str]) -> list[Finding]:
    """A finding per law whose citations give more than one number."""
    cited = _citations(pages)
    groups: list[list[int]] = []
    for i, (_, words, _, _) in enumerate(cited):
        for group in groups:
            if _same_law(cited[group[0]][1], words):
                group.append(i)
                break
        else:
            groups.append([i])

    findings = []
    for group in groups:
        numbers = list(dict.fromkeys(cited[i][0] for i in group))
        if len(numbers) < 2:
            continue
        title = max((cited[i][2] for i in group), key=len)
        places: list[Citation] = []
        seen: set[tuple[str, str]] = set()
        for i in group:
            number, _, _, c = cited[i]
            if (number, c.document) not in seen:
                seen.add((number, c.document))
                places.append(cite(c.document, c.page, c.quote, titles))
        parts = []
        for number in numbers:
            docs = [f"{doc_name(c.document, titles)} s. {c.page}" for c in places if f"({number})" in c.quote]
            parts.append(f"{number} ({'; '.join(docs)})")
        findings.append(
            Finding(
                kind="law_number",
                message=f"Lagen {title} anges med olika nummer: {' men '.join(parts)}. "
                "Det är samma lag; minst ett av numren är fel.",
                message_en=f"The Act “lag {title}” is cited with different numbers: {' but '.join(parts)}.",
                summary=f"lagen {title} anges här och i andra dokument med olika nummer "
                f"({' och '.join(numbers)}).",
                summary_en=f"the Act “lag {title}” is cited with different numbers ({' and '.join(numbers)}) "
                "in the documents.",
                citations=tuple(places),
            )
        )
    return findings
