"""Print and save an evaluation run: a text table, a Markdown report and a PNG chart.

Ratios compare the project with each baseline (project / baseline): above 1
is better for scores, below 1 is better (faster) for latencies.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .cases import CATEGORIES
from .evaluate import EvalRun, SystemRun
from .runner import LATENCY, METRICS

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


def text_table(run: EvalRun) -> str:
    header, body = rows(run)
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in body)]
    if run.ingest_s is not None:
        out.append(f"ingest (fresh index, {run.chunks} chunks): {run.ingest_s:.1f} s")
    out.append(f"{run.cases} cases, whole run {run.seconds:.0f} s")
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


def markdown(run: EvalRun, chart: str) -> str:
    """The full report: summary, per-category scores, definitions, and the project's failing cases."""
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
    parts += [
        *notes,
        "",
        f"![Resultat per kategori och latens]({chart})",
        "",
        "## Andel helt rätt per kategori",
        "",
        markdown_table(["kategori", *(s.name for s in run.systems)], cat_rows),
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
        "kontrolleras mot PDF:en med `quote_in_text`. Baslinjerna svarar med bästa chunken.",
        "",
        f"## Fall där {project.name} tappar poäng ({len(fails)})",
        "",
        "| id | fråga | problem |",
        "| --- | --- | --- |",
        *fails,
        "",
    ]
    return "\n".join(parts)


def chart(run: EvalRun, path: Path) -> None:
    """Scores by category, headline metrics, and latency, one panel each."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [s.name for s in run.systems]
    colors = ["#1f6f8b", "#e0a458", "#9a9a9a"][: len(names)]
    fig, axes = plt.subplots(1, 3, figsize=(17, 5.2), gridspec_kw={"width_ratios": [6, 9, 4]})
    width = 0.8 / len(names)

    cats = [c for c in CATEGORIES if any(c in s.categories for s in run.systems)]
    sizes = {c: sum(r.case.category == c for r in run.systems[0].results) for c in cats}
    keys = [k for k, _ in METRICS]
    for ax, labels, ticks, getter, title in (
        (
            axes[0],
            cats,
            [f"{c} ({sizes[c]})" for c in cats],
            lambda s, c: s.categories.get(c),
            "Andel helt rätt per kategori (antal frågor)",
        ),
        (axes[1], keys, keys, lambda s, k: s.metrics.get(k), "Mått (– = odefinierat)"),
    ):
        for i, (s, color) in enumerate(zip(run.systems, colors, strict=True)):
            for j, x in enumerate(labels):
                v = getter(s, x)
                xpos = j + (i - (len(names) - 1) / 2) * width
                if v is None:
                    ax.annotate(
                        "–", (xpos, 1), ha="center", va="bottom", fontsize=12, fontweight="bold", color=color
                    )
                else:
                    ax.bar(xpos, v * 100, width, color=color, label=s.name if j == 0 else None)
        ax.set_xticks(range(len(labels)), ticks, rotation=35, ha="right")
        ax.set_ylim(0, 105)
        ax.set_ylabel("%")
        ax.set_title(title)
        ax.grid(axis="y", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=len(names), bbox_to_anchor=(0.5, 0.94), fontsize=9)

    lat = axes[2]
    for i, (s, color) in enumerate(zip(run.systems, colors, strict=True)):
        m = s.metrics
        vals = [m.get("p50_ms") or 0, m.get("p95_ms") or 0, (m.get("cold_start_s") or 0) * 1000]
        xs = [j + (i - (len(names) - 1) / 2) * width for j in range(3)]
        bars = lat.bar(xs, vals, width, label=s.name, color=color)
        for bar, v in zip(bars, vals, strict=True):
            text = f"{v / 1000:.1f} s" if v >= 1000 else (f"{v:.0f}" if v >= 10 else f"{v:.1f}")
            lat.annotate(text, (bar.get_x() + bar.get_width() / 2, v), ha="center", va="bottom", fontsize=7)
    lat.set_yscale("log")
    lat.set_xticks(range(3), ["p50 varm", "p95 varm", "kallstart"])
    lat.set_ylabel("ms (log)")
    lat.set_title("Latens per fråga")
    lat.grid(axis="y", alpha=0.3)
    fig.suptitle(f"Avtalsassistenten: {run.cases} frågor, projektet mot baslinjer", fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 0.9))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def details(run: EvalRun) -> dict:
    """Every case's outcome per system, to see why a figure moved between two runs."""
    return {
        s.name: {
            "metrics": s.metrics,
            "cases": [
                {
                    "id": r.case.id,
                    "correct": r.correct,
                    "problems": r.problems(),
                    "refused": r.refused,
                    "answer": r.answer.answer[:600] if r.answer else None,
                    "result": r.answer.calculation.result if r.answer and r.answer.calculation else None,
                    "cited": [f"{d} p.{p}" for d, p in r.cited_pages],
                    "ranked": [f"{d} p.{p}" for d, p in r.ranked],
                    "ms": round(r.seconds * 1000, 1),
                }
                for r in s.results
            ],
        }
        for s in run.systems
    }


def save(run: EvalRun, out_dir: Path) -> tuple[Path, Path]:
    """Write eval.md, eval.png and eval.json (per-case details) into out_dir; returns the first two."""
    out_dir.mkdir(parents=True, exist_ok=True)
    png = out_dir / "eval.png"
    chart(run, png)
    md = out_dir / "eval.md"
    md.write_text(markdown(run, png.name), encoding="utf-8")
    data = json.dumps(details(run), ensure_ascii=False, indent=1)
    (out_dir / "eval.json").write_text(data, encoding="utf-8")
    return md, png
