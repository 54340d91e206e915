"""`python -m assistant ingest [PATH ...]`: build or update the index, with a progress bar."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="index the agreement PDFs (default: the corpus folder)")
    p.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="PDF files or folders (default: corpus/)"
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="let a file from outside the corpus replace the indexed agreement of the same name",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from ..ingest.pipeline import ingest

    bar = tqdm(total=0, unit="pdf", file=sys.stderr, disable=not sys.stderr.isatty())

    def progress(done: int, total: int, name: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_description(name[:40])
        bar.refresh()

    report = ingest(settings, args.paths or None, progress=progress, replace=args.replace)
    bar.close()
    print(
        f"Index {settings.index_dir} (build {report.build}): {report.chunks} passages, "
        f"{len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed; {report.embedded} embedded in {report.seconds:.1f} s."
    )
    _missing_agreements(settings)
    for name, twin in report.duplicates:
        print(f"Skipped {name}: identical to {twin}, already indexed.")
    for _name, message in report.failed:
        print(f"Fel: {message}", file=sys.stderr)
    if report.failed:
        handled = report.added or report.updated or report.unchanged or report.duplicates
        rest = "; the others were indexed" if handled else ""
        print(f"{len(report.failed)} file(s) failed{rest}.", file=sys.stderr)
        return 1
    return 0


def _missing_agreements(settings: Settings) -> None:
    """Name each corpus PDF that no agreement file declares, and how to add one."""
    from ..agreements import load_registry
    from ..ingest.pipeline import corpus_pdfs

    registry = load_registry(settings.corpus_dir)
    for problem in registry.problems:
        print(f"Fel i avtalsregistret: {problem}", file=sys.stderr)
    declared = {d for a in registry.agreements for d in a.documents}
    for pdf in corpus_pdfs(settings.corpus_dir):
        if pdf.name not in declared:
            print(
                f"Obs: {pdf.name} är indexerad, men inget avtal i corpus/agreements/ anger dess region, "
                "parter, giltighet eller kostnader. Lägg till en avtalsfil (docs/adding-an-agreement.md) "
                "och kör 'python -m assistant agreements check'."
            )
