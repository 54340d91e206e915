"""A shown formula must be true: when largest-remainder rounding moves an amount, the step says so."""

import datetime
import re

import pytest

from assistant.agreements import load_registry
from assistant.question import parse
from assistant.settings import Settings
from assistant.tools.numbers import parse_number
from assistant.tools.router import route as route_parsed


def route(text: str, settings: Settings, *, today):  # type: ignore[no-untyped-def]
    """Parse once, then route: what `Assistant.ask` does before its other handlers."""
    registry = load_registry(settings.corpus_dir)
    return route_parsed(parse(text, registry, today), registry, settings)


MUNICIPALITIES = ["Ånge", "Timrå", "Härnösand", "Sundsvall", "Kramfors", "Sollefteå", "Örnsköldsvik"]
_FORMULA = re.compile(
    r"([\d ]+) kr × (\d+) % × ([\d ]+) / ([\d ]+) = ([\d ,]+) kr(, avrundat till ([\d ]+) kr)?"
)


@pytest.mark.parametrize("year", [2025, 2026])
@pytest.mark.parametrize("name", MUNICIPALITIES)
def test_municipality_formula_is_true_as_shown(name, year):
    answer = route(f"Vad betalar {name} {year}?", Settings(), today=datetime.date(2026, 11, 22))
    step = answer.calculation.steps[-1]
    m = _FORMULA.search(step)
    assert m, step
    base, pct, pop, total = (parse_number(g) for g in m.group(1, 2, 3, 4))
    exact = base * pct / 100 * pop / total
    shown = parse_number(m.group(5))
    if m.group(6):  # the rounding is stated: the exact value is shown, then the amount paid
        assert abs(shown - exact) < 0.01
        assert parse_number(m.group(7)) == answer.calculation.result != round(exact)
    else:
        assert shown == round(exact) == answer.calculation.result
