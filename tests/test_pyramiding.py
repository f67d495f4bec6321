"""Late fees never pyramid when the product forbids it (issue 21): worked examples on both
interest bases, FSFP ActualPaymentTest010, the built-in products, the CLI, and a property
over generated loans."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.cli import main
from loancalc.servicing import EventKind, GracePolicy, LateFeePolicy, Pyramiding
from loancalc.servicing.late_fee import SPARED_NOTE, spared_installments

D = Decimal
START = date(2022, 11, 1)
BASES = ("scheduled", "actual-balance")


def _fee(pyramiding: str, **more: Any) -> LateFeePolicy:
    return LateFeePolicy(kind="fixed", amount="10", pyramiding=pyramiding, **more)


def _loan(accrual: str = "periodic") -> lc.Schedule:
    return lc.amortize(
        lc.LoanTerms(principal=1500, annual_rate="20%", term=5, start=START, accrual=accrual)
    )


def _rules(basis: str, pyramiding: str, **more: Any) -> lc.ServicingRules:
    return lc.ServicingRules(
        interest_basis=basis, grace=GracePolicy(days=3), late_fee=_fee(pyramiding, **more)
    )


def _third_short(schedule: lc.Schedule) -> list[lc.Payment]:
    # every instalment paid on its due date in full, but the third: 200 of it
    return [
        lc.Payment(row.due_date, D(200) if row.number == 3 else row.payment)
        for row in schedule.installments
    ]


@pytest.mark.parametrize("basis", BASES)
def test_one_short_instalment_costs_one_late_fee(basis: str) -> None:
    # Scheduled: 315.17 a month; the third is paid 200 (115.17 short), charged 10 on 02-04.
    # The fourth and fifth payments (315.17 each, on time) pay the oldest first: each
    # leaves its own instalment short. Allowed: 10 more each (30); forbidden: 10 in all.
    schedule = _loan("daily" if basis == "actual-balance" else "periodic")
    paid = _third_short(schedule)
    allowed = lc.assess(schedule, paid, date(2023, 5, 1), _rules(basis, "allowed"))
    forbidden = lc.assess(schedule, paid, date(2023, 5, 1), _rules(basis, "forbidden"))
    assert allowed.late_fees == D("30.00")
    assert forbidden.late_fees == D("10.00")
    fees = [e for e in forbidden.events if e.kind is EventKind.LATE_FEE_CHARGED]
    assert [(e.date, e.installment) for e in fees] == [(date(2023, 2, 4), 3)]
    ends = [e for e in forbidden.events if e.kind is EventKind.GRACE_ENDED]
    assert [(e.installment, e.note) for e in ends] == [
        (3, ""),
        (4, SPARED_NOTE),
        (5, SPARED_NOTE),
    ]
    # what is owed is still owed: only the fees differ (on the actual balance, the fees
    # the allowed case charged also took money from principal, which bore interest)
    if basis == "scheduled":
        assert forbidden.total_outstanding == allowed.total_outstanding - D(20)
    else:
        assert forbidden.total_outstanding < allowed.total_outstanding - D(20)
    assert forbidden.days_past_due == allowed.days_past_due


@pytest.mark.parametrize("basis", BASES)
def test_an_instalment_short_of_its_own_payment_is_still_charged(basis: str) -> None:
    # The fourth is paid 300 of 315.17: short by its own payment, it is charged.
    schedule = _loan("daily" if basis == "actual-balance" else "periodic")
    paid = [
        lc.Payment(row.due_date, D(300) if row.number == 4 else row.payment)
        for row in schedule.installments
    ]
    state = lc.assess(schedule, paid, date(2023, 5, 1), _rules(basis, "forbidden"))
    fees = [e.installment for e in state.events if e.kind is EventKind.LATE_FEE_CHARGED]
    assert fees == [4]


@pytest.mark.parametrize("basis", BASES)
def test_a_missed_instalment_is_charged_and_repeats_stay_on_it(basis: str) -> None:
    # The second is missed; the rest paid on time. Forbidden: the second's fee repeats
    # every 30 days while it stays short (it is genuinely late); the later instalments,
    # each paid in full on time by its own payment, are never charged.
    schedule = _loan("daily" if basis == "actual-balance" else "periodic")
    paid = [lc.Payment(r.due_date, r.payment) for r in schedule.installments if r.number != 2]
    rules = _rules(basis, "forbidden", repeat_days=30)
    state = lc.assess(schedule, paid, date(2023, 5, 1), rules)
    fees = [e.installment for e in state.events if e.kind is EventKind.LATE_FEE_CHARGED]
    assert set(fees) == {2}
    assert len(fees) > 1


def test_fsfp_actual_payment_010_one_late_fee_for_one_underpayment() -> None:
    """FSFP ActualPaymentTest010, "Underpayment made should show scheduled payment as
    underpayment after grace period has expired": simontreanor/FSharp.Finance.Personal,
    tests/ActualPaymentTests.fs L677-L720, commit 204707cb5ca5415d6aa87990beef4d897c62eff1;
    table io/out/ActualPayment/ActualPaymentTest010.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/ActualPaymentTests.fs#L677-L720

    1,500 from 2022-11-01 at 0.8 % a day, 491.53 due on the 15th of Nov-Mar; 491.53 paid on
    the first two due dates, 400.00 on the third. [io/out] one late payment charge of
    10.00 (for the third), and the fourth and fifth projected as paid in full on their
    dates (491.53 each) with no further charge. Re-expressed: those two payments made;
    with pyramiding forbidden, one late fee (before issue 21: three, 30.00).
    """
    from test_balance_peers import _ap003

    schedule, _, base = _ap003()  # this loan, 0.8 % a day, grace 3 days, late fee 10
    amounts = ["491.53", "491.53", "400.00", "491.53", "491.53"]
    paid = [
        lc.Payment(row.due_date, amount)
        for row, amount in zip(schedule.installments, amounts, strict=True)
    ]
    rules = base.replace(late_fee=_fee("forbidden"))
    state = lc.assess(schedule, paid, date(2023, 3, 31), rules)
    fees = [e for e in state.events if e.kind is EventKind.LATE_FEE_CHARGED]
    assert [(e.date, e.installment, e.amounts.late_fee) for e in fees] == [
        (date(2023, 1, 18), 3, D("10.00"))
    ]
    assert lc.assess(schedule, paid, date(2023, 3, 31), base).late_fees == D("30.00")


def test_us_fixed_mortgage_forbids_pyramiding_and_the_others_allow_it() -> None:
    forbidding = {
        name
        for name in lc.products.names()
        if lc.products.get(name).servicing.late_fee.pyramiding is Pyramiding.FORBIDDEN
    }
    assert forbidding == {"us-fixed-mortgage"}
    sources = [s.title for s in lc.products.get("us-fixed-mortgage").sources]
    assert any("1026.36(c)(2)" in title and "444.4" in title for title in sources)


def test_the_rule_round_trips_through_json_and_toml_data() -> None:
    rules = _rules("scheduled", "forbidden")
    assert rules.to_dict()["late_fee"]["pyramiding"] == "forbidden"
    assert lc.ServicingRules.from_dict(rules.to_dict()) == rules
    with pytest.raises(lc.LoanCalcError, match=r"late_fee\.pyramiding: got 'never'"):
        LateFeePolicy(kind="fixed", amount="10", pyramiding="never")


def test_the_cli_option(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "assess", "--principal", "1500", "--rate", "20%", "--term", "5", "--start",
        "2022-11-01", "--grace-days", "3", "--late-fee", "10", "--as-of", "2023-05-01",
        "--format", "json",
    ]  # fmt: skip
    for row in _loan().installments:
        amount = "200" if row.number == 3 else str(row.payment)
        args += ["--payment", f"{row.due_date}:{amount}"]
    results = {}
    for choice in ("allowed", "forbidden"):
        assert main([*args, "--late-fee-pyramiding", choice]) == 0
        data = json.loads(capsys.readouterr().out)
        results[choice] = data["late_fees"]
        assert data["rules"]["late_fee"]["pyramiding"] == choice
    assert results == {"allowed": "30.00", "forbidden": "10.00"}


# ---- the property -------------------------------------------------------------------


@st.composite
def _one_late(draw: st.DrawFn) -> tuple[Any, ...]:
    """A loan of any built-in product on either basis; every instalment paid in full on
    its due date except one, paid late (in full or in part, or missed)."""
    name = draw(st.sampled_from(lc.products.names()))
    product = lc.products.get(name)
    basis = draw(st.sampled_from(BASES))
    term = draw(st.integers(3, 12))
    start = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 400)))
    rate = product.min_rate + (product.max_rate - product.min_rate) / 2
    terms = product.terms(principal=draw(st.integers(1000, 50000)), term=term, start=start,
                          annual_rate=rate)  # fmt: skip
    if basis == "actual-balance":
        terms = terms.replace(accrual="daily")
    schedule = lc.amortize(terms)
    late = draw(st.integers(1, term - 1))
    row = schedule.installments[late - 1]
    kind = draw(st.sampled_from(["missed", "part", "late"]))
    paid = []
    for r in schedule.installments:
        if r.number != late:
            paid.append(lc.Payment(r.due_date, r.payment))
        elif kind == "part":
            paid.append(lc.Payment(r.due_date, (r.payment / 2).quantize(D("0.01"))))
        elif kind == "late":
            paid.append(lc.Payment(r.due_date + timedelta(days=draw(st.integers(20, 25))),
                                   r.payment))  # fmt: skip
    fee = draw(st.sampled_from([_fee("forbidden"), LateFeePolicy(
        kind="share", share="0.05", base="scheduled", pyramiding="forbidden")]))  # fmt: skip
    more: dict[str, Any] = {}
    if basis == "scheduled":  # the actual-balance rules of a product on that basis go
        more = {"caps": lc.CostCaps(), "interest_free": None, "promotions": ()}
    rules = product.servicing.replace(
        interest_basis=basis, late_fee=fee, grace=GracePolicy(days=5), relief_windows=(), **more
    )
    as_of = schedule.maturity + timedelta(days=draw(st.integers(0, 40)))
    return schedule, paid, as_of, rules, row


@settings(max_examples=120, deadline=None)
@given(_one_late())
def test_after_one_late_instalment_exactly_one_late_fee(case: Any) -> None:
    schedule, paid, as_of, rules, late = case
    state = lc.assess(schedule, paid, as_of, rules)
    fees = [e for e in state.events if e.kind is EventKind.LATE_FEE_CHARGED]
    assert [e.installment for e in fees] == [late.number]
    allowed = rules.replace(late_fee=attrs_evolve(rules.late_fee, pyramiding="allowed"))
    assert lc.assess(schedule, paid, as_of, allowed).late_fees >= state.late_fees


def attrs_evolve(policy: LateFeePolicy, **changes: Any) -> LateFeePolicy:
    import attrs

    return attrs.evolve(policy, **changes)


def test_spared_installments_share_a_payment_made_within_the_previous_grace() -> None:
    # 1 asks 100, 2 asks 100; 150 paid on 1-17 (within 1's grace): 1 takes 100, 2 has 50
    # of its own, and 50 more on 2-16 makes it whole.
    d, m = date, D
    rows = [
        (1, d(2024, 1, 15), d(2024, 1, 18), m(100)),
        (2, d(2024, 2, 15), d(2024, 2, 18), m(100)),
    ]
    policy = _fee("forbidden")
    assert spared_installments(policy, rows, [(d(2024, 1, 17), m(150))]) == {1}
    assert spared_installments(
        policy, rows, [(d(2024, 1, 17), m(150)), (d(2024, 2, 16), m(50))]
    ) == {1, 2}
    assert spared_installments(_fee("allowed"), rows, [(d(2024, 1, 17), m(300))]) == set()
    assert spared_installments(LateFeePolicy(pyramiding="forbidden"), rows, []) == set()
