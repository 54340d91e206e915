"""Swedish number format and exact rounding for the cost tools.

Amounts are written the Swedish way: a space between thousands and a decimal
comma ("2 408 080 kr", "45 103,50 kr", "3,74 %"). Output always uses the plain
space U+0020 (never NBSP) so that answer text can be searched with ordinary
text search. Parsing accepts NBSP, narrow NBSP and thin spaces as well, and a
single '.' as a decimal point, because the agreements write "0.589 kronor".
Arithmetic is exact (`Fraction`); rounding happens once, to whole kronor,
half up, and splits use the largest-remainder method so parts sum to the whole.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

Number = int | Decimal | Fraction

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_UNITS = re.compile(r"(?i)(kronor|kr/år|kr|sek|%|procent)\.?$")
_PLAIN = re.compile(r"^[-−]?\d+([.,]\d+)?$")
_GROUPED_SPACES = re.compile(r"^[-−]?\d{1,3}( \d{3})+([.,]\d+)?$")
_GROUPED_DOTS = re.compile(r"^[-−]?\d{1,3}(\.\d{3}){2,}(,\d+)?$")


def parse_number(text: str) -> Decimal:
    """Parse '2 408 080', '45 103,50 kr', '3,74 %', '0.589' or '−12' into an exact Decimal.

    Raises ValueError for anything else, e.g. '', 'abc' or '1,2,3'.
    """
    spaced = _UNITS.sub("", _SPACES.sub(" ", text).strip()).strip()
    if " " in spaced and not _GROUPED_SPACES.match(spaced):
        raise ValueError(f"not a number in Swedish format (groups of three digits): {text!r}")
    cleaned = spaced.replace(" ", "")
    if _GROUPED_DOTS.match(cleaned):  # "2.408.080": dots as thousands separators
        cleaned = cleaned.replace(".", "")
    if not _PLAIN.match(cleaned):
        raise ValueError(f"not a number in Swedish format: {text!r}")
    try:
        return Decimal(cleaned.replace("−", "-").replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern above rules this out
        raise ValueError(f"not a number: {text!r}") from exc


def _to_decimal(value: Number, decimals: int | None) -> Decimal:
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(Decimal(1).scaleb(-(decimals if decimals is not None else 6)), ROUND_HALF_UP)
    return Decimal(value)


def format_number(value: Number, decimals: int | None = None) -> str:
    """Swedish format: '2 408 080', '45 103,50'. `decimals=None` keeps the value's own precision.

    Rounds half up when `decimals` is given; trailing zeros are dropped when it is None.
    """
    number = _to_decimal(value, decimals)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    digits = f"{abs(number):f}"
    whole, _, frac = digits.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = " ".join(groups)
    if sign and (text.strip("0 ") or frac.strip("0")):
        text = sign + text
    return f"{text},{frac}" if frac else text


def format_kr(value: Number, decimals: int = 0) -> str:
    """'45 103 kr' (whole kronor by default, rounded half up)."""
    return f"{format_number(value, decimals)} kr"


def format_percent(value: Number) -> str:
    """'50 %', '2,5 %', '3,74 %' (as many decimals as the value needs, at most six)."""
    return f"{format_number(value)} %"


def round_kr(value: Number) -> int:
    """Round to whole kronor, half up (0,5 kr rounds away from zero)."""
    exact = Fraction(value)
    if exact < 0:
        return -round_kr(-exact)
    return math.floor(exact + Fraction(1, 2))


def largest_remainder(parts: Sequence[Fraction], total: int) -> list[int]:
    """Round non-negative exact `parts` to integers that sum to `total`.

    Each part is floored; the missing units go to the parts with the largest
    remainders (earlier parts win ties), so no part moves by more than one unit.
    Raises ValueError if the parts are negative or their floors exceed `total`.
    """
    if any(p < 0 for p in parts):
        raise ValueError("largest_remainder needs non-negative parts")
    floors = [p.numerator // p.denominator for p in parts]
    missing = total - sum(floors)
    if missing < 0 or missing > len(parts):
        raise ValueError(f"parts do not add up to {total}")
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return floors
