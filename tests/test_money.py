"""Tests of loancalc.money: reading numbers exactly and rounding them by policy.

Expected values are written by hand (arithmetic in comments) or are stated invariants;
none is computed with the code under test.
"""

from __future__ import annotations

import decimal
import math
import pickle
from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError, UnknownNameError
from loancalc.money import CONTEXT, Rounding, RoundingMode, to_decimal

# --------------------------------------------------------------------------- to_decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1.10"), "1.10"),  # a Decimal passes through untouched (exponent kept)
        (Decimal("-0.005"), "-0.005"),
        (3, "3"),
        (-7, "-7"),
        (10**20, "100000000000000000000"),
        (0.1, "0.1"),  # shortest repr, not 0.1000000000000000055511151231257827...
        (2.675, "2.675"),  # binary 2.67499999999999982236431605997495353221893310546875
        (1 / 3, "0.3333333333333333"),  # repr of the float nearest 1/3: 16 threes
        (1e-7, "1E-7"),
        (1e22, "1E+22"),
        (-0.0, "0.0"),  # a negative zero reads as zero (same exponent, no sign)
        (Decimal("-0.00"), "0.00"),
        ("-0", "0"),
        ("-0%", "0"),
        (np.float64(0.1), "0.1"),  # a float subclass whose repr is 'np.float64(0.1)'
        ("1,000,000.50", "1000000.50"),
        (" 1_000 ", "1000"),
        ("1 000 000", "1000000"),
        ("4.9%", "0.049"),  # 4.9 / 100
        (" 12.5 % ", "0.125"),  # 12.5 / 100
        ("1,234.5%", "12.345"),  # 1234.5 / 100
        ("0%", "0"),
        ("-3.25", "-3.25"),
        ("+2", "2"),
        ("1e3", "1000"),
        ("123", "123"),
    ],
)
def test_to_decimal_accepts(value: object, expected: str) -> None:
    result = to_decimal(value)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)
    if isinstance(value, Decimal | float):
        # The exact digits, not just the value: 0.1 must not gain binary noise.
        assert result.as_tuple() == Decimal(expected).as_tuple()


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        None,
        [1],
        (1,),
        {"a": 1},
        b"1",
        1j,
        float("nan"),
        float("inf"),
        float("-inf"),
        np.float64("nan"),
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
        "nan",
        "NaN",
        "inf",
        "-Infinity",
        "sNaN",
        "nan%",
        "",
        "   ",
        "abc",
        "1.2.3",
        "%",
        "5%%",
        "%5",
        "1,5",  # a decimal comma must not read as fifteen
        "4,9%",  # ... nor as 49 %
        "12,34,567",  # Indian grouping is not thousands grouping
        "1,0000",
        "1 000,50",  # French grouping with a decimal comma
        ",100",
        "1-2",
        "0x10",
        "1e999999999",  # beyond 1E+1000
        "1e-999999999",
        "1e999999999%",
        Decimal("1E+1001"),
        Decimal("1E-1001"),
        10**1001,
        "١٠٠٠",  # Arabic-Indic digits: Decimal() would silently read 1000
        "４.９%",  # fullwidth digits
        "1\u00a0000",  # a no-break space is not ASCII
        "9" * 10_000 + "e999999999",
    ],
)
def test_to_decimal_rejects(value: object) -> None:
    with pytest.raises(InvalidValueError, match=r"^principal: got .*; accepted: a finite number"):
        to_decimal(value, "principal")


def test_to_decimal_error_is_a_loancalc_error_and_a_value_error() -> None:
    with pytest.raises(InvalidValueError) as info:
        to_decimal("abc", "fees.upfront")
    assert isinstance(info.value, LoanCalcError)
    assert isinstance(info.value, ValueError)
    assert info.value.field == "fees.upfront"
    assert info.value.value == "abc"
    assert str(info.value).startswith("fees.upfront: got 'abc'; accepted: ")


@pytest.mark.parametrize("value", [True, None, [1], {"a": 1}, b"1", 1j, object()])
def test_to_decimal_wrong_types_raise_a_type_error_that_is_a_loancalc_error(
    value: object,
) -> None:
    with pytest.raises(InvalidTypeError, match=r"^principal: got .*; accepted: a finite") as info:
        to_decimal(value, "principal")
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, LoanCalcError)


@pytest.mark.parametrize("value", ["abc", float("nan"), "1e999999999", "١٠٠٠", Decimal("sNaN")])
def test_to_decimal_wrong_values_are_not_type_errors(value: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        to_decimal(value, "principal")
    assert not isinstance(info.value, TypeError)


def test_invalid_type_error_pickles_with_its_fields() -> None:
    error = InvalidTypeError("term", "12", "a whole number from 1 to 1200")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is InvalidTypeError
    assert (again.field, again.value, again.accepted) == ("term", "12", error.accepted)
    assert str(again) == "term: got '12'; accepted: a whole number from 1 to 1200"


def test_error_messages_cut_a_huge_value_short() -> None:
    with pytest.raises(InvalidValueError) as info:
        to_decimal("9" * 100_000 + "x", "principal")
    assert info.value.value == "9" * 100_000 + "x"  # the value itself is kept whole
    assert len(str(info.value)) < 400
    assert "(100003 chars)" in str(info.value)


@pytest.mark.parametrize("text", ["١٠٠٠", "４.９%", "1000\u0660", "²", "\u0661e3"])
def test_non_ascii_digits_are_refused_with_a_message_saying_so(text: str) -> None:
    # Decimal() itself would read '١٠٠٠' as 1000: one rule for every numeric field.
    with pytest.raises(InvalidValueError, match=r"ASCII digits 0-9"):
        to_decimal(text, "principal")


@given(st.decimals(allow_nan=False, allow_infinity=False, max_value=0, min_value=-1e6))
def test_to_decimal_never_returns_a_negative_zero(number: Decimal) -> None:
    for value in (number, str(number), f"{number}%"):
        result = to_decimal(value)
        assert not (result.is_zero() and result.is_signed())
        shift = -2 if isinstance(value, str) and value.endswith("%") else 0
        assert result == number.scaleb(shift, decimal.Context(prec=100))


@given(st.characters(categories=["Nd"]).filter(lambda c: not c.isascii()), st.integers(0, 3))
def test_a_digit_of_any_other_script_anywhere_is_refused(digit: str, where: int) -> None:
    # Decimal() reads every Unicode decimal digit; loancalc reads ASCII digits only.
    text = "1234"[:where] + digit + "1234"[where:]
    with pytest.raises(InvalidValueError, match=r"ASCII digits 0-9"):
        to_decimal(text, "principal")


@given(st.decimals(min_value=0, max_value=10**6, allow_nan=False, places=2))
def test_amount_fields_refuse_a_percent_sign_that_rate_fields_accept(amount: Decimal) -> None:
    with pytest.raises(InvalidValueError, match=r"no % sign"):
        Rounding(increment=f"{amount}%")
    assert to_decimal(f"{amount}%") == amount.scaleb(-2, decimal.Context(prec=100))


def test_to_decimal_percent_is_exact_whatever_the_digits() -> None:
    # 40 nines then % : dividing in a 40-digit context would round; shifting is exact.
    assert to_decimal("9" * 45 + "%") == Decimal("9" * 43 + ".99")


def test_to_decimal_default_field_name() -> None:
    with pytest.raises(InvalidValueError, match=r"^value: got None"):
        to_decimal(None)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_to_decimal_float_is_its_shortest_round_trip_repr(x: float) -> None:
    result = to_decimal(x)
    assert float(result) == x  # reads back as the very same float
    assert len(result.as_tuple().digits) <= 17  # never the long exact binary expansion


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=6))
def test_to_decimal_reads_thousands_separated_text(amount: Decimal) -> None:
    grouped = format(amount, ",")  # Python's own formatter: '-1,234,567.891000'
    assert to_decimal(grouped) == amount
    assert to_decimal(grouped.replace(",", "_")) == amount
    assert to_decimal(f"  {grouped} ") == amount


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=6))
def test_to_decimal_percent_divides_by_one_hundred_exactly(amount: Decimal) -> None:
    # scaleb(-2) moves the decimal point two places: exact, no context involved.
    assert to_decimal(f"{amount}%") == amount.scaleb(-2)


# ----------------------------------------------------------------------------- Rounding

MODES = ["half-up", "half-even", "half-down", "down", "up", "ceiling", "floor"]


def _table(amount: str, *expected: str) -> list[tuple[str, str, str]]:
    return [(amount, mode, result) for mode, result in zip(MODES, expected, strict=True)]


# Decimal semantics: HALF_UP rounds ties away from zero, HALF_DOWN towards zero, HALF_EVEN
# to the even neighbour; DOWN is towards zero, UP away from zero, CEILING towards +inf,
# FLOOR towards -inf.
#                       half-up  half-even half-down  down     up    ceiling   floor
PLACES_2 = [
    *_table("2.345", "2.35", "2.34", "2.34", "2.34", "2.35", "2.35", "2.34"),  # tie, 4 even
    *_table("-2.345", "-2.35", "-2.34", "-2.34", "-2.34", "-2.35", "-2.34", "-2.35"),
    *_table("2.355", "2.36", "2.36", "2.35", "2.35", "2.36", "2.36", "2.35"),  # tie, 6 even
    *_table("-2.355", "-2.36", "-2.36", "-2.35", "-2.35", "-2.36", "-2.35", "-2.36"),
    *_table("2.346", "2.35", "2.35", "2.35", "2.34", "2.35", "2.35", "2.34"),  # no tie
    *_table("-2.344", "-2.34", "-2.34", "-2.34", "-2.34", "-2.35", "-2.34", "-2.35"),
    *_table("2.34", "2.34", "2.34", "2.34", "2.34", "2.34", "2.34", "2.34"),  # exact
    *_table("0.005", "0.01", "0.00", "0.00", "0.00", "0.01", "0.01", "0.00"),
    *_table("-0.001", "0.00", "0.00", "0.00", "0.00", "-0.01", "0.00", "-0.01"),
]


@pytest.mark.parametrize(("amount", "mode", "expected"), PLACES_2)
def test_rounding_to_places(amount: str, mode: str, expected: str) -> None:
    result = Rounding(places=2, mode=mode).apply(Decimal(amount))
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -2  # always two decimals: '2.30', never '2.3'


# (amount, increment, mode, expected). Ties: 1.025 / 0.05 = 20.5 steps, 10.125 / 0.25 =
# 40.5 steps, 10.375 / 0.25 = 41.5 steps, 2.5 / 1 = 2.5 steps, 25 / 10 = 2.5 steps.
INCREMENTS = [
    *[("1.025", "0.05", m, r) for m, r in zip(MODES, ["1.05", "1.00", "1.00", "1.00",
                                                      "1.05", "1.05", "1.00"], strict=True)],
    *[("-1.025", "0.05", m, r) for m, r in zip(MODES, ["-1.05", "-1.00", "-1.00", "-1.00",
                                                       "-1.05", "-1.00", "-1.05"], strict=True)],
    ("1.075", "0.05", "half-even", "1.10"),  # 21.5 steps -> 22 (even) -> 1.10
    ("1.024", "0.05", "half-up", "1.00"),  # 20.48 steps -> 20
    ("1.026", "0.05", "half-down", "1.05"),  # 20.52 steps -> 21
    *[("10.125", "0.25", m, r) for m, r in zip(MODES, ["10.25", "10.00", "10.00", "10.00",
                                                       "10.25", "10.25", "10.00"], strict=True)],
    ("10.375", "0.25", "half-even", "10.50"),  # 41.5 -> 42 steps = 10.50
    ("10.01", "0.25", "up", "10.25"),  # 40.04 -> 41 steps
    ("-10.01", "0.25", "ceiling", "-10.00"),  # -40.04 -> -40 steps
    ("-10.01", "0.25", "floor", "-10.25"),  # -40.04 -> -41 steps
    *[("2.5", "1", m, r) for m, r in zip(MODES, ["3", "2", "2", "2", "3", "3", "2"],
                                         strict=True)],
    *[("-2.5", "1", m, r) for m, r in zip(MODES, ["-3", "-2", "-2", "-2", "-3", "-2", "-3"],
                                          strict=True)],
    ("3.5", "1", "half-even", "4"),
    ("5307.99", "1", "down", "5307"),
    *[("25", "10", m, r) for m, r in zip(MODES, ["30", "20", "20", "20", "30", "30", "20"],
                                         strict=True)],
    *[("-25", "10", m, r) for m, r in zip(MODES, ["-30", "-20", "-20", "-20", "-30", "-20",
                                                  "-30"], strict=True)],
    ("35", "10", "half-even", "40"),  # 3.5 steps -> 4
    ("1234.56", "10", "half-up", "1230"),  # 123.456 steps -> 123
    ("1234.56", "10", "ceiling", "1240"),
]  # fmt: skip


@pytest.mark.parametrize(("amount", "increment", "mode", "expected"), INCREMENTS)
def test_rounding_to_increment(amount: str, increment: str, mode: str, expected: str) -> None:
    result = Rounding(increment=increment, mode=mode).apply(Decimal(amount))
    assert result == Decimal(expected)
    # The result carries the increment's decimals: 1.00 with 0.05, 1230 with 10.
    assert result.as_tuple().exponent == Decimal(expected).as_tuple().exponent


@pytest.mark.parametrize(("amount", "increment", "mode", "expected"), INCREMENTS[:20])
def test_rounding_in_context_matches_the_same_table(
    amount: str, increment: str, mode: str, expected: str
) -> None:
    to_money = Rounding(increment=increment, mode=mode).in_context()
    with decimal.localcontext(CONTEXT):
        assert to_money(Decimal(amount)) == Decimal(expected)


@pytest.mark.parametrize(("amount", "mode", "expected"), PLACES_2[:28])
def test_rounding_places_in_context_matches_the_same_table(
    amount: str, mode: str, expected: str
) -> None:
    to_money = Rounding(places=2, mode=mode).in_context()
    with decimal.localcontext(CONTEXT):
        assert to_money(Decimal(amount)) == Decimal(expected)


@pytest.mark.parametrize(
    ("places", "amount", "expected"),
    [
        (0, "2.5", "3"),  # half-up away from zero
        (0, "-2.5", "-3"),
        (1, "0.05", "0.1"),
        (4, "1.00005", "1.0001"),
        (-2, "250", "300"),  # hundreds: 2.5 hundreds -> 3 hundreds
        (-2, "249.99", "200"),
        (-3, "1500", "2000"),
    ],
)
def test_rounding_places_other_than_two(places: int, amount: str, expected: str) -> None:
    rounding = Rounding(places=places)
    assert rounding.apply(Decimal(amount)) == Decimal(expected)
    assert rounding.quantum == Decimal(1).scaleb(-places)


def test_rounding_defaults_and_quantum() -> None:
    default = Rounding()
    assert default.places == 2
    assert default.increment is None
    assert default.mode is RoundingMode.HALF_UP
    assert default.quantum == Decimal("0.01")
    assert Rounding(increment="0.05", places=4).quantum == Decimal("0.05")  # increment wins
    assert default.apply(Decimal("2777.7777")) == Decimal("2777.78")


def test_rounding_increment_accepts_numbers_and_text() -> None:
    assert Rounding(increment=0.05).increment == Decimal("0.05")
    assert Rounding(increment=10).increment == Decimal(10)
    with pytest.raises(InvalidValueError, match=r"^rounding\.increment: got '5%'.*no % sign"):
        Rounding(increment="5%")  # an increment is an amount, not a share


@pytest.mark.parametrize("amount", ["1.5", 1.5, 2, None, [Decimal(1)]])
def test_rounding_apply_refuses_what_is_not_a_decimal(amount: object) -> None:
    with pytest.raises(InvalidTypeError, match=r"^amount: got .*; accepted: a finite Decimal"):
        Rounding().apply(amount)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "amount", [Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"), Decimal("1E+999999")]
)
@pytest.mark.parametrize("rounding", [Rounding(), Rounding(increment="0.05")])
def test_rounding_apply_refuses_amounts_beyond_the_context(
    amount: Decimal, rounding: Rounding
) -> None:
    # 1E+999999 has a million digits before the point: more than 40 on any grid.
    with pytest.raises(InvalidValueError, match=r"^amount: got Decimal"):
        rounding.apply(amount)


def test_rounding_toward_zero_keeps_the_grid() -> None:
    rounding = Rounding(increment="0.05", mode="up").toward_zero()
    assert rounding.mode is RoundingMode.DOWN
    assert rounding.increment == Decimal("0.05")
    assert rounding.apply(Decimal("1.099")) == Decimal("1.05")  # 21.98 steps -> 21
    assert rounding.apply(Decimal("-1.099")) == Decimal("-1.05")


@pytest.mark.parametrize("places", [13, -13])
def test_rounding_rejects_places_out_of_range(places: object) -> None:
    with pytest.raises(InvalidValueError, match=r"^rounding\.places: got .*whole number") as info:
        Rounding(places=places)  # type: ignore[arg-type]
    assert not isinstance(info.value, TypeError)


@pytest.mark.parametrize("places", [2.0, True, "2", None, Decimal(2)])
def test_rounding_rejects_places_of_another_type_with_a_type_error(places: object) -> None:
    with pytest.raises(InvalidTypeError, match=r"^rounding\.places: got .*whole number"):
        Rounding(places=places)  # type: ignore[arg-type]


@pytest.mark.parametrize("increment", [0, "0", -0.05, "-1", "abc", True, float("nan"), []])
def test_rounding_rejects_bad_increment(increment: object) -> None:
    with pytest.raises(InvalidValueError, match=r"^rounding\.increment: got "):
        Rounding(increment=increment)  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["sideways", "half", "", decimal.ROUND_05UP])
def test_rounding_rejects_bad_mode(mode: object) -> None:
    with pytest.raises(UnknownNameError, match=r"^rounding\.mode: got .*one of half-up"):
        Rounding(mode=mode)  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", [5, None, RoundingMode, decimal.ROUND_HALF_UP.encode()])
def test_rounding_rejects_a_mode_of_another_type_with_a_type_error(mode: object) -> None:
    with pytest.raises(InvalidTypeError, match=r"^rounding\.mode: got .*one of half-up"):
        Rounding(mode=mode)  # type: ignore[arg-type]


def test_unknown_name_error_is_an_invalid_value_error() -> None:
    assert issubclass(UnknownNameError, InvalidValueError)
    assert issubclass(UnknownNameError, LoanCalcError)
    assert issubclass(UnknownNameError, ValueError)


def test_rounding_is_frozen() -> None:
    rounding = Rounding()
    with pytest.raises(AttributeError):
        rounding.places = 3  # type: ignore[misc]


_NEAREST = {"half-up", "half-even", "half-down"}


@st.composite
def roundings(draw: st.DrawFn) -> Rounding:
    mode = draw(st.sampled_from(MODES))
    if draw(st.booleans()):
        return Rounding(places=draw(st.integers(-3, 6)), mode=mode)
    increment = draw(st.sampled_from(["0.01", "0.05", "0.25", "0.5", "1", "10", "100"]))
    return Rounding(increment=increment, mode=mode)


@given(roundings(), st.decimals(min_value=-(10**12), max_value=10**12, places=8))
def test_rounding_lands_on_the_grid_within_one_quantum(rounding: Rounding, amount: Decimal) -> None:
    result = rounding.apply(amount)
    quantum = rounding.quantum
    with decimal.localcontext(decimal.Context(prec=80)):
        assert result % quantum == 0  # a whole number of quanta
        error = result - amount
    assert abs(error) < quantum
    mode = rounding.mode.name.lower().replace("_", "-")
    if mode in _NEAREST:
        assert abs(error) * 2 <= quantum
    elif mode == "down":
        assert abs(result) <= abs(amount)
    elif mode == "up":
        assert abs(result) >= abs(amount)
    elif mode == "ceiling":
        assert result >= amount
    else:
        assert result <= amount
    assert rounding.apply(result) == result  # idempotent


def _with_odd_context(check: Callable[[], None]) -> None:
    """Run ``check`` under a hostile global context and verify it is left as it was."""
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_FLOOR
        ctx.Emax = 10
        ctx.Emin = -10
        ctx.traps[decimal.Inexact] = True
        ctx.traps[decimal.Rounded] = True
        ctx.clear_flags()
        check()
        assert decimal.getcontext() is ctx
        assert ctx.prec == 3
        assert ctx.rounding == decimal.ROUND_FLOOR
        assert ctx.Emax == 10
        assert ctx.traps[decimal.Inexact]
        assert not any(ctx.flags.values())  # nothing signalled in the caller's context


def test_rounding_ignores_the_global_context() -> None:
    def check() -> None:
        # 1234567.895 has 10 digits: a precision of 3 would make it 1.23E+6.
        assert Rounding().apply(Decimal("1234567.895")) == Decimal("1234567.90")
        # 123456.775 / 0.05 = 2469135.5 steps -> 2469136 -> 123456.80
        assert Rounding(increment="0.05").apply(Decimal("123456.775")) == Decimal("123456.80")
        assert Rounding(mode="half-even").apply(Decimal("-98765.4325")) == Decimal("-98765.43")
        assert Rounding(increment="0.25", mode="up").apply(Decimal("10.01")) == Decimal("10.25")
        to_money = Rounding().in_context()
        with decimal.localcontext(CONTEXT):
            assert to_money(Decimal("1234567.895")) == Decimal("1234567.90")
        # Building a policy must not depend on the context either (Emin/Emax are +-10 here).
        assert Rounding(places=12).quantum == Decimal("1E-12")
        assert Rounding(places=-12).apply(Decimal("1.5E+12")) == Decimal("2E+12")

    _with_odd_context(check)


def test_to_decimal_ignores_the_global_context() -> None:
    def check() -> None:
        assert to_decimal("12345.678%") == Decimal("123.45678")  # exact, not 123
        assert to_decimal("1,234,567.891") == Decimal("1234567.891")
        assert to_decimal(0.123456789) == Decimal("0.123456789")
        assert to_decimal(98765432109) == Decimal("98765432109")

    _with_odd_context(check)


def test_to_decimal_rejects_garbage_whatever_the_global_context_traps() -> None:
    # With InvalidOperation untrapped, Decimal('abc') quietly becomes NaN: still rejected.
    with decimal.localcontext() as ctx:
        ctx.traps[decimal.InvalidOperation] = False
        with pytest.raises(InvalidValueError, match=r"^rate: got 'abc'"):
            to_decimal("abc", "rate")


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_float_input_rounds_like_its_text(x: float) -> None:
    rounding = Rounding()
    assert rounding.apply(to_decimal(x)) == rounding.apply(to_decimal(repr(x)))
    assert math.isclose(float(rounding.apply(to_decimal(x))), x, abs_tol=0.005 + 1e-9)


def test_error_message_shape() -> None:
    error = InvalidValueError("term", 0, "a whole number from 1 to 1200")
    assert str(error) == "term: got 0; accepted: a whole number from 1 to 1200"
    unknown = UnknownNameError("method", "x", ["bullet", "flat"])
    assert str(unknown) == "method: got 'x'; accepted: one of bullet, flat"
    assert str(UnknownNameError("method", "x", "a, b")) == "method: got 'x'; accepted: one of a, b"


# ------------------------------------------------- errors name the field, value and accepted
# (found by mutation testing: each of these parts could be dropped without a test failing)


@pytest.mark.parametrize("increment", ["1E-12", "0.000000000001", "1E+12", 1_000_000_000_000])
def test_rounding_increment_accepts_both_ends_of_its_range(increment: object) -> None:
    # The documented range is 1E-12 to 1E+12, both ends included.
    assert Rounding(increment=increment).quantum == Decimal(str(increment))


@pytest.mark.parametrize("increment", ["1E-13", "1000000000001", "0", "-0.05"])
def test_rounding_increment_errors_name_the_value_and_the_range(increment: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Rounding(increment=increment)
    assert caught.value.field == "rounding.increment"
    assert caught.value.value == increment
    assert "1E-12" in caught.value.accepted
    assert "1E+12" in caught.value.accepted


def test_rounding_increment_type_error_says_what_is_accepted() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        Rounding(increment=[0.05])  # type: ignore[arg-type]
    assert caught.value.value == [0.05]
    assert "1E-12" in caught.value.accepted


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("-Infinity"), Decimal("1E+999")])
def test_rounding_apply_errors_name_the_amount_and_what_is_accepted(amount: Decimal) -> None:
    # NaN and infinities are not finite; 1E+999 on the cent grid needs 1002 digits (> 40).
    with pytest.raises(InvalidValueError) as caught:
        Rounding().apply(amount)
    assert caught.value.field == "amount"
    assert str(caught.value.value) == str(amount)
    assert "finite Decimal of at most 40 digits" in caught.value.accepted
