"""Write a minimal agreement file for a PDF that has none (the app's form), atomically.

Only what a person can state without a programmer: region, kind, name and the
validity dates, optionally with the sentence that states them (checked against
its page before anything is written). Parties, facts and a cost model are added
by hand later, following docs/adding-an-agreement.md.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ..errors import DataError
from .registry import AGREEMENTS_DIR, Registry

KINDS = ("avtal", "överenskommelse", "förvaltningsplan", "protokoll")


@dataclass(frozen=True)
class NewAgreement:
    document: str
    region: str
    kind: str
    name: str
    valid_from: date
    valid_to: date | None = None
    page: int | None = None
    quote: str = ""
    """The sentence that states the period, copied from `page` (optional)."""


def missing_for(registry: Registry, document: str) -> list[str]:
    """What the registry still lacks for `document`, in words a user can act on."""
    agreement = registry.for_document(document)
    if agreement is None:
        return [
            "en avtalsfil i corpus/agreements/ (region, parter, giltighet, kostnadsmodell)",
            "region och giltighetstid – fyll i formuläret nedan",
        ]
    # parties and a cost model are optional (minutes and plans have none); validity is not
    entry = agreement.documents.get(document) or {}
    return [] if entry.get("from") else ["giltighetstid (from/to) i " + agreement.source.name]


def agreement_id(document: str) -> str:
    stem = Path(document).stem.lower()
    return re.sub(r"[^a-z0-9-]+", "-", stem).strip("-") or "avtal"


def write_agreement(registry: Registry, new: NewAgreement) -> Path:
    """Write `corpus/agreements/<id>.yaml` for `new.document`; DataError (nothing written) if it cannot."""
    from ..ingest.normalize import quote_in_text
    from ..ingest.pdf import read_pdf

    corpus = registry.corpus_dir
    if registry.for_document(new.document) is not None:
        raise DataError(f"{new.document} already has an agreement file.", "Edit that file instead.")
    if new.kind not in KINDS:
        raise DataError(f"Unknown kind {new.kind!r}.", f"Use one of: {', '.join(KINDS)}.")
    if new.valid_to is not None and new.valid_to < new.valid_from:
        raise DataError("The end date is before the start date.", "Check the dates.")
    code = registry.county_of(new.region)
    if not code:
        raise DataError(f"Unknown region {new.region!r}.", "Pick one of Sweden's 21 regions.")
    clauses = []
    if new.quote.strip():
        pages = [p.text for p in read_pdf(corpus / new.document)]
        page = new.page or 1
        if not 1 <= page <= len(pages) or not quote_in_text(new.quote, pages[page - 1]):
            raise DataError(
                f"The sentence is not on page {page} of {new.document}.",
                "Copy it verbatim from that page, or leave it empty.",
            )
        clauses.append({"about": "period", "page": page, "quote": " ".join(new.quote.split())})
    entry: dict[str, object] = {
        "from": new.valid_from.isoformat(),
        "to": new.valid_to.isoformat() if new.valid_to else None,
    }
    if clauses:
        entry["clauses"] = clauses
    data = {
        "id": agreement_id(new.document),
        "region": new.region,
        "county_code": code,
        "kind": new.kind,
        "name": new.name or new.document,
        "documents": {new.document: entry},
    }
    folder = corpus / AGREEMENTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['id']}.yaml"
    if path.exists():
        raise DataError(f"{path} already exists.", "Edit that file instead.")
    text = "# Written by the app's form; see docs/adding-an-agreement.md for parties, facts and costs.\n"
    text += yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
