"""Which file is which: the same PDF twice, under another name, odd file names, and files that change.

A document is indexed once, under its base name; a name that cannot be shown
safely is refused with a rename hint; a good PDF replaced by a broken copy keeps
its indexed version.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from assistant.ingest.pipeline import ingest
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.store import layout

from .conftest import write_pdf
from .test_trust_ingest import GOOD, documents


def test_same_pdf_twice_and_under_another_name_is_indexed_once(fake_settings: Settings):
    corpus = fake_settings.corpus_dir
    ingest(fake_settings)
    before = documents(fake_settings)
    # a copy sorting before the original: the name already indexed keeps its place
    (corpus / "0-kopia.pdf").write_bytes((corpus / "avtal-1.pdf").read_bytes())
    report = ingest(fake_settings)
    assert report.duplicates == [("0-kopia.pdf", "avtal-1.pdf")]
    assert not report.removed and not report.added
    assert documents(fake_settings) == before

    same = corpus / "avtal-2.pdf"
    report = ingest(
        fake_settings, [same, same, corpus / ".." / "corpus" / "avtal-2.pdf", corpus / "0-kopia.pdf"]
    )
    assert report.unchanged == ["avtal-2.pdf"] and report.duplicates == [("0-kopia.pdf", "avtal-1.pdf")]
    build = layout.current_build(fake_settings.index_dir)
    assert build is not None
    texts = Counter((c.document, c.text) for c in layout.read_chunks(build))
    assert max(texts.values()) == 1


ODD_OK = [
    "Ånge kommun – avtal (kopia) 2026.pdf",
    "A\u030ange-nfd.pdf",
    "smörgås 🥪.pdf",
    "..avtal..pdf",
    "-.pdf",
    "mapp\\fil.pdf",  # a Windows separator is an ordinary character in a POSIX name
]
ODD_BAD = {
    "röd\x1b[31m.pdf": "control",
    "rad\nbryt.pdf": "control",
    "avtal\u202efdp.exe.pdf": "formatting",
    "noll\u200bbredd.pdf": "formatting",
}


def test_odd_file_names(fake_settings: Settings, tmp_path: Path, capsys):
    ingest(fake_settings)
    folder = tmp_path / "uppladdat" / "under"
    paths = [
        write_pdf(folder / name, [f"Inledning\nAvtal {i} om Lifecare SP gäller."])
        for i, name in enumerate(ODD_OK)
    ]
    bad = [write_pdf(folder / name, [f"Inledning\nFel namn {i}."]) for i, name in enumerate(ODD_BAD)]
    undecodable = folder / "\udcff\udcfe.pdf"  # the bytes ff fe: not UTF-8
    (folder / "x").mkdir()
    write_pdf(undecodable, ["Inledning\nOgiltigt namn."])
    twin = write_pdf(
        folder / "x" / "Ånge kommun – avtal (kopia) 2026.pdf", ["Inledning\nEn annan fil, samma namn."]
    )
    dotted = folder / ".." / "under" / ODD_OK[0]  # the same file through '..': indexed once

    report = ingest(fake_settings, [*paths, dotted, *bad, undecodable, twin])
    assert sorted(report.added) == sorted(ODD_OK)
    failed = dict(report.failed)
    assert len(failed) == len(ODD_BAD) + 2
    for shown, message in failed.items():
        assert message.startswith(shown) and "Rename" in message
        assert not any(ch in shown + message for ch in "\x1b\n\u202e\u200b\udcff")  # safe to print
    assert "\ufffd\ufffd.pdf" in failed
    assert "same name" in failed["Ånge kommun – avtal (kopia) 2026.pdf"]
    docs = documents(fake_settings)
    assert set(docs) == GOOD | set(ODD_OK)  # stored by base name: no folder, no '..'
    assert not any("/" in d for d in docs)
    # the answers cite the file by its own name
    answer = Assistant(fake_settings).ask("Vad gäller för avtal 2 om Lifecare SP?")
    assert answer.citations and answer.citations[0].document == "smörgås 🥪.pdf"


def test_folder_discovery_takes_any_case_and_skips_hidden_files(fake_settings: Settings):
    corpus = fake_settings.corpus_dir
    write_pdf(corpus / "STORA.PDF", ["Inledning\nVersaler i filnamnet, avtal 7 gäller."])
    (corpus / "._avtal-0.pdf").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")
    report = ingest(fake_settings)
    assert report.ok and "STORA.PDF" in report.added


def test_edited_file_that_no_longer_reads_keeps_its_indexed_version(fake_settings: Settings):
    ingest(fake_settings)
    before = documents(fake_settings)
    question = "Vilket är det hemliga talet för avtal 0?"
    answer = Assistant(fake_settings).ask(question).to_dict()
    path = fake_settings.corpus_dir / "avtal-0.pdf"
    path.write_bytes(path.read_bytes()[:200])
    report = ingest(fake_settings)
    assert [n for n, _ in report.failed] == ["avtal-0.pdf"]
    assert report.failed[0][1].endswith("The version indexed before is kept.")
    assert not report.removed and documents(fake_settings) == before
    again = Assistant(fake_settings).ask(question).to_dict()
    assert {**again, "timings_ms": {}} == {**answer, "timings_ms": {}}


@pytest.mark.parametrize("kind", ["missing", "folder", "fifo"])
def test_paths_that_are_not_files(fake_settings: Settings, tmp_path: Path, kind: str):

    path = tmp_path / f"{kind}.pdf"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    report = ingest(fake_settings, [path] if kind != "folder" else [path / "inget.pdf"])
    assert [n for n, _ in report.failed] == [path.name if kind != "folder" else "inget.pdf"]
    assert "not found" in report.failed[0][1]
