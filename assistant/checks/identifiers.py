"""Duplicate identifiers among parties: one organisation number given to two parties, or two to one.

A party line looks like "• <name>s kommun, org.nr 212000-0000". Each party is
a (name, number) pair; the check groups them across all documents, so it also
catches a number that two documents give to different parties.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from ..types import Citation, Page
from .finding import Finding
from .text import cite, doc_name, page_list

PARTY_LINE = re.compile(
    r"^[\s•·\-*–]*(?P<name>[^\s,:•][^,:•]*?)\s*,?\s*"
    r"(?:org\.?\s?nr|organisationsnummer|orgnr)\.?\s*:?\s*(?P<id>\d{6}-?\d{4})\b",
    re.IGNORECASE,
)


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _parties(pages: list[Page]) -> list[tuple[str, str, Citation, str]]:
    """(name key, identifier digits, citation of the line, name as written) for every party line."""
    out = []
    for page in pages:
        for line in page.text.split("\n"):
            m = PARTY_LINE.search(line)
            if m:
                quote = line.strip().lstrip("•·-*– ").strip()
                citation = Citation(document=page.document, page=page.number, quote=quote)
                out.append((_key(m["name"]), m["id"].replace("-", ""), citation, m["name"].strip()))
    return out


def _fmt(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}"


def check_identifiers(pages: list[Page], titles: Mapping[str, str]) -> list[Finding]:
    """Findings for identifiers shared by different parties, and parties given different identifiers."""
    parties = _parties(pages)
    findings: list[Finding] = []

    by_id: dict[str, dict[str, tuple[Citation, str]]] = defaultdict(dict)
    by_name: dict[str, dict[str, tuple[Citation, str]]] = defaultdict(dict)
    for name, ident, citation, written in parties:
        by_id[ident].setdefault(name, (citation, written))
        by_name[name].setdefault(ident, (citation, written))

    for ident, names in by_id.items():
        if len(names) < 2:
            continue
        places = [c for c, _ in names.values()]
        spellings = [w for _, w in names.values()]
        listed = ", ".join(spellings[:-1]) + " och " + spellings[-1]
        docs = {c.document for c in places}
        if len(docs) == 1:
            where = f"I {doc_name(places[0].document, titles)} ({page_list(places)}) anges"
        else:
            each = "; ".join(f"{w} ({doc_name(c.document, titles)}, s. {c.page})" for c, w in names.values())
            where = f"Dokumenten anger ({each})"
        findings.append(
            Finding(
                kind="duplicate_identifier",
                message=f"{where} samma organisationsnummer {_fmt(ident)} för {listed}. "
                "Två parter kan inte ha samma organisationsnummer; minst en uppgift är fel.",
                message_en=f"The same organisation number {_fmt(ident)} is given for {len(names)} different "
                f"parties: {', '.join(spellings)}.",
                summary=f"organisationsnumret {_fmt(ident)} anges för både {listed}; "
                "minst en uppgift är fel.",
                summary_en=f"organisation number {_fmt(ident)} is given for {', '.join(spellings)}; "
                "at least one is wrong.",
                citations=tuple(cite(c.document, c.page, c.quote, titles) for c in places),
            )
        )
    for _name, idents in by_name.items():
        if len(idents) < 2:
            continue
        _, written = next(iter(idents.values()))
        numbers = " och ".join(_fmt(i) for i in idents)
        findings.append(
            Finding(
                kind="duplicate_identifier",
                message=f"{written} anges med olika organisationsnummer: {numbers}.",
                message_en=f"{written} is given different organisation numbers: {numbers}.",
                summary=f"{written} anges med olika organisationsnummer ({numbers}).",
                summary_en=f"{written} is given different organisation numbers ({numbers}).",
                citations=tuple(cite(c.document, c.page, c.quote, titles) for c, _ in idents.values()),
            )
        )
    return findings
