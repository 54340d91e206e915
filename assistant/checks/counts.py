"""Counts that disagree within one document: "sju kommuner" beside "åtta separata avtal".

Three kinds of statement give the number of the county's municipalities:
a stated number of the whole ("länets/läns/alla/samtliga N kommuner"), a
parenthesised count of one-per-municipality items ("kommuner (N separata avtal)"),
and the parties actually listed with an organisation number. Subsets ("övriga 13
kommuner", "de 13 kommunerna") are not counts of the whole and are ignored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from ..ingest.normalize import squash
from ..types import Citation, Page
from .finding import Finding
from .identifiers import PARTY_LINE
from .text import NUMBER, cite, doc_name, excerpt, page_list, segments, to_int

_WHOLE = re.compile(r"\b(?:länets|läns|alla|samtliga)\s+(?P<n>" + NUMBER + r")\s+kommun(?:er|erna)\b", re.I)
_PER_PARTY = re.compile(r"\bkommun(?:er|erna)\s*\((?P<n>" + NUMBER + r")\s+separata\s+\w+\)", re.I)


def _listed(pages: list[Page]) -> dict[str, tuple[int, Citation]]:
    """Per document: how many municipalities are listed as parties, citing the list."""
    out: dict[str, tuple[int, Citation]] = {}
    names: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        lines = page.text.split("\n")
        hits = []
        for i, line in enumerate(lines):
            m = PARTY_LINE.search(line)
            if m and "kommun" in m["name"].casefold():
                hits.append(i)
                names[page.document].add(" ".join(m["name"].casefold().split()))
        if len(hits) >= 2 and page.document not in out:
            quote = squash(" ".join(lines[hits[0] : hits[-1] + 1])).lstrip("•·-*– ")
            out[page.document] = (0, Citation(page.document, page.number, quote))
    return {doc: (len(names[doc]), c) for doc, (_, c) in out.items()}


def check_counts(pages: list[Page], titles: Mapping[str, str]) -> list[Finding]:
    """A finding per document whose statements of the number of municipalities disagree."""
    stated: dict[str, dict[int, list[Citation]]] = defaultdict(lambda: defaultdict(list))
    for seg in segments(pages):
        for pattern in (_WHOLE, _PER_PARTY):
            for m in pattern.finditer(seg.text):
                n = to_int(m["n"])
                if n is not None:
                    quote = excerpt(seg.text, m.start(), m.end(), before=40 if pattern is _PER_PARTY else 20)
                    stated[seg.document][n].append(Citation(seg.document, seg.page, quote))
    listed = _listed(pages)

    findings = []
    for document, by_value in stated.items():
        values = set(by_value)
        count = listed.get(document)
        if count is not None:
            values.add(count[0])
        if len(values) < 2:
            continue
        parts, places = [], []
        for n, cites in sorted(by_value.items()):
            phrases = list(dict.fromkeys(f"”{_phrase(c.quote)}”" for c in cites))
            parts.append(f"{' och '.join(phrases)} ({page_list(cites)}) ger {n}")
            seen = set()
            for c in cites:
                if c.quote not in seen:
                    seen.add(c.quote)
                    places.append(cite(c.document, c.page, c.quote, titles))
        message = f"Antalet kommuner i {doc_name(document, titles)} stämmer inte: {'; '.join(parts)}"
        if count is not None:
            message += f"; parterna som räknas upp är {count[0]} kommuner (s. {count[1].page})"
            places.append(cite(document, count[1].page, count[1].quote, titles))
        findings.append(
            Finding(
                kind="count",
                message=message + ".",
                message_en=f"The number of municipalities in {doc_name(document, titles)} disagrees: "
                f"{', '.join(str(v) for v in sorted(values))}.",
                summary="avtalet anger olika antal kommuner "
                f"({' respektive '.join(str(v) for v in sorted(values))}).",
                summary_en="the agreement gives different numbers of municipalities "
                f"({', '.join(str(v) for v in sorted(values))}).",
                citations=tuple(places),
            )
        )
    return findings


def _phrase(quote: str) -> str:
    """The counting phrase itself, for the message ('läns sju kommuner', 'åtta separata avtal')."""
    m = _PER_PARTY.search(quote)
    if m:
        return m.group(0).split("(", 1)[1].rstrip(")")
    return quote
