"""Which files an ingest reads, and which of them may stand for which document.

Documents are keyed by file name (it is what every citation shows), so a name
must be safe to show and a file from outside the corpus must not take an
agreement's name with other content.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from ..settings import Settings
from ..store import layout
from .pdf import display_name


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def corpus_pdfs(folder: Path) -> list[Path]:
    """The PDFs ingest picks up in a folder: visible files ending in .pdf, any case.

    Hidden files are editor or macOS ('._x.pdf') leftovers.
    """
    return sorted(
        p
        for p in folder.glob("*")
        if p.suffix.lower() == ".pdf" and not p.name.startswith(".") and p.is_file()
    )


def discover(settings: Settings, paths: Iterable[Path] | None) -> list[Path]:
    """The PDFs to index: all of corpus_dir, or the given files and folders (each file once)."""
    if not paths:
        return corpus_pdfs(settings.corpus_dir)
    found: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        p = Path(p)
        for f in corpus_pdfs(p) if p.is_dir() else [p]:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                found.append(f)
    return found


def name_problem(name: str) -> str | None:
    """Why a file name cannot be indexed (it is shown in every citation), or None."""
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        return "the file name is not valid UTF-8"
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        return "the file name contains control or invisible formatting characters"
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().parent == folder.resolve()


def name_clash(path: Path, digest: str, old: layout.DocumentState | None, settings: Settings) -> str | None:
    """Why a file from outside the corpus may not take an agreement's name, or None.

    The agreement is the indexed document of that name (read from where it was
    read before, or from the corpus), else the corpus file of that name. A file
    in the corpus folder itself is the agreement, and an edit of the file an
    outside document was read from is an update: neither is a clash.
    """
    if not digest or _inside(path, settings.corpus_dir):
        return None
    here = str(path.resolve())
    in_corpus = settings.corpus_dir / path.name
    if old is not None:
        owner, owner_digest = (old.source or str(in_corpus.resolve())), old.sha256
    elif in_corpus.is_file():
        owner, owner_digest = str(in_corpus.resolve()), sha256_file(in_corpus)
    else:
        return None
    if owner == here or owner_digest == digest:
        return None
    shown, other = display_name(here), display_name(owner)
    return (
        f"{shown}: has the same name as the agreement {other} but different content; nothing was "
        f"changed. Rename {display_name(path.name)} to index it as a document of its own, or run "
        f"'python -m assistant ingest --replace {shown}' to replace the agreement with it."
    )
