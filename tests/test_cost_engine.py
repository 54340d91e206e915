"""The one cost engine on the shipped agreements: the same figures as the per-region calculators had."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.agreements import load_registry
from assistant.settings import PROJECT_ROOT
from assistant.tools.calculation import extra_users_calculation, party_calculation, split_calculation
from assistant.tools.engine import CostRequest, NotCoveredError, compute, extra_users, per_inhabitant
from assistant.tools.population import PopulationRow, PopulationTable, load_population

CORPUS = PROJECT_ROOT / "corpus"
REGISTRY = load_registry(CORPUS)
TABLE = load_population(CORPUS / "befolkning-vasternorrland.csv")
POP_FILE = "befolkning-vasternorrland.csv"


def agreement(region: str, kind: str):  # type: ignore[no-untyped-def]
    return next(a for a in REGISTRY.in_region(region) if a.cost_model and a.cost_model.base.kind == kind)


VN = agreement("Västernorrland", "fixed")
STHLM = agreement("Stockholm", "indexed")
INTERIM = agreement("Stockholm", "per_inhabitant")
NB = agreement("Norrbotten", "budget")
CODES = {p.name: p.kommunkod for p in VN.municipalities()}


def municipality(name: str, year: int, lang: str = "sv", **kw: object):  # type: ignore[no-untyped-def]
    r = compute(VN, CostRequest(year=year, **kw), TABLE)  # type: ignore[arg-type]
    share = r.share(CODES[name])
    assert share is not None
    return party_calculation(r, share, lang, POP_FILE)


def test_ange_2026_is_45_103_kr_with_the_formula_and_population_date() -> None:
    calc = municipality("Ånge", 2026)
    assert calc.result == 45103 and calc.unit == "kr" and calc.tool == "municipality_cost"
    assert "Ånge: 2 408 080 kr × 50 % × 9 033 / 241 141 = 45 103 kr" in calc.steps
    assert calc.inputs["population_date"] == "2025-09-30"
    assert calc.inputs["population_prescribed_date"] == "2025-12-31"
    assert calc.inputs["population"] == 9033 and calc.inputs["population_total"] == 241141
    joined = " ".join(calc.assumptions)
    assert "2025-12-31" in joined and "2025-09-30" in joined
    assert "Centrala systemförvaltningskostnader ingår inte" in joined
    assert calc.to_dict()["result"] == 45103


def test_2024_municipalities_pay_nothing_and_region_everything() -> None:
    assert municipality("Ånge", 2024).result == 0
    r = compute(VN, CostRequest(year=2024), TABLE)
    assert r.region is not None and r.region.amount == 2_408_080 and r.municipalities_amount == 0
    assert r.choice is None and "population_date" not in municipality("Ånge", 2024).inputs


def test_2025_is_75_25_and_2026_on_is_50_50() -> None:
    got = []
    for year in (2025, 2026, 2029):
        r = compute(VN, CostRequest(year=year), TABLE)
        assert r.region is not None
        got.append((r.region.amount, r.municipalities_amount))
    assert got == [(1_806_060, 602_020), (1_204_040, 1_204_040), (1_204_040, 1_204_040)]


def test_2025_uses_2023_population() -> None:
    calc = municipality("Timrå", 2025)
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
    extra = extra_users(VN, users)
    assert (extra.blocks, extra.amount) == (blocks, amount)
    assert extra_users_calculation(VN, extra, "sv").result == amount


def test_extra_users_and_central_costs_flow_into_the_split() -> None:
    base = compute(VN, CostRequest(year=2026), TABLE)
    more = compute(VN, CostRequest(year=2026, users=260, central_cost=Decimal(100_000)), TABLE)
    assert more.total == base.total + 360_000 + 100_000
    assert municipality("Ånge", 2026, users=200).result == 45103
    assert municipality("Ånge", 2026, users=260).result == 51845
    assert any("påbörjad grupp om 10" in a for a in municipality("Ånge", 2026, users=201).assumptions)


def test_uplift_is_applied_once_and_stated() -> None:
    calc = municipality("Ånge", 2026, rate_percent=Decimal("2.5"))
    assert calc.result == 46230  # 2 468 282 × 50 % × 9 033 / 241 141
    assert any("Uppräkningen 2,5 %" in a for a in calc.assumptions)
    assert any("× 1,025" in s for s in calc.steps)


def test_split_rows_sum_to_the_whole() -> None:
    calc = split_calculation(compute(VN, CostRequest(year=2026), TABLE), "sv", POP_FILE)
    assert calc.result == 2_408_080 and sum(r["amount"] for r in calc.rows) == 2_408_080
    munis = [r for r in calc.rows if r["kind"] == "kommun"]
    assert len(munis) == 7 and sum(r["amount"] for r in munis) == 1_204_040
    assert {r["party"]: r["amount"] for r in munis}["Ånge"] == 45103


@pytest.mark.parametrize(
    ("year", "reason"), [(2023, "before_start"), (2031, "after_end"), (3000, "after_end")]
)
def test_years_outside_the_cost_model_are_not_covered(year: int, reason: str) -> None:
    with pytest.raises(NotCoveredError) as info:
        compute(VN, CostRequest(year=year), TABLE)
    assert info.value.reason == reason


def test_years_after_the_main_contract_state_the_extension() -> None:
    assert any("1+1+1" in a and "2027-04-07" in a for a in municipality("Ånge", 2028).assumptions)


def test_english_assumptions() -> None:
    calc = municipality("Ånge", 2026, lang="en")
    assert any("Central management costs are not included" in a for a in calc.assumptions)


def test_stockholm_2026_is_the_budget_split_81_19_and_no_municipality_amount() -> None:
    r = compute(STHLM, CostRequest(year=2026), TABLE)
    calc = split_calculation(r, "sv", POP_FILE)
    assert calc.result == 26_356_000 and r.region is not None
    assert (r.region.amount, r.municipalities_amount) == (21_348_360, 5_007_640)
    assert "Region Stockholm: 26 356 000 kr × 81 % = 21 348 360 kr" in calc.steps
    assert r.municipalities == () and any("Storsthlm" in a for a in calc.assumptions)


def test_stockholm_lpi_indexes_and_compounds() -> None:
    assert compute(STHLM, CostRequest(year=2027, rate_percent=Decimal(3)), TABLE).total == 27_146_680
    r = compute(STHLM, CostRequest(year=2029, rate_percent=Decimal("2.5")), TABLE)
    assert r.total == 28_382_529  # 26 356 000 × 1,025³ = 28 382 528,6…
    assert any("2027–2029" in a for a in split_calculation(r, "sv", POP_FILE).assumptions)


@pytest.mark.parametrize(
    ("year", "rate", "reason"),
    [(2028, None, "needs_rate"), (2025, None, "before_start"), (2031, Decimal(2), "after_end")],
)
def test_stockholm_refusals(year: int, rate: Decimal | None, reason: str) -> None:
    with pytest.raises(NotCoveredError) as info:
        compute(STHLM, CostRequest(year=year, rate_percent=rate), TABLE)
    assert info.value.reason == reason


def test_interim_rate_amount_and_cap() -> None:
    bare = per_inhabitant(INTERIM, None)
    assert bare.rate == Decimal("0.589") and bare.amount is None
    assert bare.exact_rate is not None and abs(float(bare.exact_rate) - 0.58999) < 1e-5
    assert per_inhabitant(INTERIM, 50_000).amount == 29_450
    assert per_inhabitant(INTERIM, 200_000, years=8).amount == 615_312


def test_norrbotten_budget_is_its_parts_and_has_no_split() -> None:
    r = compute(NB, CostRequest(year=2021), TABLE)
    assert r.total == 1_657_746 and r.region is None and r.municipalities == ()


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
    names = [p.name for p in VN.municipalities()]
    table = PopulationTable(
        tuple(PopulationRow(n, CODES[n], date, p, "test") for n, p in zip(names, pops, strict=True))
    )
    r = compute(VN, CostRequest(year=year, users=users, central_cost=central, rate_percent=uplift), table)
    amounts = [s.amount for s in r.municipalities]
    assert r.region is not None and r.region.amount + (r.municipalities_amount or 0) == r.total
    assert sum(amounts) == r.municipalities_amount
    assert r.region.amount >= 0 and all(a >= 0 for a in amounts)
    assert all(abs(s.amount - s.exact) < 3 for s in r.municipalities)
