"""corpus/documents.yaml: title, region, kind and date of each agreement PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import DataError

KINDS = ("avtal", "överenskommelse", "förvaltningsplan", "protokoll", "okänd")


@dataclass(frozen=True)
class DocumentInfo:
    """Manifest entry for one PDF."""

    file: str
    title: str
    region: str = ""
    kind: str = "okänd"
    date: str = ""


def load_manifest(corpus_dir: Path) -> dict[str, DocumentInfo]:
    """Entries by file name: documents.yaml, with region and kind from the agreement registry.

    The registry (corpus/agreements/) is what declares which region a document belongs to;
    documents.yaml gives titles and dates, and a region for documents no agreement declares.
    """
    from ..agreements import load_registry

    out = read_manifest(corpus_dir)
    registry = load_registry(corpus_dir)
    for agreement in registry.agreements:
        for document, entry in agreement.documents.items():
            known = out.get(document)
            out[document] = DocumentInfo(
                file=document,
                title=known.title if known else agreement.titles.get(document, document),
                region=agreement.region,
                kind=agreement.kind if agreement.kind in KINDS else (known.kind if known else "okänd"),
                date=known.date if known and known.date else str(entry.get("from") or ""),
            )
    return out


def read_manifest(corpus_dir: Path) -> dict[str, DocumentInfo]:
    """documents.yaml alone (titles, regions, kinds, dates by file name)."""
    path = corpus_dir / "documents.yaml"
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DataError(f"{path} is not valid YAML ({exc}).", "Fix the file or restore it from git.") from exc
    out: dict[str, DocumentInfo] = {}
    for name, entry in (data.get("documents") or {}).items():
        entry = entry or {}
        kind = str(entry.get("kind", "okänd"))
        if kind not in KINDS:
            raise DataError(f"{path}: {name} has kind '{kind}'.", f"Use one of: {', '.join(KINDS)}.")
        out[name] = DocumentInfo(
            file=name,
            title=str(entry.get("title") or name),
            region=str(entry.get("region", "")),
            kind=kind,
            date=str(entry.get("date", "")),
        )
    return out


def info_for(manifest: dict[str, DocumentInfo], file: str) -> DocumentInfo:
    """The manifest entry, or a default one titled by the file name."""
    return manifest.get(file) or DocumentInfo(file=file, title=Path(file).stem.replace("-", " "))
