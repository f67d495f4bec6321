"""amortize(): published figures, an independent Fraction reference and numpy-financial."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

import numpy_financial as npf
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import loancalc as lc
import reference
from reference import (
    annuity_payment,
    cents,
    dec,
    equal_installment,
    equal_principal,
    equal_principal_daily,
    exact,
    monthly_due_dates,
    overshoots,
)

START = date(2024, 1, 15)


def terms(**changes: object) -> lc.LoanTerms:
    values: dict[str, object] = {
        "principal": "1000000",
        "annual_rate": "4.9%",
        "term": 360,
        "start": START,
    }
    values.update(changes)
    return lc.LoanTerms(**values)  # type: ignore[arg-type]


# --- Published figures (docs/rules.md, 'Repayment methods') --------------------------------


def test_equal_installment_published_monthly_payment() -> None:
    # 1,000,000 at 4.9 % over 360 months: 5,307.27 a month (published bank figure).
    schedule = lc.amortize(terms())
    assert {i.payment for i in schedule.installments[:-1]} == {Decimal("5307.27")}
    assert schedule.installments[0].interest == Decimal("4083.33")  # 1e6 x 0.049 / 12


def test_equal_installment_total_interest_is_the_per_instalment_rounded_figure() -> None:
    # docs/rules.md: 910,616.19 by the unrounded payment x 360, 910,617.20 by the rounded
    # payment x 360; loancalc reports per-instalment rounding with the last instalment
    # absorbing the residue, checked here against the independent Fraction reference.
    schedule = lc.amortize(terms())
    exact_payment = annuity_payment(Fraction(1_000_000), Fraction(49, 12000), 360)
    assert cents(360 * exact_payment - 1_000_000) == Fraction(91061619, 100)
    assert 360 * cents(exact_payment) - 1_000_000 == Fraction(91061720, 100)
    rows = equal_installment(Fraction(1_000_000), Fraction(49, 12000), 360)
    expected = sum((interest for _, _, interest in rows), Fraction(0))
    assert schedule.total_interest == dec(expected)
    assert schedule.total_payment == dec(sum((payment for payment, _, _ in rows), Fraction(0)))


def test_equal_principal_published_first_month_and_monthly_fall() -> None:
    # First month 6,861.11 = 2,777.78 + 4,083.33, falling by about 11.34 a month
    # (2,777.78 x 0.049 / 12 = 11.3426...).
    schedule = lc.amortize(terms(method="equal-principal"))
    first = schedule.installments[0]
    assert (first.principal, first.interest, first.payment) == (
        Decimal("2777.78"),
        Decimal("4083.33"),
        Decimal("6861.11"),
    )
    rows = schedule.installments[:-1]
    falls = {a.payment - b.payment for a, b in pairwise(rows)}
    assert falls <= {Decimal("11.34"), Decimal("11.35")}


def test_equal_principal_total_interest_close_to_the_unrounded_formula() -> None:
    # Unrounded total interest P i (n+1) / 2 = 737,041.67; per-instalment rounding moves it
    # by less than half a cent per instalment.
    schedule = lc.amortize(terms(method="equal-principal"))
    unrounded = Fraction(1_000_000) * Fraction(49, 12000) * 361 / 2
    assert cents(unrounded) == Fraction(73704167, 100)
    assert abs(Fraction(schedule.total_interest) - unrounded) <= Fraction(360, 200)
    rows = equal_principal(Fraction(1_000_000), Fraction(49, 12000), 360)
    assert schedule.total_interest == dec(sum((r[2] for r in rows), Fraction(0)))


def exact_terms(
    principal: Fraction, annual: Fraction, periods: int, **changes: object
) -> lc.LoanTerms:
    """Terms whose principal and annual rate are the given exact fractions."""
    values: dict[str, object] = {
        "principal": dec(principal),
        "annual_rate": Decimal(annual.numerator) / annual.denominator,
        "term": periods,
        "start": START,
    }
    values.update(changes)
    return lc.LoanTerms(**values)  # type: ignore[arg-type]


# --- Independent reference over generated inputs ---------------------------------------------

amounts = st.integers(min_value=1, max_value=10**14).map(lambda c: Fraction(c, 100))
monthly_rates = st.integers(min_value=0, max_value=100_000).map(lambda bp: Fraction(bp, 10**4))


@given(principal=amounts, annual=monthly_rates, periods=st.integers(1, 480))
def test_equal_installment_matches_the_fraction_reference(
    principal: Fraction, annual: Fraction, periods: int
) -> None:
    schedule = lc.amortize(exact_terms(principal, annual, periods))
    reference = equal_installment(principal, annual / 12, periods)
    assume(not overshoots(reference, principal))  # tested on its own below
    got = [(i.payment, i.principal, i.interest) for i in schedule.installments]
    assert got == [(dec(p), dec(r), dec(i)) for p, r, i in reference]


@given(principal=amounts, annual=monthly_rates, periods=st.integers(1, 480))
def test_equal_principal_matches_the_fraction_reference(
    principal: Fraction, annual: Fraction, periods: int
) -> None:
    assume(cents(principal / periods) * (periods - 1) <= principal)  # tested on its own below
    schedule = lc.amortize(exact_terms(principal, annual, periods, method="equal-principal"))
    reference = equal_principal(principal, annual / 12, periods)
    got = [(i.payment, i.principal, i.interest) for i in schedule.installments]
    assert got == [(dec(p), dec(r), dec(i)) for p, r, i in reference]


@given(
    principal=st.integers(100, 10**9),
    basis_points=st.integers(1, 5000),
    periods=st.integers(2, 480),  # with one period the only instalment is the last (residue)
)
def test_equal_installment_payment_equals_numpy_financial_pmt(
    principal: int, basis_points: int, periods: int
) -> None:
    rate = Decimal(basis_points) / 10000
    reference = equal_installment(Fraction(principal), Fraction(basis_points, 120000), periods)
    assume(not overshoots(reference, Fraction(principal)))  # tested on its own below
    payment = (
        lc.amortize(lc.LoanTerms(principal=principal, annual_rate=rate, term=periods, start=START))
        .installments[0]
        .payment
    )
    monthly = float(rate) / 12
    oracle = float(-npf.pmt(monthly, periods, principal))
    # The float formula loses digits to cancellation in 1 - (1+i)^-n ~ n i for small n i:
    # allow that much float error around the half-cent rounding boundary.
    float_error = abs(oracle) * 1e-13 / min(1.0, periods * monthly)
    assert abs(payment - Decimal(oracle)) <= Decimal("0.005") + Decimal(float_error)


@given(
    principal=st.integers(1000, 10**8),
    basis_points=st.integers(1, 3000),
    periods=st.integers(2, 360),
    share=st.integers(0, 100),
)
def test_balloon_payment_equals_numpy_financial_pmt_with_future_value(
    principal: int, basis_points: int, periods: int, share: int
) -> None:
    balloon = Decimal(principal * share) / 100
    rate = Decimal(basis_points) / 10000
    reference = equal_installment(
        Fraction(principal), Fraction(basis_points, 120000), periods, Fraction(balloon)
    )
    assume(not overshoots(reference, Fraction(principal)))  # tested on its own
    schedule = lc.amortize(
        lc.LoanTerms(
            principal=principal,
            annual_rate=rate,
            term=periods,
            start=START,
            method="balloon",
            balloon=balloon,
        )
    )
    monthly = float(rate) / 12
    oracle = float(-npf.pmt(monthly, periods, principal, -float(balloon)))
    float_error = abs(oracle) * 1e-13 / min(1.0, periods * monthly)
    payment = schedule.installments[0].payment
    assert abs(payment - Decimal(oracle)) <= Decimal("0.005") + Decimal(float_error)
    got = [(i.payment, i.principal, i.interest) for i in schedule.installments]
    assert got == [(dec(p), dec(r), dec(i)) for p, r, i in reference]


def test_due_dates_follow_month_ends() -> None:
    schedule = lc.amortize(terms(start=date(2024, 1, 31), term=14))
    assert [i.due_date for i in schedule.installments] == monthly_due_dates(date(2024, 1, 31), 14)
    assert schedule.installments[0].due_date == date(2024, 2, 29)
    assert schedule.installments[1].due_date == date(2024, 3, 31)
    assert schedule.installments[12].due_date == date(2025, 2, 28)


# --- Accrual, irregular first period, grace, fees ---------------------------------------------


def test_daily_accrual_charges_actual_days_on_the_balance() -> None:
    schedule = lc.amortize(terms(term=12, accrual="daily", day_count="act/360"))
    balance = Fraction(1_000_000)
    for row in schedule.installments:
        days = (row.due_date - row.start).days
        assert row.days == days
        assert row.interest == dec(cents(balance * Fraction(49, 1000) * days / 360))
        balance -= Fraction(row.principal)
    assert balance == 0
    # Level payment except the last (31-, 29- and 30-day months all pay the same).
    assert len({i.payment for i in schedule.installments[:-1]}) == 1


def test_daily_accrual_365_day_basis() -> None:
    schedule = lc.amortize(
        terms(term=3, accrual="daily", day_count="act/365f", principal=36500, annual_rate="10%")
    )
    # 15 Jan -> 15 Feb is 31 days: 36,500 x 10 % x 31 / 365 = 310.00.
    assert schedule.installments[0].interest == Decimal("310.00")


def test_irregular_long_first_period_charges_its_days_and_keeps_later_payments_level() -> None:
    regular = lc.amortize(terms(term=12, principal=120000, annual_rate="12%"))
    irregular = lc.amortize(
        terms(term=12, principal=120000, annual_rate="12%", first_due=date(2024, 3, 1))
    )
    first = irregular.installments[0]
    # 15 Jan -> 1 Mar = 46 days; 120,000 x 12 % x 46 / 360 = 1,840.00.
    assert first.days == 46
    assert first.interest == Decimal("1840.00")
    assert first.principal == regular.installments[0].principal
    assert first.payment == regular.installments[0].payment + Decimal("1840.00") - Decimal(
        "1200.00"
    )
    assert [i.payment for i in irregular.installments[1:-1]] == [
        i.payment for i in regular.installments[1:-1]
    ]
    assert irregular.installments[1].due_date == date(2024, 4, 1)


def test_short_first_period_under_equal_principal() -> None:
    schedule = lc.amortize(
        terms(
            term=4,
            principal=4000,
            annual_rate="36%",
            method="equal-principal",
            first_due=date(2024, 2, 1),
        )
    )
    # 15 Jan -> 1 Feb = 17 days: 4,000 x 36 % x 17 / 360 = 68.00; then 3,000 x 3 % = 90.00.
    assert [i.interest for i in schedule.installments[:2]] == [Decimal("68.00"), Decimal("90.00")]
    assert [i.principal for i in schedule.installments] == [Decimal("1000.00")] * 4


def test_principal_grace_pays_interest_only_then_amortises_over_the_rest() -> None:
    schedule = lc.amortize(
        terms(term=12, principal=12000, annual_rate="12%", grace_principal_periods=3)
    )
    assert [i.payment for i in schedule.installments[:3]] == [Decimal("120.00")] * 3
    assert [i.principal for i in schedule.installments[:3]] == [Decimal(0)] * 3
    expected = cents(Fraction(12000) * Fraction(1, 100) / (1 - Fraction(101, 100) ** -9))
    assert schedule.installments[3].payment == dec(expected)


def test_interest_grace_capitalises_into_the_balance() -> None:
    schedule = lc.amortize(
        terms(term=6, principal=10000, annual_rate="12%", grace_interest_periods=2)
    )
    first, second, third = schedule.installments[:3]
    assert (first.payment, first.capitalized_interest, first.closing_balance) == (
        Decimal("0.00"),
        Decimal("100.00"),
        Decimal("10100.00"),
    )
    assert (second.capitalized_interest, second.closing_balance) == (
        Decimal("101.00"),
        Decimal("10201.00"),
    )
    expected = cents(Fraction(10201) * Fraction(1, 100) / (1 - Fraction(101, 100) ** -4))
    assert third.payment == dec(expected)
    assert schedule.total_principal == Decimal("10201.00")
    assert schedule.total_capitalized_interest == Decimal("201.00")


def test_interest_grace_spread_over_the_amortising_instalments() -> None:
    schedule = lc.amortize(
        terms(
            term=5,
            principal=10000,
            annual_rate="12%",
            method="equal-principal",
            grace_interest_periods=2,
            grace_interest_mode="spread",
        )
    )
    # Deferred 100 + 100 = 200, shared by the 3 amortising instalments: 66.66, 66.66, 66.68.
    interests = [i.interest for i in schedule.installments]
    assert interests[:2] == [Decimal(0), Decimal(0)]
    balances = [Decimal("10000"), Decimal("6666.67"), Decimal("3333.34")]
    shares = [Decimal("66.66"), Decimal("66.66"), Decimal("66.68")]
    assert interests[2:] == [
        (b * Decimal("0.01")).quantize(Decimal("0.01")) + s
        for b, s in zip(balances, shares, strict=True)
    ]


def test_card_instalment_fee_on_original_principal() -> None:
    # 12,000 over 12 periods, 0.6 % a month on the original principal: 72 a period.
    schedule = lc.amortize(
        terms(
            term=12,
            principal=12000,
            annual_rate=0,
            method="equal-principal",
            fees=lc.Fees(per_period_rate="0.6%", upfront=50),
        )
    )
    assert {i.fee for i in schedule.installments} == {Decimal("72.00")}
    assert {i.payment for i in schedule.installments} == {Decimal("1072.00")}
    assert schedule.upfront_fee == Decimal("50.00")
    assert schedule.total_fees == Decimal("914.00")  # 12 x 72 + 50


def test_flat_method_charges_interest_on_the_original_principal() -> None:
    schedule = lc.amortize(terms(term=12, principal=12000, annual_rate="7.2%", method="flat"))
    assert {i.interest for i in schedule.installments} == {Decimal("72.00")}
    assert schedule.total_interest == Decimal("864.00")


def test_bullet_is_simple_interest_at_maturity() -> None:
    schedule = lc.amortize(
        terms(
            term=12, principal=10000, annual_rate="6%", method="bullet", fees=lc.Fees(per_period=5)
        )
    )
    (only,) = schedule.installments
    assert only.due_date == date(2025, 1, 15)
    assert only.interest == Decimal("600.00")  # 10,000 x (1 + 6 % x 1 year)
    assert only.fee == Decimal("60.00")  # 12 periods x 5
    assert only.payment == Decimal("10660.00")


def test_interest_only_repays_principal_last() -> None:
    schedule = lc.amortize(terms(term=6, principal=50000, annual_rate="6%", method="interest-only"))
    assert [i.principal for i in schedule.installments] == [Decimal(0)] * 5 + [Decimal(50000)]
    assert {i.interest for i in schedule.installments} == {Decimal("250.00")}


# --- Rounding policy -----------------------------------------------------------------------------


def test_whole_unit_rounding_keeps_payments_whole_except_the_last() -> None:
    schedule = lc.amortize(
        terms(term=12, principal=10000, annual_rate="10%", rounding=lc.Rounding(increment=1))
    )
    payments = [i.payment for i in schedule.installments]
    assert all(p == p.to_integral_value() for p in payments[:-1])
    assert schedule.total_principal == 10000


def test_rounding_up_that_would_overshoot_falls_back_to_rounding_toward_zero() -> None:
    # 0.05 over 7 periods: 0.05 / 7 = 0.00714 rounds half-up to 0.01, and 6 x 0.01 > 0.05.
    schedule = lc.amortize(terms(term=7, principal="0.05", annual_rate=0, method="equal-principal"))
    assert [i.principal for i in schedule.installments] == [Decimal("0.00")] * 6 + [Decimal("0.05")]
    annuity = lc.amortize(terms(term=7, principal="0.05", annual_rate=0))
    assert all(i.principal >= 0 for i in annuity.installments)
    assert annuity.total_principal == Decimal("0.05")


def test_half_even_rounding_mode_is_used_for_interest() -> None:
    # 1,000.50 at 1 % a month: 10.005 -> 10.00 half-even, 10.01 half-up.
    base = {"term": 2, "principal": "1000.50", "annual_rate": "12%"}
    even = lc.amortize(terms(**base, rounding=lc.Rounding(mode="half-even")))
    up = lc.amortize(terms(**base))
    assert even.installments[0].interest == Decimal("10.00")
    assert up.installments[0].interest == Decimal("10.01")


def test_global_decimal_context_is_untouched() -> None:
    import decimal

    with decimal.localcontext() as context:
        context.prec = 3
        context.rounding = decimal.ROUND_FLOOR
        schedule = lc.amortize(terms())
        assert context.prec == 3
        assert context.rounding == decimal.ROUND_FLOOR
    assert schedule.installments[0].payment == Decimal("5307.27")


# --- Errors ------------------------------------------------------------------------------------


def test_amortize_rejects_what_is_not_terms() -> None:
    with pytest.raises(lc.InvalidValueError, match="terms"):
        lc.amortize({"principal": 1})  # type: ignore[arg-type]


def test_business_day_adjustment_moves_due_dates_and_days() -> None:
    rule = lc.BusinessDays(convention="following", holidays={date(2024, 4, 15)})
    schedule = lc.amortize(terms(term=4, business_days=rule, accrual="daily"))
    due = [i.due_date for i in schedule.installments]
    # 15 Feb (Thu), 15 Mar (Fri), 15 Apr is a holiday (Mon) -> 16 Apr, 15 May (Wed).
    assert due == [date(2024, 2, 15), date(2024, 3, 15), date(2024, 4, 16), date(2024, 5, 15)]
    assert [i.days for i in schedule.installments] == [31, 29, 32, 29]


def test_business_day_rule_that_collapses_due_dates_is_rejected() -> None:
    holidays = {date(2024, 1, 15) + (date(2024, 1, 2) - date(2024, 1, 1)) * k for k in range(1, 30)}
    rule = lc.BusinessDays(convention="preceding", holidays=holidays)
    with pytest.raises(lc.InvalidValueError, match="business_days"):
        lc.amortize(terms(term=3, frequency="weekly", business_days=rule))


def test_interest_on_an_exact_half_cent_rounds_half_up() -> None:
    # 2.40 x 2.5 % / 12 = 0.005 exactly: half-up gives 0.01 (a 40-digit rate 0.0020833...
    # would give 0.004999... and round to 0.00).
    schedule = lc.amortize(
        terms(principal="2.5", annual_rate="2.5%", term=24, method="equal-principal")
    )
    second = schedule.installments[1]
    assert (second.opening_balance, second.interest) == (Decimal("2.40"), Decimal("0.01"))


def test_compounding_rounding_lowers_the_level_payment_instead_of_overpaying() -> None:
    # 1,000 at 25.3 % over 285 months: the exact annuity 21.1386... rounds up to 21.14, and
    # that schedule would repay the loan before month 285 (the Fraction reference shows it).
    principal, rate = Fraction(1000), Fraction(253, 12000)
    assert cents(annuity_payment(principal, rate, 285)) == Fraction(2114, 100)
    assert overshoots(equal_installment(principal, rate, 285), principal)
    schedule = lc.amortize(terms(principal=1000, annual_rate="25.3%", term=285))
    payments = {i.payment for i in schedule.installments[:-1]}
    assert payments == {Decimal("21.13")}
    assert schedule.installments[-1].payment > Decimal("21.13")
    assert schedule.total_principal == 1000


def test_tiny_balance_whose_interest_rounds_to_nothing_keeps_payments_level() -> None:
    # 0.10 at 37 %: monthly interest is at most 0.10 x 0.37 / 12 = 0.003, always 0.00; a
    # 0.01 payment would repay it in 10 months, so the level payment steps down to 0.00.
    schedule = lc.amortize(terms(principal="0.10", annual_rate="37%", term=12))
    assert [i.payment for i in schedule.installments] == [Decimal("0.00")] * 11 + [Decimal("0.10")]


def test_runaway_capitalised_interest_is_refused() -> None:
    with pytest.raises(lc.InvalidValueError, match=r"^grace_interest_periods: got 300"):
        lc.amortize(terms(annual_rate="1000%", term=400, grace_interest_periods=300))


@pytest.mark.parametrize(
    "coarse_terms",
    [
        {"principal": "12", "annual_rate": "100%", "term": 48, "start": date(2000, 1, 11),
         "accrual": "daily", "rounding": lc.Rounding(increment="1", mode="ceiling")},
        {"principal": "1155", "annual_rate": "0.115239", "term": 360,
         "start": date(1967, 5, 1), "first_due": date(1967, 5, 7),
         "frequency": lc.Frequency.every_days(6), "method": "balloon", "accrual": "daily",
         "day_count": "30E/360", "rounding": lc.Rounding(increment="5", mode="half-even")},
    ],
)  # fmt: skip
def test_coarse_grids_that_cannot_stay_level_still_give_a_valid_schedule(
    coarse_terms: dict[str, Any],
) -> None:
    # Built here, not at collection: a principal off the grid is now refused (issue 6).
    coarse = lc.LoanTerms(**coarse_terms)
    # No level on a 1 (ceiling) or 5 (half-even) grid both covers every period's interest
    # and stops short of the balance (both loans reach the clamped rows): the engine keeps
    # the lowest level that covers the interest rather than reporting a negative
    # amortisation that the exact payment avoids.
    schedule = lc.amortize(coarse)
    assert schedule.total_principal == coarse.principal
    assert all(i.principal >= 0 and i.interest >= 0 for i in schedule.installments)
    assert schedule.installments[-1].closing_balance == 0


@given(
    principal=amounts,
    annual=monthly_rates,
    periods=st.integers(1, 120),
    start=st.dates(date(1990, 1, 1), date(2090, 12, 31)),
    basis=st.sampled_from([360, 365]),
)
def test_daily_accrual_equal_principal_matches_the_fraction_reference(
    principal: Fraction, annual: Fraction, periods: int, start: date, basis: int
) -> None:
    assume(cents(principal / periods) * (periods - 1) <= principal)  # no overshoot case
    schedule = lc.amortize(
        exact_terms(
            principal, annual, periods, start=start, method="equal-principal",
            accrual="daily", day_count="act/360" if basis == 360 else "act/365f",
        )
    )  # fmt: skip
    dues = monthly_due_dates(start, periods)
    assert [i.due_date for i in schedule.installments] == dues
    reference = equal_principal_daily(principal, annual, start, dues, basis)
    got = [(i.payment, i.principal, i.interest) for i in schedule.installments]
    assert got == [(dec(p), dec(r), dec(i)) for p, r, i in reference]


# --- Tiny rates (issue 6: 1e-40 and 1e-300 once raised DivisionByZero) ------------------------


@pytest.mark.parametrize("rate", ["1e-40", "1e-300", "1e-35", "1e-20"])
def test_a_tiny_rate_gives_the_zero_rate_schedule_where_rounding_cannot_tell(rate: str) -> None:
    # 1,000 over 12 at (almost) nothing: 1,000 / 12 = 83.333 -> 83.33, the last repays
    # 1,000 - 11 x 83.33 = 83.37; 1,000 x 1e-20 / 12 is far below half a cent: 0.00.
    loan = terms(principal=1000, annual_rate=rate, term=12, start=date(2024, 1, 31))
    schedule = lc.amortize(loan)
    rows = [(i.payment, i.principal, i.interest) for i in schedule.installments]
    assert rows == [(Decimal("83.33"), Decimal("83.33"), Decimal("0.00"))] * 11 + [
        (Decimal("83.37"), Decimal("83.37"), Decimal("0.00"))
    ]


@pytest.mark.parametrize("rate", ["1e-40", "1e-300"])
def test_a_tiny_rate_still_counts_where_rounding_up_sees_it(rate: str) -> None:
    # 1,000 over 8: the 0 % payment is exactly 125; any positive rate puts the true payment
    # (and every period's interest) just above a grid point, so rounding up adds a cent:
    # payment 125.01, interest 0.01, principal 125.00; the last repays the 125.00 left.
    up = lc.Rounding(mode="up")
    schedule = lc.amortize(terms(principal=1000, annual_rate=rate, term=8, rounding=up))
    rows = {(i.payment, i.principal, i.interest) for i in schedule.installments}
    assert rows == {(Decimal("125.01"), Decimal("125.00"), Decimal("0.01"))}
    # Half-up and down see 125.00 and interest 0.00.
    for mode in ("half-up", "down", "half-down", "half-even"):
        rounding = lc.Rounding(mode=mode)
        schedule = lc.amortize(terms(principal=1000, annual_rate=rate, term=8, rounding=rounding))
        rows = {(i.payment, i.principal, i.interest) for i in schedule.installments}
        assert rows == {(Decimal("125.00"), Decimal("125.00"), Decimal("0.00"))}, mode


MODES = ["half-up", "half-even", "half-down", "up", "down", "ceiling", "floor"]


@given(
    cents_lent=st.integers(1, 10**12),
    mantissa=st.integers(1, 999),
    exponent=st.integers(-330, -6) | st.integers(-14, -6),  # where the excess shows often
    periods=st.integers(1, 36),
    mode=st.sampled_from(MODES),
    places=st.sampled_from([0, 2, 4]),
    daily=st.booleans(),
)
# 10,000,000 at 3.84e-9 a year over 12 months: i = 3.2e-10 a month, and the payment
# exceeds 10,000,000 / 12 = 833,333.3333 by about B i 13 / 24 = 0.0017, past the half cent
# at 833,333.335 (so 833,333.34), though within twice B i = 0.0064 of it: the engine must
# compute the payment rather than take the 0 % one.
@example(cents_lent=10**9, mantissa=384, exponent=-11, periods=12, mode="half-up", places=2,
         daily=False)  # fmt: skip
@example(cents_lent=10**9, mantissa=1, exponent=-6, periods=12, mode="half-up", places=4,
         daily=True)  # fmt: skip
def test_tiny_rates_match_the_fraction_reference_in_every_rounding_mode(
    *,
    cents_lent: int,
    mantissa: int,
    exponent: int,
    periods: int,
    mode: str,
    places: int,
    daily: bool,
) -> None:
    principal = Fraction(cents_lent, 100)
    annual = Fraction(mantissa) * Fraction(10) ** exponent
    step = Fraction(1, 10**places)
    assume(principal % step == 0)  # the principal on the grid
    rounding = lc.Rounding(places=places, mode=mode)
    if daily:  # ACT/360: each period's rate by its days
        dues = [START, *monthly_due_dates(START, periods)]
        rates = [annual * (b - a).days / 360 for a, b in pairwise(dues)]
        loan = exact_terms(principal, annual, periods, rounding=rounding, accrual="daily")
    else:
        rates = [annual / 12] * periods
        loan = exact_terms(principal, annual, periods, rounding=rounding)
    schedule = lc.amortize(loan)
    rows = reference.equal_installment_by_periods(principal, rates, step, mode)
    balance = principal
    for _, repaid, _, _ in rows[:-1]:
        balance -= repaid
    assume(balance >= 0 and rows[-1][1] >= 0)  # no overshoot (the engine steps down then)
    got = [(i.payment, i.principal, i.interest) for i in schedule.installments]
    assert got == [tuple(map(exact, row[:3])) for row in rows]


def test_a_tiny_rate_with_a_balloon() -> None:
    # 1,000 over 8 leaving 500: the 0 % payment is (1,000 - 500) / 8 = 62.50, on the grid,
    # and the rate puts the true payment just above it: 62.51 rounding up, else 62.50.
    for mode, payment in (("up", "62.51"), ("half-up", "62.50"), ("down", "62.50")):
        schedule = lc.amortize(
            terms(principal=1000, annual_rate="1e-300", term=8, method="balloon",
                  balloon=500, rounding=lc.Rounding(mode=mode))
        )  # fmt: skip
        assert schedule.installments[0].payment == Decimal(payment), mode
        assert schedule.installments[-1].principal >= 500


def test_a_payment_exactly_on_a_half_cent_rounds_by_the_mode() -> None:
    # A balloon of the whole principal leaves only interest to pay: 180 x 4.9 % / 12 =
    # 0.735 exactly, a half cent: half-up pays 0.74, half-down and half-even 0.73 and 0.74.
    for mode, payment in (("half-up", "0.74"), ("half-down", "0.73"), ("half-even", "0.74")):
        schedule = lc.amortize(
            terms(principal=180, term=12, method="balloon", balloon=180,
                  rounding=lc.Rounding(mode=mode))
        )  # fmt: skip
        assert schedule.installments[0].payment == Decimal(payment), mode


# --- Long daily-accrual loans: shortfalls capitalised (issue 6, section 4) -------------------


def test_a_century_of_daily_accrual_capitalises_the_long_months_shortfall() -> None:
    # 1,000,000 at 4.9 % by ACT/360 over 1,200 months from 31 January 2024. February has
    # 29 days: 1,000,000 x 0.049 x 29 / 360 = 3,947.2222 -> 3,947.22, repaying 224.37 of
    # the 4,171.59 payment. March's 31 days on 999,775.63 earn 4,218.5035 -> 4,218.50,
    # 46.91 more than the payment: the payment is all interest and 46.91 is capitalised.
    loan = terms(term=1200, accrual="daily", start=date(2024, 1, 31))
    schedule = lc.amortize(loan)
    first, second = schedule.installments[:2]
    assert (first.payment, first.interest, first.principal) == (
        Decimal("4171.59"), Decimal("3947.22"), Decimal("224.37"),
    )  # fmt: skip
    assert (second.payment, second.interest, second.principal) == (
        Decimal("4171.59"), Decimal("4171.59"), Decimal("0.00"),
    )  # fmt: skip
    assert (second.capitalized_interest, second.closing_balance) == (
        Decimal("46.91"), Decimal("1000000.00") - Decimal("224.37") + Decimal("46.91"),
    )  # fmt: skip
    # The whole schedule is the exact reference's: the payment discounts the actual days.
    dues = monthly_due_dates(date(2024, 1, 31), 1200)
    starts = [date(2024, 1, 31), *dues]
    rates = [Fraction(49, 1000) * (b - a).days / 360 for a, b in pairwise(starts)]
    assert cents(reference.annuity_by_periods(Fraction(10**6), rates)) == Fraction(417159, 100)
    expected = reference.equal_installment_by_periods(Fraction(10**6), rates)
    got = [(i.payment, i.principal, i.interest, i.capitalized_interest) for i in schedule]
    assert got == [tuple(map(exact, row)) for row in expected]
    assert schedule.total_principal == loan.principal + schedule.total_capitalized_interest


@settings(max_examples=12)
@given(
    principal=st.integers(100_000, 10**9).map(lambda c: Fraction(c, 100)),
    annual=st.integers(100, 2000).map(lambda bp: Fraction(bp, 10**4)),
    periods=st.integers(300, 1200),
    start=st.dates(date(1990, 1, 1), date(2090, 12, 31)),
    basis=st.sampled_from([360, 365]),
)
def test_long_daily_annuities_match_the_fraction_reference(
    principal: Fraction, annual: Fraction, periods: int, start: date, basis: int
) -> None:
    assume(annual * periods / 12 <= 8)  # rounding errors compound by e^8 at most
    loan = exact_terms(
        principal, annual, periods, start=start, accrual="daily",
        day_count="act/360" if basis == 360 else "act/365f",
    )  # fmt: skip
    dues = monthly_due_dates(start, periods)
    rates = [annual * (b - a).days / basis for a, b in pairwise([start, *dues])]
    expected = reference.equal_installment_by_periods(principal, rates)
    balance = principal
    for _, repaid, _, added in expected[:-1]:
        balance += added - repaid
        assume(balance >= 0)  # no overshoot (the engine steps down then)
    schedule = lc.amortize(loan)
    got = [(i.payment, i.principal, i.interest, i.capitalized_interest) for i in schedule]
    assert got == [tuple(map(exact, row)) for row in expected]


def test_a_level_payment_that_compounds_away_is_still_reported() -> None:
    # 1,000 at 1,000 % a year by actual days over 1,200 months: the rounding error of any
    # grid payment grows by 1.8x a month, so the balance outgrows what the payment could
    # ever repay (payment / lowest period rate): no level payment exists on the grid.
    # From 31 January the rounded payment (830.46) falls behind and the balance passes
    # 830.46 / (10 x 28 / 360) = 1,067.73 at instalment 16.
    loan = terms(principal=1000, term=1200, annual_rate="1000%", accrual="daily",
                 start=date(2024, 1, 31))  # fmt: skip
    # (the message names that period's interest, an amount on the cent grid)
    with pytest.raises(
        lc.NegativeAmortizationError,
        match=r"^installment 16: interest [0-9]+\.[0-9]{2} exceeds the level payment 830\.46;",
    ):
        lc.amortize(loan)


# --- Payments exactly on the rounding grid, and row arithmetic (found by mutation testing) ---
# A level payment within 1e-30 of a multiple of half a cent is computed exactly in integers
# (amortization/_level.py); these loans put it exactly on one.


def test_a_level_payment_exactly_on_a_cent_is_found_exactly() -> None:
    # 2010 at 1 % a month over 2: A = 2010 x 1.01^2 / (1.01 + 1) = 2010 x 1.0201 / 2.01
    # = 1020.10 exactly. Row 1: interest 20.10, principal 1000.00, balance 1010.00.
    schedule = lc.amortize(
        lc.LoanTerms(principal=2010, annual_rate="12%", term=2, start=date(2024, 1, 31))
    )
    rows = schedule.installments
    assert [r.payment for r in rows] == [Decimal("1020.10"), Decimal("1020.10")]
    assert [r.principal for r in rows] == [Decimal("1000.00"), Decimal("1010.00")]
    assert [r.interest for r in rows] == [Decimal("20.10"), Decimal("10.10")]


@pytest.mark.parametrize(
    ("mode", "level", "interests"),
    [
        # A = 100.50 x 1.0201 / 2.01 = 51.005: a tie. Interest 1.005 then 0.505.
        ("half-up", "51.01", ["1.01", "0.51"]),
        ("half-even", "51.00", ["1.00", "0.50"]),
        ("down", "51.00", ["1.00", "0.50"]),
    ],
)
def test_a_level_payment_exactly_on_a_half_cent_rounds_by_the_mode(
    mode: str, level: str, interests: list[str]
) -> None:
    schedule = lc.amortize(
        lc.LoanTerms(
            principal="100.50",
            annual_rate="12%",
            term=2,
            start=date(2024, 1, 31),
            rounding=lc.Rounding(mode=mode),
        )
    )
    rows = schedule.installments
    assert [r.interest for r in rows] == [Decimal(i) for i in interests]
    assert rows[0].payment == Decimal(level)
    assert rows[0].principal == Decimal("50.00")  # level less 1.01 (or 51.00 less 1.00)


def test_a_daily_accrual_level_payment_exactly_on_a_cent_is_found_exactly() -> None:
    # ACT/360 at 36 %: 31 days (Jan) is 3.1 %, 29 days (Feb 2024) is 2.9 %.
    # A = B (1 + i1)(1 + i2) / (1 + (1 + i2)) = 20290 x 1.031 x 1.029 / 2.029 = 10608.99.
    # Row 1: interest 20290 x 0.031 = 628.99, principal 9980.00; row 2: 10310 x 0.029 = 298.99.
    schedule = lc.amortize(
        lc.LoanTerms(
            principal=20290,
            annual_rate="36%",
            term=2,
            start=date(2024, 1, 1),
            accrual="daily",
            day_count="act/360",
        )
    )
    rows = schedule.installments
    assert [r.payment for r in rows] == [Decimal("10608.99"), Decimal("10608.99")]
    assert [r.interest for r in rows] == [Decimal("628.99"), Decimal("298.99")]
    assert [r.principal for r in rows] == [Decimal("9980.00"), Decimal("10310.00")]


def test_spread_grace_interest_is_paid_with_the_instalments() -> None:
    # As test_interest_grace_spread_over_the_amortising_instalments: equal principal
    # 10000 / 3 = 3333.33, 3333.33, 3333.34; interest 100.00 + 66.66, 66.67 + 66.66,
    # 33.33 + 66.68; each payment is its principal plus its interest.
    schedule = lc.amortize(
        terms(
            term=5,
            principal=10000,
            annual_rate="12%",
            method="equal-principal",
            grace_interest_periods=2,
            grace_interest_mode="spread",
        )
    )
    rows = schedule.installments
    assert [r.payment for r in rows] == [
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("3499.99"),  # 3333.33 + 166.66
        Decimal("3466.66"),  # 3333.33 + 133.33
        Decimal("3433.35"),  # 3333.34 + 100.01
    ]
    assert all(r.payment == r.principal + r.interest + r.fee for r in rows)


def test_floor_rounding_never_gives_a_negative_zero_whatever_the_global_context() -> None:
    # 0.01 over 2 at 0 %: the second principal is 0.01 - 0.01 - 0 = nothing, which
    # ROUND_FLOOR arithmetic writes as -0.00.
    loan = terms(principal="0.01", annual_rate=0, term=2, rounding=lc.Rounding(mode="floor"))
    for context_rounding in (decimal.ROUND_HALF_EVEN, decimal.ROUND_FLOOR):
        with decimal.localcontext() as context:
            context.rounding = context_rounding
            rows = lc.amortize(loan).installments
        amounts = [v for r in rows for v in r if isinstance(v, Decimal)]
        assert not any(v.is_signed() for v in amounts), rows


def test_business_days_that_merge_due_dates_say_which_due_date() -> None:
    # Daily instalments from Friday 2024-01-05: due 01-06 (Sat) and 01-07 (Sun) both
    # move to Monday 01-08, so due date 2 is not after due date 1.
    loan = terms(
        principal=100,
        term=3,
        start=date(2024, 1, 5),
        frequency=lc.Frequency.every_days(1),
        business_days=lc.BusinessDays(convention="following"),
    )
    with pytest.raises(lc.InvalidValueError) as raised:
        lc.amortize(loan)
    assert raised.value.field == "business_days"
    assert raised.value.value == "following"
    assert "(due date 2 moved to 2024-01-08, not after 2024-01-08)" in raised.value.accepted


@pytest.mark.parametrize(
    ("mode", "level", "first_interest"),
    [("half-up", "50001000.01", "1000.01"), ("half-even", "50001000.00", "1000.00")],
)
def test_a_half_cent_level_payment_at_a_small_rate_rounds_by_the_mode(
    mode: str, level: str, first_interest: str
) -> None:
    # 0.012 % a year is 0.001 % a month (i = 1e-5; 2i cancels 5 digits in (1+i)^2 - 1):
    # A = 100000500 x 1.00001^2 / 2.00001 = 50000000 x 1.0000200001 = 50001000.005, a tie.
    # Interest 100000500 x 1e-5 = 1000.005, then 50000500 x 1e-5 = 500.005: ties too.
    schedule = lc.amortize(
        terms(principal=100000500, annual_rate="0.012%", term=2, rounding=lc.Rounding(mode=mode))
    )
    rows = schedule.installments
    assert [r.payment for r in rows] == [Decimal(level), Decimal(level)]
    assert rows[0].interest == Decimal(first_interest)
    assert rows[0].principal == Decimal("50000000.00")


@pytest.mark.parametrize("accrual", ["periodic", "daily"])
@pytest.mark.parametrize("mode", ["up", "ceiling", "half-up"])
def test_a_zero_rate_annuity_pays_an_exact_share_in_every_mode(accrual: str, mode: str) -> None:
    # 1000 / 8 = 125 exactly: no mode may round it up to 125.01.
    schedule = lc.amortize(
        terms(
            principal=1000, annual_rate=0, term=8, accrual=accrual, rounding=lc.Rounding(mode=mode)
        )
    )
    assert [r.payment for r in schedule.installments] == [Decimal("125.00")] * 8


@pytest.mark.parametrize("accrual", ["periodic", "daily"])
def test_a_zero_rate_balloon_loan_spreads_only_the_amortising_part(accrual: str) -> None:
    # (1000 - 200) / 8 = 100 a month; the last instalment adds the 200 balloon.
    schedule = lc.amortize(
        terms(
            principal=1000,
            annual_rate=0,
            term=8,
            balloon=200,
            method="balloon",
            accrual=accrual,
        )
    )
    payments = [r.payment for r in schedule.installments]
    assert payments == [Decimal("100.00")] * 7 + [Decimal("300.00")]


def test_a_daily_accrual_balloon_payment_discounts_the_balloon() -> None:
    # Oracle in fractions: A = (B - R v_6) / (v_1 + ... + v_6), v_k = prod 1 / (1 + i_j),
    # i_j = 6 % x days_j / 360 (ACT/360), days 31, 29, 31, 30, 31, 30 from 2024-01-15.
    schedule = lc.amortize(
        terms(
            principal=10000,
            annual_rate="6%",
            term=6,
            balloon=4000,
            method="balloon",
            accrual="daily",
            day_count="act/360",
        )
    )
    rows = schedule.installments
    days = [31, 29, 31, 30, 31, 30]
    assert [r.days for r in rows] == days
    discounts, v = [], Fraction(1)
    for d in days:
        v /= 1 + Fraction(6, 100) * d / 360
        discounts.append(v)
    level = (10000 - 4000 * discounts[-1]) / sum(discounts)
    cents = int(level * 100 + Fraction(1, 2))  # half-up to the cent (level > 0)
    assert all(r.payment == Decimal(cents) / 100 for r in rows[:-1])
    assert rows[-1].closing_balance == 0


def test_a_daily_accrual_bullet_ignores_the_global_context() -> None:
    # 91 days (31 + 29 + 31) at 4.9 % on ACT/360: 10000 x 0.049 x 91 / 360 = 123.8611...
    # -> 123.86, however few digits the caller's own context keeps.
    loan = terms(principal=10000, term=3, method="bullet", accrual="daily", day_count="act/360")
    with decimal.localcontext() as context:
        context.prec = 3
        rows = lc.amortize(loan).installments
    assert [(r.days, r.interest, r.payment) for r in rows] == [
        (91, Decimal("123.86"), Decimal("10123.86"))
    ]


@pytest.mark.parametrize("accrual", ["periodic", "daily"])
def test_an_annuity_with_a_many_digit_rate_ignores_the_global_context(accrual: str) -> None:
    # The period rates are built from a 9-digit rate; a 3-digit caller context must not
    # round them. Oracle: the fraction reference over the same period rates (ACT/360 by
    # actual days, or annual / 12).
    annual = Fraction("0.049123456")
    loan = terms(
        principal=250000, annual_rate=Decimal("0.049123456"), term=12, accrual=accrual,
        day_count="act/360",
    )  # fmt: skip
    with decimal.localcontext() as context:
        context.prec = 3
        rows = lc.amortize(loan).installments
    dues = reference.monthly_due_dates(START, 12)
    days = [(b - a).days for a, b in pairwise([START, *dues])]
    rates = [annual * d / 360 for d in days] if accrual == "daily" else [annual / 12] * 12
    expected = reference.equal_installment_by_periods(Fraction(250000), rates)
    got = [(r.payment, r.principal, r.interest) for r in rows]
    assert got == [(dec(p), dec(r), dec(i)) for p, r, i, _ in expected]
