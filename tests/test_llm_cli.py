"""The CLI's readable output names the engine and labels each note once."""

from __future__ import annotations

import json

from assistant.commands.ask import render
from assistant.types import Answer


def test_readable_output_names_the_engine_and_labels_notes_once():
    answer = Answer(
        question="q",
        answer="Kommunerna faktureras i juni [1].",
        refused=False,
        notes=("Observera: två dokument anger olika lagnummer.", "Svaret som openai:x skrev visas inte."),
        engine="openai:x",
    )
    out = render(answer)
    assert "Observera: Observera" not in out
    assert "Observera: två dokument" in out and "Observera: Svaret som openai:x skrev visas inte." in out
    assert out.splitlines()[-1] == "Svarat av: openai:x"
    assert json.loads(json.dumps(answer.to_dict()))["engine"] == "openai:x"


def test_the_extractive_engine_is_named_in_the_questions_language():
    sv = render(Answer(question="q", answer="a", refused=False))
    en = render(Answer(question="q", answer="a", refused=False, language="en", notes=("Note: x",)))
    assert sv.splitlines()[-1] == "Svarat av: extraktiv (citat ur avtalen)"
    assert en.splitlines()[-1] == "Answered by: extractive (quotes from the agreements)"
    assert "Note: Note" not in en and "Note: x" in en
