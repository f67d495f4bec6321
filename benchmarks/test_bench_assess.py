"""Benchmarks of :func:`loancalc.assess` (issue 7, item 7).

A 360-instalment loan of 1,000,000 at 4.9 % a year with 360 payments, one in three of
them late (by 5 to 40 days), under a 3-day grace, a penalty of 1.5x with compound
interest and a late fee: assessed once at maturity (target: under 5 ms) and on 360
successive days (target: under 0.5 s in all), the latter through ``assess_dates``, which
walks the history once and takes a snapshot on each day (360 separate ``assess`` calls
give the same states but walk the history 360 times).

Run ``pytest benchmarks/test_bench_assess.py --benchmark-enable -p no:cacheprovider`` to
measure; without ``--benchmark-enable`` (the project default) each runs once as a smoke
test.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import loancalc as lc
from loancalc.servicing import (
    GracePolicy,
    LateFeePolicy,
    PenaltyPolicy,
    PenaltyRate,
    ServicingRules,
    assess_dates,
)

GROUP = "assess: 360 instalments, 360 payments, a third late"
SCHEDULE = lc.amortize(
    lc.LoanTerms(principal=1_000_000, annual_rate="4.9%", term=360, start=date(2024, 1, 15))
)
RULES = ServicingRules(
    grace=GracePolicy(days=3),
    penalty=PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True),
    late_fee=LateFeePolicy(kind="fixed", amount="50"),
)
PAYMENTS = [
    lc.Payment(
        row.due_date + timedelta(days=5 + (row.number * 7) % 36 if row.number % 3 == 0 else 0),
        row.payment + (100 if row.number % 3 == 0 else 0),  # late ones pay a little extra
        f"P{row.number}",
    )
    for row in SCHEDULE.installments
]
MATURITY = SCHEDULE.maturity + timedelta(days=60)


def test_assess_once(benchmark: Any) -> None:
    benchmark.group = GROUP
    state = benchmark(lc.assess, SCHEDULE, PAYMENTS, MATURITY, RULES)
    late = sum(1 for i in state.installments if i.status.value == "paid-late")
    assert late >= 120  # the late ones, and some a late one left short
    assert state.penalty_interest > 0
    assert state.total_allocated + state.credit == state.total_paid


#: 360 successive days ending 60 days after maturity (each a full history to walk).
DAYS = [MATURITY - timedelta(days=359 - k) for k in range(360)]


def test_assess_on_360_successive_dates(benchmark: Any) -> None:
    """One walk with a snapshot each day (``assess_dates``), equal to 360 ``assess`` calls."""
    benchmark.group = GROUP
    states = benchmark.pedantic(
        assess_dates, (SCHEDULE, PAYMENTS, DAYS, RULES), rounds=5, iterations=1
    )
    assert len(states) == 360
    assert states[-1] == lc.assess(SCHEDULE, PAYMENTS, DAYS[-1], RULES)
    assert states[100] == lc.assess(SCHEDULE, PAYMENTS, DAYS[100], RULES)


# The same days on the actual-balance basis (interest on the principal owed, day by day):
# one walk whose books are copied and finished on each day, against the scheduled walk.
BALANCE_RULES = RULES.replace(interest_basis="actual-balance")
BALANCE_SCHEDULE = lc.amortize(
    lc.LoanTerms(principal=1_000_000, annual_rate="4.9%", term=360, start=date(2024, 1, 15),
                 accrual="daily")
)  # fmt: skip
BALANCE_DAYS = [date(2030, 1, 1) + timedelta(days=k) for k in range(360)]


def test_actual_balance_on_360_successive_dates(benchmark: Any) -> None:
    """``assess_dates`` on the actual-balance basis, equal to 360 ``assess`` calls."""
    benchmark.group = "assess_dates: 360 days, actual-balance"
    states = benchmark.pedantic(
        assess_dates, (BALANCE_SCHEDULE, PAYMENTS[:70], BALANCE_DAYS, BALANCE_RULES),
        rounds=3, iterations=1,
    )  # fmt: skip
    assert len(states) == 360
    for day in (0, 180, 359):
        assert states[day] == lc.assess(
            BALANCE_SCHEDULE, PAYMENTS[:70], BALANCE_DAYS[day], BALANCE_RULES
        )
