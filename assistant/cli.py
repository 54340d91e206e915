"""Command line: `python -m assistant {ingest,ask,population,check,eval} ...`. Only parses arguments."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from .commands import COMMANDS
from .errors import AssistantError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="Avtalsassistenten: cited answers about Lifecare SP agreements.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f".commands.{name}", __package__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.commands.{name}":
                raise
            continue  # a subcommand not built yet
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    from pydantic import ValidationError

    from .settings import Settings

    try:
        settings = Settings()
        return int(args.run(args, settings) or 0)
    except ValidationError as exc:
        fields = ", ".join(f"ASSISTANT_{'_'.join(map(str, e['loc'])).upper()}" for e in exc.errors())
        print(f"Fel: ogiltig inställning: {fields}.", file=sys.stderr)
        for e in exc.errors():
            print(f"  {'.'.join(map(str, e['loc']))}: {e['msg']}", file=sys.stderr)
        print("Rätta eller ta bort variabeln och försök igen.", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # output piped into e.g. `head`, which stopped reading: not an error
        sys.stderr.close()
        return 0
    except AssistantError as exc:
        print(f"Fel: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(exc.hint, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 130
