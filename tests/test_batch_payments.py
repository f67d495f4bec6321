"""``batch.payments`` walks only the loans that might repay early or fall short.

``runs_to_term`` is a proof obligation: a loan it calls sure must run to its last
instalment in the full walk. Hypothesis looks for a counterexample near the edges (tiny
balances, high rates, long terms, every rounding mode, daily periods of 28 to 31 days).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from loancalc.batch._level import annuity_halves, daily_annuity_halves, runs_to_term, share_halves
from loancalc.batch._rounding import halves_to_units
from loancalc.batch._rows import OK, Loans, Rule, advance
from loancalc.money import RoundingMode

modes = st.sampled_from(list(RoundingMode))


@st.composite
def books(draw: st.DrawFn) -> tuple[Loans, RoundingMode]:
    size = draw(st.integers(1, 12))
    balance = draw(st.lists(st.integers(1, 10**9), min_size=size, max_size=size))
    # monthly rates from 0 to 30 %: numerator / denominator with annual percent / 1200
    percent = draw(st.lists(st.integers(0, 36000), min_size=size, max_size=size))
    term = draw(st.lists(st.integers(1, 480), min_size=size, max_size=size))
    daily = draw(st.booleans())
    days = None
    numerator = np.array(percent, dtype=np.int64)
    denominator = np.full(size, 120000 if not daily else 3600000, dtype=np.int64)
    if daily:
        periods = max(term)
        days = np.array(
            draw(st.lists(st.integers(28, 31), min_size=periods * size, max_size=periods * size)),
            dtype=np.int32,
        ).reshape(periods, size)
    loans = Loans(
        balance=np.array(balance, dtype=np.int64), numerator=numerator,
        denominator=denominator, term=np.array(term, dtype=np.int64),
        fee=np.zeros(size, dtype=np.int64), days=days,
    )  # fmt: skip
    return loans, draw(modes)


@settings(max_examples=300)
@given(books())
def test_a_sure_annuity_runs_to_term(book: tuple[Loans, RoundingMode]) -> None:
    loans, mode = book
    zero = np.zeros(len(loans.term), dtype=np.int64)
    if loans.days is None:
        halves, boundary = annuity_halves(
            loans.balance, zero, loans.numerator, loans.denominator, loans.term
        )
    else:
        halves, boundary = daily_annuity_halves(
            loans.balance, zero, loans.numerator, loans.denominator, loans.term,
            days=loans.days,
        )  # fmt: skip
    level = halves_to_units(halves, boundary, mode)
    sure = runs_to_term(loans, level, Rule.LEVEL_PAYMENT, mode)
    status = advance(None, None, loans, level, rule=Rule.LEVEL_PAYMENT, mode=mode)
    assert (status[sure] == OK).all()


@given(books())
def test_a_sure_equal_principal_runs_to_term(book: tuple[Loans, RoundingMode]) -> None:
    loans, mode = book
    level = halves_to_units(*share_halves(loans.balance, loans.term), mode)
    sure = runs_to_term(loans, level, Rule.LEVEL_PRINCIPAL, mode)
    status = advance(None, None, loans, level, rule=Rule.LEVEL_PRINCIPAL, mode=mode)
    assert ((status == OK) == sure).all()  # exact for equal principal: no margin


def test_the_bound_spares_most_of_a_realistic_book() -> None:
    # 1,000.00 to 500,000.00 at 3.5 to 18 % over 12 to 360 months: the walk is kept for
    # the small long loans only (a bound that spared none would make the test pass too).
    rng = np.random.default_rng(7)
    size = 2000
    loans = Loans(
        balance=rng.integers(100_000, 50_000_000, size), numerator=rng.integers(35, 181, size),
        denominator=np.full(size, 12000), term=rng.integers(12, 361, size),
        fee=np.zeros(size, dtype=np.int64),
    )  # fmt: skip
    zero = np.zeros(size, dtype=np.int64)
    halves, boundary = annuity_halves(
        loans.balance, zero, loans.numerator, loans.denominator, loans.term
    )
    level = halves_to_units(halves, boundary, RoundingMode.HALF_UP)
    sure = runs_to_term(loans, level, Rule.LEVEL_PAYMENT, RoundingMode.HALF_UP)
    assert sure.mean() > 0.9
