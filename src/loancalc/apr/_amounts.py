"""Reading the amounts of :func:`loancalc.apr.irr`: a level payment repeats, so each
distinct amount is read once."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from loancalc.errors import InvalidValueError
from loancalc.money import to_decimal

__all__ = ["amounts_of"]


def amounts_of(flows: Iterable[object]) -> list[Decimal]:
    """The amounts of equally spaced flows as Decimals (each read as
    :func:`~loancalc.money.to_decimal` reads it), naming a bad one by its index.

    >>> amounts_of([-100, 60.5, "60.5", Decimal("60.50")])
    [Decimal('-100'), Decimal('60.5'), Decimal('60.5'), Decimal('60.50')]
    >>> amounts_of([1, "x"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: flows[1]: got 'x'; ...
    """
    if isinstance(flows, str | bytes) or not isinstance(flows, Iterable):
        raise InvalidValueError("flows", flows, "a sequence of amounts")
    # A level payment repeats: each distinct float or int is read once (per type, as 1
    # and 1.0 read differently; 0.0 and -0.0 both read as Decimal('0.0')), and a Decimal
    # equal to one already read as itself (nonzero: finite and in range alike) is itself.
    read: dict[type, dict[object, Decimal]] = {float: {}, int: {}}
    itself: set[Decimal] = set()
    amounts: list[Decimal] = []
    for k, amount in enumerate(flows):
        kind = type(amount)
        if kind is Decimal:
            assert isinstance(amount, Decimal)
            try:
                known = amount in itself
            except TypeError:  # a signalling NaN cannot be hashed
                known = False
            if known:
                amounts.append(amount)
                continue
            value = to_decimal(amount, f"flows[{k}]")
            if value is amount and not value.is_zero():
                itself.add(value)
            amounts.append(value)
            continue
        seen = read.get(kind)
        if seen is None:
            amounts.append(to_decimal(amount, f"flows[{k}]"))
            continue
        cached = seen.get(amount)
        if cached is None:
            cached = seen[amount] = to_decimal(amount, f"flows[{k}]")
        amounts.append(cached)
    return amounts
