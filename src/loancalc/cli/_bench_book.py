"""The nightly run in ``loancalc bench``: ``batch.assess`` over a generated book against a
loop of ``lc.assess``, on both interest bases.

The book is ``benchmarks/test_batch_assess_bench.py``'s realistic one, drawn the same way
(the same seed gives the same loans and payments), without pandas: 6 to 36 monthly
instalments at 8 to 24 %, principals 1,000 to 50,000, started over the three years before
:data:`AS_OF`; 73 % of the loans always paid on time, 7 % with one instalment paid late
with its charges, 14 % with 1 to 3 instalments missed, 6 % with one instalment paid in
two parts (before and after its due date).

>>> book, (loan, day, amount) = sample_book(4)
>>> book.payment.shape[0], len(loan) == len(day) == len(amount), bool((amount > 0).all())
(4, True, True)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

import loancalc as lc
from loancalc import batch
from loancalc.cli._bench_timing import Measurement, compare

__all__ = ["AS_OF", "LOOP_SAMPLE", "nightly_cases", "sample_book"]

AS_OF = date(2024, 6, 30)
_PRODUCT = "cn-consumer-finance-instalment"
#: Books larger than this time the loop of ``lc.assess`` on a sample of this many loans
#: and scale it by loans.
LOOP_SAMPLE = 2000

Payments = tuple[npt.NDArray[np.int64], npt.NDArray[np.datetime64], npt.NDArray[np.float64]]


def sample_book(size: int, seed: int = 7) -> tuple[batch.BatchSchedule, Payments]:
    """``size`` loans drawn with ``seed`` and their payments up to :data:`AS_OF`: three
    arrays (loan, day as ``datetime64[D]``, amount in units)."""
    rng = np.random.default_rng(seed)
    term = rng.integers(6, 37, size)  # drawn in the benchmark's order: the same book
    principal = rng.integers(1000, 50001, size)
    rate = rng.integers(80, 241, size) / 1000
    start = np.datetime64(AS_OF, "D") - rng.integers(20, 3 * 365, size)
    book = batch.amortize(principal, rate, term, start=start)
    due = book.due_dates
    fallen = book.mask & (due <= np.datetime64(AS_OF, "D"))
    loans, columns = np.nonzero(fallen)
    days = due[loans, columns].copy()
    amounts = book.payment[loans, columns].copy()
    style = rng.random(size)[loans]
    last = fallen.sum(axis=1) - 1  # the latest instalment fallen due
    pick = np.floor(rng.random(size) * np.maximum(last + 1, 1)).astype(np.int64)
    chosen = columns == pick[loans]
    late = (style >= 0.73) & (style < 0.80) & chosen
    days[late] += rng.integers(5, 41, late.sum())
    amounts[late] += rng.integers(0, 1001, late.sum())  # with its charges (any excess: credit)
    missed = (style >= 0.80) & (style < 0.94)
    missed &= columns > last[loans] - rng.integers(1, 4, len(loans))
    parts = (style >= 0.94) & chosen
    share = rng.integers(20, 81, parts.sum())
    first = amounts[parts] * share // 100
    extra_days = days[parts] + rng.integers(1, 21, parts.sum())
    extra_amounts = amounts[parts] - first
    days[parts] -= rng.integers(0, 11, parts.sum())
    amounts[parts] = first
    loan = np.concatenate([loans[~missed], loans[parts]])
    day = np.concatenate([days[~missed], extra_days])
    amount = np.concatenate([amounts[~missed], extra_amounts])
    return book, (loan.astype(np.int64), day, amount / 100)


def _histories(
    book: batch.BatchSchedule, payments: Payments, sample: npt.NDArray[np.int64]
) -> list[tuple[lc.Schedule, list[lc.Payment]]]:
    loan, day, amount = payments
    order = np.argsort(loan, kind="stable")
    found = []
    for index in sample.tolist():
        low, high = np.searchsorted(loan[order], [index, index + 1])
        rows = order[low:high]
        paid = [
            lc.Payment(d.item(), Decimal(str(a)))
            for d, a in zip(day[rows], amount[rows].tolist(), strict=True)
        ]
        found.append((book.schedule(index), paid))
    return found


def nightly_cases(size: int, repeat: int) -> Iterator[Measurement]:
    """``batch.assess`` of a ``size``-loan book on each interest basis against a loop of
    ``lc.assess`` over the book (or a sample of :data:`LOOP_SAMPLE` loans, scaled)."""
    book, payments = sample_book(size)
    sample = np.random.default_rng(3).choice(size, min(LOOP_SAMPLE, size), replace=False)
    histories = _histories(book, payments, np.sort(sample))
    product = lc.products.get(_PRODUCT)
    scaled = len(sample) < size
    note = f"lc.assess loop timed on {len(sample)} loans, scaled by loans" if scaled else ""
    for basis in ("scheduled", "actual-balance"):
        rules: Any = product.servicing.replace(interest_basis=basis)

        def ours(rules: Any = rules) -> object:
            return batch.assess(book, payments, AS_OF, rules)

        def loop(rules: Any = rules) -> object:
            return [lc.assess(schedule, paid, AS_OF, rules) for schedule, paid in histories]

        yield compare(
            f"batch.assess nightly book {size} loans ({basis})", ours,
            "loancalc.assess loop", loop, repeat, scale=size / len(sample), note=note,
        )  # fmt: skip
