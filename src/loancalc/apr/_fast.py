"""The fast path of the rate search: flows whose amounts, netted time by time and in time
order, change sign once (a loan, a deposit, an XIRR of a repayment plan), discounted at
compound interest.

Such flows have exactly one rate (Descartes' rule of signs). Newton's method (its first
step Halley's) finds it in binary floating point (:mod:`loancalc.apr._float_search`;
:mod:`loancalc.apr._small` reads a few flows for it in one pass), with a certified bound on its
error (the float evaluation error of ``f`` over ``|f'|``, as in
:mod:`loancalc.apr._solver`). One Newton step with ``f`` in ``Decimal`` at 38 digits
(:mod:`loancalc.apr._decimal_value`) and the float slope then squares that error; what
is left is bounded by the curvature of ``f``, the float error of the slope and the Decimal
rounding. Both ends of that bound are rounded as the caller asks: when they round alike,
the rounded root is certain; when not, a second step (which leaves little more than the
Decimal rounding) is tried, then (rarely) one at 76 digits. When the ends still differ
(a root within about 1e-45 of a rounding boundary), or when anything is unusual (several
sign changes, an amount beyond float range, Newton wandering, a float bound over 1e-12),
the answer is None and the caller takes the general search.

:func:`polished` runs the same Decimal steps from a root the general search found.

>>> rounded_root([Decimal(-1000), Decimal(1100)], [0, 365], 365, lambda r: round(r, 20))
Decimal('0.10000000000000000000')
"""

from __future__ import annotations

import decimal
import math
import operator
from collections.abc import Callable, Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from loancalc.apr._decimal_value import discount, present_value
from loancalc.apr._float_search import Terms, search, terms
from loancalc.money import CONTEXT

__all__ = ["WIDE", "polished", "refined", "rounded_root"]

#: The context of the Decimal steps: 38 digits are two 19-digit words (40 are three, and
#: cost half as much again); the error bound below accounts for their rounding.
WIDE = CONTEXT.copy()
WIDE.prec = 38
WIDE.traps[decimal.Overflow] = False
#: A last Decimal step when the root is too close to a rounding boundary to tell at WIDE.
_FINE = WIDE.copy()
_FINE.prec = 76
#: A float root is refined here only when its certified error is at most this (relative
#: to the rate, above 1).
_CERTIFIED = 1e-12
_EPS = 2.0**-52
_ONE = Decimal(1)
#: Powers of ten by exponent (:func:`_margin`).
_TENS: dict[int, Decimal] = {}


def rounded_root(
    amounts: Sequence[Decimal],
    num: Sequence[int] | npt.NDArray[np.int64],
    den: int,
    finish: Callable[[Decimal], Decimal],
) -> Decimal | None:
    """``finish`` (a rounding that never decreases) of the root of amounts at times
    ``num[k] / den`` whose signs, in time order and netted time by time, change once
    (:func:`loancalc.apr._solver.sign_changes`); None when the flows are not that case,
    the float search does not certify its root, or two Decimal steps leave the root too
    close to a rounding boundary of ``finish`` to tell.

    >>> rounded_root([Decimal(-100), Decimal(50), Decimal(-5)], [0, 1, 2], 1, abs) is None
    True
    """
    flows = _prepared(amounts, num)
    if flows is None or _underflows(flows[2], flows[0]):
        return None
    amounts, whole, values = flows
    evaluator = terms(values, whole, den)
    if evaluator.sign_changes() != 1:
        return None
    found = search(evaluator)
    if found is None:
        return None
    rate, found_terms = found
    start = Decimal(rate)
    return refined(amounts, whole, den, start=start, found_terms=found_terms, finish=finish)


def polished(
    amounts: Sequence[Decimal],
    num: Sequence[int] | npt.NDArray[np.int64],
    den: int,
    root: Decimal,
    finish: Callable[[Decimal], Decimal],
) -> Decimal | None:
    """``finish`` of the simple root near ``root`` (found by the general search, to
    about 1e-12 or better), by the Decimal steps of :func:`rounded_root`; None when they
    cannot tell.

    >>> polished([Decimal(-100), Decimal(230), Decimal(-132)], [0, 1, 2], 1,
    ...          Decimal("0.2000000000001"), lambda r: round(r, 30))
    Decimal('0.200000000000000000000000000000')
    """
    flows = _prepared(amounts, num)
    if flows is None or not root > -1:
        return None
    amounts, whole, values = flows
    rate = float(root)
    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            found_terms = terms(values, whole, den).full(rate)
    except (OverflowError, ZeroDivisionError):
        return None
    if not all(map(math.isfinite, found_terms)) or found_terms[1] == 0.0:
        return None
    return refined(amounts, whole, den, start=root, found_terms=found_terms, finish=finish)


def _prepared(
    amounts: Sequence[Decimal], num: Sequence[int] | npt.NDArray[np.int64]
) -> tuple[Sequence[Decimal], Sequence[int], list[float]] | None:
    """Amounts (netted time by time) at strictly increasing times, and their floats; None
    if fewer than two times, or an amount is not finite or beyond float range."""
    whole: Sequence[int] = num.tolist() if isinstance(num, np.ndarray) else num
    if len(amounts) != len(whole) or not whole:
        return None
    if not all(map(operator.lt, whole[:-1], whole[1:])):
        amounts, whole = _netted(amounts, whole)
    if len(amounts) < 2 or whole[0] < 0:
        return None
    values = _floats(amounts)
    return None if values is None else (amounts, whole, values)


def refined(
    amounts: Sequence[Decimal],
    whole: Sequence[int],
    den: int,
    *,
    start: Decimal,
    found_terms: Terms,
    finish: Callable[[Decimal], Decimal],
) -> Decimal | None:
    """Up to two Newton steps in Decimal from ``start`` (the float terms evaluated there),
    each followed by the rounding test of the module."""
    value, slope, second, magnitude, weighted = found_terms
    rate = float(start)
    count = len(amounts)
    noise = _EPS * (count + 4 + whole[-1] / den * abs(math.log1p(rate)))
    bound = (abs(value) + noise * magnitude) / abs(slope)
    curvature = abs(second) / (2.0 * abs(slope))
    if bound > _CERTIFIED * max(1.0, abs(rate)) or curvature * bound > 1e-3:
        return None
    slope_error = noise * weighted / abs(slope)
    root = start
    w = Decimal(math.exp(-math.log1p(rate) / den)) if den > 1 else _ONE  # (unused for 1)
    moved = 0.0  # how far from ``start``, where the (float) slope was taken
    for context, steps in ((WIDE, 2), (_FINE, 1)):  # _FINE: rarely, near a boundary
        ulp = 10.0 ** (1 - context.prec)
        # Decimal rounding: w to a few units, each discount w^num_k to num_k times that
        # plus one unit a product; the geometric sums of _decimal_value to 1e3 units
        rounding = ulp * (20.0 * (count + whole[-1]) + 1e4) * magnitude / abs(slope)
        with decimal.localcontext(context):
            slope_decimal = Decimal(slope)
            for _ in range(steps):  # each step squares the error
                try:
                    w = discount(root + 1, w, den)
                    step = present_value(amounts, whole, w) / slope_decimal
                except (decimal.InvalidOperation, decimal.DivisionByZero):
                    return None  # beyond the context's range: the general search says
                root -= step
                size = abs(float(step))
                # Newton's error C s^2, and s times the slope's relative error: its float
                # error, and its change since ``start`` (f'' = 2 C f')
                stale = slope_error + 2.0 * curvature * moved
                error = 4.0 * curvature * size * size + 2.0 * size * stale + rounding
                error += 4.0 * ulp * abs(float(root))
                moved += size
                if not error < 1e300:  # (not finite; or a margin too wide to tell)
                    return None
                margin = _margin(error)
                low = finish(root - margin)
                if low == finish(root + margin):
                    return low
    return None


def _margin(error: float) -> Decimal:
    """The least power of ten above ``error`` (finite, above 0): a margin quicker to make
    than ``Decimal(error)``, whose exact binary value has dozens of digits.

    >>> _margin(2.5e-31), _margin(1e-30), _margin(0.03)
    (Decimal('1E-30'), Decimal('1E-29'), Decimal('0.1'))
    """
    exponent = math.floor(math.log10(error)) + 1
    if 10.0**exponent <= error * (1.0 + 4.0 * _EPS):  # log10 rounded down to an integer
        exponent += 1
    margin = _TENS.get(exponent)
    if margin is None:
        margin = _TENS[exponent] = Decimal(f"1E{exponent}")
    return margin


def _netted(amounts: Sequence[Decimal], num: Sequence[int]) -> tuple[list[Decimal], list[int]]:
    """The amounts in time order, those at one time added up (None if one is not finite)."""
    sums: dict[int, Decimal] = {}
    with decimal.localcontext(WIDE) as ctx:
        ctx.traps[decimal.InvalidOperation] = False  # a NaN stays a NaN, for _floats
        for index in sorted(range(len(num)), key=num.__getitem__):
            time = num[index]
            sums[time] = sums[time] + amounts[index] if time in sums else amounts[index]
    return list(sums.values()), list(sums)


def _floats(amounts: Sequence[Decimal]) -> list[float] | None:
    """The amounts as floats, each distinct amount converted once (a schedule repeats its
    level payment); None if one is not finite or beyond float range."""
    try:
        distinct: dict[Decimal, float] = dict.fromkeys(amounts, 0.0)
        if 2 * len(distinct) > len(amounts):
            values = list(map(float, amounts))
            return values if all(map(math.isfinite, values)) else None
        for amount in distinct:
            distinct[amount] = float(amount)
    except (TypeError, ValueError):  # a signalling NaN cannot be hashed or converted
        return None
    if not all(map(math.isfinite, distinct.values())):
        return None
    return list(map(distinct.__getitem__, amounts))


def _underflows(values: list[float], amounts: Sequence[Decimal]) -> bool:
    """Whether an amount too small for a float is not zero (its sign would be lost)."""
    return 0.0 in values and any(
        not amount.is_zero() for amount, value in zip(amounts, values, strict=True) if not value
    )
