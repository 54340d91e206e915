"""Inconsistency checks: the four slips in the shipped corpus, generality on made-up text, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.checks import findings_for, run_checks
from assistant.cli import main
from assistant.ingest.normalize import normalize_text, quote_in_text
from assistant.ingest.pdf import read_pdf
from assistant.settings import PROJECT_ROOT
from assistant.types import Page

CORPUS = PROJECT_ROOT / "corpus"
VNL = "vasternorrland-samverkansavtal-lifecare-sp.pdf"
NORRBOTTEN = "norrbotten-forvaltningsplan-samordnad-planering-2021.pdf"
INTERIM = "stockholm-interimsoverenskommelse-2020.pdf"
NEW = "stockholm-overenskommelse-lifecare-sp-2026-2030.pdf"


@pytest.fixture(scope="module")
def pages() -> list[Page]:
    return [p for pdf in sorted(CORPUS.glob("*.pdf")) for p in read_pdf(pdf)]


@pytest.fixture(scope="module")
def findings(pages):
    return run_checks(pages)


def page(document: str, text: str, number: int = 1) -> Page:
    return Page(document=document, number=number, text=normalize_text(text))


def by_kind(found, kind):
    return [f for f in found if f.kind == kind]


def test_the_shipped_corpus_has_exactly_the_four_known_slips(findings, pages):
    assert sorted(f.kind for f in findings) == [
        "count",
        "duplicate_identifier",
        "law_number",
        "role_percentage",
    ]
    text = {(p.document, p.number): p.text for p in pages}
    for finding in findings:
        assert len(finding.citations) >= 2 and finding.message and finding.summary
        for c in finding.citations:
            assert quote_in_text(c.quote, text[(c.document, c.page)]), (finding.kind, c)


def test_duplicate_organisation_number(findings):
    [finding] = by_kind(findings, "duplicate_identifier")
    assert [c.quote for c in finding.citations] == [
        "Sundsvalls kommun, org.nr 212000-2437",
        "Sollefteå kommun, org.nr 212000-2437",
    ]
    assert "212000-2437" in finding.message and "Sundsvalls kommun och Sollefteå kommun" in finding.message


def test_discharge_law_cited_with_two_numbers(findings):
    [finding] = by_kind(findings, "law_number")
    assert {(c.document, c.page) for c in finding.citations} == {(INTERIM, 2), (NEW, 1), (VNL, 1)}
    interim = next(c for c in finding.citations if c.document == INTERIM)
    assert interim.quote.startswith("lagen (2017:162) om samverkan vid utskrivning")
    assert "2017:162" in finding.message and "2017:612" in finding.message


def test_forvaltningsledare_100_against_80_percent(findings):
    [finding] = by_kind(findings, "role_percentage")
    assert {c.document for c in finding.citations} == {NORRBOTTEN}
    quotes = [c.quote for c in finding.citations]
    assert quotes[0].startswith("Förvaltningsledare på 100 %") and "Förvaltningsledare 80%" in quotes
    assert "100 % i avsnitt 6.3.1 Finansiering" in finding.message
    assert "80 %" in finding.message and "7.1 Bemannad förvaltningsorganisation" in finding.message


def test_seven_municipalities_against_eight_agreements(findings):
    [finding] = by_kind(findings, "count")
    quotes = " | ".join(c.quote for c in finding.citations)
    assert "läns sju kommuner" in quotes and "(åtta separata avtal)" in quotes
    assert "Örnsköldsviks kommun, org.nr 212000-2445" in quotes  # the listed parties are counted too
    assert "parterna som räknas upp är 7 kommuner" in finding.message


def test_findings_for_a_cited_passage(findings, pages):
    p1 = next(p for p in pages if p.document == VNL and p.number == 1)
    assert {f.kind for f in findings_for(findings, VNL, 1)} == {"duplicate_identifier", "law_number", "count"}
    passage = (
        "Avtalstid\nDetta avtal löper med samma giltighetstid som avtalet vilket ingåtts med TietoEvry AB"
    )
    assert quote_in_text(passage, p1.text) and findings_for(findings, VNL, 1, passage) == []
    party = "• Sollefteå kommun, org.nr 212000-2437\n• Örnsköldsviks kommun, org.nr 212000-2445"
    [hit] = [f for f in findings_for(findings, VNL, 1, party) if f.kind == "duplicate_identifier"]
    assert hit.note().startswith("Observera: organisationsnumret 212000-2437")
    assert hit.note("en").startswith("Note: organisation number 212000-2437")
    assert findings_for(findings, NEW, 3) == []


# --- generality: made-up documents ---------------------------------------------------------------


def test_made_up_duplicate_identifier_across_documents():
    found = run_checks(
        [
            page("a.pdf", "Parter\n• Region Exempel, org.nr 232100-9999\n• Alfa kommun, org.nr 212000-1111"),
            page("b.pdf", "Parter\n- Beta kommun, organisationsnummer: 2120001111"),
        ],
        {"a.pdf": "Avtal A"},
    )
    [finding] = found
    assert finding.kind == "duplicate_identifier" and "212000-1111" in finding.message
    assert [(c.document, c.title) for c in finding.citations] == [("a.pdf", "Avtal A"), ("b.pdf", "")]


def test_made_up_party_with_two_numbers():
    found = run_checks(
        [
            page("a.pdf", "• Gamma kommun, org.nr 212000-1234"),
            page("b.pdf", "• Gamma kommun, org.nr 212000-4321"),
        ]
    )
    assert [f.kind for f in found] == ["duplicate_identifier"]
    assert "212000-1234 och 212000-4321" in found[0].message


def test_made_up_law_number_mismatch_in_either_word_order():
    found = run_checks(
        [
            page(
                "a.pdf", "Enligt lagen om tillsyn över kommunala solpaneler (2031:45) ska parterna samråda."
            ),
            page("b.pdf", "Se Lag (2031:54) om tillsyn över kommunala\nsolpaneler, som trädde i kraft 2032."),
        ]
    )
    [finding] = found
    assert finding.kind == "law_number" and "2031:45" in finding.message and "2031:54" in finding.message
    assert [c.document for c in finding.citations] == ["a.pdf", "b.pdf"]


def test_made_up_role_percentage_mismatch_between_sections():
    text = (
        "3 Finansiering\nSystemförvaltare på 50 % finansieras av regionen.\n"
        "4 Organisation\nSystemförvaltare 40%\nKalle Exempel\nSuperanvändare på 10 %"
    )
    [finding] = run_checks([page("plan.pdf", text)])
    assert finding.kind == "role_percentage"
    assert (
        "50 % i avsnitt 3 Finansiering" in finding.message
        and "40 % i avsnitt 4 Organisation" in finding.message
    )


def test_made_up_count_mismatch():
    text = (
        "Parter\nMellan regionen och länets tre kommuner gäller detta avtal.\n"
        "• Ett kommun, org.nr 212000-0001\n• Två kommun, org.nr 212000-0002\n"
        "• Tre kommun, org.nr 212000-0003\n• Fyra kommun, org.nr 212000-0004"
    )
    [finding] = run_checks([page("avtal.pdf", text)])
    assert finding.kind == "count" and "ger 3" in finding.message and "4 kommuner" in finding.message


def test_consistent_text_gives_no_finding():
    consistent = [
        page(
            "avtal.pdf",
            "Parter\nMellan regionen och länets två kommuner (två separata avtal).\n"
            "• Region Exempel, org.nr 232100-0001\n• Alfa kommun, org.nr 212000-0002\n"
            "• Beta kommun, org.nr 212000-0003\n"
            "Lag (2017:612) om samverkan vid utskrivning från sluten hälso- och sjukvård gäller.\n"
            "Av de övriga 13 kommunerna och alla 2 kommuner ...",
        ),
        page(
            "plan.pdf",
            "1 Finansiering\nFörvaltningsledare på 50 % och Förvaltningsledare IT 5 %.\n"
            "2 Organisation\nFörvaltningsledare 50%\nFörvaltningsledare 50%\nFörvaltningsledare Teknik 10%\n"
            "Enligt lagen (2017:612) om samverkan vid utskrivning från sluten hälso- och sjukvård.",
        ),
        page("c.pdf", "Vi följer lagen om egenvård (2022:1250) och lag (2017:612) om något helt annat."),
    ]
    assert run_checks(consistent) == []


# --- the command ---------------------------------------------------------------------------------


def test_check_command_on_the_shipped_corpus(capsys, monkeypatch):
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(CORPUS))
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("4 fynd i 5 dokument")
    assert f"{VNL}, s. 1: ”Sundsvalls kommun, org.nr 212000-2437”" in out
    assert f"{INTERIM}, s. 2: ”lagen (2017:162)" in out
    assert main(["check", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["findings"]) == 4 and all(len(f["citations"]) >= 2 for f in data["findings"])


def test_check_command_needs_only_pdfs(tmp_path: Path, make_pdf, capsys, monkeypatch):
    """A fresh clone has no index and maybe no manifest: the check reads the PDFs directly."""
    make_pdf("a.pdf", ["Parter\n• Alfa kommun, org.nr 212000-1111\n• Beta kommun, org.nr 212000-1111"])
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_path))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "no-index"))
    assert main(["check"]) == 0
    assert "212000-1111" in capsys.readouterr().out
    assert not (tmp_path / "no-index").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(empty))
    assert main(["check"]) == 2
    assert "No PDF files" in capsys.readouterr().err
