"""The one answer composer for cost questions: wording from templates, figures from the engine.

Every answer reads the same way: the amount first, then the formula, the
population date and source, the sources with [n] markers, then the assumptions.
A question the agreement cannot answer is refused with the reason and no number.
No figure, date or party name is written here: they come from the agreement's
facts and the engine's result.
"""

# ruff: noqa: E501 -- answer templates stay whole sentences, so a reader can see each wording at once

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction

from ..agreements import Agreement, Municipality, Registry
from ..question import ParsedQuestion
from ..types import Calculation, ToolAnswer
from .calculation import (
    amount_text,
    base_formula,
    base_label,
    external_note,
    extra_users_calculation,
    formula,
    party_calculation,
    per_inhabitant_calculation,
    split_calculation,
    tr,
)
from .compose import Sources, answer, focus_on, layout
from .engine import (
    CostRequest,
    CostResult,
    NotCoveredError,
    compute,
    extra_users,
    invoices,
    model_of,
    per_inhabitant,
)
from .numbers import format_kr, format_number, format_percent
from .population import PopulationTable


@dataclass(frozen=True)
class Context:
    """What every composer needs: the registry, the population table and its file name, the question."""

    registry: Registry
    table: PopulationTable | None
    population_file: str
    q: ParsedQuestion
    table_problem: str = ""
    """Why the population table could not be read (shown when a split needs it)."""

    @property
    def lang(self) -> str:
        return self.q.language

    def request(self) -> CostRequest:
        p = self.q.parameters
        return CostRequest(
            year=self.q.year or 0,
            users=p.users,
            central_cost=p.central_cost,
            rate_percent=p.rate_percent,
            inhabitants=p.inhabitants,
            extra_only=self.q.intent.extra_only and p.users is not None,
        )


def _place(a: Agreement, lang: str) -> str:
    return tr(lang, f"enligt {a.name}", f"under {a.name_en}")


def _rule_sources(ctx: Context, r: CostResult, src: Sources) -> tuple[str, str]:
    """Cite the clauses a result uses; returns (markers for the lead, the 'Källor' line)."""
    a, lang, model = r.agreement, ctx.lang, model_of(r.agreement)
    year = r.request.year
    parts = [(src.mark(a.citation(model.base.amount or model.base.total)), base_label(a, lang))]
    parts += [(src.mark(a.citation(k)), a.fact(k).text) for k in model.base.parts]
    rule = model.share_rule(year)
    if rule is not None:
        parts.append(
            (src.mark(a.citation(rule.region)), tr(lang, f"fördelningen {year}", f"the {year} split"))
        )
    if r.steps_indexed and model.base.index:
        parts.append((src.mark(a.citation(model.base.index)), model.base.index_name or "index"))
    if r.extra is not None and model.extra_users:
        parts.append(
            (src.mark(a.citation(model.extra_users.threshold)), tr(lang, "extra användare", "extra users"))
        )
    if r.central and model.supplied:
        parts.append(
            (
                src.mark(a.citation(model.supplied[0].fact)),
                tr(lang, "systemförvaltning", "central management"),
            )
        )
    if model.division.kind == "external" and model.division.basis:
        parts.append(
            (src.mark(a.citation(model.division.basis)), tr(lang, "kommunernas underlag", "the basis"))
        )
    if model.invoicing is not None and (r.choice is not None or year > model.years.start):
        parts.append((src.mark(a.citation(model.invoicing.fact)), tr(lang, "fakturering", "invoicing")))
    lead = "".join(m for m, _ in parts[:2])
    return lead, ", ".join(f"{m} {label}" for m, label in parts)


def _population_line(ctx: Context, r: CostResult, share_code: str | None = None) -> str:
    choice, lang = r.choice, ctx.lang
    if choice is None:
        return ""
    snap = choice.snapshot
    text = f"{snap.date.isoformat()} ({snap.source}, corpus/{ctx.population_file})"
    share = r.share(share_code) if share_code else None
    if share is not None:
        text += tr(
            lang,
            f"; {share.party.name} {format_number(share.population or 0)} av "
            f"{format_number(r.population_total)} invånare",
            f"; {share.party.name} {format_number(share.population or 0)} of "
            f"{format_number(r.population_total)} inhabitants",
        )
    if not choice.exact:
        text += tr(
            lang,
            f". Avtalet anger {choice.prescribed.isoformat()}, som saknas i tabellen – se antaganden.",
            f". The agreement points at {choice.prescribed.isoformat()}, which the table lacks – see assumptions.",
        )
    return text


def _with_invoices(
    ctx: Context, a: Agreement, amount: int, src: Sources, calc: Calculation
) -> tuple[str, Calculation]:
    """The 'Per faktura' line when asked for, and the calculation headed by the first invoice."""
    line, parts = _invoice_line(ctx, a, amount, src)
    return line, (_per_invoice(calc, parts) if parts else calc)


def _invoice_line(ctx: Context, a: Agreement, amount: int, src: Sources) -> tuple[str, list[int]]:
    inv = model_of(a).invoicing
    if not ctx.q.intent.per_invoice or inv is None:
        return "", []
    parts = invoices(amount, inv.per_year)
    mark = src.mark(a.citation(inv.fact))
    each = " + ".join(format_kr(p) for p in parts)
    return (
        tr(
            ctx.lang,
            f"Per faktura: {format_kr(amount)} / {inv.per_year} = {each} ({inv.per_year} fakturor per år {mark}).",
            f"Per invoice: {format_kr(amount)} / {inv.per_year} = {each} ({inv.per_year} invoices a year {mark}).",
        ),
        parts,
    )


def party_answer(ctx: Context, a: Agreement, muni: Municipality) -> ToolAnswer:
    """'Vad betalar <kommun> 2026?' -> amount, formula, population, sources, assumptions."""
    lang, year = ctx.lang, ctx.q.year
    r = compute(a, ctx.request(), ctx.table)
    share = r.share(muni.code)
    if share is None:
        return external_refusal(ctx, a, r, muni)
    calc = party_calculation(r, share, lang, ctx.population_file)
    src = Sources()
    marks, sources = _rule_sources(ctx, r, src)
    amount = format_kr(share.amount)
    who = muni.label(lang)
    if r.choice is None and share.population is None and not share.amount:
        region = r.region.party.name if r.region else a.region_name
        lead = tr(
            lang,
            f"{who} betalar {amount} för {year} {_place(a, lang)}: kostnaderna {year} betalas av {region} {marks}.",
            f"{who} pays {amount} for {year} {_place(a, lang)}: the {year} costs are paid by {region} {marks}.",
        )
        return answer(layout(lang, lead, calc=calc, sources=sources), src, calc)
    pct = ""
    if ctx.q.intent.wants_percent:
        share_pct = format_number(share.percent, 2) + " %"
        pct = tr(lang, f" ({share_pct} av årets kostnad)", f" ({share_pct} of the year's cost)")
    lead = _premise(ctx, who, share.amount, share.percent) + tr(
        lang,
        f"{who} betalar {amount}{pct} för {year} {_place(a, lang)} {marks}.",
        f"{who} pays {amount}{pct} for {year} {_place(a, lang)} {marks}.",
    )
    lead = _extra_lead(r, lang) + lead
    invoice, calc = _with_invoices(ctx, a, share.amount, src, calc)
    text = layout(
        lang,
        lead,
        calc=calc,
        formula=f"{formula(r, share)} = {amount_text(r, share, lang)}",
        population=_population_line(ctx, r, muni.code),
        sources=sources,
        extra=(invoice,) if invoice else (),
    )
    return answer(text, src, calc)


def _extra_lead(r: CostResult, lang: str) -> str:
    """'Av extrakostnaden (480 000 kr för 280 samtidiga användare): ' when only that charge is split."""
    if not r.extra_only or r.extra is None:
        return ""
    amount, users = format_kr(r.extra.amount), format_number(r.extra.users)
    return tr(
        lang,
        f"Av extrakostnaden ({amount} per år för {users} samtidigt inloggade användare): ",
        f"Of the extra charge ({amount} a year for {users} concurrently logged-in users): ",
    )


def _premise(ctx: Context, who: str, amount: int, percent: Fraction | None) -> str:
    """'Nej: …' when the question states a share or amount the agreement does not give; 'Ja.' when it does."""
    p, lang = ctx.q.parameters, ctx.lang
    if ctx.q.injection or not ctx.q.intent.verifies:
        return ""  # only a yes/no question states a premise; a figure in an instruction is none
    checks: list[tuple[bool, str, str]] = []
    if p.claimed_percent is not None and percent is not None:
        ok = abs(Fraction(p.claimed_percent) - percent) < Fraction(1, 100)
        checks.append((ok, format_percent(p.claimed_percent), format_percent(percent)))
    if p.claimed_amount is not None:
        ok = abs(Fraction(p.claimed_amount) - amount) < 1
        checks.append((ok, format_kr(p.claimed_amount), format_kr(amount)))
    if not checks:
        return ""
    wrong = [(said, real) for ok, said, real in checks if not ok]
    if not wrong:
        return tr(lang, "Ja. ", "Yes. ")
    said, real = wrong[0]
    return tr(
        lang,
        f"Nej: enligt avtalet är det {real}, inte {said}. ",
        f"No: under the agreement it is {real}, not {said}. ",
    )


def _per_invoice(calc: Calculation, parts: list[int]) -> Calculation:
    return dataclasses.replace(
        calc,
        result=float(parts[0]),
        inputs={**calc.inputs, "per_invoice": parts, "yearly_amount": calc.result},
    )


def group_answer(ctx: Context, a: Agreement, focus: str, named: tuple[Municipality, ...] = ()) -> ToolAnswer:
    """The year's split; `focus` 'region', 'municipalities', 'named' or 'split' puts that amount first."""
    lang, year = ctx.lang, ctx.q.year
    r = compute(a, ctx.request(), ctx.table)
    calc: Calculation = split_calculation(r, lang, ctx.population_file)
    src = Sources()
    marks, sources = _rule_sources(ctx, r, src)
    total = format_kr(r.total)
    place = _place(a, lang)
    if r.region is None or r.region_percent is None:
        lead = tr(
            lang,
            f"{base_label(a, lang)[:1].upper()}{base_label(a, lang)[1:]} för {year} är {total} {place} {marks}.",
            f"{base_label(a, lang)[:1].upper()}{base_label(a, lang)[1:]} for {year} is {total} {place} {marks}.",
        )
        extra = (_no_split_note(a, src, lang),) if model_of(a).division.basis else ()
        text = layout(lang, lead, calc=calc, formula="; ".join(calc.steps), sources=sources, extra=extra)
        return answer(text, src, calc)
    region_pct, muni_pct = format_percent(r.region_percent), format_percent(100 - r.region_percent)
    region_amt, muni_amt = format_kr(r.region.amount), format_kr(r.municipalities_amount or 0)
    region_name, group = r.region.party.name, a.group(lang)
    if focus == "named" and named:
        shares = [s for s in (r.share(m.code) for m in named) if s is not None]
        if len(shares) != len(named):
            return external_refusal(ctx, a, r, named[0])
        together = sum(s.amount for s in shares)
        calc = focus_on(calc, ", ".join(s.party.name for s in shares), together)
        each = ", ".join(f"{s.party.name} {format_kr(s.amount)}" for s in shares)
        lead = tr(
            lang,
            f"För {year} betalar {each} {place} {marks}; tillsammans {format_kr(together)}.",
            f"For {year} the amounts {place} are: {each} {marks}; together {format_kr(together)}.",
        )
    elif focus == "region":
        calc = focus_on(calc, region_name, r.region.amount)
        lead = _premise(ctx, region_name, r.region.amount, r.region_percent) + tr(
            lang,
            f"{region_name} betalar {region_amt} ({region_pct}) för {year} {place} {marks}; "
            f"kommunerna betalar tillsammans {muni_amt} ({muni_pct}).",
            f"{region_name} pays {region_amt} ({region_pct}) for {year} {place} {marks}; "
            f"the municipalities together pay {muni_amt} ({muni_pct}).",
        )
    elif focus == "municipalities":
        calc = focus_on(calc, tr(lang, "kommunerna", "the municipalities"), r.municipalities_amount or 0)
        lead = _premise(ctx, group, r.municipalities_amount or 0, 100 - r.region_percent) + tr(
            lang,
            f"{group[:1].upper()}{group[1:]} betalar tillsammans {muni_amt} ({muni_pct}) för {year} {place} "
            f"{marks}; {region_name} betalar {region_amt} ({region_pct}).",
            f"{group[:1].upper()}{group[1:]} together pay {muni_amt} ({muni_pct}) for {year} {place} "
            f"{marks}; {region_name} pays {region_amt} ({region_pct}).",
        )
    else:
        lead = tr(
            lang,
            f"Kostnaden {year} {place} är {total}: {region_name} betalar {region_amt} ({region_pct}) och "
            f"{group} {muni_amt} ({muni_pct}) {marks}.",
            f"The {year} cost {place} is {total}: {region_name} pays {region_amt} ({region_pct}) and "
            f"{group} {muni_amt} ({muni_pct}) {marks}.",
        )
    table: list[str] = []
    if r.municipalities:
        table.append(tr(lang, "Per kommun:", "Per municipality:"))
        for share in sorted(r.municipalities, key=lambda s: -(s.population or 0)):
            pop = (
                tr(
                    lang,
                    f" ({format_number(share.population)} invånare)",
                    f" ({format_number(share.population)} inhabitants)",
                )
                if share.population
                else ""
            )
            table.append(f"- {share.party.name}: {format_kr(share.amount)}{pop}")
    elif model_of(a).division.kind == "external":
        table.append(external_note(a, r, lang))
    lead = _extra_lead(r, lang) + lead
    invoice, calc = _with_invoices(ctx, a, int(calc.result), src, calc)
    text = layout(
        lang,
        lead,
        calc=calc,
        population=_population_line(ctx, r),
        sources=sources,
        formula=_split_formula(r, lang) if r.municipalities else "; ".join(calc.steps[:1] + calc.steps[-2:]),
        extra=tuple([*table, invoice] if invoice else table),
    )
    return answer(text, src, calc)


def _split_formula(r: CostResult, lang: str) -> str:
    base, muni_pct = base_formula(r), format_percent(100 - (r.region_percent or 0))
    assert r.region is not None and r.region_percent is not None
    parts = [
        f"{r.region.party.name}: {base} × {format_percent(r.region_percent)} = {format_kr(r.region.amount)}",
        tr(lang, "kommunerna: ", "municipalities: ")
        + f"{base} × {muni_pct} = {format_kr(r.municipalities_amount or 0)}",
    ]
    if r.choice is not None:
        parts.append(
            tr(lang, "varje kommun: ", "each municipality: ")
            + f"{base} × {muni_pct} × "
            + tr(lang, "kommunens befolkning", "its population")
            + f" / {format_number(r.population_total)}"
        )
    return "; ".join(parts)


def _no_split_note(a: Agreement, src: Sources, lang: str) -> str:
    basis = model_of(a).division.basis
    mark = src.mark(a.citation(basis)) if basis else ""
    return tr(
        lang,
        f"{a.name[:1].upper()}{a.name[1:]} anger ingen fördelning mellan region och kommuner {mark}.",
        f"{a.name_en[:1].upper()}{a.name_en[1:]} gives no split between the region and the municipalities {mark}.",
    )


def extra_users_answer(ctx: Context, a: Agreement) -> ToolAnswer:
    """'Vad kostar 260 samtidiga användare?' -> the extra-user charge per year."""
    lang, users = ctx.lang, ctx.q.parameters.users or 0
    e = extra_users(a, users)
    calc = extra_users_calculation(a, e, lang)
    src = Sources()
    rule = model_of(a).extra_users
    assert rule is not None
    m = src.mark(a.citation(rule.threshold))
    lead = tr(
        lang,
        f"Med {format_number(users)} samtidigt inloggade användare blir extrakostnaden {format_kr(e.amount)} "
        f"per år {_place(a, lang)} {m}.",
        f"With {format_number(users)} concurrently logged-in users the extra charge is {format_kr(e.amount)} "
        f"a year {_place(a, lang)} {m}.",
    )
    return answer(layout(lang, lead, calc=calc, formula=calc.steps[0]), src, calc)


# -- refusals ------------------------------------------------------------------------------------


def year_refusal(ctx: Context, a: Agreement, exc: NotCoveredError, who: str) -> ToolAnswer:
    """A year outside the cost model's years: explain with the clauses that set them, no number."""
    lang, year, model, src = ctx.lang, ctx.q.year, model_of(a), Sources()
    marks = "".join(src.mark(a.citation(k)) for k in model.years.facts)
    span = (
        f"{model.years.start}–{model.years.end}"
        if model.years.end != model.years.start
        else str(model.years.start)
    )
    reading = ""
    if exc.reason == "before_start":
        text = tr(
            lang,
            f"Kostnadsreglerna i {a.name} gäller för åren {span}{reading} {marks}. För {year} finns ingen "
            f"kostnadsregel i avtalet, så jag kan inte ange vad {who} betalar det året.",
            f"The cost rules of {a.name_en} cover the years {span} {marks}. The agreement has no cost rule "
            f"for {year}, so I cannot say what {who} pays that year.",
        )
    else:
        text = tr(
            lang,
            f"Kostnadsreglerna i {a.name} gäller som längst för åren {span}{reading} {marks}. För {year} finns "
            "inget avtal att räkna på, så jag kan inte ange något belopp.",
            f"The cost rules of {a.name_en} cover at most the years {span} {marks}. There is no agreement to "
            f"calculate {year} from, so I cannot give an amount.",
        )
    return dataclasses.replace(answer(text, src, refused=True), outside_year=year)


def rate_refusal(ctx: Context, a: Agreement) -> ToolAnswer:
    """An indexed budget for a later year without the index rate: ask for it, no number."""
    lang, year, base, src = ctx.lang, ctx.q.year, model_of(a).base, Sources()
    m1, m2 = src.mark(a.citation(base.index)), src.mark(a.citation(base.amount))
    name, long = base.index_name or "index", base.index_name_long or base.index_name or "index"
    amount = format_kr(a.fact(base.amount).number)
    text = tr(
        lang,
        f"Kostnaden räknas upp årligen enligt {long} {m1}, men {name}-värdena finns inte i korpusen, så jag kan "
        f"inte räkna ut {year} utan en sats. Utgångspunkten är budgeten för {base.base_year}, {amount} {m2}. "
        f"Ange en {name}-sats, t.ex. 'Vad kostar Lifecare SP för {a.region} {year} med {name} 3 %?'.",
        f"The cost is indexed yearly by {long} {m1}, but the {name} figures are not in the corpus, so I cannot "
        f"compute {year} without a rate. The starting point is the {base.base_year} budget of {amount} {m2}. "
        f"Give a rate, e.g. 'What does Lifecare SP cost for {a.region} in {year} with {name} 3 %?'.",
    )
    return answer(text, src, refused=True)


def external_refusal(ctx: Context, a: Agreement, r: CostResult | None, muni: Municipality) -> ToolAnswer:
    """A municipality's part set by a basis the corpus lacks: what is known, no single amount."""
    lang, year, model, src = ctx.lang, ctx.q.year, model_of(a), Sources()
    rule = model.share_rule(year or 0)
    who = muni.label(lang)
    known = []
    if rule is not None:
        pct = a.fact(rule.region).number
        known.append(
            tr(
                lang,
                f"regionen står för {format_percent(pct)} och kommunerna tillsammans för "
                f"{format_percent(100 - pct)} {src.mark(a.citation(rule.region))}",
                f"the region pays {format_percent(pct)} and the municipalities together "
                f"{format_percent(100 - pct)} {src.mark(a.citation(rule.region))}",
            )
        )
    if r is not None:
        known.append(
            tr(
                lang,
                f"kostnaden för {year} är {format_kr(r.total)} {src.mark(a.citation(model.base.amount))}",
                f"the {year} cost is {format_kr(r.total)} {src.mark(a.citation(model.base.amount))}",
            )
        )
    basis = tr(lang, model.division.basis_name or "ett underlag", model.division.basis_name_en or "a basis")
    mark = src.mark(a.citation(model.division.basis)) if model.division.basis else ""
    joined = tr(lang, " och ", " and ").join(known)
    text = tr(
        lang,
        f"Jag kan inte räkna ut vad {who} betalar för {year}. Enligt {a.name} gäller att {joined}. Hur "
        f"kommunernas del fördelas på varje kommun bestäms utifrån {basis} {mark}, och det underlaget finns inte "
        "i korpusen.",
        f"I cannot compute what {who} pays for {year}. Under {a.name_en}, {joined}. How the municipalities' "
        f"part is divided between them is set from {basis} {mark}, which is not in the corpus.",
    )
    return answer(" ".join(text.split()), src, refused=True)


def per_inhabitant_answer(ctx: Context, a: Agreement, muni: Municipality) -> ToolAnswer:
    """A per-inhabitant model: inhabitants from the question or the population table, else the rate."""
    lang, year, base, src = ctx.lang, ctx.q.year, model_of(a).base, Sources()
    inhabitants = ctx.q.parameters.inhabitants
    if inhabitants is None and ctx.table is not None:
        inhabitants = ctx.table.latest(muni.code) if hasattr(ctx.table, "latest") else None
    p = per_inhabitant(a, inhabitants)
    calc = per_inhabitant_calculation(a, p, lang)
    m1 = src.mark(a.citation(base.principle)) if base.principle else ""
    m2 = src.mark(a.citation(base.rate))
    rate = format_number(p.rate)
    who = muni.label(lang)
    if p.amount is None:
        lead = tr(
            lang,
            f"För {year} gäller modellen i {a.name}: kommunens del av kostnaden fördelas efter andel invånare "
            f"{m1}, ungefär {rate} kr per invånare och år {m2}. Invånarantalet för {who} finns inte i korpusen, "
            f"så beloppet kan inte räknas ut; ange det (t.ex. 'med 50 000 invånare') så blir kostnaden invånare "
            f"× {rate} kr.",
            f"For {year} the model of {a.name_en} applies: the municipality's part of the cost follows its share "
            f"of inhabitants {m1}, about {rate} kr per inhabitant and year {m2}. The population of {who} is not "
            f"in the corpus, so the amount cannot be computed; give it (e.g. 'with 50,000 inhabitants') and the "
            f"cost is inhabitants × {rate} kr.",
        )
        return answer(layout(lang, lead, calc=calc, formula="; ".join(calc.steps)), src, calc, refused=True)
    lead = tr(
        lang,
        f"Med {format_number(p.inhabitants or 0)} invånare blir kostnaden för {who} {format_kr(p.amount)} för "
        f"{year} enligt modellen i {a.name} {m1}{m2}.",
        f"With {format_number(p.inhabitants or 0)} inhabitants, the cost for {who} is {format_kr(p.amount)} for "
        f"{year} under the model of {a.name_en} {m1}{m2}.",
    )
    return answer(layout(lang, lead, calc=calc, formula="; ".join(calc.steps)), src, calc)


def no_split_refusal(ctx: Context, a: Agreement, who: str) -> ToolAnswer:
    """A model with a total but no split between the parties: the total is known, a party's part is not."""
    lang, src, model = ctx.lang, Sources(), model_of(a)
    m1 = src.mark(a.citation(model.base.total or model.base.amount))
    m2 = src.mark(a.citation(model.division.basis)) if model.division.basis else ""
    text = tr(
        lang,
        f"{a.name[:1].upper()}{a.name[1:]} anger {base_label(a, lang)} {m1} och hur den finansieras {m2}, men "
        f"ingen regel för hur kostnaden fördelas per part. Jag kan därför inte ange vad {who} betalar.",
        f"{a.name_en[:1].upper()}{a.name_en[1:]} gives {base_label(a, lang)} {m1} and how it is funded {m2}, but "
        f"no rule for each party's part. I therefore cannot say what {who} pays.",
    )
    return answer(" ".join(text.split()), src, refused=True)


def no_model_refusal(ctx: Context, agreements: tuple[Agreement, ...], who: str) -> ToolAnswer:
    """Agreements that cover a party but hold no cost rule: say what they are and what they do say."""
    lang, src = ctx.lang, Sources()
    parts = []
    for a in agreements:
        party = a.party(ctx.q.municipality.code) if ctx.q.municipality else a.region_party()
        mark = src.mark(a.party_citation(party)) if party else ""
        note = src.mark(a.citation(a.cost_note)) if a.cost_note else ""
        parts.append(f"{a.label(lang)} {mark}{note}".strip())
    joined = tr(lang, " och ", " and ").join(parts)
    text = tr(
        lang,
        f"{who[:1].upper()}{who[1:]} omfattas av {joined}, men underlaget innehåller ingen kostnadsregel för det. "
        f"Jag kan därför inte ange vad {who} betalar.",
        f"{who[:1].upper()}{who[1:]} is covered by {joined}, but the corpus holds no cost rule for it. "
        f"I therefore cannot say what {who} pays.",
    )
    return answer(text, src, refused=True)


def per_inhabitant_no_total(ctx: Context, a: Agreement, who: str) -> ToolAnswer:
    """A year under a per-inhabitant model asked about the region or the county: there is no total."""
    lang, year, base, src = ctx.lang, ctx.q.year, model_of(a).base, Sources()
    mark = src.mark(a.citation(base.rate))
    rate = format_number(a.fact(base.rate).number)
    text = tr(
        lang,
        f"För {year} gällde {a.name}, som bara anger kommunernas kostnad per invånare (ungefär {rate} kr per "
        f"invånare och år) {mark} och ingen totalkostnad, så jag kan inte ange något belopp för {who}.",
        f"For {year} {a.name_en} applied, which only gives the municipalities' cost per inhabitant (about {rate} "
        f"kr per inhabitant and year) {mark} and no total, so I cannot give an amount for {who}.",
    )
    return answer(text, src, refused=True)
