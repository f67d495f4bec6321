"""Time from the first drawdown to each flow, as exact ``(numerators, denominator)``.

- :func:`unit_periods`: unit periods of ``1 / periods_per_year`` of a year, as Regulation Z
  Appendix J (b)(5) counts them: whole months (semi-months, weeks, days) measured back from
  the later date, and the odd days left at the start as a fraction: days / 30 per month of
  the unit period, days / 15 for a semi-month, days / 7 per week of the unit period.
- :func:`eu_years`: years as Directive 2008/48/EC Annex I counts them, whole years measured
  back from the later date and the days left over / 365 (366 when the year they fall in
  holds a 29 February); or whole months / 12 and the days left over / 365 (12 equal months
  of 365/12 days).
- :func:`eu_unit_periods`: years as the Directive counts them in the unit period of the
  payments (Annex I (c), as worded in Directive 2014/17/EU and 2023/2225): whole years,
  months (1/12 of a year) or weeks (1/52) counted back from each date towards the first
  drawdown, then the days left over at the start divided by the days (365 or 366) of the
  year counted back from where the whole periods end; or, for the UK reading of
  FSharp.Finance.Personal, every interval as its days / 365.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

from loancalc.calendar import Frequency, add_months
from loancalc.errors import InvalidValueError

__all__ = [
    "EU_TIME_UNITS",
    "UNIT_PERIODS",
    "eu_unit_periods",
    "eu_years",
    "months_back",
    "unit_periods",
]

#: The time units :func:`eu_unit_periods` counts in.
EU_TIME_UNITS = ("year", "month", "week", "days-365")

#: periods_per_year -> (unit, count): the unit periods loancalc can measure.
UNIT_PERIODS: dict[int, tuple[str, int]] = {
    1: ("month", 12),
    2: ("month", 6),
    3: ("month", 4),
    4: ("month", 3),
    6: ("month", 2),
    12: ("month", 1),
    24: ("semi-month", 1),
    13: ("week", 4),
    26: ("week", 2),
    52: ("week", 1),
    360: ("day", 1),
    365: ("day", 1),
}


def _month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def months_back(start: date, end: date) -> tuple[int, int]:
    """Whole months measured back from ``end`` towards ``start``, and the days left over.

    Month ends pair with month ends (31 January to 29 February is one month), and a day
    missing from a month is its last day (30 March back one month is 29 February).
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    both_ends = _month_end(start) and _month_end(end)
    while months > 0:
        anchor = add_months(end, -months, day=31 if both_ends else None)
        if anchor >= start:
            return months, (anchor - start).days
        months -= 1
    return 0, (end - start).days


def unit_periods(
    start: date, dates: Sequence[date], periods_per_year: int
) -> tuple[list[int], int]:
    """Times in unit periods of ``1 / periods_per_year`` year: ``(numerators, denominator)``."""
    if periods_per_year not in UNIT_PERIODS:
        known = ", ".join(str(n) for n in sorted(UNIT_PERIODS))
        raise InvalidValueError(
            "periods_per_year", periods_per_year, f"one of {known} (a calendar unit period)"
        )
    unit, count = UNIT_PERIODS[periods_per_year]
    if unit == "day":
        return [(day - start).days for day in dates], 1
    if unit == "week":
        return [(day - start).days for day in dates], 7 * count
    if unit == "semi-month":
        return [_semi_months_back(start, day) for day in dates], 15
    numerators = []
    for day in dates:
        months, days = months_back(start, day)
        numerators.append(months * 30 + days)
    return numerators, 30 * count


def _semi_months_back(start: date, end: date) -> int:
    """Semi-months measured back from ``end`` (the 1st pairs with the 16th, the 15th with the
    month's end), x 15, plus the days left over at the start."""
    months, _ = months_back(start, end)
    halves = 2 * months + 1
    while halves > 0:
        anchor = Frequency.SEMI_MONTHLY.step(end, -halves)
        if anchor >= start:
            return halves * 15 + (anchor - start).days
        halves -= 1
    return (end - start).days


_YEAR_DEN = 365 * 366


def eu_years(start: date, dates: Sequence[date], *, basis: str) -> tuple[list[int], int]:
    """Times in years from ``start`` per Directive 2008/48/EC Annex I (c).

    ``basis="days"``: whole years back from each date, then days / 365 (or / 366 when the
    year before the first whole year holds a 29 February). ``basis="months"``: whole
    months / 12, then days / 365.
    """
    numerators = []
    if basis == "months":
        for day in dates:
            months, days = months_back(start, day)
            numerators.append(months * 365 + days * 12)
        return numerators, 12 * 365
    for day in dates:
        months, _ = months_back(start, day)
        years = months // 12
        anchor = add_months(day, -12 * years) if years else day
        if years and _month_end(start) and _month_end(day):
            anchor = add_months(day, -12 * years, day=31)
        days = (anchor - start).days
        length = (anchor - add_months(anchor, -12)).days
        numerators.append(years * _YEAR_DEN + days * (_YEAR_DEN // length))
    return numerators, _YEAR_DEN


def _year_before(anchor: date) -> int:
    """Days of the year counted back from ``anchor`` to the same day a year earlier."""
    return (anchor - add_months(anchor, -12)).days


def eu_unit_periods(start: date, dates: Sequence[date], unit: str) -> tuple[list[int], int]:
    """Times in years from ``start``, counted in ``unit`` (one of :data:`EU_TIME_UNITS`):
    whole years, months or weeks back from each date, then the odd days at the start over
    the days of the year counted back from where the whole periods end; ``"days-365"``:
    days / 365 throughout.

    >>> from fractions import Fraction
    >>> (num,), den = eu_unit_periods(date(2024, 1, 10), [date(2024, 3, 1)], "month")
    >>> Fraction(num, den) == Fraction(1, 12) + Fraction(22, 365)  # 1 Feb back to 10 Jan
    True
    """
    if unit == "year":
        return eu_years(start, dates, basis="days")
    if unit == "days-365":
        return [(day - start).days for day in dates], 365
    if unit not in ("month", "week"):
        raise InvalidValueError("time_unit", unit, "one of " + ", ".join(EU_TIME_UNITS))
    per_year = 12 if unit == "month" else 52
    numerators = []
    for day in dates:
        if unit == "month":
            whole, days = months_back(start, day)
        else:
            whole, days = divmod((day - start).days, 7)
        anchor = start + timedelta(days=days)
        numerators.append(whole * _YEAR_DEN + days * per_year * (_YEAR_DEN // _year_before(anchor)))
    return numerators, per_year * _YEAR_DEN
