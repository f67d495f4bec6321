"""Exact accrual as numerators over one denominator per loan (loancalc.accrual.AccrualGrid),
the representation the actual-balance walk accrues in, against exact ``Fraction``
arithmetic written here from the day counts' definitions; and the walk's fast paths
(no caps, copies of its demands) against the general ones."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import loancalc as lc
from loancalc.accrual import AccrualGrid
from loancalc.money import Rounding
from loancalc.servicing.balance_caps import CapBook, exact_decimal
from loancalc.servicing.balance_demands import Demand, Demands, new_demand
from loancalc.servicing.balance_policies import CostCaps

DAY_COUNTS = list(lc.DayCount)
dates = st.dates(date(1990, 1, 1), date(2150, 12, 31))
amounts = st.integers(0, 10**15).map(lambda cents: Decimal(cents) / 100)
#: Annual rates with up to 8 decimals (a penalty rate is a multiple of the contract's).
rates = st.integers(0, 10**8).map(lambda units: Decimal(units) / 10**8)


def years(start: date, end: date, day_count: lc.DayCount) -> Fraction:
    """The year fraction by the convention's definition (ACT/ACT ISDA: each day over
    its own year's length; 30/360: the calendar fields, as the convention counts them)."""
    if day_count is lc.DayCount.ACT_360:
        return Fraction((end - start).days, 360)
    if day_count is lc.DayCount.ACT_365F:
        return Fraction((end - start).days, 365)
    if day_count is lc.DayCount.ACT_ACT_ISDA:
        total = Fraction(0)
        day = start
        while day < end:
            total += Fraction(1, 366 if calendar.isleap(day.year) else 365)
            day += timedelta(days=1)
        return total
    return Fraction(day_count.day_count(start, end), 360)


def test_hand_worked_numerators() -> None:
    # ACT/360 with ACT/365F: the denominator is lcm(360, 365) = 26,280 (360 = 2^3 3^2 5,
    # 365 = 5 x 73: 2^3 x 3^2 x 5 x 73 = 26,280).
    grid = AccrualGrid(lc.DayCount.ACT_360, lc.DayCount.ACT_365F)
    assert grid.denominator == 26_280
    # 1,000.00 at 18 % for 15 days of ACT/360: 1,000 x 0.18 x 15 / 360 = 7.5; the span is
    # 15 x 73 = 1,095 over 26,280, the numerator 1,000.00 x 0.18 x 1,095 = 197,100.
    span = grid.span(date(2024, 3, 1), date(2024, 3, 16), lc.DayCount.ACT_360)
    numerator = grid.interest(Decimal("1000.00"), Decimal("0.18"), span)
    assert (span, numerator) == (1_095, Decimal("197100"))
    assert grid.fraction(numerator) == Fraction(15, 2)
    # ACT/ACT ISDA with ACT/360: 365 x 366 = 133,590, x 12 = 1,603,080 (lcm with 360 =
    # 2^3 x 3^2 x 5 needs one more 2 and one more 3: 133,590 = 2 x 3 x 5 x 61 x 73).
    isda = AccrualGrid(lc.DayCount.ACT_ACT_ISDA, lc.DayCount.ACT_360)
    assert isda.denominator == 1_603_080
    # 100 at 10 % from 2023-12-31 to 2024-01-02: one day of 2023 (1/365) and one of leap
    # 2024 (1/366): 10 x (1/365 + 1/366) = 10 x 731 / 133,590 = 7,310 / 133,590.
    span = isda.span(date(2023, 12, 31), date(2024, 1, 2), lc.DayCount.ACT_ACT_ISDA)
    assert isda.fraction(isda.interest(Decimal(100), Decimal("0.10"), span)) == Fraction(
        7310, 133590
    )


@given(
    amount=amounts, rate=rates, start=dates, days=st.integers(0, 800),
    day_count=st.sampled_from(DAY_COUNTS), other=st.sampled_from(DAY_COUNTS),
)  # fmt: skip
def test_a_numerator_is_the_exact_interest(
    *, amount: Decimal, rate: Decimal, start: date, days: int, day_count: lc.DayCount,
    other: lc.DayCount,
) -> None:  # fmt: skip
    grid = AccrualGrid(day_count, other)
    end = start + timedelta(days=days)
    span = grid.span(start, end, day_count)
    assert span == grid.spans(day_count)(start, end)
    assert Fraction(span, grid.denominator) == years(start, end, day_count)
    numerator = grid.interest(amount, rate, span)
    assert grid.fraction(numerator) == Fraction(amount) * Fraction(rate) * years(
        start, end, day_count
    )
    assert grid.numerator(grid.fraction(numerator)) == numerator


@given(
    spans=st.lists(st.tuples(amounts, rates, st.integers(0, 400), st.booleans()), max_size=12),
    start=dates,
    day_counts=st.tuples(st.sampled_from(DAY_COUNTS), st.sampled_from(DAY_COUNTS)),
)
def test_numerators_add_up_as_the_fractions_do(
    spans: list[tuple[Decimal, Decimal, int, bool]],
    start: date,
    day_counts: tuple[lc.DayCount, lc.DayCount],
) -> None:
    # a loan's accruals in turn, by either of its two day counts (contract and penalty),
    # added as numerators and, independently, as fractions
    grid = AccrualGrid(*day_counts)
    total, exact = Decimal(0), Fraction(0)
    for amount, rate, days, penalty in spans:
        count = day_counts[1] if penalty else day_counts[0]
        end = start + timedelta(days=days)
        total = grid.context.add(total, grid.interest(amount, rate, grid.span(start, end, count)))
        exact += Fraction(amount) * Fraction(rate) * years(start, end, count)
        start = end
    assert grid.fraction(total) == exact
    assert grid.numerator(exact) == total
    less = grid.subtract(total, grid.of_amount(Decimal("0.01")))
    assert grid.fraction(less) == exact - Fraction(1, 100)


@given(
    amount=amounts, rate=rates, start=dates, days=st.integers(1, 800),
    day_count=st.sampled_from(DAY_COUNTS), mode=st.sampled_from(list(lc.RoundingMode)),
    increment=st.sampled_from([None, "0.05", "1"]),
)  # fmt: skip
def test_a_numerator_rounds_as_the_exact_fraction(
    *, amount: Decimal, rate: Decimal, start: date, days: int, day_count: lc.DayCount,
    mode: lc.RoundingMode, increment: str | None,
) -> None:  # fmt: skip
    # value() is the numerator over the denominator to 120 digits: rounded to the grid it
    # gives what the exact fraction gives (as the Fraction path, exact_decimal, did), on
    # every rounding mode and grid
    grid = AccrualGrid(day_count, lc.DayCount.ACT_360)
    end = start + timedelta(days=days)
    numerator = grid.interest(amount, rate, grid.span(start, end, day_count))
    rounding = Rounding(mode=mode, increment=increment)
    exact = Fraction(amount) * Fraction(rate) * years(start, end, day_count)
    assert rounding.apply(grid.value(numerator)) == rounding.apply(exact_decimal(exact))


@given(
    principal=amounts, fees=st.lists(amounts, max_size=5), mode=st.sampled_from(["half-up", "down"])
)
def test_no_caps_cut_nothing(principal: Decimal, fees: list[Decimal], mode: str) -> None:
    # without caps the book's fast paths: a fee is kept whole (on the grid), nothing is a
    # ceiling, nothing was cut
    book = CapBook(CostCaps(), principal, Rounding(mode=mode))
    assert not book.limits_costs
    assert not book.limits_charges
    assert not book.cuts
    for fee in fees:
        assert book.fit_lump(fee, date(2024, 1, 1)) == fee
    assert book.ceiling(daily=True) is None
    assert book.exhausted_room() is None
    assert book.hits() == ()
    assert book.copy().hits() == ()


demand_fields = st.fixed_dictionaries(
    {
        "number": st.integers(1, 360),
        "scheduled_due": dates,
        "due": dates,
        "grace_end": dates,
        "scheduled": amounts,
        "fee": amounts,
    }
)


@given(fields=demand_fields, covered=st.lists(amounts, min_size=3, max_size=3),
       pending=st.integers(0, 10**9).map(Decimal))  # fmt: skip
def test_demands_made_and_copied_fast_equal_attrs_own(
    fields: dict[str, object], covered: list[Decimal], pending: Decimal
) -> None:
    made = new_demand(**fields)  # type: ignore[arg-type]
    assert made == Demand(**fields)  # type: ignore[arg-type]
    made.covered = covered
    made.pending = pending
    made.fallen = True
    demands = Demands([made, new_demand(**fields)], Decimal("0.00"))  # type: ignore[arg-type]
    demands.open = [made]
    for open_only in (False, True):
        twin = demands.copy(open_only=open_only)
        assert twin.all == demands.all
        assert twin.open == demands.open
        assert twin.open[0] is twin.all[0]
        assert twin.all[0] is not made  # the open one copied
        twin.all[0].covered[0] += 1
        assert made.covered == covered  # independent
        assert (twin.all[1] is demands.all[1]) is open_only  # the others shared if asked
