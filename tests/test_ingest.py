import shutil
from pathlib import Path

from assistant.ingest.pipeline import ingest
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.store import layout

from .conftest import write_pdf


def _chunk_ids(settings: Settings) -> dict[str, set[str]]:
    build = layout.current_build(settings.index_dir)
    assert build is not None
    out: dict[str, set[str]] = {}
    for c in layout.read_chunks(build):
        out.setdefault(c.document, set()).add(c.id)
    return out


def test_reingest_is_idempotent(fake_settings: Settings):
    first = ingest(fake_settings)
    assert len(first.added) == 3 and first.ok
    before = _chunk_ids(fake_settings)
    second = ingest(fake_settings)
    assert second.build == first.build  # nothing changed: no new build at all
    assert second.embedded == 0 and len(second.unchanged) == 3
    assert _chunk_ids(fake_settings) == before


def test_edit_and_removal_touch_only_that_document(fake_settings: Settings):
    ingest(fake_settings)
    before = _chunk_ids(fake_settings)
    corpus = fake_settings.corpus_dir
    write_pdf(
        corpus / "avtal-1.pdf",
        ["Inledning\nDet hemliga talet för avtal 1 är 5555.", "Kostnader\nNya regler."],
    )
    (corpus / "avtal-2.pdf").unlink()
    report = ingest(fake_settings)
    assert report.updated == ["avtal-1.pdf"] and report.removed == ["avtal-2.pdf"]
    after = _chunk_ids(fake_settings)
    assert after["avtal-0.pdf"] == before["avtal-0.pdf"]
    assert after["avtal-1.pdf"] != before["avtal-1.pdf"]
    assert "avtal-2.pdf" not in after
    assert report.embedded == len(after["avtal-1.pdf"])


def test_same_pdf_under_another_name_is_not_duplicated(fake_settings: Settings):
    corpus = fake_settings.corpus_dir
    shutil.copy(corpus / "avtal-0.pdf", corpus / "kopia.pdf")
    report = ingest(fake_settings)
    assert len(report.duplicates) == 1
    assert set(_chunk_ids(fake_settings)) == {"avtal-0.pdf", "avtal-1.pdf", "avtal-2.pdf"} or set(
        _chunk_ids(fake_settings)
    ) == {"kopia.pdf", "avtal-1.pdf", "avtal-2.pdf"}


def test_bad_file_is_reported_and_the_rest_indexed(fake_settings: Settings):
    (fake_settings.corpus_dir / "trasig.pdf").write_bytes(b"%PDF-1.4 trasig")
    (fake_settings.corpus_dir / "tom.pdf").write_bytes(b"")
    report = ingest(fake_settings)
    assert not report.ok
    assert {name for name, _ in report.failed} == {"trasig.pdf", "tom.pdf"}
    assert all(name in msg for name, msg in report.failed)
    assert len(report.added) == 3


def test_second_index_dir_leaves_the_first_alone(fake_settings: Settings, tmp_path: Path):
    ingest(fake_settings)
    first = (fake_settings.index_dir / "CURRENT").read_text()
    other = fake_settings.model_copy(update={"index_dir": tmp_path / "other"})
    ingest(other)
    assert (fake_settings.index_dir / "CURRENT").read_text() == first
    assert layout.current_build(other.index_dir) is not None


def test_assistant_builds_a_missing_index_and_answers(fake_settings: Settings):
    assistant = Assistant(fake_settings)
    answer = assistant.ask("Vilket är det hemliga talet för avtal 1?")
    assert not answer.refused
    assert "1234" in answer.answer
    assert answer.citations[0].document == "avtal-1.pdf" and answer.citations[0].page == 1


def test_manifest_edit_rechunks_only_that_document(fake_settings: Settings):
    ingest(fake_settings)
    before = _chunk_ids(fake_settings)
    (fake_settings.corpus_dir / "documents.yaml").write_text(
        "documents:\n  avtal-1.pdf:\n    title: Nytt namn på avtal 1\n"
        "    region: Testregion\n    kind: avtal\n",
        encoding="utf-8",
    )
    report = ingest(fake_settings)
    assert report.updated == ["avtal-1.pdf"]
    after = _chunk_ids(fake_settings)
    assert after["avtal-0.pdf"] == before["avtal-0.pdf"] and after["avtal-1.pdf"] != before["avtal-1.pdf"]
    build = layout.current_build(fake_settings.index_dir)
    titles = {c.title for c in layout.read_chunks(build) if c.document == "avtal-1.pdf"}
    assert titles == {"Nytt namn på avtal 1"}


def test_bm25_tokens_are_stored_with_the_build(fake_settings: Settings):
    from assistant.retrieval.hybrid import chunk_tokens

    ingest(fake_settings)
    build = layout.current_build(fake_settings.index_dir)
    stored = layout.read_tokens(build)
    assert stored == [chunk_tokens(c) for c in layout.read_chunks(build)]


def test_a_build_from_older_chunking_rules_is_rebuilt(fake_settings) -> None:
    import json

    from assistant.ingest.chunking import CHUNKER_VERSION
    from assistant.ingest.pipeline import ingest
    from assistant.store import layout

    first = ingest(fake_settings)
    state = layout.current_build(fake_settings.index_dir) / "state.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    assert data["chunker"] == CHUNKER_VERSION
    data["chunker"] = CHUNKER_VERSION - 1
    state.write_text(json.dumps(data), encoding="utf-8")
    again = ingest(fake_settings)
    assert first.ok and again.ok and again.embedded == again.chunks > 0  # every document re-chunked
