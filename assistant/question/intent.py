"""What a question is after: a cost, a split, a validity fact; who pays; per invoice or per year.

Only a question with a cost word ("betalar", "kostnad", "andel", "pay", "cost" ...)
is a cost question, so "När faktureras kommunerna?" or "Vem ansvarar för lokal
support?" stay with document Q&A. All patterns run on the folded text (lower
case, no diacritics) or the lower-cased text, once, in `assistant.question.parse`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COST = re.compile(
    r"\b(betalar|betala|betalas|betalade|betalat|kostnad\w*|\w+kostnad\w*|kostar|"
    r"pay|pays|paid|paying|cost|costs|budget\w*|hur mycket|how much|"
    r"avgift\w*|charge[sd]?)\b"
)
# the charge for users above the agreement's threshold, named as such
EXTRA = re.compile(
    r"\b(extrakostnad\w*|extraavgift\w*|tilläggsavgift\w*|tilläggskostnad\w*|merkostnad\w*|"
    r"(the |an )?(extra|additional) (charge|cost|fee)s?)\b"
)
# the whole cost of a year: "totalkostnaden", "årskostnaden", "hela kostnaden", "in total", "annual cost"
_WHOLE = re.compile(
    r"\b(total\w*|års?kostnad\w*|hela\s+kostnad\w*|sammanlag\w*|annual\s+cost|yearly\s+cost|overall)\b"
)
# "Vilken andel står kommunerna för?" is a cost share; "andel av en heltidstjänst" (with no cost word
# anywhere in the question) is a share of something else
# "to share information", "we share": the English verb is no share of a cost
SHARE = re.compile(
    # "regionens del", "<kommun>s del": a party's part, as "andel" is
    r"\b(andel\w*|\w{3,}s del|(?<!\bto )(?<!\bwe )(?<!\bthey )(?<!\byou )(?<!\bmust )(?<!\bcan )(?<!\bwill )"
    r"(?<!\bshould )(?<!\bmay )(?<!\bshall )share)\b(?! (av|of)\b)"
)
# "fördelas" alone may split anything (tasks, administrators); with a year it is the year's cost split
_DIVIDE = re.compile(r"\b(fordela\w*|fordelning\w*|split)\b")
_SPLIT = re.compile(
    r"\b(fordela\w*|fordelning\w*|split|per kommun|varje kommun|alla kommuner|each municipality|"
    r"every municipality|all municipalities|tabell\w*|table)\b"
)
_COLLECTIVE = re.compile(
    r"\b(kommunerna|kommunernas|the municipalities|municipalities'?|"
    r"lanets kommuner|kommunerna i lanet|\w+s lans kommuner|the county's municipalities)\b"
)
_REGION_PAYER = re.compile(r"\bregion(en|ens)?\b(?! ?och)|\bthe region\b")
_PER_INVOICE = re.compile(
    r"\b(per|varje|each|every|a|an) (faktura|fakturan|invoice|kvartal|quarter|halvar|debitering)\b|"
    r"\b(faktura|fakturan|fakturor|invoice) (blir|ar|is)\b"
)
_PERCENT = re.compile(
    r"\b(hur stor andel|vilken andel|hur manga procent|what share|what percentage|how large a share)\b"
)
_OTHER_PAYER = re.compile(
    r"(?i:vad (?:betalar|kostar det för)|hur mycket betalar|what does|how much does) ([A-ZÅÄÖ][\w-]+)"
)
_NOT_PLACES = frozenset(
    "region regionen kommunen kommunerna lifecare sp vi jag man en var det varje we i you it each every "
    "the a an our my".split()
)

# Validity questions (on the lower-cased text, diacritics kept).
# the verb ("ersattes", "ersätter", "ersatts"), not the noun for a payment ("ersättningsbelopp")
_REPLACE_VERB = r"\bersat(t|te|ts|tes|ta)?\b|\bersätt(er|s|a|as|es)?\b|\breplac\w*"
_REPLACED = re.compile(rf"{_REPLACE_VERB}|\bsupersed\w*|\bsuccessor|\bpredecessor|\bföregångare")
# "Vilka uppföljningar är oklara när <system> ersätts av <system>?": the replacement is the time of
# what is asked (a clause after the question's own), not what is asked
_REPLACED_BESIDE = re.compile(
    rf"^\W*(?!när\b|when\b)\w.*\s(när|då|om|efter att|sedan|when|if|once|after)\s[^?]*?({_REPLACE_VERB})"
)
_DURATION = re.compile(
    r"hur länge|how long|giltighetstid|avtalstid|avtalsperiod|vilken period|which period|until when|"
    r"gäller till när|valid until|\bnär (upphör|slutar|löper|går|började|börjar|träder|trädde)\b|"
    r"\bwhen (does|did|will|is)\b.*\b(end|expire|start|begin|run out|valid)"
)
_STILL = re.compile(
    r"\b(fortfarande|ännu|längre|upphört|giltig\w*|gällande|i kraft|still|no longer|expired|valid|in force)\b"
)
_APPLIES = re.compile(r"^(gäller|gällde|löper|is|was|does|did)\b")
_NOW = re.compile(r"\b(fortfarande|ännu|längre|i dag|idag|nu|still|no longer|today|now|currently)\b")
_WHICH = re.compile(
    r"\bvilk(en|et|a) (avtal\w*|överenskommelse\w*|dokument\w*) (gäller|gällde|är i kraft|var i kraft)|"
    r"\bwhich (agreement|document|contract)s? (is|was|were|are|applies|applied)"
)
_DOC_WORD = re.compile(
    r"\b(avtal\w*|överenskommelse\w*|interims\w*|förvaltningsplan\w*|protokoll\w*|agreement|contract|plan|"
    r"minutes)\b"
)
_PERSON = re.compile(r"^\s*(vem|vilka personer|who)\b")
# A yes/no question that states a claim to check ("Betalar <kommun> 25 %?", "Stämmer det att ...?").
_VERIFY = re.compile(
    r"^(betalar|betalade|stämmer|är|var|blir|kostar|får|does|do|did|is|are|was)\b|"
    r"\b(stämmer det|är det rätt|är det sant|stämmer att|is it true|is it right|is it correct|correct that)\b"
)
_FINANCING = re.compile(r"\b(finansier\w*|financ\w*|funded|funding)\b")


# "jämfört med", "mer än", "skillnaden", "ökningen", "from 2025 to 2026", "compared with"
COMPARES = re.compile(
    r"\b(jämfört med|jämförelse\w*|i förhållande till|mer än|mindre än|skillnad\w*|ökning\w*|ökar|"
    r"ökade|minskning\w*|minskar|minskade|hur mycket mer|hur mycket mindre|"
    r"compared (to|with)|in comparison|difference|increase\w*|decrease\w*|more than|less than|"
    r"how much more|how much less|rise|rises|grow|grows)\b",
    re.I,
)


@dataclass(frozen=True)
class Intent:
    """The question's aims, read once."""

    is_cost: bool = False
    """A cost word is present; without it the cost handler leaves the question alone."""
    wants_split: bool = False
    collective: bool = False
    """About 'kommunerna' as a group."""
    region_payer: bool = False
    """About the region as payer ('regionen', 'Region <name>')."""
    per_invoice: bool = False
    """'per faktura', 'per kvartal': the amount of one invoice."""
    wants_percent: bool = False
    """'Hur stor andel ...': the share in percent as well as the amount."""
    other_payer: str = ""
    """A capitalised name in 'Vad betalar X' that is no place the registry knows."""
    extra_only: bool = False
    """About the extra-user charge alone ('extrakostnaden', 'the extra charge'), not the year's cost."""
    whole: bool = False
    """About the whole year's cost ('totalkostnaden', 'årskostnaden', 'in total'): a user count is then
    a parameter of that cost, not a question about the extra-user charge alone."""
    validity: str = ""
    """'replaced', 'duration', 'which', 'still' or '' (not a validity question)."""
    now: bool = False
    """'fortfarande', 'i dag', 'still': about today unless a year is named."""
    names_document: bool = False
    """An agreement word ('avtalet', 'överenskommelsen', 'agreement') is present."""
    asks_person: bool = False
    verifies: bool = False
    """A yes/no question stating a claim (a share, an amount) to be checked against the agreement."""
    asks_financing: bool = False
    """'Hur finansieras ...': who funds what is written in words, not a sum."""


def _bare(text: str) -> bool:
    """'Gäller avtalet i X 2028?' asks about the agreement; 'Gäller avtalet att ...' asks about a rule."""
    words = text.rstrip("?. ").split()
    return len(words) <= 7 and not {"att", "that", "för", "for", "om"} & set(words)


def read_intent(text: str, lowered: str, folded: str, *, named_place: bool, dated: bool = False) -> Intent:
    """`text` as written, `lowered` (case-folded, dashes unified), `folded` (no diacritics)."""
    other = _OTHER_PAYER.search(text)
    other_name = other.group(1) if other and other.group(1).lower() not in _NOT_PLACES else ""
    validity = (
        "replaced"
        if _REPLACED.search(lowered) and not _REPLACED_BESIDE.search(lowered)
        else "duration"
        if _DURATION.search(lowered)
        else "which"
        if _WHICH.search(lowered)
        else "still"
        if _STILL.search(lowered) or (_APPLIES.search(lowered) and _bare(lowered))
        else ""
    )
    return Intent(
        is_cost=bool(COST.search(folded) or SHARE.search(folded) or (dated and _DIVIDE.search(folded))),
        wants_split=bool(_SPLIT.search(folded)),
        collective=bool(_COLLECTIVE.search(folded)),
        region_payer=bool(_REGION_PAYER.search(folded)),
        per_invoice=bool(_PER_INVOICE.search(folded)),
        wants_percent=bool(_PERCENT.search(folded)),
        other_payer="" if named_place else other_name,
        validity=validity,
        extra_only=bool(EXTRA.search(lowered)),
        whole=bool(_WHOLE.search(lowered)),
        now=bool(_NOW.search(lowered)),
        names_document=bool(_DOC_WORD.search(lowered)),
        asks_person=bool(_PERSON.search(lowered)),
        asks_financing=bool(_FINANCING.search(folded)),
        verifies=bool(_VERIFY.search(lowered)),
    )
