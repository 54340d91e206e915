"""The cost engine as LangChain StructuredTools: schemas, artifacts and refusals, for any agreement."""

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


def test_three_generic_tools_with_pydantic_schemas(tools) -> None:
    assert set(tools) == {"municipality_cost", "cost_split", "extra_users"}
    assert "municipality" in tools["municipality_cost"].args
    assert "region" in tools["cost_split"].args and "uplift_percent" in tools["cost_split"].args


def test_municipality_tool_returns_json_content_and_calculation_artifact(tools) -> None:
    message = call(tools["municipality_cost"], municipality="Ånge", year=2026)
    assert isinstance(message.artifact, Calculation) and message.artifact.result == 45103
    assert json.loads(message.content)["inputs"]["population_date"] == "2025-09-30"


def test_split_and_extra_users_tools(tools) -> None:
    assert call(tools["cost_split"], region="Västernorrland", year=2025).artifact.result == 2_408_080
    assert (
        call(tools["cost_split"], region="Stockholms län", year=2027, uplift_percent=3).artifact.result
        == 27_146_680
    )
    assert call(tools["extra_users"], concurrent_users=211).artifact.result == 120_000


def test_refusal_reaches_the_model_as_text(tools) -> None:
    message = call(tools["cost_split"], region="Stockholm", year=2028)
    assert "rate" in message.content and message.status == "error"
    message = call(tools["municipality_cost"], municipality="Solna", year=2026)
    assert "basis" in message.content and message.status == "error"
    message = call(tools["municipality_cost"], municipality="Ånge", year=2023)
    assert message.status == "error"
