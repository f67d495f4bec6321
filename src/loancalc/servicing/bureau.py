"""Repayment history as a credit bureau reads it: :func:`delinquency_history`.

From a :class:`~loancalc.servicing.LoanState`, the loan's history from its start through
``as_of``: the day it first went past due and the first day of the current episode, the
days past due of every day (:class:`DaysPastDueSeries`, kept as runs), the bucket
changes (:class:`BucketTransition`), the most days past due in a window, the monthly
repayment-status string of the People's Bank of China credit report (征信) and the
consecutive and cumulative overdue months lenders check (连三累六). The history is what
the state's own inputs (schedule, payments, waivers, rules; as known on its
``known_on``) give on each day, so a backdated payment counts from its own date.

12,000 over 12 months from 15 January 2024 (1,100.16 a month, due on the 15th), paid on
time except instalments 2 and 3, due 15 March and 15 April and both paid on 19 April,
the first 35 days late (34 days past due on 18 April, nothing past due after the payment):

>>> from datetime import date
>>> from loancalc import LoanTerms, Payment, amortize, assess
>>> loan = amortize(LoanTerms(principal=12000, annual_rate="18%", term=12,
...                           start=date(2024, 1, 15)))
>>> paid = [Payment(i.due_date, i.payment) for i in loan.installments[:8]]
>>> paid[1:3] = [Payment(date(2024, 4, 19), "2200.32")]
>>> history = delinquency_history(assess(loan, paid, date(2024, 9, 30)))
>>> history.first_overdue_date, history.episode_start, history.max_days_past_due()
(datetime.date(2024, 3, 16), None, 34)
>>> history.status_string(12)  # Oct 2023 .. Sep 2024; 31 March: 16 days past due
'///*N1NNNNNN'
>>> [str(t) for t in history.bucket_transitions]
['2024-03-16 M0 -> M1', '2024-04-15 M1 -> M2', '2024-04-19 M2 -> M0']
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from loancalc.errors import InvalidTypeError
from loancalc.servicing._bureau_series import segments_and_states
from loancalc.servicing._bureau_status import (
    LEGEND,
    character,
    is_overdue_month,
    overdue_counts,
)
from loancalc.servicing.delinquency import DelinquencyTable
from loancalc.servicing.history import (
    BucketTransition,
    DaysPastDueSeries,
    DelinquencyHistory,
    MonthStatus,
)
from loancalc.servicing.state import LoanState

__all__ = [
    "LEGEND",
    "BucketTransition",
    "DaysPastDueSeries",
    "DelinquencyHistory",
    "MonthStatus",
    "delinquency_history",
    "is_overdue_month",
    "overdue_counts",
]

_DAY = timedelta(days=1)
_Date = date  # the fields named ``date`` hide the type inside the class bodies


def delinquency_history(state: LoanState) -> DelinquencyHistory:
    """The delinquency history of ``state``'s loan from its start through ``as_of`` (see
    the module): one walk of the loan on the scheduled basis; on the actual-balance basis
    one walk per date assessed (a few per instalment and one per month).

    Raises :class:`~loancalc.errors.InvalidTypeError` when ``state`` is not a
    :class:`~loancalc.servicing.LoanState`.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> h = delinquency_history(assess(s, [], date(2024, 2, 5)))
    >>> h.days_past_due_series.on(date(2024, 2, 5)), [str(t) for t in h.bucket_transitions]
    (4, ['2024-02-02 M0 -> M1'])
    """
    if not isinstance(state, LoanState):
        raise InvalidTypeError("state", state, "a loancalc LoanState (from loancalc.assess)")
    opened, as_of = state.schedule.terms.start, state.as_of
    firsts = _month_starts(opened, as_of)
    reported = [min(_month_end(first), as_of) for first in firsts]
    runs, states = segments_and_states(state, reported)
    series = DaysPastDueSeries(start=opened, end=as_of, runs=tuple(runs))
    due_months = {(row.due_date.year, row.due_date.month) for row in state.schedule.installments}
    months = []
    for first, day in zip(firsts, reported, strict=True):
        one = states[day]
        assert one is not None  # every reporting day is on or after the start
        status = character(
            days_past_due=one.days_past_due,
            reportable=one.reportable,
            closed=one.status in ("settled", "paid-off"),
            due_in_month=(first.year, first.month) in due_months,
            written_off=one.status == "written-off",
        )
        months.append(
            MonthStatus(
                month=first, reported_on=day, status=status, days_past_due=one.days_past_due
            )
        )
    return DelinquencyHistory(
        as_of=as_of,
        opened=opened,
        days_past_due_series=series,
        bucket_transitions=_transitions(series, state.rules.delinquency),
        months=tuple(months),
    )


def _month_starts(first: date, last: date) -> list[date]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _transitions(
    series: DaysPastDueSeries, table: DelinquencyTable
) -> tuple[BucketTransition, ...]:
    """Every change of bucket, in order: where a run starts in another bucket, and where
    a growing run crosses a bucket's first day."""
    starts = [1, *(bound + 1 for bound in table.bucket_bounds)]
    current = table.bucket(0)
    found = []
    runs = series.runs
    for index, (day, value, growing) in enumerate(runs):
        run_end = series.end if index + 1 == len(runs) else runs[index + 1][0] - _DAY
        moves = [(day, value)]
        if growing:
            last = value + (run_end - day).days
            moves += [(day + _DAY * (s - value), s) for s in starts if value < s <= last]
        for when, days in moves:
            bucket = table.bucket(days)
            if bucket != current:
                found.append(
                    BucketTransition(date=when, before=current, after=bucket, days_past_due=days)
                )
                current = bucket
    return tuple(found)
