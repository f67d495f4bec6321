"""Tests of loancalc._validation, the field converters every public constructor calls.

Written to kill the mutants that survived the module's indirect tests: each error must
name the field, the value given and what is accepted, and the number rule must hold at
its edges. Expected values are written by hand.
"""

from __future__ import annotations

import decimal
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loancalc._validation import check_date, check_type, on_grid, read_number
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import to_decimal


def test_an_int_too_long_for_decimal_names_the_field_the_value_and_the_size() -> None:
    # Python refuses to convert ints of more than 4300 digits to text (and so to Decimal).
    huge = 10**5000
    with pytest.raises(InvalidValueError) as caught:
        to_decimal(huge, "principal")
    assert caught.value.field == "principal"
    assert caught.value.value == huge
    assert "1E+1000" in caught.value.accepted
    assert "finite number" in caught.value.accepted


@pytest.mark.parametrize("value", [Decimal("Infinity"), Decimal("-Infinity")])
def test_an_infinite_decimal_names_its_value(value: Decimal) -> None:
    with pytest.raises(InvalidValueError) as caught:
        to_decimal(value, "principal")
    assert caught.value.field == "principal"
    assert caught.value.value == value


@pytest.mark.parametrize("text", ["1,5", "1,0000", "12,34.5"])
def test_a_comma_that_is_not_a_thousands_separator_names_the_text(text: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        to_decimal(text, "principal")
    assert caught.value.field == "principal"
    assert caught.value.value == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1__000", "1000"), ("_1_000_", "1000"), ("1_0,000", "10000"), ("__5%", "0.05")],
)
def test_every_underscore_is_dropped(text: str, expected: str) -> None:
    # The rule is "spaces and _ allowed": all of them go, wherever they stand.
    assert to_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0E+5", "0"),  # a zero with a positive exponent reads as plain 0
        ("0E+1", "0"),
        (Decimal("0E+3"), "0"),
        ("-0E+2", "0"),
        ("0.00", "0.00"),  # a zero on a grid keeps its places
        ("-0.000", "0.000"),
    ],
)
def test_a_zero_is_read_without_sign_and_without_a_positive_exponent(
    value: object, expected: str
) -> None:
    assert str(to_decimal(value)) == expected


def test_check_type_accepts_bool_when_bool_is_listed() -> None:
    # bool never counts as int, but a field that lists bool itself accepts it.
    check_type(True, (int, bool), "flag", "an int or a bool")
    check_type(True, bool, "flag", "a bool")
    with pytest.raises(InvalidTypeError):
        check_type(True, (int, Decimal), "term", "a whole number")


def test_check_date_says_none_is_accepted_only_when_it_is() -> None:
    with pytest.raises(InvalidTypeError) as required:
        check_date("2024-01-31", "start")
    assert required.value.accepted == "a datetime.date"
    with pytest.raises(InvalidTypeError) as optional:
        check_date(datetime(2024, 1, 31), "end", optional=True)
    assert optional.value.accepted == "a datetime.date or None"
    assert check_date(None, "end", optional=True) is None
    assert check_date(date(2024, 1, 31), "start") == date(2024, 1, 31)


def test_on_grid_ignores_the_global_context() -> None:
    # Under a 3-digit context, 1000.00 and 1000.01 could not even be written; the message
    # must still name both neighbours on the grid.
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.traps[decimal.Inexact] = True
        with pytest.raises(InvalidValueError) as caught:
            on_grid(Decimal("1000.005"), Decimal("0.01"), "principal")
    assert caught.value.field == "principal"
    assert caught.value.value == Decimal("1000.005")
    assert "such as 1000.00 or 1000.01" in caught.value.accepted


def test_read_number_shows_the_text_the_caller_gave() -> None:
    with pytest.raises(InvalidValueError) as caught:
        read_number("abc", "annual_rate", shown="abc/month")
    assert caught.value.value == "abc/month"


@given(
    st.integers(-(10**9), 10**9).flatmap(
        lambda n: st.integers(-6, 3).map(lambda e: Decimal(n).scaleb(e))
    ),
    st.sampled_from(["1", "0.1", "0.01", "0.001", "0.05", "0.25", "5", "100"]),
)
def test_on_grid_refuses_exactly_the_amounts_off_the_grid(number: Decimal, step: str) -> None:
    quantum = Decimal(step)
    on = (Fraction(number) / Fraction(quantum)).denominator == 1
    if on:
        on_grid(number, quantum, "amount")
    else:
        with pytest.raises(InvalidValueError):
            on_grid(number, quantum, "amount")
