"""Fuzz PDF text extraction with mutated files: `read_pdf` returns pages or raises UnreadablePDFError.

Seeded and fast: a few hundred mutants (byte flips, truncations, random and
PDF-token insertions, deleted and duplicated spans, rewritten numbers) of a
generated text PDF, a hand-written one, a compressed one and encrypted ones.
A mutant that takes pypdf into a loop would hang here, so an alarm turns a
case that runs over ten seconds into a failure naming its seed.
"""

from __future__ import annotations

import random
import re
import signal
from pathlib import Path

import pytest

from assistant.errors import UnreadablePDFError
from assistant.ingest.pdf import read_pdf
from assistant.types import Page

from .conftest import write_pdf
from .test_trust_ingest import LINE, encrypted_pdf, raw_pdf

CASES = 400
TOKENS = [
    b"obj", b"endobj", b"stream", b"endstream", b"R", b"<<", b">>", b"[", b"]", b"(", b")", b"\\",
    b"/Length", b"/Filter /FlateDecode", b"xref", b"trailer", b"startxref", b"%%EOF", b"/Kids [1 0 R]",
    b"/Parent 2 0 R", b"/Count 999999999", b"-1", b"0 0 R", b"1 0 R", b"/Type /Pages", b"BT", b"Tj", b"Do",
    b"/Encrypt 1 0 R", b"/Type /ObjStm", b"/XRefStm 0", b"/Resources << /XObject << /X 4 0 R >> >>",
]  # fmt: skip
NUMBER = re.compile(rb"\d+")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> list[bytes]:
    folder = tmp_path_factory.mktemp("seeds")
    text = write_pdf(
        folder / "text.pdf",
        ["Inledning\nDet hemliga talet för avtal 1 är 4711.\nÅäö ÅÄÖ", "Kostnader\nFakturering sker i mars."],
    )
    return [
        text.read_bytes(),
        raw_pdf(LINE * 20, pages=3),
        raw_pdf(LINE * 20, pages=2, compress=True),
        encrypted_pdf(text, folder / "open.pdf", "").read_bytes(),
        encrypted_pdf(text, folder / "locked.pdf", "lösen").read_bytes(),
    ]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to eight random edits of `data`."""
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(7)
        at = rng.randrange(len(b) + 1)
        if op == 0 and b:
            for _ in range(rng.randint(1, 20)):
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        elif op == 1:
            del b[at:]
        elif op == 2:
            b[at:at] = rng.randbytes(rng.randint(1, 64))
        elif op == 3:
            b[at:at] = b" " + rng.choice(TOKENS) + b" "
        elif op == 4:
            del b[at : at + rng.randint(1, 200)]
        elif op == 5:
            b[at:at] = b[at : at + rng.randint(1, 500)]
        else:
            spans = [m.span() for m in NUMBER.finditer(bytes(b))]
            if spans:
                start, end = rng.choice(spans)
                b[start:end] = str(rng.choice([0, 1, 3, 65535, 2**31, 10**12, rng.randint(0, 5000)])).encode()
    return bytes(b)


class _Hang(BaseException):
    """Raised by the alarm: the case ran too long (a BaseException so no handler in pypdf swallows it)."""


def test_mutated_pdfs_are_read_or_refused_never_crash(seeds: list[bytes], tmp_path: Path):
    def alarm(*_: object) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    outcomes = {"pages": 0, "refused": 0}
    path = tmp_path / "mutant.pdf"
    try:
        for case in range(CASES):
            rng = random.Random(case)
            path.write_bytes(mutate(rng.choice(seeds), rng))
            signal.alarm(10)
            try:
                pages = read_pdf(path)
            except UnreadablePDFError as exc:
                assert str(exc).startswith("mutant.pdf: ") and exc.hint, (case, str(exc))
                outcomes["refused"] += 1
            except _Hang:
                pytest.fail(f"case {case}: read_pdf ran over 10 s")
            except BaseException as exc:
                pytest.fail(f"case {case}: {type(exc).__name__}: {exc}")
            else:
                assert pages and all(isinstance(p, Page) for p in pages), case
                assert [p.number for p in pages] == list(range(1, len(pages) + 1))
                outcomes["pages"] += 1
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert outcomes["pages"] > CASES // 20 and outcomes["refused"] > CASES // 2, (
        outcomes
    )  # both paths exercised


@pytest.mark.parametrize("cut", [0, 1, 8, 100, 1000, -200, -30, -5, -1])
def test_every_truncation_point_is_handled(seeds: list[bytes], tmp_path: Path, cut: int):
    path = tmp_path / "kapad.pdf"
    for seed in seeds:
        path.write_bytes(seed[:cut])
        try:
            read_pdf(path)
        except UnreadablePDFError as exc:
            assert "kapad.pdf" in str(exc)
