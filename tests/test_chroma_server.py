"""The deployment path: vectors in a Chroma server on localhost (CHROMA_HOST/CHROMA_PORT)."""

from pathlib import Path

import pytest

from assistant.evaluation.scale.server import ChromaServer
from assistant.ingest.pipeline import ingest
from assistant.service import Assistant
from assistant.settings import Settings


@pytest.mark.slow
def test_ingest_and_answer_through_a_chroma_server(tmp_path: Path, small_corpus: Path, monkeypatch):
    with ChromaServer(tmp_path / "chroma-server", max_seconds=180) as server:
        monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
        monkeypatch.setenv("CHROMA_PORT", str(server.port))
        settings = Settings(corpus_dir=small_corpus, index_dir=tmp_path / "index", embedder="fake")
        assert settings.chroma_host == "127.0.0.1" and settings.chroma_port == server.port
        first = ingest(settings)
        assert first.ok and first.chunks > 0
        build_folder = tmp_path / "index" / "builds" / first.build
        assert not (build_folder / "chroma").exists()  # the vectors live on the server
        answer = Assistant(settings).ask("Vilket är det hemliga talet för avtal 2?")
        assert "9876" in answer.answer and answer.citations[0].document == "avtal-2.pdf"
        # a new build is a new collection; the one two builds back is dropped from the server
        (small_corpus / "avtal-0.pdf").unlink()
        ingest(settings)
        (small_corpus / "avtal-1.pdf").unlink()
        ingest(settings)
        import chromadb

        names = {c.name for c in chromadb.HttpClient(host="127.0.0.1", port=server.port).list_collections()}
        assert f"{settings.collection}-{first.build}" not in names
        assert len(names) <= 2
