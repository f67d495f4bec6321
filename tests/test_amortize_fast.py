"""The plain equal-instalment loan's one-pass path (amortization._fast) makes the engine's
schedule digit for digit, and hands every other loan to the engine; the remembered date
columns are build_periods' own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import strategies as lcst
from loancalc._terms_fields import to_annual_rate, to_principal
from loancalc.accrual import exact_factors
from loancalc.amortization import equal_installment
from loancalc.amortization._engine import run
from loancalc.amortization._fast import fast_schedule
from loancalc.amortization._periods import build_periods, plain_columns
from loancalc.amortization._rows import factors_for
from loancalc.errors import LoanCalcError
from loancalc.rate_schedule import RateChange, RateSchedule
from loancalc.rates import annual_rate
from loancalc.schedule import Schedule


def digits(schedule: Schedule) -> tuple[object, ...]:
    """Every amount as written (``12000`` and ``12000.00`` differ), and the rest as is."""
    rows = tuple(tuple(repr(value) for value in row) for row in schedule.installments)
    return (rows, repr(schedule.upfront_fee), schedule.terms, schedule.lineage,
            schedule.disbursements)  # fmt: skip


def engine_or_error(terms: lc.LoanTerms) -> tuple[object, ...] | str:
    try:
        return digits(run(terms, equal_installment.SPEC))
    except LoanCalcError as error:
        return f"{type(error).__name__}: {error}"


def amortized_or_error(terms: lc.LoanTerms) -> tuple[object, ...] | str:
    try:
        return digits(lc.amortize(terms))
    except LoanCalcError as error:
        return f"{type(error).__name__}: {error}"


monthly = st.sampled_from(["monthly", "every 2 months", "quarterly", "semi-annual", "annual"]).map(
    lc.Frequency.parse
)
#: Terms the one-pass path takes, most of the time (rounding, fees, rates, terms and
#: dates drawn freely; only the options it leaves to the engine pinned).
plain_terms = lcst.loan_terms(
    method=lc.Method.EQUAL_INSTALLMENT, accrual=lc.Accrual.PERIODIC, frequency=monthly,
    irregular_first=False, grace=False, max_term=400,
)  # fmt: skip


@settings(max_examples=300)
@given(terms=plain_terms)
def test_fast_path_equals_the_engine(terms: lc.LoanTerms) -> None:
    # Bit for bit, errors included: where the fast path declines, amortize runs the engine.
    assert amortized_or_error(terms) == engine_or_error(terms)


@settings(max_examples=200)
@given(
    principal=st.decimals(min_value=1, max_value=10**9, places=2),
    rate=st.decimals(min_value=0, max_value=Decimal("0.60"), places=5),
    term=st.integers(1, 72),
    start=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    places=st.integers(0, 4),
    mode=st.sampled_from([m for m in lc.RoundingMode if m is not lc.RoundingMode.FLOOR]),
)
def test_fast_path_taken_and_equal_on_consumer_loans(
    *, principal: Decimal, rate: Decimal, term: int, start: date, places: int, mode: lc.RoundingMode
) -> None:
    # The loans a consumer book holds: the fast path makes them (half-even only where the
    # period rate is a finite decimal: otherwise no exact factors, the engine's loop).
    rounding = lc.Rounding(places=places, mode=mode)
    terms = lc.LoanTerms(
        principal=principal.quantize(rounding.quantum, rounding=lc.RoundingMode.DOWN.value)
        or rounding.quantum,
        annual_rate=rate, term=term, start=start, rounding=rounding,
    )  # fmt: skip
    fast = fast_schedule(terms)
    made = digits(fast) if fast is not None else engine_or_error(terms)
    assert made == engine_or_error(terms)
    if mode is lc.RoundingMode.HALF_UP and principal >= 100 and term > 1 and places == 2:
        assert fast is not None


@settings(max_examples=200)
@given(terms=lcst.loan_terms(max_term=200))
def test_fast_path_declines_or_equals_on_any_terms(terms: lc.LoanTerms) -> None:
    fast = fast_schedule(terms)
    if fast is not None:
        assert terms.method is lc.Method.EQUAL_INSTALLMENT
        assert digits(fast) == engine_or_error(terms)


@settings(max_examples=200)
@given(
    start=lcst.start_dates(),
    term=st.integers(1, 400),
    months=st.sampled_from([1, 2, 3, 6, 12]),
)
def test_remembered_columns_are_build_periods_own(start: date, term: int, months: int) -> None:
    try:
        terms = lc.LoanTerms(
            principal=100, annual_rate="5%", term=term, start=start,
            frequency=lc.Frequency.every_months(months),
        )  # fmt: skip
    except LoanCalcError:  # the last due date past 9999
        return
    periods = build_periods(terms)
    for _ in range(2):  # worked out, then remembered
        columns = plain_columns(terms)
        assert columns == (periods.starts, periods.due_dates, periods.days)
        assert columns is not None
        assert all(type(days) is int for days in columns[2])


def test_hand_worked_three_months() -> None:
    # 1,200 at 12 % a year, monthly: i = 0.01. Payment 1200 x 0.01 x 1.01^3 / (1.01^3 - 1)
    # = 12 x 1.030301 / 0.030301 = 408.0265 -> 408.03.
    # Row 1: interest 1200.00 x 0.01 = 12.00, principal 408.03 - 12.00 = 396.03,
    #        balance 1200.00 - 396.03 = 803.97.
    # Row 2: interest 803.97 x 0.01 = 8.0397 -> 8.04, principal 399.99, balance 403.98.
    # Row 3 (the last repays the rest): interest 403.98 x 0.01 = 4.0398 -> 4.04,
    #        payment 403.98 + 4.04 = 408.02. Due dates from 31 January: 29 February
    #        (2024 is a leap year, 29 days), 31 March (31), 30 April (30).
    terms = lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31))
    fast = fast_schedule(terms)
    assert fast is not None
    assert [(str(r.interest), str(r.principal), str(r.payment), str(r.closing_balance))
            for r in fast.installments] == [
        ("12.00", "396.03", "408.03", "803.97"),
        ("8.04", "399.99", "408.03", "403.98"),
        ("4.04", "403.98", "408.02", "0.00"),
    ]  # fmt: skip
    assert [(r.due_date.isoformat(), r.days) for r in fast.installments] == [
        ("2024-02-29", 29), ("2024-03-31", 31), ("2024-04-30", 30)
    ]  # fmt: skip
    assert str(fast.installments[0].opening_balance) == "1200.00"
    assert str(fast.upfront_fee) == "0.00"


def test_hand_worked_fees() -> None:
    # 1,000 at 0 %, 2 months, 1 % a month fee on the principal and a 2 % upfront fee:
    # payment (1000 - 0) / 2 = 500.00 level, fee 1000 x 0.01 = 10.00 a row,
    # upfront 1000 x 0.02 = 20.00.
    terms = lc.LoanTerms(
        principal=1000, annual_rate=0, term=2, start=date(2024, 3, 10),
        fees=lc.Fees(per_period_rate="1%", upfront_rate="2%"),
    )  # fmt: skip
    fast = fast_schedule(terms)
    assert fast is not None
    assert [(str(r.principal), str(r.fee), str(r.payment)) for r in fast.installments] == [
        ("500.00", "10.00", "510.00"),
        ("500.00", "10.00", "510.00"),
    ]
    assert str(fast.upfront_fee) == "20.00"


_BASE = lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31))


@pytest.mark.parametrize(
    "changes",
    [
        {"method": lc.Method.EQUAL_PRINCIPAL},
        {"accrual": lc.Accrual.DAILY},
        {"frequency": "biweekly"},
        {"first_due": date(2024, 2, 29)},
        {"business_days": lc.BusinessDays(convention="following")},
        {"grace_principal_periods": 1},
        {"grace_interest_periods": 1},
        {"method": lc.Method.BALLOON, "balloon": 100},
        {"fees": lc.Fees(financed=10)},
        {"rounding": lc.Rounding(increment="0.05")},
        {"rounding": lc.Rounding(mode="floor")},
        {"rounding": lc.Rounding(payment_mode="up")},
        {
            "rate_schedule": RateSchedule(
                annual_rate="12%",
                dated_changes=[RateChange(on=date(2024, 3, 1), annual_rate="10%")],
            )
        },
    ],
)
def test_other_terms_are_left_to_the_engine(changes: dict[str, object]) -> None:
    terms = _BASE.replace(**changes)
    assert fast_schedule(terms) is None
    assert fast_schedule(_BASE) is not None


def test_a_payment_that_repays_early_is_left_to_the_engine() -> None:
    # 0.09 over 6 months at 0 %: 0.015 rounds half-up to 0.02, and five of them (0.10)
    # repay more than 0.09 before the last; the engine rounds toward zero instead: 0.01
    # five times, and the last instalment repays 0.09 - 0.05 = 0.04.
    terms = lc.LoanTerms(principal="0.09", annual_rate=0, term=6, start=date(2024, 1, 31))
    assert fast_schedule(terms) is None
    schedule = lc.amortize(terms)
    assert digits(schedule) == engine_or_error(terms)
    assert [str(row.principal) for row in schedule.installments] == [
        "0.01", "0.01", "0.01", "0.01", "0.01", "0.04"
    ]  # fmt: skip


@given(
    ratio=st.tuples(
        st.decimals(min_value=0, max_value=Decimal("0.5"), places=6),
        st.sampled_from([Decimal(12), Decimal(4), Decimal(360)]),
    ),
    mode=st.sampled_from(list(lc.RoundingMode)),
    places=st.integers(0, 4),
    largest=st.decimals(min_value=0, max_value=10**12, places=2),
)
def test_factor_tables_ignore_the_level_options(
    ratio: tuple[Decimal, Decimal], mode: lc.RoundingMode, places: int, largest: Decimal
) -> None:
    # Remembered by grid and mode only: a rounding with level options set (which interest
    # never reads) gets the table a plain one does, and a fresh one.
    plain = lc.Rounding(places=places, mode=mode)
    other = attrs.evolve(plain, payment_mode="up", final_payment="lower")
    assert factors_for((ratio,), other, largest) == exact_factors([ratio], plain, largest)
    assert factors_for((ratio,), plain, largest) == exact_factors([ratio], plain, largest)


def read_or_error(read: Callable[[object], object], value: object) -> str:
    try:
        return repr(read(value))
    except LoanCalcError as error:
        return f"{type(error).__name__}: {error}"


rate_texts = st.one_of(
    st.builds(
        "{}{}{}".format,
        st.decimals(min_value=0, max_value=2000, places=3).map(str),
        st.sampled_from(["", "%", " %"]),
        st.sampled_from(["", " a year", "/month", " per day", " a fortnight"]),
    ),
    st.text(max_size=8),
)


@given(text=rate_texts)
def test_remembered_rate_texts_read_as_fresh_ones(text: str) -> None:
    # Read twice (the second time remembered), a rate's text gives what reading it fresh
    # does, errors included.
    fresh = read_or_error(lambda value: annual_rate(value, field="annual_rate"), text)
    assert read_or_error(to_annual_rate, text) == fresh
    assert read_or_error(to_annual_rate, text) == fresh


@given(value=st.one_of(st.integers(-5, 10**16), st.text(max_size=6), st.none()))
def test_principal_messages_unchanged(value: object) -> None:
    # The accepted range worked out once reads as the one worked out per call.
    from loancalc._terms_fields import MAX_PRINCIPAL
    from loancalc._validation import amount

    fresh = read_or_error(
        lambda v: amount(v, "principal", high=MAX_PRINCIPAL, positive=True), value
    )
    assert read_or_error(to_principal, value) == fresh
