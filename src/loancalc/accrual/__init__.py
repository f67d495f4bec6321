"""Shared accrual: periods, day-count fractions and exact interest over a date range.

Amortisation builds its periods here, and servicing (penalty interest on an overdue
balance) and restructuring (a schedule starting mid-life) accrue with the same code:

- :func:`accrued_interest`: interest on a balance from one date to another at an annual
  rate under a day count, unrounded and exact (rounding is the caller's, by its
  :class:`~loancalc.money.Rounding`);
- :func:`year_fraction_ratio` and :func:`period_numerators`: year fractions as integer
  ratios, one or many periods at once (every day count has one denominator);
  :func:`years`: one of them as an exact ``Fraction``;
- :class:`AccrualGrid`: many exact accruals of one loan added up as numerators over one
  denominator (the least common one of its day counts), without ``Fraction`` arithmetic;
- :func:`money_context` and :func:`exact_factors`: rounding interest by one
  multiplication exactly as the division it replaces (see :mod:`loancalc.accrual._factors`);
- :class:`Periods` and :func:`periods_of`: a loan's periods, their days and rates.

>>> from datetime import date
>>> from loancalc.money import Rounding
>>> owed = accrued_interest(Decimal("1000.00"), Decimal("0.18"), date(2024, 3, 1),
...                         date(2024, 3, 16), DayCount.ACT_360)
>>> owed, Rounding().apply(owed)  # 1,000 x 18 % x 15 / 360
(Decimal('7.5000'), Decimal('7.50'))
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from fractions import Fraction

from loancalc._validation import check_date
from loancalc.accrual._day_counts import denominator, period_numerators, year_fraction_ratio
from loancalc.accrual._factors import exact_factors, money_context
from loancalc.accrual._grid import AccrualGrid
from loancalc.accrual._periods import REGULAR, Periods, periods_of
from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT, to_decimal
from loancalc.rates import DayCount, annual_rate

#: Wide enough for a product of two 40-digit values and a day count, exactly.
_EXACT = decimal.Context(prec=120, Emax=999_999, Emin=-999_999, traps=[decimal.Inexact])

__all__ = [
    "REGULAR",
    "AccrualGrid",
    "Periods",
    "accrued_interest",
    "denominator",
    "exact_factors",
    "money_context",
    "period_numerators",
    "periods_of",
    "year_fraction_ratio",
    "years",
]


def accrued_interest(
    balance: object, annual: object, start: date, end: date, day_count: DayCount | str
) -> Decimal:
    """Interest on ``balance`` from ``start`` to ``end`` at the annual rate ``annual``
    (anything :func:`~loancalc.rates.annual_rate` reads) under ``day_count``, unrounded.

    Computed as ``balance x rate x numerator / denominator``, the year fraction an exact
    integer ratio, multiplying exactly and dividing last: the result is the exact interest
    wherever that is a finite decimal of at most 40 digits; otherwise it is the exact value
    correctly rounded to 40 significant digits. A recurring value ``X / D`` (``D`` at most
    365 x 366 once reduced) lies at least ``1 / (2 D)`` of a grid step from every
    rounding boundary, far more than that rounding, so rounding the result to a money grid
    (``Rounding.apply``) gives the exactly rounded interest for amounts below 1e30 grid
    steps. Raises :class:`~loancalc.errors.InvalidValueError` naming the argument for
    a bad balance, rate, date or day count, or an ``end`` before ``start``.

    >>> accrued_interest("180.00", "4.9%", date(2024, 1, 15), date(2024, 2, 15), "ACT/360")
    Decimal('0.75950')
    >>> # one day of 2023 over 365, one of 2024 over 366: 10 x (1/365 + 1/366)
    >>> accrued_interest(100, "10%", date(2023, 12, 31), date(2024, 1, 2), "act/act isda")
    Decimal('0.05471966464555730219327793996556628490156')
    """
    amount = to_decimal(balance, "balance")
    if not amount.is_finite() or amount < 0:
        raise InvalidValueError("balance", balance, "an amount >= 0")
    rate = annual_rate(annual)
    convention = DayCount.parse(day_count)
    check_date(start, "start")
    check_date(end, "end")
    if end < start:
        raise InvalidValueError("end", end, f"a date on or after the start {start}")
    numerator, bottom = year_fraction_ratio(start, end, convention)
    product = _EXACT.multiply(_EXACT.multiply(amount, rate), numerator)  # at most 100 digits
    with decimal.localcontext(CONTEXT):
        return product / bottom


def years(start: date, end: date, day_count: DayCount) -> Fraction:
    """The year fraction from ``start`` to ``end`` under ``day_count``, exactly.

    >>> years(date(2024, 1, 1), date(2024, 1, 31), DayCount.ACT_360)
    Fraction(1, 12)
    """
    numerator, denominator = year_fraction_ratio(start, end, day_count)
    return Fraction(numerator, denominator)
