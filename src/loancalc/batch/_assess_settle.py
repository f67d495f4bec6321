"""Early settlement in the walk: the figure that closes a loan, and settling it.

:mod:`loancalc.servicing.settlement`'s rule on the walk's matrices: everything due by the
day, all principal and charges of the later instalments, the current period's contract
interest to date (less what of it was paid), less the credit held. A payment covering it
settles the loan: the current period's fee and the interest it does not keep, and the
later periods' interest and fees, are rebated, and everything left is paid.

>>> from datetime import date
>>> import numpy as np
>>> from loancalc import batch, ServicingRules
>>> from loancalc.batch._assess_book import read
>>> from loancalc.batch._assess_rates import Rates
>>> book = read(batch.amortize([1200], "12%", 3, start=date(2024, 1, 31)), ServicingRules())
>>> rates = Rates(ServicingRules(), book.rates, book.rate_index, book.rounding)
>>> on = np.array([date(2024, 2, 10).toordinal() - date(1970, 1, 1).toordinal()])
>>> # 1,200 x 12 % x 10 / 360 = 4.00
>>> interest_to_date(book, rates, np.array([0]), np.array([0]), on).tolist()
[400]
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_book import Book
from loancalc.batch._assess_rates import Rates
from loancalc.batch._assess_walk import Walk
from loancalc.batch._rounding import round_div

__all__ = ["interest_to_date", "settle"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]
_EPOCH = date(1970, 1, 1).toordinal()


def interest_to_date(book: Book, rates: Rates, loans: Ints, column: Int64s, on: Int64s) -> Int64s:
    """Per loan, the contract interest of its period ``column`` accrued from the period's
    start to ``on``: rounded, at most the period's interest, 0 on or before its start and
    where ``column`` is past the loan's instalments. The day counts' year fractions are
    computed once per distinct (day count, start, date)."""
    width = book.due.shape[1]
    safe = np.minimum(column, max(width - 1, 0))
    start = book.row_start[loans, safe]
    opening = book.opening[loans, safe]
    scheduled = book.interest[loans, safe]
    running = (column < book.count[loans]) & (on > start)
    if not running.any():
        return np.zeros(len(loans), dtype=np.int64)
    keys = np.stack([book.day_count_index[loans], np.where(running, start, 0), on], axis=1)
    distinct, inverse = np.unique(keys, axis=0, return_inverse=True)
    numerators = np.zeros(len(distinct), dtype=np.int64)
    denominators = np.ones(len(distinct), dtype=np.int64)
    for position, (kind, first, last) in enumerate(distinct.tolist()):
        if first and first < last:
            counted = book.day_counts[kind].year_fraction_ratio(
                date.fromordinal(first + _EPOCH), date.fromordinal(last + _EPOCH)
            )
            numerators[position], denominators[position] = counted
    inverse = inverse.reshape(-1)
    accrued = round_div(
        opening * rates.contract_n[loans] * numerators[inverse],
        rates.contract_d[loans] * denominators[inverse],
        rates.mode,
    )
    result: Int64s = np.where(running, np.minimum(accrued, scheduled), 0)
    return result


def current_period(book: Book, loans: Ints, on: Int64s) -> Int64s:
    """Each loan's current period on ``on``: its first instalment due after it (the
    loan's count when none is)."""
    width = book.due.shape[1]
    later = (book.row_due[loans] > on[:, None]) & (
        np.arange(width)[None, :] < book.count[loans, None]
    )
    found = np.argmax(later, axis=1) if width else np.zeros(len(loans), dtype=np.int64)
    return np.where(later.any(axis=1), found, book.count[loans]).astype(np.int64)


def figure(
    outs: tuple[Int64s, ...], book: Book, rates: Rates, loans: Ints, on: Int64s
) -> tuple[Int64s, Int64s, Int64s]:
    """The settlement figure of each loan on ``on`` before its credit (``outs``: the six
    amounts outstanding, loans x instalments, of these loans), with its current period
    and the current interest kept."""
    p, i, f, pen, comp, late = outs
    width = book.due.shape[1]
    current = current_period(book, loans, on)
    kept = interest_to_date(book, rates, loans, current, on)
    at = np.minimum(current, max(width - 1, 0))
    rows = np.arange(len(loans))
    paid_now = book.interest[loans, at] - i[rows, at] if width else np.zeros(len(loans), np.int64)
    kept = np.where(current < book.count[loans], np.maximum(kept - paid_now, 0), 0)
    full = np.arange(width)[None, :] < current[:, None]
    total = (p + pen + comp + late + np.where(full, i + f, 0)).sum(axis=1) + kept
    return total, current, kept


def settle(walk: Walk, loans: Ints, money: Int64s, today: Int64s) -> npt.NDArray[np.bool_]:
    """Settle the loans whose payment of ``money`` today covers the figure (see the
    module); return which did."""
    width = walk.width
    q = (loans[:, None] * width + np.arange(width)[None, :]).reshape(-1)
    days = np.repeat(today, width)
    if walk.penalize:  # a payment day: what accrued is charged first
        bearing = walk.accruing[q] & ~walk.pending[q]
        walk.advance(q[bearing], days[bearing])
        walk.charge(q[bearing])
    shape = (len(loans), width)
    outs = tuple(out[q].reshape(shape) for out in walk.outs)
    total, current, kept = figure(outs, walk.book, walk.rates, loans, today)
    covered = money >= total - walk.credit[loans]
    if not covered.any():
        return covered
    rows = np.flatnonzero(covered)
    who = loans[rows]
    i, f = outs[1][rows], outs[2][rows]
    columns = np.arange(width)[None, :]
    cur = current[rows][:, None]
    interest = np.where(columns > cur, i, 0).sum(axis=1)
    at = np.minimum(current[rows], max(width - 1, 0))
    has = current[rows] < walk.book.count[who]
    interest += np.where(has, np.maximum(i[np.arange(len(rows)), at] - kept[rows], 0), 0)
    walk.rebate_int[who] += interest
    walk.rebate_fee[who] += np.where(columns >= cur, f, 0).sum(axis=1)
    walk.credit[who] = money[rows] - (total[rows] - walk.credit[who])
    closed = q.reshape(shape)[rows].reshape(-1)
    for out in walk.outs:
        out[closed] = 0
    walk.paid_full[closed] = True
    walk.accruing[closed] = False
    walk.pending[closed] = False
    walk.settled[who] = True
    walk.first[who] = walk.book.count[who]
    walk.fallen[who] = walk.book.count[who]
    return covered
