"""`python -m assistant ask [--json] [--batch FILE] "FRÅGA"`: answers with sources."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import AssistantError
from ..settings import Settings
from ..types import Answer


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="answer a question (builds the index first if it is missing)")
    p.add_argument("question", nargs="?", help="the question, in Swedish or English")
    p.add_argument("--json", action="store_true", help="print one JSON object (per question) on stdout")
    p.add_argument(
        "--batch", type=Path, metavar="FILE", help="one question per line; answers in the same order"
    )
    p.add_argument(
        "--conversation",
        action="store_true",
        help="with --batch: consecutive lines are one conversation (follow-ups such as 'och 2027?' "
        "are resolved against the earlier lines); a blank line starts a new conversation",
    )
    p.set_defaults(run=run)


def render(answer: Answer) -> str:
    """Readable text for a terminal: the answer, then numbered sources."""
    out = [answer.answer]
    calc = answer.calculation
    if calc is not None:
        out.append("")
        out.append("Beräkning:" if answer.language == "sv" else "Calculation:")
        out.extend(f"  {s}" for s in calc.steps)
        for a in calc.assumptions:
            out.append(f"  * {a}")
    if answer.citations:
        out.append("")
        out.append("Källor:" if answer.language == "sv" else "Sources:")
        for n, c in enumerate(answer.citations, start=1):
            note = f" ({c.note})" if c.note else ""
            out.append(f"  [{n}] {c.document}, s. {c.page}{note}")
    if answer.refused and answer.closest:
        out.append("")
        out.append("Närmaste avsnitt:" if answer.language == "sv" else "Closest passages:")
        for c in answer.closest:
            out.append(f"  - {c.document}, s. {c.page}: «{' '.join(c.quote.split())[:200]}»")
    label = "Note:" if answer.language == "en" else "Observera:"
    for note in answer.notes:
        # inconsistency notes already start with their label ("Observera: ..."); others get it once
        out.append(note if note.startswith(("Observera:", "Note:")) else f"{label} {note}")
    out.append("")
    out.append(f"{'Answered by' if answer.language == 'en' else 'Svarat av'}: {engine_label(answer)}")
    return "\n".join(out)


def engine_label(answer: Answer) -> str:
    """'extractive (quotes from the agreements)' or the chat model string, for a reader."""
    return answer.engine_label()


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.batch is None and not args.question:
        print(
            'Fel: ingen fråga. Skriv t.ex.: python -m assistant ask "När faktureras kommunerna?"',
            file=sys.stderr,
        )
        return 2
    if args.batch is not None:
        try:
            questions = args.batch.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise AssistantError(
                f"Could not read {args.batch} ({exc}).", "Give a UTF-8 text file, one question per line."
            ) from exc
        if not args.conversation:
            questions = [q for q in questions if q.strip()]
    else:
        questions = [args.question]

    from ..service import Assistant

    assistant = Assistant(settings)  # models and index load once for the whole batch
    history: list[Answer] = []
    for question in questions:
        if args.conversation and args.batch is not None and not question.strip():
            history = []  # a blank line starts a new conversation
            continue
        answer = assistant.ask(question, history=history) if args.conversation else assistant.ask(question)
        history.append(answer)
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        else:
            if len(questions) > 1:
                asked = f" ({answer.asked_as})" if answer.asked_as and answer.asked_as != question else ""
                print(f"\n## {question}{asked}")
            print(render(answer))
    return 0
