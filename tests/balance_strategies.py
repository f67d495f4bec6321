"""Hypothesis strategies for actual-balance tests: loans with daily accrual, payments on
random dates, and actual-balance rule sets (grace, penalty, late fees, caps, windows).

Sizes stay modest (1..12 monthly instalments, up to 6 payments) so that the day-by-day
reference runs quickly; day counts are those the reference implements.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

import loancalc as lc
from loancalc.servicing import (
    CostCaps,
    GracePolicy,
    InterestFreePeriod,
    LateFeePolicy,
    PenaltyPolicy,
    PenaltyRate,
    PromotionalRate,
    ServicingRules,
)

DAY_COUNTS = ("ACT/360", "ACT/365F", "ACT/ACT ISDA")
METHODS = ("equal-installment", "equal-principal", "interest-only", "bullet")
#: Per-period fees drawn for loans (0 twice as often as 1.50).
FEE_CHOICES = [Decimal(0), Decimal(0), Decimal("1.50")]


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n) / 100)


@st.composite
def terms(draw: st.DrawFn, methods: tuple[str, ...] = METHODS, max_term: int = 12) -> Any:
    method = draw(st.sampled_from(methods))
    term = 1 if method == "bullet" else draw(st.integers(1, max_term))
    extra: dict[str, Any] = {}
    if method == "balloon":
        term = max(term, 2)
        extra["balloon"] = Decimal(draw(st.integers(1, 50)))
    return lc.LoanTerms(
        principal=draw(cents(10_000, 5_000_000)),
        annual_rate=Decimal(draw(st.integers(0, 5000))) / 10_000,  # 0 .. 50 %
        term=term,
        start=date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 800))),
        method=method,
        accrual="daily",
        day_count=draw(st.sampled_from(DAY_COUNTS)),
        rounding=lc.Rounding(
            mode=draw(st.sampled_from(["half-up", "half-up", "half-even", "down"]))
        ),
        fees=lc.Fees(per_period=draw(st.sampled_from(FEE_CHOICES))),
        **extra,
    )


@st.composite
def schedules(draw: st.DrawFn, methods: tuple[str, ...] = METHODS, max_term: int = 12) -> Any:
    return lc.amortize(draw(terms(methods, max_term)))


@st.composite
def payments(draw: st.DrawFn, schedule: Any, count: int = 6) -> list[lc.Payment]:
    start = schedule.terms.start
    span = (schedule.maturity - start).days + 40
    typical = max(schedule.installments[0].payment, Decimal(1))
    if schedule.terms.method.value == "bullet":
        typical = max(schedule.terms.principal / 4, Decimal(1)).quantize(Decimal("0.01"))
    result = []
    for index in range(draw(st.integers(0, count))):
        day = start + timedelta(days=draw(st.integers(0, span)))
        amount = draw(
            st.one_of(
                st.just(typical),
                cents(1, int(typical * 250)),
                st.just(schedule.terms.principal * 2),  # more than everything owed
            )
        )
        result.append(lc.Payment(day, amount, f"P{index}"))
    return result


@st.composite
def rules(draw: st.DrawFn, schedule: Any, extras: bool = True) -> ServicingRules:
    """Actual-balance rules; with ``extras``, any of grace, penalty, late fee, caps,
    interest-free and promotional windows."""
    if not extras:
        return ServicingRules(interest_basis="actual-balance")
    start = schedule.terms.start
    days = (schedule.maturity - start).days
    grace = GracePolicy(
        days=draw(st.sampled_from([0, 0, 3, 10])),
        retroactive=draw(st.booleans()),
        business_days=draw(st.booleans()),
        roll_due_date=draw(st.booleans()),
    )
    kind = draw(st.sampled_from(["none", "none", "multiplier", "annual"]))
    value = {"none": "0", "multiplier": "1.5", "annual": "0.6"}[kind]
    penalty = PenaltyPolicy(
        rate=PenaltyRate(kind=kind, value=value),
        compound=kind != "none" and draw(st.booleans()),
        day_count=draw(st.sampled_from(DAY_COUNTS)),
    )
    fee_kind = draw(st.sampled_from(["none", "none", "fixed", "share"]))
    if fee_kind == "fixed":
        late_fee = LateFeePolicy(
            kind="fixed",
            amount="20",
            repeat_days=draw(st.sampled_from([None, 10])),
            charged_on=draw(st.sampled_from(["grace-end", "grace-end", "due-date"])),
        )
    elif fee_kind == "share":
        late_fee = LateFeePolicy(
            kind="share", share="0.05", base=draw(st.sampled_from(["unpaid", "scheduled"]))
        )
    else:
        late_fee = LateFeePolicy()
    caps = CostCaps()
    if draw(st.booleans()):
        caps = CostCaps(
            daily_share=draw(st.sampled_from([None, "0.0002", "0.0005", "0.008"])),
            total_share=draw(st.sampled_from([None, "0.05", "1"])),
            annual_rate=draw(st.sampled_from([None, "0.24"])),
            default_fee=draw(st.sampled_from([None, "15"])),
        )
    free = None
    if draw(st.booleans()) and days > 1:
        free = InterestFreePeriod(
            days=draw(st.integers(1, min(days - 1, 40))), conditional=draw(st.booleans())
        )
    promotions = []
    if draw(st.booleans()):
        first = start + timedelta(days=draw(st.integers(0, days)))
        promotions.append(
            PromotionalRate(
                start=first,
                end=first + timedelta(days=draw(st.integers(1, 60))),
                annual_rate=Decimal(draw(st.integers(0, 3000))) / 10_000,
            )
        )
    return ServicingRules(
        interest_basis="actual-balance",
        grace=grace,
        penalty=penalty,
        late_fee=late_fee,
        overpayment=draw(st.sampled_from(["reduce-principal", "credit"])),
        allocation=draw(
            st.sampled_from(
                [
                    "penalties-fees-interest-principal",
                    "interest-principal-penalties-fees",
                    "principal-interest-penalties-fees",
                    "overdue-interest-first",
                ]
            )
        ),
        caps=caps,
        interest_free=free,
        promotions=promotions,
    )


@st.composite
def cases(draw: st.DrawFn, extras: bool = True, max_term: int = 12) -> tuple[Any, ...]:
    schedule = draw(schedules(max_term=max_term))
    paid = draw(payments(schedule))
    start = schedule.terms.start
    span = (schedule.maturity - start).days + 60
    as_of = start + timedelta(days=draw(st.integers(0, span)))
    return schedule, paid, as_of, draw(rules(schedule, extras))
