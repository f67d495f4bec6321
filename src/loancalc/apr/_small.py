"""The small-flow path of :func:`loancalc.apr.xirr` and :func:`loancalc.apr.irr`: what a
consumer loan's 6 to 36 flows pay per call, cut to what the rate itself costs.

A list or tuple of fewer than :data:`SMALL` flows is read in one pass: dates checked and
turned into day numbers, each distinct amount read once (a level payment repeats) into
the ``Decimal`` the general reading gives (a float through its shortest repr) and its
float, and the sign changes counted. Flows in strictly increasing date order whose
amounts change sign once then go straight to the certified root of
:mod:`loancalc.apr._fast` (plain-float Newton with a proven error bound, one or two
``Decimal`` steps, both ends of the bound rounded alike), with no numpy, no sorting and
no netting. Anything else (another type, a date out of order or repeated, a text amount,
a value that is not finite or beyond float range, several sign changes) gives None, and
the caller reads the flows the general way, which answers, or raises the error that
names the bad flow: this path never raises, and never answers differently.

>>> from datetime import date
>>> flows = [(date(2024, 1, 1), -1000.0), (date(2024, 12, 31), 1100)]
>>> dated_xirr(flows, round_root)
Decimal('0.1')
>>> dated_xirr([(date(2024, 1, 1), "-1000"), (date(2024, 12, 31), 1100)], round_root) is None
True
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from loancalc.apr._fast import refined
from loancalc.apr._float_search import NUMPY_FROM, PythonTerms, search

__all__ = ["SMALL", "amounts_irr", "dated_xirr", "read_amounts", "read_dated", "round_root"]

#: Flows below this many take the small path (from here on the search runs in numpy).
SMALL = NUMPY_FROM
#: Integers beyond this in size are left to the general reading (no float holds them).
_INT_LIMIT = 10**300
_PAIRS = frozenset({tuple, list})
_DAYS = {date}
_MISSING = object()

Finish = Callable[[Decimal], Decimal]


def round_root(rate: Decimal) -> Decimal:
    """A rounding for the doctests of this module: 20 places, trailing zeros dropped.

    >>> round_root(Decimal("0.100000000000000000001"))
    Decimal('0.1')
    """
    return round(rate, 20).normalize()


def read_amounts(
    amounts: tuple[object, ...] | list[object],
) -> tuple[list[Decimal], list[float], int] | None:
    """The amounts as ``Decimal`` (as :func:`~loancalc.money.to_decimal` reads them: a
    float through its shortest repr), as floats, and the count of sign changes (zeros
    skipped); None when one is not a ``float``, ``int`` or finite ``Decimal`` a float
    holds (the general reading answers, or names the bad one).

    >>> exact, values, changes = read_amounts([-100, 60.5, 60.5, Decimal("-1")])
    >>> exact
    [Decimal('-100'), Decimal('60.5'), Decimal('60.5'), Decimal('-1')]
    >>> values, changes
    ([-100.0, 60.5, 60.5, -1.0], 2)
    >>> read_amounts([1, True]) is None, read_amounts([1.0, float("nan")]) is None
    (True, True)
    """
    decimals: list[Decimal] = []
    values: list[float] = []
    last: object = _MISSING
    last_kind: type = object
    exact = Decimal(0)
    value = 0.0
    positive: bool | None = None
    changes = 0
    try:
        for amount in amounts:
            kind = type(amount)
            if kind is last_kind and amount == last:  # a level payment, read once
                decimals.append(exact)
                values.append(value)
                continue
            if kind is float:
                assert isinstance(amount, float)
                if not math.isfinite(amount):
                    return None
                value = amount + 0.0  # -0.0 reads as 0
                exact = Decimal(float.__repr__(value))
            elif kind is int:
                assert isinstance(amount, int)
                if not -_INT_LIMIT < amount < _INT_LIMIT:
                    return None
                exact, value = Decimal(amount), float(amount)
            elif kind is Decimal:
                assert isinstance(amount, Decimal)
                if not amount.is_finite():
                    return None
                exact, value = amount, float(amount)
                if not (math.isfinite(value) and (value or amount.is_zero())):
                    return None  # beyond float range, or too small for one (its sign lost)
            else:
                return None
            last, last_kind = amount, kind
            decimals.append(exact)
            values.append(value)
            if value:
                now = value > 0
                if positive is not None and now is not positive:
                    changes += 1
                positive = now
    except ArithmeticError:  # a signalling NaN compared
        return None
    return decimals, values, changes


def read_dated(source: object) -> tuple[list[Decimal], list[float], list[int], int] | None:
    """A list or tuple of 2 to :data:`SMALL` - 1 ``(date, amount)`` pairs in strictly
    increasing date order, as ``Decimal`` amounts, their floats, days from the first date
    and the count of sign changes; None otherwise.

    >>> read_dated([(date(2024, 1, 1), -100), (date(2024, 2, 1), 101.5)])
    ([Decimal('-100'), Decimal('101.5')], [-100.0, 101.5], [0, 31], 1)
    >>> read_dated([(date(2024, 2, 1), -100), (date(2024, 1, 1), 101.5)]) is None
    True
    """
    if type(source) is not list and type(source) is not tuple:
        return None
    if not 2 <= len(source) < SMALL or not set(map(type, source)) <= _PAIRS:
        return None
    try:
        days, amounts = zip(*source, strict=True)
    except ValueError:  # a pair that is not two things
        return None
    if set(map(type, days)) != _DAYS:
        return None
    ordinals = list(map(date.toordinal, days))
    if not all(map(operator.lt, ordinals[:-1], ordinals[1:])):
        return None  # out of order, or two on a day: the general reading nets them
    read = read_amounts(amounts)
    if read is None:
        return None
    first = ordinals[0]
    return read[0], read[1], [ordinal - first for ordinal in ordinals], read[2]


def rounded(
    amounts: list[Decimal], values: list[float], num: list[int], den: int, finish: Finish
) -> Decimal | None:
    """``finish`` of the root of amounts (with their floats ``values``, changing sign
    once) at strictly increasing times ``num[k] / den``, ``num[0] = 0``: the certified
    root of :mod:`loancalc.apr._fast`, or None when it cannot tell.

    >>> rounded([Decimal(-100), Decimal(121)], [-100.0, 121.0], [0, 2], 1, round_root)
    Decimal('0.1')
    """
    found = search(PythonTerms(values, [n / den for n in num]))
    if found is None:
        return None
    rate, terms = found
    return refined(amounts, num, den, start=Decimal(rate), found_terms=terms, finish=finish)


def dated_xirr(source: object, finish: Finish) -> Decimal | None:
    """``finish`` of the XIRR (days / 365) of a few dated flows, or None (see the module).

    >>> dated_xirr([(date(2023, 1, 1), -100), (date(2024, 1, 1), 110)], round_root)
    Decimal('0.1')
    """
    read = read_dated(source)
    if read is None or read[3] != 1:
        return None
    return rounded(read[0], read[1], read[2], 365, finish)


def amounts_irr(source: object, finish: Finish) -> Decimal | None:
    """``finish`` of the IRR of a list or tuple of a few equally spaced amounts, or None.

    >>> amounts_irr([-100, 0, 121.0], round_root)  # 121 after two periods: 10 % a period
    Decimal('0.1')
    """
    if type(source) is not list and type(source) is not tuple:
        return None
    if not 2 <= len(source) < SMALL:
        return None
    read = read_amounts(source)
    if read is None or read[2] != 1:
        return None
    return rounded(read[0], read[1], list(range(len(source))), 1, finish)
