"""Add an uploaded agreement PDF to the corpus and the index, or refuse it and change nothing.

The uploader's file name is never used as a path: the file is stored under a generated
name (a short ASCII slug of the original name plus a random suffix) directly inside
`corpus_dir`. It is checked (type, size, %PDF header, readable text) while still a
hidden temporary file, then ingested incrementally; if ingest rejects it, or it
duplicates a document already indexed, the file is removed again and the index keeps
its current build.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..embeddings import Embedder
from ..errors import AssistantError, UnreadablePDFError
from ..ingest.pdf import read_pdf
from ..ingest.pipeline import IngestReport, Progress, ingest
from ..settings import Settings


class UploadError(AssistantError):
    """An uploaded file was refused; the corpus and the index are unchanged."""


@dataclass(frozen=True)
class UploadResult:
    """A stored and indexed upload."""

    file: str
    """The generated file name inside corpus_dir."""
    original: str
    pages: int
    report: IngestReport


def safe_name(original: str) -> str:
    """A fresh file name for an upload: 'uppladdad-<ascii slug>-<8 hex>.pdf', never a path."""
    stem = Path(original.replace("\\", "/")).name
    stem = stem[: -len(".pdf")] if stem.lower().endswith(".pdf") else stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:40].strip("-") or "avtal"
    return f"uppladdad-{slug}-{secrets.token_hex(4)}.pdf"


def check_upload(settings: Settings, original: str, data: bytes) -> None:
    """Refuse what is obviously not an acceptable agreement PDF, before anything touches the disk."""
    if not settings.allow_upload:
        raise UploadError(
            "Uppladdning är avstängd.", "Starta appen med ASSISTANT_ALLOW_UPLOAD=true för att slå på den."
        )
    if not original.lower().endswith(".pdf"):
        raise UploadError(f"{original}: bara PDF-filer kan läggas till.", "Spara dokumentet som PDF först.")
    if not data:
        raise UploadError(f"{original}: filen är tom (0 byte).", "Ladda upp filen igen.")
    limit = settings.upload_max_mb
    if len(data) > limit * 1024 * 1024:
        raise UploadError(
            f"{original}: filen är {len(data) / 1024 / 1024:.1f} MB, över gränsen {limit:g} MB.",
            "Dela upp PDF:en, eller höj ASSISTANT_UPLOAD_MAX_MB om det verkligen är ett avtal.",
        )
    if b"%PDF-" not in data[:1024]:
        raise UploadError(
            f"{original}: filen är ingen PDF (den saknar PDF-huvud).",
            "Exportera eller spara dokumentet som PDF och försök igen.",
        )


def store_upload(
    settings: Settings,
    original: str,
    data: bytes,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> UploadResult:
    """Check, store and ingest one uploaded PDF; UploadError (corpus and index unchanged) if refused."""
    check_upload(settings, original, data)
    corpus = settings.corpus_dir.resolve()
    name = safe_name(original)
    target = corpus / name
    if target.parent != corpus or target.exists():  # cannot happen with safe_name; checked anyway
        raise UploadError(f"{original}: kunde inte välja ett säkert filnamn.", "Försök ladda upp igen.")
    partial = corpus / f".{name}.part"  # hidden and not *.pdf: no ingest picks it up half-written
    try:
        with partial.open("xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        pages = read_pdf(
            partial,
            max_mb=settings.upload_max_mb,
            max_pages=settings.max_pages,
            max_page_chars=settings.max_page_chars,
        )
        os.replace(partial, target)
    except UnreadablePDFError as exc:
        raise UploadError(f"{original}: {exc.reason}.", exc.hint) from exc
    finally:
        partial.unlink(missing_ok=True)

    try:
        report = ingest(settings, [target], embedder=embedder, progress=progress)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if report.failed or report.duplicates or name not in report.added:
        target.unlink(missing_ok=True)
        if report.duplicates:
            twin = report.duplicates[0][1]
            raise UploadError(f"{original}: samma PDF finns redan i indexet som {twin}.", "Inget lades till.")
        reason = report.failed[0][1] if report.failed else "ingest lade inte till den"
        raise UploadError(f"{original}: {reason}", "Kontrollera filen och försök igen.")
    return UploadResult(name, original, len(pages), report)
