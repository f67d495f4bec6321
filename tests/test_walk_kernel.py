"""The servicing kernel (``loancalc.servicing.walk``): one walk for both interest bases.

What the kernel owns (the dates, the order of a day, grace and the late fee) must come
out the same on both bases for a loan whose interest does not differ between them (a
zero-rate loan: the bases then differ only in the books they keep). Expected figures
are worked by hand in the comments.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.servicing import EventKind
from loancalc.servicing.balance_walk import BalanceRun
from loancalc.servicing.engine import Run
from loancalc.servicing.walk import Walk

D = Decimal
BASES = ("scheduled", "actual-balance")
START = date(2024, 1, 1)


def _zero_rate_loan(fee: str = "0") -> lc.Schedule:
    # 1,200 at 0 % over 3 months from 2024-01-01: 400.00 of principal on 02-01, 03-01 and
    # 04-01, plus the per-period fee
    return lc.amortize(
        lc.LoanTerms(principal=1200, annual_rate=0, term=3, start=START, accrual="daily",
                     fees=lc.Fees(per_period=fee))
    )  # fmt: skip


def _rules(basis: str, late_fee: lc.LateFeePolicy, grace: int = 0) -> lc.ServicingRules:
    return lc.ServicingRules(
        interest_basis=basis, grace=lc.GracePolicy(days=grace), late_fee=late_fee
    )


def _fees(state: lc.LoanState) -> list[tuple[date, int | None, Decimal]]:
    return [
        (event.date, event.installment, event.amounts.late_fee)
        for event in state.events
        if event.kind is EventKind.LATE_FEE_CHARGED
    ]


def test_both_bases_are_strategies_of_the_one_walk() -> None:
    assert issubclass(Run, Walk)
    assert issubclass(BalanceRun, Walk)
    # every step the kernel asks for is given by each basis (none left abstract)
    assert not Run.__abstractmethods__
    assert not BalanceRun.__abstractmethods__


@pytest.mark.parametrize("basis", BASES)
def test_a_share_of_the_scheduled_payment_leaves_the_fee_out(basis: str) -> None:
    # Each row: 400.00 of principal + 10.00 of fee = 410.00. A late fee of 10 % of the
    # scheduled principal and interest (the US-mortgage base) is 10 % x 400.00 = 40.00 on
    # both bases (the actual-balance basis used to take 10 % of 410.00 = 41.00).
    policy = lc.LateFeePolicy(kind="share", share="0.1", base="scheduled")
    state = lc.assess(_zero_rate_loan("10"), [], date(2024, 2, 2), _rules(basis, policy))
    assert _fees(state) == [(date(2024, 2, 1), 1, D("40.00"))]


@pytest.mark.parametrize("basis", BASES)
def test_a_share_of_the_unpaid_amount_includes_the_fee(basis: str) -> None:
    # 300.00 paid of instalment 1 (410.00: fee first by both allocations, then
    # principal): 110.00 unpaid at the end of 02-01: 10 % = 11.00
    policy = lc.LateFeePolicy(kind="share", share="0.1", base="unpaid")
    paid = [lc.Payment(date(2024, 2, 1), "300")]
    state = lc.assess(_zero_rate_loan("10"), paid, date(2024, 2, 2), _rules(basis, policy))
    assert _fees(state) == [(date(2024, 2, 1), 1, D("11.00"))]


@pytest.mark.parametrize("basis", BASES)
def test_repeats_come_before_the_grace_fees_of_the_same_day(basis: str) -> None:
    # Grace 0, 10.00 every 29 days: instalment 1 on 02-01, 03-01 (repeat), 03-30; instalment
    # 2 on 03-01 (its grace ends) and 03-30; instalment 3 on 04-01. On 03-01 the repeat
    # due that day is charged first, then the fee of the instalment whose grace ends
    # (both bases: it matters where a total cap leaves room for only one).
    policy = lc.LateFeePolicy(kind="fixed", amount=10, repeat_days=29)
    state = lc.assess(_zero_rate_loan(), [], date(2024, 4, 2), _rules(basis, policy))
    assert [(day, number) for day, number, _ in _fees(state)] == [
        (date(2024, 2, 1), 1),
        (date(2024, 3, 1), 1),
        (date(2024, 3, 1), 2),
        (date(2024, 3, 30), 1),
        (date(2024, 3, 30), 2),
        (date(2024, 4, 1), 3),
    ]
    assert state.late_fees == D("60.00")


@pytest.mark.parametrize("basis", BASES)
def test_paying_on_the_last_day_of_grace_avoids_the_fee(basis: str) -> None:
    # Grace 3: instalment 1 (400.00, due 02-01) paid on 02-04, the last day of grace: no
    # fee; paid on 02-05: one fee of 25.00, charged at the end of 02-04
    policy = lc.LateFeePolicy(kind="fixed", amount=25)
    for paid_on, fees in ((date(2024, 2, 4), []), (date(2024, 2, 5), [(date(2024, 2, 4), 1,
                                                                       D("25.00"))])):  # fmt: skip
        paid = [lc.Payment(paid_on, "400")]
        state = lc.assess(_zero_rate_loan(), paid, date(2024, 2, 20), _rules(basis, policy, 3))
        assert _fees(state) == fees


@settings(max_examples=60, deadline=None)
@given(
    paid=st.lists(st.tuples(st.integers(0, 120), st.integers(1, 500)), max_size=5),
    as_of=st.integers(0, 130),
    grace=st.integers(0, 5),
)
def test_the_kernel_steps_agree_across_bases_on_a_zero_rate_loan(
    paid: list[tuple[int, int]], as_of: int, grace: int
) -> None:
    # At 0 % and with nothing charged for lateness the bases owe the same amounts: what
    # the kernel decides (which instalments are overdue, when grace ends) must agree.
    # (With late fees the bases may allocate a part-payment differently: the scheduled
    # basis pays instalment by instalment, the other over its balances.)
    payments = [lc.Payment(date.fromordinal(START.toordinal() + 1 + day), str(money))
                for day, money in paid]  # fmt: skip
    on = date.fromordinal(START.toordinal() + as_of)
    policy = lc.LateFeePolicy()
    states = [
        lc.assess(_zero_rate_loan(), payments, on, _rules(basis, policy, grace)) for basis in BASES
    ]
    scheduled, balance = states
    assert scheduled.days_past_due == balance.days_past_due
    # (money paid ahead is credit on the scheduled basis, principal paid on the other)
    net = [state.total_outstanding - state.credit for state in states]
    assert net[0] == net[1]
    grace_ends = [
        [(e.date, e.installment) for e in state.events if e.kind is EventKind.GRACE_ENDED]
        for state in states
    ]
    assert grace_ends[0] == grace_ends[1]


@settings(max_examples=60, deadline=None)
@given(
    as_of=st.integers(0, 200),
    grace=st.integers(0, 5),
    repeat=st.sampled_from([None, 7, 15, 30]),
    amount=st.sampled_from(["1", "5", "25"]),
    cap=st.sampled_from([None, "30", "100"]),
)
def test_late_fees_fall_due_on_the_same_days_on_both_bases(
    as_of: int, grace: int, repeat: int | None, amount: str, cap: str | None
) -> None:
    # Nothing paid: which fees fall due, when and on which instalment is the kernel's.
    policy = lc.LateFeePolicy(kind="fixed", amount=amount, repeat_days=repeat, cap_total=cap)
    on = date.fromordinal(START.toordinal() + as_of)
    fees = [_fees(lc.assess(_zero_rate_loan(), [], on, _rules(basis, policy, grace)))
            for basis in BASES]  # fmt: skip
    assert fees[0] == fees[1]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rounding": "daily"}, "penalty.rounding"),
        ({"cap_amount": "100"}, "penalty.cap_amount"),
        ({"cap_share": "0.1"}, "penalty.cap_share"),
    ],
)
def test_penalty_settings_the_balance_basis_does_not_apply_are_refused(
    changes: dict[str, str], field: str
) -> None:
    penalty = lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5"), **changes)
    # accepted on the scheduled basis, which applies them
    assert lc.ServicingRules(penalty=penalty).penalty == penalty
    with pytest.raises(lc.InvalidValueError) as caught:
        lc.ServicingRules(interest_basis="actual-balance", penalty=penalty)
    assert caught.value.field == field
    assert "actual-balance" in str(caught.value)
