"""Follow-ups: "och 2027?" after "Vad betalar <kommun> 2026?" is answered as "Vad betalar <kommun> 2027?".

Without a language model, by rule: a question that is only a year, a place or a
parameter (elliptical), or that carries a follow-up word ("då", "och",
"then"), takes what it lacks from the previous stand-alone question: the year,
the place, and for an elliptical one the whole topic. The stand-alone question
is what gets answered and is returned as `asked_as`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from ..agreements import Registry, fold
from ..answering.asks import INTERROGATIVE
from ..answering.kinds import Kind
from . import ParsedQuestion, parse, with_text
from .intent import COMPARES
from .parameters import parameter_phrases, without_parameters

# Function words that carry no topic of their own (Swedish and English).
_FILLER = frozenset(
    fold(w)
    for w in "och and men but då then sen what about how hur är det med om if i för in for år year the a "
    "vad gäller samma same också also istället instead of kommun kommunen municipality eller or".split()
)
"""Folded, as the words they are compared with ("då" is "da")."""
_MARKER = re.compile(
    r"^(och|and|men|but|what about|how about|hur är det med|samma|same)\b|\b(då|then)\b", re.I
)
# "med lika många användare", "with the same number of users": the earlier turn's value, said again
_SAME = re.compile(
    r"\b(?:med\s+|with\s+)?(?:samma\s+antal|lika\s+många|samma|the\s+same\s+number\s+of|the\s+same|as\s+many)"
    r"\s+[^\W\d_]+",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[ ,.]\d+)*")
# a noun for a document, next to the alias that names it ("överenskommelsen 2026-2030")
_DOC_NOUN = r"avtal\w*|överenskommelse\w*|agreement|plan\w*|protokoll\w*"
# A pronoun pointing back at the previous question's subject ("Hur mycket blir det om ...?").
_ANAPHOR = re.compile(r"\b(det|den|dem|deras|dess|it|that|they|them|their|its)\b", re.I)
# a question that names where its answer is written: "enligt <dokument>", "according to ..."
_SOURCE = re.compile(r"\b(enligt|according to|i avtalet|i överenskommelsen|in the agreement)\b", re.I)
# "i överenskommelsen", "enligt avtalet", "in the agreement": the one the conversation is about, no
# source of the question's own
_DEFINITE_SOURCE = re.compile(
    r"\b(enligt|i|according to|in|under)\s+(avtalet|överenskommelsen|planen|protokollet|the agreement|"
    r"the plan|the minutes)\b(?!\s+(\d|(?-i:[A-ZÅÄÖ])|för|mellan|om|med|från|between|for|with|of|from)\b)",
    re.I,
)
_AUXILIARY = "ska|skall|kan|har|hade|är|var|får|fick|måste|behöver|bör|vill|gör|gjorde"
# A pronoun whose referent is the earlier question's subject (or its answer's person). "de" is one
# before a verb ("Vem bestämmer hur de ska arbeta?"); before a noun it is an article ("de 14 kommunerna").
_SUBJECT_PRONOUN = re.compile(
    r"\b(det|detta|den|denna|dessa|hon|han|hen|hennes|hans|henne|honom|dem|deras|it|this|that|these|"
    r"she|he|her|his|him|they|them|their)\b"
    rf"|\bde\b(?=\s+({_AUXILIARY})\b|\s*[?.,]|$)|\b({_AUXILIARY})\s+de\b",
    re.I,
)
# "den delegation som ...": a determiner whose relative clause names the referent is no pronoun
_DETERMINED = re.compile(r"\b(det|den|de|denna|detta|dessa)\s+[\w-]+\s+som\b", re.I)
# Payer roles: a follow-up may swap "kommunerna" for "regionen" and keep the rest.
_ROLE = re.compile(r"\b(regionen|regionens|kommunerna|kommunernas|the region|the municipalities)\b", re.I)


def _document_spans(text: str, q: ParsedQuestion, registry: Registry) -> list[tuple[int, int]]:
    """Where `text` names the documents `q` names (by one of their aliases)."""
    spans = []
    # as `parse` reads aliases: dashes unified ("2026–2030" is the alias "2026-2030"); same length
    lowered = text.casefold().replace("–", "-").replace("—", "-")
    for document in q.documents:
        agreement = registry.for_document(document)
        entry = agreement.documents.get(document, {}) if agreement else {}
        for alias in entry.get("aliases") or ():
            m = re.search(r"(?<!\w)" + re.escape(str(alias).casefold()) + r"[\w-]*", lowered)
            if m:
                start = m.start()
                # "överenskommelsen om Lifecare SP 2026-2030": the noun and what it is about, before the alias
                before = re.search(
                    rf"({_DOC_NOUN})(?:\s+(?:om|för|kring|angående|on|about|for|of)(?:\s+[\w-]+){{1,3}})?\s+$",
                    lowered[:start],
                )
                # "interim agreement": the document noun after the alias is part of the name too
                after = re.match(rf"\s+({_DOC_NOUN}|minutes)\b", lowered[m.end() :])
                end = m.end() + (after.end() if after and not before else 0)
                spans.append((before.start() if before else start, end))
                break
    return spans


def _entity_words(q: ParsedQuestion, registry: Registry | None = None) -> set[str]:
    words: set[str] = set()
    for m in _ROLE.finditer(q.text):
        words.update(fold(w) for w in m.group(0).split())
    if registry is not None:
        for a, b in _document_spans(q.text, q, registry):
            words.update(fold(w) for w in _WORD.findall(q.text[a:b]))
    for muni in q.municipalities:
        words.update(fold(w) for w in re.split(r"[\s-]+", muni.name))
        words.update(fold(w) for w in re.split(r"[\s-]+", muni.display))
    for r in (*q.places.regions, *q.places.other_regions):
        words.update(fold(w) for w in r.split())
    return words


def _elliptical(q: ParsedQuestion, registry: Registry) -> bool:
    """Only a year, place, role, document or parameter and function words: 'och 2027?', 'Och <kommun>?'."""
    entities = _entity_words(q, registry)
    rest = []
    for w in _WORD.findall(_SAME.sub(" ", without_parameters(_without_shift(q)))):
        f = fold(w)
        if f in _FILLER or f in entities or f.rstrip("s") in entities or w[0].isdigit():
            continue
        rest.append(f)
    has_entity = (
        bool(entities) or not q.year_defaulted or bool(q.year_shift) or q.parameters != type(q.parameters)()
    )
    return has_entity and not rest


def _without_shift(q: ParsedQuestion) -> str:
    """The text without the words of a conversation-relative year ("året efter")."""
    if not q.shift_phrase:
        return q.text
    return re.sub(re.escape(q.shift_phrase), " ", q.text, count=1, flags=re.I)


def _swap_role(text: str, old: ParsedQuestion, role: str) -> str:
    """Put the new payer role in place of the old role or municipality: 'kommunerna' -> 'regionen'."""
    m = _ROLE.search(text)
    if m:
        return text[: m.start()] + role + text[m.end() :]
    for region in old.places.regions:
        # "Vem är förvaltningsledare för Region <namn>?" -> "... för kommunerna i <namn>?"
        named = re.search(rf"\bRegion {re.escape(region)}\b", text)
        if named:
            return text[: named.start()] + f"{role} {tr_in(old.language, region)}" + text[named.end() :]
    if old.municipality is not None:
        for form in (old.municipality.display, old.municipality.name):
            pattern = re.compile(rf"\b{re.escape(form)}s?\b", re.I)
            if pattern.search(text):
                text = pattern.sub(role, text, count=1)
                region = old.municipality.region
                return _append(text, tr_in(old.language, region)) if region else text
    return _append(text, role)


def _swap_document(
    text: str, old: ParsedQuestion, new: ParsedQuestion, new_text: str, registry: Registry
) -> str:
    spans = _document_spans(new_text, new, registry)
    if not spans:
        return text
    name = new_text[spans[0][0] : spans[0][1]]
    old_spans = _document_spans(text, old, registry)
    if old_spans:
        a, b = old_spans[0]
        return text[:a] + name + text[b:]
    return _append(text, ("under " if old.language == "en" else "enligt ") + name)


def _swap_year(text: str, old: ParsedQuestion, year: int) -> str:
    if not old.year_defaulted and old.year is not None and str(old.year) in text:
        return re.sub(rf"(?<!\d){old.year}(?!\d)", str(year), text, count=1)
    return _append(text, str(year))


def _swap_place(text: str, old: ParsedQuestion, new: ParsedQuestion) -> str:
    if new.municipality is not None and old.municipality is not None:
        for form in (old.municipality.display, old.municipality.name):
            pattern = re.compile(rf"\b{re.escape(form)}(s?)\b", re.I)
            if pattern.search(text):
                return pattern.sub(lambda m: new.municipality.name + m.group(1), text, count=1)  # type: ignore[union-attr]
    place = new.municipality.name if new.municipality else (new.places.regions or new.places.other_regions)[0]
    if new.municipality is None and old.municipality is None:
        for region in (*old.places.regions, *old.places.other_regions):
            # "När faktureras kommunerna i <region>?" + "Och i <annan region>?": that region instead
            pattern = re.compile(rf"\b{re.escape(region)}s?\b", re.I)
            if pattern.search(text):
                return pattern.sub(place, text, count=1)
    return _append(text, tr_in(old.language, place))


def tr_in(language: str, place: str) -> str:
    return f"in {place}" if language == "en" else f"i {place}"


def _append(text: str, words: str) -> str:
    stripped = text.rstrip(" ?.!")
    tail = text[len(stripped) :] or "?"
    return f"{stripped} {words}{tail}"


def _strip_markers(text: str) -> str:
    text = re.sub(r"\s*\b(då|then)\b", "", text, flags=re.I)
    text = re.sub(r"^(och|and|men|but)\s+", "", text, flags=re.I).strip()
    return text[:1].upper() + text[1:] if text else text


# "Och utredningen om ...?", "And the review of ...?": a noun phrase alone, opened by an article or a
# definite noun; a question word, a condition ("om", "if") or a verb makes it a question of its own
_TOPIC_START = re.compile(
    r"^(?:the|a|an|en|ett|den|det|de)\s+\w|^[a-zåäö]{3,}(?:en|et|na|erna|arna|orna|ningen)\b", re.I
)
_TOPIC_VERB = re.compile(
    r"\b(?:är|var|blir|blev|har|hade|ska|skall|kan|kunde|får|fick|måste|bör|gäller|betalar|kostar|finns|"
    r"sker|tas|görs|is|are|was|were|does|do|did|has|have|had|will|can|must|pays|costs)\b",
    re.I,
)
_QUESTION_WORD = re.compile(rf"\b{INTERROGATIVE.pattern}", re.I)
TOPIC_WORDS = 14
"""Longest noun phrase read as a topic follow-up; a longer one is a question of its own."""


def _topic_only(
    q: ParsedQuestion, prev: ParsedQuestion, registry: Registry, today: date
) -> ParsedQuestion | None:
    """`q` as the earlier question asked of another subject, when it is a noun phrase after "och" /
    "and" / "what about": the earlier question lends what is asked and its words (weighed as context)."""
    m = _MARKER.match(q.text)
    if m is None or m.group(1) is None or prev.asked is None or q.intent.is_cost:
        return None
    rest = q.text[m.end() :].strip(" ,?.!")
    words = rest.split()
    if not words or len(words) > TOPIC_WORDS or not _TOPIC_START.match(rest) or _TOPIC_VERB.search(rest):
        return None
    if q.asked is None or q.asked.kind is not Kind.OTHER or _QUESTION_WORD.search(rest):
        return None
    own = split_context(prev.text)[0]
    context = own.rstrip(" ?")
    # the follow-up's own words stay as written ("Och <namn> (...)?"): a name inside them is read as one
    asked_as = f"{q.text.rstrip(' ?.!')} ({context})?"
    again = with_text(q, registry, today, asked_as, ("topic", "subject"), context)
    return replace(again, asked=prev.asked)


def _asks_time(q: ParsedQuestion) -> bool:
    """Whether `q` asks when (a date, a deadline) rather than a cost: then the time is its answer, and
    the year the conversation was in ("på mötet i februari 2025") would only hide a later one."""
    return not q.intent.is_cost and q.asked is not None and q.asked.kind is Kind.DATE


def resolve(
    q: ParsedQuestion, history: Sequence[ParsedQuestion], registry: Registry, today: date
) -> ParsedQuestion:
    """`q` made to stand alone against the last turn of `history` (unchanged when it already does)."""
    if not history:
        return q
    prev = history[-1]
    part = _part_of(q, prev)
    if part is not None:
        # "Hur mycket av det betalar kommunerna 2026?" after the extra charge: of that charge; the
        # rest (its count, its place) is carried as for any cost follow-up
        q = replace(parse(part, registry, today), language=q.language)
    counted = _swap_count(q, prev)
    if counted is not None:
        # "Och om det är 230?" after "... om 205 användare ...?": the same question with that count
        return with_text(q, registry, today, counted, ("parameters",))
    compared = _compared(q, history)
    if compared is not None:
        # "Hur mycket mer blir det?" after the amounts of two years: those two years compared
        return with_text(q, registry, today, compared, ("topic", "year"))
    elliptical = _elliptical(q, registry)
    marked = bool(_MARKER.search(q.text))
    # "året efter" points back at the conversation's year as a pronoun points at its subject
    anaphoric = (
        marked or bool(_ANAPHOR.search(q.text)) or bool(_SUBJECT_PRONOUN.search(q.text)) or bool(q.year_shift)
    )
    topic = None if elliptical else _topic_only(q, prev, registry, today)
    if topic is not None:
        # "Och utredningen om <x>?" after "Hur påverkar <y> förvaltningen?": the same question of <x>
        return topic
    contrast = None if elliptical else _contrast(q.text, prev.text)
    if contrast is not None:
        # "Och på kommunsidan?" after "Vem står för budgeten på regionsidan?": the same question there
        return with_text(q, registry, today, contrast, ("topic",))
    if not elliptical and not anaphoric and not (q.intent.is_cost and prev.intent.is_cost):
        return _scoped(q, prev, registry, today)
    carried: list[str] = []
    context = ""
    if elliptical:
        text = prev.text
        if not q.year_defaulted and q.year is not None:
            text = _swap_year(text, prev, q.year)
            carried.append("topic")
        elif q.year_shift and prev.year is not None:
            text = _swap_year(text, prev, prev.year + q.year_shift)
            carried.append("topic")
        if q.names_place():
            text = _swap_place(text, prev, q)
            carried.append("topic")
        role = _ROLE.search(q.text)
        if role and not q.municipalities:
            text = _swap_role(text, prev, role.group(0).lower())
            carried.append("topic")
        if q.documents:
            text = _swap_document(text, prev, q, q.text, registry)
            carried.append("topic")
        if q.parameters != type(q.parameters)():
            extra = re.sub(r"^(och|and)\s+", "", q.text.rstrip(" ?.!"), flags=re.I)
            text = _append(text, extra)
            carried.append("topic")
        if text == prev.text:
            return q
        return with_text(q, registry, today, text, tuple(dict.fromkeys(carried)))
    text = _strip_markers(q.text) if marked else q.text
    if q.year_shift and prev.year is not None:
        # "Vad betalar <kommun> året efter?": the conversation's year, moved by one
        text = re.sub(re.escape(q.shift_phrase), str(prev.year + q.year_shift), text, count=1, flags=re.I)
        carried.append("year")
    elif q.year_defaulted and not prev.year_defaulted and prev.year is not None and not _asks_time(q):
        text = _append(text, str(prev.year))
        carried.append("year")
    if anaphoric and not q.names_place() and prev.names_place():
        has_role = bool(_ROLE.search(q.text))
        place = (
            prev.municipality.name
            if prev.municipality and q.intent.is_cost and not has_role
            else (prev.places.regions or prev.places.other_regions or (None,))[0]
        )
        if place:
            text = _append(text, tr_in(q.language, place))
            carried.append("place")
    if anaphoric and not q.names_place() and not q.documents and "place" not in carried:
        # "Och vad åtar sig kommunerna?" after a question on one agreement: that agreement
        phrase = _document_phrase(prev, registry, q.language)
        if phrase:
            text = _append(text, phrase)
            carried.append("scope")
    if q.intent.is_cost and prev.intent.is_cost:
        # "Hur mycket betalar regionen då?" after "... om 250 användare är inloggade?": the same case
        given = parameter_phrases(q.text)
        for name, phrase in parameter_phrases(prev.text).items():
            if name not in given:
                text = _append(text, phrase)
                carried.append("parameters")
    if (
        _SUBJECT_PRONOUN.search(_DETERMINED.sub(" ", q.text))
        and not (q.intent.is_cost and prev.intent.is_cost)
        and not q.names_place()
        and not q.documents
    ):
        # "När signerade hon?", "Hur fördelas kostnaden för det?": the pronoun stands for what the
        # earlier question was about; its words go with this one (what is asked stays this one's)
        # the earlier question's own words, and what it took its subject from in turn: one level of
        # context, not a question nested in a question nested in a question
        own, earlier = split_context(prev.text)
        context = "; ".join(x for x in (own.rstrip(" ?"), earlier) if x)
        text = f"{text.rstrip(' ?')} ({context})?"
        carried += ["topic", "subject"]
    if not carried and text == q.text:
        return q
    return with_text(q, registry, today, text, tuple(dict.fromkeys(carried)), context)


_PREPOSITIONS = "på|i|för|hos|inom|vid|under|enligt|in|on|for|at|within"
# "Och på kommunsidan?", "And for the municipalities' side?": a preposition and a short noun phrase
_CONTRASTED = re.compile(
    rf"^\W*(?:och|and|men|but)?\s*(?P<prep>{_PREPOSITIONS})\s+(?P<np>[\w-]+(?:\s+[\w-]+){{0,2}})\s*\??\s*$",
    re.I,
)


def _contrast(text: str, previous: str) -> str | None:
    """The earlier question with the phrase after the same preposition put in place by this one's
    ("Vem står för budgeten på regionsidan?" + "Och på kommunsidan?"), or None when this question is
    no such fragment or the earlier one has no phrase after that preposition."""
    m = _CONTRASTED.match(text)
    if m is None:
        return None
    prep, np = m.group("prep").lower(), m.group("np")
    own, _ = split_context(previous)
    body = own.rstrip(" ?")
    # the last phrase after that preposition, up to the next preposition or the end
    found = None
    for f in re.finditer(rf"\b{prep}\s+([\w-]+(?:\s+(?!(?:{_PREPOSITIONS})\b)[\w-]+){{0,2}})", body, re.I):
        found = f
    if found is None or found.group(1).lower() == np.lower():
        return None
    return f"{body[: found.start(1)]}{np}{body[found.end(1) :]}?"


# a number alone, with the function words of a follow-up: "Och om det är 230?", "What about 250 then?"
_COUNT_ONLY = re.compile(
    r"^\W*(?:och|and|men|but|what about|how about|om|if|det|it|är|is|blir|vore|were|då|then|\s)*"
    r"(?P<n>\d{1,3}(?:[ \u00a0]\d{3})*|\d+)"
    r"(?:\s|då|then|istället|instead|in stead)*\W*$",
    re.I,
)
_YEAR_LIKE = re.compile(r"(19|20)\d{2}")


# "<Kommun>s del av det", "kommunens andel", "<name>'s part of it": a party's part of an amount
_PARTY_PART = re.compile(r"\b\w+s\s+(del|andel)\b|\b\w+['’]s\s+(part|share)\b", re.I)
_OF_THAT = re.compile(r"\b(av|of)\s+(det|detta|den|dem|that|it|this)\b", re.I)


def _part_of(q: ParsedQuestion, prev: ParsedQuestion) -> str | None:
    """`q` with "av det" / "of that" read as the extra charge the turn before asked about."""
    if q.intent.extra_only or not (
        prev.intent.extra_only and (q.intent.is_cost or _PARTY_PART.search(q.text))
    ):
        return None
    m = _OF_THAT.search(q.text)
    if m is None:
        return None
    noun = "av extrakostnaden" if m.group(1).lower() == "av" else "of the extra charge"
    text = f"{q.text[: m.start()]}{noun}{q.text[m.end() :]}"
    place = (prev.places.regions or (None,))[0]
    if place and not q.names_place():
        text = _append(text, tr_in(q.language, place))  # the charge is the earlier turn's region's
    return text


def _swap_count(q: ParsedQuestion, prev: ParsedQuestion) -> str | None:
    """The earlier question with its one count in place of this one's number ("Och om det är 230?"
    after "... om 205 användare ..."), or None when this is no bare number or that had no count."""
    m = _COUNT_ONLY.match(q.text)
    if m is None or _YEAR_LIKE.fullmatch(m.group("n")):
        return None  # "Och 2027?" is a year: the elliptical follow-up takes it
    own, _ = split_context(prev.text)
    counted = [p for p in parameter_phrases(own).values() if re.search(r"\d", p)]
    if len(counted) != 1:
        return None
    phrase = counted[0]
    number = re.search(r"\d[\d \u00a0]*\d|\d", phrase)
    assert number is not None
    new_phrase = phrase[: number.start()] + m.group("n") + phrase[number.end() :]
    return own.replace(phrase, new_phrase, 1)


def _compared(q: ParsedQuestion, history: Sequence[ParsedQuestion]) -> str | None:
    """The last cost question compared with the year of the cost question before it ("Hur mycket mer
    blir det?" after "Vad betalar <kommun> 2025?" and "Och 2026?"), or None when this question
    compares nothing, names its own two years, or the conversation has no two cost years."""
    years = q.period.years if q.period is not None else ()
    prev = history[-1]
    if not COMPARES.search(q.text) or len(set(years)) >= 2 or not prev.intent.is_cost or prev.year is None:
        return None
    if q.names_place() or q.documents or q.parameters != type(q.parameters)():
        return None  # a question of its own ("Hur mycket mer betalar <kommun>?"), not about the last two
    earlier = next(
        (h.year for h in reversed(history[:-1]) if h.intent.is_cost and h.year not in (None, prev.year)), None
    )
    if earlier is None:
        return None
    own, _ = split_context(prev.text)
    link = "compared with" if q.language == "en" else "jämfört med"
    return f"{own.rstrip(' ?')} {link} {earlier}?"


def split_context(text: str) -> tuple[str, str]:
    """A resolved question's own words and the context a pronoun took from an earlier turn:
    "Vem leder den (Var finns delegationen)?" -> ("Vem leder den", "Var finns delegationen")."""
    body = text.rstrip(" ?")
    if not body.endswith(")"):
        return text, ""
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(body[i], 0)
        if depth == 0:
            return body[:i].rstrip(), body[i + 1 : -1]
    return text, ""


def _scoped(q: ParsedQuestion, prev: ParsedQuestion, registry: Registry, today: date) -> ParsedQuestion:
    """A new question in a conversation that names no place or document is about the same ones as
    the one before it ("Vad åtar sig kommunerna?" after a question on one agreement)."""
    if q.names_place() or q.documents or not (prev.names_place() or prev.documents):
        return q
    if _SOURCE.search(_DEFINITE_SOURCE.sub(" ", q.text)):
        return q  # "... enligt <regionens> överenskommelse <år>?" names its own source
    scope = _document_phrase(prev, registry, q.language)
    if not scope:
        place = (prev.places.regions or prev.places.other_regions or (None,))[0]
        if place is None:
            return q
        scope = tr_in(q.language, place)
    return with_text(q, registry, today, _append(q.text, scope), ("scope",))


def _document_phrase(prev: ParsedQuestion, registry: Registry, language: str) -> str:
    """'enligt <how the earlier question named its document>', or '' when it named none."""
    spans = _document_spans(prev.text, prev, registry)
    if not spans:
        return ""
    a, b = spans[0]
    return ("under " if language == "en" else "enligt ") + prev.text[a:b]


def history_questions(history: Sequence[object]) -> list[str]:
    """The stand-alone questions of earlier turns: Answers (`asked_as` or `question`) or plain strings."""
    out = []
    for item in history:
        if isinstance(item, str):
            out.append(item)
        else:
            text = getattr(item, "asked_as", "") or getattr(item, "question", "")
            if text:
                out.append(str(text))
    return out


__all__ = ["history_questions", "parse", "resolve"]
