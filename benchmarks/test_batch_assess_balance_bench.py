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

import loancalc as lc
from loancalc import batch
from test_batch_assess_bench import AS_OF, report, sample_book, sampled_loop

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
    loop = sampled_loop(found, book, payments, rules, size=SIZE, sample_size=SAMPLE)
    label = f"actual-balance ({PRODUCT}): batch.assess"
    report(benchmark, label, found, payments, size=SIZE, batch_seconds=batch_seconds, loop=loop)
