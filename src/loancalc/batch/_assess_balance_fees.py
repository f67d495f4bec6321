"""Late fees for the vectorised actual-balance walk, in grid units: the product's
:class:`~loancalc.servicing.late_fee.LateFeePolicy` (a fixed fee or a share of the
demand's unpaid amount or scheduled payment, kept within its minimum, maximum and total
cap) and the default-fee cap of :class:`~loancalc.CostCaps`, charged when grace ends
with a demand short (and again every ``repeat_days`` while it stays short), except on a
demand the no-pyramiding rule spares.

>>> import numpy as np
>>> from loancalc import LateFeePolicy, Rounding, ServicingRules
>>> rules = ServicingRules(interest_basis="actual-balance", late_fee=LateFeePolicy(
...     kind="share", share="0.05", minimum="1", cap_total="30"))
>>> fees = LateFees(rules, Rounding())
>>> fees.units(np.array([110016, 1000]), np.array([0, 0]), np.array([0, 2900])).tolist()
[3000, 100]
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from loancalc.batch._rounding import round_div
from loancalc.money import Rounding
from loancalc.servicing.rules import ServicingRules

__all__ = ["LateFees"]

Int64s = npt.NDArray[np.int64]


def _units(amount: Decimal | None, quantum: Decimal) -> int | None:
    """``amount`` in whole grid units (None: not set, or off the grid)."""
    if amount is None:
        return None
    steps = amount / quantum
    return int(steps) if steps == steps.to_integral_value() else None


class LateFees:
    """The late fees of one rules on one grid (``reason``: why the walk cannot charge
    them, '' when it can)."""

    def __init__(self, rules: ServicingRules, rounding: Rounding) -> None:
        self.policy = policy = rules.late_fee
        self.quantum, self.mode = rounding.quantum, rounding.mode
        self.charges = policy.charges_anything
        self.repeat_days = policy.repeat_days
        self.spares = policy.pyramiding.spares_installments
        share = Fraction(policy.share)
        self.share = (share.numerator, share.denominator)
        self.cap_total = _units(policy.cap_total, self.quantum)
        self.default = _units(rules.caps.default_fee, self.quantum)
        self.reason = ""
        if not self.charges:
            return
        if getattr(policy, "dated_on_due_date", False):
            self.reason = "late fees charged on the due date"
        elif (rules.caps.default_fee is not None and self.default is None) or (
            policy.cap_total is not None and self.cap_total is None
        ):
            self.reason = "a late fee off the grid"

    def units(self, unpaid: Int64s, scheduled: Int64s, charged: Int64s) -> Int64s:
        """One fee on each of some demands (``unpaid``: what each has unpaid, ``scheduled``:
        its scheduled principal and interest; ``charged``: the late fees its loan was
        charged so far), in units."""
        top, bottom = self.share
        mode = self.mode
        fee = self.policy.fees_in_units(
            unpaid=unpaid, scheduled=scheduled, quantum=self.quantum,
            share_of=lambda base, share: round_div(base * top, bottom, mode),
        )  # fmt: skip
        if self.cap_total is not None:
            fee = np.minimum(fee, self.cap_total - charged)
        fee = np.maximum(fee, 0)
        if self.default is not None:
            fee = np.minimum(fee, self.default)
        return fee
