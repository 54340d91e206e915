"""A picture of one PDF page with a cited quote highlighted, so a reader can check it at a glance.

The quote is the *normalised* page text (hyphenation joined, whitespace collapsed), so
it is looked up on the page by its letters and digits only, ignoring spaces, line
breaks and dashes; the matched characters' boxes become translucent rectangles, one
per line. A quote that cannot be found leaves the page unmarked rather than wrong.
The picture is cropped to the page's text plus a margin, so it reads well in a chat column.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import UnreadablePDFError

HIGHLIGHT = (255, 214, 0, 110)
"""Translucent yellow, like a highlighter pen."""
OUTLINE = (214, 120, 0, 255)

# pdfium is not thread-safe and Streamlit runs each session in its own thread.
_PDFIUM = threading.Lock()

Box = tuple[float, float, float, float]
"""left, top, right, bottom in image pixels."""


@dataclass(frozen=True)
class PageImage:
    """A rendered page as PNG bytes, and whether the quote was found and marked."""

    png: bytes
    highlighted: bool
    page_count: int


def _key(ch: str) -> str:
    return ch.casefold() if ch.isalnum() else ""


def find_span(page_chars: list[str], quote: str) -> tuple[int, int] | None:
    """First and last index in `page_chars` of `quote`, comparing letters and digits only."""
    wanted = "".join(_key(c) for c in quote)
    if len(wanted) < 3:
        return None
    keys: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(page_chars):
        for k in _key(ch):
            keys.append(k)
            where.append(index)
    start = "".join(keys).find(wanted)
    if start < 0:
        return None
    return where[start], where[start + len(wanted) - 1]


def merge_lines(boxes: list[Box]) -> list[Box]:
    """Join character boxes into one rectangle per text line (boxes arrive in reading order)."""
    lines: list[Box] = []
    for left, top, right, bottom in boxes:
        if lines:
            l0, t0, r0, b0 = lines[-1]
            middle = (top + bottom) / 2
            if t0 <= middle <= b0:
                lines[-1] = (min(l0, left), min(t0, top), max(r0, right), max(b0, bottom))
                continue
        lines.append((left, top, right, bottom))
    return lines


def _quote_boxes(handle, quote: str, scale: float) -> list[Box]:
    """Pixel boxes of the quote's characters on an open pdfium page (empty when not found)."""
    import pypdfium2.raw as raw

    height = handle.get_height()
    text = handle.get_textpage()
    try:
        chars = [chr(raw.FPDFText_GetUnicode(text.raw, i)) for i in range(text.count_chars())]
        span = find_span(chars, quote)
        boxes: list[Box] = []
        for i in range(span[0], span[1] + 1) if span else ():
            if not chars[i].isspace():
                left, bottom, right, top = text.get_charbox(i, loose=True)
                boxes.append((left * scale, (height - top) * scale, right * scale, (height - bottom) * scale))
        return boxes
    finally:
        text.close()


def _content_box(image) -> tuple[int, int, int, int] | None:
    """Bounding box of everything that is not white on the page image."""
    from PIL import ImageOps

    return ImageOps.invert(image.convert("L")).getbbox()


def _trim(image, margin: int):
    """Cut the blank margins and the empty lower part of a page, so the text is shown larger."""
    box = _content_box(image)
    if box is None:
        return image
    left, top, right, bottom = box
    return image.crop(
        (
            max(0, left - margin),
            max(0, top - margin),
            min(image.width, right + margin),
            min(image.height, bottom + margin),
        )
    )


def render_page(pdf: Path, page: int, quote: str = "", scale: float = 1.6) -> PageImage:
    """PNG of 1-based `page` of `pdf`, with `quote` highlighted where it is found.

    Raises UnreadablePDFError when the file or the page cannot be opened.
    """
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(pdf)
        except (pdfium.PdfiumError, OSError) as exc:
            raise UnreadablePDFError(pdf.name, f"cannot be shown ({exc})") from exc
        try:
            count = len(document)
            if not 1 <= page <= count:
                raise UnreadablePDFError(pdf.name, f"has no page {page} (it has {count})")
            handle = document[page - 1]
            image = handle.render(scale=scale).to_pil().convert("RGBA")
            boxes = _quote_boxes(handle, quote, scale) if quote.strip() else []
            handle.close()
        finally:
            document.close()

    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        pad = 2 * scale
        content = _content_box(image)
        margin = max(2.0, (content[0] if content else 0) - 8 * scale)
        for left, top, right, bottom in merge_lines(boxes):
            draw.rectangle((left - pad, top - pad / 2, right + pad, bottom + pad / 2), fill=HIGHLIGHT)
            # a bar in the page margin beside each marked line, visible even where the yellow is faint
            draw.line((margin, top - pad / 2, margin, bottom + pad / 2), fill=OUTLINE, width=int(2 * scale))
        image = Image.alpha_composite(image, overlay)
    image = _trim(image, margin=int(18 * scale))
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return PageImage(out.getvalue(), bool(boxes), count)
