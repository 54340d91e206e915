"""Answer mechanisms of the third quality round: each one general, each tested on text written here
(or on the shipped corpus through `real_assistant`), not on the eval's questions."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.answering.asks import Kind, asked_for, carries, within
from assistant.answering.extractive import _completed
from assistant.answering.sentences import passage_units
from assistant.answering.units import Candidate
from assistant.question.followup import resolve
from assistant.question.parameters import parameter_phrases, parse_parameters
from assistant.question.periods import asked_period
from assistant.retrieval.text import cognate, query_groups
from assistant.types import Chunk, ScoredChunk

TODAY = date(2026, 12, 1)


def _hit(text: str) -> ScoredChunk:
    return ScoredChunk(Chunk(id="c", document="d.pdf", page=1, section="", text=text), 1.0)


# -- what a question asks for -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hur hanteras personer som saknar känd adress?", Kind.OTHER),  # "personer" alone asks no name
        ("Vilka personer sitter i styrgruppen?", Kind.NAME),
        ("Which persons sit on the steering group?", Kind.NAME),
        ("Vad är namnet på leverantören?", Kind.NAME),
        ("Vem är personuppgiftsansvarig för uppgifterna?", Kind.PARTY),  # a duty, held by a body
        ("Vem på Storsthlm ansvarar för underlaget?", Kind.NAME),  # a person at an organisation
        ("Who at Storsthlm is responsible for it?", Kind.NAME),
        ("Vem på regionen ansvarar?", Kind.PARTY),  # "regionen" is no named organisation
    ],
)
def test_the_question_word_and_its_context_decide_what_is_asked(question, kind):
    assert asked_for(question).kind is kind


def test_an_either_or_question_is_answered_only_by_one_of_its_alternatives():
    asked = asked_for("Är avgiften inklusive eller exklusive moms?")
    assert asked.options == ("inklusive", "exklusive")
    assert not carries(asked, "Avgiften är 2 408 080 kr per år.")
    assert carries(asked, "Avgiften anges exklusive moms.")
    verb_first = asked_for("Faktureras kommunerna i juni eller december?")
    assert verb_first.options == ("juni", "december") and not verb_first.plural
    assert asked_for("Vem betalar kostnaden?").options == ()


def test_shapes_of_dates_durations_names_places_and_agents():
    assert carries(
        asked_for("När revideras antalet användare?"), "Antal användare revideras årligen den 1/10."
    )
    assert carries(asked_for("Hur lång tidsplan föreslogs?"), "Utredningen föreslog en femårig tidsplan.")
    name = asked_for("Vad heter den nya överenskommelsen?")
    assert carries(
        name, "Överenskommelsen, nu kallad “Strategiska insatser inom psykisk hälsa”, omfattar fyra delar."
    )
    # a quoted title answers "vad heter", not "vem är"
    assert not carries(asked_for("Vem är objektägare?"), "Objektet ”Samverkan vid vårdövergångar” förvaltas.")
    place = asked_for("Var specificeras rollerna i gruppen?")
    assert carries(place, "Roller i gruppen specificeras i den årliga förvaltningsplanen.")
    assert not carries(place, "Rollerna är viktiga för arbetet.")
    who = asked_for("Vem finansierar applikationsdriften?")
    assert carries(who, "Applikationsdrift 5 % finansieras av Länsteknik.")


def test_a_unit_dated_only_outside_the_time_asked_about_does_not_answer():
    october = (date(2025, 10, 1), date(2025, 10, 31))
    assert within("Datum och tid: 2025-10-29 06:51:38", *october)
    assert not within("Datum och tid: 2025-11-05 10:00:00", *october)
    assert within("Undertecknat utan datum.", *october)
    year = (date(2021, 1, 1), date(2021, 12, 31))
    assert not within("År 2020 är gränsbeloppet 615 312 kronor.", *year)
    assert within("Lag (2017:612) om samverkan gäller.", *year)  # a law's number is no date
    assert within("Avtalet gäller perioden 2020 – 2023.", *year)  # a span that covers the year


def test_a_month_and_year_is_that_month():
    period = asked_period("vilka skrev under i oktober 2025?", TODAY)
    assert period is not None
    assert (period.start, period.end, period.years) == (date(2025, 10, 1), date(2025, 10, 31), (2025,))
    december = asked_period("i december 2026", TODAY)
    assert december is not None and december.end == date(2026, 12, 31)


# -- structure of passages ------------------------------------------------------------------------
def test_no_paragraph_ends_on_a_preposition_and_a_table_cell_is_quoted_with_what_follows():
    text = (
        "Projekt Påverkan\n"
        "Organisationsförändringar i Region\n"
        "Norrbotten\n"
        "Omorganisation kräver anpassning i\n"
        "Lifecare SP av organisationsträdet.\n"
    )
    sentences = [text[u.start : u.end] for u in passage_units(text) if u.kind == "sentence"]
    assert "Omorganisation kräver anpassning i\nLifecare SP av organisationsträdet." in sentences
    cell = Candidate(1.0, 0, "Organisationsförändringar i Region", _hit(text), True, 1.0, True)
    completed = _completed(cell)
    assert completed.text.startswith("Organisationsförändringar i Region")
    assert completed.text.endswith("organisationsträdet.")
    whole = Candidate(
        1.0,
        0,
        "Omorganisation kräver anpassning i\nLifecare SP av organisationsträdet.",
        _hit(text),
        True,
        1.0,
        True,
    )
    assert _completed(whole) is whole  # a sentence needs nothing after it


def test_a_flattened_table_ends_with_its_last_rows_cell_lines():
    text = "Operativnivå Ledare 80%\nAnna Andersson\nLedare IT 5%\nLedare 70%\nBo Berg\nEfter tabellen."
    tables = [text[u.start : u.end] for u in passage_units(text) if u.kind == "table"]
    assert any(t.endswith("Ledare 70%\nBo Berg") for t in tables)


# -- parameters and follow-ups ------------------------------------------------------------------
def test_users_logged_in_at_once_is_one_parameter_phrase_in_either_order():
    assert parse_parameters("om 250 användare är inloggade samtidigt").users == 250
    assert parse_parameters("med 260 samtidiga användare").users == 260
    assert parameter_phrases("Vad betalar X om 250 användare är inloggade samtidigt?") == {
        "users": "om 250 användare är inloggade samtidigt"
    }


def test_a_cost_follow_up_keeps_the_earlier_turns_parameters(real_assistant):
    first = real_assistant.ask("Vad betalar Ånge kommun 2025?")
    second = real_assistant.ask("Och om 250 användare är inloggade samtidigt?", history=[first])
    third = real_assistant.ask("Hur mycket betalar regionen då?", history=[first, second])
    assert second.calculation is not None and second.calculation.inputs.get("concurrent_users") == 250
    assert third.calculation is not None and third.calculation.inputs.get("concurrent_users") == 250
    assert "250 användare" in third.asked_as
    registry, today = real_assistant.registry, real_assistant.current_date()
    earlier = [real_assistant.parse(first.asked_as)]
    # a new figure replaces the old one instead of being added next to it
    again = resolve(
        real_assistant.parse("Och om 300 användare är inloggade samtidigt?"), earlier, registry, today
    )
    assert again.parameters.users == 300


def test_a_conditional_question_without_a_figure_asks_for_a_rule(real_assistant):
    q = real_assistant.parse("Om en kostnad bara gäller Timrå kommun?")
    assert not q.intent.is_cost
    assert real_assistant.parse(
        "Om Timrå har 250 samtidiga användare, vad betalar kommunen 2026?"
    ).intent.is_cost


# -- language -------------------------------------------------------------------------------------
def test_an_english_word_also_matches_its_swedish_spelling():
    assert [cognate(w) for w in ("document", "reference", "project", "technical", "quality")] == [
        "dokument",
        "referense",
        "projekt",
        "teknisk",
        "kvalitet",
    ]
    english = query_groups("Which document was adopted?")
    assert any("dokument" in g for g in english)
    swedish = query_groups("Vem undertecknade avtalet för Storsthlm?")  # Swedish words are left alone
    assert not any("storstlm" in g for g in swedish)


# -- the shipped corpus ---------------------------------------------------------------------------
def test_an_undated_question_only_a_replaced_document_answers_is_answered_from_it(real_assistant):
    answer = real_assistant.ask(
        "Hur hanteras personer i Stockholm som saknar känd adress i kostnadsfördelningen?"
    )
    assert not answer.refused
    assert all(c.document == "stockholm-interimsoverenskommelse-2020.pdf" for c in answer.citations)
    assert any("inte längre gäller" in n for n in answer.notes)
    # a question the agreement in force answers is still answered from it, without that note
    current = real_assistant.ask("När faktureras kommunerna i Stockholm?")
    assert not any("inte längre gäller" in n for n in current.notes)


def test_a_why_question_is_answered_by_a_cause_or_purpose():
    asked = asked_for("Varför reviderades länsrutinen?")
    assert asked.kind is Kind.REASON
    assert asked_for("Av vilken anledning har rutinerna reviderats?").kind is Kind.REASON
    assert asked_for("Why was the routine revised?", "en").kind is Kind.REASON
    assert carries(asked, "Rutinen har reviderats på\ngrund av bytet av IT-stöd.")
    assert carries(asked, "Flera ansökningar avslås, vilket resulterar i att arbetet försenas.")
    assert not carries(asked, "Länssamverkansgruppen antar reviderade länsrutiner.")


def test_how_often_and_who_does_need_a_form_of_the_verb():
    often = asked_for("Hur ofta sammanträder styrgruppen?")
    assert not carries(often, "Styrgruppen beslutar om årliga förvaltningsplaner.")
    assert carries(often, "Styrgruppen sammanträder fyra gånger per år.")
    leads = asked_for("Vem leder gruppen?")
    assert not carries(leads, "Frågan beslutas av styrgruppen.")
    assert carries(leads, "Gruppen leds av regionens förvaltningsledare.")
    presented = asked_for("Vem föredrog ärendet?")
    assert carries(presented, "Föredragande: Ola Knutsson, Lena Häggström")
    signed = asked_for("Vem skrev under för kommunen?")  # its synonyms count: "Underskrift"
    assert carries(signed, "Underskrift 3\nNamn: Johan Vikström\nFöretag: Sundsvalls kommun")
    member = asked_for("Vem sitter i gruppen?")  # a roster lists members without the verb
    assert member.verb == ()


def test_a_name_the_documents_never_mention_is_refused(real_assistant):
    answer = real_assistant.ask("Vilka är superanvändare i Luleå kommun för Lifecare SP?")
    assert answer.refused and not answer.citations
    known = real_assistant.ask("Vem signerade samverkansavtalet för Sundsvalls kommun?")
    assert not known.refused


def test_the_first_and_the_last_of_dated_records(real_assistant):
    first = real_assistant.ask("Vem signerade samverkansavtalet i Västernorrland först?")
    last = real_assistant.ask("Vem signerade samverkansavtalet i Västernorrland sist?")
    assert not first.refused and not last.refused
    assert len(first.citations) == 1 and len(last.citations) == 1

    def signed(answer) -> str:
        import re

        return re.search(r"\d{4}-\d{2}-\d{2}", answer.citations[0].quote).group(0)

    assert signed(first) < signed(last)
    # against every signature in the PDF, not only the retrieved ones
    from assistant.ingest.pdf import read_pdf

    from .conftest import CORPUS

    pdf = read_pdf(CORPUS / "vasternorrland-samverkansavtal-lifecare-sp.pdf")
    dates = sorted(re.findall(r"Datum och tid: (\d{4}-\d{2}-\d{2})", "\n".join(p.text for p in pdf)))
    assert len(dates) >= 2 and signed(first) == dates[0] and signed(last) == dates[-1]


def test_a_follow_up_without_a_place_keeps_the_agreement_of_the_turn_before(real_assistant):
    first = real_assistant.ask(
        "Vem driver projektet att upphandla IT-stödet enligt interimsöverenskommelsen?"
    )
    second = real_assistant.ask("Och vad åtar sig kommunerna?", history=[first])
    assert "interimsöverenskommelsen" in second.asked_as
    assert all(c.document == "stockholm-interimsoverenskommelse-2020.pdf" for c in second.citations)
    alone = real_assistant.parse("Och vad åtar sig kommunerna?")
    assert not alone.documents


def test_a_list_question_reads_the_passage_that_follows(real_assistant):
    from dataclasses import replace

    from assistant.retrieval.hybrid import SearchFilter, search

    q = real_assistant.parse("Vilka skrev under samverkansavtalet i Västernorrland?")
    plain = search(real_assistant.index, q.focused, 5, SearchFilter())
    more = search(real_assistant.index, q.focused, 5, replace(SearchFilter(), following=2))
    assert [h.chunk.id for h in more[:5]] == [h.chunk.id for h in plain]
    extra = more[5:]
    assert len(extra) <= 2
    ids = [c.id for c in real_assistant.index.chunks]
    for h in extra:  # each is the passage right after one of the two best, in the same document
        before = real_assistant.index.chunks[ids.index(h.chunk.id) - 1]
        assert before.id in {p.chunk.id for p in plain[:2]} and before.document == h.chunk.document


def test_an_abbreviation_is_answered_only_where_it_is_spelled_out():
    asked = asked_for("Vad står förkortningen VU för i budgettabellen?")
    assert asked.abbreviation == "VU"
    assert not carries(asked, "Huvudaktivitet VM VU VM VU Förvaltningsstyrning 1 381 746 kr")
    assert carries(asked, "Kostnaderna för verksamhetsutveckling (VU) redovisas för sig.")
    assert carries(asked_for("Vad betyder LOU?"), "Lagen om offentlig upphandling (LOU) gäller.")


def test_which_are_the_n_things_asks_for_those_things_by_name():
    asked = asked_for("Vilka är de 14 kommunerna i Norrbotten som använder systemet?")
    assert asked.kind is Kind.PARTY and asked.phrase == "vilka kommunerna"
    assert not carries(asked, "Systemet nyttjas av länets 14 kommuner.")
    assert carries(asked, "Luleå kommun och Piteå kommun har tecknat avtal.")


def test_a_heading_above_a_unit_lends_it_its_words():
    from assistant.answering.units import score_units
    from assistant.retrieval.bm25 import BM25
    from assistant.retrieval.text import tokens

    text = (
        "Protokoll\n9. Utredningen om samsjuklighet\nFöredragande: Ola Knutsson, Lena Häggström\n"
        "Den identifierade tio bärande delar.\n10. Förordning om bidrag\n"
        "Föredragande: Gunilla Larsson, Monica Wahlström\n"
    )
    # (another passage has a presenter too: "föredrag-" is no one-off spelling near "föredrog")
    docs = (text, "Mötet hölls digitalt.", "Budget för året.", "Beslut om rutiner.")
    docs = (*docs, "Föredragande: Anna Berg")
    bm25 = BM25([tokens(t) for t in docs])
    hits = [ScoredChunk(Chunk(id="0", document="p.pdf", page=1, section="", text=text), 1.0)]
    q = "Vem föredrog ärendet om samsjuklighet?"
    ranked = score_units(bm25, q, hits, asked_for(q))
    by_text = {c.text: c for c in ranked}
    under = by_text["Föredragande: Ola Knutsson, Lena Häggström"]
    elsewhere = by_text["Föredragande: Gunilla Larsson, Monica Wahlström"]
    # the presenters under the asked item's heading are about it; those under another are not
    assert under.focus > elsewhere.focus
    assert elsewhere.focus == 0.0  # "10." ends what "9." heads
