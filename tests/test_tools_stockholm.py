"""Stockholm: the 2026–2030 total (81/19, LPI), the interim per-inhabitant model, Norrbotten's budget."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.settings import PROJECT_ROOT
from assistant.tools.rules import NotCoveredError
from assistant.tools.stockholm import InterimInput, StockholmTotalInput, compute_stockholm
from assistant.tools.toolbox import Toolbox

CORPUS = PROJECT_ROOT / "corpus"
TOOLBOX = Toolbox.from_paths(CORPUS, CORPUS / "befolkning-vasternorrland.csv")


def test_2026_is_the_budget_split_81_19() -> None:
    calc = TOOLBOX.stockholm_total(StockholmTotalInput(year=2026))
    assert calc.result == 26_356_000
    assert [r["amount"] for r in calc.rows] == [21_348_360, 5_007_640]
    assert "Region Stockholm: 26 356 000 kr × 81 % = 21 348 360 kr" in calc.steps
    assert any("Storsthlm" in a for a in calc.assumptions)


def test_2027_with_lpi_3_percent() -> None:
    calc = TOOLBOX.stockholm_total(StockholmTotalInput(year=2027, lpi_percent=Decimal(3)))
    assert calc.result == 27_146_680
    assert sum(r["amount"] for r in calc.rows) == 27_146_680
    assert any("26 356 000 kr × 1,03 = 27 146 680 kr" in s for s in calc.steps)


def test_lpi_compounds_per_year() -> None:
    calc = TOOLBOX.stockholm_total(StockholmTotalInput(year=2029, lpi_percent=Decimal("2.5")))
    assert calc.result == 28_382_529  # 26 356 000 × 1,025³ = 28 382 528,6…
    assert any("2027–2029" in a for a in calc.assumptions)


@pytest.mark.parametrize(("year", "lpi", "reason"), [(2028, None, "needs_lpi"), (2025, None, "before_start"),
                                                     (2031, Decimal(2), "after_end")])  # fmt: skip
def test_stockholm_refusals(year: int, lpi: Decimal | None, reason: str) -> None:
    with pytest.raises(NotCoveredError) as info:
        TOOLBOX.stockholm_total(StockholmTotalInput(year=year, lpi_percent=lpi))
    assert info.value.reason == reason


@given(year=st.integers(2026, 2030), lpi=st.decimals(min_value=-5, max_value=15, places=2, allow_nan=False))
def test_stockholm_parts_sum_and_are_non_negative(year: int, lpi: Decimal) -> None:
    result = compute_stockholm(StockholmTotalInput(year=year, lpi_percent=lpi), TOOLBOX.stockholm)
    assert result.region + result.municipalities == result.total
    assert result.region >= 0 and result.municipalities >= 0


def test_interim_rate_without_inhabitants() -> None:
    calc = TOOLBOX.interim_cost(InterimInput())
    assert calc.result == 0.589 and calc.unit == "kr/invånare/år"
    assert calc.steps[0].startswith("(615 312 kr / 130 365) / 8 = 0,58999")


def test_interim_amount_for_given_inhabitants() -> None:
    calc = TOOLBOX.interim_cost(InterimInput(inhabitants=50_000))
    assert calc.result == 29_450 and calc.unit == "kr"
    assert any("superseded" in a or "ersatt" in a for a in calc.assumptions)


def test_interim_is_capped_at_the_lou_threshold() -> None:
    calc = TOOLBOX.interim_cost(InterimInput(inhabitants=200_000, years=8))
    assert calc.result == 615_312


def test_norrbotten_budget_adds_up() -> None:
    calc = TOOLBOX.norrbotten_budget()
    assert calc.result == 1_657_746
    assert calc.steps == ("1 381 746 kr + 276 000 kr = 1 657 746 kr",)
