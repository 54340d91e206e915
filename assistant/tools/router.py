"""Route cost questions to the deterministic tools; everything else goes back to document Q&A.

`route()` returns a `ToolAnswer` for a question about what someone pays (or
what Lifecare SP costs) under an agreement with cost rules, a refusal with the
reason when the agreements cannot answer it, and None for anything else, so
`ask()` can fall back to retrieval. No number in the answer comes from the
question's wording except the recognised parameters (users, rate, central
management cost, inhabitants), each stated in the calculation's inputs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from pydantic import ValidationError

from ..errors import DataError
from ..retrieval.regions import regions_named
from ..settings import Settings
from ..types import ToolAnswer
from .answers_other import (
    norrbotten_budget_answer,
    not_party_answer,
    stockholm_municipality_answer,
    stockholm_total_answer,
)
from .answers_vn import extra_users_answer, municipality_answer, refuse_year, split_answer
from .compose import default_year_note, injection_note, with_assumption
from .municipalities import fold
from .question import CostQuestion, parse_question
from .rules import NotCoveredError, tr
from .toolbox import Toolbox


def route(question: str, settings: Settings, *, today: dt.date) -> ToolAnswer | None:
    """A tool answer for a cost question, or None to let document Q&A answer it.

    `today` sets the default year when the question names none (the default is stated).
    """
    q = parse_question(question, today=today)
    if not q.is_cost:
        return None
    if q.municipality is None and len(regions_named(question)) > 1:
        # "... i Västernorrland och i Stockholm?" compares two agreements' rules: document Q&A
        # quotes each region's clause, where one calculation would answer only one of them
        return None
    toolbox = Toolbox.from_settings(settings)
    try:
        result = dispatch(toolbox, q)
    except DataError as exc:
        result = ToolAnswer(
            answer=tr(q.lang, "Beloppet kan inte räknas ut: ", "The amount cannot be computed: ")
            + f"{exc.message} {exc.hint}".strip(),
            refused=True,
        )
    except ValidationError as exc:
        result = _out_of_range(exc, q.lang)
    if result is None:
        return None
    return _finish(result, q)


def dispatch(tb: Toolbox, q: CostQuestion) -> ToolAnswer | None:
    """Pick the answer for a parsed cost question (None: not one the tools handle)."""
    muni = q.municipality
    if muni is not None:
        if muni.county == "Västernorrland":
            try:
                if q.also_named:
                    names = (muni.name, *(m.name for m in q.also_named))
                    return split_answer(tb, q, "named", names)
                return municipality_answer(tb, q, muni.name)
            except NotCoveredError as exc:
                return refuse_year(tb, q, exc, muni.label(q.lang))
        if muni.county == "Stockholm":
            return stockholm_municipality_answer(tb, q, muni)
        return not_party_answer(tb, q, muni.label(q.lang), muni.county)
    # A county-level question without a year ("Hur fördelas kostnaden?") asks about the principle:
    # document Q&A explains it better.
    specific = (q.region_payer or q.collective or q.users is not None) and not q.wants_split
    if q.county == "Västernorrland":
        if q.year_defaulted and not specific:
            return None
        focus = (
            "split"
            if q.wants_split
            else "region"
            if q.region_payer and not q.collective
            else "municipalities"
        )
        if not (q.wants_split or q.region_payer or q.collective):
            focus = "split"
        try:
            return split_answer(tb, q, focus)
        except NotCoveredError as exc:
            return refuse_year(tb, q, exc, tr(q.lang, "parterna", "the parties"))
    if q.county == "Stockholm":
        if q.year_defaulted and not specific:
            return None
        # "Hur fördelades kostnaderna i Stockholm 2021?" asks how costs were split, which the
        # agreement in force that year states in words; with no rate there is no sum to compute.
        if q.wants_split and not specific and q.rate_percent is None and q.year != 2026:
            return None
        focus = (
            "region" if q.region_payer and not q.collective else "municipalities" if q.collective else "total"
        )
        return stockholm_total_answer(tb, q, focus)
    if q.county == "Norrbotten":
        if "finansier" in fold(q.text):
            return None  # who finances what is written in words (6.3.1 Finansiering), not a sum
        if "budget" in fold(q.text):
            return norrbotten_budget_answer(tb, q)
        who = tr(q.lang, "Norrbottens kommuner", "Norrbotten's municipalities")
        return not_party_answer(tb, q, who, "Norrbotten") if specific else None
    if q.county == "Västerbotten":
        who = tr(q.lang, "Västerbottens kommuner", "Västerbotten's municipalities")
        return not_party_answer(tb, q, who, "Västerbotten")
    if q.other_payer:
        return not_party_answer(tb, q, q.other_payer, None)
    if q.users is not None:
        return extra_users_answer(tb, q)
    return None


_LABELS = {
    "concurrent_users": ("antalet användare", "the number of users"),
    "uplift_percent": ("uppräkningen", "the uplift"),
    "lpi_percent": ("LPI-satsen", "the LPI rate"),
    "central_management_cost": ("systemförvaltningskostnaden", "the central management cost"),
    "inhabitants": ("antalet invånare", "the number of inhabitants"),
    "year": ("året", "the year"),
}


def _out_of_range(exc: ValidationError, lang: str) -> ToolAnswer:
    """A parameter from the question outside what the tools accept: say which, give no number."""
    names = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        sv, en = _LABELS.get(field, (field, field))
        names.append(f"{tr(lang, sv, en)} ({error['input']})")
    return ToolAnswer(
        answer=tr(
            lang,
            f"Jag kan inte räkna på det: {', '.join(names)} ligger utanför det rimliga intervallet. "
            "Kontrollera värdet och fråga igen.",
            f"I cannot calculate that: {', '.join(names)} is outside the accepted range. "
            "Check the value and ask again.",
        ),
        refused=True,
    )


def _finish(result: ToolAnswer, q: CostQuestion) -> ToolAnswer:
    """Add the default-year and injection notes to the text and the calculation's assumptions."""
    calc, notes = result.calculation, list(result.notes)
    head, _, rest = result.answer.partition("\n")
    extra: list[str] = []
    if q.year_defaulted and _mentions_year(result.answer, q.year):
        note = default_year_note(q.year or 0, q.lang)
        extra.append(note)
        calc = with_assumption(calc, note) if calc is not None else None
    if q.injection:
        note = injection_note(q.lang)
        extra.append(note)
        notes.append(note)
    if not extra:
        return result
    text = "\n".join([head, *extra, rest] if rest else [head, *extra])
    return dataclasses.replace(result, answer=text, calculation=calc, notes=tuple(notes))


def _mentions_year(text: str, year: int | None) -> bool:
    return year is not None and str(year) in text
