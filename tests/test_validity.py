"""Validity and supersession on the shipped corpus: cited clauses, date scoping, direct answers."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from assistant.agreements import load_registry
from assistant.errors import DataError
from assistant.ingest.normalize import quote_in_text
from assistant.ingest.pdf import read_pdf
from assistant.knowledge import Validity, load_validity
from assistant.knowledge.answers import answer_validity_question
from assistant.knowledge.scope import scope_for
from assistant.question import parse
from assistant.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
TODAY = date(2026, 11, 22)
NEW = "stockholm-overenskommelse-lifecare-sp-2026-2030.pdf"
INTERIM = "stockholm-interimsoverenskommelse-2020.pdf"
VNL = "vasternorrland-samverkansavtal-lifecare-sp.pdf"
NORRBOTTEN = "norrbotten-forvaltningsplan-samordnad-planering-2021.pdf"
VASTERBOTTEN = "vasterbotten-protokoll-lansamverkansgruppen-2025-02-21.pdf"


@pytest.fixture(scope="module")
def validity() -> Validity:
    return load_validity(CORPUS)


def scope_of(validity: Validity, question: str, today: date):  # type: ignore[no-untyped-def]
    return scope_for(validity, parse(question, load_registry(CORPUS), today), today)


def answer_of(validity: Validity, question: str, today: date, language: str = "sv"):  # type: ignore[no-untyped-def]
    parsed = parse(question, load_registry(CORPUS), today)
    assert parsed.language == language, question
    return answer_validity_question(validity, parsed, today)


@pytest.fixture(scope="module")
def page_text() -> dict[tuple[str, int], str]:
    return {(p.document, p.number): p.text for pdf in sorted(CORPUS.glob("*.pdf")) for p in read_pdf(pdf)}


def test_every_document_has_validity_and_every_clause_is_on_its_page(validity, page_text):
    assert {d.document for d in validity.documents} == {p.name for p in CORPUS.glob("*.pdf")}
    for doc in validity.documents:
        clauses = list(doc.clauses) + [e.clause for e in doc.events]
        assert doc.clause("period") is not None, doc.document
        for clause in clauses:
            text = page_text[(clause.document, clause.page)]
            assert quote_in_text(clause.quote, text), (clause.document, clause.page, clause.quote)


def test_clauses_state_the_dates_recorded(validity):
    """The dates in validity.yaml are the ones the cited clauses say."""
    for doc in validity.documents:
        cited = " ".join(c.quote for c in doc.clauses if c.about in ("period", "extension", "part"))
        if doc.kind != "protokoll":
            assert doc.valid_from.isoformat() in cited, doc.document
        if doc.valid_to is not None:
            assert doc.valid_to.isoformat() in cited, doc.document
        for part in doc.parts:
            assert part.valid_from.isoformat() in cited
    assert "till dess att en ny överenskommelse finns antagen" in validity.get(INTERIM).clause("until").quote
    assert "(1+1+1)" in validity.get(VNL).clause("extension").quote


def test_supersession_chain(validity):
    interim, new = validity.get(INTERIM), validity.get(NEW)
    assert new.replaces[0].document == INTERIM
    assert interim.replaced_by == NEW and interim.replaced_from == date(2026, 1, 1)
    assert interim.end == date(2025, 12, 31) and interim.until_replaced
    assert [p.name.split()[0] for p in interim.replaces] == ["HSN-2016-1248-12", "HSN"]
    assert "WebCare" in interim.replaces[1].name and interim.replaces[1].document is None
    vnl = validity.get(VNL)
    assert (vnl.valid_from, vnl.valid_to, vnl.latest_to) == (
        date(2024, 4, 8),
        date(2027, 4, 7),
        date(2030, 4, 7),
    )
    assert (validity.get(NORRBOTTEN).valid_from, validity.get(NORRBOTTEN).valid_to) == (
        date(2021, 1, 1),
        date(2021, 12, 31),
    )
    switch = validity.get(VASTERBOTTEN).events[0]
    assert switch.on == date(2025, 4, 1) and "Prator" in switch.text and "Lifecare SP" in switch.text


@pytest.mark.parametrize(
    ("region", "on", "expected"),
    [
        ("Stockholm", date(2020, 8, 31), []),
        ("Stockholm", date(2021, 6, 1), [INTERIM]),
        ("Stockholm", date(2025, 12, 31), [INTERIM]),
        ("Stockholm", date(2026, 1, 1), [NEW]),
        ("Stockholm", TODAY, [NEW]),
        ("stockholm", date(2031, 1, 1), []),
        ("Västernorrland", TODAY, [VNL]),
        ("Västernorrland", date(2028, 1, 1), []),  # only if extended: not counted as in force
        ("Norrbotten", date(2021, 3, 1), [NORRBOTTEN]),
        ("Norrbotten", TODAY, []),
        ("Västerbotten", TODAY, [VASTERBOTTEN]),
    ],
)
def test_in_force(validity, region, on, expected):
    assert [d.document for d in validity.in_force(region, on)] == expected


def test_superseded_and_citation_notes(validity):
    assert validity.superseded_note(INTERIM) == (
        "Ersatt av Överenskommelse om ledning, styrning och kostnadsfördelning för Lifecare SP 2026–2030 "
        "från 2026-01-01"
    )
    assert validity.superseded_note(INTERIM, "en").startswith("Superseded by Överenskommelse")
    assert validity.superseded_note(INTERIM, on=date(2025, 6, 1)) is None
    assert validity.superseded_note(NEW) is None and validity.superseded_note("okänd.pdf") is None
    assert validity.citation_note(NORRBOTTEN, TODAY) == "Gällde endast 2021-01-01 – 2021-12-31"
    assert "förlängts" in validity.citation_note(VNL, date(2028, 1, 1))
    assert validity.citation_note(VNL, TODAY) is None


@pytest.mark.parametrize(
    ("question", "prefer", "exclude"),
    [
        ("Hur fördelades kostnaderna i Stockholm 2021?", [INTERIM], [NEW]),
        ("Hur fördelas kostnaderna i Stockholm 2027?", [NEW], [INTERIM]),
        ("Hur fördelades kostnaderna i Stockholm 2025-06-30?", [INTERIM], [NEW]),
        ("Vad betalade kommunerna i Stockholms län den 1 mars 2026?", [NEW], [INTERIM]),
        ("How were the costs split in Stockholm in 2022?", [INTERIM], [NEW]),
        ("Hur fördelas kostnaderna i Stockholm?", [NEW], [INTERIM]),
        ("Vad säger interimsöverenskommelsen om support?", [INTERIM], []),
    ],
)
def test_scope_prefers_the_agreement_in_force_then(validity, question, prefer, exclude):
    scope = scope_of(validity, question, TODAY)
    assert list(scope.prefer) == prefer
    assert list(scope.exclude) == exclude
    assert scope.region == "Stockholm"


def test_scope_of_a_dated_question_says_which_time(validity):
    scope = scope_of(validity, "Hur fördelades kostnaderna i Stockholm 2021?", TODAY)
    assert scope.dated and (scope.start, scope.end) == (date(2021, 1, 1), date(2021, 12, 31))
    assert scope.notes[0].startswith("Frågan gäller 2021; svaret bygger på det som gällde då: interims")
    early = scope_of(validity, "Hur fördelades kostnaderna i Stockholm 2020?", TODAY)
    assert any("betalningsmodellen" in n and "2021-01-01" in n for n in early.notes)


def test_scope_without_a_date_is_today_and_says_so(validity):
    scope = scope_of(validity, "Hur fördelas kostnaderna i Stockholm?", TODAY)
    assert not scope.dated and scope.start == scope.end == TODAY
    assert (
        scope.notes[0] == "Frågan anger ingen tidpunkt; svaret utgår från det som gäller i dag, 2026-11-22."
    )
    later = scope_of(validity, "Hur fördelas kostnaderna i Stockholm?", date(2027, 2, 3))
    assert "2027-02-03" in later.notes[0]
    english = scope_of(validity, "How are the costs split in Stockholm?", TODAY)
    assert english.language == "en" and "today, 2026-11-22" in english.notes[0]


def test_scope_never_excludes_the_only_evidence(validity):
    """Norrbotten has only its 2021 plan: outdated, but still the evidence, with a note saying so."""
    scope = scope_of(validity, "Hur finansieras förvaltningsledaren i Norrbotten?", TODAY)
    assert scope.exclude == () and scope.region == "Norrbotten"
    assert any("Inget dokument i underlaget gäller för Norrbotten" in n for n in scope.notes)


def test_years_inside_identifiers_and_names_are_not_dates(validity):
    assert not scope_of(validity, "Vad säger lag (2017:612) om utskrivning?", TODAY).dated
    assert not scope_of(validity, "Vad säger interimsöverenskommelsen från 2020 om support?", TODAY).dated


def _cited_documents(answer) -> set[str]:
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == set(range(1, len(answer.citations) + 1)), "every citation is referenced, in order"
    return {c.document for c in answer.citations}


@pytest.mark.parametrize(
    ("question", "language", "opening"),
    [
        ("Gäller interimsöverenskommelsen fortfarande?", "sv", "Nej."),
        ("Är interimsöverenskommelsen fortfarande giltig?", "sv", "Nej."),
        ("Is the interim agreement still valid?", "en", "No."),
        ("Vad ersatte interimsavtalet?", "sv", "Interimsöverenskommelsen"),
    ],
)
def test_interim_agreement_is_answered_as_superseded_citing_both(
    validity, question, language, opening, page_text
):
    answer = answer_of(validity, question, TODAY, language)
    assert answer is not None and answer.answer.startswith(opening)
    assert _cited_documents(answer) == {INTERIM, NEW}
    assert "2026-01-01" in answer.answer and "2025-12-31" in answer.answer
    for c in answer.citations:
        assert quote_in_text(c.quote, page_text[(c.document, c.page)])
        assert bool(c.note) == (c.document == INTERIM)  # the superseded document's citations are marked


def test_current_agreement_is_valid_and_names_its_predecessor(validity):
    answer = answer_of(validity, "Gäller överenskommelsen i Stockholm fortfarande?", TODAY, "sv")
    assert answer.answer.startswith("Ja. Överenskommelsen 2026–2030 gäller 2026-01-01 – 2030-12-31")
    assert _cited_documents(answer) == {INTERIM, NEW}


def test_how_long_the_vasternorrland_agreement_runs(validity):
    answer = answer_of(validity, "Hur länge gäller avtalet i Västernorrland?", TODAY, "sv")
    assert "2024-04-08 – 2027-04-07" in answer.answer and "(1+1+1)" in answer.answer
    assert "Det gäller alltså i dag (2026-11-22)" in answer.answer
    assert _cited_documents(answer) == {VNL}
    later = answer_of(validity, "Gäller avtalet i Västernorrland 2028?", TODAY, "sv")
    assert later.answer.startswith("Bara om avtalet har förlängts.")


def test_other_validity_answers(validity):
    plan = answer_of(validity, "Gäller förvaltningsplanen i Norrbotten fortfarande?", TODAY, "sv")
    assert plan.answer.startswith("Nej.") and "2021-12-31" in plan.answer
    webcare = answer_of(validity, "Gäller WebCare-avtalet fortfarande?", TODAY, "sv")
    assert webcare.answer.startswith("Nej. HSN 1212-1549") and _cited_documents(webcare) == {INTERIM, NEW}
    which = answer_of(validity, "Vilket avtal gällde i Stockholm 2021?", TODAY, "sv")
    assert which.answer.startswith("I Stockholm, för 2021: Interimsöverenskommelsen") and _cited_documents(
        which
    ) == {INTERIM}
    prator = answer_of(validity, "Vad ersatte Prator?", TODAY, "sv")
    assert "Prator ersätts av Lifecare SP från och med 2025-04-01" in prator.answer
    assert answer_of(validity, "Gällde interimsöverenskommelsen 2024?", TODAY, "sv").answer.startswith("Ja.")


@pytest.mark.parametrize(
    "question",
    [
        "Hur fördelades kostnaderna i Stockholm 2021?",
        "Vad kostar Lifecare SP för Sundsvall?",
        "Vem ersätter Ana-Maria Stridsberg-Deliv?",
        "Vad gäller för fakturering i Västernorrland?",
        "Gäller kostnadsfördelningen fortfarande?",
        "Hur länge gäller fakturan?",
        "Gäller avtalet i Stockholm att kommunerna betalar 19 %?",
        "Gäller avtalet i Västernorrland för privata utförare?",
    ],
)
def test_other_questions_are_left_to_retrieval(validity, question):
    assert answer_of(validity, question, TODAY, "sv") is None


def test_loader_reports_a_dangling_replacement(tmp_path: Path):
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "a.yaml").write_text(
        "id: a\nregion: X\ndocuments:\n  a.pdf:\n    from: 2020-01-01\n"
        "    replaces:\n      - name: B\n        document: b.pdf\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"b\.pdf"):
        load_validity(tmp_path)
    assert load_validity(tmp_path / "nowhere").documents == ()
