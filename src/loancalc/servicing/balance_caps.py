"""Statutory cost caps as the actual-balance engine applies them: :class:`CapBook`.

Exact amounts (fractions) are cut as they accrue, so accrual stops at a cap; what is
charged (rounded) is then held within each cap's allowance rounded down to the grid.

- daily: interest of all kinds accruing in a span at most ``share x principal x days``;
- total: every cost charged at most ``share x principal advanced``;
- annual: every cost charged at most the principal in use times the rate over the days
  so far (an allowance that grows span by span: ``CostCaps.annual_cost_cap``, a
  :class:`~loancalc.caps.CostCap` whose :meth:`~loancalc.caps.CostCap.allowance` it adds);
- default fee: each late fee at most the amount.

>>> from loancalc import CostCaps, Rounding
>>> book = CapBook(CostCaps(total_share="10%"), Decimal("100.00"), Rounding())
>>> parts = [Fraction(8), Fraction(4)]
>>> book.fit(parts, date(2024, 2, 1))
>>> parts, book.hits()[0].cap  # 12 wanted, 10 allowed: the last part is cut first
([Fraction(8, 1), Fraction(2, 1)], 'total')
"""

from __future__ import annotations

import copy
import decimal
import functools
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs

from loancalc.money import CONTEXT, Rounding, RoundingMode
from loancalc.servicing.balance_policies import CostCaps
from loancalc.servicing.statement import CapHit

__all__ = ["CapBook", "cut", "exact_decimal"]

_NOTHING = Fraction(0)
_DAY = timedelta(days=1)
#: Wide enough to turn an exact accrual into a decimal that rounds like the fraction.
_WIDE = decimal.Context(prec=120, Emax=999_999, Emin=-999_999)


def exact_decimal(value: Fraction) -> Decimal:
    """An exact amount as a decimal that rounds to a money grid exactly as it does (a
    recurring fraction is far from every rounding boundary, 120 digits are plenty).

    >>> exact_decimal(Fraction(1, 8)), str(exact_decimal(Fraction(1, 3)))[:8]
    (Decimal('0.125'), '0.333333')
    """
    if value.denominator == 1:
        return Decimal(value.numerator)
    with decimal.localcontext(_WIDE):
        return Decimal(value.numerator) / Decimal(value.denominator)


def cut(amounts: list[Fraction], excess: Fraction) -> Fraction:
    """Take ``excess`` off ``amounts`` in place, the last one first; return what was taken.

    >>> parts = [Fraction(5), Fraction(3)]
    >>> cut(parts, Fraction(4)), parts
    (Fraction(4, 1), [Fraction(4, 1), Fraction(0, 1)])
    """
    taken = _NOTHING
    for index in range(len(amounts) - 1, -1, -1):
        if excess <= 0:
            break
        take = min(amounts[index], excess)
        amounts[index] -= take
        excess -= take
        taken += take
    return taken


@functools.lru_cache(maxsize=64)
def _floor(rounding: Rounding) -> Callable[[Decimal], Decimal]:
    """Rounding down to the grid of ``rounding`` (kept: a loan's rounding repeats)."""
    return attrs.evolve(rounding, mode=RoundingMode.FLOOR).apply


_NAMES = ("daily", "total", "annual", "default-fee")


class _Cap:
    """One cap's record: what it kept from being charged, and on which days."""

    __slots__ = ("cut", "first", "last", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self.cut = _NOTHING
        self.first: date | None = None
        self.last: date | None = None

    def record(self, first: date, last: date, amount: Fraction) -> None:
        if amount > 0:
            self.cut += amount
            self.first = self.first or first
            self.last = last

    def hit(self) -> CapHit | None:
        if self.first is None or self.last is None:
            return None
        with decimal.localcontext(CONTEXT):
            cut = +exact_decimal(self.cut)  # at most 40 digits
        return CapHit(cap=self.name, first_on=self.first, last_on=self.last, amount_cut=cut)


class CapBook:
    """The caps of one assessment, their allowances and what they cut (mutable, private).

    ``costs_exact``: every cost charged or accruing (exact); ``posted_daily`` and
    ``posted_costs``: what has been charged (rounded) of interest of all kinds and of
    every cost.

    >>> CapBook(CostCaps(), Decimal(100), Rounding()).ceiling(daily=True) is None
    True
    """

    def __init__(
        self, caps: CostCaps, principal: Decimal, rounding: Rounding, *, zero: Decimal | None = None
    ) -> None:
        self.caps = caps
        self.daily_share = None if caps.daily_share is None else Fraction(caps.daily_share)
        self.annual = caps.annual_cost_cap
        self.total = (
            None if caps.total_share is None else Fraction(caps.total_share) * Fraction(principal)
        )
        #: Whether the total or annual cap limits the costs (else :meth:`fit` cuts
        #: nothing and nothing reads :attr:`costs_exact`: the walk skips both).
        self.limits_costs = self.total is not None or self.annual is not None
        #: Whether any cap limits what is charged (else :meth:`ceiling` is None).
        self.limits_charges = self.limits_costs or self.daily_share is not None
        self.cuts = self.limits_charges or caps.default_fee is not None  # (else no hits)
        self.rounding = rounding
        self._floor: Callable[[Decimal], Decimal] | None = None  # see floor
        self.zero = rounding.apply(Decimal(0)) if zero is None else zero  # (zero: on the grid)
        self.records = {name: _Cap(name) for name in _NAMES}
        self.daily_allowance = _NOTHING
        self.annual_allowance = _NOTHING
        self.costs_exact = _NOTHING
        self.posted_daily = self.zero
        self.posted_costs = self.zero

    @property
    def floor(self) -> Callable[[Decimal], Decimal]:
        """Rounding down to the grid.

        >>> CapBook(CostCaps(), Decimal(100), Rounding()).floor(Decimal("1.999"))
        Decimal('1.99')
        """
        if self._floor is None:
            self._floor = _floor(self.rounding)
        return self._floor

    def copy(self) -> CapBook:
        """An independent copy (the records copied).

        >>> book = CapBook(CostCaps(total_share="5%"), Decimal(100), Rounding())
        >>> twin = book.copy(); twin.records["total"].cut = Fraction(1)
        >>> book.records["total"].cut
        Fraction(0, 1)
        """
        twin = copy.copy(self)
        if not self.cuts:  # no cap: the records stay empty, shared
            return twin
        twin.records = {}
        for name, record in self.records.items():
            clone = _Cap(name)
            clone.cut, clone.first, clone.last = record.cut, record.first, record.last
            twin.records[name] = clone
        return twin

    def advanced(self, amount: Decimal) -> None:
        """A further advance of ``amount``: the total cap grows with the principal advanced.

        >>> book = CapBook(CostCaps(total_share="1"), Decimal(100), Rounding())
        >>> book.advanced(Decimal(50)); book.total
        Fraction(150, 1)
        """
        if self.total is not None and self.caps.total_share is not None:
            self.total += Fraction(self.caps.total_share) * Fraction(amount)

    def daily(self, parts: list[Fraction], principal: Fraction, start: date, end: date) -> None:
        """Cut the interest of all kinds accruing from ``start`` to ``end`` (``parts``,
        the last cut first) to the daily share of ``principal``.

        >>> book = CapBook(CostCaps(daily_share="1%"), Decimal(100), Rounding())
        >>> parts = [Fraction(3), Fraction(1)]  # 4 wanted in 2 days, 2 allowed
        >>> book.daily(parts, Fraction(100), date(2024, 1, 1), date(2024, 1, 3))
        >>> parts
        [Fraction(2, 1), Fraction(0, 1)]
        """
        if self.daily_share is None:
            return
        limit = self.daily_share * principal * (end - start).days
        self.daily_allowance += limit
        excess = sum(parts, _NOTHING) - limit
        if excess > 0:
            self.records["daily"].record(start + _DAY, end, cut(parts, excess))

    def grow(self, principal: Fraction, years: Fraction) -> None:
        """Add the annual cap's allowance for ``principal`` in use over ``years``.

        >>> book = CapBook(CostCaps(annual_rate="24%"), Decimal(100), Rounding())
        >>> book.grow(Fraction(100), Fraction(1, 12))
        >>> book.annual_allowance
        Fraction(2, 1)
        """
        if self.annual is not None:
            self.annual_allowance += self.annual.allowance(principal, years)

    def fit(self, parts: list[Fraction], day: date, since: date | None = None) -> None:
        """Cut ``parts`` (the last first) to what the total and annual caps still allow,
        and count what is left as charged. ``parts`` accrued evenly over the days after
        ``since`` to ``day`` (None: all on ``day``): a cap reached within them is reported
        from the first day it cut.

        >>> book = CapBook(CostCaps(total_share="5%"), Decimal(100), Rounding())
        >>> parts = [Fraction(10)]  # 1 a day on 01-02 .. 01-11; 5 allowed: to 01-06
        >>> book.fit(parts, date(2024, 1, 11), since=date(2024, 1, 1))
        >>> parts, book.hits()[0].first_on
        ([Fraction(5, 1)], datetime.date(2024, 1, 7))
        """
        limits = (
            ("total", self.total),
            ("annual", None if self.annual is None else self.annual_allowance),
        )
        for name, limit in limits:
            if limit is None:
                continue
            wanted = sum(parts, _NOTHING)
            excess = min(wanted, self.costs_exact + wanted - limit)
            if excess > 0:
                first = day
                if since is not None:  # the day the allowance ran out
                    kept = (wanted - excess) / wanted
                    first = min(day, since + timedelta(days=int(kept * (day - since).days) + 1))
                self.records[name].record(first, day, cut(parts, excess))
        self.costs_exact += sum(parts, _NOTHING)

    def fit_lump(self, amount: Decimal, day: date) -> Decimal:
        """A fee charged on ``day``, cut to what the total and annual caps allow (down to
        the grid).

        >>> book = CapBook(CostCaps(total_share="5%"), Decimal(100), Rounding())
        >>> book.fit_lump(Decimal("15.00"), date(2024, 1, 1))
        Decimal('5.00')
        """
        if not self.limits_costs:
            return self.floor(amount)
        parts = [Fraction(amount)]
        self.fit(parts, day)
        kept = self.floor(exact_decimal(parts[0]))
        ceiling = self.ceiling(daily=False)  # and within what was charged, rounded
        if ceiling is not None and kept > ceiling:
            kept = ceiling
        self.costs_exact -= parts[0] - Fraction(kept)  # the grid's crumbs stay uncharged
        return kept

    def default_fee(self, fee: Decimal, day: date) -> Decimal:
        """A late fee within the default-fee cap.

        >>> CapBook(CostCaps(default_fee=15), Decimal(100), Rounding()).default_fee(
        ...     Decimal("25.00"), date(2024, 1, 1))
        Decimal('15')
        """
        cap = self.caps.default_fee
        if cap is not None and fee > cap:
            self.records["default-fee"].record(day, day, Fraction(fee - cap))
            return cap
        return fee

    def ceiling(self, *, daily: bool) -> Decimal | None:
        """What may still be charged: each cap's allowance rounded down to the grid, less
        what is already charged (the daily cap counts interest of all kinds only, and
        only when ``daily``); None when no cap applies.

        >>> book = CapBook(CostCaps(total_share="5%"), Decimal(100), Rounding())
        >>> book.charged(Decimal("1.50"), daily=False)
        >>> book.ceiling(daily=False)
        Decimal('3.50')
        """
        if not (self.limits_costs or (daily and self.daily_share is not None)):
            return None
        floor = self.floor
        limits = []
        if daily and self.daily_share is not None:
            limits.append(floor(exact_decimal(self.daily_allowance)) - self.posted_daily)
        if self.total is not None:
            limits.append(floor(exact_decimal(self.total)) - self.posted_costs)
        if self.annual is not None:
            limits.append(floor(exact_decimal(self.annual_allowance)) - self.posted_costs)
        return max(min(limits), self.zero) if limits else None

    def exhausted_room(self) -> Decimal | None:
        """When the total or annual cap has stopped accrual (every exact cost it allows is
        used), what may still be charged of it (its allowance rounded down, less what the
        rounding of each charge left out); None while neither is reached.

        >>> book = CapBook(CostCaps(total_share="5%"), Decimal(100), Rounding())
        >>> book.fit([Fraction(6)], date(2024, 1, 1))  # 5 allowed, all of it accrued
        >>> book.charged(Decimal("4.99"), daily=True)
        >>> book.exhausted_room()
        Decimal('0.01')
        """
        if not self.limits_costs:
            return None
        reached = (self.total is not None and self.costs_exact >= self.total) or (
            self.annual is not None and self.costs_exact >= self.annual_allowance
        )
        return self.ceiling(daily=True) if reached else None

    def charged(self, amount: Decimal, *, daily: bool) -> None:
        """Count ``amount`` as charged (``daily``: interest of some kind).

        >>> book = CapBook(CostCaps(), Decimal(100), Rounding())
        >>> book.charged(Decimal("1.50"), daily=True)
        >>> book.posted_daily, book.posted_costs
        (Decimal('1.50'), Decimal('1.50'))
        """
        self.posted_costs += amount
        if daily:
            self.posted_daily += amount

    def hits(self) -> tuple[CapHit, ...]:
        """The caps that cut something, in the order of their first cut.

        >>> CapBook(CostCaps(), Decimal(100), Rounding()).hits()
        ()
        """
        if not self.cuts:
            return ()
        found = [hit for record in self.records.values() if (hit := record.hit()) is not None]
        return tuple(sorted(found, key=lambda hit: (hit.first_on, hit.cap)))
