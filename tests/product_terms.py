"""A built-in product's loan terms for property tests (shared by the servicing tests that
draw "a product's loan").

The rate is the product's own, or, for a product with a range of rates, one of five
steps from its lowest to the lower of its highest and 30 % (``middle=True``: the middle
of that range); the principal is a whole number of the product's grid steps.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

import loancalc as lc
from loancalc.products import ProductRules

_HIGHEST = Decimal("0.3")


def product_terms(  # noqa: PLR0917 -- the ranges each test draws from
    draw: st.DrawFn,
    product: ProductRules,
    terms: tuple[int, int],
    start: date,
    days: int,
    largest: int = 10**8,
    *,
    middle: bool = False,
) -> lc.LoanTerms:
    """Terms of ``product``: ``terms`` (fewest, most) instalments, a start within ``days``
    of ``start``, a principal of 10,000 to ``largest`` grid steps."""
    rate = product.annual_rate
    if rate is None:
        low, high = product.min_rate, min(product.max_rate, _HIGHEST)
        if middle:
            rate = low + (high - low) / 2
        else:
            rate = low + (high - low) * Decimal(draw(st.integers(0, 4))) / 4
    quantum = product.rounding.quantum
    return product.terms(
        principal=quantum * draw(st.integers(10_000, largest)),
        term=draw(st.integers(*terms)),
        start=start + timedelta(days=draw(st.integers(0, days))),
        annual_rate=rate,
    )
