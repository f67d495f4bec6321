"""Small hypothesis strategies for servicing tests: loans, payments and rules.

Sizes stay modest (up to 6 instalments, 6 payments, assessed within a few months of
maturity) so that the slow day-by-day reference runs quickly.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
from hypothesis import strategies as st

import loancalc as lc
from loancalc.servicing import (
    CostCaps,
    GracePolicy,
    LateFeePolicy,
    PenaltyPolicy,
    PenaltyRate,
    ReliefWindow,
    ServicingRules,
    strategy_names,
)

STRATEGIES = ("penalties-fees-interest-principal", "interest-principal-penalties-fees",
              "principal-interest-penalties-fees", "overdue-interest-first")  # fmt: skip
assert set(STRATEGIES) <= set(strategy_names())


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n) / 100)


@st.composite
def schedules(draw: st.DrawFn, max_term: int = 6) -> lc.Schedule:
    start = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 900)))
    method = draw(st.sampled_from(["equal-installment", "equal-principal", "interest-only"]))
    fee = draw(st.sampled_from([Decimal(0), Decimal(0), Decimal("2.50")]))
    terms = lc.LoanTerms(
        principal=draw(cents(10_000, 2_000_000)),
        annual_rate=draw(st.sampled_from(["0", "6%", "18%", "24%", "36%"])),
        term=draw(st.integers(1, max_term)),
        start=start,
        method=method,
        fees=lc.Fees(per_period=fee),
    )
    return lc.amortize(terms)


@st.composite
def payments(draw: st.DrawFn, schedule: lc.Schedule, count: int = 6) -> list[lc.Payment]:
    start = schedule.terms.start
    span = (schedule.maturity - start).days + 60
    typical = max(schedule.installments[0].payment, Decimal(1))
    result = []
    for index in range(draw(st.integers(0, count))):
        day = start + timedelta(days=draw(st.integers(0, span)))
        amount = draw(
            st.one_of(
                st.just(typical),
                cents(1, int(typical * 250)),  # up to 2.5 instalments
            )
        )
        result.append(lc.Payment(day, amount, f"P{index}"))
    return result


@st.composite
def rules(draw: st.DrawFn) -> ServicingRules:
    grace = GracePolicy(
        days=draw(st.integers(0, 5)),
        business_days=draw(st.booleans()),
        roll_due_date=draw(st.booleans()),
        retroactive=draw(st.booleans()),
    )
    kind = draw(st.sampled_from(["none", "multiplier", "plus-share", "annual", "daily"]))
    value = {
        "none": "0",
        "multiplier": "1.5",
        "plus-share": "0.3",
        "annual": "0.27",
        "daily": "0.0005",
    }[kind]
    cap = draw(st.sampled_from([None, None, "5", "0.01"]))
    penalty = PenaltyPolicy(
        rate=PenaltyRate(kind=kind, value=value),
        compound=draw(st.booleans()),
        day_count=draw(st.sampled_from(list(lc.DayCount))),
        rounding=draw(st.sampled_from(["event", "event", "daily"])),
        cap_amount=cap if cap == "5" else None,
        cap_share=cap if cap == "0.01" else None,
    )
    fee_kind = draw(st.sampled_from(["none", "fixed", "share"]))
    if fee_kind == "fixed":
        late_fee = LateFeePolicy(
            kind="fixed",
            amount="20",
            repeat_days=draw(st.sampled_from([None, 10, 30])),
            cap_total=draw(st.sampled_from([None, "50"])),
            charged_on=draw(st.sampled_from(["grace-end", "grace-end", "due-date"])),
        )
    elif fee_kind == "share":
        base = draw(st.sampled_from(["unpaid", "scheduled"]))
        late_fee = LateFeePolicy(
            kind="share",
            share="0.05",
            base=base,
            charged_on=draw(st.sampled_from(["grace-end", "due-date"]))
            if base == "scheduled"
            else "grace-end",
            minimum=draw(st.sampled_from([None, "1"])),
            maximum=draw(st.sampled_from([None, "15"])),
            repeat_days=draw(st.sampled_from([None, 15])),
        )
    else:
        late_fee = LateFeePolicy()
    windows = []
    if draw(st.booleans()):
        first = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 1100)))
        windows.append(
            ReliefWindow(start=first, end=first + timedelta(days=draw(st.integers(0, 20))))
        )
    return ServicingRules(
        grace=grace,
        penalty=penalty,
        late_fee=late_fee,
        allocation=draw(st.sampled_from(STRATEGIES)),
        relief_windows=windows,
    )


@st.composite
def cases(
    draw: st.DrawFn, max_term: int = 6
) -> tuple[lc.Schedule, list[lc.Payment], date, ServicingRules]:
    schedule = draw(schedules(max_term))
    paid = draw(payments(schedule))
    start = schedule.terms.start
    span = (schedule.maturity - start).days + 90
    as_of = start + timedelta(days=draw(st.integers(0, span)))
    return schedule, paid, as_of, draw(rules())


def on_basis(rules: ServicingRules, basis: str) -> ServicingRules:
    """``rules`` on ``basis``, without what the other basis does not support (the one
    helper the property tests over every product and both bases share)."""
    if basis == "scheduled":
        return rules.replace(
            interest_basis=basis, overpayment="reduce-principal", interest_free=None,
            promotions=(), caps=CostCaps(),
        )  # fmt: skip
    # the penalty's own limits and daily rounding are the scheduled basis's
    penalty = attrs.evolve(rules.penalty, rounding="event", cap_amount=None, cap_share=None)
    return rules.replace(interest_basis=basis, relief_windows=(), penalty=penalty)


def product_on_basis(name: str, basis: str) -> ServicingRules:
    """The built-in product ``name``'s own servicing rules on ``basis``."""
    return on_basis(lc.products.get(name).servicing, basis)


def paid_off_with_the_quote(
    schedule: lc.Schedule, rules: ServicingRules, on: date
) -> lc.LoanState | None:
    """Every row due by ``on`` paid on its date, then the payoff quote of ``on`` paid on
    ``on``: the state that day (None when the quote is 0: nothing to pay)."""
    paid = [
        lc.Payment(row.due_date, row.payment)
        for row in schedule.installments
        if row.payment and row.due_date <= on
    ]
    quote = lc.assess(schedule, paid, on, rules).payoff_amount(on)
    if quote <= 0:
        return None
    return lc.assess(schedule, [*paid, lc.Payment(on, quote)], on, rules)
