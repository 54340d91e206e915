"""Property tests for the page text normaliser: what it guarantees for any input, not just the examples.

Citations are checked by finding their quote again on the normalised page, so
the normaliser must never lose or invent a letter or digit, must leave clean
lines, and must be stable when run twice.
"""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant.ingest import normalize
from assistant.ingest.normalize import clean_line, is_heading, normalize_text, quote_in_text, squash

# text that looks like extracted PDF pages: Swedish words, hyphens, odd spaces, controls, line breaks
PIECES = st.sampled_from(
    [
        "Samord-",
        "nad",
        "hälso-",
        "och",
        "sjukvård",
        "IT-",
        "stöd",
        "2024-",
        "04-08",
        "2 408 080 kr",
        "45 103,50",
        "Å",
        "A\u030a",
        "-",
        " ",
        "\t",
        "\u00a0",
        "\u202f",
        "\u200b",
        "\u00ad",
        "\ufeff",
        "\x07",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
    ]
)
PAGE_LIKE = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(), PAGE_LIKE)
WORD = st.from_regex(r"[a-zåäö]{2,12}", fullmatch=True)
C1 = "\x80"
"""C1 controls (U+0080-U+009F) are not dropped yet: see test_c1_control_characters_are_dropped."""
# the words that keep a line-end hyphen ("hälso-" + "och"), as the normaliser defines them
CONJUNCTIONS = sorted(normalize.CONJUNCTIONS)


def _alnum(text: str) -> list[str]:
    return [ch for ch in text if ch.isalnum()]


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
@example("a\x00\u0301b")
@example("ab-\ncd-\nef")
@example("\x1b0")
@example("Ån\x1b[31mge")
def test_no_letter_or_digit_is_lost_or_invented(text: str):
    # a terminal escape sequence goes as a whole ("ESC[31m", "ESC c"): its letters are no text
    expected = normalize._ESCAPE.sub("", unicodedata.normalize("NFC", text))
    assert _alnum(normalize_text(text)) == _alnum(unicodedata.normalize("NFC", expected))


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_lines_come_out_clean(text: str):
    out = normalize_text(text)
    assert "\r" not in out
    for line in out.split("\n") if out else []:
        assert line and line == line.strip()
        assert "  " not in line and "\t" not in line and "\u00a0" not in line
        assert not any(unicodedata.category(ch) == "Cc" and not C1 <= ch <= "\x9f" for ch in line)
        assert "\u00ad" not in line and "\ufeff" not in line


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_normalising_twice_changes_nothing(text: str):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert clean_line(clean_line(text)) == clean_line(text)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_every_line_and_the_whole_page_can_be_quoted(text: str):
    page = normalize_text(text)
    for line in page.split("\n"):
        assert not line.strip() or quote_in_text(line, page)
    assert not squash(page) or quote_in_text(page, page)
    assert squash(squash(page)) == squash(page) and "  " not in squash(page)


@settings(deadline=None)
@given(WORD, WORD.filter(lambda w: w not in CONJUNCTIONS))
def test_a_word_split_by_a_line_break_hyphen_is_joined(head: str, tail: str):
    assert normalize_text(f"{head}-\n{tail} x") == f"{head}{tail} x"


@settings(deadline=None)
@given(WORD, st.sampled_from(CONJUNCTIONS), WORD)
def test_a_shared_compound_tail_keeps_its_hyphen(head: str, conjunction: str, word: str):
    text = f"{head}-\n{conjunction} {word}"
    assert normalize_text(text) == text


@settings(deadline=None)
@given(st.from_regex(r"[A-ZÅÄÖ]{2,5}", fullmatch=True), WORD)
def test_an_acronym_compound_keeps_its_hyphen(acronym: str, word: str):
    text = f"{acronym}-\n{word}"
    assert normalize_text(text) == text


@settings(deadline=None)
@given(ANY_TEXT)
def test_heading_check_is_total_and_short(text: str):
    result = is_heading(text)
    assert isinstance(result, bool)
    assert not result or len(text.strip()) <= 70


@settings(deadline=None)
@given(st.characters(min_codepoint=0x80, max_codepoint=0x9F))
def test_c1_control_characters_are_dropped(ch: str):
    assert normalize_text(f"avtal{ch}text") == "avtaltext"
