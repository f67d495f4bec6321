"""What a restructuring leaves due is in every settlement quote of the plan until paid.

The flaw this pins down: with what is left due added to the first instalment, a quote
before that instalment fell due counted the first period's interest only as accrued and
none of its fees, so it left out what the restructuring had left due (11,113.08 quoted on
a debt of 11,513.30). A row due on signing (the default) is due at once; a first
instalment carrying the amount is asked for in full.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.restructuring import LeftDueRow, RestructuringRules
from loancalc.servicing import InterestBasis
from test_restructuring_coherence import plans

D = Decimal
LOAN = lc.amortize(
    lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
)
RULES = lc.ServicingRules(
    grace=lc.GracePolicy(days=3),
    penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5"), compound=True),
)
ON = date(2024, 4, 24)
STATE = lc.assess(LOAN, [lc.Payment(date(2024, 2, 15), "1100.16")], ON, RULES)
PLANS = RestructuringRules(allowed=True, kinds=("extend",), breach_days_past_due=30)


def test_a_row_due_on_signing_is_in_the_quote_and_paying_the_quote_settles() -> None:
    plan = lc.restructure(STATE, ON, term=24, kind="extend", rules=PLANS)
    day = date(2024, 4, 30)
    quote = lc.assess(plan.schedule, [], day, plan.agreement.rules).payoff_amount(day)
    # 11,079.84 of principal + 11,079.84 x 18 % x 6/360 = 33.2395 -> 33.24 accrued since
    # signing + the 400.22 left due (318.39 + 41.39 interest, 34.42 + 6.02 charges)
    assert quote == D("11079.84") + D("33.24") + D("400.22") == D("11513.30")
    status = lc.check_agreement(plan.agreement, [lc.Payment(day, quote)], date(2025, 1, 1))
    assert not status.breached
    assert status.plan.total_outstanding == 0
    assert status.plan.status == "settled"


def test_a_first_instalment_carrying_what_was_left_due_is_asked_for_in_full() -> None:
    rules = attrs.evolve(PLANS, left_due_row="first-instalment")
    plan = lc.restructure(STATE, ON, term=24, kind="extend", rules=rules)
    first = plan.schedule.installments[0]
    # its own interest 11,079.84 x 18 % x 21/360 = 116.34, plus 359.78 left due; 40.44 fee
    assert (first.interest, first.fee) == (D("476.12"), D("40.44"))
    day = date(2024, 4, 30)
    state = lc.assess(plan.schedule, [], day, plan.agreement.rules)
    # 11,079.84 + 476.12 + 40.44: nothing of the first instalment is rebated before it
    assert state.payoff_amount(day) == D("11596.40")
    settled = lc.assess(
        plan.schedule, [lc.Payment(day, "11596.40")], date(2025, 6, 1), plan.agreement.rules
    )
    assert (settled.status, settled.total_outstanding, settled.credit) == ("settled", 0, 0)
    # once the first instalment is due, the next period's interest counts as it accrues
    after = lc.assess(plan.schedule, [lc.Payment(first.due_date, first.payment)],
                      date(2024, 5, 25), plan.agreement.rules)  # fmt: skip
    second = plan.schedule.installments[1]
    # 10 days of the second period on its opening balance, at most its interest
    expected = (second.opening_balance * D("0.18") * 10 / 360).quantize(D("0.01"))
    assert after.payoff_amount() == second.opening_balance + expected


@settings(max_examples=100, deadline=None)
@given(plans(), st.integers(0, 20))
def test_every_quote_before_the_first_instalment_covers_the_debt_restructured(
    plan: lc.Restructuring, days: int
) -> None:
    if plan.kind.value == "re-age":  # a re-aged plan keeps the running period's interest
        return
    first = plan.schedule.installments[0]
    day = min(plan.on + timedelta(days=days), first.due_date - timedelta(days=1))
    if day < plan.on:
        return
    quote = lc.assess(plan.schedule, [], day, plan.agreement.rules).payoff_amount(day)
    # never less than the new principal and everything the restructuring left due
    assert quote >= plan.breakdown.new_principal + plan.breakdown.left_due
    where = plan.agreement.rules.interest_basis
    if (
        plan.agreement.left_due_row is not None
        and plan.schedule.installments[0].due_date > plan.on
        and where is InterestBasis.SCHEDULED
    ):  # carried in the first instalment: its interest and fees in full
        assert quote >= plan.breakdown.new_principal + first.interest + first.fee
    assert LeftDueRow.ON_SIGNING is RestructuringRules().left_due_row
