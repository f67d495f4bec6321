"""Exact penalty accrual over a span of days, by the penalty's day count.

Penalty interest accrues day by day: day ``t`` (the day ending on ``t``) weighs
``units(t) / denominator`` of a year. The weights are additive, so a span of days with a
constant base accrues ``base x rate x units(a, b) / denominator`` in one step
(:func:`span_units`); daily rounding needs the days grouped by weight
(:func:`daily_units`). ACT/360 and ACT/365F weigh every day alike; ACT/ACT (ISDA) weighs
a day 1/365 or 1/366 by its year; the 30/360 conventions weigh a 31st 0, and the 1st of a
month after a short February 2 or 3 days (both 30/360 variants agree day by day).

>>> d = date(2024, 3, 15)
>>> span_units(DayCount.ACT_360, d, date(2024, 3, 25)), denominator(DayCount.ACT_360)
(10, 360)
>>> daily_units(DayCount.THIRTY_E_360, date(2023, 2, 27), date(2023, 3, 2))
[(1, 2), (3, 1)]
>>> round_fraction(Fraction(7_0047, 10_000), Rounding())
Decimal('7.00')
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from loancalc.calendar import add_months
from loancalc.money import Rounding, RoundingMode
from loancalc.rates import DayCount

__all__ = ["daily_units", "denominator", "round_fraction", "span_units"]

_LEAP_YEAR_UNITS = 365  # a day of a leap year weighs 365 / (365 x 366) = 1/366
_YEAR_UNITS = 366


def denominator(day_count: DayCount) -> int:
    """The year, in the units :func:`span_units` counts (365 x 366 for ACT/ACT).

    >>> denominator(DayCount.ACT_ACT_ISDA), denominator(DayCount.THIRTY_360_US)
    (133590, 360)
    """
    if day_count is DayCount.ACT_ACT_ISDA:
        return 365 * 366
    return day_count.days_per_year


def _thirty(day: date) -> int:
    return 360 * day.year + 30 * day.month + min(day.day, 30)


def span_units(day_count: DayCount, start: date, end: date) -> int:
    """The weight of the days in (``start``, ``end``], in units of 1/:func:`denominator`.

    >>> span_units(DayCount.THIRTY_360_US, date(2024, 1, 30), date(2024, 1, 31))
    0
    """
    if day_count is DayCount.ACT_ACT_ISDA:
        return day_count.year_fraction_ratio(start, end)[0]
    if day_count in (DayCount.THIRTY_360_US, DayCount.THIRTY_E_360):
        return _thirty(end) - _thirty(start)
    return (end - start).days


def daily_units(day_count: DayCount, start: date, end: date) -> list[tuple[int, int]]:
    """The days in (``start``, ``end``] as ``(units per day, number of days)``, by weight.

    >>> daily_units(DayCount.ACT_ACT_ISDA, date(2023, 12, 30), date(2024, 1, 2))
    [(365, 1), (366, 2)]
    """
    days = (end - start).days
    if days <= 0:
        return []
    if day_count in (DayCount.ACT_360, DayCount.ACT_365F):
        return [(1, days)]
    counts: Counter[int] = Counter()
    if day_count is DayCount.ACT_ACT_ISDA:
        cursor = start
        while cursor < end:
            # day t counts in the year of t - 1 (the day runs from t - 1 to t)
            year_end = min(date(cursor.year + 1, 1, 1), end)
            leap = cursor.year % 4 == 0 and (cursor.year % 100 != 0 or cursor.year % 400 == 0)
            counts[_LEAP_YEAR_UNITS if leap else _YEAR_UNITS] += (year_end - cursor).days
            cursor = year_end
    else:
        cursor = start  # days cursor+1 .. month end, month by month
        while cursor < end:
            first_of_next = add_months(cursor.replace(day=1), 1)
            chunk_end = min(first_of_next - timedelta(days=1), end)
            if cursor.day == (first_of_next - timedelta(days=1)).day and cursor < end:
                # cursor is a month's last day: the next day is a 1st
                counts[_thirty(cursor + timedelta(days=1)) - _thirty(cursor)] += 1
                cursor += timedelta(days=1)
                continue
            first, last = cursor.day + 1, chunk_end.day  # days first..last of one month
            thirty_first = 1 if last == 31 else 0
            counts[1] += min(last, 30) - first + 1 if first <= 30 else 0
            counts[0] += thirty_first
            cursor = chunk_end
    return sorted((units, n) for units, n in counts.items() if n)


def round_fraction(value: Fraction, rounding: Rounding) -> Decimal:
    """``value`` rounded exactly onto the ``rounding`` grid (any mode).

    >>> round_fraction(Fraction(5, 1000), Rounding()), round_fraction(Fraction(1, 3), Rounding())
    (Decimal('0.01'), Decimal('0.33'))
    """
    quantum = rounding.quantum
    steps = value / Fraction(quantum)
    floor = steps.numerator // steps.denominator
    rest = steps - floor
    mode = rounding.mode
    if rest == 0 or mode in (RoundingMode.FLOOR,) or (mode is RoundingMode.DOWN and value > 0):
        whole = floor
    elif mode in (RoundingMode.CEILING,) or (mode is RoundingMode.UP and value > 0):
        whole = floor + 1
    elif mode in (RoundingMode.DOWN, RoundingMode.UP):  # negative value
        whole = floor + 1 if mode is RoundingMode.DOWN else floor
    elif rest > Fraction(1, 2):
        whole = floor + 1
    elif rest < Fraction(1, 2):
        whole = floor
    elif mode is RoundingMode.HALF_EVEN:
        whole = floor + (floor % 2)
    elif mode is RoundingMode.HALF_UP:
        whole = floor + 1 if value > 0 else floor
    else:  # HALF_DOWN: toward zero
        whole = floor if value > 0 else floor + 1
    return rounding.apply(Decimal(whole) * quantum)
