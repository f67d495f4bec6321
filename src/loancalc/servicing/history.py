"""The delinquency history of a loan as records: what
:func:`~loancalc.servicing.bureau.delinquency_history` (and ``LoanState.history``)
returns. Plain records over the days-past-due series; the walk that makes them lives in
:mod:`loancalc.servicing.bureau`.

>>> series = DaysPastDueSeries(start=date(2024, 1, 1), end=date(2024, 1, 31),
...     runs=((date(2024, 1, 1), 0, False), (date(2024, 1, 20), 1, True)))
>>> series.maximum()
12
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.errors import InvalidValueError
from loancalc.servicing._bureau_status import (
    _check_months,
    is_overdue_month,
    overdue_counts,
)

__all__ = [
    "BucketTransition",
    "DaysPastDueSeries",
    "DelinquencyHistory",
    "MonthStatus",
    "Segment",
    "value_on",
]

_DAY = timedelta(days=1)
_Date = date  # the fields named ``date`` hide the type inside the class bodies

#: A run of the series: its first day, the days past due on that day, and whether they
#: grow by one a day until the next run starts (else they stay put).
Segment = tuple[date, int, bool]


def value_on(runs: list[Segment], day: date) -> int:
    """The days past due on ``day`` by ``runs`` (``day`` on or after the first run).

    >>> value_on([(date(2024, 1, 1), 0, False), (date(2024, 2, 2), 1, True)], date(2024, 2, 5))
    4
    """
    chosen = runs[0]
    for run in runs:
        if run[0] > day:
            break
        chosen = run
    first, value, growing = chosen
    return value + (day - first).days if growing else value


@attrs.frozen(kw_only=True)
class DaysPastDueSeries:
    """A loan's days past due on every day from ``start`` through ``end``, kept as
    ``runs``: ``(first day, days past due that day, growing)``; within a run the days
    past due grow by one a day when ``growing`` (else they stay put) until the next run.

    >>> series = DaysPastDueSeries(start=date(2024, 1, 1), end=date(2024, 2, 10),
    ...     runs=((date(2024, 1, 1), 0, False), (date(2024, 2, 2), 1, True)))
    >>> series.on(date(2024, 2, 10)), series.maximum(end=date(2024, 2, 5))
    (9, 4)
    """

    start: date
    end: date
    runs: tuple[Segment, ...]

    def _check(self, day: object, field: str) -> date:
        if not isinstance(day, date) or not self.start <= day <= self.end:
            raise InvalidValueError(field, day, f"a date from {self.start} to {self.end}")
        return day

    def on(self, day: date) -> int:
        """The days past due on ``day`` (from ``start`` to ``end``).

        >>> DaysPastDueSeries(start=date(2024, 1, 1), end=date(2024, 1, 9),
        ...     runs=((date(2024, 1, 1), 3, True),)).on(date(2024, 1, 3))
        5
        """
        return value_on(list(self.runs), self._check(day, "day"))

    def _bounds(self, start: date | None, end: date | None) -> tuple[date, date]:
        first = self.start if start is None else self._check(start, "start")
        last = self.end if end is None else self._check(end, "end")
        if first > last:
            raise InvalidValueError("start", first, f"a date on or before end ({last})")
        return first, last

    def maximum(self, start: date | None = None, end: date | None = None) -> int:
        """The most days past due on any day from ``start`` to ``end`` (default: the
        whole series).

        >>> DaysPastDueSeries(start=date(2024, 1, 1), end=date(2024, 1, 9),
        ...     runs=((date(2024, 1, 1), 3, True),)).maximum()
        11
        """
        first, last = self._bounds(start, end)
        best = value_on(list(self.runs), first)
        for index, (day, value, growing) in enumerate(self.runs):
            following = self.runs[index + 1][0] if index + 1 < len(self.runs) else None
            run_end = self.end if following is None else following - _DAY
            low, high = max(day, first), min(run_end, last)
            if low > high:
                continue
            best = max(best, value + (high - day).days if growing else value)
        return best

    def to_numpy(self, start: date | None = None, end: date | None = None) -> npt.NDArray[np.int64]:
        """The days past due of each day from ``start`` to ``end`` (default: the whole
        series), element ``i`` for the ``i``-th day.

        >>> series = DaysPastDueSeries(start=date(2024, 1, 1), end=date(2024, 1, 5),
        ...     runs=((date(2024, 1, 1), 0, False), (date(2024, 1, 3), 1, True)))
        >>> series.to_numpy().tolist()
        [0, 0, 1, 2, 3]
        """
        first, last = self._bounds(start, end)
        values = np.zeros((last - first).days + 1, dtype=np.int64)
        for index, (day, value, growing) in enumerate(self.runs):
            following = self.runs[index + 1][0] if index + 1 < len(self.runs) else None
            run_end = self.end if following is None else following - _DAY
            low, high = max(day, first), min(run_end, last)
            if low > high:
                continue
            offsets = np.arange((low - day).days, (high - day).days + 1, dtype=np.int64)
            where = slice((low - first).days, (high - first).days + 1)
            values[where] = value + offsets if growing else value
        return values


@attrs.frozen(kw_only=True)
class BucketTransition:
    """On ``date`` the loan moved from bucket ``before`` to ``after``, with
    ``days_past_due`` that day.

    >>> str(BucketTransition(date=date(2024, 3, 16), before="M0", after="M1",
    ...                      days_past_due=1))
    '2024-03-16 M0 -> M1'
    """

    date: date
    before: str
    after: str
    days_past_due: int

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.before} -> {self.after}"


@attrs.frozen(kw_only=True)
class MonthStatus:
    """One month of the repayment-status string: ``month`` (its first day),
    ``reported_on`` (its last day, or ``as_of`` in the month of ``as_of``), the
    ``status`` character (see :data:`LEGEND`), and the
    ``days_past_due`` that day.

    >>> MonthStatus(month=date(2024, 3, 1), reported_on=date(2024, 3, 31), status="1",
    ...             days_past_due=16).overdue
    True
    """

    month: date
    reported_on: date
    status: str
    days_past_due: int

    @property
    def overdue(self) -> bool:
        """True when the month counts as overdue (its character is not N, C, * or /).

        >>> MonthStatus(month=date(2024, 3, 1), reported_on=date(2024, 3, 31),
        ...             status="N", days_past_due=0).overdue
        False
        """
        return is_overdue_month(self.status)


@attrs.frozen(kw_only=True)
class DelinquencyHistory:
    """A loan's delinquency history from its start (``opened``) through ``as_of``:
    ``days_past_due_series``, ``bucket_transitions``, and ``months``, one
    :class:`MonthStatus` per calendar month from the month of ``opened`` through the
    month of ``as_of``. Made by :func:`~loancalc.servicing.bureau.delinquency_history`.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> assess(s, [], date(2024, 2, 5)).history.status_string(3)
    '/*1'
    """

    as_of: date
    opened: date
    days_past_due_series: DaysPastDueSeries
    bucket_transitions: tuple[BucketTransition, ...]
    months: tuple[MonthStatus, ...]

    @property
    def first_overdue_date(self) -> date | None:
        """The first day the loan was ever past due (None if it never was).

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> assess(s, [], date(2024, 2, 5)).history.first_overdue_date
        datetime.date(2024, 2, 2)
        """
        series = self.days_past_due_series
        for index, (day, value, growing) in enumerate(series.runs):
            if value > 0:
                return day
            following = series.runs[index + 1][0] if index + 1 < len(series.runs) else None
            run_end = series.end if following is None else following - _DAY
            if growing and run_end > day:
                return day + _DAY
        return None

    @property
    def episode_start(self) -> date | None:
        """The first day of the current run of days past due (the current episode), None
        when the loan is not past due on ``as_of``. A payment that clears the oldest
        instalment but leaves a later one overdue does not end the episode.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> assess(s, [], date(2024, 2, 5)).history.episode_start
        datetime.date(2024, 2, 2)
        """
        series = self.days_past_due_series
        runs = series.runs
        if series.on(series.end) == 0:
            return None
        for index in range(len(runs) - 1, -1, -1):
            day, value, growing = runs[index]
            run_end = series.end if index + 1 == len(runs) else runs[index + 1][0] - _DAY
            if value == 0:  # the last day at 0 is this run's first (growing) or last
                return (day if growing else run_end) + _DAY
        return series.start

    def max_days_past_due(self, start: date | None = None, end: date | None = None) -> int:
        """The most days past due on any day from ``start`` to ``end`` (default: the
        loan's whole life to ``as_of``; both within it).

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> h = assess(s, [], date(2024, 3, 1)).history
        >>> h.max_days_past_due(), h.max_days_past_due(end=date(2024, 2, 10))
        (29, 9)
        """
        return self.days_past_due_series.maximum(start, end)

    def status_string(self, months: int = 24) -> str:
        """One character a month for the last ``months`` calendar months, the month of
        ``as_of`` last (``/`` for months before the loan opened): the 24-month repayment
        status of the PBoC credit report. Each month is read on its last day (the month of
        ``as_of``: on ``as_of``): ``C`` closed, ``1``..``7`` reported overdue by 30-day
        bands, ``N`` paid as agreed, ``*`` nothing due. See ``docs/credit-report.md``.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> assess(s, [], date(2024, 6, 30)).history.status_string(6)
        '*12345'
        """
        _check_months(months, "months")
        found = "".join(month.status for month in self.months[-months:])
        return "/" * (months - len(found)) + found

    def consecutive_overdue_months(self, window: int = 24) -> int:
        """The longest run of overdue months among the last ``window`` months (连三: a
        lender looks for 3 in a row). An overdue month is one whose character is not
        ``N``, ``C``, ``*`` or ``/``.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> assess(s, [], date(2024, 6, 30)).history.consecutive_overdue_months()
        5
        """
        return overdue_counts(self.status_string(_check_months(window, "window")), window)[0]

    def cumulative_overdue_months(self, window: int = 24) -> int:
        """How many of the last ``window`` months were overdue (累六: a lender looks for 6).

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> assess(s, [], date(2024, 6, 30)).history.cumulative_overdue_months(3)
        3
        """
        return overdue_counts(self.status_string(_check_months(window, "window")), window)[1]
