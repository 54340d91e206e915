"""Cold start reads what ingest stored: findings and pages live in the build, no PDF is re-read at load."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.checks import run_checks
from assistant.ingest.pdf import read_pdf
from assistant.ingest.pipeline import ingest
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.store import layout

from .conftest import write_pdf

PARTY_A = "Parter\n• Region Exempel, org.nr 232100-9999\n• Alfa kommun, org.nr 212000-1111"
PARTY_B = "Parter\n• Region Exempel, org.nr 232100-9999\n• Beta kommun, org.nr 212000-1111"


def _settings(tmp_path: Path, corpus: Path) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", embedder="fake")


def _two_agreements(corpus: Path) -> None:
    write_pdf(corpus / "a.pdf", [PARTY_A, "Fakturering sker i mars."])
    write_pdf(corpus / "b.pdf", [PARTY_B, "Fakturering sker i maj."])


def test_findings_are_stored_at_ingest_and_read_at_load(tmp_path: Path):
    corpus = tmp_path / "corpus"
    _two_agreements(corpus)
    expected = run_checks([p for f in sorted(corpus.glob("*.pdf")) for p in read_pdf(f)])
    assert [f.kind for f in expected] == ["duplicate_identifier"]
    settings = _settings(tmp_path, corpus)
    ingest(settings)
    shutil.rmtree(corpus)  # loading must not need the PDFs
    assistant = Assistant(settings, build_index=False)

    def places(findings):
        return [(f.kind, [(c.document, c.page, c.quote) for c in f.citations]) for f in findings]

    assert places(assistant.findings) == places(expected)
    assert [c.document for c in assistant.findings[0].citations] == ["a.pdf", "b.pdf"]


def test_a_partial_ingest_checks_the_new_file_against_the_stored_pages(tmp_path: Path):
    corpus = tmp_path / "corpus"
    _two_agreements(corpus)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.move(corpus / "b.pdf", outside / "b.pdf")
    settings = _settings(tmp_path, corpus)
    ingest(settings)
    (corpus / "a.pdf").unlink()  # a.pdf's pages now exist only in the build
    report = ingest(settings, [outside / "b.pdf"])
    assert report.added == ["b.pdf"] and report.embedded > 0
    build = layout.current_build(settings.index_dir)
    assert build is not None
    [finding] = layout.read_findings(build) or []
    assert {c.document for c in finding.citations} == {"a.pdf", "b.pdf"}
    assert sorted(layout.read_pages(build) or {}) == ["a.pdf", "b.pdf"]


def test_a_build_without_stored_findings_still_loads_and_the_next_ingest_adds_them(tmp_path: Path):
    corpus = tmp_path / "corpus"
    _two_agreements(corpus)
    settings = _settings(tmp_path, corpus)
    first = ingest(settings)
    build = layout.current_build(settings.index_dir)
    assert build is not None
    (build / "findings.json").unlink()  # as written by the version before findings were stored
    (build / "pages.jsonl").unlink()
    assert [f.kind for f in Assistant(settings, build_index=False).findings] == ["duplicate_identifier"]
    second = ingest(settings)
    assert second.build != first.build and second.embedded == 0  # vectors reused
    new = layout.current_build(settings.index_dir)
    assert new is not None and layout.has_derivations(new)
    assert [f.kind for f in layout.read_findings(new) or []] == ["duplicate_identifier"]
