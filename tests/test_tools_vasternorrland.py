"""Västernorrland cost rules: minimum charge, extra users, year shares, population split, rounding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.settings import PROJECT_ROOT
from assistant.tools.municipalities import COUNTIES
from assistant.tools.population import PopulationRow, PopulationTable
from assistant.tools.rules import NotCoveredError
from assistant.tools.toolbox import Toolbox
from assistant.tools.vasternorrland import MunicipalityCostInput, SplitInput, compute_split, extra_user_charge

CORPUS = PROJECT_ROOT / "corpus"
TOOLBOX = Toolbox.from_paths(CORPUS, CORPUS / "befolkning-vasternorrland.csv")
RULES = TOOLBOX.vasternorrland
SEVEN = COUNTIES["Västernorrland"]


def cost(name: str, year: int, **kw: object) -> float:
    return TOOLBOX.municipality_cost(MunicipalityCostInput(municipality=name, year=year, **kw)).result


def test_ange_2026_is_45_103_kr_with_the_formula_and_population_date() -> None:
    calc = TOOLBOX.municipality_cost(MunicipalityCostInput(municipality="Ånge", year=2026))
    assert calc.result == 45103 and calc.unit == "kr" and calc.tool == "vasternorrland_municipality_cost"
    assert "Ånge: 2 408 080 kr × 50 % × 9 033 / 241 141 = 45 103 kr" in calc.steps
    assert calc.inputs["population_date"] == "2025-09-30"
    assert calc.inputs["population_prescribed_date"] == "2025-12-31"
    assert calc.inputs["population"] == 9033 and calc.inputs["population_total"] == 241141
    joined = " ".join(calc.assumptions)
    assert "2025-12-31" in joined and "2025-09-30" in joined
    assert "Centrala systemförvaltningskostnader ingår inte" in joined
    assert calc.to_dict()["result"] == 45103


def test_2024_municipalities_pay_nothing_and_region_everything() -> None:
    assert cost("Ånge", 2024) == 0
    result = TOOLBOX.split(SplitInput(year=2024))
    assert result.region.amount == 2_408_080 and result.municipalities_amount == 0
    assert result.choice is None
    calc = TOOLBOX.municipality_cost(MunicipalityCostInput(municipality="Ånge", year=2024))
    assert "population_date" not in calc.inputs


def test_2025_is_75_25_and_2026_on_is_50_50() -> None:
    r25, r26, r29 = (TOOLBOX.split(SplitInput(year=y)) for y in (2025, 2026, 2029))
    assert (r25.region.amount, r25.municipalities_amount) == (1_806_060, 602_020)
    assert (r26.region.amount, r26.municipalities_amount) == (1_204_040, 1_204_040)
    assert (r29.region.amount, r29.municipalities_amount) == (1_204_040, 1_204_040)
    assert RULES.share_key(2025) == "share_2025_region" and RULES.share_key(2029) == "share_later_region"


def test_2025_uses_2023_population() -> None:
    calc = TOOLBOX.municipality_cost(MunicipalityCostInput(municipality="Timrå", year=2025))
    assert calc.inputs["population_date"] == "2023-12-31" and calc.inputs["population"] == 17540
    assert calc.result == 43607  # 602 020 × 17 540 / 242 148 = 43 606,9…


@pytest.mark.parametrize(
    ("users", "blocks", "amount"),
    [
        (0, 0, 0),
        (150, 0, 0),
        (200, 0, 0),
        (201, 1, 60_000),
        (210, 1, 60_000),
        (211, 2, 120_000),
        (260, 6, 360_000),
    ],
)
def test_extra_users_each_started_group_of_ten(users: int, blocks: int, amount: int) -> None:
    extra = extra_user_charge(users, RULES)
    assert (extra.blocks, extra.amount) == (blocks, amount)
    assert TOOLBOX.extra_users(users).result == amount


def test_extra_users_and_central_costs_flow_into_the_split() -> None:
    base = TOOLBOX.split(SplitInput(year=2026))
    more = TOOLBOX.split(
        SplitInput(year=2026, concurrent_users=260, central_management_cost=Decimal(100_000))
    )
    assert more.total == base.total + 360_000 + 100_000
    assert cost("Ånge", 2026, concurrent_users=200) == 45103
    assert cost("Ånge", 2026, concurrent_users=260) == 51845
    calc = TOOLBOX.municipality_cost(
        MunicipalityCostInput(municipality="Ånge", year=2026, concurrent_users=201)
    )
    assert any("påbörjad grupp om 10" in a for a in calc.assumptions)


def test_uplift_is_applied_once_and_stated() -> None:
    calc = TOOLBOX.municipality_cost(
        MunicipalityCostInput(municipality="Ånge", year=2026, uplift_percent=Decimal("2.5"))
    )
    assert calc.result == 46230  # 2 468 282 × 50 % × 9 033 / 241 141
    assert any("Uppräkningen 2,5 %" in a for a in calc.assumptions)
    assert any("× 1,025" in s for s in calc.steps)


def test_split_rows_sum_to_the_whole() -> None:
    calc = TOOLBOX.region_split(SplitInput(year=2026))
    assert calc.result == 2_408_080
    assert sum(r["amount"] for r in calc.rows) == 2_408_080
    munis = [r for r in calc.rows if r["kind"] == "kommun"]
    assert len(munis) == 7 and sum(r["amount"] for r in munis) == 1_204_040
    assert {r["party"]: r["amount"] for r in munis}["Ånge"] == 45103


@pytest.mark.parametrize(("year", "reason"), [(2023, "before_start"), (2031, "after_end")])
def test_years_outside_the_agreement_are_not_covered(year: int, reason: str) -> None:
    with pytest.raises(NotCoveredError) as info:
        TOOLBOX.split(SplitInput(year=year))
    assert info.value.reason == reason


def test_years_after_the_main_contract_state_the_extension() -> None:
    calc = TOOLBOX.municipality_cost(MunicipalityCostInput(municipality="Ånge", year=2028))
    assert any("1+1+1" in a and "2027-04-07" in a for a in calc.assumptions)


@pytest.mark.parametrize("name", ["Umeå", "Solna", "Göteborg"])
def test_municipality_outside_the_parties_is_refused(name: str) -> None:
    with pytest.raises(NotCoveredError) as info:
        TOOLBOX.municipality_cost(MunicipalityCostInput(municipality=name, year=2026))
    assert info.value.reason == "not_party"


@pytest.mark.parametrize(
    "spelling", ["Ånge", "ange", "Ange", "Sundsvals", "ornskoldsvik", "Härnösands kommun"]
)
def test_tool_accepts_forgiving_names(spelling: str) -> None:
    assert TOOLBOX.party_name(spelling) in SEVEN


def test_english_assumptions() -> None:
    calc = TOOLBOX.municipality_cost(MunicipalityCostInput(municipality="Ånge", year=2026), lang="en")
    assert any("Central management costs are not included" in a for a in calc.assumptions)


populations = st.lists(st.integers(min_value=1, max_value=1_000_000), min_size=7, max_size=7)


@settings(max_examples=60, deadline=None)
@given(
    year=st.integers(min_value=2024, max_value=2030),
    pops=populations,
    users=st.none() | st.integers(min_value=0, max_value=5_000),
    central=st.none()
    | st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    uplift=st.none()
    | st.decimals(min_value=-10, max_value=20, places=2, allow_nan=False, allow_infinity=False),
)
def test_shares_sum_to_the_whole_and_are_never_negative(year, pops, users, central, uplift) -> None:
    date = dt.date(year - 1, 12, 31)
    rows = tuple(PopulationRow(n, "", date, p, "test") for n, p in zip(SEVEN, pops, strict=True))
    inp = SplitInput(
        year=year, concurrent_users=users, central_management_cost=central, uplift_percent=uplift
    )
    result = compute_split(inp, RULES, PopulationTable(rows))
    amounts = [s.amount for s in result.municipalities]
    assert result.region.amount + result.municipalities_amount == result.total
    assert sum(amounts) == result.municipalities_amount
    assert result.region.amount >= 0 and all(a >= 0 for a in amounts)
    assert all(abs(s.amount - s.exact) < 3 for s in result.municipalities)  # three roundings, each < 1 kr
    if year >= 2026:
        assert abs(result.region.amount - result.municipalities_amount) <= 1
