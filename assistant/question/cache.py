"""A value computed once per registry: the vocabularies the question parser reads from the agreements."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from ..agreements import Registry

T = TypeVar("T")


def per_registry(fn: Callable[[Registry], T]) -> Callable[[Registry], T]:
    """`fn(registry)`, computed once for the registry in use (a new registry replaces the old one:
    an administrator's reload must not see the previous agreements' words)."""
    last: dict[int, tuple[Registry, T]] = {}

    @functools.wraps(fn)
    def cached(registry: Registry) -> T:
        hit = last.get(id(registry))
        if hit is not None and hit[0] is registry:
            return hit[1]
        value = fn(registry)
        last.clear()
        last[id(registry)] = (registry, value)
        return value

    return cached
