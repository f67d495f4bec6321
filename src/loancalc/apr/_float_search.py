"""The float half of :mod:`loancalc.apr._fast`: Newton's method on the net present value
``f(r) = sum a_k (1 + r)^-t_k`` in binary floating point, and every term needed to
certify its root and to bound the Decimal step that follows.

Plain Python floats for a few dozen flows (numpy's call overhead would dominate), numpy
for more.

>>> found = search(terms([-1000.0, 1100.0], [0, 1], 1))
>>> round(found[0], 12), found[1][0] == 0.0
(0.1, True)
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["LOWEST", "NUMPY_FROM", "NumpyTerms", "PythonTerms", "Terms", "search", "terms"]

#: The lowest rate the search reports (as in :mod:`loancalc.apr._solver`).
LOWEST = -0.999999999
#: From this many flows on, the search runs in numpy.
NUMPY_FROM = 48

FloatArray = npt.NDArray[np.float64]
#: At a rate: f, f', f'', sum |a_k v_k| and sum |a_k t_k v_k|.
Terms = tuple[float, float, float, float, float]


def _guess_from(money_in: float, money_out: float, time_in: float, time_out: float) -> float:
    """(money in / money out) ^ (1 / the gap between their mean times) - 1 (as
    :func:`loancalc.apr._solver._guess`)."""
    if money_in <= 0 or money_out <= 0:
        return 0.1
    gap = abs(time_in / money_in - time_out / money_out)
    if gap < 1e-9:
        return 0.1
    exponent = math.log(money_in / money_out) / gap
    return math.expm1(exponent) if -2.3 < exponent < 2.4 else 0.1


class PythonTerms:
    """f(r) and its derivatives with plain floats.

    >>> PythonTerms([-100.0, 110.0], [0.0, 1.0]).slope(0.1)
    (0.0, -90.9090909090909)
    """

    def __init__(self, values: list[float], times: list[float]) -> None:
        self.pairs = list(zip(values, times, strict=True))

    def guess(self) -> float:
        """A starting rate.

        >>> round(PythonTerms([-100.0, 121.0], [0.0, 2.0]).guess(), 12)
        0.1
        """
        money_in = money_out = time_in = time_out = 0.0
        for value, time in self.pairs:
            if value > 0:
                money_in += value
                time_in += value * time
            else:
                money_out -= value
                time_out -= value * time
        return _guess_from(money_in, money_out, time_in, time_out)

    def sign_changes(self) -> int:
        """Sign changes of the amounts in time order (zeros skipped).

        >>> PythonTerms([-1.0, 0.0, 2.0, -3.0], [0.0, 1.0, 2.0, 3.0]).sign_changes()
        2
        """
        positive = [a > 0 for a, _ in self.pairs if a]
        return sum(map(operator.ne, positive[1:], positive[:-1]))

    def slope(self, r: float) -> tuple[float, float]:
        """f(r) and f'(r) (see the class)."""
        log = -math.log1p(r)
        exp = math.exp
        value = weighted = 0.0
        for a, t in self.pairs:
            term = a * exp(t * log)
            value += term
            weighted += term * t
        return value, -weighted / (1.0 + r)

    def curve(self, r: float) -> tuple[float, float, float]:
        """f(r), f'(r) and f''(r).

        >>> PythonTerms([-100.0, 110.0], [0.0, 1.0]).curve(0.0)
        (10.0, -110.0, 220.0)
        """
        log = -math.log1p(r)
        exp = math.exp
        value = weighted = second = 0.0
        for a, t in self.pairs:
            term = a * exp(t * log)
            value += term
            weighted += term * t
            second += term * t * (t + 1.0)
        one_plus = 1.0 + r
        return value, -weighted / one_plus, second / one_plus**2

    def full(self, r: float) -> Terms:
        """Every :data:`Terms` at ``r``.

        >>> PythonTerms([-100.0, 110.0], [0.0, 1.0]).full(0.0)
        (10.0, -110.0, 220.0, 210.0, 110.0)
        """
        log = -math.log1p(r)
        exp = math.exp
        value = weighted = second = magnitude = weighted_magnitude = 0.0
        for a, t in self.pairs:
            term = a * exp(t * log)
            value += term
            weighted += term * t
            second += term * t * (t + 1.0)
            magnitude += abs(term)
            weighted_magnitude += abs(term * t)
        one_plus = 1.0 + r
        return value, -weighted / one_plus, second / one_plus**2, magnitude, weighted_magnitude


class NumpyTerms:
    """f(r) and its derivatives with numpy.

    >>> NumpyTerms(np.array([-100.0, 110.0]), np.array([0.0, 1.0])).full(0.0)
    (10.0, -110.0, 220.0, 210.0, 110.0)
    """

    def __init__(self, values: FloatArray, times: FloatArray) -> None:
        self.values = values
        self.times = times
        self.weighted = self.values * self.times
        self.second = self.weighted * (self.times + 1.0)

    def guess(self) -> float:
        """A starting rate (as :meth:`PythonTerms.guess`)."""
        inflow = np.maximum(self.values, 0.0)
        outflow = inflow - self.values
        return _guess_from(
            float(inflow.sum()),
            float(outflow.sum()),
            float(self.times @ inflow),
            float(self.times @ outflow),
        )

    def sign_changes(self) -> int:
        """Sign changes of the amounts in time order (zeros skipped)."""
        positive = self.values[self.values != 0.0] > 0
        return int(np.count_nonzero(positive[1:] != positive[:-1]))

    def slope(self, r: float) -> tuple[float, float]:
        """f(r) and f'(r)."""
        v = np.exp(self.times * -math.log1p(r))
        return float(self.values @ v), -float(self.weighted @ v) / (1.0 + r)

    def curve(self, r: float) -> tuple[float, float, float]:
        """f(r), f'(r) and f''(r)."""
        v = np.exp(self.times * -math.log1p(r))
        one_plus = 1.0 + r
        return (
            float(self.values @ v),
            -float(self.weighted @ v) / one_plus,
            float(self.second @ v) / one_plus**2,
        )

    def full(self, r: float) -> Terms:
        """Every :data:`Terms` at ``r``."""
        v = np.exp(self.times * -math.log1p(r))
        one_plus = 1.0 + r
        return (
            float(self.values @ v),
            -float(self.weighted @ v) / one_plus,
            float(self.second @ v) / one_plus**2,
            float(np.abs(self.values) @ v),
            float(np.abs(self.weighted) @ v),
        )


def terms(values: list[float], num: Sequence[int], den: int) -> PythonTerms | NumpyTerms:
    """The evaluator for amounts ``values`` at times ``num[k] / den``, for this many flows.

    >>> type(terms([1.0] * 3, [0, 1, 2], 1)).__name__
    'PythonTerms'
    """
    if len(values) >= NUMPY_FROM:
        return NumpyTerms(np.array(values), np.array(num) / den)
    return PythonTerms(values, [n / den for n in num])


def search(evaluator: PythonTerms | NumpyTerms) -> tuple[float, Terms] | None:
    """Newton's method (as :func:`loancalc.apr._solver._newton`): the last rate evaluated
    once the steps settle, with every term there; None if they do not settle, or settle
    below :data:`LOWEST`.

    The first step is Halley's (it cubes the error of the estimate, where Newton's
    squares it: a loan's flows then settle in three evaluations, not four), unless the
    curvature is too large for it to be trusted. Once a step is below 1e-6 the next is at
    the float noise (Newton squares the error), so from then on every term is evaluated,
    and the point where the steps settle is the root: no evaluation is spent after it.

    >>> search(PythonTerms([100.0, 110.0], [0.0, 1.0])) is None  # no root
    True
    """
    if isinstance(evaluator, PythonTerms):  # plain floats raise, never warn
        return _newton(evaluator)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        return _newton(evaluator)


def _newton(evaluator: PythonTerms | NumpyTerms) -> tuple[float, Terms] | None:
    """The iteration of :func:`search`."""
    r = evaluator.guess()
    close = False
    found: Terms | None = None
    try:
        for iteration in range(60):
            second = 0.0
            if close:
                found = evaluator.full(r)
                value, slope = found[0], found[1]
            elif iteration:
                value, slope = evaluator.slope(r)
            else:
                value, slope, second = evaluator.curve(r)
            if not (math.isfinite(value) and math.isfinite(slope)) or slope == 0.0:
                return None
            step = value / slope
            halley = step * second / (2.0 * slope)  # 0 after the first step
            if -0.5 < halley < 0.5:
                step /= 1.0 - halley
            following = r - step
            if not math.isfinite(following):
                return None
            if following <= -1.0:
                following = (r - 1.0) / 2.0  # halfway to -100 %, never past it
            size = abs(following - r)
            scale = max(1.0, abs(r))
            if size <= 1e-13 * scale:
                break
            close = size <= 1e-6 * scale
            r = following
        else:
            return None
        if r < LOWEST:
            return None
        if not close or found is None:
            found = evaluator.full(r)
    except (OverflowError, ZeroDivisionError, ValueError):  # ValueError: log1p(-1)
        return None
    if not all(map(math.isfinite, found)) or found[1] == 0.0:
        return None
    return r, found
