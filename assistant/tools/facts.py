"""Agreement facts: the cost rules written down as data, each tied to its clause.

`corpus/facts/*.yaml` holds one file per agreement. Every value carries the
document, page and verbatim sentence it comes from, so a calculation can cite
exactly the clauses it used. `tests/test_facts.py` proves each quote is on its
page of the real PDF and contains its value.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import DataError
from ..types import Citation

FACTS_DIR = "facts"
"""Folder inside the corpus that holds the facts files."""


class Clause(BaseModel):
    """Where a value is written: document, page and the verbatim sentence."""

    model_config = ConfigDict(frozen=True)

    document: str
    """PDF file name inside the corpus."""
    page: int = Field(ge=1)
    """1-based page."""
    quote: str = Field(min_length=10)
    """Verbatim from the normalised page text (line breaks written as spaces)."""

    def citation(self, title: str = "", note: str = "") -> Citation:
        """The clause as a `Citation` for an answer."""
        return Citation(document=self.document, page=self.page, quote=self.quote, title=title, note=note)


class Fact(BaseModel):
    """One value of an agreement with its clause."""

    model_config = ConfigDict(frozen=True)

    key: str
    value: int | Decimal | str
    """Number (kr, %, users, years ...) or a rule/date written as text."""
    unit: str
    text: str
    """How the value is written inside the quote (defaults to the value itself)."""
    reading: str = ""
    """How a value the quote states in words is read as data, e.g. 'betalas av regionen' = 100 %."""
    clause: Clause

    @property
    def number(self) -> Decimal:
        """The value as a Decimal; raises DataError for a text fact."""
        if isinstance(self.value, str):
            raise DataError(f"Fact {self.key!r} is text, not a number.", "Fix the facts YAML.")
        return Decimal(self.value)


class Party(BaseModel):
    """A party of an agreement, as listed in it."""

    model_config = ConfigDict(frozen=True)

    name: str
    """Short name: 'Ånge', 'Region Västernorrland'."""
    kind: Literal["region", "kommun"]
    clause: Clause


class AgreementFacts(BaseModel):
    """All facts of one agreement."""

    model_config = ConfigDict(frozen=True)

    agreement: str
    """Identifier, e.g. 'vasternorrland', 'stockholm-2026-2030'."""
    region: str
    document: str
    title: str = ""
    """Document title from corpus/documents.yaml ('' if not listed)."""
    superseded_by: str = ""
    parties: tuple[Party, ...] = ()
    facts: dict[str, Fact]

    def fact(self, key: str) -> Fact:
        """The fact named `key`; DataError naming the file to fix if it is missing."""
        try:
            return self.facts[key]
        except KeyError:
            raise DataError(
                f"The facts for {self.agreement} have no value {key!r}.",
                f"Add it to corpus/{FACTS_DIR}/{self.agreement}.yaml with its page and quote.",
            ) from None

    def citation(self, key: str, note: str = "") -> Citation:
        """Citation of the clause behind fact `key`."""
        return self.fact(key).clause.citation(self.title, note)

    def municipalities(self) -> tuple[Party, ...]:
        """The municipalities among the parties, in the agreement's order."""
        return tuple(p for p in self.parties if p.kind == "kommun")


class _RawFact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: int | Decimal | str
    unit: str
    text: str = ""
    reading: str = ""
    page: int
    quote: str
    document: str = ""

    @field_validator("value", mode="before")
    @classmethod
    def _float_to_decimal(cls, value: object) -> object:
        # YAML reads 0.589 as a float; keep it exact.
        return Decimal(str(value)) if isinstance(value, float) else value


class _RawParty(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: Literal["region", "kommun"]
    page: int
    quote: str


class _RawFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agreement: str
    region: str
    document: str
    superseded_by: str = ""
    parties: list[_RawParty] = []
    facts: dict[str, _RawFact]


def _title(corpus_dir: Path, document: str) -> str:
    manifest = corpus_dir / "documents.yaml"
    if not manifest.is_file():
        return ""
    data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    entry = (data.get("documents") or {}).get(document) or {}
    return str(entry.get("title", ""))


def _convert(raw: _RawFile, title: str) -> AgreementFacts:
    facts = {}
    for key, item in raw.facts.items():
        clause = Clause(
            document=item.document or raw.document, page=item.page, quote=" ".join(item.quote.split())
        )
        text = item.text or str(item.value)
        facts[key] = Fact(
            key=key, value=item.value, unit=item.unit, text=text, reading=item.reading, clause=clause
        )
    parties = tuple(
        Party(name=p.name, kind=p.kind, clause=Clause(document=raw.document, page=p.page, quote=p.quote))
        for p in raw.parties
    )
    return AgreementFacts(
        agreement=raw.agreement,
        region=raw.region,
        document=raw.document,
        title=title,
        superseded_by=raw.superseded_by,
        parties=parties,
        facts=facts,
    )


def load_agreement_file(path: Path, corpus_dir: Path | None = None) -> AgreementFacts:
    """Read and validate one facts YAML file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        raw = _RawFile.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DataError(
            f"Cannot read the agreement facts in {path}: {exc}",
            "Fix the YAML (every value needs unit, page and quote) and try again.",
        ) from exc
    return _convert(raw, _title(corpus_dir or path.parent.parent, raw.document))


@functools.cache
def _load_all(facts_dir: Path, stamp: tuple[tuple[str, float], ...]) -> dict[str, AgreementFacts]:
    del stamp  # part of the cache key only: an edited file is read again
    loaded = [load_agreement_file(p, facts_dir.parent) for p in sorted(facts_dir.glob("*.yaml"))]
    return {a.agreement: a for a in loaded}


def load_facts(corpus_dir: Path) -> dict[str, AgreementFacts]:
    """Every agreement's facts under `corpus_dir/facts`, keyed by agreement id (cached per file mtime)."""
    facts_dir = corpus_dir / FACTS_DIR
    if not facts_dir.is_dir():
        raise DataError(
            f"No agreement facts found in {facts_dir}.",
            "Point ASSISTANT_CORPUS_DIR at the corpus folder that holds facts/*.yaml.",
        )
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(facts_dir.glob("*.yaml")))
    return _load_all(facts_dir, stamp)


def agreement(corpus_dir: Path, agreement_id: str) -> AgreementFacts:
    """One agreement's facts; DataError if the file is missing."""
    facts = load_facts(corpus_dir)
    if agreement_id not in facts:
        raise DataError(
            f"No facts file for the agreement {agreement_id!r} in {corpus_dir / FACTS_DIR}.",
            "Restore the corpus/facts folder from the repository.",
        )
    return facts[agreement_id]
