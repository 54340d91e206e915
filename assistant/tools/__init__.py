"""Deterministic cost tools: agreement facts, population table, calculators and the cost-question router.

Entry points:
- `route(question, settings, today=...)` -> ToolAnswer | None (None: leave it to document Q&A)
- `Toolbox.from_settings(settings)` -> the calculators, each returning a `Calculation`
- `build_tools(settings)` -> the same calculators as LangChain StructuredTools
"""

from .facts import AgreementFacts, Fact, load_facts
from .langchain_tools import build_tools
from .population import load_population
from .population_import import import_scb
from .router import route
from .stockholm import InterimInput, StockholmTotalInput
from .toolbox import Toolbox
from .vasternorrland import MunicipalityCostInput, SplitInput

__all__ = [
    "AgreementFacts",
    "Fact",
    "InterimInput",
    "MunicipalityCostInput",
    "SplitInput",
    "StockholmTotalInput",
    "Toolbox",
    "build_tools",
    "import_scb",
    "load_facts",
    "load_population",
    "route",
]
