"""Passages and quotes keep the documents' structure: sentences across line breaks, lists, table rows.

Written from the shipped PDFs' text (corpus/seeds), not from the eval questions.
"""

from functools import cache

from assistant.answering.sentences import passage_units, split_sentences
from assistant.ingest.chunking import chunk_pages
from assistant.ingest.manifest import load_manifest
from assistant.ingest.pdf import read_pdf

from .conftest import CORPUS

NB = "norrbotten-forvaltningsplan-samordnad-planering-2021.pdf"
S20 = "stockholm-interimsoverenskommelse-2020.pdf"
VN = "vasternorrland-samverkansavtal-lifecare-sp.pdf"


@cache
def _page(document: str, page: int) -> str:
    return read_pdf(CORPUS / document)[page - 1].text


def _flat(text: str) -> str:
    return " ".join(text.split())


def _units(text: str, kind: str) -> list[str]:
    return [_flat(text[u.start : u.end]) for u in passage_units(text) if u.kind == kind]


def test_a_sentence_keeps_the_year_on_its_next_line():
    sentences = [_flat(s) for s in split_sentences(_page(S20, 3))]
    assert "Produktionssättning beräknas att ske under första halvåret 2021." in sentences


def test_a_number_that_opens_a_line_is_not_a_list_number():
    text = (
        "Kostnaden 2025 fördelas med 60 % till regionen och\n"
        "40 % till kommunerna, fördelat efter befolkning.\n"
        "Avtalet ersätter:\n"
        "1. Det tidigare avtalet om drift\n"
        "2. Överenskommelsen om support"
    )
    sentences = [_flat(s) for s in split_sentences(text)]
    assert (
        "Kostnaden 2025 fördelas med 60 % till regionen och 40 % till kommunerna, fördelat efter befolkning."
        in (sentences)
    )
    assert "Avtalet ersätter: 1. Det tidigare avtalet om drift 2. Överenskommelsen om support" in _units(
        text, "list"
    )


def test_a_heading_alone_is_never_a_unit():
    page = _page(NB, 5)
    headings = {"6 Mål och budget", "6.2 Mål för år 2021", "6.3 Budget", "6.1 Övergripande mål för 3-årsplan"}
    assert not headings & {_flat(s) for s in split_sentences(page)}


def test_a_list_is_quoted_with_its_heading_and_every_item():
    lists = _units(_page(NB, 5), "list")
    goals = [u for u in lists if u.startswith("6.2 Mål för år 2021")]
    assert goals, lists
    assert goals[0].count("Att ") == 6
    assert goals[0].endswith("Att avtal tecknas med leverantör för IT-stödet Lifecare SP.")


def test_a_bulleted_list_keeps_its_lead_in_sentence():
    lists = _units(_page(VN, 1), "list")
    parties = [u for u in lists if u.startswith("Mellan Region Västernorrland")]
    assert parties and parties[0].count("org.nr") == 8


def test_a_table_row_comes_with_the_column_header():
    rows = _units(_page(NB, 5), "row")
    change = [r for r in rows if r.endswith("Ändringshantering 276 000 kr 276 000 kr")]
    assert change and change[0].startswith("Huvudaktivitet Verksamhetsnära förvaltning")
    tables = _units(_page(NB, 5), "table")
    assert any(
        t.startswith("Förvaltningsobjektets totala budget är följande:") and "1 657 746 kr" in t
        for t in tables
    )


def test_chunks_never_cut_a_list_or_a_table():
    info = load_manifest(CORPUS)[NB]
    chunks = chunk_pages(read_pdf(CORPUS / NB), info)
    texts = [_flat(c.text) for c in chunks if c.page == 5]
    goals = [t for t in texts if "6.2 Mål för år 2021 Att nuvarande IT-stöd" in t]
    assert goals and "Att avtal tecknas med leverantör för IT-stödet Lifecare SP." in goals[0]
    assert any("Huvudaktivitet" in t and "Summa kronor 1 657 746 kr" in t for t in texts)
    for c in chunks:
        assert c.text in read_pdf(CORPUS / NB)[c.page - 1].text


def test_a_flattened_table_row_keeps_the_cell_line_after_it():
    rows = _units(_page(NB, 6), "row")
    assert any("Förvaltningsledare 70% Ann Wennerkull" in r for r in rows), rows


def test_a_signature_block_is_one_record():
    records = _units(_page(VN, 5), "record")
    ange = [r for r in records if "Ånge kommun" in r]
    assert ange and "Katarina Persson" in ange[0] and "2025-11-17" in ange[0]
