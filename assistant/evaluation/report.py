"""Print and save an evaluation run: a text table, a Markdown report and a PNG chart.

Ratios compare the project with each baseline (project / baseline): above 1
is better for scores, below 1 is better (faster) for latencies.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from . import gate
from .cases import CATEGORIES
from .chart import chart
from .evaluate import EvalRun, SystemRun
from .summary import LATENCY, METRICS, SPLIT_NAMES

PERCENT = {name for name, _ in METRICS}


def fmt(name: str, value: float | None) -> str:
    """A metric value as shown in tables: scores in %, latencies in ms or s."""
    if value is None:
        return "–"
    if name == "mrr":
        return f"{value:.3f}"
    if name in PERCENT:
        return f"{value * 100:.1f} %"
    if name.endswith("_s"):
        return f"{value:.1f} s"
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def rows(run: EvalRun) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the summary table: each metric for every system, then the ratios."""
    names = [s.name for s in run.systems]
    project, baselines = run.systems[0], run.systems[1:]
    header = ["mått", *names, *(f"{project.name}/{b.name}" for b in baselines)]
    body = []
    for key, _label in (*METRICS, *LATENCY):
        values = [s.metrics.get(key) for s in run.systems]
        body.append(
            [
                key,
                *(fmt(key, v) for v in values),
                *(ratio(project.metrics.get(key), b.metrics.get(key)) for b in baselines),
            ]
        )
    return header, body


def split_rows(run: EvalRun) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the dev/test table: each metric for every system and split, side by side."""
    header = ["mått", *(f"{s.name} {split}" for s in run.systems for split in SPLIT_NAMES)]
    body = [
        [key, *(fmt(key, s.splits.get(split, {}).get(key)) for s in run.systems for split in SPLIT_NAMES)]
        for key, _label in METRICS
    ]
    return header, body


def split_sizes(system: SystemRun) -> dict[str, int]:
    return {split: sum(r.case.split == split for r in system.results) for split in SPLIT_NAMES}


def target_rows(run: EvalRun, goals: dict[str, float], floors: dict[str, float]) -> list[list[str]]:
    """The floors (gate) and the targets (goals) against the project's test split."""
    test = run.systems[0].splits.get(gate.GATE_SPLIT, {})
    out = []
    for kind, wanted in (("golv (gate)", floors), ("mål", goals)):
        for t in gate.targets(test, wanted):
            out.append(
                [
                    t.name,
                    kind,
                    fmt(t.name, t.goal),
                    fmt(t.name, t.value),
                    "uppfyllt" if t.met else "ej uppfyllt",
                ]
            )
    return out


def plain_table(header: list[str], body: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in body)])


def text_table(
    run: EvalRun, goals: dict[str, float] | None = None, floors: dict[str, float] | None = None
) -> str:
    """All cases per system, then dev and test side by side, then floors and targets on test."""
    out = [plain_table(*rows(run))]
    if run.ingest_s is not None:
        out.append(f"ingest (fresh index, {run.chunks} chunks): {run.ingest_s:.1f} s")
    sizes = split_sizes(run.systems[0])
    out += [
        "",
        f"dev ({sizes['dev']} cases) and test ({sizes['test']} cases):",
        plain_table(*split_rows(run)),
    ]
    if goals is not None and floors is not None:
        out += ["", plain_table(["mått", "slag", "krav", "test", ""], target_rows(run, goals, floors))]
    notes = [f"{s.name}: {s.note}" for s in run.systems if s.note]
    out += ["", *notes, f"{run.cases} cases, whole run {run.seconds:.0f} s"]
    return "\n".join(out)


def markdown_table(header: list[str], body: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(lines)


def failures(system: SystemRun, limit: int = 200) -> list[str]:
    out = []
    for r in system.results:
        problems = r.problems()
        if problems:
            q = r.case.question if len(r.case.question) <= 130 else "… " + r.case.question[-100:]
            out.append(f"| `{r.case.id}` | {q.replace('|', '/')} | {'; '.join(problems).replace('|', '/')} |")
    return out[:limit]


def markdown(
    run: EvalRun, chart: str, goals: dict[str, float] | None = None, floors: dict[str, float] | None = None
) -> str:
    """The full report: summary, dev/test, targets, per-category scores, definitions, failing cases."""
    header, body = rows(run)
    labels = dict((*METRICS, *LATENCY))
    cats = [c for c in CATEGORIES if any(c in s.categories for s in run.systems)]
    cat_rows = [[c, *(fmt("correct", s.categories.get(c)) for s in run.systems)] for c in cats]
    project = run.systems[0]
    fails = failures(project)
    parts = [
        "# Utvärdering av Avtalsassistenten",
        "",
        f"Körd {dt.datetime.now():%Y-%m-%d %H:%M} med `python -m assistant eval` på {run.cases} frågor "
        "(`evals/questions.yaml`).",
        "",
        "## Sammanfattning",
        "",
        markdown_table(header, body),
        "",
    ]
    if run.ingest_s is not None:
        parts += [f"Ingest av korpusen till ett nytt index: {run.ingest_s:.1f} s ({run.chunks} chunks).", ""]
    notes = [f"- {s.name}: {s.note}" for s in run.systems if s.note]
    sizes = split_sizes(project)
    split_cat_rows = [
        [
            c,
            *(
                fmt("correct", s.split_categories.get(split, {}).get(c))
                for s in run.systems
                for split in SPLIT_NAMES
            ),
        ]
        for c in cats
    ]
    parts += [
        *notes,
        "",
        f"![Resultat per kategori och latens]({chart})",
        "",
        "## Dev och test sida vid sida",
        "",
        f"`dev` ({sizes['dev']} fall) används för att trimma; `test` ({sizes['test']} fall) är fryst och är "
        "det CI-grinden läser. En dialogtur räknas som ett fall.",
        "",
        markdown_table(*split_rows(run)),
        "",
    ]
    if goals is not None and floors is not None:
        parts += [
            f"## Golv och mål på test ({project.name})",
            "",
            "Under ett golv fäller grinden (`eval --gate`); målen visas bara som uppfyllda eller inte "
            "(`evals/thresholds.yaml`).",
            "",
            markdown_table(["mått", "slag", "krav", "test", ""], target_rows(run, goals, floors)),
            "",
        ]
    parts += [
        "## Andel helt rätt per kategori",
        "",
        markdown_table(["kategori", *(s.name for s in run.systems)], cat_rows),
        "",
        "### Per split",
        "",
        markdown_table(
            ["kategori", *(f"{s.name} {split}" for s in run.systems for split in SPLIT_NAMES)], split_cat_rows
        ),
        "",
        "## Mått",
        "",
    ]
    parts += [f"- **{k}**: {v}" for k, v in labels.items()]
    parts += [
        "",
        "Kvoterna är projekt / baslinje: över 1 är bättre för andelar, under 1 är snabbare för tider. ",
        "Projektets kallstart är `python -m assistant ask --json` i en ny process.",
        "Recall@k räknar andelen guldsidor bland de k första träffarna (av högst k); citeringsgiltighet",
        "kontrolleras mot PDF:en med `quote_in_text`. Baslinjerna svarar med bästa chunken och bortser",
        "från historiken. En dialogs senare turer ställs med de tidigare svaren som `history`, och söks",
        "med den fristående fråga systemet säger att det besvarade (`asked_as`) när det anger en.",
        "Saknas-precisionen räknar vägranden på saknas-fall och besvarbara fall (inte vagran).",
        "",
        f"## Fall där {project.name} tappar poäng ({len(fails)})",
        "",
        "| id | fråga | problem |",
        "| --- | --- | --- |",
        *fails,
        "",
    ]
    return "\n".join(parts)


def details(run: EvalRun) -> dict:
    """Every case's outcome per system, to see why a figure moved between two runs."""
    return {
        s.name: {
            "metrics": s.metrics,
            "splits": s.splits,
            "cases": [
                {
                    "id": r.case.id,
                    "split": r.case.split,
                    "category": r.case.category,
                    "group": r.case.group or None,
                    "correct": r.correct,
                    "problems": r.problems(),
                    "refused": r.refused,
                    "answer": r.answer.answer[:600] if r.answer else None,
                    "result": r.answer.calculation.result if r.answer and r.answer.calculation else None,
                    "asked_as": r.answer.asked_as if r.answer else None,
                    "cited": [f"{d} p.{p}" for d, p in r.cited_pages],
                    "ranked": [f"{d} p.{p}" for d, p in r.ranked],
                    "ms": round(r.seconds * 1000, 1),
                }
                for r in s.results
            ],
        }
        for s in run.systems
    }


def save(
    run: EvalRun, out_dir: Path, goals: dict[str, float] | None = None, floors: dict[str, float] | None = None
) -> tuple[Path, Path]:
    """Write eval.md, eval.png and eval.json (per-case details) into out_dir; returns the first two."""
    out_dir.mkdir(parents=True, exist_ok=True)
    png = out_dir / "eval.png"
    chart(run, png)
    md = out_dir / "eval.md"
    md.write_text(markdown(run, png.name, goals, floors), encoding="utf-8")
    data = json.dumps(details(run), ensure_ascii=False, indent=1)
    (out_dir / "eval.json").write_text(data, encoding="utf-8")
    return md, png
