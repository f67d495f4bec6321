"""The Decimal half of :mod:`loancalc.apr._fast`: the net present value
``sum a_k w^num_k`` at ``w = (1 + r)^(-1/den)``, at the precision of the current context.

No logarithm is taken: ``w`` comes from its float value by Newton's method on
``w^den (1 + r) = 1`` (then a series, its coefficients worked out once per ``den``). Fewer
than 48 flows (a consumer loan) are summed by Horner's rule from the last one back, one
power of ``w`` per distinct gap: a product and a sum a flow. For more, each flow's
discount comes from the previous one (products accumulated at C speed), and runs of
equal amounts are summed before they are multiplied. A run whose gaps repeat (every
period alike; months of days, over the 4-year cycle of month lengths) is summed as a
geometric series of its period, far from ``w = 1``: a level payment costs a few
operations per period, not per flow.

>>> import decimal
>>> with decimal.localcontext(decimal.Context(prec=50)):
...     w = discount(Decimal("1.21"), Decimal(0.909), 2)
...     w, present_value([Decimal(-100), Decimal(121)], [0, 2], w)
(Decimal('0.90909090909090909090909090909090909090909090909091'), Decimal('0E-47'))
"""

from __future__ import annotations

import decimal
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
#: Amounts in at most this many runs are summed run by run (a loan: the advance, the level
#: payment, a different last one).
_FEW_RUNS = 4
#: Periods of repeating gaps tried: equal gaps; half-months; quarters over a year and over
#: 4 years; months of days over a year and over the 4-year cycle of month lengths;
#: semi-months over a year and over 4 years.
_PERIODS = (1, 2, 4, 12, 16, 24, 48, 96)
#: (den, precision) -> the coefficients of :func:`_series`.
_SERIES_COEFFICIENTS: dict[tuple[int, int], tuple[Decimal, Decimal, Decimal]] = {}
#: Fewer flows than this are summed flow by flow (:func:`_chained`).
_CHAINED_BELOW = 48


def discount(one_plus: Decimal, w: Decimal, den: int) -> Decimal:
    """``(1 + r)^(-1/den)`` from an estimate ``w``: Newton's method on
    ``w^den (1 + r) = 1`` until ``w^den (1 + r) = 1 + d`` with ``|d| < 1e-12``, then
    ``w (1 + d)^(-1/den)`` by its series to ``d^3`` (the rest is below ``d^4 / den``).

    >>> round(discount(Decimal(4), Decimal("0.49"), 2), 26)  # 4^(-1/2), at 28 digits
    Decimal('0.50000000000000000000000000')
    """
    if den == 1:
        return _ONE / one_plus
    first, second, third = _series(den)
    for _ in range(8):
        d = w**den * one_plus - 1
        if abs(d) < _SERIES:
            return w - w * d * (first - d * (second - third * d))
        w -= w * d / (den * (d + 1))
    return w


def _series(den: int) -> tuple[Decimal, Decimal, Decimal]:
    """The coefficients of ``(1 + d)^(-a)``, ``a = 1 / den``, to ``d^3``, at the current
    precision: ``a``, ``a (a + 1) / 2``, ``a (a + 1) (a + 2) / 6`` (worked out once).

    >>> with decimal.localcontext(decimal.Context(prec=5)):
    ...     _series(2)
    (Decimal('0.5'), Decimal('0.375'), Decimal('0.3125'))
    """
    key = (den, decimal.getcontext().prec)
    found = _SERIES_COEFFICIENTS.get(key)
    if found is None:
        a = _ONE / den
        second = a * (a + 1) / 2
        found = _SERIES_COEFFICIENTS[key] = (a, second, second * (a + 2) / 3)
    return found


def present_value(amounts: Sequence[Decimal], num: Sequence[int], w: Decimal) -> Decimal:
    """``sum a_k w^num_k`` for strictly increasing ``num`` (``num[0] >= 0``).

    >>> amounts = [Decimal(-10), Decimal(1), Decimal(1), Decimal(11)]
    >>> present_value(amounts, [0, 1, 2, 3], Decimal("0.5"))  # -10 + 1/2 + 1/4 + 11/8
    Decimal('-7.875')
    """
    count = len(num)
    if count < _CHAINED_BELOW:
        return _chained(amounts, num, w)
    changes = itertools.compress(range(1, count), map(operator.ne, amounts[1:], amounts[:-1]))
    starts = [0, *changes]
    if len(starts) <= _FEW_RUNS:
        total = _ZERO
        for start, end in zip(starts, [*starts[1:], count], strict=True):
            total += amounts[start] * _run_sum(num[start:end], w)
        return total
    gaps = list(map(operator.sub, num[1:], num[:-1]))
    steps = map(_powers(w, set(gaps)).__getitem__, gaps)
    factors = list(itertools.accumulate(steps, operator.mul, initial=_first(w, num[0])))
    total = _ZERO
    for start, end in zip(starts, [*starts[1:], count], strict=True):
        total += amounts[start] * sum(factors[start:end])
    return total


def _chained(amounts: Sequence[Decimal], num: Sequence[int], w: Decimal) -> Decimal:
    """``sum a_k w^num_k`` by Horner's rule from the last flow back, one power of ``w``
    per distinct gap: a product and a sum a flow (for a few dozen flows the runs and
    series cost more than they save). Each partial sum is at most ``sum |a_k| w^num_k``
    once discounted, so the roundings stay within a few units of that per flow.

    >>> _chained([Decimal(-10), Decimal(1), Decimal(11)], [0, 1, 3], Decimal("0.5"))
    Decimal('-8.125')
    """
    gaps = list(map(operator.sub, num[1:], num[:-1]))
    powers = _powers(w, set(gaps))
    total = amounts[-1]
    for k in range(len(gaps) - 1, -1, -1):
        total = amounts[k] + powers[gaps[k]] * total
    return total * _first(w, num[0])


def _first(w: Decimal, time: int) -> Decimal:
    return w**time if time else _ONE


def _run_sum(times: Sequence[int], w: Decimal) -> Decimal:
    """``sum w^t`` over increasing ``times``: by periods of repeating gaps when there are
    some (every gap equal; 12 or 48 months of days, a 4-year cycle of month lengths),
    else one discount from the previous one.

    >>> _run_sum([1, 2, 3], Decimal("0.5"))  # 1/2 + 1/4 + 1/8 (gaps 1, 1)
    Decimal('0.875')
    >>> _run_sum([0, 1, 3, 4, 6, 7], Decimal("0.5"))  # gaps 1, 2 repeating: 1 + ... + 1/128
    Decimal('1.7109375')
    """
    length = len(times)
    if length == 1:
        return _first(w, times[0])
    gaps = list(map(operator.sub, times[1:], times[:-1]))
    for period in _PERIODS:
        if 2 * period > length:
            break
        if gaps[period : 2 * period] == gaps[:period] and gaps[period:] == gaps[:-period]:
            found = _periodic_sum(gaps, period, length, w)
            if found is not None:
                return _first(w, times[0]) * found
    steps = map(_powers(w, set(gaps)).__getitem__, gaps)
    return sum(itertools.accumulate(steps, operator.mul, initial=_first(w, times[0])), _ZERO)


def _periodic_sum(gaps: list[int], period: int, length: int, w: Decimal) -> Decimal | None:
    """``sum u_i`` for ``i < length``, ``u_0 = 1``, ``u_i = u_(i-1) w^gaps[i-1]``, gaps
    repeating every ``period``: one period's sum ``B`` and its ratio ``q = u_period``,
    then ``B (1 - q^c) / (1 - q) + q^c (u_0 + ... + u_(r-1))`` for ``length = c period + r``
    (None when ``q`` is too near 1 for the division)."""
    head = gaps[:period]
    discounts = list(itertools.accumulate(map(_powers(w, set(head)).__getitem__, head),
                                          operator.mul, initial=_ONE))  # fmt: skip
    ratio = discounts[-1]
    below = 1 - ratio
    if abs(below) <= _GEOMETRIC:
        return None
    partial = list(itertools.accumulate(discounts[:-1]))
    cycles, rest = divmod(length, period)
    ratio_cycles = ratio**cycles
    total = partial[-1] * (1 - ratio_cycles) / below
    return total + ratio_cycles * partial[rest - 1] if rest else total


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
