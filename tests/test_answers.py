"""End to end on the shipped corpus with the default e5 embedder."""

from functools import cache

import pytest

from assistant.ingest.normalize import quote_in_text
from assistant.ingest.pdf import read_pdf

from .conftest import CORPUS

VN = "vasternorrland-samverkansavtal-lifecare-sp.pdf"


@cache
def _page(document: str, page: int) -> str:
    return read_pdf(CORPUS / document)[page - 1].text


def _assert_citations_verifiable(answer) -> None:
    for c in answer.citations:
        assert quote_in_text(c.quote, _page(c.document, c.page)), (c.document, c.page, c.quote)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_minimum_charge(real_assistant):
    answer = real_assistant.ask("Vad är minimidebiteringen?")
    assert not answer.refused
    assert "2 408 080 kr per år" in _flat(answer.answer)
    assert (answer.citations[0].document, answer.citations[0].page) == (VN, 2)
    _assert_citations_verifiable(answer)


def test_invoicing_months(real_assistant):
    answer = real_assistant.ask("När faktureras kommunerna i Västernorrland?")
    assert not answer.refused
    assert "i juni och december" in _flat(answer.answer)
    assert any(c.document == VN and c.page == 2 for c in answer.citations)
    _assert_citations_verifiable(answer)


def test_english_question_finds_swedish_passage(real_assistant):
    answer = real_assistant.ask("When are the municipalities in Västernorrland invoiced?")
    assert answer.language == "en" and not answer.refused
    assert "juni och december" in _flat(answer.answer)
    _assert_citations_verifiable(answer)


@pytest.mark.parametrize(
    "question",
    ["Vem vann fotbolls-VM 2018?", "Hur bakar man surdegsbröd?", "What is the capital of France?"],
)
def test_out_of_domain_is_refused_with_closest_passages(real_assistant, question):
    answer = real_assistant.ask(question)
    assert answer.refused
    assert not answer.citations
    assert answer.closest


def test_other_region_is_refused_with_explanation(real_assistant):
    answer = real_assistant.ask("Hur fördelas kostnaderna för Lifecare i Skåne?")
    assert answer.refused and "Skåne" in answer.answer


@pytest.mark.parametrize("question", ["", "   ", "\x00\x01", "?!"])
def test_empty_questions_get_a_message(real_assistant, question):
    answer = real_assistant.ask(question)
    assert answer.refused and "fråga" in answer.answer.lower()


def test_overlong_question_is_refused_with_the_limit(real_assistant):
    answer = real_assistant.ask("Vad gäller? " * 2000)
    assert answer.refused and "2000" in answer.answer


def test_every_citation_is_on_its_page(real_assistant):
    for q in (
        "Vem ansvarar för lokal support?",
        "Hur länge gäller avtalet med TietoEvry?",
        "Vilka parter har tecknat samverkansavtalet i Västernorrland?",
        "Vad är budgeten för förvaltningsstyrning i Norrbotten?",
        "När ersätts Prator av Lifecare SP i Västerbotten?",
    ):
        answer = real_assistant.ask(q)
        assert answer.citations, q
        _assert_citations_verifiable(answer)


def test_markup_around_a_question_is_not_the_question(real_assistant):
    answer = real_assistant.ask("<script>alert(1)</script> Vad är minimidebiteringen?")
    assert not answer.refused and "2 408 080" in answer.answer
    assert "<script>" not in answer.answer


def test_a_lead_in_is_quoted_with_the_list_it_opens():
    from assistant.answering.extractive import _whole_list
    from assistant.answering.units import Candidate
    from assistant.types import Chunk, ScoredChunk

    text = "Parterna ansvarar gemensamt för:\n• Att planen följs.\n• Att resurser avsätts."
    hit = ScoredChunk(Chunk(id="c", document="d.pdf", page=1, section="", text=text), 1.0)
    lead = Candidate(2.0, 0, "Parterna ansvarar gemensamt för:", hit, True, 1.0, True)
    other = Candidate(1.5, 2, "Att planen följs.", hit, True, 1.0, True)
    whole = _whole_list(lead)
    assert whole.text == text and whole.kind == "list"
    assert whole.score == 2.0  # the lead-in's score: it is what answered
    assert _whole_list(other) is other


def test_a_sentence_with_an_inline_list_is_one_unit_for_list_questions():
    from assistant.answering.sentences import passage_units

    text = (
        "Överenskommelsen innehåller följande delar: fast läkarkontakt, fast omsorgskontakt,\n"
        "vårdplan, rehab plan, genomförandeplan samt överenskomna tider. Nästa mening här."
    )
    lists = [text[u.start : u.end] for u in passage_units(text) if u.kind == "list"]
    assert lists == [text[: text.index(" Nästa")]]


def test_a_list_lead_in_that_points_back_starts_at_the_sentence_before_it():
    from assistant.answering.sentences import passage_units

    text = (
        "Utöver avtalet finns andra relaterade dokument som påverkar användningen.\n"
        "Det är exempelvis:\n• Lag om samverkan\n• Ramavtal med leverantören"
    )
    lists = [text[u.start : u.end] for u in passage_units(text) if u.kind == "list"]
    assert text in lists


def test_a_heading_with_an_opening_sentence_before_its_bullets_is_one_list():
    from assistant.answering.sentences import passage_units

    text = (
        "Kostnadsfördelning\n"
        "Principer för kostnadsfördelning IT-drift och förvaltning\n"
        "För perioden ska regionen stå för 81% och kommunerna för 19% av kostnaderna för drift.\n"
        "• Denna kostnadsfördelning gäller för perioden 2026 – 2030.\n"
        "• Kostnaden uppräknas årligen enligt index."
    )
    units = passage_units(text)
    lists = [text[u.start : u.end] for u in units if u.kind == "list"]
    assert text[text.index("Principer") :] in lists


def test_a_heading_and_the_sentences_under_it_are_a_section_unit():
    from assistant.answering.sentences import passage_units

    text = (
        "Tvist\nTvister ska i första hand lösas av närmaste chefer.\n"
        "I andra hand prövas frågan av direktören. Kan tvisten ej lösas går den till domstol.\n"
        "Omförhandling\nAnmälan ska ske skriftligen och i god tid före årsskiftet."
    )
    sections = [text[u.start : u.end] for u in passage_units(text) if u.kind == "section"]
    assert sections[0] == text[: text.index("\nOmförhandling")]


def test_english_with_few_shared_words_is_matched_by_the_multilingual_embedding(real_assistant):
    answer = real_assistant.ask(
        "For how long will the reference group follow up Lifecare SP in Västerbotten?"
    )
    assert not answer.refused and answer.citations
    assert all(c.document.startswith("vasterbotten") for c in answer.citations)
    _assert_citations_verifiable(answer)


def test_english_out_of_domain_is_still_refused(real_assistant):
    assert real_assistant.ask("What is the capital of Australia?").refused


@pytest.mark.parametrize(
    "question",
    [
        "Vem är dataskyddsombud för Lifecare i Västernorrland?",
        "Vilka är dataskyddsombud för Lifecare SP i Stockholm?",
    ],
)
def test_a_role_the_corpus_never_names_is_refused(real_assistant, question):
    answer = real_assistant.ask(question)
    assert answer.refused and not answer.citations


def test_a_role_the_corpus_names_is_still_answered(real_assistant):
    answer = real_assistant.ask("Vem är förvaltningsledare i Norrbotten?")
    assert not answer.refused and answer.citations


def test_a_sentence_is_quoted_with_the_example_that_follows_it():
    from assistant.answering.extractive import _with_example
    from assistant.answering.units import Candidate
    from assistant.types import Chunk, ScoredChunk

    text = (
        "Äktheten kan kontrolleras i alla godkända tjänster. Använd till exempel tjänsten Signport.\n"
        "Nästa stycke."
    )
    hit = ScoredChunk(Chunk(id="c", document="d.pdf", page=1, section="", text=text), 1.0)
    first = Candidate(1.0, 0, "Äktheten kan kontrolleras i alla godkända tjänster.", hit, True, 1.0, True)
    assert _with_example(first).text.endswith("tjänsten Signport.")
    other = Candidate(1.0, 0, "Använd till exempel tjänsten Signport.", hit, True, 1.0, True)
    assert _with_example(other) is other


def test_bullets_that_title_paragraphs_are_one_list_up_to_the_next_heading():
    from assistant.answering.sentences import passage_units

    text = (
        "Regionens ansvar\n"
        "Regionen ansvarar för nedanstående:\n"
        "• Avtal med leverantör\n"
        "Regionen har avtal med leverantörer av IT-stöd och tjänster.\n"
        "• Daglig IT-drift\n"
        "Regionen ansvarar för drift och underhåll av systemet.\n"
        "Kommunens ansvar\n"
        "Kommunen ansvarar för nedanstående:\n"
        "• Lokal support\n"
        "Kommunen ansvarar för första linjens support."
    )
    lists = [text[u.start : u.end] for u in passage_units(text) if u.kind == "list"]
    region = text[text.index("Regionen ansvarar") : text.index("\nKommunens ansvar")]
    assert region in lists
    assert not any("Regionen ansvarar" in x and "Kommunen ansvarar" in x for x in lists)
    items = [text[u.start : u.end] for u in passage_units(text) if u.kind == "item"]
    assert "• Daglig IT-drift\nRegionen ansvarar för drift och underhåll av systemet." in items


def test_a_gap_names_what_was_asked_in_plain_swedish():
    from assistant.answering.asks import asked_for
    from assistant.answering.wording import gap_text

    q = "Vilka grupper ingår i styrningen?"
    assert gap_text(asked_for(q), q, "sv", "X").startswith(
        "Avtalen anger inte vilka grupper som ingår i styrningen."
    )
    q = "Vem är objektägare?"
    assert gap_text(asked_for(q), q, "sv", "X").startswith("Avtalen anger inte vem som är objektägare.")


def test_a_question_that_names_its_document_is_answered_from_it(real_assistant):
    answer = real_assistant.ask(
        "När trädde lagen om samverkan vid utskrivning i kraft enligt överenskommelsen 2026–2030?"
    )
    assert not answer.refused
    assert {c.document for c in answer.citations} == {"stockholm-overenskommelse-lifecare-sp-2026-2030.pdf"}
