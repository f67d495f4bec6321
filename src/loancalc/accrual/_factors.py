"""Interest by one multiplication, rounded exactly as the division it replaces.

(Moved from ``loancalc.amortization._factors``: servicing accrues with it too.)

A period's interest is ``balance * n / d`` rounded to the money grid, ``n / d`` the
period's rate. The division costs as much as the rest of an instalment. Multiplying by a
factor computed once is cheaper, but the rate is usually a recurring decimal (4.9 % / 12 =
0.0040833...), so ``balance * factor`` misses the true interest by about 1e-39 of itself.
That only matters when the true interest lies exactly on a rounding boundary (60.00 at
4.9 % / 12 is exactly 0.245: a half cent), and then it matters a cent.

The fix is the factor's direction. Each rounding mode sends a value on a boundary to one
side: half-up, down and floor send non-negative ties and whole steps up (they keep what is
above the boundary), half-down, up and ceiling send them down. Rounding the factor toward
that side makes every boundary value arrive from the side that rounds the same way. A
value off the boundary is at least ``1 / (2 D)`` grid steps from it (the exact interest in
grid steps is ``B N / D`` in lowest terms, ``B`` the balance in its smallest unit), while
the factor's error is below ``2.1e-39`` of the interest, so it rounds as the exact value
whenever ``B N < 1e37``: for every realistic loan, and checked for each one. Half-even
sends boundaries both ways, so it takes only factors that are exact (6 % / 12 = 0.005).

>>> from decimal import Decimal
>>> from loancalc.money import Rounding
>>> rate = (Decimal("0.049"), Decimal(12))
>>> f = exact_factors([rate], Rounding(), Decimal("60.00"))[rate]
>>> f
Decimal('0.004083333333333333333333333333333333333334')
>>> with decimal.localcontext(money_context(Rounding())):
...     (Decimal("60.00") * f).quantize(Decimal("0.01"))
Decimal('0.25')
>>> exact_factors([rate], Rounding(mode="half-even"), Decimal("60.00")) is None
True
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable
from decimal import Decimal

from loancalc.money import CONTEXT, Rounding, RoundingMode

__all__ = ["exact_factors", "money_context"]

#: Which way to round a rate so that values on a boundary round as their exact selves
#: (for non-negative balances); half-even has no one way.
_FACTOR_ROUNDING = {
    RoundingMode.HALF_UP: decimal.ROUND_CEILING,
    RoundingMode.DOWN: decimal.ROUND_CEILING,
    RoundingMode.FLOOR: decimal.ROUND_CEILING,
    RoundingMode.HALF_DOWN: decimal.ROUND_FLOOR,
    RoundingMode.UP: decimal.ROUND_FLOOR,
    RoundingMode.CEILING: decimal.ROUND_FLOOR,
}
#: The largest ``B N`` (balance in its smallest unit x the rate's reduced numerator per
#: grid step) for which the factor's error stays below the smallest distance to a boundary.
_LIMIT = 10**37


def _context(rounding: str) -> decimal.Context:
    context = CONTEXT.copy()
    context.rounding = rounding
    return context


_MONEY_CONTEXTS = {mode: _context(mode.value) for mode in RoundingMode}


def money_context(rounding: Rounding) -> decimal.Context:
    """The library's arithmetic context with ``rounding``'s mode, so that
    ``amount.quantize(rounding.quantum)`` rounds by the policy (with no mode argument).

    >>> money_context(Rounding(mode="down")).rounding
    'ROUND_DOWN'
    """
    return _MONEY_CONTEXTS[rounding.mode]


def exact_factors(
    rates: Iterable[tuple[Decimal, Decimal]], rounding: Rounding, largest: Decimal
) -> dict[tuple[Decimal, Decimal], Decimal] | None:
    """For each distinct rate ``(numerator, denominator)``, a factor such that
    ``(balance * factor).quantize(rounding.quantum)``, inside :func:`money_context`, equals
    ``balance * numerator / denominator`` rounded exactly by ``rounding``, for every
    balance from 0 to ``largest`` in steps of ``largest``'s last digit (or finer: the
    grid's); or ``None`` where no such factors are known (rounding to an increment, half-
    even on a recurring rate, or amounts too large for the bound).

    Denominators are whole numbers; numerators are non-negative.
    """
    if rounding.increment is not None or largest < 0:
        return None
    direction = _FACTOR_ROUNDING.get(rounding.mode)
    exponent = largest.as_tuple().exponent
    assert isinstance(exponent, int)  # largest is finite
    # Exact interest in grid steps = B x n / d x 10**(places - scale), where B is the
    # balance in units of 10**-scale, its finest digit (the grid's or the principal's).
    scale = max(-exponent, rounding.places)
    units_bound = 10 ** (largest.adjusted() + 1 + scale)  # above every B up to largest
    step_shift = 10 ** (scale - rounding.places)
    context = _context(decimal.ROUND_HALF_EVEN if direction is None else direction)
    factors = {}
    for numerator, denominator in dict.fromkeys(rates):
        context.clear_flags()
        factor = context.divide(numerator, denominator)
        if context.flags[decimal.Inexact]:  # a recurring rate: only a directed factor serves
            top, bottom = numerator.as_integer_ratio()
            bottom *= int(denominator) * step_shift
            reduced_top = top // math.gcd(top, bottom)
            if direction is None or units_bound * reduced_top > _LIMIT:
                return None
        factors[numerator, denominator] = factor
    return factors
