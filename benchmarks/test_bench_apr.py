"""Benchmarks: ``apr.xirr`` and ``apr.irr`` against pyxirr (Rust) and numpy-financial.

The flows: a 4.9 % equal-instalment loan of 1,000,000 over 360 months (5,307.27 a month,
the last 5,306.20) and a 12 % loan of 12,000 over 12 months (1,066.19 a month), as
``(date, Decimal)`` pairs for XIRR and as amounts for IRR (``Decimal``, and floats as the
``loancalc bench`` row passes them). Every library gets the same list; pyxirr converts
each ``Decimal`` to a float itself. loancalc returns a ``Decimal`` with the root's digits
certain to the last one returned (30 places, at most 24 significant digits); pyxirr and
numpy-financial return floats. Each group holds the peers of one case, so
pytest-benchmark prints their ratios from one run.

Run ``pytest benchmarks/test_bench_apr.py --benchmark-enable -p no:cacheprovider``;
without ``--benchmark-enable`` (the project default) each runs once as a smoke test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import numpy_financial as npf
import pytest
import pyxirr

import loancalc as lc


def _flows(principal: str, rate: str, term: int) -> list[tuple[date, Decimal]]:
    start = date(2024, 1, 15)
    schedule = lc.amortize(
        lc.LoanTerms(principal=principal, annual_rate=rate, term=term, start=start)
    )
    return [(start, -Decimal(principal))] + [
        (row.due_date, row.payment) for row in schedule.installments
    ]


FLOWS = {361: _flows("1000000", "4.9%", 360), 13: _flows("12000", "12%", 12)}
AMOUNTS = {size: [amount for _, amount in flows] for size, flows in FLOWS.items()}
FLOATS = {size: [float(amount) for amount in amounts] for size, amounts in AMOUNTS.items()}

# The monthly rate is 4.9 % / 12 (payments rounded to the cent move it by about 1e-9), so
# the annual rate over ACT/365 is near (1 + 0.049/12)^12 - 1 = 5.0116 % less the effect of
# month lengths: 5.008 %; the 12-month loan's, near (1.01)^12 - 1 = 12.68 %, 12.675 %.
EXPECTED_XIRR = {361: Decimal("5.008"), 13: Decimal("12.675")}
EXPECTED_IRR = {361: Decimal("0.408"), 13: Decimal("1.000")}


def _run(benchmark: Any, group: str, name: str, call: Callable[[], object]) -> Any:
    benchmark.group = group
    benchmark.name = name
    return benchmark(call)


@pytest.mark.parametrize("size", [13, 361])
def test_loancalc_xirr(benchmark: Any, size: int) -> None:
    flows = FLOWS[size]
    rate = _run(benchmark, f"xirr of {size} dated flows", "loancalc (Decimal, every digit "
                "certain)", lambda: lc.apr.xirr(flows))  # fmt: skip
    assert float(rate) == pytest.approx(pyxirr.xirr(flows), abs=1e-9)
    assert round(rate * 100, 3) == EXPECTED_XIRR[size]


@pytest.mark.parametrize("size", [13, 361])
def test_pyxirr_xirr(benchmark: Any, size: int) -> None:
    flows = FLOWS[size]
    rate = _run(benchmark, f"xirr of {size} dated flows", "pyxirr (Rust, float)",
                lambda: pyxirr.xirr(flows))  # fmt: skip
    assert round(rate * 100, 3) == float(EXPECTED_XIRR[size])


@pytest.mark.parametrize("size", [13, 361])
@pytest.mark.parametrize("kind", ["Decimal", "float"])
def test_loancalc_irr(benchmark: Any, size: int, kind: str) -> None:
    amounts = AMOUNTS[size] if kind == "Decimal" else FLOATS[size]
    rate = _run(benchmark, f"irr of {size} {kind} flows", "loancalc (Decimal, every digit "
                "certain)", lambda: lc.apr.irr(amounts))  # fmt: skip
    assert round(rate * 100, 3) == EXPECTED_IRR[size]


@pytest.mark.parametrize("size", [13, 361])
@pytest.mark.parametrize("kind", ["Decimal", "float"])
def test_pyxirr_irr(benchmark: Any, size: int, kind: str) -> None:
    amounts = AMOUNTS[size] if kind == "Decimal" else FLOATS[size]
    rate = _run(benchmark, f"irr of {size} {kind} flows", "pyxirr (Rust, float)",
                lambda: pyxirr.irr(amounts))  # fmt: skip
    assert round(rate * 100, 3) == float(EXPECTED_IRR[size])


@pytest.mark.parametrize("size", [13])  # numpy-financial takes about 1 s for 361 flows
def test_numpy_financial_irr(benchmark: Any, size: int) -> None:
    amounts = FLOATS[size]
    rate = _run(benchmark, f"irr of {size} float flows", "numpy-financial (float)",
                lambda: npf.irr(amounts))  # fmt: skip
    assert round(rate * 100, 3) == float(EXPECTED_IRR[size])
