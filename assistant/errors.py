"""One error base class; each subclass's message says what to do next."""

from __future__ import annotations


class AssistantError(Exception):
    """Base for errors shown to users. `hint` says how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class UnreadablePDFError(AssistantError):
    """A file could not be read as a PDF with a text layer."""

    def __init__(self, path: str, reason: str, hint: str = "") -> None:
        super().__init__(
            f"{path}: {reason}.",
            hint
            or "Check that the file is a complete, unencrypted PDF with a text layer, then ingest again.",
        )
        self.path = path
        self.reason = reason


class IndexMissingError(AssistantError):
    """No index has been built yet."""

    def __init__(self, index_dir: str) -> None:
        super().__init__(
            f"No index found in {index_dir}.",
            "Build it with 'python -m assistant ingest' (or set ASSISTANT_INDEX_DIR to an existing index).",
        )


class IngestBusyError(AssistantError):
    """Another ingest holds the index lock."""


class ModelUnavailableError(AssistantError):
    """An embedding or chat model could not be loaded."""


class InvalidQuestionError(AssistantError):
    """The question is empty, too long or otherwise unusable."""


class DataError(AssistantError):
    """A data table (e.g. population) is missing a value or cannot be read."""
