"""Hypothesis properties of :func:`loancalc.assess` (issue 7, "Tests")."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

import loancalc as lc
from loancalc.servicing import EventKind, InstallmentStatus, assess_dates
from servicing_strategies import cases, rules, schedules

_ZERO = Decimal(0)


@given(cases())
def test_allocated_plus_credit_equals_paid(case) -> None:  # type: ignore[no-untyped-def]
    schedule, payments, as_of, rules_ = case
    state = lc.assess(schedule, payments, as_of, rules_)
    assert state.total_allocated + state.credit == state.total_paid
    assert state.total_paid == sum((p.amount for p in payments if p.date <= as_of), _ZERO)
    assert state.paid.total == state.total_allocated
    # per payment: what it paid plus what it carried as credit is its amount
    for payment in (p for p in payments if p.date <= as_of):
        allocated = sum(
            (
                e.amounts.total
                for e in state.events
                if e.kind is EventKind.PAYMENT_ALLOCATED and e.reference == payment.reference
            ),
            _ZERO,
        )
        carried = sum(
            (
                e.total
                for e in state.events
                if e.kind is EventKind.CREDIT_CARRIED and e.reference == payment.reference
            ),
            _ZERO,
        )
        assert allocated + carried == payment.amount


@given(cases())
def test_nothing_outstanding_is_negative(case) -> None:  # type: ignore[no-untyped-def]
    state = lc.assess(*case)
    for inst in state.installments:
        for group in (inst.charged, inst.paid, inst.waived, inst.outstanding):
            assert all(amount >= 0 for amount in group.as_tuple())
        assert inst.charged - inst.paid - inst.waived == inst.outstanding
    assert state.credit >= 0


def _on_time(schedule: lc.Schedule, delay: int = 0) -> list[lc.Payment]:
    return [
        lc.Payment(row.due_date + timedelta(days=delay), row.payment, f"I{row.number}")
        for row in schedule.installments
        if row.payment > 0
    ]


@given(schedules(), rules(), st.integers(0, 400))
def test_paying_every_instalment_on_its_due_date_costs_nothing_extra(
    schedule: lc.Schedule, rules_: lc.ServicingRules, days: int
) -> None:
    as_of = schedule.terms.start + timedelta(days=days)
    state = lc.assess(schedule, _on_time(schedule), as_of, rules_)
    assert state.penalty_interest == state.compound_interest == state.late_fees == 0
    assert state.days_past_due == 0
    assert state.bucket == "M0"
    assert not state.reportable
    assert state.amount_due == 0


@given(schedules(), rules(), st.data())
def test_paying_within_grace_is_the_same_as_paying_on_time(
    schedule: lc.Schedule, rules_: lc.ServicingRules, data: st.DataObject
) -> None:
    delay = data.draw(st.integers(0, rules_.grace.days))
    # a roll to the next business day only ever lengthens grace
    late = _on_time(schedule, delay)
    as_of = schedule.maturity + timedelta(days=data.draw(st.integers(10, 60)))
    on_time = lc.assess(schedule, _on_time(schedule), as_of, rules_)
    within = lc.assess(schedule, late, as_of, rules_)
    assert within.penalty_interest == within.compound_interest == within.late_fees == 0
    assert within.outstanding == on_time.outstanding
    assert within.credit == on_time.credit
    assert within.days_past_due == 0
    assert not within.reportable
    assert all(
        inst.status in (InstallmentStatus.PAID_ON_TIME, InstallmentStatus.PAID_WITHIN_GRACE)
        for inst in within.installments
    )


@given(cases(), st.integers(1, 200))
def test_charges_never_decrease_as_as_of_moves_later(case, later: int) -> None:  # type: ignore[no-untyped-def]
    schedule, payments, as_of, rules_ = case
    paid = [p for p in payments if p.date <= as_of]
    now = lc.assess(schedule, paid, as_of, rules_)
    then = lc.assess(schedule, paid, as_of + timedelta(days=later), rules_)
    assert then.penalty_interest >= now.penalty_interest
    assert then.compound_interest >= now.compound_interest
    assert then.late_fees >= now.late_fees
    assert then.days_past_due >= now.days_past_due or then.days_past_due == 0


@given(cases(), st.data())
def test_paying_the_same_amount_later_never_costs_less(case, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    schedule, payments, as_of, rules_ = case
    # Without a penalty cap: under one, the loan's exact accrual stops at the cap and is
    # rounded per instalment, so two timings may round to totals a cent apart.
    rules_ = rules_.replace(penalty=attrs.evolve(rules_.penalty, cap_amount=None, cap_share=None))
    payments = [p for p in payments if p.date <= as_of]
    if not payments:
        return
    index = data.draw(st.integers(0, len(payments) - 1))
    moved = payments[index]
    delay = data.draw(st.integers(1, max(1, (as_of - moved.date).days)))
    if moved.date + timedelta(days=delay) > as_of:
        return
    later = list(payments)
    later[index] = lc.Payment(moved.date + timedelta(days=delay), moved.amount, moved.reference)
    early = lc.assess(schedule, payments, as_of, rules_)
    late = lc.assess(schedule, later, as_of, rules_)
    assert late.total_outstanding - late.credit >= early.total_outstanding - early.credit


@given(cases(), st.randoms(use_true_random=False))
def test_the_order_payments_are_listed_in_does_not_matter(case, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    schedule, payments, as_of, rules_ = case
    shuffled = list(payments)
    rng.shuffle(shuffled)
    assert lc.assess(schedule, shuffled, as_of, rules_) == lc.assess(
        schedule, payments, as_of, rules_
    )


@given(cases())
def test_nothing_is_overdue_before_the_first_due_date(case) -> None:  # type: ignore[no-untyped-def]
    schedule, payments, _, rules_ = case
    first_due = schedule.installments[0].due_date
    as_of = schedule.terms.start + (first_due - schedule.terms.start) // 2
    state = lc.assess(schedule, payments, as_of, rules_)
    assert state.days_past_due == 0
    assert state.bucket == "M0"
    assert state.classification is lc.Classification.NORMAL
    assert state.amount_due == 0
    assert state.penalty_interest == state.late_fees == 0
    assert not state.reportable
    # a payment covering the settlement figure before then settles every instalment early
    expected = (
        InstallmentStatus.NOT_YET_DUE if state.settled_on is None else InstallmentStatus.SETTLED
    )
    assert all(i.status is expected for i in state.installments)


@given(cases())
def test_payoff_covers_everything_owed_on_the_day(case) -> None:  # type: ignore[no-untyped-def]
    schedule, payments, as_of, rules_ = case
    state = lc.assess(schedule, payments, as_of, rules_)
    payoff = state.payoff_amount()
    # the payoff is the amount due now plus the principal not yet due plus accrued
    # interest of the current period, less credit: never less than what is due now
    assert payoff >= state.amount_due - state.credit
    assert payoff <= state.total_outstanding - state.credit
    # paying it closes the loan on that day
    closing = [*payments, lc.Payment(as_of, payoff, "payoff")] if payoff > 0 else payments
    closed = lc.assess(schedule, closing, as_of, rules_)
    assert closed.amount_due == 0
    assert all(
        i.outstanding.principal == 0 for i in closed.installments if i.effective_due_date <= as_of
    )
    _ = date


@given(cases(), st.lists(st.integers(0, 250), min_size=1, max_size=6))
def test_assessing_many_dates_in_one_walk_equals_assessing_each(case, offsets) -> None:  # type: ignore[no-untyped-def]
    schedule, payments, _, rules_ = case
    days = [schedule.terms.start + timedelta(days=offset) for offset in offsets]
    states = assess_dates(schedule, payments, days, rules_)
    assert states == [lc.assess(schedule, payments, day, rules_) for day in days]
    assert [s.events for s in states] == [
        lc.assess(schedule, payments, day, rules_).events for day in days
    ]


def test_one_walk_after_a_settlement_equals_assessing_each_date() -> None:
    # An interest-only loan of 100 at 6 % settled on 2023-02-02 with its quote (100 + the
    # 0.50 of February, 100 x 6 % / 12, + 0.02 for the day after: 100.52): the rows of
    # the instalments not yet due change when the settlement rebates them, so one walk
    # must not reuse their earlier rows (it reported 0.50 still owed).
    schedule = lc.amortize(
        lc.LoanTerms(principal=100, annual_rate="6%", term=4, start=date(2023, 1, 1),
                     method="interest-only")
    )  # fmt: skip
    paid = [lc.Payment(date(2023, 2, 2), "100.52")]
    days = [date(2023, 2, 1), date(2023, 2, 2), date(2023, 3, 5)]
    states = assess_dates(schedule, paid, days)
    assert states == [lc.assess(schedule, paid, day) for day in days]
    assert states[1].total_outstanding == 0


@given(cases(), st.integers(0, 250), st.integers(1, 60))
def test_one_walk_across_a_settlement_equals_assessing_each(case, offset, after) -> None:  # type: ignore[no-untyped-def]
    schedule, payments, _, rules_ = case
    day = schedule.terms.start + timedelta(days=offset)
    payments = [p for p in payments if p.date <= day]
    quote = lc.assess(schedule, payments, day, rules_).payoff_amount()
    if quote > 0:
        payments = [*payments, lc.Payment(day, quote, "settle")]
    days = [day - timedelta(days=1), day, day + timedelta(days=after)]
    days = [d for d in days if d >= schedule.terms.start]
    states = assess_dates(schedule, payments, days, rules_)
    assert states == [lc.assess(schedule, payments, d, rules_) for d in days]
