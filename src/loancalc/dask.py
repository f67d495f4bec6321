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
from datetime import date, datetime
from typing import Any

import numpy as np

from loancalc.batch import _aggregates
from loancalc.batch._frames import amortize_frame
from loancalc.batch._frames import loan_totals as _loan_totals
from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError

__all__ = ["assess", "cash_flow_by_month", "loan_totals", "outstanding_by_month"]

_AMOUNTS = ("principal", "interest", "fee", "payment")


def _dask_frame(loans: object, name: str = "loans") -> Any:
    try:
        dd = importlib.import_module("dask.dataframe")
    except ImportError:
        raise LoanCalcError("loancalc.dask needs dask: pip install 'loancalc[dask]'") from None
    if not isinstance(loans, dd.DataFrame):
        raise InvalidTypeError(name, loans, f"a dask.dataframe.DataFrame of {name}")
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


#: The columns of a book of loans for :func:`assess` (``annual_rate`` and ``first_due``
#: optional), those ``loancalc assess-book --book`` reads.
BOOK_COLUMNS = ("loan", "principal", "term", "start", "annual_rate", "first_due")


def _dates(column: Any, name: str, *, optional: bool = False) -> Any:
    """A column of dates (datetime64, dates or ISO strings: Dask stores dates as text)."""
    if column.dtype.kind == "M":
        return column.to_numpy()
    pd_isna = importlib.import_module("pandas").isna
    found: list[date | None] = []
    for key, value in zip(column.index.tolist(), column.tolist(), strict=True):
        if isinstance(value, date) and not isinstance(value, datetime):
            found.append(value)
        elif optional and (value is None or pd_isna(value) or value == ""):
            found.append(None)
        else:
            try:
                found.append(date.fromisoformat(str(value)[:10]))
            except ValueError:
                raise InvalidValueError(f"{name}[{key!r}]", value, "a date YYYY-MM-DD") from None
    return found


def _book_schedules(loans: Any, product: Any) -> Any:
    """The schedules of a pandas frame of loans (one partition) under ``product``'s terms."""
    from loancalc import batch

    rates: Any = loans["annual_rate"].to_numpy() if "annual_rate" in loans else None
    if rates is None:
        if product.annual_rate is None:
            raise InvalidValueError(
                "book", "no annual_rate column",
                f"an annual_rate column (product {product.name} has no default)",
            )  # fmt: skip
        rates = product.annual_rate
    first_due = None
    if "first_due" in loans:
        first_due = _dates(loans["first_due"], "book.first_due", optional=True)
    return batch.amortize(
        loans["principal"].to_numpy(), rates, loans["term"].to_numpy(),
        start=_dates(loans["start"], "book.start"), first_due=first_due,
        method=product.method, accrual=product.accrual, day_count=product.day_count,
        rounding=product.rounding, fees=product.fees, frequency=product.frequency,
    )  # fmt: skip


def _assess_part(loans: Any, paid: Any, as_of: date, product: Any, names: dict[str, str]) -> Any:
    """One partition: its loans (indexed by loan key) and their payments (indexed the same)."""
    from loancalc import batch

    day = _dates(paid[names["date"]], "payments.date")
    amount = paid[names["amount"]]
    plain = amount.dtype.kind in "iuf"  # numbers as they are; text as Python strings
    payments = (paid.index.to_numpy(), day, amount.to_numpy(dtype=None if plain else object))
    keys = loans.index.to_numpy()
    if not len(keys):
        found = batch.assess([], ([], [], []), as_of, product)
    else:
        found = batch.assess(_book_schedules(loans, product), payments, as_of, product, keys=keys)
    return found.to_frame(index=loans.index)


def assess(
    book: Any,
    payments: Any,
    as_of: date,
    rules: Any,
    *,
    columns: Mapping[str, str] | None = None,
    key: str = "loan",
) -> Any:
    """:func:`loancalc.batch.assess` over a partitioned book: a lazy Dask DataFrame with
    one row per loan (indexed by its key), the columns of
    :meth:`~loancalc.batch.BookAssessment.to_frame` (amounts in grid units), equal to one
    ``batch.assess`` call over the whole book.

    ``book``: a Dask DataFrame of loans, the columns of ``loancalc assess-book --book``
    (``loan``, ``principal``, ``term``, ``start``; ``annual_rate`` unless the product has
    a default; ``first_due`` optional), either with a ``key`` column or indexed by it
    with known divisions (``set_index(key)`` is applied otherwise). ``payments``: a Dask
    DataFrame with the columns ``loan``, ``date`` and ``amount`` (``columns`` renames
    them); it is shuffled onto the book's divisions (``set_index(key,
    divisions=book.divisions)``), so each partition of loans meets exactly its own
    payments; payments already indexed by key on the same divisions are used as they
    are. ``rules``: a product (its name or ``lc.products.get(name)``): its terms make the
    schedules, its servicing rules assess them. Bad input is refused when the partition
    holding it is computed, naming the column, row and loan key (a payment whose key is
    in no partition's loans: ``payments.loan[row]: ... a key of the book``).

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from datetime import date
    >>> loans = dd.from_pandas(pd.DataFrame({"loan": ["A", "B"], "principal": [12000, 600],
    ...     "term": [12, 2], "start": [date(2024, 1, 15)] * 2}), npartitions=2)
    >>> paid = dd.from_pandas(pd.DataFrame({"loan": ["A"], "date": [date(2024, 2, 15)],
    ...     "amount": ["1100.16"]}), npartitions=1)
    >>> found = assess(loans, paid, date(2024, 3, 25), "cn-consumer-finance-instalment")
    >>> frame = found.compute()  # A: docs/rules.md's example, 933.96 + 166.20 + 8.25 due
    >>> frame["amount_due"].to_dict(), frame["days_past_due"].to_dict()  # B: 14 + 25 days
    ({'A': 110841, 'B': 62480}, {'A': 10, 'B': 39})
    """
    from loancalc import products

    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise InvalidTypeError("as_of", as_of, "a datetime.date")
    product = products.get(rules)
    loans = _dask_frame(book, "book")
    paid = _dask_frame(payments, "payments")
    names = {name: (columns or {}).get(name, name) for name in ("loan", "date", "amount")}
    if loans.index.name != key or not loans.known_divisions:
        if loans.index.name == key:
            loans = loans.reset_index()
        if key not in loans.columns:
            raise InvalidValueError("book", list(loans.columns), f"a column {key!r} (or index)")
        loans = loans.set_index(key)
    divisions = tuple(loans.divisions)
    aligned = paid.index.name == key and paid.known_divisions
    if not aligned or tuple(paid.divisions) != divisions:
        missing = [n for n in (names["loan"], names["date"], names["amount"]) if n not in paid]
        if missing:
            raise InvalidValueError(
                "payments",
                list(paid.columns),
                f"the columns loan, date, amount (missing {missing})",
            )
        if loans.known_divisions:
            paid = paid.set_index(names["loan"], divisions=list(divisions))
        else:  # one partition of loans (Dask leaves its divisions unknown): all payments
            paid = paid.set_index(names["loan"]).repartition(npartitions=1)
    meta = _assess_part(loans._meta, paid._meta, as_of, product, names)
    return loans.map_partitions(_assess_part, paid, as_of, product, names, meta=meta,
                                align_dataframes=False)  # fmt: skip
