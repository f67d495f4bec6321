"""Benchmarks: XIRR of 361 dated flows (a 30-year monthly loan), loancalc against pyxirr.

The flows: -1,000,000 on 2024-01-15, then the 360 payments of the 4.9 % equal-instalment
schedule (5,307.27 a month, the last 5,306.20) on their due dates, as ``(date, Decimal)``
pairs. Both libraries get the same list; pyxirr (Rust) converts each ``Decimal`` to a float
itself. loancalc searches in floats (numpy), bounds the float error of the root it finds
and returns a ``Decimal`` accurate to 1e-10.

Run ``pytest benchmarks/test_bench_apr.py --benchmark-enable -p no:cacheprovider``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import pyxirr

import loancalc as lc

GROUP = "xirr of 361 dated flows"

_SCHEDULE = lc.amortize(
    lc.LoanTerms(principal="1000000", annual_rate="4.9%", term=360, start=date(2024, 1, 15))
)
FLOWS = [(date(2024, 1, 15), Decimal("-1000000"))] + [
    (row.due_date, row.payment) for row in _SCHEDULE.installments
]

# The monthly rate is 4.9 % / 12 (payments rounded to the cent move it by about 1e-9), so
# the annual rate over ACT/365 is near (1 + 0.049/12)^12 - 1 = 5.0116 % less the effect of
# month lengths: 5.008 %.


def test_loancalc_xirr(benchmark: Any) -> None:
    benchmark.group = GROUP
    benchmark.name = "loancalc xirr (Decimal, certified 1e-10)"
    rate = benchmark(lc.apr.xirr, FLOWS)
    assert len(FLOWS) == 361
    assert float(rate) == pytest.approx(pyxirr.xirr(FLOWS), abs=1e-9)
    assert round(rate * 100, 3) == Decimal("5.008")


def test_pyxirr_xirr(benchmark: Any) -> None:
    benchmark.group = GROUP
    benchmark.name = "pyxirr xirr (Rust, float)"
    rate = benchmark(pyxirr.xirr, FLOWS)
    assert rate == pytest.approx(0.05008, abs=1e-5)
