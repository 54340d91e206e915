"""A calculation as tables: every input with its value and where it comes from, and the split per party.

Where an input comes from is worked out, not guessed at random: population figures
name the table, date and SCB source the tool reports; an agreement figure points at
the cited clause whose quote contains that figure; a figure the question supplied
says so. Anything else is marked as computed by the tool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..types import Calculation, Citation
from .text import swedish_number

LABELS = {
    "agreement": "Avtal",
    "year": "Kostnadsår",
    "minimum_charge": "Minimidebitering (kr/år)",
    "concurrent_users": "Samtidigt inloggade användare",
    "central_management_cost": "Central systemförvaltningskostnad (kr)",
    "uplift_percent": "Uppräkning (%)",
    "lpi_percent": "Landstingsprisindex (%)",
    "total_cost": "Total kostnad (kr)",
    "base_budget_2026": "Budget 2026 (kr)",
    "region_percent": "Regionens andel (%)",
    "municipalities_percent": "Kommunernas andel (%)",
    "population_date": "Befolkningsdatum som används",
    "population_prescribed_date": "Befolkningsdatum enligt avtalet",
    "population_source": "Befolkningskälla",
    "population_table": "Befolkningstabell",
    "population_total": "Befolkning totalt",
    "population": "Kommunens befolkning",
    "municipality": "Kommun",
    "party": "Part",
}
FROM_QUESTION = {
    "municipality",
    "party",
    "concurrent_users",
    "central_management_cost",
    "uplift_percent",
    "lpi_percent",
    "users",
}
SHOWN_ELSEWHERE = {"agreement", "population_source", "population_table"}
"""Named by the sources, or the source of every population row: not listed as inputs themselves."""
COLUMNS = {
    "party": "Part",
    "kind": "Typ",
    "population": "Invånare",
    "share_percent": "Andel (%)",
    "amount": "Belopp (kr)",
}


@dataclass(frozen=True)
class InputRow:
    """One row of the inputs table."""

    name: str
    value: str
    source: str


def _shown(value: Any, key: str = "") -> str:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return str(value) if key == "year" else swedish_number(value)
    if isinstance(value, float):
        return swedish_number(value, 0 if value.is_integer() else 2)
    return str(value)


def _patterns(key: str, value: Any) -> list[str]:
    """Ways the value may be written in an agreement: '2 408 080', '2408080', '50%', '50 %'."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return []
    number = int(value) if float(value).is_integer() else value
    plain = str(number).replace(".", ",")
    spaced = swedish_number(number) if isinstance(number, int) else plain
    if key.endswith("_percent"):
        return [f"{plain}%", f"{plain} %"]
    return [spaced, plain] if isinstance(number, int) and number >= 1000 else []


def _cited(citations: tuple[Citation, ...], key: str, value: Any) -> str:
    for n, citation in enumerate(citations, start=1):
        quote = " ".join(citation.quote.split())
        for pattern in _patterns(key, value):
            if re.search(rf"(?<![\d,]){re.escape(pattern)}(?![\d])", quote):
                return f"Avtalet [{n}], s. {citation.page}"
    return ""


def _cited_text(citations: tuple[Citation, ...], word: str) -> str:
    for n, citation in enumerate(citations, start=1):
        if word in citation.quote:
            return f"Avtalet [{n}], s. {citation.page} (senaste årsskiftet)"
    return ""


def input_rows(calc: Calculation, citations: tuple[Citation, ...]) -> list[InputRow]:
    """The calculation's inputs with Swedish labels and sources; inputs left unset are skipped."""
    inputs = calc.inputs
    population_source = str(inputs.get("population_source") or "Befolkningstabellen")
    if inputs.get("population_table"):
        population_source += f" ({Path(str(inputs['population_table'])).name})"
    rows = []
    for key, value in inputs.items():
        if value is None or value == "" or key in SHOWN_ELSEWHERE:
            continue
        cited = _cited(citations, key, value)
        if key == "year":
            source = "Frågan (eller innevarande år)"
        elif key == "population_prescribed_date":
            source = _cited_text(citations, "årsskift") or "Avtalet: befolkningen vid senaste årsskiftet"
        elif key.startswith("population"):
            source = population_source
        elif cited:
            source = cited
        elif key in FROM_QUESTION:
            source = "Angivet i frågan"
        elif key == "agreement":
            source = citations[0].title if citations else ""
        else:
            source = "Beräknat av verktyget"
        label = LABELS.get(key, key.replace("_", " ").capitalize())
        rows.append(InputRow(label, _shown(value, key), source))
    return rows


def split_table(calc: Calculation) -> tuple[list[str], list[list[str]], dict[str, float]]:
    """Column names, formatted rows, and amount per party (for the bar chart) of `calc.rows`."""
    keys = [k for k in COLUMNS if any(k in r for r in calc.rows)]
    extra = [k for r in calc.rows for k in r if k not in COLUMNS]
    keys += list(dict.fromkeys(extra))
    table = [["" if r.get(k) is None else _shown(r.get(k)) for k in keys] for r in calc.rows]
    amounts = {
        str(r.get("party", i)): float(r["amount"])
        for i, r in enumerate(calc.rows)
        if isinstance(r.get("amount"), int | float)
    }
    return [COLUMNS.get(k, k) for k in keys], table, amounts


def result_text(calc: Calculation) -> str:
    """The headline number: '45 103 kr'."""
    decimals = 0 if float(calc.result).is_integer() else 2
    return f"{swedish_number(calc.result, decimals)} {calc.unit}".strip()
