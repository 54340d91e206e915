"""Agreements as data: the registry under `corpus/agreements/`, its typed model and its check.

`load_registry(corpus_dir)` -> `Registry`: which regions, municipalities and
agreements exist, each agreement's documents and validity, parties, facts and
optional cost model. No region, municipality or document is named in code.
"""

from .model import Clause, CostModel, Fact, Party
from .reference import fold
from .registry import Agreement, Municipality, Registry, load_registry

__all__ = [
    "Agreement",
    "Clause",
    "CostModel",
    "Fact",
    "Municipality",
    "Party",
    "Registry",
    "fold",
    "load_registry",
]
