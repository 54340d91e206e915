"""Answers about Stockholm (2026–2030 and the interim model), Norrbotten, and parties no agreement covers.

Stockholm's split between its municipalities comes from Storsthlm's basis,
which the corpus lacks: a single Stockholm municipality's amount for 2026–2030
is refused with what is known (81/19, the 2026 budget). For 2021–2025 the
interim per-inhabitant model applies; without the municipality's population
(not in the corpus) only the rate and formula are given.
"""

from __future__ import annotations

from ..types import ToolAnswer
from .compose import SUPERSEDED_NOTE, Sources, answer, focus_on, layout
from .municipalities import Municipality
from .numbers import format_kr, format_number
from .question import CostQuestion
from .rules import NORRBOTTEN, VASTERBOTTEN, NotCoveredError, tr
from .stockholm import InterimInput, StockholmTotalInput
from .toolbox import Toolbox

STOCKHOLM_PLACE = {"sv": "enligt överenskommelsen 2026–2030", "en": "under the 2026–2030 agreement"}


def stockholm_total_answer(tb: Toolbox, q: CostQuestion, focus: str = "total") -> ToolAnswer:
    """Stockholm county's total for a year (2026, or later with an LPI rate), the region's or the "
    "municipalities'."""
    lang, facts, src = q.lang, tb.stockholm.facts, Sources()
    year = q.year or 0
    try:
        calc = tb.stockholm_total(StockholmTotalInput(year=year, lpi_percent=q.rate_percent), lang)
    except NotCoveredError as exc:
        return _stockholm_refusal(tb, q, exc, src)
    # Marked in the order they appear in the text, so the markers read [1][2][3].
    m_budget = src.mark(facts.citation("budget_2026"))
    m_lpi = src.mark(facts.citation("indexation")) if year > tb.stockholm.base_year else ""
    m_split = src.mark(facts.citation("region_share"))
    m_basis = src.mark(facts.citation("municipal_basis"))
    region, munis = calc.rows[0]["amount"], calc.rows[1]["amount"]
    total = format_kr(calc.result)
    if focus == "region":
        calc = focus_on(calc, "Region Stockholm", region)
        lead = tr(
            lang,
            f"Region Stockholm betalar {format_kr(region)} (81 %) för {year} {STOCKHOLM_PLACE['sv']} "
            f"{m_budget}{m_lpi}{m_split}.",
            f"Region Stockholm pays {format_kr(region)} (81 %) for {year} {STOCKHOLM_PLACE['en']} "
            f"{m_budget}{m_lpi}{m_split}.",
        )
    elif focus == "municipalities":
        calc = focus_on(calc, tr(lang, "kommunerna", "the municipalities"), munis)
        lead = tr(
            lang,
            f"Stockholms läns kommuner betalar tillsammans {format_kr(munis)} (19 %) för {year} "
            f"{STOCKHOLM_PLACE['sv']} {m_budget}{m_lpi}{m_split}.",
            f"Stockholm county's municipalities together pay {format_kr(munis)} (19 %) for {year} "
            f"{STOCKHOLM_PLACE['en']} {m_budget}{m_lpi}{m_split}.",
        )
    else:
        lead = tr(
            lang,
            f"Lifecare SP kostar {total} för {year} i Stockholms län {STOCKHOLM_PLACE['sv']} "
            f"{m_budget}{m_lpi}: Region Stockholm betalar {format_kr(region)} (81 %) och kommunerna "
            f"{format_kr(munis)} (19 %) {m_split}.",
            f"Lifecare SP costs {total} for {year} in Stockholm county {STOCKHOLM_PLACE['en']} "
            f"{m_budget}{m_lpi}: Region Stockholm pays {format_kr(region)} (81 %) and the municipalities "
            f"{format_kr(munis)} (19 %) {m_split}.",
        )
    extra = (
        tr(
            lang,
            f"Fördelningen mellan kommunerna görs utifrån underlag från Storsthlm {m_basis}, som inte "
            "finns i korpusen.",
            f"The split between the municipalities is made from Storsthlm's basis "
            f"{m_basis}, which is not in the corpus.",
        ),
    )
    text = layout(lang, lead, calc=calc, formula="; ".join(calc.steps), extra=extra)
    return answer(text, src, calc)


def _stockholm_refusal(tb: Toolbox, q: CostQuestion, exc: NotCoveredError, src: Sources) -> ToolAnswer:
    lang, facts, year = q.lang, tb.stockholm.facts, q.year
    if exc.reason == "needs_lpi":
        m1, m2 = src.mark(facts.citation("indexation")), src.mark(facts.citation("budget_2026"))
        text = tr(
            lang,
            f"Kostnaden räknas upp årligen enligt SKR:s LPI-index {m1}, men LPI-värdena finns inte i "
            f"korpusen, så jag kan inte räkna ut {year} utan en sats. Utgångspunkten är budgeten för 2026, "
            f"26 356 000 SEK {m2}. Ange en LPI-sats, t.ex. 'Vad kostar Lifecare SP för Stockholms län "
            f"{year} med LPI 3 %?'.",
            f"The cost is indexed yearly by SKR's LPI {m1}, but the LPI figures are not in the corpus, so I "
            f"cannot compute {year} without a rate. The starting point is the 2026 budget of 26 356 000 SEK "
            f"{m2}. Give a rate, e.g. 'What does Lifecare SP cost for Stockholm county in {year} with "
            "LPI 3 %?'.",
        )
    elif exc.reason == "before_start" and year is not None and year >= tb.interim.first_year:
        m1 = src.mark(facts.citation("valid_from"))
        m2 = src.mark(tb.interim.facts.citation("per_inhabitant", SUPERSEDED_NOTE[lang]))
        rate = format_number(tb.interim.stated_rate)
        text = tr(
            lang,
            f"Överenskommelsen 2026–2030 gäller från 2026-01-01 {m1}. För {year} gällde "
            "interimsöverenskommelsen, "
            f"som bara anger kommunernas kostnad per invånare (ungefär {rate} kr per invånare och år) "
            f"{m2} och "
            "ingen totalkostnad för länet, så jag kan inte ange något belopp för regionen eller länet.",
            f"The 2026–2030 agreement applies from 2026-01-01 {m1}. For {year} the interim agreement "
            "applied, which "
            f"only gives the municipalities' cost per inhabitant (about {rate} kr per inhabitant and "
            f"year) {m2} and "
            "no total for the county, so I cannot give an amount for the region or the county.",
        )
    else:
        m1 = src.mark(facts.citation("valid_from"))
        text = tr(
            lang,
            f"Överenskommelsen 2026–2030 gäller 2026-01-01 – 2030-12-31 {m1}; för {year} har den "
            "ingen kostnadsregel, så jag kan inte ange något belopp.",
            f"The 2026–2030 agreement applies 2026-01-01 – 2030-12-31 {m1}; it has no cost rule for {year}, "
            "so I cannot give an amount.",
        )
    return answer(text, src, refused=True)


def stockholm_municipality_answer(tb: Toolbox, q: CostQuestion, muni: Municipality) -> ToolAnswer:
    """A single Stockholm municipality: refused for 2026–2030 (Storsthlm basis), interim model for "
    "2021–2025."""
    lang, year, src = q.lang, q.year or 0, Sources()
    name = muni.label(lang)
    if tb.interim.first_year <= year < tb.stockholm.first_year:
        return _interim_answer(tb, q, muni)
    if year < tb.interim.first_year:
        m1 = src.mark(tb.interim.facts.citation("payment_model_start", SUPERSEDED_NOTE[lang]))
        text = tr(
            lang,
            f"Interimsöverenskommelsens betalningsmodell gäller från 2021-01-01 {m1}; för {year} finns "
            f"ingen kostnadsregel i korpusen, så jag kan inte ange vad {name} betalar.",
            f"The interim agreement's payment model applies from 2021-01-01 {m1}; the corpus has no cost "
            f"rule for {year}, so I cannot say what {name} pays.",
        )
        return answer(text, src, refused=True)
    facts = tb.stockholm.facts
    if year > tb.stockholm.last_year:
        return _stockholm_refusal(tb, q, NotCoveredError("after", "after_end"), src)
    m1, m2, m3 = (src.mark(facts.citation(k)) for k in ("region_share", "budget_2026", "municipal_basis"))
    text = tr(
        lang,
        f"Jag kan inte räkna ut vad {name} betalar för {year}. Enligt överenskommelsen 2026–2030 står "
        f"regionen för 81 % och kommunerna tillsammans för 19 % {m1}, och för 2026 är kostnaden budgeterad "
        f"till 26 356 000 SEK {m2}. Hur kommunernas del fördelas på varje kommun bestäms utifrån underlag "
        f"från Storsthlm {m3}, och det underlaget finns inte i korpusen.",
        f"I cannot compute what {name} pays for {year}. Under the 2026–2030 agreement the region pays 81 % "
        f"and the municipalities together 19 % {m1}, and the 2026 cost is budgeted at 26 356 000 SEK {m2}. "
        f"How the municipalities' part is divided between them is set from Storsthlm's basis {m3}, which "
        "is not in the corpus.",
    )
    return answer(text, src, refused=True)


def _interim_answer(tb: Toolbox, q: CostQuestion, muni: Municipality) -> ToolAnswer:
    lang, src, facts = q.lang, Sources(), tb.interim.facts
    note = SUPERSEDED_NOTE[lang]
    calc = tb.interim_cost(InterimInput(inhabitants=q.inhabitants), lang)
    m1 = src.mark(facts.citation("population_principle", note))
    m2 = src.mark(facts.citation("per_inhabitant", note))
    rate = format_number(tb.interim.stated_rate)
    formula = f"(615 312 kr / 130 365) / 8 ≈ {rate} kr " + tr(
        lang, "per invånare och år", "per inhabitant and year"
    )
    if q.inhabitants is None:
        lead = tr(
            lang,
            f"För {q.year} gäller interimsöverenskommelsens modell: kommunens del av kostnaden för "
            f"IT-systemet fördelas efter andel invånare {m1}, ungefär {rate} kr per invånare och år {m2}. "
            f"{muni.display}s invånarantal finns inte i korpusen, så beloppet kan inte räknas ut; ange det "
            f"(t.ex. 'med 50 000 invånare') så blir kostnaden invånare × {rate} kr.",
            f"For {q.year} the interim agreement's model applies: the municipality's part of the IT system "
            f"cost follows its share of inhabitants {m1}, about {rate} kr per inhabitant and year {m2}. "
            f"The population of {muni.label(lang)} is not in the corpus, so the amount cannot be "
            "computed; give "
            f"it (e.g. 'with 50,000 inhabitants') and the cost is inhabitants × {rate} kr.",
        )
        return answer(layout(lang, lead, calc=calc, formula=formula), src, calc, refused=True, notes=(note,))
    amount = format_kr(calc.result)
    lead = tr(
        lang,
        f"Med {format_number(q.inhabitants)} invånare blir {muni.display}s kostnad för IT-systemet "
        f"{amount} för {q.year} enligt interimsöverenskommelsens modell {m1}{m2}.",
        f"With {format_number(q.inhabitants)} inhabitants, {muni.label(lang)}'s cost for the IT system is "
        f"{amount} for {q.year} under the interim agreement's model {m1}{m2}.",
    )
    text = layout(lang, lead, calc=calc, formula="; ".join(calc.steps), extra=(note,))
    return answer(text, src, calc, notes=(note,))


def not_party_answer(tb: Toolbox, q: CostQuestion, name: str, county: str | None) -> ToolAnswer:
    """A municipality no agreement in the corpus gives a cost rule for: explain, no number."""
    lang, src = q.lang, Sources()
    vn = tb.vasternorrland.facts
    m1 = src.mark(vn.citation("parties"))
    lead = tr(
        lang,
        f"{name} är inte part i samverkansavtalet i Västernorrland, som gäller Region Västernorrland "
        f"och länets sju kommuner {m1}.",
        f"{name} is not a party to the Västernorrland cooperation agreement, which covers Region "
        f"Västernorrland and the county's seven municipalities {m1}.",
    )
    if county == "Västerbotten":
        m2 = src.mark(tb.facts[VASTERBOTTEN].citation("switch_date"))
        rest = tr(
            lang,
            f"{name} ligger i Västerbottens län; korpusen innehåller ingen kostnadsregel för "
            f"Västerbotten, bara protokollet om att Lifecare SP ersätter Prator från den 1 april 2025 {m2}.",
            f"{name} is in Västerbotten county; the corpus has no cost rule for Västerbotten, only the "
            "minutes "
            f"saying Lifecare SP replaces Prator from 1 April 2025 {m2}.",
        )
    elif county == "Norrbotten":
        nb = tb.facts[NORRBOTTEN]
        m2, m3 = src.mark(nb.citation("budget_total")), src.mark(nb.citation("municipal_it_funding"))
        rest = tr(
            lang,
            f"Förvaltningsplanen 2021 för Norrbotten anger en total budget {m2} och att IT-stödet "
            f"finansieras gemensamt av länets kommuner {m3}, men ingen regel för hur det fördelas per "
            "kommun.",
            f"The 2021 Norrbotten plan gives a total budget {m2} and says the IT support is funded jointly "
            f"by the county's municipalities {m3}, but no rule for each municipality's part.",
        )
    else:
        rest = tr(
            lang,
            "Korpusen innehåller inget avtal med kostnadsregler som omfattar den kommunen.",
            "The corpus holds no agreement with cost rules that covers that municipality.",
        )
    tail = tr(
        lang, f"Jag kan därför inte ange vad {name} betalar.", f"I therefore cannot say what {name} pays."
    )
    return answer(f"{lead} {rest} {tail}", src, refused=True)


def norrbotten_budget_answer(tb: Toolbox, q: CostQuestion) -> ToolAnswer:
    """Norrbotten's 2021 budget: 1 381 746 + 276 000 = 1 657 746 kr."""
    lang, src, nb = q.lang, Sources(), tb.facts[NORRBOTTEN]
    if not q.year_defaulted and q.year != 2021:
        mark = src.mark(nb.citation("budget_total"))
        text = tr(
            lang,
            f"Korpusen har bara Norrbottens förvaltningsplan för 2021 {mark}; någon budget för {q.year} "
            "finns inte i underlaget.",
            f"The corpus holds only Norrbotten's management plan for 2021 {mark}; it has no budget for "
            f"{q.year}.",
        )
        return answer(text, src, refused=True)
    calc = tb.norrbotten_budget(lang)
    marks = "".join(
        src.mark(nb.citation(k)) for k in ("budget_total", "budget_governance", "budget_change_management")
    )
    lead = tr(
        lang,
        f"Förvaltningsobjektets budget i Norrbottens förvaltningsplan 2021 är {format_kr(calc.result)} "
        f"{marks}.",
        f"The 2021 Norrbotten plan budgets {format_kr(calc.result)} for the object {marks}.",
    )
    return answer(layout(lang, lead, calc=calc, formula=calc.steps[0]), src, calc)
