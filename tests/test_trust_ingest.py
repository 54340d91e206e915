"""Bad input to ingest: every bad file is refused by name with a fix, and the rest of the batch is indexed.

The bad files are built here: damaged, truncated, empty, not a PDF, encrypted,
scanned, oversized, and pathological (a tiny file that unpacks to a huge page).
`raw_pdf` writes a minimal PDF by hand so a test controls every byte. File names
and duplicates are in test_trust_names.py.
"""

from __future__ import annotations

import zlib
from collections import Counter
from functools import cache
from pathlib import Path

from assistant.cli import main
from assistant.ingest.pipeline import ingest
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.store import layout

from .conftest import write_pdf

LINE = b"BT /F1 10 Tf 50 800 Td (Avtalet galler for kommunerna och regionen i lanet.) Tj ET\n"


def _assemble(objs: list[bytes]) -> bytes:
    """A PDF file from its numbered objects (1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def raw_pdf(content: bytes, pages: int = 1, compress: bool = False) -> bytes:
    """A minimal PDF whose pages all draw one shared content stream `content` (so the file stays small)."""
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = 4 + pages
    objs += [
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        f"/Contents {stream} 0 R >>".encode()
    ] * pages
    data = zlib.compress(content, 9) if compress else content
    flt = b" /Filter /FlateDecode" if compress else b""
    objs.append(b"<< /Length %d%s >>\nstream\n" % (len(data), flt) + data + b"\nendstream")
    return _assemble(objs)


def form_pdf(form: bytes, draws: int) -> bytes:
    """A one-page PDF whose page draws the form XObject `form` `draws` times (a tiny page, much work)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >> /Contents 5 0 R >>",
    ]
    page = b"/X1 Do\n" * draws
    objs.append(b"<< /Length %d >>\nstream\n" % len(page) + page + b"\nendstream")
    objs.append(
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Length %d >>\nstream\n" % len(form) + form + b"\nendstream"
    )
    return _assemble(objs)


def scanned_pdf(path: Path, pages: int, text_pages: tuple[int, ...] = ()) -> Path:
    """A 'scan': every page is ink without text, except `text_pages` (1-based), which carry a line."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.rect(20, 20, 100, 150, style="F")
        if n in text_pages:
            pdf.set_xy(15, 200)
            pdf.cell(text="Skannad bilaga till avtalet om Lifecare SP, sida med text.")
    pdf.output(str(path))
    return path


def encrypted_pdf(src: Path, dest: Path, password: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password=password, owner_password="ägare", algorithm="AES-128")
    with dest.open("wb") as fh:
        writer.write(fh)
    return dest


def documents(settings: Settings) -> Counter[str]:
    """Chunks per document in the current build."""
    build = layout.current_build(settings.index_dir)
    assert build is not None
    return Counter(c.document for c in layout.read_chunks(build))


GOOD = {"avtal-0.pdf", "avtal-1.pdf", "avtal-2.pdf"}


@cache
def _huge_page() -> bytes:
    """A 40 kB file whose one page unpacks to 6.6 MB of text drawing."""
    return raw_pdf(LINE * 80_000, compress=True)


@cache
def _bomb() -> bytes:
    """A 100 kB file whose page unpacks to 100 MB."""
    return raw_pdf(b"0" * 100_000_000, compress=True)


def _bad_files(corpus: Path, tmp_path: Path) -> dict[str, str]:
    """Write one bad file of each kind into `corpus`; returns file name -> a word its message must hold."""
    good = write_pdf(tmp_path / "källa.pdf", ["Inledning\nEtt avtal med text som går att läsa, sida ett."])
    data = good.read_bytes()
    (corpus / "trasig.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    (corpus / "kapad.pdf").write_bytes(data[: len(data) // 3])
    (corpus / "tom.pdf").write_bytes(b"")
    (corpus / "inte-pdf.pdf").write_bytes(b"PK\x03\x04 ett zip-arkiv, t.ex. en .docx")
    (corpus / "webbsida.pdf").write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    encrypted_pdf(good, corpus / "lösenord.pdf", "hemligt")
    scanned_pdf(corpus / "skannad.pdf", 3)
    scanned_pdf(corpus / "mest-skannad.pdf", 5, text_pages=(1,))
    (corpus / "jättesida.pdf").write_bytes(_huge_page())
    (corpus / "bomb.pdf").write_bytes(_bomb())
    return {
        "trasig.pdf": "damaged",
        "kapad.pdf": "damaged",
        "tom.pdf": "empty",
        "inte-pdf.pdf": "not a PDF",
        "webbsida.pdf": "not a PDF",
        "lösenord.pdf": "encrypted",
        "skannad.pdf": "OCR",
        "mest-skannad.pdf": "OCR",
        "jättesida.pdf": "MiB of drawing instructions",
        "bomb.pdf": "compression bomb",
    }


def test_bad_files_are_refused_by_name_and_the_rest_is_indexed(fake_settings: Settings, tmp_path: Path):
    expected = _bad_files(fake_settings.corpus_dir, tmp_path)
    report = ingest(fake_settings)
    failed = dict(report.failed)
    assert set(failed) == set(expected)
    for name, word in expected.items():
        message = failed[name]
        assert message.startswith(f"{name}: ") and word in message, message
        assert "\n" not in message and "Traceback" not in message
    assert set(report.added) == GOOD
    assert set(documents(fake_settings)) == GOOD  # no empty pages of the scans, nothing of the rest
    answer = Assistant(fake_settings).ask("Vilket är det hemliga talet för avtal 2?")
    assert "9876" in answer.answer


def test_cli_exit_status_says_some_files_failed(fake_settings: Settings, tmp_path: Path, monkeypatch, capsys):
    expected = _bad_files(fake_settings.corpus_dir, tmp_path)
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(fake_settings.corpus_dir))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(fake_settings.index_dir))
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "fake")
    assert main(["ingest"]) == 1
    out, err = capsys.readouterr()
    assert "3 added" in out
    for name in expected:
        assert f"Fel: {name}: " in err
    assert f"{len(expected)} file(s) failed; the others were indexed." in err
    assert "Traceback" not in err
    assert main(["ingest", str(fake_settings.corpus_dir / "avtal-0.pdf")]) == 0


def test_pdf_with_empty_user_password_opens(fake_settings: Settings, tmp_path: Path):
    src = write_pdf(tmp_path / "öppen.pdf", ["Inledning\nDet öppna avtalet har numret 31337 och gäller."])
    encrypted_pdf(src, fake_settings.corpus_dir / "öppen.pdf", "")
    report = ingest(fake_settings)
    assert report.ok and "öppen.pdf" in report.added


def test_limits_are_configurable_and_bound_the_work(fake_settings: Settings):
    corpus = fake_settings.corpus_dir
    write_pdf(corpus / "lång-sida.pdf", ["\n".join(["ord " * 40] * 40)])
    (corpus / "tät-sida.pdf").write_bytes(raw_pdf(LINE * 250))
    (corpus / "många-sidor.pdf").write_bytes(raw_pdf(LINE * 3, pages=30))
    (corpus / "delad-ström.pdf").write_bytes(raw_pdf(LINE * 180, pages=9, compress=True))
    tight = fake_settings.model_copy(update={"max_page_chars": 4000, "max_pages": 10})
    report = ingest(tight)
    failed = dict(report.failed)
    assert (
        "over the 10 page limit" in failed["många-sidor.pdf"]
        and "ASSISTANT_MAX_PAGES" in failed["många-sidor.pdf"]
    )
    # 9 pages x 900 operators: each page is within its limit (1000), the document (2500) is not
    assert "drawing operators in all" in failed["delad-ström.pdf"]
    assert "page 1 has over 1000 drawing operators" in failed["tät-sida.pdf"]
    assert "lång-sida.pdf" in report.added  # a long page is cut, not refused
    build = layout.current_build(tight.index_dir)
    assert build is not None
    assert sum(len(c.text) for c in layout.read_chunks(build) if c.document == "lång-sida.pdf") <= 4000

    small = fake_settings.model_copy(update={"max_pdf_mb": 0.001, "index_dir": fake_settings.index_dir / "x"})
    report = ingest(small)
    assert all(
        "over the 0.001 MiB limit" in msg and "ASSISTANT_MAX_PDF_MB" in msg for _, msg in report.failed
    )
    assert len(report.failed) == len(list(corpus.glob("*.pdf")))


def test_work_inside_form_xobjects_counts_too(fake_settings: Settings):
    """A 1 kB page that draws one text form 3 000 times: each drawing counts, and counts extra."""
    corpus = fake_settings.corpus_dir
    (corpus / "formulär.pdf").write_bytes(form_pdf(LINE, 3000))
    (corpus / "ett-formulär.pdf").write_bytes(form_pdf(LINE * 10, 1))
    tight = fake_settings.model_copy(update={"max_page_chars": 40_000})  # 10 000 operators a page
    report = ingest(tight)
    failed = dict(report.failed)
    assert "page 1 has over 10000 drawing operators" in failed["formulär.pdf"]
    assert "ett-formulär.pdf" in report.added  # a form drawn once reads normally
