"""Agreement facts that retrieval alone gets wrong: which agreement applies when, and what replaced what.

Public API::

    validity = load_validity(settings.corpus_dir)
    validity.in_force(region, date(2021, 6, 1))          # -> [DocumentValidity]
    validity.scope(question, today)                          # -> Scope (prefer / exclude / notes)
    validity.superseded_note(document)                       # -> "Ersatt av ... från 2026-01-01" | None
    validity.citation_note(document, today)                  # -> superseded / expired note | None
    validity.answer_validity_question(question, today, lang) # -> ToolAnswer | None
"""

from .scope import Scope
from .validity import Clause, DocumentValidity, Event, Part, Predecessor, Validity, load_validity

__all__ = [
    "Clause",
    "DocumentValidity",
    "Event",
    "Part",
    "Predecessor",
    "Scope",
    "Validity",
    "load_validity",
]
