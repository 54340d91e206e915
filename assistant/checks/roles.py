"""The same role given different percentages in different sections of one document.

A role is a word ending like a Swedish role noun (-ledare, -specialist,
-användare ...) directly followed by a percentage, optionally with one
capitalised qualifier ("Förvaltningsledare Teknik 5 %") that makes it a
different role. Only sections are compared, not lines within one section: a
staffing table may rightly list two people in the same role at different
percentages, but a financing section and a staffing section should agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from ..types import Citation, Page
from .finding import Finding
from .text import cite, doc_name, excerpt, segments

ROLE_ENDINGS = (
    "ledare", "specialist", "användare", "förvaltare", "ägare", "samordnare", "administratör",
    "handläggare", "koordinator", "ansvarig", "användarstöd", "superuser",
)  # fmt: skip
_ROLE = re.compile(
    r"(?i:\b(?P<role>\w*(?:" + "|".join(ROLE_ENDINGS) + r")))\b"
    r"(?:\s+(?P<qual>[A-ZÅÄÖ][\wåäö]*))?\s+(?:på\s+)?(?P<pct>\d{1,3}(?:,\d+)?)\s?(?:%|procent\b)"
)


def _quote(text: str, m: re.Match[str]) -> str:
    """The match, extended to the end of its sentence when that is near (prose, not a flattened table)."""
    stop = text.find(".", m.end())
    if stop != -1 and stop - m.end() <= 160:
        return excerpt(text, m.start(), stop + 1)
    return text[m.start() : m.end()]


def _pct(text: str) -> float:
    return -float(text.rstrip(" %").replace(",", "."))


def _join(values: list[str], word: str) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + f" {word} " + values[-1]


def check_roles(pages: list[Page], titles: Mapping[str, str]) -> list[Finding]:
    """A finding per (document, role) whose percentages differ between sections."""
    found: dict[tuple[str, str], dict[str, dict[str, Citation]]] = defaultdict(lambda: defaultdict(dict))
    written: dict[tuple[str, str], str] = {}
    for seg in segments(pages):
        for m in _ROLE.finditer(seg.text):
            role = " ".join(filter(None, (m["role"], m["qual"])))
            key = (seg.document, role.casefold())
            written.setdefault(key, role)
            found[key][seg.section].setdefault(
                m["pct"], Citation(seg.document, seg.page, _quote(seg.text, m))
            )

    findings = []
    for key, by_section in found.items():
        value_sets = {frozenset(v) for v in by_section.values()}
        if len(by_section) < 2 or len(value_sets) < 2:
            continue
        document = key[0]
        parts: list[str] = []
        parts_en: list[str] = []
        places: list[Citation] = []
        for section, values in by_section.items():
            where = f"avsnitt {section}" if section else "inledningen"
            pcts = [f"{v} %" for v in values]
            parts.append(f"{_join(pcts, 'och')} i {where}")
            parts_en.append(f"{_join(pcts, 'and')} in {'section ' + section if section else 'the opening'}")
            places.extend(cite(c.document, c.page, c.quote, titles) for c in values.values())
        role = written[key]
        findings.append(
            Finding(
                kind="role_percentage",
                message=f"I {doc_name(document, titles)} anges rollen {role.lower()} till "
                f"{' men '.join(parts)}.",
                message_en=f"In {doc_name(document, titles)} the role {role} is given as "
                f"{' but '.join(parts_en)}.",
                summary=f"dokumentet anger olika omfattning för rollen {role.lower()} "
                f"({', '.join(sorted({v + ' %' for vs in by_section.values() for v in vs}, key=_pct))}).",
                summary_en=f"the document gives different percentages for the role {role}.",
                citations=tuple(places),
            )
        )
    return findings
