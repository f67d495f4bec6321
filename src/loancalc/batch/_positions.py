"""Overdue positions for :func:`loancalc.batch.penalties`, validated and in grid units.

>>> from datetime import date
>>> from loancalc import Rounding
>>> x = read([1000], [0], "18%", [date(2024, 1, 31)], date(2024, 3, 1), overdue_fee=0,
...          principal=None, rounding=Rounding(), in_units=False)
>>> x.p.tolist(), x.rates, x.due.tolist()
([100000], [Decimal('0.18')], [datetime.date(2024, 1, 31)])
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch._inputs import amounts, as_array, dates, length_of, rates
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import Rounding

__all__ = ["Positions", "read"]

Int64s = npt.NDArray[np.int64]


def _units_array(value: object, count: int, name: str) -> Int64s:
    """Amounts already in grid units: whole numbers >= 0."""
    array = np.broadcast_to(as_array(value), (count,))
    if array.dtype.kind not in "iu":
        raise InvalidValueError(name, array.dtype, "whole numbers of grid units (in_units=True)")
    bad = (array < 0) | (array >= 2**62)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        raise InvalidValueError(f"{name}[{index}]", int(array[index]), "0 to 2**62 grid units")
    return np.asarray(array, dtype=np.int64)


def read(
    overdue_principal: object,
    overdue_interest: object,
    contract_rate: object,
    due_dates: object,
    as_of: object,
    *,
    overdue_fee: object,
    principal: object,
    rounding: Rounding,
    in_units: bool,
    loan: object = None,
) -> Positions:
    """:func:`penalties`' positions, validated and converted (nothing computed)."""
    if not isinstance(rounding, Rounding):
        raise InvalidTypeError("rounding", rounding, "a loancalc.Rounding or None")
    raw = {
        "overdue_principal": as_array(overdue_principal),
        "overdue_interest": as_array(overdue_interest),
        "overdue_fee": as_array(overdue_fee),
        "contract_rate": as_array(contract_rate),
        "due_dates": as_array(due_dates),
        "as_of": as_array(as_of),
    }
    if principal is not None:
        raw["principal"] = as_array(principal)
    if loan is not None:
        raw["loan"] = as_array(loan)
    count = length_of(raw)
    group = None
    if loan is not None:
        ids = np.broadcast_to(raw["loan"], (count,))
        if ids.size and ids.dtype.kind not in "iuUO":
            raise InvalidValueError("loan", ids.dtype, "loan ids (whole numbers or text)")
        group = np.unique(ids.astype(str) if ids.dtype.kind == "O" else ids,
                          return_inverse=True)[1].reshape(-1).astype(np.intp)  # fmt: skip
    money: dict[str, Int64s] = {}
    for name in ("overdue_principal", "overdue_interest", "overdue_fee", "principal"):
        if name not in raw:
            continue
        money[name] = (
            _units_array(raw[name], count, name)
            if in_units
            else amounts(raw[name], count, name, rounding, positive=False)
        )
    distinct, which = rates(raw["contract_rate"], count)
    due = dates(raw["due_dates"], count, "due_dates", optional=False)
    today = dates(raw["as_of"], count, "as_of", optional=False)
    return Positions(
        p=money["overdue_principal"], i=money["overdue_interest"], f=money["overdue_fee"],
        lent=money.get("principal", money["overdue_principal"]), rates=distinct,
        which=which, due=due, as_of=today, group=group,
    )  # fmt: skip


@attrs.frozen(kw_only=True)
class Positions:
    p: Int64s
    i: Int64s
    f: Int64s
    lent: Int64s
    rates: list[Decimal]
    which: npt.NDArray[np.intp]
    due: npt.NDArray[np.datetime64]
    as_of: npt.NDArray[np.datetime64]
    group: npt.NDArray[np.intp] | None = None  # each position's loan (0..), if given
