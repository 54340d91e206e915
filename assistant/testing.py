"""Test doubles shipped with the package: a deterministic fake embedder and chat model.

Users can test their own code against them too (`ASSISTANT_EMBEDDER=fake`).
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

_TOKEN = re.compile(r"[a-zåäöéü0-9]+")


class FakeEmbedder:
    """Hashes word tokens into a bag-of-words vector: deterministic, fast, offline.

    Texts sharing words get similar vectors, so retrieval behaves sensibly in tests.
    """

    name = "fake-hash-256"
    dim = 256

    def _vec(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for token in _TOKEN.findall(text.lower()):
            digest = hashlib.blake2b(token[:6].encode(), digest_size=4).digest()
            vec[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.array([self._vec(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)


def fake_chat_model(replies: list[str]):
    """A queue-driven chat model: each call returns the next reply (LangChain's fake model)."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    return FakeListChatModel(responses=list(replies))
