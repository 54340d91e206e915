"""Shared fixtures: offline guard, isolated settings, generated PDFs, and one real index per session."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


class NetworkBlocked(BaseException):
    """A test tried to reach a non-loopback host.

    A BaseException, so that clients which turn every Exception into a retry or a fallback
    (the OpenAI client, the chat engine) cannot swallow it.
    """


LOOPBACK = ("127.0.0.1", "localhost", "::1")
_blocked: list[str] = []


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch):
    """Tests never reach a remote host: only loopback is allowed; an attempt fails the test loudly."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def refuse(host: str) -> None:
        _blocked.append(host)
        raise NetworkBlocked(f"test tried to reach {host}: tests must stay offline (use 127.0.0.1)")

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in LOOPBACK and not host.startswith("/"):
            refuse(host)
        return real_connect(self, address)

    def resolve(host: object, *args: object, **kwargs: object) -> object:
        if (
            isinstance(host, str | bytes)
            and (host.decode() if isinstance(host, bytes) else host) not in LOOPBACK
        ):
            refuse(host.decode() if isinstance(host, bytes) else host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    _blocked.clear()
    yield _blocked
    if _blocked:
        hosts = sorted(set(_blocked))
        _blocked.clear()
        pytest.fail(f"the test tried to reach {', '.join(hosts)}; tests must stay offline", pytrace=False)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's ASSISTANT_* variables must not leak into tests."""
    for key in list(os.environ):
        if key.startswith("ASSISTANT_") or key in ("CHROMA_HOST", "CHROMA_PORT"):
            monkeypatch.delenv(key, raising=False)


def write_pdf(path: Path, pages: list[str]) -> Path:
    """A small text PDF, one string per page (lines kept), with a font carrying å, ä, ö."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    if FONT.exists():
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.set_font("DejaVu", size=10)
    else:  # the core font covers Latin-1, which has å, ä and ö
        pdf.set_font("Helvetica", size=10)
    for text in pages:
        pdf.add_page()
        y = 15.0
        for line in text.split("\n"):
            pdf.set_xy(15, y)
            pdf.cell(text=line)
            y += 5
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, pages: list[str], folder: Path | None = None) -> Path:
        return write_pdf((folder or tmp_path) / name, pages)

    return make


SECRET_PAGES = [
    "Inledning\nDet hemliga talet för avtal {idx} är {secret}.\nAvtalet gäller i Testkommun.",
    "Kostnader\nFakturering sker i mars och september varje år för avtal {idx}.",
]


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Three tiny agreements with known facts ('The secret number is ...')."""
    corpus = tmp_path / "corpus"
    for idx, secret in enumerate((4711, 1234, 9876)):
        write_pdf(corpus / f"avtal-{idx}.pdf", [p.format(idx=idx, secret=secret) for p in SECRET_PAGES])
    return corpus


@pytest.fixture
def fake_settings(tmp_path: Path, small_corpus: Path) -> Settings:
    return Settings(corpus_dir=small_corpus, index_dir=tmp_path / "index", embedder="fake")


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The shipped corpus indexed once per test session with the default (e5) embedder."""
    from assistant.ingest.pipeline import ingest

    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("real") / "index")
    report = ingest(settings)
    assert report.ok and report.chunks > 50
    return settings


@pytest.fixture(scope="session")
def real_assistant(real_index: Settings):
    from datetime import date

    from assistant.service import Assistant

    return Assistant(real_index, today=date(2026, 11, 22))
