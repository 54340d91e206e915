"""A question in a language the assistant does not answer in gets a message naming the ones it does."""

from __future__ import annotations

import pytest

from assistant.answering.language import unsupported_language_message
from assistant.ingest.pipeline import ingest
from assistant.service import Assistant
from assistant.settings import Settings

OTHER = [
    "Was zahlt Ånge im Jahr 2026?",
    "Wer ist für die Schulung der Mitarbeiter verantwortlich?",
    "Wann werden die Gemeinden in Västernorrland abgerechnet?",
    "Qui paie la formation du personnel?",
    "¿Cuánto paga Sundsvall en 2026?",
    "Paljonko Ånge maksaa vuonna 2026?",
    "Сколько платит Онге в 2026 году?",
]
SUPPORTED = [
    "Vad betalar Ånge 2026?",
    "När faktureras kommunerna i Västernorrland?",
    "What does Ånge pay in 2026?",
    "Who is responsible for training the staff?",
    "Gäller avtalet i Härnösand?",
    "Kostnad?",
    "Lifecare SP",
]


@pytest.mark.parametrize("question", OTHER)
def test_other_languages_get_the_message(question: str):
    message = unsupported_language_message(question)
    assert message and "svenska eller engelska" in message and "Swedish or English" in message


@pytest.mark.parametrize("question", SUPPORTED)
def test_swedish_and_english_pass(question: str):
    assert unsupported_language_message(question) is None


def test_ask_answers_a_german_question_with_the_languages_that_work(fake_settings: Settings):
    ingest(fake_settings)
    answer = Assistant(fake_settings, build_index=False).ask("Wann werden die Gemeinden abgerechnet?")
    assert answer.refused and not answer.citations
    assert "svenska eller engelska" in answer.answer and "Swedish or English" in answer.answer
