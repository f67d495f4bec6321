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
import operator
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import overload

import attrs

from loancalc._naming import NamedEnum, register
from loancalc._validation import check_type, on_grid, read_number, whole_number
from loancalc.errors import InvalidValueError

__all__ = ["CONTEXT", "FinalPayment", "Rounding", "RoundingMode", "grid_units", "to_decimal"]

#: The arithmetic context of every loancalc computation: wide enough that a 1e12 loan over
#: 1200 periods keeps 20 significant digits below the cent, with traps on every error.
CONTEXT = decimal.Context(
    prec=40,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def to_decimal(value: object, field: str = "value") -> Decimal:
    """Read ``value`` as an exact :class:`~decimal.Decimal`.

    Accepts ``Decimal``, ``int``, ``float`` (through its shortest repr, so ``0.1`` is
    ``Decimal('0.1')``) and ``str`` (spaces, ``_`` and thousands commas allowed; a trailing
    ``%`` divides by 100 exactly). Strings must use ASCII digits 0-9: digits of other
    scripts (``'١٠٠٠'``, ``'４.９'``) are refused, never silently read. A negative zero
    reads as zero. Rejects NaN, infinities and numbers beyond 1E+1000 or below 1E-1000 in
    size with an :class:`~loancalc.errors.InvalidValueError` naming ``field``, and
    ``bool`` and other types with an :class:`~loancalc.errors.InvalidTypeError` (also a
    ``TypeError``).

    >>> to_decimal(0.1), to_decimal(3), to_decimal("4.9%"), to_decimal(" 1_000 ")
    (Decimal('0.1'), Decimal('3'), Decimal('0.049'), Decimal('1000'))
    >>> to_decimal(float("nan"), "principal")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: principal: got nan; accepted: a finite number ...
    >>> to_decimal("1e999999999", "principal")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: principal: got '1e999999999'; accepted: ... in size, or 0
    """
    return read_number(value, field)


@overload
def grid_units(amount: Decimal, quantum: Decimal) -> int | None: ...
@overload
def grid_units(amount: Decimal, quantum: Decimal, *, field: str) -> int: ...
def grid_units(amount: Decimal, quantum: Decimal, *, field: str | None = None) -> int | None:
    """``amount`` as a whole number of steps of the rounding grid ``quantum``, exactly
    (whatever its digits). Off the grid: None, or, given the ``field`` it came from, an
    :class:`~loancalc.errors.InvalidValueError` naming it and the nearest amounts on the
    grid.

    >>> grid_units(Decimal("1000.50"), Decimal("0.01")), grid_units(Decimal("2.5"), Decimal("1"))
    (100050, None)
    >>> grid_units(Decimal("10.005"), Decimal("0.01"), field="late_fee.amount")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: late_fee.amount: got Decimal('10.005'); accepted: an
    amount on the rounding grid, a multiple of 0.01 (such as 10.00 or 10.01)
    """
    ratio = Fraction(amount) / Fraction(quantum)
    if ratio.denominator == 1:
        return ratio.numerator
    if field is not None:
        on_grid(amount, quantum, field)  # raises, naming the amounts either side
    return None


class RoundingMode(NamedEnum):
    """How a :class:`Rounding` breaks ties and which way it rounds.

    ``parse`` accepts a member or its name in any case, with ``-``, ``_`` or a space.

    >>> RoundingMode.parse("half-even")
    <RoundingMode.HALF_EVEN: 'ROUND_HALF_EVEN'>
    >>> RoundingMode.parse("CEILING"), RoundingMode.parse("half_up")
    (<RoundingMode.CEILING: 'ROUND_CEILING'>, <RoundingMode.HALF_UP: 'ROUND_HALF_UP'>)
    """

    HALF_UP = decimal.ROUND_HALF_UP
    HALF_EVEN = decimal.ROUND_HALF_EVEN
    HALF_DOWN = decimal.ROUND_HALF_DOWN
    DOWN = decimal.ROUND_DOWN
    UP = decimal.ROUND_UP
    CEILING = decimal.ROUND_CEILING
    FLOOR = decimal.ROUND_FLOOR


register(
    RoundingMode,
    field="rounding.mode",
    by_value=False,
    shown=lambda member: member.name.lower().replace("_", "-"),
)


class FinalPayment(NamedEnum):
    """How the last instalment of a level schedule compares with the level amount.

    ``SIMILAR`` (the default) rounds the level amount by the policy and lets the last
    instalment take what is left, a little higher or lower; ``LOWER`` picks the lowest
    level amount on the grid that leaves a last instalment no higher than it, ``HIGHER``
    the highest that leaves one no lower (FSharp.Finance.Personal's ``LevelPaymentOption``:
    ``SimilarFinalPayment``, ``LowerFinalPayment``, ``HigherFinalPayment``).

    >>> FinalPayment.parse("lower")
    <FinalPayment.LOWER: 'lower'>
    """

    SIMILAR = "similar"
    LOWER = "lower"
    HIGHER = "higher"


register(FinalPayment, field="rounding.final_payment")


def _to_rounding_mode(value: RoundingMode | str) -> RoundingMode:
    return RoundingMode.parse(value)


def _mode_or_none(value: object, field: str) -> RoundingMode | None:
    if value is None:
        return None
    try:
        return RoundingMode.parse(value)
    except InvalidValueError as error:  # the message names this field, not ``mode``
        raise InvalidValueError(field, value, error.accepted) from None


def _to_payment_mode(value: object) -> RoundingMode | None:
    return _mode_or_none(value, "rounding.payment_mode")


def _to_interest_mode(value: object) -> RoundingMode | None:
    return _mode_or_none(value, "rounding.interest_mode")


def _to_final_payment(value: object) -> FinalPayment:
    return FinalPayment.parse(value)


def _increment_or_none(value: object, field: str, accepted: str) -> Decimal | None:
    if value is None:
        return None
    increment = read_number(value, field, percent=False, accepted=accepted)
    if not _SMALLEST_INCREMENT <= increment <= _LARGEST_INCREMENT:
        raise InvalidValueError(field, value, accepted)
    return increment


def _to_payment_increment(value: object) -> Decimal | None:
    return _increment_or_none(
        value,
        "rounding.payment_increment",
        "an amount from 1E-12 to 1E+12 on the money grid, such as 1 or 4",
    )


def _to_increment(value: object) -> Decimal | None:
    return _increment_or_none(
        value, "rounding.increment", "an amount from 1E-12 to 1E+12, such as 0.01, 0.05 or 1"
    )


_SMALLEST_INCREMENT = Decimal("1E-12")
_LARGEST_INCREMENT = Decimal("1E+12")


def _check_places(instance: Rounding, attribute: attrs.Attribute[int], value: int) -> None:
    whole_number(value, "rounding.places", -12, 12)


@attrs.frozen(kw_only=True)
class Rounding:
    """A money rounding policy: to ``places`` decimals, or to multiples of ``increment``.

    ``increment`` (for example ``"0.05"`` or ``"1"``) wins over ``places`` when given.
    ``mode`` is a :class:`RoundingMode` or its name (``"half-up"``, the default).

    The options of level schedules (see docs/schedules.md), each ``None`` or ``"similar"``
    by default, meaning "as today": ``payment_mode`` rounds the level amount (an
    annuity's payment, an equal-principal share) and ``interest_mode`` each period's
    interest, where they differ from ``mode``; ``payment_increment`` puts the level amount
    on a coarser grid (a multiple of this one, such as ``4``) while balances and interest
    stay on this one; ``final_payment`` (a :class:`FinalPayment`) says whether the last
    instalment may be higher or lower than the level amount.

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
    payment_mode: RoundingMode | None = attrs.field(default=None, converter=_to_payment_mode)
    interest_mode: RoundingMode | None = attrs.field(default=None, converter=_to_interest_mode)
    payment_increment: Decimal | None = attrs.field(default=None, converter=_to_payment_increment)
    final_payment: FinalPayment = attrs.field(
        default=FinalPayment.SIMILAR, converter=_to_final_payment
    )
    _quantum: Decimal = attrs.field(init=False, repr=False, eq=False)
    _plain: bool = attrs.field(init=False, repr=False, eq=False)

    #: Fields left out of plain data while at their default (so older data reads the same).
    __omitted_at_default__ = ("payment_mode", "interest_mode", "payment_increment", "final_payment")

    def __attrs_post_init__(self) -> None:
        # Decimal((sign, digits, exponent)) is exact and context-free, unlike scaleb().
        places_quantum = Decimal((0, (1,), -self.places))
        quantum = places_quantum if self.increment is None else self.increment
        object.__setattr__(self, "_quantum", quantum)
        plain = (
            self.payment_mode is None
            and self.interest_mode is None
            and self.payment_increment is None
            and self.final_payment is FinalPayment.SIMILAR
        )
        object.__setattr__(self, "_plain", plain)
        if (
            self.payment_increment is not None
            and grid_units(self.payment_increment, quantum) is None
        ):
            raise InvalidValueError(
                "rounding.payment_increment",
                self.payment_increment,
                f"a multiple of the money grid {quantum} (such as 1 or 4), so that balances "
                f"stay on the grid",
            )

    @property
    def is_plain(self) -> bool:
        """Whether payments and interest round alike (no option of the level schedule set).

        >>> Rounding().is_plain, Rounding(interest_mode="down").is_plain
        (True, False)
        """
        return self._plain

    def for_interest(self) -> Rounding:
        """The rounding of each period's interest: this one, by ``interest_mode`` if set.

        >>> Rounding(interest_mode="down").for_interest().mode
        <RoundingMode.DOWN: 'ROUND_DOWN'>
        """
        if self._plain:
            return self
        return Rounding(
            places=self.places, increment=self.increment, mode=self.interest_mode or self.mode
        )

    def for_payment(self) -> Rounding:
        """The rounding of a level schedule's level amount: to ``payment_increment`` (else
        this grid), by ``payment_mode`` (else ``mode``).

        >>> Rounding(payment_increment="4", payment_mode="up").for_payment().apply(Decimal("85.01"))
        Decimal('88.00')
        """
        if self._plain:
            return self
        increment = self.increment
        if self.payment_increment is not None:  # written to the grid's places: 4 -> 4.00
            increment = self.payment_increment.quantize(self._quantum, context=CONTEXT)
        return Rounding(
            places=self.places, increment=increment, mode=self.payment_mode or self.mode
        )

    @property
    def quantum(self) -> Decimal:
        """The smallest step a rounded amount moves by (``0.01`` by default)."""
        return self._quantum

    def apply(self, amount: Decimal) -> Decimal:
        """Round ``amount`` by this policy (exactly, whatever the ambient context).

        ``amount`` must be a finite ``Decimal`` (an
        :class:`~loancalc.errors.InvalidTypeError` otherwise) that fits the 40-digit context
        on this grid (an :class:`~loancalc.errors.InvalidValueError` otherwise).

        >>> Rounding(increment="0.25", mode="up").apply(Decimal("10.01"))
        Decimal('10.25')
        """
        accepted = "a finite Decimal of at most 40 digits on the rounding grid"
        check_type(amount, Decimal, "amount", accepted)
        if not amount.is_finite():
            raise InvalidValueError("amount", amount, accepted)
        try:
            with decimal.localcontext(CONTEXT):
                return self.in_context()(amount)
        except (decimal.InvalidOperation, decimal.Overflow):  # beyond the context's digits
            raise InvalidValueError("amount", amount, accepted) from None

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
