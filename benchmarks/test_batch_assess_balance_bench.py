"""Benchmark: the nightly run on the actual-balance basis, ``batch.assess`` against a loop
of ``lc.assess``.

The book is ``test_batch_assess_bench``'s realistic one (``LOANCALC_BENCH_BALANCE_BOOK``
loans, 100,000 by default) under the ``uk-hcstc`` product's servicing rules (daily
interest on the balance, a fixed late fee, the daily, total and default-fee caps, a
conditional interest-free window), which the vectorised actual-balance walk takes. The
loop of ``lc.assess`` runs over ``LOANCALC_BENCH_SAMPLE`` loans (2,000 by default), is
scaled to the book and every loan of the sample is checked against ``batch.assess`` to
the cent; the ratio and the fallback count are printed and kept in ``extra_info`` (no
timed assertion). Run ``pytest benchmarks/test_batch_assess_balance_bench.py
--benchmark-enable -p no:cacheprovider -s``.
"""

from __future__ import annotations

import os
import time
from typing import Any

import numpy as np

import loancalc as lc
from loancalc import batch
from test_batch_assess_bench import AS_OF, _history, sample_book

SIZE = int(os.environ.get("LOANCALC_BENCH_BALANCE_BOOK", "100000"))
SAMPLE = int(os.environ.get("LOANCALC_BENCH_SAMPLE", "2000"))
PRODUCT = "uk-hcstc"


def test_nightly_run_actual_balance_walked(benchmark: Any) -> None:
    book, payments = sample_book(SIZE)
    rules = lc.products.get(PRODUCT).servicing
    benchmark.group = f"nightly run, actual-balance basis ({PRODUCT}): {SIZE} loans"
    benchmark.name = "loancalc.batch.assess (actual-balance walk)"
    began = time.perf_counter()
    found = benchmark.pedantic(
        batch.assess, args=(book, payments, AS_OF, rules), rounds=1, iterations=1
    )
    batch_seconds = time.perf_counter() - began
    order = np.argsort(payments[0], kind="stable")
    sample = np.random.default_rng(3).choice(SIZE, min(SAMPLE, SIZE), replace=False)
    histories = [(int(i), book.schedule(int(i)), _history(payments, order, int(i))) for i in sample]
    began = time.perf_counter()
    states = [(i, lc.assess(s, h, AS_OF, rules)) for i, s, h in histories]
    loop_seconds = (time.perf_counter() - began) * SIZE / len(sample)
    for index, state in states:
        loan = found.loan(index)
        assert loan["days_past_due"] == state.days_past_due
        assert loan["outstanding_interest"] == state.outstanding.interest
        assert loan["outstanding_late_fee"] == state.outstanding.late_fee
        assert loan["amount_due"] == state.amount_due
        assert loan["settlement"] == state.payoff_amount(AS_OF)
        assert loan["credit"] == state.credit
    ratio = loop_seconds / batch_seconds
    benchmark.extra_info.update(
        loans=SIZE, payments=len(payments[0]), fallback=len(found.fallback),
        batch_seconds=round(batch_seconds, 3), loop_seconds_scaled=round(loop_seconds, 3),
        ratio=round(ratio, 1),
    )  # fmt: skip
    print(
        f"\nactual-balance ({PRODUCT}): batch.assess {SIZE} loans in {batch_seconds:.2f} s "
        f"({SIZE / batch_seconds:,.0f}/s); lc.assess loop (scaled from {len(sample)}): "
        f"{loop_seconds:.1f} s; ratio {ratio:.1f}x; fallback {len(found.fallback)}"
    )
