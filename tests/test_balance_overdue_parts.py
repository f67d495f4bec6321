"""Which parts of the instalments stay overdue on the actual-balance basis follows where
the money went (kernel review): a payment that only pays interest leaves the principal
overdue, so it cannot lower the penalty, which runs on overdue principal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import loancalc as lc

D = Decimal


def _rules(allocation: str) -> lc.ServicingRules:
    return lc.ServicingRules(
        interest_basis="actual-balance",
        penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5")),
        allocation=allocation,
    )


def test_a_payment_of_interest_only_leaves_the_penalty_as_if_nothing_was_paid() -> None:
    # 1,000 at 36 % (0.1 % a day, ACT/360) in 3 instalments from 2024-01-01; the first two
    # are missed. On 2024-03-01 the interest of both (all the interest owed that day: the
    # period just ended) is paid, interest first: not a cent of principal. Penalty runs
    # on overdue principal only (no compound interest), so it is what it is with nothing
    # paid. (It used to count the payment against the first instalment, interest then
    # principal, and the penalty fell.)
    schedule = lc.amortize(
        lc.LoanTerms(principal=1000, annual_rate="36%", term=3, start=date(2024, 1, 1),
                     accrual="daily")
    )  # fmt: skip
    first, second = schedule.installments[:2]
    interest = first.interest + second.interest
    rules = _rules("interest-principal-penalties-fees")
    paid = lc.assess(schedule, [lc.Payment(date(2024, 3, 1), interest)], date(2024, 3, 21), rules)
    unpaid = lc.assess(schedule, [], date(2024, 3, 21), rules)
    assert paid.paid.principal == 0
    assert paid.paid.interest == interest
    assert paid.penalty_interest == unpaid.penalty_interest > 0
    assert paid.outstanding.principal == unpaid.outstanding.principal == D("1000.00")


def test_paying_later_does_not_cost_less_when_the_payment_only_pays_charges() -> None:
    # The counterexample hypothesis found: 1,076.10 at 39.63 %, 8 months, every instalment
    # missed but one payment of 155.39 (all of it to penalty and interest), made on
    # 2023-08-04 or 28 days later. Paying later cost 0.03 less; now the same.
    schedule = lc.amortize(
        lc.LoanTerms(principal="1076.10", annual_rate="0.3963", term=8, start=date(2023, 1, 1),
                     accrual="daily")
    )  # fmt: skip
    rules = _rules("penalties-fees-interest-principal")

    def costs(day: date) -> Decimal:
        state = lc.assess(schedule, [lc.Payment(day, "155.39")], date(2023, 11, 30), rules)
        assert state.paid.principal == 0
        return sum(state.charged.as_tuple()[1:], D(0))

    assert costs(date(2023, 9, 1)) >= costs(date(2023, 8, 4))
