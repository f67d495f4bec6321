"""Tests of loancalc.calendar: frequencies, due dates and business-day adjustment.

dateutil's relativedelta is the oracle for month arithmetic; other dates are hand-picked.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from loancalc.amortization import amortize
from loancalc.calendar import (
    BusinessDayConvention,
    BusinessDays,
    Frequency,
    add_months,
    due_dates,
)
from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError, UnknownNameError
from loancalc.terms import MAX_TERM, LoanTerms


@st.composite
def interesting_dates(draw: st.DrawFn, low: int = 1901, high: int = 2199) -> date:
    """Dates leaning on month ends, 29 February, the 30th and the 31st."""
    year = draw(st.one_of(st.integers(low, high), st.sampled_from([2000, 2024, 2100])))
    month = draw(st.one_of(st.integers(1, 12), st.just(2)))
    last = calendar.monthrange(year, month)[1]
    day = draw(
        st.one_of(st.integers(1, last), st.sampled_from([last, min(30, last), 28, 15, 16, 1]))
    )
    return date(year, month, day)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# ---------------------------------------------------------------------------- add_months


@given(interesting_dates(low=1101, high=8899), st.integers(-1200, 1200))
def test_add_months_matches_relativedelta(anchor: date, months: int) -> None:
    assert add_months(anchor, months) == anchor + relativedelta(months=months)


@given(interesting_dates(), st.integers(1, 31), st.integers(-240, 240))
def test_add_months_onto_a_day_clamps_to_the_month_end(anchor: date, day: int, months: int) -> None:
    moved = anchor + relativedelta(months=months)
    result = add_months(anchor, months, day=day)
    assert (result.year, result.month) == (moved.year, moved.month)
    assert result.day == min(day, _last_day(moved.year, moved.month))


@pytest.mark.parametrize(
    ("anchor", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap February
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 2, date(2024, 3, 31)),  # back on the 31st: no drift
        (date(2024, 1, 31), 3, date(2024, 4, 30)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 2, 29), 1, date(2024, 3, 29)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 1, 15), -13, date(2022, 12, 15)),
        (date(2099, 12, 31), 2, date(2100, 2, 28)),  # 2100 is not a leap year
        (date(1999, 12, 31), 2, date(2000, 2, 29)),  # 2000 is
    ],
)
def test_add_months_hand_picked(anchor: date, months: int, expected: date) -> None:
    assert add_months(anchor, months) == expected


# ----------------------------------------------------------------------------- due_dates


def test_month_end_anchoring() -> None:
    # A loan due on the 31st: 29 Feb 2024, then 31 Mar again, 30 Apr, ...
    assert due_dates(date(2024, 1, 31), 5, Frequency.MONTHLY) == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]
    # ... and 28 Feb in a common year.
    assert due_dates(date(2024, 12, 31), 4, Frequency.MONTHLY) == [
        date(2024, 12, 31),
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 31),
    ]


@pytest.mark.parametrize(
    ("first", "frequency", "expected"),
    [
        (
            date(2024, 2, 29),
            Frequency.ANNUAL,
            [date(2024, 2, 29), date(2025, 2, 28), date(2026, 2, 28)],
        ),
        (
            date(2023, 11, 30),
            Frequency.QUARTERLY,
            [date(2023, 11, 30), date(2024, 2, 29), date(2024, 5, 30)],
        ),
        (
            date(2023, 8, 31),
            Frequency.SEMI_ANNUAL,
            [date(2023, 8, 31), date(2024, 2, 29), date(2024, 8, 31)],
        ),
        # weekly over the leap day: 26 Feb + 7 = 4 Mar (29 days in Feb 2024)
        (date(2024, 2, 26), Frequency.WEEKLY, [date(2024, 2, 26), date(2024, 3, 4)]),
        (date(2024, 2, 22), Frequency.BIWEEKLY, [date(2024, 2, 22), date(2024, 3, 7)]),
        # every 10 days: 25 Feb + 10 = 6 Mar (2024), 7 Mar (2023)
        (
            date(2024, 2, 25),
            Frequency.every_days(10),
            [date(2024, 2, 25), date(2024, 3, 6), date(2024, 3, 16)],
        ),
        (date(2023, 2, 25), Frequency.every_days(10), [date(2023, 2, 25), date(2023, 3, 7)]),
        # semi-monthly from a month end: the 15th and the month's last day
        (
            date(2024, 1, 31),
            Frequency.SEMI_MONTHLY,
            [date(2024, 1, 31), date(2024, 2, 15), date(2024, 2, 29), date(2024, 3, 15)],
        ),
        (
            date(2024, 2, 29),
            Frequency.SEMI_MONTHLY,
            [date(2024, 2, 29), date(2024, 3, 15), date(2024, 3, 31), date(2024, 4, 15)],
        ),
        # from the 15th: the 15th and the month's last day
        (
            date(2025, 1, 15),
            Frequency.SEMI_MONTHLY,
            [date(2025, 1, 15), date(2025, 1, 31), date(2025, 2, 15), date(2025, 2, 28)],
        ),
        (
            date(2024, 1, 20),
            Frequency.SEMI_MONTHLY,
            [date(2024, 1, 20), date(2024, 2, 5), date(2024, 2, 20), date(2024, 3, 5)],
        ),
        (
            date(2024, 1, 1),
            Frequency.SEMI_MONTHLY,
            [date(2024, 1, 1), date(2024, 1, 16), date(2024, 2, 1)],
        ),
    ],
)
def test_due_dates_hand_picked(first: date, frequency: Frequency, expected: list[date]) -> None:
    assert due_dates(first, len(expected), frequency) == expected


def test_annual_from_29_february_returns_in_leap_years() -> None:
    dates = due_dates(date(2024, 2, 29), 5, Frequency.ANNUAL)
    assert dates[-1] == date(2028, 2, 29)
    assert [d.day for d in dates] == [29, 28, 28, 28, 29]


FREQUENCIES = [
    Frequency.WEEKLY,
    Frequency.BIWEEKLY,
    Frequency.SEMI_MONTHLY,
    Frequency.MONTHLY,
    Frequency.QUARTERLY,
    Frequency.SEMI_ANNUAL,
    Frequency.ANNUAL,
    Frequency.every_days(1),
    Frequency.every_days(10),
    Frequency.every_days(45),
    Frequency.every_months(2),
    Frequency.every_months(5),
]

# The shortest and longest gap between consecutive due dates, by hand: a month is 28..31
# days; 3 months 89 (Feb+Mar+Apr in a common year: 28+31+30) .. 92; 6 months 181..184;
# a year 365..366; 2 months 59..62; 5 months 150..153 (Feb..Jun 28+31+30+31+30 = 150).
# Semi-monthly: 12 (16 Feb -> 28 Feb from an anchor on the 31st) .. 16 (16 Jan -> 1 Feb).
GAPS = {
    Frequency.WEEKLY: (7, 7),
    Frequency.BIWEEKLY: (14, 14),
    Frequency.SEMI_MONTHLY: (12, 16),
    Frequency.MONTHLY: (28, 31),
    Frequency.QUARTERLY: (89, 92),
    Frequency.SEMI_ANNUAL: (181, 184),
    Frequency.ANNUAL: (365, 366),
    Frequency.every_days(1): (1, 1),
    Frequency.every_days(10): (10, 10),
    Frequency.every_days(45): (45, 45),
    Frequency.every_months(2): (59, 62),
    Frequency.every_months(5): (150, 153),
}


@given(interesting_dates(high=2099), st.sampled_from(FREQUENCIES), st.integers(0, 120))
def test_due_dates_strictly_increase_with_bounded_gaps(
    first: date, frequency: Frequency, count: int
) -> None:
    dates = due_dates(first, count, frequency)
    assert len(dates) == count
    if count:
        assert dates[0] == first
    low, high = GAPS[frequency]
    for earlier, later in itertools.pairwise(dates):
        assert low <= (later - earlier).days <= high


@given(interesting_dates(high=2099), st.sampled_from([1, 2, 3, 5, 6, 12]), st.integers(1, 60))
def test_monthly_due_dates_match_relativedelta(first: date, months: int, count: int) -> None:
    dates = due_dates(first, count, Frequency.every_months(months))
    assert dates == [first + relativedelta(months=months * k) for k in range(count)]
    assert [Frequency.every_months(months).step(first, k) for k in range(count)] == dates


@given(interesting_dates(high=2099), st.integers(1, 400), st.integers(1, 60))
def test_every_n_days_due_dates(first: date, days: int, count: int) -> None:
    dates = due_dates(first, count, Frequency.every_days(days))
    assert dates == [first + timedelta(days=days * k) for k in range(count)]


@given(interesting_dates(high=2099), st.integers(2, 96))
def test_semi_monthly_rule(first: date, count: int) -> None:
    # The module's rule: even instalments fall on the anchor's day (a month end stays a
    # month end), months apart; odd ones on the paired day: the 15th pairs with the month's
    # last day, any other day d with d + 15 (d < 15) or d - 15 in the next month; all
    # clamped to the month's last day. So every month has exactly two.
    dates = due_dates(first, count, Frequency.SEMI_MONTHLY)
    month_end = first.day == _last_day(first.year, first.month)
    anchor_day = 31 if month_end else first.day
    if first.day == 15:
        paired = 31
    elif month_end:
        paired = 15
    else:
        paired = first.day + 15 if first.day < 15 else first.day - 15
    for k, due in enumerate(dates):
        day = anchor_day if k % 2 == 0 else paired
        assert due.day == min(day, _last_day(due.year, due.month))
    per_month: dict[tuple[int, int], int] = {}
    for due in dates:
        per_month[due.year, due.month] = per_month.get((due.year, due.month), 0) + 1
    months = sorted(per_month)
    for month in months[1:-1]:  # every full month strictly inside the run
        assert per_month[month] == 2
    assert all(n <= 2 for n in per_month.values())


def _steps_or_error(frequency: Frequency, anchor: date, periods: list[int]) -> object:
    """Each step taken one at a time (the reference), or the kind of error the first raises."""
    try:
        return [frequency.step(anchor, k) for k in periods]
    except (ValueError, OverflowError):
        return "out of range"


def _vectorised_or_error(
    frequency: Frequency, anchor: date, periods: Callable[[], Iterable[int]]
) -> object:
    try:
        as_list = frequency.steps(anchor, periods())
        as_array = frequency.step_array(anchor, periods()).tolist()
    except (ValueError, OverflowError):
        return "out of range"
    assert as_list == as_array
    return as_list


@given(
    st.one_of(interesting_dates(low=1, high=9999), interesting_dates()),
    st.sampled_from(FREQUENCIES),
    st.integers(-5000, 5000),
    st.integers(0, 40),
    st.sampled_from([1, 2, -1, -3]),
)
def test_steps_and_step_array_equal_single_steps_and_fail_alike_out_of_range(
    anchor: date, frequency: Frequency, first: int, count: int, stride: int
) -> None:
    periods = range(first, first + stride * count, stride)
    expected = _steps_or_error(frequency, anchor, list(periods))
    assert _vectorised_or_error(frequency, anchor, lambda: periods) == expected
    assert _vectorised_or_error(frequency, anchor, lambda: iter(list(periods))) == expected


def test_step_array_is_a_datetime64_day_array() -> None:
    array = Frequency.MONTHLY.step_array(date(2024, 1, 31), range(1, 4))
    assert str(array.dtype) == "datetime64[D]"
    assert [str(day) for day in array] == ["2024-02-29", "2024-03-31", "2024-04-30"]
    assert Frequency.MONTHLY.step_array(date(2024, 1, 31), range(0)).size == 0
    with pytest.raises(ValueError, match="year 10000 is out of range"):
        Frequency.MONTHLY.step_array(date(9999, 12, 31), range(1, 2))
    with pytest.raises(OverflowError, match="date value out of range"):
        Frequency.WEEKLY.step_array(date(1, 1, 3), [-1])


@pytest.mark.parametrize("count", [-1, MAX_TERM + 1, 10**12])
def test_due_dates_rejects_a_count_out_of_range(count: object) -> None:
    # 10**12 weekly dates once tried to allocate 7 TiB: the count is capped like a term.
    with pytest.raises(InvalidValueError, match=r"^count: got .*whole number from 0 to 1200"):
        due_dates(date(2024, 1, 1), count, Frequency.WEEKLY)  # type: ignore[arg-type]


@pytest.mark.parametrize("count", [True, 1.0, "3", None, [3]])
def test_due_dates_rejects_a_count_of_another_type(count: object) -> None:
    with pytest.raises(InvalidTypeError, match=r"^count: got .*whole number from 0 to 1200"):
        due_dates(date(2024, 1, 1), count, Frequency.MONTHLY)  # type: ignore[arg-type]


@pytest.mark.parametrize("first", ["2024-01-01", None, datetime(2024, 1, 1), 20240101])
def test_due_dates_rejects_a_first_due_that_is_not_a_date(first: object) -> None:
    with pytest.raises(InvalidTypeError, match=r"^first_due: got .*; accepted: a datetime\.date"):
        due_dates(first, 3, Frequency.MONTHLY)  # type: ignore[arg-type]


def test_due_dates_reads_a_frequency_name() -> None:
    # Once an AttributeError: 'str' object has no attribute 'steps'.
    expected = [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]  # clamped to 29 Feb
    assert due_dates(date(2024, 1, 31), 3, "monthly") == expected


@pytest.mark.parametrize("frequency", ["daily", None, 12, Frequency])
def test_due_dates_rejects_a_bad_frequency(frequency: object) -> None:
    with pytest.raises(InvalidValueError, match=r"^frequency: got "):
        due_dates(date(2024, 1, 31), 3, frequency)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "count", "frequency"),
    [
        (date.max, 2, Frequency.MONTHLY),  # 9999-12-31 + 1 month: once a bare ValueError
        (date.max, 2, Frequency.WEEKLY),
        (date.max, 2, Frequency.SEMI_MONTHLY),
        (date(9999, 6, 30), 8, Frequency.MONTHLY),  # June to December is 7
        (date(9990, 1, 1), MAX_TERM, Frequency.every_days(3660)),
    ],
)
def test_due_dates_past_the_calendar_end_name_the_count(
    first: date, count: int, frequency: Frequency
) -> None:
    with pytest.raises(InvalidValueError, match=r"^count: got \d+; .*falls by 9999-12-31"):
        due_dates(first, count, frequency)


def test_due_dates_up_to_the_calendar_end() -> None:
    assert due_dates(date(9999, 10, 31), 3, "monthly")[-1] == date.max  # Oct, Nov, Dec 31


def test_due_dates_zero_count_is_empty() -> None:
    assert due_dates(date(2024, 1, 1), 0, Frequency.MONTHLY) == []


# ----------------------------------------------------------------------------- Frequency


@pytest.mark.parametrize(
    "text",
    [
        *("daily", "every week", "fortnight", "monthly-ish", "", "every days", "every ４ days"),
        *("every 1" + "0" * 5000 + " days", "monthly" * 1000),
    ],
)
def test_frequency_parse_rejects_unknown_names(text: object) -> None:
    with pytest.raises(UnknownNameError, match=r"^frequency: got .*one of weekly, bi-weekly"):
        Frequency.parse(text)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, 12, 7.0, Frequency, ["monthly"], b"monthly"])
def test_frequency_parse_rejects_other_types_with_a_type_error(value: object) -> None:
    with pytest.raises(InvalidTypeError, match=r"^frequency: got .*a Frequency or its name"):
        Frequency.parse(value)


@pytest.mark.parametrize("text", ["every 0 days", "every 3661 days"])
def test_frequency_parse_rejects_out_of_range_day_counts(text: str) -> None:
    with pytest.raises(InvalidValueError, match=r"^frequency\.count: got \d+; accepted: a whole"):
        Frequency.parse(text)


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"unit": "year"}, r"^frequency\.unit: got 'year'; accepted: one of month, day"),
        ({"unit": "month", "count": 0}, r"^frequency\.count: got 0"),
        ({"unit": "day", "count": 3661}, r"^frequency\.count: got 3661"),
        ({"unit": "month", "count": True}, r"^frequency\.count: got True"),
        ({"unit": "month", "count": 1.0}, r"^frequency\.count: got 1\.0"),
        ({"unit": "semi-month", "count": 2}, r"^frequency\.count: got 2; accepted: 1 for"),
    ],
)
def test_frequency_rejects_bad_fields(kwargs: dict[str, object], pattern: str) -> None:
    with pytest.raises(InvalidValueError, match=pattern):
        Frequency(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("frequency", "periods", "text"),
    [
        (Frequency.WEEKLY, Decimal(52), "weekly"),
        (Frequency.BIWEEKLY, Decimal(26), "bi-weekly"),
        (Frequency.SEMI_MONTHLY, Decimal(24), "semi-monthly"),
        (Frequency.MONTHLY, Decimal(12), "monthly"),
        (Frequency.QUARTERLY, Decimal(4), "quarterly"),
        (Frequency.SEMI_ANNUAL, Decimal(2), "semi-annual"),
        (Frequency.ANNUAL, Decimal(1), "annual"),
        (Frequency.every_months(2), Decimal(6), "every 2 months"),
        (Frequency.every_months(5), None, "every 5 months"),  # 12 / 5 is no whole number
        (Frequency.every_months(24), None, "every 24 months"),
        (Frequency.every_days(10), None, "every 10 days"),
    ],
)
def test_periods_per_year_and_names(
    frequency: Frequency, periods: Decimal | None, text: str
) -> None:
    assert frequency.periods_per_year == periods
    assert str(frequency) == text
    if "months" not in text:  # "every N months" is printed but not parsed
        assert Frequency.parse(text) == frequency


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        (Frequency.MONTHLY, Fraction(12, 100 * 12)),  # 0.12 / 12 = 0.01
        (Frequency.QUARTERLY, Fraction(3, 100)),  # 0.12 x 3 / 12
        (Frequency.SEMI_ANNUAL, Fraction(6, 100)),
        (Frequency.ANNUAL, Fraction(12, 100)),
        (Frequency.SEMI_MONTHLY, Fraction(12, 2400)),  # 0.12 / 24 = 0.005
        (Frequency.WEEKLY, Fraction(12, 5200)),  # 0.12 / 52
        (Frequency.BIWEEKLY, Fraction(12, 2600)),  # 0.12 / 26
        (Frequency.every_months(5), Fraction(5, 100)),  # 0.12 x 5 / 12
        (Frequency.every_days(10), None),
        (Frequency.every_days(30), None),
    ],
)
def test_period_rate(frequency: Frequency, expected: Fraction | None) -> None:
    rate = frequency.period_rate(Decimal("0.12"))
    if expected is None:
        assert rate is None
    else:
        assert rate is not None
        assert abs(Fraction(rate) - expected) < Fraction(1, 10**40)


def test_period_rate_is_exact_for_round_figures() -> None:
    assert Frequency.MONTHLY.period_rate(Decimal("0.06")) == Decimal("0.005")
    assert Frequency.SEMI_MONTHLY.period_rate(Decimal("0.24")) == Decimal("0.01")
    assert Frequency.WEEKLY.period_rate(Decimal("0.52")) == Decimal("0.01")
    assert Frequency.MONTHLY.period_rate(Decimal(0)) == 0


def test_step_hand_picked() -> None:
    assert Frequency.MONTHLY.step(date(2024, 1, 31), 2) == date(2024, 3, 31)
    assert Frequency.SEMI_MONTHLY.step(date(2024, 1, 10), 1) == date(2024, 1, 25)
    assert Frequency.SEMI_MONTHLY.step(date(2024, 1, 10), 3) == date(2024, 2, 25)
    assert Frequency.WEEKLY.step(date(2024, 1, 10), -1) == date(2024, 1, 3)
    assert Frequency.QUARTERLY.step(date(2024, 5, 31), -1) == date(2024, 2, 29)


# ------------------------------------------------------------------------- BusinessDays

SAT_31_AUG_2024 = date(2024, 8, 31)
# China's National Day week 2024: Tuesday 1 October .. Monday 7 October.
NATIONAL_DAY = {date(2024, 10, 1) + timedelta(days=k) for k in range(7)}


def test_hand_picked_weekdays() -> None:
    # Sanity checks of the dates below (Monday is 0).
    assert SAT_31_AUG_2024.weekday() == 5
    assert date(2024, 6, 15).weekday() == 5
    assert date(2024, 10, 1).weekday() == 1
    assert date(2024, 12, 31).weekday() == 1


@pytest.mark.parametrize(
    ("convention", "day", "holidays", "expected"),
    [
        # Saturday 31 Aug 2024: Monday 2 Sep follows, Friday 30 Aug precedes.
        ("following", SAT_31_AUG_2024, set(), date(2024, 9, 2)),
        ("modified-following", SAT_31_AUG_2024, set(), date(2024, 8, 30)),  # not September
        ("preceding", SAT_31_AUG_2024, set(), date(2024, 8, 30)),
        ("unadjusted", SAT_31_AUG_2024, set(), SAT_31_AUG_2024),
        # Sunday 1 Sep 2024: modified following stays in September.
        ("modified-following", date(2024, 9, 1), set(), date(2024, 9, 2)),
        ("preceding", date(2024, 9, 1), set(), date(2024, 8, 30)),
        # Saturday 15 Jun 2024 mid-month.
        ("following", date(2024, 6, 15), set(), date(2024, 6, 17)),
        ("modified-following", date(2024, 6, 15), set(), date(2024, 6, 17)),
        ("preceding", date(2024, 6, 15), set(), date(2024, 6, 14)),
        # National Day week: the first business day after is Tuesday 8 October.
        ("following", date(2024, 10, 1), NATIONAL_DAY, date(2024, 10, 8)),
        ("following", date(2024, 10, 5), NATIONAL_DAY, date(2024, 10, 8)),
        ("modified-following", date(2024, 10, 3), NATIONAL_DAY, date(2024, 10, 8)),
        ("preceding", date(2024, 10, 7), NATIONAL_DAY, date(2024, 9, 30)),
        ("unadjusted", date(2024, 10, 3), NATIONAL_DAY, date(2024, 10, 3)),
        # A holiday on Tuesday 31 Dec: following crosses the year, modified does not.
        ("following", date(2024, 12, 31), {date(2024, 12, 31)}, date(2025, 1, 1)),
        (
            "following",
            date(2024, 12, 31),
            {date(2024, 12, 31), date(2025, 1, 1)},
            date(2025, 1, 2),
        ),
        ("modified-following", date(2024, 12, 31), {date(2024, 12, 31)}, date(2024, 12, 30)),
        # A business day never moves.
        ("following", date(2024, 8, 30), set(), date(2024, 8, 30)),
        ("preceding", date(2024, 9, 2), set(), date(2024, 9, 2)),
        ("modified-following", date(2024, 10, 8), NATIONAL_DAY, date(2024, 10, 8)),
    ],
)
def test_adjust_hand_picked(
    convention: str, day: date, holidays: set[date], expected: date
) -> None:
    rule = BusinessDays(convention=convention, holidays=holidays)
    assert rule.adjust(day) == expected


def test_custom_weekend() -> None:
    # A Friday-Saturday weekend: Friday 30 Aug 2024 is not a business day.
    rule = BusinessDays(convention="following", weekend={4, 5})
    assert rule.adjust(date(2024, 8, 30)) == date(2024, 9, 1)  # Sunday is a business day
    assert BusinessDays(convention="preceding", weekend={4, 5}).adjust(date(2024, 8, 31)) == date(
        2024, 8, 29
    )
    # No weekend at all (make-up working Saturdays): only holidays move.
    assert BusinessDays(weekend=()).adjust(SAT_31_AUG_2024) == SAT_31_AUG_2024


def test_business_days_defaults() -> None:
    rule = BusinessDays()
    assert rule.convention is BusinessDayConvention.FOLLOWING
    assert rule.weekend == frozenset({5, 6})
    assert rule.holidays == frozenset()
    assert not rule.is_business_day(SAT_31_AUG_2024)
    assert rule.is_business_day(date(2024, 8, 30))


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"convention": "nearest"}, UnknownNameError, r"^business_days\.convention: got 'near"),
        ({"convention": None}, InvalidTypeError, r"^business_days\.convention: got None"),
        ({"weekend": {7}}, InvalidValueError, r"^business_days\.weekend: got \{7\}"),
        ({"weekend": {True}}, InvalidTypeError, r"^business_days\.weekend: got \{True\}"),
        ({"weekend": 5}, InvalidTypeError, r"^business_days\.weekend: got 5;"),
        ({"weekend": "56"}, InvalidTypeError, r"^business_days\.weekend: got '56';"),
        ({"weekend": [[5]]}, InvalidTypeError, r"^business_days\.weekend: got \[\[5\]\];"),
        ({"holidays": None}, InvalidTypeError, r"^business_days\.holidays: got None"),
        ({"holidays": "2024-10-01"}, InvalidTypeError, r"^business_days\.holidays: got '20"),
        ({"weekend": range(7)}, InvalidValueError, r"^business_days\.weekend: .*not all seven"),
        # Endless or enormous iterables are read only as far as the limit, never whole.
        ({"weekend": range(10**12)}, InvalidValueError, r"^business_days\.weekend: got range"),
        ({"holidays": range(10**12)}, InvalidValueError, r"^business_days\.holidays: .*at most"),
        ({"weekend": {"sat"}}, InvalidTypeError, r"^business_days\.weekend: "),
        ({"holidays": {"2024-10-01"}}, InvalidTypeError, r"^business_days\.holidays: got '20"),
        # A datetime never equals a date: it would silently match no day.
        (
            {"holidays": {datetime(2024, 10, 1)}},
            InvalidTypeError,
            r"^business_days\.holidays: got datetime",
        ),
    ],
)
def test_business_days_rejects_bad_fields(
    kwargs: dict[str, object], error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        BusinessDays(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("convention", "day", "holidays"),
    [
        ("preceding", date(1, 1, 1), {date(1, 1, 1)}),  # once a bare OverflowError
        ("preceding", date(1, 1, 6), {date(1, 1, d) for d in range(1, 6)}),  # a Saturday
        ("following", date(9999, 12, 31), {date(9999, 12, 31)}),  # a Friday
        ("modified-following", date(9999, 12, 31), {date(9999, 12, d) for d in range(1, 32)}),
    ],
)
def test_rolling_past_the_calendar_ends_names_the_date(
    convention: str, day: date, holidays: set[date]
) -> None:
    rule = BusinessDays(convention=convention, holidays=holidays)
    pattern = rf"^due_date: got {re.escape(repr(day))}; .*business day falls"
    with pytest.raises(InvalidValueError, match=pattern):
        rule.adjust(day)


def test_a_year_one_loan_rolling_before_the_first_day_is_refused_naming_the_date() -> None:
    # The review's reproducer: 0001-01-07 is a Sunday; its preceding business day would be
    # Friday 0001-01-05, but with 1..5 January holidays the roll runs off the calendar.
    rule = BusinessDays(convention="preceding", holidays={date(1, 1, d) for d in range(1, 6)})
    terms = LoanTerms(
        principal=1000,
        annual_rate="5%",
        term=2,
        start=date(1, 1, 1),
        first_due=date(1, 1, 7),
        frequency="weekly",
        business_days=rule,
    )
    with pytest.raises(LoanCalcError, match=r"0001|datetime\.date\(1, 1"):
        amortize(terms)


@pytest.mark.parametrize("day", ["2024-01-01", None, 5, datetime(2024, 1, 1)])
def test_adjust_rejects_what_is_not_a_date(day: object) -> None:
    with pytest.raises(InvalidTypeError, match=r"^day: got .*; accepted: a datetime\.date"):
        BusinessDays().adjust(day)  # type: ignore[arg-type]


@st.composite
def calendars(draw: st.DrawFn) -> tuple[BusinessDays, date]:
    day = draw(interesting_dates(high=2098))
    # Holidays near the day (clusters make long runs), over a month either side.
    offsets = draw(st.sets(st.integers(-40, 40), max_size=40))
    weekend = draw(st.sampled_from([{5, 6}, {4, 5}, {6}, set(), {0, 1, 2, 3, 4}]))
    convention = draw(st.sampled_from(list(BusinessDayConvention)))
    holidays = {day + timedelta(days=k) for k in offsets}
    return BusinessDays(convention=convention, holidays=holidays, weekend=weekend), day


@given(calendars())
def test_adjusted_date_is_a_business_day_in_the_right_direction(
    case: tuple[BusinessDays, date],
) -> None:
    rule, day = case
    result = rule.adjust(day)

    def business(d: date) -> bool:  # independent of is_business_day
        return d.weekday() not in rule.weekend and d not in rule.holidays

    def following() -> date:
        d = day
        while not business(d):
            d += timedelta(days=1)
        return d

    def preceding() -> date:
        d = day
        while not business(d):
            d -= timedelta(days=1)
        return d

    convention = rule.convention
    if convention is BusinessDayConvention.UNADJUSTED:
        assert result == day
        return
    assert business(result)
    if business(day):
        assert result == day
    if convention is BusinessDayConvention.FOLLOWING:
        assert result == following()
    elif convention is BusinessDayConvention.PRECEDING:
        assert result == preceding()
    else:
        after = following()
        assert result == (after if after.month == day.month else preceding())


# ------------------------------------------- the calendar's ends and its error messages
# (found by mutation testing)


@pytest.mark.parametrize("frequency", [Frequency.WEEKLY, Frequency.every_days(1)])
def test_day_steps_reach_the_first_and_the_last_date(frequency: Frequency) -> None:
    assert frequency.steps(date.min, [0]) == [date(1, 1, 1)]
    assert frequency.steps(date.max, range(1)) == [date(9999, 12, 31)]


def test_day_steps_from_the_first_date() -> None:
    assert Frequency.WEEKLY.steps(date(1, 1, 1), range(1, 3)) == [date(1, 1, 8), date(1, 1, 15)]


def test_month_steps_reach_january_of_year_one() -> None:
    # Jan 31 of year 1 plus one month is Feb 28 (year 1 is not a leap year).
    assert Frequency.MONTHLY.steps(date(1, 1, 31), range(2)) == [date(1, 1, 31), date(1, 2, 28)]


def test_month_steps_beyond_the_calendar_name_the_year_as_python_does() -> None:
    # Month index of Jan 15, year 1 is 12; 120000 months on it is 120012 -> year 10001.
    with pytest.raises(ValueError, match=r"^year 10001 is out of range"):
        Frequency.MONTHLY.step_array(date(1, 1, 15), [0, 120000])
    # One month before January of year 1 is December of year 0.
    with pytest.raises(ValueError, match=r"^year 0 is out of range"):
        Frequency.MONTHLY.step_array(date(1, 1, 15), [-1, 0])


def test_a_unit_that_is_not_text_names_the_field_and_the_units() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        Frequency(unit=3)  # type: ignore[arg-type]
    assert caught.value.field == "frequency.unit"
    assert caught.value.accepted == "one of month, day, semi-month"


@pytest.mark.parametrize("holidays", ["2024-01-01", 5])
def test_holidays_that_are_not_a_collection_of_dates_say_what_is_accepted(
    holidays: object,
) -> None:
    with pytest.raises(InvalidTypeError) as caught:
        BusinessDays(holidays=holidays)  # type: ignore[arg-type]
    assert caught.value.field == "business_days.holidays"
    assert caught.value.value == holidays
    assert caught.value.accepted == "a set of datetime.date"


def test_a_calendar_takes_exactly_100000_holidays_and_no_more() -> None:
    days = [date(1800, 1, 1) + timedelta(days=k) for k in range(100_001)]
    assert len(BusinessDays(holidays=days[:100_000]).holidays) == 100_000
    with pytest.raises(InvalidValueError) as caught:
        BusinessDays(holidays=days)
    assert caught.value.value is days
    assert "at most 100000" in caught.value.accepted


@pytest.mark.parametrize("weekend", ["56", 6, [5, [6]], [5, 6.0], [7]])
def test_a_bad_weekend_says_what_is_accepted(weekend: object) -> None:
    with pytest.raises(InvalidValueError) as caught:  # InvalidTypeError is one too
        BusinessDays(weekend=weekend)  # type: ignore[arg-type]
    assert caught.value.field == "business_days.weekend"
    assert caught.value.accepted == "weekday numbers 0 (Mon) .. 6 (Sun), not all seven"


def test_rolling_off_the_calendar_says_which_way_and_which_edge() -> None:
    first, last = date(1, 1, 1), date(9999, 12, 31)  # a Monday and a Friday
    with pytest.raises(InvalidValueError) as before:
        BusinessDays(convention="preceding", holidays={first}).adjust(first)
    assert before.value.field == "due_date"
    assert before.value.value == first
    assert before.value.accepted == (
        "a date whose preceding business day falls on or after 0001-01-01"
    )
    with pytest.raises(InvalidValueError) as after:
        BusinessDays(convention="following", holidays={last}).adjust(last)
    assert after.value.value == last
    assert after.value.accepted == "a date whose following business day falls by 9999-12-31"


def test_a_calendar_without_business_days_names_the_holidays() -> None:
    # Only Sundays are working days, and every Sunday of 2024-2035 is a holiday: no
    # business day within 3660 days of 2024-01-01 (a Monday).
    sundays = {date(2024, 1, 7) + timedelta(weeks=k) for k in range(12 * 53)}
    rule = BusinessDays(weekend={0, 1, 2, 3, 4, 5}, holidays=sundays)
    with pytest.raises(InvalidValueError) as caught:
        rule.adjust(date(2024, 1, 1))
    assert caught.value.field == "business_days.holidays"
    assert caught.value.accepted == "a calendar with business days"
