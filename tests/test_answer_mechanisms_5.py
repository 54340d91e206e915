"""Answer mechanisms of the fifth quality round: each general, each tested on text written here
(or on the shipped corpus through `real_assistant`), not on the eval's questions."""

from __future__ import annotations

import re

from assistant.answering.asks import asked_for, carries
from assistant.answering.extractive import ExtractiveEngine
from assistant.answering.kinds import Kind
from assistant.answering.units import entries, score_units
from assistant.retrieval.bm25 import BM25
from assistant.retrieval.footnotes import markers, notes_on
from assistant.retrieval.text import tokens, words
from assistant.types import Chunk, ScoredChunk


def _ranked(text: str, question: str, *others: str) -> list:
    bm25 = BM25([tokens(t) for t in (text, *others)])
    chunk = Chunk(id="0", document="p.pdf", page=1, section="", text=text)
    return score_units(bm25, question, [ScoredChunk(chunk, 1.0)], asked_for(question))


def test_a_field_line_is_about_the_heading_it_stands_under():
    text = (
        "7. Budget för året\nBeslutsärende\nFöredragande: Eva Berg\nBudgeten fastställdes.\n"
        "8. Utredningen om vårdkedjan\nBeslutsärende\nFöredragande: Ola Knutsson, Lena Häggström\n"
        "Utredningen föreslog en femårig tidsplan för förändringsarbetet."
    )
    ranked = _ranked(
        text, "Vem föredrog ärendet om utredningen om vårdkedjan?", "Mötet hölls digitalt.", "Budget."
    )
    # the presenter of item 8 is the field under heading 8: it is about that item, and ranks first
    assert ranked[0].text == "Föredragande: Ola Knutsson, Lena Häggström"
    assert ranked[0].fits and ranked[0].focus == 1.0


def test_the_question_word_that_opens_a_clause_asks_not_one_inside_it():
    # "hur mycket" inside the clause is what is decided, not what is asked
    assert asked_for("Vem bestämmer hur mycket kommunerna betalar?").kind is Kind.PARTY
    assert asked_for("Who decides how much local work each municipality needs?").kind is Kind.PARTY
    # a question word after a lead, a preposition or a dash still opens its clause
    assert asked_for("Jag undrar hur mycket kommunen betalar 2026").kind is Kind.AMOUNT
    assert asked_for("Rutinerna – av vilken anledning har de reviderats?").kind is Kind.REASON
    # a second clause asks too, and the narrower kind wins as before
    assert asked_for("Vilka dokument finns, och vad heter de?").kind is Kind.NAME
    # a noun phrase that names the kind is no question word: "namnet på" asks for a name
    assert asked_for("Vad är namnet på leverantören?").kind is Kind.NAME


def test_a_lower_case_word_is_no_misspelt_place_unless_a_place_stands_there(real_assistant):
    # "väntas" is one letter from a municipality's name, but it is a verb where it stands
    assert real_assistant.parse("Vilken påverkan väntas de få?").places.municipalities == ()
    # a misspelt name written as a name, or in a cost question, is still found
    assert real_assistant.parse("Vad betalar Sundsvals kommun 2026?").places.municipalities
    assert real_assistant.parse("kostnad sundsval 2026?").places.municipalities


def test_a_cell_closed_by_a_bracket_goes_on_in_the_line_after_it():
    text = (
        "Följande projekt påverkar förvaltningen.\nProjekt Påverkan\n"
        "Bytet tidigare FVIS (framtidens\nvårdinformationssystem)\nPågår\n"
        "Vägen till framtidens vård\nOkänt i dagsläget"
    )
    bm25 = BM25([tokens(t) for t in (text, "Mötet hölls digitalt.", "Budget för året.")])
    chunk = Chunk(id="0", document="p.pdf", page=1, section="", text=text)
    draft = ExtractiveEngine(bm25, refuse_below=0.0).answer(
        "Hur ser det ut för bytet av FVIS?", [ScoredChunk(chunk, 1.0, dense=0.9)], "sv"
    )
    assert not draft.refused
    assert "Pågår" in draft.citations[0].quote


def test_a_list_question_that_names_its_length_needs_that_many_items():
    asked = asked_for("Vilka är de tio bärande delarna som utredningen identifierade?")
    assert asked.items == 10
    assert asked_for("Vilka tre steg har tvistlösningen?").items == 3
    assert asked_for("Vad betalar kommunen de två åren?").items == 0  # no list asked
    assert entries("A, B och C", "sentence") == 3
    assert entries("Tvist:\n- närmaste chefer\n- direktörer\n- domstol", "list") == 3
    text = (
        "9. Utredningen\nUtredningen identifierade tio bärande delar som ska bidra till ökad samordning.\n"
        "Utredningen föreslog en femårig tidsplan."
    )
    bm25 = BM25([tokens(t) for t in (text, "Mötet hölls digitalt.", "Budget för året.")])
    chunk = Chunk(id="0", document="p.pdf", page=1, section="", text=text)
    draft = ExtractiveEngine(bm25, refuse_below=0.0).answer(
        "Vilka är de tio bärande delarna som utredningen identifierade?",
        [ScoredChunk(chunk, 1.0, dense=0.9)],
        "sv",
    )
    # the ten parts are not listed: a refusal that quotes the sentence that says there are ten
    assert draft.refused
    assert draft.citations[0].quote.startswith("Utredningen identifierade tio bärande delar")


def test_a_footnote_marker_is_no_part_of_its_word_and_its_note_is_found_on_the_page():
    assert "gränsbeloppet" in words("År 2020 är gränsbeloppet3 för direktupphandling")
    assert markers("Totalt antal invånare2 den 31/12 2018") == {"2"}
    assert markers("HSN 2019-1416 och LPI2026") == frozenset()
    page = "Totalt antal invånare2 var 2 344 124.\n1 Inledning\n2 Källa: SCB, 31/12 2018"
    # "1 Inledning" is a numbered heading, not a note: no word on the page carries a 1
    assert notes_on(page) == (("2", "2 Källa: SCB, 31/12 2018"),)


def test_a_sentence_with_a_footnote_is_quoted_with_its_note(real_assistant):
    # the shipped interim agreement gives the source of its threshold figure in a footnote
    answer = real_assistant.ask(
        "Varifrån kommer gränsbeloppet för direktupphandling i interimsöverenskommelsen?"
    )
    assert not answer.refused
    notes = [c for c in answer.citations if re.match(r"\d Källa", c.quote)]
    assert notes and notes[0].page == answer.citations[0].page
    assert "http" in notes[0].quote


def test_a_bare_number_follow_up_replaces_the_earlier_count(real_assistant):
    first = real_assistant.ask("Vad betalar Ånge 2026 om 205 användare är inloggade samtidigt?")
    second = real_assistant.ask("Och om det är 230?", history=[first])
    assert "230 användare" in second.asked_as and "205" not in second.asked_as
    assert second.calculation is not None and second.calculation.result > first.calculation.result
    # a year is no count: "Och 2027?" keeps the 230 users and moves the year
    third = real_assistant.ask("Och 2027?", history=[first, second])
    assert "2027" in third.asked_as and "230 användare" in third.asked_as


def test_how_much_more_after_two_years_compares_those_years(real_assistant):
    first = real_assistant.ask("Vad betalar Kramfors 2025?")
    second = real_assistant.ask("Och 2026?", history=[first])
    third = real_assistant.ask("Hur mycket mer blir det?", history=[first, second])
    assert third.calculation is not None and third.calculation.tool == "difference"
    assert third.calculation.result == second.calculation.result - first.calculation.result
    # without two cost years in the conversation there is nothing to compare
    alone = real_assistant.ask("Hur mycket mer blir det?", history=[first])
    assert alone.calculation is None or alone.calculation.tool != "difference"


def test_an_abbreviation_asked_by_refer_to_is_answered_where_it_is_spelled_out():
    for q in ("What does ÖPT refer to in the plan?", "Vad syftar ÖPT på i planen?", "Vad avser ÖPT?"):
        assert asked_for(q, "en" if q.startswith("What") else "sv").abbreviation == "ÖPT"
    text = "Stöd enligt lagen om psykiatrisk tvångsvård (ÖPT) ges av verksamheten.\nBudgeten är 0 kr."
    bm25 = BM25([tokens(t) for t in (text, "Mötet hölls digitalt.", "Budget för året.")])
    chunk = Chunk(id="0", document="p.pdf", page=1, section="", text=text, title="Förvaltningsplan")
    draft = ExtractiveEngine(bm25, refuse_below=0.0).answer(
        "what does ÖPT refer to in the plan", [ScoredChunk(chunk, 1.0, dense=0.9)], "en"
    )
    # "refer" asks for a meaning and "plan" names the document ("Förvaltningsplan"): neither is a topic
    assert not draft.refused
    assert "tvångsvård (ÖPT)" in draft.citations[0].quote


def test_a_noun_for_a_day_or_a_part_says_what_is_asked():
    assert asked_for("Hur stor del av en heltid arbetar systemägaren?").kind is Kind.SHARE
    due = asked_for("Vilket är svarsdatumet för frågorna?")
    assert due.kind is Kind.DATE
    assert not carries(due, "Regioner och kommuner ska tillsammans besvara frågor inför mötet.")
    assert carries(due, "Svaren ska lämnas senast den 15 april 2025.")


def test_a_yes_no_question_on_a_decision_needs_a_decision():
    decided = asked_for("Har man redan bestämt att förlänga huvudavtalet?")
    assert decided.kind is Kind.YES_NO and decided.verb
    # the possibility of an extension is no decision to extend
    assert not carries(
        decided, "Avtalet gäller till 2027-04-07, med möjlighet till förlängning med upp till tre år."
    )
    assert not carries(decided, "Den reviderade överenskommelsen består av tre delar.")
    assert carries(decided, "Styrgruppen beslutade att förlänga avtalet med ett år.")
    # an item is read with its lead-in: "X beslutade: / - X antar ..." is a decision
    text = (
        "Gruppen beslutade:\n- Gruppen antar den reviderade överenskommelsen om egenvård.\n"
        "- Gruppen ses igen i april."
    )
    ranked = _ranked(text, "Har gruppen beslutat att anta överenskommelsen om egenvård?", "Budget.", "Mötet.")
    item = next(c for c in ranked if c.kind == "item" and "antar" in c.text)
    assert item.fits


def test_a_payment_noun_is_no_replacement(real_assistant):
    # "ersättningsbelopp" is a payment; "ersattes" asks what replaced what
    q = real_assistant.parse("Om vi blir oense om ett ersättningsbelopp, i vilka steg ska tvisten lösas?")
    assert q.intent.validity != "replaced"
    assert real_assistant.parse("Vilka avtal ersattes av överenskommelsen?").intent.validity == "replaced"


def test_a_numbered_document_part_is_a_heading_and_a_pointer_to_it_no_answer():
    from assistant.ingest.normalize import is_heading

    assert is_heading("Bilaga 1 Ansvarsfördelning mellan Region och kommun")
    assert not is_heading("Bilaga 1 beskriver ansvaret mellan region och kommun.")
    text = (
        "Ansvarsfördelningen mellan regionen och kommunerna finns beskriven i Bilaga 1.\n"
        "Regionen ansvarar för nedanstående:\n• Avtal med leverantör\n• Daglig IT-drift"
    )
    ranked = _ranked(text, "Vad ansvarar regionen för enligt Bilaga 1?", "Mötet hölls digitalt.", "Budget.")
    # the sentence that points to Bilaga 1 is no answer to what Bilaga 1 says
    assert all("beskriven i Bilaga 1" not in c.text for c in ranked)
    assert any(c.text.startswith("Regionen ansvarar") for c in ranked)


def test_the_domain_glossary_maps_english_words_to_words_the_documents_use():
    from pathlib import Path

    from assistant.retrieval.glossary import DOMAIN_GLOSSARY

    seeds = Path(__file__).resolve().parents[1] / "corpus" / "seeds"
    used = {w for f in seeds.glob("*.txt") for w in re.findall(r"[a-zåäöé]+", f.read_text("utf-8").lower())}
    assert len(DOMAIN_GLOSSARY) > 100
    for english, swedish in DOMAIN_GLOSSARY.items():
        assert english == english.lower() and " " not in english
        assert english not in used or english in swedish.split()  # an English key is no Swedish word
        assert set(swedish.split()) <= used, english
