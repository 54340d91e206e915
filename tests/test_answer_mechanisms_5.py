"""Answer mechanisms of the fifth quality round: each general, each tested on text written here
(or on the shipped corpus through `real_assistant`), not on the eval's questions."""

from __future__ import annotations

from assistant.answering.asks import asked_for
from assistant.answering.kinds import Kind
from assistant.answering.units import score_units
from assistant.retrieval.bm25 import BM25
from assistant.retrieval.text import tokens
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
