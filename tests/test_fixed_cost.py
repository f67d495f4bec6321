"""The short-schedule fast paths give the same schedules as the general ones: monthly due
dates in plain Python (instead of numpy) and the engine's unchecked Schedule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.amortization import _periods
from loancalc.calendar import Frequency
from loancalc.schedule import Schedule

anchors = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
month_counts = st.sampled_from([1, 2, 3, 4, 6, 12, 18, 24, 120])


@given(anchor=anchors, months=month_counts, first=st.integers(0, 1), count=st.integers(1, 60))
def test_short_monthly_dates_equal_numpy(anchor: date, months: int, first: int, count: int) -> None:
    steps = range(first, first + count)
    fast = _periods._short_monthly(anchor, months, steps)
    try:
        general = Frequency(unit="month", count=months).step_array(anchor, steps).tolist()
    except (ValueError, OverflowError):  # past year 9999: the fast path leaves it to numpy
        assert fast is None
        return
    assert fast is None or fast == general


def test_month_ends_and_leap_years() -> None:
    # Anchored on 31 January: February has 29 days in 2000 (divisible by 400) and 2024,
    # 28 in 1900 (divisible by 100, not 400) and 2023; April and June have 30.
    def monthly(year: int) -> list[date] | None:
        return _periods._short_monthly(date(year, 1, 31), 1, range(1, 6))

    assert monthly(2000) == [date(2000, 2, 29), date(2000, 3, 31), date(2000, 4, 30),
                             date(2000, 5, 31), date(2000, 6, 30)]  # fmt: skip
    assert [d.day for d in monthly(1900) or []][:1] == [28]
    assert [d.day for d in monthly(2023) or []][:1] == [28]
    assert [d.day for d in monthly(2024) or []][:1] == [29]
    assert _periods._short_monthly(date(9999, 12, 1), 1, range(1, 2)) is None


terms_strategy = st.builds(
    lc.LoanTerms,
    principal=st.decimals(min_value=1, max_value=10**7, places=2),
    annual_rate=st.decimals(min_value=0, max_value=Decimal("0.36"), places=4),
    term=st.integers(1, 72),
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    frequency=st.sampled_from(["monthly", "quarterly", "every 2 months", "biweekly"]),
    method=st.sampled_from(list(lc.Method)),
    accrual=st.sampled_from(list(lc.Accrual)),
)


@settings(max_examples=200)
@given(terms=terms_strategy)
def test_engine_schedule_equals_the_checked_one(terms: lc.LoanTerms) -> None:
    schedule = lc.amortize(terms)
    checked = Schedule(
        terms=schedule.terms, installments=schedule.installments, upfront_fee=schedule.upfront_fee
    )
    assert checked == schedule
    assert type(schedule.installments) is tuple
    assert schedule.lineage == ()


@settings(max_examples=100)
@given(terms=terms_strategy, offset=st.integers(1, 40))
def test_short_and_long_date_paths_agree(terms: lc.LoanTerms, offset: int) -> None:
    # The same dates whether the term takes the short path (<= 60 periods) or not: the
    # first rows of a 61+-period loan are those of the shorter one, start for start.
    terms = attrs.evolve(terms, term=min(terms.term, 60))
    longer = attrs.evolve(terms, term=60 + offset)
    short_dates, _ = _periods._dates(terms)
    long_dates, long_ordinals = _periods._dates(longer)
    assert short_dates == long_dates[: len(short_dates)]
    assert long_ordinals.tolist() == [day.toordinal() for day in long_dates]


def test_hand_worked_twelve_months() -> None:
    # 12,000 at 18 % a year, monthly (1.5 % a month), from 15 January 2024:
    # payment = 12000 x 0.015 / (1 - 1.015^-12) = 180 / 0.163638... = 1,100.0AB -> 1,100.16
    # (1.015^12 = 1.195618171; 1 - 1/1.195618171 = 0.163613; 180 / 0.163613 = 1100.16).
    # First interest 12000 x 0.015 = 180.00, principal 920.16, balance 11,079.84;
    # second interest 11079.84 x 0.015 = 166.1976 -> 166.20.
    schedule = lc.amortize(
        lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
    )
    first, second = schedule.installments[:2]
    assert (first.due_date, first.payment, first.interest, first.principal) == (
        date(2024, 2, 15), Decimal("1100.16"), Decimal("180.00"), Decimal("920.16"))  # fmt: skip
    assert (first.closing_balance, second.interest) == (Decimal("11079.84"), Decimal("166.20"))
    assert schedule.maturity == date(2025, 1, 15)
    assert schedule.total_principal == Decimal("12000.00")


rates = st.tuples(
    st.decimals(min_value=0, max_value=Decimal("0.5"), places=6),
    st.sampled_from([Decimal(1), Decimal(12), Decimal(4), Decimal(360), Decimal(365)]),
)


@given(
    ratios=st.lists(rates, min_size=1, max_size=4, unique=True),
    mode=st.sampled_from(list(lc.RoundingMode)),
    places=st.integers(0, 4),
    largest=st.decimals(min_value=0, max_value=10**12, places=2),
    other=st.decimals(min_value=0, max_value=10**12, places=2),
)
def test_remembered_factor_tables_equal_fresh_ones(
    ratios: list[tuple[Decimal, Decimal]],
    mode: lc.RoundingMode,
    places: int,
    largest: Decimal,
    other: Decimal,
) -> None:
    # A table remembered for one balance serves another with the same digits, as a
    # fresh table would (exact_factors reads only the balance's sign and digits).
    from loancalc.accrual import exact_factors
    from loancalc.amortization._engine import _factors_for

    rounding = lc.Rounding(places=places, mode=mode)
    _factors_for(tuple(ratios), rounding, largest)
    assert _factors_for(tuple(ratios), rounding, other) == exact_factors(ratios, rounding, other)


@given(terms=terms_strategy, zero=st.sampled_from([0, "0", Decimal(0), Decimal("0.00"), 0.0]))
def test_defaults_read_as_explicit_zeros(terms: lc.LoanTerms, zero: object) -> None:
    # The shared defaults (zero amounts, no fees, 2-place half-up rounding) are what
    # reading an explicit zero gives: the same terms, the same schedule.
    explicit = attrs.evolve(
        terms,
        balloon=zero,
        fees=lc.Fees(upfront=zero, upfront_rate=zero, per_period=zero, per_period_rate=zero),
        rounding=lc.Rounding(places=2, mode="half-up"),
    )
    assert explicit == terms
    assert (
        str(terms.balloon)
        == str(
            lc.LoanTerms(principal=1, annual_rate=0, term=1, start=terms.start, balloon=0).balloon
        )
        == "0"
    )
    assert lc.amortize(explicit) == lc.amortize(terms)
