"""Annualised-rate conventions (issue 18, item 6): IRR and XIRR at full precision, the rate
of a loan repaid on the day at no cost, the error for flows of one sign, the EU APRC
counted in the unit period of the payments, and the UK reading of days / 365.

Oracles: numpy-financial and pyxirr (installed test dependencies), the worked examples of
Directive 98/7/EC Annex III (the Commission's examples, carried into 2008/48/EC), and
hand-worked arithmetic written out beside each figure.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import numpy_financial as npf
import pytest
import pyxirr
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.apr import FlowSignError, NoRateError
from loancalc.errors import InvalidValueError, UnknownNameError

_EXACT = decimal.Context(prec=60)
CONGRUENCE = [-40_000, 5_000, 8_000, 12_000, 30_000]  # numpy-financial's test_npv_irr_congruence


def _npv(rate: Decimal, flows: list[tuple[Fraction, Decimal]]) -> Decimal:
    """Net present value at ``rate`` of amounts at times in periods, at 60 digits."""
    with decimal.localcontext(_EXACT) as ctx:
        total = Decimal(0)
        log = (1 + rate).ln()
        for time, amount in flows:
            exponent = Decimal(time.numerator) / Decimal(time.denominator)
            total += amount * ctx.exp(-exponent * log)
        return total


def _solve(flows: list[tuple[Fraction, Decimal]], low: str = "-0.9", high: str = "10") -> Decimal:
    """The root by bisection at 60 digits (an oracle independent of loancalc's solver)."""
    lo, hi = Decimal(low), Decimal(high)
    with decimal.localcontext(_EXACT):
        sign_lo = _npv(lo, flows) > 0
        for _ in range(200):
            mid = (lo + hi) / 2
            if (_npv(mid, flows) > 0) == sign_lo:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2


def _periods(amounts: Sequence[int | Decimal]) -> list[tuple[Fraction, Decimal]]:
    return [(Fraction(k), Decimal(a)) for k, a in enumerate(amounts)]


# --------------------------------------------------------------------------------------
# Full precision
# --------------------------------------------------------------------------------------


def test_numpy_financial_congruence_within_1e_10() -> None:
    # numpy-financial's own test: npf.npv(npf.irr(flows), flows) == 0 to 1e-10.
    rate = lc.apr.irr(CONGRUENCE)
    assert abs(_npv(rate, _periods(CONGRUENCE))) <= Decimal("1E-10")
    assert abs(npf.npv(float(rate), CONGRUENCE)) <= 1e-10
    # Not rounded to 12 places: at 12 places the value would be about 1.1e-8 off zero.
    assert rate != round(rate, 12)
    assert abs(_npv(round(rate, 12), _periods(CONGRUENCE))) > Decimal("1E-9")
    assert abs(rate - Decimal(repr(npf.irr(CONGRUENCE)))) < Decimal("1E-14")


def test_xirr_congruence_and_pyxirr() -> None:
    start = date(2020, 1, 1)
    flows = [(start + timedelta(days=365 * k), Decimal(a)) for k, a in enumerate(CONGRUENCE)]
    rate = lc.apr.xirr(flows)
    times = [(Fraction((day - start).days, 365), amount) for day, amount in flows]
    assert abs(_npv(rate, times)) <= Decimal("1E-10")
    assert abs(rate - Decimal(repr(pyxirr.xirr(flows)))) < Decimal("1E-9")
    # 365-day years throughout: the same root as the IRR of yearly flows.
    assert abs(rate - lc.apr.irr(CONGRUENCE)) < Decimal("1E-20")


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1_000, max_value=10**8),
    st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=60),
)
def test_irr_of_a_loan_has_npv_within_1e_10(lent: int, cents: list[int]) -> None:
    payments = [Decimal(c) / 100 for c in cents]
    assume(sum(payments) > 0)
    flows = [Decimal(-lent) / 100, *payments]
    try:
        rate = lc.apr.irr(flows)
    except NoRateError:  # a root beyond the searched range (a tiny repayment)
        return
    assume(rate > Decimal("-0.99"))
    assert abs(_npv(rate, _periods(flows))) <= Decimal("1E-10")


def test_exact_roots_come_out_exact() -> None:
    # -100 + 230 v - 132 v^2 = 0 at 1 + r = 1.1 and 1.2.
    assert lc.apr.irr_roots([-100, 230, -132]) == (Decimal("0.1"), Decimal("0.2"))
    # 1000 now, 1100 in 365 days: 10 % exactly.
    assert lc.apr.xirr([(date(2023, 1, 1), -1000), (date(2024, 1, 1), 1100)]) == Decimal("0.1")


# --------------------------------------------------------------------------------------
# Repaid on the day at no cost; flows of one sign
# --------------------------------------------------------------------------------------

_DAY = date(2024, 3, 1)
_SAME_DAY = [(_DAY, Decimal(-500)), (_DAY, Decimal(500))]


@pytest.mark.parametrize("method", lc.apr.METHODS)
def test_a_loan_repaid_on_the_day_at_no_cost_has_an_apr_of_0(method: str) -> None:
    assert lc.apr.annualized(_SAME_DAY, method) == 0
    assert lc.apr.check_rate_cap(_SAME_DAY, 0, method=method).exceeded is False


@pytest.mark.parametrize("unit", lc.apr.TIME_UNITS)
def test_same_day_at_no_cost_is_0_in_every_time_unit(unit: str) -> None:
    assert lc.apr.annualized(_SAME_DAY, "eu-aprc", time_unit=unit) == 0


def test_same_day_xirr_and_roots() -> None:
    assert lc.apr.xirr(_SAME_DAY) == 0
    assert lc.apr.xirr_roots(_SAME_DAY) == (Decimal(0),)
    schedule = lc.amortize(lc.LoanTerms(principal=500, annual_rate=0, term=1, start=_DAY))
    assert lc.apr.annualized(schedule, "eu-aprc") == 0  # repaid a month later, no cost


@pytest.mark.parametrize(
    ("flows", "netted"),
    [
        ([100, 50], ("100", "50")),
        ([-1, -2, 0], ("-1", "-2", "0")),
        ([0, 0], ("0", "0")),
        ([], ()),
    ],
)
def test_flows_of_one_sign_name_the_field_the_value_and_what_is_accepted(
    flows: list[int], netted: tuple[str, ...]
) -> None:
    with pytest.raises(FlowSignError) as caught:
        lc.apr.irr(flows)
    error = caught.value
    assert isinstance(error, InvalidValueError)
    assert isinstance(error, NoRateError)
    assert error.field == "flows"
    assert error.value == netted
    assert "at least one amount below 0" in error.accepted
    assert "no rate exists" in str(error)


def test_flows_netting_to_one_sign_on_a_date_say_so() -> None:
    # Both signs are given, but 1 March nets to +50 and 1 April is +10: all money in.
    flows = [(_DAY, -100), (_DAY, 150), (date(2024, 4, 1), 10)]
    with pytest.raises(FlowSignError) as caught:
        lc.apr.xirr(flows)
    assert caught.value.value == ("50", "10")
    assert "netted date by date" in caught.value.accepted
    with pytest.raises(FlowSignError):
        lc.apr.annualized(flows, "eu-aprc")


def test_no_flows_from_an_object() -> None:
    class Nothing:
        def cash_flows(self) -> list[tuple[date, object]]:
            return []

    with pytest.raises(FlowSignError, match="flows: got"):
        lc.apr.xirr(Nothing())


# --------------------------------------------------------------------------------------
# The EU APRC in the unit period of the payments
# --------------------------------------------------------------------------------------

_EXAMPLE_1 = [(date(1994, 1, 1), -1000), (date(1995, 7, 1), 1200)]
_EXAMPLE_2 = [(date(1994, 1, 1), -950), (date(1995, 7, 1), 1200)]
_EXAMPLE_3 = [(date(1994, 1, 1), -1000), (date(1995, 1, 1), 600), (date(1996, 1, 1), 600)]


def test_directive_98_7_annex_iii_calendar_examples() -> None:
    # 98/7/EC Annex III A (carried into 2008/48/EC): example 1, 12.96 %; example 2 (50
    # kept back), 16.9 %; example 3 (two yearly instalments of 600), i = 0.1306623.
    assert round(lc.apr.annualized(_EXAMPLE_1, "eu-aprc") * 100, 2) == Decimal("12.96")
    assert round(lc.apr.annualized(_EXAMPLE_2, "eu-aprc") * 100, 1) == Decimal("16.9")
    yearly = lc.apr.annualized(_EXAMPLE_3, "eu-aprc", time_unit="payments", periods_per_year=1)
    # The Annex prints the first seven places of 0.13066238...
    assert yearly.quantize(Decimal("1E-7"), rounding=decimal.ROUND_DOWN) == Decimal("0.1306623")
    # Yearly instalments are the same in every unit that counts whole years exactly.
    for unit in ("year", "month"):
        assert lc.apr.annualized(_EXAMPLE_3, "eu-aprc", time_unit=unit) == yearly


def test_default_eu_aprc_is_unchanged_and_equals_year() -> None:
    for flows in (_EXAMPLE_1, _EXAMPLE_2, _EXAMPLE_3):
        default = lc.apr.annualized(flows, "eu-aprc")
        assert default == lc.apr.annualized(flows, "eu-aprc", time_unit="year")


def test_example_1_in_equal_months() -> None:
    # 1 January 1994 to 1 July 1995 is 18 whole months = 1.5 years of 12 equal months:
    # 1000 (1 + X)^1.5 = 1200, X = 1.2^(2/3) - 1 = 0.129243... (12.92 %).
    rate = lc.apr.annualized(_EXAMPLE_1, "eu-aprc", time_unit="month")
    with decimal.localcontext(_EXACT):
        expected = Decimal("1.2") ** (Decimal(2) / 3) - 1
    assert abs(rate - expected) < Decimal("1E-12")
    # ... and the existing "eu-aprc-months" basis agrees when there are no odd days.
    assert rate == lc.apr.annualized(_EXAMPLE_1, "eu-aprc-months")


def test_weeks_count_52_to_the_year() -> None:
    # 1000 lent, 1100 repaid 364 days (52 weeks) later.
    flows = [(date(2023, 1, 2), -1000), (date(2024, 1, 1), 1100)]
    assert lc.apr.annualized(flows, "eu-aprc", time_unit="week") == Decimal("0.1")  # t = 1
    # In days: t = 364 / 365 (2023 has 365 days), X = 1.1^(365/364) - 1.
    with decimal.localcontext(_EXACT):
        by_days = Decimal("1.1") ** (Decimal(365) / 364) - 1
    assert abs(lc.apr.annualized(flows, "eu-aprc") - by_days) < Decimal("1E-12")


def test_odd_days_are_counted_back_from_the_drawdown() -> None:
    # Drawdown 10 January 2024, payments on 1 March and 1 April 2024. In months counted
    # back from each payment: 1 March = 1 month (back to 1 February) + 22 days; 1 April =
    # 2 months + 22 days. The 22 days over the year counted back from 1 February 2024,
    # 365 days: t = 1/12 + 22/365 and 2/12 + 22/365.
    flows = [(date(2024, 1, 10), Decimal(-1000)), (date(2024, 3, 1), Decimal(510)),
             (date(2024, 4, 1), Decimal(510))]  # fmt: skip
    times = [
        (Fraction(0), Decimal(-1000)),
        (Fraction(1, 12) + Fraction(22, 365), Decimal(510)),
        (Fraction(2, 12) + Fraction(22, 365), Decimal(510)),
    ]
    rate = lc.apr.annualized(flows, "eu-aprc", time_unit="month")
    assert abs(rate - _solve(times)) < Decimal("1E-11")
    # In weeks: 51 days = 7 weeks + 2 days; 82 days = 11 weeks + 5 days. The odd days end
    # on 12 and 15 January 2024, whose years back hold 365 days.
    weeks = [
        (Fraction(0), Decimal(-1000)),
        (Fraction(7, 52) + Fraction(2, 365), Decimal(510)),
        (Fraction(11, 52) + Fraction(5, 365), Decimal(510)),
    ]
    assert abs(lc.apr.annualized(flows, "eu-aprc", time_unit="week") - _solve(weeks)) < Decimal(
        "1E-11"
    )


def test_odd_days_in_a_leap_year_count_over_366() -> None:
    # Drawdown 10 February 2024, payment 1 April 2024: 1 month back to 1 March, then 20
    # days over the year counted back from 1 March 2024 (1 March 2023: 366 days, it holds
    # 29 February 2024). t = 1/12 + 20/366.
    flows = [(date(2024, 2, 10), Decimal(-1000)), (date(2024, 4, 1), Decimal(1020))]
    with decimal.localcontext(_EXACT):
        t = Decimal(1) / 12 + Decimal(20) / 366
        expected = Decimal("1.02") ** (1 / t) - 1
    rate = lc.apr.annualized(flows, "eu-aprc", time_unit="month")
    assert abs(rate - expected) < Decimal("1E-11")


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from([(1, "year"), (4, "month"), (12, "month"), (52, "week"), (26, "week")]),
    st.integers(min_value=2, max_value=30),
    st.integers(min_value=1, max_value=30_00).map(lambda n: Decimal(n) / 100),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
)
def test_whole_periods_give_the_compounded_period_rate(
    frequency: tuple[int, str], count: int, rate_percent: Decimal, start: date
) -> None:
    # Payments exactly k periods after the drawdown: t = k / m, so (1 + X) = (1 + irr)^m.
    # (A start after the 28th is moved to the 28th: a due date clamped to a month's end,
    # 29 February for a start on 30 January, is not a whole month back from the next.)
    start = start.replace(day=min(start.day, 28))
    per_year, _ = frequency
    schedule = lc.amortize(lc.LoanTerms(
        principal=10_000, annual_rate=rate_percent / 100, term=count, start=start,
        frequency={1: "yearly", 4: "quarterly", 12: "monthly", 52: "weekly",
                   26: "biweekly"}[per_year],
    ))  # fmt: skip
    amounts = [amount for _, amount in lc.apr.cash_flows(schedule)]
    period_rate = lc.apr.irr(amounts)
    with decimal.localcontext(_EXACT):
        expected = (1 + period_rate) ** per_year - 1
    ours = lc.apr.annualized(schedule, "eu-aprc", time_unit="payments")
    assert abs(ours - expected) < Decimal("1E-11")


@settings(max_examples=40, deadline=None)
@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2050, 1, 1)),
    st.lists(st.integers(min_value=1, max_value=200), min_size=1, max_size=12),
    st.integers(min_value=100, max_value=5_000),
)
def test_days_365_is_xirr_and_pyxirr(start: date, gaps: list[int], lent: int) -> None:
    # The UK reading of FSharp.Finance.Personal: t = days / 365 from the drawdown, which
    # is what XIRR (Excel, pyxirr) counts.
    day, flows = start, [(start, Decimal(-lent))]
    for gap in gaps:
        day += timedelta(days=gap)
        flows.append((day, Decimal(lent) / len(gaps) * Decimal("1.05")))
    ours = lc.apr.annualized(flows, "eu-aprc", time_unit="days-365")
    assert abs(ours - lc.apr.xirr(flows)) <= Decimal("1E-12")
    theirs = pyxirr.xirr([(d, float(a)) for d, a in flows])
    assert theirs is not None
    assert abs(ours - Decimal(repr(theirs))) < Decimal("1E-7") * max(Decimal(1), ours)


def test_days_365_differs_from_the_directive_over_a_leap_year() -> None:
    # 1000 lent 1 January 2024, 1100 repaid 1 January 2025 (366 days). The Directive (and
    # the FCA's CONC App 1.2): one whole year, 10 %. Days / 365: t = 366 / 365,
    # X = 1.1^(365/366) - 1 = 9.9714 %.
    flows = [(date(2024, 1, 1), -1000), (date(2025, 1, 1), 1100)]
    assert lc.apr.annualized(flows, "eu-aprc") == Decimal("0.1")
    with decimal.localcontext(_EXACT):
        expected = Decimal("1.1") ** (Decimal(365) / 366) - 1
    assert abs(lc.apr.annualized(flows, "eu-aprc", time_unit="days-365") - expected) < Decimal(
        "1E-12"
    )


def test_check_rate_cap_takes_the_time_unit() -> None:
    check = lc.apr.check_rate_cap(_EXAMPLE_1, "12.95%", method="eu-aprc", time_unit="month")
    assert not check.exceeded  # 12.92 % in months; 12.96 % in days would exceed it
    assert lc.apr.check_rate_cap(_EXAMPLE_1, "12.95%", method="eu-aprc").exceeded


def test_bad_time_units_are_named() -> None:
    with pytest.raises(InvalidValueError) as caught:
        lc.apr.annualized(_EXAMPLE_1, "nominal", time_unit="month")
    assert caught.value.field == "time_unit"
    with pytest.raises(UnknownNameError) as unknown:
        lc.apr.annualized(_EXAMPLE_1, "eu-aprc", time_unit="fortnight")
    assert unknown.value.field == "time_unit"
    assert "days-365" in unknown.value.accepted
    with pytest.raises(InvalidValueError) as per_year:
        lc.apr.annualized(_EXAMPLE_1, "eu-aprc", 24, time_unit="payments")
    assert per_year.value.field == "periods_per_year"
    with pytest.raises(UnknownNameError):
        lc.apr.annualized(_EXAMPLE_1, "eu-aprc", time_unit=12)  # type: ignore[arg-type]
