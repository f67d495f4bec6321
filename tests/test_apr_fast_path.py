"""The fast path of ``apr.irr`` and ``apr.xirr`` (loancalc.apr._fast): the same digits as
an independent high-precision root, and as the general search, on loans and nasty flows.

The oracle (:func:`_oracle_root`) knows nothing of the library: Newton's method at 90
digits with ``ln``/``exp`` per flow, started from the rate under test, then a certified
sign change of the net present value within 1e-60 of its answer; :func:`_as_returned`
rounds it the way the API documents (30 places, at most 24 significant digits).
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
import pyxirr
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.apr import _decimal_value, _fast, roots
from product_terms import product_terms
from servicing_strategies import on_basis

D = Decimal
_HIGH = decimal.Context(prec=90, Emax=10**6, Emin=-(10**6), rounding=decimal.ROUND_HALF_EVEN)


# --------------------------------------------------------------------------------------
# The independent oracle
# --------------------------------------------------------------------------------------


def _npv_and_slope(amounts: list[D], times: list[Fraction], r: D) -> tuple[D, D]:
    """f(r) = sum a (1 + r)^-t and f'(r), at 90 digits (inside the _HIGH context)."""
    log = (1 + r).ln()
    value = slope = D(0)
    for amount, time in zip(amounts, times, strict=True):
        t = D(time.numerator) / D(time.denominator)
        term = amount * (-(log * t)).exp()
        value += term
        slope -= term * t
    return value, slope / (1 + r)


def _oracle_root(amounts: list[D], times: list[Fraction], start: D) -> D:
    """The root near ``start`` to about 1e-70, certified by a sign change."""
    with decimal.localcontext(_HIGH):
        r = +start
        for _ in range(30):
            value, slope = _npv_and_slope(amounts, times, r)
            step = value / slope
            r -= step
            if abs(step) <= D("1E-75") * max(D(1), abs(r)):
                break
        width = D("1E-60") * max(D(1), abs(r))
        below, _ = _npv_and_slope(amounts, times, r - width)
        above, _ = _npv_and_slope(amounts, times, r + width)
        assert (below > 0) != (above > 0), "the oracle found no sign change"
        return r


def _as_returned(root: D) -> D:
    """30 decimal places, then at most 24 significant digits (the documented format)."""
    with decimal.localcontext(_HIGH) as ctx:
        if root.adjusted() <= 8:
            root = root.quantize(D("1E-30"))
        ctx.prec = 24
        return +root


def _day_times(flows: list[tuple[date, D]]) -> list[Fraction]:
    first = min(day for day, _ in flows)
    return [Fraction((day - first).days, 365) for day, _ in flows]


def _check_xirr(flows: list[tuple[date, D]]) -> D:
    rate = lc.apr.xirr(flows)
    netted: dict[date, D] = {}
    for day, amount in flows:
        netted[day] = netted.get(day, D(0)) + amount
    if not any(netted.values()):
        assert rate == 0  # repaid on the day, at no cost
        return rate
    amounts = [amount for _, amount in flows]
    assert rate == _as_returned(_oracle_root(amounts, _day_times(flows), rate))
    return rate


def _check_irr(amounts: list[D]) -> D:
    rate = lc.apr.irr(amounts)
    times = [Fraction(k) for k in range(len(amounts))]
    assert rate == _as_returned(_oracle_root(amounts, times, rate))
    return rate


def _general(amounts: list[D], num: list[int], den: int) -> D:
    """The general search (the algorithm before the fast path), rounded alike."""
    return roots.full_precision(roots._search(amounts, num, den, simple=False))


def _same_as_before(rate: D, before: D) -> None:
    """The same root as the general search: equal but for the general search's own error
    (one Newton step from its float root leaves about C e^2: up to 1e-27 when the float
    root is ill-conditioned, e.g. flows a day apart). The oracle tests pin the digits."""
    assert abs(rate - before) <= D("1E-20") * max(D(1), abs(rate))


# --------------------------------------------------------------------------------------
# Hand-worked figures
# --------------------------------------------------------------------------------------


def test_two_flows_365_days_apart_are_exactly_10_percent() -> None:
    # -1000 then 1100 after 365 days: (1 + r)^1 = 1.1
    assert lc.apr.xirr([(date(2023, 1, 1), D(-1000)), (date(2024, 1, 1), D(1100))]) == D("0.1")


def test_two_payments_of_600_match_the_quadratic_formula() -> None:
    # 600 v^2 + 600 v - 1000 = 0: v = (-1 + sqrt(1 + 4 * 10/6)) / 2 = (-1 + sqrt(23/3)) / 2,
    # r = 1 / v - 1, worked at 60 digits without the library.
    with decimal.localcontext(decimal.Context(prec=60)):
        v = (-1 + (D(23) / 3).sqrt()) / 2
        expected = _as_returned(1 / v - 1)
    assert str(expected) == "0.130662386291807485258426"
    assert lc.apr.irr([-1000, 600, 600]) == expected


def test_numpy_financial_congruence_flows_have_npv_within_1e_10() -> None:
    flows = [-40_000, 5_000, 8_000, 12_000, 30_000]
    rate = lc.apr.irr(flows)
    with decimal.localcontext(_HIGH):
        value = sum((D(a) / (1 + rate) ** k for k, a in enumerate(flows)), D(0))
    assert abs(value) <= D("1E-10")
    assert float(rate) == pytest.approx(pyxirr.irr(flows), abs=1e-12)


def test_level_payment_irr_by_geometric_series_equals_the_oracle() -> None:
    # 12,000 lent, 12 x 1,072: the card instalment of the module docstring
    assert _check_irr([D(-12000)] + [D(1072)] * 12) == D("0.0108618535675900880290999")


def test_present_value_and_discount_against_exact_fractions() -> None:
    with decimal.localcontext(_fast.WIDE):
        # -100 + 50 w^31 + 60 w^59 at w = 0.99 (runs, two distinct gaps)
        w = D("0.99")
        got = _decimal_value.present_value([D(-100), D(50), D(60)], [0, 31, 59], w)
        exact = -100 + 50 * Fraction(99, 100) ** 31 + 60 * Fraction(99, 100) ** 59
        assert abs(Fraction(got) - exact) < Fraction(1, 10**34)
        # equally spaced level run: -100 + 30 (w + w^2 + w^3 + w^4), w = 1/1.1
        w = 1 / D("1.1")
        got = _decimal_value.present_value([D(-100)] + [D(30)] * 4, [0, 1, 2, 3, 4], w)
        series = -100 + sum(30 * Fraction(10, 11) ** k for k in range(1, 5))
        assert abs(Fraction(got) - series) < Fraction(1, 10**34)
        # (1.1)^(-1/365) from its float value: within a few units of the 38th digit
        w = _decimal_value.discount(D("1.1"), D(1.1 ** (-1 / 365)), 365)
    with decimal.localcontext(_HIGH):
        root = (-D("1.1").ln() / 365).exp()
        assert abs(w / root - 1) < D("1E-36")


def test_the_fast_path_answers_a_schedule_and_declines_what_it_cannot_certify() -> None:
    full = roots.full_precision
    loan = [D(-1000)] + [D("88.85")] * 12
    assert _fast.rounded_root(loan, list(range(13)), 1, full) is not None
    assert _fast.rounded_root([D(-1), D(2), D(-1)], [0, 1, 2], 1, full) is None  # 2 changes
    assert _fast.rounded_root([D(-1), D(2)], [0, 0], 1, full) is None  # one time only
    assert _fast.rounded_root([D(2), D(-1)], [1, 0], 1, full) == 1  # out of order: 100 %
    assert _fast.rounded_root([D(2), D(-3), D(2)], [1, 0, 0], 1, full) == 1  # netted
    assert _fast.rounded_root([D(-1), D("1E-400")], [0, 1], 1, full) is None  # float 0.0
    assert _fast.rounded_root([D(-1), D("NaN")], [0, 1], 1, full) is None
    assert _fast.rounded_root([D(-1), D("sNaN")], [0, 1], 1, full) is None


def test_bench_flows_agree_with_pyxirr_and_the_oracle() -> None:
    schedule = lc.amortize(
        lc.LoanTerms(principal="1000000", annual_rate="4.9%", term=360, start=date(2024, 1, 15))
    )
    flows = [(date(2024, 1, 15), D(-1_000_000))] + [
        (row.due_date, row.payment) for row in schedule.installments
    ]
    rate = _check_xirr(flows)
    assert float(rate) == pytest.approx(pyxirr.xirr(flows), abs=1e-9)  # pyxirr: float tolerance
    amounts = [amount for _, amount in flows]
    assert _check_irr(amounts) == _general(amounts, list(range(361)), 1)


def test_a_near_zero_xirr_is_exact_in_its_30th_place() -> None:
    # -45,022.45 + 22,511.22 w + 22,511.22 w^2 = 0 with w = (1 + r)^(-1/365):
    # w = (-1 + sqrt(1 + 4 x 45,022.45 / 22,511.22)) / 2, r = w^-365 - 1 =
    # -0.0000540456553874023348838016604..., worked at 80 digits without the library.
    # The general search alone gave ...8838021 (its root is good to about 1e-30).
    with decimal.localcontext(decimal.Context(prec=80)):
        w = (-1 + (1 + 4 * D("45022.45") / D("22511.22")).sqrt()) / 2
        exact = (1 / w) ** 365 - 1
    assert str(exact).startswith("-0.0000540456553874023348838016604")
    flows = [(date(1990, 1, 1), D("-45022.45"))]
    flows += [(date(1990, 1, 2), D("22511.22")), (date(1990, 1, 3), D("22511.22"))]
    assert lc.apr.xirr(flows) == D("-0.0000540456553874023348838017")


# --------------------------------------------------------------------------------------
# Properties: loans
# --------------------------------------------------------------------------------------


@st.composite
def _loans(draw: st.DrawFn) -> list[tuple[date, D]]:
    """Money lent (maybe in two draws), then payments: level, irregular, zero; dates on
    any day over up to 50 years, several on one day; rates from -90 % to very high."""
    start = date(1990, 1, 1) + timedelta(days=draw(st.integers(0, 15_000)))
    principal = D(draw(st.integers(1, 10**9))) / 100
    count = draw(st.integers(1, 70))  # 48 flows and more: the search runs in numpy
    spacing = draw(st.sampled_from([1, 7, 14, 30, 31, 91, 365, 600]))
    growth = draw(st.sampled_from(["0", "0.000001", "0.01", "0.05", "0.3", "2", "-0.2"]))
    factor = min(max((1 + D(growth)) ** spacing, D("0.001")), D(10**6))
    level = principal * factor / count
    flows = [(start, -principal)]
    if draw(st.booleans()):
        flows.append((start + timedelta(days=draw(st.integers(0, 10))), -principal / 3))
    day = start
    for _ in range(count):
        day += timedelta(days=draw(st.integers(0, spacing * 2)) if draw(st.booleans()) else spacing)
        kind = draw(st.sampled_from(["level", "level", "level", "zero", "other"]))
        amount = {"level": level, "zero": D(0), "other": level * draw(st.integers(1, 300)) / 100}
        flows.append((day, amount[kind].quantize(D("0.01"))))
    assume(sum(1 for _, amount in flows if amount > 0) >= 1)
    return flows


@settings(max_examples=150, deadline=None)
@given(_loans())
def test_xirr_of_a_loan_equals_the_oracle_to_the_last_digit(flows: list[tuple[date, D]]) -> None:
    try:
        _check_xirr(flows)
    except lc.apr.NoRateError:
        return  # rate below -99.9999999 % (a loan almost not repaid), or money one way


@settings(max_examples=150, deadline=None)
@given(_loans())
def test_irr_of_a_loan_equals_the_oracle_and_the_general_search(
    flows: list[tuple[date, D]],
) -> None:
    amounts = [amount for _, amount in flows]
    try:
        rate = lc.apr.irr(amounts)
    except lc.apr.NoRateError:
        return
    times = [Fraction(k) for k in range(len(amounts))]
    assert rate == _as_returned(_oracle_root(amounts, times, rate))
    _same_as_before(rate, _general(amounts, list(range(len(amounts))), 1))


@settings(max_examples=150, deadline=None)
@given(_loans())
def test_xirr_equals_the_general_search(flows: list[tuple[date, D]]) -> None:
    first = min(day for day, _ in flows)
    num = [(day - first).days for day, _ in flows]
    amounts = [amount for _, amount in flows]
    try:
        rate = lc.apr.xirr(flows)
    except lc.apr.NoRateError:
        with pytest.raises(lc.apr.NoRateError):
            _general(amounts, num, 365)
        return
    _same_as_before(rate, _general(amounts, num, 365))


@settings(max_examples=25, deadline=None)
@given(
    st.integers(48, 420),
    st.integers(0, 3000),
    st.integers(0, 3000),
    st.sampled_from(["monthly", "quarterly", "weekly", "biweekly", "semi-monthly"]),
)
def test_long_schedules_equal_the_oracle(term: int, rate_bp: int, day: int, frequency: str) -> None:
    # Level payments whose gaps repeat (every 7 or 14 days; months of days over the 4-year
    # cycle of month lengths): summed by periods, not flow by flow.
    schedule = lc.amortize(
        lc.LoanTerms(
            principal="250000",
            annual_rate=D(rate_bp) / 10000,
            term=term,
            frequency=frequency,
            start=date(2001, 1, 1) + timedelta(days=day),
        )
    )
    flows = list(lc.apr.schedule_cash_flows(schedule))
    _check_xirr(flows)
    _check_irr([amount for _, amount in flows])


@settings(max_examples=80, deadline=None)
@given(
    st.integers(-(10**7), -1),
    st.lists(st.integers(-(10**6), 10**7), min_size=1, max_size=30),
    st.integers(1, 10**6),
)
def test_near_zero_rates_equal_the_oracle(lent: int, tweaks: list[int], scale: int) -> None:
    # Payments summing to almost exactly what was lent: rates within about 1e-9 of zero,
    # where the result carries 30 decimal places.
    count = len(tweaks)
    share = D(-lent * scale) / count
    amounts = [D(lent * scale)] + [(share + D(t) / 10**9).quantize(D("1E-9")) for t in tweaks]
    assume(all(amount > 0 for amount in amounts[1:]))
    _check_irr(amounts)


# --------------------------------------------------------------------------------------
# Properties: nasty flows (several sign changes: the general search answers)
# --------------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(-(10**6), 10**6), min_size=2, max_size=25))
def test_any_signs_irr_is_a_certified_root_closest_to_zero(cents: list[int]) -> None:
    amounts = [D(c) / 100 for c in cents]
    try:
        rate = lc.apr.irr(amounts)
    except lc.apr.NoRateError:
        return
    times = [Fraction(k) for k in range(len(amounts))]
    if any(a != 0 for a in amounts):
        assert rate == _as_returned(_oracle_root(amounts, times, rate))
    assert all(abs(rate) <= abs(other) for other in lc.apr.irr_roots(amounts))


# --------------------------------------------------------------------------------------
# Across products and interest bases: a loan's realised yield
# --------------------------------------------------------------------------------------


@st.composite
def _realised(draw: st.DrawFn) -> list[tuple[date, D]]:
    """A product's loan, paid on time, late, in part or not at all, and settled on the
    assessment date at what the servicing engine says is owed, on either basis."""
    product = lc.products.get(draw(st.sampled_from(lc.products.names())))
    terms = product_terms(draw, product, (1, 9), date(2018, 1, 1), 2500)
    schedule = lc.amortize(terms)
    payments = []
    for row in schedule.installments:
        late = draw(st.sampled_from([0, 0, 3, 40, None]))
        if late is not None:
            payments.append(lc.Payment(row.due_date + timedelta(days=late), row.payment))
    as_of = schedule.maturity + timedelta(days=draw(st.integers(0, 120)))
    rules = on_basis(product.servicing, draw(st.sampled_from(["scheduled", "actual-balance"])))
    state = lc.assess(schedule, payments, as_of, rules)
    flows = list(lc.apr.schedule_cash_flows(schedule))[:1]
    flows += [(payment.date, payment.amount) for payment in payments]
    if state.total_outstanding > 0:
        flows.append((as_of, state.total_outstanding))
    return flows


@settings(max_examples=60, deadline=None)
@given(_realised())
def test_realised_yield_of_every_product_on_both_bases_equals_the_oracle(
    flows: list[tuple[date, D]],
) -> None:
    rate = _check_xirr(flows)
    first = min(day for day, _ in flows)
    num = [(day - first).days for day, _ in flows]
    _same_as_before(rate, _general([amount for _, amount in flows], num, 365))
    assert float(rate) == pytest.approx(pyxirr.xirr(flows), rel=1e-9, abs=1e-9)
