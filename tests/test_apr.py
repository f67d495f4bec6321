"""Annualised rates (loancalc.apr): worked examples, oracles and properties."""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal

import numpy_financial as npf
import pytest
import pyxirr
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.apr import NoRateError

_EXACT = decimal.Context(prec=60)


def _npv(rate: Decimal, flows: list[tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal]:
    """Exact-enough NPV (60 digits) of (time in periods, amount) at ``rate``, and the sum
    of the absolute discounted terms (to judge how close to zero the value is)."""
    with decimal.localcontext(_EXACT):
        log = (1 + rate).ln()
        value = size = Decimal(0)
        for t, amount in flows:
            term = amount * (-t * log).exp()
            value += term
            size += abs(term)
        return value, size


def _is_root(rate: Decimal, flows: list[tuple[Decimal, Decimal]], tol: str = "1E-9") -> bool:
    value, size = _npv(rate, flows)
    return abs(value) <= Decimal(tol) * size


def _brackets(rate: Decimal, flows: list[tuple[Decimal, Decimal]]) -> bool:
    """The NPV changes sign within 1e-10 of ``rate``: the rate is within 1e-10 of a root."""
    low, _ = _npv(rate - Decimal("1E-10"), flows)
    high, _ = _npv(rate + Decimal("1E-10"), flows)
    return low * high <= 0


def _periodic(amounts: Sequence[object]) -> list[tuple[Decimal, Decimal]]:
    return [(Decimal(k), Decimal(str(a))) for k, a in enumerate(amounts)]


def _dated(flows: Sequence[tuple[date, object]]) -> list[tuple[Decimal, Decimal]]:
    first = min(day for day, _ in flows)
    return [(Decimal((day - first).days) / 365, Decimal(str(a))) for day, a in flows]


def _months(start: date, count: int, first: int = 1) -> list[date]:
    return [lc.Frequency.MONTHLY.step(start, k) for k in range(first, first + count)]


# --------------------------------------------------------------------------------------
# docs/rules.md, 'Annualised rate disclosure': the card instalment
# --------------------------------------------------------------------------------------

# 12,000 over 12 months at 0.6 % a month of the original principal: each payment is
# 12,000 / 12 + 12,000 x 0.006 = 1,000 + 72 = 1,072. The borrower holds 12,000 only in the
# first month, so the rate on the money in use is the IRR of -12,000, 1,072 x 12:
# 12,000 = 1,072 x (1 - (1+r)^-12) / r -> r = 1.08619 % a month (docs/rules.md),
# x 12 = 13.03 %, (1 + r)^12 - 1 = 13.84 %, not the 7.2 % "flat" rate.
CARD_FLOWS = ["-12000"] + ["1072"] * 12


def test_card_instalment_monthly_irr_is_1_08619_percent() -> None:
    rate = lc.apr.irr(CARD_FLOWS)
    assert round(rate * 100, 5) == Decimal("1.08619")
    assert _brackets(rate, _periodic(CARD_FLOWS))
    assert abs(rate - Decimal(repr(pyxirr.irr([float(a) for a in CARD_FLOWS])))) < Decimal("1E-10")


@pytest.mark.parametrize(
    "terms",
    [
        # the fee as a flat "interest" rate of 7.2 % a year on the original principal
        {"annual_rate": "7.2%"},
        # the fee as a per-period fee rate (0.6 % of the original principal), no interest
        {"annual_rate": 0, "fees": lc.Fees(per_period_rate="0.6%")},
    ],
)
def test_card_instalment_as_a_flat_schedule(terms: dict[str, object]) -> None:
    schedule = lc.amortize(
        lc.LoanTerms(principal=12000, term=12, method=lc.Method.FLAT, start=date(2024, 1, 31),
                     **terms)  # type: ignore[arg-type]
    )  # fmt: skip
    assert {row.payment for row in schedule.installments} == {Decimal("1072.00")}
    monthly = lc.apr.irr(CARD_FLOWS)
    nominal = lc.apr.annualized(schedule)  # monthly IRR x 12
    effective = lc.apr.annualized(schedule, "effective")
    assert abs(nominal - monthly * 12) < Decimal("1E-10")
    assert round(nominal * 100, 2) == Decimal("13.03")
    assert abs(effective - ((1 + monthly) ** 12 - 1)) < Decimal("1E-9")
    assert round(effective * 100, 2) == Decimal("13.84")
    # Regular monthly periods: Regulation Z's actuarial APR is the same IRR x 12.
    assert abs(lc.apr.annualized(schedule, "us-actuarial") - nominal) < Decimal("1E-10")


def test_card_instalment_as_dated_flows_from_a_month_end() -> None:
    # Due on month ends from 31 January: 29 Feb, 31 Mar, 30 Apr... are whole months.
    start = date(2024, 1, 31)
    flows = [(start, "-12000")] + [(day, "1072") for day in _months(start, 12)]
    assert abs(lc.apr.annualized(flows) - lc.apr.irr(CARD_FLOWS) * 12) < Decimal("1E-10")


def test_upfront_fee_reduces_the_amount_received() -> None:
    # 1,000 at 12 % over 2 months, 10 paid upfront: the borrower gets 990 and pays
    # 507.51 twice (the annuity of 1,000 at 1 %). Monthly IRR solves
    # 990 = 507.51 v + 507.51 v^2: v = (-507.51 + sqrt(507.51^2 + 4 x 507.51 x 990)) /
    # (2 x 507.51), r = 1/v - 1.
    terms = lc.LoanTerms(principal=1000, annual_rate="12%", term=2, start=date(2024, 1, 1),
                         fees=lc.Fees(upfront=10))  # fmt: skip
    schedule = lc.amortize(terms)
    payment = 507.51
    v = (-payment + math.sqrt(payment**2 + 4 * payment * 990)) / (2 * payment)
    assert [row.payment for row in schedule.installments] == [Decimal("507.51")] * 2
    assert abs(float(lc.apr.annualized(schedule)) - 12 * (1 / v - 1)) < 1e-10
    assert lc.apr.annualized(schedule) > Decimal("0.12")


# --------------------------------------------------------------------------------------
# EU: Directive 98/7/EC Annex III examples (the Annex I formula of 2008/48/EC)
# --------------------------------------------------------------------------------------


def test_eu_example_1_single_repayment_after_546_days() -> None:
    # 1,000 lent on 1 January 1994, 1,200 repaid on 1 July 1995: 1 year and 181 days,
    # t = 1 + 181/365. 1,000 = 1,200 (1 + X)^-t -> X = 1.2^(1/t) - 1 = 12.96 %.
    flows = [(date(1994, 1, 1), -1000), (date(1995, 7, 1), 1200)]
    x = lc.apr.annualized(flows, "eu-aprc")
    assert abs(float(x) - (1.2 ** (1 / (1 + 181 / 365)) - 1)) < 1e-10
    assert round(x * 100, 2) == Decimal("12.96")
    # In equal months: 18 months = 1.5 years, X = 1.2^(1/1.5) - 1 = 12.92 %.
    months = lc.apr.annualized(flows, "eu-aprc-months")
    assert abs(float(months) - (1.2 ** (1 / 1.5) - 1)) < 1e-10
    assert round(months * 100, 2) == Decimal("12.92")


def test_eu_example_2_fee_retained_at_drawdown() -> None:
    # The creditor keeps 50 of the 1,000 for administrative expenses: 950 = 1,200 (1+X)^-t,
    # X = (1200/950)^(1/t) - 1 = 16.9 % (one decimal).
    flows = [(date(1994, 1, 1), -950), (date(1995, 7, 1), 1200)]
    x = lc.apr.annualized(flows, "eu-aprc")
    assert abs(float(x) - ((1200 / 950) ** (1 / (1 + 181 / 365)) - 1)) < 1e-10
    assert round(x * 100, 1) == Decimal("16.9")


@pytest.mark.parametrize("method", ["eu-aprc", "eu-aprc-months"])
def test_eu_example_3_two_yearly_repayments(method: str) -> None:
    # 1,000 = 600 v + 600 v^2, v = 1/(1+X): v = (-600 + sqrt(600^2 + 4 x 600 x 1000)) / 1200,
    # X = 0.1306623 = 13.07 % (the directive's figure); whole years under either basis.
    flows = [(date(1994, 1, 1), -1000), (date(1995, 1, 1), 600), (date(1996, 1, 1), 600)]
    x = lc.apr.annualized(flows, method)
    v = (-600 + math.sqrt(600**2 + 4 * 600 * 1000)) / 1200
    assert abs(float(x) - (1 / v - 1)) < 1e-10
    assert Decimal("0.1306623") <= x < Decimal("0.1306624")  # the directive's 7 digits
    assert round(x * 100, 2) == Decimal("13.07")


def test_eu_days_basis_counts_a_leap_year_as_366_days() -> None:
    # 1 September 2023 to 1 March 2024: no whole year; 182 days in the year to 1 March 2024,
    # which holds 29 February 2024, so t = 182/366 and X = 1.05^(366/182) - 1.
    flows = [(date(2023, 9, 1), -1000), (date(2024, 3, 1), 1050)]
    assert abs(float(lc.apr.annualized(flows, "eu-aprc")) - (1.05 ** (366 / 182) - 1)) < 1e-10
    # The months basis: 6 whole months, t = 0.5, X = 1.05^2 - 1 = 10.25 %.
    assert lc.apr.annualized(flows, "eu-aprc-months") == Decimal("0.1025")


# --------------------------------------------------------------------------------------
# US: Regulation Z, 12 CFR 1026 Appendix J (c), the published examples
# --------------------------------------------------------------------------------------


def _regz(advance: str, start: date, payments: list[tuple[date, str]]) -> list[tuple[date, str]]:
    return [(start, "-" + advance), *payments]


def _series(amount: str, dates: list[date]) -> list[tuple[date, str]]:
    return [(day, amount) for day in dates]


# Each example's dates are chosen to give the appendix's unit periods and odd days:
# (c)(1)(ii) first payment 1 month + 19 days after the advance (f = 19/30);
# (c)(1)(iii) semi-monthly, first payment 6 days after it (f = 6/15);
# (c)(1)(iv) quarterly, first payment 1 quarter + 1 month + 9 days (f = 39/90);
# (c)(1)(v) weekly, first payment 4 weeks + 4 days (f = 4/7); (c)(2)(ii) every 4 weeks,
# first payment 28 + 5 days (f = 5/28); (c)(3)(ii) every 2 weeks, first payment 8 days (f =
# 8/14); (c)(4)(ii) every 2 months, first payment 1 month + 22 days (f = 52/60).
_D = date(2024, 1, 10)
REG_Z_EXAMPLES = [
    ("c1-i", _regz("5000", _D, _series("230", _months(_D, 24))), 12, "9.69"),
    ("c1-ii", _regz("6000", date(2024, 1, 13),
                    _series("200", _months(date(2024, 2, 1), 36))), 12, "11.82"),
    ("c1-iii", _regz("5000", _D, _series("219.17", [lc.Frequency.SEMI_MONTHLY.step(
        date(2024, 1, 16), k) for k in range(24)])), 24, "10.34"),
    ("c1-iv", _regz("10000", date(2023, 12, 23),
                    _series("385", [lc.Frequency.QUARTERLY.step(date(2024, 5, 1), k)
                                    for k in range(40)])), 4, "8.97"),
    ("c1-v", _regz("500", _D, _series("17.60", [_D + timedelta(days=32 + 7 * k)
                                                for k in range(30)])), 52, "14.96"),
    ("c2-i", _regz("5000", _D, [(_months(_D, 1)[0], "250"),
                                *_series("230", _months(_D, 23, first=2))]), 12, "10.08"),
    ("c2-ii", _regz("400", _D, [(_D + timedelta(days=33), "39.50"),
                                *_series("38.31", [_D + timedelta(days=33 + 28 * k)
                                                   for k in range(1, 12)])]), 13, "28.50"),
    ("c3-i", _regz("5000", _D, [*_series("230", _months(_D, 23)),
                                (_months(_D, 1, first=24)[0], "280")]), 12, "10.50"),
    ("c3-ii", _regz("200", _D, [*_series("9.50", [_D + timedelta(days=8 + 14 * k)
                                                  for k in range(19)]),
                                (_D + timedelta(days=8 + 14 * 19), "30")]), 26, "12.22"),
    ("c4-i", _regz("5000", _D, [(_months(_D, 1)[0], "250"),
                                *_series("230", _months(_D, 22, first=2)),
                                (_months(_D, 1, first=24)[0], "280")]), 12, "10.90"),
    ("c4-ii", _regz("8000", date(2024, 1, 12),
                    [(date(2024, 3, 3), "449.36"),
                     *_series("465", [lc.Frequency.every_months(2).step(date(2024, 3, 3), k)
                                      for k in range(1, 19)]),
                     (lc.Frequency.every_months(2).step(date(2024, 3, 3), 19), "200")]),
     6, "7.30"),
]  # fmt: skip


# (c)(6)(i): every 4 weeks, payments 26 + 28 k days after the advance for k = 0..8, then
# 12 + 28 k for k = 10..15, 26 + 28 k for k = 16..21 and 12 + 28 k for k = 23..25.
_C6I = [(_D + timedelta(days=26 + 28 * k), "100") for k in range(9)]
_C6I += [(_D + timedelta(days=12 + 28 * k), "100") for k in range(10, 16)]
_C6I += [(_D + timedelta(days=26 + 28 * k), "100") for k in range(16, 22)]
_C6I += [(_D + timedelta(days=12 + 28 * k), "100") for k in range(23, 26)]
# (c)(6)(ii): monthly from an advance on 20 January; payments on the 1st are whole months
# + 12 days after it; 1,000 on 18 December 2025 is 22 months + 29 days after it.
_C6II = [(day, "1000") for day in _months(date(2024, 2, 1), 3, first=6)]
_C6II += [(date(2025, 2, 1), "2000")]
_C6II += [(day, "750") for day in _months(date(2024, 2, 1), 3, first=18)]
_C6II += [(date(2025, 12, 18), "1000")]
REG_Z_EXAMPLES += [
    ("c6-i", _regz("2135", _D, _C6I), 13, "12.00"),
    ("c6-ii", _regz("7350", date(2024, 1, 20), _C6II), 12, "10.22"),
]


@pytest.mark.parametrize(
    ("flows", "per_year", "published"),
    [example[1:] for example in REG_Z_EXAMPLES],
    ids=[example[0] for example in REG_Z_EXAMPLES],
)
def test_regulation_z_appendix_j_examples(
    flows: list[tuple[date, str]], per_year: int, published: str
) -> None:
    # Appendix J: the APR is correct when, rounded to 2 decimals, it equals the figure.
    apr = lc.apr.annualized(flows, "us-actuarial", periods_per_year=per_year)
    assert round(apr * 100, 2) == Decimal(published)


@pytest.mark.parametrize(
    ("start", "end", "repaid", "published"),
    [
        # (c)(5)(i): 255 days: i = 1080/1000 - 1 = 8 %, APR = 8 % x 365/255 = 11.45 %.
        (date(2024, 1, 10), date(2024, 9, 21), "1080", "11.45"),
        # (c)(5)(ii): 6 months: i = 4.4 %, 2 unit periods a year: 8.80 %.
        (date(2024, 1, 10), date(2024, 7, 10), "1044", "8.80"),
        # (c)(5)(iii): 18 months: (1 + 0.5 i)(1 + i) = 1.13519, i = 8.76 % a year.
        (date(2024, 1, 10), date(2025, 7, 10), "1135.19", "8.76"),
        # (c)(5)(iv): 2 years: (1 + i)^2 = 1.24, i = 11.36 %.
        (date(2024, 1, 10), date(2026, 1, 10), "1240", "11.36"),
    ],
)
def test_regulation_z_single_advance_single_payment(
    start: date, end: date, repaid: str, published: str
) -> None:
    flows = [(start, "-1000"), (end, repaid)]
    assert round(lc.apr.annualized(flows, "us-actuarial") * 100, 2) == Decimal(published)


def test_regulation_z_single_payment_closed_forms() -> None:
    # 255 days: 0.08 x 365 / 255 exactly; 18 months: 0.5 i^2 + 1.5 i + 1 - 1.13519 = 0.
    flows = [(date(2024, 1, 10), "-1000"), (date(2024, 9, 21), "1080")]
    assert lc.apr.annualized(flows, "us-actuarial") == round(Decimal("0.08") * 365 / 255, 12)
    flows = [(date(2024, 1, 10), "-1000"), (date(2025, 7, 10), "1135.19")]
    i = (-1.5 + math.sqrt(2.25 + 2 * 0.13519)) / 1.0
    assert abs(float(lc.apr.annualized(flows, "us-actuarial")) - i) < 1e-10


def _bisect(f: Callable[[float], float], low: float, high: float) -> float:
    """A root of ``f`` in [low, high] by plain bisection (an independent oracle)."""
    for _ in range(200):
        middle = (low + high) / 2
        if (f(low) > 0) == (f(middle) > 0):
            low = middle
        else:
            high = middle
    return (low + high) / 2


def test_regulation_z_odd_days_earn_simple_interest() -> None:
    # 1,000 advanced on 1 January, 550 on 16 February and 16 March: 1 month + 15 days and
    # 2 months + 15 days, f = 15/30 = 0.5 at simple interest, monthly unit period:
    # 1,000 = 550 / ((1 + 0.5 i)(1 + i)) + 550 / ((1 + 0.5 i)(1 + i)^2); APR = 12 i.
    flows = [(date(2024, 1, 1), -1000), (date(2024, 2, 16), 550), (date(2024, 3, 16), 550)]

    def simple(i: float) -> float:
        return 550 / ((1 + 0.5 * i) * (1 + i)) + 550 / ((1 + 0.5 * i) * (1 + i) ** 2) - 1000

    def compound(i: float) -> float:  # "nominal": the fraction compounds, (1 + i)^1.5
        return 550 * math.pow(1 + i, -1.5) + 550 * math.pow(1 + i, -2.5) - 1000

    us = lc.apr.annualized(flows, "us-actuarial")
    assert abs(float(us) - 12 * _bisect(simple, 0.0, 1.0)) < 1e-10
    nominal = lc.apr.annualized(flows, "nominal")
    assert abs(float(nominal) - 12 * _bisect(compound, 0.0, 1.0)) < 1e-10
    assert us != nominal


# --------------------------------------------------------------------------------------
# Rate caps
# --------------------------------------------------------------------------------------


def test_rate_cap_24_percent_and_4_lpr() -> None:
    card = lc.amortize(lc.LoanTerms(principal=12000, annual_rate=0, term=12, method="flat",
                                    start=date(2024, 1, 31),
                                    fees=lc.Fees(per_period_rate="0.6%")))  # fmt: skip
    within = lc.apr.check_rate_cap(card, "24%")
    assert (within.exceeded, within.excess, bool(within)) == (False, Decimal(0), True)
    # 4 x LPR at 3.1 % = 12.4 %: the card's 13.03 % (x12) exceeds it by 0.63 points.
    lpr = 4 * Decimal("0.031")
    over = lc.apr.check_rate_cap(card, lpr)
    assert over.exceeded
    assert over.excess == over.rate - lpr
    assert round(over.excess * 100, 2) == Decimal("0.63")
    effective = lc.apr.check_rate_cap(card, lpr, method="effective")
    assert round(effective.rate * 100, 2) == Decimal("13.84")


def test_rate_cap_accepts_objects_with_cash_flows() -> None:
    class Serviced:  # stands for a servicing LoanState: payments actually made
        def cash_flows(self) -> list[tuple[date, object]]:
            return [(date(2024, 1, 1), "-1000"), (date(2025, 1, 1), "1300")]

    check = lc.apr.check_rate_cap(Serviced(), "24%", method="eu-aprc")
    # 366 days in 2024: one whole year (1 Jan to 1 Jan), X = 1300/1000 - 1 = 30 %.
    assert check.rate == Decimal("0.3")
    assert check.exceeded
    assert check.excess == Decimal("0.06")


def test_rate_cap_rejects_a_negative_cap() -> None:
    with pytest.raises(lc.InvalidValueError, match="cap"):
        lc.apr.check_rate_cap([(date(2024, 1, 1), -1), (date(2024, 2, 1), 2)], "-1%")


# --------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("flows", [[100, 50], [-1, -2, 0], [0, 0], []])
def test_no_sign_change_means_no_rate(flows: list[int]) -> None:
    with pytest.raises(NoRateError, match="no rate exists"):
        lc.apr.irr(flows)


def test_no_root_means_no_rate() -> None:
    # -1 + 1 v - 1 v^2: discriminant 1 - 4 < 0, no real v, no rate (pyxirr agrees).
    assert pyxirr.irr([-1, 1, -1]) is None
    with pytest.raises(NoRateError, match="no rate exists"):
        lc.apr.irr([-1, 1, -1])
    assert lc.apr.irr_roots([-1, 1, -1]) == ()


def test_bad_values_are_named() -> None:
    with pytest.raises(lc.InvalidValueError, match=r"flows\[1\]"):
        lc.apr.irr([-1, "abc"])
    with pytest.raises(lc.InvalidValueError, match=r"flows\[0\]"):
        lc.apr.xirr([("2024-01-01", -1), (date(2024, 2, 1), 2)])  # type: ignore[list-item]
    with pytest.raises(lc.InvalidValueError, match="method"):
        lc.apr.annualized([(date(2024, 1, 1), -1), (date(2024, 2, 1), 2)], "simple")
    with pytest.raises(lc.InvalidValueError, match="periods_per_year"):
        lc.apr.annualized([(date(2024, 1, 1), -1), (date(2024, 2, 1), 2)], periods_per_year=7)
    for bad in ("NaN", "sNaN", "Infinity"):
        with pytest.raises(lc.InvalidValueError, match=r"flows\[1\]"):
            lc.apr.xirr([(date(2024, 1, 1), Decimal(-1)), (date(2024, 2, 1), Decimal(bad))])


def test_several_roots_are_all_reported_and_the_closest_to_zero_chosen() -> None:
    # -100 + 230 v - 132 v^2 = 0 at v = 1/1.1 and v = 1/1.2: rates 10 % and 20 %.
    assert lc.apr.irr_roots([-100, 230, -132]) == (Decimal("0.1"), Decimal("0.2"))
    assert lc.apr.irr([-100, 230, -132]) == Decimal("0.1")
    # 100 - 250 v + 156.25 v^2 = (10 - 12.5 v)^2: a double root at v = 0.8, r = 25 %.
    assert abs(lc.apr.irr([100, -250, "156.25"]) - Decimal("0.25")) < Decimal("1E-15")


def test_inputs_are_not_mutated() -> None:
    flows = [(date(2024, 1, 1), Decimal(-100)), (date(2025, 1, 1), Decimal(110))]
    copy = list(flows)
    lc.apr.xirr(flows)
    assert flows == copy


# --------------------------------------------------------------------------------------
# Properties against pyxirr and numpy-financial
# --------------------------------------------------------------------------------------

_amount = st.integers(min_value=-10_000, max_value=10_000).map(lambda n: Decimal(n) / 10)


@settings(max_examples=150, deadline=None)
@given(st.lists(_amount, min_size=2, max_size=24))
def test_irr_finds_a_root_wherever_the_oracles_do(amounts: list[Decimal]) -> None:
    flows = _periodic(amounts)
    has_signs = any(a > 0 for a in amounts) and any(a < 0 for a in amounts)
    try:
        ours: Decimal | None = lc.apr.irr(amounts)
    except NoRateError:
        ours = None
    if ours is not None:
        assert _is_root(ours, flows) or _brackets(ours, flows)
        assert ours in lc.apr.irr_roots(amounts) or not lc.apr.irr_roots(amounts)
    floats = [float(a) for a in amounts]
    numpy_rate = float(npf.irr(floats))
    if (
        math.isfinite(numpy_rate)
        and numpy_rate > -0.99
        and _is_root(Decimal(repr(numpy_rate)), flows, "1E-12")
    ):
        assert ours is not None, numpy_rate
        assert abs(ours) <= abs(Decimal(repr(numpy_rate))) + Decimal("1E-6")
    if has_signs:
        theirs = pyxirr.irr(floats)
        if (
            theirs is not None
            and -0.99 < theirs < 1e6
            and _is_root(Decimal(repr(theirs)), flows, "1E-12")
        ):
            assert ours is not None, theirs


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=100, max_value=10**9).map(lambda n: Decimal(n) / 100),
    st.lists(st.integers(min_value=0, max_value=10**8).map(lambda n: Decimal(n) / 100),
             min_size=1, max_size=40),
    st.lists(st.integers(min_value=1, max_value=400), min_size=40, max_size=40),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 1, 1)),
)  # fmt: skip
def test_xirr_of_a_loan_is_the_unique_root_within_1e_10(
    lent: Decimal, payments: list[Decimal], gaps: list[int], start: date
) -> None:
    assume(sum(payments) > 0)
    day, flows = start, [(start, -lent)]
    for payment, gap in zip(payments, gaps, strict=False):
        day += timedelta(days=gap)
        flows.append((day, payment))
    times = _dated(flows)
    # The search covers ln(1 + r) from ln(1e-9) to 21; a root beyond is reported as none.
    low, _ = _npv(Decimal("-0.999999999"), times)
    high, _ = _npv(Decimal(math.expm1(21)), times)
    if low * high > 0:
        try:  # Newton may still reach it, and then it lies outside that range too
            outside = lc.apr.xirr(flows)
        except NoRateError:
            return
        assert not Decimal("-0.999999999") < outside < Decimal(math.expm1(21))
        return
    rate = lc.apr.xirr(flows)
    # One sign change: exactly one root, and the NPV changes sign within 1e-10 of ours.
    assert _brackets(rate, times)
    theirs = pyxirr.xirr([(d, float(a)) for d, a in flows])
    if (
        theirs is not None
        and -0.99 < theirs < 1e6
        and _is_root(Decimal(repr(theirs)), times, "1E-12")
    ):
        assert abs(Decimal(repr(theirs)) - rate) <= Decimal("1E-6") * max(Decimal(1), abs(rate))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(min_value=0, max_value=3000), _amount), min_size=2,
             max_size=12),
)  # fmt: skip
def test_xirr_with_any_signs_agrees_with_pyxirr(pairs: list[tuple[int, Decimal]]) -> None:
    start = date(2020, 1, 1)
    flows = [(start + timedelta(days=offset), amount) for offset, amount in pairs]
    times = _dated(flows)
    try:
        ours: Decimal | None = lc.apr.xirr(flows)
    except NoRateError:
        ours = None
    if ours is not None:
        assert _is_root(ours, times) or _brackets(ours, times)
    if any(a > 0 for _, a in flows) and any(a < 0 for _, a in flows):
        theirs = pyxirr.xirr([(d, float(a)) for d, a in flows])
        if (
            theirs is not None
            and -0.99 < theirs < 1e6
            and _is_root(Decimal(repr(theirs)), times, "1E-12")
        ):
            assert ours is not None, theirs


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=100, max_value=10**8),
    st.sampled_from(["0%", "3.5%", "12%", "36%"]),
    st.integers(min_value=1, max_value=60),
    st.sampled_from(list(lc.Method)),
    st.integers(min_value=0, max_value=50),
)
def test_a_schedule_costs_its_rate_at_least(
    principal: int, rate: str, term: int, method: lc.Method, fee: int
) -> None:
    # Fees only add cost: with periodic accrual the nominal rate of a schedule is its
    # contract rate (within the cents of rounding), plus more for any fee.
    assume(method is not lc.Method.BALLOON)
    fees = lc.Fees(upfront=Decimal(fee) / 100)
    terms = lc.LoanTerms(principal=principal, annual_rate=rate, term=term, method=method,
                         start=date(2024, 1, 31), fees=fees)  # fmt: skip
    schedule = lc.amortize(terms)
    nominal = lc.apr.annualized(schedule)
    if method is lc.Method.FLAT or method is lc.Method.BULLET:
        assert nominal >= -Decimal("0.0001")
    else:
        assert nominal >= terms.annual_rate - Decimal("0.01")


@example(principal=1000, rate="12%", term=1, method=lc.Method.EQUAL_INSTALLMENT,
         start=date(2024, 1, 15), fee=468)  # fmt: skip
@settings(max_examples=60, deadline=None)
@given(
    principal=st.integers(min_value=1000, max_value=10**7),
    rate=st.sampled_from(["0%", "4.9%", "12%", "36%"]),
    term=st.integers(min_value=1, max_value=120),
    method=st.sampled_from(
        [lc.Method.EQUAL_INSTALLMENT, lc.Method.EQUAL_PRINCIPAL, lc.Method.FLAT]
    ),
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 12, 28)),
    fee=st.integers(min_value=0, max_value=500),
)
def test_monthly_schedule_nominal_is_irr_times_12(
    *, principal: int, rate: str, term: int, method: lc.Method, start: date, fee: int
) -> None:
    # Monthly due dates are whole months after the start, so the periods are 0, 1, 2...:
    # nominal = IRR x 12, effective = (1 + IRR)^12 - 1, and no odd days for Regulation Z.
    assume(start.day <= 28)
    fees = lc.Fees(upfront=fee, per_period=Decimal(fee) / 10)
    terms = lc.LoanTerms(principal=principal, annual_rate=rate, term=term, method=method,
                         start=start, fees=fees)  # fmt: skip
    schedule = lc.amortize(terms)
    amounts = [-(schedule.terms.principal - schedule.upfront_fee)]
    amounts += [row.payment for row in schedule.installments]
    assume(sum(amounts) > 0)
    monthly = lc.apr.irr(amounts)
    assert abs(lc.apr.annualized(schedule) - monthly * 12) <= Decimal("1E-9")
    assert abs(lc.apr.annualized(schedule, "us-actuarial") - monthly * 12) <= Decimal("1E-9")
    effective = lc.apr.annualized(schedule, "effective")
    # The periodic rates agree to 1e-10; (1 + r)^12 magnifies an error in r by its
    # derivative 12 (1 + r)^11 (about 22,800 for the 98.6 % a month of a loan whose fee
    # takes almost half of it), so the tolerance scales with it.
    tolerance = Decimal("1E-9") * (1 + 12 * (1 + monthly) ** 11)
    assert abs(effective - ((1 + monthly) ** 12 - 1)) <= tolerance


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(min_value=0, max_value=2000), _amount), min_size=2,
             max_size=10),
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=-3000, max_value=3000),
)  # fmt: skip
def test_xirr_ignores_scale_and_a_shift_of_every_date(
    pairs: list[tuple[int, Decimal]], scale: int, shift: int
) -> None:
    start = date(2020, 1, 1)
    flows = [(start + timedelta(days=d), a) for d, a in pairs]
    moved = [(day + timedelta(days=shift), amount * scale) for day, amount in flows]
    try:
        rate = lc.apr.xirr_roots(flows)
    except NoRateError:
        with pytest.raises(NoRateError):
            lc.apr.xirr_roots(moved)
        return
    again = lc.apr.xirr_roots(moved)
    assert len(again) == len(rate)
    assert all(abs(a - b) <= Decimal("1E-9") for a, b in zip(rate, again, strict=True))


@given(
    st.decimals(min_value=-1, max_value=10, places=6),
    st.decimals(min_value=0, max_value=10, places=6),
)
def test_rate_cap_check_excess_is_the_rate_above_the_cap(rate: Decimal, cap: Decimal) -> None:
    check = lc.apr.RateCapCheck(rate=rate, cap=cap, method="nominal")
    assert check.exceeded == (rate > cap)
    assert check.excess == (rate - cap if rate > cap else 0)
    assert bool(check) is not check.exceeded


@pytest.mark.parametrize("simple", [False, True])
def test_decimal_refinement_agrees_with_the_certified_float_root(simple: bool) -> None:
    # Regulation Z (c)(1)(ii) in unit periods: 6,000 at 0, 36 x 200 at 1 + 19/30 + k months
    # (numerators over 30). The float root is certified; refining it in Decimal from a
    # start 1e-6 away must land within 1e-12 of it.
    from loancalc.apr import _solver

    amounts = [Decimal(-6000)] + [Decimal(200)] * 36
    num = [0] + [30 * (k + 1) + 19 for k in range(36)]
    problem = _solver.problem(amounts, num, 30, simple=simple)
    root = _solver.unique_root(problem)
    assert root is not None
    refined = _solver._refine(problem, float(root) + 1e-6)
    assert refined is not None
    assert abs(refined - root) < Decimal("1E-12")
    if simple:
        assert round(root * 1200, 2) == Decimal("11.82")  # the published APR
