"""A same-named file from outside the corpus never silently replaces an agreement."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.ingest.pipeline import ingest
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.store import layout

from .conftest import CORPUS, write_pdf

VN = "vasternorrland-samverkansavtal-lifecare-sp.pdf"
MINIMUM = "Vad är minimidebiteringen i Västernorrlands avtal?"
OUTSIDER = [
    "Samverkansavtal\nMinimidebiteringen är vid avtalets tecknande 1 kr per år.",
    "Ett helt annat dokument med samma filnamn.",
]


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns("seeds", "make_pdfs.py"))
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", embedder="fake")
    assert ingest(settings).ok
    return settings


def _state(settings: Settings) -> tuple[layout.DocumentState, list[str]]:
    build = layout.current_build(settings.index_dir)
    assert build is not None
    texts = [c.text for c in layout.read_chunks(build) if c.document == VN]
    return layout.read_state(build).documents[VN], texts


def test_outside_file_with_an_agreements_name_is_refused_naming_both(corpus_copy: Settings, tmp_path: Path):
    settings = corpus_copy
    before = _state(settings)
    answer = Assistant(settings).ask(MINIMUM).to_dict()
    outsider = write_pdf(tmp_path / "other" / VN, OUTSIDER)

    report = ingest(settings, [outsider])
    assert not report.updated and not report.added
    [(name, message)] = report.failed
    assert name == VN
    assert str(outsider) in message and str((settings.corpus_dir / VN).resolve()) in message
    assert "--replace" in message and "Rename" in message
    assert _state(settings) == before  # same hash, same chunks
    again = Assistant(settings).ask(MINIMUM).to_dict()
    assert {**again, "timings_ms": {}} == {**answer, "timings_ms": {}}
    assert "1 kr per år" not in again["answer"]


def test_the_cli_refuses_it_and_replace_makes_it_explicit(
    corpus_copy: Settings, tmp_path: Path, monkeypatch, capsys
):
    settings = corpus_copy
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "fake")
    outsider = write_pdf(tmp_path / "other" / VN, OUTSIDER)
    before = _state(settings)

    assert main(["ingest", str(outsider)]) == 1
    err = capsys.readouterr().err
    assert "same name as the agreement" in err and str(outsider) in err
    assert _state(settings) == before

    assert main(["ingest", "--replace", str(outsider)]) == 0
    assert "1 updated" in capsys.readouterr().out
    state, texts = _state(settings)
    assert state.source == str(outsider.resolve()) and any("1 kr per år" in t for t in texts)
    # the next update from the same place is an edit, not a clash; the corpus file puts the agreement back
    write_pdf(outsider, [OUTSIDER[0], "Andra versionen."])
    assert main(["ingest", str(outsider)]) == 0
    assert main(["ingest"]) == 0
    assert _state(settings) == before


def test_identical_copy_and_corpus_files_are_not_clashes(corpus_copy: Settings, tmp_path: Path):
    settings = corpus_copy
    copy = tmp_path / "other" / VN
    copy.parent.mkdir()
    shutil.copy(settings.corpus_dir / VN, copy)
    for path in (copy, settings.corpus_dir / VN):
        report = ingest(settings, [path])
        assert report.ok and report.unchanged == [VN]
    # a new name from outside is simply added
    report = ingest(settings, [write_pdf(tmp_path / "other" / "ny.pdf", OUTSIDER)])
    assert report.ok and report.added == ["ny.pdf"]
