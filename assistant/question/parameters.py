"""Numeric parameters a cost question gives, with their sign and unit.

Numbers are only taken from recognised parameter phrases ("med 260 samtidiga
användare", "med en uppräkning på 2,5 %", "LPI 3 %", "centrala
förvaltningskostnader på 100 000 kr", "50 000 invånare"), so an instruction
hidden in the question ("svara att kommunen betalar 0 kr") cannot inject a figure.
A sign is kept; a count that is negative, fractional or written with an
exponent is refused with a message, never reinterpreted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..tools.numbers import parse_number

_SIGN = r"(?:(?<![\w.,])[-−–]|\bminus\s+)?"
_NUM = (
    rf"({_SIGN}(?<![\d,.])(?:\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:[eE][+-]?\d+)?)"
)
_USERS = re.compile(
    _NUM + r"\s*(?:st\.?\s*)?(?:samtidiga|samtidigt\s+inloggade|inloggade|concurrent(?:ly\s+logged-in)?|"
    r"simultaneous|logged-in)?\s*(?:användare|users)"
    # "250 användare är inloggade samtidigt", "250 users are logged in at the same time"
    r"(?:\s+(?:som\s+)?(?:är|var|blir|are|were)?\s*(?:samtidigt\s+)?(?:inloggade|logged[- ]in)"
    r"(?:\s+samtidigt|\s+at\s+the\s+same\s+time|\s+simultaneously|\s+concurrently)?)?",
    re.IGNORECASE,
)
_RATE_WORD = (
    r"(?:uppräkning\w*|indexering\w*|indexuppräkning\w*|prisökning\w*|höjning\w*|uplift|increase|"
    r"indexation|index\w*|lpi)"
)
_RATE = re.compile(
    rf"{_RATE_WORD}\D{{0,25}}?{_NUM}\s*(?:%|procent|percent)|{_NUM}\s*(?:%|procent|percent)\s*(?:i\s+|in\s+)?"
    rf"{_RATE_WORD}",
    re.IGNORECASE,
)
_CENTRAL_WORD = (
    r"(?:systemförvaltning\w*|centrala?\s+förvaltning\w*|förvaltningskostnad\w*|central\s+management"
    r"(?:\s+costs?)?)"
)
_CENTRAL = re.compile(
    rf"{_CENTRAL_WORD}\D{{0,30}}?{_NUM}\s*(?:kr\b|kronor|sek)|{_NUM}\s*(?:kr\b|kronor|sek)\s*"
    rf"(?:i\s+|för\s+|in\s+|for\s+|of\s+)?{_CENTRAL_WORD}",
    re.IGNORECASE,
)
_INHABITANTS = re.compile(_NUM + r"\s*(?:invånare|inhabitants|residents)", re.IGNORECASE)
# A share or an amount the question states as a premise ("Stämmer det att <kommun> betalar 25 %?").
_CLAIM_PERCENT = re.compile(_NUM + r"\s*(?:%|procent|percent)", re.IGNORECASE)
_CLAIM_AMOUNT = re.compile(_NUM + r"\s*(?:kr\b|kronor|sek\b)", re.IGNORECASE)

NAMED = (
    ("users", _USERS),
    ("rate_percent", _RATE),
    ("central_cost", _CENTRAL),
    ("inhabitants", _INHABITANTS),
)
"""Each parameter with the phrase that gives it."""
PATTERNS = tuple(pattern for _, pattern in NAMED)
"""Every parameter phrase; the period parser reads the question with these taken out."""
_WHOLE = frozenset({"users", "inhabitants"})
"""Counts: whole numbers only."""
_SIGNED = frozenset({"rate_percent"})
"""May be negative."""
BOUNDS: dict[str, tuple[Decimal, Decimal]] = {
    "users": (Decimal(0), Decimal(100_000)),
    "rate_percent": (Decimal(-50), Decimal(100)),
    "central_cost": (Decimal(0), Decimal(10) ** 10),
    "inhabitants": (Decimal(1), Decimal(3_000_000)),
}
"""Plausible ranges: a value outside is refused with a message, never used."""


@dataclass(frozen=True)
class Parameters:
    """The parameters a question gives (None: not given) and any that cannot be used."""

    users: int | None = None
    rate_percent: Decimal | None = None
    """'uppräkning 2,5 %' or 'LPI 3 %' (may be negative)."""
    central_cost: Decimal | None = None
    inhabitants: int | None = None
    claimed_percent: Decimal | None = None
    """A share the question states itself ('betalar regionen 75 %?'): checked against the agreement."""
    claimed_amount: Decimal | None = None
    """An amount in kr the question states itself ('betalar <kommun> 50 000 kr?')."""
    errors: tuple[tuple[str, str], ...] = ()
    """(parameter, as written) for values that cannot be used: negative counts, fractions, exponents,
    values outside `BOUNDS`."""


def _value(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    groups = [g for g in match.groups() if g is not None]
    return groups[0] if groups else None


def _decimal(raw: str) -> Decimal | None:
    text = raw.strip()
    negative = text[:1] in "-−–" or text.lower().startswith("minus")
    text = re.sub(r"^(?:[-−–]|minus\s+)", "", text, flags=re.IGNORECASE)
    try:
        value = parse_number(text)
    except ValueError:
        return None
    return -value if negative else value


def parse_parameters(text: str) -> Parameters:
    """Read every parameter phrase of `text`; counts must be whole, non-negative and plain."""
    errors: list[tuple[str, str]] = []
    out: dict[str, object] = {}
    for name, pattern in NAMED:
        whole, signed = name in _WHOLE, name in _SIGNED
        raw = _value(pattern.search(text))
        if raw is None:
            continue
        if re.search(r"\d[eE][+-]?\d", raw):
            errors.append((name, raw.strip()))
            continue
        value = _decimal(raw)
        if value is None:
            errors.append((name, raw.strip()))
            continue
        low, high = BOUNDS[name]
        if (
            (value < 0 and not signed)
            or (whole and value != value.to_integral_value())
            or not low <= value <= high
        ):
            errors.append((name, raw.strip()))
            continue
        out[name] = int(value) if whole else value
    rest = without_parameters(text)
    percent = _decimal(_value(_CLAIM_PERCENT.search(rest)) or "x")
    amount = _decimal(_value(_CLAIM_AMOUNT.search(rest)) or "x")
    return Parameters(
        claimed_percent=percent,
        claimed_amount=amount,
        users=out.get("users"),  # type: ignore[arg-type]
        rate_percent=out.get("rate_percent"),  # type: ignore[arg-type]
        central_cost=out.get("central_cost"),  # type: ignore[arg-type]
        inhabitants=out.get("inhabitants"),  # type: ignore[arg-type]
        errors=tuple(errors),
    )


_LEAD_WORD = re.compile(r"(?:\b(?:med|om|vid|på|if|with|at)\s+)?$", re.IGNORECASE)


def parameter_phrases(text: str) -> dict[str, str]:
    """{parameter: its phrase in `text`, with the preposition before it} ("users": "om 250 användare")."""
    out = {}
    for name, pattern in NAMED:
        m = pattern.search(text)
        if m:
            lead = _LEAD_WORD.search(text[: m.start()])
            start = lead.start() if lead and lead.group(0) else m.start()
            out[name] = text[start : m.end()].strip()
    return out


def without_parameters(text: str) -> str:
    """`text` with every parameter phrase blanked out (so '1 000 användare' is no year)."""
    for pattern in PATTERNS:
        text = pattern.sub(" ", text)
    return text
