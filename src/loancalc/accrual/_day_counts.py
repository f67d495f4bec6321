"""Year fractions of many periods at once, as integer numerators over one denominator.

Every day count has one denominator for all periods: 360 or 365 days, or ``365 x 366``
for ACT/ACT ISDA (days in ordinary years count 366 of it, days in leap years 365). So a
loan's periods need only their integer numerators, computed here with numpy for the
actual-day conventions (30/360 counts calendar fields, period by period).

>>> from datetime import date
>>> year_fraction_ratio(date(2023, 12, 31), date(2024, 1, 2), DayCount.ACT_ACT_ISDA)
(731, 133590)
>>> period_numerators(date(2024, 1, 15), [date(2024, 2, 15), date(2024, 3, 15)],
...                   DayCount.ACT_360)
([31, 29], 360)
"""

from __future__ import annotations

from calendar import isleap
from collections.abc import Sequence
from datetime import date
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from loancalc.rates import DayCount

__all__ = ["denominator", "numerators_from_ordinals", "period_numerators", "year_fraction_ratio"]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_ISDA = 365 * 366
_DENOMINATORS = {
    DayCount.ACT_360: 360,
    DayCount.ACT_365F: 365,
    DayCount.ACT_ACT_ISDA: _ISDA,
    DayCount.THIRTY_360_US: 360,
    DayCount.THIRTY_E_360: 360,
}


def denominator(day_count: DayCount) -> int:
    """The one denominator of every year fraction under ``day_count``.

    >>> denominator(DayCount.ACT_ACT_ISDA), denominator(DayCount.ACT_365F)
    (133590, 365)
    """
    return _DENOMINATORS[day_count]


def year_fraction_ratio(start: date, end: date, day_count: DayCount) -> tuple[int, int]:
    """The year fraction from ``start`` to ``end`` as ``(numerator, denominator)``, the
    denominator :func:`denominator` (so not always in lowest terms).

    >>> year_fraction_ratio(date(2024, 1, 31), date(2024, 3, 31), DayCount.THIRTY_E_360)
    (60, 360)
    """
    if day_count is DayCount.ACT_ACT_ISDA:
        return _isda_numerator(start.toordinal(), end.toordinal()), _ISDA
    return day_count.day_count(start, end), _DENOMINATORS[day_count]


def period_numerators(
    start: date, due_dates: Sequence[date], day_count: DayCount
) -> tuple[list[int], int]:
    """The year fractions of the periods from ``start`` to each due date in turn: their
    numerators and their common denominator.

    17 days of 2023 weigh 366 each, 14 days of leap 2024 365 each:

    >>> period_numerators(date(2023, 12, 15), [date(2024, 1, 15)], DayCount.ACT_ACT_ISDA)
    ([11332], 133590)
    """
    ordinals = np.fromiter(
        map(date.toordinal, [start, *due_dates]), dtype=np.int64, count=len(due_dates) + 1
    )
    return numerators_from_ordinals(ordinals, [start, *due_dates], day_count)


def numerators_from_ordinals(
    ordinals: npt.NDArray[np.int64], dates: Sequence[date], day_count: DayCount
) -> tuple[list[int], int]:
    """:func:`period_numerators` from the proleptic ordinals of the start and due dates
    (``dates`` the same dates, read only by the 30/360 conventions)."""
    if day_count is DayCount.ACT_360 or day_count is DayCount.ACT_365F:
        days: list[int] = (ordinals[1:] - ordinals[:-1]).tolist()
        return days, _DENOMINATORS[day_count]
    if day_count is DayCount.ACT_ACT_ISDA:
        return _isda_numerators(ordinals), _ISDA
    count = day_count.day_count
    return [count(b, e) for b, e in pairwise(dates)], 360


#: Proleptic ordinals of 1 January of years 1 .. 10000, and the ACT/ACT ISDA weight of a
#: day in each year (366 for a 365-day year, 365 for a leap year, over 365 x 366).
_NEW_YEARS: npt.NDArray[np.int64] = (
    np.arange(1 - 1970, 10001 - 1970).astype("datetime64[Y]").astype("datetime64[D]").view(np.int64)
    + _EPOCH_ORDINAL
)
_WEIGHTS: npt.NDArray[np.int64] = 731 - np.diff(_NEW_YEARS)


def _isda_numerators(ordinals: npt.NDArray[np.int64]) -> list[int]:
    """ACT/ACT ISDA numerators of consecutive periods, vectorised where a period spans at
    most one new year (any monthly or shorter period); longer ones period by period."""
    years = np.searchsorted(_NEW_YEARS, ordinals, side="right") - 1  # year - 1 of each date
    weights = _WEIGHTS[years]
    begin, end = ordinals[:-1], ordinals[1:]
    # Days before the end's 1 January count at the start year's weight, the rest at the
    # end year's (the same weight when the period stays in one year).
    split = np.maximum(_NEW_YEARS[years[1:]], begin)
    numerators = (split - begin) * weights[:-1] + (end - split) * weights[1:]
    result: list[int] = numerators.tolist()
    for index in np.flatnonzero(np.diff(years) > 1).tolist():
        result[index] = _isda_numerator(int(ordinals[index]), int(ordinals[index + 1]))
    return result


def _isda_numerator(start: int, end: int) -> int:
    """ACT/ACT ISDA numerator from ordinal ``start`` to ``end``, year by year."""
    if end < start:
        return -_isda_numerator(end, start)
    total = 0
    cursor = start
    while cursor < end:
        year = date.fromordinal(cursor).year
        year_end = min(date(year + 1, 1, 1).toordinal() if year < 9999 else end, end)
        total += (year_end - cursor) * (365 if isleap(year) else 366)
        cursor = year_end
    return total
