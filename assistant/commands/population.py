"""`python -m assistant population {list,import}`: show the population table's snapshots, add one from SCB.

Only parses arguments and prints; the work is in `assistant.tools.population`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..settings import Settings


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "population",
        help="list the population table's snapshots or import an SCB export",
        description="The population table (SCB) used to split an agreement's costs between its "
        "municipalities.",
    )
    actions = parser.add_subparsers(dest="population_command", required=True, metavar="ACTION")
    actions.add_parser("list", help="print each snapshot: date, coverage, total, source")
    imp = actions.add_parser(
        "import",
        help="add dated snapshots from a CSV exported from SCB's statistical database",
        description="Reads 'Folkmängd efter region och år' (or per quarter) exported as CSV from "
        "statistikdatabasen.scb.se and adds a snapshot per year (YYYY-12-31). The table is written "
        "atomically and left untouched if the file cannot be read.",
    )
    imp.add_argument("file", type=Path, help="the SCB CSV export")
    parser.add_argument("--table", type=Path, default=None, help="population table (default: from settings)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ..agreements import load_registry
    from ..tools.population import describe, import_scb, load_population

    table_path: Path = args.table or settings.population_path
    registry = load_registry(settings.corpus_dir)
    names = [
        p.name
        for a in registry.with_cost_model()
        if a.cost_model is not None and a.cost_model.division.kind == "population"
        for p in a.municipalities()
    ]
    if args.population_command == "import":
        result = import_scb(args.file, table_path)
        dates = ", ".join(d.isoformat() for d in result.dates)
        print(
            f"Importerade {dates} till {result.table}: {result.added} nya rader, {result.replaced} ersatta."
        )
    table = load_population(table_path)
    print(f"Befolkningstabell: {table_path}")
    for snapshot in table.snapshots():
        print(describe(snapshot, names))
    return 0
