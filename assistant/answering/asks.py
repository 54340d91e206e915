"""What a question asks for, and whether a sentence carries that kind of answer.

"Vem är central systemförvaltare?" asks for a name; a sentence saying that the
region appoints one is about the subject but does not answer it. The engine
uses `asked_for` to pick sentences that answer, and to refuse with the specific
gap when none does. Pure functions over the text: no corpus, no model.

The patterns are the question words and answer shapes of Swedish and English
(when, who, how much, how long, ...), not words of particular questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from ..retrieval.text import GLOSSARY, cognate, query_groups, stem


class Kind(Enum):
    """The kind of answer a question wants."""

    NAME = "name"
    """A named person or organisation: "Vem är objektägare?", "Vad heter kontaktpersonen?"."""
    PARTY = "party"
    """A party or role holder: "Vem ansvarar för ...?", "Vilka skrev under ...?"."""
    AMOUNT = "amount"
    """Kronor: "Vad kostar ...?", "Hur mycket ...?"."""
    SHARE = "share"
    """A percentage: "Hur stor andel ...?"."""
    DATE = "date"
    """A date, month or year: "När ...?", "Vilket datum ...?"."""
    DURATION = "duration"
    """A length of time or a period: "Hur länge ...?", "Vilken uppsägningstid ...?"."""
    COUNT = "count"
    """A number of things: "Hur många ...?"."""
    FREQUENCY = "frequency"
    """How often: "Hur ofta ...?", "How often ...?"."""
    PLACE = "place"
    """A place: "Var ...?", "Where ...?"."""
    CONTACT = "contact"
    """An e-mail address, phone number or web address: "Vilket telefonnummer har supporten?"."""
    REASON = "reason"
    """Why: "Varför ...?", "Av vilken anledning ...?", "Why ...?"."""
    LIST = "list"
    """Several things: "Vilka mål ...?", "Which services ...?"."""
    DEFINITION = "definition"
    """What something is or means: "Vad innebär ...?"."""
    YES_NO = "yes_no"
    """"Gäller ...?", "Does ...?"."""
    OTHER = "other"
    """Anything else: no check on the answer's shape."""


@dataclass(frozen=True)
class AskedFor:
    """What one question asks for."""

    kind: Kind
    plural: bool = False
    """Asked in the plural ("Vilka ...", "Which ... are"): every item, not the first, answers."""
    phrase: str = ""
    """The question's own words for what it asks ("vem", "vilket belopp"), for a refusal's wording."""
    mentioned: frozenset[str] = frozenset()
    """Names the question itself gives (lower case): an answer to "who" must name someone else."""
    noun: str = ""
    """The thing asked for by name ("Vilket index ...?", "Hur många användare ...?"): an answer
    names it (or a kind of it: "LPI-index"); '' when the question names none."""
    options: tuple[str, ...] = ()
    """The alternatives of an either-or question ("Är beloppet inklusive eller exklusive moms?"):
    an answer names one of them."""
    abbreviation: str = ""
    """An abbreviation whose meaning is asked ("VU"): an answer spells it out."""
    verb: tuple[str, ...] = ()
    """The verb whose frequency or agent is asked ("Hur ofta sammanträder ...?", "Vem leder ...?"),
    stemmed, with its synonyms: an answer has a form of one ("leds av", "ledare"); () when not checked."""


_A = re.IGNORECASE
_MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
_EN_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# nouns that name a length of time: "uppsägningstid", "avtalsperiod", "notice period", "term"
_TIME_NOUN = r"[a-zåäö]*(?:tid|tiden|period|perioden|längd)|(?:notice )?period|term|duration"
_MONEY_NOUN = r"[a-zåäö]*(?:belopp|beloppet|pris|priset|avgift|avgiften|kostnad|kostnaden|budget|budgeten)"
_PERSON_NOUN = r"person|personer|personen|namn|namnet|name|names|persons|people"

# a question word that opens the question (or a clause of it: "Kommunerna, när faktureras de?"),
# not one inside a subordinate clause ("Vad händer när avtalet upphör?")
_OPENS = r"(?:^\W*|[,;:]\s*|\b(?:och|and|men|but)\s+)"
# (kind, pattern, plural); the first match wins, so narrower questions come first
_RULES: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        Kind.SHARE,
        re.compile(
            r"\b(hur stor andel|vilken andel|hur många procent|vilken procent\w*|"
            r"what (share|percentage|proportion|part)|how large a share)\b",
            _A,
        ),
    ),
    (
        Kind.AMOUNT,
        re.compile(
            rf"\b(hur mycket|vad kostar|vad betalar|vilket belopp|vilken summa|"
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
            rf"{_OPENS}(när|when)\b|\b(vilket datum|vilket år|vilken månad|from when|since when|"
            r"what date|which date|what year|which year|what month)\b",
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
    (Kind.PLACE, re.compile(r"^(var|where)\b|\b(var (hålls|hölls|ligger|sker|finns)|where)\b", _A)),
    (
        Kind.DEFINITION,
        re.compile(
            r"\b(vad innebär|vad betyder|vad menas|vad är|what is|what are|what does .* mean|"
            r"define|definition)\b",
            _A,
        ),
    ),
    (Kind.LIST, re.compile(r"\b(vilka|which|list|name the|what are the)\b", _A)),
)
_YES_NO = re.compile(
    r"^(är|finns|gäller|har|kan|ska|skall|får|måste|hänvisar|ingår|stämmer|innehåller|anger|"
    r"is|are|does|do|did|can|has|have|was|were|will|shall|must)\b",
    _A,
)
# "vilka" + verb + particle, preposition or article: Swedish puts the verb second, so a noun after
# "vilka" is followed by a verb ("Vilka mål har ..."), a verb by its object or particle
_WHO_PLURAL = re.compile(
    r"^\W*vilka\s+\w+\s+(i|på|för|under|av|med|till|om|vid|in|ut|upp|den|det|de|dem|en|ett|sig|inte)\b", _A
)
_NAMED_WORD = re.compile(r"(?<=[\w,] )[A-ZÅÄÖ][\w-]+")
_WHICH_NOUN = re.compile(r"\b(vilken|vilket|vilka|which|what)\s+([\w-]+)", _A)
# "Vilka är de 14 kommunerna ...?", "Which are the municipalities ...?": the noun after the article
_WHICH_ARE = re.compile(r"\b(vilka är|which are)\s+(?:de|dessa|the)\s+(?:\d+\s+)?([\w-]+)", _A)
# "Vad står förkortningen VU för?", "Vad betyder NK?", "What does VM stand for?"
_ABBREVIATION_ASKED = re.compile(
    r"\b(?:vad står|vad betyder|what does|what do)\s+(?:förkortning\w*\s+)?(?-i:([A-ZÅÄÖ]{2,6}))\b"
    r"(?:\s+(?:och|and)\s+(?-i:[A-ZÅÄÖ]{2,6}))?\s*(?:för|stand for|mean)?",
    _A,
)
# an adjective after "vem är" / "who is": responsibility, not identity
_ADJECTIVE = re.compile(
    r"\s+(\w*ansvarig\w*|\w*behörig\w*|\w*skyldig\w*|med i|"
    r"responsible|accountable|in charge|on|in|part of|member)\b",
    _A,
)
_PERSONS = re.compile(r"personer|person|people", _A)
# "vem"/"who" and a verb that is not "är"/"is": who does something, not who someone is
_WHO_DOES = re.compile(
    r"^\W*(vem|who)\s+(?!(är|var|heter|is|was|are|were|'s|på|hos|vid|inom|at)\b)[a-zåäö]+", _A
)
# "år för år", "steg för steg", "year by year": one item after the other, a list
_PLURAL = re.compile(r"\b(vilka|which \w+s|who are|who were|what are|list|(\w{2,}) (?:för|by) \2)\b", _A)
_SAYS_ABOUT = re.compile(
    r"^\W*(vad (säger|står det i|anger|skriver)|what (does|do) .{1,60} say)\b.*\b(om|about)\b", _A
)
_LEAD = re.compile(r"^\W*((jag undrar|kan du säga|berätta|säg|tell me|please)\W+)*", _A)


def asked_for(text: str, language: str = "sv") -> AskedFor:
    """The kind of answer `text` asks for. Pure and cheap: a few regular expressions.

    `language` ("sv" or "en"): the rules hold both languages; an English noun asked for is checked
    by its Swedish word.
    """
    q = " ".join(text.split())
    # "Vad säger överenskommelsen om omförhandling?": all it says there, like a list
    plural = bool(_PLURAL.search(q) or _SAYS_ABOUT.search(q))
    named = frozenset(w.lower() for w in _NAMED_WORD.findall(q))
    if _WHO_PLURAL.search(q) and not _WHICH_ARE.search(q):
        # "Vilka skrev under ...?", "Vilka sitter i ...?": "vilka" asks who, like "vem", in the plural
        return AskedFor(Kind.PARTY, True, "vilka", named)
    short = _ABBREVIATION_ASKED.search(q)
    if short:
        # "Vad står förkortningen VU för?": a unit that spells it out, not one that only uses it
        return AskedFor(Kind.DEFINITION, False, short.group(0).lower(), named, abbreviation=short.group(1))
    noun = _WHICH_ARE.search(q) or _WHICH_NOUN.search(q)
    if noun and _AGENT.fullmatch(noun.group(2)) and not _PERSONS.fullmatch(noun.group(2)):
        # "Vilken leverantör ...?", "Which municipalities ...?", "Vilka är de 14 kommunerna ...?":
        # a party, named or by its role
        return AskedFor(Kind.PARTY, plural, f"vilka {noun.group(2).lower()}", named)
    for kind, pattern in _RULES:
        m = pattern.search(q)
        if m:
            if kind is Kind.NAME and m.group(0).lower().startswith(("who are", "who were")):
                kind = Kind.PARTY  # "Who are the parties?": parties, roles or names all answer
            if kind is Kind.NAME and _ADJECTIVE.match(q[m.end() :]):
                kind = Kind.PARTY  # "Vem är ansvarig för ...?": who holds a duty, not who someone is
            if kind is Kind.NAME and _WHO_DOES.match(q):
                kind = Kind.PARTY  # "Who appoints the contact person?": who acts, a role or a body
            asked_noun = _noun_asked(kind, q, language)
            verb = _verb_asked(kind, q[m.end() :]) if language != "en" else ()
            return AskedFor(kind, plural, m.group(0).strip(" ?").lower(), named, asked_noun, verb=verb)
    either = _EITHER_OR.search(q)
    options = tuple(w.lower() for w in either.groups()) if either else ()
    if _YES_NO.match(_LEAD.sub("", q)):
        return AskedFor(Kind.YES_NO, False, "", options=options)
    # "Faktureras kommunerna i juni eller december?": a verb first, and two alternatives
    asked_noun = _noun_asked(Kind.OTHER, q, language)
    return AskedFor(Kind.OTHER, plural and not options, "", noun=asked_noun, options=options)


# "... inklusive eller exklusive moms?", "... in June or in December?": two alternatives, one word each
_EITHER_OR = re.compile(r"\b([\wåäö-]{3,})\s+(?:eller|or)\s+(?:i\s+|in\s+)?([\wåäö-]{3,})\b", _A)
# "Med vilket index ...?", "Vilket organisationsnummer ...?": the singular "which" and its noun
_WHICH_ONE = re.compile(r"\b(vilken|vilket|which)\s+([a-zåäöé-]{3,})", _A)
_HOW_MANY = re.compile(r"\b(hur många|how many)\s+([a-zåäöé-]{4,})", _A)


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


def _names_verb(verbs: tuple[str, ...], sentence: str) -> bool:
    """Whether `sentence` has a form of one of the stemmed `verbs` ("leds", "ledare" for "led";
    "föredragande" for "föredrog"): a word with that stem, or sharing all of it but two letters."""
    words = [stem(w) for w in _WORDS.findall(sentence.lower())]
    for verb in verbs:
        need = max(3, len(verb) - 2)
        if any(t.startswith(verb) or (len(t) >= need and t[:need] == verb[:need]) for t in words):
            return True
    return False


def _noun_asked(kind: Kind, q: str, language: str = "sv") -> str:
    """The noun a question asks for an instance or a number of, when the kind alone does not say.

    In English, the noun must be checked in Swedish text: it is its glossary word or its Swedish
    spelling ("items" has neither, so it is not checked), as the first word of `noun`."""
    m = _WHICH_ONE.search(q) if kind is Kind.OTHER else _HOW_MANY.search(q) if kind is Kind.COUNT else None
    if m is None or m.group(2).lower() in _NOT_NOUNS or _AGENT.fullmatch(m.group(2)):
        return ""  # "vilken myndighet": the answer names the agency ("Socialstyrelsen"), not the word
    noun = m.group(2).lower()
    if language != "en":
        return noun
    swedish = GLOSSARY.get(noun, "").split() or [c for c in (cognate(noun),) if c != noun]
    return swedish[0] if swedish else ""


_NOT_NOUNS = frozenset(
    "andra annan annat olika samma hela egna nya gamla första sista more other same different".split()
)
# -- answer shapes -----------------------------------------------------------------------------
_AMOUNT = re.compile(r"\d[\d  ]*(,\d+)?\s?(kr\b|kronor|SEK|tkr|mkr|miljoner|euro)", re.I)
_SHARE = re.compile(r"\d+(,\d+)?\s?(%|procent)|\bhälften\b|\bdelas lika\b", re.I)
_DATE = re.compile(
    rf"\b(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}(/\d{{2,4}})?|\d{{1,2}} ({_MONTHS})|"
    rf"({_MONTHS})( \d{{4}})?|(19|20)\d{{2}}|"
    rf"(våren|hösten|sommaren|vintern|halvåret|kvartalet) (\d{{4}})|{_EN_MONTHS})\b",
    re.I,
)
_DURATION = re.compile(
    r"\b(\d+|en|ett|två|tre|fyra|fem|sex|tolv|one|two|three|twelve)\s?(\+\d)*\s?"
    r"(dagar|dag|dagars|veckor|veckors|månad|månader|månaders|år|års|days|weeks|months|years)\b"
    r"|\d{4}-\d{2}-\d{2}\s?(–|-|—|--|till)\s?\d{4}-\d{2}-\d{2}|\b(19|20)\d{2}\s?(–|-|—)\s?(19|20)\d{2}\b"
    r"|\btill dess\b|\btills vidare\b|\b(1\+1)"
    r"|\b(\d+|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|tolv)-?(årig|månaders|veckors|dagars)\w*",
    re.I,
)
_FREQUENCY = re.compile(
    r"\b(varje|per|gång|gånger|årlig\w*|månatlig\w*|veckovis|kvartalsvis|dagligen|halvår\w*|"
    r"every|each|times|annual\w*|monthly|weekly|quarterly|daily)\b",
    re.I,
)
_COUNT = re.compile(r"\b\d+\b|\b(en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|fjorton)\b", re.I)
# a Swedish public body's name: "Socialstyrelsen", "Skatteverket", "Inspektionen för vård och omsorg"
_PUBLIC_BODY = r"[A-ZÅÄÖ]\w*(styrelsen|verket|myndigheten|inspektionen|nämnden|rådet|förbundet|institutet)"
_PARTY_WORDS = (
    r"region(en|erna)?|\w+ kommun(er)?|kommun(en|erna)|part(en|erna|er)?|huvudm[aä]n\w*|\w*styrgrupp\w*|"
    r"\w*leverantör\w*|\w*chef(en|er)?|\w*ledare|\w*ägare\w*|\w*förvaltare\w*|\w*administratör\w*|"
    r"ansvarig\w*|ordförande|\w*direktör\w*|\w*organisation(en|er)?|\w*grupp(en|er)?|[A-ZÅÄÖ][\w-]+ AB|"
    + _PUBLIC_BODY
)
_PARTY = re.compile(rf"\b({_PARTY_WORDS})\b", re.I)
# nouns that name a kind of agent: "vilken myndighet" is answered by a name, not by the word
_AGENT = re.compile(
    rf"(?:{_PARTY_WORDS}|\w*myndighet\w*|\w*företag\w*|\w*bolag\w*|authority|agency|company|body)", re.I
)
_COMPANY = re.compile(r"\b([A-ZÅÄÖ][\w-]+) AB\b")
_NAMED_PARTY = re.compile(
    rf"\bRegion [A-ZÅÄÖ]\w+|\b[A-ZÅÄÖ][\w-]+s? (kommun|län|stad|AB)\b|\b{_PUBLIC_BODY}\b"
)
# two capitalised words, neither of them a word the text also writes in lower case
# (a name's parts are short words: "Förvaltningsledare Teknik" is a title, "Ann-Katrin Lundin" a name)
_NAME = re.compile(
    r"\b([A-ZÅÄÖÉ][a-zåäöéü]{1,11}(?:-[A-ZÅÄÖ][a-zåäöéü]{1,11})?)\s+([A-ZÅÄÖÉ][a-zåäöéü]{1,13})\b"
)
# a thing's name: quoted ("nu kallad “Strategiska insatser ...”") or introduced by a naming verb
_TITLED = re.compile(
    r"[“”\"«»][^“”\"«»]{3,120}[“”\"«»]|\b(kallad|kallas|kallat|benämn\w*|heter|called|named)\b", re.I
)
_PASSIVE_AGENT = re.compile(r"\w+(?:s|as|es|ats|ts|ed)\s+(?:av|by)\s+([A-ZÅÄÖ][\w-]+)")
# what makes a noun a class described rather than named: "personer som ...", "people with ..."
_QUALIFIER = r"(som|med|utan|inom|who|with|without|that)\b"
_NAME_OF_THING = ("vad heter", "what is the name")
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.\w+|\b(https?://|www\.)\S+|(\+46|\b0\d{1,3})[- ]?\d{2,3}[ -]?\d{2}[ -]?\d{2}\b"
)
# a place, or where something goes: "till VIS-tjänstestyrgrupp" answers "Where are issues escalated?"
_PLACE = re.compile(
    r"\b(Teams|plats|lokal|i [A-ZÅÄÖ][a-zåäö]+|på [A-ZÅÄÖ][a-zåäö]+|till [A-ZÅÄÖ][\w-]+|digitalt|online|"
    # where something is written down: "specificeras i den årliga förvaltningsplanen", "i Bilaga 3"
    r"(?i:(i|in) (den |det |de |the )?([\w-]+ )?[\w-]*(plan|planen|bilaga|bilagan|avtal|avtalet|annex|"
    r"överenskommelse\w*|dokument\w*|protokoll\w*|riktlinje\w*|rutin\w*|agreement|document|minutes))|"
    # a reference: "se Förvaltningsspecifikationen avsnitt 3.2"
    r"(?i:se|see) [A-ZÅÄÖ][\w-]+|(?i:avsnitt|section|kapitel|chapter|bilaga|annex) \d[\d.]*)\b"
)


def has_name(
    sentence: str, lowercase_words: frozenset[str] = frozenset(), mentioned: frozenset[str] = frozenset()
) -> bool:
    """Whether the sentence names a person or organisation ("<Förnamn Efternamn>", "<Leverantör> AB").

    A capitalised pair whose words also occur in lower case ("Region <Namn>" has
    "region"; "Samordnad Planering" has "samordnad") is a sentence start or a title, not a name.
    """
    if any(m.group(1).lower() not in mentioned for m in _COMPANY.finditer(sentence)):
        return True
    for m in _NAME.finditer(sentence):
        first, second = m.group(1), m.group(2)
        if first.lower() in lowercase_words or second.lower() in lowercase_words:
            continue
        if {first.lower(), second.lower()} <= mentioned:
            continue  # the question's own name is no answer to it
        return True
    return False


_WORDS = re.compile(r"[\w-]+")


def _names_noun(noun: str, sentence: str) -> bool:
    """Whether `sentence` names `noun`, inflected or in a compound ("index" in "LPI-index")."""
    base = stem(noun)
    words = [stem(w) for w in _WORDS.findall(sentence.lower())]
    if any(base in w for w in words):
        return True
    # "lagnummer": a sentence on "lagen (2017:162)" names the law whose number is asked
    heads = [noun[:i] for i in range(3, len(noun) - 3)]
    return any(w.startswith(h) and len(w) <= len(h) + 3 for h in heads for w in words if len(h) >= 3)


def _counts(noun: str, sentence: str) -> bool:
    """Whether `sentence` gives a number of `noun`: a number just before it, one word between at most
    ("13 kommuner", "tre nya administratörer"; not "20 % och användarstöd"), or "antal <noun>" and
    a number ("Totalt antal invånare ... var 2 344 124")."""
    base = re.escape(stem(noun))
    before = rf"(?<![\w,.])({_COUNT.pattern})\s+(?:[\w-]+\s+)?[\w-]*{base}"
    if re.search(before, sentence, re.I):
        return True
    return bool(re.search(rf"\b(antal|antalet|number of)\s+[\w-]*{base}", sentence, re.I)) and bool(
        re.search(r"\d", sentence)
    )


def _names_a_kind_of(noun: str, sentence: str) -> bool:
    """Whether `sentence` has a compound that ends in `noun` (inflected alike) and is more than it:
    "VIS-tjänstestyrgrupp" and "objektstyrgruppen" are kinds of "grupp"; "gruppen" is not."""
    base = stem(noun.lower())
    if len(base) < 4:
        return False
    for word in _WORDS.findall(sentence.lower()):
        s = stem(word)
        if s.endswith(base) and len(s) >= len(base) + 3:
            return True
    return False


# a cause or a purpose: "eftersom ...", "på grund av ...", "då <systemet> ersätts", "för att ..."
_REASON = re.compile(
    r"\b(eftersom|därför|på\s+grund\s+av|med\s+anledning\s+av|mot\s+bakgrund\s+av|för\s+att|syftet|"
    r"i\s+syfte|utifrån|i\s+och\s+med|till\s+följd\s+av|resulterar\s+i|leder\s+till|då\s+(?!och)|"
    r"because|since|due\s+to|in\s+order\s+to|as\s+a\s+result)\b",
    re.I,
)
# the kinds whose answer is recognised by its form alone
_SHAPES = {
    Kind.REASON: _REASON,
    Kind.FREQUENCY: _FREQUENCY,
    Kind.AMOUNT: _AMOUNT,
    Kind.SHARE: _SHARE,
    Kind.DATE: _DATE,
    Kind.DURATION: _DURATION,
    Kind.COUNT: _COUNT,
    Kind.PLACE: _PLACE,
    Kind.CONTACT: _CONTACT,
}


def carries(asked: AskedFor, sentence: str, lowercase_words: frozenset[str] = frozenset()) -> bool:
    """Whether `sentence` holds the kind of answer `asked` wants (True for kinds with no shape)."""
    kind = asked.kind
    if asked.options and not any(_names_noun(o, sentence) for o in asked.options):
        return False  # "inklusive eller exklusive moms?": a sentence naming neither does not answer
    if asked.noun and not _names_noun(asked.noun, sentence):
        return False  # "Vilket index ...?": a sentence that names no index does not answer
    if asked.abbreviation:
        a = re.escape(asked.abbreviation)
        # "VU (verksamhetsutveckling)", "verksamhetsutveckling (VU)", "VU = ...", "VU står för ..."
        return bool(
            re.search(
                rf"\b{a}\s*(\(\w|[=:–-]\s*\w|står för|betyder|means|stands for)|\w+\s*\({a}\)", sentence
            )
        )
    if asked.verb and not _names_verb(asked.verb, sentence):
        return False  # "Hur ofta sammanträder gruppen?": "årliga förvaltningsplaner" says no meeting
    if kind is Kind.COUNT and asked.noun:
        return _counts(asked.noun, sentence)  # "Hur många användare ...?": a number of them
    shape = _SHAPES.get(kind)
    if shape is not None:
        return bool(shape.search(sentence))
    if kind is Kind.NAME:
        # "Vad heter överenskommelsen?": a thing's name is given in quotes or by "kallad", "heter"
        if has_name(sentence, lowercase_words, asked.mentioned):
            return True
        which = _WHICH_NOUN.match(asked.phrase)
        if which and re.search(
            rf"\b{re.escape(stem(which.group(2).lower()))}\w*\s+{_QUALIFIER}", sentence, re.I
        ):
            return True  # "Vilka personer gäller lagen för?": "för personer som ... behöver insatser"
        return asked.phrase.startswith(_NAME_OF_THING) and bool(_TITLED.search(sentence))
    if kind is Kind.PARTY:
        which = _WHICH_NOUN.match(asked.phrase)
        if which:
            # "Vilken leverantör ...?" asks which organisation: "leverantören" names none, nor does a
            # person's name or the party the question itself names; "<Leverantör> AB" does, and so
            # does a kind of the noun asked for ("Vilka grupper ...?": "objektstyrgruppen")
            return _names_a_kind_of(which.group(2), sentence) or any(
                not {w.rstrip("s") for w in m.group(0).lower().split()}
                & {w.rstrip("s") for w in asked.mentioned}
                for m in _NAMED_PARTY.finditer(sentence)
            )
        # "Vem leder <gruppen>?": the group the question names is not who leads it
        own = {stem(w) for w in asked.mentioned}
        return (
            has_name(sentence, lowercase_words, asked.mentioned)
            or any(stem(m.group(0).lower().split()[-1]) not in own for m in _PARTY.finditer(sentence))
            # the agent of a passive: "finansieras av <Namn>", "is decided by <Namn>"
            or any(stem(m.group(1).lower()) not in own for m in _PASSIVE_AGENT.finditer(sentence))
        )
    return True


_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
_SV_DATE = re.compile(rf"(?<!\d)(\d{{1,2}}) ({_MONTHS}) ((?:19|20)\d{{2}})\b", re.I)
_MONTH_NUMBER = {m: n for n, m in enumerate(_MONTHS.split("|"), start=1)}


# a year standing alone: not in an identifier ("2017:612", "HSN-2016-1248") nor in a full date
_LONE_YEAR = re.compile(r"(?<![\d:/.-])((?:19|20)\d{2})(?![\d:/]|-\d|\.\d)")


def dates_in(text: str) -> list[date]:
    """Full dates in `text`, and a lone year as its first and last day."""
    out: list[date] = []
    bare = _SV_DATE.sub(" ", _ISO_DATE.sub(" ", text))
    for y in _LONE_YEAR.findall(bare):
        out.extend((date(int(y), 1, 1), date(int(y), 12, 31)))
    for y, m, d in _ISO_DATE.findall(text):
        try:
            out.append(date(int(y), int(m), int(d)))
        except ValueError:
            continue
    for d, month, y in _SV_DATE.findall(text):
        try:
            out.append(date(int(y), _MONTH_NUMBER[month.lower()], int(d)))
        except ValueError:
            continue
    return out


def within(text: str, start: date, end: date) -> bool:
    """False only when `text` is dated (full dates or years) and none of its dates, nor a span
    between two of them, falls in start..end ("2025-11-05" is not "i oktober 2025", "År 2020 är
    gränsbeloppet ..." no answer for 2021; "2024-04-08 – 2027-04-07" is in 2026)."""
    dates = dates_in(text)
    if not dates:
        return True
    return any(start <= d <= end for d in dates) or (min(dates) <= start and max(dates) >= end)
