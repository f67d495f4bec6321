"""Days past due, buckets and classification for arrays of loans.

A loan's days past due on ``as_of`` count from the due date of its oldest unpaid
instalment (0 while that date is not yet past); buckets (M0, M1.., M7+) and the
five-tier classification follow a :class:`~loancalc.DelinquencyTable`, as the servicing
engine's :meth:`~loancalc.DelinquencyTable.bucket` and ``classify`` do for one loan.

>>> import numpy as np
>>> from datetime import date
>>> due = np.array(["2024-05-31", "2024-01-31", "NaT"], dtype="datetime64[D]")
>>> days = days_past_due(due, date(2024, 5, 31))
>>> days.tolist(), buckets(days).tolist(), classify(days).tolist()
([0, 121, 0], ['M0', 'M5', 'M0'], ['normal', 'substandard', 'normal'])
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from loancalc.batch._inputs import as_array
from loancalc.batch._result import BatchSchedule
from loancalc.errors import InvalidValueError

if TYPE_CHECKING:
    from loancalc.servicing.delinquency import DelinquencyTable

__all__ = ["buckets", "classify", "days_past_due", "oldest_unpaid_due"]

Int64s = npt.NDArray[np.int64]


def _default_table() -> DelinquencyTable:
    from loancalc.servicing.delinquency import DelinquencyTable

    return DelinquencyTable()


def days_past_due(due: object, as_of: date | np.datetime64) -> Int64s:
    """Days from each due date (``datetime64[D]`` array; NaT for none) to ``as_of``, or 0
    where the date is not past.

    >>> days_past_due(np.array(["2024-01-01"], dtype="datetime64[D]"), date(2024, 1, 2))
    array([1])
    """
    dates = as_array(due).astype("datetime64[D]")
    today = np.array(as_of, dtype="datetime64[D]")
    late = (today - dates).astype(np.int64)
    result: Int64s = np.where(np.isnat(dates), 0, np.maximum(late, 0))
    return result


def oldest_unpaid_due(result: BatchSchedule, paid: object) -> npt.NDArray[np.datetime64]:
    """The due date of each loan's oldest unpaid instalment, given how many instalments
    each has paid in full (NaT once all are paid).

    >>> from loancalc import batch
    >>> b = batch.amortize([300, 300], 0, 3, start=date(2024, 1, 31))
    >>> oldest_unpaid_due(b, [1, 3]).tolist()
    [datetime.date(2024, 3, 31), None]
    """
    counts = np.broadcast_to(as_array(paid), (len(result),))
    if counts.dtype.kind not in "iu":
        raise InvalidValueError("paid", counts.dtype, "whole numbers of instalments paid")
    bad = (counts < 0) | (counts > result.installments)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        raise InvalidValueError(
            f"paid[{index}]", int(counts[index]),
            f"0 to {int(result.installments[index])} (the loan's instalments)",
        )  # fmt: skip
    width = result.due_dates.shape[1]
    column = np.minimum(counts, max(width - 1, 0)).astype(np.intp)
    found = result.due_dates[np.arange(len(result)), column] if width else result.start
    unpaid: npt.NDArray[np.datetime64] = np.where(
        counts < result.installments, found, np.datetime64("NaT")
    )
    return unpaid


def buckets(days: Int64s, table: DelinquencyTable | None = None) -> npt.NDArray[np.str_]:
    """Each loan's bucket label (``"M0"`` when current) by ``table``'s bands.

    >>> buckets(np.array([0, 30, 31, 181])).tolist()
    ['M0', 'M1', 'M2', 'M7+']
    """
    table = table or _default_table()
    bounds = np.array(table.bucket_bounds, dtype=np.int64)
    labels = np.array(["M0", *(f"M{k}" for k in range(1, len(bounds) + 1)), f"M{len(bounds) + 1}+"])
    position = np.where(days <= 0, 0, np.searchsorted(bounds, days, side="left") + 1)
    found: npt.NDArray[np.str_] = labels[position]
    return found


def classify(days: Int64s, table: DelinquencyTable | None = None) -> npt.NDArray[np.str_]:
    """Each loan's classification (``"normal"`` .. ``"loss"``) by ``table``'s floors.

    >>> classify(np.array([0, 1, 91, 271, 361])).tolist()
    ['normal', 'special-mention', 'substandard', 'doubtful', 'loss']
    """
    table = table or _default_table()
    result = np.full(len(days), "normal", dtype="<U15")
    for threshold in table.thresholds:  # in order, the last that applies wins (as classify)
        result[days >= threshold.days] = threshold.classification.value
    return result
