"""Rounding on integers: ``num / den`` rounded to a whole number of grid units by a mode.

The batch engine keeps every amount as a whole number of grid units (cents, or multiples
of an increment) and every rate as an exact fraction, so a period's interest is
``round(balance x n / d)``: a division of integers, rounded by one of the seven
:class:`~loancalc.RoundingMode` rules, exactly as :class:`decimal.Decimal` rounds the same
true value. Amounts here are never negative, so ``DOWN`` is ``FLOOR`` and ``UP`` is
``CEILING``.

>>> import numpy as np
>>> from loancalc.money import RoundingMode
>>> nums, dens = np.array([5, 15, 25, 7]), np.array([10, 10, 10, 10])
>>> [round_div(nums, dens, m).tolist() for m in (RoundingMode.HALF_UP, RoundingMode.HALF_EVEN)]
[[1, 2, 3, 1], [0, 2, 2, 1]]
>>> round_fraction(25, 10, RoundingMode.HALF_DOWN), round_fraction(26, 10, RoundingMode.DOWN)
(2, 2)
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from loancalc.money import RoundingMode

__all__ = ["Int64s", "halves_to_units", "round_div", "round_fraction"]

Int64s = npt.NDArray[np.int64]

_DOWNWARD = (RoundingMode.DOWN, RoundingMode.FLOOR)
_UPWARD = (RoundingMode.UP, RoundingMode.CEILING)


def round_div(num: Int64s, den: Int64s | int, mode: RoundingMode) -> Int64s:
    """``num / den`` rounded by ``mode``, element by element (``num >= 0``, ``den > 0``).

    The caller guarantees that ``2 num + 2 den`` fits in int64.

    >>> import numpy as np
    >>> round_div(np.array([149, 150, 151]), 100, RoundingMode.HALF_DOWN).tolist()
    [1, 1, 2]
    """
    if mode in _DOWNWARD:
        return num // den
    if mode in _UPWARD:
        return -((-num) // den)
    if mode is RoundingMode.HALF_UP:
        return (2 * num + den) // (2 * den)
    if mode is RoundingMode.HALF_DOWN:
        return (2 * num + den - 1) // (2 * den)
    # half-even: the half-up result, less one where it is odd and the value is a tie
    quotient, remainder = np.divmod(num, den)
    twice = 2 * remainder
    result: Int64s = quotient + ((twice > den) | ((twice == den) & (quotient & 1).astype(bool)))
    return result


def round_fraction(num: int, den: int, mode: RoundingMode) -> int:
    """``num / den`` rounded by ``mode``, in Python integers (any size, ``den > 0``).

    >>> round_fraction(-3, 2, RoundingMode.HALF_EVEN), round_fraction(7, 2, RoundingMode.UP)
    (-2, 4)
    """
    quotient, remainder = divmod(num, den)  # floor division: 0 <= remainder < den
    if remainder == 0:
        return quotient
    negative = num < 0
    if mode is RoundingMode.FLOOR:
        return quotient
    if mode is RoundingMode.CEILING:
        return quotient + 1
    if mode is RoundingMode.DOWN:
        return quotient + 1 if negative else quotient
    if mode is RoundingMode.UP:
        return quotient if negative else quotient + 1
    twice = 2 * remainder
    if twice != den:
        return quotient + (twice > den)
    if mode is RoundingMode.HALF_UP:
        return quotient if negative else quotient + 1
    if mode is RoundingMode.HALF_DOWN:
        return quotient + 1 if negative else quotient
    return quotient + (quotient & 1)


def halves_to_units(
    halves: Int64s, on_boundary: npt.NDArray[np.bool_], mode: RoundingMode
) -> Int64s:
    """A non-negative value known by its half-units, rounded by ``mode``.

    The value lies strictly between ``halves / 2`` and ``(halves + 1) / 2`` units, or on
    ``halves / 2`` exactly where ``on_boundary``; every mode is constant in between.

    >>> import numpy as np
    >>> halves_to_units(np.array([5, 5, 4]), np.array([True, False, False]),
    ...                 RoundingMode.HALF_EVEN).tolist()
    [2, 3, 2]
    """
    whole: Int64s = halves // 2
    odd = (halves & 1).astype(bool)
    if mode in _DOWNWARD:
        return whole
    if mode in _UPWARD:
        extra = ~(on_boundary & ~odd)  # +1 unless exactly a whole number
    elif mode is RoundingMode.HALF_UP:
        extra = odd
    elif mode is RoundingMode.HALF_DOWN:
        extra = odd & ~on_boundary
    else:
        extra = (odd & ~on_boundary) | (odd & on_boundary & (whole & 1).astype(bool))
    result: Int64s = whole + extra
    return result
