"""``batch.assess`` on the actual-balance basis with penalty and compound interest, late
fees and cost caps equals ``lc.assess`` on every loan: every built-in product's rules on
that basis, and random rules (every penalty rate kind, compound or not, retroactive
grace or not, late fees fixed or a share, repeated, capped, no pyramiding, every cap);
the loans those rules walk no longer fall back (a cap that would cut still does)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.servicing.rules import ServicingRules
from test_batch_assess_balance import STRATEGIES, _check

D = Decimal
CAPPED = "actual-balance: a cost cap reached (computed by loancalc.assess)"
WINDOW = "actual-balance: paid or assessed within the interest-free window"
DAILY = "actual-balance: a contract rate above the daily cap"
DAY_COUNT = "actual-balance: a day count other than ACT/360 or ACT/365F"
#: The products whose rules set no cap and no interest-free window: nothing falls back.
UNCAPPED = {"cn-bank-consumer-loan", "cn-card-instalment", "cn-consumer-finance-instalment",
            "eu-consumer-credit", "us-fixed-mortgage"}  # fmt: skip


@st.composite
def history(
    draw: st.DrawFn, product: str | None, rate: Decimal | None = None
) -> tuple[lc.Schedule, list[lc.Payment]]:
    """One loan (of ``product``'s terms, or generic terms) and a history of every
    behaviour: on time, late, missed, part-paid before or after the due date, over-paid,
    paid in two payments on one day, and stray payments."""
    start = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 500)))
    principal = D(draw(st.integers(10000, 3000000))) / 100
    term = draw(st.integers(1, 12))
    if product is None:
        terms = lc.LoanTerms(
            principal=principal, term=term, start=start,
            annual_rate=rate if rate is not None else D(draw(st.integers(0, 360))) / 1000,
            accrual=draw(st.sampled_from(["daily", "periodic"])),
            day_count=draw(st.sampled_from(["ACT/360", "ACT/365F"])),
            method=draw(st.sampled_from(["equal-installment", "equal-principal",
                                         "interest-only"])),
            fees=lc.Fees(per_period=D(draw(st.sampled_from([0, 0, 150]))) / 100),
        )  # fmt: skip
    else:
        rules = lc.products.get(product)
        high = min(rules.max_rate, D("0.3"))
        low = int(rules.min_rate * 1000)
        chosen = rate if rate is not None else D(draw(st.integers(low, int(high * 1000)))) / 1000
        terms = rules.terms(principal=principal, term=term, start=start, annual_rate=chosen)
    schedule = lc.amortize(terms)
    quantum = terms.rounding.quantum
    paid: list[lc.Payment] = []
    for row in schedule.installments:
        kind = draw(st.sampled_from(["on-time", "late", "missed", "part-before", "part-after",
                                     "over", "two"]))  # fmt: skip
        if kind == "missed" or not row.payment:
            continue
        amount = row.payment
        shift = {"late": draw(st.integers(1, 60)), "part-before": -draw(st.integers(1, 20)),
                 "part-after": draw(st.integers(1, 40))}.get(kind, 0)  # fmt: skip
        day = max(start, row.due_date + timedelta(days=shift))
        if kind.startswith("part") or kind == "two":
            part = max(quantum, (amount * draw(st.integers(1, 99)) / 100).quantize(quantum))
            if kind == "two":  # the rest the same day: the engine takes them one by one
                paid.append(lc.Payment(day, amount - part + quantum))
            amount = part
        if kind == "over":
            amount += D(draw(st.integers(1, 200000))) * quantum
        paid.append(lc.Payment(day, amount))
    for _ in range(draw(st.integers(0, 2))):  # stray payments, a whole payoff now and then
        day = start + timedelta(days=draw(st.integers(0, 500)))
        paid.append(lc.Payment(day, D(draw(st.integers(1, 4000000))) * quantum))
    return schedule, paid


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(lc.products.names()).flatmap(
        lambda name: st.tuples(  # the product's own loans, or generic ones (one grid)
            st.just(name),
            st.lists(history(name), min_size=1, max_size=4)
            | st.lists(history(None), min_size=1, max_size=4),
        )
    ),
    st.integers(0, 600),
)  # fmt: skip
def test_every_product_on_the_actual_balance_basis_equals_assess(
    case: tuple[str, list[tuple[lc.Schedule, list[lc.Payment]]]], later: int
) -> None:
    product, book = case
    rules = lc.products.get(product).servicing.replace(interest_basis="actual-balance")
    as_of = max(schedule.terms.start for schedule, _ in book) + timedelta(days=later)
    result = _check(book, as_of, rules)
    plain = [s.terms.day_count.value in ("ACT/360", "ACT/365F") for s, _ in book]
    fallback = result.fallback.tolist()
    assert set(result.fallback_reasons) <= {CAPPED, WINDOW, DAILY, DAY_COUNT}
    assert [i for i, ok in enumerate(plain) if not ok] == [
        i for i, why in zip(fallback, result.fallback_reasons, strict=True) if why == DAY_COUNT
    ]
    if product in UNCAPPED:  # no cap, no window: every loan on a plain day count walked
        assert fallback == [i for i, ok in enumerate(plain) if not ok]


@st.composite
def penalty_rules(draw: st.DrawFn) -> ServicingRules:
    """Actual-balance rules with penalty of every kind, late fees of every kind, caps."""
    kind, value = draw(st.sampled_from([
        ("none", "0"), ("multiplier", "1.5"), ("multiplier", "2"), ("plus-share", "0.5"),
        ("plus-points", "0.05"), ("annual", "0.27"), ("annual", "0.1"), ("daily", "0.0005"),
    ]))  # fmt: skip
    compound = draw(st.booleans())
    penalty = lc.PenaltyPolicy(
        rate=lc.PenaltyRate(kind=kind, value=value), compound=compound,
        compound_rate=draw(st.sampled_from(
            [None, lc.PenaltyRate(kind="annual", value="0.2")] if compound else [None])),
        day_count=draw(st.sampled_from(["ACT/360", "ACT/365F"])),
        cap_annual_cost=draw(st.sampled_from([None, "0.24"])),
    )  # fmt: skip
    fee_kind = draw(st.sampled_from(["none", "fixed", "share"]))
    common = {
        "repeat_days": draw(st.sampled_from([None, None, 10, 30])),
        "cap_total": draw(st.sampled_from([None, "40"])),
        "pyramiding": draw(st.sampled_from(["allowed", "forbidden"])),
    }
    fees = {
        "none": lc.LateFeePolicy(),
        "fixed": lc.LateFeePolicy(kind="fixed", amount=draw(st.sampled_from(["15", "2.50"])),
                                  **common),
        "share": lc.LateFeePolicy(
            kind="share", share=draw(st.sampled_from(["0.05", "0.013"])),
            base=draw(st.sampled_from(["unpaid", "scheduled"])),
            minimum=draw(st.sampled_from([None, "1"])),
            maximum=draw(st.sampled_from([None, "25"])), **common),
    }[fee_kind]  # fmt: skip
    return ServicingRules(
        interest_basis="actual-balance",
        allocation=draw(st.sampled_from(STRATEGIES)),
        grace=lc.GracePolicy(days=draw(st.integers(0, 5)), retroactive=draw(st.booleans())),
        report_after_days=draw(st.integers(0, 40)),
        penalty=penalty,
        late_fee=fees,
        caps=lc.CostCaps(
            daily_share=draw(st.sampled_from([None, None, "0.008", "0.0015"])),
            total_share=draw(st.sampled_from([None, None, "1", "0.2"])),
            annual_rate=draw(st.sampled_from([None, None, "0.24", "0.36"])),
            default_fee=draw(st.sampled_from([None, "15", "1"])),
        ),
        interest_free=draw(st.sampled_from([None, None, lc.InterestFreePeriod(days=3)])),
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(history(None), min_size=1, max_size=4), penalty_rules(), st.integers(0, 700))
def test_random_penalty_rules_equal_assess(
    book: list[tuple[lc.Schedule, list[lc.Payment]]], rules: ServicingRules, later: int
) -> None:
    as_of = max(schedule.terms.start for schedule, _ in book) + timedelta(days=later)
    result = _check(book, as_of, rules)
    assert set(result.fallback_reasons) <= {CAPPED, WINDOW, DAILY}
    caps = rules.caps
    if not caps.any and rules.interest_free is None:
        assert result.fallback.tolist() == []


@settings(max_examples=60, deadline=None)
@given(st.lists(history("cn-daily-rate-credit-line", D("0.144")), min_size=1, max_size=4),
       st.integers(0, 60))  # fmt: skip
def test_credit_line_rules_walk_plain_loans(
    book: list[tuple[lc.Schedule, list[lc.Payment]]], later: int
) -> None:
    # at the product's own 14.4 %, a loan at most 60 days past its last due date stays
    # far below the 24 % a year cap (14.4 % + 7.2 % penalty on overdue principal, 21.6 %
    # compound on overdue interest), so no loan falls back
    rules = lc.products.get("cn-daily-rate-credit-line").servicing
    last = max(schedule.installments[-1].due_date for schedule, _ in book)
    result = _check(book, last + timedelta(days=later), rules)
    assert result.fallback.tolist() == []


def test_hand_worked_penalty_and_labelled_principal() -> None:
    # cn-daily-rate-credit-line: 0.04 % a day (14.4 %, ACT/360), penalty 1.5x: overdue
    # principal bears 0.02 % a day on top of its contract interest, overdue interest
    # 0.06 % a day compound; grace 3 days, retroactive. 10,000 over 2 months from
    # 2024-01-31: instalment 1 (due 2024-02-29) asks 5,089.17: 116.00 of interest
    # (10,000 x 0.0004 x 29) and 4,973.17 of principal.
    line = lc.products.get("cn-daily-rate-credit-line")
    schedule = lc.amortize(line.terms(principal="10000", term=2, start=date(2024, 1, 31)))
    assert schedule.installments[0].payment == D("5089.17")
    # Nothing paid, on 2024-03-10 (10 days past due; grace ended short on 03-03, so the
    # penalty runs back to the due date): interest 116.00 + 10,000 x 0.0004 x 10 = 156.00;
    # penalty 4,973.17 x 0.0002 x 10 = 9.94634 -> 9.95; compound 116 x 0.0006 x 10 =
    # 0.696 -> 0.70; due 5,089.17 + 9.95 + 0.70 = 5,099.82; settlement 10,000 + 156.00 +
    # 9.95 + 0.70 = 10,166.65.
    result = _check([(schedule, [])], date(2024, 3, 10), line.servicing)
    assert result.fallback.tolist() == []
    assert result.charged[0].tolist() == [1000000, 15600, 0, 995, 70, 0]
    assert result.amount_due.tolist() == [509982]
    assert result.days_past_due.tolist() == [10]
    assert result.settlement.tolist() == [1016665]
    # 3,000 paid on 2024-03-05 (5 days after the due date): interest 10,000 x 0.0004 x 5
    # = 20.00 more; penalty 4,973.17 x 0.0002 x 5 = 4.97317 -> 4.97, compound 116 x
    # 0.0006 x 5 = 0.348 -> 0.35. The 3,000 pays 4.97, 0.35, the interest 136.00, and
    # 2,858.68 of principal (7,141.32 left). The 20.00 of interest beyond instalment 1's
    # 116.00 is labelled as covering its principal (the known quirk the engine has: which
    # part stays overdue follows how the money was labelled), so 4,973.17 - 2,858.68 -
    # 20.00 = 2,094.49 of principal stays overdue and no interest does. On 2024-03-10:
    # interest 20.00 + 7,141.32 x 0.0004 x 5 = 34.28264 -> 34.28 for the period (14.28
    # owed); penalty 4.97317 + 2,094.49 x 0.0002 x 5 = 7.06766 -> 7.07 (2.10 owed);
    # compound stays 0.35 (paid); due 2,094.49 + 2.10 = 2,096.59; settlement 7,141.32 +
    # 14.28 + 2.10 = 7,157.70.
    paid = [lc.Payment(date(2024, 3, 5), D(3000))]
    result = _check([(schedule, paid)], date(2024, 3, 10), line.servicing)
    assert result.fallback.tolist() == []
    assert result.charged[0].tolist() == [1000000, 15028, 0, 707, 35, 0]
    assert result.outstanding[0].tolist() == [714132, 1428, 0, 210, 0, 0]
    assert result.amount_due.tolist() == [209659]
    assert result.settlement.tolist() == [715770]


def test_cap_that_would_cut_falls_back() -> None:
    # cn-daily-rate-credit-line at 24 %: 1.5x makes 36 % on overdue principal, above
    # the 24 % a year cap; 3 months unpaid past the last due date, the cap cuts.
    line = lc.products.get("cn-daily-rate-credit-line")
    schedule = lc.amortize(line.terms(principal="10000", term=2, start=date(2024, 1, 31),
                                      annual_rate="0.24"))  # fmt: skip
    result = _check([(schedule, [])], date(2024, 7, 1), line.servicing)
    assert result.fallback.tolist() == [0]
    assert result.fallback_reasons == (CAPPED,)
