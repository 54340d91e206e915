"""Which covered regions a question names, for the region boost in retrieval and answering.

Reads the agreement registry the Assistant loaded (`use`), through the one
question parser's place finder, so retrieval and the cost tools agree.
"""

from __future__ import annotations

from ..agreements import Registry

_REGISTRY: list[Registry] = []


def use(registry: Registry) -> None:
    """The registry to read region names from (set by `Assistant` on load)."""
    _REGISTRY[:] = [registry]


def regions_named(question: str) -> list[str]:
    """Covered regions the question names directly or through a municipality, in order."""
    from ..question.places import find_places

    if not _REGISTRY:
        from ..agreements import load_registry
        from ..settings import Settings

        use(load_registry(Settings().corpus_dir))

    return list(find_places(question, _REGISTRY[0]).regions)
