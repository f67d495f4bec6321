"""``batch.assess`` equals ``lc.assess`` on every loan of generated books, every built-in
product, both interest bases and every kind of history (on time, late, missed, part-paid
before and after the due date, over-paid)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from loancalc.servicing.rules import ServicingRules

PRODUCTS = lc.products.names()


def _rules(name: str, basis: str) -> ServicingRules:
    servicing = lc.products.get(name).servicing
    if basis == "actual-balance" and servicing.interest_basis.value == "scheduled":
        return servicing.replace(interest_basis="actual-balance")
    return servicing


@st.composite
def loans(draw: st.DrawFn, product: str) -> tuple[lc.Schedule, list[lc.Payment]]:
    """One loan of ``product`` and a payment history mixing every behaviour."""
    rules = lc.products.get(product)
    low, high = rules.min_rate, min(rules.max_rate, Decimal("0.3"))
    rate = draw(st.integers(int(low * 1000), int(high * 1000))) / Decimal(1000)
    start = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 500)))
    terms = rules.terms(
        principal=Decimal(draw(st.integers(10000, 3000000))) / 100,
        term=draw(st.integers(1, 18)),
        start=start,
        annual_rate=rate,
    )
    schedule = lc.amortize(terms)
    quantum = terms.rounding.quantum
    payments: list[lc.Payment] = []
    for row in schedule.installments:
        kind = draw(st.sampled_from(["on-time", "late", "missed", "part-before", "part-after",
                                     "over", "early"]))  # fmt: skip
        amount = row.payment
        if kind == "missed":
            continue
        shift = {"on-time": 0, "late": draw(st.integers(1, 70)), "part-before": -draw(
            st.integers(1, 20)), "part-after": draw(st.integers(1, 40)), "over": 0,
            "early": -draw(st.integers(1, 25))}[kind]  # fmt: skip
        if kind.startswith("part"):
            amount = max(quantum, (amount * draw(st.integers(1, 99)) / 100).quantize(quantum))
        if kind == "over":
            amount += Decimal(draw(st.integers(1, 50000))) * quantum
        if kind == "late":  # and the charges of the late payment, some of the time
            amount += Decimal(draw(st.integers(0, 3000))) * quantum
        day = max(start, row.due_date + timedelta(days=shift))
        payments.append(lc.Payment(day, amount))
    for _ in range(draw(st.integers(0, 2))):  # stray payments on any day
        day = start + timedelta(days=draw(st.integers(0, 600)))
        payments.append(lc.Payment(day, Decimal(draw(st.integers(1, 100000))) * quantum))
    return schedule, payments


def _expected(state: lc.LoanState, as_of: date, quantum: Decimal) -> dict[str, object]:
    def units(value: Decimal) -> int:
        return int(value / quantum)

    return {
        "days": state.days_past_due, "bucket": state.bucket,
        "classification": state.classification.value, "reportable": state.reportable,
        "charged": [units(v) for v in state.charged.as_tuple()],
        "paid": [units(v) for v in state.paid.as_tuple()],
        "waived": [units(v) for v in state.waived.as_tuple()],
        "outstanding": [units(v) for v in state.outstanding.as_tuple()],
        "amount_due": units(state.amount_due), "settlement": units(state.payoff_amount(as_of)),
        "credit": units(state.credit),
    }  # fmt: skip


def _found(result: batch.BookAssessment, index: int) -> dict[str, object]:
    return {
        "days": int(result.days_past_due[index]), "bucket": str(result.bucket[index]),
        "classification": str(result.classification[index]),
        "reportable": bool(result.reportable[index]),
        "charged": result.charged[index].tolist(), "paid": result.paid[index].tolist(),
        "waived": result.waived[index].tolist(),
        "outstanding": result.outstanding[index].tolist(),
        "amount_due": int(result.amount_due[index]),
        "settlement": int(result.settlement[index]), "credit": int(result.credit[index]),
    }  # fmt: skip


def _arrays(histories: list[list[lc.Payment]]) -> tuple[list[int], list[date], list[Decimal]]:
    rows = [(index, p.date, p.amount) for index, history in enumerate(histories)
            for p in history]  # fmt: skip
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


@st.composite
def books(draw: st.DrawFn) -> tuple[str, str, list[tuple[lc.Schedule, list[lc.Payment]]], date]:
    product = draw(st.sampled_from(PRODUCTS))
    basis = draw(st.sampled_from(["scheduled", "actual-balance"]))
    book = draw(st.lists(loans(product), min_size=1, max_size=4))
    first = min(schedule.terms.start for schedule, _ in book)
    latest = max(schedule.terms.start for schedule, _ in book)
    as_of = latest + timedelta(days=draw(st.integers(0, 700)))
    del first
    return product, basis, book, as_of


@settings(max_examples=150)
@given(books())
def test_equals_the_scalar_engine_on_every_loan(
    case: tuple[str, str, list[tuple[lc.Schedule, list[lc.Payment]]], date],
) -> None:
    product, basis, book, as_of = case
    rules = _rules(product, basis)
    schedules = [schedule for schedule, _ in book]
    result = batch.assess(schedules, _arrays([h for _, h in book]), as_of, rules)
    quantum = schedules[0].terms.rounding.quantum
    for index, (schedule, history) in enumerate(book):
        state = lc.assess(schedule, history, as_of, rules)
        assert _found(result, index) == _expected(state, as_of, quantum), (index, product)
    if basis == "scheduled" and rules.interest_basis.value == "scheduled":
        reasons = set(result.fallback_reasons)
        assert reasons <= {
            "several payments on a day that may settle the loan before it ends",
        }, reasons
