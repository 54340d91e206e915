"""Retrieval and answering wired as a LangChain runnable chain.

    {"question", "language", "filter", "asked"?, "regions"?, "context"?, "documents"?, "period"?} -> Draft

"asked" (an `AskedFor`, what the question asks for) is optional: the central question
parser hands it in once; an engine given none works it out from the question. "context" is the
earlier question a follow-up's pronoun took its subject from (part of "question" already);
"period" the (start, end) dates a question names ("i november 2025"), when it names any.

The answer engine is a seam: the extractive engine by default, or a chat model
engine, without touching retrieval. `Assistant.ask` runs the same two steps
(`search`, then `answer_step`) without LangChain, so a question needs no LangChain
import; this chain is the LangChain face of that pipeline (`Assistant.chain`).
"""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from ..retrieval.langchain import HybridRetriever, from_document
from .engine import AnswerEngine as AnswerEngine
from .engine import answer_step
from .extractive import Draft


def build_chain(retriever: HybridRetriever, engine: AnswerEngine) -> Runnable[dict[str, Any], Draft]:
    answer = answer_step(engine)

    def retrieve(inputs: dict[str, Any]) -> dict[str, Any]:
        docs = retriever.invoke(inputs["question"], search_filter=inputs.get("filter"))
        return {**inputs, "hits": [from_document(d) for d in docs]}

    return (RunnableLambda(retrieve) | RunnableLambda(answer)).with_config(run_name="avtalsassistenten")
