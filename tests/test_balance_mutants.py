"""Worked examples aimed at the mutants the other actual-balance tests let survive.

Each expected number is computed by hand in the comments (never by the engine). The loan
of most examples is the one of ``test_balance_engine.py``: 1,200 at 36 % a year (0.1 % a
day on ACT/360), three monthly instalments of 424.51 from 2024-01-01 (due 02-01, 03-01,
04-01), daily accrual; instalment 1 is 37.20 of interest (1,200 x 0.1 % x 31) and 387.31
of principal. Tests are grouped by feature: events, the statement and totals, waivers,
late fees, status and delinquency, demands, penalty, interest-free days, caps.
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

import loancalc as lc
from loancalc.errors import InvalidValueError
from loancalc.servicing import EventKind, Waiver
from test_balance_engine import START, _rules, _schedule

D = Decimal
PENALTY = lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5"), compound=True)


def _pay(day: date, amount: str, reference: str | None = None) -> lc.Payment:
    return lc.Payment(day, amount, reference=reference)


def _assess(
    payments: list[lc.Payment],
    as_of: date,
    *,
    schedule: lc.Schedule | None = None,
    waivers: list[Waiver] | None = None,
    **rules: object,
) -> lc.LoanState:
    return lc.assess(
        schedule or _schedule(), payments, as_of, _rules(**rules), waivers=waivers or []
    )


def _events(state: lc.LoanState, kind: EventKind) -> list[lc.servicing.Event]:
    return [event for event in state.events if event.kind is kind]


def _hit(state: lc.LoanState) -> tuple[object, ...]:
    (hit,) = state.cap_hits
    return (hit.cap, hit.first_on, hit.last_on, hit.amount_cut)


# --------------------------------------------------------------------------------------
# Events, statement lines and totals of payments
# --------------------------------------------------------------------------------------


def _paid_ahead_then_late() -> lc.LoanState:
    # 100 on 01-11 (p1): interest 1,200 x 0.1 % x 10 = 12.00 first, 88.00 of principal;
    # nothing is due yet, so all 100 is paid ahead. 02-01: 1,112 x 0.1 % x 21 = 23.352 ->
    # 23.35; instalment 1 is the period's interest, 12.00 + 23.35 = 35.35 (16:50 rule: not
    # capped by the 23.35 balance), and 424.51 - 35.35 = 389.16 of principal; the 100 ahead
    # covers the interest, then 64.65 of principal: 324.51 unpaid when grace (0 days) ends.
    # 02-10: 1,112 x 0.1 % x 9 = 10.008 -> 10.01; 30 (p2) pays interest (33.36 owed).
    payments = [_pay(date(2024, 1, 11), "100", "p1"), _pay(date(2024, 2, 10), "30", "p2")]
    return _assess(payments, date(2024, 2, 10))


def test_interest_events_carry_their_day_amount_and_start() -> None:
    state = _paid_ahead_then_late()
    accrued = _events(state, EventKind.INTEREST_ACCRUED)
    assert [(e.date, e.amounts.interest, e.start) for e in accrued] == [
        (date(2024, 1, 11), D("12.00"), START),
        (date(2024, 2, 1), D("23.35"), date(2024, 1, 11)),
        (date(2024, 2, 10), D("10.01"), date(2024, 2, 1)),
    ]
    assert all(e.installment is None and e.amounts.principal == 0 for e in accrued)


def test_payment_events_carry_day_amount_reference_and_split() -> None:
    state = _paid_ahead_then_late()
    received = _events(state, EventKind.PAYMENT_RECEIVED)
    assert [(e.date, e.amount, e.reference) for e in received] == [
        (date(2024, 1, 11), D("100"), "p1"),
        (date(2024, 2, 10), D("30"), "p2"),
    ]
    allocated = _events(state, EventKind.PAYMENT_ALLOCATED)
    assert [(e.date, e.amount, e.reference, e.installment) for e in allocated] == [
        (date(2024, 1, 11), D("100"), "p1", None),
        (date(2024, 2, 10), D("30"), "p2", None),
    ]
    assert (allocated[0].amounts.principal, allocated[0].amounts.interest) == (
        D("88.00"),
        D("12.00"),
    )
    assert (allocated[1].amounts.principal, allocated[1].amounts.interest) == (0, D("30"))


def test_due_and_grace_events_name_the_instalment_and_its_parts() -> None:
    state = _paid_ahead_then_late()
    (due,) = _events(state, EventKind.INSTALLMENT_DUE)
    assert (due.date, due.installment) == (date(2024, 2, 1), 1)
    assert (due.amounts.principal, due.amounts.interest, due.amounts.fee) == (
        D("389.16"),
        D("35.35"),
        0,
    )
    (ended,) = _events(state, EventKind.GRACE_ENDED)
    assert (ended.date, ended.installment) == (date(2024, 2, 1), 1)
    # 389.16 - 64.65 of principal unpaid, the interest covered by the money paid ahead
    assert (ended.amounts.principal, ended.amounts.interest) == (D("324.51"), 0)


def test_statement_lines_show_each_days_movements_and_balances() -> None:
    state = _paid_ahead_then_late()
    start, paid, due, late = state.statement
    assert (start.date, start.days, start.balance) == (START, 0, D("1200.00"))
    assert (paid.date, paid.days, paid.paid, paid.interest, paid.principal) == (
        date(2024, 1, 11),
        10,
        D("100.00"),
        D("12.00"),
        D("1112.00"),
    )
    assert (due.days, due.scheduled, due.paid, due.arrears) == (21, D("424.51"), 0, D("324.51"))
    assert due.balance == D("1135.35")  # 1,112.00 + 23.35
    # 02-10: 23.35 + 10.01 - 30 = 3.36 of interest; 324.51 - 30 in arrears
    assert (late.days, late.scheduled, late.paid, late.interest, late.charges) == (
        9,
        0,
        D("30.00"),
        D("10.01"),
        0,
    )
    assert (late.principal, late.interest_balance, late.charges_balance) == (
        D("1112.00"),
        D("3.36"),
        0,
    )
    assert (late.arrears, late.balance) == (D("294.51"), D("1115.36"))


def test_totals_paid_and_allocated_add_up_every_payment() -> None:
    state = _paid_ahead_then_late()
    assert (state.total_paid, state.total_allocated) == (D("130"), D("130"))


def test_two_payments_on_one_day_are_both_on_its_line() -> None:
    # 02-05: 37.20 + 1,200 x 0.1 % x 4 = 42.00 of interest; 20 and 30 pay it, then 8.00 of
    # principal. Instalment 1 is covered interest first: 20, then 17.20 and 12.80.
    payments = [_pay(date(2024, 2, 5), "20"), _pay(date(2024, 2, 5), "30")]
    state = _assess(payments, date(2024, 2, 5))
    assert state.statement[-1].paid == D("50.00")
    first = state.installments[0]
    assert (first.paid.interest, first.paid.principal) == (D("37.20"), D("12.80"))
    assert first.outstanding.principal == D("374.51")  # 387.31 - 12.80
    assert state.outstanding.principal == D("1192.00")


# --------------------------------------------------------------------------------------
# Overpayment: credit
# --------------------------------------------------------------------------------------


def test_credit_is_carried_and_applied_with_its_events() -> None:
    # "credit": 800 on 01-16 with nothing due is all held (c1). 02-01: instalment 1
    # (37.20 interest, 387.31 principal) is paid from the credit: 375.49 left. 02-10: 10
    # more (c2): 10 + 375.49 is less than owed (812.69 + 812.69 x 0.1 % x 9 = 7.31), and
    # nothing is in arrears, so the 10 is held too: 385.49 of credit.
    payments = [_pay(date(2024, 1, 16), "800", "c1"), _pay(date(2024, 2, 10), "10", "c2")]
    state = _assess(payments, date(2024, 2, 10), overpayment="credit")
    carried = _events(state, EventKind.CREDIT_CARRIED)
    assert [(e.date, e.amount, e.reference) for e in carried] == [
        (date(2024, 1, 16), D("800"), "c1"),
        (date(2024, 2, 10), D("10"), "c2"),
    ]
    (applied,) = _events(state, EventKind.CREDIT_APPLIED)
    assert (applied.date, applied.amount, applied.reference) == (
        date(2024, 2, 1),
        D("424.51"),
        None,
    )
    assert (applied.amounts.interest, applied.amounts.principal) == (D("37.20"), D("387.31"))
    assert state.credit == D("385.49")
    assert state.statement[-1].balance == D("812.69") + D("7.31") - D("385.49")


def test_a_payment_after_a_refund_is_due_is_carried_alone() -> None:
    # "reduce-principal": 2,000 on 01-16 against 1,218.00 leaves 782.00 to refund; 5 more
    # on 01-20 finds nothing owed: only those 5 are carried (787.00 in all).
    payments = [_pay(date(2024, 1, 16), "2000", "a"), _pay(date(2024, 1, 20), "5", "b")]
    state = _assess(payments, date(2024, 1, 20))
    carried = _events(state, EventKind.CREDIT_CARRIED)
    assert [(e.date, e.amount, e.reference) for e in carried] == [
        (date(2024, 1, 16), D("782.00"), "a"),
        (date(2024, 1, 20), D("5"), "b"),
    ]
    assert state.credit == D("787.00")
    assert (state.total_paid, state.total_allocated) == (D("2005"), D("1218.00"))


# --------------------------------------------------------------------------------------
# Waivers
# --------------------------------------------------------------------------------------


def test_partial_waivers_add_up_and_each_has_a_line_and_an_event() -> None:
    # Interest by 02-05: 37.20 + 4.80 = 42.00; 10 waived on 02-05, 5 on 02-07.
    waivers = [
        Waiver(date=date(2024, 2, 5), component="interest", amount="10"),
        Waiver(date=date(2024, 2, 7), component="interest", amount="5"),
    ]
    state = _assess([], date(2024, 2, 10), waivers=waivers)
    assert state.waived.interest == D("15")
    # 37.20 + 1,200 x 0.1 % x 9 = 48.00 charged, 15 waived
    assert state.outstanding.interest == D("33.00")
    assert [line.date for line in state.statement] == [
        START,
        date(2024, 2, 1),
        date(2024, 2, 5),
        date(2024, 2, 7),
        date(2024, 2, 10),
    ]
    waived = _events(state, EventKind.WAIVED)
    assert [(e.date, e.amounts.interest, e.installment) for e in waived] == [
        (date(2024, 2, 5), D("10"), None),
        (date(2024, 2, 7), D("5"), None),
    ]
    assert state.statement[-1].arrears == D("409.51")  # 424.51 - 15


def test_a_waiver_covering_an_instalment_pays_it_on_its_day() -> None:
    # 424.51 of principal waived on 02-01 covers instalment 1 (interest part first).
    waiver = Waiver(date=date(2024, 2, 1), component="principal", amount="424.51")
    state = _assess([], date(2024, 2, 10), waivers=[waiver])
    first = state.installments[0]
    assert (first.status.value, first.paid_in_full_on) == ("paid-on-time", date(2024, 2, 1))
    assert state.outstanding.principal == D("775.49")


def test_a_waiver_larger_than_the_balance_is_refused_naming_it() -> None:
    waiver = Waiver(date=date(2024, 1, 11), component="fee", amount="5")
    with pytest.raises(InvalidValueError) as caught:
        _assess([], date(2024, 2, 1), waivers=[waiver])
    assert caught.value.field == "waiver.amount"
    assert caught.value.value == D("5")
    assert caught.value.accepted == "at most the fee outstanding on 2024-01-11 (0.00)"


# --------------------------------------------------------------------------------------
# Late fees
# --------------------------------------------------------------------------------------


def _late(policy: lc.LateFeePolicy, as_of: date = date(2024, 2, 5)) -> lc.LoanState:
    # 200 on 01-11 is paid ahead: instalment 1 lacks 424.51 - 200 = 224.51 when its grace
    # (0 days) ends on 02-01.
    return _assess([_pay(date(2024, 1, 11), "200")], as_of, late_fee=policy)


def test_a_late_fee_share_of_the_unpaid_part() -> None:
    state = _late(lc.LateFeePolicy(kind="share", share="10%", base="unpaid"))
    assert state.late_fees == D("22.45")  # 224.51 x 10 % = 22.451


def test_a_late_fee_share_of_the_scheduled_payment() -> None:
    state = _late(lc.LateFeePolicy(kind="share", share="10%", base="scheduled"))
    assert state.late_fees == D("42.45")  # 424.51 x 10 % = 42.451


def test_a_late_fee_is_raised_to_its_minimum() -> None:
    state = _late(lc.LateFeePolicy(kind="share", share="1%", minimum=5))
    assert state.late_fees == D("5")  # 224.51 x 1 % = 2.25, less than 5


def test_a_late_fee_is_cut_to_its_maximum() -> None:
    state = _late(lc.LateFeePolicy(kind="share", share="10%", base="scheduled", maximum=30))
    assert state.late_fees == D("30")  # 42.45, more than 30


def test_late_fees_stop_at_their_total_and_a_nil_fee_is_not_an_event() -> None:
    # 25 on 02-01, 02-11, then 60 - 50 = 10 on 02-21; 03-02 and instalment 2 (03-01) get 0.
    policy = lc.LateFeePolicy(kind="fixed", amount=25, repeat_days=10, cap_total=60)
    state = _late(policy, date(2024, 3, 5))
    charged = _events(state, EventKind.LATE_FEE_CHARGED)
    assert [(e.date, e.installment, e.amounts.late_fee) for e in charged] == [
        (date(2024, 2, 1), 1, D("25")),
        (date(2024, 2, 11), 1, D("25")),
        (date(2024, 2, 21), 1, D("10")),
    ]
    assert state.late_fees == D("60")
    assert [line.charges for line in state.statement if line.charges] == [25, 25, 10]


def test_a_repeated_late_fee_falling_on_the_as_of_is_charged_when_the_day_ends() -> None:
    # 02-01, 02-11 and 02-21, each at the end of its day. As of 02-21 the day is not over:
    # 2 x 25, none on its line, and 224.51 + 50 due (paying that day avoids the third).
    policy = lc.LateFeePolicy(kind="fixed", amount=25, repeat_days=10)
    on_the_day = _late(policy, date(2024, 2, 21))
    assert on_the_day.late_fees == D("50")
    assert (on_the_day.statement[-1].date, on_the_day.statement[-1].charges) == (
        date(2024, 2, 21),
        D(0),
    )
    assert on_the_day.amount_due == D("274.51")
    # as of 02-22: 3 x 25, the third dated 02-21 and on 02-21's line
    state = _late(policy, date(2024, 2, 22))
    assert state.late_fees == D("75")
    charged = _events(state, EventKind.LATE_FEE_CHARGED)
    assert [(e.date, e.amounts.late_fee) for e in charged] == [
        (date(2024, 2, 1), D("25")),
        (date(2024, 2, 11), D("25")),
        (date(2024, 2, 21), D("25")),
    ]
    (line,) = [line for line in state.statement if line.date == date(2024, 2, 21)]
    assert line.charges == D("25")


def test_repeats_of_two_instalments_on_one_day_are_charged_once_each() -> None:
    # Grace 0, 10 every 29 days: instalment 1 on 02-01, 03-01, 03-30; instalment 2 on
    # 03-01, 03-30; instalment 3 on 04-01 (at the end of that day: as of 04-01 five fees,
    # as of 04-02 six).
    policy = lc.LateFeePolicy(kind="fixed", amount=10, repeat_days=29)
    expected = [
        (date(2024, 2, 1), 1),
        (date(2024, 3, 1), 1),
        (date(2024, 3, 1), 2),
        (date(2024, 3, 30), 1),
        (date(2024, 3, 30), 2),
        (date(2024, 4, 1), 3),
    ]
    on_the_day = _assess([], date(2024, 4, 1), late_fee=policy)
    charged = _events(on_the_day, EventKind.LATE_FEE_CHARGED)
    assert [(e.date, e.installment) for e in charged] == expected[:5]
    assert on_the_day.late_fees == D("50")
    state = _assess([], date(2024, 4, 2), late_fee=policy)
    charged = _events(state, EventKind.LATE_FEE_CHARGED)
    assert [(e.date, e.installment) for e in charged] == expected
    assert state.late_fees == D("60")


def test_a_small_late_fee_is_cut_by_an_exhausted_total_cap() -> None:
    # Total cap 3 % of 1,200 = 36.00; 37.20 of interest wanted by 02-01 (36.00 charged);
    # the 0.50 late fee at the end of 02-01 finds no room: nothing is charged.
    policy = lc.LateFeePolicy(kind="fixed", amount="0.50")
    caps = lc.CostCaps(total_share="3%")
    # 36 / 37.20 of the 31 days (30 days) accrued in full: cut from 02-01. As of 02-01
    # the fee is not due yet: only the 1.20 of interest is cut.
    on_the_day = _assess([], date(2024, 2, 1), late_fee=policy, caps=caps)
    assert _hit(on_the_day) == ("total", date(2024, 2, 1), date(2024, 2, 1), D("1.2"))
    state = _assess([], date(2024, 2, 2), late_fee=policy, caps=caps)
    assert state.late_fees == 0
    assert state.outstanding.interest == D("36.00")
    assert _events(state, EventKind.LATE_FEE_CHARGED) == []
    # as of 02-02: 1.20 + the 0.50 fee (02-01) + 02-02's 1,200 x 0.1 % = 1.20 of interest
    assert _hit(state) == ("total", date(2024, 2, 1), date(2024, 2, 2), D("2.9"))


# --------------------------------------------------------------------------------------
# Status, days past due, delinquency, reporting, amount due
# --------------------------------------------------------------------------------------


def test_days_past_due_count_from_the_grace_end() -> None:
    # Grace 5: ends 02-06; on 02-20 instalment 1 is 14 days past due counted from there.
    table = lc.DelinquencyTable(count_from="grace-end")
    state = _assess([], date(2024, 2, 20), grace=lc.GracePolicy(days=5), delinquency=table)
    assert state.days_past_due == 14
    assert state.installments[0].days_past_due == 14
    assert (state.bucket, state.classification.value) == ("M1", "special-mention")
    # counted from the due date: 19 days
    plain = _assess([], date(2024, 2, 20), grace=lc.GracePolicy(days=5))
    assert plain.days_past_due == plain.installments[0].days_past_due == 19


def test_an_overdue_instalment_is_reportable_after_the_set_days() -> None:
    grace = lc.GracePolicy(days=5)
    # 19 days past due, more than 10, grace over: reportable
    state = _assess([], date(2024, 2, 20), grace=grace, report_after_days=10)
    assert state.reportable is True
    assert [i.reportable for i in state.installments] == [True, False, False]
    # exactly 19 days: not more than 19
    assert _assess([], date(2024, 2, 20), grace=grace, report_after_days=19).reportable is False
    # on the grace end itself (5 days > 0): grace is not yet over
    assert _assess([], date(2024, 2, 6), grace=grace, report_after_days=0).reportable is False


def test_a_paid_instalment_is_neither_reportable_nor_past_due() -> None:
    # instalment 1 paid late on 02-15 (37.20 + 16.80 interest, 424.51 covers it): 0 days
    state = _assess([_pay(date(2024, 2, 15), "424.51")], date(2024, 2, 20), report_after_days=0)
    assert state.reportable is False
    first, second, _ = state.installments
    assert (first.status.value, first.days_past_due, first.reportable) == ("paid-late", 0, False)
    assert (second.status.value, second.days_past_due) == ("not-yet-due", 0)
    assert state.days_past_due == 0


def test_paid_on_the_last_day_of_grace_is_within_grace() -> None:
    state = _assess(
        [_pay(date(2024, 2, 4), "424.51")], date(2024, 2, 10), grace=lc.GracePolicy(days=3)
    )
    assert state.installments[0].status.value == "paid-within-grace"


def test_an_unpaid_instalment_within_grace_is_due_not_partly_paid() -> None:
    state = _assess([], date(2024, 2, 2), grace=lc.GracePolicy(days=3))
    assert state.installments[0].status.value == "due"


def test_amount_due_adds_penalty_compound_and_late_fees_to_the_arrears() -> None:
    # Grace 3, nothing paid; at the end of 02-04: penalty 387.31 x 0.05 % x 3 = 0.580965
    # -> 0.58, compound 37.20 x 0.15 % x 3 = 0.1674 -> 0.17, late fee 10:
    # 424.51 + 0.58 + 0.17 + 10 = 435.26 owed at the end of 02-04.
    def at(as_of: date) -> lc.LoanState:
        fee = lc.LateFeePolicy(kind="fixed", amount=10)
        return _assess([], as_of, grace=lc.GracePolicy(days=3), penalty=PENALTY, late_fee=fee)

    # as of 02-04 the day is not over: only the arrears are due
    on_the_day = at(date(2024, 2, 4))
    assert (on_the_day.penalty_interest, on_the_day.compound_interest) == (D(0), D(0))
    assert on_the_day.late_fees == 0
    assert on_the_day.amount_due == D("424.51")
    state = at(date(2024, 2, 5))
    (line,) = [line for line in state.statement if line.date == date(2024, 2, 4)]
    assert (line.arrears, line.charges) == (D("424.51"), D("10.75"))  # 0.58 + 0.17 + 10
    assert line.arrears + line.charges == D("435.26")
    # 02-05 adds a day: penalty 387.31 x 0.05 % x 4 = 0.77462 -> 0.77, compound
    # 37.20 x 0.15 % x 4 = 0.2232 -> 0.22: 424.51 + 0.77 + 0.22 + 10 = 435.50
    assert (state.penalty_interest, state.compound_interest, state.late_fees) == (
        D("0.77"),
        D("0.22"),
        D("10"),
    )
    assert state.amount_due == D("435.50")


# --------------------------------------------------------------------------------------
# Demands
# --------------------------------------------------------------------------------------


def test_an_instalment_paid_on_time_stays_paid_on_its_day() -> None:
    # 424.51 on 02-01 pays instalment 1 (37.20 + 387.31); 10 more on 02-20 changes nothing
    payments = [_pay(date(2024, 2, 1), "424.51"), _pay(date(2024, 2, 20), "10")]
    state = _assess(payments, date(2024, 2, 20))
    first = state.installments[0]
    assert (first.status.value, first.paid_in_full_on) == ("paid-on-time", date(2024, 2, 1))


def test_a_rolled_due_date_asks_for_the_interest_of_the_scheduled_period() -> None:
    # A one-month loan from 2024-05-01: due Saturday 06-01, rolled to Monday 06-03. The
    # period (05-01, 06-01] charges 1,200 x 0.1 % x 31 = 37.20 and 2 more days (2.40) are
    # owed by 06-03. The last demand asks for everything owed (17:40 rule): 1,239.60, of
    # which 39.60 interest.
    schedule = _schedule(term=1, start=date(2024, 5, 1))
    state = _assess(
        [], date(2024, 6, 3), schedule=schedule, grace=lc.GracePolicy(roll_due_date=True)
    )
    (only,) = state.installments
    assert only.effective_due_date == date(2024, 6, 3)
    assert (only.charged.interest, only.charged.principal) == (D("39.60"), D("1200.00"))
    # A demand before the last asks for its scheduled period's interest: three months
    # from 2024-05-01, instalment 1 due Saturday 06-01, rolled to 06-03: 37.20 of interest
    # (05-01 to 06-01) and the rest of the scheduled payment as principal.
    three = _schedule(term=3, start=date(2024, 5, 1))
    first = _assess(
        [], date(2024, 6, 3), schedule=three, grace=lc.GracePolicy(roll_due_date=True)
    ).installments[0]
    assert first.effective_due_date == date(2024, 6, 3)
    payment = three.installments[0].payment
    assert (first.charged.interest, first.charged.principal) == (D("37.20"), payment - D("37.20"))


def test_the_interest_part_is_the_periods_interest_even_if_some_was_waived() -> None:
    # All 22.80 of interest (19 days) waived on 01-20: a waiver of interest counts as paid
    # ahead. 02-01: the period charged 37.20 (1,200 x 0.1 % x 31), so instalment 1 is 37.20
    # of interest and 387.31 of principal (16:50 rule), 22.80 of it covered: 401.71 unpaid.
    waiver = Waiver(date=date(2024, 1, 20), component="interest")
    state = _assess([], date(2024, 2, 1), waivers=[waiver])
    first = state.installments[0]
    assert (first.charged.interest, first.charged.principal) == (D("37.20"), D("387.31"))
    assert (first.paid.interest, first.paid.principal) == (D("22.80"), 0)
    assert state.statement[-1].arrears == D("401.71")
    assert state.outstanding.interest == D("14.40")  # 1,200 x 0.1 % x 12


# --------------------------------------------------------------------------------------
# Penalty and compound interest
# --------------------------------------------------------------------------------------


def test_penalty_events_at_grace_end_and_after() -> None:
    # Grace 3 (retroactive): on 02-04 0.580965 -> 0.58 and 0.1674 -> 0.17 (see
    # test_amount_due...). 02-14, 10 more days: penalty 387.31 x 0.05 % x 10 = 1.93655,
    # cumulative 2.517615 -> 2.52 (adds 1.94); compound 37.20 x 0.15 % x 10 = 0.558,
    # cumulative 0.7254 -> 0.73 (adds 0.56).
    state = _assess([], date(2024, 2, 14), grace=lc.GracePolicy(days=3), penalty=PENALTY)
    accrued = _events(state, EventKind.PENALTY_ACCRUED)
    assert [
        (e.date, e.start, e.amounts.penalty_interest, e.amounts.compound_interest) for e in accrued
    ] == [
        (date(2024, 2, 4), date(2024, 2, 1), D("0.58"), D("0.17")),
        (date(2024, 2, 14), date(2024, 2, 4), D("1.94"), D("0.56")),
    ]
    assert state.statement[-1].charges == D("2.50")


def test_retroactive_penalty_adds_up_every_span_within_grace() -> None:
    # A promotion at the contract rate adds 02-03 to the walk: the grace days are two
    # spans, (02-01, 02-03] and (02-03, 02-04]; together 0.580965 and 0.1674 as above,
    # charged at the end of 02-04 (as of 02-04 itself, nothing yet).
    same = lc.PromotionalRate(start=date(2024, 2, 3), end=date(2024, 2, 10), annual_rate="36%")

    def at(as_of: date) -> lc.LoanState:
        grace = lc.GracePolicy(days=3)
        return _assess([], as_of, grace=grace, penalty=PENALTY, promotions=[same])

    on_the_day = at(date(2024, 2, 4))
    assert (on_the_day.penalty_interest, on_the_day.compound_interest) == (D(0), D(0))
    state = at(date(2024, 2, 5))
    retro = [e for e in _events(state, EventKind.PENALTY_ACCRUED) if e.date <= date(2024, 2, 4)]
    assert [
        (e.date, e.start, e.amounts.penalty_interest, e.amounts.compound_interest) for e in retro
    ] == [(date(2024, 2, 4), date(2024, 2, 1), D("0.58"), D("0.17"))]


def test_compound_interest_falls_with_the_overdue_interest_paid() -> None:
    # Grace 0, nothing paid to 02-11 (10 days): interest 12.00 (49.20 owed), penalty
    # 387.31 x 0.05 % x 10 = 1.93655 -> 1.94, compound 37.20 x 0.15 % x 10 = 0.558 -> 0.56.
    # 20 on 02-11: 1.94 + 0.56 of penalty, 17.50 of interest (instalment 1's interest part:
    # 19.70 of it unpaid). 02-21, 10 days: compound on min(31.70 owed, 19.70) =
    # 19.70 x 0.15 % x 10 = 0.2955: cumulative 0.8535 -> 0.85; penalty cumulative
    # 3.8731 -> 3.87.
    state = _assess([_pay(date(2024, 2, 11), "20")], date(2024, 2, 21), penalty=PENALTY)
    assert (state.charged.penalty_interest, state.charged.compound_interest) == (
        D("3.87"),
        D("0.85"),
    )
    assert state.installments[0].paid.interest == D("17.50")


# --------------------------------------------------------------------------------------
# Interest-free days
# --------------------------------------------------------------------------------------


def test_an_interest_free_window_as_long_as_the_term_is_accepted() -> None:
    # 01-01 to 04-01 is 91 days: 91 is allowed, 92 is not
    free = lc.InterestFreePeriod(days=91, conditional=False)
    assert _assess([], date(2024, 2, 1), interest_free=free).outstanding.interest == 0
    with pytest.raises(InvalidValueError) as caught:
        _assess([], date(2024, 2, 1), interest_free=lc.InterestFreePeriod(days=92))
    assert str(caught.value) == (
        "rules.interest_free.days: got 92; accepted: at most the loan's term "
        "(91 days from 2024-01-01 to 2024-04-01)"
    )


def test_interest_forgiven_within_the_window_is_an_event() -> None:
    # 3 free days, repaid on 01-04: 3 x 1.20 = 3.60 forgiven
    free = lc.InterestFreePeriod(days=3)
    state = _assess([_pay(date(2024, 1, 4), "1200")], date(2024, 1, 10), interest_free=free)
    (forgiven,) = _events(state, EventKind.INTEREST_FORGIVEN)
    assert (forgiven.date, forgiven.amounts.interest, forgiven.installment) == (
        date(2024, 1, 4),
        D("3.60"),
        None,
    )
    assert forgiven.note == "repaid in full within the interest-free days"


def test_the_window_interest_is_charged_on_its_last_day_within_the_caps() -> None:
    # 3 free days, nothing paid; total cap 0.2 % of 1,200 = 2.40: the window lapses on
    # 01-04 and the loan is re-run without it: the 3.60 of its days is cut to 2.40, then
    # the 6 days to 01-10 (7.20) are cut entirely.
    free = lc.InterestFreePeriod(days=3)
    state = _assess([], date(2024, 1, 10), interest_free=free, caps=lc.CostCaps(total_share="0.2%"))
    assert _events(state, EventKind.INTEREST_ACCRUED) == []
    (lapsed,) = _events(state, EventKind.INTEREST_FREE_LAPSED)
    assert (lapsed.date, lapsed.amounts.interest) == (date(2024, 1, 4), D("2.40"))
    assert lapsed.note.startswith("interest-free window lapsed")
    assert _hit(state) == ("total", date(2024, 1, 4), date(2024, 1, 10), D("8.4"))


def test_a_loan_repaid_within_the_window_owes_no_later_fee_nor_interest() -> None:
    # 5 of fee an instalment; 40 free days (to 02-10). 1,200 on 01-11 repays all (the
    # 12.00 of 10 days is contingent); a settled loan is charged no more fees (16:50 rule),
    # so nothing is owed on 02-10 and the 12.00 is forgiven then.
    schedule = _schedule(fees=lc.Fees(per_period=5))
    free = lc.InterestFreePeriod(days=40)
    state = _assess(
        [_pay(date(2024, 1, 11), "1200")], date(2024, 2, 15), schedule=schedule, interest_free=free
    )
    assert (state.charged.interest, state.charged.fee) == (0, 0)
    (forgiven,) = _events(state, EventKind.INTEREST_FORGIVEN)
    assert (forgiven.date, forgiven.amounts.interest) == (date(2024, 2, 10), D("12.00"))
    assert state.total_outstanding == 0


# --------------------------------------------------------------------------------------
# Caps
# --------------------------------------------------------------------------------------


def _odd(**rules: object) -> lc.LoanState:
    # 1,000.10 at 360 % on ACT/360: 10.001 a day. Promotions at the same rate only add
    # dates to the walk (posting days).
    schedule = _schedule(principal="1000.10", annual_rate="360%")
    as_of = rules.pop("as_of")
    return _assess([], as_of, schedule=schedule, **rules)  # type: ignore[arg-type]


def _edges(start: date, end: date) -> list[lc.PromotionalRate]:
    return [lc.PromotionalRate(start=start, end=end, annual_rate="360%")]


def test_a_total_cap_off_the_grid_is_charged_rounded_down() -> None:
    # Total cap 5 % of 1,000.10 = 50.005. Posted 20.00 (01-03: 20.002), 40.00 (01-05:
    # 40.004); by 01-10 the exact accrual stops at 50.005, which rounds to 50.01, but no
    # more than 50.00 may be charged. 01-06 accrues in full (50.005), cut from 01-07:
    # 50.005 x 2 - 50.005 = 40.004 cut over 01-06..01-10.
    state = _odd(
        as_of=date(2024, 1, 10),
        caps=lc.CostCaps(total_share="5%"),
        promotions=_edges(date(2024, 1, 3), date(2024, 1, 5)),
    )
    assert [e.amounts.interest for e in _events(state, EventKind.INTEREST_ACCRUED)] == [
        D("20.00"),
        D("20.00"),
        D("10.00"),
    ]
    assert state.outstanding.interest == D("50.00")
    assert _hit(state) == ("total", date(2024, 1, 7), date(2024, 1, 10), D("40.004"))


def test_an_annual_cap_off_the_grid_is_charged_rounded_down() -> None:
    # 180 % a year on 1,000.10: 5.0005 a day of allowance, half the 10.001 accrued.
    # 01-03: 10.001 -> 10.00; 01-05: 20.002 -> 20.00; 01-11: 50.005 -> at most 50.00.
    state = _odd(
        as_of=date(2024, 1, 11),
        caps=lc.CostCaps(annual_rate="180%"),
        promotions=_edges(date(2024, 1, 3), date(2024, 1, 5)),
    )
    assert state.outstanding.interest == D("50.00")
    assert [hit.cap for hit in state.cap_hits] == ["annual"]


def test_a_daily_cap_off_the_grid_is_charged_rounded_down() -> None:
    # 0.5 % a day of 1,000.10 = 5.0005 a day: 25.0025 per 5-day span (01-06, 01-11,
    # 01-16). Posted: 25.00, then 50.005 -> at most 50.00, then 75.0075 -> at most 75.00.
    # Cut: 3 x (50.005 - 25.0025) = 75.0075, from 01-02.
    state = _odd(
        as_of=date(2024, 1, 16),
        caps=lc.CostCaps(daily_share="0.5%"),
        promotions=_edges(date(2024, 1, 6), date(2024, 1, 11)),
    )
    assert [e.amounts.interest for e in _events(state, EventKind.INTEREST_ACCRUED)] == [
        D("25.00")
    ] * 3
    assert state.outstanding.interest == D("75.00")
    assert _hit(state) == ("daily", date(2024, 1, 2), date(2024, 1, 16), D("75.0075"))


def test_a_daily_cap_cuts_compound_then_penalty_before_interest() -> None:
    # Grace 0, nothing paid; 0.11 % a day of 1,200 = 1.32 a day allowed. To 02-01 the
    # interest (1.20 a day) fits. (02-01, 02-11]: interest 12.00, penalty 1.93655,
    # compound 0.558 against 13.20: 1.29455 cut, the compound (0.558) then 0.73655 of
    # penalty: 1.20 of penalty left.
    state = _assess([], date(2024, 2, 11), penalty=PENALTY, caps=lc.CostCaps(daily_share="0.11%"))
    assert state.outstanding.interest == D("49.20")  # 37.20 + 12.00
    assert (state.penalty_interest, state.compound_interest) == (D("1.20"), 0)
    assert _hit(state) == ("daily", date(2024, 2, 2), date(2024, 2, 11), D("1.29455"))


def test_a_cap_cut_is_reported_to_forty_digits() -> None:
    # ACT/365F: 31 days on 1,200 at 36 % = 13,392 / 365; the daily cap allows
    # 1,200 x 0.05 % x 31 = 18.60; the cut is recurring, reported to 40 digits.
    schedule = _schedule(day_count="ACT/365F")
    state = _assess([], date(2024, 2, 1), schedule=schedule, caps=lc.CostCaps(daily_share="0.05%"))
    cut = Fraction(13392, 365) - Fraction("18.6")
    context = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)
    expected = context.divide(Decimal(cut.numerator), Decimal(cut.denominator))
    assert _hit(state)[3] == expected
    assert len(expected.as_tuple().digits) == 40


def test_a_late_fee_cut_by_the_total_cap_is_reported_on_its_day() -> None:
    # No interest to 02-01 (a 0 % promotion up to its end); total cap 3 % = 36.00; the
    # 36.40 late fee on 02-01 is cut by 0.40. Then the 12.00 of interest to 02-11 finds
    # no room: cut from 02-02.
    free = lc.PromotionalRate(start=START, end=date(2024, 2, 1), annual_rate=0)
    state = _assess(
        [],
        date(2024, 2, 11),
        promotions=[free],
        late_fee=lc.LateFeePolicy(kind="fixed", amount="36.40"),
        caps=lc.CostCaps(total_share="3%"),
    )
    assert (state.late_fees, state.outstanding.interest) == (D("36.00"), 0)
    assert _hit(state) == ("total", date(2024, 2, 1), date(2024, 2, 11), D("12.4"))


def test_a_scheduled_fee_cut_by_the_total_cap_is_reported_on_its_day() -> None:
    # 0 % loan, 5.00 of fee an instalment; total cap 0.2 % of 1,200 = 2.40: 2.60 cut.
    schedule = _schedule(annual_rate=0, fees=lc.Fees(per_period=5))
    state = _assess([], date(2024, 2, 1), schedule=schedule, caps=lc.CostCaps(total_share="0.2%"))
    assert state.charged.fee == D("2.40")
    assert _hit(state) == ("total", date(2024, 2, 1), date(2024, 2, 1), D("2.6"))


def test_a_retroactive_penalty_cut_at_the_grace_end_is_reported_then() -> None:
    # Grace 3, nothing paid; total cap 3.4 % of 1,200 = 40.80 = the interest to 02-04
    # (37.20 + 3.60): the penalty of the grace days (0.580965 + 0.1674 = 0.748365),
    # charged when grace ends (at the end of 02-04), is cut entirely on 02-04.
    def at(as_of: date) -> lc.LoanState:
        caps = lc.CostCaps(total_share="3.4%")
        return _assess([], as_of, grace=lc.GracePolicy(days=3), penalty=PENALTY, caps=caps)

    # as of 02-04: the cap is reached exactly, nothing is cut yet
    on_the_day = at(date(2024, 2, 4))
    assert on_the_day.outstanding.interest == D("40.80")
    assert on_the_day.cap_hits == ()
    state = at(date(2024, 2, 5))
    assert state.outstanding.interest == D("40.80")
    assert (state.penalty_interest, state.compound_interest) == (D(0), D(0))
    assert _events(state, EventKind.PENALTY_ACCRUED) == []
    # 0.748365 on 02-04, then 02-05's interest 1.20, penalty 387.31 x 0.05 % = 0.193655
    # and compound 37.20 x 0.15 % = 0.0558: 0.748365 + 1.449455 = 2.19782
    assert _hit(state) == ("total", date(2024, 2, 4), date(2024, 2, 5), D("2.19782"))


def test_two_instalments_within_grace_each_keep_their_own_penalty() -> None:
    # Grace 35 (retroactive), nothing paid, to the end of 04-05 (instalment 2's grace end).
    # Instalment 1 (387.31 principal, 37.20 interest) within grace 02-01..03-07, overdue
    # after: penalty 387.31 x 0.05 % x (35 + 29) = 6.777925 + 5.615995, compound
    # 37.20 x 0.15 % x (35 + 29) = 1.953 + 1.6182. Instalment 2 (03-01: 34.80 interest,
    # 1,200 x 0.1 % x 29; 389.71 principal), within grace 03-01..04-05 (35 days, 6 of them
    # beside instalment 1): penalty 389.71 x 0.05 % x 35 = 6.819925, compound
    # 34.80 x 0.15 % x 35 = 1.827. Totals 19.213845 -> 19.21 and 5.3982 -> 5.40.
    grace = lc.GracePolicy(days=35)
    # as of 04-05 instalment 2's grace has not ended: only instalment 1's penalty,
    # 6.777925 + 5.615995 = 12.39392 -> 12.39 and 1.953 + 1.6182 = 3.5712 -> 3.57
    on_the_day = _assess([], date(2024, 4, 5), grace=grace, penalty=PENALTY)
    assert (on_the_day.penalty_interest, on_the_day.compound_interest) == (D("12.39"), D("3.57"))
    state = _assess([], date(2024, 4, 6), grace=grace, penalty=PENALTY)
    second = state.installments[1]
    assert (second.charged.interest, second.charged.principal) == (D("34.80"), D("389.71"))
    to_the_day = [
        e for e in _events(state, EventKind.PENALTY_ACCRUED) if e.date <= date(2024, 4, 5)
    ]
    assert to_the_day[-1].date == date(2024, 4, 5)
    assert (
        sum(e.amounts.penalty_interest for e in to_the_day),
        sum(e.amounts.compound_interest for e in to_the_day),
    ) == (D("19.21"), D("5.40"))


def test_demands_rolled_to_one_day_are_all_on_its_line() -> None:
    # Daily instalments of 300.75 from Thursday 2024-01-04 (1,200 at 36 %): due Fri 01-05,
    # Sat 01-06, Sun 01-07 and Mon 01-08; the weekend ones roll to Monday. Instalment 1 paid
    # on its day (1.20 interest, 299.55 principal): 900.45 left, earning 0.90045 -> 0.90 a
    # day (one period a day): 2.70 by 01-08. Three demands fall due on 01-08: 300.75,
    # 300.75 and the rest, 900.45 + 2.70 - 601.50 = 301.65; the line asks for 903.15.
    schedule = _schedule(term=4, start=date(2024, 1, 4), frequency=lc.Frequency.every_days(1))
    state = _assess(
        [_pay(date(2024, 1, 5), "300.75")],
        date(2024, 1, 8),
        schedule=schedule,
        grace=lc.GracePolicy(roll_due_date=True),
    )
    last = state.statement[-1]
    assert (last.date, last.scheduled, last.interest, last.arrears) == (
        date(2024, 1, 8),
        D("903.15"),
        D("2.70"),
        D("903.15"),
    )
    assert [i.effective_due_date for i in state.installments] == [date(2024, 1, 5)] + [
        date(2024, 1, 8)
    ] * 3


def test_a_lump_is_held_within_what_was_charged_rounded() -> None:
    # 1,000 at 36.1 %: 1,000 x 36.1 % x 31 / 360 = 31.0861... charged 31.09 on 02-01; total
    # cap 5.00099 % = 50.0099. The 100 late fee at the end of that day (grace 0): exact
    # room 50.0099 - 31.0861 = 18.9238 (18.92 on the grid), but only 50.00 - 31.09 = 18.91
    # may still be charged.
    schedule = _schedule(principal=1000, annual_rate="36.1%")

    def at(as_of: date) -> lc.LoanState:
        fee = lc.LateFeePolicy(kind="fixed", amount=100)
        caps = lc.CostCaps(total_share="5.00099%")
        return _assess([], as_of, schedule=schedule, late_fee=fee, caps=caps)

    on_the_day = at(date(2024, 2, 1))  # the fee is not charged yet
    assert (on_the_day.outstanding.interest, on_the_day.late_fees) == (D("31.09"), D(0))
    assert on_the_day.cap_hits == ()
    state = at(date(2024, 2, 2))
    (fee,) = _events(state, EventKind.LATE_FEE_CHARGED)
    assert (fee.date, fee.amounts.late_fee) == (date(2024, 2, 1), D("18.91"))
    # 31.09 + 18.91 = 50.00, all the grid allows: 02-02's interest is cut entirely
    assert (state.outstanding.interest, state.late_fees) == (D("31.09"), D("18.91"))
    (hit,) = state.cap_hits
    assert (hit.cap, hit.first_on, hit.last_on) == ("total", date(2024, 2, 1), date(2024, 2, 2))
