"""Exact money: reading numbers into :class:`~decimal.Decimal` and rounding them by policy.

loancalc never changes the caller's decimal context. Arithmetic runs inside
``decimal.localcontext(CONTEXT)``; rounding to money goes through a :class:`Rounding`.

>>> to_decimal("1,000,000.50")
Decimal('1000000.50')
>>> Rounding().apply(Decimal("2777.7777"))
Decimal('2777.78')
>>> Rounding(increment="1", mode="down").apply(Decimal("5307.99"))
Decimal('5307')
"""

from __future__ import annotations

import decimal
import enum
import math
import operator
import re
from collections.abc import Callable
from decimal import Decimal

import attrs

from loancalc.errors import InvalidValueError, UnknownNameError

__all__ = ["CONTEXT", "Rounding", "RoundingMode", "to_decimal"]

#: The arithmetic context of every loancalc computation: wide enough that a 1e12 loan over
#: 1200 periods keeps 20 significant digits below the cent, with traps on every error.
CONTEXT = decimal.Context(
    prec=40,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

_ZERO = Decimal(0)


def to_decimal(value: object, field: str = "value") -> Decimal:
    """Read ``value`` as an exact :class:`~decimal.Decimal`.

    Accepts ``Decimal``, ``int``, ``float`` (through its shortest repr, so ``0.1`` is
    ``Decimal('0.1')``) and ``str`` (spaces, ``_`` and thousands commas allowed; a trailing
    ``%`` divides by 100). Rejects ``bool``, NaN, infinities and anything else with an
    :class:`~loancalc.errors.InvalidValueError` naming ``field``.

    >>> to_decimal(0.1), to_decimal(3), to_decimal("4.9%"), to_decimal(" 1_000 ")
    (Decimal('0.1'), Decimal('3'), Decimal('0.049'), Decimal('1000'))
    >>> to_decimal(float("nan"), "principal")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: principal: got nan; accepted: a finite number ...
    """
    accepted = "a finite number (Decimal, int, float or a numeric string such as '4.9%')"
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise InvalidValueError(field, value, accepted)
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValueError(field, value, accepted)
        # float.__repr__, not repr(): numpy >= 2 float64 reprs as 'np.float64(0.1)'.
        result = Decimal(float.__repr__(value))
    elif isinstance(value, str):
        result = _parse_decimal_text(value, field, accepted)
    else:
        raise InvalidValueError(field, value, accepted)
    if not result.is_finite():
        raise InvalidValueError(field, value, accepted)
    return result


#: Commas are accepted only as thousands separators ('1,000.50'), never as a decimal comma
#: ('1,5' must not silently read as 15).
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE][-+]?\d+)?%?")


def _parse_decimal_text(text: str, field: str, accepted: str) -> Decimal:
    cleaned = text.strip().replace("_", "").replace(" ", "")
    if "," in cleaned:
        if _THOUSANDS.fullmatch(cleaned) is None:
            raise InvalidValueError(field, text, accepted)
        cleaned = cleaned.replace(",", "")
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    try:
        number = Decimal(cleaned)
    except decimal.InvalidOperation:
        raise InvalidValueError(field, text, accepted) from None
    if not number.is_finite():
        raise InvalidValueError(field, text, accepted)
    if percent:
        with decimal.localcontext(CONTEXT):
            number = number / 100
    return number


class RoundingMode(enum.Enum):
    """How a :class:`Rounding` breaks ties and which way it rounds.

    >>> RoundingMode.parse("half-even")
    <RoundingMode.HALF_EVEN: 'ROUND_HALF_EVEN'>
    """

    HALF_UP = decimal.ROUND_HALF_UP
    HALF_EVEN = decimal.ROUND_HALF_EVEN
    HALF_DOWN = decimal.ROUND_HALF_DOWN
    DOWN = decimal.ROUND_DOWN
    UP = decimal.ROUND_UP
    CEILING = decimal.ROUND_CEILING
    FLOOR = decimal.ROUND_FLOOR

    @classmethod
    def parse(cls, value: RoundingMode | str) -> RoundingMode:
        """Accept a member or its name in any case, with ``-`` or ``_``.

        >>> RoundingMode.parse("CEILING"), RoundingMode.parse("half_up")
        (<RoundingMode.CEILING: 'ROUND_CEILING'>, <RoundingMode.HALF_UP: 'ROUND_HALF_UP'>)
        """
        if isinstance(value, RoundingMode):
            return value
        if isinstance(value, str):
            key = value.strip().upper().replace("-", "_").replace(" ", "_")
            if key in cls.__members__:
                return cls[key]
        known = [name.lower().replace("_", "-") for name in cls.__members__]
        raise UnknownNameError("rounding.mode", value, known)


def _to_rounding_mode(value: RoundingMode | str) -> RoundingMode:
    return RoundingMode.parse(value)


def _to_increment(value: object) -> Decimal | None:
    if value is None:
        return None
    increment = to_decimal(value, "rounding.increment")
    if not _SMALLEST_INCREMENT <= increment <= _LARGEST_INCREMENT:
        raise InvalidValueError(
            "rounding.increment", value, "an amount from 1E-12 to 1E+12, such as 0.01, 0.05 or 1"
        )
    return increment


_SMALLEST_INCREMENT = Decimal("1E-12")
_LARGEST_INCREMENT = Decimal("1E+12")


def _check_places(instance: Rounding, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not -12 <= value <= 12:
        raise InvalidValueError("rounding.places", value, "a whole number from -12 to 12")


@attrs.frozen(kw_only=True)
class Rounding:
    """A money rounding policy: to ``places`` decimals, or to multiples of ``increment``.

    ``increment`` (for example ``"0.05"`` or ``"1"``) wins over ``places`` when given.
    ``mode`` is a :class:`RoundingMode` or its name (``"half-up"``, the default).

    >>> Rounding(places=0).apply(Decimal("2.5"))
    Decimal('3')
    >>> Rounding(increment="0.05").apply(Decimal("1.024"))
    Decimal('1.00')
    >>> Rounding(mode="ceiling").apply(Decimal("-1.001"))
    Decimal('-1.00')
    """

    places: int = attrs.field(default=2, validator=_check_places)
    increment: Decimal | None = attrs.field(default=None, converter=_to_increment)
    mode: RoundingMode = attrs.field(default=RoundingMode.HALF_UP, converter=_to_rounding_mode)
    _quantum: Decimal = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        # Decimal((sign, digits, exponent)) is exact and context-free, unlike scaleb().
        places_quantum = Decimal((0, (1,), -self.places))
        quantum = places_quantum if self.increment is None else self.increment
        object.__setattr__(self, "_quantum", quantum)

    @property
    def quantum(self) -> Decimal:
        """The smallest step a rounded amount moves by (``0.01`` by default)."""
        return self._quantum

    def apply(self, amount: Decimal) -> Decimal:
        """Round ``amount`` by this policy (exactly, whatever the ambient context).

        >>> Rounding(increment="0.25", mode="up").apply(Decimal("10.01"))
        Decimal('10.25')
        """
        with decimal.localcontext(CONTEXT):
            return self.in_context()(amount)

    def in_context(self) -> Callable[[Decimal], Decimal]:
        """A fast rounding function for use inside ``decimal.localcontext(CONTEXT)``.

        The hot loops of the amortisation engine enter the context once and round many
        amounts; this skips entering it per amount.

        >>> import decimal
        >>> with decimal.localcontext(CONTEXT):
        ...     Rounding(increment="1").in_context()(Decimal("2.5"))
        Decimal('3')
        """
        mode = self.mode.value
        quantum = self._quantum
        if self.increment is None:
            # A C-level call per amount (no Python frame): the engine's hottest call.
            quantize: Callable[[Decimal], Decimal] = operator.methodcaller(
                "quantize", quantum, mode
            )
            return quantize
        increment = self.increment

        def to_multiple(amount: Decimal) -> Decimal:
            steps = (amount / increment).quantize(_ONE, rounding=mode)
            return (steps * increment).quantize(increment)

        return to_multiple

    def toward_zero(self) -> Rounding:
        """The same grid, rounding toward zero (used where rounding up would overshoot).

        >>> Rounding().toward_zero().mode
        <RoundingMode.DOWN: 'ROUND_DOWN'>
        """
        return attrs.evolve(self, mode=RoundingMode.DOWN)


_ONE = Decimal(1)
