"""The one cost engine: a year's cost and its split, for any agreement's declarative cost model.

Pure arithmetic over an `Agreement`'s facts (exact `Fraction`s), rounded once:
the year's total to whole kronor (half up), then the region's and the
municipalities' parts and each municipality's amount by largest remainder, so
the parts always add up to their whole. No figure lives here: every constant is
a fact of the agreement, named by its cost model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..agreements import Agreement, CostModel, Party
from ..errors import AssistantError
from .numbers import largest_remainder, round_kr
from .population import PopulationTable, SnapshotChoice


class NotCoveredError(AssistantError):
    """The agreement holds no rule that answers this; `reason` is a short machine-readable code.

    Reasons: before_start, after_end, needs_rate, per_inhabitant, no_cost_model, inconsistent.
    """

    def __init__(self, message: str, reason: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.reason = reason


@dataclass(frozen=True)
class CostRequest:
    """A cost year and the parameters the agreement leaves open (None: not given)."""

    year: int
    users: int | None = None
    central_cost: Decimal | None = None
    rate_percent: Decimal | None = None
    """A one-off uplift (fixed base) or the yearly index rate (indexed base)."""
    inhabitants: int | None = None
    extra_only: bool = False
    """Only the extra-user charge is asked ("Vad betalar kommunerna av extrakostnaden?"): it is split
    as the year's cost is, without the base amount."""


@dataclass(frozen=True)
class ExtraUsers:
    """Each started block of `block_size` users above `threshold` costs `block_charge`."""

    users: int
    threshold: int
    over: int
    blocks: int
    block_size: int
    block_charge: int
    amount: int


@dataclass(frozen=True)
class Share:
    """One party's part of a year's cost."""

    party: Party
    amount: int
    """Whole kronor, after largest-remainder rounding."""
    exact: Fraction
    percent: Fraction
    """Share of the year's total, in percent."""
    population: int | None = None


@dataclass(frozen=True)
class CostResult:
    """A year's cost under one agreement and how it is split."""

    agreement: Agreement
    request: CostRequest
    base: Fraction
    """The base amount of the year before any index or uplift (the fact's value)."""
    steps_indexed: int
    """Years of indexation applied to the base (indexed base)."""
    factor: Fraction
    """Index or uplift factor (1 when none)."""
    extra: ExtraUsers | None
    supplier: Fraction
    """Base plus extra users, after the factor."""
    central: Fraction
    total: int
    total_exact: Fraction
    region_percent: Fraction | None
    """None when the model has no split between region and municipalities."""
    region: Share | None
    municipalities_amount: int | None
    municipalities: tuple[Share, ...]
    """Each municipality's share; empty when the division is by a basis the corpus lacks."""
    choice: SnapshotChoice | None = None

    @property
    def extra_only(self) -> bool:
        """The extra-user charge alone was asked and there is one: the base is left out."""
        return self.request.extra_only and self.extra is not None

    @property
    def population_total(self) -> int:
        return sum(s.population or 0 for s in self.municipalities)

    def share(self, code: str) -> Share | None:
        return next((s for s in self.municipalities if s.party.kommunkod == code), None)


def model_of(agreement: Agreement) -> CostModel:
    if agreement.cost_model is None:
        raise NotCoveredError(f"{agreement.id} has no cost model", "no_cost_model")
    return agreement.cost_model


def _int(agreement: Agreement, key: str) -> int:
    return int(agreement.fact(key).number)


def check_year(agreement: Agreement, year: int) -> None:
    model = model_of(agreement)
    if year < model.years.start:
        raise NotCoveredError(f"cost year {year} is before {agreement.id}'s first cost year", "before_start")
    if year > model.years.end:
        raise NotCoveredError(f"cost year {year} is after {agreement.id}'s last cost year", "after_end")


def extra_users(agreement: Agreement, users: int) -> ExtraUsers:
    """The charge for `users` concurrent users: each started block above the threshold."""
    rule = model_of(agreement).extra_users
    if rule is None:
        raise NotCoveredError(f"{agreement.id} has no charge for extra users", "no_extra_users")
    threshold, block, charge = (_int(agreement, k) for k in (rule.threshold, rule.block, rule.charge))
    over = max(0, users - threshold)
    blocks = math.ceil(over / block)
    return ExtraUsers(users, threshold, over, blocks, block, charge, blocks * charge)


def _base(agreement: Agreement, model: CostModel, req: CostRequest) -> tuple[Fraction, int, Fraction]:
    """(base amount, years indexed, factor) for the request's year."""
    base = model.base
    if base.kind == "fixed":
        factor = 1 + Fraction(req.rate_percent) / 100 if (base.uplift and req.rate_percent) else Fraction(1)
        return Fraction(_int(agreement, base.amount)), 0, factor
    if base.kind == "indexed":
        steps = req.year - (base.base_year or model.years.start)
        if steps and req.rate_percent is None:
            raise NotCoveredError(f"an index rate is needed for {req.year}", "needs_rate")
        factor = (1 + Fraction(req.rate_percent or 0) / 100) ** steps
        return Fraction(_int(agreement, base.amount)), steps, factor
    if base.kind == "budget":
        total = _int(agreement, base.total)
        if base.parts and sum(_int(agreement, k) for k in base.parts) != total:
            raise NotCoveredError(
                f"the budget lines of {agreement.id} do not add up to its total", "inconsistent"
            )
        return Fraction(total), 0, Fraction(1)
    raise NotCoveredError(f"{agreement.id} sets a cost per inhabitant, not a total", "per_inhabitant")


def compute(agreement: Agreement, req: CostRequest, table: PopulationTable | None) -> CostResult:
    """The year's cost and its split; NotCoveredError when the model cannot answer it."""
    model = model_of(agreement)
    check_year(agreement, req.year)
    base, steps, factor = _base(agreement, model, req)
    extra = extra_users(agreement, req.users) if (req.users is not None and model.extra_users) else None
    if req.extra_only and extra is not None:
        base = Fraction(0)  # the extra charge alone, split as the year's cost is
    supplier = (base + (extra.amount if extra else 0)) * factor
    central = Fraction(req.central_cost or 0) if model.supplied and not req.extra_only else Fraction(0)
    total_exact = supplier + central
    total = round_kr(total_exact)
    rule = model.share_rule(req.year)
    region: Share | None = None
    region_pct: Fraction | None = None
    muni_amount: int | None = None
    shares: tuple[Share, ...] = ()
    choice: SnapshotChoice | None = None
    if rule is not None:  # a model with no shares (a budget) has no split between the parties
        region_pct = Fraction(agreement.fact(rule.region).number)
        scale = Fraction(total) / total_exact if total_exact else Fraction(0)
        region_exact = total_exact * region_pct / 100
        muni_exact = total_exact - region_exact
        region_amount, muni_amount = largest_remainder([region_exact * scale, muni_exact * scale], total)
        region_party = agreement.region_party() or Party(
            name=agreement.region_name, kind="region", clause=agreement.fact(rule.region).clause
        )
        region = Share(region_party, region_amount, region_exact, region_pct)
        shares, choice = _divide(agreement, model, req.year, muni_amount, muni_exact, 100 - region_pct, table)
    return CostResult(
        agreement, req, base, steps, factor, extra, supplier, central, total, total_exact,
        region_pct, region, muni_amount, shares, choice,
    )  # fmt: skip


def _divide(
    agreement: Agreement,
    model: CostModel,
    year: int,
    amount: int,
    exact: Fraction,
    muni_pct: Fraction,
    table: PopulationTable | None,
) -> tuple[tuple[Share, ...], SnapshotChoice | None]:
    """Each municipality's part of `amount` by the model's division rule."""
    parties = agreement.municipalities()
    kind = model.division.kind
    if kind == "population":
        if not exact:
            return tuple(Share(p, 0, Fraction(0), Fraction(0)) for p in parties), None
        if table is None:
            raise NotCoveredError("no population table", "no_population")
        choice = table.choose(year, [p.kommunkod for p in parties])
        pops = [choice.snapshot.population(p.kommunkod) for p in parties]
        weights = [Fraction(p) for p in pops]
        amounts = largest_remainder([amount * w / sum(weights) for w in weights], amount)
        shares = tuple(
            Share(p, a, exact * w / sum(weights), muni_pct * w / sum(weights), pop)
            for p, a, w, pop in zip(parties, amounts, weights, pops, strict=True)
        )
        return shares, choice
    if kind == "fixed_shares":
        pct = [Fraction(agreement.fact(model.division.shares[p.kommunkod]).number) for p in parties]
        amounts = largest_remainder([amount * w / sum(pct) for w in pct], amount)
        return (
            tuple(
                Share(p, a, exact * w / sum(pct), muni_pct * w / sum(pct))
                for p, a, w in zip(parties, amounts, pct, strict=True)
            ),
            None,
        )
    return (), None


@dataclass(frozen=True)
class PerInhabitant:
    """A per-inhabitant charge: the stated rate, the exact quotient it rounds, and the capped amount."""

    rate: Fraction
    exact_rate: Fraction | None
    inhabitants: int | None
    amount: int | None
    uncapped: Fraction | None
    cap: Fraction | None


def per_inhabitant(agreement: Agreement, inhabitants: int | None, years: int = 1) -> PerInhabitant:
    """The per-inhabitant model: inhabitants × rate a year, capped at `cap` over `cap_years`."""
    base = model_of(agreement).base
    if base.kind != "per_inhabitant":
        raise NotCoveredError(f"{agreement.id} has no per-inhabitant rate", "no_rate")
    rate = Fraction(agreement.fact(base.rate).number)
    exact_rate = None
    if len(base.rate_quotient) == 3:
        num, div, period = (_int(agreement, k) for k in base.rate_quotient)
        exact_rate = Fraction(num, div) / period
    if inhabitants is None:
        return PerInhabitant(rate, exact_rate, None, None, None, None)
    uncapped = inhabitants * rate * years
    cap = None
    if base.cap and base.cap_years:
        cap = Fraction(_int(agreement, base.cap) * years, _int(agreement, base.cap_years))
    amount = round_kr(min(uncapped, cap) if cap is not None else uncapped)
    return PerInhabitant(rate, exact_rate, inhabitants, amount, uncapped, cap)


def covering(agreements: tuple[Agreement, ...] | list[Agreement], year: int) -> list[Agreement]:
    """Agreements with a cost model whose cost years include `year`, the newest first."""
    out = []
    for a in agreements:
        if a.cost_model is None:
            continue
        try:
            check_year(a, year)
        except NotCoveredError:
            continue
        out.append(a)
    return sorted(out, key=lambda a: -model_of(a).years.start)


def invoices(amount: int, per_year: int) -> list[int]:
    """A yearly amount as `per_year` whole-krona invoices that add up to it (largest remainder)."""
    return largest_remainder([Fraction(amount, per_year)] * per_year, amount)
