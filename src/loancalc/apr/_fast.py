"""The fast path of the rate search: flows at increasing times whose amounts change sign
once (a loan, a deposit, an XIRR of a repayment plan), discounted at compound interest.

Such flows have exactly one rate (Descartes' rule of signs). Newton's method finds it in
binary floating point (plain Python floats for a few dozen flows, numpy for more), with
a certified bound on its error (the float evaluation error of ``f`` over ``|f'|``, as in
:mod:`loancalc.apr._solver`). One Newton step in ``Decimal`` at 57 digits then squares
that error; the step's own error is bounded by the curvature of ``f`` and the float error
of the slope. Both ends of that bound are rounded as the caller asks: when they round
alike, the rounded root is certain; when not, a second step (which leaves only the
Decimal rounding error) is tried. When the two still differ (a root within about 1e-45
of a rounding boundary), or when anything here is unusual (times out of
order or repeated, several sign changes, Newton wandering, a bound over 1e-12), the
answer is None and the caller takes the general path.

Only the value ``f(r)`` is computed in ``Decimal``: ``w = (1 + r)^(-1/den)`` by Newton's
method on ``w^den (1 + r) = 1`` from its float value (no logarithm), then each flow's
discount from the previous one by an integer power of ``w`` (cached per gap).

>>> rounded_root([Decimal(-1000), Decimal(1100)], [0, 365], 365, lambda r: round(r, 20))
Decimal('0.10000000000000000000')
"""

from __future__ import annotations

import decimal
import itertools
import math
from collections.abc import Callable, Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from loancalc.money import CONTEXT

__all__ = ["LOWEST", "WIDE", "rounded_root"]

#: The context of the Decimal step: 57 digits cost what 40 do (three 19-digit words).
WIDE = CONTEXT.copy()
WIDE.prec = 57
WIDE.traps[decimal.Overflow] = False
#: The lowest rate the search reports (as in :mod:`loancalc.apr._solver`).
LOWEST = -0.999999999
#: A float root is refined here only when its certified error is at most this.
_CERTIFIED = 1e-12
#: Above this many flows the float search runs in numpy.
_NUMPY_FROM = 48
_EPS = 2.0**-52
_DONE = Decimal("1E-56")
_ONE = Decimal(1)
_ZERO = Decimal(0)

Terms = tuple[float, float, float, float, float]


def rounded_root(
    amounts: Sequence[Decimal],
    num: Sequence[int] | npt.NDArray[np.int64],
    den: int,
    finish: Callable[[Decimal], Decimal],
) -> Decimal | None:
    """``finish`` (a rounding that never decreases) of the root of amounts at strictly
    increasing times ``num[k] / den`` whose signs change once; None when the flows are not
    that case, the float search does not certify its root, or two Decimal steps leave the
    root too close to a rounding boundary of ``finish`` to tell.

    >>> rounded_root([Decimal(-100), Decimal(50), Decimal(-5)], [0, 1, 2], 1, abs) is None
    True
    """
    times_in: Sequence[int] = num.tolist() if isinstance(num, np.ndarray) else num
    count = len(amounts)
    if (
        count < 2
        or count != len(times_in)
        or not _increasing(times_in)
        or _sign_changes(amounts) != 1
    ):
        return None
    values = _floats(amounts)
    if not all(map(math.isfinite, values)):
        return None
    times = [n / den for n in times_in]
    terms = _NumpyTerms(values, times) if count >= _NUMPY_FROM else _PythonTerms(values, times)
    found = _search(terms, _guess(values, times))
    if found is None:
        return None
    rate, (value, slope, second, magnitude, weighted) = found
    noise = _EPS * (count + 4 + times[-1] * abs(math.log1p(rate)))
    bound = (abs(value) + noise * magnitude) / abs(slope)
    curvature = abs(second) / (2.0 * abs(slope))
    if bound > _CERTIFIED * max(1.0, abs(rate)) or curvature * bound > 1e-3:
        return None
    slope_error = noise * weighted / abs(slope)
    rounding = 1e-52 * (count + times_in[-1] + 10) * magnitude / abs(slope)
    with decimal.localcontext(WIDE):
        root = Decimal(rate)
        w = Decimal(math.exp(-math.log1p(rate) / den))
        for _ in range(2):  # each step squares the error
            w = _discount(root + 1, w, den)
            step = _present_value(amounts, times_in, w) / Decimal(slope)
            root -= step
            size = abs(float(step))
            error = 4.0 * curvature * size * size + 2.0 * size * slope_error + rounding
            error += 1e-55 * abs(float(root))
            if not math.isfinite(error):
                return None
            margin = Decimal(error)
            low = finish(root - margin)
            if low == finish(root + margin):
                return low
    return None


def _increasing(num: Sequence[int]) -> bool:
    return all(a < b for a, b in itertools.pairwise(num)) and num[0] >= 0


def _sign_changes(amounts: Sequence[Decimal]) -> int:
    """Sign changes of the amounts; -1 if one is not finite (the general path names it)."""
    changes, previous = 0, 0
    for amount in amounts:
        if not amount.is_finite():
            return -1
        if not amount.is_zero():
            sign = -1 if amount.is_signed() else 1
            if sign != previous:
                changes += previous != 0
                previous = sign
    return changes


def _floats(amounts: Sequence[Decimal]) -> list[float]:
    """Each distinct amount converted once (a schedule repeats its level payment)."""
    distinct: dict[Decimal, float] = dict.fromkeys(amounts, 0.0)
    if 2 * len(distinct) > len(amounts):
        return list(map(float, amounts))
    for amount in distinct:
        distinct[amount] = float(amount)
    return list(map(distinct.__getitem__, amounts))


def _guess(values: list[float], times: list[float]) -> float:
    """(money in / money out) ^ (1 / the gap between their mean times) - 1."""
    money_in = money_out = time_in = time_out = 0.0
    for value, time in zip(values, times, strict=True):
        if value > 0:
            money_in += value
            time_in += value * time
        else:
            money_out -= value
            time_out -= value * time
    if money_in <= 0 or money_out <= 0:
        return 0.1
    gap = abs(time_in / money_in - time_out / money_out)
    if gap < 1e-9:
        return 0.1
    exponent = math.log(money_in / money_out) / gap
    return math.expm1(exponent) if -2.3 < exponent < 2.4 else 0.1


class _PythonTerms:
    """f(r) and its derivatives with plain floats (faster than numpy for a few flows)."""

    def __init__(self, values: list[float], times: list[float]) -> None:
        self.pairs = list(zip(values, times, strict=True))

    def slope(self, r: float) -> tuple[float, float]:
        log = -math.log1p(r)
        exp = math.exp
        value = weighted = 0.0
        for a, t in self.pairs:
            term = a * exp(t * log)
            value += term
            weighted += term * t
        return value, -weighted / (1.0 + r)

    def full(self, r: float) -> Terms:
        log = -math.log1p(r)
        exp = math.exp
        value = weighted = second = magnitude = weighted_magnitude = 0.0
        for a, t in self.pairs:
            v = exp(t * log)
            term = a * v
            value += term
            weighted += term * t
            second += term * t * (t + 1.0)
            magnitude += abs(term)
            weighted_magnitude += abs(term * t)
        one_plus = 1.0 + r
        return value, -weighted / one_plus, second / one_plus**2, magnitude, weighted_magnitude


class _NumpyTerms:
    """f(r) and its derivatives with numpy (for many flows)."""

    def __init__(self, values: list[float], times: list[float]) -> None:
        self.values = np.array(values)
        self.times = np.array(times)
        self.weighted = self.values * self.times

    def slope(self, r: float) -> tuple[float, float]:
        v = np.exp(self.times * -math.log1p(r))
        return float(self.values @ v), -float(self.weighted @ v) / (1.0 + r)

    def full(self, r: float) -> Terms:
        v = np.exp(self.times * -math.log1p(r))
        one_plus = 1.0 + r
        return (
            float(self.values @ v),
            -float(self.weighted @ v) / one_plus,
            float((self.weighted * (self.times + 1.0)) @ v) / one_plus**2,
            float(np.abs(self.values) @ v),
            float(np.abs(self.weighted) @ v),
        )


def _search(terms: _PythonTerms | _NumpyTerms, guess: float) -> tuple[float, Terms] | None:
    """Newton's method from ``guess`` (as :func:`loancalc.apr._solver._newton`), then
    every term at the rate it settles on; None if it does not settle."""
    r = guess
    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for _ in range(60):
                value, slope = terms.slope(r)
                if not (math.isfinite(value) and math.isfinite(slope)) or slope == 0.0:
                    return None
                following = r - value / slope
                if not math.isfinite(following):
                    return None
                if following <= -1.0:
                    following = (r - 1.0) / 2.0
                settled = abs(following - r) <= 1e-13 * max(1.0, abs(r))
                r = following
                if settled:
                    break
            else:
                return None
            if r < LOWEST:
                return None
            found = terms.full(r)
    except (OverflowError, ZeroDivisionError):
        return None
    if not all(map(math.isfinite, found)) or found[1] == 0.0:
        return None
    return r, found


def _discount(one_plus: Decimal, w: Decimal, den: int) -> Decimal:
    """``(1 + r)^(-1/den)`` to the context's precision, from an estimate ``w`` good to
    about 1e-16 (Newton's method on ``w^den (1 + r) = 1``; no logarithm)."""
    if den == 1:
        return _ONE / one_plus
    for _ in range(8):
        power = w**den * one_plus
        correction = (power - 1) / (den * power)
        w -= w * correction
        if correction * correction * den < _DONE:
            break
    return w


def _present_value(amounts: Sequence[Decimal], num: Sequence[int], w: Decimal) -> Decimal:
    """``sum a_k w^num_k`` for increasing ``num``: each discount from the previous one,
    runs of equal amounts summed before they are multiplied."""
    powers: dict[int, Decimal] = {}
    total = run = _ZERO
    v = _ONE
    previous = 0
    run_amount = amounts[0]
    for amount, time in zip(amounts, num, strict=True):
        gap = time - previous
        if gap:
            step = powers.get(gap)
            if step is None:
                step = powers[gap] = w**gap
            v *= step
            previous = time
        if amount is not run_amount and amount != run_amount:
            total += run_amount * run
            run_amount, run = amount, _ZERO
        run += v
    return total + run_amount * run
