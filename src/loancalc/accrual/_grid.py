"""Exact accrual over one denominator per loan: :class:`AccrualGrid`.

Interest over a span is ``amount x rate x n / d``: an amount and a rate that are finite
decimals, ``n / d`` a year fraction whose denominator ``d`` is fixed by the day count (360,
365, or 365 x 366 for ACT/ACT ISDA). Over the loan's *grid denominator* ``D``, the least
common multiple of the ``d`` of every day count it accrues by, every such interest, and
every sum or difference of them, is a finite decimal numerator: ``amount x rate x n x (D /
d)``. Python's ``Fraction`` would reduce each sum by a gcd; these numerators add and
multiply as decimals, exactly (an exact context that traps any inexact step), and only
turn into an amount of money where one is rounded to the grid.

>>> from datetime import date
>>> from decimal import Decimal
>>> from loancalc.rates import DayCount
>>> grid = AccrualGrid(DayCount.ACT_360, DayCount.ACT_365F)
>>> grid.denominator
26280
>>> n = grid.interest(Decimal("1000.00"), Decimal("0.18"), grid.span(date(2024, 3, 1),
...                   date(2024, 3, 16), DayCount.ACT_360))
>>> grid.fraction(n), str(grid.value(n))  # 1,000 x 18 % x 15 / 360
(Fraction(15, 2), '7.5000')
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction

from loancalc.accrual._day_counts import denominator, year_fraction_ratio
from loancalc.rates import DayCount

__all__ = ["AccrualGrid"]

#: Exact arithmetic on numerators: any step that would round raises instead.
_EXACT = decimal.Context(
    prec=120, Emax=999_999, Emin=-999_999, traps=[decimal.Inexact, decimal.InvalidOperation]
)
#: The quotient of a numerator by the denominator, wide enough to round to a money grid as
#: the exact value does (a recurring fraction over at most 12 x 365 x 366 is far from every
#: rounding boundary at 120 digits).
_WIDE = decimal.Context(prec=120, Emax=999_999, Emin=-999_999)
_ZERO = Decimal(0)


class AccrualGrid:
    """The grid denominator of one loan's accruals (the day counts' least common
    denominator) and exact arithmetic on numerators over it.

    >>> AccrualGrid(DayCount.ACT_ACT_ISDA, DayCount.ACT_360).denominator  # 365 x 366 x 12
    1603080
    """

    __slots__ = ("_scales", "denominator")

    #: The context of exact arithmetic on numerators (any step that would round raises
    #: ``decimal.Inexact``): its methods (``multiply``, ``add``, ``subtract``), bound
    #: once, suit a loop that does many such steps; :meth:`interest` and :meth:`add` are
    #: the same, one at a time.
    context = _EXACT

    def __init__(self, *day_counts: DayCount) -> None:
        self.denominator = math.lcm(*(denominator(count) for count in day_counts))
        self._scales = {count: self.denominator // denominator(count) for count in day_counts}

    def span(self, start: date, end: date, day_count: DayCount) -> int:
        """The year fraction from ``start`` to ``end`` under ``day_count`` (one of the
        grid's) as a numerator over :attr:`denominator`.

        >>> grid = AccrualGrid(DayCount.ACT_360, DayCount.ACT_365F)
        >>> grid.span(date(2024, 1, 1), date(2024, 1, 31), DayCount.ACT_365F)  # 30 x 72
        2160
        """
        return year_fraction_ratio(start, end, day_count)[0] * self._scales[day_count]

    def spans(self, day_count: DayCount) -> Callable[[date, date], int]:
        """:meth:`span` under ``day_count``, as a function of the two dates (for a loop
        that calls it often: a count of actual days is one subtraction).

        >>> grid = AccrualGrid(DayCount.ACT_360, DayCount.ACT_365F)
        >>> grid.spans(DayCount.ACT_365F)(date(2024, 1, 1), date(2024, 1, 31))
        2160
        """
        scale = self._scales[day_count]
        if day_count is DayCount.ACT_360 or day_count is DayCount.ACT_365F:
            return lambda start, end: (end - start).days * scale
        return lambda start, end: year_fraction_ratio(start, end, day_count)[0] * scale

    @staticmethod
    def interest(amount: Decimal, rate: Decimal, span: int) -> Decimal:
        """``amount`` at the annual ``rate`` over the year fraction ``span`` (a
        numerator), exactly: a numerator over the grid denominator.

        >>> AccrualGrid.interest(Decimal("0.10"), Decimal("0.5"), 3)
        Decimal('0.150')
        """
        if not amount or not rate or not span:
            return _ZERO
        return _EXACT.multiply(_EXACT.multiply(amount, rate), span)

    @staticmethod
    def add(left: Decimal, right: Decimal) -> Decimal:
        """``left + right`` (numerators), exactly.

        >>> AccrualGrid.add(Decimal("1E-30"), Decimal("1E+30"))
        Decimal('1000000000000000000000000000000.000000000000000000000000000001')
        """
        return _EXACT.add(left, right)

    @staticmethod
    def subtract(left: Decimal, right: Decimal) -> Decimal:
        """``left - right`` (numerators), exactly.

        >>> AccrualGrid.subtract(Decimal("1.5"), Decimal("0.25"))
        Decimal('1.25')
        """
        return _EXACT.subtract(left, right)

    def of_amount(self, amount: Decimal) -> Decimal:
        """An amount of money as a numerator.

        >>> AccrualGrid(DayCount.ACT_360).of_amount(Decimal("1.25"))
        Decimal('450.00')
        """
        return _EXACT.multiply(amount, self.denominator)

    def value(self, numerator: Decimal) -> Decimal:
        """The amount a numerator stands for, to 120 significant digits: it rounds to a
        money grid exactly as the exact amount does.

        >>> str(AccrualGrid(DayCount.ACT_360).value(Decimal(1)))[:12]
        '0.0027777777'
        """
        return _WIDE.divide(numerator, self.denominator)

    def fraction(self, numerator: Decimal) -> Fraction:
        """The exact amount a numerator stands for.

        >>> AccrualGrid(DayCount.ACT_360).fraction(Decimal("90.5"))
        Fraction(181, 720)
        """
        return Fraction(numerator) / self.denominator

    def numerator(self, value: Fraction) -> Decimal:
        """An exact amount as a numerator (it must be one: a ratio whose denominator
        divides a power of ten times the grid's; anything else raises
        ``decimal.Inexact``).

        >>> AccrualGrid(DayCount.ACT_360).numerator(Fraction(181, 720))
        Decimal('90.5')
        """
        scaled = value * self.denominator
        if scaled.denominator == 1:
            return Decimal(scaled.numerator)
        return _EXACT.divide(scaled.numerator, scaled.denominator)
