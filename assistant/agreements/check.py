"""`agreements check`: prove the registry's data against the PDFs and against itself.

Errors (exit non-zero) each name the file and the fix: a quote not on its page,
a fact whose written value is not in its quote, a party code that does not fit
its region or the reference list, shares that do not add up to 100 %, cost
years outside the term, a cost model naming a fact that does not exist, a
population table that cannot serve a cost year. Warnings: a PDF with no
registry entry, a cost year answered from an older population snapshot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..errors import AssistantError
from .model import Clause
from .registry import Agreement, Registry

NUMBER = re.compile(r"\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?")


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checked: int = 0
    """Quotes checked against their pages."""

    @property
    def ok(self) -> bool:
        return not self.errors


def _pages(
    corpus_dir: Path, document: str, cache: dict[str, list[str] | None], limits: dict[str, float]
) -> list[str] | None:
    if document not in cache:
        from ..ingest.pdf import read_pdf

        try:
            cache[document] = [p.text for p in read_pdf(corpus_dir / document, **limits)]  # type: ignore[arg-type]
        except AssistantError:
            cache[document] = None
    return cache[document]


def _clause(report: Report, a: Agreement, where: str, clause: Clause, pages: list[str] | None) -> None:
    from ..ingest.normalize import quote_in_text

    if pages is None:
        return
    report.checked += 1
    if clause.page > len(pages):
        report.errors.append(
            f"{a.source}: {where}: page {clause.page} does not exist "
            f"({clause.document} has {len(pages)} pages). "
            "Fix the page number."
        )
    elif not quote_in_text(clause.quote, pages[clause.page - 1]):
        report.errors.append(
            f"{a.source}: {where}: the quote is not on page {clause.page} of {clause.document}: "
            f"{clause.quote[:80]!r}. Copy the sentence verbatim from that page (line breaks as spaces)."
        )


def check_registry(
    registry: Registry, population_path: Path | None = None, *, max_pdf_mb: float = 50.0
) -> Report:
    """Every check on every agreement of `registry`."""
    from ..ingest.normalize import squash
    from ..ingest.pipeline import corpus_pdfs
    from ..tools.numbers import parse_number

    report = Report()
    report.errors.extend(registry.problems)
    corpus = registry.corpus_dir
    cache: dict[str, list[str] | None] = {}
    limits = {"max_mb": max_pdf_mb}
    refs = {m.code: m for m in registry.reference.municipalities}
    for a in registry.agreements:
        for document, entry in a.documents.items():
            pages = _pages(corpus, document, cache, limits)
            if pages is None:
                report.errors.append(
                    f"{a.source}: {document} is not a readable PDF in {corpus}. "
                    "Put the PDF there or fix the name."
                )
                continue
            for n, c in enumerate(entry.get("clauses") or ()):
                clause = Clause(
                    document=document, page=int(c["page"]), quote=" ".join(str(c["quote"]).split())
                )
                _clause(report, a, f"documents.{document}.clauses[{n}]", clause, pages)
            for n, e in enumerate(entry.get("events") or ()):
                clause = Clause(
                    document=document, page=int(e["page"]), quote=" ".join(str(e["quote"]).split())
                )
                _clause(report, a, f"documents.{document}.events[{n}]", clause, pages)
        for key, fact in a.facts.items():
            _clause(
                report, a, f"facts.{key}", fact.clause, _pages(corpus, fact.clause.document, cache, limits)
            )
            if squash(fact.text) not in squash(fact.clause.quote):
                report.errors.append(
                    f"{a.source}: facts.{key}: its text {fact.text!r} is not in its quote. "
                    "Set `text` to how the value is written in the quote."
                )
            elif not isinstance(fact.value, str):
                number = NUMBER.search(fact.text)
                written = parse_number(number.group(0)) if number else None
                if written != Decimal(fact.value) and not fact.reading:
                    report.errors.append(
                        f"{a.source}: facts.{key}: the value {fact.value} is not what the quote writes "
                        f"({fact.text!r}). Fix the value, or say in `reading` how the words are read."
                    )
        seen: set[str] = set()
        for party in a.parties:
            _clause(
                report,
                a,
                f"parties.{party.name}",
                party.clause,
                _pages(corpus, party.clause.document, cache, limits),
            )
            if party.kind != "kommun":
                continue
            code = party.kommunkod
            if not re.fullmatch(r"\d{4}", code):
                report.errors.append(
                    f"{a.source}: party {party.name}: kommunkod {code!r} is not four digits. "
                    "Use the SCB code, e.g. '2260'."
                )
                continue
            if code in seen:
                report.errors.append(f"{a.source}: party {party.name}: kommunkod {code} is listed twice.")
            seen.add(code)
            if a.county_code and code[:2] != a.county_code:
                report.errors.append(
                    f"{a.source}: party {party.name}: kommunkod {code} lies in län {code[:2]}, not in the "
                    f"agreement's county_code {a.county_code}. Fix the code or the county_code."
                )
            ref = refs.get(code)
            if ref is not None and ref.name != party.name:
                report.errors.append(
                    f"{a.source}: party {party.name}: kommunkod {code} is {ref.name} in "
                    "corpus/reference/kommuner.csv. Fix the name or the code."
                )
        _check_model(report, a, population_path)
    indexed = {d for a in registry.agreements for d in a.documents}
    for pdf in corpus_pdfs(corpus):
        if pdf.name not in indexed:
            report.warnings.append(
                f"{pdf.name} has no agreement entry: it is indexed and quoted, but no region, parties, "
                "validity "
                f"or costs are known for it. Add corpus/agreements/<id>.yaml (docs/adding-an-agreement.md)."
            )
    return report


def _term(a: Agreement) -> tuple[date | None, date | None]:
    starts, ends = [], []
    for entry in a.documents.values():
        if entry.get("from"):
            starts.append(date.fromisoformat(str(entry["from"])))
        end = entry.get("latest_to") or entry.get("to")
        ends.append(date.fromisoformat(str(end)) if end else None)
    start = min(starts) if starts else None
    end = None if (not ends or None in ends) else max(e for e in ends if e is not None)
    return start, end


def _check_model(report: Report, a: Agreement, population_path: Path | None) -> None:
    model = a.cost_model
    if model is None:
        if a.cost_note and a.cost_note not in a.facts:
            report.errors.append(
                f"{a.source}: cost_note names the fact {a.cost_note!r}, which is not under facts:."
            )
        return
    missing = sorted({k for k in model.fact_keys() if k not in a.facts})
    for key in missing:
        report.errors.append(
            f"{a.source}: cost_model names the fact {key!r}, which is not under facts:. "
            "Add it with its page and quote, or fix the key."
        )
    if missing:
        return
    if model.years.start > model.years.end:
        report.errors.append(
            f"{a.source}: cost_model.years runs from {model.years.start} to {model.years.end}."
        )
    start, end = _term(a)
    if start is not None and model.years.start < start.year:
        report.errors.append(
            f"{a.source}: cost year {model.years.start} lies before the term starts ({start})."
        )
    if end is not None and model.years.end > end.year:
        report.errors.append(f"{a.source}: cost year {model.years.end} lies after the term ends ({end}).")
    for rule in model.shares:
        region = a.fact(rule.region).number
        if not 0 <= region <= 100:
            report.errors.append(f"{a.source}: the region's share {region} % is not between 0 and 100.")
        if rule.municipalities and region + a.fact(rule.municipalities).number != 100:
            report.errors.append(
                f"{a.source}: shares {rule.region} + {rule.municipalities} do not add up to 100 %."
            )
    for year in range(model.years.start, model.years.end + 1):
        if model.shares and model.share_rule(year) is None:
            report.errors.append(
                f"{a.source}: no share rule covers cost year {year}. Add one (year: or from:)."
            )
    if model.division.kind == "fixed_shares":
        codes = {p.kommunkod for p in a.municipalities()}
        if set(model.division.shares) != codes:
            report.errors.append(f"{a.source}: division.shares must name every party's kommunkod once.")
        elif sum(a.fact(k).number for k in model.division.shares.values()) != 100:
            report.errors.append(f"{a.source}: the municipalities' fixed shares do not add up to 100 %.")
    if model.division.kind == "population" and population_path is not None:
        _check_population(report, a, population_path)


def _check_population(report: Report, a: Agreement, path: Path) -> None:
    from ..tools.population import load_population

    model = a.cost_model
    assert model is not None
    try:
        table = load_population(path)
    except AssistantError as exc:
        report.errors.append(f"{path}: {exc}")
        return
    codes = [p.kommunkod for p in a.municipalities()]
    for year in range(model.years.start, model.years.end + 1):
        rule = model.share_rule(year)
        if rule is not None and a.fact(rule.region).number == 100:
            continue  # the municipalities pay nothing that year
        try:
            choice = table.choose(year, codes)
        except AssistantError as exc:
            report.errors.append(f"{a.id}: no complete population snapshot for cost year {year}: {exc}")
            continue
        if not choice.exact:
            report.warnings.append(
                f"{a.id}: cost year {year} uses the population of {choice.snapshot.date} "
                f"({choice.prescribed} is not complete in {path.name})."
            )
