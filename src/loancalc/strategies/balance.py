"""Strategies for the rules of the actual-balance interest basis: overpayment handling,
interest-free and promotional windows and cost caps (see
:mod:`loancalc.servicing.balance_policies`).

:func:`loancalc.strategies.servicing_rules` and :func:`loancalc.strategies.product_rules`
draw them whenever they draw ``interest_basis="actual-balance"`` (a scheduled-basis rule
set refuses them).

>>> from hypothesis import given, settings
>>> @settings(max_examples=20, database=None)
... @given(promotional_rates())
... def test_windows_do_not_overlap(windows):
...     assert all(a.end <= b.start for a, b in zip(windows, windows[1:]))
>>> test_windows_do_not_overlap()
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from loancalc.servicing.balance_policies import (
    CostCaps,
    InterestFreePeriod,
    Overpayment,
    PromotionalRate,
)
from loancalc.strategies.values import annual_rates

__all__ = ["cost_caps", "interest_free_periods", "overpayments", "promotional_rates"]

_T = TypeVar("_T")

_FIRST = date(1950, 1, 1)
_LAST = date(2100, 12, 31)


def _optional(strategy: SearchStrategy[_T]) -> SearchStrategy[_T | None]:
    return st.one_of(st.none(), strategy)


def _shares(high_units: int, places: int) -> SearchStrategy[Decimal]:
    """Shares from 0 to ``high_units`` x 10^-places, with the bounds and the common
    statutory values drawn often."""
    step = st.integers(0, high_units).map(lambda n: Decimal(n).scaleb(-places))
    edges = st.sampled_from([Decimal(0), Decimal(high_units).scaleb(-places)])
    return st.one_of(edges, step)


def overpayments() -> SearchStrategy[Overpayment]:
    """Either :class:`~loancalc.servicing.Overpayment` (``reduce-principal`` first).

    >>> from hypothesis import find
    >>> find(overpayments(), lambda value: True)
    <Overpayment.REDUCE_PRINCIPAL: 'reduce-principal'>
    """
    return st.sampled_from(list(Overpayment))


def interest_free_periods() -> SearchStrategy[InterestFreePeriod | None]:
    """None (no interest-free window, the simplest) or an
    :class:`~loancalc.InterestFreePeriod` of 1 to 3660 days, conditional or not.

    >>> from hypothesis import find
    >>> find(interest_free_periods(), lambda value: value is not None)
    InterestFreePeriod(days=1, conditional=False)
    """
    days = st.one_of(st.sampled_from([1, 3, 14, 30, 3660]), st.integers(1, 3660))
    return _optional(st.builds(InterestFreePeriod, days=days, conditional=st.booleans()))


@st.composite
def _promotions(draw: st.DrawFn, max_size: int) -> tuple[PromotionalRate, ...]:
    count = draw(st.integers(0, max_size))
    if not count:
        return ()
    start = draw(st.dates(_FIRST, _LAST - timedelta(days=400 * count)))
    windows = []
    for _ in range(count):
        start += timedelta(days=draw(st.integers(0, 30)))
        end = start + timedelta(days=draw(st.integers(1, 365)))
        windows.append(PromotionalRate(start=start, end=end, annual_rate=draw(annual_rates())))
        start = end
    return tuple(windows)


def promotional_rates(max_size: int = 3) -> SearchStrategy[tuple[PromotionalRate, ...]]:
    """Up to ``max_size`` :class:`~loancalc.PromotionalRate` windows, sorted and never
    overlapping (one may start the day another ends), each 1 to 365 days long at any rate
    from 0 to 1000 %; shrinks toward none.

    >>> from hypothesis import find
    >>> find(promotional_rates(), lambda windows: True)
    ()
    """
    if not 0 <= max_size <= 10:
        raise ValueError(f"promotional_rates: max_size must lie in 0..10, got {max_size}")
    return _promotions(max_size)


def cost_caps() -> SearchStrategy[CostCaps]:
    """:class:`~loancalc.CostCaps`: none (the default) first, otherwise any mix of a daily
    share (0 to 100 %), a total share (0 to 10000 %), an annualised cost (0 to 1000 %)
    and a cap on each default fee, the UK and China values drawn often.

    >>> from hypothesis import find
    >>> find(cost_caps(), lambda caps: True)
    CostCaps(daily_share=None, total_share=None, annual_rate=None, default_fee=None)
    """
    statutory = st.just(
        CostCaps(daily_share="0.008", total_share="1", default_fee="15", annual_rate=None)
    )
    drawn = st.builds(
        CostCaps,
        daily_share=_optional(st.one_of(st.just(Decimal("0.008")), _shares(10_000, 4))),
        total_share=_optional(st.one_of(st.just(Decimal(1)), _shares(1_000_000, 4))),
        annual_rate=_optional(st.one_of(st.just(Decimal("0.24")), annual_rates())),
        default_fee=_optional(st.integers(0, 10**8).map(lambda n: Decimal(n).scaleb(-2))),
    )
    return st.one_of(st.just(CostCaps()), statutory, drawn)
