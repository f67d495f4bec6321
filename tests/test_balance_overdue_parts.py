"""Which parts of the instalments stay overdue on the actual-balance basis: what the
instalments asked for, less what the loan has repaid of principal and of interest (first
asked, first repaid), within what they leave unpaid (issue 24; it used to follow the
label each payment got). A payment that only pays interest leaves the principal
overdue, so it cannot lower the penalty, which runs on overdue principal; and the same
money paid later never leaves less overdue."""

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


def test_the_same_payment_a_month_later_leaves_as_much_overdue() -> None:
    # 1,000 at 36.5 % ACT/365F (1.00 a day on 1,000) in 3 instalments of 353.76 from
    # 2024-01-01, interest first; penalty 2 x 36.5 %: 36.5 % above the contract rate,
    # 0.1 % a day on overdue principal. 350 paid on 01-02 (1.00 of interest, 349 of
    # principal: 651 left, paid ahead), and 10 either on 01-31 or on 03-01.
    # - 02-01: instalment 1 asks the period's interest, 1.00 + 651 x 0.001 x 30 = 20.53,
    #   and 333.23 of principal: the money ahead pays it (on 01-31) or all but 3.76.
    # - 03-01: instalment 2 asks the interest charged that no earlier one asked for, the
    #   period's 651 x 0.001 x 29 = 18.88, and 334.88 of principal, in both cases (it
    #   used to ask 38.41 of interest when the 10 came late, as if the 19.53 of interest
    #   the money ahead had covered were still to ask: 10 less principal bore penalty).
    #   Unpaid after the day: 353.76 x 2 - 360 = 347.52 either way.
    # - Overdue principal from 03-02: asked 333.23 + 334.88 = 668.11, less the 349 repaid:
    #   319.11 (within the 347.52 unpaid); none before (333.23 < 349). Penalty to 04-01:
    #   319.11 x 0.001 x 31 = 9.89241. From 04-02 the last instalment asks for the rest:
    #   1,000 asked, 349 repaid: 651 x 0.001 x 61 days to 06-01 = 39.711. In all 49.60341:
    #   49.60 whichever day the 10 was paid.
    schedule = lc.amortize(
        lc.LoanTerms(principal=1000, annual_rate="36.5%", term=3, start=date(2024, 1, 1),
                     accrual="daily", day_count="ACT/365F")
    )  # fmt: skip
    rules = _rules("interest-principal-penalties-fees").replace(
        penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="2"),
                                 day_count="ACT/365F")
    )  # fmt: skip
    first = lc.Payment(date(2024, 1, 2), "350")
    for day in (date(2024, 1, 31), date(2024, 3, 1)):
        paid = [first, lc.Payment(day, "10")]
        march = lc.assess(schedule, paid, date(2024, 3, 1), rules)
        assert march.installments[1].charged.interest == D("18.88")
        assert march.amount_due == D("347.52")
        state = lc.assess(schedule, paid, date(2024, 6, 1), rules)
        assert state.penalty_interest == D("49.60"), day
