"""``batch.assess`` equals ``lc.assess`` under generated servicing rules: calendar and
business-day grace (rolled due dates, retroactive or not), every penalty rate kind, event
and daily rounding, every rounding mode, late fees (fixed, share of either base, minimum,
maximum, cap, repeats, pyramiding forbidden), every allocation order, relief windows,
delinquency counted from the due date or the end of grace; and rules it does not
vectorise fall back, listed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from test_batch_assess import _arrays, _expected, _found

MODES = ["half-up", "half-even", "half-down", "down", "up", "ceiling", "floor"]
VECTORISED = {
    "several payments on a day that may settle the loan before it ends",
    "penalty reaching its cap (cap_amount or cap_share): shared pro rata",
}


@st.composite
def rules(draw: st.DrawFn) -> lc.ServicingRules:
    kind = draw(st.sampled_from(["none", "multiplier", "plus-share", "plus-points", "annual",
                                 "daily"]))  # fmt: skip
    value = {"none": "0", "multiplier": "1.5", "plus-share": "0.5", "plus-points": "0.03",
             "annual": "0.27", "daily": "0.0005"}[kind]  # fmt: skip
    penalty = lc.PenaltyPolicy(
        rate=lc.PenaltyRate(kind=kind, value=value),
        compound=draw(st.booleans()),
        day_count=draw(
            st.sampled_from(["ACT/360", "ACT/365F", "30/360 US", "30E/360", "ACT/ACT ISDA"])
        ),
        rounding=draw(st.sampled_from(["event", "daily"])),
        cap_annual_cost=draw(st.sampled_from([None, None, "0.24"])),
        cap_amount=draw(st.sampled_from([None, None, None, "25", "500"])),
        cap_share=draw(st.sampled_from([None, None, None, "0.01"])),
    )
    fee_kind = draw(st.sampled_from(["none", "fixed", "share"]))
    fee = lc.LateFeePolicy(
        kind=fee_kind,
        amount="15" if fee_kind == "fixed" else "0",
        share="0.05" if fee_kind == "share" else "0",
        base=draw(st.sampled_from(["unpaid", "scheduled"])),
        minimum=draw(st.sampled_from([None, "1"])),
        maximum=draw(st.sampled_from([None, "40"])),
        cap_total=draw(st.sampled_from([None, "50"])),
        pyramiding=draw(st.sampled_from(["allowed", "forbidden"])),
        repeat_days=draw(st.sampled_from([None, None, None, 30])),
    )
    grace = lc.GracePolicy(
        days=draw(st.integers(0, 10)),
        business_days=draw(st.booleans()),
        roll_due_date=draw(st.booleans()),
        retroactive=draw(st.booleans()),
    )
    windows = []
    for _ in range(draw(st.integers(0, 2))):
        first = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 400)))
        last = first + timedelta(days=draw(st.integers(0, 40)))
        windows.append(lc.ReliefWindow(start=first, end=last))
    return lc.ServicingRules(
        grace=grace, penalty=penalty, late_fee=fee, relief_windows=windows,
        allocation=draw(st.sampled_from(lc.servicing.strategy_names())),
        delinquency=lc.DelinquencyTable(count_from=draw(st.sampled_from(["due-date",
                                                                          "grace-end"]))),
        report_after_days=draw(st.sampled_from([0, 29])),
    )  # fmt: skip


@st.composite
def histories(draw: st.DrawFn, rounding: lc.Rounding) -> list[tuple[lc.Schedule, list[lc.Payment]]]:
    book = []
    for _ in range(draw(st.integers(1, 4))):
        start = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 60)))
        terms = lc.LoanTerms(
            principal=Decimal(draw(st.integers(5000, 2000000))) / 100,
            annual_rate=Decimal(draw(st.integers(0, 300))) / 1000,
            term=draw(st.integers(1, 12)),
            start=start,
            method=draw(st.sampled_from([m.value for m in lc.Method if m.value != "balloon"])),
            day_count=draw(st.sampled_from([d.value for d in lc.DayCount])),
            rounding=rounding,
            fees=lc.Fees(per_period=draw(st.sampled_from(["0", "0", "2.50"]))),
        )
        schedule = lc.amortize(terms)
        payments = []
        for row in schedule.installments:
            choice = draw(st.integers(0, 6))
            if choice == 0:
                continue
            shift = draw(st.integers(-10, 45)) if choice > 3 else 0
            share = draw(st.integers(20, 130)) if choice > 4 else 100
            amount = (row.payment * share / 100).quantize(rounding.quantum)
            if amount > 0:
                day = max(start, row.due_date + timedelta(days=shift))
                payments.append(lc.Payment(day, amount))
        if draw(st.booleans()):
            extra = start + timedelta(days=draw(st.integers(0, 400)))
            payments.append(
                lc.Payment(extra, Decimal(draw(st.integers(1, 50000))) * rounding.quantum)
            )
        book.append((schedule, payments))
    return book


@settings(max_examples=200)
@given(rules(), st.sampled_from(MODES), st.data())
def test_equals_the_scalar_engine_under_any_rules(
    servicing: lc.ServicingRules, mode: str, data: st.DataObject
) -> None:
    rounding = lc.Rounding(mode=mode)
    book = data.draw(histories(rounding))
    as_of = date(2024, 1, 1) + timedelta(days=data.draw(st.integers(60, 500)))
    schedules = [schedule for schedule, _ in book]
    result = batch.assess(schedules, _arrays([h for _, h in book]), as_of, servicing)
    for index, (schedule, history) in enumerate(book):
        state = lc.assess(schedule, history, as_of, servicing)
        assert _found(result, index) == _expected(state, as_of, rounding.quantum), index
    penalty = servicing.penalty
    expressible = (
        penalty.day_count.value in ("ACT/360", "ACT/365F")
        or penalty.rounding.value == "event"
        or not penalty.charges_anything
    )
    if expressible:
        assert set(result.fallback_reasons) <= VECTORISED
    else:
        assert len(result.fallback) in (0, len(book))  # a rule of the book: all or none
