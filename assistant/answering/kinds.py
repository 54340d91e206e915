"""The kinds of answer a question can ask for, and the parsed value that says which (`AskedFor`).

Shared by the question side (`asks.asked_for` reads a question into an `AskedFor`) and the answer
side (`shapes.carries` says whether a sentence holds what it asks for).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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
    items: int = 0
    """How many things a list question names ("Vilka är de tio bärande delarna ...?", "the three
    steps"): an answer lists at least that many; 0 when it names no number."""
