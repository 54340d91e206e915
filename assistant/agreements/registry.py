"""The agreement registry: every agreement the corpus declares, read once from data.

One YAML file per agreement in `corpus/agreements/` (files in the older
`corpus/facts/` folder are read too, with the same fields) declares its
documents and their validity, its region, its parties (each municipality with
its SCB kommunkod), citable facts and, optionally, a cost model. Everything that
asks which regions, municipalities and agreements exist reads this registry.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import DataError
from ..types import Citation
from .model import Clause, CostModel, Fact, Party
from .reference import MunicipalityRef, Reference, RegionRef, fold, load_reference

AGREEMENTS_DIR = "agreements"
LEGACY_DIR = "facts"
MANIFEST_FILE = "documents.yaml"


@dataclass(frozen=True)
class Agreement:
    """One agreement: documents, region, parties, facts and an optional cost model."""

    id: str
    region: str
    """Short region name as questions use it: the region's name without 'Region' or 'län'."""
    region_name: str
    """The region as a party: 'Region <name>'."""
    county_code: str
    kind: str
    name: str
    """Short Swedish name for answers: 'samverkansavtalet i <region>'."""
    name_en: str
    documents: dict[str, dict[str, Any]]
    """Validity entry per PDF file name (the fields of the old validity.yaml)."""
    parties: tuple[Party, ...]
    facts: dict[str, Fact]
    source: Path
    cost_model: CostModel | None = None
    cost_note: str = ""
    """Fact key cited when the agreement has no cost model (what it does say)."""
    region_aliases: tuple[str, ...] = ()
    group_name: str = ""
    """The municipalities as a group: '<region>s läns sju kommuner'."""
    group_name_en: str = ""
    superseded_by: str = ""
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def document(self) -> str:
        """The agreement's main (first) document."""
        return next(iter(self.documents))

    @property
    def title(self) -> str:
        return self.titles.get(self.document, self.document)

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name

    def group(self, lang: str) -> str:
        if lang == "en":
            return self.group_name_en or f"the municipalities of {self.region}"
        return self.group_name or "kommunerna"

    def fact(self, key: str) -> Fact:
        """The fact named `key`; DataError naming the file to fix if it is missing."""
        try:
            return self.facts[key]
        except KeyError:
            raise DataError(
                f"The agreement {self.id} has no fact {key!r}.",
                f"Add it under facts: in {self.source} with its page and quote.",
            ) from None

    def citation(self, key: str, note: str = "") -> Citation:
        fact = self.fact(key)
        return fact.clause.citation(self.titles.get(fact.clause.document, self.title), note)

    def party_citation(self, party: Party, note: str = "") -> Citation:
        return party.clause.citation(self.titles.get(party.clause.document, self.title), note)

    def municipalities(self) -> tuple[Party, ...]:
        return tuple(p for p in self.parties if p.kind == "kommun")

    def region_party(self) -> Party | None:
        return next((p for p in self.parties if p.kind == "region"), None)

    def party(self, code: str) -> Party | None:
        return next((p for p in self.parties if p.kommunkod == code), None)

    def cost_years(self) -> tuple[int, int] | None:
        if self.cost_model is None:
            return None
        return self.cost_model.years.start, self.cost_model.years.end


@dataclass(frozen=True)
class Municipality:
    """A municipality a question may name: its code, name and the region it lies in."""

    code: str
    name: str
    display: str
    region: str
    """Short name of its region ('' when the reference data does not know it)."""
    also_word: str = ""

    def label(self, lang: str) -> str:
        if lang != "en":
            return self.display
        return f"{self.name} municipality"


@dataclass(frozen=True)
class Registry:
    """All agreements of one corpus plus the reference lists of regions and municipalities."""

    agreements: tuple[Agreement, ...]
    reference: Reference
    corpus_dir: Path
    problems: tuple[str, ...] = ()
    """Files that could not be read, each with its fix (shown by `agreements check`)."""

    # -- regions -----------------------------------------------------------------------------
    def regions(self) -> tuple[str, ...]:
        """Regions the corpus covers, in registry order."""
        return tuple(dict.fromkeys(a.region for a in self.agreements))

    def region_names(self) -> dict[str, str]:
        """Every name that points at a region (folded) -> the region's short name, covered or not."""
        names: dict[str, str] = {}
        for ref in self.reference.regions:
            for alias in (ref.name, *ref.aliases):
                names.setdefault(fold(alias), ref.name)
        for a in self.agreements:
            for alias in (a.region, a.region_name, *a.region_aliases):
                names[fold(alias)] = a.region
        return names

    def county_of(self, region: str) -> str:
        """The länskod of a region short name ('' when unknown)."""
        for a in self.agreements:
            if a.region == region and a.county_code:
                return a.county_code
        ref = next((r for r in self.reference.regions if r.name == region), None)
        return ref.code if ref else ""

    def region_for_code(self, county_code: str) -> str:
        for a in self.agreements:
            if a.county_code == county_code:
                return a.region
        ref: RegionRef | None = self.reference.region(county_code)
        return ref.name if ref else ""

    def in_region(self, region: str) -> tuple[Agreement, ...]:
        return tuple(a for a in self.agreements if a.region == region)

    # -- municipalities -------------------------------------------------------------------------
    def municipalities(self) -> tuple[Municipality, ...]:
        """Every municipality known from the agreements' parties and the reference list."""
        out: dict[str, Municipality] = {}
        refs: dict[str, MunicipalityRef] = {m.code: m for m in self.reference.municipalities}
        for a in self.agreements:
            for p in a.municipalities():
                ref = refs.get(p.kommunkod)
                out.setdefault(
                    p.kommunkod,
                    Municipality(
                        code=p.kommunkod,
                        name=p.name,
                        display=p.display or (ref.display if ref and ref.display else _display(p.name)),
                        region=a.region,
                        also_word=ref.also_word if ref else "",
                    ),
                )
        for ref in self.reference.municipalities:
            if ref.code not in out:
                out[ref.code] = Municipality(
                    code=ref.code,
                    name=ref.name,
                    display=ref.display or _display(ref.name),
                    region=self.region_for_code(ref.county_code),
                    also_word=ref.also_word,
                )
        return tuple(out.values())

    def municipality(self, code: str) -> Municipality | None:
        return next((m for m in self.municipalities() if m.code == code), None)

    def agreements_of(self, code: str) -> tuple[Agreement, ...]:
        """Agreements that name municipality `code` among their parties."""
        return tuple(a for a in self.agreements if a.party(code) is not None)

    # -- agreements and documents -----------------------------------------------------------------
    def get(self, agreement_id: str) -> Agreement | None:
        return next((a for a in self.agreements if a.id == agreement_id), None)

    def for_document(self, document: str) -> Agreement | None:
        return next((a for a in self.agreements if document in a.documents), None)

    def with_cost_model(self) -> tuple[Agreement, ...]:
        return tuple(a for a in self.agreements if a.cost_model is not None)


def _display(name: str) -> str:
    """The official form of a municipality name: '<name> kommun' after a vowel or an s-sound,
    else '<name>s kommun'."""
    ends_in_s_sound = name[-1].lower() in "aeiouyåäösxz"
    return f"{name} kommun" if ends_in_s_sound else f"{name}s kommun"


# -- loading -------------------------------------------------------------------------------------


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

    name: str = ""
    kind: Literal["region", "kommun", "kommuner"]
    kommunkod: str = ""
    display: str = ""
    county_code: str = ""
    """With kind 'kommuner': every municipality of this länskod in the reference list."""
    page: int
    quote: str
    document: str = ""


class _RawAgreement(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(validation_alias="id")
    region: str
    region_name: str = ""
    county_code: str = ""
    region_aliases: list[str] = []
    kind: str = ""
    name: str = ""
    name_en: str = ""
    group_name: str = ""
    group_name_en: str = ""
    documents: dict[str, dict[str, Any]] = {}
    superseded_by: str = ""
    parties: list[_RawParty] = []
    facts: dict[str, _RawFact] = {}
    cost_model: CostModel | None = None
    cost_note: str = ""


def _legacy(data: dict[str, Any]) -> dict[str, Any]:
    """A facts file of the older layout (agreement:, document:) in the registry's fields."""
    if "agreement" in data and "id" not in data:
        data = dict(data)
        data["id"] = data.pop("agreement")
        document = data.pop("document", "")
        if document and "documents" not in data:
            data["documents"] = {document: {}}
    return data


def _read(path: Path) -> _RawAgreement:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise DataError(f"{path} should hold a mapping.", "See docs/adding-an-agreement.md.")
        return _RawAgreement.model_validate(_legacy(data))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DataError(
            f"Cannot read the agreement in {path}: {exc}",
            "Fix the YAML (see docs/adding-an-agreement.md; every value needs unit, page and quote), "
            "then run 'python -m assistant agreements check'.",
        ) from exc


def _manifest(corpus_dir: Path) -> dict[str, dict[str, Any]]:
    """documents.yaml's entries (titles, kinds) as plain mappings."""
    from ..ingest.manifest import read_manifest

    return {
        name: {"title": info.title, "kind": info.kind} for name, info in read_manifest(corpus_dir).items()
    }


def _convert(raw: _RawAgreement, path: Path, reference: Reference, manifest: dict[str, Any]) -> Agreement:
    if not raw.documents:
        raise DataError(
            f"{path}: the agreement {raw.id} lists no documents.", "Add documents: {FILE.pdf: {}}."
        )
    main = next(iter(raw.documents))
    facts = {}
    for key, item in raw.facts.items():
        clause = Clause(document=item.document or main, page=item.page, quote=" ".join(item.quote.split()))
        facts[key] = Fact(
            key=key,
            value=item.value,
            unit=item.unit,
            text=item.text or str(item.value),
            reading=item.reading,
            clause=clause,
        )
    parties: list[Party] = []
    for p in raw.parties:
        clause = Clause(document=p.document or main, page=p.page, quote=" ".join(p.quote.split()))
        if p.kind == "kommuner":
            members = reference.in_county(p.county_code or raw.county_code)
            if not members:
                raise DataError(
                    f"{path}: parties of kind 'kommuner' for länskod {p.county_code or raw.county_code!r}, "
                    "but the reference list has no municipality with that code.",
                    "List the municipalities one by one (kind: kommun, with kommunkod) or add them to "
                    "corpus/reference/kommuner.csv.",
                )
            parties.extend(
                Party(name=m.name, kind="kommun", kommunkod=m.code, display=m.display, clause=clause)
                for m in members
            )
        else:
            name = p.name or (raw.region_name if p.kind == "region" else "")
            parties.append(
                Party(name=name, kind=p.kind, kommunkod=p.kommunkod, display=p.display, clause=clause)
            )
    region_name = raw.region_name or next((p.name for p in parties if p.kind == "region"), raw.region)
    titles = {doc: str((manifest.get(doc) or {}).get("title") or doc) for doc in raw.documents}
    kind = raw.kind or str((manifest.get(main) or {}).get("kind") or "avtal")
    return Agreement(
        id=raw.id,
        region=raw.region,
        region_name=region_name,
        county_code=raw.county_code.zfill(2) if raw.county_code else "",
        kind=kind,
        name=raw.name or titles[main],
        name_en=raw.name_en or raw.name or titles[main],
        documents={doc: dict(entry or {}) for doc, entry in raw.documents.items()},
        parties=tuple(parties),
        facts=facts,
        source=path,
        cost_model=raw.cost_model,
        cost_note=raw.cost_note,
        region_aliases=tuple(raw.region_aliases),
        group_name=raw.group_name,
        group_name_en=raw.group_name_en,
        superseded_by=raw.superseded_by,
        titles=titles,
    )


def agreement_files(corpus_dir: Path) -> list[Path]:
    """The registry's files: corpus/agreements/*.yaml, then the older corpus/facts/*.yaml."""
    files: list[Path] = []
    for folder in (AGREEMENTS_DIR, LEGACY_DIR):
        files.extend(sorted((Path(corpus_dir) / folder).glob("*.yaml")))
    return files


def _stamp(corpus_dir: Path) -> tuple[tuple[str, int, int], ...]:
    paths = [*agreement_files(corpus_dir), corpus_dir / MANIFEST_FILE]
    folder = corpus_dir / "reference"
    paths += sorted(folder.glob("*.csv")) if folder.is_dir() else []
    out = []
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


_CACHE: dict[Path, tuple[tuple[tuple[str, int, int], ...], Registry]] = {}
_LOCK = threading.Lock()


def load_registry(corpus_dir: Path, *, strict: bool = False) -> Registry:
    """Every agreement under `corpus_dir`, re-read only when a file changes.

    A file that cannot be read is left out and recorded in `problems` (so one broken
    agreement does not stop questions about the others); with `strict` it raises.
    """
    corpus_dir = Path(corpus_dir)
    stamp = _stamp(corpus_dir)
    with _LOCK:
        hit = _CACHE.get(corpus_dir)
        if hit is not None and hit[0] == stamp and not strict:
            return hit[1]
    reference = load_reference(corpus_dir)
    manifest = _manifest(corpus_dir)
    agreements: list[Agreement] = []
    problems: list[str] = []
    seen: set[str] = set()
    for path in agreement_files(corpus_dir):
        try:
            agreement = _convert(_read(path), path, reference, manifest)
        except DataError as exc:
            if strict:
                raise
            problems.append(str(exc))
            continue
        if agreement.id in seen:
            problem = f"{path}: the agreement id {agreement.id!r} is used twice."
            if strict:
                raise DataError(problem, "Give each agreement file its own id.")
            problems.append(problem)
            continue
        seen.add(agreement.id)
        agreements.append(agreement)
    registry = Registry(tuple(agreements), reference, corpus_dir, tuple(problems))
    with _LOCK:
        _CACHE[corpus_dir] = (stamp, registry)
    return registry
