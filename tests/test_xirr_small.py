"""The small-flow path of ``apr.xirr`` and ``apr.irr`` (loancalc.apr._small): a consumer
loan's 6 to 36 flows read in one pass and certified without numpy.

It must give, digit for digit, what every call gave before it existed: the general
reading (``roots._dated``: ``cash_flows``, numpy day numbers) followed by
``roots.solve_rate``, and the independent 90-digit oracle of ``test_apr_fast_path``; and
agree with pyxirr within its float precision. Whatever it does not take (text amounts,
dates out of order, datetimes, NaN, several sign changes) goes the general way, with the
same errors as before.
"""

from __future__ import annotations

import decimal
import itertools
import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
import pyxirr
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.apr import _decimal_value, _fast, _float_search, _small, roots
from loancalc.apr._amounts import amounts_of
from loancalc.apr.flows import cash_flows
from test_apr_fast_path import _as_returned, _day_times, _oracle_root

D = Decimal


def _previous_xirr(flows: list[tuple[date, object]]) -> D:
    """What ``xirr`` did for every input before the small path: the general reading,
    then the rate search (fast path in Decimal, else the general search)."""
    amounts, days = roots._dated(flows)
    return roots.solve_rate(amounts, days, 365, simple=False, finish=roots.full_precision)


def _previous_irr(amounts: list[object]) -> D:
    read = amounts_of(amounts)
    return roots.solve_rate(read, range(len(read)), 1, simple=False, finish=roots.full_precision)


# --------------------------------------------------------------------------------------
# Hand-worked figures
# --------------------------------------------------------------------------------------


def test_a_year_of_365_days_at_10_percent_through_every_amount_type() -> None:
    # -1000 then 1100 after 365 days: (1 + r)^(365/365) = 1.1, r = 0.1 exactly
    for lent, repaid in [(-1000, 1100), (-1000.0, 1100.0), (D("-1000.00"), D("1100.00"))]:
        flows = [(date(2023, 3, 1), lent), (date(2024, 2, 29), repaid)]  # 365 days
        assert _small.dated_xirr(flows, roots.full_precision) == D("0.1")
        assert lc.apr.xirr(flows) == D("0.1")
        assert lc.apr.xirr(tuple(flows)) == D("0.1")


def test_two_payments_of_600_by_the_quadratic_formula_on_the_small_path() -> None:
    # 600 v^2 + 600 v - 1000 = 0: v = (-1 + sqrt(1 + 4 x 10 / 6)) / 2 = (-1 + sqrt(23/3)) / 2,
    # r = 1 / v - 1 = 0.130662386291807485258426 (24 significant digits, worked at 60
    # digits in test_apr_fast_path without the library)
    assert _small.amounts_irr([-1000, 600, 600.0], roots.full_precision) == D(
        "0.130662386291807485258426"
    )
    assert lc.apr.irr((-1000, 600, 600)) == D("0.130662386291807485258426")


def test_the_bench_loan_takes_the_small_path_and_agrees_with_pyxirr() -> None:
    # The `loancalc bench` row: 12,000 at 18 % over 12 months, flows as floats.
    start = date(2024, 1, 15)
    schedule = lc.amortize(lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=start))
    flows = [(start, -12000.0)] + [
        (row.due_date, float(row.payment)) for row in schedule.installments
    ]
    # 11 payments of 1,100.16 and a last of 1,100.19: read once each
    read = _small.read_dated(flows)
    assert read is not None
    assert {str(amount) for amount in read[0]} == {"-12000.0", "1100.16", "1100.19"}
    assert read[2][:3] == [0, 31, 60]
    assert read[2][-1] == 366
    assert read[3] == 1
    rate = _small.dated_xirr(flows, roots.full_precision)
    assert rate is not None
    assert rate == lc.apr.xirr(flows) == _previous_xirr(flows)
    amounts = [D(repr(amount)) for _, amount in flows]
    assert rate == _as_returned(_oracle_root(amounts, _day_times(flows), rate))
    assert float(rate) == pytest.approx(pyxirr.xirr(flows), rel=1e-9, abs=1e-9)


def test_what_the_small_path_leaves_to_the_general_reading() -> None:
    jan, feb, mar = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)
    declined = [
        [(jan, "-100"), (feb, 101)],  # text amount
        [(feb, -100), (jan, 101)],  # out of order
        [(jan, -100), (jan, 50), (feb, 51)],  # two on a day (netted by the general way)
        [(datetime(2024, 1, 1), -100), (feb, 101)],  # a datetime
        [(jan, -100), (feb, True)],  # a bool
        [(jan, -100), (feb, 60), (mar, -1), (mar + timedelta(1), 45)],  # 3 sign changes
        [(jan, -100.0), (feb, math.inf)],
        [(jan, D(-100)), (feb, D("1E-400"))],  # below float range: its sign would be lost
        [(jan, D(-100)), (feb, D("sNaN"))],
        [(jan, -100), (feb, 10**400)],
        [(jan, -100, 1), (feb, 101, 1)],  # not pairs
        [(jan, -100)],  # one flow
        [(jan, -100), (feb, 0)],  # money one way
    ]
    for flows in declined:
        assert _small.dated_xirr(flows, roots.full_precision) is None
    assert _small.read_dated([(jan, -100)] + [(feb + timedelta(k), 3) for k in range(47)]) is None
    assert (
        _small.amounts_irr(iter([-100, 110]), roots.full_precision) is None
    )  # an iterator: read the general way
    assert _small.amounts_irr([-100, 60, -1, 45], roots.full_precision) is None


def test_errors_for_bad_flows_are_the_general_readings() -> None:
    jan, feb = date(2024, 1, 1), date(2024, 2, 1)
    with pytest.raises(lc.InvalidValueError, match=r"^flows\[1\]\.amount: got 'x';"):
        lc.apr.xirr([(jan, -100), (feb, "x")])
    with pytest.raises(lc.InvalidValueError, match=r"^flows\[1\]\.amount: got inf;"):
        lc.apr.xirr([(jan, -100.0), (feb, math.inf)])
    with pytest.raises(lc.InvalidValueError, match=r"^flows\[0\]: got \(datetime"):
        lc.apr.xirr([(datetime(2024, 1, 1), -100), (feb, 101)])
    with pytest.raises(lc.apr.FlowSignError, match=r"^flows: got \('100', '50'\)"):
        lc.apr.xirr([(jan, 100), (feb, 50)])
    with pytest.raises(lc.InvalidValueError, match=r"^flows\[1\]: got True;"):
        lc.apr.irr([-100, True])
    # out of order and netted: -3 on 1 Jan, 2 on 1 Feb: 3 = 2 (1 + r)^(-31/365), so
    # (1 + r)^(31/365) = 2/3 and r = (2/3)^(365/31) - 1, about -99.155 %
    flows = [(feb, D(2)), (jan, D(-1)), (jan, D(-2))]
    with decimal.localcontext(decimal.Context(prec=60)):
        expected = _as_returned((D(2) / 3) ** (D(365) / 31) - 1)
    assert str(expected).startswith("-0.99155")
    assert lc.apr.xirr(flows) == expected


def test_the_callers_decimal_context_is_neither_used_nor_changed() -> None:
    flows = [(date(2023, 3, 1), -1000.0), (date(2024, 2, 29), 1100.0)]
    strict = decimal.Context(prec=3, rounding=decimal.ROUND_DOWN, traps=[decimal.Inexact])
    with decimal.localcontext(strict) as ctx:
        assert lc.apr.xirr(flows) == D("0.1")
        assert lc.apr.irr([-1000, 600, 600]) == D("0.130662386291807485258426")
        assert ctx.prec == 3
        assert not ctx.flags[decimal.Inexact]


def test_margins_are_powers_of_ten_never_below_the_error() -> None:
    assert _fast._margin(2.5e-31) == D("1E-30")
    assert _fast._margin(3e-2) == D("0.1")
    assert _fast._margin(1e-30) >= D("1E-30")  # (1e-30 as a float is above 10^-30)


@given(st.floats(min_value=5e-324, max_value=1e299, allow_nan=False, allow_infinity=False))
def test_a_margin_is_at_least_the_error_and_at_most_100_times_it(error: float) -> None:
    margin = _fast._margin(error)
    assert Fraction(margin) >= Fraction(error)
    assert Fraction(margin) <= 100 * Fraction(error)


# --------------------------------------------------------------------------------------
# Properties: consumer loans
# --------------------------------------------------------------------------------------


@st.composite
def _consumer_loans(draw: st.DrawFn) -> list[tuple[date, object]]:
    """6 to 36 monthly instalments at 0 to 40 %, with fees, some paid a few days early or
    late; amounts as Decimals, floats or whole numbers (and a mix of them)."""
    start = date(2012, 1, 1) + timedelta(days=draw(st.integers(0, 5000)))
    rate = D(draw(st.integers(0, 4000))) / 10000
    method = draw(
        st.sampled_from(["equal-installment", "equal-principal", "flat", "interest-only"])
    )
    fees = lc.Fees(
        upfront=D(draw(st.integers(0, 300))),
        per_period_rate=D(draw(st.sampled_from([0, 0, 1, 3, 6]))) / 1000,
    )
    terms = lc.LoanTerms(
        principal=D(draw(st.integers(100_000, 20_000_000))) / 100,
        annual_rate=rate,
        term=draw(st.integers(6, 36)),
        start=start,
        method=method,
        fees=fees,
    )
    flows = list(lc.apr.schedule_cash_flows(lc.amortize(terms)))
    assume(flows[0][1] < 0)
    moved: list[tuple[date, D]] = [flows[0]]
    for due, amount in flows[1:]:
        shift = draw(st.sampled_from([0, 0, 0, -3, -1, 2, 5, 12]))
        moved.append((max(due + timedelta(days=shift), moved[-1][0] + timedelta(days=1)), amount))
    form = draw(st.sampled_from(["decimal", "float", "mixed", "whole"]))
    if form == "float":
        return [(day, float(amount)) for day, amount in moved]
    if form == "whole":
        return [(day, int(amount)) for day, amount in moved]
    if form == "mixed":
        return [(day, float(amount) if k % 2 else amount) for k, (day, amount) in enumerate(moved)]
    return list(moved)


@settings(max_examples=200, deadline=None)
@given(_consumer_loans())
def test_small_xirr_equals_the_previous_reading_and_the_oracle_digit_for_digit(
    flows: list[tuple[date, object]],
) -> None:
    before = _previous_xirr(flows)
    rate = lc.apr.xirr(flows)
    assert rate == before
    assert str(rate) == str(before)
    fast = _small.dated_xirr(flows, roots.full_precision)  # a loan: the small path answers
    assert fast is not None
    assert fast == before
    assert str(fast) == str(before)
    amounts = [amount for _, amount in cash_flows(flows)]
    assert rate == _as_returned(_oracle_root(amounts, _day_times(flows), rate))
    assert float(rate) == pytest.approx(pyxirr.xirr(flows), rel=1e-9, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(_consumer_loans())
def test_small_irr_equals_the_previous_reading_and_the_oracle_digit_for_digit(
    flows: list[tuple[date, object]],
) -> None:
    amounts = [amount for _, amount in flows]
    before = _previous_irr(amounts)
    rate = lc.apr.irr(amounts)
    assert rate == before
    assert str(rate) == str(before)
    read = amounts_of(amounts)
    times = [Fraction(k) for k in range(len(read))]
    assert rate == _as_returned(_oracle_root(read, times, rate))
    assert float(rate) == pytest.approx(pyxirr.irr([float(a) for a in read]), rel=1e-9, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(_consumer_loans())
def test_reading_in_one_pass_gives_the_general_readings_amounts_and_days(
    flows: list[tuple[date, object]],
) -> None:
    read = _small.read_dated(flows)
    assert read is not None
    amounts, values, days, changes = read
    general = cash_flows(flows)
    assert [str(a) for a in amounts] == [str(a) for _, a in general]
    assert values == [float(a) for _, a in general]
    first = flows[0][0]
    assert days == [(day - first).days for day, _ in flows]
    signs = [a > 0 for _, a in general if a]
    assert changes == sum(1 for x, y in itertools.pairwise(signs) if x != y)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(-(10**8), 10**8), min_size=2, max_size=47),
    st.sampled_from(["int", "float", "decimal"]),
)
def test_any_small_list_of_amounts_answers_as_before(cents: list[int], form: str) -> None:
    # Every sign pattern: the small path answers one sign change, the rest goes the
    # general way; either way the same rate, or the same error, as before.
    amounts: list[object] = {
        "int": lambda: list(cents),
        "float": lambda: [c / 100 for c in cents],
        "decimal": lambda: [D(c) / 100 for c in cents],
    }[form]()
    try:
        before: D | type[Exception] = _previous_irr(amounts)
    except lc.LoanCalcError as error:
        before = type(error)
    try:
        rate: D | type[Exception] = lc.apr.irr(amounts)
    except lc.LoanCalcError as error:
        rate = type(error)
    assert rate == before


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(-(10**7), 10**7), min_size=1, max_size=47),
    st.integers(0, 3),
)
def test_horner_sums_within_the_rounding_the_bound_allows(cents: list[int], spread: int) -> None:
    # sum a_k w^num_k by Horner's rule at 38 digits, against exact fractions: within 20
    # units of the 38th digit per flow and day of sum |a_k| w^num_k (the bound _fast uses).
    amounts = [D(c) / 100 for c in cents]
    num = [k * 30 + (k % 3) * spread for k in range(len(amounts))]
    w = D("0.99951088957467380654424431149815547")
    with decimal.localcontext(_fast.WIDE):
        got = _decimal_value.present_value(amounts, num, w)
    exact = sum(Fraction(a) * Fraction(w) ** n for a, n in zip(amounts, num, strict=True))
    magnitude = sum(abs(Fraction(a)) * Fraction(w) ** n for a, n in zip(amounts, num, strict=True))
    units = 20 * (len(num) + num[-1])
    assert abs(Fraction(got) - exact) <= magnitude * units * Fraction(1, 10**37)


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9))
def test_full_precision_is_the_documented_rounding(rate: D) -> None:
    # 30 places (when the number has room for them in 40 digits), then 24 significant
    # digits, trailing zeros dropped; a whole number keeps no exponent.
    with decimal.localcontext(decimal.Context(prec=40)) as ctx:
        expected = rate.quantize(D("1E-30")) if rate.adjusted() <= 8 else rate
        ctx.prec = 24
        expected = +expected
        if expected == 0:
            expected = D(0)
        elif expected == expected.to_integral_value():
            expected = expected.quantize(D(1))
        else:
            expected = expected.normalize()
    got = roots.full_precision(rate)
    assert got == expected
    assert str(got) == str(expected)


@settings(max_examples=100, deadline=None)
@given(_consumer_loans(), st.floats(min_value=-0.5, max_value=3.0))
def test_the_curve_of_halleys_step_is_the_slope_and_second_derivative_of_full(
    flows: list[tuple[date, object]], rate: float
) -> None:
    # curve(r) evaluates f, f' and f'' with the very arithmetic of slope(r) and full(r)
    read = _small.read_dated(flows)
    assert read is not None
    evaluator = _float_search.PythonTerms(read[1], [n / 365 for n in read[2]])
    value, slope, second = evaluator.curve(rate)
    assert (value, slope) == evaluator.slope(rate)
    assert second == evaluator.full(rate)[2]
