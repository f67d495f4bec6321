"""Hypothesis properties of the actual-balance basis (issue 12).

(a) paying every scheduled amount on its due date reproduces the daily-accrual schedule;
(b) paying earlier never costs more interest; (c) paying later never costs less;
(d) the settlement quote paid on its date leaves nothing owed and no credit;
(e) interest and charges never exceed a cap; (f) the engine equals the day-by-day
reference: ``tests/test_balance_reference.py``.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import loancalc as lc
from balance_reference import span_fraction
from balance_strategies import METHODS, cases, payments, rules, schedules, terms
from loancalc.servicing import (
    CostCaps,
    EventKind,
    LateFeePolicy,
    PenaltyPolicy,
    PenaltyRate,
    ServicingRules,
)
from servicing_reference import round_to

ACTUAL = ServicingRules(interest_basis="actual-balance")
ZERO6 = (Decimal(0),) * 6


def _costs(state: Any) -> Decimal:
    """Everything charged except principal: interest, fees, penalty, compound, late fees."""
    return sum(state.charged.as_tuple()[1:], Decimal(0))


# ---- (a) paying as scheduled reproduces the daily-accrual schedule -------------------


@st.composite
def _scheduled_loans(draw: st.DrawFn) -> Any:
    base = draw(terms((*METHODS, "balloon")))
    fee = draw(st.sampled_from([Decimal(0), Decimal(0), Decimal("2.50")]))
    if fee:
        base = base.replace(fees=lc.Fees(per_period=fee))
    schedule = lc.amortize(base)
    assume(all(not row.capitalized_interest for row in schedule.installments))
    return schedule


@settings(max_examples=150, deadline=None)
@given(_scheduled_loans())
def test_paying_as_scheduled_reproduces_the_daily_accrual_schedule(schedule: Any) -> None:
    rows = schedule.installments
    paid = [lc.Payment(row.due_date, row.payment) for row in rows if row.payment]
    state = lc.assess(schedule, paid, schedule.maturity, ACTUAL)
    previous = schedule.terms.start
    for row in rows:
        interest = sum(
            (line.interest for line in state.statement if previous < line.date <= row.due_date),
            Decimal(0),
        )
        assert interest == row.interest, row.number
        previous = row.due_date
    assert state.outstanding.as_tuple() == ZERO6
    assert state.credit == 0
    assert state.days_past_due == 0
    assert state.total_outstanding == 0


# ---- (b) and (c): paying earlier never costs more, later never less ------------------


@st.composite
def _moved(draw: st.DrawFn, extras: bool) -> Any:
    schedule = draw(schedules())
    paid = draw(payments(schedule))
    assume(paid)
    rule_set = draw(rules(schedule, extras))
    as_of = schedule.maturity + timedelta(days=90)
    index = draw(st.integers(0, len(paid) - 1))
    days = draw(st.integers(1, 60))
    return schedule, paid, index, days, as_of, rule_set


def _move(paid: list[lc.Payment], index: int, day: date) -> list[lc.Payment]:
    moved = list(paid)
    moved[index] = lc.Payment(day, paid[index].amount, paid[index].reference)
    return moved


def _check_earlier(case: Any) -> None:
    schedule, paid, index, days, as_of, rule_set = case
    day = max(schedule.terms.start, paid[index].date - timedelta(days=days))
    assume(day < paid[index].date)
    late = lc.assess(schedule, paid, as_of, rule_set)
    early = lc.assess(schedule, _move(paid, index, day), as_of, rule_set)
    caps = rule_set.caps
    if caps.total_share is None and caps.annual_rate is None:
        assert early.charged.interest <= late.charged.interest
    else:
        # interest and charges share the room under these caps: a late fee avoided by
        # paying earlier leaves room for interest, so only the total is monotone
        assert _costs(early) <= _costs(late)


def _check_later(case: Any) -> None:
    schedule, paid, index, days, as_of, rule_set = case
    day = paid[index].date + timedelta(days=days)
    early = lc.assess(schedule, paid, as_of, rule_set)
    late = lc.assess(schedule, _move(paid, index, day), as_of, rule_set)
    # Contract, penalty and compound interest are each rounded on their own. With penalty
    # rules a later payment can move a cent of exact cost from one of them to another
    # (e.g. 0.01 paid a day later pays interest instead of principal, so more of the
    # overdue amount is principal: less compound interest, more penalty), and the three
    # roundings can then give one grid step less per component moved; contract interest
    # is rounded per period, so exact cost moved between periods can lose one step per
    # period too. The exact costs never fall; the rounded total may, by at most those
    # steps.
    steps = 2 + len(schedule.installments) + 1  # penalty, compound; each period; after
    slack = schedule.terms.rounding.quantum * steps if rule_set.penalty.charges_anything else 0
    # The total cost, with penalty rules and caps too. What is overdue (bearing penalty
    # and compound interest) follows what the instalments asked for and what the loan
    # repaid of principal and of interest, first asked, first repaid; it used to follow
    # the label each payment got, which differs on either side of a due date, so paying
    # later could cost less (1,000 at 36.5 %, 350 paid on 01-02 and 10 on 01-31 rather
    # than 03-01: 0.43 less penalty; test_balance_overdue_parts.py). Under a total or
    # annual cap interest and charges share the room: a component alone may fall when
    # another takes its room, never the total, so the total is what is checked.
    assert _costs(late) >= _costs(early) - slack


@settings(max_examples=150, deadline=None)
@given(_moved(extras=False))
def test_paying_earlier_never_costs_more_interest(case: Any) -> None:
    _check_earlier(case)


@settings(max_examples=150, deadline=None)
@given(_moved(extras=True))
def test_paying_earlier_never_costs_more_interest_under_any_rules(case: Any) -> None:
    _check_earlier(case)


@settings(max_examples=150, deadline=None)
@given(_moved(extras=False))
def test_paying_later_never_costs_less(case: Any) -> None:
    _check_later(case)


@settings(max_examples=150, deadline=None)
@given(_moved(extras=True))
def test_paying_later_never_costs_less_under_any_rules(case: Any) -> None:
    _check_later(case)


def test_part_of_an_instalment_paid_a_day_early_costs_no_more() -> None:
    # Interest-only, 1,000.00 at 36.5 % ACT/365F (1.00 a day): the Feb 1 instalment is
    # 31.00 of interest, no principal. 10.00 paid on Feb 1 pays 10.00 of it: 21.00 of
    # interest stays overdue, and interest bears no penalty (no compound rule): penalty
    # 0.00 by Feb 29. Paid a day early (Jan 31) the same 10.00 must not cost more; it
    # did (found by the property above): the early payment lowered the interest balance,
    # so the instalment's interest part became 21.00 and 10.00 of it "principal", which
    # then bore penalty at 73 % - 36.5 %: 10 x 0.001 x 28 = 0.28.
    schedule = lc.amortize(
        lc.LoanTerms(principal=1000, annual_rate="36.5%", term=2, start=date(2024, 1, 1),
                     method="interest-only", accrual="daily", day_count="ACT/365F")
    )  # fmt: skip
    rule_set = ACTUAL.replace(
        penalty=PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.73"), day_count="ACT/365F")
    )
    as_of = date(2024, 2, 29)
    on_time = lc.assess(schedule, [lc.Payment(date(2024, 2, 1), "10")], as_of, rule_set)
    early = lc.assess(schedule, [lc.Payment(date(2024, 1, 31), "10")], as_of, rule_set)
    assert on_time.penalty_interest == 0
    assert early.installments[0].charged.principal == 0  # an interest-only instalment
    assert early.penalty_interest <= on_time.penalty_interest


def test_a_day_late_still_reaches_the_total_cap() -> None:
    # Found by the properties above. 100.00 at 21.99 % ACT/360 over 7 months, rounding
    # down, penalty 1.5x, total cap 5 % of 100.00 = 5.00. Paying the first instalment on
    # its due date, costs reach the cap: 5.00. A day late they must reach it too (the
    # loan runs on the same or a larger balance); they stop at 4.99: the day of penalty
    # (exact, a fraction of a cent, rounded down when posted) takes room under the cap
    # that is then neither charged nor given back.
    schedule = lc.amortize(
        lc.LoanTerms(principal=100, annual_rate="21.99%", term=7, start=date(2023, 1, 1),
                     accrual="daily", rounding=lc.Rounding(mode="down"))
    )  # fmt: skip
    rule_set = ACTUAL.replace(
        penalty=PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5")),
        caps=CostCaps(total_share="5%"),
    )
    as_of = date(2023, 10, 30)
    on_time = lc.assess(schedule, [lc.Payment(date(2023, 2, 1), "15.35")], as_of, rule_set)
    late = lc.assess(schedule, [lc.Payment(date(2023, 2, 2), "15.35")], as_of, rule_set)
    assert _costs(on_time) == Decimal("5.00")
    assert _costs(late) >= _costs(on_time)


def test_a_settled_loan_stays_settled() -> None:
    # Found by "paying later never costs less". 100.00 at 0 % in 2 x 51.50 (a 1.50 fee
    # each), a 20.00 late fee, nothing paid on Feb 1: owed 100 + 1.50 + 20 = 121.50 and
    # that is the settlement quote on Feb 15. Paid then, the loan is closed; the Mar 1
    # instalment must not charge its fee (and a late fee on it) to a closed loan. It did:
    # 1.50 + 20.00 owed on Apr 10, so settling early cost 20.00 more than paying on Mar 1.
    schedule = lc.amortize(
        lc.LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1),
                     accrual="daily", fees=lc.Fees(per_period="1.50"))
    )  # fmt: skip
    rule_set = ACTUAL.replace(
        late_fee=LateFeePolicy(kind="fixed", amount="20"),
        allocation="interest-principal-penalties-fees",
    )
    quote = lc.assess(schedule, [], date(2024, 2, 15), rule_set).payoff_amount()
    assert quote == Decimal("121.50")
    paid = [lc.Payment(date(2024, 2, 15), quote)]
    later = lc.assess(schedule, paid, date(2024, 4, 10), rule_set)
    assert later.outstanding.as_tuple() == ZERO6
    assert later.days_past_due == 0


# ---- (d) the settlement quote closes the loan ----------------------------------------


def _check_settlement(case: Any, later: int) -> None:
    schedule, paid, as_of, rule_set = case
    kept = [p for p in paid if p.date <= as_of]
    on = max([as_of] + [p.date for p in kept]) + timedelta(days=later)
    state = lc.assess(schedule, kept, as_of, rule_set)
    quote = state.payoff_amount(on)
    assume(quote > 0)
    after = lc.assess(schedule, [*kept, lc.Payment(on, quote, "settle")], on, rule_set)
    assert after.outstanding.as_tuple() == ZERO6
    assert after.credit == 0
    assert after.total_outstanding == 0
    assert after.days_past_due == 0


@settings(max_examples=150, deadline=None)
@given(cases(extras=False), st.integers(0, 40))
def test_settlement_quote_paid_on_its_date_leaves_nothing(case: Any, later: int) -> None:
    _check_settlement(case, later)


@st.composite
def _reducing_cases(draw: st.DrawFn) -> Any:
    schedule, paid, as_of, rule_set = draw(cases(extras=True))
    return schedule, paid, as_of, rule_set.replace(overpayment="reduce-principal")


@settings(max_examples=150, deadline=None)
@given(_reducing_cases(), st.integers(0, 40))
def test_settlement_quote_closes_the_loan_under_any_rules(case: Any, later: int) -> None:
    _check_settlement(case, later)


@settings(max_examples=100, deadline=None)
@given(cases(extras=True), st.integers(0, 40))
def test_settlement_quote_closes_the_loan_with_overpayment_as_credit(case: Any, later: int) -> None:
    schedule, paid, as_of, rule_set = case
    _check_settlement((schedule, paid, as_of, rule_set.replace(overpayment="credit")), later)


@settings(max_examples=100, deadline=None)
@given(cases(extras=True))
def test_arrears_never_exceed_what_is_owed(case: Any) -> None:
    state = lc.assess(*case)
    for line in state.statement:
        owed = line.principal + line.interest_balance + line.charges_balance
        assert line.arrears <= owed, line.date


@settings(max_examples=100, deadline=None)
@given(cases(extras=False), st.integers(0, 40))
def test_the_last_demand_is_everything_owed(case: Any, later: int) -> None:
    schedule, paid, _, rule_set = case
    last = schedule.installments[-1].due_date
    state = lc.assess(schedule, paid, last + timedelta(days=later), rule_set)
    line = next(line for line in state.statement if line.date == last)
    owed = line.principal + line.interest_balance + line.charges_balance
    assert line.arrears == max(owed, Decimal(0))


@settings(max_examples=100, deadline=None)
@given(_reducing_cases())
def test_credit_is_held_only_when_nothing_is_owed(case: Any) -> None:
    # "reduce-principal": money beyond everything owed is a refund due, so credit and a
    # balance owed never stand side by side (later charges are paid from the credit)
    state = lc.assess(*case)
    if state.credit > 0:
        assert state.outstanding.as_tuple() == ZERO6


# ---- (e) caps ------------------------------------------------------------------------


@st.composite
def _capped(draw: st.DrawFn) -> Any:
    schedule, paid, as_of, rule_set = draw(cases(extras=True))
    caps = CostCaps(
        daily_share=draw(st.sampled_from([None, "0.0002", "0.0005", "0.008"])),
        total_share=draw(st.sampled_from([None, "0.01", "0.05", "1"])),
        annual_rate=draw(st.sampled_from([None, "0.1", "0.24"])),
        default_fee=draw(st.sampled_from([None, "5", "15"])),
    )
    return schedule, paid, as_of, rule_set.replace(caps=caps)


def _floor(value: Fraction, schedule: Any) -> Decimal:
    quantum = Fraction(schedule.terms.rounding.quantum)
    floored = round_to(value, quantum, "ROUND_FLOOR")
    return Decimal(floored.numerator) / Decimal(floored.denominator)


@settings(max_examples=200, deadline=None)
@given(_capped())
def test_costs_never_exceed_the_caps(case: Any) -> None:
    schedule, paid, as_of, rule_set = case
    caps = rule_set.caps
    state = lc.assess(schedule, paid, as_of, rule_set)
    principal = schedule.terms.principal
    if caps.total_share is not None:
        assert _costs(state) <= caps.total_share * principal
    if caps.default_fee is not None:
        fees = [e for e in state.events if e.kind is EventKind.LATE_FEE_CHARGED]
        assert all(e.amounts.late_fee <= caps.default_fee for e in fees)
    if caps.annual_rate is not None:
        # everything charged up to each line <= the annual rate on the principal in use
        allowance, charged = Fraction(0), Decimal(0)
        lines = state.statement
        if any(line.note for line in lines):  # a lapsed window: the loan as without it
            lines = lc.assess(schedule, paid, as_of, rule_set.replace(interest_free=None)).statement
        for before, line in itertools.pairwise(lines):
            allowance += (
                Fraction(before.principal)
                * Fraction(caps.annual_rate)
                * span_fraction(schedule.terms.day_count.value, before.date, line.date)
            )
            charged += line.interest + line.charges
            assert charged <= _floor(allowance, schedule), line.date


@st.composite
def _daily_capped(draw: st.DrawFn) -> Any:
    schedule, paid, as_of, rule_set = draw(cases(extras=True))
    caps = CostCaps(daily_share=draw(st.sampled_from(["0.0002", "0.0005", "0.008"])))
    # no fees or late fees: a line's charges are then penalty and compound interest only
    assume(not any(row.fee for row in schedule.installments))
    return schedule, paid, as_of, rule_set.replace(caps=caps, late_fee=LateFeePolicy())


@settings(max_examples=200, deadline=None)
@given(_daily_capped())
def test_interest_never_exceeds_the_daily_cap(case: Any) -> None:
    # The spec caps the exact accrual of each span at share x principal x days and never
    # posts more than the allowance rounded down to the grid; posting rounds the period's
    # cumulative interest, so the check is cumulative: interest, penalty and compound
    # posted up to each line <= floor(sum over spans of share x principal x days).
    schedule, paid, as_of, rule_set = case
    share = Fraction(rule_set.caps.daily_share)
    state = lc.assess(schedule, paid, as_of, rule_set)
    if any(line.note for line in state.statement):
        # A lapsed window re-runs the loan without it, so its lapse line carries the
        # window's days on the principal before the payments within it, which these
        # lines do not show: the loan as walked without the window has the same charges
        # (see test_interest_free_lapse.py) and its lines show every span.
        window_free = attrs.evolve(rule_set, interest_free=None)
        state = lc.assess(schedule, paid, as_of, window_free)
    allowance, charged = Fraction(0), Decimal(0)
    lines = state.statement
    for before, line in itertools.pairwise(lines):
        allowance += share * Fraction(before.principal) * line.days
        charged += line.interest + line.charges
        assert charged <= _floor(allowance, schedule), line.date
