"""Benchmarks: a 360-instalment schedule of 1,000,000 at 4.9 % a year, monthly.

The method benchmarks share one ``group``, so pytest-benchmark prints them in one table
with their ratios to the fastest; daily accrual against periodic accrual has its own.
loancalc computes every method (exact ``Decimal``, rounded per instalment, dates and day
counts included); the ``amortization`` package and numpy-financial compute the same
equal-instalment schedule in binary floating point.

Run ``pytest benchmarks --benchmark-enable -p no:cacheprovider`` to measure; without
``--benchmark-enable`` (the project default) each benchmark runs once as a smoke test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import amortization.schedule
import numpy as np
import numpy_financial as npf
import pytest

import loancalc as lc

GROUP = "360 monthly instalments, 1,000,000 at 4.9 %"
PRINCIPAL = 1_000_000
RATE = 0.049
TERM = 360
START = date(2024, 1, 15)

#: Each method with its first payment, checked by hand against docs/rules.md, 'Repayment
#: methods':
#: 1,000,000 x 0.049/12 = 4,083.33 of interest in the first month.
FIRST_PAYMENT = {
    lc.Method.EQUAL_INSTALLMENT: Decimal("5307.27"),  # published figure
    lc.Method.EQUAL_PRINCIPAL: Decimal("6861.11"),  # 2,777.78 + 4,083.33
    lc.Method.INTEREST_ONLY: Decimal("4083.33"),
    lc.Method.FLAT: Decimal("6861.11"),  # 2,777.78 + 4,083.33 on the original principal
    lc.Method.BULLET: Decimal("2470000.00"),  # 1,000,000 x (1 + 4.9 % x 30 years)
    # (1,000,000 - 200,000 v^360) i / (1 - v^360), i = 0.049/12, v = 1/(1+i): 5,062.4804
    lc.Method.BALLOON: Decimal("5062.48"),
}


def _terms(method: lc.Method) -> lc.LoanTerms:
    balloon = "200000" if method is lc.Method.BALLOON else "0"
    return lc.LoanTerms(
        principal=str(PRINCIPAL),
        annual_rate="4.9%",
        term=TERM,
        start=START,
        method=method,
        balloon=balloon,
    )


def _loancalc_installments(terms: lc.LoanTerms) -> Callable[[], tuple[lc.Installment, ...]]:
    def compute() -> tuple[lc.Installment, ...]:
        return lc.amortize(terms).installments

    return compute


@pytest.mark.parametrize("method", list(lc.Method), ids=[m.value for m in lc.Method])
def test_loancalc(benchmark: Any, method: lc.Method) -> None:
    benchmark.group = GROUP
    benchmark.name = f"loancalc {method.value}"
    installments = benchmark(_loancalc_installments(_terms(method)))
    assert len(installments) == (1 if method is lc.Method.BULLET else TERM)
    assert installments[0].payment == FIRST_PAYMENT[method]
    assert sum(i.principal for i in installments) == PRINCIPAL


def _amortization_package() -> list[Any]:
    return list(amortization.schedule.amortization_schedule(PRINCIPAL, RATE, TERM))


def test_amortization_package(benchmark: Any) -> None:
    benchmark.group = GROUP
    benchmark.name = "amortization equal-installment"
    rows = benchmark(_amortization_package)
    assert len(rows) == TERM
    assert rows[0].amount == pytest.approx(5307.27)


def _numpy_financial() -> tuple[Any, Any, Any]:
    rate = RATE / 12
    periods = np.arange(1, TERM + 1)
    payment = npf.pmt(rate, TERM, PRINCIPAL)
    interest = npf.ipmt(rate, periods, TERM, PRINCIPAL)
    principal = npf.ppmt(rate, periods, TERM, PRINCIPAL)
    return payment, interest, principal


def test_numpy_financial(benchmark: Any) -> None:
    benchmark.group = GROUP
    benchmark.name = "numpy-financial equal-installment"
    payment, interest, principal = benchmark(_numpy_financial)
    assert -payment == pytest.approx(5307.267206, abs=1e-6)
    assert -interest[0] == pytest.approx(4083.333333, abs=1e-6)
    assert -principal.sum() == pytest.approx(PRINCIPAL)


DAILY_GROUP = "360 monthly instalments: daily accrual against periodic, same run"

#: The first payment of the 1,000,000 annuity at 4.9 % from 2024-01-15 by each accrual.
#: Periodic: the published 5,307.27. By the day count the payment discounts the actual
#: days (31 days to 15 February: first interest 1e6 x 0.049 x 31 / 360 = 4,219.44 ACT/360,
#: x 31 / 365 = 4,161.64 ACT/365F, x 31 / 366 = 4,150.27 ACT/ACT ISDA in leap 2024).
DAILY_FIRST_INTEREST = {
    "periodic": Decimal("4083.33"),
    "ACT/360": Decimal("4219.44"),
    "ACT/365F": Decimal("4161.64"),
    "ACT/ACT ISDA": Decimal("4150.27"),
}


def _accrual_terms(name: str) -> lc.LoanTerms:
    terms = _terms(lc.Method.EQUAL_INSTALLMENT)
    if name == "periodic":
        return terms
    return terms.replace(accrual="daily", day_count=name)


@pytest.mark.parametrize("name", list(DAILY_FIRST_INTEREST))
def test_loancalc_daily_against_periodic(benchmark: Any, name: str) -> None:
    benchmark.group = DAILY_GROUP
    benchmark.name = f"loancalc equal-installment {name}"
    installments = benchmark(_loancalc_installments(_accrual_terms(name)))
    assert len(installments) == TERM
    assert installments[0].interest == DAILY_FIRST_INTEREST[name]
    assert sum(i.principal for i in installments) == PRINCIPAL
