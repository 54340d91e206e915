"""CLI subcommands. Each module exposes `add_parser(subparsers)` and `run(args, settings) -> int`.

`assistant.cli` registers every module named in COMMANDS, in this order, so a
feature can bring its own subcommand without touching the argument parser.
"""

COMMANDS = ("ingest", "ask", "population", "check", "agreements", "eval")
