import numpy as np
import pytest

from assistant.embeddings import Embedder
from assistant.errors import ModelUnavailableError


def _check(embedder: Embedder) -> None:
    assert isinstance(embedder, Embedder)
    passages = embedder.embed_passages(
        ["Debitering av kommuner sker två gånger per år; i juni och december.", "Fotboll spelas med en boll."]
    )
    query = embedder.embed_query("När faktureras kommunerna?")
    assert passages.shape == (2, embedder.dim) and query.shape == (embedder.dim,)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert passages[0] @ query > passages[1] @ query
    assert embedder.embed_passages([]).shape == (0, embedder.dim)


def test_e5_adapter():
    from assistant.embeddings.e5 import E5Embedder

    _check(E5Embedder(threads=1))


def test_sentence_transformers_adapter_with_shipped_minilm():
    from assistant.embeddings.sbert import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    assert embedder.dim == 384
    _check(embedder)


def test_sentence_transformers_bad_folder_says_what_to_do(tmp_path):
    from assistant.embeddings.sbert import SentenceTransformerEmbedder

    with pytest.raises(ModelUnavailableError, match="ASSISTANT_ST_MODEL"):
        SentenceTransformerEmbedder(str(tmp_path))


def test_fake_embedder_is_deterministic():
    from assistant.testing import FakeEmbedder

    _check(FakeEmbedder())
    assert np.array_equal(FakeEmbedder().embed_query("avtal"), FakeEmbedder().embed_query("avtal"))


def test_e5_queries_use_two_threads_with_a_short_spin_where_there_are_two_cores(monkeypatch):
    import os

    from assistant.embeddings.e5 import SPIN, E5Embedder
    from assistant.settings import Settings

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert Settings().embed_threads == 2
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert Settings().embed_threads == 1
    monkeypatch.setenv("ASSISTANT_EMBED_THREADS", "3")
    assert Settings().embed_threads == 3
    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    E5Embedder(threads=2)
    assert os.environ["GOMP_SPINCOUNT"] == SPIN


def test_e5_query_vectors_are_cached_read_only():
    from assistant.embeddings.e5 import E5Embedder

    embedder = E5Embedder(threads=1)
    first = embedder.embed_query("När faktureras kommunerna?")
    assert embedder.embed_query("När faktureras kommunerna?") is first
    assert not first.flags.writeable
