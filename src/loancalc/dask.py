"""The batch engine on a Dask DataFrame of loans, partition by partition.

Each partition (a pandas DataFrame of loans, the columns :func:`loancalc.batch.amortize_frame`
reads) is computed by the numpy batch engine where it lives; per-loan results stay
partitioned, portfolio aggregates are summed across partitions exactly (integers in grid
units). The same code runs on the local scheduler, on a distributed cluster
(``dask.distributed.Client(address)``) or anywhere Dask runs. Needs the ``dask`` extra
(``pip install 'loancalc[dask]'``).

>>> import dask.dataframe as dd
>>> import pandas as pd
>>> from datetime import date
>>> loans = pd.DataFrame({"principal": [1200, 600, 300], "annual_rate": ["12%"] * 3,
...                       "term": [3, 2, 1], "start": [date(2024, 1, 31)] * 3})
>>> parts = dd.from_pandas(loans, npartitions=2)
>>> loan_totals(parts).compute()["total_interest"].tolist()
[2408, 901, 300]
>>> cash_flow_by_month(parts)["payment"].tolist()  # 408.03 + 304.51 + 303.00, ...
[101554, 71253, 40802]
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import numpy as np

from loancalc.batch import _aggregates
from loancalc.batch._frames import amortize_frame
from loancalc.batch._frames import loan_totals as _loan_totals
from loancalc.errors import InvalidTypeError, LoanCalcError

__all__ = ["cash_flow_by_month", "loan_totals", "outstanding_by_month"]

_AMOUNTS = ("principal", "interest", "fee", "payment")


def _dask_frame(loans: object) -> Any:
    try:
        dd = importlib.import_module("dask.dataframe")
    except ImportError:
        raise LoanCalcError("loancalc.dask needs dask: pip install 'loancalc[dask]'") from None
    if not isinstance(loans, dd.DataFrame):
        raise InvalidTypeError("loans", loans, "a dask.dataframe.DataFrame of loans")
    return loans


def _totals_part(part: Any, columns: Mapping[str, str] | None, options: dict[str, Any]) -> Any:
    return _loan_totals(amortize_frame(part, columns=columns, **options), index=part.index)


def loan_totals(loans: Any, *, columns: Mapping[str, str] | None = None, **options: Any) -> Any:
    """Each loan's payment and totals (:func:`loancalc.batch.loan_totals`) as a lazy
    Dask DataFrame on the loans' index, one batch run per partition.

    ``columns`` and ``options`` are :func:`~loancalc.batch.amortize_frame`'s. The result's
    ``meta`` is the partition function's output for an empty partition (explicit, so
    Dask never calls the engine on made-up rows).

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from datetime import date
    >>> loans = dd.from_pandas(pd.DataFrame({"principal": [100.0], "annual_rate": [0.0],
    ...     "term": [2], "start": [date(2024, 1, 1)]}), npartitions=1)
    >>> loan_totals(loans).compute()["payment"].tolist()
    [5000]
    """
    frame = _dask_frame(loans)
    meta = _totals_part(frame._meta, columns, options)
    return frame.map_partitions(_totals_part, columns, options, meta=meta)


def _flows_part(part: Any, columns: Mapping[str, str] | None, options: dict[str, Any]) -> Any:
    pd = importlib.import_module("pandas")
    flows = _aggregates.cash_flow_by_month(amortize_frame(part, columns=columns, **options))
    data: dict[str, Any] = {"month": flows.months.astype(np.int64)}
    data.update({name: getattr(flows, name) for name in _AMOUNTS})
    return pd.DataFrame(data)


def cash_flow_by_month(
    loans: Any, *, columns: Mapping[str, str] | None = None, **options: Any
) -> Any:
    """The portfolio's scheduled cash flow by due month, computed partition by partition
    and summed: a pandas DataFrame equal to
    ``batch.cash_flow_by_month(batch.amortize_frame(all_loans)).to_frame()`` (every month
    from the first due month to the last, int64 grid units). Computes (with the current
    Dask scheduler).

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from datetime import date
    >>> loans = dd.from_pandas(pd.DataFrame({"principal": [100.0, 50.0], "annual_rate": 0.0,
    ...     "term": [1, 3], "start": [date(2024, 1, 1)] * 2}), npartitions=2)
    >>> cash_flow_by_month(loans)["principal"].tolist()
    [11667, 1667, 1666]
    """
    frame = _dask_frame(loans)
    meta = _flows_part(frame._meta, columns, options)
    parts = frame.map_partitions(_flows_part, columns, options, meta=meta)
    summed = parts.groupby("month").sum().compute()
    months = summed.index.to_numpy(dtype=np.int64)
    if len(months):
        axis = np.arange(int(months.min()), int(months.max()) + 1)
        summed = summed.reindex(axis, fill_value=0)
    else:
        axis = months
    result = _aggregates.MonthlyFlows(
        months=axis.astype("datetime64[M]"),
        **{name: summed[name].to_numpy(dtype=np.int64) for name in _AMOUNTS},
    )
    return result.to_frame()


def _balances_part(part: Any, columns: Mapping[str, str] | None, options: dict[str, Any]) -> Any:
    """Principal lent by start month (and interest capitalised by due month), principal
    repaid by due month, and the instalments due."""
    pd = importlib.import_module("pandas")
    result = amortize_frame(part, columns=columns, **options)
    due = result.due_dates[result.mask].astype("datetime64[M]").astype(np.int64)
    repaid = pd.DataFrame(  # interest capitalised adds to the balance in its due month
        {"month": due, "lent": result.capitalized_interest[result.mask],
         "repaid": result.principal[result.mask], "due": np.ones(len(due), np.int64)}
    )  # fmt: skip
    width = result.opening_balance.shape[1]
    lent = pd.DataFrame(
        {
            "month": result.start.astype("datetime64[M]").astype(np.int64),
            "lent": result.opening_balance[:, 0] if width else np.zeros(len(result), np.int64),
            "repaid": np.zeros(len(result), np.int64),
            "due": np.zeros(len(result), np.int64),
        }
    )
    return pd.concat([repaid, lent], ignore_index=True).groupby("month", as_index=False).sum()


def outstanding_by_month(
    loans: Any, *, columns: Mapping[str, str] | None = None, **options: Any
) -> Any:
    """The scheduled balance outstanding at each month's end, computed partition by
    partition from the principal lent, the interest capitalised and the principal
    repaid each month and summed (the sums exact, checked below 2**63 grid units): a pandas
    DataFrame equal to ``batch.outstanding_by_month(batch.amortize_frame(all_loans))
    .to_frame()``. Computes (with the current Dask scheduler).

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from datetime import date
    >>> loans = dd.from_pandas(pd.DataFrame({"principal": [100.0, 50.0], "annual_rate": 0.0,
    ...     "term": [1, 3], "start": [date(2024, 1, 1)] * 2}), npartitions=2)
    >>> outstanding_by_month(loans)["outstanding"].tolist()  # 150 - 116.67, - 16.67, - 16.66
    [3333, 1666, 0]
    """
    frame = _dask_frame(loans)
    meta = _balances_part(frame._meta, columns, options)
    parts = frame.map_partitions(_balances_part, columns, options, meta=meta)
    summed = parts.groupby("month").sum().compute().sort_index()
    due_months = summed.index.to_numpy(dtype=np.int64)[summed["due"].to_numpy() > 0]
    if not len(due_months):
        empty = np.zeros(0, dtype=np.int64)
        return _aggregates.MonthlyOutstanding(
            months=empty.astype("datetime64[M]"), outstanding=empty
        ).to_frame()
    low, high = int(due_months.min()), int(due_months.max())
    axis = np.arange(low, high + 1)
    months = summed.index.to_numpy(dtype=np.int64)
    lent = summed["lent"].to_numpy(dtype=np.int64)
    early = months < low  # loans started before the first due month count from it
    by_month = summed.reindex(axis, fill_value=0)
    lent_axis = by_month["lent"].to_numpy(dtype=np.int64).copy()
    lent_axis[0] += int(lent[early].sum())
    outstanding = _aggregates.running_balance(
        [lent_axis], by_month["repaid"].to_numpy(dtype=np.int64)
    )
    return _aggregates.MonthlyOutstanding(
        months=axis.astype("datetime64[M]"), outstanding=outstanding
    ).to_frame()
