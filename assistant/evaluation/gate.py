"""The quality gate CI applies to an evaluation run.

Citation validity and numeric exactness must be 100 %: a quote that is not on
its page, or a wrong amount, is never acceptable. Retrieval recall@5 must not
drop below the floor recorded in `evals/thresholds.yaml` (the figure reached
when it was last raised, rounded down).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import DataError
from ..settings import PROJECT_ROOT

THRESHOLDS_FILE = PROJECT_ROOT / "evals" / "thresholds.yaml"


def load_thresholds(path: Path = THRESHOLDS_FILE) -> dict[str, float]:
    """{metric: minimum}; raises DataError naming the file when it is unreadable."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return {str(k): float(v) for k, v in data["minimum"].items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise DataError(
            f"Cannot read the gate thresholds in {path} ({exc}).",
            "It needs a 'minimum:' mapping such as 'recall@5: 0.9'.",
        ) from exc


def check(metrics: dict[str, float | None], thresholds: dict[str, float]) -> list[str]:
    """Human-readable failures (empty when the gate passes). A missing figure fails."""
    failures = []
    for name, floor in thresholds.items():
        value = metrics.get(name)
        if value is None:
            failures.append(f"{name}: no figure (nothing measured), minimum {floor:.3f}")
        elif value + 1e-9 < floor:
            failures.append(f"{name}: {value:.3f} is below the minimum {floor:.3f}")
    return failures
