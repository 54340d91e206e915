"""Answers about the Västernorrland agreement: one municipality, the region, the full split, extra users.

Each answer states the amount first, then the formula, population date and
source, cites the clauses used with [n] markers, and lists the assumptions.
A year outside the agreement is refused with the reason and no number.
"""

from __future__ import annotations

from ..types import Calculation, ToolAnswer
from .compose import Sources, answer, focus_on, layout
from .numbers import format_kr, format_number, format_percent
from .question import CostQuestion
from .rules import NotCoveredError, tr
from .toolbox import Toolbox
from .vasternorrland import SplitInput, SplitResult, base_formula
from .vasternorrland_calc import amount_text, formula, municipality_calculation, split_calculation

PLACE = {
    "sv": "enligt samverkansavtalet i Västernorrland",
    "en": "under the Västernorrland cooperation agreement",
}


def split_input(q: CostQuestion) -> SplitInput:
    return SplitInput(
        year=q.year or 0,
        concurrent_users=q.users,
        central_management_cost=q.central_cost,
        uplift_percent=q.rate_percent,
    )


def _rule_sources(tb: Toolbox, result: SplitResult, src: Sources, lang: str) -> tuple[str, str]:
    """Cite the clauses a split uses; returns (markers for the lead, the 'Källor' line)."""
    facts = tb.vasternorrland.facts
    year = result.inputs.year
    parts = [
        (src.mark(facts.citation("minimum_charge")), "minimidebiteringen", "the minimum charge"),
        (
            src.mark(facts.citation(tb.vasternorrland.share_key(year))),
            f"fördelningen {year}",
            f"the {year} split",
        ),
    ]
    if result.extra is not None:
        parts.append((src.mark(facts.citation("user_threshold")), "extra användare", "extra users"))
    if result.central:
        parts.append(
            (src.mark(facts.citation("central_management")), "systemförvaltning", "central management")
        )
    if result.choice is not None or year > tb.vasternorrland.first_year:
        parts.append(
            (
                src.mark(facts.citation("invoicing")),
                "debitering juni och december",
                "invoicing June and December",
            )
        )
    lead = "".join(m for m, _, _ in parts[:2])
    return lead, ", ".join(f"{m} {tr(lang, sv, en)}" for m, sv, en in parts)


def _population_line(result: SplitResult, lang: str, name: str | None = None) -> str:
    choice = result.choice
    if choice is None:
        return ""
    snap = choice.snapshot
    text = f"{snap.date.isoformat()} ({snap.source}, corpus/befolkning-vasternorrland.csv)"
    if name is not None:
        pop = result.share(name).population or 0
        text += tr(
            lang,
            f"; {name} {format_number(pop)} av {format_number(result.population_total)} invånare",
            f"; {name} {format_number(pop)} of {format_number(result.population_total)} inhabitants",
        )
    if not choice.exact:
        text += tr(
            lang,
            f". Avtalet anger {choice.prescribed.isoformat()}, som saknas i tabellen – se antaganden.",
            f". The agreement points at {choice.prescribed.isoformat()}, which the table lacks – see "
            "assumptions.",
        )
    return text


def refuse_year(tb: Toolbox, q: CostQuestion, exc: NotCoveredError, who: str) -> ToolAnswer:
    """A year before 2024 or after the longest possible extension: explain, no number."""
    facts, src, lang, year = tb.vasternorrland.facts, Sources(), q.lang, q.year
    if exc.reason == "before_start":
        m1, m2 = src.mark(facts.citation("contract_start")), src.mark(facts.citation("share_2024_region"))
        text = tr(
            lang,
            f"Samverkansavtalet i Västernorrland gäller från 2024-04-08 {m1}, och dess kostnadsfördelning "
            "börjar "
            f"med 2024, då Region Västernorrland betalar hela kostnaden {m2}. För {year} finns ingen "
            f"kostnadsregel i avtalet, så jag kan inte ange vad {who} betalar det året.",
            f"The Västernorrland cooperation agreement applies from 2024-04-08 {m1}, and its cost split "
            "starts "
            f"with 2024, when Region Västernorrland pays the whole cost {m2}. The agreement has no cost "
            "rule for "
            f"{year}, so I cannot say what {who} pays that year.",
        )
    else:
        m1 = src.mark(facts.citation("contract_end"))
        last = tb.vasternorrland.last_year
        text = tr(
            lang,
            f"Huvudavtalet gäller till 2027-04-07 med förlängning på högst 1+1+1 år {m1}, alltså som "
            "längst in i "
            f"{last}. För {year} finns inget avtal att räkna på, så jag kan inte ange något belopp.",
            f"The main contract runs to 2027-04-07 with at most 1+1+1 years' extension {m1}, so at the "
            "latest "
            f"into {last}. There is no agreement to calculate {year} from, so I cannot give an amount.",
        )
    return answer(text, src, refused=True)


def municipality_answer(tb: Toolbox, q: CostQuestion, name: str) -> ToolAnswer:
    """'Vad betalar Ånge 2026?' -> amount, formula, population, sources, assumptions."""
    lang, muni = q.lang, q.municipality
    display = muni.label(lang) if muni else name
    result = tb.split(split_input(q))
    calc = municipality_calculation(result, name, tb.vasternorrland, lang)
    src = Sources()
    lead_marks, sources = _rule_sources(tb, result, src, lang)
    amount = format_kr(result.share(name).amount)
    if result.choice is None:
        lead = tr(
            lang,
            f"{display} betalar {amount} för {q.year} {PLACE['sv']}: kostnaderna {q.year} betalas "
            f"av Region Västernorrland {lead_marks}.",
            f"{display} pays {amount} for {q.year} {PLACE['en']}: the {q.year} costs are paid by Region "
            f"Västernorrland {lead_marks}.",
        )
        return answer(layout(lang, lead, calc=calc, sources=sources), src, calc)
    lead = tr(
        lang,
        f"{display} betalar {amount} för {q.year} {PLACE['sv']} {lead_marks}.",
        f"{display} pays {amount} for {q.year} {PLACE['en']} {lead_marks}.",
    )
    pop = result.share(name).population or 0
    text = layout(
        lang,
        lead,
        calc=calc,
        formula=f"{formula(result, pop)} = {amount_text(result, pop, result.share(name).amount, lang)}",
        population=_population_line(result, lang, name),
        sources=sources,
    )
    return answer(text, src, calc)


def split_answer(
    tb: Toolbox, q: CostQuestion, focus: str = "split", named: tuple[str, ...] = ()
) -> ToolAnswer:
    """The year's split as a table; `focus` 'region', 'municipalities' or 'named' puts those amounts first."""
    lang = q.lang
    result = tb.split(split_input(q))
    calc: Calculation = split_calculation(result, tb.vasternorrland, lang)
    src = Sources()
    marks, sources = _rule_sources(tb, result, src, lang)
    region_pct = format_percent(result.region_percent)
    muni_pct = format_percent(100 - result.region_percent)
    region_amt, muni_amt = format_kr(result.region.amount), format_kr(result.municipalities_amount)
    if focus == "named":
        shares = [result.share(n) for n in named]
        calc = focus_on(calc, ", ".join(named), sum(s.amount for s in shares))
        each = ", ".join(f"{s.party} {format_kr(s.amount)}" for s in shares)
        lead = tr(
            lang,
            f"För {q.year} betalar {each} {PLACE['sv']} {marks}; tillsammans {format_kr(calc.result)}.",
            f"For {q.year} the amounts {PLACE['en']} are: {each} {marks}; together {format_kr(calc.result)}.",
        )
    elif focus == "region":
        calc = focus_on(calc, result.region.party, result.region.amount)
        lead = tr(
            lang,
            f"Region Västernorrland betalar {region_amt} ({region_pct}) för {q.year} {PLACE['sv']} "
            f"{marks}; kommunerna betalar tillsammans {muni_amt} ({muni_pct}).",
            f"Region Västernorrland pays {region_amt} ({region_pct}) for {q.year} {PLACE['en']} {marks}; "
            f"the municipalities together pay {muni_amt} ({muni_pct}).",
        )
    elif focus == "municipalities":
        calc = focus_on(calc, tr(lang, "kommunerna", "the municipalities"), result.municipalities_amount)
        lead = tr(
            lang,
            f"Västernorrlands sju kommuner betalar tillsammans {muni_amt} ({muni_pct}) för {q.year} "
            f"{PLACE['sv']} {marks}; Region Västernorrland betalar {region_amt} ({region_pct}).",
            f"Västernorrland's seven municipalities together pay {muni_amt} ({muni_pct}) for {q.year} "
            f"{PLACE['en']} {marks}; Region Västernorrland pays {region_amt} ({region_pct}).",
        )
    else:
        lead = tr(
            lang,
            f"Kostnaden {q.year} i Västernorrland är {format_kr(result.total)}: Region Västernorrland "
            f"betalar {region_amt} ({region_pct}) och de sju kommunerna {muni_amt} ({muni_pct}) {marks}.",
            f"The {q.year} cost in Västernorrland is {format_kr(result.total)}: Region Västernorrland pays "
            f"{region_amt} ({region_pct}) and the seven municipalities {muni_amt} ({muni_pct}) {marks}.",
        )
    table = [tr(lang, "Per kommun:", "Per municipality:")]
    for share in sorted(result.municipalities, key=lambda s: -(s.population or 0)):
        pop = (
            tr(
                lang,
                f" ({format_number(share.population)} invånare)",
                f" ({format_number(share.population)} inhabitants)",
            )
            if share.population
            else ""
        )
        table.append(f"- {share.party}: {format_kr(share.amount)}{pop}")
    text = layout(
        lang,
        lead,
        calc=calc,
        population=_population_line(result, lang),
        sources=sources,
        formula=_split_formula(result, lang),
        extra=tuple(table),
    )
    return answer(text, src, calc)


def _split_formula(result: SplitResult, lang: str) -> str:
    """'Region: base × 50 % = A; kommunerna: base × 50 % = B; varje kommun: base × 50 % × pop / total'."""
    base, muni_pct = base_formula(result), format_percent(100 - result.region_percent)
    parts = [
        f"{result.region.party}: {base} × {format_percent(result.region_percent)} = "
        f"{format_kr(result.region.amount)}",
        tr(lang, "kommunerna: ", "municipalities: ")
        + f"{base} × {muni_pct} = {format_kr(result.municipalities_amount)}",
    ]
    if result.choice is not None:
        parts.append(
            tr(lang, "varje kommun: ", "each municipality: ")
            + f"{base} × {muni_pct} × "
            + tr(lang, "kommunens befolkning", "its population")
            + f" / {format_number(result.population_total)}"
        )
    return "; ".join(parts)


def extra_users_answer(tb: Toolbox, q: CostQuestion) -> ToolAnswer:
    """'Vad kostar 260 samtidiga användare?' -> the extra-user charge per year."""
    lang, users = q.lang, q.users or 0
    calc = tb.extra_users(users, lang)
    src = Sources()
    m = src.mark(tb.vasternorrland.facts.citation("user_threshold"))
    amount = format_kr(calc.result)
    lead = tr(
        lang,
        f"Med {format_number(users)} samtidigt inloggade användare blir extrakostnaden {amount} per år "
        f"{PLACE['sv']} {m}.",
        f"With {format_number(users)} concurrently logged-in users the extra charge is {amount} a year "
        f"{PLACE['en']} {m}.",
    )
    return answer(layout(lang, lead, calc=calc, formula=calc.steps[0]), src, calc)
