""":class:`BatchSchedule`: a portfolio's schedules as integer matrices.

>>> from datetime import date
>>> from loancalc import batch
>>> b = batch.amortize([1200, 600], "12%", [3, 2], start=date(2024, 1, 31))
>>> b.payment.tolist(), b.grid
([[40803, 40803, 40802], [30451, 30450, 0]], Decimal('0.01'))
>>> b.schedule(1).installments[-1].payment
Decimal('304.50')
"""

from __future__ import annotations

import importlib
from decimal import Decimal, localcontext
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch._engine import Computed
from loancalc.batch._portfolio import Portfolio
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.money import CONTEXT
from loancalc.schedule import Schedule

__all__ = ["BatchSchedule", "build"]

Int64s = npt.NDArray[np.int64]
_MONEY = ("opening_balance", "principal", "interest", "fee", "payment", "closing_balance")


@attrs.frozen(kw_only=True, eq=False)
class BatchSchedule:
    """The schedules of a portfolio: one row per loan, one column per instalment.

    ``principal``, ``interest``, ``fee``, ``payment``, ``opening_balance`` and
    ``closing_balance`` are read-only int64 matrices (loans x longest term) in units of
    ``grid`` (the Decimal value of one unit: ``Decimal('0.01')`` for cents); ``mask`` is
    True where a loan has an instalment (shorter loans are padded with zeros and NaT);
    ``due_dates`` is ``datetime64[D]``, ``start`` each loan's start date. ``installments``
    counts each loan's instalments,
    ``upfront_fee`` is each loan's fee at disbursement (in units), ``fallback`` lists
    the loans the scalar engine computed and ``fallback_reasons`` why (same order). Every
    value equals :func:`loancalc.amortize` of the loan's terms to the unit.

    >>> from datetime import date
    >>> from loancalc import batch
    >>> b = batch.amortize(1000000, "4.9%", 360, start=date(2024, 1, 15))
    >>> int(b.payment[0, 0]), b.mask.sum(), len(b), b.fallback.tolist()
    (530727, np.int64(360), 1, [])
    """

    principal: Int64s
    interest: Int64s
    fee: Int64s
    payment: Int64s
    opening_balance: Int64s
    closing_balance: Int64s
    mask: npt.NDArray[np.bool_]
    due_dates: npt.NDArray[np.datetime64]
    grid: Decimal
    fallback: npt.NDArray[np.intp]
    fallback_reasons: tuple[str, ...]
    installments: Int64s
    upfront_fee: Int64s
    start: npt.NDArray[np.datetime64]
    _portfolio: Portfolio = attrs.field(repr=False, alias="portfolio")
    _schedules: dict[int, Schedule] = attrs.field(repr=False, alias="schedules")

    def __len__(self) -> int:
        return len(self.installments)

    @property
    def capitalized_interest(self) -> Int64s:
        """Interest each instalment adds to the balance (the scalar engine's
        ``Installment.capitalized_interest``: a level payment short of a long first
        period's interest), in grid units, loans x instalments like the other matrices:
        ``closing_balance - opening_balance + principal``.

        >>> from datetime import date
        >>> from loancalc import batch
        >>> batch.amortize(1000, "12%", 2, start=date(2024, 1, 1)).capitalized_interest.tolist()
        [[0, 0]]
        """
        added = self.closing_balance - self.opening_balance + self.principal
        added.flags.writeable = False
        return added

    def schedule(self, index: int) -> Schedule:
        """Loan ``index`` as a :class:`~loancalc.Schedule`: exactly
        ``loancalc.amortize`` of its terms (computed by the scalar engine on demand;
        kept from the batch run for fallback loans).

        >>> from datetime import date
        >>> from loancalc import batch
        >>> batch.amortize([100, 200], 0, 2, start=date(2024, 1, 1)).schedule(1).total_payment
        Decimal('200.00')
        """
        count = len(self)
        if isinstance(index, bool) or not isinstance(index, int | np.integer):
            raise InvalidValueError("index", index, f"a whole number from 0 to {count - 1}")
        position = int(index)
        if position < 0:
            position += count
        if not 0 <= position < count:
            raise InvalidValueError("index", index, f"a whole number from 0 to {count - 1}")
        cached = self._schedules.get(position)
        if cached is not None:
            return cached
        from loancalc.amortization import amortize

        return amortize(self._portfolio.terms(position))

    def to_frame(self, *, decimal: bool = False) -> Any:
        """The instalments as a long pandas DataFrame: one row per instalment of each loan
        (``loan``, ``number``, ``due_date``, the six amounts), amounts in grid units (int64;
        ``frame.attrs["grid"]`` holds the grid) or, with ``decimal=True``, as exact Decimals.
        Needs pandas (the ``pandas`` extra); raises :class:`~loancalc.LoanCalcError`
        without it.

        >>> from datetime import date
        >>> from loancalc import batch
        >>> frame = batch.amortize([300, 200], 0, [3, 2], start=date(2024, 1, 31)).to_frame()
        >>> frame[["loan", "number", "principal"]].values.tolist()
        [[0, 1, 10000], [0, 2, 10000], [0, 3, 10000], [1, 1, 10000], [1, 2, 10000]]
        """
        try:
            pd = importlib.import_module("pandas")
        except ImportError:
            raise LoanCalcError(
                "BatchSchedule.to_frame needs pandas: pip install 'loancalc[pandas]'"
            ) from None
        loans, numbers = np.nonzero(self.mask)
        data: dict[str, Any] = {
            "loan": loans.astype(np.int64),
            "number": numbers.astype(np.int64) + 1,
            "due_date": self.due_dates[loans, numbers],
        }
        for name in _MONEY:
            values = getattr(self, name)[loans, numbers]
            data[name] = _decimals(values, self.grid) if decimal else values
        frame = pd.DataFrame(data)
        frame.attrs["grid"] = self.grid
        return frame


def _decimals(values: Int64s, grid: Decimal) -> npt.NDArray[np.object_]:
    with localcontext(CONTEXT):
        return np.array([Decimal(v) * grid for v in values.tolist()], dtype=object)


def build(p: Portfolio, computed: Computed) -> BatchSchedule:
    """Wrap :func:`~loancalc.batch._engine.compute`'s matrices (periods x loans) as
    read-only loans x periods views."""
    rows, due = computed.rows, computed.due
    assert rows is not None
    assert due is not None
    periods = rows.payment.shape[0]
    mask = (np.arange(periods)[:, None] < computed.count[None, :]).T
    views: dict[str, npt.NDArray[Any]] = {
        "principal": rows.principal.T,
        "interest": rows.interest.T,
        "fee": rows.fee.T,
        "payment": rows.payment.T,
        "opening_balance": rows.opening.T,
        "closing_balance": rows.closing.T,
        "mask": mask,
        "due_dates": due.T,
    }
    for array in views.values():
        array.flags.writeable = False
    start = p.start.copy()  # the caller's array may be this one: never touch its flags
    for array in (computed.count, computed.upfront, computed.fallback, start):
        array.flags.writeable = False
    return BatchSchedule(
        **views,
        grid=p.rounding.quantum,
        fallback=computed.fallback,
        fallback_reasons=computed.fallback_reasons,
        installments=computed.count,
        upfront_fee=computed.upfront,
        start=start,
        portfolio=p,
        schedules=computed.schedules,
    )
