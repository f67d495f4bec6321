"""The fast ways of making a schedule's rows equal the checked loop, which makes each
instalment on its own and checks it as it goes (loancalc.amortization._rows).

The annuity loop multiplies by exact factors and checks only before and after; the
level-principal rows are computed as whole columns. Both must give exactly the rows (or
the error) the checked loop gives, for every generated loan, including loans the
strategies would not offer (``amortizable=False``: negative amortisation, overshooting
level amounts).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import loancalc as lc
import reference
from loancalc.amortization import _engine
from loancalc.amortization._periods import build_periods
from loancalc.amortization._rows import ExactFactors, RowMaker, checked_rows, level_payment_rows
from loancalc.strategies import loan_terms, roundings


def checked_only(
    maker: Any, plan: Any, periods: range, balance: Decimal, *, rounding: Any, **options: Any
) -> Any:
    """The engine's amortising rows, made by the checked loop alone."""
    return checked_rows(maker, plan, periods, balance, **options)


def outcome(make: Callable[[], lc.Schedule]) -> object:
    """The schedule, or the error's type and message."""
    try:
        return make()
    except lc.LoanCalcError as error:
        return type(error), str(error)


def by_the_checked_loop(terms: lc.LoanTerms) -> object:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_engine, "_amortising_rows", checked_only)
        return outcome(lambda: lc.amortize(terms))


@given(loan_terms())
def test_every_schedule_equals_the_checked_loops(terms: lc.LoanTerms) -> None:
    assert outcome(lambda: lc.amortize(terms)) == by_the_checked_loop(terms)


@given(loan_terms(amortizable=False))
def test_every_outcome_equals_the_checked_loops_even_for_loans_that_do_not_amortize(
    terms: lc.LoanTerms,
) -> None:
    assert outcome(lambda: lc.amortize(terms)) == by_the_checked_loop(terms)


@given(
    loan_terms(
        method=st.sampled_from([lc.Method.EQUAL_INSTALLMENT, lc.Method.BALLOON]),
        rounding=roundings(),
        grace=False,
    )
)
def test_annuities_equal_the_checked_loops_under_every_rounding(terms: lc.LoanTerms) -> None:
    assert outcome(lambda: lc.amortize(terms)) == by_the_checked_loop(terms)


# At 4.9 % / 12 a balance of 180.00 earns exactly 0.735, 60.00 exactly 0.245 and 120.00
# exactly 0.49: the first instalment's interest sits on a rounding boundary.
@pytest.mark.parametrize(
    ("principal", "mode", "interest"),
    [
        ("180", "half-up", "0.74"),
        ("180", "half-down", "0.73"),
        ("180", "half-even", "0.74"),
        ("60", "half-even", "0.24"),
        ("120", "down", "0.49"),
        ("120", "up", "0.49"),
        ("120", "floor", "0.49"),
        ("120", "ceiling", "0.49"),
    ],
)
def test_an_annuity_rounds_a_true_boundary_by_its_mode(
    principal: str, mode: str, interest: str
) -> None:
    terms = lc.LoanTerms(
        principal=principal, annual_rate="4.9%", term=12, start=date(2024, 1, 15),
        rounding=lc.Rounding(mode=mode),
    )  # fmt: skip
    assert lc.amortize(terms).installments[0].interest == Decimal(interest)


@pytest.mark.parametrize(("principal", "tie"), [(100304, 7), (100311, 8), (1000020, 1)])
def test_annuities_whose_balance_earns_an_exact_half_cent_match_the_references(
    principal: int, tie: int
) -> None:
    # Instalment ``tie`` opens on an odd multiple of 60.00, which earns an exact half cent
    # at 4.9 % / 12 (found by search; checked here, so the case cannot go stale).
    terms = lc.LoanTerms(principal=principal, annual_rate="4.9%", term=24, start=date(2024, 1, 31))
    schedule = lc.amortize(terms)
    opening = Fraction(schedule.installments[tie - 1].opening_balance)
    assert opening % 60 == 0
    assert (opening // 60) % 2 == 1
    assert schedule == by_the_checked_loop(terms)
    expected = reference.equal_installment(Fraction(principal), Fraction(49, 12000), 24)
    assert [(i.payment, i.principal, i.interest) for i in schedule] == [
        tuple(map(reference.dec, row)) for row in expected
    ]


def test_a_daily_annuity_whose_long_month_outgrows_the_payment_capitalises_it() -> None:
    # 100 % a year by actual days over 60: the 29 days to 29 Feb earn 80.56 on 1,000, and
    # the 31 days of March then earn more than the level payment. The fast loop must not
    # pass a negative principal off as a schedule: the checked loop capitalises it.
    terms = lc.LoanTerms(
        principal=1000, annual_rate="100%", term=60, start=date(2024, 1, 31), accrual="daily"
    )
    schedule = lc.amortize(terms)
    first, march = schedule.installments[:2]
    payment = first.payment
    assert first.interest == Decimal("80.56")  # 1,000 x 29 / 360 = 80.555...
    opening = Decimal(1000) - (payment - Decimal("80.56"))
    interest = reference.cents(Fraction(opening) * 31 / 360)
    assert interest > payment
    assert (march.principal, march.interest, march.capitalized_interest) == (
        Decimal("0.00"), payment, reference.dec(interest) - payment,
    )  # fmt: skip
    assert schedule == by_the_checked_loop(terms)


# ------------------------------------------------------------------ the annuity loop's refusals


def _maker(term: int) -> RowMaker:
    terms = lc.LoanTerms(principal=100, annual_rate="12%", term=term, start=date(2024, 1, 15))
    zero = Decimal("0.00")
    return RowMaker(periods=build_periods(terms), fee=zero, zero=zero)


def _factors(value: str, count: int) -> ExactFactors:
    factor = Decimal(value)
    return ExactFactors(factors=[factor] * count, largest_factor=factor, rounding=lc.Rounding())


def test_the_annuity_loop_makes_rows_that_amortise() -> None:
    # 100.00 at 10 % a period paying 40.00: interest 10.00, 7.00, 3.70; principal 30.00,
    # 33.00, 36.30; 0.70 left for the last instalment.
    made = level_payment_rows(
        _maker(4), range(3), Decimal("100.00"), Decimal("40.00"), _factors("0.1", 3)
    )
    assert made is not None
    rows, left = made
    assert [(r.interest, r.principal, r.closing_balance) for r in rows] == [
        (Decimal("10.00"), Decimal("30.00"), Decimal("70.00")),
        (Decimal("7.00"), Decimal("33.00"), Decimal("37.00")),
        (Decimal("3.70"), Decimal("36.30"), Decimal("0.70")),
    ]
    assert left == Decimal("0.70")


def test_the_annuity_loop_refuses_a_payment_below_the_largest_interest() -> None:
    # 100.00 at 10 % earns 10.00: a 9.99 payment would amortise negatively.
    assert (
        level_payment_rows(
            _maker(4), range(3), Decimal("100.00"), Decimal("9.99"), _factors("0.1", 3)
        )
        is None
    )


def test_the_annuity_loop_refuses_a_payment_that_repays_too_soon() -> None:
    # 99.00 at 10x a period paying 1,000.00: principal 10.00, then 110.00 > 89.00 left.
    assert (
        level_payment_rows(
            _maker(4), range(3), Decimal("99.00"), Decimal("1000.00"), _factors("10", 3)
        )
        is None
    )


def test_the_annuity_loop_refuses_a_balance_that_runs_away_past_the_precision() -> None:
    # As above over 59 periods: the negative balance grows elevenfold a period until its
    # interest needs more than the 40 digits of the context.
    assert (
        level_payment_rows(
            _maker(60), range(59), Decimal("99.00"), Decimal("1000.00"), _factors("10", 59)
        )
        is None
    )


# ------------------------------------------------------------------ how far levels step down


@given(loan_terms(amortizable=False))
def test_no_loan_needs_a_level_more_than_one_step_below_rounding_toward_zero(
    terms: lc.LoanTerms,
) -> None:
    # The engine tries the policy's rounding, toward zero, and toward zero less one step
    # (_engine._LEVEL_STEPS_DOWN = 2, argued in its comment). Allowing 25 steps changes
    # no outcome.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_engine, "_LEVEL_STEPS_DOWN", 25)
        deeper = outcome(lambda: lc.amortize(terms))
    assert outcome(lambda: lc.amortize(terms)) == deeper


def test_a_tiny_balance_needs_the_step_below_rounding_toward_zero() -> None:
    # 0.10 at 37 % over 12 months: interest is at most 0.10 x 0.37 / 12 = 0.003, always
    # 0.00, and the exact payment 0.0100... rounds (up or toward zero) to 0.01, which would
    # repay the 0.10 by month 10. Only one step below toward zero, 0.00, keeps it level:
    # a limit of fewer steps would clamp instead (payments 0.01 then 0.00 after month 10).
    terms = lc.LoanTerms(principal="0.10", annual_rate="37%", term=12, start=date(2024, 1, 15))
    payments = [i.payment for i in lc.amortize(terms).installments]
    assert payments == [Decimal("0.00")] * 11 + [Decimal("0.10")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_engine, "_LEVEL_STEPS_DOWN", 1)
        clamped = [i.payment for i in lc.amortize(terms).installments]
    assert clamped == [Decimal("0.01")] * 10 + [Decimal("0.00")] * 2
