"""Route cost questions to the one cost engine; everything else goes back to document Q&A.

`route()` reads the `ParsedQuestion` and the registry: which agreement covers
the municipality or region named (or, with none named, every agreement with a
cost model), then asks the engine and the composer. It returns a `ToolAnswer`,
a refusal with the reason when the agreements cannot answer it, or None to let
`ask()` fall back to retrieval.
"""

# ruff: noqa: E501 -- answer templates stay whole sentences, so a reader can see each wording at once

from __future__ import annotations

import dataclasses

from ..agreements import Agreement, Municipality, Registry
from ..errors import DataError
from ..question import ParsedQuestion
from ..settings import Settings
from ..types import Citation, ToolAnswer
from . import answers as compose_answers
from .answers import Context
from .calculation import tr
from .compare import compared_years, renumber
from .compose import default_year_note, injection_note, with_assumption
from .engine import NotCoveredError, check_year, covering, model_of
from .population import PopulationTable, cached_population

_LABELS = {
    "users": ("antalet användare", "the number of users"),
    "rate_percent": ("uppräkningen", "the uplift"),
    "central_cost": ("systemförvaltningskostnaden", "the central management cost"),
    "inhabitants": ("antalet invånare", "the number of inhabitants"),
}


def route(q: ParsedQuestion, registry: Registry, settings: Settings) -> ToolAnswer | None:
    """A tool answer for a cost question, or None to let document Q&A answer it."""
    if not q.intent.is_cost or (not registry.with_cost_model() and not registry.agreements):
        return None
    if q.municipality is None and len(q.places.explicit_regions) > 1:
        return None  # comparing two agreements' rules: document Q&A quotes each region's clause
    if q.parameters.errors and (q.names_place() or q.parameters.users is not None or _has_extra(registry)):
        return _bad_parameters(q)
    problem = ""
    try:
        table: PopulationTable | None = cached_population(settings.population_path)
    except (DataError, OSError) as exc:
        table, problem = None, str(exc)
    ctx = Context(registry, table, settings.population_path.name, q, problem)
    try:
        # "Hur mycket mer betalar <kommun> 2026 jämfört med 2025?": both years, and the difference
        result = compared_years(ctx, _dispatch) or _dispatch(ctx)
    except DataError as exc:
        result = _cannot(q, exc)
    if result is None:
        return None
    return _finish(result, q)


def _has_extra(registry: Registry) -> bool:
    return any(a.cost_model and a.cost_model.extra_users for a in registry.agreements)


def _cannot(q: ParsedQuestion, exc: Exception) -> ToolAnswer:
    return ToolAnswer(
        answer=tr(q.language, "Beloppet kan inte räknas ut: ", "The amount cannot be computed: ") + str(exc),
        refused=True,
    )


def _bad_parameters(q: ParsedQuestion) -> ToolAnswer:
    names = [f"{tr(q.language, *_LABELS[name])} ({raw})" for name, raw in q.parameters.errors]
    return ToolAnswer(
        answer=tr(
            q.language,
            f"Jag kan inte räkna på det: {', '.join(names)} kan inte användas (ett antal måste vara ett helt, "
            "icke-negativt tal utan exponent, och värdet inom rimliga gränser). Kontrollera värdet och fråga igen.",
            f"I cannot calculate that: {', '.join(names)} cannot be used (a count must be a whole, "
            "non-negative number without an exponent, and the value within plausible bounds). Check the value and ask again.",
        ),
        refused=True,
    )


def _nearest(agreements: tuple[Agreement, ...], year: int) -> Agreement | None:
    """Of agreements with a cost model, the one whose years lie closest to `year`."""
    with_model = [a for a in agreements if a.cost_model is not None]
    if not with_model:
        return None

    def distance(a: Agreement) -> int:
        m = model_of(a).years
        return min(abs(year - m.start), abs(year - m.end))

    return min(with_model, key=distance)


def _dispatch(ctx: Context) -> ToolAnswer | None:
    q, registry = ctx.q, ctx.registry
    year = q.year or 0
    muni = q.municipality
    if muni is not None:
        return _for_municipality(ctx, muni, year)
    explicit = q.places.explicit_regions
    specific = (q.intent.region_payer or q.intent.collective or q.parameters.users is not None) and not (
        q.intent.wants_split
    )
    if explicit:
        return _for_region(ctx, registry.in_region(explicit[0]), year, specific)
    if q.places.other_regions:
        return None  # a region no agreement covers: the not-covered answer
    if q.intent.other_payer:
        return _unknown_payer(ctx)
    if q.parameters.users is not None and not (q.intent.region_payer or q.intent.collective):
        with_extra = [a for a in registry.with_cost_model() if model_of(a).extra_users is not None]
        if q.intent.whole:
            # "Vad blir totalkostnaden med 215 användare?": the year's cost with that many users
            return _each(ctx, with_extra, lambda a: _for_region(ctx, (a,), year, True))
        return _each(ctx, with_extra, lambda a: compose_answers.extra_users_answer(ctx, a))
    if (q.intent.region_payer or q.intent.collective) and not q.year_defaulted:
        in_term = covering(registry.with_cost_model(), year)
        focus = "region" if q.intent.region_payer and not q.intent.collective else "municipalities"
        usable = [a for a in in_term if model_of(a).shares]
        return _each(ctx, usable, lambda a: _group(ctx, a, focus, (), True))
    return None


def _each(ctx: Context, agreements: list[Agreement], build) -> ToolAnswer | None:  # type: ignore[no-untyped-def]
    """One answer per agreement, each labelled; a single agreement answers on its own."""
    answers = [(a, build(a)) for a in agreements]
    answers = [(a, r) for a, r in answers if r is not None]
    if not answers:
        return None
    if len(answers) == 1:
        return answers[0][1]
    lang = ctx.lang
    lines = [
        tr(
            lang,
            "Frågan anger ingen region, och flera avtal har kostnadsregler; svaret gäller per avtal:",
            "The question names no region, and several agreements have cost rules; the answer is per agreement:",
        )
    ]
    citations: list[Citation] = []
    for a, r in answers:
        text = renumber(r.answer.split("\n")[0], r.citations, citations)
        lines.append(f"- {a.region} ({a.label(lang)}): {text}")
    lines.append(
        tr(lang, "Ange regionen för beräkningen i detalj.", "Name the region for the detailed calculation.")
    )
    return ToolAnswer(
        answer="\n".join(lines), citations=tuple(citations), refused=all(r.refused for _, r in answers)
    )


def _for_municipality(ctx: Context, muni: Municipality, year: int) -> ToolAnswer | None:
    q, registry = ctx.q, ctx.registry
    parties_of = registry.agreements_of(muni.code)
    if not parties_of:
        if muni.region not in registry.regions():
            return None  # the not-covered answer names the region
        return compose_answers.no_model_refusal(ctx, registry.in_region(muni.region), muni.label(ctx.lang))
    in_term = covering(parties_of, year)
    who = muni.label(ctx.lang)
    if not in_term:
        nearest = _nearest(parties_of, year)
        if nearest is None:
            return compose_answers.no_model_refusal(ctx, parties_of, who)
        try:
            check_year(nearest, year)
        except NotCoveredError as exc:
            return compose_answers.year_refusal(ctx, nearest, exc, who)
    a = in_term[0] if in_term else parties_of[0]
    kind = model_of(a).division.kind
    if kind == "per_inhabitant":
        return compose_answers.per_inhabitant_answer(ctx, a, muni)
    if kind == "none":
        return compose_answers.no_split_refusal(ctx, a, who)
    named = tuple(m for m in q.municipalities if a.party(m.code) is not None)
    try:
        if kind == "external":
            try:
                from .engine import compute

                result = compute(a, ctx.request(), ctx.table)
            except NotCoveredError:
                result = None
            return compose_answers.external_refusal(ctx, a, result, muni)
        if len(named) > 1:
            return compose_answers.group_answer(ctx, a, "named", named)
        return compose_answers.party_answer(ctx, a, muni)
    except NotCoveredError as exc:
        return _refusal(ctx, a, exc, who)


def _for_region(
    ctx: Context, agreements: tuple[Agreement, ...], year: int, specific: bool
) -> ToolAnswer | None:
    q = ctx.q
    if not agreements:
        return None
    region = agreements[0].region
    who = tr(ctx.lang, f"parterna i {region}", f"the parties in {region}")
    with_model = [a for a in agreements if a.cost_model is not None]
    if not with_model:
        return compose_answers.no_model_refusal(ctx, agreements, agreements[0].region_name)
    if q.year_defaulted and not specific and not q.intent.per_invoice:
        return None  # "Hur fördelas kostnaden?" asks about the principle: document Q&A explains it
    if q.intent.asks_financing:
        return None
    in_term = covering(agreements, year)
    if not in_term:
        nearest = _nearest(agreements, year)
        assert nearest is not None
        if q.intent.wants_split and not specific:
            return None
        try:
            check_year(nearest, year)
        except NotCoveredError as exc:
            return compose_answers.year_refusal(ctx, nearest, exc, who)
    a = in_term[0]
    kind = model_of(a).division.kind
    if kind == "per_inhabitant":
        if not specific:
            return None  # no total for the county: the principle is in words
        return compose_answers.per_inhabitant_no_total(ctx, a, who)
    if kind == "none" and specific:
        return compose_answers.no_split_refusal(ctx, a, who)
    if q.parameters.users is not None and not (
        q.intent.region_payer or q.intent.collective or q.intent.wants_split or q.intent.whole
    ):
        if model_of(a).extra_users is not None and q.year_defaulted:
            return compose_answers.extra_users_answer(ctx, a)
    focus = (
        "split"
        if q.intent.wants_split or not (q.intent.region_payer or q.intent.collective)
        else "region"
        if q.intent.region_payer and not q.intent.collective
        else "municipalities"
    )
    return _group(ctx, a, focus, (), specific)


def _group(
    ctx: Context, a: Agreement, focus: str, named: tuple[Municipality, ...], specific: bool
) -> ToolAnswer | None:
    try:
        return compose_answers.group_answer(ctx, a, focus, named)
    except NotCoveredError as exc:
        if ctx.q.intent.wants_split and not specific:
            return None
        return _refusal(ctx, a, exc, tr(ctx.lang, "parterna", "the parties"))


def _refusal(ctx: Context, a: Agreement, exc: NotCoveredError, who: str) -> ToolAnswer:
    if exc.reason == "no_population":
        return _cannot(
            ctx.q,
            DataError(
                tr(ctx.lang, "befolkningstabellen kan inte läsas: ", "the population table cannot be read: ")
                + (ctx.table_problem or str(exc))
            ),
        )
    if exc.reason == "needs_rate":
        return compose_answers.rate_refusal(ctx, a)
    if exc.reason in ("before_start", "after_end"):
        return compose_answers.year_refusal(ctx, a, exc, who)
    return ToolAnswer(
        answer=tr(ctx.lang, "Beloppet kan inte räknas ut: ", "The amount cannot be computed: ") + str(exc),
        refused=True,
    )


def _unknown_payer(ctx: Context) -> ToolAnswer:
    name, regions = ctx.q.intent.other_payer, ", ".join(ctx.registry.regions())
    return ToolAnswer(
        answer=tr(
            ctx.lang,
            f"{name} är inte part i något avtal i underlaget; avtalen gäller regionerna {regions} och deras "
            f"kommuner. Jag kan därför inte ange vad {name} betalar.",
            f"{name} is not a party to any agreement in the corpus; the agreements cover the regions {regions} and "
            f"their municipalities. I therefore cannot say what {name} pays.",
        ),
        refused=True,
    )


def _finish(result: ToolAnswer, q: ParsedQuestion) -> ToolAnswer:
    """Add the default-year and injection notes to the text and the calculation's assumptions."""
    calc, notes = result.calculation, list(result.notes)
    head, _, rest = result.answer.partition("\n")
    extra: list[str] = []
    if q.year_defaulted and q.year is not None and str(q.year) in result.answer:
        note = default_year_note(q.year, q.language)
        extra.append(note)
        calc = with_assumption(calc, note) if calc is not None else None
    if q.injection:
        note = injection_note(q.language)
        extra.append(note)
        notes.append(note)
    if not extra:
        return result
    text = "\n".join([head, *extra, rest] if rest else [head, *extra])
    return dataclasses.replace(result, answer=text, calculation=calc, notes=tuple(notes))
