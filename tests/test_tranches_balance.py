"""Tranches on the actual-balance basis: each further advance adds to the principal owed
on its date, and interest runs on it from then (figures by hand in the comments)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import pyxirr  # the independent oracle of the annual rate
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.servicing import EventKind

D = Decimal
BALANCE = lc.ServicingRules(interest_basis="actual-balance")


def _loan(rate: str = "36%", term: int = 2) -> lc.Schedule:
    # 1,000 on 2024-01-01 and 500 more on 2024-01-16, monthly from 2024-02-01, ACT/360,
    # daily accrual (36 % a year is 0.1 % a day)
    terms = lc.LoanTerms(principal=1000, annual_rate=rate, term=term, start=date(2024, 1, 1),
                         accrual="daily")  # fmt: skip
    return lc.amortize(terms, tranches=[lc.Tranche(date(2024, 1, 16), 500)])


def test_interest_runs_on_each_advance_from_its_date() -> None:
    state = lc.assess(_loan(), [], date(2024, 1, 31), BALANCE)
    # 15 days on 1,000 (01-01 to 01-16): 15.00; 15 days on 1,500 (01-16 to 01-31): 22.50
    assert state.outstanding.principal == D("1500.00")
    assert state.outstanding.interest == D("37.50")
    assert state.payoff_amount(date(2024, 1, 31)) == D("1537.50")
    (advance,) = [event for event in state.events if event.kind is EventKind.ADVANCED]
    assert (advance.date, advance.amount, advance.amounts.principal) == (
        date(2024, 1, 16), D("500"), D("500"))  # fmt: skip
    assert state.charged.principal == D("1500.00")


def test_before_the_advance_only_the_first_is_owed() -> None:
    state = lc.assess(_loan(), [], date(2024, 1, 10), BALANCE)
    # 9 days on 1,000: 9.00
    assert (state.outstanding.principal, state.outstanding.interest) == (D("1000.00"), D("9.00"))


def test_the_first_row_asks_for_the_interest_of_both_advances() -> None:
    schedule = _loan()
    first = schedule.installments[0]
    # 31 days: 1,000 x 0.1 % x 31 = 31.00 plus 500 x 0.1 % x 16 (01-16 to 02-01) = 8.00
    assert first.interest == D("39.00")
    state = lc.assess(schedule, [], date(2024, 2, 1), BALANCE)
    assert state.outstanding.interest == D("39.00")


@settings(max_examples=40, deadline=None)
@given(
    rate=st.sampled_from(["0%", "7.2%", "18%", "36%"]),
    term=st.integers(2, 12),
    day=st.integers(1, 25),
    amount=st.integers(1, 5000),
    method=st.sampled_from(["equal-installment", "equal-principal", "interest-only"]),
)
def test_paid_as_printed_the_balance_basis_charges_the_schedule_and_ends_at_zero(
    rate: str, term: int, day: int, amount: int, method: str
) -> None:
    terms = lc.LoanTerms(principal=10000, annual_rate=rate, term=term, start=date(2024, 1, 1),
                         accrual="daily", method=method)  # fmt: skip
    tranche = lc.Tranche(date(2024, 1, 1) + timedelta(days=day), amount)
    schedule = lc.amortize(terms, tranches=[tranche])
    paid = [lc.Payment(row.due_date, row.payment) for row in schedule.installments if row.payment]
    last = schedule.installments[-1].due_date
    state = lc.assess(schedule, paid, last, BALANCE)
    # a daily-accrual schedule is what the actual balance earns when paid as printed, but
    # the schedule rounds each tranche's interest on its own and the balance rounds their
    # sum: at most one step a row apart, the difference held as the borrower's credit
    rows = len(schedule.installments)
    assert abs(state.charged.interest - schedule.total_interest) <= D("0.01") * rows
    assert state.charged.principal == D(10000) + amount
    # (known limitation: so a perfect payer can be left a cent a row short, or over)
    assert state.total_outstanding <= D("0.01") * rows
    assert state.days_past_due == 0
    charged = state.charged.principal + state.charged.interest + state.charged.fee
    assert state.credit - state.total_outstanding == schedule.total_payment - charged


@pytest.mark.parametrize("basis", ["scheduled", "actual-balance"])
def test_the_quote_closes_the_loan_on_both_bases(basis: str) -> None:
    schedule = _loan(term=3)
    rules = lc.ServicingRules(interest_basis=basis)
    on = date(2024, 2, 20)
    paid = [lc.Payment(date(2024, 2, 1), schedule.installments[0].payment)]
    quote = lc.assess(schedule, paid, on, rules).payoff_amount(on)
    after = lc.assess(schedule, [*paid, lc.Payment(on, quote)], date(2024, 6, 1), rules)
    assert (after.total_outstanding, after.credit, after.days_past_due) == (0, 0, 0)


# --- the scheduled basis: quotes around an advance -----------------------------------------
# 100,000 at 12 % over 12 months from 2024-01-01 (ACT/360, periodic), 50,000 more on
# 2024-03-15; instalments 1 and 2 paid on their due dates: 84,151.39 owed after row 2.
BANK = lc.amortize(
    lc.LoanTerms(principal=100000, annual_rate="12%", term=12, start=date(2024, 1, 1)),
    tranches=[lc.Tranche(date(2024, 3, 15), 50000)],
)
PAID = [lc.Payment(row.due_date, row.payment) for row in BANK.installments[:2]]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        # before the advance: 84,151.39 + 84,151.39 x 12 % x 9 / 360 (252.45); the 50,000
        # not yet advanced is not owed (settling cancels it)
        (date(2024, 3, 10), D("84403.84")),
        # after it: 84,151.39 + 50,000 + 84,151.39 x 12 % x 19 / 360 (532.96) + 50,000 x
        # 12 % x 5 / 360 (83.33)
        (date(2024, 3, 20), D("134767.68")),
    ],
)
def test_a_quote_around_an_advance_counts_only_what_was_advanced(
    on: date, expected: Decimal
) -> None:
    state = lc.assess(BANK, PAID, on)
    assert state.payoff_amount(on) == expected
    after = lc.assess(BANK, [*PAID, lc.Payment(on, expected)], date(2025, 3, 1))
    assert (after.total_outstanding, after.credit, after.days_past_due) == (0, 0, 0)
    assert after.settled_on == on


def test_verify_recomputes_a_schedule_with_advances() -> None:
    assert not lc.verify(BANK).differences
    assert not lc.verify_json(BANK.to_json()).differences
    rows = list(BANK.installments)
    rows[2] = rows[2]._replace(interest=rows[2].interest + 1)
    edited = lc.Schedule(terms=BANK.terms, installments=rows, disbursements=BANK.disbursements)
    found = {(d.number, d.field) for d in lc.verify(edited).differences}
    assert found == {(3, "interest"), (3, "payment")}  # the closing balance still adds up


def test_a_restructuring_before_an_advance_cancels_it() -> None:
    product = lc.products.get("cn-bank-consumer-loan")
    state = lc.assess(BANK, PAID, date(2024, 3, 10), product)
    plan = lc.restructure(state, date(2024, 3, 10), kind="extend", term=12, rules=product)
    # the principal owed is the 84,151.39 advanced and not repaid, not 134,151.39
    assert plan.breakdown.line("principal").debt == D("84151.39")


def test_the_annual_rate_counts_each_advance_on_its_date() -> None:
    flows = lc.apr.schedule_cash_flows(BANK)
    # the advance is money lent on its own date, not on the start date
    assert (date(2024, 3, 15), D("-50000")) in flows
    assert flows[0] == (date(2024, 1, 1), D("-100000.00"))
    rate = lc.apr.xirr(flows)
    oracle = pyxirr.xirr([day for day, _ in flows], [float(amount) for _, amount in flows])
    assert abs(float(rate) - oracle) < 1e-9
    # the same 12 % as the loan without the advance (1 % a month, compounded: ~12.68 %)
    plain = lc.apr.xirr(lc.apr.schedule_cash_flows(lc.amortize(BANK.terms)))
    assert abs(rate - plain) < D("0.0001")
