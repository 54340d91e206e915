import logging
from pathlib import Path

import pytest

from assistant.errors import UnreadablePDFError
from assistant.ingest.pdf import read_pdf


def test_reads_pages_in_order_with_swedish_characters(make_pdf):
    path = make_pdf("a.pdf", ["Första sidan: åäö ÅÄÖ", "Andra sidan"])
    pages = read_pdf(path)
    assert [p.number for p in pages] == [1, 2]
    assert pages[0].text == "Första sidan: åäö ÅÄÖ"
    assert pages[0].document == "a.pdf"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"hello, this is not a pdf at all", "not a PDF"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "damaged"),
    ],
)
def test_bad_files_get_a_message_naming_the_file(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(UnreadablePDFError) as err:
        read_pdf(path)
    assert "bad.pdf" in str(err.value)
    assert reason in str(err.value)
    assert err.value.hint


def test_truncated_pdf(make_pdf):
    path = make_pdf("t.pdf", ["Text som ska kapas " * 5] * 3)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(UnreadablePDFError, match=r"t\.pdf"):
        read_pdf(path)


def test_encrypted_pdf_is_refused_but_empty_password_opens(make_pdf, tmp_path: Path):
    from pypdf import PdfReader, PdfWriter

    src = make_pdf("plain.pdf", ["Hemlig text om avtalet"])
    for password, name in (("hemligt", "locked.pdf"), ("", "open.pdf")):
        writer = PdfWriter(clone_from=PdfReader(src))
        writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
        with (tmp_path / name).open("wb") as fh:
            writer.write(fh)
    with pytest.raises(UnreadablePDFError, match="encrypted"):
        read_pdf(tmp_path / "locked.pdf")
    assert "Hemlig text" in read_pdf(tmp_path / "open.pdf")[0].text


def test_scanned_pdf_without_text_layer_needs_ocr(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 150, style="F")  # a "scan": ink, no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(UnreadablePDFError, match="OCR"):
        read_pdf(path)


def test_size_and_page_limits(make_pdf):
    path = make_pdf("big.pdf", ["sida"] * 3)
    with pytest.raises(UnreadablePDFError, match="page limit"):
        read_pdf(path, max_pages=2)
    with pytest.raises(UnreadablePDFError, match="MiB"):
        read_pdf(path, max_mb=0.0001)


def test_long_page_is_cut_not_crashing(make_pdf):
    path = make_pdf("long.pdf", ["\n".join(["ord " * 40] * 40)])
    pages = read_pdf(path, max_page_chars=1000)
    assert 0 < len(pages[0].text) <= 1000


def test_pypdf_warnings_name_the_file(make_pdf):
    path = make_pdf("utan-eof.pdf", ["Första sidan har text nog för ett avtal."])
    path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%XYZ"))  # pypdf: "EOF marker not found"
    seen: list[str] = []

    class Printed(logging.Handler):  # what a console handler on the root logger would print
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = Printed(logging.WARNING)
    logging.getLogger().addHandler(handler)
    try:
        with pytest.raises(UnreadablePDFError) as err:
            read_pdf(path)
    finally:
        logging.getLogger().removeHandler(handler)
    assert "utan-eof.pdf" in str(err.value)
    eof = [m for m in seen if "EOF marker not found" in m]
    assert eof and all(m.startswith("utan-eof.pdf: ") for m in eof)
