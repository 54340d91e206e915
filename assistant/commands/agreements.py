"""`python -m assistant agreements {list,check}`: the agreement registry, and proof that its data holds.

Only parses arguments and prints; the work is in `assistant.agreements`.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..settings import Settings


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "agreements",
        help="list the agreement registry or check it against the PDFs and the population table",
        description="The agreements declared in corpus/agreements/*.yaml: regions, parties, validity and "
        "cost models. 'check' proves every quote is on its page, codes and shares are consistent, cost "
        "years lie inside the term and the population table covers them; it exits 1 with the fix "
        "when anything fails.",
    )
    actions = parser.add_subparsers(dest="agreements_command", required=True, metavar="ACTION")
    actions.add_parser("list", help="one line per agreement: id, region, parties, cost model, documents")
    check = actions.add_parser("check", help="check every agreement; exit 1 with the fix on any error")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ..agreements import load_registry
    from ..agreements.check import check_registry

    registry = load_registry(settings.corpus_dir)
    if args.agreements_command == "list":
        for a in registry.agreements:
            model = a.cost_model.base.kind if a.cost_model else "ingen kostnadsmodell"
            years = f" {a.cost_model.years.start}–{a.cost_model.years.end}" if a.cost_model else ""
            print(
                f"{a.id}: {a.region} ({a.kind}), {len(a.municipalities())} kommuner, {model}{years}; "
                f"{', '.join(a.documents)}"
            )
        for problem in registry.problems:
            print(f"FEL: {problem}")
        return 1 if registry.problems else 0
    report = check_registry(registry, settings.population_path, max_pdf_mb=settings.max_pdf_mb)
    if args.json:
        data: dict[str, Any] = {
            "ok": report.ok,
            "agreements": [a.id for a in registry.agreements],
            "quotes_checked": report.checked,
            "errors": report.errors,
            "warnings": report.warnings,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for error in report.errors:
            print(f"FEL: {error}")
        for warning in report.warnings:
            print(f"OBS: {warning}")
        verdict = "ok" if report.ok else f"{len(report.errors)} fel"
        print(
            f"{len(registry.agreements)} avtal, {report.checked} citat kontrollerade mot sina sidor: "
            f"{verdict}"
            f" ({len(report.warnings)} observationer)."
        )
    return 0 if report.ok else 1
