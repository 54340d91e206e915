"""Shared pieces for writing tool answers: numbered sources and the answer layout.

Every answer reads the same way: the amount first, then the formula, the
population date and source, the sources with [n] markers, then the assumptions.
"""

from __future__ import annotations

import dataclasses

from ..types import Calculation, Citation, ToolAnswer
from .calculation import tr


class Sources:
    """Collects the citations of one answer and hands out their [n] markers (1-based, deduplicated)."""

    def __init__(self) -> None:
        self._items: list[Citation] = []

    def mark(self, citation: Citation) -> str:
        key = (citation.document, citation.page, citation.quote)
        for index, item in enumerate(self._items, start=1):
            if (item.document, item.page, item.quote) == key:
                return f"[{index}]"
        self._items.append(citation)
        return f"[{len(self._items)}]"

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(self._items)


def with_assumption(calc: Calculation, text: str, first: bool = True) -> Calculation:
    """A copy of `calc` with one more assumption (first by default)."""
    items = (text, *calc.assumptions) if first else (*calc.assumptions, text)
    return dataclasses.replace(calc, assumptions=items)


def focus_on(calc: Calculation, party: str, amount: int) -> Calculation:
    """A split calculation whose headline `result` is one party's amount (named in inputs['party'])."""
    return dataclasses.replace(calc, result=float(amount), inputs={**calc.inputs, "party": party})


def default_year_note(year: int, lang: str) -> str:
    return tr(
        lang,
        f"Inget år angavs, så svaret gäller innevarande år ({year}); ange ett år för ett annat år.",
        f"No year was given, so the answer is for the current year ({year}); name a year for another one.",
    )


def injection_note(lang: str) -> str:
    return tr(
        lang,
        "Frågan innehöll instruktioner; de påverkar inte svaret. Beloppen kommer bara från avtalen och "
        "befolkningstabellen via beräkningsverktygen.",
        "The question contained instructions; they do not change the answer. Amounts come only from the "
        "agreements and the population table, through the calculation tools.",
    )


def layout(
    lang: str,
    lead: str,
    *,
    calc: Calculation | None = None,
    formula: str = "",
    population: str = "",
    sources: str = "",
    extra: tuple[str, ...] = (),
) -> str:
    """The answer text: lead, formula, population, sources, extra lines, then the assumptions as a list."""
    lines = [lead]
    if formula:
        lines.append(tr(lang, "Beräkning: ", "Calculation: ") + formula)
    if population:
        lines.append(tr(lang, "Befolkning: ", "Population: ") + population)
    if sources:
        lines.append(tr(lang, "Källor: ", "Sources: ") + sources)
    lines.extend(extra)
    if calc is not None and calc.assumptions:
        lines.append(tr(lang, "Antaganden:", "Assumptions:"))
        lines.extend(f"- {a}" for a in calc.assumptions)
    return "\n".join(lines)


def answer(
    text: str,
    sources: Sources,
    calc: Calculation | None = None,
    *,
    refused: bool = False,
    notes: tuple[str, ...] = (),
) -> ToolAnswer:
    return ToolAnswer(
        answer=text, citations=sources.citations, calculation=calc, refused=refused, notes=notes
    )
