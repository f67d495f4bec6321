"""``batch.assess`` on the actual-balance basis equals ``lc.assess`` on every loan: the
vectorised walk (generic actual-balance rules with fixed late fees, caps and windows,
overpayment reducing principal; penalty interest: test_batch_assess_balance_penalty.py)
and the listed fallback for the rest (both built-in actual-balance products)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from loancalc.servicing.rules import ServicingRules
from test_batch_assess import _arrays, _expected, _found

D = Decimal
STRATEGIES = [
    "penalties-fees-interest-principal", "interest-principal-penalties-fees",
    "principal-interest-penalties-fees", "overdue-interest-first",
]  # fmt: skip
PRODUCTS = ["cn-daily-rate-credit-line", "uk-hcstc"]
#: Why a loan under rules the walk takes may still be left to the engine.
WALK_REASONS = {
    "actual-balance: paid or assessed within the interest-free window",
    "actual-balance: a cost cap reached (computed by loancalc.assess)",
    "actual-balance: a contract rate above the daily cap",
}


@st.composite
def generic_rules(draw: st.DrawFn) -> ServicingRules:
    fee = draw(st.sampled_from([None, "15", "2.50"]))
    return ServicingRules(
        interest_basis="actual-balance",
        allocation=draw(st.sampled_from(STRATEGIES)),
        grace=lc.GracePolicy(days=draw(st.integers(0, 5))),
        report_after_days=draw(st.integers(0, 40)),
        late_fee=lc.LateFeePolicy() if fee is None else lc.LateFeePolicy(kind="fixed", amount=fee),
        caps=lc.CostCaps(
            daily_share=draw(st.sampled_from([None, "0.008", "0.0005"])),
            total_share=draw(st.sampled_from([None, "1", "0.02"])),
            default_fee=draw(st.sampled_from([None, "15", "1"])),
        ),
        interest_free=draw(st.sampled_from([None, lc.InterestFreePeriod(days=3)])),
    )


@st.composite
def loan(draw: st.DrawFn, product: str | None) -> tuple[lc.Schedule, list[lc.Payment]]:
    """One loan (of ``product``, or generic terms) and a history of every behaviour."""
    start = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 500)))
    principal = D(draw(st.integers(10000, 3000000))) / 100
    term = draw(st.integers(1, 12))
    if product is None:
        terms = lc.LoanTerms(
            principal=principal, term=term, start=start,
            annual_rate=D(draw(st.integers(0, 360))) / 1000,
            accrual=draw(st.sampled_from(["daily", "periodic"])),
            day_count=draw(st.sampled_from(["ACT/360", "ACT/365F"])),
            method=draw(st.sampled_from(["equal-installment", "equal-principal",
                                         "interest-only"])),
            fees=lc.Fees(per_period=D(draw(st.sampled_from([0, 0, 150]))) / 100),
        )  # fmt: skip
    else:
        rules = lc.products.get(product)
        high = min(rules.max_rate, D("0.3"))
        rate = D(draw(st.integers(int(rules.min_rate * 1000), int(high * 1000)))) / 1000
        terms = rules.terms(principal=principal, term=term, start=start, annual_rate=rate)
    schedule = lc.amortize(terms)
    quantum = terms.rounding.quantum
    payments: list[lc.Payment] = []
    for row in schedule.installments:
        kind = draw(st.sampled_from(["on-time", "late", "missed", "part", "over", "early"]))
        if kind == "missed" or not row.payment:
            continue
        amount = row.payment
        shift = draw(st.integers(-20, 40)) if kind in {"late", "part", "early"} else 0
        if kind == "part":
            amount = max(quantum, (amount * draw(st.integers(1, 99)) / 100).quantize(quantum))
        if kind == "over":
            amount += D(draw(st.integers(1, 200000))) * quantum
        payments.append(lc.Payment(max(start, row.due_date + timedelta(days=shift)), amount))
    for _ in range(draw(st.integers(0, 2))):  # stray payments, a whole payoff now and then
        day = start + timedelta(days=draw(st.integers(0, 500)))
        payments.append(lc.Payment(day, D(draw(st.integers(1, 4000000))) * quantum))
    return schedule, payments


def _check(
    book: list[tuple[lc.Schedule, list[lc.Payment]]], as_of: date, rules: ServicingRules
) -> batch.BookAssessment:
    schedules = [schedule for schedule, _ in book]
    result = batch.assess(schedules, _arrays([h for _, h in book]), as_of, rules)
    quantum = schedules[0].terms.rounding.quantum
    for index, (schedule, history) in enumerate(book):
        state = lc.assess(schedule, history, as_of, rules)
        assert _found(result, index) == _expected(state, as_of, quantum), index
    return result


@settings(max_examples=300, deadline=None)
@given(st.lists(loan(None), min_size=1, max_size=4), generic_rules(), st.integers(0, 700))
def test_generic_rules_are_walked_and_equal_assess(
    book: list[tuple[lc.Schedule, list[lc.Payment]]], rules: ServicingRules, later: int
) -> None:
    as_of = max(schedule.terms.start for schedule, _ in book) + timedelta(days=later)
    result = _check(book, as_of, rules)
    assert set(result.fallback_reasons) <= WALK_REASONS
    if rules == ServicingRules(
        interest_basis="actual-balance",
        allocation=rules.allocation,
        grace=rules.grace,
        report_after_days=rules.report_after_days,
    ):
        assert result.fallback.tolist() == []  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(PRODUCTS).flatmap(
    lambda name: st.tuples(st.just(name), st.lists(loan(name), min_size=1, max_size=3))),
    st.integers(0, 500))  # fmt: skip
def test_products_equal_assess_and_list_their_fallback(
    case: tuple[str, list[tuple[lc.Schedule, list[lc.Payment]]]], later: int
) -> None:
    product, book = case
    rules = lc.products.get(product).servicing
    as_of = max(schedule.terms.start for schedule, _ in book) + timedelta(days=later)
    result = _check(book, as_of, rules)
    assert set(result.fallback_reasons) <= WALK_REASONS  # penalty interest is walked too


def test_hand_worked_part_payment_and_late_instalment() -> None:
    # 1,000 at 36 % (0.1 % a day, ACT/360) over 2 months from 2024-01-01, daily accrual:
    # paid 500 on 2024-01-21: 20 days of interest, 1,000 x 0.001 x 20 = 20.00, then 480 of
    # principal (520.00 left). Instalment 1 falls due on 2024-02-01: the period's interest
    # is 20.00 + 520 x 0.001 x 11 = 25.72, posted 5.72 more; 500 of the payment was
    # paid ahead and covers the demand first. Nothing more paid; on 2024-02-20 the
    # demand's rest is 19 days past due.
    schedule = lc.amortize(lc.LoanTerms(principal=1000, annual_rate="36%", term=2,
                                        start=date(2024, 1, 1), accrual="daily"))  # fmt: skip
    rules = ServicingRules(interest_basis="actual-balance")
    book = [(schedule, [lc.Payment(date(2024, 1, 21), D(500))])]
    result = _check(book, date(2024, 2, 20), rules)
    payment = schedule.installments[0].payment
    # instalment 1 = 1,000 x 0.031 ... (the schedule's level payment: 517.58 by amortize)
    assert result.amount_due[0] == int((payment - 500) * 100)
    assert result.days_past_due[0] == 19
    # interest: 20.00 + 5.72 (period 1) + 520 x 0.001 x 19 = 9.88 (period 2 so far)
    assert result.charged[0, 1] == 2000 + 572 + 988
    assert result.settlement[0] == 52000 + 572 + 988
    assert result.fallback.tolist() == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [({"overpayment": "credit"}, "overpayment held as credit"),
     ({"interest_free": lc.InterestFreePeriod(days=3, conditional=False)},
      "an unconditional interest-free window")],
)  # fmt: skip
def test_rules_outside_the_walk_fall_back_with_their_reason(
    change: dict[str, object], reason: str
) -> None:
    schedule = lc.amortize(lc.LoanTerms(principal=1000, annual_rate="36%", term=2,
                                        start=date(2024, 1, 1), accrual="daily"))  # fmt: skip
    rules = ServicingRules(interest_basis="actual-balance").replace(**change)
    result = _check([(schedule, [lc.Payment(date(2024, 1, 21), D(500))])], date(2024, 3, 5),
                    rules)  # fmt: skip
    assert result.fallback.tolist() == [0]
    assert reason in result.fallback_reasons[0]


def test_hand_worked_uk_hcstc_missed_instalment_is_walked() -> None:
    # uk-hcstc: 300 at 20 % over 3 months from 2024-01-01, ACT/365F, rounded down, nothing
    # paid (the 3-day window lapses: interest from the advance). Instalment 1 (103.34)
    # falls due on 2024-02-01 and stays unpaid: the fixed late fee, 15.00, at the end of
    # that day (no grace). On 2024-02-10: interest 300 x 0.2 x 31 / 365 = 5.0958 -> 5.09,
    # then 300 x 0.2 x 9 / 365 = 1.4794 -> 1.47: 6.56; due 103.34 + 15.00 = 118.34, 9 days
    # past due; settlement 300 + 6.56 + 15.00 = 321.56.
    rules = lc.products.get("uk-hcstc")
    terms = rules.terms(principal=D(300), term=3, start=date(2024, 1, 1), annual_rate=D("0.2"))
    schedule = lc.amortize(terms)
    assert schedule.installments[0].payment == D("103.34")
    result = _check([(schedule, [])], date(2024, 2, 10), rules.servicing)
    assert result.fallback.tolist() == []
    assert result.charged[0].tolist() == [30000, 656, 0, 0, 0, 1500]
    assert result.amount_due.tolist() == [11834]
    assert result.days_past_due.tolist() == [9]
    assert result.settlement.tolist() == [32156]
