"""Turn a `CostResult` into the `Calculation` that answers and the JSON show: inputs, steps, assumptions.

Steps use the Swedish number format in both languages; labels and assumptions
follow the question's language. Every assumption the arithmetic relies on is
written out, so a reader can see what would change the figure.
"""

# ruff: noqa: E501 -- answer templates stay whole sentences, so a reader can see each wording at once

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..agreements import Agreement
from ..types import Calculation
from .engine import CostResult, ExtraUsers, PerInhabitant, Share, model_of
from .numbers import format_kr, format_number, format_percent


def tr(lang: str, sv: str, en: str) -> str:
    """Pick the Swedish or English wording."""
    return en if lang == "en" else sv


def kr(value: Fraction | int) -> str:
    """Whole kronor when exact, else two decimals (intermediate steps only)."""
    value = Fraction(value)
    return format_kr(value) if value.denominator == 1 else format_kr(value, 2)


def base_label(agreement: Agreement, lang: str) -> str:
    base = model_of(agreement).base
    return tr(lang, base.label or "grundbeloppet", base.label_en or base.label or "the base amount")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def base_formula(r: CostResult) -> str:
    """The year's cost as one term: '2 408 080 kr', '(2 408 080 kr + 360 000 kr) × 1,025', '… × 1,03^2'."""
    terms = [] if r.extra_only else [format_kr(r.base)]
    if r.extra is not None and r.extra.amount:
        terms.append(format_kr(r.extra.amount))
    if r.factor != 1:
        if r.steps_indexed:
            power = f"^{r.steps_indexed}" if r.steps_indexed > 1 else ""
            factor = f"{format_number(_root(r))}{power}"
        else:
            factor = format_number(r.factor)
        joined = f"({' + '.join(terms)})" if len(terms) > 1 else terms[0]
        terms = [f"{joined} × {factor}"]
    if r.central:
        terms.append(kr(r.central))
    return f"({' + '.join(terms)})" if len(terms) > 1 else terms[0]


def _root(r: CostResult) -> Fraction:
    return 1 + Fraction(r.request.rate_percent or 0) / 100


def base_steps(r: CostResult, lang: str) -> list[str]:
    """How the year's total is built: base, extra users, uplift or index, supplied amounts."""
    a = r.agreement
    base = model_of(a).base
    if base.kind == "budget" and base.parts:
        parts = [int(a.fact(k).number) for k in base.parts]
        return [" + ".join(format_kr(p) for p in parts) + f" = {format_kr(r.base)}"]
    steps = [] if r.extra_only else [_cap(base_label(a, lang)) + ": " + format_kr(r.base)]
    running = Fraction(r.base)
    if r.extra is not None:
        e = r.extra
        steps.append(
            tr(lang, "Extra användare: ", "Extra users: ")
            + f"{format_number(e.users)} − {format_number(e.threshold)} = {format_number(e.over)} → "
            + f"{e.blocks} × {format_kr(e.block_charge)} = {format_kr(e.amount)}"
        )
        running += e.amount
    if r.factor != 1:
        rate = format_percent(r.request.rate_percent or 0)
        if r.steps_indexed:
            name = model_of(a).base.index_name or tr(lang, "index", "index")
            power = f"^{r.steps_indexed}" if r.steps_indexed > 1 else ""
            steps.append(
                tr(lang, f"Indexering med {name} ", f"Indexation by {name} ")
                + f"{rate}: {kr(running)} × {format_number(_root(r))}{power} = {kr(r.supplier)}"
            )
        else:
            steps.append(
                tr(lang, "Uppräkning ", "Uplift ")
                + f"{rate}: {kr(running)} × {format_number(r.factor)} = {kr(r.supplier)}"
            )
    if r.central:
        label = _supplied_label(a, lang)
        steps.append(f"{_cap(label)}: {kr(r.supplier)} + {kr(r.central)} = {kr(r.supplier + r.central)}")
    return steps


def _supplied_label(a: Agreement, lang: str) -> str:
    supplied = model_of(a).supplied
    if not supplied:
        return ""
    return tr(lang, supplied[0].label or supplied[0].parameter, supplied[0].label_en or supplied[0].parameter)


def rounding_note(lang: str) -> str:
    return tr(
        lang,
        "Avrundning: årets totalkostnad avrundas till hela kronor (0,5 uppåt); region- och kommundelen samt "
        "varje kommuns belopp avrundas med största-rest-metoden så att delarna summerar exakt till helheten.",
        "Rounding: the year's total is rounded to whole kronor (half up); the region's and the "
        "municipalities' parts and each municipality's amount use the largest-remainder method, so the parts "
        "sum exactly to the whole.",
    )


def extra_users_assumption(e: ExtraUsers, lang: str) -> str:
    t, b, c = e.threshold, e.block_size, format_kr(e.block_charge)
    return tr(
        lang,
        f"'{c} per {b} användare' tolkas som {c} för varje påbörjad grupp om {b} samtidiga användare över {t} "
        f"({t + 1}–{t + b} användare = 1 grupp, {t + b + 1} = 2 grupper); användarantalet avser hela länet och "
        "extrakostnaden fördelas som övriga kostnader.",
        f"'{c} per {b} users' is read as {c} for each started group of {b} concurrent users above {t} "
        f"({t + 1}–{t + b} users = 1 group, {t + b + 1} = 2 groups); the count is for the whole county and the "
        "extra charge is split like the other costs.",
    )


def assumptions(r: CostResult, lang: str) -> list[str]:
    """The assumptions behind a figure, driven by the cost model."""
    a, req, model = r.agreement, r.request, model_of(r.agreement)
    out: list[str] = []
    if model.extra_users is not None:
        if r.extra is None:
            from .engine import extra_users

            e = extra_users(a, 0)
            example = e.threshold + 6 * e.block_size
            out.append(
                tr(
                    lang,
                    f"Antalet samtidigt inloggade användare antas vara högst {e.threshold}, så ingen extra "
                    f"användarkostnad ingår (ange t.ex. 'med {example} samtidiga användare').",
                    f"At most {e.threshold} concurrently logged-in users are assumed, so no extra-user charge "
                    f"is included (add e.g. 'with {example} concurrent users').",
                )
            )
        else:
            out.append(extra_users_assumption(r.extra, lang))
    if model.supplied and req.central_cost is None:
        label = _supplied_label(a, lang)
        out.append(
            tr(
                lang,
                f"{_cap(label)} ingår inte: avtalet anger inget belopp, bara att de fördelas enligt samma "
                "princip. Ange beloppet för att få med dem.",
                f"{_cap(label)} are not included: the agreement gives no amount, only that they are split by "
                "the same principle. Give the amount to include them.",
            )
        )
    base = model.base
    if base.kind == "fixed" and base.uplift:
        if req.rate_percent:
            out.append(
                tr(
                    lang,
                    f"Uppräkningen {format_percent(req.rate_percent)} tillämpas en gång på "
                    f"{base_label(a, lang)} och eventuella extra användare; avtalet självt anger ingen "
                    "uppräkning.",
                    f"The uplift of {format_percent(req.rate_percent)} is applied once to "
                    f"{base_label(a, lang)} and any extra users; the agreement itself states no indexation.",
                )
            )
        else:
            out.append(
                tr(
                    lang,
                    f"{_cap(base_label(a, lang))} {format_kr(r.base)} per år antas oförändrad "
                    "(ange t.ex. 'med en uppräkning på 2,5 %').",
                    f"{_cap(base_label(a, lang))} of {format_kr(r.base)} a year is assumed unchanged "
                    "(add e.g. 'with an uplift of 2.5 %').",
                )
            )
    if r.steps_indexed and req.rate_percent is not None:
        name = base.index_name or "index"
        span = f"{req.year - r.steps_indexed + 1}–{req.year}" if r.steps_indexed > 1 else str(req.year)
        out.append(
            tr(
                lang,
                f"{name} {format_percent(req.rate_percent)} är ett antagande från frågan ({name}-värdena finns "
                f"inte i korpusen) och tillämpas för "
                + (
                    f"vart och ett av åren {span}, med ränta på ränta." if r.steps_indexed > 1 else f"{span}."
                ),
                f"{name} {format_percent(req.rate_percent)} is taken from the question (the {name} figures are "
                "not in the corpus) and applied for "
                + (f"each year {span}, compounded." if r.steps_indexed > 1 else f"{span}."),
            )
        )
    out.extend(_term_note(a, req.year, lang))
    if model.division.kind == "external":
        out.append(external_note(a, r, lang))
    if r.choice is not None and not r.choice.exact:
        out.append(r.choice.assumption(lang))
    if model.shares:
        out.append(rounding_note(lang))
    return out


def _term_note(a: Agreement, year: int, lang: str) -> list[str]:
    """For a year at or after the main document's end: it is assumed extended."""
    entry = a.documents.get(a.document) or {}
    end = entry.get("to")
    extension = entry.get("extension_en" if lang == "en" else "extension") or entry.get("extension")
    if not end or not extension or year < int(str(end)[:4]):
        return []
    return [
        tr(
            lang,
            f"Avtalet gäller till {end} {extension}; för {year} förutsätts att det förlängts och att "
            f"{base_label(a, lang)} gäller hela året.",
            f"The agreement runs to {end}, {extension}; for {year} it is assumed to be extended and "
            f"{base_label(a, lang)} to apply for the whole year.",
        )
    ]


def external_note(a: Agreement, r: CostResult | None, lang: str) -> str:
    div = model_of(a).division
    pct = format_percent(100 - r.region_percent) if r is not None and r.region_percent is not None else ""
    basis = tr(lang, div.basis_name or "ett underlag", div.basis_name_en or div.basis_name or "a basis")
    return tr(
        lang,
        f"Kommunernas {pct} fördelas mellan kommunerna utifrån {basis}, som inte finns i korpusen; en "
        "enskild kommuns belopp kan därför inte beräknas.".replace("  ", " "),
        f"The municipalities' {pct} is divided between them from {basis}, which is not in the corpus; a "
        "single municipality's amount therefore cannot be computed.".replace("  ", " "),
    )


def inputs(r: CostResult, population_file: str) -> dict[str, Any]:
    req = r.request
    data: dict[str, Any] = {
        "agreement": r.agreement.id,
        "year": req.year,
        "base_amount": int(r.base) if r.base.denominator == 1 else float(r.base),
        "concurrent_users": req.users,
        "central_management_cost": float(req.central_cost) if req.central_cost is not None else None,
        "uplift_percent": float(req.rate_percent) if req.rate_percent is not None else None,
        "total_cost": r.total,
    }
    if model_of(r.agreement).base.kind == "fixed":
        data["minimum_charge"] = data["base_amount"]
    if r.steps_indexed:
        data["lpi_percent"] = data["uplift_percent"]
    if r.region_percent is not None:
        data["region_percent"] = float(r.region_percent)
        data["municipalities_percent"] = float(100 - r.region_percent)
    if r.choice is not None:
        data.update(
            population_date=r.choice.snapshot.date.isoformat(),
            population_prescribed_date=r.choice.prescribed.isoformat(),
            population_source=r.choice.snapshot.source,
            population_table=f"corpus/{population_file}",
            population_total=r.population_total,
        )
    return data


def formula(r: CostResult, share: Share) -> str:
    """'2 408 080 kr × 50 % × 9 033 / 241 141' for one municipality."""
    muni_pct = 100 - (r.region_percent or 0)
    if share.population is not None:
        return (
            f"{base_formula(r)} × {format_percent(muni_pct)} × {format_number(share.population)} / "
            f"{format_number(r.population_total)}"
        )
    return f"{base_formula(r)} × {format_percent(share.percent)}"


def amount_text(r: CostResult, share: Share, lang: str) -> str:
    """The amount after '=': the exact quotient too when largest-remainder rounding moved it."""
    exact = Fraction(r.total) * share.percent / 100
    if round(exact) == share.amount and abs(exact - share.amount) != Fraction(1, 2):
        return format_kr(share.amount)
    return tr(
        lang,
        f"{format_kr(exact, decimals=2)}, avrundat till {format_kr(share.amount)} "
        "(största rest, så att kommunernas belopp summerar exakt)",
        f"{format_kr(exact, decimals=2)}, rounded to {format_kr(share.amount)} "
        "(largest remainder, so that the municipalities' amounts add up exactly)",
    )


def row(share: Share) -> dict[str, Any]:
    return {
        "party": share.party.name,
        "kind": share.party.kind,
        "population": share.population,
        "share_percent": round(float(share.percent), 4),
        "amount": share.amount,
    }


def split_calculation(r: CostResult, lang: str, population_file: str) -> Calculation:
    """The whole year: region, municipalities and a row per municipality (when the division is known)."""
    steps = base_steps(r, lang)
    if model_of(r.agreement).shares:
        steps.append(tr(lang, "Totalt: ", "Total: ") + format_kr(r.total))
    rows: list[dict[str, Any]] = []
    if r.region is not None and r.region_percent is not None:
        muni_pct = 100 - r.region_percent
        steps.append(
            f"{r.region.party.name}: {base_formula(r)} × {format_percent(r.region_percent)} = "
            f"{format_kr(r.region.amount)}"
        )
        steps.append(
            tr(lang, "Kommunerna: ", "Municipalities: ")
            + f"{base_formula(r)} × {format_percent(muni_pct)} = {format_kr(r.municipalities_amount or 0)}"
        )
        rows.append(row(r.region))
        if not r.municipalities:
            rows.append(
                {
                    "party": r.agreement.group(lang),
                    "kind": "kommuner",
                    "population": None,
                    "share_percent": float(muni_pct),
                    "amount": r.municipalities_amount,
                }
            )
        for share in r.municipalities:
            if r.choice is not None or share.population is None:
                steps.append(f"{share.party.name}: {formula(r, share)} = {format_kr(share.amount)}")
            rows.append(row(share))
        if r.municipalities and r.choice is not None:
            steps.append(
                tr(lang, "Summa kommuner: ", "Sum of municipalities: ")
                + " + ".join(format_number(s.amount) for s in r.municipalities)
                + f" = {format_kr(sum(s.amount for s in r.municipalities))}"
            )
    return Calculation(
        tool="cost_split",
        result=float(r.total),
        unit="kr",
        inputs=inputs(r, population_file),
        steps=tuple(steps),
        assumptions=tuple(assumptions(r, lang)),
        rows=tuple(rows),
    )


def party_calculation(r: CostResult, share: Share, lang: str, population_file: str) -> Calculation:
    """One municipality's amount for the year, with the formula 'base × % × pop / total = amount'."""
    muni_pct = 100 - (r.region_percent or 0)
    steps = base_steps(r, lang)
    steps.append(
        tr(lang, f"Kommunernas andel {r.request.year}: ", f"Municipalities' share {r.request.year}: ")
        + f"{base_formula(r)} × {format_percent(muni_pct)} = {format_kr(r.municipalities_amount or 0)}"
    )
    name = share.party.name
    if r.choice is None and share.population is None and not share.amount:
        steps.append(f"{name}: {format_kr(0)}")
    else:
        if r.choice is not None and share.population is not None:
            date = r.choice.snapshot.date.isoformat()
            steps.append(
                tr(lang, f"Befolkning {date}: ", f"Population {date}: ")
                + tr(
                    lang,
                    f"{name} {format_number(share.population)} av {format_number(r.population_total)}",
                    f"{name} {format_number(share.population)} of {format_number(r.population_total)}",
                )
            )
        steps.append(f"{name}: {formula(r, share)} = {amount_text(r, share, lang)}")
    data = inputs(r, population_file) | {"municipality": name, "kommunkod": share.party.kommunkod}
    if share.population is not None:
        data["population"] = share.population
    return Calculation(
        tool="municipality_cost",
        result=float(share.amount),
        unit="kr",
        inputs=data,
        steps=tuple(steps),
        assumptions=tuple(assumptions(r, lang)),
    )


def extra_users_calculation(a: Agreement, e: ExtraUsers, lang: str) -> Calculation:
    if e.over == 0:
        step = tr(
            lang,
            f"{format_number(e.users)} användare ≤ {e.threshold}: ingen extra kostnad = 0 kr",
            f"{format_number(e.users)} users ≤ {e.threshold}: no extra charge = 0 kr",
        )
    else:
        step = (
            f"⌈({format_number(e.users)} − {e.threshold}) / {e.block_size}⌉ = {e.blocks}; "
            f"{e.blocks} × {format_kr(e.block_charge)} = {format_kr(e.amount)}"
        )
    return Calculation(
        tool="extra_users",
        result=float(e.amount),
        unit="kr",
        inputs={
            "agreement": a.id,
            "concurrent_users": e.users,
            "threshold": e.threshold,
            "block_size": e.block_size,
            "block_charge": e.block_charge,
        },
        steps=(step,),
        assumptions=(
            extra_users_assumption(e, lang),
            tr(
                lang,
                "Beloppet gäller per år, för hela länet, före fördelning.",
                "The amount is per year, for the whole county, before the split.",
            ),
        ),
    )


def per_inhabitant_calculation(a: Agreement, p: PerInhabitant, lang: str) -> Calculation:
    rate = format_number(p.rate)
    steps = []
    if p.exact_rate is not None:
        num, div, period = (int(a.fact(k).number) for k in model_of(a).base.rate_quotient)
        steps.append(
            f"({format_kr(num)} / {format_number(div)}) / {period} = {format_number(p.exact_rate, 5)} kr/"
            + tr(lang, "invånare/år", "inhabitant/year")
            + tr(lang, f"; avtalet anger {rate} kr", f"; the agreement states {rate} kr")
        )
    assumptions = [
        tr(
            lang,
            f"Beräkningen använder avtalets ungefärliga kvot {rate} kr per invånare och år"
            + (f" (exakt kvot {format_number(p.exact_rate, 5)} kr)." if p.exact_rate is not None else "."),
            f"The calculation uses the agreement's approximate rate of {rate} kr per inhabitant and year"
            + (
                f" (exact quotient {format_number(p.exact_rate, 5)} kr)." if p.exact_rate is not None else "."
            ),
        )
    ]
    data: dict[str, Any] = {
        "agreement": a.id,
        "rate_per_inhabitant_year": float(p.rate),
        "inhabitants": p.inhabitants,
    }
    if p.inhabitants is None or p.amount is None or p.uncapped is None:
        return Calculation(
            "per_inhabitant", float(p.rate), "kr/invånare/år", data, tuple(steps), tuple(assumptions)
        )
    steps.append(f"{format_number(p.inhabitants)} × {rate} kr = {kr(p.uncapped)}")
    if p.cap is not None and p.uncapped > p.cap:
        steps.append(tr(lang, "Tak: ", "Cap: ") + format_kr(p.cap))
    steps.append(tr(lang, "Avrundat: ", "Rounded: ") + format_kr(p.amount))
    assumptions.append(
        tr(
            lang,
            "Beloppet avrundas till hela kronor (0,5 uppåt).",
            "The amount is rounded to whole kronor (half up).",
        )
    )
    return Calculation("per_inhabitant", float(p.amount), "kr", data, tuple(steps), tuple(assumptions))
