"""Invariants of every schedule :func:`loancalc.amortize` computes, over generated loans.

Loans come from :mod:`loancalc.strategies`: principal 0.01 .. 1e12, rate 0 .. 1000 %,
1 .. 1200 instalments, any start date from 1950 to 2100 (29 February and month ends
often), every method, frequency, accrual, day count, rounding, fee, grace and balloon.
Each test's name states the invariant it checks.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from decimal import Decimal
from itertools import pairwise

from hypothesis import example, given
from hypothesis import strategies as st

from loancalc import (
    Accrual,
    Fees,
    Frequency,
    InvalidValueError,
    LoanCalcError,
    LoanTerms,
    Method,
    NegativeAmortizationError,
    Rounding,
    Schedule,
    amortize,
)
from loancalc.rates import MAX_ANNUAL_RATE
from loancalc.strategies import (
    annual_rates,
    frequencies,
    loan_terms,
    principals,
    start_dates,
    terms_lengths,
)

ANNUITIES = (Method.EQUAL_INSTALLMENT, Method.BALLOON)
LEVEL_PRINCIPAL = (Method.EQUAL_PRINCIPAL, Method.FLAT)


def accrues_by_day_count(terms: LoanTerms) -> bool:
    """True if the periods' rates follow their day counts rather than a fixed period rate."""
    return terms.accrual is Accrual.DAILY or terms.frequency.period_rate(Decimal(1)) is None


def first_amortizing_index(terms: LoanTerms) -> int:
    return max(terms.grace_principal_periods, terms.grace_interest_periods)


# --- conservation and balances -------------------------------------------------------------


@given(loan_terms())
def test_principal_parts_sum_to_principal_plus_capitalized_interest(terms: LoanTerms) -> None:
    schedule = amortize(terms)
    assert schedule.total_principal == terms.principal + schedule.total_capitalized_interest


@given(loan_terms(grace=False))
def test_principal_parts_sum_exactly_to_principal_without_interest_grace(
    terms: LoanTerms,
) -> None:
    schedule = amortize(terms)
    assert schedule.total_capitalized_interest == 0
    assert schedule.total_principal == terms.principal


@given(loan_terms())
def test_last_closing_balance_is_zero(terms: LoanTerms) -> None:
    assert amortize(terms).installments[-1].closing_balance == 0


@given(loan_terms())
def test_every_amount_is_non_negative(terms: LoanTerms) -> None:
    schedule = amortize(terms)
    assert schedule.upfront_fee >= 0
    for row in schedule:
        amounts = (
            row.opening_balance,
            row.principal,
            row.interest,
            row.fee,
            row.payment,
            row.closing_balance,
            row.capitalized_interest,
        )
        assert all(amount >= 0 for amount in amounts), row
        # Not even a negative zero (ROUND_FLOOR arithmetic makes x - x == -0).
        assert not any(amount.is_signed() for amount in amounts), row


@example(
    LoanTerms(
        principal="0.01",
        annual_rate=0,
        term=2,
        start=date(2024, 1, 15),
        rounding=Rounding(mode="floor"),
    )
)
@given(loan_terms(rounding=st.just(Rounding(mode="floor"))))
def test_floor_rounding_never_gives_a_negative_zero(terms: LoanTerms) -> None:
    for row in amortize(terms):
        assert not any(isinstance(value, Decimal) and value.is_signed() for value in row), row


@given(loan_terms())
def test_each_payment_is_principal_plus_interest_plus_fee(terms: LoanTerms) -> None:
    for row in amortize(terms):
        assert row.payment == row.principal + row.interest + row.fee, row


@given(loan_terms())
def test_each_closing_is_opening_minus_principal_plus_capitalized_interest(
    terms: LoanTerms,
) -> None:
    for row in amortize(terms):
        assert (
            row.closing_balance == row.opening_balance - row.principal + row.capitalized_interest
        ), row


@given(loan_terms())
def test_each_opening_is_previous_closing_and_the_first_is_the_principal(
    terms: LoanTerms,
) -> None:
    rows = amortize(terms).installments
    assert rows[0].opening_balance == terms.principal
    for previous, row in pairwise(rows):
        assert row.opening_balance == previous.closing_balance, (previous, row)


# --- shape of each method -------------------------------------------------------------------


@given(loan_terms())
def test_one_installment_per_period_numbered_from_one_and_bullet_has_exactly_one(
    terms: LoanTerms,
) -> None:
    schedule = amortize(terms)
    expected = 1 if terms.method is Method.BULLET else terms.term
    assert len(schedule) == expected
    assert [row.number for row in schedule] == list(range(1, expected + 1))


@given(loan_terms(method=Method.BULLET))
def test_bullet_has_exactly_one_installment_due_at_maturity_repaying_everything(
    terms: LoanTerms,
) -> None:
    (row,) = amortize(terms).installments
    if terms.first_due is None:
        maturity = terms.frequency.step(terms.start, terms.term)
    else:
        maturity = terms.frequency.step(terms.first_due, terms.term - 1)
    assert (row.start, row.due_date) == (terms.start, maturity)
    assert row.principal == terms.principal
    assert row.closing_balance == 0


@given(
    loan_terms(
        method=st.sampled_from(ANNUITIES),
        fees=Fees(),
        grace=False,
    )
)
# Regression: 0.10 at 37 % over 12 months once paid 0.01 ten times, then 0.00 twice.
@example(LoanTerms(principal="0.10", annual_rate="0.37", term=12, start=date(2024, 1, 15)))
def test_equal_installment_payments_are_level_except_last_and_an_irregular_periodic_first(
    terms: LoanTerms,
) -> None:
    """All payments but the last are equal, except the first when the first period is
    irregular under a fixed period rate (it charges interest by its actual days but repays
    a regular first period's principal). Under day-count accrual the irregular first
    payment is level too."""
    payments = [row.payment for row in amortize(terms)]
    first_may_differ = terms.has_irregular_first_period and not accrues_by_day_count(terms)
    level = payments[1:-1] if first_may_differ else payments[:-1]
    assert len(set(level)) <= 1, payments


@given(loan_terms(method=st.sampled_from(ANNUITIES), grace=True))
def test_after_grace_annuity_payments_are_level_except_last(terms: LoanTerms) -> None:
    """With grace (and any fees, which are the same every period), the instalments from
    the first amortising one up to but excluding the last are equal: the level payment,
    plus an equal share of spread grace interest, plus the fee."""
    rows = amortize(terms).installments
    start = first_amortizing_index(terms)
    assert 0 < start < len(rows)
    amortizing = [row.payment for row in rows[start:-1]]
    assert len(set(amortizing)) <= 1, amortizing


@given(loan_terms(grace=True))
def test_grace_rows_repay_no_principal_and_interest_grace_rows_charge_no_interest(
    terms: LoanTerms,
) -> None:
    rows = amortize(terms).installments
    for index, row in enumerate(rows[: first_amortizing_index(terms)]):
        assert row.principal == 0, row
        if index < terms.grace_interest_periods:
            assert row.interest == 0, row
            assert row.payment == row.fee, row


@given(loan_terms(method=st.sampled_from(LEVEL_PRINCIPAL), grace=False))
def test_equal_principal_parts_are_equal_except_last(terms: LoanTerms) -> None:
    principal_parts = [row.principal for row in amortize(terms)]
    assert len(set(principal_parts[:-1])) <= 1, principal_parts


@given(loan_terms(method=st.sampled_from(LEVEL_PRINCIPAL), grace=True))
def test_after_grace_equal_principal_parts_are_equal_except_last(terms: LoanTerms) -> None:
    rows = amortize(terms).installments
    principal_parts = [row.principal for row in rows[first_amortizing_index(terms) : -1]]
    assert len(set(principal_parts)) <= 1, principal_parts


@given(
    loan_terms(
        method=Method.FLAT,
        accrual=Accrual.PERIODIC,
        frequency=frequencies().filter(lambda f: f.period_rate(Decimal(1)) is not None),
        irregular_first=False,
        grace=False,
    )
)
def test_flat_interest_is_equal_every_period_under_periodic_accrual_with_regular_periods(
    terms: LoanTerms,
) -> None:
    interest = {row.interest for row in amortize(terms)}
    assert len(interest) == 1, interest


@given(loan_terms(method=Method.INTEREST_ONLY))
def test_interest_only_repays_principal_only_with_the_last_installment(
    terms: LoanTerms,
) -> None:
    rows = amortize(terms).installments
    assert all(row.principal == 0 for row in rows[:-1])
    assert rows[-1].principal == rows[-1].opening_balance


@given(loan_terms(annual_rate=Decimal(0)))
def test_zero_rate_charges_no_interest(terms: LoanTerms) -> None:
    schedule = amortize(terms)
    assert all(row.interest == 0 for row in schedule)
    assert schedule.total_interest == 0
    assert schedule.total_principal == terms.principal


# --- dates ---------------------------------------------------------------------------------


@given(loan_terms())
def test_due_dates_strictly_increase_and_each_period_starts_at_the_previous_due_date(
    terms: LoanTerms,
) -> None:
    rows = amortize(terms).installments
    assert rows[0].start == terms.start
    for previous, row in pairwise(rows):
        assert row.start == previous.due_date
    for row in rows:
        assert row.start < row.due_date
        assert row.days == (row.due_date - row.start).days


@given(loan_terms(method=st.sampled_from([m for m in Method if m is not Method.BULLET])))
def test_due_dates_follow_the_frequency_from_the_first_due_date(terms: LoanTerms) -> None:
    rows = amortize(terms).installments
    assert rows[0].due_date == terms.first_due_date
    if terms.first_due is None:  # anchored on the start date: Jan 31, Feb 29, Mar 31...
        expected = [terms.frequency.step(terms.start, k) for k in range(1, terms.term + 1)]
    else:  # anchored on the first due date
        expected = [terms.frequency.step(terms.first_due, k) for k in range(terms.term)]
    assert [row.due_date for row in rows] == expected


# --- exports and determinism ---------------------------------------------------------------


@given(loan_terms())
def test_json_round_trip_is_identity(terms: LoanTerms) -> None:
    schedule = amortize(terms)
    text = schedule.to_json()
    again = Schedule.from_json(text)
    assert again == schedule
    assert again.to_json() == text


@given(loan_terms())
def test_csv_has_a_header_and_one_line_per_installment(terms: LoanTerms) -> None:
    # Every cell, read back, is the instalment's own value: exact amounts, ISO dates.
    schedule = amortize(terms)
    lines = schedule.to_csv().splitlines()
    assert len(lines) == len(schedule) + 1
    assert tuple(lines[0].split(",")) == schedule.installments[0]._fields
    for line, row in zip(lines[1:], schedule.installments, strict=True):
        cells = line.split(",")
        assert [int(cells[0]), int(cells[3])] == [row.number, row.days]
        assert [date.fromisoformat(cells[1]), date.fromisoformat(cells[2])] == [
            row.start, row.due_date,
        ]  # fmt: skip
        assert [Decimal(cell) for cell in cells[4:]] == list(row[4:])
        assert [cell for cell in cells[4:] if cell.startswith("-")] == []  # nothing is negative


@given(loan_terms())
def test_same_terms_give_the_same_schedule(terms: LoanTerms) -> None:
    first, second = amortize(terms), amortize(terms)
    assert first == second
    assert first.to_json() == second.to_json()
    rebuilt = LoanTerms.from_dict(terms.to_dict())
    assert amortize(rebuilt).to_json() == first.to_json()


# --- negative amortisation -----------------------------------------------------------------


@given(loan_terms(amortizable=False))
# Regression: interest capitalised past 40 digits once raised decimal.InvalidOperation.
@example(
    LoanTerms(
        principal="0.01",
        annual_rate=10,
        term=152,
        grace_interest_periods=151,
        start=date(2000, 1, 1),
    )
)
def test_amortize_raises_nothing_but_loancalc_errors(terms: LoanTerms) -> None:
    with suppress(LoanCalcError):
        amortize(terms)


@given(loan_terms(amortizable=False))
def test_negative_amortization_is_raised_only_for_annuities_accruing_by_day_count(
    terms: LoanTerms,
) -> None:
    error: LoanCalcError | None = None
    try:
        amortize(terms)
    except (NegativeAmortizationError, InvalidValueError) as raised:
        error = raised
    if isinstance(error, NegativeAmortizationError):
        assert terms.method in ANNUITIES
        assert accrues_by_day_count(terms)
    elif error is not None:  # runaway capitalisation, which amortizable=False also draws
        assert isinstance(error, InvalidValueError)
        assert error.field == "grace_interest_periods", error


@given(
    loan_terms(
        method=st.sampled_from(ANNUITIES),
        accrual=Accrual.DAILY,
        frequency=st.sampled_from([Frequency.MONTHLY, Frequency.SEMI_MONTHLY])
        | st.integers(1, 60).map(Frequency.every_days),
    )
)
def test_amortizable_day_count_annuities_never_amortize_negatively(terms: LoanTerms) -> None:
    """The strategies' promise: loan_terms(amortizable=True) is safe to amortize."""
    schedule = amortize(terms)
    assert schedule.installments[-1].closing_balance == 0


# --- the strategies themselves -------------------------------------------------------------


@given(principals(), annual_rates(), start_dates(), terms_lengths())
def test_strategies_stay_in_their_documented_ranges(
    principal: Decimal, rate: Decimal, start: date, term: int
) -> None:
    assert Decimal("0.01") <= principal <= Decimal("1e12")
    assert principal.as_tuple().exponent == -2
    assert 0 <= rate <= MAX_ANNUAL_RATE
    assert date(1950, 1, 1) <= start <= date(2100, 12, 31)
    assert 1 <= term <= 1200


@given(
    loan_terms(
        method=Method.EQUAL_INSTALLMENT,
        accrual=Accrual.PERIODIC,
        frequency=Frequency.QUARTERLY,
        fees=Fees(),
        grace=False,
        irregular_first=True,
        term=st.integers(2, 30),
    )
)
def test_loan_terms_respects_pinned_fields(terms: LoanTerms) -> None:
    assert terms.method is Method.EQUAL_INSTALLMENT
    assert terms.accrual is Accrual.PERIODIC
    assert terms.frequency == Frequency.QUARTERLY
    assert not terms.fees.any
    assert terms.grace_principal_periods == terms.grace_interest_periods == 0
    assert terms.has_irregular_first_period
    assert terms.first_due is not None
    assert terms.start < terms.first_due
    assert 2 <= terms.term <= 30
    assert terms.balloon == 0
