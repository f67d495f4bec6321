"""lc.audit's invariants over every built-in product and both interest bases."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.audit import Audit, Claim, audit
from loancalc.limits import LimitRule, LimitSet
from loancalc.products import ProductRules, Source
from loancalc.servicing import PenaltyPolicy, PenaltyRate, ServicingRules
from product_terms import product_terms
from servicing_strategies import on_basis as _on_basis

D = Decimal
BASES = ("scheduled", "actual-balance")


@st.composite
def _payments(draw: st.DrawFn, schedule: lc.Schedule, quantum: D) -> list[lc.Payment]:
    payments = []
    for row in schedule.installments:
        kind = draw(st.sampled_from(["on-time", "late", "part", "missed", "missed"]))
        if kind == "missed":
            continue
        late = draw(st.integers(1, 90)) if kind == "late" else 0
        amount = row.payment if kind != "part" else (row.payment / 3).quantize(quantum)
        if amount > 0:
            payments.append(lc.Payment(row.due_date + timedelta(days=late), amount))
    return payments


@st.composite
def product_audits(draw: st.DrawFn) -> tuple[lc.LoanState, ProductRules]:
    product = lc.products.get(draw(st.sampled_from(lc.products.names())))
    terms = product_terms(draw, product, (1, 9), date(2018, 1, 1), 2500)
    quantum = product.rounding.quantum
    # an upfront fee (deducted from the advance): none, a share of the principal (up to
    # 12 %), or an amount up to 1.2 times the principal (all of it and more)
    fee = draw(st.sampled_from(["none", "rate", "amount"]))
    if fee == "rate":
        share = D(draw(st.integers(1, 1200))) / 10_000
        terms = terms.replace(fees=attrs.evolve(terms.fees, upfront_rate=share))
    elif fee == "amount":
        upfront = (terms.principal * draw(st.integers(1, 120)) / 100).quantize(quantum)
        terms = terms.replace(fees=attrs.evolve(terms.fees, upfront=upfront))
    schedule = lc.amortize(terms)
    payments = draw(_payments(schedule, quantum))
    span = (schedule.maturity - terms.start).days + 300
    as_of = terms.start + timedelta(days=draw(st.integers(0, span)))
    payments = [p for p in payments if p.date <= as_of]
    rules = _on_basis(product.servicing, draw(st.sampled_from(BASES)))
    return lc.assess(schedule, payments, as_of, rules), product


def _check_identities(state: lc.LoanState, result: Audit) -> None:
    assert result.contract_balance == state.total_outstanding
    # contract == lawful + excess, to the cent
    assert result.contract_balance == result.lawful_balance + result.excess
    assert result.excess >= 0
    assert result.lawful_balance <= result.contract_balance
    limit = [f for f in result.findings if f.kind != "claim"]
    assert result.excess == sum((f.excess for f in limit), D(0))
    for finding in result.findings:
        assert finding.excess == finding.charged - finding.lawful
        assert finding.excess > 0
        assert finding.period[0] <= finding.period[1]
    for finding in limit:
        assert finding.lawful >= 0
        assert finding.excess == finding.excess.quantize(state.schedule.terms.rounding.quantum)
    if not limit:  # no limit binds: the lawful balance is the contract's
        assert result.lawful_balance == result.contract_balance


@settings(max_examples=60, deadline=None)
@given(product_audits())
def test_every_product_both_bases_identities(case: tuple[lc.LoanState, ProductRules]) -> None:
    state, product = case
    result = audit(state, product)
    _check_identities(state, result)
    # what each component lost never exceeds what was charged of it
    lost: dict[str, D] = {}
    for finding in result.findings:
        assert finding.component is not None
        lost[finding.component.value] = lost.get(finding.component.value, D(0)) + finding.excess
    for component, amount in lost.items():
        charged = state.charged.get(lc.Component.parse(component))
        if component == "fee":  # the fee charged at disbursement counts as a fee
            charged += state.schedule.upfront_fee
        assert amount <= charged
    # a claim of loancalc's own figures finds only what the limits find
    claimed = audit(state, product, claimed=Claim.from_state(state))
    assert claimed.findings == result.findings
    assert claimed.claimed_excess == 0


@settings(max_examples=40, deadline=None)
@given(product_audits(), st.sampled_from(["cn-private-lending", "uk-hcstc",
                                          "fi-consumer-credit"]))  # fmt: skip
def test_every_limit_set_identities(case: tuple[lc.LoanState, ProductRules], name: str) -> None:
    state, _ = case
    _check_identities(state, audit(state, name))


def _cheap_product(basis: str, penalty: D) -> ServicingRules:
    base = lc.products.get("cn-consumer-finance-instalment").servicing
    penalty_policy = PenaltyPolicy(rate=PenaltyRate(kind="annual", value=penalty), compound=True)
    return _on_basis(base.replace(penalty=penalty_policy), basis)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(BASES),
    st.integers(0, 12),  # contract rate, percent
    st.integers(0, 4),  # penalty rate above the contract's, percent
    st.integers(1, 9),
    st.integers(0, 900),
    st.data(),
)
def test_a_loan_under_every_cap_has_no_findings(  # noqa: PLR0917
    basis: str, rate: int, extra: int, term: int, days: int, data: st.DataObject
) -> None:
    # The all-in cost stays under 24 %: contract rate <= 12 %; the default charges are at
    # most 16 % a year on overdue principal and interest (overdue interest is at most
    # about an eighth of the overdue principal at these rates), so at most 18 % on the
    # principal; on the actual-balance basis contract interest (12 %) runs on, and the
    # default charges (at most 18 %) exceed 24 % - 12 % only there: keep them <= 10 %.
    contract = D(rate) / 100
    penalty = contract + D(extra) / 100
    if basis == "actual-balance":
        penalty = min(penalty, D("0.09"))
    rules = _cheap_product(basis, penalty)
    start = date(2022, 1, 1)
    terms = lc.LoanTerms(principal=12000, annual_rate=contract, term=term, start=start)
    schedule = lc.amortize(terms)
    payments = data.draw(_payments(schedule, D("0.01")))
    as_of = start + timedelta(days=days)
    payments = [p for p in payments if p.date <= as_of]
    state = lc.assess(schedule, payments, as_of, rules)
    result = audit(state, "cn-licensed-lender")
    assert result.findings == ()
    assert result.lawful_balance == result.contract_balance


def test_a_cap_that_binds_nothing_leaves_the_balance() -> None:
    # A 1000 % cap binds nothing on any product's late loan.
    rule = LimitRule(id="loose", title="a loose cap", kind="all-in-rate", rate="10",
                     sources=(Source(title="t"),))  # fmt: skip
    loose = LimitSet(name="loose", description="x", jurisdiction="CN", rules=(rule,))
    for name in lc.products.names():
        product = lc.products.get(name)
        rate = product.annual_rate if product.annual_rate is not None else product.min_rate
        schedule = lc.amortize(product.terms(principal=10000, term=6, start=date(2024, 1, 31),
                                             annual_rate=rate))  # fmt: skip
        for basis in BASES:
            state = lc.assess(schedule, [], date(2024, 9, 1), _on_basis(product.servicing, basis))
            result = audit(state, loose)
            assert result.findings == ()
            assert result.lawful_balance == result.contract_balance


@settings(max_examples=30, deadline=None)
@given(product_audits(), st.integers(0, 10_000), st.integers(0, 40))
def test_claims_beyond_the_contract_by_exactly_what_is_added(
    case: tuple[lc.LoanState, ProductRules], cents: int, days: int
) -> None:
    state, product = case
    more = D(cents) / 100
    own = Claim.from_state(state)
    claim = Claim(overdue_amount=state.amount_due + more, days_past_due=state.days_past_due + days,
                  total=own.total, amounts=own.amounts)  # fmt: skip
    result = audit(state, product, claimed=claim)
    found = {f.rule: f.excess for f in result.findings if f.kind == "claim"}
    expected = {}
    if more:
        expected["claim-overdue-amount"] = more
    if days:
        expected["claim-days-past-due"] = D(days)
    assert found == expected
    assert result.claimed_excess == more
    assert result.excess == audit(state, product).excess  # claims never change the excess
