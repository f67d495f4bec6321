"""``batch.payments``' fast path: the level payment without running loans to maturity.

The oracle is :func:`loancalc.amortize` loan by loan (its first instalment's payment),
and for the parts, the general batch walk (``_rows.advance``), ``Fraction`` and
``np.unique``; no expected value comes from the fast path itself.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from loancalc.batch import _inputs, _payment, _payment_walk
from loancalc.batch._level import annuity_halves
from loancalc.batch._payment_rates import group, unit_fractions
from loancalc.batch._rounding import halves_to_units
from loancalc.batch._rows import OK, Loans, Rule, advance
from loancalc.money import RoundingMode

MODES = ["half-up", "half-even", "half-down", "down", "up", "ceiling", "floor"]
GRIDS = [{"places": 2}, {"places": 0}, {"places": 3}]
START = date(2024, 1, 31)


def _first_payments(loans: list[lc.LoanTerms]) -> list[int]:
    """Each loan's first payment by the scalar engine, in grid units."""
    found = []
    for loan in loans:
        payment = lc.amortize(loan).installments[0].payment
        steps = payment / loan.rounding.quantum
        assert steps == steps.to_integral_value()
        found.append(int(steps))
    return found


# rates of up to 6 decimals (many distinct, so float estimates land anywhere)
six_places = st.decimals(min_value=0, max_value=Decimal("0.6"), places=6)


@st.composite
def books(draw: st.DrawFn) -> dict[str, object]:
    rounding = lc.Rounding(**draw(st.sampled_from(GRIDS)), mode=draw(st.sampled_from(MODES)))
    quantum = rounding.quantum
    method = draw(st.sampled_from(["equal-installment", "balloon"]))
    size = draw(st.integers(1, 8))
    units = draw(
        st.lists(
            st.one_of(st.integers(1, 300), st.integers(1, 10**7), st.integers(1, 10**11)),
            min_size=size, max_size=size,
        )
    )  # fmt: skip
    terms = draw(st.lists(st.integers(1, 360), min_size=size, max_size=size))
    rates = draw(st.lists(six_places, min_size=size, max_size=size))
    balloon = [0] * size
    if method == "balloon":
        # a balloon of the whole principal makes the level exactly B x i: with a rate of
        # 6 % a year on 1.00, half a cent, a boundary every mode rounds its own way
        shares = draw(st.lists(st.sampled_from([0, 50, 100]), min_size=size, max_size=size))
        balloon = [u * s // 100 for u, s in zip(units, shares, strict=True)]
    fees = draw(st.none() | st.builds(lambda steps: lc.Fees(per_period=quantum * steps),
                                      st.integers(0, 500)))  # fmt: skip
    as_floats = draw(st.booleans())
    read = np.array([float(r) for r in rates]) if as_floats else [str(r) for r in rates]
    return {
        "principal": [quantum * u for u in units],
        "annual_rate": read,
        "term": terms,
        "start": START,
        "method": method,
        "rounding": rounding,
        "fees": fees,
        "balloon": [quantum * b for b in balloon],
    }


def _loans(book: dict[str, object]) -> list[lc.LoanTerms]:
    rates = book["annual_rate"]
    assert isinstance(rates, list | np.ndarray)
    return [
        lc.LoanTerms(
            principal=p, annual_rate=float(r) if isinstance(r, np.floating) else r, term=t,
            start=START, method=book["method"], rounding=book["rounding"], fees=book["fees"],
            balloon=b if book["method"] == "balloon" else 0,
        )  # type: ignore[arg-type]
        for p, r, t, b in zip(book["principal"], rates, book["term"], book["balloon"],  # type: ignore[call-overload]
                              strict=True)
    ]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(books())
def test_the_fast_path_equals_the_scalar_first_payment(book: dict[str, object]) -> None:
    loans = _loans(book)
    assert batch.payments(**book).tolist() == _first_payments(loans)  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", MODES)
def test_levels_on_a_half_cent_boundary(mode: str) -> None:
    # A balloon of the whole principal leaves a level of exactly B x i: 1.00, 3.00 and
    # 101.00 at 6 % a year (0.5 % a month) give 0.5, 1.5 and 50.5 cents, each a tie the
    # float estimate sits on: half-up 1, 2, 51; half-even 0, 2, 50; down 0, 1, 50; ...
    principal = [Decimal("1.00"), Decimal("3.00"), Decimal("101.00")]
    rounding = lc.Rounding(mode=mode)
    expected = {
        "half-up": [1, 2, 51], "half-even": [0, 2, 50], "half-down": [0, 1, 50],
        "down": [0, 1, 50], "floor": [0, 1, 50], "up": [1, 2, 51], "ceiling": [1, 2, 51],
    }[mode]  # fmt: skip
    found = batch.payments(principal, np.array([0.06] * 3), 12, start=START, method="balloon",
                           balloon=principal, rounding=rounding)  # fmt: skip
    assert found.tolist() == expected
    loans = [lc.LoanTerms(principal=p, annual_rate="6%", term=12, start=START, method="balloon",
                          balloon=p, rounding=rounding) for p in principal]  # fmt: skip
    assert _first_payments(loans) == expected


def test_published_figures_from_float_rates() -> None:
    # 12,000 at 18 % over 12 months: i = 0.015, 1.015^12 = 1.1956182, so the level is
    # 12,000 x 0.015 x 1.1956182 / 0.1956182 = 1,100.1597 -> 1,100.16. 1,200 at 12 %
    # over one month pays 1,200 + 12.00. 1,000,000 at 4.9 % over 360 months: 5,307.27.
    found = batch.payments([12000, 1200, 1000000], np.array([0.18, 0.12, 0.049]),
                           [12, 1, 360], start=START)  # fmt: skip
    assert found.tolist() == [110016, 121200, 530727]


def test_a_float_rate_reads_as_its_shortest_decimal() -> None:
    # 0.0801 is not exactly representable; it reads as the decimal 0.0801 (its repr), the
    # same loan as the string "8.01%": 10,000 over 24 months, i = 0.0801 / 12 = 0.006675,
    # 1.006675^24 = 1.1731210, level 66.75 x 1.1731210 / 0.1731210 = 452.3185 -> 452.32
    from_float = batch.payments(10000, np.array([0.0801, 0.0801]), 24, start=START)
    from_text = batch.payments(10000, ["8.01%", "8.01%"], 24, start=START)
    assert from_float.tolist() == from_text.tolist() == [45232, 45232]
    values, index = _inputs.rates(np.array([0.0801, 0.1, 0.0801]), 3)
    assert values == [Decimal("0.0801"), Decimal("0.1")]
    assert index.tolist() == [0, 1, 0]


def test_a_book_with_overshooting_loans_equals_the_scalar_engine() -> None:
    # Small balances over long terms at high rates: the bound cannot prove them, so they
    # are walked; those whose rounded level repays early step down (38.44 over 98 months
    # at 2 %: 0.425... rounds to 0.43, which repays by month 97; the scalar engine pays
    # 0.42), and the degenerate ones (3.15 at 295 %) go to the general engine.
    principal = [Decimal("38.44"), Decimal("3.15"), Decimal("20.40"), Decimal("5000.00")]
    rate = ["2%", "295%", "34%", "18%"]
    term = [98, 24, 76, 360]
    loans = [lc.LoanTerms(principal=p, annual_rate=r, term=t, start=START)
             for p, r, t in zip(principal, rate, term, strict=True)]  # fmt: skip
    found = batch.payments(principal, rate, term, start=START).tolist()
    assert found == _first_payments(loans)
    assert found[0] == 42


def test_a_realistic_book_in_many_blocks_equals_the_scalar_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 1,500 consumer loans (1,000 to 50,000, 8 to 24 % in basis points, 6 to 36 months)
    # in blocks of 64 loans: every first payment is the scalar engine's.
    monkeypatch.setattr(_payment, "_BLOCK", 64)
    rng = np.random.default_rng(17)
    size = 1500
    principal = rng.integers(1000, 50001, size).astype(np.float64)
    rate = rng.integers(800, 2400, size) / 10000
    term = rng.integers(6, 37, size)
    found = batch.payments(principal, rate, term, start=START)
    loans = [
        lc.LoanTerms(principal=float(p), annual_rate=float(r), term=int(t), start=START)
        for p, r, t in zip(principal, rate, term, strict=True)
    ]
    assert found.tolist() == _first_payments(loans)


def test_other_books_take_the_general_engine() -> None:
    # equal principal, daily accrual and an irregular first period are not annuities of
    # the fast path: the general engine answers, with the scalar engine's figures
    # (1,200 over 3 months at 12 %: a share of 400 plus 12.00 of interest)
    common = {"start": START}
    assert batch.payments(1200, "12%", 3, method="equal-principal", **common).tolist() == [41200]
    loans = [lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=START,
                          first_due=date(2024, 3, 15))]  # fmt: skip
    assert batch.payments(1200, "12%", 3, first_due=date(2024, 3, 15), **common).tolist() == (
        _first_payments(loans)
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 10**6), st.integers(0, 3600), st.integers(1, 240)),
        min_size=1, max_size=10,
    ),
    st.sampled_from(list(RoundingMode)),
)  # fmt: skip
def test_the_lean_walk_agrees_with_the_full_walk(
    loans: list[tuple[int, int, int]], mode: RoundingMode
) -> None:
    # Every candidate level first_level settles on runs to term in the full walk, and
    # none it passes over does (the engine tries the policy's level, then toward zero).
    balance = np.array([b for b, _, _ in loans], dtype=np.int64)
    numerator = np.array([n for _, n, _ in loans], dtype=np.int64)
    denominator = np.full(len(loans), 12000, dtype=np.int64)
    term = np.array([t for _, _, t in loans], dtype=np.int64)
    zero = np.zeros(len(loans), dtype=np.int64)
    halves, boundary = annuity_halves(balance, zero, numerator, denominator, term)
    level = halves_to_units(halves, boundary, mode)
    found, known = _payment_walk.first_level(
        balance, halves, level, numerator=numerator, denominator=denominator, term=term,
        mode=mode,
    )  # fmt: skip
    whole = Loans(balance=balance, numerator=numerator, denominator=denominator, term=term,
                  fee=zero)  # fmt: skip
    status = advance(None, None, whole, found, rule=Rule.LEVEL_PAYMENT, mode=mode)
    assert (status[known] == OK).all()
    tried = advance(None, None, whole, level, rule=Rule.LEVEL_PAYMENT, mode=mode)
    kept = known & (tried == OK)  # the policy's level runs to term: it is the one kept
    assert (found[kept] == level[kept]).all()


@given(st.lists(st.decimals(min_value=0, max_value=10, places=12), min_size=1, max_size=8),
       st.sampled_from([12, 360, 365]))  # fmt: skip
def test_unit_fractions_are_the_exact_fractions(rates: list[Decimal], base: int) -> None:
    tops, bottoms, fits = unit_fractions(rates, base)
    for rate, top, bottom, fit in zip(rates, tops, bottoms, fits, strict=True):
        exact = Fraction(rate) / base
        assert bool(fit) == (exact.numerator < 2**40 and exact.denominator < 2**40)
        if fit:
            assert (int(top), int(bottom)) == (exact.numerator, exact.denominator)


@given(
    st.lists(
        st.one_of(
            st.integers(0, 240000).map(lambda n: n / 1e6),  # up to 6 decimals: keyed
            st.floats(0, 10, allow_nan=False),  # any float: sorted
            st.just(-0.0),
        ),
        min_size=1, max_size=40,
    ),
    st.integers(1, 2500),
)  # fmt: skip
def test_float_rates_group_as_numpy_unique_does(values: list[float], copies: int) -> None:
    array = np.array(values * copies)  # past one block, the keyed grouping is tried
    distinct, inverse = np.unique(array, return_inverse=True)
    found, index = group(array)
    assert found.tolist() == distinct.tolist()
    assert index.tolist() == inverse.reshape(-1).tolist()
