"""Build the shipped agreement PDFs from the verbatim seed texts in corpus/seeds/.

Usage: python corpus/make_pdfs.py   (needs fpdf2 and the DejaVu Sans font)

Each seed line becomes one line of the PDF, so words hyphenated across a line
break stay hyphenated exactly as in the source, and the text layer reads back
verbatim. Pages start at the seed line numbers listed in PAGE_STARTS (1-based):
in most seeds a line that starts with a single space marks a new page of the
original; where that mark is unclear (Norrbotten, Västerbotten) pages split at
natural section boundaries. The leading page-mark space itself is not text and
is dropped. The font size is chosen per page so that every seed page fits on
one PDF page: page numbers in citations are the numbers defined here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)

#: document stem -> (title, 1-based seed line numbers where each page starts)
PAGE_STARTS: dict[str, tuple[str, list[int]]] = {
    "vasternorrland-samverkansavtal-lifecare-sp": (
        "Samverkansavtal Lifecare Samordnad Planering, Region Västernorrland",
        [],  # derived from the single-space page marks
    ),
    "stockholm-overenskommelse-lifecare-sp-2026-2030": (
        "Överenskommelse Lifecare SP 2026–2030, Region Stockholm",
        [],
    ),
    "stockholm-interimsoverenskommelse-2020": (
        "Interimsöverenskommelse IT-stöd vårdövergångar 2020, Region Stockholm",
        [],
    ),
    "norrbotten-forvaltningsplan-samordnad-planering-2021": (
        "Förvaltningsplan 2021 FO Samordnad planering, Region Norrbotten",
        [1, 63, 128, 213, 305, 375],
    ),
    "vasterbotten-protokoll-lansamverkansgruppen-2025-02-21": (
        "Protokoll Länssamverkansgruppen Västerbotten 2025-02-21",
        [1, 93, 134, 178, 220, 264, 312, 354, 371],
    ),
}

MARGIN_MM = 15.0
MAX_FONT_PT = 10.0
BLANK_LINE_FACTOR = 0.35  # a blank seed line is a small gap, not a full line


def page_marks(lines: list[str]) -> list[int]:
    """1-based line numbers of lines starting with exactly one space."""
    marks = [i + 1 for i, line in enumerate(lines) if line.startswith(" ") and line[1:2] not in (" ", "")]
    return marks if marks and marks[0] == 1 else [1, *marks]


def split_pages(stem: str) -> list[list[str]]:
    lines = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    starts = PAGE_STARTS[stem][1] or page_marks(lines)
    pages = []
    for n, start in enumerate(starts):
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(lines)
        chunk = lines[start - 1 : end]
        if chunk and chunk[0].startswith(" ") and not chunk[0].startswith("  "):
            chunk[0] = chunk[0][1:]  # the page mark, not text
        while chunk and not chunk[-1].strip():
            chunk.pop()
        # A tab is layout, not text; pdf fonts have no glyph for it.
        pages.append([line.expandtabs(4).rstrip() for line in chunk])
    return pages


def font_path() -> Path:
    for path in FONT_CANDIDATES:
        if path.exists():
            return path
    sys.exit("DejaVu Sans not found: install it with 'apt-get install fonts-dejavu-core'.")


def fit_font(pdf: FPDF, page: list[str]) -> float:
    usable_w = pdf.w - 2 * MARGIN_MM
    usable_h = pdf.h - 2 * MARGIN_MM
    size = MAX_FONT_PT
    while size > 4:
        pdf.set_font("DejaVu", size=size)
        line_h = size * 0.3528 * 1.25
        height = sum(line_h if line.strip() else line_h * BLANK_LINE_FACTOR for line in page)
        widest = max((pdf.get_string_width(line) for line in page), default=0)
        if height <= usable_h and widest <= usable_w:
            return size
        size -= 0.25
    return size


def build(stem: str, out_dir: Path) -> Path:
    title, _ = PAGE_STARTS[stem]
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", fname=str(font_path()))
    pdf.set_title(title)
    pdf.set_creator("Avtalsassistenten corpus/make_pdfs.py")
    pdf.set_creation_date(__import__("datetime").datetime(2026, 1, 1))
    for page in split_pages(stem):
        pdf.add_page()
        size = fit_font(pdf, page)
        line_h = size * 0.3528 * 1.25
        y = MARGIN_MM
        for line in page:
            if not line.strip():
                y += line_h * BLANK_LINE_FACTOR
                continue
            pdf.set_xy(MARGIN_MM, y)
            pdf.cell(text=line)
            y += line_h
    out = out_dir / f"{stem}.pdf"
    pdf.output(str(out))
    return out


def main() -> None:
    for stem in PAGE_STARTS:
        out = build(stem, HERE)
        print(f"{out.name}: {len(split_pages(stem))} pages")


if __name__ == "__main__":
    main()
