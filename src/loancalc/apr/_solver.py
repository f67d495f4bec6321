"""Roots of a cash flow's net present value: a float search with a certified error bound,
and an exact :class:`~decimal.Decimal` refinement when the bound is not tight enough.

A problem is a list of amounts ``a_k`` at times ``t_k = num_k / den`` periods. Its net
present value at the period rate ``r > -1`` is::

    f(r) = sum a_k (1 + r)^-t_k                         (compound: IRR, XIRR, EU APRC)
    f(r) = sum a_k (1 + r)^-w_k / (1 + e_k r)           (simple: Regulation Z Appendix J)

where, in the simple form, ``w_k`` is the whole part of ``t_k`` and ``e_k`` its fraction (an
odd first period earns simple interest). The search runs in binary floating point (numpy),
which is fast; every root it returns carries an error bound: the float evaluation error of
``f`` (at most ``(n + 2 + |t ln(1+r)|)`` units in the last place of ``sum |a_k v_k|``) over
``|f'(r)|``. A root whose bound exceeds :data:`CERTIFIED` is refined by Newton's method in
``Decimal`` at 40 digits. Roots are therefore accurate to 1e-10 or better (a double root,
where ``f'`` vanishes too, converges only linearly; the refinement still reaches 1e-10).

Where the roots lie: by Descartes' rule of signs (which holds for real exponents too), the
number of roots ``r > -1`` is at most the number of sign changes of the amounts taken in
time order. One sign change means exactly one root: Newton's method from an estimate finds
it (a scan backs it up if Newton wanders). Several sign changes: a scan over
``x = ln(1 + r)`` from ln(1e-9) to 21 (``r`` from -99.9999999 % to 1.3e9 per period) in
steps of 0.01 brackets every root where ``f`` changes sign, bisection narrows each bracket,
and local minima of ``|f|`` that touch zero (double roots) are tried by Newton as well.
Roots below -99.9999999 % are not reported.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal

import numpy as np

from loancalc.apr._problem import FloatArray, Problem, netted, problem, sign_changes
from loancalc.money import CONTEXT

__all__ = [
    "CERTIFIED",
    "LOWEST",
    "Problem",
    "all_roots",
    "netted",
    "problem",
    "sign_changes",
    "unique_root",
]

#: A float root is returned as is when its error bound is at most this; else refined.
CERTIFIED = 1e-11
#: A float root this well certified is finished by one Newton step in Decimal (which
#: squares the error: about 1e-24 times the root's curvature).
_ONE_STEP = 1e-12
_EPS = np.finfo(np.float64).eps
#: The lowest rate searched: -99.9999999 % per period (1 + r = 1e-9). Below it, rates
#: rounded to 12 places would lose their meaning.
LOWEST = -0.999999999
_GRID = np.linspace(math.log1p(LOWEST), 21.0, 4173)  # x = ln(1 + r), steps of about 0.01
_GRID_ROWS = 256  # grid points evaluated at once (bounds the memory of the scan)
_SAME_ROOT = 1e-9


# --------------------------------------------------------------------------------------
# Float evaluation
# --------------------------------------------------------------------------------------


def _discounts(p: Problem, r: float) -> FloatArray:
    v: FloatArray = np.exp(p.whole * -math.log1p(r))
    if p.fraction is not None:
        v = v / (1.0 + p.fraction * r)
    return v


def _value_and_slope(p: Problem, r: float) -> tuple[float, float, FloatArray]:
    v = _discounts(p, r)
    value = float(p.values @ v)
    slope = -float(p.weighted @ v) / (1.0 + r)
    if p.fraction is not None:
        slope -= float((p.values * p.fraction / (1.0 + p.fraction * r)) @ v)
    return value, slope, v


def _bound(p: Problem, r: float, value: float, slope: float, v: FloatArray) -> float:
    """An upper bound on |r - root| from the float evaluation at ``r`` (inf if none): the
    value plus its worst rounding error, over the slope."""
    if not (math.isfinite(value) and math.isfinite(slope)) or slope == 0.0:
        return math.inf
    magnitude = float(p.magnitudes @ v)
    exponent = p.longest * abs(math.log1p(r))
    rounding = _EPS * (p.values.size + 4 + exponent) * magnitude
    return (abs(value) + rounding) / abs(slope)


def _newton(
    p: Problem, guess: float, iterations: int = 60, *, lenient: bool = False
) -> tuple[float, float] | None:
    """Newton's method from ``guess``: the rate it settles on and a bound on its error, or
    None if it does not settle.

    ``lenient``: also accept a rate where Newton stalls (a double root, where float noise
    keeps the steps from shrinking) if the value there is zero to within 1e-12 of its terms.
    """
    r = guess
    for _ in range(iterations):
        value, slope, v = _value_and_slope(p, r)
        if not (math.isfinite(value) and math.isfinite(slope)) or slope == 0.0:
            return None
        following = r - value / slope
        if not math.isfinite(following):
            return None
        if following <= -1.0:
            following = (r - 1.0) / 2.0  # halfway to -100 %, never past it
        if abs(following - r) <= 1e-13 * max(1.0, abs(r)):
            # |following - root| <= |r - root| + |following - r|
            return following, _bound(p, r, value, slope, v) + abs(following - r)
        r = following
    if lenient:
        value, slope, v = _value_and_slope(p, r)
        if abs(value) <= 1e-12 * float(p.magnitudes @ v):
            return r, math.inf
    return None


# --------------------------------------------------------------------------------------
# Decimal refinement
# --------------------------------------------------------------------------------------


def _refine(p: Problem, start: float) -> Decimal | None:
    """Newton's method in Decimal from ``start``; the root, or None if it is no root."""
    with decimal.localcontext(CONTEXT) as ctx:
        ctx.traps[decimal.Overflow] = False
        r = Decimal(repr(start))
        den = Decimal(p.den)
        limit = Decimal("1E-18")  # far below 1e-10; a double root stalls near 1e-20
        tolerance = Decimal("1E-20")
        converged = False
        for _ in range(200):
            value, slope, magnitude = _decimal_terms(p, r, den)
            if slope == 0:
                break
            step = value / slope
            following = r - step
            if following <= -1:
                following = (r - 1) / 2
            r = following
            if abs(step) <= limit * max(Decimal(1), abs(r)):
                # the value before this last, tiny step already shows a root
                converged = magnitude != 0 and abs(value) <= tolerance * magnitude
                break
        if not converged:
            value, slope, magnitude = _decimal_terms(p, r, den)
            if magnitude == 0 or abs(value) > tolerance * magnitude:
                return None
        return +r


def _decimal_terms(p: Problem, r: Decimal, den: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    if not p.simple:
        return _compound_terms(p, r, den)
    one_plus = 1 + r
    value = slope = magnitude = Decimal(0)
    for amount, num in zip(p.amounts, p.num.tolist(), strict=True):
        whole, rest = divmod(num, p.den)
        e = rest / den
        power = one_plus**-whole if whole else Decimal(1)
        discount = power / (1 + e * r)
        rate_slope = -whole / one_plus - e / (1 + e * r)
        term = amount * discount
        value += term
        slope += term * rate_slope
        magnitude += abs(term)
    return value, slope, magnitude


def _compound_terms(p: Problem, r: Decimal, den: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """f(r), f'(r) and sum |a_k v_k| for compound discounting: ``w = (1 + r)^(-1/den)``
    once, then each ``v_k = w^num_k`` from the previous one in time order (integer powers
    of the gaps), which costs a few multiplications a flow instead of a power each; runs
    of equal amounts (a level payment) are summed before they are multiplied."""
    one_plus = 1 + r
    w = (-one_plus.ln() / den).exp() if p.den != 1 else 1 / one_plus
    powers: dict[int, Decimal] = {0: Decimal(1), 1: w}
    zero = Decimal(0)
    value = weighted = magnitude = zero
    v, previous = Decimal(1), 0
    run_amount: Decimal | None = None
    run_v = run_vn = zero
    order = np.argsort(p.num, kind="stable")
    amounts = p.amounts
    for index, num in zip(order.tolist(), p.num[order].tolist(), strict=True):
        gap = num - previous
        if gap:
            step = powers.get(gap)
            if step is None:
                step = powers[gap] = w**gap
            v *= step
            previous = num
        amount = amounts[index]
        if amount != run_amount:
            if run_amount is not None:
                value += run_amount * run_v
                weighted += run_amount * run_vn
                magnitude += abs(run_amount) * run_v
            run_amount, run_v, run_vn = amount, zero, zero
        run_v += v
        run_vn += v * num
    if run_amount is not None:
        value += run_amount * run_v
        weighted += run_amount * run_vn
        magnitude += abs(run_amount) * run_v
    return value, -weighted / (den * one_plus), magnitude


# --------------------------------------------------------------------------------------
# Finding roots
# --------------------------------------------------------------------------------------


def _finish(p: Problem, found: tuple[float, float] | None) -> Decimal | None:
    """The root refined in Decimal from the float one (to about 1e-30: IRR, XIRR and the EU
    APRC are returned at full precision); with simple-interest fractions, the float root
    as is when its error bound is within :data:`CERTIFIED` (Regulation Z's APR is rounded
    to 12 places anyway)."""
    if found is None:
        return None
    r, bound = found
    if not math.isfinite(r) or r < LOWEST:
        return None
    if p.simple and bound <= CERTIFIED:
        return Decimal(repr(r))
    if bound <= _ONE_STEP:  # a simple root known to 1e-12: one Newton step squares that
        return _newton_step(p, r)
    refined = _refine(p, r)
    if refined is None and bound <= CERTIFIED:
        return Decimal(repr(r))
    return refined


def _newton_step(p: Problem, start: float) -> Decimal:
    """One Newton step in Decimal from a float root certified to :data:`_ONE_STEP`."""
    with decimal.localcontext(CONTEXT) as ctx:
        ctx.traps[decimal.Overflow] = False
        r = Decimal(repr(start))
        value, slope, _ = _decimal_terms(p, r, Decimal(p.den))
        if slope == 0:
            return r
        return r - value / slope


def _guess(p: Problem) -> float:
    """A starting rate: (money in / money out) ^ (1 / the gap between their mean times) - 1."""
    inflow = np.maximum(p.values, 0.0)
    outflow = inflow - p.values
    money_in, money_out = float(inflow.sum()), float(outflow.sum())
    if money_in <= 0 or money_out <= 0:
        return 0.1
    gap = abs(float(p.whole @ inflow) / money_in - float(p.whole @ outflow) / money_out)
    if gap < 1e-9:
        return 0.1
    exponent = math.log(money_in / money_out) / gap
    return math.expm1(exponent) if -2.3 < exponent < 2.4 else 0.1


def unique_root(p: Problem) -> Decimal | None:
    """The root of a flow known to have at most one (Newton, then the scan if needed)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        found = _finish(p, _newton(p, _guess(p)))
        if found is not None:
            return found
        roots = all_roots(p)
    return roots[0] if roots else None


def all_roots(p: Problem) -> list[Decimal]:
    """Every root the scan finds, in increasing order."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        relative = _scan(p)
        found: list[Decimal] = []
        crossings = np.flatnonzero(np.sign(relative[:-1]) * np.sign(relative[1:]) <= 0)
        for index in crossings:
            root = _finish(p, _bisect(p, float(_GRID[index]), float(_GRID[index + 1])))
            if root is not None:
                found.append(root)
        size = np.abs(relative)
        dips = np.flatnonzero(
            (size[1:-1] <= size[:-2]) & (size[1:-1] <= size[2:]) & (size[1:-1] < 1e-2)
        )
        for index in dips + 1:
            root = _finish(p, _newton(p, float(np.expm1(_GRID[index])), lenient=True))
            if root is not None:
                found.append(root)
    found.sort()
    unique: list[Decimal] = []
    for root in found:
        if not unique or abs(root - unique[-1]) > _SAME_ROOT:
            unique.append(root)
    return unique


def _scan(p: Problem) -> FloatArray:
    """``f(r) / sum |a_k v_k|`` (same sign as f, in [-1, 1]) at every grid point."""
    rows: list[FloatArray] = []
    for begin in range(0, _GRID.size, _GRID_ROWS):
        x = _GRID[begin : begin + _GRID_ROWS, None]
        exponent = -x * p.whole[None, :]
        if p.fraction is not None:
            exponent = exponent - np.log1p(p.fraction[None, :] * np.expm1(x))
        scaled = np.exp(exponent - exponent.max(axis=1, keepdims=True))
        value = scaled @ p.values
        magnitude = scaled @ np.abs(p.values)
        rows.append(value / magnitude)
    return np.concatenate(rows)


def _sign_at(p: Problem, x: float) -> float:
    exponent = -x * p.whole
    if p.fraction is not None:
        exponent = exponent - np.log1p(p.fraction * math.expm1(x))
    return float(np.sign(np.exp(exponent - exponent.max()) @ p.values))


def _bisect(p: Problem, low: float, high: float) -> tuple[float, float]:
    """Narrow a sign-change bracket of x = ln(1 + r) to float precision; the rate."""
    sign_low = _sign_at(p, low)
    if sign_low == 0:
        return _with_bound(p, math.expm1(low))
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        sign = _sign_at(p, middle)
        if sign == 0:
            return _with_bound(p, math.expm1(middle))
        if sign == sign_low:
            low = middle
        else:
            high = middle
    rate = math.expm1((low + high) / 2)
    polished = _newton(p, rate, iterations=8)
    width = math.expm1(high) - math.expm1(low)
    if polished is not None and abs(polished[0] - rate) <= max(1e-12, width):
        return polished
    return rate, max(width, _with_bound(p, rate)[1])


def _with_bound(p: Problem, r: float) -> tuple[float, float]:
    value, slope, v = _value_and_slope(p, r)
    return r, _bound(p, r, value, slope, v)
