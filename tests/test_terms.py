"""Tests of loancalc.terms: validation of LoanTerms and Fees, conversions, serialisation."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loancalc.calendar import BusinessDays, Frequency
from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError, UnknownNameError
from loancalc.money import Rounding, RoundingMode
from loancalc.rates import DayCount
from loancalc.terms import (
    MAX_PRINCIPAL,
    MAX_TERM,
    Accrual,
    Fees,
    GraceInterest,
    LoanTerms,
    Method,
)

BASE: dict[str, Any] = {
    "principal": "1000",
    "annual_rate": "12%",
    "term": 12,
    "start": date(2024, 1, 31),
}


def make(**changes: Any) -> LoanTerms:
    return LoanTerms(**{**BASE, **changes})


# ----------------------------------------------------------------------------- validation

# (changes, error class, the message's start: "field: got value; accepted: ...")
INVALID: list[tuple[dict[str, Any], type[InvalidValueError], str]] = [
    ({"principal": 0}, InvalidValueError, "principal: got 0; accepted: an amount > 0 and <= 1E+15"),
    ({"principal": -1}, InvalidValueError, "principal: got -1; accepted: an amount > 0"),
    ({"principal": "-0.01"}, InvalidValueError, "principal: got '-0.01'; accepted: an amount > 0"),
    ({"principal": "1000000000000000.01"}, InvalidValueError,
     "principal: got '1000000000000000.01'; accepted: an amount > 0 and <= 1E+15"),
    ({"principal": 1e16}, InvalidValueError, "principal: got 1e+16; accepted: an amount > 0"),
    ({"principal": True}, InvalidTypeError, "principal: got True; accepted: an amount > 0 and"),
    ({"principal": None}, InvalidTypeError, "principal: got None; accepted: an amount > 0 and"),
    ({"principal": [1000]}, InvalidTypeError, "principal: got [1000]; accepted: an amount > 0"),
    ({"principal": "lots"}, InvalidValueError, "principal: got 'lots'; accepted: an amount > 0"),
    ({"principal": float("nan")}, InvalidValueError, "principal: got nan; accepted: an amount"),
    ({"principal": "1000 %"}, InvalidValueError,
     "principal: got '1000 %'; accepted: an amount > 0 and <= 1E+15, with no % sign or rate "
     "unit (an amount, not a rate)"),
    ({"principal": "1000%/month"}, InvalidValueError, "principal: got '1000%/month'; accepted: "),
    ({"principal": "١٠٠٠"}, InvalidValueError,
     "principal: got '١٠٠٠'; accepted: an amount > 0 and <= 1E+15, written with ASCII digits"),
    ({"principal": "1e999999999"}, InvalidValueError,
     "principal: got '1e999999999'; accepted: an amount > 0 and <= 1E+15, between 1E-1000"),
    ({"principal": "1000.005"}, InvalidValueError,
     "principal: got Decimal('1000.005'); accepted: an amount on the rounding grid, a multiple "
     "of 0.01 (such as 1000.00 or 1000.01)"),
    ({"principal": 1e-300}, InvalidValueError,
     "principal: got Decimal('1E-300'); accepted: an amount on the rounding grid, a multiple "
     "of 0.01 (such as 0.00 or 0.01)"),
    ({"principal": "1000.01", "rounding": Rounding(increment="0.5")}, InvalidValueError,
     "principal: got Decimal('1000.01'); accepted: an amount on the rounding grid, a multiple "
     "of 0.5 (such as 1000.0 or 1000.5)"),
    ({"principal": "1000.5", "rounding": Rounding(places=0)}, InvalidValueError,
     "principal: got Decimal('1000.5'); accepted: an amount on the rounding grid, a multiple "
     "of 1 (such as 1000 or 1001)"),
    ({"method": "balloon", "balloon": "100.001"}, InvalidValueError,
     "balloon: got Decimal('100.001'); accepted: an amount on the rounding grid, a multiple "
     "of 0.01"),
    ({"fees": Fees(upfront="0.125")}, InvalidValueError,
     "fees.upfront: got Decimal('0.125'); accepted: an amount on the rounding grid"),
    ({"fees": Fees(per_period="3"), "rounding": Rounding(increment="5")}, InvalidValueError,
     "fees.per_period: got Decimal('3'); accepted: an amount on the rounding grid, a multiple "
     "of 5 (such as 0 or 5)"),
    ({"term": 0}, InvalidValueError, "term: got 0; accepted: a whole number from 1 to 1200"),
    ({"term": -12}, InvalidValueError, "term: got -12; accepted: a whole number from 1 to 1200"),
    ({"term": 1201}, InvalidValueError, "term: got 1201; accepted: a whole number from 1 to 1200"),
    ({"term": 12.0}, InvalidTypeError, "term: got 12.0; accepted: a whole number from 1 to 1200"),
    ({"term": True}, InvalidTypeError, "term: got True; accepted: a whole number from 1 to 1200"),
    ({"term": "12"}, InvalidTypeError, "term: got '12'; accepted: a whole number from 1 to 1200"),
    ({"term": Decimal(12)}, InvalidTypeError, "term: got Decimal('12'); accepted: a whole"),
    ({"annual_rate": "-0.5%"}, InvalidValueError,
     "annual_rate: got '-0.5%'; accepted: an annual fraction"),
    ({"annual_rate": -0.01}, InvalidValueError, "annual_rate: got -0.01; accepted: an annual"),
    ({"annual_rate": "1000.01%"}, InvalidValueError, "annual_rate: got '1000.01%'; accepted: "),
    ({"annual_rate": Decimal("10.0001")}, InvalidValueError,
     "annual_rate: got Decimal('10.0001'); accepted: "),
    ({"annual_rate": "3%/day"}, InvalidValueError, "annual_rate: got '3%/day'; accepted: "),
    ({"annual_rate": "5%/week"}, InvalidValueError, "annual_rate: got '5%/week'; accepted: "),
    ({"first_due": date(2024, 1, 30)}, InvalidValueError,
     "first_due: got datetime.date(2024, 1, 30); accepted: a date on or after start "
     "(2024-01-31)"),
    ({"first_due": date(2023, 12, 31)}, InvalidValueError,
     "first_due: got datetime.date(2023, 12, 31); accepted: a date on or after start"),
    ({"first_due": datetime(2024, 3, 1, 12)}, InvalidTypeError,
     "first_due: got datetime.datetime(2024, 3, 1, 12, 0); accepted: a datetime.date or None"),
    ({"first_due": "2024-03-01"}, InvalidTypeError, "first_due: got '2024-03-01'; accepted: a"),
    ({"start": "2024-01-31"}, InvalidTypeError,
     "start: got '2024-01-31'; accepted: a datetime.date"),
    ({"start": datetime(2024, 1, 31)}, InvalidTypeError,
     "start: got datetime.datetime(2024, 1, 31, 0, 0); accepted: a datetime.date"),
    ({"start": None}, InvalidTypeError, "start: got None; accepted: a datetime.date"),
    ({"method": "annuity-ish"}, UnknownNameError,
     "method: got 'annuity-ish'; accepted: one of equal-installment, equal-principal, "
     "interest-only, bullet, flat, balloon"),
    ({"method": None}, InvalidTypeError,
     "method: got None; accepted: a Method or its name, one of equal-installment"),
    ({"method": 1}, InvalidTypeError, "method: got 1; accepted: a Method or its name, one of eq"),
    ({"method": Accrual.DAILY}, InvalidTypeError, "method: got <Accrual.DAILY: 'daily'>; acc"),
    ({"frequency": "daily"}, UnknownNameError, "frequency: got 'daily'; accepted: one of weekly"),
    ({"frequency": 12}, InvalidTypeError,
     "frequency: got 12; accepted: a Frequency or its name, one of weekly"),
    ({"accrual": "monthly"}, UnknownNameError,
     "accrual: got 'monthly'; accepted: one of periodic, daily"),
    ({"day_count": "act/364"}, UnknownNameError,
     "day_count: got 'act/364'; accepted: one of ACT/360, ACT/365F, ACT/ACT ISDA"),
    ({"grace_interest_mode": "forgive"}, UnknownNameError,
     "grace_interest_mode: got 'forgive'; accepted: one of capitalize, spread"),
    ({"method": "balloon", "balloon": "1000.01"}, InvalidValueError,
     "balloon: got Decimal('1000.01'); accepted: an amount from 0 to the principal (1000)"),
    ({"balloon": 100}, InvalidValueError,
     "balloon: got Decimal('100'); accepted: 0 unless method is balloon"),
    ({"method": "balloon", "balloon": -1}, InvalidValueError,
     "balloon: got -1; accepted: an amount >= 0"),
    ({"method": "balloon", "balloon": "x"}, InvalidValueError, "balloon: got 'x'; accepted: a"),
    ({"grace_principal_periods": 12}, InvalidValueError,
     "grace_principal_periods: got 12; accepted: 0 to 11: grace must leave at least one "
     "amortising period of the 12"),
    ({"grace_interest_periods": 13}, InvalidValueError,
     "grace_interest_periods: got 13; accepted: 0 to 11"),
    ({"term": 1, "grace_principal_periods": 1}, InvalidValueError,
     "grace_principal_periods: got 1; accepted: 0 to 0"),
    ({"grace_principal_periods": -1}, InvalidValueError,
     "grace_principal_periods: got -1; accepted: a whole number >= 0"),
    ({"grace_interest_periods": 1.0}, InvalidTypeError,
     "grace_interest_periods: got 1.0; accepted: a whole number >= 0"),
    ({"grace_interest_periods": True}, InvalidTypeError,
     "grace_interest_periods: got True; accepted: a whole number >= 0"),
    ({"method": "bullet", "grace_principal_periods": 1}, InvalidValueError,
     "grace_principal_periods: got 1; accepted: 0 for method bullet"),
    ({"method": "bullet", "grace_interest_periods": 2}, InvalidValueError,
     "grace_interest_periods: got 2; accepted: 0 for method bullet"),
    ({"rounding": "half-up"}, InvalidTypeError,
     "rounding: got 'half-up'; accepted: a loancalc.Rounding or None"),
    ({"rounding": 2}, InvalidTypeError, "rounding: got 2; accepted: a loancalc.Rounding"),
    ({"fees": {"upfront": 10}}, InvalidTypeError,
     "fees: got {'upfront': 10}; accepted: a loancalc.Fees or None"),
    ({"fees": 0}, InvalidTypeError, "fees: got 0; accepted: a loancalc.Fees or None"),
    ({"business_days": "following"}, InvalidTypeError,
     "business_days: got 'following'; accepted: a loancalc.BusinessDays or None"),
    ({"business_days": {date(2024, 10, 1)}}, InvalidTypeError, "business_days: got {datetime"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "error", "message"), INVALID)
def test_invalid_terms_name_field_value_and_range(
    changes: dict[str, Any], error: type[InvalidValueError], message: str
) -> None:
    with pytest.raises(error, match="^" + re.escape(message)) as info:
        make(**changes)
    assert isinstance(info.value, LoanCalcError)
    assert isinstance(info.value, ValueError)
    assert "; accepted: " in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"upfront": -1}, "fees.upfront: got -1; accepted: an amount >= 0 and <= 1E+15"),
        ({"upfront": "1e16"}, "fees.upfront: got '1e16'; accepted: an amount >= 0"),
        ({"per_period": "-0.01"}, "fees.per_period: got '-0.01'; accepted: an amount >= 0"),
        ({"per_period": None}, "fees.per_period: got None; accepted: an amount >= 0"),
        ({"upfront": "5%"}, "fees.upfront: got '5%'; accepted: an amount >= 0 and <= 1E+15, "
                            "with no % sign"),
        ({"per_period": "0.6%/month"}, "fees.per_period: got '0.6%/month'; accepted: an amount"),
        ({"upfront_rate": "101%"}, "fees.upfront_rate: got '101%'; accepted: a fraction of the "
                                   "principal from 0 to 1 (0 % to 100 %)"),
        ({"upfront_rate": -0.01}, "fees.upfront_rate: got -0.01; accepted: a fraction"),
        ({"per_period_rate": 1.01}, "fees.per_period_rate: got 1.01; accepted: a fraction"),
        ({"per_period_rate": "-0.1%"}, "fees.per_period_rate: got '-0.1%'; accepted: a fraction"),
        ({"per_period_rate": True}, "fees.per_period_rate: got True; accepted: a fraction"),
    ],
)  # fmt: skip
def test_invalid_fees(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidValueError, match="^" + re.escape(message)):
        Fees(**kwargs)


def test_fees_accept_their_bounds_and_text() -> None:
    fees = Fees(upfront="1,000", upfront_rate="100%", per_period=0.5, per_period_rate="0.6%")
    assert fees.upfront == Decimal(1000)
    assert fees.upfront_rate == Decimal(1)
    assert fees.per_period == Decimal("0.5")
    assert fees.per_period_rate == Decimal("0.006")  # 0.6 / 100
    assert fees.any
    assert not Fees().any
    assert Fees(upfront=MAX_PRINCIPAL).upfront == Decimal("1E+15")


def test_replace_validates_again() -> None:
    terms = make()
    assert terms.replace(term=24).term == 24
    with pytest.raises(InvalidValueError, match=r"^term: got 0"):
        terms.replace(term=0)
    with pytest.raises(InvalidValueError, match=r"^first_due: got "):
        terms.replace(first_due=date(2024, 1, 1))


def test_terms_are_frozen() -> None:
    terms = make()
    with pytest.raises(AttributeError):
        terms.term = 24  # type: ignore[misc]


# ----------------------------------------------------------------------------- happy paths


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        (1000, "1000"),
        ("1,000.50", "1000.50"),
        (" 1_000_000 ", "1000000"),
        (0.1, "0.1"),  # shortest repr, not the binary expansion
        (Decimal("0.01"), "0.01"),  # the smallest amount is fine
        ("1e15", "1E+15"),  # the largest
        (10**15, "1000000000000000"),
    ],
)
def test_principal_conversions(principal: object, expected: str) -> None:
    terms = make(principal=principal)
    assert terms.principal == Decimal(expected)
    assert terms.principal.as_tuple() == Decimal(expected).as_tuple()


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("4.9%", "0.049"),
        (0.049, "0.049"),
        (Decimal("0.049"), "0.049"),
        ("0.049", "0.049"),
        ("1%/month", "0.12"),  # 0.01 x 12
        ("0.05%/day", "0.18"),  # 0.0005 x 360
        ("1.5%/月", "0.18"),  # 0.015 x 12
        (0, "0"),
        ("1000%", "10"),
    ],
)
def test_rate_conversions(rate: object, expected: str) -> None:
    assert make(annual_rate=rate).annual_rate == Decimal(expected)


@pytest.mark.parametrize("term", [1, 12, MAX_TERM])
def test_term_bounds(term: int) -> None:
    assert make(term=term).term == term


def test_defaults() -> None:
    terms = make()
    assert terms.first_due is None
    assert terms.frequency == Frequency.MONTHLY
    assert terms.method is Method.EQUAL_INSTALLMENT
    assert terms.accrual is Accrual.PERIODIC
    assert terms.day_count is DayCount.ACT_360
    assert terms.rounding == Rounding()
    assert terms.fees == Fees()
    assert terms.grace_principal_periods == 0
    assert terms.grace_interest_periods == 0
    assert terms.grace_interest_mode is GraceInterest.CAPITALIZE
    assert terms.balloon == 0
    assert terms.business_days is None


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"principal": "1000.5", "rounding": Rounding(increment="0.5")}, "principal", "1000.5"),
        ({"principal": "1000", "rounding": Rounding(places=0)}, "principal", "1000"),
        ({"principal": "1000.00", "rounding": Rounding(places=0)}, "principal", "1000.00"),
        ({"principal": "0.0001", "rounding": Rounding(places=4)}, "principal", "0.0001"),
        ({"principal": "1E+3", "rounding": Rounding(places=-3)}, "principal", "1E+3"),
        ({"principal": "15", "rounding": Rounding(increment="5")}, "principal", "15"),
        ({"principal": "0.01"}, "principal", "0.01"),  # one cent: the smallest on the grid
        ({"method": "balloon", "balloon": "100.50"}, "balloon", "100.50"),
        ({"fees": Fees(upfront="12.34", per_period="0.01")}, "fees", "0"),
    ],
)
def test_amounts_on_the_rounding_grid_are_accepted_as_given(
    changes: dict[str, Any], field: str, expected: str
) -> None:
    terms = make(**changes)
    if field != "fees":
        assert getattr(terms, field).as_tuple() == Decimal(expected).as_tuple()


@given(
    st.sampled_from(["0.01", "0.05", "0.1", "0.25", "0.5", "1", "5", "10", "0.0001"]),
    st.integers(1, 10**14),
    st.integers(0, 99),
)
def test_a_principal_is_accepted_exactly_when_it_is_a_multiple_of_the_grid(
    increment: str, steps: int, offset: int
) -> None:
    grid = Decimal(increment)
    # steps x grid is on the grid; adding offset hundredths of a grid step is off it
    # unless the offset is 0.
    principal = steps * grid + offset * grid / 100
    rounding = Rounding(increment=increment)
    if principal > MAX_PRINCIPAL:
        return
    if offset == 0:
        assert make(principal=principal, rounding=rounding).principal == principal
    else:
        with pytest.raises(InvalidValueError, match=rf"^principal: .*a multiple of {increment}"):
            make(principal=principal, rounding=rounding)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"annual_rate": -0.0}, "annual_rate"),
        ({"annual_rate": "-0%"}, "annual_rate"),
        ({"annual_rate": "-0.0%/day"}, "annual_rate"),
        ({"balloon": "-0"}, "balloon"),
        ({"balloon": Decimal("-0.00")}, "balloon"),
        ({"fees": Fees(upfront=-0.0)}, "fees.upfront"),
        ({"fees": Fees(per_period="-0.00")}, "fees.per_period"),
        ({"fees": Fees(upfront_rate="-0%")}, "fees.upfront_rate"),
        ({"fees": Fees(per_period_rate=Decimal("-0"))}, "fees.per_period_rate"),
    ],
)
def test_a_negative_zero_is_read_as_zero(changes: dict[str, Any], field: str) -> None:
    # So that "at -0% a year" or "-0.00" can never be printed from the terms.
    terms = make(**changes)
    value = terms.fees if field.startswith("fees.") else terms
    number = getattr(value, field.rsplit(".", 1)[-1])
    assert number == 0
    assert not number.is_signed()
    assert "-" not in str(number)
    data = terms.to_dict()
    shown = [data["annual_rate"], data["balloon"], *data["fees"].values()]
    assert not any(text.startswith("-") for text in shown)


def test_balloon_within_principal() -> None:
    terms = make(method="balloon", balloon="1,000")  # the whole principal is allowed
    assert terms.balloon == Decimal(1000)
    assert make(method="balloon", balloon="250.5").balloon == Decimal("250.5")
    assert make(balloon=0).balloon == 0  # zero is fine for any method


def test_grace_leaving_one_amortising_period() -> None:
    terms = make(grace_principal_periods=11, grace_interest_periods=11)
    assert (terms.grace_principal_periods, terms.grace_interest_periods) == (11, 11)
    assert make(method="bullet").term == 12


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, date(2024, 2, 29)),  # 31 Jan + 1 month, clamped to the leap day
        ({"start": date(2025, 1, 31)}, date(2025, 2, 28)),
        ({"start": date(2023, 11, 30), "frequency": "quarterly"}, date(2024, 2, 29)),
        ({"frequency": "weekly"}, date(2024, 2, 7)),  # 31 Jan + 7 days
        ({"frequency": "every 30 days"}, date(2024, 3, 1)),  # 31 Jan + 30 days (29-day Feb)
        ({"frequency": "semi-monthly"}, date(2024, 2, 15)),  # a month end pairs with the 15th
        ({"frequency": "annual", "start": date(2024, 2, 29)}, date(2025, 2, 28)),
        ({"first_due": date(2024, 3, 10)}, date(2024, 3, 10)),  # given: used as is
    ],
)
def test_first_due_date(changes: dict[str, Any], expected: date) -> None:
    assert make(**changes).first_due_date == expected


@pytest.mark.parametrize(
    ("changes", "irregular"),
    [
        ({}, False),
        ({"first_due": date(2024, 2, 29)}, False),  # exactly one month on
        ({"first_due": date(2024, 3, 1)}, True),  # one day long
        ({"first_due": date(2024, 2, 20)}, True),  # short
        ({"first_due": date(2024, 2, 1)}, True),
        ({"frequency": "weekly", "first_due": date(2024, 2, 7)}, False),
        ({"frequency": "weekly", "first_due": date(2024, 2, 8)}, True),
        ({"start": date(2024, 1, 10), "first_due": date(2024, 2, 20)}, True),
    ],
)
def test_has_irregular_first_period(changes: dict[str, Any], irregular: bool) -> None:
    assert make(**changes).has_irregular_first_period is irregular


# --------------------------------------------------------------------- to_dict / from_dict


def test_to_dict_is_plain_json_data() -> None:
    terms = make(
        principal="1000.50",
        annual_rate="4.9%",
        first_due=date(2024, 3, 10),
        frequency="quarterly",
        method="balloon",
        balloon="100",
        rounding=Rounding(increment="0.05", mode="half-even"),
        fees=Fees(upfront_rate="1%"),
        business_days=BusinessDays(convention="preceding", holidays={date(2024, 10, 1)}),
    )
    assert terms.to_dict() == {
        "principal": "1000.50",
        "annual_rate": "0.049",
        "term": 12,
        "start": "2024-01-31",
        "first_due": "2024-03-10",
        "frequency": {"unit": "month", "count": 3},
        "method": "balloon",
        "accrual": "periodic",
        "day_count": "ACT/360",
        "rounding": {"places": 2, "increment": "0.05", "mode": "half_even"},
        "fees": {
            "upfront": "0",
            "upfront_rate": "0.01",
            "per_period": "0",
            "per_period_rate": "0",
        },
        "grace_principal_periods": 0,
        "grace_interest_periods": 0,
        "grace_interest_mode": "capitalize",
        "balloon": "100",
        "business_days": {"convention": "preceding", "holidays": ["2024-10-01"], "weekend": [5, 6]},
    }
    assert LoanTerms.from_dict(json.loads(json.dumps(terms.to_dict()))) == terms


FREQS = [Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.SEMI_MONTHLY, Frequency.WEEKLY,
         Frequency.every_days(10), Frequency.ANNUAL]  # fmt: skip


@st.composite
def loan_terms(draw: st.DrawFn) -> LoanTerms:
    method = draw(st.sampled_from(list(Method)))
    term = draw(st.integers(1, MAX_TERM))
    rounding = draw(
        st.sampled_from(
            [None, Rounding(places=0), Rounding(increment="0.05", mode="floor"), Rounding(places=4)]
        )
    )
    grid = Rounding().quantum if rounding is None else rounding.quantum

    def on_grid(low: Decimal | int, high: Decimal | int) -> Decimal:
        # Every amount a multiple of the rounding grid: LoanTerms refuses others.
        units = draw(st.integers(int(low / grid), int(high / grid)))
        return units * grid

    principal = on_grid(max(grid, Decimal("0.01")), Decimal("1e12"))
    start = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
    first_due = draw(st.none() | st.integers(1, 400).map(lambda k: start + timedelta(days=k)))
    grace = 0 if method is Method.BULLET else term - 1
    balloon = on_grid(0, principal) if method is Method.BALLOON else Decimal(0)
    holidays = draw(st.sets(st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31))))
    business_days = draw(
        st.none()
        | st.builds(
            BusinessDays,
            convention=st.sampled_from(["following", "preceding", "modified-following"]),
            holidays=st.just(holidays),
            weekend=st.sampled_from([(5, 6), (), (4, 5)]),
        )
    )
    return LoanTerms(
        principal=principal,
        annual_rate=draw(st.decimals(min_value=0, max_value=10, places=6)),
        term=term,
        start=start,
        first_due=first_due,
        frequency=draw(st.sampled_from(FREQS)),
        method=method,
        accrual=draw(st.sampled_from(list(Accrual))),
        day_count=draw(st.sampled_from(list(DayCount))),
        rounding=rounding,
        fees=Fees(
            upfront=on_grid(0, 1000),
            per_period_rate=draw(st.decimals(min_value=0, max_value=1, places=4)),
        ),
        grace_principal_periods=draw(st.integers(0, grace)),
        grace_interest_periods=draw(st.integers(0, grace)),
        grace_interest_mode=draw(st.sampled_from(list(GraceInterest))),
        balloon=balloon,
        business_days=business_days,
    )


@given(loan_terms())
def test_to_dict_from_dict_round_trip(terms: LoanTerms) -> None:
    data = terms.to_dict()
    text = json.dumps(data)  # JSON-ready: no Decimal, date or enum inside
    rebuilt = LoanTerms.from_dict(json.loads(text))
    assert rebuilt == terms
    # Stable after one trip (the first may drop trailing zeros of a Decimal rate: '0.000000'
    # is read back as the text '0.000000' and comes out as '0').
    assert LoanTerms.from_dict(rebuilt.to_dict()).to_dict() == rebuilt.to_dict()
    assert rebuilt.principal == terms.principal
    assert rebuilt.rounding.mode is terms.rounding.mode
    assert rebuilt.business_days == terms.business_days


GOOD = make().to_dict()


@pytest.mark.parametrize(
    "data",
    [
        None,
        "principal=1000",
        42,
        [],
        {},
        {"principal": "1000"},  # most fields missing
        {**GOOD, "start": "2024-13-01"},
        {**GOOD, "start": 20240131},
        {**GOOD, "start": None},
        {**GOOD, "first_due": "next month"},
        {**GOOD, "colour": "red"},
        {**GOOD, "frequency": {"unit": "month", "every": 1}},
        {**GOOD, "rounding": {"places": 2, "digits": 3}},
        {**GOOD, "fees": {"upfront": "1", "tip": "2"}},
        {**GOOD, "business_days": {"convention": "following", "holidays": ["2024-02-30"]}},
        {**GOOD, "business_days": {"convention": "following", "holidays": "2024-10-01"}},
    ],
)
def test_from_dict_rejects_garbage(data: Any) -> None:
    with pytest.raises(InvalidValueError, match=r"^terms: got .*; accepted: a mapping as"):
        LoanTerms.from_dict(data)


@pytest.mark.parametrize("data", [None, "principal=1000", 42, [], [("term", 3)]])
def test_from_dict_refuses_what_is_not_a_mapping_with_a_type_error(data: Any) -> None:
    with pytest.raises(InvalidTypeError, match=r"^terms: got .*; accepted: a mapping as"):
        LoanTerms.from_dict(data)


def test_replace_refuses_an_unknown_field_naming_it() -> None:
    with pytest.raises(UnknownNameError, match=r"^replace: got 'colour'; accepted: one of princ"):
        make().replace(colour="red")


@pytest.mark.parametrize(
    ("changes", "pattern"),
    [
        ({"principal": "-5"}, r"^principal: got '-5'"),
        ({"term": "12"}, r"^term: got '12'"),
        ({"method": "mystery"}, r"^method: got 'mystery'"),
        ({"frequency": {"unit": "fortnight", "count": 1}}, r"^frequency\.unit: got 'fortnight'"),
        ({"rounding": {"places": 2, "increment": None, "mode": "up-ish"}}, r"^rounding\.mode"),
        ({"fees": {"upfront_rate": "2"}}, r"^fees\.upfront_rate: got '2'"),
        ({"first_due": "2024-01-01"}, r"^first_due: got datetime\.date\(2024, 1, 1\)"),
    ],
)
def test_from_dict_names_the_bad_field(changes: dict[str, Any], pattern: str) -> None:
    with pytest.raises(InvalidValueError, match=pattern):
        LoanTerms.from_dict({**GOOD, **changes})


def test_from_dict_accepts_plain_values_in_place_of_mappings() -> None:
    data = {**GOOD, "frequency": "quarterly", "rounding": None, "fees": None}
    terms = LoanTerms.from_dict(data)
    assert terms.frequency == Frequency.QUARTERLY
    assert terms.rounding == Rounding()
    assert terms.rounding.mode is RoundingMode.HALF_UP
    assert terms.fees == Fees()
