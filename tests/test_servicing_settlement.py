"""Settlement is an event, and a day's payments come before its end-of-day charges.

The worked figures are hand arithmetic from the schedule's rows (shown in comments);
the properties hold every built-in product, on both interest bases, to the rule that a
quote paid on its date closes the loan for good.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.servicing import InstallmentStatus, InterestBasis
from loancalc.servicing.balance_policies import CostCaps, Overpayment

D = Decimal
DAY = timedelta(days=1)
#: A rate for the products that have no default rate (the others use their own).
_RATES = {"cn-bank-consumer-loan": "4.35%", "eu-consumer-credit": "7%", "us-fixed-mortgage": "6%"}


def _consumer_story() -> tuple[lc.ProductRules, lc.Schedule, lc.Payment]:
    rules = lc.products.get("cn-consumer-finance-instalment")
    schedule = lc.amortize(
        rules.terms(principal="12000", annual_rate="21.6%", term=12, start=date(2024, 3, 10))
    )
    return rules, schedule, lc.Payment(date(2024, 4, 10), "1120.82", "inst-1")


def test_the_quote_of_the_issue_is_the_hand_figure() -> None:
    rules, schedule, first = _consumer_story()
    rows = schedule.installments
    # Rows 1-4 (principal, interest): 904.82 + 216.00, 921.11 + 199.71, 937.69 + 183.13,
    # and row 4 opens at 9,236.38 on 2024-06-10.
    assert (rows[1].principal, rows[1].interest) == (D("921.11"), D("199.71"))
    assert (rows[2].principal, rows[2].interest) == (D("937.69"), D("183.13"))
    assert rows[3].opening_balance == D("9236.38")
    quote = lc.assess(schedule, [first], date(2024, 6, 19), rules).payoff_amount()
    # principal 12,000 - 904.82 = 11,095.18; interest of rows 2 and 3: 382.84;
    # penalty at 1.5 x 21.6 % = 32.4 % a year, ACT/360 (retroactive grace):
    #   row 2, 40 days: 921.11 x 0.324 x 40/360 = 33.15996 -> 33.16; compound on its
    #   interest 199.71 x 0.036 = 7.18956 -> 7.19; row 3, 9 days: 937.69 x 0.0081 =
    #   7.595289 -> 7.60 and 183.13 x 0.0081 = 1.483353 -> 1.48;
    # row 4's interest to date, 9 days: 9,236.38 x 0.216 x 9/360 = 49.876452 -> 49.88.
    # 11,095.18 + 382.84 + 33.16 + 7.19 + 7.60 + 1.48 + 49.88 = 11,577.33
    assert quote == D("11577.33")


def test_paying_the_quote_closes_the_loan_for_good() -> None:
    rules, schedule, first = _consumer_story()
    settle = lc.Payment(date(2024, 6, 19), "11577.33", "quote")
    for as_of in (date(2024, 6, 19), date(2024, 12, 31), date(2025, 4, 30)):
        state = lc.assess(schedule, [first, settle], as_of, rules)
        assert state.total_outstanding == 0
        assert state.credit == 0
        assert state.days_past_due == 0
        assert state.status == "settled"
        assert state.settled_on == date(2024, 6, 19)
        # the charges are those of the settlement day: 33.16 + 7.60 and 7.19 + 1.48
        assert (state.penalty_interest, state.compound_interest) == (D("40.76"), D("8.67"))
        assert state.payoff_amount() == 0
    statuses = [i.status for i in state.installments]
    assert statuses[:3] == [
        InstallmentStatus.PAID_ON_TIME,
        InstallmentStatus.PAID_LATE,
        InstallmentStatus.PAID_LATE,
    ]
    assert set(statuses[3:]) == {InstallmentStatus.SETTLED}
    # row 4 keeps the 49.88 accrued to the settlement date; rows 5-12 keep no interest
    assert state.installments[3].charged.interest == D("49.88")
    assert all(i.charged.interest == 0 for i in state.installments[4:])
    assert [e.kind.value for e in state.events if e.installment is None][-1] == "settled"


def test_a_payment_short_of_the_quote_by_a_cent_does_not_settle() -> None:
    rules, schedule, first = _consumer_story()
    short = lc.Payment(date(2024, 6, 19), "11577.32")
    state = lc.assess(schedule, [first, short], date(2024, 6, 19), rules)
    assert state.settled_on is None
    assert state.status != "settled"
    assert state.payoff_amount() == D("0.01")


def test_a_payment_beyond_the_quote_settles_and_leaves_credit() -> None:
    rules, schedule, first = _consumer_story()
    more = lc.Payment(date(2024, 6, 19), "11600.00")
    state = lc.assess(schedule, [first, more], date(2025, 6, 1), rules)
    assert state.status == "settled"
    assert state.credit == D("22.67")  # 11,600.00 - 11,577.33, owed back
    assert state.payoff_amount() == D("-22.67")


def test_the_last_day_of_grace_is_still_on_time_for_the_consumer_instalment() -> None:
    rules, schedule, first = _consumer_story()
    grace_end = date(2024, 5, 13)  # row 2 due 2024-05-10 + 3 days of grace
    state = lc.assess(schedule, [first], grace_end, rules)
    assert state.amount_due == D("1120.82")  # nothing charged yet: the day is not over
    assert state.penalty_interest == state.compound_interest == 0
    paid = lc.assess(schedule, [first, lc.Payment(grace_end, "1120.82")], date(2024, 5, 14), rules)
    assert paid.amount_due == 0
    assert paid.penalty_interest == paid.compound_interest == 0
    late = lc.assess(schedule, [first], date(2024, 5, 14), rules)
    # retroactive to the due date, 4 days: 921.11 x 0.324 x 4/360 = 3.315996 -> 3.32;
    # 199.71 x 0.0036 = 0.718956 -> 0.72; 1,120.82 + 3.32 + 0.72 = 1,124.86
    assert (late.penalty_interest, late.compound_interest) == (D("3.32"), D("0.72"))
    assert late.amount_due == D("1124.86")


@pytest.mark.parametrize(
    ("product", "grace_days"), [("cn-card-instalment", 0), ("us-fixed-mortgage", 15)]
)
def test_the_late_fee_falls_at_the_end_of_the_last_day_of_grace(
    product: str, grace_days: int
) -> None:
    rules = lc.products.get(product)
    rate = _RATES.get(product)
    schedule = lc.amortize(
        rules.terms(principal="10000", annual_rate=rate, term=12, start=date(2024, 1, 15))
    )
    row = schedule.installments[0]
    last = row.due_date + timedelta(days=grace_days)
    on_last = lc.assess(schedule, [], last, rules)
    assert on_last.late_fees == 0
    assert on_last.amount_due == row.payment
    assert on_last.payoff_amount() == lc.assess(schedule, [], last, rules).payoff_amount()
    paid = lc.assess(schedule, [lc.Payment(last, row.payment)], last + DAY, rules)
    assert paid.late_fees == 0
    assert paid.amount_due == 0
    unpaid = lc.assess(schedule, [], last + DAY, rules)
    # 5 % of the instalment (the card's floor of 1.00 is far below it)
    assert unpaid.late_fees == (row.payment * D("0.05")).quantize(D("0.01"))
    assert unpaid.events[-1].kind.value in {"late-fee-charged", "penalty-accrued"}


def test_a_repeated_late_fee_falls_at_the_end_of_its_day() -> None:
    rules = lc.ServicingRules(
        late_fee=lc.LateFeePolicy(kind="fixed", amount="10", repeat_days=30),
    )
    schedule = lc.amortize(
        lc.LoanTerms(principal="1200", annual_rate="0", term=2, start=date(2024, 1, 1))
    )
    # first fee at the end of the due date 2024-02-01; the next 30 days later, 2024-03-02
    assert lc.assess(schedule, [], date(2024, 2, 1), rules).late_fees == 0
    assert lc.assess(schedule, [], date(2024, 2, 2), rules).late_fees == 10
    on_repeat = lc.assess(schedule, [], date(2024, 3, 2), rules)
    # row 2 (due 2024-03-01) drew its own fee at the end of 2024-03-01
    assert on_repeat.late_fees == 20
    cleared = [lc.Payment(date(2024, 3, 2), on_repeat.payoff_amount())]
    after = lc.assess(schedule, cleared, date(2024, 6, 1), rules)
    assert after.late_fees == 20
    assert after.total_outstanding == 0


# ---- properties: every built-in product, both interest bases ------------------------


def _with_basis(rules: lc.ServicingRules, basis: str) -> lc.ServicingRules:
    if basis == "actual-balance":
        return rules.replace(interest_basis=basis, relief_windows=())
    return rules.replace(
        interest_basis=basis,
        overpayment=Overpayment.REDUCE_PRINCIPAL,
        interest_free=None,
        promotions=(),
        caps=CostCaps(),
    )


@st.composite
def _loans(draw: st.DrawFn) -> tuple[lc.Schedule, lc.ServicingRules, list[lc.Payment], date]:
    name = draw(st.sampled_from(lc.products.names()))
    product = lc.products.get(name)
    basis = draw(st.sampled_from(["scheduled", "actual-balance"]))
    rules = _with_basis(product.servicing, basis)
    start = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 700)))
    term = draw(st.integers(1, 12))
    principal = draw(st.integers(100, 50_000))
    schedule = lc.amortize(
        product.terms(principal=principal, annual_rate=_RATES.get(name), term=term, start=start)
    )
    payments = []
    for row in schedule.installments:
        how = draw(st.sampled_from(["on-time", "late", "missed", "part"]))
        if how == "on-time":
            payments.append(lc.Payment(row.due_date, row.payment))
        elif how == "late":
            later = row.due_date + timedelta(days=draw(st.integers(1, 45)))
            payments.append(lc.Payment(later, row.payment))
        elif how == "part":
            payments.append(lc.Payment(row.due_date, (row.payment / 2).quantize(D("0.01"))))
    on = start + timedelta(days=draw(st.integers(0, (schedule.maturity - start).days + 60)))
    return schedule, rules, sorted(payments, key=lambda p: p.date), on


@settings(max_examples=120, deadline=None)
@given(_loans(), st.integers(1, 500))
def test_paying_the_quote_closes_any_loan_for_good(case, later: int) -> None:  # type: ignore[no-untyped-def]
    schedule, rules, payments, on = case
    paid = [p for p in payments if p.date <= on]
    state = lc.assess(schedule, paid, on, rules)
    quote = state.payoff_amount()
    if quote <= 0:  # already closed, or credit owed back: nothing to pay
        return
    closing = [*paid, lc.Payment(on, quote, "quote")]
    for day in (on, on + timedelta(days=later)):
        closed = lc.assess(schedule, closing, day, rules)
        assert closed.total_outstanding == 0, day
        assert closed.credit == 0, day
        assert closed.days_past_due == 0, day
        assert closed.amount_due == 0, day
        assert closed.payoff_amount() == 0, day
        assert closed.status in {"settled", "paid-off"}, day
        assert closed.settled_on is not None, day
    before = lc.assess(schedule, closing, on, rules)
    after = lc.assess(schedule, closing, on + timedelta(days=later), rules)
    assert after.charged == before.charged  # nothing is charged after settlement


@settings(max_examples=80, deadline=None)
@given(_loans())
def test_paying_the_amount_due_on_any_day_avoids_that_days_end_of_day_charges(case) -> None:  # type: ignore[no-untyped-def]
    schedule, rules, payments, on = case
    paid = [p for p in payments if p.date <= on]
    state = lc.assess(schedule, paid, on, rules)
    owed = state.amount_due - state.credit
    if owed <= 0:
        return
    with_payment = [*paid, lc.Payment(on, owed)]
    cleared = lc.assess(schedule, with_payment, on, rules)
    nxt = lc.assess(schedule, with_payment, on + DAY, rules)
    assert nxt.late_fees == cleared.late_fees
    if rules.interest_basis is InterestBasis.SCHEDULED:
        assert cleared.amount_due == 0
        assert nxt.amount_due == 0 or any(i.due_date == on + DAY for i in schedule.installments)


def test_past_the_last_due_date_everything_owed_on_the_actual_balance_is_due() -> None:
    line = lc.products.get("cn-daily-rate-credit-line")
    draw = lc.amortize(line.terms(principal=1000, term=1, start=date(2024, 1, 1)))
    state = lc.assess(draw, [], date(2024, 2, 11), line)
    # 1,000 x 0.04 % x 41 days = 16.40 of interest (12.40 of it asked on 2024-02-01);
    # penalty above the contract rate, 7.2 % a year, on 1,000 for 10 days: 2.00; compound
    # at 21.6 % on the 12.40: 12.40 x 0.0006 x 10 = 0.0744 -> 0.07
    assert state.outstanding.interest == D("16.40")
    assert (state.penalty_interest, state.compound_interest) == (D("2.00"), D("0.07"))
    assert state.amount_due == state.total_outstanding == D("1018.47")


def test_the_json_of_a_settled_loan_names_the_day() -> None:
    rules, schedule, first = _consumer_story()
    settle = lc.Payment(date(2024, 6, 19), "11577.33", "quote")
    data = lc.assess(schedule, [first, settle], date(2025, 4, 30), rules).to_dict()
    assert (data["status"], data["settled_on"], data["payoff_amount"]) == (
        "settled", "2024-06-19", "0.00")  # fmt: skip
    assert lc.assess(schedule, [first], date(2024, 6, 19), rules).to_dict()["settled_on"] is None
