"""Backdated corrections: ``known_on`` on payments and waivers, ``assess(..., known_on=)``
and ``loancalc.state_diff.diff`` (issue 18, part 2)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import balance_strategies
import loancalc as lc
import servicing_strategies
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.servicing import EventKind, LateFeePolicy, Waiver, assess_dates
from loancalc.servicing.components import Component
from loancalc.state_diff import Charge, HistoryChange, StateDiff, diff

D = Decimal

# ---------------------------------------------------------------------------------------
# The hand-worked example (scheduled basis)
#
# 12,000 at 18 % a year over 12 months from 2024-01-15. Instalment 1 is due on 2024-02-15:
# interest 12,000 x 18 % / 12 = 180.00; the level payment 12,000 x 1.5 % / (1 - 1.015^-12)
# = 1,100.16, so principal 1,100.16 - 180.00 = 920.16 and the balance after it 11,079.84.
# Rules: 3 days of grace (to 2024-02-18), penalty interest at 1.5 x 18 % = 27 % a year on
# overdue principal and compound interest at the same rate on overdue interest, day count
# ACT/360 (0.075 % a day), from the due date; a late fee of 50 when grace ends unpaid.
#
# The borrower paid 1,100.16 on 2024-02-15, on time, but the lender recorded it on
# 2024-02-25 (known_on). On 2024-02-25:
# - as known on 2024-02-20 (before): instalment 1 is 10 days past due (02-15 -> 02-25),
#   M1, special mention, reportable. The late fee of 50 fell at the end of 02-18. Penalty
#   charged on 02-18 for the 3 days 02-16..02-18: 920.16 x 0.075 % x 3 = 2.07036 -> 2.07,
#   compound 180.00 x 0.075 % x 3 = 0.405 -> 0.41 (half-up); to 02-25, 10 days in all:
#   920.16 x 0.075 % x 10 = 6.9012 -> 6.90 (6.90 - 2.07 = 4.83 more), 180.00 x 0.075 % x 10
#   = 1.35 (1.35 - 0.41 = 0.94 more).
#   Settlement: principal 12,000.00 + instalment 1's interest 180.00 + the current
#   period's interest 11,079.84 x 18 % / 360 x 10 days = 55.3992 -> 55.40 + penalty 6.90
#   + compound 1.35 + late fee 50.00 = 12,293.65.
# - as known now (after): instalment 1 paid on time, nothing charged. Settlement:
#   11,079.84 + 55.40 = 11,135.24.
# The settlement falls by 12,293.65 - 11,135.24 = 1,158.41 = 1,100.16 paid + 6.90 + 1.35
# + 50.00 charges removed; so does the total outstanding.
# ---------------------------------------------------------------------------------------

START = date(2024, 1, 15)
AS_OF = date(2024, 2, 25)
RULES = lc.ServicingRules(
    grace=lc.GracePolicy(days=3),
    penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5"), compound=True),
    late_fee=LateFeePolicy(kind="fixed", amount="50"),
)
LATE = lc.Payment(date(2024, 2, 15), "1100.16", "TX-1", known_on=date(2024, 2, 25))


def _schedule() -> lc.Schedule:
    return lc.amortize(lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=START))


def _example() -> StateDiff:
    schedule = _schedule()
    before = lc.assess(schedule, [LATE], AS_OF, RULES, known_on=date(2024, 2, 20))
    after = lc.assess(schedule, [LATE], AS_OF, RULES)
    return diff(before, after)


def test_example_schedule_is_as_worked() -> None:
    first = _schedule().installments[0]
    assert (first.interest, first.principal, first.payment) == (
        D("180.00"),
        D("920.16"),
        D("1100.16"),
    )


def test_example_loan_figures_and_settlement() -> None:
    d = _example()
    assert d.changed
    assert (d.before.days_past_due, d.before.bucket, d.before.reportable) == (10, "M1", True)
    assert (d.after.days_past_due, d.after.bucket, d.after.reportable) == (0, "M0", False)
    assert (d.before.status, d.after.status) == ("overdue", "current")
    assert d.before.classification.value == "special-mention"
    assert d.after.classification.value == "normal"
    assert (d.before.settlement, d.after.settlement) == (D("12293.65"), D("11135.24"))
    changes = {name: (old, new) for name, old, new in d.loan_changes()}
    assert changes["settlement"] == (D("12293.65"), D("11135.24"))
    old, new = changes["total_outstanding"]
    assert old - new == D("1158.41")


def test_example_installment_changes() -> None:
    d = _example()
    found = {(c.number, c.field, c.component): (c.before, c.after) for c in d.installments}
    pen, comp, fee = Component.PENALTY_INTEREST, Component.COMPOUND_INTEREST, Component.LATE_FEE
    p, i = Component.PRINCIPAL, Component.INTEREST
    assert found == {
        (1, "status", None): ("overdue", "paid-on-time"),
        (1, "days_past_due", None): (10, 0),
        (1, "charged", pen): (D("6.90"), D("0")),
        (1, "charged", comp): (D("1.35"), D("0")),
        (1, "charged", fee): (D("50"), D("0")),
        (1, "paid", p): (D("0"), D("920.16")),
        (1, "paid", i): (D("0"), D("180.00")),
        (1, "outstanding", p): (D("920.16"), D("0")),
        (1, "outstanding", i): (D("180.00"), D("0")),
        (1, "outstanding", pen): (D("6.90"), D("0")),
        (1, "outstanding", comp): (D("1.35"), D("0")),
        (1, "outstanding", fee): (D("50"), D("0")),
    }


def test_example_history_and_charges() -> None:
    d = _example()
    # Days past due count from the due date, 02-15: 1 on 02-16, 3 at the end of grace
    # (02-18), 4 the day after, 10 on 02-25; always 0 once the payment is known.
    assert d.history == tuple(
        HistoryChange(date=day, days_past_due_before=days, days_past_due_after=0,
                      bucket_before="M1", bucket_after="M0")
        for day, days in ((date(2024, 2, 16), 1), (date(2024, 2, 18), 3),
                          (date(2024, 2, 19), 4), (date(2024, 2, 25), 10))
    )  # fmt: skip
    assert d.charges_added == ()
    removed = [(c.date, c.kind, c.installment, c.amounts.as_tuple()[3:]) for c in d.charges_removed]
    assert removed == [
        (date(2024, 2, 18), EventKind.PENALTY_ACCRUED, 1, (D("2.07"), D("0.41"), D(0))),
        (date(2024, 2, 18), EventKind.LATE_FEE_CHARGED, 1, (D(0), D(0), D("50"))),
        (date(2024, 2, 25), EventKind.PENALTY_ACCRUED, 1, (D("4.83"), D("0.94"), D(0))),
    ]


def test_example_reports() -> None:
    d = _example()
    text = d.text()
    assert "settlement: 12,293.65 -> 11,135.24 (-1,158.41)" in text
    assert "  paid principal: 0.00 -> 920.16 (+920.16)" in text
    assert "2024-02-18  late-fee-charged  #1  late fee 50" in text
    assert "  2024-02-25: 10 (M1) -> 0 (M0)" in text
    lines = d.to_csv().splitlines()
    assert lines[0] == "section,date,installment,field,component,before,after,change"
    assert "loan,,,settlement,,12293.65,11135.24,-1158.41" in lines
    assert "installment,,1,outstanding,principal,920.16,0.00,-920.16" in lines
    assert "history,2024-02-19,,days_past_due,,4,0,-4" in lines
    assert "charge-removed,2024-02-25,1,penalty-accrued,compound-interest,0.94,,-0.94" in lines
    assert len(lines) == 1 + len(d.rows())
    data = d.to_dict()
    assert data["before"]["settlement"] == "12293.65"
    assert data["charges_removed"][1]["amounts"]["late-fee"] == "50"
    assert data["history"][0] == {
        "date": "2024-02-16", "days_past_due_before": 1, "days_past_due_after": 0,
        "bucket_before": "M1", "bucket_after": "M0",
    }  # fmt: skip


# ---------------------------------------------------------------------------------------
# The actual-balance basis, hand-worked
#
# 1,200 at 36 % a year, 3 months from 2024-01-01, daily accrual, ACT/360: 0.1 % a day.
# Instalment 1 (due 2024-02-01): interest 1,200 x 0.1 % x 31 = 37.20, payment 424.51,
# principal 387.31. A late fee of 20 when an instalment is not paid by its due date (no
# grace). The payment of 424.51 on 02-01 was recorded on 03-10. On 2024-03-10:
# - before (nothing known): interest 02-01..03-01 on 1,200: 1,200 x 0.1 % x 29 = 34.80,
#   03-01..03-10: 1,200 x 0.1 % x 9 = 10.80; late fees for instalments 1 and 2: 40.
#   Settlement 1,200 + 37.20 + 34.80 + 10.80 + 40 = 1,322.80.
# - after: principal 1,200 - 387.31 = 812.69; interest 812.69 x 0.1 % x 29 = 23.568 ->
#   23.57, then 812.69 x 0.1 % x 9 = 7.314 -> 7.31; one late fee (instalment 2): 20.
#   Settlement 812.69 + 23.57 + 7.31 + 20 = 863.57.
# - before, days past due from 02-01: 31 on 03-03 (M2); after, instalment 2 (due 03-01)
#   is 2 days past due then (M1).
# ---------------------------------------------------------------------------------------


def _balance_example() -> StateDiff:
    schedule = lc.amortize(
        lc.LoanTerms(principal=1200, annual_rate="36%", term=3, start=date(2024, 1, 1),
                     accrual="daily")
    )  # fmt: skip
    assert schedule.installments[0].payment == D("424.51")
    rules = lc.ServicingRules(
        interest_basis="actual-balance", late_fee=LateFeePolicy(kind="fixed", amount="20")
    )
    paid = [lc.Payment(date(2024, 2, 1), "424.51", known_on=date(2024, 3, 10))]
    as_of = date(2024, 3, 10)
    before = lc.assess(schedule, paid, as_of, rules, known_on=date(2024, 3, 9))
    after = lc.assess(schedule, paid, as_of, rules)
    return diff(before, after)


def test_actual_balance_example() -> None:
    d = _balance_example()
    assert (d.before.settlement, d.after.settlement) == (D("1322.80"), D("863.57"))
    interest = EventKind.INTEREST_ACCRUED
    removed = {(c.date, c.kind, c.amounts.total) for c in d.charges_removed}
    added = {(c.date, c.kind, c.amounts.total) for c in d.charges_added}
    assert removed == {
        (date(2024, 2, 1), EventKind.LATE_FEE_CHARGED, D("20")),
        (date(2024, 3, 1), interest, D("34.80")),
        (date(2024, 3, 10), interest, D("10.80")),
    }
    assert added == {
        (date(2024, 3, 1), interest, D("23.57")),
        (date(2024, 3, 10), interest, D("7.31")),
    }
    assert HistoryChange(date=date(2024, 3, 3), days_past_due_before=31, days_past_due_after=2,
                         bucket_before="M2", bucket_after="M1") in d.history  # fmt: skip
    outside = {
        (c.field, c.component): (c.before, c.after) for c in d.installments if c.number is None
    }
    assert outside[("outstanding", Component.LATE_FEE)] == (D("40"), D("20"))
    assert outside[("outstanding", Component.INTEREST)] == (D("10.80"), D("7.31"))


# ---------------------------------------------------------------------------------------
# known_on: validation and filtering
# ---------------------------------------------------------------------------------------


def test_payment_and_waiver_reprs_unchanged_without_known_on() -> None:
    assert repr(lc.Payment(date(2024, 2, 15), "1.00")) == (
        "Payment(date=datetime.date(2024, 2, 15), amount=Decimal('1.00'), reference=None)"
    )
    assert "known_on" not in repr(Waiver(date=date(2024, 2, 15), component="fee"))
    assert "known_on=datetime.date(2024, 2, 16)" in repr(
        Waiver(date=date(2024, 2, 15), component="fee", known_on=date(2024, 2, 16))
    )


@pytest.mark.parametrize(
    ("value", "error"),
    [(date(2024, 2, 14), InvalidValueError), ("2024-02-16", InvalidTypeError),
     (datetime(2024, 2, 16), InvalidTypeError)],
)  # fmt: skip
def test_known_on_must_be_a_date_on_or_after_the_event(value: Any, error: type) -> None:
    with pytest.raises(error) as caught:
        lc.Payment(date(2024, 2, 15), "1", known_on=value)
    assert caught.value.field == "payment.known_on"
    assert "on or after its date (2024-02-15)" in str(caught.value)
    with pytest.raises(error) as caught:
        Waiver(date=date(2024, 2, 15), component="fee", known_on=value)
    assert caught.value.field == "waiver.known_on"


def test_assess_refuses_a_known_on_that_is_not_a_date() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        lc.assess(_schedule(), [], AS_OF, known_on="2024-02-20")  # type: ignore[arg-type]
    assert caught.value.field == "known_on"


def test_known_on_leaves_out_waivers_learnt_of_later() -> None:
    schedule = _schedule()
    waiver = Waiver(date=date(2024, 2, 20), component="late-fee", known_on=date(2024, 2, 24))
    known = lc.assess(schedule, [], AS_OF, RULES, waivers=[waiver])
    unknown = lc.assess(schedule, [], AS_OF, RULES, waivers=[waiver], known_on=date(2024, 2, 23))
    assert (known.waived.late_fee, unknown.waived.late_fee) == (D("50"), D(0))
    assert unknown.waivers == ()


def test_assess_dates_takes_known_on() -> None:
    schedule, days = _schedule(), [date(2024, 2, 20), AS_OF]
    states = assess_dates(schedule, [LATE], days, RULES, known_on=date(2024, 2, 20))
    assert [s.days_past_due for s in states] == [5, 10]
    assert states[1] == lc.assess(schedule, [LATE], AS_OF, RULES, known_on=date(2024, 2, 20))


def test_diff_refuses_states_of_different_lengths() -> None:
    other = lc.amortize(lc.LoanTerms(principal=12000, annual_rate="18%", term=6, start=START))
    with pytest.raises(InvalidValueError) as caught:
        diff(lc.assess(_schedule(), [], AS_OF), lc.assess(other, [], AS_OF))
    assert caught.value.field == "after"
    assert "12 instalments" in caught.value.accepted
    with pytest.raises(InvalidTypeError) as caught:
        diff("state", lc.assess(other, [], AS_OF))  # type: ignore[arg-type]
    assert caught.value.field == "before"


# ---------------------------------------------------------------------------------------
# Properties, on both interest bases
# ---------------------------------------------------------------------------------------


@st.composite
def corrections(draw: st.DrawFn) -> tuple[Any, ...]:
    """A loan (scheduled or actual-balance basis), payments some of which were learnt of
    late, an assessment date and a day the loan was known on."""
    if draw(st.booleans()):
        schedule, paid, as_of, rules = draw(servicing_strategies.cases(max_term=4))
    else:
        schedule, paid, as_of, rules = draw(balance_strategies.cases(max_term=4))
    late = [
        lc.Payment(p.date, p.amount, p.reference, known_on=p.date + timedelta(days=lag))
        if (lag := draw(st.sampled_from([0, 3, 40, 90]))) else p
        for p in paid
    ]  # fmt: skip
    start = schedule.terms.start
    known_on = start + timedelta(days=draw(st.integers(0, (as_of - start).days + 50)))
    return schedule, late, as_of, rules, known_on


def _both(case: tuple[Any, ...]) -> tuple[lc.LoanState, lc.LoanState]:
    schedule, paid, as_of, rules, known_on = case
    before = lc.assess(schedule, paid, as_of, rules, known_on=known_on)
    return before, lc.assess(schedule, paid, as_of, rules)


@settings(max_examples=60)
@given(corrections())
def test_property_a_state_against_itself_has_no_changes(case: tuple[Any, ...]) -> None:
    for state in _both(case):
        d = diff(state, state)
        assert not d.changed
        assert (d.installments, d.history, d.charges_added, d.charges_removed) == ((),) * 4
        assert d.rows() == []


@settings(max_examples=60)
@given(corrections(), st.integers(0, 30))
def test_property_known_on_after_every_known_date_is_everything(
    case: tuple[Any, ...], extra: int
) -> None:
    schedule, paid, as_of, rules, _ = case
    known = [p.known_on or p.date for p in paid] or [schedule.terms.start]
    latest = max(known) + timedelta(days=extra)
    everything = lc.assess(schedule, paid, as_of, rules)
    assert lc.assess(schedule, paid, as_of, rules, known_on=latest) == everything


@settings(max_examples=60)
@given(corrections())
def test_property_diff_the_other_way_is_the_swapped_diff(case: tuple[Any, ...]) -> None:
    before, after = _both(case)
    forward, backward = diff(before, after), diff(after, before)
    assert backward == forward.swapped()
    assert [(c.before, c.after) for c in backward.installments] == [
        (c.after, c.before) for c in forward.installments
    ]
    assert backward.charges_added == forward.charges_removed


@settings(max_examples=60)
@given(corrections())
def test_property_outstanding_changes_add_up_to_the_loans(case: tuple[Any, ...]) -> None:
    before, after = _both(case)
    d = diff(before, after)
    for component, old, new in zip(
        Component, before.outstanding.as_tuple(), after.outstanding.as_tuple(), strict=True
    ):
        moved = sum(
            (c.after - c.before for c in d.installments
             if c.field == "outstanding" and c.component is component),
            D(0),
        )  # fmt: skip
        assert moved == new - old


@settings(max_examples=60)
@given(corrections())
def test_property_charges_differ_by_exactly_the_listed_ones(case: tuple[Any, ...]) -> None:
    before, after = _both(case)
    d = diff(before, after)

    def total(state: lc.LoanState, charges: tuple[Charge, ...], sign: int) -> D:
        kinds = (EventKind.LATE_FEE_CHARGED, EventKind.PENALTY_ACCRUED, EventKind.INTEREST_ACCRUED)
        listed = sum((c.amounts.total for c in charges), D(0))
        return sum((e.amounts.total for e in state.events if e.kind in kinds), D(0)) + sign * listed

    assert total(before, d.charges_removed, -1) == total(after, d.charges_added, -1)


@settings(max_examples=25)
@given(servicing_strategies.cases(max_term=3), st.data())
def test_property_history_holds_every_bucket_change_where_they_differ(
    case: tuple[Any, ...], data: st.DataObject
) -> None:
    """Checked day by day: every date on which either bucket changes and the two
    histories differ is listed, with the values of that day."""
    schedule, paid, as_of, rules = case
    kept = [p for p in paid if data.draw(st.booleans())]
    before = lc.assess(schedule, kept, as_of, rules)
    after = lc.assess(schedule, paid, as_of, rules)
    listed = {h.date: h for h in diff(before, after).history}
    start = schedule.terms.start
    days = [start + timedelta(days=n) for n in range((as_of - start).days + 1)]
    series = [
        [(s.days_past_due, s.bucket) for s in assess_dates(schedule, list(state.payments), days,
                                                           rules)]
        for state in (before, after)
    ]  # fmt: skip
    for index, day in enumerate(days):
        (old_days, old_bucket), (new_days, new_bucket) = series[0][index], series[1][index]
        if day in listed:
            h = listed[day]
            assert (h.days_past_due_before, h.bucket_before) == (old_days, old_bucket)
            assert (h.days_past_due_after, h.bucket_after) == (new_days, new_bucket)
        if index == 0 or (old_days, old_bucket) == (new_days, new_bucket):
            continue
        turned = any(series[k][index][1] != series[k][index - 1][1] for k in (0, 1))
        if turned:
            assert day in listed, (day, series[0][index], series[1][index])


def test_history_is_sorted_and_within_the_range() -> None:
    d = _balance_example()
    dates = [h.date for h in d.history]
    assert dates == sorted(dates)
    assert all(date(2024, 1, 1) <= day <= date(2024, 3, 10) for day in dates)
    assert all(a != b for a, b in itertools.pairwise(dates))
