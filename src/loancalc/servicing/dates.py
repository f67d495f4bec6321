"""The servicing calendar: rolled due dates, ends of grace and relief-window days.

Dates stop at 9999-12-31 (``datetime.date.max``): a due date that would roll, or a grace
that would end, after it is refused with an
:class:`~loancalc.errors.InvalidValueError` naming ``grace.days`` (or the due date), and
:func:`days_after` answers ``None`` for a day past it (a charge that can never come).

>>> d = date(2024, 6, 29)  # a Saturday
>>> roll_forward(d, BusinessDays()), grace_end(date(2024, 6, 28), 1, True, BusinessDays())
(datetime.date(2024, 7, 1), datetime.date(2024, 7, 1))
>>> grace_end(date(9999, 12, 1), 31, False, BusinessDays())
Traceback (most recent call last):
loancalc.errors.InvalidValueError: grace.days: got 31; accepted: a grace whose last day ...
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from loancalc.calendar import BusinessDays, days_after
from loancalc.errors import InvalidValueError
from loancalc.schedule import Schedule
from loancalc.servicing.policies import GracePolicy

__all__ = [
    "by_date",
    "days_after",
    "grace_end",
    "installment_dates",
    "merge_windows",
    "roll_forward",
    "window_days",
]

_DAY = timedelta(days=1)
_T = TypeVar("_T")

#: Per instalment: number, effective due date, last day of grace, scheduled principal,
#: interest and fee.
InstallmentDates = tuple[tuple[int, date, date, tuple[Decimal, Decimal, Decimal]], ...]
_CACHE_SIZE = 32
#: id(schedule) -> (a weak reference to it, grace policy, calendar, its dates), newest last.
_cache: dict[int, tuple[weakref.ref[Schedule], GracePolicy, BusinessDays, InstallmentDates]] = {}
_lock = threading.Lock()


def by_date(items: Iterable[_T], day: Callable[[_T], date]) -> dict[date, list[_T]]:
    """``items`` grouped by ``day(item)``, each group in the items' order.

    >>> grouped = by_date(["a2", "b1", "c2"], lambda s: date(2024, 1, int(s[1])))
    >>> grouped[date(2024, 1, 2)], grouped[date(2024, 1, 1)]
    (['a2', 'c2'], ['b1'])
    """
    grouped: dict[date, list[_T]] = {}
    for item in items:
        grouped.setdefault(day(item), []).append(item)
    return grouped


def roll_forward(day: date, calendar: BusinessDays) -> date:
    """``day``, or the next business day when it is not one.

    >>> roll_forward(date(2024, 6, 29), BusinessDays())  # a Saturday
    datetime.date(2024, 7, 1)
    >>> roll_forward(date(9999, 12, 31), BusinessDays())  # a Friday: no later business day
    datetime.date(9999, 12, 31)
    >>> roll_forward(date(9999, 12, 31), BusinessDays(weekend=(4, 5, 6)))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: due_date: got datetime.date(9999, 12, 31); accepted: ...
    """
    return day if calendar.is_business_day(day) else calendar.roll(day)


def grace_end(due: date, days: int, business: bool, calendar: BusinessDays) -> date:
    """The last day of grace: ``due`` + ``days`` calendar days or business days.

    A grace ending after 9999-12-31 is refused (:class:`~loancalc.errors.InvalidValueError`
    naming ``grace.days``): no date of an assessment could follow it.

    >>> grace_end(date(2024, 6, 28), 1, True, BusinessDays())  # Friday + 1 business day
    datetime.date(2024, 7, 1)
    """
    if not business:
        end = days_after(due, days)
        if end is None:
            raise InvalidValueError("grace.days", days, _past_the_end(due))
        return end
    day = due
    try:
        for _ in range(days):
            day = calendar.roll(day)
    except InvalidValueError:
        raise InvalidValueError("grace.days", days, _past_the_end(due)) from None
    return day


def _past_the_end(due: date) -> str:
    return (
        f"a grace whose last day falls by 9999-12-31 (an instalment falls due on {due}); "
        "fewer days of grace, or an earlier maturity"
    )


def merge_windows(windows: Sequence[tuple[date, date]]) -> list[tuple[date, date]]:
    """Windows (first day, last day) merged where they overlap or touch.

    >>> d = date(2024, 1, 1)
    >>> merge_windows([(d, d + _DAY), (d + 2 * _DAY, d + 3 * _DAY)])
    [(datetime.date(2024, 1, 1), datetime.date(2024, 1, 4))]
    """
    merged: list[tuple[date, date]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1] + _DAY:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def window_days(windows: Sequence[tuple[date, date]], start: date, end: date) -> int:
    """How many days of (``start``, ``end``] fall inside the (merged) windows.

    >>> d = date(2024, 1, 10)
    >>> window_days([(d, d + 4 * _DAY)], date(2024, 1, 1), date(2024, 1, 12))
    3
    """
    total = 0
    for first, last in windows:
        low, high = max(first, start + _DAY), min(last, end)
        if low <= high:
            total += (high - low).days + 1
    return total


def installment_dates(
    schedule: Schedule, grace: GracePolicy, calendar: BusinessDays
) -> InstallmentDates:
    """Each instalment's number, effective due date (rolled to a business day when
    ``grace.roll_due_date``), last day of grace and scheduled principal, interest and fee.

    They depend on nothing else, so the last few schedules' are kept (a loan assessed on
    many dates, or many loans sharing a schedule, computes them once; a schedule is
    immutable, and is recognised by identity while it lives).

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 6, 1)))
    >>> installment_dates(s, GracePolicy(days=2, roll_due_date=True), BusinessDays())[0][:3]
    (1, datetime.date(2024, 7, 1), datetime.date(2024, 7, 3))
    """
    key = id(schedule)
    found = _cache.get(key)
    if found is not None:
        ref, seen_grace, seen_calendar, dates = found
        if ref() is schedule and seen_grace == grace and seen_calendar == calendar:
            return dates
    made = []
    days = timedelta(days=grace.days)
    last = date.max - days  # the last due date whose calendar-day grace ends by 9999-12-31
    for row in schedule.installments:
        due = row.due_date
        if grace.roll_due_date:
            due = roll_forward(due, calendar)
        if grace.business_days or due > last:
            end = grace_end(due, grace.days, grace.business_days, calendar)
        else:
            end = due + days
        made.append((row.number, due, end, (row.principal, row.interest, row.fee)))
    dates = tuple(made)
    with _lock:
        _cache.pop(key, None)
        _cache[key] = (weakref.ref(schedule), grace, calendar, dates)
        while len(_cache) > _CACHE_SIZE:
            del _cache[next(iter(_cache))]
    return dates
