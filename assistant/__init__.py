"""Avtalsassistenten: cited answers about Lifecare SP agreements.

    from assistant import ask
    answer = ask("Vad är minimidebiteringen?")
    print(answer.answer, answer.citations)

Heavy modules load lazily, so `import assistant` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .types import Answer, Calculation, Citation, Page, ScoredChunk, ToolAnswer

if TYPE_CHECKING:
    from .service import Assistant
    from .settings import Settings

__all__ = [
    "Answer",
    "Assistant",
    "Calculation",
    "Citation",
    "Page",
    "ScoredChunk",
    "Settings",
    "ToolAnswer",
    "ask",
]


def __getattr__(name: str) -> Any:
    if name in ("Assistant", "ask"):
        from . import service

        return getattr(service, name)
    if name == "Settings":
        from .settings import Settings

        return Settings
    raise AttributeError(name)
