"""Answer shapes: whether a sentence carries the kind of answer a question asks for.

"Vem är central systemförvaltare?" asks for a name; a sentence saying that the region appoints
one is about the subject but does not answer it. Pure functions over the text: no corpus, no
model. The patterns are the answer shapes of Swedish and English (a name, an amount, a date, a
cause ...), not words of particular questions.
"""

from __future__ import annotations

import re
from datetime import date

from ..retrieval.text import stem
from .kinds import AskedFor, Kind

_A = re.IGNORECASE
MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
EN_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
WHICH_NOUN = re.compile(r"\b(vilken|vilket|vilka|which|what)\s+([\w-]+)", _A)
_AMOUNT = re.compile(r"\d[\d  ]*(,\d+)?\s?(kr\b|kronor|SEK|tkr|mkr|miljoner|euro)", re.I)
_SHARE = re.compile(r"\d+(,\d+)?\s?(%|procent)|\bhälften\b|\bdelas\s+lika\b", re.I)
_DATE = re.compile(
    rf"\b(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}(/\d{{2,4}})?|\d{{1,2}}\s({MONTHS})|"
    rf"({MONTHS})(\s\d{{4}})?|(19|20)\d{{2}}|"
    rf"(våren|hösten|sommaren|vintern|halvåret|kvartalet)\s(\d{{4}})|{EN_MONTHS})\b",
    re.I,
)
# a day: "2025-04-11", "1/10", "21 februari", "den 11"
_DAY = re.compile(
    rf"\b(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}|\d{{1,2}}(:e|:a)?\s({MONTHS}|{EN_MONTHS})|"
    rf"({EN_MONTHS})\s\d{{1,2}}(st|nd|rd|th)?\b|den\s\d{{1,2}}(/\d{{1,2}}|:e|:a)?)\b",
    re.I,
)
_ITEM_NUMBER = re.compile(r"(?m)^\s*\d{1,2}\.\s")
_CLOCK = re.compile(r"\bkl\.?\s*\d|\b\d{1,2}[.:]\d{2}\b|\b\d{1,2}\s*[-–]\s*\d{1,2}\b(?!\s*%)", re.I)
_TIMES_ASKED = re.compile(r"(tider|tiderna|tidpunkt\w*|hours|times)\b", re.I)
_DAY_ASKED = re.compile(r"(datum|datumet|\bdate)\b", re.I)
# "Till och med när gäller ...?", "Until when ...?": an end, which a start date alone ("att gälla från
# 1 april 2025") does not give
UNTIL = r"(?:till och med|fram till|till|until|up to|senast|by)\s+(?:när|when)"
_UNTIL_ASKED = re.compile(rf"\b{UNTIL}\b", re.I)
_END = re.compile(
    r"\b(till och med|t\.\s?o\.\s?m\.?|tills|till dess|intill dess|fram till|until|through|upphör\w*|"
    r"löper ut|slutar|senast|ends?|expires?)\b|\btill\s+(den\s+)?\d|\d\s?[–—-]\s?\d{4}",
    re.I,
)
_DURATION = re.compile(
    r"\b(\d+|en|ett|två|tre|fyra|fem|sex|tolv|one|two|three|twelve)\s?(\+\d)*\s?"
    r"(dagar|dag|dagars|veckor|veckors|månad|månader|månaders|år|års|days|weeks|months|years)\b"
    r"|\d{4}-\d{2}-\d{2}\s?(–|-|—|--|till)\s?\d{4}-\d{2}-\d{2}|\b(19|20)\d{2}\s?(–|-|—)\s?(19|20)\d{2}\b"
    r"|\btill\s+dess\b|\btills\s+vidare\b|\b(1\+1)"
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
    r"region(en|erna)?|\w+\s+kommun(er)?|kommun(en|erna)|part(en|erna|er)?|huvudm[aä]n\w*|\w*styrgrupp\w*|"
    r"\w*leverantör\w*|\w*chef(en|er)?|\w*ledare|\w*ägare\w*|\w*förvaltare\w*|\w*administratör\w*|"
    r"ansvarig\w*|ordförande|\w*direktör\w*|\w*organisation(en|er)?|\w*grupp(en|er)?|[A-ZÅÄÖ][\w-]+\s+AB|"
    + _PUBLIC_BODY
)
_PARTY = re.compile(rf"\b({_PARTY_WORDS})\b", re.I)
# nouns that name a kind of agent: "vilken myndighet" is answered by a name, not by the word
AGENT = re.compile(
    rf"(?:{_PARTY_WORDS}|\w*myndighet\w*|\w*företag\w*|\w*bolag\w*|authority|agency|company|body)", re.I
)
_COMPANY = re.compile(r"\b([A-ZÅÄÖ][\w-]+)\s+AB\b")
# nouns that ask for a company by name: "Vilket företag ...?", "Which supplier ...?"
_COMPANY_NOUN = re.compile(
    r"(företag|bolag|leverantör|systemleverantör|company|supplier|vendor|firm)\w*", re.I
)
_NAMED_PARTY = re.compile(
    rf"\bRegion\s+[A-ZÅÄÖ]\w+|\b[A-ZÅÄÖ][\w-]+s?\s+(kommun|län|stad|AB)\b|\b{_PUBLIC_BODY}\b"
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
    r"\b(Teams|plats|lokal|i\s+[A-ZÅÄÖ][a-zåäö]+|på\s+[A-ZÅÄÖ][a-zåäö]+|till\s+[A-ZÅÄÖ][\w-]+|digitalt|online|"
    # where something is written down: "specificeras i den årliga förvaltningsplanen", "i Bilaga 3"
    r"(?i:(i|in)\s(den\s|det\s|de\s|the\s)?([\w-]+\s)?[\w-]*(plan\w*|bilaga\w*|avtal\w*|annex|"
    r"överenskommelse\w*|dokument\w*|protokoll\w*|riktlinje\w*|rutin\w*|agreement|document|minutes))|"
    # a reference: "se Förvaltningsspecifikationen avsnitt 3.2"
    r"(?i:se|see)\s[A-ZÅÄÖ][\w-]+|(?i:avsnitt|section|kapitel|chapter|bilaga|annex)\s\d[\d.]*|"
    # a forum: where a question is taken up ("diskussion i socialchefsnätverket", "i beredningsgruppen")
    r"(?i:(i|in|till|to)\s(den\s|det\s|the\s)?[\w-]*(nätverk|grupp|forum|råd|nämnd|beredning|network|group)\w*)|"
    # a web address: where something is found or taken from ("3 Källa: http://www...")
    r"https?://|www\.)\b"
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
PAST_VERB = r"[a-zåäö]{3,}(?<!n)(?:ade|de|dde|te)"
"""A Swedish verb in the weak past ("ledde", "beslutade", "ställde"), not a noun in -nde ("ärende")."""
IDENTIFIER_NOUN = re.compile(r"[\w-]*(nummer|numret|numren|beteckning\w*|id|number|reference)", re.I)
# a register code: letters and a year-number ("HSN 2019-1416", "RS 2020/123", "Dnr 24-0087")
_IDENTIFIER = re.compile(r"\b[A-ZÅÄÖ]{2,}\.?\s?\d{2,4}[-/:]\d{2,}\b")


def _names_noun(noun: str, sentence: str, strict: bool = False) -> bool:
    """Whether `sentence` names `noun`, inflected or in a compound ("index" in "LPI-index"); `strict`:
    only so (a role: "förvaltningsledare" is not named by "förvaltning"). A noun for an identifier
    ("diarienummer", "document ID") is named by an identifier: "HSN 2019-1416" is one."""
    if IDENTIFIER_NOUN.fullmatch(noun) and _IDENTIFIER.search(sentence):
        return True
    base = stem(noun)
    words = [stem(w) for w in _WORDS.findall(sentence.lower())]
    if any(base in w for w in words):
        return True
    if strict:
        return False
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
    if re.search(rf"\b[\w-]*{base}\w*:\s*\d", sentence, re.I):
        return True  # a field: "Ärenden: 1–15"
    # the number is no part of a date ("Antal användare revideras årligen den 1/10" gives none)
    return bool(re.search(rf"\b(antal|antalet|number of)\s+[\w-]*{base}", sentence, re.I)) and bool(
        re.search(r"\d", _DAY.sub(" ", _ITEM_NUMBER.sub(" ", sentence)))
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
    if asked.noun and not _names_noun(asked.noun, sentence, strict=kind is Kind.NAME):
        return False  # "Vilket index ...?": a sentence that names no index does not answer
    if asked.abbreviation:
        a = re.escape(asked.abbreviation)
        # "VU (verksamhetsutveckling)", "verksamhetsutveckling (VU)", "VU = ...", "VU står för ..."
        return bool(
            re.search(
                rf"\b{a}\s*(\(\w|[=:–-]\s*\w|står för|betyder|means|stands for)|\w+\s*\({a}\)", sentence
            )
        )
    if asked.verb and not names_verb(asked.verb, sentence):
        return False  # "Hur ofta sammanträder gruppen?": "årliga förvaltningsplaner" says no meeting
    if kind is Kind.COUNT and asked.noun:
        return _counts(asked.noun, sentence)  # "Hur många användare ...?": a number of them
    if kind is Kind.DATE and _TIMES_ASKED.search(asked.phrase):
        return bool(_CLOCK.search(sentence) or _DAY.search(sentence))  # "öppettider": hours or days
    if kind is Kind.DATE and _UNTIL_ASKED.search(asked.phrase):
        return bool(_END.search(sentence))  # a date, or an event: "tills en ny överenskommelse antagits"
    if kind is Kind.DATE and _DAY_ASKED.search(asked.phrase):
        return bool(_DAY.search(sentence))  # "Vilket datum ...?": a day, not only a month or a year
    shape = _SHAPES.get(kind)
    if shape is not None:
        return bool(shape.search(sentence))
    if kind is Kind.NAME:
        # "Vad heter överenskommelsen?": a thing's name is given in quotes or by "kallad", "heter"
        if has_name(sentence, lowercase_words, asked.mentioned):
            return True
        which = WHICH_NOUN.match(asked.phrase)
        if which and re.search(
            rf"\b{re.escape(stem(which.group(2).lower()))}\w*\s+{_QUALIFIER}", sentence, re.I
        ):
            return True  # "Vilka personer gäller lagen för?": "för personer som ... behöver insatser"
        return asked.phrase.startswith(_NAME_OF_THING) and bool(_TITLED.search(sentence))
    if kind is Kind.PARTY:
        which = WHICH_NOUN.match(asked.phrase)
        if which:
            # "Vilken leverantör ...?" asks which organisation: "leverantören" names none, nor does a
            # person's name or the party the question itself names; "<Leverantör> AB" does, and so
            # does a kind of the noun asked for ("Vilka grupper ...?": "objektstyrgruppen")
            if _COMPANY_NOUN.fullmatch(which.group(2)):
                # "Vilket företag levererade ...?": a company answers, not the region or a municipality
                return any(m.group(1).lower() not in asked.mentioned for m in _COMPANY.finditer(sentence))
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
_SV_DATE = re.compile(rf"(?<!\d)(\d{{1,2}}) ({MONTHS}) ((?:19|20)\d{{2}})\b", re.I)
_MONTH_NUMBER = {m: n for n, m in enumerate(MONTHS.split("|"), start=1)}


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


def names_verb(verbs: tuple[str, ...], sentence: str) -> bool:
    """Whether `sentence` has a form of one of the stemmed `verbs` ("leds", "ledare" for "led";
    "föredragande" for "föredrog"): a word with that stem, or sharing all of it but two letters."""
    words = [stem(w) for w in _WORDS.findall(sentence.lower())]
    for verb in verbs:
        need = max(3, len(verb) - 2)
        if any(t.startswith(verb) or (len(t) >= need and t[:need] == verb[:need]) for t in words):
            return True
        # a short verb's passive and agent noun: "ägs", "ägare" for "äger"
        root = re.sub(r"(er|ar|r)$", "", verb)
        if len(root) >= 2 and any(t in (root + "s", root + "ar", root + "ande") for t in words):
            return True
    return False
