"""Deterministic cost tools: the one cost engine, its answer composer, the population table and the router.

Entry points:
- `route(parsed_question, registry, settings)` -> ToolAnswer | None (None: leave it to document Q&A)
- `engine.compute(agreement, CostRequest(...), population_table)` -> CostResult
- `build_tools(settings)` -> the calculators as LangChain StructuredTools
"""

__all__ = ["build_tools", "compute", "import_scb", "load_population", "route"]


def __getattr__(name: str) -> object:
    # Lazy: the question parser imports tools.numbers, and the router imports the parser.
    if name == "route":
        from .router import route

        return route
    if name == "compute":
        from .engine import compute

        return compute
    if name == "build_tools":
        from .langchain_tools import build_tools

        return build_tools
    if name == "load_population":
        from .population import load_population

        return load_population
    if name == "import_scb":
        from .population_import import import_scb

        return import_scb
    raise AttributeError(name)
