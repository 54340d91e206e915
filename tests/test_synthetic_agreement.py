"""A sixth agreement, added with data only, is answered in full: documents, validity, parties, costs.

The agreement is made here for a county the shipped corpus does not cover, with a
cost model different in structure from Västernorrland's: a fixed yearly licence,
60/40 from the first year, a fee per started block of 25 users above 100,
quarterly invoicing. Nothing in Python names it: a PDF, an agreement file,
a manifest entry and population rows are all it takes.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from assistant.agreements import load_registry
from assistant.agreements.check import check_registry
from assistant.ingest.normalize import quote_in_text
from assistant.ingest.pdf import read_pdf
from assistant.settings import PROJECT_ROOT, Settings
from assistant.tools.numbers import format_kr, largest_remainder

from .conftest import write_pdf

TODAY = dt.date(2026, 11, 22)
DOC = "jamtland-samverkansavtal-lifecare-sp.pdf"
PAGES = [
    "Samverkansavtal Lifecare SP i Jämtlands län\n"
    "Mellan Region Jämtland Härjedalen och länets åtta kommuner har detta avtal slutits.\n"
    "Parter: Ragunda kommun, Bräcke kommun, Krokom kommun, Strömsunds kommun,\n"
    "Åre kommun, Bergs kommun, Härjedalens kommun och Östersunds kommun.\n"
    "Avtalet gäller 2025-01-01 -- 2028-12-31.\n"
    "Uppsägningstiden är sex månader.\n"
    "Förvaltningsledare för avtalet är Karin Exempelsson vid Region Jämtland Härjedalen.",
    "Kostnader\n"
    "Licensen kostar 1 200 000 kr per år.\n"
    "Från och med 2025 fördelas kostnaden med 60% till regionen och 40% till kommunerna.\n"
    "Kommunernas del fördelas efter folkmängden vid det senaste årsskiftet.\n"
    "Över 100 samtidiga användare tas 40 000 kr ut per påbörjat block om 25 användare.\n"
    "Fakturering sker kvartalsvis: i mars, juni, september och december.",
]
MUNICIPALITIES = {
    "Ragunda": ("2303", 5400),
    "Bräcke": ("2305", 6500),
    "Krokom": ("2309", 15300),
    "Strömsund": ("2313", 11400),
    "Åre": ("2321", 12200),
    "Berg": ("2326", 6900),
    "Härjedalen": ("2361", 9900),
    "Östersund": ("2380", 64500),
}
PARTY_QUOTE = (
    "Parter: Ragunda kommun, Bräcke kommun, Krokom kommun, Strömsunds kommun, Åre kommun, Bergs kommun, "
    "Härjedalens kommun och Östersunds kommun."
)


def _agreement_yaml() -> str:
    parties = "\n".join(
        f"  - {{name: {name}, kind: kommun, kommunkod: '{code}', page: 1, quote: '{PARTY_QUOTE}'}}"
        for name, (code, _) in MUNICIPALITIES.items()
    )
    return f"""id: jamtland-2025
region: Jämtland
region_name: Region Jämtland Härjedalen
county_code: '23'
kind: avtal
name: samverkansavtalet i Jämtland
name_en: the Jämtland cooperation agreement
group_name: Jämtlands läns åtta kommuner
documents:
  {DOC}:
    aliases: [samverkansavtalet i jämtland]
    from: 2025-01-01
    to: 2028-12-31
    clauses:
      - {{about: period, page: 1, quote: "Avtalet gäller 2025-01-01 -- 2028-12-31."}}
      - {{about: context, page: 1, quote: "Uppsägningstiden är sex månader."}}
parties:
  - {{name: Region Jämtland Härjedalen, kind: region, page: 1,
      quote: "Mellan Region Jämtland Härjedalen och länets åtta kommuner har detta avtal slutits."}}
{parties}
facts:
  licence: {{value: 1200000, unit: kr, text: 1 200 000 kr, page: 2,
    quote: "Licensen kostar 1 200 000 kr per år."}}
  region_share: {{value: 60, unit: "%", text: 60%, page: 2,
    quote: "Från och med 2025 fördelas kostnaden med 60% till regionen och 40% till kommunerna."}}
  municipalities_share: {{value: 40, unit: "%", text: 40%, page: 2,
    quote: "Från och med 2025 fördelas kostnaden med 60% till regionen och 40% till kommunerna."}}
  basis: {{value: folkmängden, unit: regel, page: 2,
    quote: "Kommunernas del fördelas efter folkmängden vid det senaste årsskiftet."}}
  threshold: {{value: 100, unit: användare, text: "100", page: 2,
    quote: "Över 100 samtidiga användare tas 40 000 kr ut per påbörjat block om 25 användare."}}
  block: {{value: 25, unit: användare, text: block om 25, page: 2,
    quote: "Över 100 samtidiga användare tas 40 000 kr ut per påbörjat block om 25 användare."}}
  block_charge: {{value: 40000, unit: kr, text: 40 000 kr, page: 2,
    quote: "Över 100 samtidiga användare tas 40 000 kr ut per påbörjat block om 25 användare."}}
  invoicing: {{value: kvartalsvis, unit: regel, page: 2,
    quote: "Fakturering sker kvartalsvis: i mars, juni, september och december."}}
cost_model:
  years: {{from: 2025, to: 2028, facts: [region_share]}}
  base: {{kind: fixed, label: licensen, label_en: the licence, amount: licence}}
  extra_users: {{threshold: threshold, block: block, charge: block_charge}}
  shares:
    - {{from: 2025, region: region_share, municipalities: municipalities_share}}
  division: {{kind: population, basis: basis}}
  invoicing: {{fact: invoicing, per_year: 4, months: [3, 6, 9, 12]}}
"""


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the shipped corpus copied, the same plus the sixth agreement), each a folder."""
    base = tmp_path_factory.mktemp("base") / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", base, ignore=shutil.ignore_patterns("seeds", "*.py"))
    extended = tmp_path_factory.mktemp("extended") / "corpus"
    shutil.copytree(base, extended)
    write_pdf(extended / DOC, PAGES)
    (extended / "agreements" / "jamtland-2025.yaml").write_text(_agreement_yaml(), encoding="utf-8")
    manifest = extended / "documents.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + f"  {DOC}:\n    title: Samverkansavtal Lifecare SP i Jämtlands län\n    region: Jämtland\n"
        '    kind: avtal\n    date: "2025-01-01"\n',
        encoding="utf-8",
    )
    table = extended / "befolkning-vasternorrland.csv"
    rows = "".join(
        f"{name},{code},{year}-12-31,{pop},test: folkmängd 31 december {year}\n"
        for year in (2024, 2025)
        for name, (code, pop) in MUNICIPALITIES.items()
    )
    table.write_text(table.read_text(encoding="utf-8") + rows, encoding="utf-8")
    return base, extended


@pytest.fixture(scope="module")
def assistants(corpora: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from assistant.service import Assistant

    out = []
    for corpus in corpora:
        index = tmp_path_factory.mktemp("index") / "index"
        out.append(Assistant(Settings(corpus_dir=corpus, index_dir=index), today=TODAY))
    return tuple(out)


def _share(year_total: int, name: str) -> int:
    """The municipality's whole-krona part of the municipalities' 40 %, by largest remainder."""
    munis = Fraction(year_total * 40, 100)
    pops = [pop for _, pop in MUNICIPALITIES.values()]
    amounts = largest_remainder([munis * p / sum(pops) for p in pops], int(munis))
    return amounts[list(MUNICIPALITIES).index(name)]


def test_the_check_command_accepts_the_new_agreement(corpora: tuple[Path, Path]) -> None:
    registry = load_registry(corpora[1])
    report = check_registry(registry, corpora[1] / "befolkning-vasternorrland.csv")
    assert report.ok, report.errors
    assert "Jämtland" in registry.regions() and len(registry.get("jamtland-2025").municipalities()) == 8


def test_a_broken_quote_is_reported_with_the_fix(corpora: tuple[Path, Path], tmp_path: Path) -> None:
    broken = tmp_path / "corpus"
    shutil.copytree(corpora[1], broken)
    path = broken / "agreements" / "jamtland-2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("1 200 000 kr per år", "1 300 000 kr per år"))
    report = check_registry(load_registry(broken), broken / "befolkning-vasternorrland.csv")
    assert not report.ok and any("not on page 2" in e and "verbatim" in e for e in report.errors)


@pytest.mark.slow
def test_every_kind_of_question_about_the_new_agreement(assistants) -> None:  # type: ignore[no-untyped-def]
    _, a = assistants
    yearly = 1_200_000
    cases = {
        "Vad betalar Östersund 2026?": _share(yearly, "Östersund"),
        "what does Strömsund pay in 2026": _share(yearly, "Strömsund"),
        "Vad kostar 175 samtidiga användare i Jämtland?": 120_000,
        "Hur mycket betalar Region Jämtland Härjedalen 2026?": 720_000,
        "Vad betalar kommunerna i Jämtland 2026?": 480_000,
        "Hur fördelas kostnaden 2026 i Jämtland?": yearly,
        "Vad betalar Östersund 2026 med 175 samtidiga användare?": _share(yearly + 120_000, "Östersund"),
        "Vad betalar Ragunda och Bräcke 2027?": _share(yearly, "Ragunda") + _share(yearly, "Bräcke"),
    }
    for question, expected in cases.items():
        answer = a.ask(question)
        assert not answer.refused, (question, answer.answer)
        assert answer.calculation is not None and answer.calculation.result == expected, (
            question,
            answer.answer,
        )
        assert format_kr(expected) in answer.answer.split("\n")[0], question
        assert answer.calculation.inputs["agreement"] == "jamtland-2025"
        assert any(c.document == DOC for c in answer.citations)
    quarterly = a.ask("Vad betalar Krokom 2026 per kvartal?")
    assert quarterly.calculation is not None
    parts = quarterly.calculation.inputs["per_invoice"]
    assert len(parts) == 4 and sum(parts) == _share(yearly, "Krokom")


@pytest.mark.slow
def test_years_validity_and_document_questions(assistants) -> None:  # type: ignore[no-untyped-def]
    _, a = assistants
    for question in ("Vad betalar Åre 2024?", "Vad betalar Berg 2030?"):
        answer = a.ask(question)
        assert answer.refused and answer.calculation is None and "2025–2028" in answer.answer, question
    later = a.ask("Gäller samverkansavtalet i Jämtland fortfarande 2029?")
    assert later.answer.startswith("Nej") and "2028-12-31" in later.answer
    assert a.ask("Vem är förvaltningsledare i Jämtland?").answer.count("Karin Exempelsson") >= 1
    assert "sex månader" in a.ask("Hur lång är uppsägningstiden för avtalet i Jämtland?").answer
    invoiced = a.ask("När faktureras kommunerna i Jämtland?")
    assert "kvartalsvis" in invoiced.answer and not invoiced.refused
    pages = [p.text for p in read_pdf(a.settings.corpus_dir / DOC)]
    for answer in (invoiced, later):
        for c in answer.citations:
            if c.document == DOC:
                assert quote_in_text(c.quote, pages[c.page - 1])


@pytest.mark.slow
def test_no_region_named_answers_per_agreement_never_one_silently(assistants) -> None:  # type: ignore[no-untyped-def]
    base, extended = assistants
    answer = extended.ask("Hur mycket betalar regionen 2026?")
    assert "Jämtland" in answer.answer and "Västernorrland" in answer.answer
    users = extended.ask("Vad kostar 211 samtidiga användare?")
    assert "Jämtland" in users.answer and "Västernorrland" in users.answer
    assert len({int(m) for m in re.findall(r"\[(\d+)\]", users.answer)}) == len(users.citations)
    assert base.ask("Vad kostar 211 samtidiga användare?").calculation is not None


@pytest.mark.slow
def test_removing_it_gives_back_the_shipped_answers(assistants) -> None:  # type: ignore[no-untyped-def]
    base, extended = assistants
    for question in ("Vad betalar Ånge 2026?", "Vad kostar Lifecare SP för Stockholms län 2027 med LPI 3 %?"):
        a, b = base.ask(question), extended.ask(question)
        assert a.answer == b.answer and a.calculation == b.calculation
    refused = base.ask("Vad betalar Östersund 2026?")
    assert refused.refused and "Jämtland" in refused.answer


def test_a_pdf_without_an_agreement_file_is_indexed_and_ingest_says_what_is_missing(
    corpora: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from assistant.cli import main
    from assistant.ingest.manifest import load_manifest

    corpus = tmp_path / "corpus"
    shutil.copytree(corpora[1], corpus)
    (corpus / "agreements" / "jamtland-2025.yaml").unlink()
    assert load_manifest(corpus)[DOC].region == "Jämtland"  # documents.yaml still gives a region
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "fake")
    assert main(["ingest"]) == 0
    out = capsys.readouterr().out
    assert f"{DOC} är indexerad" in out and "docs/adding-an-agreement.md" in out
    assert "vasternorrland-samverkansavtal-lifecare-sp.pdf är indexerad" not in out


def test_the_registry_sets_a_documents_region_over_the_manifest(
    corpora: tuple[Path, Path], tmp_path: Path
) -> None:
    from assistant.ingest.manifest import load_manifest

    corpus = tmp_path / "corpus"
    shutil.copytree(corpora[1], corpus)
    manifest = corpus / "documents.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("region: Jämtland", "region: X"))
    assert load_manifest(corpus)[DOC].region == "Jämtland"


def test_the_app_form_writes_a_minimal_agreement_file_checked_against_its_page(
    corpora: tuple[Path, Path], tmp_path: Path
) -> None:
    from assistant.agreements.write import NewAgreement, write_agreement
    from assistant.errors import DataError

    corpus = tmp_path / "corpus"
    shutil.copytree(corpora[1], corpus)
    (corpus / "agreements" / "jamtland-2025.yaml").unlink()
    registry = load_registry(corpus)
    bad = NewAgreement(
        DOC, "Jämtland", "avtal", "avtalet", dt.date(2025, 1, 1), page=1, quote="Står inte här."
    )
    with pytest.raises(DataError, match="not on page 1"):
        write_agreement(registry, bad)
    assert not (corpus / "agreements" / "jamtland-samverkansavtal-lifecare-sp.yaml").exists()
    good = NewAgreement(
        DOC, "Jämtland", "avtal", "avtalet i Jämtland", dt.date(2025, 1, 1), dt.date(2028, 12, 31),
        page=1, quote="Avtalet gäller 2025-01-01 -- 2028-12-31.",
    )  # fmt: skip
    path = write_agreement(registry, good)
    again = load_registry(corpus)
    agreement = again.for_document(DOC)
    assert path.exists() and agreement is not None and agreement.region == "Jämtland"
    assert check_registry(again, corpus / "befolkning-vasternorrland.csv").ok
    with pytest.raises(DataError, match="already has an agreement file"):
        write_agreement(again, good)
