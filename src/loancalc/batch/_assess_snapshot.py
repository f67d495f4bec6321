"""What :func:`loancalc.assess` reports on ``as_of``, from the walk's state, per loan.

As the engine's snapshot: penalty accrued since the last charge is charged on ``as_of``;
days past due count from the oldest instalment not paid in full (from its due date, or
its end of grace); the settlement figure is :mod:`loancalc.servicing.settlement`'s rule
(everything due, the principal not yet due, the current period's interest to date).

>>> snapshot.__name__
'snapshot'
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_book import Book
from loancalc.batch._assess_rates import Rates
from loancalc.batch._assess_walk import Walk
from loancalc.batch._rounding import round_div
from loancalc.servicing.rules import ServicingRules

__all__ = ["OVERFLOW", "snapshot"]

Int64s = npt.NDArray[np.int64]
OVERFLOW = "amounts and rates whose integer products could overflow int64"
_EPOCH = date(1970, 1, 1).toordinal()


def _interest_to_date(book: Book, rates: Rates, column: Int64s, as_of: int) -> Int64s:
    """The current period's contract interest accrued to ``as_of`` (rounded, at most the
    period's), per loan with a current period (``column`` < count)."""
    rows = np.arange(len(book))
    safe = np.minimum(column, max(book.due.shape[1] - 1, 0))
    start = book.row_start[rows, safe]
    opening = book.opening[rows, safe]
    scheduled = book.interest[rows, safe]
    running = (column < book.count) & (as_of > start)
    pairs = book.day_count_index.astype(np.int64) * (1 << 32) + np.where(running, start, 0)
    distinct, inverse = np.unique(pairs, return_inverse=True)
    numerators = np.zeros(len(distinct), dtype=np.int64)
    denominators = np.ones(len(distinct), dtype=np.int64)
    end = date.fromordinal(as_of + _EPOCH)
    for position, key in enumerate(distinct.tolist()):
        kind, day = divmod(key, 1 << 32)
        if day and day < as_of:
            n, d = book.day_counts[kind].year_fraction_ratio(date.fromordinal(day + _EPOCH), end)
            numerators[position], denominators[position] = n, d
    inverse = inverse.reshape(-1)
    accrued = round_div(
        opening * rates.contract_n * numerators[inverse],
        rates.contract_d * denominators[inverse],
        rates.mode,
    )
    result: Int64s = np.where(running, np.minimum(accrued, scheduled), 0)
    return result


def too_big(book: Book, rates: Rates, as_of: int) -> npt.NDArray[np.bool_]:
    """Loans whose accruals could pass 2**60 in int64 (they go to the scalar engine)."""
    span = np.maximum(as_of - book.start, 0).astype(np.float64) + 1
    owed = book.principal.sum(axis=1).astype(np.float64) + book.interest.sum(axis=1)
    largest = float(max(rates.biggest, 1))
    contract = rates.contract_n.astype(np.float64) * np.maximum(book.opening.max(axis=1), 1)
    big: npt.NDArray[np.bool_] = (owed * span * largest > 2.0**60) | (contract * 400 > 2.0**60)
    return big


def snapshot(
    walk: Walk, book: Book, rules: ServicingRules, rates: Rates, as_of: int
) -> dict[str, Int64s]:
    """The per-loan figures of the walked loans (the rows of the others are meaningless)."""
    loans, width = book.principal.shape
    shape = (loans, width)
    open_q = np.flatnonzero(walk.accruing & ~walk.pending)
    if len(open_q):  # charge what accrued since the last charge, as the snapshot does
        walk.advance(open_q, np.full(len(open_q), as_of, dtype=np.int64))
        walk.charge(open_q)
    outs = [out.reshape(shape) for out in walk.outs]
    outstanding = np.stack([out.sum(axis=1) for out in outs], axis=1)
    charged = np.stack(
        [book.principal.sum(axis=1), book.interest.sum(axis=1) - walk.rebate_int,
         book.fee.sum(axis=1) - walk.rebate_fee,
         walk.ch_pen.reshape(shape).sum(axis=1), walk.ch_comp.reshape(shape).sum(axis=1),
         walk.late_total],
        axis=1,
    )  # fmt: skip
    columns = np.arange(width)[None, :]
    fallen = columns < walk.fallen[:, None]
    every = sum(outs[1:], outs[0])
    amount_due = np.where(fallen, every, 0).sum(axis=1)
    # days past due: the oldest instalment fallen due and not paid in full
    unpaid = fallen & ~walk.paid_full.reshape(shape)
    oldest = np.argmax(unpaid, axis=1)
    rows = np.arange(loans)
    any_unpaid = unpaid.any(axis=1)
    due = book.due[rows, oldest] if width else np.zeros(loans, dtype=np.int64)
    grace = book.grace[rows, oldest] if width else due
    since = grace if rules.delinquency.count_from == "grace-end" else due
    days = np.where(any_unpaid & (due < as_of) & (since < as_of), as_of - since, 0)
    # reportable: any instalment not paid in full past its grace and the reporting days
    all_since = book.grace if rules.delinquency.count_from == "grace-end" else book.due
    all_days = np.where(book.due < as_of, np.maximum(as_of - all_since, 0), 0)
    reportable = (unpaid & (as_of > book.grace) & (all_days > rules.report_after_days)).any(axis=1)
    # the settlement figure on as_of
    current = np.argmax((book.row_due > as_of) & (columns < book.count[:, None]), axis=1)
    current = np.where(
        (book.row_due[rows, current] > as_of) & (current < book.count), current, book.count
    )
    kept = _interest_to_date(book, rates, current, as_of)
    i_paid = book.interest - outs[1]
    charges = outs[0] + outs[3] + outs[4] + outs[5]
    full = columns < current[:, None]
    figure = np.where(full, charges + outs[1] + outs[2], charges).sum(axis=1)
    at = np.minimum(current, max(width - 1, 0))
    has_current = current < book.count
    figure += np.where(has_current, np.maximum(kept - i_paid[rows, at], 0) if width else 0, 0)
    figure -= walk.credit
    figure = np.where(walk.settled, -walk.credit, figure)  # settled: only credit is left
    return {
        "charged": charged, "outstanding": outstanding, "amount_due": amount_due,
        "days_past_due": days.astype(np.int64), "reportable": reportable,
        "settlement": figure, "credit": walk.credit,
    }  # fmt: skip
