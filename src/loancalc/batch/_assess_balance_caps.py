"""Which loans a statutory cost cap would cut, for the vectorised actual-balance walk.

The walk never cuts: a loan a cap would cut (or comes within a unit of cutting) is
flagged ``binding`` and left to :func:`loancalc.assess`, which applies
:class:`~loancalc.servicing.balance_caps.CapBook`. The checks mirror where that book
cuts: the daily cap on the interest of all kinds accruing in a span and on what is
charged of it against the allowance rounded down; the total and annual caps on the exact
costs (every cost charged or accruing) and on what is charged against the allowance
rounded down. A loan far from every cap (the usual case) is walked.

>>> import numpy as np
>>> from datetime import date
>>> from loancalc import batch, CostCaps, ServicingRules
>>> from loancalc.batch._assess_book import read
>>> rules = ServicingRules(interest_basis="actual-balance", caps=CostCaps(annual_rate="24%"))
>>> book = read(batch.amortize(1000, "36%", 1, start=date(2024, 1, 1)), rules)
>>> watch = CapWatch(book, rules)
>>> one = np.array([0])
>>> watch.grow(one, np.array([100000]), np.array([30]))  # 1,000 for 30 days: 20.00 allowed
>>> watch.costs(one, np.array([2000.0]), np.array([1999])); watch.binding.tolist()
[True]
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_book import Book
from loancalc.rates import DayCount
from loancalc.servicing.rules import ServicingRules

__all__ = ["CapWatch"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float64]
_YEARS = {DayCount.ACT_360: 360.0, DayCount.ACT_365F: 365.0}
_SLACK = 1e-6  # float noise, in units (a loan this close to a cap is flagged)


class CapWatch:
    """The caps of one rules over a chunk of loans (mutable): their allowances so far
    and ``binding`` (a cap would cut)."""

    def __init__(self, book: Book, rules: ServicingRules) -> None:
        caps, count = rules.caps, len(book)
        self.daily = None if caps.daily_share is None else Fraction(caps.daily_share)
        self.daily_days = np.zeros(count, dtype=np.int64)  # principal x days (daily cap)
        self.annual = None if caps.annual_rate is None else float(caps.annual_rate)
        years = np.array([_YEARS.get(dc, 360.0) for dc in book.day_counts])
        self.year = years[book.day_count_index]
        self.annual_allowance = np.zeros(count)
        share = caps.total_share
        self.total = None if share is None else book.lent * float(share)
        self.limits_costs = self.annual is not None or self.total is not None
        self.binding = np.zeros(count, dtype=bool)

    def grow(self, who: Ints, principal: Int64s, days: Int64s) -> None:
        """Principal in use for ``days`` more: the daily and annual allowances grow."""
        if self.daily is not None:
            self.daily_days[who] += principal * days
        if self.annual is not None:
            self.annual_allowance[who] += principal * days * (self.annual / self.year[who])

    def span(self, who: Ints, wanted: Floats, principal: Int64s, days: Int64s) -> None:
        """The daily cap on a span: ``wanted`` (units) of interest of all kinds accrued
        in ``days`` on ``principal`` (exceeding the cap's share, it would be cut)."""
        if self.daily is None:
            return
        limit = principal * days * float(self.daily)
        self.binding[who] |= (wanted > 0) & (wanted + _SLACK * (1 + limit) >= limit)

    def posted(self, who: Ints, added: Int64s, charged: Int64s) -> None:
        """Interest of all kinds posted (``added`` now, ``charged`` in all): the daily
        cap's allowance rounded down would have held it back."""
        if self.daily is None:
            return
        room = self.daily_days[who] * self.daily.numerator // self.daily.denominator
        self.binding[who] |= (added > 0) & (charged >= room)

    def costs(self, who: Ints, exact: Floats, charged: Int64s) -> None:
        """The total and annual caps: ``exact`` (every cost charged or accruing, units)
        and ``charged`` (every cost charged) against each allowance."""
        worst = np.maximum(exact, charged)
        for limits in (self.total, None if self.annual is None else self.annual_allowance):
            if limits is not None:
                limit = limits[who]
                self.binding[who] |= (worst > 0) & (worst + _SLACK * (1 + limit) >= limit)
