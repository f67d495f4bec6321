"""Hypothesis strategies for loancalc values, for property tests of your own products.

This module needs `hypothesis <https://hypothesis.readthedocs.io>`_, a test-time
dependency: install it with ``pip install loancalc[test]``. Nothing else in loancalc
imports it.

Every strategy returns a :class:`~hypothesis.strategies.SearchStrategy` that you compose
in your own tests::

    from hypothesis import given
    from loancalc import Method, amortize
    from loancalc.strategies import loan_terms

    @given(loan_terms(method=Method.EQUAL_PRINCIPAL, grace=False))
    def test_principal_is_repaid(terms):
        assert amortize(terms).total_principal == terms.principal

The strategies cover the whole accepted domain: rates from exactly 0 through tiny positive
rates (down to 1E-45, which must behave like 0 %) to 1000 %; principals from one step of
the rounding grid (0.01 in cents) to 1e12, always on the grid of the loan's
:class:`~loancalc.Rounding`, since ``LoanTerms`` refuses an amount off its grid (pass
``grid=`` to :func:`principals` and :func:`fees` for grids of your own).

Strategies shrink toward simple values (a short loan, no fees, no grace). The examples
below are deterministic: they show what every drawn value satisfies, or run a property
test that always passes.

>>> from hypothesis import given, settings
>>> from loancalc import Method, amortize
>>> @settings(max_examples=25, database=None)
... @given(loan_terms(method=Method.EQUAL_PRINCIPAL, grace=False))
... def test_principal_is_repaid(terms):
...     assert amortize(terms).total_principal == terms.principal
>>> test_principal_is_repaid()
"""

from __future__ import annotations

from loancalc.strategies.balance import (
    cost_caps,
    interest_free_periods,
    overpayments,
    promotional_rates,
)
from loancalc.strategies.products import product_rules, servicing_rules
from loancalc.strategies.terms import loan_terms
from loancalc.strategies.values import (
    accruals,
    annual_rates,
    day_counts,
    fees,
    frequencies,
    methods,
    principals,
    roundings,
    start_dates,
    terms_lengths,
)

__all__ = [
    "accruals",
    "annual_rates",
    "cost_caps",
    "day_counts",
    "fees",
    "frequencies",
    "interest_free_periods",
    "loan_terms",
    "methods",
    "overpayments",
    "principals",
    "product_rules",
    "promotional_rates",
    "roundings",
    "servicing_rules",
    "start_dates",
    "terms_lengths",
]
