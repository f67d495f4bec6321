"""The days-past-due and bucket histories of two loan states, side by side.

A loan's days past due change course only on a few dates: a due date and the day after,
the end of grace and the day after, a payment or a waiver, a relief window's first day
and the day after its last, the loan's start and the assessment date. Between two such
dates they grow by one a day (while an instalment is overdue) or stay put, so the bucket
changes either on one of them or on the day a growing count crosses a bucket's bound,
which is found from the count on the last such date before it. :func:`history` assesses
each state's own inputs (schedule, payments, waivers and rules; already as known on its
``known_on``) on every one of these dates of either state, in one walk of each
(:func:`loancalc.servicing._bureau_series.states_on`), and keeps the dates where the two
histories differ.

>>> from datetime import date
>>> from loancalc import LoanTerms, Payment, amortize, assess
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> late = assess(s, [], date(2024, 2, 3))
>>> paid = assess(s, [Payment(date(2024, 2, 1), "500")], date(2024, 2, 3))
>>> history(late, paid)  # due 02-01: 1 day past due on 02-02, 2 on 02-03
[(datetime.date(2024, 2, 2), 1, 0, 'M1', 'M0'), (datetime.date(2024, 2, 3), 2, 0, 'M1', 'M0')]
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from loancalc.servicing._bureau_series import course_dates, states_on
from loancalc.servicing.state import LoanState

__all__ = ["history"]

#: One date of the two histories: the date, days past due before and after, bucket
#: before and after.
Point = tuple[date, int, int, str, str]


def history(before: LoanState, after: LoanState) -> list[Point]:
    """The dates from the earlier loan start through the later ``as_of`` on which either
    history changes course and the two differ, with the days past due and bucket of each.

    >>> history.__name__
    'history'
    """
    first = min(before.schedule.terms.start, after.schedule.terms.start)
    last = max(before.as_of, after.as_of)
    dates = {day for day in course_dates(before) | course_dates(after) if first <= day <= last}
    dates |= {first, last}
    values = [_series(state, sorted(dates)) for state in (before, after)]
    crossings = set()
    for state, series in zip((before, after), values, strict=True):
        crossings |= _crossings(state, series, sorted(dates))
    more = sorted(crossings - dates)
    if more:
        for series, state in zip(values, (before, after), strict=True):
            series.update(_series(state, more))
    points: list[Point] = []
    for day in sorted(dates | crossings):
        (days_before, bucket_before), (days_after, bucket_after) = values[0][day], values[1][day]
        if (days_before, bucket_before) != (days_after, bucket_after):
            points.append((day, days_before, days_after, bucket_before, bucket_after))
    return points


def _series(state: LoanState, dates: list[date]) -> dict[date, tuple[int, str]]:
    """Days past due and bucket of ``state``'s inputs on each of ``dates`` (before the
    loan starts: none)."""
    table = state.rules.delinquency
    return {
        day: (0, table.bucket(0)) if one is None else (one.days_past_due, one.bucket)
        for day, one in states_on(state, dates).items()
    }


def _crossings(
    state: LoanState, series: dict[date, tuple[int, str]], dates: list[date]
) -> set[date]:
    """The days between two of ``dates`` on which a count growing by one a day from the
    first of them would cross one of ``state``'s bucket bounds."""
    bounds = [1, *(bound + 1 for bound in state.rules.delinquency.bucket_bounds)]
    found = set()
    for day, following in itertools.pairwise(dates):
        count = series[day][0]
        if count < 1:
            continue
        for bound in bounds:
            if bound > count and bound - count < (following - day).days:
                found.add(day + timedelta(days=bound - count))
    return found
