"""Swedish number format: parsing, formatting, exact rounding and largest-remainder splits."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.tools.numbers import (
    format_kr,
    format_number,
    format_percent,
    largest_remainder,
    parse_number,
    round_kr,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2 408 080", Decimal("2408080")),
        ("2\u00a0408\u00a0080 kr", Decimal("2408080")),
        ("45 103,50 kr", Decimal("45103.50")),
        ("3,74 %", Decimal("3.74")),
        ("2,5 %", Decimal("2.5")),
        ("75%", Decimal("75")),
        ("0.589", Decimal("0.589")),
        ("26 356 000 SEK", Decimal("26356000")),
        ("615 312 kronor", Decimal("615312")),
        ("2.408.080", Decimal("2408080")),
        ("−12", Decimal("-12")),
    ],
)
def test_parse(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "kr", "12 34"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_format_examples_use_plain_spaces() -> None:
    assert format_number(2408080) == "2 408 080"
    assert format_kr(Decimal("45103.5"), 2) == "45 103,50 kr"
    assert format_kr(Fraction(901, 2)) == "451 kr"  # 450,5 rounds half up
    assert format_percent(Decimal("3.74")) == "3,74 %"
    assert format_percent(Decimal("2.50")) == "2,5 %"
    assert format_percent(50) == "50 %"
    assert "\u00a0" not in format_kr(1_000_000)


def test_round_kr_is_half_up() -> None:
    assert round_kr(Fraction(5, 2)) == 3
    assert round_kr(Fraction(49, 10)) == 5
    assert round_kr(Fraction(-5, 2)) == -3
    assert round_kr(Decimal("45102.49")) == 45102


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_round_trip_two_decimals(value: Decimal) -> None:
    assert parse_number(format_number(value, 2)) == value
    assert parse_number(format_kr(value, 2)) == value


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_round_trip_integers(value: int) -> None:
    text = format_number(value)
    assert parse_number(text) == value
    assert parse_number(text.replace(" ", "\u00a0")) == value


@given(st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False))
def test_round_trip_percent(value: Decimal) -> None:
    assert parse_number(format_percent(value)) == value


@given(
    st.lists(st.builds(Fraction, st.integers(0, 10**9), st.integers(1, 10**4)), min_size=1, max_size=12),
)
def test_largest_remainder_sums_exactly_and_moves_each_part_less_than_one(parts: list[Fraction]) -> None:
    total = round_kr(sum(parts, Fraction(0)))
    scale = Fraction(total) / sum(parts) if sum(parts) else Fraction(0)
    scaled = [p * scale for p in parts]
    if not sum(parts):
        scaled, total = parts, 0
    amounts = largest_remainder(scaled, total)
    assert sum(amounts) == total
    assert all(a >= 0 for a in amounts)
    assert all(abs(a - p) < 1 for a, p in zip(amounts, scaled, strict=True))


def test_largest_remainder_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        largest_remainder([Fraction(-1)], 0)
    with pytest.raises(ValueError):
        largest_remainder([Fraction(5)], 3)
