"""Distinct annual rates: read from a book's arrays, and as exact unit fractions.

A book of 100,000 loans has a few thousand distinct rates at most, so each is read once:
float rates are grouped by value in C (keyed by their decimals where they have few, else
by a sort), strings by a dict, and each distinct value is then read as
:func:`~loancalc.annual_rate` reads it (a float through its shortest repr, ``0.0801``).

The batch engine charges a period's interest as ``round(B x n / d)`` with ``n / d`` the
rate of one unit (a month under periodic accrual, a day under daily accrual) in lowest
terms. Each distinct rate is an exact decimal, ``rate = a / 10^k``, so ``rate / base``
in lowest terms is ``(a / g) / (10^k x base / g)`` with ``g = gcd(a, base)`` (``a`` has
no factor in common with ``10^k`` once the decimal is reduced): one ``np.gcd`` for every
distinct rate instead of a :class:`~fractions.Fraction` each.

>>> import numpy as np
>>> values, index = numeric_rates(np.array([0.0801, 0.049, 0.0801]))
>>> values, index.tolist()
([Decimal('0.049'), Decimal('0.0801')], [1, 0, 1])
>>> tops, bottoms, fits = unit_fractions([Decimal("0.049"), Decimal("0.12"), Decimal(0)], 12)
>>> tops.tolist(), bottoms.tolist(), fits.tolist()  # 49/12000, 1/100, 0/1
([49, 1, 0], [12000, 100, 1], [True, True, True])
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from loancalc.errors import LoanCalcError
from loancalc.rates import MAX_ANNUAL_RATE, annual_rate

__all__ = ["FIT", "group", "numeric_rates", "text_rates", "unit_fractions"]

Int64s = npt.NDArray[np.int64]

#: Numerators and denominators the vectorised engine takes (int64 products stay safe).
FIT = 2**40
#: Rates grouped together by the keyed path.
_BLOCK = 8192
#: Reduced decimals whose parts stay below these are reduced on int64 arrays.
_TOP, _BOTTOM = 2**62, 2**53


def unit_fractions(rates: list[Decimal], base: int) -> tuple[Int64s, Int64s, npt.NDArray[np.bool_]]:
    """Each ``rate / base`` in lowest terms: numerators, denominators, and whether both
    are below :data:`FIT` (where not, ``0 / 1``: the loan goes to the scalar engine).

    The same fractions as ``Fraction(rate) / base``:

    >>> from fractions import Fraction
    >>> rates = [Decimal("0.0801"), Decimal("0.123456"), Decimal("3.6")]
    >>> tops, bottoms, _ = unit_fractions(rates, 360)
    >>> [Fraction(int(t), int(b)) for t, b in zip(tops, bottoms)] == [
    ...     Fraction(rate) / 360 for rate in rates]
    True
    """
    ratios = [rate.as_integer_ratio() for rate in rates]
    if not ratios:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=bool)
    tops_list = [top for top, _ in ratios]
    bottoms_list = [bottom for _, bottom in ratios]
    if max(tops_list) < _TOP and max(bottoms_list) < _BOTTOM:
        top = np.array(tops_list, dtype=np.int64)
        common = np.gcd(top, base)
        numerator = top // common
        denominator = np.array(bottoms_list, dtype=np.int64) * (base // common)
    else:  # a rate of many decimal places: Python integers, then the same test
        parts = [_reduced(top, bottom, base) for top, bottom in ratios]
        numerator = np.array([min(top, FIT) for top, _ in parts], dtype=np.int64)
        denominator = np.array([min(bottom, FIT) for _, bottom in parts], dtype=np.int64)
    fits = (numerator < FIT) & (denominator < FIT)
    return np.where(fits, numerator, 0), np.where(fits, denominator, 1), fits


def _reduced(top: int, bottom: int, base: int) -> tuple[int, int]:
    common = math.gcd(top, base)
    return top // common, bottom * (base // common)


def numeric_rates(array: npt.NDArray[Any]) -> tuple[list[Decimal], npt.NDArray[np.intp]]:
    """Numeric rates: grouped by value in C (numpy sorts), each distinct value read once
    (a float through its shortest repr, as :func:`~loancalc.annual_rate` reads it)."""
    values = array.astype(np.float64) if array.dtype.kind == "f" else array
    if array.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            bad = ~((values >= 0) & (values <= float(MAX_ANNUAL_RATE)))  # NaN included
        if bad.any():
            index = int(np.flatnonzero(bad)[0])
            annual_rate(float(values[index]), field=f"annual_rate[{index}]")  # raises
    distinct, inverse = group(values)
    found: list[Decimal] = []
    for position, item in enumerate(distinct.tolist()):
        if isinstance(item, float) and item > 1e-9:  # checked above: read_number's reading
            found.append(Decimal(float.__repr__(item)))
            continue
        try:
            found.append(annual_rate(item))
        except LoanCalcError:  # an int out of range: name the first loan holding it
            index = int(np.flatnonzero(inverse == position)[0])
            annual_rate(item, field=f"annual_rate[{index}]")
            raise
    return found, inverse


def group(values: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
    """The distinct values (sorted) and each element's index into them: one sort, and no
    second (stable) sort for the first positions, which only errors need."""
    if not len(values):
        return values[:0], np.zeros(0, dtype=np.intp)
    if values.dtype.kind == "f" and len(values) > _BLOCK:
        keyed = _group_decimals(values)
        if keyed is not None:
            return keyed
    order = np.argsort(values)
    ordered = values[order]
    fresh = np.empty(len(values), dtype=bool)
    fresh[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=fresh[1:])
    inverse = np.empty(len(values), dtype=np.intp)
    inverse[order] = np.cumsum(fresh) - 1
    return ordered[fresh], inverse


#: The largest span of keys :func:`_group_decimals` labels through a table.
_KEY_SPAN = 2**18


def _group_decimals(
    values: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]] | None:
    """:func:`group` without a sort for rates of a few decimals (``0.0801``): each float
    keyed by ``round(x 10^k)`` for the first ``k`` of 4, 6, 8 at which every key reads
    back as its float (then equal keys mean equal floats), labelled through a table of
    the keys' span, block by block. None when no ``k`` fits or the span is too wide."""
    for scale in (1e4, 1e6, 1e8):
        low = high = None
        for start in range(0, len(values), _BLOCK):
            part = values[start : start + _BLOCK]
            keys = np.rint(part * scale)
            if not (keys / scale == part).all():
                break
            low = keys.min() if low is None else min(low, keys.min())
            high = keys.max() if high is None else max(high, keys.max())
        else:
            if low is None or high is None or high - low >= _KEY_SPAN:
                return None
            return _label(values, scale, int(low), int(high - low) + 1)
    return None


def _label(
    values: npt.NDArray[np.float64], scale: float, low: int, span: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp]]:
    """Each value's index among the distinct keys ``round(x scale) - low``."""
    seen = np.zeros(span, dtype=bool)
    first = np.zeros(span, dtype=np.float64)
    for start in range(0, len(values), _BLOCK):
        part = values[start : start + _BLOCK]
        keys = np.rint(part * scale).astype(np.intp) - low
        seen[keys] = True
        first[keys] = part
    present = np.flatnonzero(seen)
    label = np.zeros(span, dtype=np.intp)
    label[present] = np.arange(len(present))
    inverse = np.empty(len(values), dtype=np.intp)
    for start in range(0, len(values), _BLOCK):
        part = values[start : start + _BLOCK]
        inverse[start : start + _BLOCK] = label[np.rint(part * scale).astype(np.intp) - low]
    return first[present], inverse


def text_rates(
    array: npt.NDArray[Any], count: int
) -> tuple[list[Decimal], npt.NDArray[np.intp]] | None:
    """Rates given as strings only: grouped by a dict in C, each distinct string read
    once (None when any item is not a ``str``: the general loop reads those)."""
    items = array.tolist()
    if set(map(type, items)) != {str}:
        return None
    table = dict.fromkeys(items)
    found: list[Decimal] = []
    for position, text in enumerate(table):
        table[text] = position
        try:
            found.append(annual_rate(text))
        except LoanCalcError:
            index = items.index(text)
            annual_rate(text, field=f"annual_rate[{index}]")
            raise
    indices = np.fromiter(map(table.__getitem__, items), dtype=np.intp, count=count)
    return found, indices
