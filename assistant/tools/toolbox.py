"""The cost tools bound to one corpus: the entry point for the router, `ask()` and LangChain.

`Toolbox.from_settings(settings)` reads the agreement facts once; the
population table is read when a calculation needs it, so a broken table only
affects Västernorrland municipality figures and says how to fix it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ..settings import Settings
from ..types import Calculation
from .facts import AgreementFacts, load_facts
from .municipalities import find_municipality
from .numbers import format_kr
from .population import PopulationTable, load_population
from .rules import (
    NORRBOTTEN,
    STOCKHOLM,
    STOCKHOLM_INTERIM,
    VASTERNORRLAND,
    InterimRules,
    NotCoveredError,
    StockholmRules,
    VasternorrlandRules,
    tr,
)
from .stockholm import (
    InterimInput,
    StockholmTotalInput,
    compute_stockholm,
    interim_calculation,
    stockholm_calculation,
)
from .vasternorrland import MunicipalityCostInput, SplitInput, SplitResult, compute_split, extra_user_charge
from .vasternorrland_calc import extra_user_calculation, municipality_calculation, split_calculation


@dataclass(frozen=True)
class Toolbox:
    """Facts-backed calculators for one corpus folder and population table."""

    facts: dict[str, AgreementFacts]
    population_path: Path
    vasternorrland: VasternorrlandRules
    stockholm: StockholmRules
    interim: InterimRules

    @classmethod
    def from_settings(cls, settings: Settings) -> Toolbox:
        """The toolbox for these settings, re-read only when a facts file changes (not per question)."""
        key = (settings.corpus_dir, settings.population_path)
        stamp = _stamp(settings.corpus_dir / "facts")
        with _CACHE_LOCK:
            hit = _CACHE.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
        toolbox = cls.from_paths(settings.corpus_dir, settings.population_path)
        with _CACHE_LOCK:
            _CACHE[key] = (stamp, toolbox)
        return toolbox

    @classmethod
    def from_paths(cls, corpus_dir: Path, population_path: Path) -> Toolbox:
        facts = load_facts(corpus_dir)
        return cls(
            facts=facts,
            population_path=population_path,
            vasternorrland=VasternorrlandRules.from_facts(facts[VASTERNORRLAND]),
            stockholm=StockholmRules.from_facts(facts[STOCKHOLM]),
            interim=InterimRules.from_facts(facts[STOCKHOLM_INTERIM]),
        )

    def population(self) -> PopulationTable:
        """The population table, re-read when the file changes (e.g. after an SCB import)."""
        stamp = _stamp(self.population_path)
        with _CACHE_LOCK:
            hit = _POPULATION.get(self.population_path)
            if hit is not None and hit[0] == stamp:
                return hit[1]
        table = load_population(self.population_path)
        with _CACHE_LOCK:
            _POPULATION[self.population_path] = (stamp, table)
        return table

    def party_name(self, municipality: str) -> str:
        """The Västernorrland party name for a (possibly misspelled) municipality; NotCoveredError if none."""
        found = find_municipality(municipality) or find_municipality(f"x {municipality.title()}")
        if found is None or found.name not in self.vasternorrland.municipalities:
            raise NotCoveredError(
                f"{municipality} is not a party to the Västernorrland agreement", "not_party"
            )
        return found.name

    def split(self, inp: SplitInput) -> SplitResult:
        """The exact split for a Västernorrland cost year."""
        return compute_split(inp, self.vasternorrland, self.population())

    def municipality_cost(self, inp: MunicipalityCostInput, lang: str = "sv") -> Calculation:
        """One Västernorrland municipality's cost for a year."""
        name = self.party_name(inp.municipality)
        return municipality_calculation(self.split(inp), name, self.vasternorrland, lang)

    def region_split(self, inp: SplitInput, lang: str = "sv") -> Calculation:
        """The whole Västernorrland split for a year: region, municipalities, one row per municipality."""
        return split_calculation(self.split(inp), self.vasternorrland, lang)

    def extra_users(self, users: int, lang: str = "sv") -> Calculation:
        """The Västernorrland extra-user charge for `users` concurrent users."""
        return extra_user_calculation(
            extra_user_charge(users, self.vasternorrland), self.vasternorrland, lang
        )

    def stockholm_total(self, inp: StockholmTotalInput, lang: str = "sv") -> Calculation:
        """Stockholm's total for 2026–2030 (LPI rate needed after 2026), split 81/19."""
        return stockholm_calculation(compute_stockholm(inp, self.stockholm), self.stockholm, lang)

    def interim_cost(self, inp: InterimInput, lang: str = "sv") -> Calculation:
        """The interim per-inhabitant model (Stockholm 2021–2025)."""
        return interim_calculation(inp, self.interim, lang)

    def norrbotten_budget(self, lang: str = "sv") -> Calculation:
        """Norrbotten's 2021 budget as the sum of its parts (the plan has no split rule)."""
        facts = self.facts[NORRBOTTEN]
        parts = [int(facts.fact(k).number) for k in ("budget_governance", "budget_change_management")]
        total = int(facts.fact("budget_total").number)
        if sum(parts) != total:
            raise NotCoveredError("the Norrbotten budget lines do not add up to its total", "inconsistent")
        return Calculation(
            tool="norrbotten_budget",
            result=float(total),
            unit="kr",
            inputs={
                "agreement": facts.agreement,
                "year": 2021,
                "forvaltningsstyrning": parts[0],
                "andringshantering": parts[1],
            },
            steps=(f"{format_kr(parts[0])} + {format_kr(parts[1])} = {format_kr(total)}",),
            assumptions=(
                tr(
                    lang,
                    "Förvaltningsplanen anger ingen fördelning mellan region och kommuner.",
                    "The plan gives no split between the region and the municipalities.",
                ),
            ),
        )


_CACHE: dict[tuple[Path, Path], tuple[tuple, Toolbox]] = {}
_POPULATION: dict[Path, tuple[tuple, PopulationTable]] = {}
_CACHE_LOCK = threading.Lock()


def _stamp(path: Path) -> tuple:
    """Modification times and sizes of a file, or of every file in a folder."""
    files = sorted(path.glob("*")) if path.is_dir() else [path]
    out = []
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((f.name, st.st_mtime_ns, st.st_size))
    return tuple(out)
