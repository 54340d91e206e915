"""Retrieval and answering wired as a LangChain runnable chain.

    {"question", "language", "filter", "asked"?, "regions"?, "context"?} -> retriever -> engine -> Draft

"asked" (an `AskedFor`, what the question asks for) is optional: the central question
parser hands it in once; an engine given none works it out from the question. "context" is the
earlier question a follow-up's pronoun took its subject from (part of "question" already).

The answer engine is a seam: the extractive engine by default, or a chat model
engine later, without touching retrieval.
"""

from __future__ import annotations

import inspect
from typing import Any, Protocol

from langchain_core.runnables import Runnable, RunnableLambda

from ..retrieval.hybrid import HybridRetriever, from_document
from ..types import ScoredChunk
from .extractive import Draft


class AnswerEngine(Protocol):
    """Writes an answer from retrieved passages."""

    name: str

    def answer(self, question: str, hits: list[ScoredChunk], language: str) -> Draft:
        """An engine may also take `asked` (an `AskedFor`) and `regions`; the chain passes them when so."""
        ...


def build_chain(retriever: HybridRetriever, engine: AnswerEngine) -> Runnable[dict[str, Any], Draft]:
    # an engine written before `asked` existed (or one that has no use for it) keeps working
    params = inspect.signature(engine.answer).parameters
    takes_asked, takes_regions, takes_context = "asked" in params, "regions" in params, "context" in params

    def retrieve(inputs: dict[str, Any]) -> dict[str, Any]:
        docs = retriever.invoke(inputs["question"], search_filter=inputs.get("filter"))
        return {**inputs, "hits": [from_document(d) for d in docs]}

    def answer(inputs: dict[str, Any]) -> Draft:
        extra: dict[str, Any] = {}
        if takes_asked and inputs.get("asked") is not None:
            extra["asked"] = inputs["asked"]
        if takes_regions and inputs.get("regions"):
            extra["regions"] = tuple(inputs["regions"])
        if takes_context and inputs.get("context"):
            extra["context"] = inputs["context"]
        return engine.answer(inputs["question"], inputs["hits"], inputs["language"], **extra)

    return (RunnableLambda(retrieve) | RunnableLambda(answer)).with_config(run_name="avtalsassistenten")
