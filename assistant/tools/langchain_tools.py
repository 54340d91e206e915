"""The cost engine as LangChain tools, so a chat model can call them instead of doing arithmetic.

Each tool has a pydantic argument schema and answers with
`content_and_artifact`: the content is the calculation as JSON for the model,
the artifact the typed `Calculation`. A question the agreements cannot answer
becomes a ToolException whose text says why, so the model can relay the
refusal instead of guessing a number. The tools work for every agreement in
the registry that has a cost model.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..agreements import Agreement, Municipality, Registry, load_registry
from ..errors import AssistantError
from ..question.places import find_places
from ..settings import Settings
from ..types import Calculation
from .calculation import extra_users_calculation, party_calculation, split_calculation
from .engine import CostRequest, NotCoveredError, compute, covering, extra_users, model_of
from .population import cached_population


class CostInput(BaseModel):
    """A cost year and the optional parameters an agreement leaves open."""

    model_config = ConfigDict(frozen=True)

    year: int = Field(ge=1000, le=9999, description="Kostnadsår, t.ex. 2026.")
    concurrent_users: int | None = Field(
        default=None, ge=0, le=100_000, description="Samtidigt inloggade användare."
    )
    central_management_cost: Decimal | None = Field(
        default=None,
        ge=0,
        description="Centrala förvaltningskostnader för året i kr, om avtalet tar upp sådana.",
    )
    uplift_percent: Decimal | None = Field(
        default=None, ge=-50, le=100, description="Uppräkning eller indexsats i procent (t.ex. LPI)."
    )


class MunicipalityCostInput(CostInput):
    municipality: str = Field(description="Kommunens namn, som avtalet skriver det.")


class SplitInput(CostInput):
    region: str = Field(description="Regionens namn, utan 'Region' eller 'län'.")


class ExtraUsersInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    concurrent_users: int = Field(ge=0, le=100_000, description="Samtidigt inloggade användare i länet.")
    region: str = Field(
        default="", description="Regionens namn; tomt när bara ett avtal har en sådan avgift."
    )


def _request(inp: CostInput) -> CostRequest:
    return CostRequest(
        year=inp.year,
        users=inp.concurrent_users,
        central_cost=inp.central_management_cost,
        rate_percent=inp.uplift_percent,
    )


def _covering(agreements: tuple[Agreement, ...], year: int) -> Agreement:
    found = covering(agreements, year)
    if not found:
        raise NotCoveredError(f"no agreement with cost rules covers {year}", "before_start")
    return found[0]


def _municipality(registry: Registry, name: str) -> Municipality:
    places = find_places(f"Vad betalar {name}", registry)
    if not places.municipalities:
        raise NotCoveredError(f"{name} is no municipality the agreements name", "not_party")
    return places.municipalities[0]


def _region(registry: Registry, name: str) -> tuple[Agreement, ...]:
    regions = find_places(name, registry).regions
    if not regions:
        raise NotCoveredError(f"no agreement covers the region {name!r}", "not_covered")
    return registry.in_region(regions[0])


def build_tools(settings: Settings) -> list[Any]:
    """The cost tools bound to the corpus and population table in `settings`."""
    from langchain_core.tools import StructuredTool, ToolException

    def registry() -> Registry:
        return load_registry(settings.corpus_dir)

    def table():  # type: ignore[no-untyped-def]
        return cached_population(settings.population_path)

    def municipality_cost(**kw: Any) -> Calculation:
        inp = MunicipalityCostInput(**kw)
        reg = registry()
        muni = _municipality(reg, inp.municipality)
        a = _covering(reg.agreements_of(muni.code), inp.year)
        r = compute(a, _request(inp), table())
        share = r.share(muni.code)
        if share is None:
            raise NotCoveredError(
                f"{a.id} divides the municipalities' part by a basis the corpus lacks", "external"
            )
        return party_calculation(r, share, "sv", settings.population_path.name)

    def cost_split(**kw: Any) -> Calculation:
        inp = SplitInput(**kw)
        a = _covering(_region(registry(), inp.region), inp.year)
        return split_calculation(compute(a, _request(inp), table()), "sv", settings.population_path.name)

    def extra(**kw: Any) -> Calculation:
        inp = ExtraUsersInput(**kw)
        reg = registry()
        pool = _region(reg, inp.region) if inp.region else reg.with_cost_model()
        with_charge = [a for a in pool if a.cost_model and model_of(a).extra_users]
        if len(with_charge) != 1:
            raise NotCoveredError(
                "name the region: the charge for extra users differs per agreement", "ambiguous"
            )
        return extra_users_calculation(
            with_charge[0], extra_users(with_charge[0], inp.concurrent_users), "sv"
        )

    def wrap(compute_fn: Callable[..., Calculation]) -> Callable[..., tuple[str, Calculation]]:
        def run(**kwargs: Any) -> tuple[str, Calculation]:
            try:
                calc = compute_fn(**kwargs)
            except AssistantError as exc:
                raise ToolException(str(exc)) from exc
            return json.dumps(calc.to_dict(), ensure_ascii=False), calc

        return run

    specs: list[tuple[str, str, type[BaseModel], Callable[..., Calculation]]] = [
        (
            "municipality_cost",
            "Vad en kommun betalar för Lifecare SP ett visst år enligt det avtal den är part i, med valfritt "
            "antal samtidiga användare, centrala förvaltningskostnader och uppräkning.",
            MunicipalityCostInput,
            municipality_cost,
        ),
        (
            "cost_split",
            "Hela kostnadsfördelningen ett år i en region: regionen, kommunerna och varje kommun när avtalet "
            "anger fördelningen.",
            SplitInput,
            cost_split,
        ),
        (
            "extra_users",
            "Extrakostnaden per år för samtidigt inloggade användare över avtalets tröskel.",
            ExtraUsersInput,
            extra,
        ),
    ]
    return [
        StructuredTool.from_function(
            func=wrap(fn),
            name=name,
            description=description,
            args_schema=schema,
            response_format="content_and_artifact",
            handle_tool_error=True,
        )
        for name, description, schema, fn in specs
    ]
