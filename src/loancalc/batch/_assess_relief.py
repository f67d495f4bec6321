"""Relief windows on arrays: the days in which nothing accrues and lateness does not grow.

The windows are merged (:func:`~loancalc.servicing.dates.merge_windows`) and kept as
days since 1970-01-01. Penalty skips their days (their units, for a 30/360 count), days
past due do not count them, and a late fee falling due inside one is charged the day
after it ends (:meth:`Relief.shift`, as the engine's ``_schedule_fee``).

>>> from datetime import date
>>> import numpy as np
>>> from loancalc import ReliefWindow
>>> relief = Relief([ReliefWindow(start=date(1970, 1, 11), end=date(1970, 1, 15))])
>>> relief.days(np.array([0]), np.array([20])).tolist()  # days 10 to 14 of (0, 20]
[5]
>>> relief.shift(np.array([12, 30])).tolist()
[15, 30]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from loancalc.servicing.dates import merge_windows
from loancalc.servicing.policies import ReliefWindow

__all__ = ["Relief"]

Int64s = npt.NDArray[np.int64]
_EPOCH = date(1970, 1, 1).toordinal()


class Relief:
    """A rules' relief windows, merged, in days since 1970-01-01 (private)."""

    def __init__(self, windows: Sequence[ReliefWindow]) -> None:
        merged = merge_windows([(w.start, w.end) for w in windows])
        self.windows = [(a.toordinal() - _EPOCH, b.toordinal() - _EPOCH) for a, b in merged]

    def __bool__(self) -> bool:
        return bool(self.windows)

    def days(
        self, start: Int64s, end: Int64s, units: Callable[[Int64s], Int64s] | None = None
    ) -> Int64s:
        """How much of (``start``, ``end``] lies inside the windows: days, or ``units``
        of a day count (a span weighs ``units(last) - units(first - 1)``)."""
        total = np.zeros(np.shape(start), dtype=np.int64)
        for first, last in self.windows:
            low = np.maximum(first - 1, start)
            high = np.minimum(last, end)
            inside = high > low
            if units is None:
                total += np.where(inside, high - low, 0)
            else:
                total += np.where(inside, units(high) - units(low), 0)
        return total

    def covers(self, day: Int64s, on: int) -> npt.NDArray[np.bool_]:
        """Whether ``day`` lies in a window that has not ended by ``on``."""
        found = np.zeros(np.shape(day), dtype=bool)
        for first, last in self.windows:
            found |= (first <= day) & (day <= last) & (on <= last)
        return found

    def shift(self, day: Int64s) -> Int64s:
        """Each day, or the day after the window it falls in (windows in their order)."""
        for first, last in self.windows:
            day = np.where((first <= day) & (day <= last), last + 1, day)
        return day
