"""Penalty and compound interest for the vectorised actual-balance walk: the rules of
:mod:`loancalc.servicing.balance_accrual`, every loan at once.

Overdue principal bears the penalty rate less the contract rate (which it already bears)
and overdue interest the compound rate, by the penalty's day count (days over a fixed
year). Both accrue exactly, as integers over one denominator per loan, and are charged
rounded cumulatively (what is charged is always the rounded exact amount so far). With a
retroactive grace a demand within grace accrues its own pair aside (``pending``): added
to the loan's when grace ends with it short, forgiven when it was paid in time.

>>> from datetime import date
>>> from loancalc import batch, ServicingRules, PenaltyPolicy, PenaltyRate
>>> from loancalc.batch._assess_book import read
>>> rules = ServicingRules(interest_basis="actual-balance", penalty=PenaltyPolicy(
...     rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True))
>>> book = read(batch.amortize(1000, "36%", 1, start=date(2024, 1, 1)), rules)
>>> penalty = Penalty(book, rules)
>>> penalty.top.tolist(), penalty.bottom.tolist()  # 18 % and 54 % a year, over 360 days
([[9], [27]], [[18000], [18000]])
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_balance_demands import Demands
from loancalc.batch._assess_book import Book
from loancalc.batch._rounding import round_div
from loancalc.interest_basis import InterestBasis
from loancalc.rates import DayCount
from loancalc.servicing.rules import ServicingRules

__all__ = ["PENALTY_BASES", "Penalty"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float64]
#: The penalty day counts the walk accrues by: days over a fixed year.
PENALTY_BASES = {DayCount.ACT_360: 360, DayCount.ACT_365F: 365}
_LONG = 2**40  # a numerator or denominator this long: the loan fails the overflow check


def _parts(rate: Fraction, year: int) -> tuple[int, int]:
    if rate.numerator < _LONG and rate.denominator < _LONG:
        return rate.numerator, rate.denominator * year
    return _LONG, 1


class Penalty:
    """Every loan's exact penalty and compound interest (mutable): ``top`` / ``bottom``
    (penalty, compound x loans) are the daily rates, ``exact`` the numerators accrued
    (over ``bottom``), ``pending`` those of each demand within a retroactive grace."""

    def __init__(self, book: Book, rules: ServicingRules) -> None:
        loans, width = book.principal.shape
        policy = rules.penalty
        year = PENALTY_BASES.get(policy.day_count, 360)
        pairs = [
            (_parts(Fraction(policy.penalty_rate(rate, InterestBasis.ACTUAL_BALANCE)), year),
             _parts(Fraction(policy.compound_annual_rate(rate)), year))
            for rate in book.rates
        ]  # fmt: skip
        rates = np.array(pairs, dtype=np.int64).reshape(-1, 2, 2)[book.rate_index]
        self.top: Int64s = np.ascontiguousarray(rates[:, :, 0].T)
        self.bottom: Int64s = np.ascontiguousarray(rates[:, :, 1].T)
        self.retroactive = rules.grace.retroactive
        self.mode = book.rounding.mode
        self.exact = np.zeros((2, loans), dtype=np.int64)
        self.pending = np.zeros((2, loans, width if self.retroactive else 0), dtype=np.int64)

    def accrue(
        self,
        demands: Demands,
        who: Ints,
        days: Int64s,
        owed: tuple[Int64s, Int64s],
        repaid: tuple[Int64s, Int64s],
        *,
        measure: bool = False,
    ) -> Floats | None:
        """Accrue ``days`` more on the overdue demands of loans ``who`` (``owed``: their
        principal and interest owed, ``repaid``: of them paid, waived or written off so
        far); ``measure``: return what accrued (units, as floats: the daily cap's
        check), else None."""
        active = (days > 0) & (demands.arrears[who] > 0)  # an unpaid demand
        spent = np.zeros(len(who)) if measure else None
        if not active.any():
            return spent
        some, span = who[active], days[active]
        base_p, base_i, more_p, more_i = demands.bases(
            some, (owed[0][active], owed[1][active]), (repaid[0][active], repaid[1][active]),
            retroactive=self.retroactive,
        )  # fmt: skip
        rate_p, rate_i = self.top[0, some] * span, self.top[1, some] * span
        self.exact[0, some] += base_p * rate_p
        self.exact[1, some] += base_i * rate_i
        if more_p is not None and more_i is not None:
            self.pending[0, some] += more_p * rate_p[:, None]
            self.pending[1, some] += more_i * rate_i[:, None]
            base_p, base_i = base_p + more_p.sum(axis=1), base_i + more_i.sum(axis=1)
        if spent is not None:
            bottom = self.bottom[:, some].astype(np.float64)
            spent[active] = base_p * (rate_p / bottom[0]) + base_i * (rate_i / bottom[1])
        return spent

    def rounded(self, who: Ints) -> Int64s:
        """The penalty and compound interest of loans ``who`` so far, rounded (2 x loans).

        >>> Penalty.rounded.__name__
        'rounded'
        """
        return round_div(self.exact[:, who], self.bottom[:, who], self.mode)

    def end_grace(self, who: Ints, column: Int64s, short: npt.NDArray[np.bool_]) -> None:
        """Grace ends for demand ``column`` of loans ``who``: what it accrued within grace
        is added where it is ``short``, forgiven elsewhere.

        >>> Penalty.end_grace.__name__
        'end_grace'
        """
        if not self.retroactive:
            return
        late, at = who[short], column[short]
        self.exact[:, late] += self.pending[:, late, at]
        self.pending[:, who, column] = 0

    def accrued(self, who: Ints) -> Floats:
        """What loans ``who`` accrued exactly (charged or not, pending included), in units.

        >>> Penalty.accrued.__name__
        'accrued'
        """
        exact = self.exact[:, who] + self.pending[:, who].sum(axis=2)
        found: Floats = (exact / self.bottom[:, who]).sum(axis=0)
        return found
