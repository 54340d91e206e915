"""Every agreement fact is tied to a sentence that really is on that page of the real PDF."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.errors import DataError
from assistant.ingest.normalize import quote_in_text, squash
from assistant.ingest.pdf import read_pdf
from assistant.settings import PROJECT_ROOT
from assistant.tools.facts import load_agreement_file, load_facts
from assistant.tools.numbers import parse_number

CORPUS = PROJECT_ROOT / "corpus"
FACTS = load_facts(CORPUS)
NUMBER = re.compile(r"\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?")
ALL_FACTS = [(a.agreement, f) for a in FACTS.values() for f in a.facts.values()]


@pytest.fixture(scope="module")
def pages() -> dict[str, list[str]]:
    return {a.document: [p.text for p in read_pdf(CORPUS / a.document)] for a in FACTS.values()}


def test_every_agreement_with_cost_rules_has_a_facts_file() -> None:
    assert {"vasternorrland", "stockholm-2026-2030", "stockholm-interim-2020", "norrbotten-2021"} <= set(
        FACTS
    )


@pytest.mark.parametrize(("agreement", "fact"), ALL_FACTS, ids=[f"{a}:{f.key}" for a, f in ALL_FACTS])
def test_quote_is_on_its_page_and_holds_the_value(pages: dict[str, list[str]], agreement: str, fact) -> None:
    page_texts = pages[fact.clause.document]
    assert 1 <= fact.clause.page <= len(page_texts)
    assert quote_in_text(fact.clause.quote, page_texts[fact.clause.page - 1]), (agreement, fact.key)
    assert squash(fact.text) in squash(fact.clause.quote)
    if isinstance(fact.value, str):
        assert squash(fact.value) in squash(fact.clause.quote) or fact.text != fact.value
    else:
        number = NUMBER.search(fact.text)
        written = parse_number(number.group(0)) if number else None
        # A number the quote states in words ("betalas av Region ...") must say how it is read.
        assert written == Decimal(fact.value) or fact.reading, fact.key


def test_parties_are_quoted_from_the_first_page(pages: dict[str, list[str]]) -> None:
    vn = FACTS["vasternorrland"]
    names = [p.name for p in vn.municipalities()]
    assert names == ["Sundsvall", "Ånge", "Timrå", "Härnösand", "Kramfors", "Sollefteå", "Örnsköldsvik"]
    for party in vn.parties:
        assert quote_in_text(party.clause.quote, pages[vn.document][party.clause.page - 1])


@pytest.mark.parametrize(
    ("agreement", "key", "value"),
    [
        ("vasternorrland", "minimum_charge", 2408080),
        ("vasternorrland", "user_threshold", 200),
        ("vasternorrland", "extra_user_charge", 60000),
        ("vasternorrland", "extra_user_block", 10),
        ("vasternorrland", "share_2024_region", 100),
        ("vasternorrland", "share_2025_region", 75),
        ("vasternorrland", "share_2026_region", 50),
        ("vasternorrland", "share_later_region", 50),
        ("vasternorrland", "population_basis", "senaste årsskiftet"),
        ("vasternorrland", "invoicing", "juni och december"),
        ("vasternorrland", "contract_start", "2024-04-08"),
        ("vasternorrland", "contract_end", "2027-04-07"),
        ("vasternorrland", "extension", "1+1+1"),
        ("stockholm-2026-2030", "region_share", 81),
        ("stockholm-2026-2030", "municipalities_share", 19),
        ("stockholm-2026-2030", "budget_2026", 26356000),
        ("stockholm-2026-2030", "indexation", "SKRs LPI-index"),
        ("stockholm-2026-2030", "invoicing", "oktober/november"),
        ("stockholm-2026-2030", "municipal_basis", "underlag från Storsthlm"),
        ("stockholm-interim-2020", "lou_threshold", 615312),
        ("stockholm-interim-2020", "max_period_years", 8),
        ("stockholm-interim-2020", "per_inhabitant", Decimal("0.589")),
        ("stockholm-interim-2020", "largest_district_population", 130365),
        ("stockholm-interim-2020", "support_cost_2019", 3250000),
        ("stockholm-interim-2020", "users_2019", 13000),
        ("stockholm-interim-2020", "municipal_users_2019", 1700),
        ("stockholm-interim-2020", "municipal_support_cost_2019", 425000),
        ("norrbotten-2021", "budget_total", 1657746),
        ("norrbotten-2021", "budget_governance", 1381746),
        ("norrbotten-2021", "budget_change_management", 276000),
    ],
)
def test_the_issue_values_are_recorded(agreement: str, key: str, value: object) -> None:
    assert FACTS[agreement].fact(key).value == value


def test_norrbotten_parts_add_up() -> None:
    nb = FACTS["norrbotten-2021"]
    parts = nb.fact("budget_governance").number + nb.fact("budget_change_management").number
    assert parts == nb.fact("budget_total").number


def test_citation_carries_title_and_superseded_note() -> None:
    interim = FACTS["stockholm-interim-2020"]
    assert interim.superseded_by == "stockholm-2026-2030"
    citation = interim.citation("per_inhabitant", note="ersatt")
    assert (
        citation.page == 9
        and citation.title.startswith("Interimsöverenskommelse")
        and citation.note == "ersatt"
    )


def test_missing_fact_names_the_file_to_fix() -> None:
    with pytest.raises(DataError) as info:
        FACTS["vasternorrland"].fact("no_such_value")
    assert "vasternorrland.yaml" in info.value.hint


def test_broken_yaml_is_refused_with_a_fix(tmp_path: Path) -> None:
    path = tmp_path / "facts" / "x.yaml"
    path.parent.mkdir()
    path.write_text(
        "agreement: x\nregion: X\ndocument: x.pdf\nfacts:\n  a: {value: 1, unit: kr}\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as info:
        load_agreement_file(path)
    assert "page and quote" in info.value.hint


def test_missing_facts_folder_says_where_to_point(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        load_facts(tmp_path)
    assert "ASSISTANT_CORPUS_DIR" in info.value.hint
