"""The seam every evaluated system implements, and the adapter for this project's pipeline.

A system answers a question (`ask`, returning the same typed `Answer` as the
product) and ranks pages for it (`retrieve`). The runner needs nothing else, so
the baselines and the project are measured by exactly the same code.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Protocol

from ..errors import AssistantError
from ..settings import Settings
from ..types import Answer
from .metrics import PageRef


class System(Protocol):
    """Something that answers questions about the corpus.

    `ask` may also take `history=` (the answers to the earlier turns of a dialogue);
    the runner checks with `accepts_history` and asks stateless systems without it.
    """

    name: str
    """Short label used in tables and charts."""

    def ask(self, question: str, history: Sequence[Answer] = ()) -> Answer: ...

    def retrieve(self, question: str, k: int) -> list[PageRef]: ...


def accepts_history(ask: Callable[..., Answer]) -> bool:
    """Whether `ask` takes a `history` keyword (the earlier answers of a conversation)."""
    try:
        params = inspect.signature(ask).parameters
    except (TypeError, ValueError):
        return False
    return "history" in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def rejected(question: str, exc: AssistantError) -> Answer:
    """A question the product turns away with a user-facing error counts as refused.

    The CLI and the app show such errors as a polite refusal ("the question is
    empty", "too long"), so this is what the user sees.
    """
    return Answer(question=question, answer=exc.message, refused=True)


class ProjectSystem:
    """This project's pipeline: `assistant.service.Assistant`, loaded once."""

    name = "projekt"

    def __init__(self, settings: Settings) -> None:
        from ..service import Assistant  # heavy: embedder, index, tools

        self.settings = settings
        self._assistant = Assistant(settings)
        self.history_supported = accepts_history(self._assistant.ask)
        """False until `Assistant.ask` takes `history=`: follow-ups are then asked on their own."""

    def ask(self, question: str, history: Sequence[Answer] = ()) -> Answer:
        try:
            if self.history_supported:
                return self._assistant.ask(question, history=list(history))
            return self._assistant.ask(question)
        except AssistantError as exc:
            return rejected(question, exc)

    def retrieve(self, question: str, k: int) -> list[PageRef]:
        try:
            hits = self._assistant.retrieve(question, k)
        except AssistantError:
            return []
        return [(h.chunk.document, h.chunk.page) for h in hits]
