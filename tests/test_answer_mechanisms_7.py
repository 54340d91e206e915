"""Answer mechanisms of the seventh quality round: each general, each tested on text written here
(or on the shipped corpus through `real_assistant`), not on the eval's questions."""

from __future__ import annotations

import re

from assistant.answering.asks import asked_for
from assistant.answering.kinds import Kind
from assistant.retrieval.bm25 import BM25, root
from assistant.retrieval.text import query_groups, tokens


def _with_extra(registry):  # type: ignore[no-untyped-def]
    from assistant.tools.engine import model_of

    a = next(a for a in registry.with_cost_model() if model_of(a).extra_users is not None)
    return a, model_of(a).years.end


def test_a_particle_verb_is_also_read_as_its_noun_with_the_particle_in_front():
    groups = query_groups("När ska beslutet följas upp, och kan kommunen säga upp avtalet?")
    assert {"följ", "uppfölj"} in groups and {"säg", "uppsäg"} in groups
    # the particle verb finds the noun the documents use: "följas upp" finds "uppföljning"
    bm25 = BM25([tokens("Uppföljningen sker vid nästa möte."), tokens("Avtalet gäller tre år.")])
    group = next(g for g in groups if "följ" in g)
    assert "uppföljning" in bm25.expand(group)
    # the particle is its verb's, also after an object pronoun, and no topic of its own
    assert query_groups("Hur ofta tas den fram?") == [frozenset({"tas", "framtas"})]
    # a preposition is no particle ("under året"), nor is a particle read in English
    assert all(not any(t.startswith("under") for t in g) for g in query_groups("Vad sker under året?"))
    assert not any(t.startswith("infill") for g in query_groups("When is the form filled in?") for t in g)


def test_the_stems_of_one_word_share_a_root():
    # the stemmer keeps "syftet" whole but cuts "syfte" to "syft"; "ansvaret" to "ansvar", "ansvar" to "ansv"
    bm25 = BM25([tokens("Överenskommelsens syfte är att förtydliga ansvar."), tokens("Mötet hölls.")])
    assert "syft" in bm25.expand(frozenset({"syftet"}))
    assert "ansv" in bm25.expand(frozenset({"ansvar"}))
    assert root("syftet") == root("syft") and root("ansvar") == root("ansv")
    # a short stem is no other word's root: "hel" (hela) is not "helen" (Helena)
    assert root("helen") != root("hel")


def test_the_name_of_whoever_holds_a_role_is_asked_for_with_that_role():
    asked = asked_for("Vad heter processledarna som följer upp statistiken?")
    assert asked.kind is Kind.NAME and asked.noun == "processledarna"
    assert asked_for("Vad heter förvaltningsledaren i regionen?").noun == "förvaltningsledaren"
    # a thing's name asks for no role
    assert asked_for("Vad heter det nya IT-stödet?").noun == ""


def test_a_follow_up_that_asks_when_keeps_no_year_of_the_turn_before(real_assistant):
    first = real_assistant.ask("Vilka beslut fattades på mötet i februari 2025?")
    second = real_assistant.ask("Och när ska det följas upp?", history=[first])
    # the earlier turn's time dates its subject, not the answer: no year carried, no period to filter by
    assert "2025)" in second.asked_as and not second.asked_as.startswith("När ska det följas upp 2025")
    resolved = real_assistant.parse("Och när ska det följas upp?", history=[first])
    assert resolved.period is None and resolved.asked is not None and resolved.asked.kind is Kind.DATE
    # a follow-up that names its own time keeps it
    dated = real_assistant.parse("Och vad beslutades om det i april 2025?", history=[first])
    assert dated.period is not None and dated.period.label == "april 2025"


def test_the_whole_cost_with_a_user_count_is_the_years_cost_not_the_extra_charge(real_assistant):
    from assistant.tools.engine import CostRequest, compute, extra_users
    from assistant.tools.population import cached_population

    a, _ = _with_extra(real_assistant.registry)
    table = cached_population(real_assistant.settings.population_path)
    year = real_assistant.current_date().year
    whole = compute(a, CostRequest(year=year, users=237), table).total
    for question in (
        f"Vad blir totalkostnaden per år i {a.region} om vi har 237 samtidigt inloggade användare?",
        f"Vad blir årskostnaden med 237 samtidiga användare i {a.region}?",
        f"What is the total annual cost in {a.region} with 237 concurrent users?",
    ):
        answer = real_assistant.ask(question)
        assert answer.calculation is not None and answer.calculation.result == whole, question
    # the user count alone still asks for the extra charge
    alone = real_assistant.ask(f"Vad kostar 237 samtidiga användare i {a.region}?")
    assert alone.calculation is not None and alone.calculation.result == extra_users(a, 237).amount


def test_a_list_cut_by_a_page_break_is_quoted_on_into_the_next_page():
    from assistant.answering.extractive import ExtractiveEngine
    from assistant.types import Chunk, ScoredChunk

    first = Chunk(
        id="a",
        document="p.pdf",
        page=3,
        section="",
        text="5. Rapporten för helåret\nGruppen beslutade enligt följande:\n"
        "- har tagit del av rapporten för helåret",
    )
    second = Chunk(
        id="b",
        document="p.pdf",
        page=4,
        section="",
        text="- att processledarna återkommer med ett förslag\n- att statistik tas fram varje månad\n"
        "6. Nästa ärende\nMötet avslutades med en genomgång av ärendet.",
    )
    bm25 = BM25([tokens(first.text), tokens(second.text), tokens("Avtalet gäller i tre år.")])
    question = "Vad beslutade gruppen om rapporten för helåret?"
    follows = {"a": second}
    engine = ExtractiveEngine(bm25, follow=lambda c: follows.get(c.id))
    draft = engine.answer(question, [ScoredChunk(first, 1.0)], "sv")
    assert not draft.refused
    later = [c for c in draft.citations if c.page == 4]
    assert len(later) == 1 and "processledarna" in later[0].quote and "varje månad" in later[0].quote
    assert "Nästa ärende" not in later[0].quote and later[0].quote in second.text
    # the next passage on the same page, or no list at the end of the passage: nothing is added
    alone = ExtractiveEngine(bm25, follow=lambda c: None).answer(question, [ScoredChunk(first, 1.0)], "sv")
    assert all(c.page == 3 for c in alone.citations)


def test_a_field_answers_what_its_label_names_and_an_abbreviation_ends_no_line():
    from assistant.answering.sentences import passage_units

    # a minutes' item: its heading on the page before, the field and the decision under it
    text = (
        "Beslutsärende\nFöredragare: Eva-Lena Holmström\n"
        "År 2025 sker ett skifte i arbetet med psykisk hälsa.\n"
        "Gruppen beslutade att ge beredningen i uppdrag att se över medlen."
    )
    question = "Vad beslutade gruppen om arbetet med psykisk hälsa?"
    assert "Föredragare: Eva-Lena Holmström" not in [c.text for c in _ranked_for(text, question)]
    assert any("uppdrag" in c.text for c in _ranked_for(text, question))
    # the label asked for: the field answers
    assert "Föredragare: Eva-Lena Holmström" in [
        c.text for c in _ranked_for(text, "Vem var föredragare för psykisk hälsa?")
    ]
    item = "- Angående nya förutsättningar för psykisk hälsa (f.d.\nUPH medel)\n- Förordning om statsbidrag"
    units = [item[u.start : u.end] for u in passage_units(item) if u.kind == "item"]
    assert "- Angående nya förutsättningar för psykisk hälsa (f.d.\nUPH medel)" in units


def _answered(text: str, question: str):  # type: ignore[no-untyped-def]
    """The extractive engine's draft for `question` over one passage of `text` (and two unrelated)."""
    from assistant.answering.extractive import ExtractiveEngine
    from assistant.types import Chunk, ScoredChunk

    bm25 = BM25([tokens(text), tokens("Avtalet gäller tre år."), tokens("Kostnaden delas lika.")])
    hit = [ScoredChunk(Chunk(id="0", document="p.pdf", page=1, section="", text=text), 1.0, dense=0.9)]
    return ExtractiveEngine(bm25).answer(question, hit, "sv")


def _ranked_for(text: str, question: str) -> list:
    from assistant.answering.units import score_units
    from assistant.types import Chunk, ScoredChunk

    bm25 = BM25([tokens(text), tokens("Avtalet gäller i tre år."), tokens("Kostnaden delas lika.")])
    chunk = Chunk(id="0", document="p.pdf", page=1, section=text.split("\n", 1)[0], text=text)
    return score_units(bm25, question, [ScoredChunk(chunk, 1.0)], asked_for(question))


def test_a_swedish_question_that_opens_with_any_verb_and_its_subject_asks_yes_or_no():
    for question in (
        "Slipper vi våra åtaganden medan förhandlingen pågår?",
        "Ändras överenskommelserna när systemet byts?",
        "Räknas införandeprojektet in i kostnaden?",
        "Och betalar kommunerna något första året?",
    ):
        assert asked_for(question).kind is Kind.YES_NO, question
    # a question word in either place asks what it asks; a statement-form question is no yes/no
    assert asked_for("Senast vilket datum ska planen vara beslutad?").kind is Kind.DATE
    assert asked_for("Kommunerna betalar hur mycket?").kind is Kind.AMOUNT
    assert asked_for("Hur ofta tas den fram?").kind is Kind.FREQUENCY


def test_a_prefixed_form_of_a_word_is_about_the_same_thing():
    bm25 = BM25([tokens("Överenskommelserna förblir oförändrade."), tokens("Omförhandling kan begäras.")])
    assert "oförändr" in bm25.expand(frozenset({"ändr"}))  # "Ändras ...?"
    assert "omförhandling" in bm25.expand(frozenset({"förhandling"}))
    assert "oförändr" in bm25.expand(frozenset({"ändring"}))  # a verb's noun, on its verb
    # a short stem takes no prefix: "o" + "m" is no word of it
    assert bm25.expand(frozenset({"för"})) == bm25.expand(frozenset({"för"})) - {"oförändr"}


def test_what_a_speaker_wants_names_no_topic():
    for word in ("vill", "hellre", "helt", "want", "rather"):
        assert not any(word in g for g in query_groups(f"Och om vi {word} säga upp avtalet?")), word


def test_a_carried_document_keeps_the_noun_and_what_it_is_about(real_assistant):
    registry = real_assistant.registry
    alias = next(
        str(x)
        for a in registry.agreements
        for entry in a.documents.values()
        for x in entry.get("aliases") or ()
        if re.fullmatch(r"\d{4}[-–]\d{4}", str(x))
    )
    first = real_assistant.ask(f"Hur begär vi omförhandling av överenskommelsen om Lifecare SP {alias}?")
    second = real_assistant.ask("Slipper vi våra åtaganden medan den pågår?", history=[first])
    assert f"överenskommelsen om Lifecare SP {alias}" in second.asked_as, second.asked_as


def test_a_noun_phrase_after_och_asks_the_earlier_question_of_that_subject(real_assistant):
    first = real_assistant.parse("Hur påverkar organisationsförändringar förvaltningen i Norrbotten?")
    second = real_assistant.parse("Och utredningen om vård för barn och unga?", history=[first.text])
    assert second.asked_as.startswith("Och utredningen om vård för barn och unga (")
    assert "Hur påverkar organisationsförändringar" in second.asked_as
    assert second.asked == first.asked and second.context
    # a question of its own (a question word, a condition, a verb) is no topic follow-up
    for own in (
        "Och vem ansvarar för det?",
        "Och om kostnaden bara gäller en kommun?",
        "Och utredningen är klar?",
    ):
        parsed = real_assistant.parse(own, history=[first.text])
        assert not parsed.asked_as.startswith(own.rstrip(" ?") + " ("), own


def test_a_common_english_word_the_corpus_lacks_is_wording_and_a_rare_one_a_topic():
    from assistant.answering.extractive import ExtractiveEngine
    from assistant.retrieval.common import topicality
    from assistant.types import Chunk, ScoredChunk

    assert topicality("now", "en") == 0.0 and topicality("way", "en") == 0.0
    assert topicality("overtime", "en") == 1.0 and topicality("Semesterersättning", "sv") == 1.0
    assert 0.0 < topicality("handed", "en") < 1.0
    text = "Kostnaden fördelas efter rekvisition i stället för ansökan."
    bm25 = BM25([tokens(text), tokens("Avtalet gäller tre år."), tokens("Kostnaden delas lika.")])
    engine = ExtractiveEngine(bm25)
    hit = [ScoredChunk(Chunk(id="0", document="p.pdf", page=1, section="", text=text), 1.0, dense=0.85)]
    # the same question, put with common words or with a rare one the documents do not hold
    plain = engine.evidence("Will the cost be split through an application from now on?", hit, "en")
    rare = engine.evidence("Will the cost be split through an overtime application?", hit, "en")
    assert plain > rare > 0.0


def test_a_series_of_sentences_that_open_alike_is_quoted_whole():
    from assistant.answering.extractive import MAX_SENTENCES

    needs = [
        "driften av systemet",
        "utbildningen av nya användare",
        "behörigheterna i systemet",
        "rutinerna vid avbrott",
        "arkiveringen av planer",
    ]
    text = "Nulägesbeskrivning\n" + "\n".join(f"Behov av att säkra {n}." for n in needs)
    draft = _answered(text, "Vad behöver man säkra enligt nulägesbeskrivningen?")
    assert len(needs) > MAX_SENTENCES and not draft.refused
    quoted = [c.quote for c in draft.citations]
    assert quoted == [f"Behov av att säkra {n}." for n in needs]  # every one, in the document's order


def test_a_cleft_a_past_cost_a_request_for_a_list_and_a_counted_topic_are_read_as_asked():
    # "Vem är det som utser ...?" asks who appoints, as "Vem utser ...?" does
    assert asked_for("Vem är det som utser kontaktperson?") == asked_for("Vem utser kontaktperson?")
    assert asked_for("Who is it that appoints the contact person?", "en").kind is Kind.PARTY
    # a cost in the past tense, or "hur stora blev kostnaderna", asks for an amount
    for question in ("Vad kostade projektet?", "Projektet – hur stora blev kostnaderna för det?"):
        assert asked_for(question).kind is Kind.AMOUNT, question
    # an imperative or a polite request for a list asks for the list, not yes or no
    for question in ("Räkna upp målen för året.", "Kan du lista alla parter?", "Nämn alla roller i gruppen."):
        assert asked_for(question).kind is Kind.LIST, question
    # "Antalet användare – hur många blir de?": what is counted is the topic before the dash, not the verb
    assert asked_for("Antalet användare i länet – hur många blir de?").noun == "användare"
    assert asked_for("Hur många kommuner finns det?").noun == "kommuner"


def test_an_agenda_entry_names_a_topic_and_answers_nothing():
    text = (
        "12. Ärenden till samrådet\n- Aktuellt läge för implementeringen av planen\n"
        "- Samsjuklighetsutredningen\n"
        "7. Implementeringen av planen\nGruppen beslutade att referensgruppen följer arbetet i tolv månader."
    )
    ranked = [c.text for c in _ranked_for(text, "Vad gäller för implementeringen av planen?")]
    assert "- Aktuellt läge för implementeringen av planen" not in ranked
    assert any("tolv månader" in t for t in ranked)
    # a list question still gets the agenda as a list
    listed = _ranked_for(text, "Vilka ärenden gick till samrådet?")
    assert any("Samsjuklighetsutredningen" in c.text and c.kind == "list" for c in listed)


def test_who_was_appointed_to_a_role_asks_for_the_named_holder_of_that_role():
    asked = asked_for("Vem har anställts som gemensam administratör för kommunerna?")
    assert asked.kind is Kind.NAME and asked.noun == "administratör"
    assert asked_for("Vem har utsetts till central systemförvaltare?").noun == "systemförvaltare"
    # a sentence that only says the role will be filled answers nothing; one that names the holder does
    text = (
        "Kommunerna har beslutat att gemensamt anställa en administratör.\nAdministratör: Eva-Lena Holmström"
    )
    ranked = _ranked_for(text, "Vem har anställts som administratör?")
    fits = [c.text for c in ranked if c.fits]
    assert fits == ["Administratör: Eva-Lena Holmström"]


def test_an_acronym_finds_the_compound_whose_parts_it_spells():
    bm25 = BM25(
        [
            tokens("Länssamverkansgruppen beslutade att godkänna planen."),
            tokens("Samverkan i länet sker i grupper."),
            tokens("Ett nytt vårdinformationssystem införs."),
            tokens("Vård och information finns i systemet."),
        ]
    )
    assert "länssamverkansgrupp" in bm25.expand(frozenset({"lsg"}))
    assert "vårdinformationssystem" in bm25.expand(frozenset({"vis"}))
    # a word that spells nothing, or a compound of other initials, is not taken
    assert not {"länssamverkansgrupp", "vårdinformationssystem"} & bm25.expand(frozenset({"lvs"}))


def test_a_question_ending_on_what_a_thing_rests_on_asks_no_amount():
    for question, lang in (
        ("What is the cost of the system based on?", "en"),
        ("Vad baseras kostnaden på?", "sv"),
        ("Kostnaderna för systemet – vad grundar de sig på?", "sv"),
    ):
        assert asked_for(question, lang).kind is Kind.OTHER, question
    assert asked_for("What is the cost of the system?", "en").kind is Kind.AMOUNT


def test_a_bullet_of_several_sentences_is_quoted_whole():
    text = (
        "Fakturering\n• Kommunernas del faktureras av regionen utifrån underlag från förbundet. "
        "Underlag från förbundet ska vara regionen tillhanda senast i september.\n"
        "• Fakturering sker i oktober."
    )
    draft = _answered(text, "Hur faktureras kommunernas del under året?")
    assert not draft.refused and "september" in draft.citations[0].quote


def test_a_long_word_the_documents_misspell_once_is_the_same_word():
    bm25 = BM25(
        [
            tokens("Förvaltningledare för kommunerna finansieras av länets kommuner."),
            tokens("Förvaltningsledare för regionen finansieras av regionen."),
            tokens("Förvaltningsledare leder arbetet. De överenskomna förpliktelserna gäller."),
            tokens("Överenskommelsen gäller och de överenskomna målen nås."),
        ]
    )
    assert "förvaltningled" in bm25.expand(frozenset({"förvaltningsledar"}))
    # a word that is no one-off (two passages write it) is another word, not a misspelling
    assert "överenskomn" not in bm25.expand(frozenset({"överenskomm"}))
