"""The due dates of a portfolio's monthly loans, and the days of their periods.

>>> from datetime import date
>>> from loancalc.batch._portfolio import read
>>> p = read(principal=[100, 100], annual_rate=0, term=[2, 1], start=date(2024, 1, 31))
>>> due_dates(p, 2, p.term).tolist()
[[datetime.date(2024, 2, 29), datetime.date(2024, 2, 29)], [datetime.date(2024, 3, 31), None]]
>>> days(p, 2).tolist()
[[29, 29], [31, 31]]
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from loancalc.batch import _dates, _inputs
from loancalc.batch._portfolio import Portfolio
from loancalc.calendar import Frequency
from loancalc.terms import Method

__all__ = ["anchor", "days", "due_dates", "last_due"]

Int64s = npt.NDArray[np.int64]


def anchor(p: Portfolio) -> tuple[Int64s, Int64s, Int64s]:
    """Each loan's anchor month and day, and the step of its first due date (1 from the
    start, 0 from a given first due date)."""
    missing = np.isnat(p.first_due)
    anchor = np.where(missing, p.start, p.first_due)
    months, day = _dates.anchor_parts(anchor)
    return months, day, missing.astype(np.int64)


def last_due(p: Portfolio) -> npt.NDArray[np.datetime64]:
    months, day, offset = anchor(p)
    return _dates.monthly(months + offset + p.term - 1, day).astype("datetime64[D]")


def due_dates(p: Portfolio, periods: int, count: Int64s) -> npt.NDArray[np.datetime64]:
    """Due dates (periods x loans; NaT after a loan's last instalment) of monthly loans;
    other loans' are filled from their scalar schedules."""
    loans = len(p)
    due = np.empty((periods, loans), dtype="datetime64[D]")
    flat = due.view(np.int64)
    not_a_time = np.datetime64("NaT").view(np.int64)
    if p.frequency != Frequency.MONTHLY or not loans:
        flat.fill(not_a_time)
        return due
    if p.method is Method.BULLET:
        if periods:
            due[0] = last_due(p)
        return due
    months, day, offset = anchor(p)
    # loans share anchors (start dates): each distinct anchor's dates once, then gathered
    keys = (months + offset) * 32 + day
    distinct, inverse, _ = _inputs.small_unique(keys)
    anchor_months, anchor_days = distinct // 32, distinct % 32
    low = int(anchor_months.min())
    table = _dates.month_starts(low, int(anchor_months.max()) + periods)
    # one more entry, NaT, that a loan's index moves to once it is repaid: each row is
    # then a single gather (masking every row would cost more than the gather itself)
    each = np.empty(len(distinct) + 1, dtype=np.int64)
    each[-1] = not_a_time
    index = inverse.astype(np.intp)
    order = np.argsort(count.astype(np.int16), kind="stable")  # terms <= 1200: radix sort
    ends = np.searchsorted(count[order], np.arange(periods + 1), side="left")
    for period in range(periods):
        index[order[ends[period] : ends[period + 1]]] = len(distinct)  # repaid by now
        np.copyto(each[:-1], _dates.on_day(table, anchor_months - low + period, anchor_days))
        np.take(each, index, out=flat[period], mode="clip")
    return due


def days(p: Portfolio, periods: int) -> npt.NDArray[np.int32]:
    """Days in each period (rows) of every loan (columns)."""
    months, day, offset = anchor(p)
    previous = p.start.astype(np.int64)
    days = np.zeros((periods, len(p)), dtype=np.int32)
    low = int(months.min())
    table = _dates.month_starts(low, int((months + offset).max()) + periods)
    first = months + offset - low
    for period in range(periods):
        current = _dates.on_day(table, first + period, day)
        days[period] = current - previous
        previous = current
    return days
