"""Portfolios as pandas DataFrames: loans in, per-loan totals out.

A DataFrame with one row per loan and named columns (``principal``, ``annual_rate``,
``term``, ``start``; optionally ``first_due`` and ``balloon``) goes straight into
:func:`amortize_frame`; :func:`loan_totals` gives each loan's payment and totals as a
DataFrame on the same index. Needs pandas (the ``pandas`` extra).

>>> import pandas as pd
>>> from datetime import date
>>> loans = pd.DataFrame({"principal": [1200, 600], "annual_rate": ["12%", "12%"],
...                       "term": [3, 2], "start": [date(2024, 1, 31)] * 2},
...                      index=["A-1", "A-2"])
>>> loan_totals(amortize_frame(loans), index=loans.index)[["payment", "total_interest"]]
     payment  total_interest
A-1    40803            2408
A-2    30451             901
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from loancalc.batch import _portfolio
from loancalc.batch._engine import compute
from loancalc.batch._penalties import _pandas
from loancalc.batch._result import BatchSchedule, build
from loancalc.errors import InvalidTypeError, InvalidValueError

__all__ = ["COLUMNS", "amortize_frame", "loan_totals"]

#: The loan columns :func:`amortize_frame` reads, and whether each is required.
COLUMNS = {
    "principal": True,
    "annual_rate": True,
    "term": True,
    "start": True,
    "first_due": False,
    "balloon": False,
}
_TOTALS = ("principal", "interest", "fee", "payment")


def amortize_frame(
    frame: Any, *, columns: Mapping[str, str] | None = None, **options: Any
) -> BatchSchedule:
    """:func:`loancalc.batch.amortize` of the loans in a pandas DataFrame, one per row.

    The columns named in :data:`COLUMNS` are read (``columns`` maps a field to another
    column name: ``{"principal": "amount"}``; dates may be datetime64 columns, dates, or
    ISO text); ``options`` are ``amortize``'s other
    keyword arguments (``method``, ``rounding``, ``fees`` ...), which apply to every loan.
    A missing required column raises :class:`~loancalc.errors.InvalidValueError`.

    >>> import pandas as pd
    >>> from datetime import date
    >>> loans = pd.DataFrame({"amount": [300.0], "annual_rate": [0.0], "term": [3],
    ...                       "start": [pd.Timestamp("2024-01-31")]})
    >>> amortize_frame(loans, columns={"principal": "amount"}).principal.tolist()
    [[10000, 10000, 10000]]
    """
    pd = _pandas("amortize_frame")
    if not isinstance(frame, pd.DataFrame):
        raise InvalidTypeError("frame", frame, "a pandas DataFrame of loans")
    names = dict(columns or {})
    unknown = sorted(set(names) - set(COLUMNS))
    if unknown:
        raise InvalidValueError("columns", unknown[0], f"one of {sorted(COLUMNS)}")
    clash = sorted(set(options) & set(COLUMNS))
    if clash:
        raise InvalidValueError(clash[0], "a keyword", "a column of the frame")
    values: dict[str, Any] = {}
    for field, required in COLUMNS.items():
        name = names.get(field, field)
        if name in frame.columns:
            column = frame[name]
            if field in ("start", "first_due") and column.dtype.kind != "M":
                column = _iso_dates(column.to_numpy(dtype=object), field)
            values[field] = column
        elif required:
            raise InvalidValueError(
                "frame", f"columns {list(frame.columns)}", f"a column named {name!r}"
            )
    portfolio = _portfolio.read(**values, **options)
    return build(portfolio, compute(portfolio, store=True))


def _iso_dates(items: npt.NDArray[np.object_], field: str) -> npt.NDArray[np.object_]:
    """Dates given as ISO text (as Dask and CSV files keep them) made ``datetime.date``;
    anything else is left for the portfolio's checks."""
    found = items.copy()
    for index, item in enumerate(found.tolist()):
        if isinstance(item, str):
            try:
                found[index] = date.fromisoformat(item)
            except ValueError:
                raise InvalidValueError(
                    f"{field}[{index}]", item, "a date (ISO text YYYY-MM-DD)"
                ) from None
    return found


def loan_totals(result: BatchSchedule, *, index: Any = None) -> Any:
    """Each loan's first ``payment``, ``installments``, ``maturity`` (last due date) and
    ``total_principal``, ``total_interest``, ``total_fee`` and ``total_payment`` (the
    instalments' sums, upfront fee excluded) as a pandas DataFrame in grid units
    (``frame.attrs["grid"]``), on ``index`` (default 0..n-1).

    >>> from datetime import date
    >>> from loancalc import batch
    >>> b = batch.amortize([300, 200], 0, [3, 2], start=date(2024, 1, 31))
    >>> loan_totals(b)["total_payment"].tolist()
    [30000, 20000]
    """
    pd = _pandas("loan_totals")
    count = len(result)
    rows = np.arange(count)
    last = np.maximum(result.installments - 1, 0)
    width = result.due_dates.shape[1]
    data: dict[str, Any] = {
        "payment": result.payment[:, 0] if width else np.zeros(count, np.int64),
        "installments": result.installments,
        "maturity": result.due_dates[rows, last] if width else result.start,
    }
    for name in _TOTALS:
        matrix = getattr(result, name)
        if matrix.size and float(matrix.max()) * width >= 2.0**63:
            raise InvalidValueError(name, "a loan's total", "totals below 2**63 grid units")
        data[f"total_{name}"] = matrix.sum(axis=1, dtype=np.int64)
    frame = pd.DataFrame(data, index=index)
    frame.attrs["grid"] = result.grid
    return frame
