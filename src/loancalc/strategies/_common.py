"""Helpers the strategy modules share: amounts on a rounding grid, pinning, log-uniform
whole numbers (an amount in grid steps: :func:`loancalc.money.grid_units`).

>>> grid = Decimal("0.5")
>>> units_within(Decimal("0.5"), Decimal("1000.50"), grid), from_units(2001, grid)
((1, 2001), Decimal('1000.5'))
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

__all__ = [
    "CENT",
    "from_units",
    "log_uniform",
    "pin",
    "plain",
    "units_within",
]

_T = TypeVar("_T")

#: The default rounding grid.
CENT = Decimal("0.01")


def units_within(low: Decimal, high: Decimal, grid: Decimal) -> tuple[int, int]:
    """The least and the greatest whole numbers of ``grid`` steps from ``low`` to ``high``.

    >>> units_within(Decimal("0.01"), Decimal("12"), Decimal("5"))
    (1, 2)
    """
    return math.ceil(Fraction(low) / Fraction(grid)), math.floor(Fraction(high) / Fraction(grid))


def from_units(units: int, grid: Decimal) -> Decimal:
    """``units`` steps of ``grid``, exactly, with the grid's decimals (``0.10``, not ``0.1``).

    >>> from_units(7, CENT), from_units(3, Decimal("10")), from_units(3, Decimal("0.25"))
    (Decimal('0.07'), Decimal('30'), Decimal('0.75'))
    """
    _, digits, exponent = grid.as_tuple()
    assert isinstance(exponent, int)
    coefficient = int("".join(map(str, digits))) * units
    return Decimal((0, tuple(int(d) for d in str(coefficient)), exponent))


def plain(number: Decimal) -> Decimal:
    """``number`` without trailing zeros and never in exponent form (0.050 -> 0.05, 10).

    >>> plain(Decimal("0.0500")), plain(Decimal("1E+1"))
    (Decimal('0.05'), Decimal('10'))
    """
    normal = number.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def pin(value: _T | SearchStrategy[_T] | None, default: SearchStrategy[_T]) -> SearchStrategy[_T]:
    """``default`` when ``value`` is None, ``value`` if it is a strategy, else just it.

    >>> pin(None, st.just(1)), pin(2, st.just(1))
    (just(1), just(2))
    """
    if value is None:
        return default
    if isinstance(value, SearchStrategy):
        return value
    return st.just(value)


@st.composite
def log_uniform(draw: st.DrawFn, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` (``1 <= low``), every number of digits
    equally likely."""
    digits = draw(st.integers(len(str(low)), len(str(high))))
    return draw(st.integers(max(low, 10 ** (digits - 1)), min(high, 10**digits - 1)))
