"""The shared accrual module (loancalc.accrual): year fractions, period numerators and
exact interest over a date range, against an exact Fraction computation of the same
conventions written here from their definitions."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import loancalc as lc
import reference
from loancalc import accrual
from loancalc.money import Rounding

dates = st.dates(date(1900, 1, 1), date(2200, 12, 31))


def isda_years(start: date, end: date) -> Fraction:
    """ACT/ACT ISDA by its definition: each day over its own year's length."""
    total = Fraction(0)
    day = start
    while day < end:
        total += Fraction(1, 366 if calendar.isleap(day.year) else 365)
        day += timedelta(days=1)
    return total


def years(start: date, end: date, day_count: lc.DayCount) -> Fraction:
    if day_count is lc.DayCount.ACT_360:
        return Fraction((end - start).days, 360)
    if day_count is lc.DayCount.ACT_365F:
        return Fraction((end - start).days, 365)
    if day_count is lc.DayCount.ACT_ACT_ISDA:
        return isda_years(start, end)
    return Fraction(day_count.day_count(start, end), 360)  # 30/360: the calendar's fields


@given(start=dates, lengths=st.lists(st.integers(1, 800), min_size=1, max_size=12),
       day_count=st.sampled_from(list(lc.DayCount)))  # fmt: skip
def test_period_numerators_are_each_periods_year_fraction(
    start: date, lengths: list[int], day_count: lc.DayCount
) -> None:
    due = []
    day = start
    for length in lengths:  # periods up to two years long: ISDA spans several new years
        day += timedelta(days=length)
        due.append(day)
    numerators, denominator = accrual.period_numerators(start, due, day_count)
    assert denominator == accrual.denominator(day_count)
    for begin, end, numerator in zip([start, *due], due, numerators, strict=False):
        assert Fraction(numerator, denominator) == years(begin, end, day_count)
        assert accrual.year_fraction_ratio(begin, end, day_count) == (numerator, denominator)


@given(
    balance=st.integers(0, 10**14).map(lambda c: Decimal(c) / 100),
    rate=st.integers(0, 10**6).map(lambda bp: Decimal(bp) / 10**6),
    start=dates,
    days=st.integers(0, 1000),
    day_count=st.sampled_from(list(lc.DayCount)),
    mode=st.sampled_from(list(lc.RoundingMode)),
)
def test_accrued_interest_rounds_exactly_as_the_exact_fraction(
    *,
    balance: Decimal, rate: Decimal, start: date, days: int, day_count: lc.DayCount,
    mode: lc.RoundingMode,
) -> None:  # fmt: skip
    end = start + timedelta(days=days)
    owed = accrual.accrued_interest(balance, rate, start, end, day_count)
    true = Fraction(balance) * Fraction(rate) * years(start, end, day_count)
    if true.denominator in (1, 2, 4, 5, 8, 10) or Fraction(owed) == true:
        assert Fraction(owed) == true  # a finite decimal comes back exactly
    else:
        assert abs(Fraction(owed) - true) <= true * Fraction(1, 10**39)
    # Rounded by any mode, it is the exact interest rounded by that mode.
    name = mode.name.lower().replace("_", "-")
    assert Fraction(Rounding(mode=mode).apply(owed)) == reference.rounded(true, mode=name)


def test_penalty_interest_on_an_overdue_balance() -> None:
    # 2,500.00 overdue from 10 March to 1 April 2024 (22 days) at 18 % a year (0.05 % a
    # day, ACT/360): 2,500 x 0.18 x 22 / 360 = 27.50 exactly.
    owed = accrual.accrued_interest("2500.00", "0.05%/day", date(2024, 3, 10),
                                    date(2024, 4, 1), "act/360")  # fmt: skip
    assert owed == Decimal("27.5")
    # ACT/365F: 2,500 x 0.18 x 22 / 365 = 27.1232876... -> 27.12 half-up.
    owed = accrual.accrued_interest("2500.00", "18%", date(2024, 3, 10), date(2024, 4, 1),
                                    lc.DayCount.ACT_365F)  # fmt: skip
    assert Rounding().apply(owed) == Decimal("27.12")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        (("x", "5%", date(2024, 1, 1), date(2024, 2, 1), "act/360"), "balance"),
        (("-1", "5%", date(2024, 1, 1), date(2024, 2, 1), "act/360"), "balance"),
        (("1", "-5%", date(2024, 1, 1), date(2024, 2, 1), "act/360"), "annual_rate"),
        (("1", "5%", "2024-01-01", date(2024, 2, 1), "act/360"), "start"),
        (("1", "5%", date(2024, 1, 1), date(2023, 2, 1), "act/360"), "end"),
        (("1", "5%", date(2024, 1, 1), date(2024, 2, 1), "act/999"), "day_count"),
    ],
)
def test_bad_arguments_name_themselves(arguments: tuple[object, ...], field: str) -> None:
    with pytest.raises(lc.InvalidValueError) as raised:
        accrual.accrued_interest(*arguments)  # type: ignore[arg-type]
    assert raised.value.field == field


# --- ACT/ACT ISDA across several years and at the calendar's end; error details ------------
# (found by mutation testing)

ISDA = lc.DayCount.ACT_ACT_ISDA


def test_isda_year_fraction_over_several_years_and_reversed() -> None:
    # 2023-07-01 .. 2025-07-01: 184 days of 2023 x 366 + 366 days of 2024 x 365
    # + 181 days of 2025 x 366 = 67344 + 133590 + 66246 = 267180, over 365 x 366.
    start, end = date(2023, 7, 1), date(2025, 7, 1)
    assert accrual.year_fraction_ratio(start, end, ISDA) == (267180, 133590)
    assert accrual.year_fraction_ratio(end, start, ISDA) == (-267180, 133590)
    # The same period among others, its numerator worked out year by year.
    numerators, common = accrual.period_numerators(date(2023, 6, 1), [start, end], ISDA)
    assert (numerators, common) == ([30 * 366, 267180], 133590)


def test_isda_periods_that_end_on_new_years_day() -> None:
    # Dec 1 -> Jan 1: 31 days of 2023 x 366; Jan 1 -> Feb 1: 31 days of 2024 x 365.
    numerators, _ = accrual.period_numerators(
        date(2023, 12, 1), [date(2024, 1, 1), date(2024, 2, 1)], ISDA
    )
    assert numerators == [31 * 366, 31 * 365]


def test_isda_year_fraction_in_the_last_year_of_the_calendar() -> None:
    # 9999 is not a leap year: 364 days x 366.
    assert accrual.year_fraction_ratio(date(9999, 1, 1), date(9999, 12, 31), ISDA) == (
        364 * 366,
        133590,
    )
    numerators, _ = accrual.period_numerators(date(9997, 6, 1), [date(9999, 12, 31)], ISDA)
    # 214 days of 9997 x 366 + 365 of 9998 x 366 + 364 of 9999 x 366 (none is leap)
    assert numerators == [(214 + 365 + 364) * 366]


@pytest.mark.parametrize(
    ("arguments", "field", "value", "accepted"),
    [
        (("-1", "5%", date(2024, 1, 1), date(2024, 2, 1), "act/360"), "balance", "-1", ">= 0"),
        (("1", "5%", date(2024, 1, 1), "2024-02-01", "act/360"), "end", "2024-02-01", "date"),
        (
            ("1", "5%", date(2024, 1, 1), date(2023, 2, 1), "act/360"),
            "end",
            date(2023, 2, 1),
            "on or after the start 2024-01-01",
        ),
    ],
)
def test_bad_arguments_name_their_value_and_what_is_accepted(
    arguments: tuple[object, ...], field: str, value: object, accepted: str
) -> None:
    with pytest.raises(lc.InvalidValueError) as raised:
        accrual.accrued_interest(*arguments)  # type: ignore[arg-type]
    assert (raised.value.field, raised.value.value) == (field, value)
    assert accepted in raised.value.accepted
