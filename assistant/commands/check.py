"""`python -m assistant check`: list what the agreement documents contradict, each place cited.

Reads the PDFs straight from the corpus folder (no index needed), so it works on
a fresh clone. Findings are information, not errors: the exit code is 0.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import yaml

from ..errors import AssistantError
from ..settings import Settings

KIND_LABELS = {
    "duplicate_identifier": "dubblerad identifierare",
    "law_number": "olika lagnummer",
    "role_percentage": "olika procentsatser för en roll",
    "count": "antal som inte stämmer",
}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="list inconsistencies in the agreement documents (org.nr, law numbers, percentages, counts)",
        description="Read every PDF in the corpus folder and list what the documents contradict, "
        "each finding with the places it involves (document, page, quote).",
    )
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.set_defaults(run=run)


def _titles(settings: Settings) -> dict[str, str]:
    manifest = settings.corpus_dir / "documents.yaml"
    if not manifest.is_file():
        return {}
    data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    return {
        name: str((meta or {}).get("title") or "") for name, meta in (data.get("documents") or {}).items()
    }


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ..checks import run_checks
    from ..ingest.pdf import read_pdf

    pdfs = sorted(settings.corpus_dir.glob("*.pdf"))
    if not pdfs:
        raise AssistantError(
            f"No PDF files in {settings.corpus_dir}.",
            "Point ASSISTANT_CORPUS_DIR at the folder with the agreement PDFs.",
        )
    pages = [
        page
        for pdf in pdfs
        for page in read_pdf(
            pdf,
            max_mb=settings.max_pdf_mb,
            max_pages=settings.max_pages,
            max_page_chars=settings.max_page_chars,
        )
    ]
    findings = run_checks(pages, _titles(settings))
    if args.json:
        payload = {"documents": [p.name for p in pdfs], "findings": [f.to_dict() for f in findings]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(f"{len(findings)} fynd i {len(pdfs)} dokument ({settings.corpus_dir}).")
    for number, finding in enumerate(findings, start=1):
        print(f"\n{number}. [{KIND_LABELS.get(finding.kind, finding.kind)}] {finding.message}")
        for c in finding.citations:
            print(f"   - {c.document}, s. {c.page}: ”{c.quote}”")
    return 0
