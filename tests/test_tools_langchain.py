"""The calculators as LangChain StructuredTools: schemas, artifacts and refusals."""

from __future__ import annotations

import json

import pytest

from assistant.settings import Settings
from assistant.tools.langchain_tools import build_tools
from assistant.types import Calculation


@pytest.fixture(scope="module")
def tools() -> dict[str, object]:
    return {t.name: t for t in build_tools(Settings())}


def call(tool, **args):
    return tool.invoke({"type": "tool_call", "id": "t1", "name": tool.name, "args": args})


def test_five_tools_with_pydantic_schemas(tools) -> None:
    assert set(tools) == {
        "vasternorrland_municipality_cost",
        "vasternorrland_split",
        "vasternorrland_extra_users",
        "stockholm_total",
        "stockholm_interim_per_inhabitant",
    }
    assert "municipality" in tools["vasternorrland_municipality_cost"].args
    assert "lpi_percent" in tools["stockholm_total"].args


def test_municipality_tool_returns_json_content_and_calculation_artifact(tools) -> None:
    message = call(tools["vasternorrland_municipality_cost"], municipality="Ånge", year=2026)
    assert isinstance(message.artifact, Calculation) and message.artifact.result == 45103
    assert json.loads(message.content)["inputs"]["population_date"] == "2025-09-30"


def test_split_and_extra_users_tools(tools) -> None:
    assert call(tools["vasternorrland_split"], year=2025).artifact.result == 2_408_080
    assert call(tools["vasternorrland_extra_users"], concurrent_users=211).artifact.result == 120_000


def test_refusal_reaches_the_model_as_text(tools) -> None:
    message = call(tools["stockholm_total"], year=2028)
    assert "LPI" in message.content and message.status == "error"
    message = call(tools["vasternorrland_municipality_cost"], municipality="Umeå", year=2026)
    assert "not a party" in message.content
