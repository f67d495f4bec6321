"""Benchmarks: the batch engine on a portfolio, against the scalar loop, numpy-financial's
full ``ipmt``/``ppmt`` matrices and the write-only floor, in one pytest-benchmark group.

The portfolio (``LOANCALC_BENCH_LOANS`` loans, 10,000 by default) has principals from
1,000.00 to 500,000.00 at 3.5 to 18 % a year over 12 to 360 months, start dates through
2024 (see ``loancalc.cli._bench_cases.sample_portfolio``). The batch engine computes
exact cents, dates and masks; numpy-financial float matrices without rounding or dates;
the floor only writes arrays of the result's size. The scalar loop runs once (it takes
seconds). Run ``pytest benchmarks/test_bench_batch.py --benchmark-enable -p no:cacheprovider``;
without ``--benchmark-enable`` each runs once as a smoke test. ``loancalc bench`` reports
the same ratios.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import numpy_financial as npf
import pytest

import loancalc as lc
from loancalc import batch
from loancalc.cli._bench_cases import sample_portfolio, write_floor

SIZE = int(os.environ.get("LOANCALC_BENCH_LOANS", "10000"))
P = sample_portfolio(SIZE)
PERIODS = int(P.term.max())
GROUP = f"portfolio: {SIZE} loans x 12-{PERIODS} monthly instalments"


def _batch() -> batch.BatchSchedule:
    return batch.amortize(P.principal, P.annual_rate, P.term, start=P.start)


def test_batch_engine(benchmark: Any) -> None:
    benchmark.group = GROUP
    benchmark.name = "loancalc.batch.amortize (exact cents, dates)"
    result = benchmark(_batch)
    assert result.payment.shape == (SIZE, PERIODS)
    assert result.fallback.tolist() == []
    first = lc.amortize(
        lc.LoanTerms(principal=float(P.principal[0]), annual_rate=float(P.annual_rate[0]),
                     term=int(P.term[0]), start=P.start[0].item())
    )  # fmt: skip
    assert result.payment[0, : len(first)].tolist() == [int(r.payment * 100) for r in first]


def test_batch_payments(benchmark: Any) -> None:
    benchmark.group = GROUP
    benchmark.name = "loancalc.batch.payments (first payment only)"
    payments = benchmark(batch.payments, P.principal, P.annual_rate, P.term, start=P.start)
    assert len(payments) == SIZE


def test_scalar_loop(benchmark: Any) -> None:
    benchmark.group = GROUP
    benchmark.name = "loancalc.amortize loop"
    terms = [
        lc.LoanTerms(principal=float(p), annual_rate=float(r), term=int(t), start=s.item())
        for p, r, t, s in zip(P.principal, P.annual_rate, P.term, P.start, strict=True)
    ]
    schedules = benchmark.pedantic(
        lambda: [lc.amortize(loan) for loan in terms], rounds=1, iterations=1
    )
    assert len(schedules) == SIZE


def test_numpy_financial_matrices(benchmark: Any) -> None:
    benchmark.group = GROUP
    benchmark.name = "numpy-financial ipmt+ppmt (floats)"
    rate = (P.annual_rate / 12)[:, None]
    number = np.arange(1, PERIODS + 1)[None, :]

    def matrices() -> tuple[Any, Any]:
        term, principal = P.term[:, None], -P.principal[:, None]
        return npf.ipmt(rate, number, term, principal), npf.ppmt(rate, number, term, principal)

    interest, principal = benchmark(matrices)
    assert interest.shape == (SIZE, PERIODS)
    assert principal[0, 0] == pytest.approx(float(_batch().principal[0, 0]) / 100, abs=0.01)


def test_write_floor(benchmark: Any) -> None:
    benchmark.group = GROUP
    benchmark.name = "write floor (numpy filling arrays of the result's size)"
    money, due, mask = benchmark(write_floor(SIZE, PERIODS))
    assert len(money) == 6
    assert due.shape == mask.shape == (PERIODS, SIZE)
