"""Turn Västernorrland split results into `Calculation`s: inputs, steps and assumptions.

Steps use the Swedish number format in both languages; labels and assumptions
follow the question's language. Every assumption the arithmetic relies on is
written out, so a reader can see what would change the figure.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..types import Calculation
from .numbers import format_kr, format_number, format_percent
from .rules import VasternorrlandRules, tr
from .vasternorrland import ExtraUsers, SplitResult, base_formula, base_steps, rounding_note

POPULATION_TABLE = "corpus/befolkning-vasternorrland.csv"


def assumptions(result: SplitResult, rules: VasternorrlandRules, lang: str) -> list[str]:
    """The assumptions behind a Västernorrland figure, in `lang`."""
    inp = result.inputs
    out: list[str] = []
    if result.extra is None:
        out.append(
            tr(
                lang,
                f"Antalet samtidigt inloggade användare antas vara högst {rules.user_threshold}, så ingen "
                "extra användarkostnad ingår (ange t.ex. 'med 260 samtidiga användare').",
                f"At most {rules.user_threshold} concurrently logged-in users are assumed, so no extra-user "
                "charge is included (add e.g. 'with 260 concurrent users').",
            )
        )
    else:
        out.append(extra_users_assumption(rules, lang))
    if inp.central_management_cost is None:
        out.append(
            tr(
                lang,
                "Centrala systemförvaltningskostnader ingår inte: avtalet anger inget belopp, bara att de "
                "fördelas "
                "enligt samma princip. Ange beloppet för att få med dem.",
                "Central management costs are not included: the agreement gives no amount, only that they "
                "are "
                "split by the same principle. Give the amount to include them.",
            )
        )
    if inp.uplift_percent:
        out.append(
            tr(
                lang,
                f"Uppräkningen {format_percent(inp.uplift_percent)} tillämpas en gång på "
                "leverantörskostnaden "
                "(minimidebitering och extra användare); avtalet självt anger ingen uppräkning.",
                f"The uplift of {format_percent(inp.uplift_percent)} is applied once to the supplier cost "
                "(minimum charge and extra users); the agreement itself states no indexation.",
            )
        )
    else:
        out.append(
            tr(
                lang,
                f"Minimidebiteringen {format_kr(rules.minimum_charge)} per år gäller vid avtalets "
                "tecknande; den "
                "antas oförändrad (ange t.ex. 'med en uppräkning på 2,5 %').",
                f"The minimum charge of {format_kr(rules.minimum_charge)} a year applies at signing; it "
                "is assumed "
                "unchanged (add e.g. 'with an uplift of 2.5 %').",
            )
        )
    if inp.year >= rules.contract_end.year:
        end = rules.contract_end.isoformat()
        out.append(
            tr(
                lang,
                f"Huvudavtalet gäller till {end} med möjlighet till förlängning 1+1+1 år; för {inp.year} "
                "förutsätts att det förlängts och att minimidebiteringen gäller hela året.",
                f"The main contract runs to {end} with options to extend 1+1+1 years; for {inp.year} it is "
                "assumed to be extended and the minimum charge to apply for the whole year.",
            )
        )
    if result.choice is not None and not result.choice.exact:
        out.append(result.choice.assumption(lang))
    out.append(rounding_note(lang))
    return out


def extra_users_assumption(rules: VasternorrlandRules, lang: str) -> str:
    """How 'per 10 användare' is read: each started group of 10 above the threshold."""
    t, b, c = rules.user_threshold, rules.block_size, format_kr(rules.block_charge)
    return tr(
        lang,
        f"'{c} per {b} användare' tolkas som {c} för varje påbörjad grupp om {b} samtidiga användare över "
        f"{t} "
        f"({t + 1}–{t + b} användare = 1 grupp, {t + b + 1} = 2 grupper); användarantalet avser hela "
        "länet och "
        "extrakostnaden fördelas som övriga kostnader.",
        f"'{c} per {b} users' is read as {c} for each started group of {b} concurrent users above {t} "
        f"({t + 1}–{t + b} users = 1 group, {t + b + 1} = 2 groups); the count is for the whole county "
        "and the "
        "extra charge is split like the other costs.",
    )


def _inputs(result: SplitResult, rules: VasternorrlandRules) -> dict[str, Any]:
    inp = result.inputs
    data: dict[str, Any] = {
        "agreement": rules.facts.agreement,
        "year": inp.year,
        "minimum_charge": rules.minimum_charge,
        "concurrent_users": inp.concurrent_users,
        "central_management_cost": float(inp.central_management_cost)
        if inp.central_management_cost is not None
        else None,
        "uplift_percent": float(inp.uplift_percent) if inp.uplift_percent is not None else None,
        "total_cost": result.total,
        "region_percent": float(result.region_percent),
        "municipalities_percent": float(100 - result.region_percent),
    }
    if result.choice is not None:
        data.update(
            population_date=result.choice.snapshot.date.isoformat(),
            population_prescribed_date=result.choice.prescribed.isoformat(),
            population_source=result.choice.snapshot.source,
            population_table=POPULATION_TABLE,
            population_total=result.population_total,
        )
    return data


def municipality_calculation(
    result: SplitResult, name: str, rules: VasternorrlandRules, lang: str = "sv"
) -> Calculation:
    """One municipality's amount for the year, with the formula 'base × % × pop / total = amount'."""
    share = result.share(name)
    muni_pct = 100 - result.region_percent
    steps = base_steps(result, lang)
    label = tr(
        lang, f"Kommunernas andel {result.inputs.year}: ", f"Municipalities' share {result.inputs.year}: "
    )
    steps.append(
        f"{label}{base_formula(result)} × {format_percent(muni_pct)} = "
        f"{format_kr(result.municipalities_amount)}"
    )
    if result.choice is None:
        steps.append(f"{name}: {format_kr(0)}")
    else:
        pop, tot = share.population or 0, result.population_total
        date = result.choice.snapshot.date.isoformat()
        steps.append(
            tr(lang, f"Befolkning {date}: ", f"Population {date}: ")
            + tr(
                lang,
                f"{name} {format_number(pop)} av {format_number(tot)}",
                f"{name} {format_number(pop)} of {format_number(tot)}",
            )
        )
        steps.append(
            f"{name}: {formula(result, share.population or 0)} = "
            f"{amount_text(result, share.population or 0, share.amount, lang)}"
        )
    inputs = _inputs(result, rules) | {"municipality": name}
    if share.population is not None:
        inputs["population"] = share.population
    return Calculation(
        tool="vasternorrland_municipality_cost",
        result=float(share.amount),
        unit="kr",
        inputs=inputs,
        steps=tuple(steps),
        assumptions=tuple(assumptions(result, rules, lang)),
    )


def amount_text(result: SplitResult, population: int, amount: int, lang: str = "sv") -> str:
    """The amount after '=': the exact quotient too when largest-remainder rounding moved it.

    '... × 17 446 / 241 141 = 87 109,54 kr, avrundat till 87 109 kr' keeps the shown
    formula true when the parts are rounded so that they sum exactly to the whole.
    """
    if not result.population_total:
        return format_kr(amount)
    exact = Fraction(result.total) * Fraction(100 - result.region_percent, 100)
    exact = exact * Fraction(population, result.population_total)
    if round(exact) == amount and abs(exact - amount) != Fraction(1, 2):
        return format_kr(amount)
    return tr(
        lang,
        f"{format_kr(float(exact), decimals=2)}, avrundat till {format_kr(amount)} "
        "(största rest, så att kommunernas belopp summerar exakt)",
        f"{format_kr(float(exact), decimals=2)}, rounded to {format_kr(amount)} "
        "(largest remainder, so that the municipalities' amounts add up exactly)",
    )


def formula(result: SplitResult, population: int) -> str:
    """'2 408 080 kr × 50 % × 9 033 / 241 141' for one municipality."""
    muni_pct = 100 - result.region_percent
    return (
        f"{base_formula(result)} × {format_percent(muni_pct)} × {format_number(population)} / "
        f"{format_number(result.population_total)}"
    )


def split_calculation(result: SplitResult, rules: VasternorrlandRules, lang: str = "sv") -> Calculation:
    """The whole year's split: region, municipalities and a row per municipality."""
    muni_pct = 100 - result.region_percent
    steps = base_steps(result, lang)
    steps.append(tr(lang, "Totalt: ", "Total: ") + format_kr(result.total))
    steps.append(
        f"{result.region.party}: {base_formula(result)} × {format_percent(result.region_percent)} = "
        f"{format_kr(result.region.amount)}"
    )
    steps.append(
        tr(lang, "Kommunerna: ", "Municipalities: ")
        + f"{base_formula(result)} × {format_percent(muni_pct)} = {format_kr(result.municipalities_amount)}"
    )
    rows: list[dict[str, Any]] = [
        _row(result.region.party, "region", None, result.region_percent, result.region.amount)
    ]
    for share in result.municipalities:
        if result.choice is not None:
            steps.append(
                f"{share.party}: {formula(result, share.population or 0)} = {format_kr(share.amount)}"
            )
        pct = muni_pct * Fraction(share.population or 0, result.population_total or 1)
        rows.append(_row(share.party, "kommun", share.population, pct, share.amount))
    if result.choice is not None:
        steps.append(
            tr(lang, "Summa kommuner: ", "Sum of municipalities: ")
            + " + ".join(format_number(s.amount) for s in result.municipalities)
            + f" = {format_kr(sum(s.amount for s in result.municipalities))}"
        )
    return Calculation(
        tool="vasternorrland_split",
        result=float(result.total),
        unit="kr",
        inputs=_inputs(result, rules),
        steps=tuple(steps),
        assumptions=tuple(assumptions(result, rules, lang)),
        rows=tuple(rows),
    )


def _row(party: str, kind: str, population: int | None, pct: Fraction, amount: int) -> dict[str, Any]:
    return {
        "party": party,
        "kind": kind,
        "population": population,
        "share_percent": round(float(pct), 4),
        "amount": amount,
    }


def extra_user_calculation(extra: ExtraUsers, rules: VasternorrlandRules, lang: str = "sv") -> Calculation:
    """The extra-user charge on its own."""
    if extra.over == 0:
        step = tr(
            lang,
            f"{format_number(extra.users)} användare ≤ {extra.threshold}: ingen extra kostnad = 0 kr",
            f"{format_number(extra.users)} users ≤ {extra.threshold}: no extra charge = 0 kr",
        )
    else:
        step = (
            f"⌈({format_number(extra.users)} − {extra.threshold}) / {rules.block_size}⌉ = {extra.blocks}; "
            f"{extra.blocks} × {format_kr(extra.block_charge)} = {format_kr(extra.amount)}"
        )
    return Calculation(
        tool="vasternorrland_extra_users",
        result=float(extra.amount),
        unit="kr",
        inputs={
            "agreement": rules.facts.agreement,
            "concurrent_users": extra.users,
            "threshold": extra.threshold,
            "block_size": rules.block_size,
            "block_charge": extra.block_charge,
        },
        steps=(step,),
        assumptions=(
            extra_users_assumption(rules, lang),
            tr(
                lang,
                "Beloppet gäller per år, för hela länet, före fördelning.",
                "The amount is per year, for the whole county, before the split.",
            ),
        ),
    )
