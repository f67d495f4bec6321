"""A table of records as a numpy structured array, one field per column.

Dates become ``datetime64[D]`` and whole numbers ``int64``; amounts ``float64`` for
analysis or, with ``money="object"``, the exact ``Decimal`` values (never a negative
zero in either).

>>> from datetime import date
>>> from decimal import Decimal
>>> from loancalc.export.columns import Column, Kind
>>> columns = [Column(name="due_date", kind=Kind.DATE), Column(name="payment", kind=Kind.MONEY)]
>>> a = to_numpy(columns, [(date(2024, 2, 29), Decimal("408.03"))])
>>> a["payment"].tolist(), str(a["due_date"][0])
([408.03], '2024-02-29')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from loancalc.errors import InvalidValueError
from loancalc.export.columns import Column, Kind, unsigned_zero

__all__ = ["to_numpy"]

_DTYPES: dict[Kind, Any] = {Kind.INTEGER: np.int64, Kind.DATE: "datetime64[D]", Kind.TEXT: object}


def to_numpy(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    *,
    money: Literal["float64", "object"] = "float64",
) -> npt.NDArray[np.void]:
    """``rows`` (each in ``columns`` order) as a structured array with the columns' fields.

    Raises :class:`~loancalc.errors.InvalidValueError` for a ``money`` other than
    ``"float64"`` or ``"object"``.

    >>> from decimal import Decimal
    >>> from loancalc.export.columns import Column, Kind
    >>> a = to_numpy([Column(name="fee", kind=Kind.MONEY)], [(Decimal("-0.00"),)],
    ...              money="object")
    >>> a["fee"].tolist()
    [Decimal('0.00')]
    """
    if money not in ("float64", "object"):
        raise InvalidValueError("money", money, "'float64' or 'object'")
    money_type = np.float64 if money == "float64" else object
    dtype = np.dtype(
        [
            (column.name, money_type if column.kind is Kind.MONEY else _DTYPES[column.kind])
            for column in columns
        ]
    )
    array = np.empty(len(rows), dtype=dtype)
    if not rows:
        return array
    for column, values in zip(columns, zip(*rows, strict=True), strict=True):
        cells: Sequence[Any] = values
        if column.kind is Kind.MONEY:
            exact = [unsigned_zero(value) for value in values]
            cells = [float(value) for value in exact] if money == "float64" else exact
        array[column.name] = cells
    return array
