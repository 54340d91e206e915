"""The app's pure helpers: escaping, highlighted page images, uploads, index status, calculation tables."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant.errors import UnreadablePDFError
from assistant.ingest.pipeline import ingest
from assistant.settings import Settings
from assistant.store import layout
from assistant.types import Calculation, Citation
from assistant.ui import calculation, status
from assistant.ui.pages import find_span, merge_lines, render_page
from assistant.ui.text import answer_markdown, escape, without_calculation_lines
from assistant.ui.upload import UploadError, safe_name, store_upload

from .conftest import CORPUS, write_pdf

VN = CORPUS / "vasternorrland-samverkansavtal-lifecare-sp.pdf"


# -- text ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "![spår](http://example.com/x.png)",
        "[klicka](javascript:alert(1))",
        ":red[röd] $x^2$ <img src=x onerror=alert(1)>",
        "# Rubrik\n---\n1. lista",
    ],
)
def test_escape_leaves_no_markup_a_renderer_would_act_on(hostile: str):
    out = escape(hostile)
    for ch in "<>[]()!#:$":
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == ch), (ch, out)


def test_answer_markdown_keeps_bold_and_bullets_only():
    text = "Avtalen säger:\n- **Västernorrland, s. 3:** «Parterna <b>ansvarar</b>» [1]"
    out = answer_markdown(text)
    assert out.startswith("Avtalen säger\\:  \n- **Västernorrland, s\\. 3\\:** «Parterna \\<b\\>")
    assert "\\[1\\]" in out
    assert answer_markdown("a ** b") == "a \\*\\* b"  # an unpaired marker is literal


def test_calculation_lines_are_left_to_the_table_but_other_lines_kept():
    text = (
        "Ånge betalar 45 103 kr [1][2].\nBeräkning: 2 408 080 kr × 50 %\nBefolkning: 2025-09-30\n"
        "Per kommun:\n- Sundsvall: 494 951 kr\nAntaganden:\n- Högst 200 användare.\n"
        "Fördelningen görs av Storsthlm."
    )
    assert without_calculation_lines(text) == (
        "Ånge betalar 45 103 kr [1][2].\nBefolkning: 2025-09-30\nFördelningen görs av Storsthlm."
    )
    assert without_calculation_lines("Bara en rad.") == "Bara en rad."


# -- page images -----------------------------------------------------------------------------
def test_find_span_ignores_line_breaks_hyphens_and_case():
    page = list("Giltighetstid för huvud-\r\navtalet 2024-\r\n04-08 gäller.")
    span = find_span(page, "huvudavtalet 2024-04-08")
    assert span is not None and "".join(page[span[0] : span[1] + 1]).startswith("huvud")
    assert find_span(page, "finns inte här") is None
    assert find_span(page, "a") is None  # too short to mark anything meaningful


def test_merge_lines_gives_one_rectangle_per_line():
    boxes = [(10, 100, 20, 110), (20, 100, 30, 111), (10, 120, 15, 130)]
    assert merge_lines(boxes) == [(10, 100, 30, 111), (10, 120, 15, 130)]


def _yellow_pixels(png: bytes) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, g, b in image.getdata() if r > 200 and g > 180 and b < 140)


def test_page_image_marks_the_quote_and_only_then():
    quote = "Debitering av kommuner sker två gånger per år; i juni och december."
    marked = render_page(VN, 2, quote)
    plain = render_page(VN, 2, "En mening som inte står på sidan alls.")
    assert marked.highlighted and marked.page_count == 5 and marked.png.startswith(b"\x89PNG")
    assert not plain.highlighted
    assert _yellow_pixels(marked.png) > 500 and _yellow_pixels(plain.png) == 0


def test_page_image_errors_name_the_file(tmp_path: Path):
    with pytest.raises(UnreadablePDFError, match="no page 9"):
        render_page(VN, 9)
    bad = tmp_path / "trasig.pdf"
    bad.write_bytes(b"%PDF-1.4 inte mer")
    with pytest.raises(UnreadablePDFError, match=r"trasig\.pdf"):
        render_page(bad, 1)


# -- uploads ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "original",
    ["../../etc/passwd.pdf", "..\\..\\x.pdf", "/abs/path/Avtal Ånge.pdf", "\u202e\x00fdp.pdf", ".pdf"],
)
def test_upload_names_are_generated_and_never_paths(original: str):
    name = safe_name(original)
    assert name.startswith("uppladdad-") and name.endswith(".pdf")
    assert "/" not in name and "\\" not in name and ".." not in name and name.isascii()
    assert safe_name(original) != name  # a random part: two uploads never collide


@pytest.fixture
def upload_settings(fake_settings: Settings) -> Settings:
    ingest(fake_settings)
    return fake_settings.model_copy(update={"allow_upload": True, "upload_max_mb": 1.0})


def _snapshot(settings: Settings) -> tuple[str, list[str]]:
    current = (settings.index_dir / "CURRENT").read_text()
    return current, sorted(p.name for p in settings.corpus_dir.iterdir())


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("avtal.pdf", b"", "tom"),
        ("avtal.pdf", b"hej, jag ar ingen pdf", "ingen PDF"),
        ("avtal.docx", b"%PDF-1.4", "bara PDF"),
        ("avtal.pdf", b"%PDF-1.4\n" + b"x" * (2 * 1024 * 1024), "över gränsen"),
        ("avtal.pdf", b"%PDF-1.4\n1 0 obj\n<<", "avtal.pdf"),
    ],
)
def test_bad_uploads_change_nothing(upload_settings: Settings, name: str, data: bytes, message: str):
    before = _snapshot(upload_settings)
    with pytest.raises(UploadError, match=message):
        store_upload(upload_settings, name, data)
    assert _snapshot(upload_settings) == before


def test_upload_is_off_by_default(fake_settings: Settings, tmp_path: Path):
    pdf = write_pdf(tmp_path / "x.pdf", ["Avtal om glass i Ånge."])
    with pytest.raises(UploadError, match="avstängd"):
        store_upload(fake_settings, "x.pdf", pdf.read_bytes())


def test_good_upload_is_stored_inside_the_corpus_and_indexed(upload_settings: Settings, tmp_path: Path):
    pdf = write_pdf(tmp_path / "src.pdf", ["Glassavtal\nKiosken i Ånge öppnar klockan nio varje dag."])
    result = store_upload(upload_settings, "../../Glassavtal (Ånge).pdf", pdf.read_bytes())
    assert result.file.startswith("uppladdad-glassavtal-ange-") and result.pages == 1
    assert (upload_settings.corpus_dir / result.file).is_file()
    assert not list(upload_settings.corpus_dir.glob(".*.part"))
    assert not (tmp_path.parent / "Glassavtal (Ånge).pdf").exists()
    build = layout.current_build(upload_settings.index_dir)
    assert build is not None and result.file in layout.read_state(build).documents

    before = _snapshot(upload_settings)
    with pytest.raises(UploadError, match="finns redan"):
        store_upload(upload_settings, "samma igen.pdf", pdf.read_bytes())
    assert _snapshot(upload_settings) == before


# -- sidebar status --------------------------------------------------------------------------
def test_index_status_notices_new_changed_and_removed_pdfs(fake_settings: Settings, tmp_path: Path):
    ingest(fake_settings)
    build = layout.current_build(fake_settings.index_dir)
    assert build is not None
    fresh = status.index_status(build, fake_settings.corpus_dir)
    assert fresh.up_to_date and fresh.documents == 3 and fresh.chunks > 0

    corpus = fake_settings.corpus_dir
    write_pdf(corpus / "ny.pdf", ["Ett nytt avtal."])
    write_pdf(corpus / "avtal-0.pdf", ["Ändrad text."])
    (corpus / "avtal-1.pdf").unlink()
    stale = status.index_status(build, corpus)
    assert (stale.new, stale.changed, stale.missing) == (("ny.pdf",), ("avtal-0.pdf",), ("avtal-1.pdf",))

    rows = status.document_rows(layout.read_chunks(build), build)
    assert [r.file for r in rows] == ["avtal-0.pdf", "avtal-1.pdf", "avtal-2.pdf"]
    assert all(r.pages == 2 and r.chunks >= 1 for r in rows)


def test_population_rows_report_dates_coverage_and_sources():
    rows = status.population_rows(CORPUS / "befolkning-vasternorrland.csv")
    assert rows == sorted(rows, key=lambda r: r.date, reverse=True)
    assert any(r.complete for r in rows) and all(r.source.startswith("SCB") for r in rows)


# -- calculation tables ----------------------------------------------------------------------
def test_calculation_inputs_name_their_sources():
    calc = Calculation(
        tool="vasternorrland_municipality_cost",
        result=45103.0,
        unit="kr",
        inputs={
            "agreement": "vasternorrland",
            "year": 2026,
            "minimum_charge": 2408080,
            "concurrent_users": None,
            "region_percent": 50.0,
            "population_date": "2025-09-30",
            "population_source": "SCB kvartalsstatistik 30 september 2025",
            "population_table": "corpus/befolkning-vasternorrland.csv",
            "population": 9033,
            "municipality": "Ånge",
        },
        steps=("Minimidebitering: 2 408 080 kr",),
    )
    cites = (
        Citation("a.pdf", 2, "Minimidebiteringen är vid avtalets tecknande 2 408 080 kr per år."),
        Citation("a.pdf", 2, "Kostnaden 2026 fördelas med 50% till Region Västernorrland."),
    )
    rows = {r.name: r for r in calculation.input_rows(calc, cites)}
    assert rows["Minimidebitering (kr/år)"].value == "2 408 080"
    assert rows["Minimidebitering (kr/år)"].source == "Avtalet [1], s. 2"
    assert rows["Regionens andel (%)"].source == "Avtalet [2], s. 2"
    assert (
        rows["Kommunens befolkning"].source
        == "SCB kvartalsstatistik 30 september 2025 (befolkning-vasternorrland.csv)"
    )
    assert rows["Kommun"].source == "Angivet i frågan"
    assert "Avtal" not in rows and "Samtidigt inloggade användare" not in rows  # named elsewhere / not given
    assert calculation.result_text(calc) == "45 103 kr"


def test_split_rows_become_a_table_and_chart_data():
    calc = Calculation(
        "split", 100.0, "kr", {}, (),
        rows=(
            {"party": "Region", "kind": "region", "population": None, "share_percent": 50.0, "amount": 50},
            {"party": "Ånge", "kind": "kommun", "population": 9033, "share_percent": 1.873, "amount": 2},
        ),
    )  # fmt: skip
    columns, table, amounts = calculation.split_table(calc)
    assert columns == ["Part", "Typ", "Invånare", "Andel (%)", "Belopp (kr)"]
    assert table[1] == ["Ånge", "kommun", "9 033", "1,87", "2"] and table[0][2] == ""
    assert amounts == {"Region": 50.0, "Ånge": 2.0}


def test_missing_for_names_only_real_gaps() -> None:
    from assistant.agreements import load_registry
    from assistant.agreements.write import missing_for
    from assistant.settings import PROJECT_ROOT

    registry = load_registry(PROJECT_ROOT / "corpus")
    assert all(missing_for(registry, d) == [] for a in registry.agreements for d in a.documents)
    assert missing_for(registry, "uppladdad-okänd.pdf")  # no agreement file: named, with what to add
