"""The typed agreement: clauses, facts, parties and the declarative cost model.

Read from `corpus/agreements/*.yaml` by `assistant.agreements.registry`. Every
number a calculation uses is a `Fact` with the clause it is written in; the
`CostModel` only names facts by key, so the calculator holds no figure of its own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..errors import DataError
from ..types import Citation


class Clause(BaseModel):
    """Where a value is written: document, page and the verbatim sentence."""

    model_config = ConfigDict(frozen=True)

    document: str
    """PDF file name inside the corpus."""
    page: int = Field(ge=1)
    """1-based page."""
    quote: str = Field(min_length=10)
    """Verbatim from the normalised page text (line breaks written as spaces)."""

    def citation(self, title: str = "", note: str = "") -> Citation:
        """The clause as a `Citation` for an answer."""
        return Citation(document=self.document, page=self.page, quote=self.quote, title=title, note=note)


class Fact(BaseModel):
    """One value of an agreement with its clause."""

    model_config = ConfigDict(frozen=True)

    key: str
    value: int | Decimal | str
    """Number (kr, %, users, years ...) or a rule/date written as text."""
    unit: str
    text: str
    """How the value is written inside the quote (defaults to the value itself)."""
    reading: str = ""
    """How a value the quote states in words is read as data, e.g. 'betalas av regionen' = 100 %."""
    clause: Clause

    @property
    def number(self) -> Decimal:
        """The value as a Decimal; raises DataError for a text fact."""
        if isinstance(self.value, str):
            raise DataError(f"Fact {self.key!r} is text, not a number.", "Fix the agreement's YAML.")
        return Decimal(self.value)


class Party(BaseModel):
    """A party of an agreement: the region, or one municipality with its SCB kommunkod."""

    model_config = ConfigDict(frozen=True)

    name: str
    """Short name: the municipality's or region's short name, as the agreement writes it."""
    kind: Literal["region", "kommun"]
    kommunkod: str = ""
    """SCB municipality code (four digits) for a municipality; '' for the region."""
    display: str = ""
    """Official form for answers (e.g. '<name> kommun', '<name>s stad'); '' means derived from the name."""
    clause: Clause


# -- the cost model ------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CostYears(_Model):
    """The cost years the model covers, and the facts that set them (cited in refusals)."""

    start: int = Field(alias="from", ge=1000, le=9999)
    end: int = Field(alias="to", ge=1000, le=9999)
    facts: tuple[str, ...] = ()
    reading: str = ""
    """How the years are read from the clauses, e.g. 'the main contract extended by at most 1+1+1 years'."""


class Base(_Model):
    """The base cost of a year.

    - ``fixed``: a fixed yearly amount (`amount`); with `uplift` the user may add a one-off rate.
    - ``indexed``: a base-year budget (`amount` in `base_year`) indexed yearly by a rate the user
      supplies (`index` names the clause, `index_name` the index, e.g. LPI), compounded.
    - ``per_inhabitant``: a rate per inhabitant and year (`rate`), capped (`cap` over `cap_years`);
      `rate_quotient` lists the facts the rate is computed from (numerator, divisor, years).
    - ``budget``: a budget total (`total`) that is the sum of `parts`, with no split between parties.
    """

    kind: Literal["fixed", "indexed", "per_inhabitant", "budget"]
    label: str = ""
    """What the agreement calls the base amount ('minimidebiteringen'); shown in steps and sources."""
    label_en: str = ""
    amount: str = ""
    uplift: bool = False
    base_year: int | None = None
    index: str = ""
    index_name: str = ""
    index_name_long: str = ""
    rate: str = ""
    principle: str = ""
    cap: str = ""
    cap_years: str = ""
    rate_quotient: tuple[str, ...] = ()
    total: str = ""
    parts: tuple[str, ...] = ()


class ExtraUsers(_Model):
    """A charge per started block of concurrent users above a threshold (facts by key)."""

    threshold: str
    block: str
    charge: str


class Supplied(_Model):
    """An amount the agreement says is added but does not state; the user supplies it."""

    parameter: Literal["central_management_cost"]
    fact: str
    label: str = ""
    """What the amount is called ('centrala systemförvaltningskostnader')."""
    label_en: str = ""


class ShareRule(_Model):
    """The region's share for one year (`year`) or for every year from `from` on (the later-years rule)."""

    year: int | None = None
    start: int | None = Field(default=None, alias="from")
    region: str
    """Fact key of the region's share in percent."""
    municipalities: str = ""
    """Fact key of the municipalities' share, when the clause states it too (checked to add up to 100)."""


class Division(_Model):
    """How the municipalities' part is divided between them.

    - ``population``: in proportion to population at the reference date (`year_end_before`:
      31 December of the year before the cost year), with the table's fallback policy;
    - ``fixed_shares``: fixed percentages per kommunkod (`shares`: kommunkod -> fact key);
    - ``external``: by a basis the corpus lacks (`basis_name`): single amounts are refused with that reason;
    - ``per_inhabitant``: each municipality pays per inhabitant (the base is per inhabitant);
    - ``none``: the model gives no split between the parties at all.
    """

    kind: Literal["population", "fixed_shares", "external", "per_inhabitant", "none"]
    basis: str = ""
    """Fact key of the clause that states the principle."""
    reference: Literal["year_end_before"] = "year_end_before"
    shares: dict[str, str] = {}
    basis_name: str = ""
    basis_name_en: str = ""


class Invoicing(_Model):
    """When the municipalities are invoiced; `per_year` invoices, in `months` (1–12) when stated."""

    fact: str
    per_year: int = Field(ge=1, le=12)
    months: tuple[int, ...] = ()


class CostModel(_Model):
    """Everything the one cost engine needs to compute a year's cost and its split."""

    years: CostYears
    base: Base
    extra_users: ExtraUsers | None = None
    supplied: tuple[Supplied, ...] = ()
    shares: tuple[ShareRule, ...] = ()
    division: Division
    invoicing: Invoicing | None = None

    def share_rule(self, year: int) -> ShareRule | None:
        """The rule for `year`: a rule for that very year, else the latest `from` rule at or before it."""
        exact = [r for r in self.shares if r.year == year]
        if exact:
            return exact[0]
        later = [r for r in self.shares if r.start is not None and r.start <= year]
        return max(later, key=lambda r: r.start or 0) if later else None

    def fact_keys(self) -> list[str]:
        """Every fact key the model refers to (the check command proves each exists)."""
        b = self.base
        keys = [*self.years.facts, b.amount, b.index, b.rate, b.principle, b.cap, b.cap_years, b.total]
        keys += [*b.parts, *b.rate_quotient]
        if self.extra_users:
            keys += [self.extra_users.threshold, self.extra_users.block, self.extra_users.charge]
        keys += [s.fact for s in self.supplied]
        keys += [k for r in self.shares for k in (r.region, r.municipalities)]
        keys += [self.division.basis, *self.division.shares.values()]
        if self.invoicing:
            keys.append(self.invoicing.fact)
        return [k for k in keys if k]
