"""Rate-scheduled loans in servicing (both bases), verify and restructuring."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.rate_schedule import RateChange, RateSchedule
from loancalc.servicing import PenaltyRate
from servicing_strategies import on_basis as _on_basis

D = Decimal
ACTUAL = lc.ServicingRules(interest_basis="actual-balance")
ZERO6 = (D(0),) * 6


def _agreed(accrual: str = "daily", on_reprice: str = "recompute-payment") -> lc.Schedule:
    """120,000 over 12 months from 2024-01-10 at 6 %, 4.8 % from 2024-04-25 by agreement."""
    schedule = RateSchedule(
        annual_rate="6%",
        dated_changes=[RateChange(on=date(2024, 4, 25), annual_rate="4.8%")],
        on_reprice=on_reprice,
    )
    return lc.amortize(
        lc.LoanTerms(
            principal=120000, term=12, start=date(2024, 1, 10), accrual=accrual,
            rate_schedule=schedule,
        )
    )  # fmt: skip


# --- the actual-balance basis accrues at the rate in force each day -----------------------


def test_actual_balance_splits_the_period_at_the_change() -> None:
    s = _agreed()
    rows = s.installments
    paid = [lc.Payment(row.due_date, row.payment) for row in rows[:3]]
    # 2024-04-10 to 2024-05-10 on 90,673.93: 15 days at 6 % (226.684825) and 15 at 4.8 %
    # (181.34786): 408.032685, charged 408.03 as the schedule says
    state = lc.assess(s, paid, date(2024, 5, 10), ACTUAL)
    assert rows[3].interest == D("408.03")
    assert state.charged.interest == sum((row.interest for row in rows[:4]), D(0))
    # on 2024-04-30, 20 days in: 15 at 6 % + 5 at 4.8 % = 226.684825 + 60.44929 = 287.13
    state = lc.assess(s, paid, date(2024, 4, 30), ACTUAL)
    assert state.charged.interest - sum((row.interest for row in rows[:3]), D(0)) == D("287.13")


@pytest.mark.parametrize("basis", ["scheduled", "actual-balance"])
def test_penalty_at_a_multiple_of_the_contract_rate_follows_it(basis: str) -> None:
    # 1.5 x the contract rate: 9 % before 2024-02-20 and 7.2 % after (6 % and 4.8 %); on the
    # actual-balance basis only the surplus over the contract rate the principal already
    # bears (0.5 x) is penalty. Instalment 1 (due 2024-02-01) is never paid.
    rate = RateSchedule(
        annual_rate="6%", dated_changes=[RateChange(on=date(2024, 2, 20), annual_rate="4.8%")]
    )
    s = lc.amortize(
        lc.LoanTerms(principal=1200, term=2, start=date(2024, 1, 1), accrual="daily",
                     rate_schedule=rate)
    )  # fmt: skip
    penalty = lc.PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5"))
    rules = lc.ServicingRules(interest_basis=basis, penalty=penalty)
    state = lc.assess(s, [], date(2024, 3, 1), rules)
    share = D("1.5") if basis == "scheduled" else D("0.5")
    # overdue principal from 2024-02-01: 19 days at the first rate, 10 at the second
    expected = s.installments[0].principal * share * (D("0.06") * 19 + D("0.048") * 10) / 360
    assert state.charged.penalty_interest == lc.Rounding().apply(expected)


@st.composite
def _daily_moving(draw: st.DrawFn) -> lc.Schedule:
    method = draw(st.sampled_from(["equal-installment", "equal-principal", "interest-only"]))
    term = draw(st.integers(1, 36))
    start = draw(st.dates(date(2015, 1, 1), date(2060, 12, 31)))
    principal = D(draw(st.integers(1000_00, 5_000_000_00))) / 100
    rate = D(draw(st.integers(0, 3600))) / 10000
    end = start + relativedelta(months=term)
    offsets = sorted(draw(st.sets(st.integers(1, (end - start).days - 1), max_size=3)))
    changes = [
        RateChange(on=start + timedelta(days=o), annual_rate=D(draw(st.integers(0, 3600))) / 10000)
        for o in offsets
    ]
    on_reprice = draw(st.sampled_from(["recompute-payment", "keep-payment"]))
    terms = lc.LoanTerms(
        principal=principal, term=term, start=start, method=method, accrual="daily",
        rate_schedule=RateSchedule(annual_rate=rate, dated_changes=changes,
                                   on_reprice=on_reprice),
    )  # fmt: skip
    try:
        return lc.amortize(terms)
    except lc.InvalidValueError:
        return lc.amortize(terms.replace(rate_schedule=None, annual_rate=rate))


@settings(max_examples=120, deadline=None)
@given(_daily_moving())
def test_paying_as_scheduled_charges_the_schedules_interest_on_the_actual_balance(
    schedule: lc.Schedule,
) -> None:
    rows = schedule.installments
    if any(row.capitalized_interest for row in rows):
        return
    paid = [lc.Payment(row.due_date, row.payment) for row in rows if row.payment]
    state = lc.assess(schedule, paid, schedule.maturity, ACTUAL)
    previous = schedule.terms.start
    for row in rows:
        interest = sum(
            (line.interest for line in state.statement if previous < line.date <= row.due_date),
            D(0),
        )
        assert interest == row.interest, row.number
        previous = row.due_date
    assert state.outstanding.as_tuple() == ZERO6
    assert state.credit == 0
    assert state.total_outstanding == 0


# --- every built-in product, both bases: the settlement quote closes the loan --------------


@st.composite
def _product_cases(draw: st.DrawFn) -> tuple[lc.Schedule, Any, list[lc.Payment], date]:
    name = draw(st.sampled_from(lc.products.names()))
    basis = draw(st.sampled_from(["scheduled", "actual-balance"]))
    product = lc.products.get(name)
    product = product.replace(servicing=_on_basis(product.servicing, basis))
    low, high = product.min_rate, min(product.max_rate, D("0.36"))
    rate_steps = st.integers(int(low * 10000), int(high * 10000))
    term = draw(st.integers(2, 24))
    start = draw(st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    end = start + relativedelta(months=term)
    offsets = sorted(draw(st.sets(st.integers(1, (end - start).days - 1), min_size=1, max_size=3)))
    opening = D(draw(rate_steps)) / 10000
    changes = [
        RateChange(on=start + timedelta(days=o), annual_rate=D(draw(rate_steps)) / 10000)
        for o in offsets
    ]
    on_reprice = draw(st.sampled_from(["recompute-payment", "keep-payment"]))
    moving = RateSchedule(annual_rate=opening, dated_changes=changes, on_reprice=on_reprice)
    terms = product.terms(
        principal=D(draw(st.integers(1000_00, 500_000_00))) / 100, term=term, start=start,
        annual_rate=opening, rate_schedule=moving,
    )  # fmt: skip
    schedule = lc.amortize(terms)
    kept = draw(st.integers(0, len(schedule)))
    paid = [lc.Payment(row.due_date, row.payment) for row in schedule.installments[:kept]]
    on = draw(st.dates(start + timedelta(days=1), schedule.maturity + timedelta(days=60)))
    return schedule, product, [p for p in paid if p.date <= on], on


@settings(max_examples=120, deadline=None)
@given(_product_cases())
def test_the_settlement_quote_closes_a_rate_scheduled_loan(
    case: tuple[lc.Schedule, Any, list[lc.Payment], date],
) -> None:
    schedule, product, paid, on = case
    state = lc.assess(schedule, paid, on, product)
    quote = state.payoff_amount(on)
    if quote <= 0:
        return
    after = lc.assess(schedule, [*paid, lc.Payment(on, quote, "settle")], on, product)
    assert after.total_outstanding == 0
    assert after.credit == 0
    assert after.total_allocated + after.credit == after.total_paid


def test_scheduled_basis_quote_accrues_at_the_rates_in_force() -> None:
    # periodic loan; on 2024-04-30, 20 days into instalment 4 (opening 90,669.93): interest
    # to date 90,669.93 x (6 % x 15 + 4.8 % x 5) / 360 = 226.674825 + 60.44662 = 287.12
    s = _agreed("periodic")
    paid = [lc.Payment(row.due_date, row.payment) for row in s.installments[:3]]
    state = lc.assess(s, paid, date(2024, 4, 30))
    assert state.payoff_amount(date(2024, 4, 30)) == D("90669.93") + D("287.12")


# --- verify ---------------------------------------------------------------------------------


def test_verify_checks_a_rate_scheduled_schedule() -> None:
    s = _agreed("periodic")
    assert lc.verify(s)
    rows = list(s.installments)
    # a lender charging the old 6 % for the whole of instalment 4: 453.35 instead of 408.01
    rows[3] = rows[3]._replace(interest=D("453.35"), payment=D("10327.46"))
    result = lc.verify(lc.Schedule(terms=s.terms, installments=rows))
    assert [(d.number, d.field, str(d.computed)) for d in result.differences] == [
        (4, "interest", "408.01"),
        (4, "payment", "10282.12"),
    ]
    assert lc.verify_json(s.to_json())


# --- restructuring ------------------------------------------------------------------------


def test_restructuring_uses_the_current_rate_or_the_rate_given() -> None:
    s = _agreed("periodic")
    paid = [lc.Payment(row.due_date, row.payment) for row in s.installments[:5]]
    on = date(2024, 6, 20)
    state = lc.assess(s, paid, on)
    plan = lc.restructure(state, on, term=12)
    assert plan.schedule.terms.annual_rate == D("0.048")  # in force on 2024-06-20
    assert plan.schedule.terms.rate_schedule is None
    assert lc.verify(plan.schedule)
    given_rate = lc.restructure(state, on, term=12, annual_rate="5.5%")
    assert given_rate.schedule.terms.annual_rate == D("0.055")
    deferred = lc.defer(state, on, 2)
    assert deferred.schedule.terms.annual_rate == D("0.048")
    prepaid = lc.prepay(state, on, 10000).schedule
    assert prepaid is not None
    assert prepaid.terms.annual_rate == D("0.048")
    assert lc.verify(prepaid)


def test_restructuring_before_the_change_uses_the_opening_rate() -> None:
    s = _agreed("periodic")
    on = date(2024, 2, 20)
    state = lc.assess(s, [lc.Payment(date(2024, 2, 10), s.installments[0].payment)], on)
    plan = lc.restructure(state, on)
    assert plan.schedule.terms.annual_rate == D("0.06")
    assert len(plan.schedule) == 11


@pytest.mark.parametrize("basis", ["scheduled", "actual-balance"])
def test_an_indexed_loan_is_serviced_on_both_bases(basis: str) -> None:
    s = lc.amortize(
        lc.LoanTerms(
            principal=300000, term=36, start=date(2023, 11, 20), accrual="daily",
            rate_schedule=RateSchedule(index="LPR1Y", spread="1%", reprice="january"),
        )
    )  # fmt: skip
    paid = [lc.Payment(row.due_date, row.payment) for row in s.installments]
    state = lc.assess(s, paid, s.maturity, lc.ServicingRules(interest_basis=basis))
    assert state.total_outstanding == 0
    assert state.credit == 0
    assert state.total_paid == s.total_payment
