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
from loancalc.batch._assess_settle import figure
from loancalc.batch._assess_walk import Walk
from loancalc.servicing.rules import ServicingRules

__all__ = ["OVERFLOW", "snapshot"]

Int64s = npt.NDArray[np.int64]
OVERFLOW = "amounts and rates whose integer products could overflow int64"
_EPOCH = date(1970, 1, 1).toordinal()


def too_big(book: Book, rates: Rates, as_of: int, paid: Int64s) -> npt.NDArray[np.bool_]:
    """Loans whose integer products could pass 2**60 in int64 (they go to the scalar
    engine): penalty accruals (owed x days x rate), a period's interest to date (opening
    balance x rate x the year fraction's numerator, up to 366 units a day) and the money
    paid (``paid``: each loan's total)."""
    span = (np.maximum(as_of - book.start, 0).astype(np.float64) + 1) * (
        366 if rates.actual_actual else 1  # ACT/ACT counts a day as 365 or 366 units
    )
    owed = book.principal.sum(axis=1).astype(np.float64) + book.interest.sum(axis=1)
    largest = float(max(rates.biggest, 1))
    width = book.due.shape[1]
    period = (book.row_due - book.row_start) * (np.arange(width)[None, :] < book.count[:, None])
    longest = period.max(axis=1, initial=0).astype(np.float64) + 1
    contract = rates.contract_n.astype(np.float64) * np.maximum(
        book.opening.max(axis=1, initial=0), 1
    )
    big: npt.NDArray[np.bool_] = (
        (owed * span * largest > 2.0**60)
        | (contract * longest * 366 > 2.0**60)
        | (paid.astype(np.float64) + owed > 2.0**60)
    )
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
    relief = rates.relief  # relief days do not count
    late = (
        as_of - since - (relief.days(since, np.full(loans, as_of, dtype=np.int64)) if relief else 0)
    )
    days = np.where(any_unpaid & (due < as_of) & (since < as_of), late, 0)
    # reportable: any instalment not paid in full past its grace and the reporting days
    all_since = book.grace if rules.delinquency.count_from == "grace-end" else book.due
    all_late = (
        as_of
        - all_since
        - (relief.days(all_since, np.full(shape, as_of, dtype=np.int64)) if relief else 0)
    )
    all_days = np.where((book.due < as_of) & (all_since < as_of), all_late, 0)
    reporting = unpaid & (as_of > book.grace) & (all_days > rules.report_after_days)
    if relief:  # not while the window its due date falls in runs
        reporting &= ~relief.covers(book.due, as_of)
    reportable = reporting.any(axis=1)
    # the settlement figure on as_of
    total, _, _ = figure(tuple(outs), book, rates, rows, np.full(loans, as_of, dtype=np.int64))
    settlement = np.where(walk.settled, 0, total) - walk.credit  # settled: only the credit
    return {
        "charged": charged, "outstanding": outstanding, "amount_due": amount_due,
        "days_past_due": days.astype(np.int64), "reportable": reportable,
        "settlement": settlement, "credit": walk.credit,
    }  # fmt: skip
