"""Read an agreement PDF page by page with pypdf, refusing bad files clearly.

Every way a file can be bad ends in one `UnreadablePDFError` that names the file
and the fix; nothing else escapes `read_pdf`, so one bad file never stops a batch.
Work is bounded by the limits in settings: the file size, the page count, and
a budget of content-stream bytes and drawing operators per page and per file,
so a small file that unpacks to a huge page cannot keep ingest busy for hours.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import UnreadablePDFError
from ..types import Page
from .normalize import normalize_text

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 20
"""A page (or a whole document) with fewer text characters than this counts as having no text layer."""
CONTENT_BYTES_PER_CHAR = 32
"""A page's unpacked content may be this many bytes per allowed character (max_page_chars)."""
CHARS_PER_OP = 4
"""A page may have one drawing operator per this many allowed characters (max_page_chars)."""
FORM_DRAW_OPS = 25
"""Drawing a form XObject counts as this many operators: pypdf sets up each drawing anew (~25x the cost)."""
OPS_PER_PAGE = 250
"""A document may average this many drawing operators per allowed page (max_pages); text pages use ~150."""
_MIB = 1024 * 1024
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def display_name(name: str) -> str:
    """`name` as it is safe to print: undecodable bytes as U+FFFD, control and bidi characters escaped.

    A file name can hold a terminal escape sequence or a right-to-left override;
    messages must show what the file is called without acting on it.
    """

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return "\ufffd" if 0xD800 <= code <= 0xDFFF else f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, name)


_reading = threading.local()


class _NamedPypdfWarnings(logging.Handler):
    """pypdf warns about robustness fixes ('EOF marker not found') without saying which file.

    Installed on the 'pypdf' logger, it re-logs each record under this module's logger with the
    name of the file this thread is reading; pypdf's own records then stop there.
    """

    def emit(self, record: logging.LogRecord) -> None:
        name = getattr(_reading, "name", None)
        message = record.getMessage()
        if name:
            log.log(record.levelno, "%s: %s (pypdf)", name, message)
        else:
            log.log(record.levelno, "pypdf: %s", message)


def _install_pypdf_handler() -> None:
    logger = logging.getLogger("pypdf")
    if not any(isinstance(h, _NamedPypdfWarnings) for h in logger.handlers):
        logger.addHandler(_NamedPypdfWarnings())
        logger.propagate = False


@contextlib.contextmanager
def _naming_warnings(name: str) -> Iterator[None]:
    _install_pypdf_handler()
    previous = getattr(_reading, "name", None)
    _reading.name = name
    try:
        yield
    finally:
        _reading.name = previous


class _OverBudget(BaseException):
    """Raised from pypdf's operator callback to stop extraction.

    A BaseException on purpose: pypdf catches `Exception` around form XObjects,
    which would swallow the signal and keep going.
    """

    def __init__(self, reason: str, hint: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


class _Budget:
    """Counts unpacked content bytes and drawing operators, per page and per document."""

    def __init__(self, max_mb: float, max_pages: int, max_page_chars: int) -> None:
        self.page_bytes = max_page_chars * CONTENT_BYTES_PER_CHAR
        self.page_ops = max_page_chars // CHARS_PER_OP
        self.doc_bytes = int(max_mb * _MIB)
        self.doc_ops = max_pages * OPS_PER_PAGE
        self.bytes_used = 0
        self.ops_used = 0
        self._page = 0
        self._page_ops = 0
        self._forms: dict[str, int] = {}

    def start_page(self, number: int, page: Any) -> None:
        contents = page.get_contents()
        size = len(contents.get_data()) if contents is not None else 0
        if size > self.page_bytes:
            raise _OverBudget(
                f"page {number} unpacks to {size / _MIB:.1f} MiB of drawing instructions, "
                f"over the {self.page_bytes / _MIB:.1f} MiB page limit",
                "A page this large is a drawing or a generated file, not agreement text: export the text "
                "again, or raise ASSISTANT_MAX_PAGE_CHARS if the page really is that long.",
            )
        self._charge_bytes(size)
        self._page = number
        self._page_ops = 0
        self._forms = _form_sizes(page)

    def _charge_bytes(self, size: int) -> None:
        self.bytes_used += size
        if self.bytes_used > self.doc_bytes:
            raise _OverBudget(
                f"its pages unpack to over {self.doc_bytes / _MIB:.0f} MiB of drawing instructions",
                "Split the PDF, or raise ASSISTANT_MAX_PDF_MB if it really is one agreement.",
            )

    def operator(self, operator: bytes, operands: Any, *_: Any) -> None:
        """pypdf's visitor_operand_before: called for every operator, form XObjects included."""
        form = str(operands[0]) if operator == b"Do" and operands else ""
        cost = FORM_DRAW_OPS if form in self._forms else 1
        self._page_ops += cost
        self.ops_used += cost
        if self._page_ops > self.page_ops:
            raise _OverBudget(
                f"page {self._page} has over {self.page_ops} drawing operators",
                "Export the text again, or raise ASSISTANT_MAX_PAGE_CHARS if the page really is that long.",
            )
        if self.ops_used > self.doc_ops:
            raise _OverBudget(
                f"its pages have over {self.doc_ops} drawing operators in all",
                "Split the PDF, or raise ASSISTANT_MAX_PAGES if it really is one agreement.",
            )
        if form:  # a form is parsed again each time it is drawn
            self._charge_bytes(self._forms.get(form, 0))


def _form_sizes(page: Any) -> dict[str, int]:
    """Unpacked size of each form XObject the page can draw (images are not parsed, so not counted)."""
    sizes: dict[str, int] = {}
    try:
        xobjects = page["/Resources"].get_object()["/XObject"].get_object()
        for key, ref in xobjects.items():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Form":
                sizes[str(key)] = len(obj.get_data())
    except Exception:  # no or malformed resources: nothing to charge; extraction reports real damage
        pass
    return sizes


def _check_file(path: Path, name: str, max_mb: float) -> None:
    if not path.is_file():
        raise UnreadablePDFError(name, "file not found", "Check the path and try again.")
    size = path.stat().st_size
    if size == 0:
        raise UnreadablePDFError(
            name, "the file is empty (0 bytes)", "Copy the PDF again; the upload or copy failed."
        )
    if size > max_mb * _MIB:
        raise UnreadablePDFError(
            name,
            f"the file is {size / _MIB:.1f} MiB, over the {max_mb:g} MiB limit",
            "Split the PDF, or raise ASSISTANT_MAX_PDF_MB if it really is one agreement.",
        )
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise UnreadablePDFError(
            name, "not a PDF file (no %PDF header)", "Export or save the document as PDF."
        )


def _open(path: Path, name: str, max_pages: int) -> Any:
    """A pypdf reader with the document decrypted (empty password) and its page count checked."""
    # pypdf is imported here so that --help and light commands stay fast.
    from pypdf import PdfReader

    reader = None
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadablePDFError(
                name,
                "the PDF is encrypted with a password",
                "Save an unprotected copy of the PDF and ingest that.",
            )
        count = len(reader.pages)
    except UnreadablePDFError:
        raise
    except Exception as exc:  # pypdf raises many types on mangled files; none may kill a batch
        if reader is not None and _encrypted(reader):
            raise UnreadablePDFError(
                name,
                f"the PDF is encrypted in a way that cannot be opened ({type(exc).__name__})",
                "Save an unprotected copy of the PDF and ingest that.",
            ) from exc
        raise UnreadablePDFError(
            name,
            f"the PDF is damaged or truncated ({type(exc).__name__})",
            "Get a complete copy of the file.",
        ) from exc
    if count == 0:
        raise UnreadablePDFError(name, "the PDF has no pages", "Get a complete copy of the file.")
    if count > max_pages:
        raise UnreadablePDFError(
            name,
            f"the PDF has {count} pages, over the {max_pages} page limit",
            "Split it, or raise ASSISTANT_MAX_PAGES.",
        )
    return reader


def _encrypted(reader: Any) -> bool:
    try:
        return bool(reader.is_encrypted)
    except Exception:
        return False


def _extract(reader: Any, name: str, budget: _Budget, max_page_chars: int) -> list[str]:
    texts: list[str] = []
    number = 0
    try:
        for number in range(1, len(reader.pages) + 1):
            page = reader.pages[number - 1]
            budget.start_page(number, page)
            raw = page.extract_text(visitor_operand_before=budget.operator) or ""
            if len(raw) > max_page_chars:
                log.warning("%s page %d: text cut at %d characters", name, number, max_page_chars)
                raw = raw[:max_page_chars]
            texts.append(raw)
    except _OverBudget as over:
        raise UnreadablePDFError(name, over.reason, over.hint) from None
    except RecursionError as exc:
        raise UnreadablePDFError(
            name, f"page {number} is nested too deeply to read", "Get a complete copy of the file."
        ) from exc
    except Exception as exc:  # one bad content stream is reported, never a traceback
        if type(exc).__name__ == "LimitReachedError":
            reason = f"page {number} unpacks to more data than pypdf allows (a compression bomb?)"
        else:
            reason = f"page {number} could not be read ({type(exc).__name__})"
        raise UnreadablePDFError(name, reason, "Get a complete copy of the file.") from exc
    return texts


def read_pdf(
    path: Path, *, max_mb: float = 50.0, max_pages: int = 2000, max_page_chars: int = 200_000
) -> list[Page]:
    """Return the normalised pages of `path` (1-based numbers; empty pages kept as '').

    Raises UnreadablePDFError naming the file and the fix for: missing, empty,
    oversized, non-PDF, damaged or truncated, encrypted, over-budget, and text-less
    (scanned) files. A document where most pages have no text is refused as a
    whole: indexing the few pages that read would hide the rest from every answer.
    """
    name = display_name(path.name)
    _check_file(path, name, max_mb)
    with _naming_warnings(name):
        reader = _open(path, name, max_pages)
        texts = _extract(reader, name, _Budget(max_mb, max_pages, max_page_chars), max_page_chars)
    pages = [Page(document=path.name, number=n, text=normalize_text(t)) for n, t in enumerate(texts, 1)]

    blank = [p.number for p in pages if len(p.text) < MIN_TEXT_CHARS]
    if sum(len(p.text) for p in pages) < MIN_TEXT_CHARS:
        raise UnreadablePDFError(
            name,
            "the PDF has no text layer (a scanned document?); it needs OCR",
            "Run OCR on it (e.g. 'ocrmypdf in.pdf out.pdf') and ingest the result.",
        )
    if len(pages) > 1 and len(blank) * 2 > len(pages):
        raise UnreadablePDFError(
            name,
            f"{len(blank)} of its {len(pages)} pages have no text layer (scanned pages?); it needs OCR",
            "Run OCR on it (e.g. 'ocrmypdf --skip-text in.pdf out.pdf') and ingest the result.",
        )
    return pages
