"""Read an agreement PDF page by page with pypdf, refusing bad files clearly."""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import UnreadablePDFError
from ..types import Page
from .normalize import normalize_text

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 20
"""A document whose pages hold fewer characters than this in all is treated as scanned."""


def read_pdf(
    path: Path, *, max_mb: float = 50.0, max_pages: int = 2000, max_page_chars: int = 200_000
) -> list[Page]:
    """Return the normalised pages of `path` (1-based numbers; empty pages kept as '').

    Raises UnreadablePDFError naming the file and the fix for: missing, empty,
    oversized, non-PDF, damaged or truncated, encrypted, and text-less (scanned) files.
    """
    name = path.name
    if not path.is_file():
        raise UnreadablePDFError(name, "file not found", "Check the path and try again.")
    size = path.stat().st_size
    if size == 0:
        raise UnreadablePDFError(
            name, "the file is empty (0 bytes)", "Copy the PDF again; the upload or copy failed."
        )
    if size > max_mb * 1024 * 1024:
        raise UnreadablePDFError(
            name,
            f"the file is {size / 1024 / 1024:.1f} MiB, over the {max_mb:g} MiB limit",
            "Split the PDF, or raise ASSISTANT_MAX_PDF_MB if it really is one agreement.",
        )
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise UnreadablePDFError(
            name, "not a PDF file (no %PDF header)", "Export or save the document as PDF."
        )

    # pypdf is imported here so that --help and light commands stay fast.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

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
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, IndexError) as exc:
        raise UnreadablePDFError(
            name,
            f"the PDF is damaged or truncated ({type(exc).__name__})",
            "Get a complete copy of the file.",
        ) from exc
    except Exception as exc:  # pypdf raises many types on mangled files; none may kill a batch
        raise UnreadablePDFError(
            name, f"the PDF could not be parsed ({type(exc).__name__})", "Get a complete copy of the file."
        ) from exc
    if count == 0:
        raise UnreadablePDFError(name, "the PDF has no pages", "Get a complete copy of the file.")
    if count > max_pages:
        raise UnreadablePDFError(
            name,
            f"the PDF has {count} pages, over the {max_pages} page limit",
            "Split it, or raise ASSISTANT_MAX_PAGES.",
        )

    pages: list[Page] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            raw = page.extract_text() or ""
        except Exception as exc:  # one bad content stream must not hide the rest of the file
            raise UnreadablePDFError(
                name,
                f"page {number} could not be read ({type(exc).__name__})",
                "Get a complete copy of the file.",
            ) from exc
        if len(raw) > max_page_chars:
            log.warning("%s page %d: text cut at %d characters", name, number, max_page_chars)
            raw = raw[:max_page_chars]
        pages.append(Page(document=name, number=number, text=normalize_text(raw)))

    if sum(len(p.text) for p in pages) < MIN_TEXT_CHARS:
        raise UnreadablePDFError(
            name,
            "the PDF has no text layer (a scanned document?); it needs OCR",
            "Run OCR on it (e.g. 'ocrmypdf in.pdf out.pdf') and ingest the result.",
        )
    return pages
