"""``assess_dates`` on the actual-balance basis walks the loan once: each state equals
the separate assessment on its day, whatever the rules (caps, windows, promotions, late
fees, penalty, overpayment rules)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from balance_strategies import cases


@settings(max_examples=120, deadline=None)
@given(case=cases(extras=True), offsets=st.lists(st.integers(0, 500), min_size=1, max_size=6))
def test_one_walk_equals_an_assessment_on_each_day(case: Any, offsets: list[int]) -> None:
    schedule, paid, _, rules = case
    start = schedule.terms.start
    days = [start + timedelta(days=offset) for offset in offsets]
    together = lc.servicing.assess_dates(schedule, paid, days, rules)
    separate = [lc.assess(schedule, paid, day, rules) for day in days]
    for day, one, other in zip(days, together, separate, strict=True):
        assert one == other, day
        assert one.statement == other.statement
        assert one.events == other.events
        assert one.payoff_amount(day) == other.payoff_amount(day)


def test_a_year_of_days_on_a_credit_line() -> None:
    product = lc.products.get("cn-daily-rate-credit-line")
    schedule = lc.amortize(product.terms(principal=10000, term=12, start=date(2024, 1, 15)))
    paid = [lc.Payment(row.due_date, row.payment) for row in schedule.installments[:3]]
    paid.append(lc.Payment(date(2024, 7, 2), "500"))
    days = [date(2024, 1, 15) + timedelta(days=n) for n in range(0, 366, 7)]
    together = lc.servicing.assess_dates(schedule, paid, days, product)
    assert together == [lc.assess(schedule, paid, day, product) for day in days]
