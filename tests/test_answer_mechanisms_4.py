"""Answer mechanisms of the fourth quality round: each general, each tested on text written here
(or on the shipped corpus through `real_assistant`), not on the eval's questions."""

from __future__ import annotations

from assistant.answering.asks import asked_for, carries
from assistant.answering.sentences import passage_units
from assistant.answering.units import score_units
from assistant.question.followup import split_context
from assistant.retrieval.bm25 import BM25
from assistant.retrieval.hybrid import search
from assistant.retrieval.text import tokens
from assistant.types import Chunk, ScoredChunk


def test_a_short_verb_is_met_by_its_passive_and_its_agent_noun():
    owns = asked_for("Vem äger planen?")
    assert owns.verb
    assert carries(owns, "Dokumentet ägs av Objektägare Region Norrbotten.")
    assert not carries(owns, "Dokumentet beskriver Region Norrbottens arbete.")


def test_a_place_or_a_date_broken_over_a_line_is_still_that_shape():
    where = asked_for("Var finns delegationen?")
    assert carries(where, "Denna funktion finns på\nSocialdepartementet.")
    assert carries(
        asked_for("Var beskrivs nyutvecklingen?"), "Nyutveckling beskrivs i de årliga förvaltningsplanerna."
    )
    assert not carries(where, "Delegationen har ett treårigt uppdrag.")
    assert carries(asked_for("När startar arbetet?"), "Arbetet startar under hösten\n2020.")


def test_the_words_of_a_questions_kind_are_no_topic_of_it(real_assistant):
    # "skäl" is no corpus word, but it is how the question asks why, not what it is about
    q = real_assistant.parse("Av vilket skäl ses 2025 som ett övergångsår för statsbidragen?")
    hits = search(real_assistant.index, q.focused, 5)
    assert real_assistant.engine.evidence(q.focused, hits, q.language, q.asked) > 0
    # an unknown noun that is the topic still refuses the question
    unknown = real_assistant.parse("Vilket timpris gäller för konsulterna?")
    hits = search(real_assistant.index, unknown.focused, 5)
    assert real_assistant.engine.evidence(unknown.focused, hits, unknown.language, unknown.asked) == 0


def test_a_documents_date_is_its_context_like_its_title():
    text = "Föredragande om utredningen: Ola Knutsson, Lena Häggström\nMötet hölls digitalt."
    docs = (text, "Utredningen i februari.", "Budget för året.", "Beslut om rutiner i februari.")
    bm25 = BM25([tokens(t) for t in docs])
    q = "Vem föredrog utredningen på mötet i februari 2025?"

    def focus_of(date: str) -> float:
        chunk = Chunk(id="0", document="p.pdf", page=1, section="", text=text, date=date)
        ranked = score_units(bm25, q, [ScoredChunk(chunk, 1.0)], asked_for(q))
        return next(c.focus for c in ranked if c.text.startswith("Föredragande"))

    assert focus_of("2025-02-21") > focus_of("2023-06-01")


def test_a_pronoun_takes_one_level_of_context_and_a_determiner_is_no_pronoun(real_assistant):
    first = real_assistant.ask("Vem föredrog ärendet om Samsjuklighetsutredningen på mötet i februari 2025?")
    second = real_assistant.ask(
        "Var finns den delegation som ska förbereda genomförandet av utredningen?", history=[first]
    )
    assert "(" not in second.asked_as  # "den delegation som ..." names its referent
    third = real_assistant.ask("Vem leder den?", history=[first, second])
    fourth = real_assistant.ask("Och vilka ska de samarbeta med?", history=[first, second, third])
    assert third.asked_as.count("(") == 1 and fourth.asked_as.count("(") == 1
    own, context = split_context(fourth.asked_as)
    assert own.startswith("Vilka ska de samarbeta med") and "Vem leder den" in context
    assert split_context("Vad kostar det?") == ("Vad kostar det?", "")


def test_a_passage_knows_the_numbered_heading_it_starts_under(real_assistant):
    index = real_assistant.index
    found = 0
    for i, chunk in enumerate(index.chunks):
        heading = index.heading_before(i)
        if not heading:
            continue
        found += 1
        before = [c for c in index.chunks[:i] if c.document == chunk.document]
        assert before and any(heading in c.text for c in before)  # taken from an earlier passage
        assert heading[0].isdigit()
    assert found  # the shipped minutes have numbered agenda items that span pages
    first = [i for i, c in enumerate(index.chunks) if i == 0 or index.chunks[i - 1].document != c.document]
    assert all(index.heading_before(i) == "" for i in first)


def test_a_heading_alone_is_no_answer_and_an_abbreviation_ends_no_sentence():
    text = (
        "8. Angående nya förutsättningar\n(f.d. UPH medel)\n"
        "Gruppen beslutade att ge uppdraget till beredningen."
    )
    units = passage_units(text)
    assert all("UPH medel)" in text[u.start : u.end] for u in units if text[u.start : u.end].startswith("8."))
    docs = (text, "Budget för året.", "Mötet hölls digitalt.", "Beslut om rutiner.")
    bm25 = BM25([tokens(t) for t in docs])
    q = "Vad beslutade gruppen om nya förutsättningar?"
    ranked = score_units(bm25, q, [ScoredChunk(Chunk("0", "p.pdf", 1, "", text), 1.0)], asked_for(q))
    assert ranked and not any(c.text.startswith("8.") for c in ranked if c.kind != "section")
    assert any("beslutade att ge uppdraget" in c.text for c in ranked)


def test_a_question_for_a_company_is_answered_by_a_company_not_by_a_party():
    asked = asked_for("Vilket företag levererade systemet?")
    assert not carries(
        asked, "Överenskommelsen gäller under förutsättning att Region Stockholm tecknar avtal."
    )
    assert carries(asked, "Systemet levereras av TietoEvry AB enligt avtalet.")
    body = asked_for("Vilken myndighet ansvarar för statsbidraget?")  # other agents: any named party
    assert carries(body, "Socialstyrelsen administrerar förordningen.")


def test_the_one_document_holding_a_quoted_figure_is_the_one_asked_about(real_assistant):
    from assistant.retrieval.hybrid import figures_in

    assert figures_in("Delas kommunernas 19 % upp, och 2 408 080 kr, år 2026?") == ["19%", "2408080"]
    index = real_assistant.index
    holding = index.documents_quoting(["2408080"])
    assert len(holding) == 1
    (document,) = holding
    assert any("2 408 080" in c.text for c in index.chunks if c.document == document)
    assert index.documents_quoting(["2408080", "987654321"]) == frozenset()
    q = real_assistant.parse("Hur fördelas minimidebiteringen på 2 408 080 kr?")
    assert real_assistant._quoted_document(q) == (document,)
    assert real_assistant._quoted_document(real_assistant.parse("Hur fördelas kostnaden?")) == ()


def test_a_cost_the_cost_model_does_not_compute_goes_to_the_documents(real_assistant):
    from assistant.question.costobject import cost_vocabulary

    def is_cost(question: str) -> bool:
        return real_assistant.parse(question).intent.is_cost

    assert not is_cost(
        "Med vilka procentsatser delas kostnaden för nyutveckling mellan regionen och kommunerna?"
    )
    assert not is_cost("Vem betalar IT-samordnarna i Norrbotten?")
    assert not is_cost("Vad kostar utbildningen för kommunerna?")
    for shared in (
        "Vad betalar Ånge 2026?",
        "Hur stor är kostnaden för Ånge kommun 2026?",
        "Vad blir totalkostnaden för Lifecare SP i Stockholm 2027?",
        "Hur fördelas systemförvaltningskostnaderna i Västernorrland 2026?",
        "What does Ånge pay in 2026?",
    ):
        assert is_cost(shared), shared
    # what the cost models compute is read from the agreements' data, not from a word list
    words = cost_vocabulary(real_assistant.registry)
    for agreement in real_assistant.registry.with_cost_model():
        assert set(tokens(agreement.cost_model.base.label)) <= words


def test_two_years_compared_give_both_amounts_and_their_difference(real_assistant):
    both = real_assistant.ask("Hur mycket mer betalar Sundsvall 2026 jämfört med 2025?")
    later = real_assistant.ask("Vad betalar Sundsvall 2026?")
    earlier = real_assistant.ask("Vad betalar Sundsvall 2025?")
    assert both.calculation is not None and both.calculation.tool == "difference"
    assert both.calculation.result == later.calculation.result - earlier.calculation.result
    assert both.answer.splitlines()[0].startswith("Skillnaden mellan 2026 och 2025")
    cited = {c.quote for c in both.citations}
    assert cited and cited <= {c.quote for c in (*later.citations, *earlier.citations)}
    assert later.calculation.tool != "difference"  # one year is answered as before


def test_a_date_asks_for_a_day_and_a_count_is_no_part_of_a_date():
    day = asked_for("Vilket datum i juni skickas fakturan ut?")
    assert not carries(day, "Debitering sker två gånger per år; i juni och december.")
    assert carries(day, "Fakturan skickas den 15 juni.")
    assert carries(asked_for("När skickas fakturan?"), "Debitering sker i juni och december.")
    users = asked_for("Hur många användare hade IT-stödet år 2020?")
    assert not carries(users, "Antal användare revideras årligen den 1/10.")
    assert carries(users, "Antal användare var år 2019 cirka 3 500.")


def test_who_holds_a_role_is_answered_where_the_role_is_named():
    single = asked_for("Vem är objektägare för Lifecare SP?")
    assert single.noun == "objektägare"
    assert carries(single, "Objektägare: Anna Svensson, Region Norrbotten")
    assert not carries(single, "Föredragande: Camilla Andersson, Anders Wink")
    plural = asked_for("Förvaltningsledarna för systemet – vilka är de?")
    assert plural.plural and plural.noun == "förvaltningsledarna"
    assert carries(plural, "Förvaltningsledare Anna Engman och Ann Wennerkull")
    assert not carries(plural, "Föredragande: Camilla Andersson, Anders Wink")
    assert asked_for("Vem är Ann Wennerkull?").noun == ""  # who a person is, not who holds a role
    assert asked_for("Vilka är målen för 2021?").noun == ""  # goals are no people


def test_the_role_is_the_noun_the_question_asks_about_not_a_word_after_it():
    assert asked_for("Vem är central systemförvaltare?").noun == "systemförvaltare"
    assert asked_for("Vem var sist enligt samverkansavtalet?").noun == ""
    assert asked_for("Vem är det som beslutar?").noun == ""


def test_a_field_line_is_a_unit_of_its_own():
    text = (
        "Föredragande: Sofie Tängman, Dagmar Schröder\n"
        "Gruppen beslutade 2023-02-17 att fortsatt arbeta med gemensam styrning.\n"
    )
    spans = [text[u.start : u.end].strip() for u in passage_units(text)]
    assert "Gruppen beslutade 2023-02-17 att fortsatt arbeta med gemensam styrning." in spans
    assert not any(s.startswith("Föredragande") and "beslutade" in s for s in spans)


def test_a_verbs_past_or_modal_form_is_no_missing_topic(real_assistant):
    q = real_assistant.parse(
        "När bestämde Länssamverkansgruppen att man skulle fortsätta styra utskrivningsprocessen gemensamt?"
    )
    hits = search(real_assistant.index, q.focused, 5)
    assert real_assistant.engine.evidence(q.focused, hits, q.language, q.asked) > 0
    topic = real_assistant.parse("När bestämde Länssamverkansgruppen om semesterersättningen?")
    hits = search(real_assistant.index, topic.focused, 5)
    assert real_assistant.engine.evidence(topic.focused, hits, topic.language, topic.asked) == 0


def test_a_follow_up_is_a_cost_question_only_by_its_own_words(real_assistant):
    first = real_assistant.ask("Vad betalar kommunerna i Västernorrland 2025?")
    how_often = real_assistant.ask("Och hur ofta får de fakturor?", history=[first])
    assert how_often.calculation is None and not how_often.refused
    assert any(m in how_often.answer for m in ("juni", "två gånger"))
    more = real_assistant.ask("Och om 241 användare är inloggade samtidigt det året?", history=[first])
    assert more.calculation is not None  # a parameter keeps it a cost question


def test_an_item_of_several_sentences_and_a_sentence_taking_up_a_noun_are_quoted_together():
    text = (
        "Kostnaden består av två delar:\n"
        "2. Kostnad för nyttjande av central förvaltning och support. Kostnad\n"
        "beräknas per användare. Kostnaden gäller till\ndess att ett nytt avtal har tecknats.\n"
    )
    spans = [text[u.start : u.end] for u in passage_units(text)]
    whole = [s for s in spans if s.startswith("2. Kostnad") and s.rstrip().endswith("tecknats.")]
    assert whole  # the whole item
    assert any(s.startswith("Kostnad\nberäknas") and s.rstrip().endswith("tecknats.") for s in spans)
    how_long = asked_for("Hur länge gäller kostnaden?")
    assert carries(how_long, whole[0])  # "till\ndess": a duration broken over a line
    users = asked_for("Hur många användare fanns 2020?")
    assert not carries(
        users, "2. Antal användare revideras årligen den 1/10."
    )  # an item number counts nothing


def test_names_and_parties_broken_over_a_line_are_still_names():
    party = asked_for("Vilket företag levererar systemet?")
    assert carries(party, "Systemet levereras av TietoEvry\nAB sedan 2024.")
    assert carries(asked_for("Vem ansvarar för driften?"), "Ansvaret för driften har Sundsvalls\nkommun.")


def test_a_passage_that_opens_with_bullets_holds_a_list_whose_lead_is_before_it():
    text = (
        "- att gruppen antar rutinerna\n- att referensgruppen följer upp arbetet\n"
        "- att tre administratörer utses\n"
    )
    lists = [text[u.start : u.end] for u in passage_units(text) if u.kind == "list"]
    assert any(x.startswith("- att gruppen") and "tre administratörer" in x for x in lists)
    docs = (text, "Budget för året.", "Mötet hölls digitalt.", "Egenvård och reviderade rutiner.")
    bm25 = BM25([tokens(t) for t in docs])
    q = "Vilka beslut fattades om den reviderade egenvården?"
    chunk = Chunk("0", "p.pdf", 2, "", text)
    plain = score_units(bm25, q, [ScoredChunk(chunk, 1.0)], asked_for(q))
    headed = score_units(bm25, q, [ScoredChunk(chunk, 1.0, heading="4. Reviderad egenvård")], asked_for(q))

    def list_score(ranked):
        return max(c.score for c in ranked if c.kind == "list")

    assert list_score(headed) > list_score(plain)  # the inherited heading names what the list is


def test_a_time_to_measure_from_is_no_time_the_answer_must_fall_in(real_assistant):
    from datetime import date

    from assistant.question.periods import asked_period

    today = date(2026, 12, 1)
    assert asked_period("sedan när var beslutet bordlagt före mötet i februari 2025?", today).reference
    assert asked_period("has it been decided to extend it after 2027-04-07?", today).reference
    assert not asked_period("vilka skrev under i oktober 2025?", today).reference
    answer = real_assistant.ask(
        "Since when had the decision on Länssamverkansgruppen's composition been tabled before the "
        "February 2025 meeting?"
    )
    assert not answer.refused and "2024-09-20" in answer.answer


def test_a_field_gives_a_count_and_english_meeting_words_have_their_swedish_terms():
    items = asked_for("How many items were on the agenda?", "en")
    assert items.noun == "ärenden"  # "items": its Swedish word in the glossary
    assert carries(items, "Protokoll\nDatum och tid: 2025-02-21\nÄrenden: 1–15")
    assert not carries(items, "Ärendet bordlades.")


def test_times_asked_in_the_plural_are_hours_or_days():
    hours = asked_for("Vilka öppettider har supporten?")
    assert not carries(hours, "Supporten hanteras av verksamhetskunniga medarbetare.")
    assert carries(hours, "Supporten har öppet vardagar kl. 08.00–16.30.")
    assert asked_for("What are the opening hours of the support?", "en").kind is hours.kind
    assert asked_for("Vilken uppsägningstid gäller?").kind is not hours.kind  # a length of time


def test_a_follow_up_naming_another_document_swaps_the_one_named_with_a_dash(real_assistant):
    first = real_assistant.ask(
        "Vilken domstol är första instans vid tvist enligt Stockholms överenskommelse 2026–2030?"
    )
    second = real_assistant.ask("Och i interimsöverenskommelsen?", history=[first])
    assert "2026" not in second.asked_as and "interimsöverenskommelsen" in second.asked_as


def test_a_fragment_follow_up_puts_its_phrase_in_place_of_the_earlier_ones(real_assistant):
    first = real_assistant.ask("Vem står för budgeten för IT-stödet på regionsidan i Norrbotten?")
    second = real_assistant.ask("Och på kommunsidan?", history=[first])
    assert second.asked_as == "Vem står för budgeten för IT-stödet på kommunsidan i Norrbotten?"
    billed = real_assistant.ask("När faktureras kommunerna i Västernorrland?")
    other = real_assistant.ask("Och i Stockholm?", history=[billed])
    assert other.asked_as == "När faktureras kommunerna i Stockholm?"  # one region in place of the other
    assert all(c.document.startswith("stockholm") for c in other.citations)
