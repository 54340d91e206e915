"""Two years compared: "Hur mycket mer betalar <kommun> 2026 jämfört med 2025?".

The question names two years and asks for their difference; each year is computed by the same
tools as a question about that year alone, and the difference of the two shown amounts is the
headline, with both calculations. No figure of its own: only the two results and a subtraction.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from decimal import Decimal

from ..question.intent import COMPARES
from ..types import Calculation, Citation, ToolAnswer
from .answers import Context
from .calculation import tr
from .numbers import format_kr


def compared_years(ctx: Context, answer_for: Callable[[Context], ToolAnswer | None]) -> ToolAnswer | None:
    """The difference between two named years' amounts, or None when the question compares no two
    years or either year has no amount (then the question is answered as usual)."""
    q = ctx.q
    years = tuple(dict.fromkeys(q.period.years)) if q.period is not None else ()
    if len(years) != 2 or not COMPARES.search(q.text):
        return None
    results = []
    for year in years:
        single = dataclasses.replace(ctx, q=dataclasses.replace(q, year=year, year_defaulted=False))
        r = answer_for(single)
        if r is None or r.refused or r.calculation is None or r.calculation.unit != "kr":
            return None
        results.append((year, r, r.calculation))
    (later, a, ca), (earlier, b, cb) = sorted(results, key=lambda yr: -yr[0])
    # the amounts as shown: whole kronor, or two decimals where a result has them
    x, y = Decimal(str(ca.result)), Decimal(str(cb.result))
    places = 0 if x == x.to_integral_value() and y == y.to_integral_value() else 2
    diff = x - y
    lang = q.language
    citations: list[Citation] = []
    first = renumber(a.answer.split("\n")[0], a.citations, citations)
    second = renumber(b.answer.split("\n")[0], b.citations, citations)
    more = diff >= 0
    head = tr(
        lang,
        f"Skillnaden mellan {later} och {earlier} är {format_kr(abs(diff), places)} "
        f"({'mer' if more else 'mindre'} {later}).",
        f"The difference between {later} and {earlier} is {format_kr(abs(diff), places)} "
        f"({'more' if more else 'less'} in {later}).",
    )
    step = f"{format_kr(x, places)} − {format_kr(y, places)} = {format_kr(diff, places)}"
    calc = Calculation(
        tool="difference",
        result=float(diff),
        unit="kr",
        inputs={"years": [later, earlier], "amounts": [float(x), float(y)]},
        steps=(*ca.steps, *cb.steps, step),
        assumptions=tuple(dict.fromkeys((*ca.assumptions, *cb.assumptions))),
    )
    text = "\n".join(
        [
            head,
            f"- {later}: {first}",
            f"- {earlier}: {second}",
            tr(lang, "Beräkning: ", "Calculation: ") + step,
        ]
    )
    return ToolAnswer(answer=text, citations=tuple(citations), calculation=calc, notes=(*a.notes, *b.notes))


def renumber(text: str, own: tuple[Citation, ...], into: list[Citation]) -> str:
    """`text` with its markers [n] pointing into the merged list `into` (appended as needed)."""

    def sub(m: re.Match[str]) -> str:
        c = own[int(m.group(1)) - 1]
        if c not in into:
            into.append(c)
        return f"[{into.index(c) + 1}]"

    return re.sub(r"\[(\d+)\]", sub, text)
