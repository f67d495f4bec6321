"""Properties of credit lines, over generated lines and repayments, on every built-in
product and both interest bases:

- a line with one draw is that loan assessed alone, figure by figure;
- every repayment is allocated in full: received = allocated across draws + credit;
- the available limit stays within [0, limit] on every date;
- paying the line's settlement quote leaves every draw settled (or paid off);
- a plan merging draws replaces the sum of their debts, part by part.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.lines import Claim, CreditLine, Draw, LinePayment, LineRules, allocate, merge_draws
from loancalc.products.rules import ProductRules
from loancalc.restructuring import DebtPart, RestructuringRules
from servicing_strategies import on_basis as _on_basis

D = Decimal
START = date(2024, 1, 1)
BASES = ("scheduled", "actual-balance")
RULES = ("oldest-first", "overdue-first", "proportional", "borrower-choice")


def _rate(product: ProductRules) -> Decimal:
    if product.annual_rate is not None:
        return product.annual_rate
    high = product.max_rate if product.rate_cap is None else min(product.max_rate, product.rate_cap)
    return max(product.min_rate, min(high, D("0.12")))


@st.composite
def products(draw: st.DrawFn) -> ProductRules:
    product = lc.products.get(draw(st.sampled_from(lc.products.names())))
    basis = draw(st.sampled_from(BASES))
    return product.replace(servicing=_on_basis(product.servicing, basis))


@st.composite
def lines(draw: st.DrawFn, *, most: int = 3) -> CreditLine:
    product = draw(products())
    count = draw(st.integers(1, most))
    offsets = sorted(draw(st.lists(st.integers(0, 30), min_size=count, max_size=count)))
    amounts = [D(draw(st.integers(100, 500_000))) / 100 for _ in range(count)]
    draws = [
        Draw(
            on=START + timedelta(days=offset),
            amount=amount,
            term=draw(st.integers(1, 6)),
            annual_rate=_rate(product),
            method=draw(st.sampled_from(("equal-installment", "equal-principal"))),
        )
        for offset, amount in zip(offsets, amounts, strict=True)
    ]
    rule = draw(st.sampled_from(RULES))
    return CreditLine(
        limit=sum(amounts, D(0)),
        product=product,
        opened=START,
        draws=draws,
        rules=LineRules(allocation=rule, freeze_when_overdue=draw(st.booleans())),
    )


@st.composite
def repayments(draw: st.DrawFn, line: CreditLine) -> list[LinePayment]:
    """Repayments after the last draw (so a named draw always exists). The draws fall
    within 30 days of the first, before any instalment falls due: the line is never
    frozen when one is made."""
    first = line.draws[-1].on
    named = line.rules.allocation.value == "borrower-choice"
    return [
        LinePayment(
            first + timedelta(days=draw(st.integers(0, 240))),
            D(draw(st.integers(1, 600_000))) / 100,
            draw=draw(st.integers(1, len(line.draws))) if named else None,
        )
        for _ in range(draw(st.integers(0, 4)))
    ]


@settings(max_examples=40)
@given(data=st.data())
def test_a_line_with_one_draw_is_that_loan(data: st.DataObject) -> None:
    line = data.draw(lines(most=1))
    payments = data.draw(repayments(line))
    as_of = line.draws[0].on + timedelta(days=data.draw(st.integers(0, 300)))
    state = line.assess(payments, as_of)
    schedule = line.draws[0].schedule(line.product)
    alone = lc.assess(
        schedule, [lc.Payment(p.date, p.amount) for p in payments], as_of, line.product
    )
    (only,) = state.draws
    assert only.state.rows() == alone.rows()
    assert only.state.outstanding == alone.outstanding
    assert only.state.charged == alone.charged
    assert (state.days_past_due, state.bucket, state.classification, state.reportable) == (
        alone.days_past_due,
        alone.bucket,
        alone.classification,
        alone.reportable,
    )
    assert (state.total_paid, state.total_allocated, state.credit) == (
        alone.total_paid,
        alone.total_allocated,
        alone.credit,
    )
    assert state.total_outstanding == alone.total_outstanding
    assert state.amount_due == alone.amount_due
    later = as_of + timedelta(days=data.draw(st.integers(0, 40)))
    assert state.payoff_amount(later) == alone.payoff_amount(later)
    status = {"settled": "clear", "paid-off": "clear"}.get(alone.status, alone.status)
    assert state.status == status


@settings(max_examples=40)
@given(data=st.data())
def test_repayments_are_allocated_in_full(data: st.DataObject) -> None:
    line = data.draw(lines())
    payments = data.draw(repayments(line))
    as_of = line.draws[-1].on + timedelta(days=data.draw(st.integers(0, 300)))
    state = line.assess(payments, as_of)
    kept = [p for p in payments if p.date <= as_of]
    assert state.total_paid == sum((p.amount for p in kept), D(0))
    assert state.total_allocated + state.credit == state.total_paid
    shares = sum((sum(entry.shares, D(0)) for entry in state.allocations), D(0))
    assert shares + state.line_credit == state.total_paid
    for d in state.draws:  # each draw got exactly what the allocations sent it
        sent = sum((entry.shares[d.number - 1] for entry in state.allocations), D(0))
        assert sum((p.amount for p in d.payments), D(0)) == sent
        assert all(share >= 0 for entry in state.allocations for share in entry.shares)


@settings(max_examples=30)
@given(data=st.data())
def test_available_limit_within_zero_and_the_limit(data: st.DataObject) -> None:
    line = data.draw(lines())
    payments = data.draw(repayments(line))
    last = max([line.draws[-1].on, *(p.date for p in payments)])
    for days in sorted(data.draw(st.lists(st.integers(0, 400), min_size=1, max_size=4))):
        state = line.assess(payments, START + timedelta(days=days))
        assert 0 <= state.available <= line.limit
        if not state.frozen:
            assert state.available == line.limit - state.drawn
    assert 0 <= line.assess(payments, last).available <= line.limit


@settings(max_examples=40)
@given(data=st.data())
def test_paying_the_line_quote_settles_every_draw(data: st.DataObject) -> None:
    line = data.draw(lines())
    payments = data.draw(repayments(line))
    as_of = max([line.draws[-1].on, *(p.date for p in payments)])
    as_of += timedelta(days=data.draw(st.integers(0, 200)))
    state = line.assess(payments, as_of)
    on = as_of + timedelta(days=data.draw(st.integers(0, 40)))
    quote = state.payoff_amount(on)
    if quote <= 0:
        assert all(d.state.total_outstanding == 0 for d in state.draws)
        return
    named = 1 if line.rules.allocation.value == "borrower-choice" else None
    paid = line.assess([*payments, LinePayment(on, quote, draw=named)], on)
    assert all(d.state.status in ("settled", "paid-off") for d in paid.draws)
    assert paid.total_outstanding == 0
    assert paid.status == "clear"
    assert paid.available == line.limit


@settings(max_examples=30)
@given(data=st.data())
def test_a_merged_plan_replaces_the_sum_of_the_draws_debts(data: st.DataObject) -> None:
    line = data.draw(lines())
    as_of = line.draws[-1].on + timedelta(days=data.draw(st.integers(40, 200)))
    state = line.assess([], as_of)  # nothing paid: every draw is past due by then
    anything = RestructuringRules(allowed=True, kinds=("re-instalment",), breach_days_past_due=30)
    plan = merge_draws(
        state,
        as_of,
        draws="all",
        term=12,
        annual_rate=_rate(line.product),
        method="equal-installment",
        rules=anything,
    )
    for part in DebtPart:
        assert plan.breakdown.line(part).debt == sum((debt[part] for debt in plan.debts), D(0))
    assert plan.breakdown.debt == state.payoff_amount()
    assert all(line.balanced for line in plan.breakdown.lines)


money = st.integers(0, 10**8).map(lambda cents: D(cents) / 100)


@st.composite
def claims(draw: st.DrawFn) -> list[Claim]:
    out = []
    for _ in range(draw(st.integers(1, 5))):
        payoff = draw(money)
        due = min(payoff, draw(money))
        out.append(Claim(due=due, payoff=payoff, days_past_due=draw(st.integers(0, 90))))
    return out


@given(paid=money, owed=claims(), rule=st.sampled_from(RULES), data=st.data())
def test_allocate_shares_in_full_and_never_beyond_a_payoff(
    paid: Decimal, owed: list[Claim], rule: str, data: st.DataObject
) -> None:
    named = data.draw(st.integers(0, len(owed) - 1)) if rule == "borrower-choice" else None
    shares = allocate(paid, owed, rule, quantum=D("0.01"), named=named)
    total_payoff = sum((c.payoff for c in owed), D(0))
    assert sum(shares, D(0)) == min(paid, total_payoff)
    assert all(0 <= share <= claim.payoff for share, claim in zip(shares, owed, strict=True))
    assert all(share == share.quantize(D("0.01")) for share in shares)
    total_due = sum((c.due for c in owed), D(0))
    if named is None and paid <= total_due:  # what is due is paid before any prepayment
        assert all(share <= claim.due for share, claim in zip(shares, owed, strict=True))
