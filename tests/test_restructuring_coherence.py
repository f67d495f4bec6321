"""The plan as printed is the plan as checked: properties over every built-in product and
both interest bases.

- a plan's schedule paid as printed is never breached and ends at 0;
- a plan settled with its own settlement quote is settled, not breached;
- what is owed on a breach equals what assessing the breach schedule on the breach date
  says;
- a deferral's schedule paid as printed ends at 0.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.restructuring import LeftDueRow, RestructuringRules
from loancalc.servicing import CostCaps, InterestBasis

BASES = ("scheduled", "actual-balance")
#: For products that allow no restructuring (or not the kind drawn): every kind, every part.
OPEN_RULES = RestructuringRules(
    allowed=True,
    kinds=("re-instalment", "re-age", "re-amortise", "extend"),
    waivable=("interest", "fee", "penalty-interest", "compound-interest", "late-fee"),
    capitalizable=("interest", "fee", "penalty-interest", "compound-interest", "late-fee"),
    breach_days_past_due=30,
    breach_missed_installments=2,
    reinstate_waived_on_breach=True,
    accelerate_on_breach=True,
)
CHARGES = ("penalty-interest", "compound-interest", "late-fee")


def servicing_on(product: lc.products.ProductRules, basis: str) -> lc.ServicingRules:
    """The product's servicing rules on ``basis`` (the actual-balance rules dropped on the
    scheduled basis, where they do not apply)."""
    rules = product.servicing
    if basis == "scheduled":
        return rules.replace(
            interest_basis="scheduled", caps=CostCaps(), interest_free=None, promotions=()
        )
    return rules.replace(interest_basis="actual-balance")


@st.composite
def loans(draw: st.DrawFn) -> tuple[str, lc.LoanState, lc.products.ProductRules]:
    """A built-in product's loan on a basis, some instalments paid on time, then none."""
    name = draw(st.sampled_from(lc.products.names()))
    product = lc.products.get(name)
    basis = draw(st.sampled_from(BASES))
    rate = product.annual_rate if product.annual_rate is not None else Decimal("0.065")
    term = draw(st.integers(2, 12))
    terms = product.terms(
        principal=draw(st.integers(1000, 200_000)),
        term=term,
        start=date(2024, draw(st.integers(1, 12)), draw(st.integers(1, 28))),
        annual_rate=min(rate, product.max_rate),
    )
    schedule = lc.amortize(terms)
    paid_count = draw(st.integers(0, term - 1))
    paid = [lc.Payment(r.due_date, r.payment) for r in schedule.installments[:paid_count]]
    after = schedule.installments[paid_count].due_date
    as_of = after + timedelta(days=draw(st.integers(-20, 70)))
    as_of = max(as_of, schedule.terms.start, paid[-1].date if paid else as_of)
    state = lc.assess(schedule, paid, as_of, servicing_on(product, basis))
    return name, state, product


@st.composite
def plans(draw: st.DrawFn) -> lc.Restructuring:
    """A restructuring of such a loan of any kind, as its product allows (or, if it does
    not allow the kind, as :data:`OPEN_RULES` do), each way of showing what is left due."""
    _name, state, product = draw(loans())
    kind = draw(st.sampled_from([k.value for k in OPEN_RULES.kinds]))
    limits = product.restructuring if product.restructuring.allows(kind) else OPEN_RULES
    # on the actual-balance basis what is left due is always a row due on signing
    places = (
        [LeftDueRow.ON_SIGNING]
        if state.rules.interest_basis is InterestBasis.ACTUAL_BALANCE
        else list(LeftDueRow)
    )
    limits = attrs.evolve(
        limits, max_count=None, max_term=None, left_due_row=draw(st.sampled_from(places))
    )
    waivable = [c.value for c in limits.waivable if c.value in CHARGES]
    waive = draw(st.sets(st.sampled_from(waivable))) if waivable else set()
    left = len([r for r in state.schedule.installments if r.due_date > state.as_of])
    term = {
        "re-instalment": draw(st.integers(1, 12)),
        "re-age": draw(st.integers(1, 4)),
        "re-amortise": None,
        "extend": left + draw(st.integers(1, 6)),
    }[kind]
    try:
        return lc.restructure(
            state,
            state.as_of,
            kind=kind,
            term=term,
            waive=waive,
            capitalize=draw(st.sampled_from([None, ()])),
            rules=limits,
        )
    except lc.InvalidValueError as error:
        # nothing (or nothing overdue) to restructure, no instalment left to re-amortise or
        # extend, or a re-age of instalments already paid in part
        assume(error.field not in {"on", "down_payment", "kind", "term", "method"})
        raise


def describe(plan: lc.Restructuring) -> None:
    """Label the example (shown by ``--hypothesis-show-statistics``)."""
    basis = plan.state.rules.interest_basis.value
    where = "nothing left due" if plan.agreement.left_due_row is None else "left due in a row"
    event(f"{plan.kind.value}, {basis}, {where}")


def as_printed(plan: lc.Restructuring | lc.Deferral) -> list[lc.Payment]:
    return [lc.Payment(row.due_date, row.payment) for row in plan.schedule if row.payment]


@settings(max_examples=150, deadline=None)
@given(plans(), st.integers(0, 90))
def test_a_plan_paid_as_printed_is_never_breached_and_ends_at_zero(
    plan: lc.Restructuring, days: int
) -> None:
    agreement = plan.agreement
    describe(plan)
    # the amount left due on signing is a row of the plan, never outside it
    assert (agreement.left_due_row is None) == (not agreement.left_due.total)
    end = plan.schedule.maturity + timedelta(days=days)
    status = lc.check_agreement(agreement, as_printed(plan), end)
    assert not status.breached
    assert status.breach is None
    assert status.missed_installments == 0
    assert status.days_past_due == 0
    assert status.plan.total_outstanding == 0
    assert status.plan.credit == 0
    # and so on every day before: never breached on the way
    middle = agreement.date + (end - agreement.date) / 2
    assert not lc.check_agreement(agreement, as_printed(plan), middle).breached


@settings(max_examples=150, deadline=None)
@given(plans(), st.integers(0, 400), st.integers(0, 90))
def test_a_plan_settled_with_its_own_quote_is_settled_not_breached(
    plan: lc.Restructuring, offset: int, days: int
) -> None:
    agreement = plan.agreement
    describe(plan)
    rows = plan.schedule.installments
    day = min(agreement.date + timedelta(days=offset), rows[-1].due_date)
    # every row due before the day paid as printed, then the quote on the day
    paid = [lc.Payment(r.due_date, r.payment) for r in rows if r.due_date < day and r.payment]
    quote = lc.assess(plan.schedule, paid, day, agreement.rules).payoff_amount(day)
    if quote > 0:
        paid.append(lc.Payment(day, quote))
    end = rows[-1].due_date + timedelta(days=days)
    status = lc.check_agreement(agreement, paid, end)
    assert not status.breached
    assert status.days_past_due == 0
    assert status.plan.total_outstanding == 0
    if quote > 0:  # the quote paid closes the plan on the day
        assert lc.check_agreement(agreement, paid, day).plan.total_outstanding == 0


@settings(max_examples=150, deadline=None)
@given(plans(), st.integers(0, 3), st.integers(0, 200))
def test_what_is_owed_on_a_breach_is_what_the_breach_schedule_says(
    plan: lc.Restructuring, paid_rows: int, days: int
) -> None:
    agreement = plan.agreement
    assume(agreement.breach_days_past_due or agreement.breach_missed_installments)
    rows = [r for r in plan.schedule.installments if r.payment][:paid_rows]
    paid = [lc.Payment(r.due_date, r.payment) for r in rows]
    as_of = plan.schedule.installments[-1].due_date + timedelta(days=days)
    status = lc.check_agreement(agreement, paid, as_of)
    assume(status.breached and agreement.accelerate_on_breach)
    describe(plan)
    assert status.breach is not None
    assert status.breach_date is not None
    assert status.breach_schedule is not None
    assert status.breach_rules is not None
    on_breach = lc.assess(status.breach_schedule, [], status.breach_date, status.breach_rules)
    assert on_breach.total_outstanding == status.owed_on_breach
    assert on_breach.amount_due == status.owed_on_breach
    # the obligation named was not paid when the breach came, and was due before it
    missed = status.breach.obligation
    assert missed.paid_on is None or missed.paid_on >= status.breach_date
    assert missed.due_date < status.breach_date
    # the plan is past due from its first missed obligation, at least since the breach
    assert status.days_past_due >= (as_of - status.breach_date).days


@settings(max_examples=100, deadline=None)
@given(loans(), st.integers(1, 3), st.sampled_from(["capitalize", "accrue-and-spread", "waive"]))
def test_a_deferral_paid_as_printed_ends_at_zero(
    case: tuple[str, lc.LoanState, lc.products.ProductRules], periods: int, interest: str
) -> None:
    _name, state, _product = case
    assume(state.schedule.terms.method is not lc.Method.BULLET)
    assume(any(r.due_date > state.as_of for r in state.schedule.installments))
    try:
        deferral = lc.defer(state, state.as_of, periods, interest=interest)
    except lc.InvalidValueError as error:  # no principal left to defer (paid ahead)
        assume(error.field != "on")
        raise
    end = deferral.schedule.maturity + timedelta(days=10)
    after = lc.assess(deferral.schedule, as_printed(deferral), end, deferral.rules)
    assert after.total_outstanding == 0
    assert after.credit == 0
    assert after.days_past_due == 0
    if state.rules.interest_basis is InterestBasis.ACTUAL_BALANCE:
        # every row's interest is what the balance earns: the rows' interest is all of it
        assert after.charged.interest == deferral.schedule.total_interest
