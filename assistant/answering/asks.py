"""What a question asks for: its question word, read into an `AskedFor`.

"Vem är central systemförvaltare?" asks for a name; a sentence saying that the
region appoints one is about the subject but does not answer it. The engine
uses `asked_for` to pick sentences that answer, and to refuse with the specific
gap when none does. Pure functions over the text: no corpus, no model.

The patterns are the question words of Swedish and English (when, who, how much, how long, ...),
not words of particular questions. Whether a sentence carries what is asked is `shapes.carries`
(re-exported here).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..checks.text import NUMBER_WORDS
from ..retrieval.text import GLOSSARY, cognate, query_groups
from .kinds import AskedFor, Kind
from .shapes import AGENT, PAST_VERB, UNTIL, WHICH_NOUN, carries, dates_in, has_name, within

__all__ = ["AskedFor", "Kind", "asked_for", "carries", "dates_in", "has_name", "within"]


_A = re.IGNORECASE
# nouns that name a length of time: "uppsägningstid", "avtalsperiod", "notice period", "term"
_TIME_NOUN = r"[a-zåäö]*(?:tid|tiden|period|perioden|längd)|(?:notice )?period|term|duration"
# points in time asked for in the plural: "öppettider", "mötestider", "tidpunkter", "opening hours"
_WHICH_TIMES = re.compile(
    r"\b(?:vilka|which|what are the|what)\s+"
    r"([a-zåäö-]*(?:tider|tiderna|tidpunkter\w*)|(?:opening\s+)?hours|times)\b",
    _A,
)
_MONEY_NOUN = r"[a-zåäö]*(?:belopp|beloppet|pris|priset|avgift|avgiften|kostnad|kostnaden|budget|budgeten)"
_PERSON_NOUN = r"person|personer|personen|namn|namnet|name|names|persons|people"

# a question word that opens the question (or a clause of it: "Kommunerna, när faktureras de?"),
# not one inside a subordinate clause ("Vad händer när avtalet upphör?")
_OPENS = r"(?:^\W*|[,;:]\s*|\b(?:och|and|men|but)\s+)"
INTERROGATIVE = re.compile(
    r"(hur|när|vem|vilk\w*|var|varför|vad|how|when|who|whom|which|what|where|why)\b", re.I
)
# what may come before the question word of a clause: a lead ("Jag undrar"), a preposition ("I vilken
# kommun", "For which year"), a dash after a topic ("Länsrutinerna – av vilken anledning ...?")
_LEAD_WORDS = (
    r"jag undrar|kan du säga|vet du|berätta|säg|tell me|please|do you know|"
    r"i|in|för|for|med|with|av|of|enligt|according to|om|about|till|to|på|on|at|från|from|under|inom|within"
)
_OPENING = re.compile(rf"(?:{_OPENS}|\s[–—-]\s*)(?:(?:{_LEAD_WORDS})\s+)*\x00", re.I)
# (kind, pattern, plural); the first match wins, so narrower questions come first
_RULES: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        Kind.SHARE,
        re.compile(
            r"\b(hur stor andel|hur stor del|vilken andel|hur många procent|vilken procent\w*|"
            r"what (share|percentage|proportion|part)|how (large|big) a (share|part))\b",
            _A,
        ),
    ),
    (
        Kind.AMOUNT,
        re.compile(
            rf"\b(hur mycket|vad kostar|vad kostade|vad betalar|vad betalade|vilket belopp|vilken summa|"
            rf"hur (stor|stora) (är|var|blir|blev) ({_MONEY_NOUN}\w*)|what did .* cost|"
            rf"(vilken|vilket|vad är|vad var) (\w+ )?({_MONEY_NOUN})|how much|what does .* cost|"
            rf"what (is|was) the (\w+ )?(cost|price|fee|amount|budget))\b",
            _A,
        ),
    ),
    (
        Kind.REASON,
        re.compile(
            r"\b(varför|av vilken anledning|av vilket skäl|hur kommer det sig|why|for what reason)\b", _A
        ),
    ),
    (
        Kind.FREQUENCY,
        re.compile(r"\b(hur ofta|how often|how frequently|hur många gånger|how many times)\b", _A),
    ),
    (Kind.COUNT, re.compile(r"\b(hur många|how many|antal\w*)\b", _A)),
    (
        Kind.DURATION,
        re.compile(
            rf"\b(hur länge|hur lång|hur långt|how long|"
            rf"(vilken|vilket|vad är|what is the|what's the) (\w+ )?({_TIME_NOUN}))\b",
            _A,
        ),
    ),
    (
        Kind.DATE,
        re.compile(
            rf"{_OPENS}(när|when)\b|\b({UNTIL}|"
            r"vilket datum|vilket år|vilken månad|from when|since when|"
            r"what date|which date|what year|which year|what month|"
            # "Vilket är svarsdatumet ...?", "What is the deadline date ...?": a noun for a day
            r"(vilket|vilken|vad) (är|var) (\w+ )?[a-zåäö]*datum(et)?|what('s| is| was) the (\w+ )?date)\b",
            _A,
        ),
    ),
    (
        Kind.NAME,
        re.compile(
            rf"\b(vad heter|vem är|vem var|vilken person|(vem|who) (på|hos|vid|inom|at) (?-i:[A-ZÅÄÖ])\w*|"
            rf"what is the name|who is|who was|who are|who were|"
            rf"(vilk\w+|which|what)\s+(\w+\s+)?({_PERSON_NOUN})|(namn|namnet|namnen|the names?) (på|of))\b",
            _A,
        ),
    ),
    (
        Kind.PARTY,
        re.compile(
            rf"{_OPENS}(vem|who|whom)\b|\b(vilka parter|vilken part|vilka kommuner|vilken kommun|"
            r"vilken region|which part(y|ies)|which municipalit(y|ies)|which region)\b",
            _A,
        ),
    ),
    (
        Kind.CONTACT,
        re.compile(
            # asked for ("Vilken e-postadress ...?", "What is the phone number ...?"), not mentioned
            # ("... personer utan känd adress", "people without a known address")
            r"\b(vad|vilken|vilket|vilka|what|which|what's|ange|give|finns det|is there|har|has|have)\b"
            r"(\s+[\w-]+){0,3}?\s+"
            r"(e-?post\w*|mejl\w*|e-?mail\w*|telefon\w*|phone\w*|webbplats\w*|webbadress\w*|"
            r"hemsida\w*|website|web address|url|postadress\w*|address\w*|adress\w*)\b",
            _A,
        ),
    ),
    (
        Kind.PLACE,
        re.compile(
            r"^(var|where)\b|\b(var (hålls|hölls|ligger|sker|finns)|where|varifrån|vart|var\b.+\bifrån)\b", _A
        ),
    ),
    (
        Kind.DEFINITION,
        re.compile(
            r"\b(vad innebär|vad betyder|vad menas|vad är|what is|what are|what does .* mean|"
            r"define|definition)\b",
            _A,
        ),
    ),
    # a request for a list: "Räkna upp målen", "Kan du lista parterna?", "Nämn alla ...", "List the ..."
    (
        Kind.LIST,
        re.compile(
            r"\b(vilka|which|list|lista|räkna upp|nämn (alla|samtliga|de)|name the|what are the|enumerate)\b",
            _A,
        ),
    ),
)
_YES_NO = re.compile(
    r"^(är|finns|gäller|har|kan|ska|skall|får|måste|hänvisar|ingår|stämmer|innehåller|anger|"
    r"is|are|does|do|did|can|has|have|was|were|will|shall|must)\b",
    _A,
)
# a Swedish question that opens with its finite verb and then its subject asks yes or no, whatever the
# verb ("Slipper vi ...?", "Ändras överenskommelserna ...?", "Räknas införandeprojektet in ...?"): the
# subject is a pronoun, an article or a definite noun; the first word is no question word, preposition
# or conjunction
_NOT_VERBS = (
    r"(?:hur|när|vem|vilk\w*|var|varför|vart|vad|och|men|eller|om|i|på|av|för|till|från|med|under|efter|"
    r"innan|enligt|inom|utan|vid|hos|så|då|sen|sedan|också|även|jag|vi|de|den|det|en|ett|alla|man)"
)
_VERB_FIRST = re.compile(
    rf"^\W*(?!{_NOT_VERBS}\b)([a-zåäö]{{3,}})\s+(?!{INTERROGATIVE.pattern})"
    r"(?:vi|jag|du|ni|man|de|den|det|dom|han|hon|hen|någon|något|några|alla|en|ett|"
    r"[a-zåäö-]{3,}(?:na|en|et))\b"
)
# a question that ends on what something rests on: "... based on?", "... grundar de sig på?"
_BASIS = re.compile(
    r"\b(based on|baserad på|baserat på|baseras på|grundar (sig|de sig|den sig|det sig) på|bygger på|"
    r"depends? on|beror på|utgår från)\s*[?.!]*\s*$",
    _A,
)
_CONJUNCTION = re.compile(r"^\W*(?:och|men|and|but)\s+", _A)
# what follows "which <noun>" in English when the noun is the head: a verb ("Which organisation is ...",
# "Which municipality pays ...") or the end; any other word makes the noun a modifier
_ENGLISH_VERB = re.compile(
    r"(is|are|was|were|does|do|did|has|have|had|will|would|can|could|should|must|may|might|shall|"
    r"'s|[a-z]+s|[a-z]+ed)\b",
    _A,
)


def _modifies(q: str, noun: re.Match[str]) -> bool:
    """Whether the noun after "what"/"which" modifies the noun after it ("What organisation number
    ...?" asks for a number, not an organisation). Swedish writes such a compound as one word."""
    if noun.group(1).lower() not in ("which", "what"):
        return False
    after = re.match(r"\s+([\w'-]+)", q[noun.end() :])
    return after is not None and not _ENGLISH_VERB.fullmatch(after.group(1))


# "vilka" + verb + particle, preposition or article: Swedish puts the verb second, so a noun after
# "vilka" is followed by a verb ("Vilka mål har ..."), a verb by its object or particle
_WHO_PLURAL = re.compile(
    r"^\W*vilka\s+\w+\s+(i|på|för|under|av|med|till|om|vid|in|ut|upp|den|det|de|dem|en|ett|sig|inte)\b", _A
)
# "vilka" and a verb in the past ("ledde", "beslutade"; not a noun in -nde, "ärende"), opening the
# question or after a dash that ends its topic
_WHO_DID = re.compile(
    rf"(?:^\W*|\s[–—-]\s*)vilka\s+(?:({PAST_VERB})\b"
    # a strong past before its object ("Vilka föredrog ärendet ...?"): Swedish puts the verb second
    r"|([a-zåäö]{3,})(?=\s+(?:den|det|dem|detta|denna|[a-zåäö]{3,}(?:et|na))\b))",
    _A,
)
_NAMED_WORD = re.compile(r"(?<=[\w,] )[A-ZÅÄÖ][\w-]+")
# "Vilka är de 14 kommunerna ...?", "Which are the municipalities ...?": the noun after the article
_WHICH_ARE = re.compile(r"\b(vilka är|which are)\s+(?:de|dessa|the)\s+(?:\d+\s+)?([\w-]+)", _A)
# "Vad står förkortningen VU för?", "Vad betyder NK?", "What does VM stand for?"
_ABBREVIATION_ASKED = re.compile(
    r"\b(?:vad står|vad betyder|vad avser|vad syftar|what does|what do|what is meant by)\s+"
    r"(?:förkortning\w*\s+|the abbreviation\s+)?(?-i:([A-ZÅÄÖ]{2,6}))\b"
    r"(?:\s+(?:och|and)\s+(?-i:[A-ZÅÄÖ]{2,6}))?\s*(?:för|på|stand for|mean|refer to)?",
    _A,
)
# an adjective after "vem är" / "who is": responsibility, not identity
_ADJECTIVE = re.compile(
    r"\s+(\w*ansvarig\w*|\w*behörig\w*|\w*skyldig\w*|med i|"
    r"responsible|accountable|in charge|on|in|part of|member)\b",
    _A,
)
_PERSONS = re.compile(r"personer|person|people", _A)
_OF_PERSON = re.compile(
    r"\s+(?:of\s+)?(?:den\s+|det\s+|the\s+|our\s+|vår\s+)?(?:ny\w*\s+|new\s+)?"
    r"(person\w*|han|hon|hen|he|she|kontaktperson\w*|contact person)\b",
    _A,
)
# "Vem har anställts som <roll>?", "Vilka har utsetts till <roll>?", "Who was hired as <role>?": who holds
# the role after a passive (a weak supine or participle in -ts, -dd, -d, -ed, or "valts", "blivit")
_APPOINTED_AS = re.compile(
    r"^\W*(?:vem|vilka|who)\s+(?:har|hade|blev|har blivit|is|was|were|has been|have been)?\s*"
    r"(?:[a-zåäö]+(?:ts|tts|ats|ades|des|ed)|valts|blivit|named|chosen)\s+(?:som|till|as|to be)\s+"
    r"(?:the\s+|a\s+|an\s+|en\s+|ett\s+)?((?:[a-zåäö-]+\s+){0,2}?[a-zåäö][a-zåäö-]{4,})"
    r"(?=\s+(?:för|i|på|hos|vid|inom|of|for|in|at)\b|\s*[?.]|$)",
    _A,
)
_DUTY = re.compile(r"[a-zåäö-]*(ansvarig|behörig|skyldig)[a-zåäö]*", _A)
# the noun after "who is (the)": "Who is the data controller ...?" ("controller": personuppgiftsansvarig)
_ROLE_AFTER = re.compile(r"^\s+(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+)?([a-z-]+)", _A)


def _duty(word: str) -> bool:
    """Whether a role word names a duty ("personuppgiftsansvariga", English by its glossary word)."""
    word = word.lower()
    return bool(_DUTY.fullmatch(word)) or any(_DUTY.fullmatch(w) for w in GLOSSARY.get(word, "").split())


def _duty_named(rest: str, language: str) -> bool:
    m = _ROLE_AFTER.match(rest) if language == "en" else None
    return m is not None and _duty(m.group(1))


# "vem"/"who" and a verb that is not "är"/"is": who does something, not who someone is
_WHO_DOES = re.compile(
    r"^\W*(vem|who)\s+(?!(är|var|heter|is|was|are|were|'s|på|hos|vid|inom|at)\b)[a-zåäö]+", _A
)
# "år för år", "steg för steg", "year by year": one item after the other, a list
_PLURAL = re.compile(r"\b(vilka|which \w+s|who are|who were|what are|list|(\w{2,}) (?:för|by) \2)\b", _A)
_SAYS_ABOUT = re.compile(
    r"^\W*(vad (säger|står det i|anger|skriver)|what (does|do) .{1,60} say)\b.*\b(om|about)\b", _A
)
# a phrase before the clause, set off by a comma: "In the <region> interim model, is ...?"
_ADVERBIAL = re.compile(r"^\W*(?:i|in|enligt|according to|under|for|för|inom|within)\b[^,?]{2,80},\s*", _A)
_LEAD = re.compile(r"^\W*((jag undrar|kan du säga|berätta|säg|tell me|please)\W+)*", _A)


def asked_for(text: str, language: str = "sv") -> AskedFor:
    """The kind of answer `text` asks for, and how many items a list question names."""
    asked = _asked_for(text, language)
    many = _ITEMS.search(" ".join(text.split()))
    if many is None:
        return asked
    word = many.group(1).lower()
    n = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)
    listed = asked.kind is Kind.LIST or asked.plural
    return replace(asked, items=n) if n >= 2 and listed else asked


# "de tio bärande delarna", "vilka tre steg", "the three steps": a list question that names its length
_NUMBER_WORDS = {
    **NUMBER_WORDS,
    **{
        w: n
        for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
    },
}
_ITEMS = re.compile(
    r"\b(?:vilka|which|what|de|dessa|the|these|those)\s+(\d{1,2}|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")\s+(?:[a-zåäö-]+\s+)?[a-zåäö-]+(?:na|rna|erna|arna|orna|ar|er|or|s|n)\b",
    _A,
)


# English contractions, read as their full forms: "Who's our contact ...?" asks as "Who is ...?" does
_WH_IS = re.compile(r"\b(who|what|where|when|how|which|that|there|it)['’]s\b", _A)
_NOT = re.compile(r"\b(is|are|was|were|does|do|did|has|have|had|could|should|would)n['’]t\b", _A)
_IRREGULAR_NOT = {"won't": "will not", "can't": "cannot", "won’t": "will not", "can’t": "cannot"}


def _options(either: re.Match[str] | None, language: str) -> tuple[str, ...]:
    """The two alternatives asked between, as the documents would write them; none when they are one
    word twice ("a yearly limit or a limit for ...": the alternatives are in what follows the word)."""
    if either is None:
        return ()
    words = tuple(w.lower() for w in either.groups())
    if words[0] == words[1]:
        return ()
    if language == "en":  # the Swedish word where the glossary has one ("invoice": "faktura")
        return tuple((GLOSSARY.get(w, "").split() or [w])[0] for w in words)
    return words


def _uncontracted(q: str) -> str:
    q = _WH_IS.sub(lambda m: f"{m.group(1)} is", q)
    q = _NOT.sub(lambda m: f"{m.group(1)} not", q)
    return re.sub(r"\b(won|can)['’]t\b", lambda m: _IRREGULAR_NOT[m.group(0).lower()], q, flags=re.I)


# "Vem är det som utser ...?", "Who is it that appoints ...?": a cleft asks what its clause asks ("Vem utser")
_CLEFT = re.compile(
    r"^(\W*)(vem|vilka|vad|vilken|vilket|när|var|who|what|which|when|where)\s+"
    r"(?:är|var|blir|is|was|are|were)\s+(?:det|it)\s+(?:som|that)\s+",
    _A,
)


def _asked_for(text: str, language: str = "sv") -> AskedFor:
    """The kind of answer `text` asks for. Pure and cheap: a few regular expressions.

    `language` ("sv" or "en"): the rules hold both languages; an English noun asked for is checked
    by its Swedish word.
    """
    q = _CLEFT.sub(r"\1\2 ", _uncontracted(" ".join(text.split())))
    # "Vad säger överenskommelsen om omförhandling?": all it says there, like a list
    plural = bool(_PLURAL.search(q) or _SAYS_ABOUT.search(q))
    named = frozenset(w.lower() for w in _NAMED_WORD.findall(q))
    if _WHO_PLURAL.search(q) and not _WHICH_ARE.search(q):
        # "Vilka skrev under ...?", "Vilka sitter i ...?": "vilka" asks who, like "vem", in the plural
        return AskedFor(Kind.PARTY, True, "vilka", named)
    did = _WHO_DID.search(q)
    if did:
        # "Vilka ledde projektet?", "<Projektet> – vilka ledde det?": who did it, as "Vem ledde ...?"
        # asks (with the verb a unit that answers has), in the plural
        verb = did.group(1) or did.group(2)
        return AskedFor(Kind.PARTY, True, "vilka", named, verb=_verb_asked(Kind.PARTY, f" {verb}"))
    role = _ROLE_ASKED.search(q) or _ROLE_FIRST.search(q)
    if role and _duty(role.group(2)):
        # "Vilka är personuppgiftsansvariga ...?" asks who holds a duty, as "Vem är ansvarig ...?" does
        many = plural or role.group(1).lower().startswith("vilka")
        return AskedFor(Kind.PARTY, many, role.group(1).lower(), named)
    if role and not role.group(1).lower().startswith("vem") and _AGENT_NOUN.fullmatch(role.group(2).lower()):
        # "Vilka är förvaltningsledare ...?", "Förvaltningsledarna ... – vilka är de?": the people in a role
        return AskedFor(Kind.NAME, True, "vilka", named, role.group(2).lower())
    short = _ABBREVIATION_ASKED.search(q)
    if short:
        # "Vad står förkortningen VU för?": a unit that spells it out, not one that only uses it
        return AskedFor(Kind.DEFINITION, False, short.group(0).lower(), named, abbreviation=short.group(1))
    noun = _WHICH_ARE.search(q) or WHICH_NOUN.search(q)
    if (
        noun
        and AGENT.fullmatch(noun.group(2))
        and not _PERSONS.fullmatch(noun.group(2))
        and not _modifies(q, noun)
    ):
        # "Vilken leverantör ...?", "Which municipalities ...?", "Vilka är de 14 kommunerna ...?":
        # a party, named or by its role
        return AskedFor(Kind.PARTY, plural, f"vilka {noun.group(2).lower()}", named)
    clock = _WHICH_TIMES.search(q)
    if clock:
        # "Vilka öppettider har supporten?", "What are the opening hours?": times of day or dates
        return AskedFor(Kind.DATE, plural, clock.group(0).lower(), named)
    # a question word that opens the question or one of its clauses asks; one inside a clause is part
    # of what is asked about ("Vem bestämmer hur mycket ...?", "Who decides how much ...?" ask who)
    found = [(kind, m) for kind, pattern in _RULES for m in (pattern.search(q),) if m]
    inner = [
        (kind, m)
        for kind, m in found
        if INTERROGATIVE.match(m.group(0).lstrip(" ,;:")) and not _OPENING.search(q[: m.start()] + "\x00")
    ]
    asking = [f for f in found if f not in inner]
    # "Is the charge based on how many users we have?", "In the interim model, is the charge ...?":
    # a question whose clause opens with its verb asks yes or no; its question words are inner ones
    yes_no = bool(
        _YES_NO.match(_LEAD.sub("", q))
        or _YES_NO.match(_ADVERBIAL.sub("", q))
        or (language != "en" and bool(_VERB_FIRST.match(_CONJUNCTION.sub("", _LEAD.sub("", q)).lower())))
    )
    if yes_no and not asking:
        found = []
    if _BASIS.search(q):
        # "What is the cost based on?", "Vad grundar sig kostnaden på?": what it rests on, not an amount
        return AskedFor(Kind.OTHER, plural, "", named)
    for kind, m in (asking or found)[:1]:
        if m:
            said = m.group(0).strip(" ?").lower()
            if kind is Kind.NAME and m.group(0).lower().startswith(("who are", "who were")):
                kind = Kind.PARTY  # "Who are the parties?": parties, roles or names all answer
            if kind is Kind.NAME and (_ADJECTIVE.match(q[m.end() :]) or _duty_named(q[m.end() :], language)):
                kind = Kind.PARTY  # "Vem är ansvarig för ...?": who holds a duty, not who someone is
            hired = _APPOINTED_AS.match(q)
            if hired and kind in (Kind.NAME, Kind.PARTY):
                # "Vem har anställts som administratör?", "Who was appointed as coordinator?": the person
                # in that role, named, and a sentence that names the role
                held = hired.group(1).split()[-1].lower() if language != "en" else ""
                return AskedFor(Kind.NAME, plural, "vem", named, held)
            if kind is Kind.NAME and _WHO_DOES.match(q):
                kind = Kind.PARTY  # "Who appoints the contact person?": who acts, a role or a body
            if kind is Kind.NAME and _OF_PERSON.match(q[m.end() :]):
                # "Vad heter personen som ...?", "What is the name of the person ...?": a person's name,
                # not a thing's (a title in quotes does not answer)
                said = "vem heter"
            asked_noun = _noun_asked(kind, q, language)
            verb = _verb_asked(kind, q[m.end() :]) if language != "en" else ()
            return AskedFor(kind, plural, said, named, asked_noun, verb=verb)
    either = _EITHER_OR.search(q)
    options = _options(either, language)
    if yes_no:
        # "Har man redan bestämt att förlänga ...?": that it was decided, not that it may be done
        decided = ("beslut", "bestämt", "decided") if _DECIDED.search(q) else ()
        return AskedFor(Kind.YES_NO, False, "", options=options, verb=decided)
    # "Faktureras kommunerna i juni eller december?": a verb first, and two alternatives
    asked_noun = _noun_asked(Kind.OTHER, q, language)
    return AskedFor(Kind.OTHER, plural and not options, "", noun=asked_noun, options=options)


# a yes/no question on whether a decision was taken: "Har man bestämt ...?", "Is it decided ...?"
_DECIDED = re.compile(
    r"\b(bestämt|bestämts|beslutat|beslutats|fattat beslut|decided|agreed on|been agreed)\b", _A
)
# "... inklusive eller exklusive moms?", "... in June or in December?": two alternatives, one word each
_EITHER_OR = re.compile(
    r"\b([\wåäö-]{3,})\s+(?:eller|or)\s+(?:i\s+|in\s+|ett\s+|en\s+|a\s+|an\s+|the\s+|den\s+|det\s+)?([\wåäö-]{3,})\b",
    _A,
)
"""("... årets högsta värde eller ett genomsnitt?": the second option is the noun, not its article)"""
# "Med vilket index ...?", "Vilket organisationsnummer ...?": the singular "which" and its noun
_WHICH_ONE = re.compile(r"\b(vilken|vilket|which)\s+([a-zåäöé-]{3,})", _A)
# "hur många användare", and an abbreviation's plural: "hur många SIP:ar" counts SIP
_HOW_MANY = re.compile(r"\b(hur många|how many)\s+([a-zåäöé-]{4,}|[a-zåäö]{2,}(?=:[a-zåäö]+\b))", _A)


# kinds whose answer is an attribute of the question's verb: how often, who does (a time or a
# duration is often written with another verb: "När faktureras ...?" - "Debitering sker i juni")
_VERB_KINDS = frozenset({Kind.FREQUENCY, Kind.PARTY})
_LIGHT_VERBS = frozenset(
    "är var blir blev har hade ska skall kan får fick måste bör behöver sker skedde gäller gällde "
    "finns fanns görs gjordes tas ges sätts kommer går gick tar ser ses "
    # membership: a roster lists members without the verb ("Vem sitter i gruppen?")
    "sitter satt ingår ingick deltar deltog medverkar arbetar jobbar".split()
)


def _verb_asked(kind: Kind, rest: str) -> tuple[str, ...]:
    """The stems of the verb right after the question word ("sammanträder" in "Hur ofta sammanträder
    gruppen?") and of its synonyms, when its kind is about a verb and the verb is no light verb."""
    if kind not in _VERB_KINDS:
        return ()
    m = re.match(r"\s*([a-zåäö]{4,})\b", rest)
    if m is None or m.group(1) in _LIGHT_VERBS:
        return ()
    return tuple(sorted(next(iter(query_groups(m.group(1))), frozenset())))


def _noun_asked(kind: Kind, q: str, language: str = "sv") -> str:
    """The noun a question asks for an instance or a number of, when the kind alone does not say.

    In English, the noun must be checked in Swedish text: it is its glossary word or its Swedish
    spelling ("items" has neither, so it is not checked), as the first word of `noun`."""
    if kind is Kind.NAME:
        m = _ROLE_ASKED.search(q) or _ROLE_FIRST.search(q) or _ROLE_NAMED.search(q)
        if (
            m is None
            or language == "en"
            or m.group(2).lower() in _NOT_NOUNS
            or _PERSONS.fullmatch(m.group(2))
        ):
            return ""
        return m.group(2).lower()  # "Vem är objektägare?": a name alone does not say who holds the role
    m = _WHICH_ONE.search(q) if kind is Kind.OTHER else _HOW_MANY.search(q) if kind is Kind.COUNT else None
    if kind is Kind.COUNT and m is not None and m.group(2).lower() in _LIGHT_VERBS:
        # "Antalet användare ... – hur många blir de?": the verb is no noun; the topic before the dash is
        m = _COUNTED_FIRST.search(q)
    if (
        m is None
        or m.group(2).lower() in _NOT_NOUNS
        or m.group(2).lower() in _LIGHT_VERBS
        or AGENT.fullmatch(m.group(2))
    ):
        return ""  # "vilken myndighet": the answer names the agency ("Socialstyrelsen"), not the word
    noun = m.group(2).lower()
    if language != "en":
        return noun
    swedish = GLOSSARY.get(noun, "").split() or [c for c in (cognate(noun),) if c != noun]
    return swedish[0] if swedish else ""


# the role whose holder is asked: "Vem är objektägare ...?", "Vilka är förvaltningsledare ...?" (a
# lower-case noun right after the verb; "Vem är Ann ...?" asks who a person is, not for a role), and
# "Förvaltningsledarna för ... – vilka är de?"
_AFTER_ROLE = r"för|i|på|hos|vid|inom|enligt|av|till|med|när|och|som|under|efter|innan"
_ROLE_ASKED = re.compile(
    r"^\W*(vem är|vem var|vilka är|vilka var)\s+(?!det\b)"
    rf"(?-i:(?:(?!(?:{_AFTER_ROLE})\b)[a-zåäö-]+\s+){{0,2}}?([a-zåäö][a-zåäö-]{{5,}}))"
    rf"(?=\s*(?:\?|$)|\s+(?:{_AFTER_ROLE})\b)",
    _A,
)
_ROLE_FIRST = re.compile(
    r"^\W*()(?-i:([A-ZÅÄÖa-zåäö][a-zåäö-]{5,}))\b[^?]*[–-]\s*(vem|vilka) är (de|den|hen|han|hon)\b", _A
)
# "Vad heter processledarna ...?": the name of whoever holds a role (an agent noun, below)
# a noun for people by what they do (Swedish agent suffixes): "förvaltningsledarna", "administratörer"
_AGENT_NOUN = re.compile(
    r"[a-zåäö-]{3,}(are|arna|arne|ör|örer|örerna|ist|ister|isterna|ant|anter|anterna|ent|enter|enterna|ande)"
    r"|[a-zåäö-]*(ansvarig\w*|chef\w*|ledamot|ledamöter\w*)"
)
_ROLE_NAMED = re.compile(
    rf"^\W*(vad heter|vad hette)\s+(?:den\s+|det\s+|de\s+)?((?:{_AGENT_NOUN.pattern})(?:n|en|na)?)\b", _A
)
_COUNTED_FIRST = re.compile(
    r"^\W*()(?:antalet\s+|the number of\s+|de\s+|the\s+)?([a-zåäö][a-zåäö-]{3,})\b"
    r"[^?]*[–-]\s*(?:hur många|how many)\b",
    _A,
)
_NOT_NOUNS = frozenset(
    "andra annan annat olika samma hela egna nya gamla första sista more other same different".split()
)
