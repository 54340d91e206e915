"""Property: for random valid cost models and populations, the parts add up and nothing is negative."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.agreements import Agreement, Clause, CostModel, Fact, Party
from assistant.tools.engine import CostRequest, compute
from assistant.tools.population import PopulationRow, PopulationTable

CLAUSE = Clause(document="x.pdf", page=1, quote="En mening som citeras i testet.")


def _fact(key: str, value: int) -> Fact:
    return Fact(key=key, value=value, unit="", text=str(value), clause=CLAUSE)


@st.composite
def agreements(draw: st.DrawFn) -> tuple[Agreement, PopulationTable, int]:
    n = draw(st.integers(min_value=1, max_value=12))
    codes = [f"99{i:02d}" for i in range(n)]
    start = draw(st.integers(min_value=2000, max_value=2040))
    years = draw(st.integers(min_value=0, max_value=6))
    kind = draw(st.sampled_from(["fixed", "indexed"]))
    division = draw(st.sampled_from(["population", "fixed_shares"]))
    facts = {"base": _fact("base", draw(st.integers(min_value=0, max_value=50_000_000)))}
    # a rule from the first year on, then rules for single years or from later years (a valid model)
    facts["s0"] = _fact("s0", draw(st.integers(min_value=0, max_value=100)))
    shares: list[dict[str, object]] = [{"from": start, "region": "s0"}]
    for k, year in enumerate(sorted(draw(st.sets(st.integers(start, start + years)))), start=1):
        facts[f"s{k}"] = _fact(f"s{k}", draw(st.integers(min_value=0, max_value=100)))
        shares.append({draw(st.sampled_from(["year", "from"])): year, "region": f"s{k}"})
    model: dict[str, object] = {
        "years": {"from": start, "to": start + years},
        "base": {"kind": kind, "amount": "base", "uplift": True, "base_year": start},
        "shares": shares,
        "division": {"kind": division},
    }
    if draw(st.booleans()):
        for key, low, high in (("t", 0, 1000), ("b", 1, 100), ("c", 0, 500_000)):
            facts[key] = _fact(key, draw(st.integers(low, high)))
        model["extra_users"] = {"threshold": "t", "block": "b", "charge": "c"}
    if division == "fixed_shares":
        weights = [draw(st.integers(min_value=1, max_value=50)) for _ in codes]
        weights[-1] += 100 - sum(weights) if sum(weights) < 100 else 0
        model["division"] = {"kind": "fixed_shares", "shares": {c: f"w{c}" for c in codes}}
        facts.update({f"w{c}": _fact(f"w{c}", w) for c, w in zip(codes, weights, strict=True)})
    parties = (
        Party(name="Region X", kind="region", clause=CLAUSE),
        *(Party(name=f"K{c}", kind="kommun", kommunkod=c, clause=CLAUSE) for c in codes),
    )
    agreement = Agreement(
        id="x", region="X", region_name="Region X", county_code="99", kind="avtal", name="x", name_en="x",
        documents={"x.pdf": {}}, parties=parties, facts=facts, source=Path("x.yaml"),
        cost_model=CostModel.model_validate(model),
    )  # fmt: skip
    rows = tuple(
        PopulationRow(f"K{c}", c, dt.date(y - 1, 12, 31), draw(st.integers(1, 2_000_000)), "test")
        for y in range(start, start + years + 1)
        for c in codes
    )
    year = draw(st.integers(start, start + years))
    return agreement, PopulationTable(rows), year


@settings(max_examples=150, deadline=None)
@given(
    case=agreements(),
    users=st.none() | st.integers(0, 5000),
    rate=st.none()
    | st.decimals(min_value=-20, max_value=20, places=2, allow_nan=False, allow_infinity=False),
)
def test_parts_add_up_to_the_whole_and_none_is_negative(case, users, rate) -> None:
    agreement, table, year = case
    r = compute(agreement, CostRequest(year=year, users=users, rate_percent=rate or Decimal(0)), table)
    assert r.total >= 0
    assert r.region is not None and r.municipalities_amount is not None
    assert r.region.amount + r.municipalities_amount == r.total
    assert sum(s.amount for s in r.municipalities) == r.municipalities_amount
    assert r.region.amount >= 0 and all(s.amount >= 0 for s in r.municipalities)
    assert all(abs(s.amount - s.exact) < 3 for s in r.municipalities)
