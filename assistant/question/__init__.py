"""Parse a question once into a typed, frozen `ParsedQuestion`; every stage of `ask()` reads that.

Language, places (regions and municipalities, read against the agreement
registry), the year or period asked about, numeric parameters with sign and
unit, named documents and the intent. No stage re-parses the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from ..agreements import Municipality, Registry, fold
from ..answering.asks import AskedFor, Kind, asked_for
from ..answering.focus import focus_question
from ..answering.injection import gives_instructions
from ..answering.language import detect_language
from ..retrieval.text import tokens
from .cache import per_registry
from .costobject import uncovered_object
from .intent import Intent, read_intent
from .parameters import Parameters, parse_parameters, without_parameters
from .periods import Period, asked_period, year_shift
from .places import Places, find_places

__all__ = ["Intent", "Parameters", "ParsedQuestion", "Period", "Places", "normalise", "parse"]


def normalise(text: str) -> str:
    """Lower-case, dashes unified, whitespace collapsed: the form aliases are matched against."""
    return " ".join(text.casefold().replace("–", "-").replace("—", "-").split())


@dataclass(frozen=True)
class ParsedQuestion:
    """Everything the stages need to know about one question."""

    text: str
    """The question as answered (cleaned; a follow-up already made to stand alone)."""
    language: str
    """'sv' or 'en'."""
    focused: str
    """The sentences that ask something (`focus_question`), for retrieval."""
    places: Places
    period: Period | None
    """The date, year or years named outside document names; None when none."""
    year: int | None
    """The cost year: the first year named, else a relative year, else today's (`year_defaulted`)."""
    year_defaulted: bool
    parameters: Parameters
    intent: Intent
    documents: tuple[str, ...] = ()
    """Corpus documents named by one of their aliases (file names)."""
    predecessors: tuple[tuple[str, int], ...] = ()
    """Replaced documents outside the corpus named by alias: (successor file, index in its `replaces`)."""
    injection: bool = False
    """The question contains instruction-like text; it changes nothing, but the answer says so."""
    asked: AskedFor | None = None
    """What the question asks for (a name, an amount, a date, a list ...), for answerability."""
    asked_as: str = ""
    """The stand-alone question when this one was a follow-up; '' otherwise."""
    carried: tuple[str, ...] = field(default=())
    """What was carried over from the conversation ('year', 'place', 'topic')."""
    year_shift: int = 0
    """A year relative to the conversation's: +1 for "året efter", -1 for "the year before"."""
    shift_phrase: str = ""
    """The words that gave `year_shift`, as written (lower case)."""
    context: str = ""
    """The earlier question a pronoun's subject was taken from ("När signerade hon?"): its words help
    find the passage but weigh less than the follow-up's own words."""

    @property
    def regions(self) -> tuple[str, ...]:
        return self.places.regions

    @property
    def municipalities(self) -> tuple[Municipality, ...]:
        return self.places.municipalities

    @property
    def municipality(self) -> Municipality | None:
        return self.places.municipalities[0] if self.places.municipalities else None

    @property
    def dated(self) -> bool:
        """A year or date was written (or 'nästa år'): 'fortfarande' then does not mean today."""
        return self.period is not None

    def names_place(self) -> bool:
        return bool(self.places.regions or self.places.municipalities or self.places.other_regions)


def _document_aliases(registry: Registry) -> list[tuple[str, str]]:
    out = []
    for agreement in registry.agreements:
        for document, entry in agreement.documents.items():
            for alias in entry.get("aliases") or ():
                out.append((document, str(alias).casefold()))
    return out


def _has_alias(text: str, alias: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(alias), text) is not None


def _without_names(registry: Registry, lowered: str) -> str:
    """The text with document names taken out, so "interimsöverenskommelsen från 2020" is no date."""
    text = lowered
    for agreement in registry.agreements:
        for entry in agreement.documents.values():
            aliases = [*(entry.get("aliases") or ())]
            aliases += [a for pred in entry.get("replaces") or () for a in pred.get("aliases") or ()]
            for alias in aliases:
                pattern = (
                    r"(?<!\w)" + re.escape(str(alias).casefold()) + r"[\w-]*(\s+(från|of|from|år)\s+\d{4}\b)?"
                )
                text = re.sub(pattern, " ", text)
    return text


def _predecessors(registry: Registry, lowered: str) -> tuple[tuple[str, int], ...]:
    out = []
    for agreement in registry.agreements:
        for document, entry in agreement.documents.items():
            for n, pred in enumerate(entry.get("replaces") or ()):
                if pred.get("document"):
                    continue
                if any(_has_alias(lowered, str(a).casefold()) for a in pred.get("aliases") or ()):
                    out.append((document, n))
    return tuple(out)


# Words that ask whether or how long an agreement applies (Swedish and English); with the words of the
# agreements' own names and titles and the places, they are all a validity question may hold.
_VALIDITY_WORDS = (
    "gäller gälla gällde giltig giltighet giltighetstid giltighetstiden avtalstid avtalstiden avtalsperiod "
    "avtalsperioden period perioden länge lång fortfarande ännu längre upphör upphört upphöra slutar slut "
    "löper löpte börjar började träder trädde kraft förlängas förlängning förlängd datum dag idag nu "
    "valid validity expire expired expires end ends ended start starts started begin begins run runs "
    "still force long until date today now currently term apply applies applied last lasts"
)
_MONEY = re.compile(r"(kr|kronor|sek|tkr|mkr|miljoner|euro|procent)\b")
# a question that opens with a condition and gives no figure asks what rule applies then
_CONDITION = re.compile(r"^\W*(?:och\s+|and\s+|men\s+)?(?:om|if|what if|vad händer om|what happens if)\b")


@per_registry
def _agreement_words(registry: Registry) -> frozenset[str]:
    """Stemmed words that name an agreement or ask for its validity (cached per registry)."""
    parts = [_VALIDITY_WORDS]
    for agreement in registry.agreements:
        parts += [agreement.name, agreement.name_en, agreement.kind, agreement.region, agreement.region_name]
        parts += [*agreement.titles.values(), *agreement.region_aliases]
        for entry in agreement.documents.values():
            parts += [str(a) for a in entry.get("aliases") or ()]
    return frozenset(tokens(" ".join(p for p in parts if p)))


def _other_subject(plain: str, places: Places, registry: Registry) -> bool:
    """Whether the question is about more than an agreement's validity ("När trädde lagen om ... i
    kraft", "Får parterna förhandla ... under avtalstiden?"): then the documents answer it."""
    named = frozenset(
        tokens(" ".join([*places.regions, *places.other_regions, *(m.name for m in places.municipalities)]))
    )
    allowed = _agreement_words(registry) | named
    return any(t not in allowed and not t.isdigit() for t in tokens(plain))


def parse(text: str, registry: Registry, today: date) -> ParsedQuestion:
    """Parse a cleaned question (`ingest.normalize.clean_line` already applied)."""
    text = " ".join(text.split())
    lowered = normalise(text)
    folded = fold(lowered)
    places = find_places(text, registry)
    parameters = parse_parameters(text)
    plain = without_parameters(_without_names(registry, lowered))
    period = asked_period(plain, today)
    year = period.years[0] if period is not None and period.years else None
    documents = tuple(
        dict.fromkeys(d for d, alias in _document_aliases(registry) if _has_alias(lowered, alias))
    )
    intent = read_intent(
        text,
        lowered,
        folded,
        named_place=places.municipalities != () or places.regions != (),
        dated=period is not None,
    )
    language = detect_language(text)
    focused = focus_question(text)
    asked = asked_for(focused, language)
    if intent.is_cost and asked.kind is Kind.COUNT and asked.noun and not _MONEY.match(asked.noun):
        intent = replace(intent, is_cost=False)  # "Hur många persondagar är budgeterade ...?"
    if intent.is_cost and _CONDITION.match(lowered) and parameters == Parameters():
        intent = replace(intent, is_cost=False)  # "Om en kostnad bara gäller <kommun>?": a rule, no sum
    if intent.is_cost and not parameters.users:
        named = frozenset(
            tokens(
                " ".join([*places.regions, *places.other_regions, *(m.name for m in places.municipalities)])
            )
        )
        if uncovered_object(lowered, registry, named):
            intent = replace(intent, is_cost=False)  # "kostnaden för nyutveckling": its rule is in the text
    if intent.validity in ("duration", "still") and _other_subject(plain, places, registry):
        intent = replace(intent, validity="")
    shift, shift_phrase = year_shift(plain) if period is None else (0, "")
    return ParsedQuestion(
        text=text,
        language=language,
        focused=focused,
        asked=asked,
        places=places,
        period=period,
        year=year if year is not None else today.year,
        year_defaulted=year is None,
        parameters=parameters,
        intent=intent,
        documents=documents,
        predecessors=_predecessors(registry, lowered),
        injection=gives_instructions(text),
        year_shift=shift,
        shift_phrase=shift_phrase,
    )


def with_text(
    q: ParsedQuestion,
    registry: Registry,
    today: date,
    asked_as: str,
    carried: tuple[str, ...],
    context: str = "",
) -> ParsedQuestion:
    """`q` re-read as the stand-alone question `asked_as` (a follow-up resolved against the history).

    `context` is the earlier question that only lends its subject (a pronoun's referent): then what
    is asked (a date, a name) stays `q`'s.
    """
    again = parse(asked_as, registry, today)
    if context:
        # a cost question only by its own words ("Hur fördelas det?"), not by the earlier turn's
        # ("Och hur ofta får de fakturor?" after "Vad betalar kommunerna?" asks how often)
        intent = again.intent
        if intent.is_cost and not (q.intent.is_cost or q.intent.wants_split or q.parameters != Parameters()):
            intent = replace(intent, is_cost=False)
        # so does the time it names: the earlier turn's ("på mötet i februari 2025") dates its subject,
        # not the answer ("Och när ska det följas upp?" may be answered by a later year)
        own = parse(asked_as.replace(f" ({context})", ""), registry, today)
        return replace(
            again,
            asked_as=asked_as,
            carried=carried,
            language=q.language,
            asked=q.asked,
            context=context,
            intent=intent,
            period=own.period,
        )
    return replace(again, asked_as=asked_as, carried=carried, language=q.language)
