"""The batch walk with its two larger steps plugged in: component-first allocation and
settlement (each in its own module, which reads the walk's arrays; the walk itself does
not import them, so no module imports its own caller).

>>> issubclass(BookWalk, Walk)
True
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_horizontal import pay_horizontal
from loancalc.batch._assess_settle import settle
from loancalc.batch._assess_walk import Walk

__all__ = ["BookWalk"]

Ints = npt.NDArray[np.intp]
Int64s = npt.NDArray[np.int64]


class BookWalk(Walk):
    """:class:`Walk` with :func:`pay_horizontal` and :func:`settle` as its steps."""

    def pay_horizontal(self, loans: Ints, money: Int64s, today: Int64s, *, charge: bool) -> Int64s:
        return pay_horizontal(self, loans, money, today, charge=charge)

    def settle(self, loans: Ints, money: Int64s, today: Int64s) -> None:
        settle(self, loans, money, today)
