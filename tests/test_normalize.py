from hypothesis import given
from hypothesis import strategies as st

from assistant.ingest.normalize import clean_line, is_heading, normalize_text, quote_in_text, squash


def test_joins_words_hyphenated_across_lines():
    assert normalize_text("för FO Samord-\nnad planering") == "för FO Samordnad planering"


def test_keeps_real_hyphens_before_conjunctions():
    assert normalize_text("sluten hälso-\noch sjukvård") == "sluten hälso-\noch sjukvård"


def test_keeps_acronym_compounds_and_dates():
    assert "IT-\nstöd" in normalize_text("detta IT-\nstöd hanteras")
    assert normalize_text("TietoEvry AB, 2024-\n04-08.") == "TietoEvry AB, 2024-\n04-08."


def test_collapses_whitespace_and_drops_blank_lines_and_controls():
    assert normalize_text("  a \t b\u00a0c \n\n\n d\x07e ") == "a b c\nde"


def test_terminal_escapes_go_as_a_whole_even_inside_a_word():
    assert clean_line("Vad betalar Ån\x1b[31mge\x1b[0m 2026?") == "Vad betalar Ånge 2026?"
    assert clean_line("Ån\x1b[1;31;48;5;196mge") == "Ånge"  # many parameters
    assert clean_line("Ån\x9b31mge") == "Ånge"  # the one-byte (C1) form
    assert clean_line("Å\x1b]0;titel\x07nge och \x1b]8;;http://x\x1b\\länk\x1b]8;;\x1b\\") == "Ånge och länk"
    assert clean_line("Ån\x1bcge") == "Ånge"  # a two-character escape (reset)
    assert clean_line("\x9bAvtalet") == "Avtalet"  # a stray U+009B takes no letter with it


def test_quote_found_across_line_breaks():
    page = normalize_text("Debitering av kommuner sker två gånger per år; i juni\noch december.")
    assert quote_in_text("sker två gånger per år; i juni och december.", page)
    assert not quote_in_text("i maj och december", page)
    assert not quote_in_text("   ", page)


def test_headings():
    assert is_heading("Kostnadsfördelning")
    assert is_heading("6.3.1 Finansiering")
    assert not is_heading("Debitering av kommuner sker två gånger per år; i juni och december.")
    assert not is_heading("• Region Västernorrland, org.nr 232100-0040")


@given(st.text())
def test_normalise_is_idempotent_and_never_crashes(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert squash(once) == squash(squash(once))
