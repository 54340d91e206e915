"""Inconsistency checks: what the documents contradict or get wrong, detectable from the text.

Each check is general (duplicate identifiers among parties, one law cited with
different numbers, one role given different percentages, counts that disagree),
not a lookup of known slips. Nothing is cached here: ingest calls `run_checks`
over every page of a build and stores the list with it (`store.layout`), so
loading an index reads the findings instead of re-reading the PDFs.

    findings = run_checks(pages, titles)
    for f in findings_for(findings, citation.document, citation.page, passage_text):
        notes.append(f.note(language))      # "Observera: ..."
"""

from __future__ import annotations

from collections.abc import Mapping

from ..types import Page
from .counts import check_counts
from .finding import Finding
from .identifiers import check_identifiers
from .laws import check_laws
from .roles import check_roles

CHECKS = (check_identifiers, check_laws, check_roles, check_counts)


def run_checks(pages: list[Page], titles: Mapping[str, str] | None = None) -> list[Finding]:
    """Run every check over the pages of all documents; `titles` (file name -> title) names documents."""
    titles = titles or {}
    ordered = sorted(pages, key=lambda p: (p.document, p.number))
    return [finding for check in CHECKS for finding in check(ordered, titles)]


def findings_for(findings: list[Finding], document: str, page: int, text: str | None = None) -> list[Finding]:
    """Findings that involve a cited passage; with `text`, only if the passage holds the cited quote."""
    return [f for f in findings if f.involves(document, page, text)]


__all__ = ["CHECKS", "Finding", "findings_for", "run_checks"]
