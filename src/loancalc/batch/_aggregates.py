"""Portfolio aggregates of a :class:`~loancalc.batch.BatchSchedule`, in grid units.

>>> from datetime import date
>>> from loancalc import batch
>>> b = batch.amortize([300, 200], 0, [3, 2], start=date(2024, 1, 31))
>>> flows = cash_flow_by_month(b)
>>> [str(m) for m in flows.months], flows.payment.tolist()
(['2024-02', '2024-03', '2024-04'], [20000, 20000, 10000])
>>> outstanding_by_month(b).outstanding.tolist()  # after each month's instalments
[30000, 10000, 0]
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch._result import BatchSchedule
from loancalc.errors import InvalidValueError

__all__ = [
    "MonthlyFlows",
    "MonthlyOutstanding",
    "cash_flow_by_month",
    "outstanding_by_month",
    "running_balance",
]

Int64s = npt.NDArray[np.int64]


@attrs.frozen(kw_only=True, eq=False)
class MonthlyFlows:
    """Scheduled instalment amounts summed by the calendar month they fall due in
    (``months`` is ``datetime64[M]``, every month from the first due date to the last;
    amounts in units of ``grid``).

    >>> MonthlyFlows.__name__
    'MonthlyFlows'
    """

    months: npt.NDArray[np.datetime64]
    principal: Int64s
    interest: Int64s
    fee: Int64s
    payment: Int64s

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by month (a ``Period`` index named ``month``), one
        int64 column per amount. Needs the ``pandas`` extra.

        >>> from datetime import date
        >>> from loancalc import batch
        >>> b = batch.amortize([300, 200], 0, [3, 2], start=date(2024, 1, 31))
        >>> cash_flow_by_month(b).to_frame()["payment"].tolist()
        [20000, 20000, 10000]
        """
        return _frame(self.months, {n: getattr(self, n) for n in _AMOUNTS})


@attrs.frozen(kw_only=True, eq=False)
class MonthlyOutstanding:
    """Scheduled balance outstanding at the end of each month (after the instalments
    due in it, capitalised interest included), summed over the loans, in grid units.

    >>> MonthlyOutstanding.__name__
    'MonthlyOutstanding'
    """

    months: npt.NDArray[np.datetime64]
    outstanding: Int64s

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by month with one int64 column, ``outstanding``.

        >>> from datetime import date
        >>> from loancalc import batch
        >>> b = batch.amortize([300, 200], 0, [3, 2], start=date(2024, 1, 31))
        >>> outstanding_by_month(b).to_frame()["outstanding"].tolist()
        [30000, 10000, 0]
        """
        return _frame(self.months, {"outstanding": self.outstanding})


_AMOUNTS = ("principal", "interest", "fee", "payment")


def _frame(months: npt.NDArray[np.datetime64], columns: dict[str, Int64s]) -> Any:
    from loancalc.batch._penalties import _pandas

    pd = _pandas("to_frame")
    index = pd.PeriodIndex(months.astype("datetime64[M]").astype(str), freq="M", name="month")
    return pd.DataFrame(columns, index=index)


def _month_positions(result: BatchSchedule) -> tuple[npt.NDArray[np.int64], int, int]:
    """Each real instalment's month (months since 1970), the first month and the count."""
    months = result.due_dates[result.mask].astype("datetime64[M]").astype(np.int64)
    if not len(months):
        return months, 0, 0
    low = int(months.min())
    return months, low, int(months.max()) - low + 1


def _month_axis(low: int, count: int) -> npt.NDArray[np.datetime64]:
    return np.arange(low, low + count).astype("datetime64[M]")


def cash_flow_by_month(result: BatchSchedule) -> MonthlyFlows:
    """The portfolio's scheduled principal, interest, fees and payments by due month.

    >>> from datetime import date
    >>> from loancalc import batch
    >>> flows = cash_flow_by_month(batch.amortize(1200, "12%", 3, start=date(2024, 1, 31)))
    >>> flows.interest.tolist()
    [1200, 804, 404]
    """
    months, low, count = _month_positions(result)
    position = months - low
    sums = {name: _sum_by(position, getattr(result, name)[result.mask], count) for name in _AMOUNTS}
    return MonthlyFlows(months=_month_axis(low, count), **sums)


def _sum_by(position: Int64s, values: Int64s, count: int) -> Int64s:
    """Exact integer sums of ``values`` (>= 0) grouped by ``position``: numpy's fast
    ``bincount`` adds in float64, so values go in 21-bit slices, each slice's sums exact
    (below 2**53 for up to 2**32 values), and are put together in Python integers."""
    if values.size and int(values.min()) < 0:
        raise InvalidValueError("values", int(values.min()), "amounts >= 0")
    totals = [0] * count
    for shift in (0, 21, 42):
        part = (values >> shift) & (2**21 - 1)
        sums = np.bincount(position, weights=part, minlength=count)
        totals = [t + (int(s) << shift) for t, s in zip(totals, sums.tolist(), strict=True)]
    if any(t >= 2**63 for t in totals):
        raise InvalidValueError("portfolio", max(totals), "totals below 2**63 grid units")
    return np.array(totals, dtype=np.int64)


def outstanding_by_month(result: BatchSchedule) -> MonthlyOutstanding:
    """The scheduled balance outstanding at each month's end, from the first due month
    to the last: the principal of every loan started by then, plus the interest
    capitalised by the instalments due by then, less the principal those instalments
    repay (loans started before the first due month count from it). Each loan counts
    its closing balance after its last instalment due by then, as
    :func:`loancalc.amortize` shows it, so every loan ends at 0. A month whose sum
    reaches 2**63 grid units raises :class:`~loancalc.errors.InvalidValueError`.

    >>> from datetime import date
    >>> from loancalc import batch
    >>> b = batch.amortize([1000, 500], 0, [2, 1], start=date(2024, 1, 15))
    >>> outstanding_by_month(b).outstanding.tolist()
    [50000, 0]

    A first period long enough that its interest exceeds the instalment capitalises
    the shortfall, which the balance carries until it is repaid:

    >>> b = batch.amortize(100, "36%", 3, start=date(2024, 1, 1),
    ...                    first_due=date(2026, 1, 1), accrual="daily")
    >>> b.interest[0, 0], b.payment[0, 0]  # 100 x 36 %/360 x 731 days = 73.10 due
    (np.int64(5941), np.int64(5941))
    >>> b.capitalized_interest.tolist()  # 73.10 - 59.41 added to the balance
    [[1369, 0, 0]]
    >>> outstanding_by_month(b).outstanding.tolist()  # 100 + 13.69, less 55.89, less 57.80
    [11369, 5780, 0]
    """
    months, low, count = _month_positions(result)
    if not count:
        return MonthlyOutstanding(months=_month_axis(low, count), outstanding=months)
    position = months - low
    repaid = _sum_by(position, result.principal[result.mask], count)
    capitalized = _sum_by(position, result.capitalized_interest[result.mask], count)
    lent_in = result.start.astype("datetime64[M]").astype(np.int64) - low
    lent = _sum_by(np.maximum(lent_in, 0), result.opening_balance[:, 0], count)
    outstanding = running_balance((lent, capitalized), repaid)
    return MonthlyOutstanding(months=_month_axis(low, count), outstanding=outstanding)


def running_balance(added: Sequence[Int64s], repaid: Int64s) -> Int64s:
    """The running sum of what ``added`` adds less what ``repaid`` repays (int64 sums
    by month, each array one per month), each month's value exact (Python integers:
    the running sums may pass 2**63 where the balances do not) and checked to lie in
    ``0 .. 2**63 - 1`` grid units.

    >>> running_balance([np.array([5, 0, 0]), np.array([0, 1, 0])], np.array([0, 3, 3])).tolist()
    [5, 3, 0]
    >>> running_balance([np.array([2**62, 2**62])], np.array([0, 0]))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: portfolio: got 9223372036854775808; accepted: \
monthly outstanding balances below 2**63 grid units
    """
    into = [sum(month) for month in zip(*(a.tolist() for a in added), strict=True)]
    balances = list(accumulate(a - r for a, r in zip(into, repaid.tolist(), strict=True)))
    if balances and max(balances) >= 2**63:
        raise InvalidValueError(
            "portfolio", max(balances), "monthly outstanding balances below 2**63 grid units"
        )
    if balances and min(balances) < 0:
        raise InvalidValueError(
            "portfolio", min(balances), "principal repaid no faster than it is lent"
        )
    return np.array(balances, dtype=np.int64)
