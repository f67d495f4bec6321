"""Tranches on a loan with a rate schedule: each advance amortised along the loan's path."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.rate_schedule import RateChange, RateSchedule
from loancalc.tranches import Tranche

D = Decimal
CUT = RateSchedule(annual_rate="12%", dated_changes=[RateChange(on=date(2024, 2, 1),
                                                                annual_rate="6%")])  # fmt: skip


def _rows(s: lc.Schedule) -> list[tuple[str, ...]]:
    return [
        (str(r.opening_balance), str(r.principal), str(r.interest), str(r.payment),
         str(r.closing_balance))
        for r in s.installments
    ]  # fmt: skip


def test_two_advances_with_the_rate_cut_between_them_by_hand() -> None:
    # 1,200 on 2024-01-01 over 3 months at 12 %, cut to 6 % on 2024-02-01; a second
    # advance of 600 on 2024-02-15 (after the cut: all of it at 6 %).
    # First advance (recompute-payment): period 1 at 1 %: 408.03 level, 12.00 interest,
    #   396.03 principal, 803.97 left; replanned over 2 at 0.5 %: 803.97 x 0.005 /
    #   (1 - 1.005^-2) = 405.00; interest 4.02 then 402.99 x 0.5 % = 2.01.
    # Tranche: level 600 x 0.005 / (1 - 1.005^-2) = 302.2519 -> 302.25; its irregular
    #   first period, 15 days: 600 x 6 % x 15 / 360 = 1.50 interest, principal that of a
    #   regular period 302.25 - 3.00 = 299.25 (payment 300.75); then 300.75 x 0.5 % =
    #   1.50 interest, 300.75 + 1.50 = 302.25.
    # Row 2: principal 400.98 + 299.25 = 700.23, interest 4.02 + 1.50 = 5.52, payment
    #   705.75, closing 803.97 + 600 - 700.23 = 703.74. Row 3: 402.99 + 300.75 = 703.74
    #   principal, 2.01 + 1.50 = 3.51 interest, 707.25 paid.
    terms = lc.LoanTerms(principal=1200, term=3, start=date(2024, 1, 1), rate_schedule=CUT)
    s = lc.amortize(terms, tranches=[Tranche(date(2024, 2, 15), 600)])
    assert _rows(s) == [
        ("1200.00", "396.03", "12.00", "408.03", "803.97"),
        ("803.97", "700.23", "5.52", "705.75", "703.74"),
        ("703.74", "703.74", "3.51", "707.25", "0.00"),
    ]
    assert s.disbursements == ((date(2024, 2, 15), D(600)),)


def test_a_kept_payment_runs_past_the_loans_term() -> None:
    # keep-payment, the rate raised to 30 % on 2024-02-01: the first advance keeps
    # 408.03: 803.97 x 2.5 % = 20.10 interest, 416.04 left; 416.04 x 2.5 % = 10.40,
    # 18.41 left; a fourth instalment of 18.41 + 0.46 on 2024-05-01. The tranche (all at
    # 30 %, a fixed rate from its date) ends on 2024-04-01 as planned.
    rising = RateSchedule(annual_rate="12%", on_reprice="keep-payment", dated_changes=[
        RateChange(on=date(2024, 2, 1), annual_rate="30%")])  # fmt: skip
    terms = lc.LoanTerms(principal=1200, term=3, start=date(2024, 1, 1), rate_schedule=rising)
    s = lc.amortize(terms, tranches=[Tranche(date(2024, 2, 15), 600)])
    assert len(s.installments) == 4
    assert s.installments[-1].due_date == date(2024, 5, 1)
    assert s.total_principal == D("1800.00")
    for before, row in zip(s.installments, s.installments[1:], strict=False):
        assert row.opening_balance == before.closing_balance


@st.composite
def _constant(draw: st.DrawFn, start: date, rate: Decimal, term: int) -> RateSchedule:
    """A schedule whose rate never moves from ``rate`` before maturity."""
    on_reprice = draw(st.sampled_from(["recompute-payment", "keep-payment"]))
    kind = draw(st.sampled_from(["plain", "same", "late", "pinned"]))
    if kind == "pinned":  # an index held by a floor equal to its cap
        return RateSchedule(index="LPR1Y", spread="1%", floor=rate, cap=rate,
                            on_reprice=on_reprice)  # fmt: skip
    changes = []
    if kind == "same":  # a change to the rate in force is no change
        changes = [RateChange(on=start + timedelta(days=draw(st.integers(1, 28 * term))),
                              annual_rate=rate)]  # fmt: skip
    if kind == "late":  # after the last due date
        changes = [RateChange(on=start + timedelta(days=31 * term + 5), annual_rate="0.3")]
    return RateSchedule(annual_rate=rate, dated_changes=changes, on_reprice=on_reprice)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_rate_that_never_moves_equals_the_fixed_rate_tranched_loan(data: st.DataObject) -> None:
    term = data.draw(st.integers(2, 60))
    start = date(2021, 1, 1) + timedelta(days=data.draw(st.integers(0, 900)))
    rate = D(data.draw(st.integers(0, 3000))) / 10000
    method = data.draw(st.sampled_from(
        ["equal-installment", "equal-principal", "interest-only", "flat", "bullet"]
    ))  # fmt: skip
    accrual = data.draw(st.sampled_from(["periodic", "daily"]))
    fixed = lc.LoanTerms(principal=data.draw(st.integers(1000, 10**7)), annual_rate=rate,
                         term=term, start=start, method=method, accrual=accrual)  # fmt: skip
    last = lc.amortize(fixed).installments[-1].due_date
    days = (last - start).days
    dates = sorted(set(data.draw(st.lists(st.integers(1, days - 1), min_size=1, max_size=3))))
    tranches = [Tranche(start + timedelta(days=d), data.draw(st.integers(1, 10**6))) for d in dates]
    moving = fixed.replace(rate_schedule=data.draw(_constant(start, rate, term)))
    a, b = lc.amortize(fixed, tranches=tranches), lc.amortize(moving, tranches=tranches)
    assert a.installments == b.installments
    assert (a.upfront_fee, a.disbursements) == (b.upfront_fee, b.disbursements)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_moving_tranched_rows_chain_and_repay_every_advance(data: st.DataObject) -> None:
    term = data.draw(st.integers(2, 48))
    start = date(2021, 1, 1) + timedelta(days=data.draw(st.integers(0, 900)))
    offsets = sorted(set(data.draw(st.lists(st.integers(1, 31 * term), min_size=1, max_size=3))))
    schedule = RateSchedule(
        annual_rate=D(data.draw(st.integers(0, 2000))) / 10000,
        dated_changes=[RateChange(on=start + timedelta(days=o),
                                  annual_rate=D(data.draw(st.integers(0, 2000))) / 10000)
                       for o in offsets],
        on_reprice=data.draw(st.sampled_from(["recompute-payment", "keep-payment"])),
    )  # fmt: skip
    method = data.draw(st.sampled_from(["equal-installment", "equal-principal"]))
    terms = lc.LoanTerms(principal=data.draw(st.integers(1000, 10**6)), term=term, start=start,
                         rate_schedule=schedule, method=method)  # fmt: skip
    last = lc.amortize(terms.replace(rate_schedule=None, annual_rate="0")).installments[-1]
    when = start + timedelta(days=data.draw(st.integers(1, (last.due_date - start).days - 1)))
    try:
        s = lc.amortize(terms, tranches=[Tranche(when, data.draw(st.integers(1, 10**6)))])
    except lc.LoanCalcError:  # a kept payment that no longer covers the interest
        return
    ((day, amount),) = s.disbursements
    assert s.total_principal == terms.principal + amount
    assert s.installments[-1].closing_balance == 0
    for before, row in zip(s.installments, s.installments[1:], strict=False):
        assert row.opening_balance == before.closing_balance
    for row in s.installments:
        advanced = amount if row.start <= day < row.due_date else 0
        assert row.closing_balance == (
            row.opening_balance + advanced - row.principal + row.capitalized_interest
        )
