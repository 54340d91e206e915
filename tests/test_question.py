"""The one question parser: places, years, parameters and follow-ups, read against the registry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.agreements import load_registry
from assistant.question import parse
from assistant.question.followup import resolve
from assistant.settings import PROJECT_ROOT

REGISTRY = load_registry(PROJECT_ROOT / "corpus")
TODAY = dt.date(2026, 3, 1)


def q(text: str):  # type: ignore[no-untyped-def]
    return parse(text, REGISTRY, TODAY)


# The three region detectors of old disagreed on these; the one parser answers each once.
@pytest.mark.parametrize(
    ("text", "regions", "municipalities"),
    [
        ("Hur fördelas kostnaden i Vasternorrland?", ("Västernorrland",), ()),
        ("Vem ansvarar för support i Solna?", ("Stockholm",), ("Solna",)),
        ("Vad betalar Ornskoldsviks kommun?", ("Västernorrland",), ("Örnsköldsvik",)),
        ("Vad betalar Sundsvals kommun 2026?", ("Västernorrland",), ("Sundsvall",)),
        ("Vad kostar Lifecare SP för Stockholms län 2027?", ("Stockholm",), ()),
        ("Vad betalar Stockholms stad 2026?", ("Stockholm",), ("Stockholm",)),
        ("Hur fungerar Storsthlm?", ("Stockholm",), ()),
        ("Vem vann fotbolls-VM 2018?", (), ()),
    ],
)
def test_places(text: str, regions: tuple[str, ...], municipalities: tuple[str, ...]) -> None:
    parsed = q(text)
    assert parsed.regions == regions
    assert tuple(m.name for m in parsed.municipalities) == municipalities


def test_a_region_no_agreement_covers_is_named_as_such() -> None:
    parsed = q("Hur gör man i Göteborg?")
    assert parsed.regions == () and parsed.places.other_regions == ("Västra Götaland",)


@pytest.mark.parametrize(
    ("text", "is_place"),
    [("Vad betalar Ånge?", True), ("vad betalar ange 2026", True), ("ange kommun 2026", True),
     ("Kan du ange vem som är systemägare?", False), ("Ange ett år", False)],
)  # fmt: skip
def test_a_name_that_is_also_a_word_needs_context(text: str, is_place: bool) -> None:
    assert bool(q(text).municipalities) is is_place


@pytest.mark.parametrize(
    ("text", "year", "defaulted"),
    [
        ("Vad betalar Ånge 2100?", 2100, False),
        ("Vad betalar Ånge 3000?", 3000, False),
        ("Vad betalar Ånge år 0?", 0, False),
        ("Vad betalar Ånge nästa år?", 2027, False),
        ("Vad betalar Ånge?", 2026, True),
        ("Gäller 2017:612 fortfarande?", 2026, True),
        ("Är minimidebiteringen 2 408 080 kr?", 2026, True),
        ("Vad betalar Ånge 2026 med 1000 användare?", 2026, False),
    ],
)
def test_years(text: str, year: int, defaulted: bool) -> None:
    parsed = q(text)
    assert (parsed.year, parsed.year_defaulted) == (year, defaulted)


def test_a_range_is_a_period_and_document_names_are_no_dates() -> None:
    assert q("Vad gällde 2022–2024?").period is not None
    assert q("Vad gällde 2022–2024?").period.label == "2022–2024"  # type: ignore[union-attr]
    assert q("Gäller interimsöverenskommelsen från 2020 fortfarande?").period is None


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("med 260 samtidiga användare", "users", 260),
        ("med en uppräkning på 2,5 %", "rate_percent", Decimal("2.5")),
        ("med en uppräkning på -2 %", "rate_percent", Decimal("-2")),
        ("LPI 3 %", "rate_percent", Decimal(3)),
        ("med 100 000 kr i systemförvaltningskostnader", "central_cost", Decimal(100_000)),
        ("med 50 000 invånare", "inhabitants", 50_000),
    ],
)
def test_parameters_keep_sign_and_unit(text: str, field: str, value: object) -> None:
    parsed = q(f"Vad betalar Ånge 2026 {text}?")
    assert getattr(parsed.parameters, field) == value and not parsed.parameters.errors


@pytest.mark.parametrize(
    "text",
    [
        "med -250 användare",
        "med 250,5 användare",
        "med 1e3 användare",
        "med -100000 kr i systemförvaltningskostnader",
    ],
)
def test_unusable_parameters_are_errors_never_reinterpreted(text: str) -> None:
    parsed = q(f"Vad betalar Ånge 2026 {text}?")
    assert (
        parsed.parameters.errors
        and parsed.parameters.users is None
        and parsed.parameters.central_cost is None
    )


@pytest.mark.parametrize(
    ("turns", "asked_as"),
    [
        (["Vad betalar Ånge 2026?", "och 2027?"], "Vad betalar Ånge 2027?"),
        (["Vad betalar Ånge 2026?", "Och Timrå?"], "Vad betalar Timrå 2026?"),
        (["Vad betalar Ånge 2026?", "Vad betalar Timrå då?"], "Vad betalar Timrå 2026?"),
        (["what does Ange pay in 2026", "and in 2027?"], "what does Ange pay in 2027"),
    ],
)
def test_follow_ups_carry_year_place_and_topic(turns: list[str], asked_as: str) -> None:
    history = [q(turns[0])]
    resolved = resolve(q(turns[1]), history, REGISTRY, TODAY)
    assert resolved.text.rstrip("?") == asked_as.rstrip("?") and resolved.asked_as


def test_a_question_that_stands_alone_is_left_as_it_is() -> None:
    history = [q("Vad betalar Ånge 2026?")]
    alone = q("När faktureras kommunerna i Stockholm?")
    assert resolve(alone, history, REGISTRY, TODAY) == alone


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_parse_never_raises(text: str) -> None:
    parsed = q(text)
    assert parsed.language in ("sv", "en")


@pytest.mark.parametrize(
    ("turns", "asked_as"),
    [
        (
            ["Vad betalar kommunerna i Stockholms län 2026?", "Och regionen?"],
            "Vad betalar regionen i Stockholms län 2026?",
        ),
        (["Vad betalar Ånge 2026?", "Och regionen?"], "Vad betalar regionen 2026 i Västernorrland?"),
        (
            [
                "Vad betalar Örnsköldsvik 2026?",
                "Hur mycket blir det om 260 användare är inloggade samtidigt?",
            ],
            "Hur mycket blir det om 260 användare är inloggade samtidigt 2026 i Örnsköldsvik?",
        ),
        (
            ["Vilken uppsägningstid har överenskommelsen 2026-2030?", "Och interimsöverenskommelsen?"],
            "Vilken uppsägningstid har interimsöverenskommelsen?",
        ),
    ],
)
def test_follow_ups_swap_roles_documents_and_resolve_pronouns(turns: list[str], asked_as: str) -> None:
    resolved = resolve(q(turns[1]), [q(turns[0])], REGISTRY, TODAY)
    assert resolved.text.rstrip("?") == asked_as.rstrip("?")


@pytest.mark.parametrize(
    ("text", "is_cost"),
    [
        ("Hur ska de tre administratörerna fördelas mellan kommunerna i Västerbotten?", False),
        ("Hur fördelas kostnaden i Västernorrland?", True),
        ("Visa fördelningen för 2026 i Västernorrland", True),
        ("How is the work split between the parties?", False),
    ],
)
def test_a_split_word_is_a_cost_question_only_with_a_cost_word_or_a_year(text: str, is_cost: bool) -> None:
    assert q(text).intent.is_cost is is_cost


def test_a_share_of_something_that_is_no_cost_is_no_cost_question():
    from assistant.question import parse

    registry = REGISTRY
    today = __import__("datetime").date(2026, 12, 1)
    assert not parse("How large a share of a full-time post is the IT lead?", registry, today).intent.is_cost
    assert parse("Hur stor andel av kostnaden betalar kommunerna?", registry, today).intent.is_cost
    assert parse("Vilken andel står kommunerna för 2026?", registry, today).intent.is_cost


def test_a_question_about_more_than_the_agreements_term_is_no_validity_question():
    from datetime import date

    from assistant.question import parse

    today = date(2026, 12, 1)
    assert parse("Hur länge gäller överenskommelsen i Stockholm?", REGISTRY, today).intent.validity
    assert parse("Is the interim agreement still valid?", REGISTRY, today).intent.validity
    for text in (
        "När trädde lagen om samverkan vid utskrivning i kraft enligt överenskommelsen 2026–2030?",
        "Får parterna förhandla om villkoren i samverkansavtalet i Västernorrland under avtalstiden?",
        "Hur lång är den förväntade maximala avtalsperioden i interimsöverenskommelsen?",
    ):
        assert parse(text, REGISTRY, today).intent.validity == "", text


def test_how_many_of_a_thing_that_is_no_money_is_no_cost_question():
    from datetime import date

    from assistant.question import parse

    q = parse("Hur många persondagar är budgeterade för förvaltningen 2021?", REGISTRY, date(2026, 12, 1))
    assert not q.intent.is_cost
    assert parse(
        "Hur mycket är budgeterat för förvaltningen 2021?", REGISTRY, date(2026, 12, 1)
    ).intent.is_cost
