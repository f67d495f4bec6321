"""Hypothesis properties of restructuring, deferral, prepayment and agreements."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import loancalc as lc
from loancalc.restructuring import DebtPart, RestructuringRules
from loancalc.restructuring.debt import debt_on
from servicing_strategies import cases, schedules

OPTIONAL = [p for p in DebtPart if p is not DebtPart.PRINCIPAL]
PLAN_RULES = RestructuringRules(
    allowed=True,
    kinds=("re-instalment", "extend"),
    waivable=("penalty-interest", "compound-interest", "late-fee", "interest"),
    capitalizable=("interest", "fee", "penalty-interest", "compound-interest", "late-fee"),
    breach_days_past_due=15,
    breach_missed_installments=2,
    reinstate_waived_on_breach=True,
    accelerate_on_breach=True,
)


KINDS = ("re-instalment", "re-age", "re-amortise", "extend")


@st.composite
def restructurings(
    draw: st.DrawFn, kinds: tuple[str, ...] = KINDS
) -> tuple[lc.LoanState, date, lc.Restructuring]:
    schedule, paid, as_of, rules = draw(cases())
    state = lc.assess(schedule, paid, as_of, rules)
    on = as_of + timedelta(days=draw(st.integers(0, 40)))
    waive = draw(st.sets(st.sampled_from(OPTIONAL)))
    capitalize = draw(st.sets(st.sampled_from(OPTIONAL))) - waive
    debt = debt_on(state, on)
    payable = debt.total - sum((debt.parts[p] for p in waive), Decimal(0)) - debt.credit
    assume(payable > Decimal("0.01"))
    share = draw(st.integers(0, 99))
    down = (payable * share / 100).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    kind = draw(st.sampled_from(kinds))
    left = len(debt.remaining)
    assume(left or kind in {"re-instalment", "re-age"})
    if kind == "re-age":  # the running period's interest stays in its instalment
        waive.discard(DebtPart.ACCRUED_INTEREST)
        capitalize.discard(DebtPart.ACCRUED_INTEREST)
    term = {
        "re-instalment": draw(st.integers(1, 24)),
        "re-age": draw(st.integers(1, 6)),
        "re-amortise": None,
        "extend": left + draw(st.integers(1, 12)),
    }[kind]
    try:
        result = lc.restructure(
            state,
            on,
            kind=kind,
            term=term,
            waive=waive,
            capitalize=capitalize,
            down_payment=down,
            annual_rate=None if kind == "re-age" else draw(st.sampled_from([None, "0", "12%"])),
        )
    except lc.InvalidValueError as error:  # the down payment (or credit) paid it all
        assume(error.field not in {"down_payment", "on"})
        # re-age: nothing overdue to move, or instalments not yet due already paid in part
        assume(kind != "re-age" or error.field not in {"kind"})
        raise
    return state, on, result


@given(restructurings())
def test_conservation_per_part(case: tuple[lc.LoanState, date, lc.Restructuring]) -> None:
    state, on, result = case
    b = result.breakdown
    for line in b.lines:
        assert (
            line.paid + line.carried + line.capitalized + line.waived + line.left_due == line.debt
        )
        assert min(line.paid, line.carried, line.capitalized, line.waived, line.left_due) >= 0
    principal = b.line("principal")
    # new principal == outstanding principal + capitalised - down payment applied to principal
    assert result.schedule.terms.principal == principal.debt + b.capitalized - principal.paid
    assert result.schedule.total_principal == result.schedule.terms.principal
    # the debt replaced is the payoff quote before netting the credit held
    assert b.debt - debt_on(state, on).credit == state.payoff_amount(on)
    assert b.paid == result.down_payment + result.credit_applied
    assert result.agreement.waived.total == b.waived


@given(restructurings(kinds=("re-age",)))
def test_re_age_keeps_the_instalments_not_yet_due(
    case: tuple[lc.LoanState, date, lc.Restructuring],
) -> None:
    state, on, result = case
    left = debt_on(state, on).remaining
    rows = list(result.schedule.installments)
    # what the re-age left due is a row of its own due on signing (the default
    # left_due_row): no principal, its interest and the rest in the fee column
    owed = result.agreement.left_due
    assert result.agreement.left_due_row == (1 if owed.total else None)
    if owed.total:
        signing = rows.pop(0)
        assert (signing.due_date, signing.principal) == (on, 0)
        assert (signing.interest, signing.fee) == (owed.interest, owed.total - owed.interest)
        assert signing.payment == owed.total
    # the instalments not yet due, unchanged but for their numbers
    assert [row._replace(number=0) for row in rows[: len(left)]] == [
        row._replace(number=0) for row in left
    ]
    # then the moved amounts: interest-free, after the last due date (or the date)
    moved = rows[len(left) :]
    assert moved
    assert all(row.interest == row.fee == 0 for row in moved)
    assert moved[0].due_date > (left[-1].due_date if left else on)
    b = result.breakdown
    overdue_principal = b.line("principal").debt - sum((row.principal for row in left), Decimal(0))
    assert sum((row.principal for row in moved), Decimal(0)) == (
        overdue_principal - b.line("principal").paid + b.capitalized
    )
    assert b.line("accrued-interest").carried == b.line("accrued-interest").debt


@given(restructurings())
def test_input_state_unchanged(case: tuple[lc.LoanState, date, lc.Restructuring]) -> None:
    state, _on, result = case
    again = lc.assess(state.schedule, state.payments, state.as_of, state.rules)
    assert again == state
    assert result.state is state


@given(cases(), st.integers(0, 40))
def test_debt_is_the_payoff(case: tuple, days: int) -> None:  # type: ignore[type-arg]
    schedule, paid, as_of, rules = case
    state = lc.assess(schedule, paid, as_of, rules)
    on = as_of + timedelta(days=days)
    debt = debt_on(state, on)
    assert debt.total - debt.credit == state.payoff_amount(on)


@st.composite
def current_loans(draw: st.DrawFn, least: int = 1) -> tuple[lc.Schedule, int]:
    terms = lc.LoanTerms(
        principal=Decimal(draw(st.integers(least * 100, 10**9))) / 100,
        annual_rate=draw(st.sampled_from(["0", "4.9%", "18%", "36%"])),
        term=draw(st.integers(2, 36)),
        # due days up to the 28th: a new schedule's due dates are anchored on its first
        # one, so an old cycle on the 29th to 31st is not kept after a short month
        start=date(2023, draw(st.integers(1, 12)), draw(st.integers(1, 28))),
        method=draw(st.sampled_from(["equal-installment", "equal-principal", "interest-only"])),
        accrual=draw(st.sampled_from(["periodic", "daily"])),
    )
    schedule = lc.amortize(terms)
    return schedule, draw(st.integers(0, terms.term - 1))


@given(current_loans())
def test_same_terms_reproduce_the_remaining_schedule(case: tuple[lc.Schedule, int]) -> None:
    schedule, paid_count = case
    rows = schedule.installments
    on = schedule.terms.start if paid_count == 0 else rows[paid_count - 1].due_date
    paid = [lc.Payment(r.due_date, r.payment) for r in rows[:paid_count] if r.payment]
    assume(rows[paid_count].opening_balance > 0)
    state = lc.assess(schedule, paid, on)
    result = lc.restructure(
        state, on, term=len(rows) - paid_count, first_due=rows[paid_count].due_date, capitalize=()
    )
    fields = ("due_date", "days", "opening_balance", "principal", "interest", "payment")
    new = [tuple(getattr(row, f) for f in fields) for row in result.schedule.installments]
    old = [tuple(getattr(row, f) for f in fields) for row in rows[paid_count:]]
    assert new == old
    assert result.breakdown.capitalized == result.breakdown.waived == 0


@given(cases(), st.integers(0, 40))
def test_full_prepayment_leaves_zero_and_equals_the_payoff(case: tuple, days: int) -> None:  # type: ignore[type-arg]
    schedule, paid, as_of, rules = case
    state = lc.assess(schedule, paid, as_of, rules)
    on = as_of + timedelta(days=days)
    payoff = state.payoff_amount(on)
    assume(payoff > 0)
    fee = lc.restructuring.PrepaymentFee(kind="share", value="1%")
    result = lc.prepay(state, on, payoff, rules=fee)
    assert result.remaining_principal == 0
    assert result.schedule is None
    assert result.amount == payoff
    credit = debt_on(state, on).credit  # the credit held on ``on``
    assert result.breakdown.left_due == 0
    assert result.breakdown.paid == payoff + credit
    assert result.total == payoff + fee.amount(result.principal_prepaid, schedule.terms.annual_rate)
    with pytest.raises(lc.InvalidValueError) as error:
        lc.prepay(state, on, payoff + Decimal("0.01"))
    assert error.value.field == "amount"


@given(current_loans(), st.integers(1, 99), st.sampled_from(["reduce-term", "reduce-payment"]))
def test_partial_prepayment(case: tuple[lc.Schedule, int], share: int, mode: str) -> None:
    schedule, paid_count = case
    rows = schedule.installments
    on = schedule.terms.start if paid_count == 0 else rows[paid_count - 1].due_date
    paid = [lc.Payment(r.due_date, r.payment) for r in rows[:paid_count] if r.payment]
    state = lc.assess(schedule, paid, on)
    balance = rows[paid_count].opening_balance
    amount = (balance * share / 100).quantize(Decimal("0.01"))
    assume(0 < amount < balance)
    result = lc.prepay(state, on, amount, mode=mode)
    assert result.schedule is not None
    left = len(rows) - paid_count
    # reduce-term never lengthens the loan; reduce-payment keeps the due dates
    assert len(result.schedule) <= left
    assert result.schedule.maturity <= schedule.maturity
    if mode == "reduce-payment":
        assert [r.due_date for r in result.schedule] == [r.due_date for r in rows[paid_count:]]
    assert result.schedule.terms.principal == balance - amount == result.remaining_principal


# from 1,000: a cent's rounding per instalment never outweighs a holiday's interest
@given(current_loans(least=1000), st.integers(1, 6))
def test_capitalised_deferral_never_lowers_interest(case: tuple[lc.Schedule, int], n: int) -> None:
    schedule, paid_count = case
    rows = schedule.installments
    on = schedule.terms.start if paid_count == 0 else rows[paid_count - 1].due_date
    paid = [lc.Payment(r.due_date, r.payment) for r in rows[:paid_count] if r.payment]
    state = lc.assess(schedule, paid, on)
    deferred = lc.defer(state, on, n, interest="capitalize")
    plain = lc.restructure(
        state, on, term=len(rows) - paid_count, first_due=rows[paid_count].due_date
    )
    principal = deferred.schedule.terms.principal
    assert principal == plain.schedule.terms.principal
    cost = deferred.schedule.total_payment - principal
    assert cost >= plain.schedule.total_payment - principal
    assert cost >= plain.schedule.total_interest
    assert len(deferred.schedule) == len(rows) - paid_count + n
    assert deferred.holiday_interest == deferred.schedule.total_capitalized_interest


@st.composite
def plans(draw: st.DrawFn) -> lc.Restructuring:
    schedule, paid, as_of, rules = draw(cases())
    state = lc.assess(schedule, paid, as_of, rules)
    assume(state.total_outstanding > 1)
    waive = draw(st.sets(st.sampled_from(["penalty-interest", "compound-interest", "late-fee"])))
    capitalize = draw(st.sampled_from([None, ()]))
    try:
        return lc.restructure(
            state,
            as_of,
            term=draw(st.integers(1, 12)),
            waive=waive,
            capitalize=capitalize,
            rules=PLAN_RULES,
        )
    except lc.InvalidValueError as error:  # credit held paid everything
        assume(error.field not in {"down_payment", "on"})
        raise


@given(plans(), st.integers(0, 400))
def test_agreement_kept_on_time_is_never_breached(plan: lc.Restructuring, days: int) -> None:
    agreement = plan.agreement
    # what was left due on signing is a row of the plan (its first instalment by default)
    paid = [lc.Payment(row.due_date, row.payment) for row in plan.schedule if row.payment]
    as_of = agreement.date + timedelta(days=days)
    status = lc.check_agreement(agreement, paid, as_of)
    assert not status.breached
    assert status.breach_date is None
    assert status.reinstated.total == 0
    assert status.accelerated == 0


@given(plans(), st.integers(0, 400))
def test_breach_reinstates_what_was_waived(plan: lc.Restructuring, days: int) -> None:
    agreement = plan.agreement
    as_of = plan.schedule.installments[0].due_date + timedelta(days=days)
    status = lc.check_agreement(agreement, [], as_of)
    # the first instalment asking for money, from its due date as the plan's grace rules
    # move it (off a weekend when they roll due dates)
    first_due = next(
        inst.effective_due_date
        for inst, row in zip(status.plan.installments, plan.schedule, strict=True)
        if row.payment
    )
    owes_now = bool(agreement.left_due) and agreement.left_due_row is None
    if status.breached:
        assert status.reinstated == agreement.waived
        assert status.breach_date is not None
        assert status.breach_date <= as_of
        assert status.accelerated > 0
        # assessed after the breach, the accelerated and reinstated amounts are overdue
        # from the breach date (and only grow with penalty interest after it)
        assert status.breach_schedule is not None
        assert status.after_breach is not None
        on_breach = lc.assess(status.breach_schedule, [], status.breach_date, status.breach_rules)
        assert on_breach.amount_due == status.owed_on_breach == status.due_on_breach.total
        assert status.after_breach.amount_due >= status.owed_on_breach
        assert status.after_breach.outstanding.principal == status.due_on_breach.principal
    else:
        # nothing paid: breached once the first obligation is 15 days past due
        assert as_of < (agreement.date if owes_now else first_due) + timedelta(days=15)


@given(schedules(), st.integers(0, 5))
def test_zero_or_negative_deferral_refused(schedule: lc.Schedule, minus: int) -> None:
    state = lc.assess(schedule, [], schedule.terms.start)
    with pytest.raises(lc.InvalidValueError) as error:
        lc.defer(state, schedule.terms.start, -minus)
    assert error.value.field == "periods"
