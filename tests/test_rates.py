"""Tests of loancalc.rates: rate parsing and day-count conventions.

QuantLib is the oracle for year fractions and day counts; other figures are hand-computed.
"""

from __future__ import annotations

import calendar
import decimal
import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
import QuantLib as ql  # noqa: N813 (QuantLib's own convention)
from hypothesis import given
from hypothesis import strategies as st

from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError, UnknownNameError
from loancalc.rates import MAX_ANNUAL_RATE, DayCount, annual_rate

# ------------------------------------------------------------------------- annual_rate


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4.9%", "0.049"),
        ("4.9%/year", "0.049"),
        ("4.9 % / year", "0.049"),
        ("4.9% per year", "0.049"),
        ("4.9% per annum", "0.049"),
        ("4.9%pa", "0.049"),
        ("4.9%/a", "0.049"),
        ("18%/yr", "0.18"),
        ("4.9%/年", "0.049"),
        ("1%/month", "0.12"),  # 0.01 x 12
        ("1%/Month", "0.12"),
        ("1% per month", "0.12"),
        ("1%/mo", "0.12"),
        ("1.5%/月", "0.18"),  # 0.015 x 12
        ("0.01/month", "0.12"),  # a fraction with a unit
        ("0.05%/day", "0.18"),  # 0.0005 x 360 (PBoC year)
        ("0.05%/d", "0.18"),
        ("0.05%/日", "0.18"),
        ("0.05%/天", "0.18"),
        ("2.7%/day", "9.72"),  # 0.027 x 360, under the 10 cap
        ("0.049", "0.049"),  # a bare number is an annual fraction
        ("1,000%", "10"),  # 1000 / 100: the inclusive top of the range
        ("0%", "0"),
        ("1e-2", "0.01"),
        (0.049, "0.049"),  # float through its shortest repr
        (Decimal("0.049"), "0.049"),
        (0, "0"),
        (10, "10"),
        (Decimal("10.0000"), "10"),
    ],
)
def test_annual_rate_parses(value: object, expected: str) -> None:
    result = annual_rate(value)
    assert result == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "days_per_year", "expected"),
    [
        ("0.05%/day", 360, "0.18"),  # 0.0005 x 360
        ("0.05%/day", 365, "0.1825"),  # 0.0005 x 365
        ("0.05%/day", 366, "0.183"),  # 0.0005 x 366
        ("0.05%/日", 365, "0.1825"),
        ("1%/month", 365, "0.12"),  # months ignore the day basis
        ("4.9%", 365, "0.049"),
        ("2.74%/day", 360, "9.864"),  # 0.0274 x 360
    ],
)
def test_annual_rate_day_basis(text: str, days_per_year: int, expected: str) -> None:
    assert annual_rate(text, days_per_year=days_per_year) == Decimal(expected)


def test_annual_rate_strings_come_out_plain() -> None:
    # Trailing zeros are dropped and no exponent appears for ordinary rates.
    assert str(annual_rate("4.90%")) == "0.049"
    assert str(annual_rate("0.05%/day")) == "0.18"
    assert str(annual_rate("1000%")) == "10"


@pytest.mark.parametrize(
    "value",
    [
        Decimal("10.0001"),  # 1000.01 % a year
        10.0001,
        11,
        "1000.01%",
        "100%/month",  # 1 x 12 = 12 > 10
        "3%/day",  # 0.03 x 360 = 10.8
        "-0.01",
        -0.01,
        "-1%",
        Decimal("-0.0001"),
        "-1%/month",
    ],
)
def test_annual_rate_range_is_enforced(value: object) -> None:
    with pytest.raises(InvalidValueError, match=r"^penalty_rate: got .*from 0 to 1000 % a year"):
        annual_rate(value, field="penalty_rate")


def test_annual_rate_range_uses_the_day_basis() -> None:
    assert annual_rate("2.74%/day") == Decimal("9.864")  # 0.0274 x 360
    with pytest.raises(InvalidValueError, match=r"^annual_rate: got '2.74%/day'"):
        annual_rate("2.74%/day", days_per_year=365)  # 0.0274 x 365 = 10.001 > 10
    assert Decimal(10) == MAX_ANNUAL_RATE


@pytest.mark.parametrize(
    "value",
    [
        "5%/week",
        "5%/fortnight",
        "5%/quarter",
        "5% per hour",
        "5%/周",
        "5%/",
        "abc",
        "",
        "%",
        "5%%",
        "nan",
        "inf",
        "1,5%",  # a decimal comma, not 15 %
        "5 % / year / month",
        None,
        True,
        [0.05],
        float("nan"),
        float("inf"),
        "４.９%",  # fullwidth digits
        "٤٫٩%",  # Arabic-Indic digits and decimal separator
    ],
)
def test_annual_rate_rejects_garbage_and_unknown_units(value: object) -> None:
    with pytest.raises(InvalidValueError, match=r"^annual_rate: got ") as info:
        annual_rate(value)
    assert isinstance(info.value, LoanCalcError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("days", [0, 364, 367, 360.0, "360", True])
def test_annual_rate_rejects_other_day_bases(days: int) -> None:
    with pytest.raises(InvalidValueError, match=r"^days_per_year: got .*360, 365 or 366") as info:
        annual_rate("0.05%/day", days_per_year=days)
    assert isinstance(info.value, TypeError) is (type(days) is not int)


# The review's reproducers: each raised a bare decimal.InvalidOperation or decimal.Overflow.
@pytest.mark.parametrize(
    "value",
    ["1e999", "1e999%", "-1e999", "9" * 400, "1e999999999", "1e999999999%/day", "-1e-999999999"],
)
def test_annual_rate_refuses_huge_and_tiny_exponents_naming_the_field(value: str) -> None:
    with pytest.raises(InvalidValueError, match=r"^annual_rate: got '") as info:
        annual_rate(value)
    assert info.value.field == "annual_rate"
    assert info.value.value == value


@pytest.mark.parametrize("value", [None, True, [0.05], {"rate": 1}, b"5%", 5j])
def test_annual_rate_wrong_types_raise_a_type_error(value: object) -> None:
    with pytest.raises(InvalidTypeError, match=r"^annual_rate: got "):
        annual_rate(value)


@pytest.mark.parametrize("value", ["４.９%", "٤.٩%", "1٠%", "0.0\u0665"])
def test_annual_rate_refuses_non_ascii_digits_saying_so(value: str) -> None:
    with pytest.raises(InvalidValueError, match=r"ASCII digits 0-9"):
        annual_rate(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1e-40", "1E-40"),  # tiny but positive: accepted as given
        ("1e-300%", "1E-302"),
        (Decimal("1E-1000"), "1E-1000"),  # the smallest size a number may have
        ("0.0000001%/day", "0.00000036"),  # 1e-9 x 360
    ],
)
def test_annual_rate_accepts_tiny_positive_rates(value: object, expected: str) -> None:
    assert annual_rate(value) == Decimal(expected)


@pytest.mark.parametrize("value", [-0.0, "-0", "-0%", Decimal("-0.000"), "-0%/month", "-0.0%/day"])
def test_annual_rate_negative_zero_reads_as_zero(value: object) -> None:
    rate = annual_rate(value)
    assert rate == 0
    assert not rate.is_signed()
    assert "-" not in str(rate)


@given(st.decimals(min_value=0, max_value=1000, places=4))
def test_percent_text_is_one_hundredth(percent: Decimal) -> None:
    assert annual_rate(f"{percent}%") == percent.scaleb(-2)
    assert annual_rate(f"{percent}%/year") == percent.scaleb(-2)


@given(st.decimals(min_value=0, max_value=Decimal("83.3333"), places=4))
def test_monthly_text_is_twelve_times(percent: Decimal) -> None:
    # 83.3333 % a month x 12 = 999.9996 % a year, inside the range.
    assert annual_rate(f"{percent}%/month") == percent.scaleb(-2) * 12


# ------------------------------------------------------------------------------ DayCount

QL_CONVENTIONS = {
    DayCount.ACT_360: ql.Actual360(),
    DayCount.ACT_365F: ql.Actual365Fixed(),
    DayCount.ACT_ACT_ISDA: ql.ActualActual(ql.ActualActual.ISDA),
    DayCount.THIRTY_360_US: ql.Thirty360(ql.Thirty360.BondBasis),
    DayCount.THIRTY_E_360: ql.Thirty360(ql.Thirty360.European),
}


def _ql(day: date) -> ql.Date:
    return ql.Date(day.day, day.month, day.year)


@st.composite
def interesting_dates(draw: st.DrawFn) -> date:
    """Dates in 1901..2198 leaning on month ends, 29 February, the 30th and the 31st.

    (QuantLib's dates stop at 2199 and its ACT/ACT ISDA looks at 1 January of the next year.)
    """
    year = draw(st.one_of(st.integers(1901, 2198), st.sampled_from([1904, 2000, 2024, 2100])))
    month = draw(st.one_of(st.integers(1, 12), st.just(2)))
    last = calendar.monthrange(year, month)[1]
    day = draw(st.one_of(st.integers(1, last), st.sampled_from([last, min(30, last), 28, 1])))
    return date(year, month, day)


@st.composite
def date_pairs(draw: st.DrawFn) -> tuple[date, date]:
    """(start, end) with start <= end: far apart, or close (same or next few months)."""
    start = draw(interesting_dates())
    if draw(st.booleans()):
        end = draw(interesting_dates())
    else:
        end = start + timedelta(days=draw(st.integers(0, 800)))
        end = min(end, date(2198, 12, 31))
    return (start, end) if start <= end else (end, start)


@given(date_pairs(), st.sampled_from(list(QL_CONVENTIONS)))
def test_year_fraction_and_day_count_match_quantlib(
    pair: tuple[date, date], convention: DayCount
) -> None:
    start, end = pair
    oracle = QL_CONVENTIONS[convention]
    assert convention.day_count(start, end) == oracle.dayCount(_ql(start), _ql(end))
    expected = oracle.yearFraction(_ql(start), _ql(end))
    ours = convention.year_fraction(start, end)
    assert isinstance(ours, Decimal)
    assert math.isclose(float(ours), expected, rel_tol=1e-12, abs_tol=1e-15)


@given(date_pairs(), st.sampled_from(list(QL_CONVENTIONS)))
def test_reversed_dates_match_quantlib(pair: tuple[date, date], convention: DayCount) -> None:
    end, start = pair  # start after end
    oracle = QL_CONVENTIONS[convention]
    assert convention.day_count(start, end) == oracle.dayCount(_ql(start), _ql(end))
    expected = oracle.yearFraction(_ql(start), _ql(end))
    assert math.isclose(
        float(convention.year_fraction(start, end)), expected, rel_tol=1e-12, abs_tol=1e-15
    )


@given(date_pairs())
def test_actual_conventions_are_exact_fractions(pair: tuple[date, date]) -> None:
    # Exact oracle (Python's own day arithmetic, rational division): 40 significant digits.
    start, end = pair
    days = (end - start).days
    for convention, basis in ((DayCount.ACT_360, 360), (DayCount.ACT_365F, 365)):
        ours = Fraction(convention.year_fraction(start, end))
        assert abs(ours - Fraction(days, basis)) <= Fraction(days + 1, basis) / 10**39


def _not_february_end(day: date) -> bool:
    return not (day.month == 2 and day.day == calendar.monthrange(day.year, 2)[1])


@given(date_pairs().filter(lambda pair: _not_february_end(pair[0]) and _not_february_end(pair[1])))
def test_thirty_360_us_agrees_with_quantlib_usa_away_from_february_ends(
    pair: tuple[date, date],
) -> None:
    # QuantLib's Thirty360.USA (the SIA rule) differs from bond basis only on the last
    # day of February; elsewhere both are the ISDA 30/360 count.
    start, end = pair
    usa = ql.Thirty360(ql.Thirty360.USA)
    assert DayCount.THIRTY_360_US.day_count(start, end) == usa.dayCount(_ql(start), _ql(end))


def test_thirty_360_us_is_bond_basis_not_the_sia_february_rule() -> None:
    # Documented difference: THIRTY_360_US is ISDA 30/360 "bond basis" (the end day moves
    # only if the start day is 30 or 31). The SIA/"30U/360" variant (QuantLib
    # Thirty360.USA) also treats the last day of February as the 30th.
    start, end = date(2024, 2, 29), date(2024, 3, 31)
    # bond basis: d1 = 29 (unchanged), d2 = 31 (stays: d1 is not 30) -> 30 x 1 + (31 - 29)
    assert DayCount.THIRTY_360_US.day_count(start, end) == 32
    assert ql.Thirty360(ql.Thirty360.USA).dayCount(_ql(start), _ql(end)) == 30  # 30 x 1 + 0
    # 30E/360: d2 = min(31, 30) = 30 -> 30 + (30 - 29) = 31
    assert DayCount.THIRTY_E_360.day_count(start, end) == 31


@pytest.mark.parametrize(
    ("convention", "start", "end", "days", "fraction"),
    [
        # 2024-01-15 -> 2024-02-15: 31 actual days
        (DayCount.ACT_360, date(2024, 1, 15), date(2024, 2, 15), 31, Fraction(31, 360)),
        (DayCount.ACT_365F, date(2024, 1, 15), date(2024, 2, 15), 31, Fraction(31, 365)),
        # a leap year: 2024-01-01 -> 2025-01-01 is 366 days; ACT/365F gives 366/365
        (DayCount.ACT_365F, date(2024, 1, 1), date(2025, 1, 1), 366, Fraction(366, 365)),
        (DayCount.ACT_ACT_ISDA, date(2024, 1, 1), date(2025, 1, 1), 366, Fraction(1)),
        # 2023-07-01 -> 2024-01-01 = 184 days of a 365-day year, then
        # 2024-01-01 -> 2024-07-01 = 31+29+31+30+31+30 = 182 days of a 366-day year
        (
            DayCount.ACT_ACT_ISDA,
            date(2023, 7, 1),
            date(2024, 7, 1),
            366,
            Fraction(184, 365) + Fraction(182, 366),
        ),
        # 2023-12-31 -> 2025-01-02: 1/365 + 366/366 + 1/365
        (
            DayCount.ACT_ACT_ISDA,
            date(2023, 12, 31),
            date(2025, 1, 2),
            368,
            Fraction(2, 365) + 1,
        ),
        # 30/360 US: d1 31 -> 30; d2 31 -> 30 because d1 is 30: 30 x 2 + 0 = 60
        (DayCount.THIRTY_360_US, date(2024, 1, 31), date(2024, 3, 31), 60, Fraction(60, 360)),
        # d1 = 29 stays, so d2 = 31 stays: 30 x 2 + (31 - 29) = 62
        (DayCount.THIRTY_360_US, date(2024, 3, 29), date(2024, 5, 31), 62, Fraction(62, 360)),
        # 30E/360: d2 = min(31, 30): 30 x 2 + (30 - 29) = 61
        (DayCount.THIRTY_E_360, date(2024, 3, 29), date(2024, 5, 31), 61, Fraction(61, 360)),
        # 30E/360 from Feb 28 (not leap end) to Mar 31: 30 + (30 - 28) = 32
        (DayCount.THIRTY_E_360, date(2023, 2, 28), date(2023, 3, 31), 32, Fraction(32, 360)),
        # a year of 30/360 is 360 days whatever the dates
        (DayCount.THIRTY_360_US, date(2023, 5, 31), date(2024, 5, 31), 360, Fraction(1)),
        (DayCount.ACT_360, date(2024, 5, 5), date(2024, 5, 5), 0, Fraction(0)),
    ],
)
def test_hand_computed_day_counts(
    convention: DayCount, start: date, end: date, days: int, fraction: Fraction
) -> None:
    assert convention.day_count(start, end) == days
    ours = Fraction(convention.year_fraction(start, end))
    assert abs(ours - fraction) < Fraction(1, 10**38)


@pytest.mark.parametrize(
    ("convention", "days"),
    [
        (DayCount.ACT_360, 360),
        (DayCount.ACT_365F, 365),
        (DayCount.ACT_ACT_ISDA, 365),
        (DayCount.THIRTY_360_US, 360),
        (DayCount.THIRTY_E_360, 360),
    ],
)
def test_days_per_year(convention: DayCount, days: int) -> None:
    assert convention.days_per_year == days


@pytest.mark.parametrize("text", ["act/364", "30/365", "ACT/ACT ICMA", "bus/252", ""])
def test_day_count_parse_rejects_unknown_names(text: object) -> None:
    with pytest.raises(UnknownNameError, match=r"^day_count: got .*; accepted: one of ACT/360"):
        DayCount.parse(text)  # type: ignore[arg-type]


# ------------------------------------------------- errors name the field, value and accepted
# (found by mutation testing: each of these parts could be dropped without a test failing)


@pytest.mark.parametrize(
    "value",
    [Decimal("NaN"), float("inf"), Decimal("11"), -1, "abc", "1,5%", "1e2000%", "٥%", "5%/week"],
)
def test_rate_errors_name_the_value_and_the_accepted_range(value: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        annual_rate(value, field="penalty_rate")
    assert caught.value.field == "penalty_rate"
    if isinstance(value, str):
        assert caught.value.value == value  # the text as given, not its number part
    else:
        assert str(caught.value.value) == str(value)
    assert "from 0 to 1000 % a year" in caught.value.accepted


def test_an_unknown_rate_unit_lists_the_units() -> None:
    with pytest.raises(InvalidValueError) as caught:
        annual_rate("5%/week")
    assert "year, month, day" in caught.value.accepted


def test_a_bad_days_per_year_names_its_value() -> None:
    with pytest.raises(InvalidValueError) as caught:
        annual_rate("0.05%/day", days_per_year=364)
    assert caught.value.field == "days_per_year"
    assert caught.value.value == 364


def test_a_daily_rate_is_annualised_exactly_whatever_the_global_context() -> None:
    # 0.0123456789012345678901234567891 % a day = 0.000123456789012345678901234567891,
    # times 360 (31 significant digits: more than the default context's 28).
    text = "0.0123456789012345678901234567891%/day"
    expected = Fraction("0.000123456789012345678901234567891") * 360
    assert Fraction(annual_rate(text)) == expected
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        assert Fraction(annual_rate(text)) == expected


@pytest.mark.parametrize("day_count", list(DayCount))
def test_day_counts_between_non_dates_name_the_wrong_argument(day_count: DayCount) -> None:
    good = date(2024, 1, 31)
    with pytest.raises(InvalidTypeError) as bad_start:
        day_count.year_fraction_ratio("2024-01-01", good)  # type: ignore[arg-type]
    assert (bad_start.value.field, bad_start.value.value) == ("start", "2024-01-01")
    with pytest.raises(InvalidTypeError) as bad_end:
        day_count.day_count(good, 20240301)  # type: ignore[arg-type]
    assert (bad_end.value.field, bad_end.value.value) == ("end", 20240301)
    with pytest.raises(InvalidTypeError) as bad_both:
        day_count.year_fraction_ratio(None, "x")  # type: ignore[arg-type]
    assert (bad_both.value.field, bad_both.value.value) == ("start", None)
    with pytest.raises(InvalidTypeError) as bad_ratio_end:
        day_count.year_fraction_ratio(good, "2024-03-01")  # type: ignore[arg-type]
    assert (bad_ratio_end.value.field, bad_ratio_end.value.value) == ("end", "2024-03-01")
    assert "datetime.date" in bad_ratio_end.value.accepted
    # A date and a datetime never subtract (the 30/360 counts read only the fields).
    if day_count in (DayCount.THIRTY_360_US, DayCount.THIRTY_E_360):
        return
    moment = datetime(2024, 3, 1, 12)
    with pytest.raises(InvalidTypeError) as mixed:
        day_count.year_fraction_ratio(good, moment)
    assert (mixed.value.field, mixed.value.value) == ("end", moment)
