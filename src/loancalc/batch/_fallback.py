"""Loans the scalar engine computes: their schedules, written into the batch matrices.

>>> from datetime import date
>>> from loancalc.batch._portfolio import read
>>> p = read(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1), frequency="quarterly")
>>> scalar(p, 0).installments[0].payment
Decimal('50.00')
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from loancalc.amortization import amortize as scalar_amortize
from loancalc.batch._portfolio import Portfolio
from loancalc.batch._rows import Rows
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.schedule import Schedule

__all__ = ["fill", "scalar", "units"]


def scalar(p: Portfolio, index: int) -> Schedule:
    try:
        return scalar_amortize(p.terms(index))
    except LoanCalcError as error:
        error.add_note(f"in loancalc.batch: loan {index}")
        raise


def units(amount: object, p: Portfolio, index: int) -> int:
    steps = amount / p.rounding.quantum  # type: ignore[operator]
    value = int(steps)
    if value != steps or abs(value) >= 2**63:
        raise InvalidValueError(
            f"principal[{index}]", amount, "amounts whose grid units fit in 64 bits"
        )
    return value


def fill(
    rows: Rows, due: npt.NDArray[np.datetime64], index: int, s: Schedule, p: Portfolio
) -> None:
    """Write a scalar schedule into column ``index``."""
    quantum = p.rounding.quantum
    count = len(s.installments)
    for name in ("balances", "principal", "interest", "fee", "payment"):
        getattr(rows, name)[:, index] = 0
    due[:, index] = np.datetime64("NaT")
    for row, item in enumerate(s.installments):
        rows.opening[row, index] = units(item.opening_balance, p, index)
        rows.principal[row, index] = units(item.principal, p, index)
        rows.interest[row, index] = units(item.interest, p, index)
        rows.fee[row, index] = units(item.fee, p, index)
        rows.payment[row, index] = units(item.payment, p, index)
        rows.closing[row, index] = units(item.closing_balance, p, index)
        due[row, index] = np.datetime64(item.due_date, "D")
    del quantum, count
