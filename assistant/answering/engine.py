"""The answer-engine seam, and the one step that hands retrieved passages to an engine.

Kept free of LangChain so the default (extractive) path answers without importing it;
`chain.py` wires the same step into a LangChain runnable.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, Protocol

from ..types import ScoredChunk
from .extractive import Draft


class AnswerEngine(Protocol):
    """Writes an answer from retrieved passages."""

    name: str

    def answer(self, question: str, hits: list[ScoredChunk], language: str) -> Draft:
        """An engine may also take `asked` (an `AskedFor`) and `regions`; callers pass them when so."""
        ...


def answer_step(engine: AnswerEngine) -> Callable[[dict[str, Any]], Draft]:
    """{"question", "hits", "language", "asked"?, "regions"?, "context"?, "documents"?, "period"?} -> Draft.

    An engine written before `asked` existed (or one that has no use for it) keeps working.
    """
    params = inspect.signature(engine.answer).parameters
    takes_asked, takes_regions, takes_context = "asked" in params, "regions" in params, "context" in params
    takes_documents = "documents" in params
    takes_period = "period" in params

    def answer(inputs: dict[str, Any]) -> Draft:
        extra: dict[str, Any] = {}
        if takes_asked and inputs.get("asked") is not None:
            extra["asked"] = inputs["asked"]
        if takes_regions and inputs.get("regions"):
            extra["regions"] = tuple(inputs["regions"])
        if takes_context and inputs.get("context"):
            extra["context"] = inputs["context"]
        if takes_documents and inputs.get("documents"):
            extra["documents"] = tuple(inputs["documents"])
        if takes_period and inputs.get("period") is not None:
            extra["period"] = inputs["period"]
        return engine.answer(inputs["question"], inputs["hits"], inputs["language"], **extra)

    return answer
