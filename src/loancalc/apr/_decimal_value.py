"""The Decimal half of :mod:`loancalc.apr._fast`: the net present value
``sum a_k w^num_k`` at ``w = (1 + r)^(-1/den)``, at the precision of the current context.

No logarithm is taken: ``w`` comes from its float value by Newton's method on
``w^den (1 + r) = 1``; each flow's discount comes from the previous one (a power of ``w``
per distinct gap, products accumulated at C speed), and runs of equal amounts are summed
before they are multiplied. Equally spaced runs far from ``w = 1`` are summed as
geometric series (a level payment at whole periods costs a few operations in all).

>>> import decimal
>>> with decimal.localcontext(decimal.Context(prec=50)):
...     w = discount(Decimal("1.21"), Decimal(0.909), 2)
...     w, present_value([Decimal(-100), Decimal(121)], [0, 2], w)
(Decimal('0.90909090909090909090909090909090909090909090909091'), Decimal('0E-47'))
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from decimal import Decimal

__all__ = ["discount", "present_value"]

_ONE = Decimal(1)
_ZERO = Decimal(0)
_SERIES = Decimal("1E-12")
#: Runs summed as a geometric series only this far from w = 1 (the series divides by
#: 1 - w^gap, losing about log10(1 / |1 - w^gap|) digits).
_GEOMETRIC = Decimal("1E-3")


def discount(one_plus: Decimal, w: Decimal, den: int) -> Decimal:
    """``(1 + r)^(-1/den)`` from an estimate ``w``: Newton's method on
    ``w^den (1 + r) = 1`` until ``w^den (1 + r) = 1 + d`` with ``|d| < 1e-12``, then
    ``w (1 + d)^(-1/den)`` by its series to ``d^3`` (the rest is below ``d^4 / den``).

    >>> round(discount(Decimal(4), Decimal("0.49"), 2), 26)  # 4^(-1/2), at 28 digits
    Decimal('0.50000000000000000000000000')
    """
    if den == 1:
        return _ONE / one_plus
    a = _ONE / den
    for _ in range(8):
        d = w**den * one_plus - 1
        if abs(d) < _SERIES:
            return w * (1 - a * d * (1 - (a + 1) * d / 2 * (1 - (a + 2) * d / 3)))
        w -= w * d / (den * (d + 1))
    return w


def present_value(amounts: Sequence[Decimal], num: Sequence[int], w: Decimal) -> Decimal:
    """``sum a_k w^num_k`` for strictly increasing ``num`` (``num[0] >= 0``).

    >>> amounts = [Decimal(-10), Decimal(1), Decimal(1), Decimal(11)]
    >>> present_value(amounts, [0, 1, 2, 3], Decimal("0.5"))  # -10 + 1/2 + 1/4 + 11/8
    Decimal('-7.875')
    """
    count = len(num)
    gaps = list(map(operator.sub, num[1:], num[:-1]))
    changes = itertools.compress(range(1, count), map(operator.ne, amounts[1:], amounts[:-1]))
    starts = [0, *changes]
    first = w ** num[0] if num[0] else _ONE
    distinct = set(gaps)
    if len(distinct) == 1 and len(starts) * 4 < count:
        (gap,) = distinct
        ratio = w**gap
        if abs(1 - ratio) > _GEOMETRIC:
            return _geometric(amounts, starts, count, first, ratio)
    steps = map(_powers(w, distinct).__getitem__, gaps)
    discounts = itertools.accumulate(steps, operator.mul, initial=first)
    if len(starts) == 1:
        return amounts[0] * sum(discounts)
    factors = list(discounts)
    total = _ZERO
    for start, end in zip(starts, [*starts[1:], count], strict=True):
        total += amounts[start] * sum(factors[start:end])
    return total


def _geometric(
    amounts: Sequence[Decimal], starts: list[int], count: int, first: Decimal, ratio: Decimal
) -> Decimal:
    """Equally spaced flows: each run of ``m`` equal amounts from discount ``v`` sums to
    ``a v (1 - q^m) / (1 - q)`` with ``q`` the discount of one gap."""
    total = _ZERO
    v = first
    below = 1 - ratio
    for start, end in zip(starts, [*starts[1:], count], strict=True):
        after = ratio ** (end - start)
        total += amounts[start] * v * (1 - after) / below
        v *= after
    return total


def _powers(w: Decimal, gaps: set[int]) -> dict[int, Decimal]:
    """``w^gap`` for each gap: the first by a power, each next from the one before when
    they are close (28, 29, 30, 31 days)."""
    powers: dict[int, Decimal] = {}
    last, power = 0, _ONE
    for gap in sorted(gaps):
        if last and gap - last <= 3:
            for _ in range(gap - last):
                power *= w
        else:
            power = w**gap
        powers[gap] = power
        last = gap
    return powers
