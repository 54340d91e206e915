"""Stockholm: the 2026–2030 total (81/19, LPI-indexed) and the interim per-inhabitant model (2021–2025).

The 2026–2030 agreement gives the 2026 budget and says it is indexed yearly by
SKR's LPI; the LPI rates themselves are not in the corpus, so a later year
needs a rate from the user (applied for every year after 2026, compounded).
How the municipalities' 19 % is divided comes from Storsthlm's basis, which the
corpus does not contain: no tool here computes a single municipality's part.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field

from ..types import Calculation
from .numbers import format_kr, format_number, format_percent, largest_remainder, round_kr
from .rules import InterimRules, NotCoveredError, StockholmRules, tr


class StockholmTotalInput(BaseModel):
    """A Stockholm cost year under the 2026–2030 agreement and the LPI rate to index it with."""

    model_config = ConfigDict(frozen=True)

    year: int = Field(ge=1900, le=2100, description="Kostnadsår 2026–2030.")
    lpi_percent: Decimal | None = Field(
        default=None, ge=-20, le=50, description="SKR:s LPI i procent per år (krävs för år efter 2026)."
    )


class InterimInput(BaseModel):
    """The interim model for one municipality or district."""

    model_config = ConfigDict(frozen=True)

    inhabitants: int | None = Field(default=None, ge=1, le=3_000_000, description="Antal invånare.")
    years: int = Field(default=1, ge=1, le=8, description="Antal år (avtalsperioden är högst 8 år).")


@dataclass(frozen=True)
class StockholmResult:
    """A year's total and its 81/19 split."""

    inputs: StockholmTotalInput
    factor: Fraction
    total: int
    region: int
    municipalities: int


def compute_stockholm(inp: StockholmTotalInput, rules: StockholmRules) -> StockholmResult:
    """The indexed total for `inp.year`; NotCoveredError outside 2026–2030 or without an LPI rate after "
    "2026."""
    if inp.year < rules.first_year:
        raise NotCoveredError(f"{inp.year} is before the 2026–2030 agreement", "before_start")
    if inp.year > rules.last_year:
        raise NotCoveredError(f"{inp.year} is after the 2026–2030 agreement", "after_end")
    steps = inp.year - rules.base_year
    if steps and inp.lpi_percent is None:
        raise NotCoveredError(f"an LPI rate is needed to index 2026 to {inp.year}", "needs_lpi")
    factor = (1 + Fraction(inp.lpi_percent or 0) / 100) ** steps
    exact = rules.base_budget * factor
    total = round_kr(exact)
    scale = Fraction(total) / exact if exact else Fraction(0)
    region, munis = largest_remainder(
        [exact * rules.region_percent / 100 * scale, exact * rules.municipalities_percent / 100 * scale],
        total,
    )
    return StockholmResult(inp, factor, total, region, munis)


def stockholm_calculation(result: StockholmResult, rules: StockholmRules, lang: str = "sv") -> Calculation:
    """Total, region and municipalities for a Stockholm year, steps in Swedish number format."""
    inp = result.inputs
    steps_n = inp.year - rules.base_year
    base = format_kr(rules.base_budget)
    if steps_n:
        lpi = format_number(1 + (inp.lpi_percent or 0) / 100)
        term = f"{base} × {lpi}" + (f"^{steps_n}" if steps_n > 1 else "")
        steps = [
            tr(lang, "Indexering med LPI ", "Indexation by LPI ")
            + f"{format_percent(inp.lpi_percent or 0)}: "
            f"{term} = {format_kr(result.total)}"
        ]
    else:
        term = base
        steps = [tr(lang, "Budget 2026: ", "Budget 2026: ") + base]
    steps.append(
        f"Region Stockholm: {format_kr(result.total)} × {format_percent(rules.region_percent)} = "
        f"{format_kr(result.region)}"
    )
    steps.append(
        tr(lang, "Kommunerna: ", "Municipalities: ") + f"{format_kr(result.total)} × "
        f"{format_percent(rules.municipalities_percent)} = {format_kr(result.municipalities)}"
    )
    assumptions = [
        tr(
            lang,
            "Kommunernas 19 % fördelas mellan kommunerna utifrån underlag från Storsthlm, som inte finns i "
            "korpusen; en enskild kommuns belopp kan därför inte beräknas.",
            "The municipalities' 19 % is divided between them from Storsthlm's basis, which is not in the "
            "corpus; a single municipality's amount therefore cannot be computed.",
        ),
        tr(
            lang,
            "Beloppen avrundas till hela kronor; regionens och kommunernas delar summerar till totalen.",
            "Amounts are rounded to whole kronor; the region's and the municipalities' parts sum to the "
            "total.",
        ),
    ]
    if steps_n:
        span = f"{rules.base_year + 1}–{inp.year}" if steps_n > 1 else str(inp.year)
        assumptions.insert(
            0,
            tr(
                lang,
                f"LPI {format_percent(inp.lpi_percent or 0)} är ett antagande från frågan (LPI-värdena "
                "finns inte i "
                "korpusen) och tillämpas för "
                f"{'vart och ett av åren ' + span + ', med ränta på ränta' if steps_n > 1 else span}.",
                f"LPI {format_percent(inp.lpi_percent or 0)} is taken from the question (the LPI figures "
                "are not in "
                "the corpus) and applied for "
                f"{'each year ' + span + ', compounded' if steps_n > 1 else span}.",
            ),
        )
    return Calculation(
        tool="stockholm_total",
        result=float(result.total),
        unit="kr",
        inputs={
            "agreement": rules.facts.agreement,
            "year": inp.year,
            "base_budget_2026": rules.base_budget,
            "lpi_percent": float(inp.lpi_percent) if inp.lpi_percent is not None else None,
            "region_percent": float(rules.region_percent),
            "municipalities_percent": float(rules.municipalities_percent),
        },
        steps=tuple(steps),
        assumptions=tuple(assumptions),
        rows=(
            _row("Region Stockholm", "region", rules.region_percent, result.region),
            _row(
                tr(lang, "Stockholms läns kommuner", "Stockholm county's municipalities"),
                "kommuner",
                rules.municipalities_percent,
                result.municipalities,
            ),
        ),
    )


def _row(party: str, kind: str, percent: Fraction, amount: int) -> dict[str, object]:
    return {"party": party, "kind": kind, "share_percent": float(percent), "amount": amount}


def _kr(value: Fraction) -> str:
    return format_kr(value) if value.denominator == 1 else format_kr(value, 2)


def interim_calculation(inp: InterimInput, rules: InterimRules, lang: str = "sv") -> Calculation:
    """The interim model: inhabitants × 0.589 kr per year, capped at the LOU threshold over the period.

    Without `inhabitants` the result is the rate itself (kr per inhabitant and year).
    """
    rate = rules.stated_rate
    exact = format_number(rules.exact_rate, 5)
    steps = [
        f"({format_kr(rules.threshold)} / {format_number(rules.largest_population)}) / "
        f"{rules.period_years} = "
        f"{exact} kr/"
        + tr(lang, "invånare/år", "inhabitant/year")
        + tr(
            lang,
            f"; avtalet anger {format_number(rate)} kr",
            f"; the agreement states {format_number(rate)} kr",
        ),
    ]
    assumptions = [
        tr(
            lang,
            f"Beräkningen använder avtalets ungefärliga kvot {format_number(rate)} kr per invånare och år "
            f"(exakt kvot {exact} kr).",
            f"The calculation uses the agreement's approximate rate of {format_number(rate)} kr per "
            "inhabitant "
            f"and year (exact quotient {exact} kr).",
        ),
        tr(
            lang,
            "Interimsöverenskommelsen är ersatt av överenskommelsen 2026–2030; modellen gäller "
            "betalningsåren "
            f"från {rules.first_year} till dess.",
            "The interim agreement is superseded by the 2026–2030 agreement; the model covers payment "
            "years from "
            f"{rules.first_year} until then.",
        ),
        tr(
            lang,
            "Kostnaden för support och central förvaltning (per användare) ingår inte.",
            "The per-user cost of support and central management is not included.",
        ),
    ]
    inputs: dict[str, object] = {
        "agreement": rules.facts.agreement,
        "rate_per_inhabitant_year": float(rate),
        "inhabitants": inp.inhabitants,
        "years": inp.years,
        "lou_threshold": rules.threshold,
    }
    if inp.inhabitants is None:
        return Calculation(
            "stockholm_interim", float(rate), "kr/invånare/år", dict(inputs), tuple(steps), tuple(assumptions)
        )
    amount_exact = inp.inhabitants * rate * inp.years
    cap = Fraction(rules.threshold * inp.years, rules.period_years)
    amount = round_kr(min(amount_exact, cap))
    steps.append(
        f"{format_number(inp.inhabitants)} × {format_number(rate)} kr"
        + (f" × {inp.years}" if inp.years > 1 else "")
        + f" = {_kr(amount_exact)}"
    )
    if amount_exact > cap:
        steps.append(
            tr(lang, "Tak enligt LOU: ", "LOU cap: ") + f"{format_kr(rules.threshold)} × {inp.years} / "
            f"{rules.period_years} = {format_kr(cap)}"
        )
    steps.append(tr(lang, "Avrundat: ", "Rounded: ") + format_kr(amount))
    assumptions.append(
        tr(
            lang,
            "Beloppet avrundas till hela kronor (0,5 uppåt).",
            "The amount is rounded to whole kronor (half up).",
        )
    )
    return Calculation(
        "stockholm_interim", float(amount), "kr", dict(inputs), tuple(steps), tuple(assumptions)
    )
