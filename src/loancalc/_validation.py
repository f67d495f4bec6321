"""The field converters and checks every public constructor calls, so every message has
one shape: ``field: got <value>; accepted: <what>``.

A value of the wrong type raises :class:`~loancalc.errors.InvalidTypeError` (also a
``TypeError``); a value of the right type outside the range raises
:class:`~loancalc.errors.InvalidValueError` (also a ``ValueError``).

Numbers are read by one parser, :func:`read_number`, with one rule for every numeric
field: ASCII digits only (``'١٠٠٠'`` and ``'４.９'`` are refused, never silently read),
spaces, ``_`` and thousands commas allowed, finite, at most 1E+1000 and at least 1E-1000
in size (or zero), and a negative zero read as zero. A ``%`` sign is accepted only where
the field is a rate or a share; amounts refuse it.

>>> read_number("1,000.50", "principal", percent=False)
Decimal('1000.50')
>>> read_number("-0.0", "annual_rate")
Decimal('0.0')
>>> read_number("١٠٠٠", "principal")
Traceback (most recent call last):
loancalc.errors.InvalidValueError: principal: got '١٠٠٠'; accepted: ... ASCII digits 0-9 ...
>>> whole_number(3.0, "term", 1, 1200)
Traceback (most recent call last):
loancalc.errors.InvalidTypeError: term: got 3.0; accepted: a whole number from 1 to 1200
"""

from __future__ import annotations

import decimal
import functools
import math
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from loancalc.errors import InvalidTypeError, InvalidValueError

__all__ = [
    "ASCII_DIGITS",
    "MAX_TERM",
    "NUMBER_ACCEPTED",
    "amount",
    "check_date",
    "check_type",
    "on_grid",
    "read_number",
    "whole_number",
]

#: The most instalments a loan may have (100 years of monthly payments), and the most due
#: dates :func:`loancalc.due_dates` makes at once.
MAX_TERM = 1200

#: What a numeric field accepts, for messages.
NUMBER_ACCEPTED = "a finite number (Decimal, int, float or a numeric string such as '4.9%')"

ASCII_DIGITS = (
    "written with ASCII digits 0-9 (digits of other scripts, such as '١٠٠٠' or '４.９', "
    "are refused)"
)
#: Numbers are at most this many powers of ten large or small (zero aside): far inside
#: the computing context's exponent range, so no later step can overflow or underflow.
_LARGEST_EXPONENT = 1000
_SIZE = f"between 1E-{_LARGEST_EXPONENT} and 1E+{_LARGEST_EXPONENT} in size, or 0"
#: Commas are accepted only as thousands separators ('1,000.50'), never as a decimal comma
#: ('1,5' must not silently read as 15).
_THOUSANDS = re.compile(r"[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?%?")
_ZERO = Decimal(0)


def check_type(value: object, types: type | tuple[type, ...], field: str, accepted: str) -> None:
    """Raise :class:`~loancalc.errors.InvalidTypeError` unless ``value`` is one of ``types``
    (``bool`` never counts as ``int``).

    >>> check_type("12", int, "term", "a whole number")
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: term: got '12'; accepted: a whole number
    """
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        raise InvalidTypeError(field, value, accepted)
    if not isinstance(value, types):
        raise InvalidTypeError(field, value, accepted)


def whole_number(value: object, field: str, low: int, high: int | None = None) -> int:
    """``value`` if it is an ``int`` (not a bool) from ``low`` to ``high`` (no upper bound
    if ``None``).

    >>> whole_number(12, "term", 1, 1200)
    12
    >>> whole_number(0, "term", 1, 1200)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: term: got 0; accepted: a whole number from 1 to 1200
    """
    accepted = (
        f"a whole number from {low} to {high}" if high is not None else f"a whole number >= {low}"
    )
    check_type(value, int, field, accepted)
    assert isinstance(value, int)
    if value < low or (high is not None and value > high):
        raise InvalidValueError(field, value, accepted)
    return value


def check_date(value: object, field: str, *, optional: bool = False) -> date | None:
    """``value`` if it is a ``datetime.date`` (not a ``datetime``, which never equals a
    date), or ``None`` when ``optional``.

    >>> check_date(date(2024, 1, 31), "start")
    datetime.date(2024, 1, 31)
    >>> check_date("2024-01-31", "start")
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: start: got '2024-01-31'; accepted: a datetime.date
    """
    if value is None and optional:
        return None
    accepted = "a datetime.date" + (" or None" if optional else "")
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidTypeError(field, value, accepted)
    return value


def read_number(
    value: object,
    field: str,
    *,
    percent: bool = True,
    accepted: str = NUMBER_ACCEPTED,
    shown: object = None,
) -> Decimal:
    """Read ``value`` as an exact :class:`~decimal.Decimal`: the one numeric parser.

    Accepts ``Decimal``, ``int``, ``float`` (through its shortest repr) and ``str``. A
    trailing ``%`` divides by 100 exactly if ``percent``, and is refused otherwise. Errors
    name ``field`` and ``shown`` (default: ``value``) and say what is ``accepted``.

    >>> read_number(0.1, "rate"), read_number("4.9%", "rate"), read_number(" 1_000 ", "x")
    (Decimal('0.1'), Decimal('0.049'), Decimal('1000'))
    >>> read_number("5%", "fees.upfront", percent=False, accepted="an amount")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: fees.upfront: got '5%'; accepted: an amount, with no % ...
    """
    original = value if shown is None else shown
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        raise InvalidTypeError(field, original, accepted)
    elif isinstance(value, int):
        try:
            number = Decimal(value)
        except (ValueError, decimal.InvalidOperation):  # beyond what Decimal holds
            raise InvalidValueError(field, original, f"{accepted}, {_SIZE}") from None
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValueError(field, original, accepted)
        # float.__repr__, not repr(): numpy >= 2 float64 reprs as 'np.float64(0.1)'.
        number = Decimal(float.__repr__(value))
    elif isinstance(value, str):
        number = _parse_text(value, field, percent=percent, accepted=accepted, shown=original)
    else:
        raise InvalidTypeError(field, original, accepted)
    if not number.is_finite():
        raise InvalidValueError(field, original, accepted)
    if number.is_zero():
        # One zero: never a negative zero, never an exponent no arithmetic expects.
        exponent = number.as_tuple().exponent
        assert isinstance(exponent, int)  # finite
        return number.copy_abs() if -40 <= exponent <= 0 else _ZERO
    if abs(number.adjusted()) > _LARGEST_EXPONENT:
        raise InvalidValueError(field, original, f"{accepted}, {_SIZE}")
    return number


def _parse_text(text: str, field: str, *, percent: bool, accepted: str, shown: object) -> Decimal:
    cleaned = text.strip().replace("_", "").replace(" ", "")
    if not cleaned.isascii():
        raise InvalidValueError(field, shown, f"{accepted}, {ASCII_DIGITS}")
    if "," in cleaned:
        if _THOUSANDS.fullmatch(cleaned) is None:
            raise InvalidValueError(field, shown, accepted)
        cleaned = cleaned.replace(",", "")
    has_percent = cleaned.endswith("%")
    if has_percent:
        if not percent:
            raise InvalidValueError(
                field, shown, f"{accepted}, with no % sign or rate unit (an amount, not a rate)"
            )
        cleaned = cleaned[:-1]
    try:
        number = Decimal(cleaned)
    except (ValueError, decimal.InvalidOperation):
        raise InvalidValueError(field, shown, accepted) from None
    if not number.is_finite():
        raise InvalidValueError(field, shown, accepted)
    if has_percent:
        # Exact, context-free: the same digits two places further right.
        sign, digits, exponent = number.as_tuple()
        assert isinstance(exponent, int)
        number = Decimal((sign, digits, exponent - 2))
    return number


def amount(
    value: object,
    field: str,
    *,
    high: Decimal,
    positive: bool = False,
    accepted: str | None = None,
) -> Decimal:
    """``value`` read as an amount (no ``%``) from 0 (or above 0 if ``positive``) to ``high``.

    >>> amount("1000.50", "principal", high=Decimal("1E+15"), positive=True)
    Decimal('1000.50')
    >>> amount("1000 %", "principal", high=Decimal("1E+15"), positive=True)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: principal: got '1000 %'; accepted: an amount > 0 ...
    """
    if accepted is None:
        accepted = f"an amount {'>' if positive else '>='} 0 and <= {high}"
    number = read_number(value, field, percent=False, accepted=accepted)
    low_ok = number > _ZERO if positive else number >= _ZERO
    if not low_ok or number > high:
        raise InvalidValueError(field, value, accepted)
    return number


#: Wide enough to quantize any accepted number (below 1E+1000) to any grid, exactly.
_GRID = decimal.Context(prec=2100)


@functools.lru_cache(maxsize=64)
def _power_of_ten(quantum: Decimal) -> bool:
    """Whether ``quantum`` is 1, 10, 0.1, 0.01, ... (a grid ``quantize`` can test).

    >>> _power_of_ten(Decimal("0.01")), _power_of_ten(Decimal("0.05"))
    (True, False)
    """
    return quantum.as_tuple().digits == (1,)


def on_grid(number: Decimal, quantum: Decimal, field: str) -> None:
    """Refuse ``number`` unless it is a whole multiple of the rounding grid ``quantum``:
    loancalc never rounds an input behind the caller's back.

    >>> on_grid(Decimal("1000.50"), Decimal("0.01"), "principal")
    >>> on_grid(Decimal("1000.005"), Decimal("0.01"), "principal")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: principal: got Decimal('1000.005'); accepted: an amount
    on the rounding grid, a multiple of 0.01 (such as 1000.00 or 1000.01)
    """
    each_on_grid((number,), quantum, lambda _: field)


def each_on_grid(numbers: Iterable[Decimal], quantum: Decimal, field: Callable[[int], str]) -> None:
    """:func:`on_grid` for each of ``numbers``, the ``field`` of the one at an index
    named by ``field(index)`` (made only for the error).

    >>> each_on_grid([Decimal("1.50"), Decimal("2.005")], Decimal("0.01"),
    ...              lambda index: f"payments[{index}].amount")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: payments[1].amount: got Decimal('2.005'); accepted: an
    amount on the rounding grid, a multiple of 0.01 (such as 2.00 or 2.01)
    """
    power = _power_of_ten(quantum)
    for index, number in enumerate(numbers):
        if power and number == number.quantize(quantum, context=_GRID):
            continue  # no digit below a power-of-ten grid: the common case, decided at once
        ratio = Fraction(number) / Fraction(quantum)  # exact, whatever the digits
        if ratio.denominator == 1:
            continue
        steps = math.floor(ratio)
        with decimal.localcontext(decimal.Context(prec=100)):
            below = (Decimal(steps) * quantum).quantize(quantum)
            above = (Decimal(steps + 1) * quantum).quantize(quantum)
        raise InvalidValueError(
            field(index),
            number,
            f"an amount on the rounding grid, a multiple of {quantum} (such as {below} or {above})",
        )
