""":func:`~loancalc.servicing.late_fee.spared_installments` for every loan at once.

The rule takes each instalment's own money from the payments after the previous
instalment's due date up to the end of its grace, in date order, skipping what earlier
instalments took. What the instalments took is always a prefix of a loan's payments in
date order (each takes the earliest money left in a window that only moves forward), so
the rule is a running position ``taken`` in the loan's cumulative payments: instalment
``n`` starts at ``max(taken, paid by the previous due date)`` and takes
``min(asked, paid by its end of grace - start)``. One step per instalment column, every
loan at once.

>>> import numpy as np
>>> # two instalments of 100 due on days 10 and 40, grace 3 days; 60 paid on day 10,
>>> # 100 on day 40: the first is short, the second's own payment covers it
>>> spared(np.array([[100, 100]]), np.array([[10, 40]]), np.array([[13, 43]]),
...        np.array([2]), (np.array([0, 0]), np.array([10, 40]), np.array([60, 100]))).tolist()
[[False, True]]
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["spared"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]
_SHIFT = 1 << 24
_OFFSET = 1 << 22


def spared(
    asked: Int64s,
    due: Int64s,
    grace: Int64s,
    count: Int64s,
    payments: tuple[Ints, Int64s, Int64s],
) -> npt.NDArray[np.bool_]:
    """Per loan and instalment (loans x instalments), whether its own payments covered
    what it ``asked`` (so no late fee under ``pyramiding = forbidden``). ``payments``:
    loans, days and amounts sorted by loan and day."""
    loans, width = asked.shape
    pay_loan, pay_day, pay_amount = payments
    keys = pay_loan.astype(np.int64) * _SHIFT + (pay_day + _OFFSET)
    running = np.concatenate([[0], np.cumsum(pay_amount)]).astype(np.int64)
    rows = np.arange(loans, dtype=np.int64)
    before = running[np.searchsorted(keys, rows * _SHIFT, side="left")]

    def paid_by(days: Int64s) -> Int64s:
        found: Int64s = running[np.searchsorted(keys, rows * _SHIFT + (days + _OFFSET), "right")]
        return found - before

    result = np.zeros((loans, width), dtype=bool)
    taken = np.zeros(loans, dtype=np.int64)
    for column in range(width):
        start = taken if column == 0 else np.maximum(taken, paid_by(due[:, column - 1]))
        own = np.clip(np.minimum(asked[:, column], paid_by(grace[:, column]) - start), 0, None)
        result[:, column] = (own >= asked[:, column]) & (column < count)
        taken = start + own
    return result
