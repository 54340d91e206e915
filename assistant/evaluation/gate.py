"""The quality gate CI applies to an evaluation run, and the goals it reports without failing.

`evals/thresholds.yaml` holds two mappings, both read on the frozen `test` split:
`floors`, which the gate fails below (citation validity and exactness of every
figure given, 100 %: a quote that is not on its page, or a wrong amount, is never acceptable;
retrieval recall@5 at the figure reached when it was last raised), and
`targets`, goals shown as met or not met that never fail the gate. An older file
with only `minimum:` is read as floors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..settings import PROJECT_ROOT

THRESHOLDS_FILE = PROJECT_ROOT / "evals" / "thresholds.yaml"
GATE_SPLIT = "test"
"""The split the gate and the targets are read on (dev is tuned on, so it would flatter)."""


@dataclass(frozen=True)
class Target:
    """One goal and how the run did against it."""

    name: str
    goal: float
    value: float | None
    """None when nothing was measured (counts as not met)."""

    @property
    def met(self) -> bool:
        return self.value is not None and self.value + 1e-9 >= self.goal


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(
            f"Cannot read the gate thresholds in {path} ({exc}).", "Check the path and the YAML."
        ) from exc
    if not isinstance(data, dict):
        raise DataError(f"{path} must be a mapping.", "It needs 'floors:' and may have 'targets:'.")
    return data


def _numbers(path: Path, data: dict[str, Any], key: str) -> dict[str, float]:
    raw = data.get(key) or {}
    try:
        return {str(k): float(v) for k, v in raw.items()}
    except (AttributeError, TypeError, ValueError) as exc:
        raise DataError(
            f"Cannot read '{key}' in {path} ({exc}).",
            f"'{key}:' must map metric names to numbers, e.g. 'recall@5: 0.9'.",
        ) from exc


def load_thresholds(path: Path = THRESHOLDS_FILE) -> dict[str, float]:
    """The floors {metric: minimum}; raises DataError naming the file when it is unreadable."""
    data = _read(path)
    floors = _numbers(path, data, "floors" if "floors" in data else "minimum")
    if not floors:
        raise DataError(
            f"{path} has no floors for the gate.", "It needs a 'floors:' mapping such as 'recall@5: 0.9'."
        )
    return floors


def load_targets(path: Path = THRESHOLDS_FILE) -> dict[str, float]:
    """The targets {metric: goal} (empty when the file has none)."""
    return _numbers(path, _read(path), "targets")


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


def targets(metrics: dict[str, float | None], goals: dict[str, float]) -> list[Target]:
    """Each goal with the measured value, in the order of the file."""
    return [Target(name, goal, metrics.get(name)) for name, goal in goals.items()]
