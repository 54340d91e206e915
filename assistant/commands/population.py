"""`python -m assistant population {list,import}`: show the population table's snapshots, add them from SCB.

Only parses arguments and prints; the work is in `assistant.tools.population_import`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import DataError
from ..settings import Settings


def party_groups(settings: Settings) -> dict[str, list[str]]:
    """Label -> kommunkoder of the municipal parties of each agreement whose costs divide by population.

    `population list` shows each as its own completeness section next to the per-county ones.
    """
    from ..agreements import load_registry

    return {
        f"Avtal {a.id}: {a.label('sv')}": [p.kommunkod for p in a.municipalities()]
        for a in load_registry(settings.corpus_dir).with_cost_model()
        if a.cost_model is not None and a.cost_model.division.kind == "population"
    }


def county_names(settings: Settings) -> dict[str, str]:
    """Länskod -> region name, from the agreement registry and the reference lists ('' when unknown)."""
    from ..agreements import load_registry

    registry = load_registry(settings.corpus_dir)
    return {r.code: r.name for r in registry.reference.regions} | {
        a.county_code: a.region for a in registry.agreements if a.county_code
    }


def _percent(text: str) -> float:
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage (e.g. 35)") from None
    if not 0 < value <= 1000:
        raise argparse.ArgumentTypeError(f"{text!r}: give a percentage above 0, e.g. 35")
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    from ..tools.population import MAX_CHANGE_PERCENT

    parser = subparsers.add_parser(
        "population",
        help="list the population table's snapshots or import an SCB export",
        description="The population table (SCB, per kommunkod) used to split costs between municipalities.",
    )
    actions = parser.add_subparsers(dest="population_command", required=True, metavar="ACTION")
    actions.add_parser("list", help="print each snapshot per county and agreement: date, coverage, total")
    imp = actions.add_parser(
        "import",
        help="add dated snapshots from a CSV exported from SCB's statistical database",
        description="Reads 'Folkmängd efter region och år' (or per quarter) exported as CSV from "
        "statistikdatabasen.scb.se and adds a snapshot per year (YYYY-12-31) for every municipality "
        "in it, any county. The whole file is checked first; the table is written atomically and "
        "left untouched if any row is refused.",
    )
    imp.add_argument("file", type=Path, help="the SCB CSV export")
    imp.add_argument(
        "--force", action="store_true", help="accept figures that change more than --max-change (a real jump)"
    )
    imp.add_argument(
        "--max-change",
        type=_percent,
        default=MAX_CHANGE_PERCENT,
        metavar="PERCENT",
        help="largest change in %% from a municipality's previous snapshot accepted without --force "
        f"(default {MAX_CHANGE_PERCENT})",
    )
    parser.add_argument("--table", type=Path, default=None, help="population table (default: from settings)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ..tools.population import load_population
    from ..tools.population_import import coverage_report, import_scb, known_municipalities

    table_path: Path = args.table or settings.population_path
    if args.population_command == "import":
        result = import_scb(
            args.file,
            table_path,
            force=args.force,
            max_change_percent=args.max_change,
            known=known_municipalities(settings.corpus_dir),
        )
        dates = ", ".join(d.isoformat() for d in result.dates)
        print(
            f"Importerade {dates} till {result.table}: {result.added} nya rader, {result.replaced} ersatta."
        )
        if result.broken:
            print(f"Trasiga rader i den gamla tabellen, som inte finns med i den nya ({result.backup}):")
            for broken in result.broken:
                print(f"  rad {broken.line}: {broken.text!r}: {broken.problem}")
    elif not table_path.exists():
        raise DataError(
            f"There is no population table at {table_path}.",
            "Import an SCB export with 'python -m assistant population import FIL' or set "
            "ASSISTANT_POPULATION_FILE.",
        )
    table = load_population(table_path)
    print(f"Befolkningstabell: {table_path}")
    for line in coverage_report(table, party_groups(settings), county_names(settings)):
        print(line)
    return 0
