"""Conversations: follow-ups via ask(history=...), asked_as, the CLI batch and a model rewrite."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.testing import recording_chat_model, with_chat_model


@pytest.mark.slow
def test_follow_ups_carry_year_and_place_through_ask(real_assistant) -> None:
    first = real_assistant.ask("Vad betalar Ånge 2026?")
    second = real_assistant.ask("och 2027?", history=[first])
    third = real_assistant.ask("Vad betalar Timrå då?", history=[first, second])
    assert second.asked_as == "Vad betalar Ånge 2027?" and second.calculation is not None
    assert second.calculation.inputs["year"] == 2027 and second.calculation.inputs["municipality"] == "Ånge"
    assert third.asked_as == "Vad betalar Timrå 2027?" and third.calculation is not None
    assert third.calculation.inputs["municipality"] == "Timrå"
    data = third.to_dict()
    assert data["asked_as"] == "Vad betalar Timrå 2027?" and data["question"] == "Vad betalar Timrå då?"
    alone = real_assistant.ask("och 2027?")  # without history it is not a cost question about anyone
    assert alone.asked_as == "och 2027?" and alone.calculation is None


@pytest.mark.slow
def test_a_year_relative_to_the_conversation_moves_the_conversations_year(real_assistant) -> None:
    first = real_assistant.ask("Vad betalar Ånge 2026?")
    after = real_assistant.ask("året efter?", history=[first])
    before = real_assistant.ask("föregående år då?", history=[first, after])
    other = real_assistant.ask("Vad betalar Timrå året innan?", history=[first])
    english = real_assistant.ask("What about the year after?", history=[first])
    assert after.asked_as == "Vad betalar Ånge 2027?"
    assert before.asked_as == "Vad betalar Ånge 2026?"  # the year before the one just asked about
    assert other.asked_as == "Vad betalar Timrå 2025?"
    assert english.calculation is not None and english.calculation.inputs["year"] == 2027
    alone = real_assistant.parse("året efter?")  # without a conversation it moves nothing
    assert alone.year_shift == 1 and alone.year_defaulted


@pytest.mark.slow
def test_a_pronoun_brings_the_earlier_questions_subject_and_keeps_what_is_asked(real_assistant) -> None:
    first = real_assistant.ask("Vem undertecknade samverkansavtalet för Härnösands kommun?")
    then = real_assistant.ask("När signerade hon?", history=[first])
    assert "Härnösands kommun" in then.asked_as and not then.refused
    assert any("Härnösands kommun" in c.quote for c in then.citations)
    q = real_assistant.parse("När signerade hon?")
    assert q.asked is not None and q.asked.kind.value == "date"


@pytest.mark.slow
def test_a_payer_role_replaces_the_named_region_in_a_document_question(real_assistant) -> None:
    answer = real_assistant.ask(
        "och för kommunerna?",
        history=["Vem är förvaltningsledare för Region Norrbotten i Samordnad planering?"],
    )
    assert answer.asked_as == "Vem är förvaltningsledare för kommunerna i Norrbotten i Samordnad planering?"


def test_words_carried_from_an_earlier_turn_weigh_less_than_the_follow_ups_own():
    from assistant.answering.asks import asked_for
    from assistant.answering.units import score_units
    from assistant.retrieval.bm25 import BM25
    from assistant.retrieval.text import tokens
    from assistant.types import Chunk, ScoredChunk

    texts = [
        "Framtida behov av anpassning hanteras inom systemförvaltningen enligt planen.",
        "Kostnaden för anpassning fördelas mellan huvudmännen enligt samma princip.",
        "Utbildning sker lokalt hos varje part.",
    ]
    chunks = [Chunk(id=str(n), document="d.pdf", page=1, section="", text=t) for n, t in enumerate(texts)]
    bm25 = BM25([tokens(t) for t in texts])
    hits = [ScoredChunk(c, 1.0) for c in chunks]
    carried = "Hur hanteras framtida behov av anpassning enligt planen"
    question = f"Hur fördelas kostnaden för det ({carried})?"
    asked = asked_for("Hur fördelas kostnaden för det?")
    best = score_units(bm25, question, hits, asked, carried=carried)[0]
    assert best.text.startswith("Kostnaden för anpassning")
    plain = score_units(bm25, question, hits, asked)[0]
    assert plain.text.startswith("Framtida behov")  # without knowing what was carried, it dominates


@pytest.mark.slow
def test_history_may_be_plain_questions(real_assistant) -> None:
    answer = real_assistant.ask("Och regionen?", history=["Vad betalar kommunerna i Stockholms län 2026?"])
    assert answer.calculation is not None and answer.calculation.result == 21_348_360


@pytest.mark.slow
def test_with_a_model_the_follow_up_is_rewritten_by_it(real_assistant) -> None:
    model = recording_chat_model(["Vad betalar Ånge 2028?"])
    chat = with_chat_model(real_assistant, model)
    answer = chat.ask("Och året därpå igen?", history=["Vad betalar Ånge 2027?"])
    assert answer.asked_as == "Vad betalar Ånge 2028?"
    assert answer.calculation is not None and answer.calculation.inputs["year"] == 2028
    sent = " ".join(str(m.content) for m in model.history[0])
    assert "Vad betalar Ånge 2027?" in sent and "Och året därpå igen?" in sent


@pytest.mark.slow
def test_cli_batch_conversation_resets_at_a_blank_line(real_index, tmp_path, capsys, monkeypatch) -> None:
    for key, value in (
        ("ASSISTANT_CORPUS_DIR", real_index.corpus_dir),
        ("ASSISTANT_INDEX_DIR", real_index.index_dir),
    ):
        monkeypatch.setenv(key, str(value))
    batch = tmp_path / "q.txt"
    batch.write_text("Vad betalar Ånge 2026?\noch 2027?\n\noch 2027?\n", encoding="utf-8")
    assert main(["ask", "--json", "--conversation", "--batch", str(batch)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["asked_as"] for r in rows] == ["Vad betalar Ånge 2026?", "Vad betalar Ånge 2027?", "och 2027?"]


@pytest.mark.slow
def test_a_year_outside_the_cost_rules_lets_a_document_that_states_that_year_answer(real_assistant) -> None:
    stated = real_assistant.ask(
        "Kommunernas andel av kostnaden för support år 2019 i Stockholm, hur stor var den?"
    )
    assert not stated.refused and "425 000" in stated.answer
    assert any("2019" in c.quote for c in stated.citations)
    rule = real_assistant.ask("Vad betalar Ånge 2023?")  # no document states it: the cost rule's refusal
    assert rule.refused and rule.calculation is None and "2024" in rule.answer
