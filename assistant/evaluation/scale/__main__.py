"""`python -m assistant.evaluation.scale --sizes 10 100 1000 [--backends embedded server]`.

A manual benchmark (not run in CI): prints the growth table and writes it to
evals/reports/scale.md. `--reuse DIR` measures only the cold start, on the indexes a
full run with `--workdir DIR` left (seconds instead of the ingest's hour), and prints
its table.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from ...settings import PROJECT_ROOT
from .bench import RAW_SAMPLE, Measurement, ingest_worker, measure, ratio, serve_worker
from .cold import cold_worker, measure_cold, render_cold
from .generate import generate

DEFAULT_OUT = PROJECT_ROOT / "evals" / "reports" / "scale.md"
COLUMNS = (
    ("backend", "Chroma", lambda m: m.backend),
    ("size", "dokument", lambda m: str(m.figures["size"])),
    ("chunks", "chunks", lambda m: str(m.figures["chunks"])),
    ("ingest", "ingest", lambda m: f"{m.figures['ingest_s']:.1f} s"),
    ("per_doc", "ingest/dok", lambda m: f"{m.figures['ingest_s'] / m.figures['size'] * 1000:.0f} ms"),
    ("index", "index på disk", lambda m: mb(m.figures["index_bytes"])),
    ("rss", "RSS", lambda m: mb(m.figures["rss_bytes"])),
    ("peak", "topp-RSS", lambda m: mb(m.figures["peak_rss_bytes"])),
    ("server", "server-RSS", lambda m: mb(m.figures.get("server_rss_bytes"))),
    ("ratio", "ingest/rå e5", lambda m: f"{ratio(m.figures):.2f}"),
    ("load", "laddning", lambda m: f"{m.figures['load_s']:.2f} s"),
    ("cold", "kallstart", lambda m: f"{m.figures['cold_s']:.2f} s"),
    ("r50", "sökning p50", lambda m: f"{m.figures['retrieve_p50_ms']:.0f} ms"),
    ("r95", "sökning p95", lambda m: f"{m.figures['retrieve_p95_ms']:.0f} ms"),
    ("a50", "fråga p50", lambda m: f"{m.figures['ask_p50_ms']:.0f} ms"),
    ("a95", "fråga p95", lambda m: f"{m.figures['ask_p95_ms']:.0f} ms"),
    ("hit", "träff@5", lambda m: f"{m.figures['hit_at_5'] * 100:.0f} %"),
)


def mb(n: int | None) -> str:
    return "–" if n is None else f"{n / 1024 / 1024:.0f} MB"


def table(rows: list[Measurement]) -> tuple[list[str], list[list[str]]]:
    return [c[1] for c in COLUMNS], [[c[2](m) for c in COLUMNS] for m in rows]


def render_text(rows: list[Measurement]) -> str:
    header, body = table(rows)
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in [header, *body])


ABOUT = """\
Syntetiska samverkansavtal (svenska klausuler, parter, datum och en tabell med belopp;
ungefär två sidor var). Varje storlek får ett nytt index; ingest körs i en ny process, frågorna
i en andra, ny process. 'server' är `chroma run` på 127.0.0.1, startad och stoppad av testet;
dess data räknas in i indexstorleken. Ingest/rå e5 = ingestens chunks per sekund delat med
inbäddarens egna chunks per sekund på {raw} av samma passager, mätt i samma process direkt
efter ingesten (1,00 = ingesten kostar bara inbäddningen). Laddning = `Assistant()`; kallstart =
från att processen startas till första svaret (tolk, importer, laddning och en första fråga).
Sökning = `Assistant.retrieve` (hybrid BM25 + vektorer), fråga = `Assistant.ask`, båda varma,
{queries} frågor per storlek. Träff@5 = andelen frågor om ett visst avtals minimidebitering där
avtalet finns bland de fem första träffarna."""


def render_markdown(rows: list[Measurement], args: argparse.Namespace, seconds: float) -> str:
    header, body = table(rows)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" ---: " for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    command = f"python -m assistant.evaluation.scale --sizes {' '.join(map(str, args.sizes))}"
    command += f" --backends {' '.join(args.backends)}"
    import psutil

    machine = f"Python {platform.python_version()}, {psutil.cpu_count()} kärnor"
    machine += f", {mb(psutil.virtual_memory().total)} RAM; hela körningen {seconds / 60:.0f} min"
    when = time.strftime("%Y-%m-%d %H:%M")
    intro = f"Körd {when} med `{command}` ({machine})."
    return "\n".join(
        ["# Skalningstest", "", intro, "", ABOUT.format(queries=args.queries, raw=RAW_SAMPLE), "", *lines, ""]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.evaluation.scale", description=__doc__)
    sub = parser.add_subparsers(dest="mode")
    w = sub.add_parser("worker", help=argparse.SUPPRESS)
    w.add_argument("--phase", choices=("ingest", "serve", "cold"), required=True)
    w.add_argument("--corpus", type=Path, required=True)
    w.add_argument("--index", type=Path, required=True)
    w.add_argument("--size", type=int, required=True)
    w.add_argument("--queries", type=int, default=20)
    w.add_argument("--chroma-host", default="")
    w.add_argument("--chroma-port", type=int, default=8000)
    w.add_argument("--spawned-at", type=float, help="the parent's clock when it started this process")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument(
        "--backends", nargs="+", choices=("embedded", "server"), default=["embedded", "server"]
    )
    parser.add_argument("--queries", type=int, default=20, help="warm questions per size (default 20)")
    parser.add_argument("--workdir", type=Path, help="where corpus and indexes go (default: a temp folder)")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="Markdown report (default evals/reports)"
    )
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="DIR",
        help="only measure cold start (embedded), on DIR/corpus and DIR/index-embedded-N left by a "
        "full run with --workdir DIR; prints a table, writes no report",
    )
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per size with --reuse (median)")
    args = parser.parse_args(argv)

    if args.mode == "worker":
        if args.phase == "cold":
            figures = cold_worker(args.corpus, args.index, args.size, args.spawned_at or time.time())
        elif args.phase == "ingest":
            figures = ingest_worker(args.corpus, args.index, args.size, args.chroma_host, args.chroma_port)
        else:
            figures = serve_worker(
                args.corpus,
                args.index,
                args.size,
                args.queries,
                args.chroma_host,
                args.chroma_port,
                args.spawned_at,
            )
        print(json.dumps(figures))
        return 0

    if args.reuse is not None:
        cold = measure_cold(args.reuse, sorted(args.sizes), args.runs, log=lambda s: print(s, flush=True))
        print(render_cold(cold))
        return 0

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="avtal-scale-") as tmp:
        workdir = args.workdir or Path(tmp)
        corpus = workdir / "corpus"
        print(f"Genererar {max(args.sizes)} avtal i {corpus} ...", flush=True)
        generate(corpus, max(args.sizes))
        rows = measure(
            corpus,
            workdir,
            sorted(args.sizes),
            args.backends,
            args.queries,
            log=lambda s: print(s, flush=True),
        )
    seconds = time.perf_counter() - started
    print(render_text(rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_markdown(rows, args, seconds), encoding="utf-8")
    print(f"\nRapport: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
