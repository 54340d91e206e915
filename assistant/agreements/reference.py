"""Public reference data: Sweden's regions and municipalities (SCB codes), from `corpus/reference/`.

Used to recognise a region or municipality a question names even when no
agreement covers it, so the answer can say so instead of guessing.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError

REFERENCE_DIR = "reference"
REGIONS_FILE = "regioner.csv"
MUNICIPALITIES_FILE = "kommuner.csv"


def fold(text: str) -> str:
    """Lower case without diacritics: 'Å' -> 'a', 'ö' -> 'o'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class RegionRef:
    """A region (län) by its SCB länskod."""

    code: str
    name: str
    """Short name: the region's name without 'Region' or 'län'."""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class MunicipalityRef:
    """A municipality by its SCB kommunkod; the first two digits are its länskod."""

    code: str
    name: str
    display: str = ""
    also_word: str = ""
    """The folded name when it is also an ordinary word ('ange'): then read as a name only in context."""

    @property
    def county_code(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class Reference:
    regions: tuple[RegionRef, ...] = ()
    municipalities: tuple[MunicipalityRef, ...] = ()

    def region(self, code: str) -> RegionRef | None:
        return next((r for r in self.regions if r.code == code), None)

    def in_county(self, code: str) -> tuple[MunicipalityRef, ...]:
        return tuple(m for m in self.municipalities if m.county_code == code)


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(
            f"Cannot read {path}: {exc}", "Fix the CSV (UTF-8, header row) and try again."
        ) from exc


def load_reference(corpus_dir: Path) -> Reference:
    """The reference lists under `corpus_dir/reference`; missing files give empty lists."""
    folder = Path(corpus_dir) / REFERENCE_DIR
    regions = tuple(
        RegionRef(
            code=r["lanskod"].zfill(2),
            name=r["region"],
            aliases=tuple(a.strip() for a in r.get("aliases", "").split(";") if a.strip()),
        )
        for r in _rows(folder / REGIONS_FILE)
        if r.get("lanskod") and r.get("region")
    )
    municipalities = tuple(
        MunicipalityRef(
            code=r["kommunkod"].zfill(4),
            name=r["kommun"],
            display=r.get("display", ""),
            also_word=fold(r.get("also_word", "")),
        )
        for r in _rows(folder / MUNICIPALITIES_FILE)
        if r.get("kommunkod") and r.get("kommun")
    )
    return Reference(regions=regions, municipalities=municipalities)
