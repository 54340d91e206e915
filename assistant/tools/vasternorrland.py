"""Västernorrland cost split: minimum charge, extra users, year shares, population split.

Pure functions over typed inputs: `compute_split` does the arithmetic exactly
(Fractions), then rounds once: the year's total to whole kronor (half up), the
region/municipalities parts and each municipality's amount by largest remainder,
so the parts always sum exactly to their whole. `*_calculation` turn a result
into the `Calculation` the answer and the JSON show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field

from .numbers import format_kr, format_number, format_percent, largest_remainder, round_kr
from .population import PopulationTable, SnapshotChoice
from .rules import NotCoveredError, VasternorrlandRules, tr


class SplitInput(BaseModel):
    """A Västernorrland cost year and the optional parameters the agreement leaves open."""

    model_config = ConfigDict(frozen=True)

    year: int = Field(ge=1900, le=2100, description="Kostnadsår, t.ex. 2026.")
    concurrent_users: int | None = Field(
        default=None,
        ge=0,
        le=100_000,
        description="Samtidigt inloggade användare i länet; utan värde högst 200.",
    )
    central_management_cost: Decimal | None = Field(
        default=None,
        ge=0,
        description="Centrala systemförvaltningskostnader för året i kr; utan värde ingår de inte.",
    )
    uplift_percent: Decimal | None = Field(
        default=None, ge=-50, le=100, description="Uppräkning av leverantörskostnaden i procent (en gång)."
    )


class MunicipalityCostInput(SplitInput):
    """One municipality's cost for a year."""

    municipality: str = Field(description="Kommunens namn, t.ex. 'Ånge'.")


@dataclass(frozen=True)
class ExtraUsers:
    """The extra-user charge: each started group of `block_size` users above the threshold."""

    users: int
    threshold: int
    over: int
    blocks: int
    block_charge: int
    amount: int


@dataclass(frozen=True)
class Share:
    """One party's part of a year's cost."""

    party: str
    kind: str
    """'region' or 'kommun'."""
    amount: int
    """Whole kronor, after largest-remainder rounding."""
    exact: Fraction
    population: int | None = None


@dataclass(frozen=True)
class SplitResult:
    """A year's cost and how it is split between the region and the seven municipalities."""

    inputs: SplitInput
    minimum_charge: int
    extra: ExtraUsers | None
    supplier_cost: Fraction
    """Minimum charge plus extra users, after any uplift."""
    central: Fraction
    total: int
    region_percent: Fraction
    region: Share
    municipalities_amount: int
    municipalities: tuple[Share, ...]
    choice: SnapshotChoice | None
    """The population snapshot used; None when the municipalities pay nothing (2024)."""

    @property
    def population_total(self) -> int:
        return sum(s.population or 0 for s in self.municipalities)

    def share(self, name: str) -> Share:
        return next(s for s in self.municipalities if s.party == name)


def extra_user_charge(users: int, rules: VasternorrlandRules) -> ExtraUsers:
    """60 000 kr per started group of 10 concurrent users above 200 (200 exactly: nothing)."""
    over = max(0, users - rules.user_threshold)
    blocks = math.ceil(over / rules.block_size)
    return ExtraUsers(
        users, rules.user_threshold, over, blocks, rules.block_charge, blocks * rules.block_charge
    )


def compute_split(inp: SplitInput, rules: VasternorrlandRules, table: PopulationTable) -> SplitResult:
    """Split cost year `inp.year`; NotCoveredError outside the agreement's years."""
    if inp.year < rules.first_year:
        raise NotCoveredError(f"cost year {inp.year} is before the agreement's first year", "before_start")
    if inp.year > rules.last_year:
        raise NotCoveredError(f"cost year {inp.year} is after the agreement's last year", "after_end")
    extra = extra_user_charge(inp.concurrent_users, rules) if inp.concurrent_users is not None else None
    factor = 1 + Fraction(inp.uplift_percent or 0) / 100
    supplier = (rules.minimum_charge + (extra.amount if extra else 0)) * factor
    central = Fraction(inp.central_management_cost or 0)
    total_exact = supplier + central
    total = round_kr(total_exact)
    region_pct = rules.region_percent(inp.year)
    region_exact = total_exact * region_pct / 100
    muni_exact = total_exact - region_exact
    scale = Fraction(total) / total_exact if total_exact else Fraction(0)
    region_amount, muni_amount = largest_remainder([region_exact * scale, muni_exact * scale], total)
    choice = None
    if muni_exact:
        choice = table.choose(inp.year, rules.municipalities)
        pops = [choice.snapshot.population(n) for n in rules.municipalities]
        parts = [Fraction(muni_amount * p, sum(pops)) for p in pops]
        amounts = largest_remainder(parts, muni_amount)
        shares = tuple(
            Share(n, "kommun", a, muni_exact * p / sum(pops), p)
            for n, p, a in zip(rules.municipalities, pops, amounts, strict=True)
        )
    else:
        shares = tuple(Share(n, "kommun", 0, Fraction(0)) for n in rules.municipalities)
    region_name = next(p.name for p in rules.facts.parties if p.kind == "region")
    region = Share(region_name, "region", region_amount, region_exact)
    return SplitResult(
        inp,
        rules.minimum_charge,
        extra,
        supplier,
        central,
        total,
        region_pct,
        region,
        muni_amount,
        shares,
        choice,
    )


def _kr(value: Fraction | int) -> str:
    """Whole kronor when exact, else two decimals (intermediate steps only)."""
    value = Fraction(value)
    return format_kr(value) if value.denominator == 1 else format_kr(value, 2)


def base_steps(result: SplitResult, lang: str) -> list[str]:
    """How the year's total is built: minimum charge, extra users, uplift, central management."""
    inp = result.inputs
    steps = [tr(lang, "Minimidebitering: ", "Minimum charge: ") + format_kr(result.minimum_charge)]
    base = Fraction(result.minimum_charge)
    if result.extra is not None:
        e = result.extra
        steps.append(
            tr(lang, "Extra användare: ", "Extra users: ")
            + f"{format_number(e.users)} − {format_number(e.threshold)} = {format_number(e.over)} → "
            + f"{e.blocks} × {format_kr(e.block_charge)} = {format_kr(e.amount)}"
        )
        base += e.amount
    if inp.uplift_percent:
        steps.append(
            tr(lang, "Uppräkning ", "Uplift ") + f"{format_percent(inp.uplift_percent)}: {_kr(base)} × "
            f"{format_number(1 + inp.uplift_percent / 100)}" + f" = {_kr(result.supplier_cost)}"
        )
    if result.central:
        steps.append(
            tr(lang, "Central systemförvaltning: ", "Central management: ")
            + f"{_kr(result.supplier_cost)} + {_kr(result.central)} = "
            f"{_kr(result.supplier_cost + result.central)}"
        )
    return steps


def base_formula(result: SplitResult) -> str:
    """The cost base as one term of a formula: '2 408 080 kr' or '(2 408 080 kr + 360 000 kr) × 1,025'."""
    inp = result.inputs
    terms = [format_kr(result.minimum_charge)]
    if result.extra is not None and result.extra.amount:
        terms.append(format_kr(result.extra.amount))
    if inp.uplift_percent:
        factor = format_number(1 + inp.uplift_percent / 100)
        terms = [f"({' + '.join(terms)}) × {factor}" if len(terms) > 1 else f"{terms[0]} × {factor}"]
    if result.central:
        terms.append(_kr(result.central))
    return f"({' + '.join(terms)})" if len(terms) > 1 else terms[0]


def rounding_note(lang: str) -> str:
    return tr(
        lang,
        "Avrundning: årets totalkostnad avrundas till hela kronor (0,5 uppåt); region- och kommundelen samt "
        "varje kommuns belopp avrundas med största-rest-metoden så att delarna summerar exakt till helheten.",
        "Rounding: the year's total is rounded to whole kronor (half up); the region's and the "
        "municipalities' "
        "parts and each municipality's amount use the largest-remainder method, so the parts sum exactly to "
        "the whole.",
    )
