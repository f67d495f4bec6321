"""Every loan's dated events, sorted, and the walk over them by event position.

On one day the engine lets instalments fall due (credit held pays them), then takes the
day's payments, and at the end of the day ends grace; ``as_of`` itself never ends (its
ends of grace are left out). The events are sorted by loan, day and that order; step
``s`` runs the ``s``-th event of every loan that has one (loans sorted by their number of
events, so the loans of a step are a prefix).

>>> from datetime import date
>>> from loancalc import batch, ServicingRules
>>> from loancalc.batch._assess_book import read
>>> book = read(batch.amortize([300], 0, 3, start=date(2024, 1, 31)), ServicingRules())
>>> events = collect(book, (np.array([0]), np.array([19753]), np.array([5000]), np.array([1])),
...                  19800,
...                  with_grace=False, skip=np.zeros(1, dtype=bool))
>>> events.kind.tolist(), events.day.tolist()  # 2024-02-01 is day 19754
([1, 0], [19753, 19782])
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_book import Book
from loancalc.batch._assess_walk import Walk

__all__ = ["DUE", "FEE", "GRACE", "PAY", "Events", "collect", "walk"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]
DUE, PAY, GRACE, FEE = 0, 1, 2, 3
KINDS = 4


@attrs.frozen(kw_only=True, eq=False)
class Events:
    """The events, sorted by loan, day and kind: ``value`` is the instalment (due,
    grace) or the amount (payment)."""

    loan: Ints
    day: Int64s
    kind: npt.NDArray[np.int8]
    value: Int64s
    several: npt.NDArray[np.bool_]  # a payment day with more than one payment


def _instalments(
    book: Book, dates: Int64s, keep: npt.NDArray[np.bool_]
) -> tuple[Ints, Int64s, Int64s]:
    loans, columns = np.nonzero(keep)
    return loans.astype(np.intp), dates[loans, columns], columns.astype(np.int64)


def _fee_events(
    book: Book,
    has: npt.NDArray[np.bool_],
    as_of: int,
    repeat_days: int | None,
    shift: Callable[[Int64s], Int64s],
) -> list[tuple[Ints, Int64s, Int64s, int]]:
    """The days a late fee may be charged (before ``as_of``): the end of grace, then
    every ``repeat_days``, each moved past a relief window it falls in (``shift``)."""
    loans, columns = np.nonzero(has & (book.grace < as_of))
    day = shift(book.grace[loans, columns])
    parts = []
    while len(day):
        kept = day < as_of
        loans, columns, day = loans[kept], columns[kept], day[kept]
        parts.append((loans.astype(np.intp), day, columns.astype(np.int64), FEE))
        if repeat_days is None:
            break
        day = shift(day + repeat_days)
    return parts


def collect(
    book: Book,
    payments: tuple[Ints, Int64s, Int64s, Int64s],
    as_of: int,
    *,
    with_grace: bool,
    skip: npt.NDArray[np.bool_],
    fees: tuple[int | None, Callable[[Int64s], Int64s]] | None = None,
) -> Events:
    """The events up to ``as_of`` of the loans not in ``skip``: instalments falling due,
    the payments (summed per day), and (``with_grace``) the ends of grace before ``as_of``."""
    width = book.due.shape[1]
    has = (np.arange(width)[None, :] < book.count[:, None]) & ~skip[:, None]
    parts = [(*_instalments(book, book.due, has & (book.due <= as_of)), DUE)]
    pay_loan, pay_day, pay_amount, pay_count = payments
    kept = ~skip[pay_loan]
    parts.append((pay_loan[kept], pay_day[kept], pay_amount[kept], PAY))
    several = np.zeros(sum(len(part[0]) for part in parts[:1]), dtype=bool)
    several = np.concatenate([several, pay_count[kept] > 1])
    if with_grace:
        parts.append((*_instalments(book, book.grace, has & (book.grace < as_of)), GRACE))
    if fees is not None:  # late fees charged by their own events (repeated, or shifted)
        parts.extend(_fee_events(book, has, as_of, *fees))
    loan = np.concatenate([part[0] for part in parts]).astype(np.intp)
    day = np.concatenate([part[1] for part in parts]).astype(np.int64)
    value = np.concatenate([part[2] for part in parts]).astype(np.int64)
    kind = np.concatenate([np.full(len(part[0]), part[3], dtype=np.int8) for part in parts])
    several = np.concatenate([several, np.zeros(len(kind) - len(several), dtype=bool)])
    # within a day: instalments in their order, then payments, then ends of grace
    column = value * (kind != PAY)
    if len(loan) and int(loan.max()) < 2**25 and width < 2**12:  # one int64 key
        key = ((loan.astype(np.int64) << 23) + (day + 2**22)) << 14
        # already sorted runs (instalments, payments, ends of grace): a merge, in effect
        order = np.argsort(key + (kind.astype(np.int64) << 12) + column, kind="stable")
    else:
        order = np.lexsort((column, kind, day, loan))
    return Events(
        loan=loan[order], day=day[order], kind=kind[order], value=value[order],
        several=several[order],
    )  # fmt: skip


def walk(events: Events, state: Walk, loans: int) -> None:
    """Run every event through ``state``, step by step (see the module): the events are
    regrouped by (position in their loan, kind), so each group is one slice."""
    if not len(events.loan):
        return
    counts = np.bincount(events.loan, minlength=loans)
    starts = np.cumsum(counts) - counts
    position = np.arange(len(events.loan)) - np.repeat(starts, counts)
    group = position * KINDS + events.kind
    if int(group.max()) < 2**15:
        group = group.astype(np.int16)  # small keys: numpy sorts them by radix
    order = np.argsort(group, kind="stable")
    group = group[order]
    loan, day, value = events.loan[order], events.day[order], events.value[order]
    several = events.several[order]
    bounds = np.searchsorted(group, np.arange(int(group[-1]) + 2)).tolist()
    for at, (low, high) in enumerate(itertools.pairwise(bounds)):
        if low == high:
            continue
        kind = at % KINDS
        who, when, what = loan[low:high], day[low:high], value[low:high]
        if kind == DUE:
            state.fall_due(who, what, when)
        elif kind == PAY:
            state.receive(who, what, when, several[low:high])
        elif kind == GRACE:
            state.end_grace(who, what, when)
        else:
            state.late_fee_event(who, what)
