"""Typed cost rules read from the agreement facts, and the errors a calculator raises.

The calculators never hold a number of their own: every constant comes from
`corpus/facts/*.yaml` through these classes, together with the fact keys that
say which clause to cite.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from ..errors import AssistantError
from .facts import AgreementFacts

VASTERNORRLAND = "vasternorrland"
STOCKHOLM = "stockholm-2026-2030"
STOCKHOLM_INTERIM = "stockholm-interim-2020"
NORRBOTTEN = "norrbotten-2021"
VASTERBOTTEN = "vasterbotten-2025"


class NotCoveredError(AssistantError):
    """The agreements hold no rule that answers this (a year before the start, a non-party ...).

    `reason` is a short machine-readable code; the message explains it to a user.
    """

    def __init__(self, message: str, reason: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.reason = reason


def tr(lang: str, sv: str, en: str) -> str:
    """Pick the Swedish or English wording."""
    return en if lang == "en" else sv


def _int(facts: AgreementFacts, key: str) -> int:
    return int(facts.fact(key).number)


@dataclass(frozen=True)
class VasternorrlandRules:
    """The Västernorrland samverkansavtal's cost rules."""

    facts: AgreementFacts
    minimum_charge: int
    user_threshold: int
    block_charge: int
    block_size: int
    first_year: int
    contract_end: dt.date
    extension_years: int
    municipalities: tuple[str, ...]

    @classmethod
    def from_facts(cls, facts: AgreementFacts) -> VasternorrlandRules:
        start = dt.date.fromisoformat(str(facts.fact("contract_start").value))
        extension = str(facts.fact("extension").value)
        return cls(
            facts=facts,
            minimum_charge=_int(facts, "minimum_charge"),
            user_threshold=_int(facts, "user_threshold"),
            block_charge=_int(facts, "extra_user_charge"),
            block_size=_int(facts, "extra_user_block"),
            first_year=start.year,
            contract_end=dt.date.fromisoformat(str(facts.fact("contract_end").value)),
            extension_years=sum(int(x) for x in extension.split("+")),
            municipalities=tuple(p.name for p in facts.municipalities()),
        )

    @property
    def last_year(self) -> int:
        """The last calendar year the agreement can cover (the main contract fully extended)."""
        return self.contract_end.year + self.extension_years

    def share_key(self, year: int) -> str:
        """The fact that sets the region's share for `year`."""
        specific = f"share_{year}_region"
        return specific if specific in self.facts.facts else "share_later_region"

    def region_percent(self, year: int) -> Fraction:
        """The region's share in percent for a cost year from `first_year` on."""
        return Fraction(self.facts.fact(self.share_key(year)).number)


@dataclass(frozen=True)
class StockholmRules:
    """The Stockholm 2026–2030 agreement: 81/19 split of a budget indexed by LPI."""

    facts: AgreementFacts
    region_percent: Fraction
    municipalities_percent: Fraction
    base_year: int
    base_budget: int
    first_year: int
    last_year: int

    @classmethod
    def from_facts(cls, facts: AgreementFacts) -> StockholmRules:
        return cls(
            facts=facts,
            region_percent=Fraction(facts.fact("region_share").number),
            municipalities_percent=Fraction(facts.fact("municipalities_share").number),
            base_year=2026,
            base_budget=_int(facts, "budget_2026"),
            first_year=dt.date.fromisoformat(str(facts.fact("valid_from").value)).year,
            last_year=dt.date.fromisoformat(str(facts.fact("valid_to").value)).year,
        )


@dataclass(frozen=True)
class InterimRules:
    """The Stockholm interim model (2020): a per-inhabitant rate under the LOU threshold."""

    facts: AgreementFacts
    threshold: int
    period_years: int
    largest_population: int
    stated_rate: Fraction
    """The rate as the agreement writes it (0.589 kr per inhabitant and year)."""
    support_cost_2019: int
    users_2019: int
    first_year: int

    @classmethod
    def from_facts(cls, facts: AgreementFacts) -> InterimRules:
        return cls(
            facts=facts,
            threshold=_int(facts, "lou_threshold"),
            period_years=_int(facts, "max_period_years"),
            largest_population=_int(facts, "largest_district_population"),
            stated_rate=Fraction(facts.fact("per_inhabitant").number),
            support_cost_2019=_int(facts, "support_cost_2019"),
            users_2019=_int(facts, "users_2019"),
            first_year=dt.date.fromisoformat(str(facts.fact("payment_model_start").value)).year,
        )

    @property
    def exact_rate(self) -> Fraction:
        """(threshold / largest population) / period, the quotient the agreement rounds to 0.589."""
        return Fraction(self.threshold, self.largest_population) / self.period_years
