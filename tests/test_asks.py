"""What a question asks for, and which sentences carry that kind of answer (pure functions)."""

import pytest

from assistant.answering.asks import AskedFor, Kind, asked_for, carries, has_name


@pytest.mark.parametrize(
    ("question", "language", "kind"),
    [
        ("Vem är objektägare i Norrbotten?", "sv", Kind.NAME),
        ("Vad heter förvaltningsledaren?", "sv", Kind.NAME),
        ("Who is the chair of the meeting?", "en", Kind.NAME),
        ("Vem ansvarar för lokal support?", "sv", Kind.PARTY),
        ("Vem är ansvarig för behörigheter?", "sv", Kind.PARTY),
        ("Who is responsible for local support?", "en", Kind.PARTY),
        ("Vilka skrev under avtalet?", "sv", Kind.PARTY),
        ("Vilken leverantör har regionen avtal med?", "sv", Kind.PARTY),
        ("Vad kostar drift och förvaltning 2026?", "sv", Kind.AMOUNT),
        ("How much does the region pay?", "en", Kind.AMOUNT),
        ("Vilken budget har förvaltningsobjektet?", "sv", Kind.AMOUNT),
        ("Hur stor andel betalar kommunerna?", "sv", Kind.SHARE),
        ("What share do the municipalities pay?", "en", Kind.SHARE),
        ("När faktureras kommunerna?", "sv", Kind.DATE),
        ("When are the municipalities invoiced?", "en", Kind.DATE),
        ("Hur länge gäller överenskommelsen?", "sv", Kind.DURATION),
        ("Vilken uppsägningstid gäller?", "sv", Kind.DURATION),
        ("What is the notice period?", "en", Kind.DURATION),
        ("Hur många kommuner använder systemet?", "sv", Kind.COUNT),
        ("Var hölls mötet?", "sv", Kind.PLACE),
        ("Where was the meeting held?", "en", Kind.PLACE),
        ("Vilka mål har förvaltningen för 2021?", "sv", Kind.LIST),
        ("Vilket telefonnummer har supporten?", "sv", Kind.CONTACT),
        ("What is the email address of the system administrator?", "en", Kind.CONTACT),
        ("Vad innebär force majeure?", "sv", Kind.DEFINITION),
        ("Gäller avtalet fortfarande?", "sv", Kind.YES_NO),
        ("Does the agreement still apply?", "en", Kind.YES_NO),
    ],
)
def test_asked_for_reads_the_question_word(question, language, kind):
    assert asked_for(question, language).kind is kind


def test_asked_for_is_a_frozen_value_and_sees_the_plural():
    asked = asked_for("Vilka skrev under samverkansavtalet?", "sv")
    assert isinstance(asked, AskedFor) and asked.plural
    assert not asked_for("Vem skrev under samverkansavtalet?", "sv").plural
    with pytest.raises(AttributeError):
        asked.kind = Kind.OTHER  # type: ignore[misc]
    assert asked_for("Vem skrev under?", "sv") == asked_for("Vem skrev under?", "sv")


def test_swedish_and_english_forms_ask_for_the_same_kind():
    pairs = [
        ("Vem ansvarar för lokal support?", "Who is responsible for local support?"),
        ("När faktureras kommunerna?", "When are the municipalities invoiced?"),
        ("Hur stor andel betalar kommunerna?", "What share do the municipalities pay?"),
        ("Hur lång är uppsägningstiden?", "How long is the notice period?"),
    ]
    for sv, en in pairs:
        assert asked_for(sv, "sv").kind is asked_for(en, "en").kind, (sv, en)


# sentences from the shipped agreements (corpus/seeds)
APPOINTS = "Region Västernorrland utser central systemförvaltare."
SIGNER = "• Åsa Bellander  Regiondirektör Region Västernorrland"
INVOICING = "Debitering av kommuner sker två gånger per år; i juni och december."
MINIMUM = "Minimidebiteringen är vid avtalets tecknande 2 408 080 kr per år."
SPLIT = "För överenskommelseperioden ska regionen står för 81% och kommunerna för 19% av IT-stödets drift."
NOTICE = "Uppsägning av denna överenskommelse kan ske med 12 månaders uppsägningstid."
TRAINING = (
    "Parterna ansvarar var för sig för de kostnader och övriga resursbehov som uppkommer för "
    "utbildning av personal inom den egna organisationen."
)
LOWER = frozenset({"region", "regiondirektör", "samordnad", "planering"})


def test_a_name_is_a_capitalised_pair_the_corpus_never_writes_in_lower_case():
    assert has_name(SIGNER, LOWER)
    assert not has_name(APPOINTS, LOWER)  # "Region Västernorrland" is a region, not a person
    assert not has_name("Lifecare Samordnad Planering används i länet.", LOWER)
    assert has_name("Ramavtal mellan Region Västernorrland och TietoEvry AB", LOWER)


def test_carries_tells_an_answer_from_a_sentence_about_the_subject():
    name = asked_for("Vem är central systemförvaltare?", "sv")
    assert not carries(name, APPOINTS, LOWER)
    # the role asked about is named with the person: a name alone holds some other role
    assert carries(name, "Central systemförvaltare är Åsa Bellander, Region Västernorrland.", LOWER)
    assert not carries(name, SIGNER, LOWER)
    party = asked_for("Vem står för kostnaderna för utbildning?", "sv")
    assert carries(party, TRAINING, LOWER)
    amount = asked_for("Vad kostar utbildningen?", "sv")
    assert not carries(amount, TRAINING) and carries(amount, MINIMUM)
    date = asked_for("När faktureras kommunerna?", "sv")
    assert carries(date, INVOICING) and not carries(date, TRAINING)
    share = asked_for("Hur stor andel betalar kommunerna?", "sv")
    assert carries(share, SPLIT) and not carries(share, MINIMUM)
    contact = asked_for("Vilken e-postadress har systemförvaltaren?", "sv")
    assert not carries(contact, APPOINTS) and carries(contact, "Frågor skickas till support@region.se.")
    duration = asked_for("Vilken uppsägningstid har överenskommelsen?", "sv")
    assert carries(duration, NOTICE) and not carries(duration, INVOICING)


def test_the_chain_hands_what_is_asked_to_engines_that_take_it():
    from langchain_core.retrievers import BaseRetriever

    from assistant.answering.chain import build_chain
    from assistant.answering.extractive import Draft

    class NoDocs(BaseRetriever):
        def _get_relevant_documents(self, query, *, run_manager, search_filter=None):
            return []

    seen = []

    class TakesAsked:
        name = "new"

        def answer(self, question, hits, language, asked=None):
            seen.append(asked)
            return Draft("x", (), False)

    class Older:
        name = "old"

        def answer(self, question, hits, language):
            seen.append("old")
            return Draft("y", (), False)

    asked = asked_for("Vem skrev under?", "sv")
    inputs = {"question": "Vem skrev under?", "language": "sv", "asked": asked}
    build_chain(NoDocs(), TakesAsked()).invoke(inputs)
    build_chain(NoDocs(), Older()).invoke(inputs)
    build_chain(NoDocs(), TakesAsked()).invoke({"question": "Vem skrev under?", "language": "sv"})
    assert seen == [asked, "old", None]


def test_who_does_something_asks_for_a_party_even_when_a_person_noun_follows():
    from assistant.answering.asks import Kind, asked_for

    assert asked_for("Who appoints the contact person for Lifecare?").kind is Kind.PARTY
    assert asked_for("Vem utser kontaktpersonen?").kind is Kind.PARTY
    assert asked_for("Who is the contact person for Lifecare?").kind is Kind.NAME


def test_a_kind_of_the_noun_asked_for_answers_which_noun():
    from assistant.answering.asks import asked_for, carries

    asked = asked_for("Vilka grupper ingår i styrningen?")
    assert carries(asked, "Styrningen sker genom en Objektstyrgrupp och en VIS-tjänstestyrgrupp.")
    assert not carries(asked, "Gruppen träffas varje månad.")


def test_which_noun_is_answered_only_by_a_sentence_that_names_it():
    from assistant.answering.asks import asked_for, carries

    asked = asked_for("Med vilket index räknas avgiften upp?")
    assert asked.noun == "index"
    assert carries(asked, "Kostnaden uppräknas årligen enligt SKRs LPI-index.")
    assert not carries(asked, "Avgiften är 2 408 080 kr per år.")
    law = asked_for("Vilket lagnummer anger avtalet?")
    assert carries(law, "Det sker i enlighet med lagen (2017:162) om samverkan.")
    # a kind of agent is answered by its name, not by the word
    assert asked_for("Vilken myndighet ska administrera den?").noun == ""


def test_how_many_noun_needs_a_number_of_that_noun():
    from assistant.answering.asks import asked_for, carries

    asked = asked_for("Hur många användare har systemet?")
    assert carries(asked, "Vid fler än 200 samtidiga användare debiteras mer.")
    assert not carries(asked, "Superanvändare på 20 % och användarstöd på 5 % finansieras av kommunen.")
    people = asked_for("Hur många invånare hade länet?")
    assert carries(people, "Totalt antal invånare den 31/12 2018 var 2 344 124.")


def test_how_often_is_a_frequency():
    from assistant.answering.asks import Kind, asked_for, carries

    asked = asked_for("Hur ofta faktureras kommunerna?")
    assert asked.kind is Kind.FREQUENCY
    assert carries(asked, "Debitering av kommuner sker två gånger per år; i juni och december.")
    assert not carries(asked, "Kommunerna faktureras av regionen.")


def test_what_a_document_says_about_a_topic_is_asked_whole():
    from assistant.answering.asks import asked_for

    assert asked_for("Vad säger överenskommelsen om omförhandling och upphörande?").plural
    assert asked_for("What does the agreement say about disputes?").plural
    assert not asked_for("Vad kostar systemet?").plural


def test_a_public_bodys_name_answers_who():
    from assistant.answering.asks import asked_for, carries

    asked = asked_for("Vem ska administrera förordningen?")
    assert carries(asked, "Socialstyrelsen ska administrera förordningen.")
    assert carries(asked_for("Vilken myndighet beslutar?"), "Beslutet fattas av Skatteverket.")


def test_where_something_goes_is_answered_by_its_destination():
    from assistant.answering.asks import asked_for, carries

    asked = asked_for("Where are issues escalated?")
    assert carries(asked, "Vid behov eskaleras frågor till VIS-tjänstestyrgrupp.")
    assert not carries(asked, "Frågorna eskaleras vid behov.")


def test_which_company_or_agency_asks_for_a_named_party():
    from assistant.answering.asks import Kind, asked_for, carries

    asked = asked_for("Leverantören av IT-stödet – vilket företag är det?")
    assert asked.kind is Kind.PARTY
    assert carries(asked, "Avtalet med TietoEvry AB gäller till 2027.")
    assert not carries(asked, "Avtal tecknas med leverantör för IT-stödet.")
    assert asked_for("Vilken lön får administratören?").noun == "lön"
