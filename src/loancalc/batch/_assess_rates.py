"""Each loan's penalty and compound rates as exact integer fractions, and the charges.

Penalty accrues ``base x rate x days / year`` (days in the penalty day count's units:
:meth:`Rates.units`): with event rounding the walk keeps
``base x days`` and rounds ``that x rate / year`` when charging (the engine's cumulative
rounding); with daily rounding it keeps the sum of each day's rounded amount.

>>> from decimal import Decimal
>>> import numpy as np
>>> from loancalc import PenaltyPolicy, PenaltyRate, Rounding, ServicingRules
>>> rules = ServicingRules(penalty=PenaltyPolicy(rate=PenaltyRate(kind="multiplier",
...                                              value="1.5")))
>>> r = Rates(rules, [Decimal("0.18")], np.zeros(1, dtype=np.intp), Rounding())
>>> r.pen_charged(np.array([93396 * 10]), np.array([0])).tolist()  # 933.96 x 27 % x 10 / 360
[700]
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_relief import Relief
from loancalc.batch._rounding import round_div
from loancalc.money import Rounding, grid_units
from loancalc.rates import DayCount
from loancalc.servicing.accrual import denominator
from loancalc.servicing.policies import PenaltyRounding
from loancalc.servicing.rules import ServicingRules

__all__ = ["Rates"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]


def _fractions(values: list[Decimal]) -> tuple[Int64s, Int64s, bool]:
    """Numerators and denominators of exact rates; False if one does not fit 2**40."""
    fractions = [Fraction(v) for v in values]
    fits = all(abs(f.numerator) < 2**40 and f.denominator < 2**40 for f in fractions)
    if not fits:
        return np.zeros(len(values), np.int64), np.ones(len(values), np.int64), False
    return (
        np.array([f.numerator for f in fractions], dtype=np.int64),
        np.array([f.denominator for f in fractions], dtype=np.int64),
        True,
    )


class Rates:
    """The book's rates per loan (private to :func:`loancalc.batch.assess`)."""

    def __init__(
        self, rules: ServicingRules, contract: list[Decimal], which: Ints, rounding: Rounding
    ) -> None:
        policy = rules.penalty
        self.policy = policy
        self.mode = rounding.mode
        self.rounding = rounding
        self.daily = policy.rounding is PenaltyRounding.DAILY
        self.year = denominator(policy.day_count)
        self.thirty = policy.day_count in (DayCount.THIRTY_360_US, DayCount.THIRTY_E_360)
        self.actual_actual = policy.day_count is DayCount.ACT_ACT_ISDA
        self.uneven = self.thirty or self.actual_actual  # days not all of one unit
        self.relief = Relief(rules.relief_windows)
        pen = [policy.annual_rate(rate) if policy.charges_anything else Decimal(0)
               for rate in contract]  # fmt: skip
        comp = [policy.compound_annual_rate(rate) for rate in contract]
        pen_n, pen_d, fit_pen = _fractions(pen)
        comp_n, comp_d, fit_comp = _fractions(comp)
        con_n, con_d, fit_con = _fractions(contract)
        self.fits = fit_pen and fit_comp and fit_con
        self.penalize = any(pen) or any(comp)
        self.pen_n, self.pen_d = pen_n[which], pen_d[which] * self.year
        self.comp_n, self.comp_d = comp_n[which], comp_d[which] * self.year
        self.contract_n, self.contract_d = con_n[which], con_d[which]
        self.biggest = max([0, *(abs(int(n)) for n in (*pen_n, *comp_n))])
        self.fee_policy = rules.late_fee
        quantum = rounding.quantum
        self.quantum = quantum
        cap = rules.late_fee.cap_total
        self.fee_cap = 0 if cap is None else grid_units(cap, quantum, field="late_fee")
        share = Fraction(rules.late_fee.share)
        self.share_n, self.share_d = share.numerator, share.denominator

    def units(self, days: Int64s) -> Int64s:
        """Each day (days since 1970-01-01) as a position in the penalty day count's units:
        a span accrues ``units(end) - units(start)`` (:func:`span_units`): days for
        ACT/360 and ACT/365F, ``30 x month + min(day of month, 30)`` for the 30/360 ones,
        and for ACT/ACT (ISDA) 1/365 or 1/366 of a year a day, in units of 1/(365 x 366)."""
        if self.actual_actual:  # a whole year weighs 365 x 366; a day 366, or 365 in a leap year
            stamps = days.astype("datetime64[D]")
            years = stamps.astype("datetime64[Y]")
            year = years.astype(np.int64) + 1970
            leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
            into = (stamps - years.astype("datetime64[D]")).astype(np.int64)
            weighed: Int64s = (year - 1970) * 133590 + into * np.where(leap, 365, 366)
            return weighed
        if not self.thirty:
            return days
        stamps = days.astype("datetime64[D]")
        months = stamps.astype("datetime64[M]")
        day = (stamps - months.astype("datetime64[D]")).astype(np.int64) + 1
        found: Int64s = 30 * months.astype(np.int64) + np.minimum(day, 30)
        return found

    def caps(self, lent: Int64s) -> npt.NDArray[np.float64] | None:
        """Each loan's penalty cap (``cap_amount``, ``cap_share`` of the principal ``lent``,
        the smaller) in grid units, as the engine takes it (rounded toward zero with daily
        rounding); None without a cap."""
        policy = self.policy
        if policy.cap_amount is None and policy.cap_share is None:
            return None
        cap = np.full(len(lent), np.inf)
        if policy.cap_amount is not None:
            cap = np.minimum(cap, float(policy.cap_amount / self.quantum))
        if policy.cap_share is not None:
            cap = np.minimum(cap, lent * float(policy.cap_share))
        return np.floor(cap) if self.daily else cap

    def accrued(self, a_pen: Int64s, a_comp: Int64s, loans: Ints) -> npt.NDArray[np.float64]:
        """The exact penalty and compound interest accumulators stand for, in grid units
        (floats: for comparing with a cap, with a margin)."""
        if self.daily:
            return (a_pen + a_comp).astype(np.float64)
        pen = a_pen * (self.pen_n[loans] / self.pen_d[loans])
        comp = a_comp * (self.comp_n[loans] / self.comp_d[loans])
        found: npt.NDArray[np.float64] = pen + comp
        return found

    def pen_daily(self, base: Int64s, loans: Ints) -> Int64s:
        """What one day adds to the penalty accumulator of ``base`` overdue principal."""
        if not self.daily:
            return base
        return round_div(base * self.pen_n[loans], self.pen_d[loans], self.mode)

    def comp_daily(self, base: Int64s, loans: Ints) -> Int64s:
        """What one day adds to the compound accumulator of ``base`` overdue interest."""
        if not self.daily:
            return base
        return round_div(base * self.comp_n[loans], self.comp_d[loans], self.mode)

    def pen_charged(self, accrued: Int64s, loans: Ints) -> Int64s:
        """The penalty charged, in grid units, for an accumulator."""
        if self.daily:
            return accrued
        return round_div(accrued * self.pen_n[loans], self.pen_d[loans], self.mode)

    def comp_charged(self, accrued: Int64s, loans: Ints) -> Int64s:
        """The compound interest charged, in grid units, for an accumulator."""
        if self.daily:
            return accrued
        return round_div(accrued * self.comp_n[loans], self.comp_d[loans], self.mode)

    def late_fee(self, *, unpaid: Int64s, scheduled: Int64s) -> Int64s:
        """One late fee per instalment, before ``cap_total`` (the policy's own rule)."""
        share_n, share_d, mode = self.share_n, self.share_d, self.mode
        return self.fee_policy.fees_in_units(
            unpaid=unpaid,
            scheduled=scheduled,
            quantum=self.quantum,
            share_of=lambda base, share: round_div(base * share_n, share_d, mode),
        )
