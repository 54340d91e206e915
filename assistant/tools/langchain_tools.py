"""The cost calculators as LangChain tools, so a chat model can call them instead of doing arithmetic.

Each tool has a pydantic argument schema (the same models the calculators take)
and answers with `content_and_artifact`: the content is the calculation as JSON
for the model, the artifact the typed `Calculation`. A question the agreements
cannot answer becomes a ToolException whose text says why, so the model can
relay the refusal instead of guessing a number.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import AssistantError
from ..settings import Settings
from ..types import Calculation
from .stockholm import InterimInput, StockholmTotalInput
from .toolbox import Toolbox
from .vasternorrland import MunicipalityCostInput, SplitInput


class ExtraUsersInput(BaseModel):
    """Concurrent users for the Västernorrland extra-user charge."""

    model_config = ConfigDict(frozen=True)

    concurrent_users: int = Field(ge=0, le=100_000, description="Samtidigt inloggade användare i länet.")


def _content(calc: Calculation) -> str:
    return json.dumps(calc.to_dict(), ensure_ascii=False)


def build_tools(settings: Settings) -> list[Any]:
    """The five cost tools bound to the corpus and population table in `settings`."""
    from langchain_core.tools import StructuredTool, ToolException

    toolbox = Toolbox.from_settings(settings)

    def wrap(compute: Callable[..., Calculation]) -> Callable[..., tuple[str, Calculation]]:
        def run(**kwargs: Any) -> tuple[str, Calculation]:
            try:
                calc = compute(**kwargs)
            except AssistantError as exc:
                raise ToolException(str(exc)) from exc
            return _content(calc), calc

        return run

    specs: list[tuple[str, str, type[BaseModel], Callable[..., Calculation]]] = [
        (
            "vasternorrland_municipality_cost",
            "Vad en kommun i Västernorrland betalar för Lifecare SP ett visst år (samverkansavtalet), "
            "med valfritt antal samtidiga användare, centrala förvaltningskostnader och uppräkning.",
            MunicipalityCostInput,
            lambda **kw: toolbox.municipality_cost(MunicipalityCostInput(**kw)),
        ),
        (
            "vasternorrland_split",
            "Hela kostnadsfördelningen ett år i Västernorrland: regionen, kommunerna och varje kommun.",
            SplitInput,
            lambda **kw: toolbox.region_split(SplitInput(**kw)),
        ),
        (
            "vasternorrland_extra_users",
            "Extrakostnaden per år för samtidigt inloggade användare över 200 i Västernorrland.",
            ExtraUsersInput,
            lambda **kw: toolbox.extra_users(ExtraUsersInput(**kw).concurrent_users),
        ),
        (
            "stockholm_total",
            "Kostnaden för Lifecare SP i Stockholms län ett år 2026–2030 (LPI-sats krävs efter 2026), "
            "fördelad 81 % regionen / 19 % kommunerna. Enskilda kommuners andel kan inte beräknas.",
            StockholmTotalInput,
            lambda **kw: toolbox.stockholm_total(StockholmTotalInput(**kw)),
        ),
        (
            "stockholm_interim_per_inhabitant",
            "Interimsmodellen i Stockholm (2021–2025): cirka 0,589 kr per invånare och år.",
            InterimInput,
            lambda **kw: toolbox.interim_cost(InterimInput(**kw)),
        ),
    ]
    return [
        StructuredTool.from_function(
            func=wrap(compute),
            name=name,
            description=description,
            args_schema=schema,
            response_format="content_and_artifact",
            handle_tool_error=True,
        )
        for name, description, schema, compute in specs
    ]
