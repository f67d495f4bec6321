"""The dates :func:`loancalc.projection.project` assesses a loan on: every day on which
something about it can change, worked out from its dates alone (the assessments on
those days then say what changed, so no rule is computed twice).

A charge made at the end of a day shows in an assessment on the next day: grace ends
at the end of its last day, and late fees are charged at the end of theirs. Days past
due count from the oldest unpaid instalment's due date (or its end of grace, when the
delinquency table counts from there), less the days of relief windows, which also hide
an instalment falling due within them from the credit bureau until they end.

>>> from loancalc import LoanTerms, amortize, assess
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> sorted(fixed_dates(assess(s, [], date(2024, 1, 1)), date(2024, 2, 10), ()))
[datetime.date(2024, 2, 1), datetime.date(2024, 2, 2), datetime.date(2024, 2, 10)]
>>> [d.isoformat() for d in sorted(delinquency_dates(assess(s, [], date(2024, 1, 1)),
...                                                  date(2024, 3, 10)))]
['2024-02-02', '2024-03-03']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from loancalc.calendar import days_after
from loancalc.servicing import LoanState
from loancalc.servicing.dates import merge_windows, window_days
from loancalc.servicing.late_fee import LateFeeKind
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.status import InstallmentStatus

__all__ = ["delinquency_dates", "fixed_dates", "oldest_unpaid", "windows"]

_DAY = timedelta(days=1)


def windows(rules: ServicingRules) -> list[tuple[date, date]]:
    """The rules' relief windows as (first day, last day), merged.

    >>> windows(ServicingRules())
    []
    """
    return merge_windows([(window.start, window.end) for window in rules.relief_windows])


def _next_day(day: date) -> date | None:
    return days_after(day, 1)


def _out_of_windows(day: date, spans: list[tuple[date, date]]) -> date | None:
    """``day``, or the day after the relief window it falls in (as the engine moves a
    late fee due within one)."""
    for first, last in spans:
        if first <= day <= last:
            return _next_day(last)
    return day


def _unpaid(state: LoanState) -> list[tuple[int, date, date]]:
    """(number, effective due date, end of grace) of each instalment not paid in full."""
    return [
        (row.number, row.effective_due_date, row.grace_end)
        for row in state.installments
        if row.paid_in_full_on is None and row.status is not InstallmentStatus.SETTLED
    ]


def fixed_dates(state: LoanState, until: date, paid_on: Iterable[date]) -> set[date]:
    """The dates in (``state.as_of``, ``until``] that need no assessment to find: each
    instalment unpaid on ``as_of`` falling due, the day after its grace ends, the day
    after each late fee it may be charged (one dated on the due date shows once grace
    ends); the days after relief windows end; the
    payment dates ``paid_on``; and ``until``.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> sorted(fixed_dates(assess(s, [], date(2024, 1, 1)), date(2024, 1, 20), ()))
    [datetime.date(2024, 1, 20)]
    """
    rules = state.rules
    spans = windows(rules)
    found: set[date | None] = {until, *paid_on}
    found.update(_next_day(last) for _, last in spans)
    fee = rules.late_fee
    for _, due, grace_end in _unpaid(state):
        if grace_end >= until:  # what happens after until is not projected
            found.add(due)
            continue
        found.update((due, grace_end + _DAY))
        if fee.kind is LateFeeKind.NONE:
            continue
        charged: date | None = _out_of_windows(grace_end, spans)
        if fee.dated_on_due_date and _out_of_windows(due, spans) == due:
            # the first fee, dated on the due date, shows once grace ends; repeats count
            # from the due date
            later = fee.next_charge(due)
            charged = None if later is None else _out_of_windows(later, spans)
        while charged is not None and charged < until:
            found.add(charged + _DAY)
            later = fee.next_charge(charged)
            charged = None if later is None else _out_of_windows(later, spans)
    return {day for day in found if day is not None and state.as_of < day <= until}


def oldest_unpaid(state: LoanState) -> tuple[int, date, date] | None:
    """(number, effective due date, end of grace) of the first instalment of ``state``
    not paid in full (None: all are): the one days past due count from, once it falls
    due, until it is paid.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> oldest_unpaid(assess(s, [], date(2024, 1, 1)))[0]
    1
    """
    unpaid = _unpaid(state)
    return unpaid[0] if unpaid else None


def _reaching(since: date, days: int, spans: list[tuple[date, date]]) -> date | None:
    """The first day on which ``days`` days past ``since`` have run outside the relief
    windows ``spans`` (days past due grow by at most one a day: each step is a lower
    bound). None past 9999-12-31."""
    day = days_after(since, days)
    while day is not None:
        counted = (day - since).days - window_days(spans, since, day)
        if counted >= days:
            return day
        day = days_after(day, days - counted)
    return None


def delinquency_dates(state: LoanState, until: date) -> set[date]:
    """The dates in (``state.as_of``, ``until``] on which the days past due of the
    instalment oldest unpaid on ``state.as_of`` reach 1, the first day of each bucket
    after the first, each classification threshold and one more than the reporting
    delay (if it stays unpaid: where a payment, or credit paying an instalment falling
    due, makes another instalment the oldest, the projection asks again from the state
    on that date).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> sorted(delinquency_dates(assess(s, [], date(2024, 1, 1)), date(2024, 2, 2)))
    [datetime.date(2024, 2, 2)]
    """
    oldest = oldest_unpaid(state)
    if oldest is None:
        return set()
    rules = state.rules
    table = rules.delinquency
    _, due, grace_end = oldest
    since = grace_end if table.count_from == "grace-end" else due
    counts = {1, rules.report_after_days + 1}
    counts.update(bound + 1 for bound in table.bucket_bounds)
    counts.update(threshold.days for threshold in table.thresholds)
    spans = windows(rules)
    reached = (_reaching(since, days, spans) for days in counts)
    return {day for day in reached if day is not None and state.as_of < day <= until}
