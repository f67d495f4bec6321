"""Tests of the exact interest factors (loancalc.accrual._factors).

The oracle is exact rational arithmetic (``Fraction``) with each rounding mode written out
here from its definition, so a factor is checked against the true interest, not against
``Decimal`` division. Balances are drawn to land on rounding boundaries (half steps for
the half-* modes, whole steps for the others) as often as off them.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from loancalc.accrual import exact_factors, money_context
from loancalc.money import Rounding, RoundingMode

MODES = list(RoundingMode)
DIRECTED = [mode for mode in MODES if mode is not RoundingMode.HALF_EVEN]


def round_fraction(value: Fraction, step: Fraction, mode: RoundingMode) -> Fraction:
    """``value`` rounded to a multiple of ``step`` by ``mode``, in exact arithmetic."""
    steps = value / step
    down = math.floor(steps)
    rest = steps - down
    toward_zero = down if steps >= 0 else math.ceil(steps)
    away = toward_zero if rest == 0 else toward_zero + (1 if steps > 0 else -1)
    if mode is RoundingMode.FLOOR:
        whole = down
    elif mode is RoundingMode.CEILING:
        whole = math.ceil(steps)
    elif mode is RoundingMode.DOWN:
        whole = toward_zero
    elif mode is RoundingMode.UP:
        whole = away
    elif rest != Fraction(1, 2):
        whole = round(steps)  # not a tie: every half-* mode takes the nearest
    elif mode is RoundingMode.HALF_UP:
        whole = away
    elif mode is RoundingMode.HALF_DOWN:
        whole = toward_zero
    else:
        whole = down if down % 2 == 0 else down + 1
    return whole * step


def factor_interest(balance: Decimal, factor: Decimal, rounding: Rounding) -> Decimal:
    with decimal.localcontext(money_context(rounding)):
        return (balance * factor).quantize(rounding.quantum)


def exact_interest(balance: Decimal, numerator: Decimal, denominator: Decimal, rounding: Rounding):
    value = Fraction(balance) * Fraction(numerator) / Fraction(denominator)
    return round_fraction(value, Fraction(rounding.quantum), rounding.mode)


# ------------------------------------------------------------------ the oracle itself


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        ("0.245", RoundingMode.HALF_UP, "0.25"),
        ("0.245", RoundingMode.HALF_DOWN, "0.24"),
        ("0.245", RoundingMode.HALF_EVEN, "0.24"),
        ("0.255", RoundingMode.HALF_EVEN, "0.26"),
        ("0.241", RoundingMode.UP, "0.25"),
        ("0.249", RoundingMode.DOWN, "0.24"),
        ("-0.241", RoundingMode.CEILING, "-0.24"),
        ("-0.241", RoundingMode.FLOOR, "-0.25"),
        ("-0.245", RoundingMode.HALF_UP, "-0.25"),
        ("-0.245", RoundingMode.HALF_DOWN, "-0.24"),
    ],
)
def test_the_fraction_oracle_rounds_by_the_modes_definitions(
    value: str, mode: RoundingMode, expected: str
) -> None:
    assert round_fraction(Fraction(value), Fraction(1, 100), mode) == Fraction(expected)


# ------------------------------------------------------------------ hand-picked boundaries


# At 4.9 % / 12: 60.00 earns exactly 0.245, 180.00 exactly 0.735 and 120.00 exactly 0.49.
@pytest.mark.parametrize(
    ("balance", "mode", "expected"),
    [
        ("60.00", "half-up", "0.25"),
        ("60.00", "half-down", "0.24"),
        ("180.00", "half-up", "0.74"),
        ("180.00", "half-down", "0.73"),
        ("120.00", "down", "0.49"),
        ("120.00", "floor", "0.49"),
        ("120.00", "up", "0.49"),
        ("120.00", "ceiling", "0.49"),
        ("120.00", "half-up", "0.49"),
    ],
)
def test_a_recurring_rate_keeps_exact_boundaries(balance: str, mode: str, expected: str) -> None:
    rate = (Decimal("0.049"), Decimal(12))
    rounding = Rounding(mode=mode)
    table = exact_factors([rate], rounding, Decimal(balance))
    assert table is not None
    assert factor_interest(Decimal(balance), table[rate], rounding) == Decimal(expected)


def test_a_plain_rounded_factor_would_miss_the_half_cent() -> None:
    # The reason for directed factors: 180.00 x 4.9 % / 12 is exactly 0.735, but 0.049 / 12
    # rounded to nearest is a shade low and the product rounds to 0.73.
    with decimal.localcontext(money_context(Rounding())):
        nearest = Decimal("0.049") / 12
        assert (Decimal("180.00") * nearest).quantize(Decimal("0.01")) == Decimal("0.73")
    rate = (Decimal("0.049"), Decimal(12))
    table = exact_factors([rate], Rounding(), Decimal("180.00"))
    assert table is not None
    assert factor_interest(Decimal("180.00"), table[rate], Rounding()) == Decimal("0.74")


# ------------------------------------------------------------------ when there is no factor


def test_half_even_takes_only_exact_factors() -> None:
    half_even = Rounding(mode="half-even")
    assert exact_factors([(Decimal("0.049"), Decimal(12))], half_even, Decimal(100)) is None
    exact = exact_factors([(Decimal("0.06"), Decimal(12))], half_even, Decimal(100))
    assert exact == {(Decimal("0.06"), Decimal(12)): Decimal("0.005")}


def test_increments_have_no_factors() -> None:
    rounding = Rounding(increment="0.05")
    assert exact_factors([(Decimal("0.06"), Decimal(12))], rounding, Decimal(100)) is None


def test_amounts_beyond_the_bound_have_no_factors() -> None:
    # B N must stay below 1e37: a 1e24 balance in cents with a 17-digit rate numerator fails.
    rate = (Decimal("0.04912345678912345"), Decimal(12))
    assert exact_factors([rate], Rounding(), Decimal("1E+12")) is not None
    assert exact_factors([rate], Rounding(), Decimal("1E+24")) is None


def test_negative_balances_have_no_factors() -> None:
    assert exact_factors([(Decimal("0.06"), Decimal(12))], Rounding(), Decimal(-1)) is None


def test_money_context_rounds_by_the_mode_and_keeps_the_library_precision() -> None:
    context = money_context(Rounding(mode="ceiling"))
    assert context.rounding == decimal.ROUND_CEILING
    assert context.prec == 40


# ------------------------------------------------------------------ properties


def recurring(ratio: Fraction) -> bool:
    """True if ``ratio`` has no finite decimal form (its denominator has a prime factor
    other than 2 and 5)."""
    denominator = ratio.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator != 1


@st.composite
def rates(draw: st.DrawFn) -> tuple[Decimal, Decimal]:
    """A period rate ``numerator / denominator``: an annual rate (up to 1000 %, up to 8
    decimals) times a whole year-fraction numerator, over a day-count or period base."""
    annual = Decimal(draw(st.integers(0, 10 * 10**8))).scaleb(-8)
    times = draw(st.sampled_from([1, 1, 1, 2, 3, 6, 7, 14, 28, 29, 30, 31, 92, 365, 366]))
    denominator = draw(
        st.sampled_from([1, 2, 4, 12, 24, 26, 52, 360, 365, 366, 133590, 7, 9, 13, 2920])
    )
    return annual * times, Decimal(denominator)


@st.composite
def cases(draw: st.DrawFn) -> tuple[tuple[Decimal, Decimal], Rounding, Decimal, Decimal]:
    """A rate, a rounding by places, a largest balance and a balance from 0 to it that lies
    on a rounding boundary about half the time."""
    numerator, denominator = draw(rates())
    rounding = Rounding(places=draw(st.integers(-2, 6)), mode=draw(st.sampled_from(MODES)))
    scale = rounding.places + draw(st.sampled_from([0, 0, 0, 1, 3]))
    # The exact interest in grid steps is B N / D; B a multiple of D (or D / 2) sits on a
    # whole (or half) step.
    exact = Fraction(numerator) / Fraction(denominator) * Fraction(10) ** (rounding.places - scale)
    modulus = exact.denominator // math.gcd(exact.denominator, 2)
    units = draw(
        st.one_of(
            st.integers(0, 10**15),
            st.integers(0, 10**15 // modulus).map(lambda k: k * modulus),
        )
    )
    largest_units = draw(st.integers(units, units + 10**6))
    balance = Decimal(units).scaleb(-scale)
    largest = Decimal(largest_units).scaleb(-scale)
    return (numerator, denominator), rounding, largest, balance


@given(cases())
@example(((Decimal("0.049"), Decimal(12)), Rounding(), Decimal("60.00"), Decimal("60.00")))
def test_factor_interest_equals_the_exactly_rounded_interest(
    case: tuple[tuple[Decimal, Decimal], Rounding, Decimal, Decimal],
) -> None:
    rate, rounding, largest, balance = case
    table = exact_factors([rate], rounding, largest)
    assume(table is not None)
    assert table is not None
    assert factor_interest(balance, table[rate], rounding) == exact_interest(
        balance, *rate, rounding
    )


@given(cases())
def test_only_half_even_on_a_recurring_rate_or_huge_amounts_go_without_factors(
    case: tuple[tuple[Decimal, Decimal], Rounding, Decimal, Decimal],
) -> None:
    rate, rounding, largest, _ = case
    table = exact_factors([rate], rounding, largest)
    ratio = Fraction(rate[0]) / Fraction(rate[1])
    if not recurring(ratio):
        assert table is not None
    elif rounding.mode is RoundingMode.HALF_EVEN:
        assert table is None
    elif largest < Decimal("1E+15") and ratio < 100:
        assert table is not None


@given(st.lists(rates(), min_size=1, max_size=8), st.sampled_from(DIRECTED))
def test_a_factor_is_given_for_each_distinct_rate(
    listed: list[tuple[Decimal, Decimal]], mode: RoundingMode
) -> None:
    table = exact_factors(listed, Rounding(mode=mode), Decimal("1000000.00"))
    assert table is not None
    assert set(table) == set(listed)
