"""Events beyond payments, held to the ledger identities over every built-in product and
both interest bases (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.errors import InvalidValueError
from loancalc.servicing import ServicingRules
from loancalc.servicing.assess import assess_dates
from loancalc.servicing.components import Component
from loancalc.servicing.ledger_events import Charge, LedgerEvent, Refund, Reversal, WriteOff
from product_terms import product_terms
from servicing_strategies import on_basis as _on_basis

D = Decimal
BASES = ("scheduled", "actual-balance")
PRODUCTS = lc.products.names()
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def loans(
    draw: st.DrawFn, basis: str | None = None
) -> tuple[lc.Schedule, ServicingRules, list[lc.Payment], date]:
    """A loan of a built-in product with payments on time, late, partial or missed (each
    with a reference), and a day of its life to assess it on."""
    product = lc.products.get(draw(st.sampled_from(PRODUCTS)))
    terms = product_terms(draw, product, (1, 6), date(2023, 1, 1), 400, 10**7, middle=True)
    quantum = product.rounding.quantum
    schedule = lc.amortize(terms)
    payments = []
    for row in schedule.installments:
        kind = draw(st.sampled_from(["on-time", "late", "part", "over", "missed"]))
        if kind == "missed":
            continue
        late = draw(st.integers(1, 60)) if kind == "late" else 0
        amount = {"part": (row.payment / 3).quantize(quantum),
                  "over": row.payment + quantum * 1000}.get(kind, row.payment)  # fmt: skip
        if amount > 0:
            payments.append(
                lc.Payment(row.due_date + timedelta(days=late), amount, f"P{row.number}")
            )
    span = (schedule.maturity - terms.start).days + 200
    as_of = terms.start + timedelta(days=draw(st.integers(0, span)))
    rules = _on_basis(product.servicing, basis or draw(st.sampled_from(BASES)))
    return schedule, rules, payments, as_of


def _identities(state: lc.LoanState) -> None:
    # the identity kept: what is allocated plus the credit held is what was paid (net of
    # reversed payments) less what was refunded
    assert state.total_allocated + state.credit == state.total_paid - state.total_refunded
    assert state.total_paid == sum((p.amount for p in state.payments), D(0))
    written = state.written_off
    for c in Component:
        kept = state.paid.get(c) + state.waived.get(c) + written.get(c) + state.outstanding.get(c)
        assert kept == state.charged.get(c)
    for row in state.installments:
        for c in Component:
            assert row.paid.get(c) + row.waived.get(c) + row.outstanding.get(c) == row.charged.get(
                c
            )


@pytest.mark.parametrize("basis", BASES)
@SETTINGS
@given(data=st.data())
def test_a_payment_reversed_the_same_day_is_no_payment_at_all(
    basis: str, data: st.DataObject
) -> None:
    schedule, rules, payments, as_of = data.draw(loans(basis))
    if not payments:
        return
    target = data.draw(st.sampled_from(payments))
    reversal = Reversal(target.date, target.reference or "")
    with_it = lc.assess(schedule, [*payments, reversal], as_of, rules)
    without = lc.assess(schedule, [p for p in payments if p is not target], as_of, rules)
    assert with_it.installments == without.installments
    assert with_it.events == without.events
    assert with_it.payments == without.payments
    for figure in ("total_paid", "total_allocated", "credit", "days_past_due", "bucket",
                   "total_outstanding", "amount_due", "settled_on"):  # fmt: skip
        assert getattr(with_it, figure) == getattr(without, figure)
    assert with_it.total_reversed == (target.amount if target.date <= as_of else 0)
    if as_of < schedule.maturity + timedelta(days=100):
        assert with_it.payoff_amount() == without.payoff_amount()


@pytest.mark.parametrize("basis", BASES)
@SETTINGS
@given(data=st.data())
def test_reversing_a_payment_twice_is_refused(basis: str, data: st.DataObject) -> None:
    schedule, rules, payments, as_of = data.draw(loans(basis))
    if not payments:
        return
    target = data.draw(st.sampled_from(payments))
    twice = [Reversal(target.date, target.reference or ""),
             Reversal(target.date + timedelta(days=3), target.reference or "")]  # fmt: skip
    with pytest.raises(InvalidValueError, match=r"payments\[\d+\]\.reverses"):
        lc.assess(schedule, [*payments, *twice], as_of, rules)


@pytest.mark.parametrize("basis", BASES)
@SETTINGS
@given(data=st.data())
def test_refunds_charges_and_reversals_keep_the_ledger_identities(
    basis: str, data: st.DataObject
) -> None:
    schedule, rules, payments, as_of = data.draw(loans(basis))
    quantum = schedule.terms.rounding.quantum
    events: list[LedgerEvent] = list(payments)
    reverse_one: bool = data.draw(st.booleans())
    if payments and reverse_one:
        target = data.draw(st.sampled_from(payments))
        late = timedelta(days=data.draw(st.integers(0, 40)))
        events.append(Reversal(target.date + late, target.reference or "", charge=quantum * 2500))
    for index in range(data.draw(st.integers(0, 2))):
        day = schedule.terms.start + timedelta(days=data.draw(st.integers(0, 300)))
        events.append(Charge(day, quantum * data.draw(st.integers(1, 5000)), f"charge {index}"))
    if data.draw(st.booleans()):  # written off, then maybe a recovery
        day = schedule.terms.start + timedelta(days=data.draw(st.integers(0, 300)))
        events.append(WriteOff(day))
        events.append(lc.Payment(day + timedelta(days=10), quantum * 3000))
    state = lc.assess(schedule, events, as_of, rules)
    _identities(state)
    again = lc.assess(schedule, state.ledger_events, as_of, rules)  # the same, re-assessed
    assert again.installments == state.installments
    assert (again.credit, again.total_refunded) == (state.credit, state.total_refunded)
    if state.credit > 0:  # refund part or all of the credit held on as_of
        part = quantum * data.draw(st.integers(1, int(state.credit / quantum)))
        refunded = lc.assess(schedule, [*events, Refund(as_of, part)], as_of, rules)
        _identities(refunded)
        assert refunded.credit == state.credit - part
        assert refunded.total_refunded == part
        # within a day refunds come before charges: a charge on as_of is paid from the
        # credit after the refund, so the credit a refund may take is the credit before it
        charged_today = sum(
            (e.amount for e in events if isinstance(e, Charge) and e.date == as_of), quantum * 0
        )
        too_much = state.credit + charged_today + quantum
        with pytest.raises(InvalidValueError, match=r"refund.amount"):
            lc.assess(schedule, [*events, Refund(as_of, too_much)], as_of, rules)


@SETTINGS
@given(data=st.data())
def test_assess_dates_agrees_with_assess_with_every_kind_of_event(data: st.DataObject) -> None:
    schedule, rules, payments, as_of = data.draw(loans())
    quantum = schedule.terms.rounding.quantum
    events: list[LedgerEvent] = list(payments)
    if payments:
        target = data.draw(st.sampled_from(payments))
        events.append(Reversal(target.date + timedelta(days=5), target.reference or ""))
    if data.draw(st.booleans()):
        events.append(Charge(schedule.terms.start + timedelta(days=40), quantum * 700, "fee"))
    if data.draw(st.booleans()):
        back = as_of - timedelta(days=data.draw(st.integers(0, 60)))
        events.append(WriteOff(max(back, schedule.terms.start)))
    days = [as_of, as_of - timedelta(days=30), as_of + timedelta(days=20)]
    days = [d for d in days if d >= schedule.terms.start]
    states = assess_dates(schedule, events, days, rules)
    for day, state in zip(days, states, strict=True):
        assert state == lc.assess(schedule, events, day, rules)
