"""A horizontal allocation in the walk: each component across every open instalment.

``overdue-interest-first`` pays the penalty, compound interest, late fees, fees and
interest of all the loan's open instalments, oldest first within each component, before
any principal, then principal oldest first (:func:`loancalc.servicing.ledger.allocate`).
The open instalments of every loan paying today are laid out flat (loan by loan, oldest
first); each component is paid by a running sum within each loan, so one pass per
component pays every loan at once. Principal is paid last and oldest first, so the
instalments after the first open one still have their whole principal.

>>> pay_horizontal.__name__
'pay_horizontal'
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_walk import Walk

__all__ = ["pay_horizontal"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]


def pay_horizontal(
    walk: Walk, loans: Ints, money: Int64s, today: Int64s, *, charge: bool
) -> Int64s:
    """:meth:`Walk.pay` for a horizontal strategy: what is left of ``money`` per loan."""
    money = money.copy()
    live = (money > 0) & (walk.first[loans] < walk.fallen[loans])
    if not live.any():
        return money
    who, left, day = loans[live], money[live], today[live]
    first = walk.first[who]
    span = walk.fallen[who] - first
    starts = np.cumsum(span) - span
    rows = np.repeat(np.arange(len(who)), span)
    offsets = np.arange(len(rows)) - starts[rows]
    q = who[rows] * walk.width + first[rows] + offsets
    if walk.penalize:  # a payment day charges every accruing instalment first
        walk.advance(q, day[rows])
        if charge:
            walk.charge(q[walk.accruing[q] & ~walk.pending[q]])
    outs = [out[q] for out in walk.outs]
    for position in walk.order:
        owed = outs[position]
        running = np.cumsum(owed)
        before = running - owed - np.repeat(running[starts] - owed[starts], span)
        take = np.clip(left[rows] - before, 0, owed)
        owed -= take
        left = left - np.add.reduceat(take, starts)
    for out, values in zip(walk.outs, outs, strict=True):
        out[q] = values
    p, i, f = outs[0], outs[1], outs[2]
    walk.settle_paid(q, (p | i) == 0, f)
    walk.skip_empty(who)
    money[live] = left
    return money
