"""Per-loan fees in grid units, rounded as the scalar engine rounds them.

An instalment's fee is ``round((per_period + principal x per_period_rate) x periods)``
(``periods`` is the term for a bullet loan's single instalment, else 1); the upfront fee
``round(upfront + principal x upfront_rate)``. Computed on integers where they fit in
int64, else in Python integers, exactly.

>>> import numpy as np
>>> from decimal import Decimal
>>> from loancalc.money import Rounding
>>> fee_units(np.array([1200000]), np.array([1]), Decimal("1"), Decimal("0.006"), Rounding())
array([7300])
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from loancalc.batch._portfolio import Portfolio
from loancalc.batch._rounding import round_div, round_fraction
from loancalc.errors import InvalidValueError
from loancalc.money import Rounding
from loancalc.terms import Method

__all__ = ["fee_units", "portfolio_fees"]

_FITS = 2.0**60


def fee_units(
    principal: npt.NDArray[np.int64],
    periods: npt.NDArray[np.int64],
    amount: Decimal,
    rate: Decimal,
    rounding: Rounding,
) -> npt.NDArray[np.int64]:
    """``round((amount + principal x rate) x periods)`` in units of ``rounding``'s grid,
    ``principal`` given in those units."""
    fixed = Fraction(amount) / Fraction(rounding.quantum)
    share = Fraction(rate)
    # (fixed.n / fixed.d + B share.n / share.d) x periods over one denominator
    top_fixed, top_share = fixed.numerator * share.denominator, share.numerator * fixed.denominator
    bottom = fixed.denominator * share.denominator
    if not len(principal):
        return np.zeros(0, dtype=np.int64)
    largest = (float(top_fixed) + float(principal.max()) * float(top_share)) * float(periods.max())
    if largest < _FITS and bottom < _FITS:
        top = (top_fixed + principal * top_share) * periods
        return round_div(top, bottom, rounding.mode)
    mode = rounding.mode
    return np.array(
        [
            round_fraction((top_fixed + b * top_share) * n, bottom, mode)
            for b, n in zip(principal.tolist(), periods.tolist(), strict=True)
        ],
        dtype=object,
    ).astype(np.int64)


def portfolio_fees(p: Portfolio) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Each loan's instalment fee and upfront fee, in grid units."""
    loans = len(p)
    ppi = p.term if p.method is Method.BULLET else np.ones(loans, dtype=np.int64)
    try:
        if isinstance(p.fees, tuple):
            fee = np.zeros(loans, dtype=np.int64)
            upfront = np.zeros(loans, dtype=np.int64)
            for index, fees in enumerate(p.fees):
                at = slice(index, index + 1)
                fee[at] = fee_units(
                    p.principal[at], ppi[at], fees.per_period, fees.per_period_rate, p.rounding
                )
                upfront[at] = fee_units(
                    p.principal[at], ppi[at] * 0 + 1, fees.upfront, fees.upfront_rate, p.rounding
                )
            return fee, upfront
        fees = p.fees
        fee = fee_units(p.principal, ppi, fees.per_period, fees.per_period_rate, p.rounding)
        upfront = fee_units(
            p.principal, np.ones(loans, dtype=np.int64), fees.upfront, fees.upfront_rate,
            p.rounding,
        )  # fmt: skip
        return fee, upfront
    except OverflowError:
        raise InvalidValueError(
            "fees", p.fees, f"fees below 2**62 units of the grid ({p.rounding.quantum})"
        ) from None
