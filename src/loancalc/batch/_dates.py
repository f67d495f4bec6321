"""Monthly due dates for many loans at once, as the scalar calendar makes them.

A loan's due dates are anchored on one day of the month (the start's, or the first due
date's) and clamped to the last day of shorter months: 31 January, 29 February,
31 March. Dates are handled as days since 1970-01-01 (``datetime64[D]`` as int64).

>>> import numpy as np
>>> anchor = np.array(["2024-01-31", "2023-11-15"], dtype="datetime64[D]")
>>> months, day = anchor_parts(anchor)
>>> monthly(months + 1, day).astype("datetime64[D]").tolist()
[datetime.date(2024, 2, 29), datetime.date(2023, 12, 15)]
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["anchor_parts", "month_index", "month_starts", "monthly", "on_day"]

Int64s = npt.NDArray[np.int64]


#: Portfolios whose dates span fewer days than this look them up in a table of the span.
_TABLE_DAYS = 2**21


def anchor_parts(anchor: npt.NDArray[np.datetime64]) -> tuple[Int64s, Int64s]:
    """Each date's month index (months since January 1970) and day of the month.

    numpy's conversion to months is slow per element; a portfolio's dates span a few
    years at most, so each day of the span is converted once and the dates look it up.

    >>> parts = anchor_parts(np.array(["2024-02-29", "1969-12-31"], dtype="datetime64[D]"))
    >>> [part.tolist() for part in parts]
    [[649, -1], [29, 31]]
    """
    days = anchor.astype("datetime64[D]").view(np.int64)
    if len(days) > 64 and not np.isnat(anchor).any():
        low, high = int(days.min()), int(days.max())
        if high - low < min(_TABLE_DAYS, len(days) // 2):  # a table smaller than the dates
            months, day = anchor_parts(np.arange(low, high + 1).astype("datetime64[D]"))
            at = days - low
            return months[at], day[at]
    months = anchor.astype("datetime64[M]")
    day = (anchor - months.astype("datetime64[D]")).astype(np.int64) + 1
    return months.astype(np.int64), day


def month_index(day: npt.NDArray[np.datetime64]) -> Int64s:
    """Months since January 1970 of each date.

    >>> month_index(np.array(["1970-02-03"], dtype="datetime64[D]")).tolist()
    [1]
    """
    return day.astype("datetime64[M]").astype(np.int64)


def monthly(months: Int64s, day: Int64s) -> Int64s:
    """The date on ``day`` of month ``months`` (clamped to its last day), as days since
    1970-01-01."""
    if not len(months):
        return np.zeros(0, dtype=np.int64)
    low = int(months.min())
    starts = month_starts(low, int(months.max()) + 1)
    return on_day(starts, months - low, day)


def month_starts(low: int, high: int) -> Int64s:
    """The first day of each month from ``low`` to ``high`` (months since January 1970),
    as days since 1970-01-01: a small table that due dates are looked up in.

    >>> month_starts(0, 2).tolist()
    [0, 31, 59]
    """
    table: Int64s = (
        np.arange(low, high + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    )
    return table


def on_day(starts: Int64s, offsets: Int64s, day: Int64s) -> Int64s:
    """The date on ``day`` of the month at ``offsets`` in the :func:`month_starts` table
    (clamped to the month's last day)."""
    result: Int64s = np.minimum(starts[offsets] + (day - 1), starts[offsets + 1] - 1)
    return result
