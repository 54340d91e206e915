"""`python -m assistant eval`: run the known questions, print the table, save report and chart."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..settings import PROJECT_ROOT, Settings

REPORTS_DIR = PROJECT_ROOT / "evals" / "reports"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "eval",
        help="measure answers, citations, refusals and latency on evals/questions.yaml",
        description="Evaluate the assistant (and two baselines) on the known questions.",
    )
    p.add_argument(
        "--gate",
        action="store_true",
        help="exit 1 when, on the test split, citation validity or numeric exactness < 100 %% "
        "or recall@5 < the floor (evals/thresholds.yaml)",
    )
    p.add_argument("--no-baselines", action="store_true", help="evaluate only this project's pipeline")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N questions")
    p.add_argument("--only", metavar="TEXT", help="only cases whose id or category contains TEXT")
    p.add_argument(
        "--split",
        choices=("dev", "test"),
        help="only one split's cases (tune on dev: the test split stays unread while tuning)",
    )
    p.add_argument("--questions", type=Path, help="question file (default evals/questions.yaml)")
    p.add_argument("--out", type=Path, default=REPORTS_DIR, help="report folder (default evals/reports)")
    p.add_argument(
        "--reuse-index",
        action="store_true",
        help="use ASSISTANT_INDEX_DIR as it is instead of ingesting into a fresh temporary index",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ..evaluation import gate, report
    from ..evaluation.cases import QUESTIONS_FILE, complete_dialogues, load_cases
    from ..evaluation.evaluate import run_eval

    everything = load_cases(args.questions or QUESTIONS_FILE).cases
    cases = list(everything)
    if args.only:
        cases = [c for c in cases if args.only in c.id or args.only == c.category]
    if args.split:
        cases = [c for c in cases if c.split == args.split]
    if args.limit:
        cases = cases[: args.limit]
    cases = complete_dialogues(cases, everything)  # a follow-up is asked after the turns before it
    if not cases:
        print("Inga frågor valda; kontrollera --only/--limit.")
        return 2
    floors, goals = gate.load_thresholds(), gate.load_targets()
    result = run_eval(settings, cases, baselines=not args.no_baselines, reuse_index=args.reuse_index)
    print(report.text_table(result, goals, floors))
    md, png = report.save(result, args.out, goals, floors)
    print(f"\nRapport: {md}\nDiagram: {png}")
    if not args.gate:
        return 0
    tested = sum(c.split == gate.GATE_SPLIT for c in cases)
    print(f"GATE: floors on the {gate.GATE_SPLIT} split ({tested} cases)")
    failures = gate.check(result.systems[0].splits.get(gate.GATE_SPLIT, {}), floors)
    for f in failures:
        print(f"GATE: {f}")
    print("GATE: ok" if not failures else "GATE: failed")
    return 1 if failures else 0
