"""A contradiction or slip found in the documents, with every place it involves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..ingest.normalize import quote_in_text
from ..types import Citation


@dataclass(frozen=True)
class Finding:
    """Something the documents contradict or get wrong, cited at (at least) two places."""

    kind: str
    """duplicate_identifier, law_number, role_percentage or count."""
    message: str
    """Swedish, one or two sentences naming the values that disagree."""
    citations: tuple[Citation, ...]
    """Every place involved: document, page and a verbatim quote."""
    message_en: str = ""
    summary: str = ""
    """One short Swedish sentence for the "Observera" note beside an answer."""
    summary_en: str = ""

    def note(self, language: str = "sv") -> str:
        """The short remark shown when an answer cites a passage involved in this finding."""
        if language == "en":
            return f"Note: {self.summary_en or self.message_en or self.message}"
        return f"Observera: {self.summary or self.message}"

    def involves(self, document: str, page: int, text: str | None = None) -> bool:
        """Whether a passage (document, page, optionally its text) is one of the places cited.

        With `text`, the passage must contain the cited quote, so a citation elsewhere on
        the same page does not raise the note.
        """
        return any(
            c.document == document and c.page == page and (text is None or quote_in_text(c.quote, text))
            for c in self.citations
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "message_en": self.message_en,
            "summary": self.summary,
            "summary_en": self.summary_en,
            "citations": [c.to_dict() for c in self.citations],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """The inverse of `to_dict` (findings are stored with each index build)."""
        return cls(
            kind=data["kind"],
            message=data["message"],
            citations=tuple(Citation(**c) for c in data["citations"]),
            message_en=data.get("message_en", ""),
            summary=data.get("summary", ""),
            summary_en=data.get("summary_en", ""),
        )
