"""The PNG chart of an evaluation run: scores by category, headline metrics and latency."""

from __future__ import annotations

from pathlib import Path

from .cases import CATEGORIES
from .evaluate import EvalRun
from .summary import METRICS


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
