"""Retrieval and answering wired as a LangChain runnable chain.

    {"question", "language", "filter"} -> retriever (BaseRetriever) -> answer engine -> Draft

The answer engine is a seam: the extractive engine by default, or a chat model
engine later, without touching retrieval.
"""

from __future__ import annotations

from typing import Any, Protocol

from langchain_core.runnables import Runnable, RunnableLambda

from ..retrieval.hybrid import HybridRetriever, from_document
from ..types import ScoredChunk
from .extractive import Draft


class AnswerEngine(Protocol):
    """Writes an answer from retrieved passages."""

    name: str

    def answer(self, question: str, hits: list[ScoredChunk], language: str) -> Draft: ...


def build_chain(retriever: HybridRetriever, engine: AnswerEngine) -> Runnable[dict[str, Any], Draft]:
    def retrieve(inputs: dict[str, Any]) -> dict[str, Any]:
        docs = retriever.invoke(inputs["question"], search_filter=inputs.get("filter"))
        return {**inputs, "hits": [from_document(d) for d in docs]}

    def answer(inputs: dict[str, Any]) -> Draft:
        return engine.answer(inputs["question"], inputs["hits"], inputs["language"])

    return (RunnableLambda(retrieve) | RunnableLambda(answer)).with_config(run_name="avtalsassistenten")
