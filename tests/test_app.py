"""The chat app driven by Streamlit's AppTest against the real corpus index (built once per session)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.settings import Settings

from .conftest import write_pdf

APP = Path(__file__).resolve().parent.parent / "app.py"
TIMEOUT = 120  # the first run loads the e5 model and the index; later runs take well under a second


def start(monkeypatch: pytest.MonkeyPatch, settings: Settings, **env: str) -> AppTest:
    """Run the app once with ASSISTANT_* pointing at `settings`' corpus and index (plus `env`)."""
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    for key, value in env.items():
        monkeypatch.setenv(f"ASSISTANT_{key.upper()}", value)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input(key="question").set_value(question).run()
    assert not at.exception, at.exception
    return at


def plain(markdown: str) -> str:
    """Undo the app's Markdown escaping, to compare with the text a reader sees."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


@pytest.fixture
def app(real_index: Settings, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return start(monkeypatch, real_index)


def test_first_visit_shows_welcome_examples_and_the_sidebar(app: AppTest):
    assert "Lifecare Samordnad Planering" in texts(app.main.markdown)
    examples = [b.label for b in app.main.button if b.key.startswith("example-")]
    assert "Vad betalar Ånge 2026?" in examples and "Vem ansvarar för lokal support?" in examples
    assert any(q.isascii() for q in examples)  # one in English
    sidebar = texts(app.sidebar.markdown)
    assert "Samverkansavtal för förvaltning och drift av Lifecare Samordnad Planering" in sidebar
    assert "5 sidor" in sidebar and "avsnitt" in sidebar
    assert "e5" in sidebar and "Extraktiv" in sidebar
    assert app.sidebar.button(key="rebuild").label == "Uppdatera index"
    assert "2025\\-09\\-30" in sidebar  # a population snapshot with its date
    assert not app.get("file_uploader")  # upload is off unless enabled


def test_document_question_has_numbered_sources_with_page_images(app: AppTest):
    ask(app, "När faktureras kommunerna i Västernorrland?")
    question, answer = app.main.chat_message
    assert question.markdown[0].value == "När faktureras kommunerna i Västernorrland?"
    assert "juni och december" in texts(answer.markdown)
    labels = [e.label for e in answer.expander]
    assert labels and all(label.startswith(f"\\[{n}\\]") for n, label in enumerate(labels, start=1))
    first = answer.expander[0]
    assert "juni och december" in texts(first.markdown)  # the verbatim quote
    assert first.get("image") and "citatet är markerat" in first.get("image")[0].proto.imgs[0].caption
    download = first.get("download_button")[0]
    assert "sidan 2" in download.label
    assert not app.warning  # an answer, not a refusal


def test_cost_question_shows_the_calculation_table(app: AppTest):
    ask(app, "Vad betalar Ånge 2026?")
    answer = app.main.chat_message[1]
    assert [m.value for m in answer.metric] == ["45 103 kr"]
    inputs = answer.table[0].value
    assert list(inputs.columns) == ["Uppgift", "Värde", "Källa"]
    by_name = {plain(k): plain(v) for k, v in zip(inputs["Uppgift"], inputs["Källa"], strict=True)}
    assert by_name["Minimidebitering (kr/år)"].startswith("Avtalet [1], s. 2")
    assert "SCB" in by_name["Befolkningsdatum som används"]
    assert "Beräkning:" not in texts(answer.markdown)  # shown as steps, not repeated in the text
    assert "Beräkningssteg" in texts(answer.markdown) and "Antaganden" in texts(answer.markdown)


def test_split_question_shows_every_municipality_and_a_chart(app: AppTest):
    ask(app, "Hur fördelas kostnaden 2026 i Västernorrland?")
    answer = app.main.chat_message[1]
    split = answer.table[1].value
    assert len(split) == 8 and "Ånge" in list(split["Part"])
    assert answer.get("vega_lite_chart")


def test_refusal_is_a_warning_with_the_closest_passages(app: AppTest):
    ask(app, "Hur bakar jag kanelbullar?")
    answer = app.main.chat_message[1]
    assert "framgår inte" in answer.warning[0].value
    assert "Närmaste avsnitt" in texts(answer.markdown)
    assert answer.expander  # the closest passages can be opened and checked


def test_example_click_asks_it_and_new_conversation_clears(app: AppTest):
    app.button(key="example-2").click().run()
    assert not app.exception
    assert app.main.chat_message[0].markdown[0].value == "Vem ansvarar för lokal support?"
    assert "lokal support" in texts(app.main.chat_message[1].markdown)
    assert not [b for b in app.main.button if b.key.startswith("example-")]
    app.button(key="new-conversation").click().run()
    assert not app.main.chat_message and app.button(key="example-0")


def test_hostile_question_is_shown_as_text_only(app: AppTest):
    ask(app, "<script>alert(1)</script> ![x](http://example.com/x.png) :red[röd] **fet**")
    shown = app.main.chat_message[0].markdown[0].value
    assert shown.startswith("\\<script\\>alert\\(1\\)\\</script\\>") and "\\!\\[x\\]\\(http\\:" in shown
    assert "\\*\\*fet\\*\\*" in shown
    assert not any(m.proto.allow_html for m in app.get("markdown"))


# -- upload and SCB import (enabled, on copies of the corpus and index) ------------------------
@pytest.fixture(scope="module")
def writable(real_index: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("app-upload")
    shutil.copytree(real_index.corpus_dir, root / "corpus", ignore=shutil.ignore_patterns("seeds", "*.py"))
    shutil.copytree(real_index.index_dir, root / "index", ignore=shutil.ignore_patterns(".lock"))
    return Settings(corpus_dir=root / "corpus", index_dir=root / "index")


def _state(settings: Settings) -> tuple[str, list[str], bytes]:
    return (
        (settings.index_dir / "CURRENT").read_text(),
        sorted(p.name for p in settings.corpus_dir.iterdir()),
        settings.population_path.read_bytes(),
    )


def upload(at: AppTest, key: str, button: str, name: str, data: bytes, mime: str) -> AppTest:
    at.file_uploader(key=key).set_value((name, data, mime)).run()
    at.button(key=button).click().run()
    assert not at.exception, at.exception
    return at


def test_bad_uploads_give_a_clear_error_and_change_nothing(
    writable: Settings, monkeypatch: pytest.MonkeyPatch
):
    at = start(monkeypatch, writable, allow_upload="true")
    before = _state(writable)
    upload(at, "pdf-file", "pdf-add", "avtal.pdf", b"det har ar ingen pdf", "application/pdf")
    assert "ingen PDF" in at.sidebar.error[0].value
    upload(at, "pdf-file", "pdf-add", "trasig.pdf", b"%PDF-1.4\n1 0 obj\n<<", "application/pdf")
    assert "trasig\\.pdf" in at.sidebar.error[0].value
    upload(at, "scb-file", "scb-import", "scb.csv", b"", "text/csv")
    assert "scb\\.csv is empty" in at.sidebar.error[0].value and "/tmp" not in at.sidebar.error[0].value
    assert _state(writable) == before


def test_good_upload_is_indexed_and_listed(
    writable: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    at = start(monkeypatch, writable, allow_upload="true")
    pdf = write_pdf(tmp_path / "g.pdf", ["Glassavtal\nGlasskiosken i Ånge öppnar klockan nio varje dag."])
    upload(at, "pdf-file", "pdf-add", "../Glassavtal (Ånge).pdf", pdf.read_bytes(), "application/pdf")
    assert "lades till som uppladdad\\-glassavtal\\-ange\\-" in at.sidebar.success[0].value
    stored = list(writable.corpus_dir.glob("uppladdad-glassavtal-ange-*.pdf"))
    assert len(stored) == 1 and not (writable.corpus_dir.parent / "Glassavtal (Ånge).pdf").exists()
    assert "uppladdad glassavtal ange" in texts(at.sidebar.markdown)
    ask(at, "När öppnar glasskiosken i Ånge?")
    assert "klockan nio" in texts(at.main.chat_message[1].markdown)


def test_missing_corpus_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    empty = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    empty.corpus_dir.mkdir()
    at = start(monkeypatch, empty, embedder="fake")
    assert "No text could be indexed" in at.error[0].value
    assert "ASSISTANT\\_CORPUS\\_DIR" in at.info[0].value
    assert not at.chat_input


def test_rebuild_button_adds_a_pdf_copied_into_the_corpus(
    writable: Settings, monkeypatch: pytest.MonkeyPatch
):
    at = start(monkeypatch, writable, allow_upload="true")
    write_pdf(writable.corpus_dir / "kopierat-avtal.pdf", ["Kopierat avtal\nSnöröjning sker vid behov."])
    at.run()
    assert "Ny\\: kopierat\\-avtal\\.pdf" in at.sidebar.warning[0].value
    at.sidebar.button(key="rebuild").click().run()
    assert not at.exception, at.exception
    assert "1 nya" in at.sidebar.success[0].value
    assert "kopierat avtal" in texts(at.sidebar.markdown) and not at.sidebar.warning


def test_scb_import_updates_the_population_used_by_calculations(
    writable: Settings, monkeypatch: pytest.MonkeyPatch
):
    at = start(monkeypatch, writable, allow_upload="true")
    figures = {"Ånge": 9000, "Timrå": 17500, "Härnösand": 24300, "Sundsvall": 99200}
    figures |= {"Kramfors": 17400, "Sollefteå": 18200, "Örnsköldsvik": 55400}
    export = "region;2025\n" + "".join(f"{name};{n}\n" for name, n in figures.items())
    upload(at, "scb-file", "scb-import", "folkmangd.csv", export.encode("cp1252"), "text/csv")
    assert "Importerade 2025\\-12\\-31\\: 7 nya rader" in at.sidebar.success[0].value
    assert "**2025\\-12\\-31** · 7 kommuner" in texts(at.sidebar.markdown)
    ask(at, "Vad betalar Ånge 2026?")
    table = at.main.chat_message[1].table[0].value
    used = dict(zip(map(plain, table["Uppgift"]), map(plain, table["Värde"]), strict=True))
    assert used["Befolkningsdatum som används"] == "2025-12-31" and used["Kommunens befolkning"] == "9 000"


def test_bad_setting_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    at = start(monkeypatch, Settings(corpus_dir=tmp_path, index_dir=tmp_path / "index"), top_k="många")
    assert "ASSISTANT\\_TOP\\_K" in at.error[0].value and not at.chat_input
