"""A loan's days past due, day by day, from a few assessments (shared by
:mod:`loancalc.servicing.bureau` and :mod:`loancalc.state_diff`).

A loan's days past due change course only on a few dates (:func:`course_dates`): a due
date and the day after, the end of grace and the day after, a payment or a waiver, a
relief window's first day and the day after its last, the loan's start and the
assessment date. Between two such dates they grow by one a day (while an instalment is
overdue) or stay put. :func:`segments` assesses the loan's own inputs on each of these
dates and on the day before each (so the course of every stretch between them is seen,
not guessed), through :func:`loancalc.servicing.assess.assess_dates` (one walk of the
loan on the scheduled basis), and gives the series as runs ``(first day, days past due
on it, growing)``.

>>> from datetime import date
>>> from loancalc import LoanTerms, Payment, amortize, assess
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> late = assess(s, [Payment(date(2024, 2, 11), "500")], date(2024, 2, 20))
>>> for run in segments(late):  # due 02-01: 1 day past due on 02-02 .. 10 on 02-11, paid
...     print(*run)
2024-01-01 0 False
2024-02-02 1 True
2024-02-11 0 False
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, timedelta

from loancalc.servicing.assess import assess_dates
from loancalc.servicing.history import DaysPastDueSeries, Segment, value_on
from loancalc.servicing.ledger_events import LedgerEvent
from loancalc.servicing.state import LoanState

__all__ = [
    "DaysPastDueSeries",
    "Segment",
    "course_dates",
    "segments",
    "segments_and_states",
    "states_on",
    "value_on",
]

_DAY = timedelta(days=1)


def course_dates(state: LoanState) -> set[date]:
    """The dates on which ``state``'s days past due may change course.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> sorted(course_dates(assess(s, [], date(2024, 1, 5))))[:2]
    [datetime.date(2024, 1, 1), datetime.date(2024, 1, 5)]
    """
    dates = {state.schedule.terms.start, state.as_of}
    for row in state.installments:
        for day in (row.due_date, row.effective_due_date, row.grace_end):
            dates |= {day, _next(day)}
    dates |= {payment.date for payment in state.payments}
    dates |= {waiver.date for waiver in state.waivers}
    dates |= {event.date for event in (*state.refunds, *state.write_offs, *state.charges)}
    dates |= {_next(event.date) for event in state.write_offs}
    for window in state.rules.relief_windows:
        dates |= {window.start, _next(window.end)}
    return dates


def _next(day: date) -> date:
    return day if day == date.max else day + _DAY


def states_on(state: LoanState, dates: Iterable[date]) -> dict[date, LoanState | None]:
    """The states ``state``'s own inputs (schedule, payments, waivers, rules) give on each
    of ``dates``, from one walk; None for a date before the loan starts.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> found = states_on(assess(s, [], date(2024, 3, 1)), [date(2023, 12, 1), date(2024, 2, 5)])
    >>> found[date(2023, 12, 1)], found[date(2024, 2, 5)].days_past_due
    (None, 4)
    """
    start = state.schedule.terms.start
    wanted = sorted({day for day in dates if day >= start})
    found: dict[date, LoanState | None] = {day: None for day in dates if day < start}
    rules = state.rules
    events: list[LedgerEvent] = [*state.payments, *state.refunds, *state.write_offs]
    events += state.charges
    states = assess_dates(state.schedule, events, wanted, rules, waivers=state.waivers)
    found.update(zip(wanted, states, strict=True))
    return found


def segments(state: LoanState, more: Iterable[date] = ()) -> list[Segment]:
    """``state``'s days past due from the loan's start through ``as_of`` as runs (see the
    module), the fewest that describe it; ``more``: further dates to assess in the same
    walk (their states are not returned; see :func:`segments_and_states`).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> segments(assess(s, [], date(2024, 3, 1)))
    [(datetime.date(2024, 1, 1), 0, False), (datetime.date(2024, 2, 2), 1, True)]
    """
    return segments_and_states(state, more)[0]


def segments_and_states(
    state: LoanState, more: Iterable[date] = ()
) -> tuple[list[Segment], dict[date, LoanState | None]]:
    """:func:`segments`, and the states on the dates of ``more`` (from the same walk).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> runs, states = segments_and_states(assess(s, [], date(2024, 3, 1)), [date(2024, 2, 29)])
    >>> states[date(2024, 2, 29)].days_past_due
    28
    """
    start, end = state.schedule.terms.start, state.as_of
    course = sorted(day for day in course_dates(state) | {start, end} if start <= day <= end)
    wanted = set(course) | {day - _DAY for day in course[1:]}
    extra = [day for day in more if start <= day <= end]
    found = states_on(state, wanted | set(extra))
    days = {day: _days(found[day]) for day in wanted}
    raw: list[tuple[date, int, bool | None]] = []
    for first, following in itertools.pairwise(course):
        last = following - _DAY
        span = (last - first).days
        low, high = days[first], days[last]
        if span == 0:
            raw.append((first, low, None))
        elif high == low:
            raw.append((first, low, False))
        elif high - low == span:
            raw.append((first, low, True))
        else:  # not a straight course: walk the stretch day by day
            stretch = [first + _DAY * step for step in range(span + 1)]
            daily = states_on(state, stretch)
            raw.extend((day, _days(daily[day]), None) for day in stretch)
    raw.append((end, days[end], None))
    return _merged(raw), {day: found[day] for day in extra}


def _days(state: LoanState | None) -> int:
    return 0 if state is None else state.days_past_due


def _merged(raw: list[tuple[date, int, bool | None]]) -> list[Segment]:
    """The fewest runs giving the same daily values (None: a one-day run, either way)."""
    runs: list[tuple[date, int, bool | None]] = []
    for day, value, growing in raw:
        if runs:
            first, start_value, last_growing = runs[-1]
            elapsed = (day - first).days
            courses = (True, False) if last_growing is None else (last_growing,)
            joined = False
            for course in courses:
                if growing in (course, None) and value == start_value + elapsed * course:
                    runs[-1] = (first, start_value, course)
                    joined = True
                    break
            if joined:
                continue
        runs.append((day, value, growing))
    return [(first, value, bool(growing)) for first, value, growing in runs]
