""":class:`BookAssessment`: what :func:`loancalc.batch.assess` found, one row per loan.

>>> from datetime import date
>>> from loancalc import batch, ServicingRules
>>> found = batch.assess(batch.amortize([300], 0, 3, start=date(2024, 1, 31)),
...                      ([0], [date(2024, 2, 29)], ["100"]), date(2024, 4, 10),
...                      ServicingRules())
>>> found.days_past_due.tolist(), found.outstanding[:, 0].tolist()
([10], [20000])
>>> found.loan(0)["amount_due"]
Decimal('100.00')
"""

from __future__ import annotations

import importlib
from decimal import Decimal, localcontext
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_result_parts import AssessmentAttributes, BookAmounts, BookStanding
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.money import CONTEXT

__all__ = ["COMPONENTS", "BookAmounts", "BookAssessment", "BookStanding"]

Int64s = npt.NDArray[np.int64]
#: The columns of the amount matrices, in :class:`~loancalc.servicing.Component` order.
COMPONENTS = (
    "principal", "interest", "fee", "penalty_interest", "compound_interest", "late_fee",
)  # fmt: skip
_KINDS = ("charged", "paid", "waived", "outstanding")


@attrs.frozen(kw_only=True, eq=False)
class BookAssessment(AssessmentAttributes):
    """Each loan's state on ``as_of``, as :func:`loancalc.assess` gives it.

    ``days_past_due``, ``bucket``, ``classification`` (its value, ``"normal"``..),
    ``reportable`` (in ``standing``); ``charged``, ``paid``, ``waived`` and
    ``outstanding`` (in ``amounts``): loans x 6 matrices, one column per component
    (``components``); ``amount_due`` (the
    outstanding amounts of the instalments already due), ``settlement`` (what closes the
    loan on ``as_of``: ``LoanState.payoff_amount(as_of)``) and ``credit``. Amounts are
    int64 in units of ``grid``; :meth:`loan` gives one loan's as Decimals.
    ``payments_used``: how many payments each loan had up to ``as_of``. ``fallback``: the
    loans :func:`loancalc.assess` computed, with the reason for each in
    ``fallback_reasons`` (same order).

    >>> from datetime import date
    >>> from loancalc import batch
    >>> found = batch.assess(batch.amortize([100], 0, 1, start=date(2024, 1, 1)),
    ...                      ([], [], []), date(2024, 1, 15))
    >>> len(found), found.fallback.tolist(), found.settlement.tolist()
    (1, [], [10000])
    """

    as_of: Any
    grid: Decimal
    #: Delinquency and amounts by component, grouped; each of their fields is also an
    #: attribute of the assessment (``found.days_past_due``, ``found.charged``...).
    standing: BookStanding
    amounts: BookAmounts
    amount_due: Int64s
    settlement: Int64s
    credit: Int64s
    payments_used: Int64s
    fallback: npt.NDArray[np.intp]
    fallback_reasons: tuple[str, ...]
    #: The columns of ``charged``, ``paid``, ``waived`` and ``outstanding``.
    components: ClassVar[tuple[str, ...]] = COMPONENTS

    def __len__(self) -> int:
        return len(self.days_past_due)

    def _money(self, units: int) -> Decimal:
        with localcontext(CONTEXT):
            return Decimal(units) * self.grid

    def loan(self, index: int) -> dict[str, Any]:
        """Loan ``index``'s figures, amounts as Decimals: ``days_past_due``, ``bucket``,
        ``classification``, ``reportable``, ``amount_due``, ``settlement``, ``credit``,
        ``payments_used`` and, per component, ``<kind>_<component>`` (``charged_principal``,
        ``outstanding_late_fee``...).

        >>> from datetime import date
        >>> from loancalc import batch
        >>> found = batch.assess(batch.amortize([100], 0, 1, start=date(2024, 1, 1)),
        ...                      ([], [], []), date(2024, 1, 15))
        >>> found.loan(0)["outstanding_principal"], found.loan(-1)["bucket"]
        (Decimal('100.00'), 'M0')
        >>> found.loan(1)
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: index: got 1; accepted: a whole number from 0 to 0
        """
        count = len(self)
        if isinstance(index, bool) or not isinstance(index, int | np.integer):
            raise InvalidValueError("index", index, f"a whole number from 0 to {count - 1}")
        position = int(index) + (count if int(index) < 0 else 0)
        if not 0 <= position < count:
            raise InvalidValueError("index", index, f"a whole number from 0 to {count - 1}")
        found: dict[str, Any] = {
            "days_past_due": int(self.days_past_due[position]),
            "bucket": str(self.bucket[position]),
            "classification": str(self.classification[position]),
            "reportable": bool(self.reportable[position]),
        }
        for kind in _KINDS:
            matrix = getattr(self, kind)
            for column, name in enumerate(COMPONENTS):
                found[f"{kind}_{name}"] = self._money(int(matrix[position, column]))
        for name in ("amount_due", "settlement", "credit"):
            found[name] = self._money(int(getattr(self, name)[position]))
        found["payments_used"] = int(self.payments_used[position])
        return found

    def to_frame(self, *, decimal: bool = False, index: Any = None) -> Any:
        """One row per loan (on ``index`` when given: the book's loan keys), the columns
        of :meth:`loan` plus ``fallback`` (the reason, or empty); amounts in grid units
        (``frame.attrs["grid"]``) or, with ``decimal=True``, Decimals. Needs pandas.

        >>> from datetime import date
        >>> from loancalc import batch
        >>> found = batch.assess(batch.amortize([100], 0, 1, start=date(2024, 1, 1)),
        ...                      ([], [], []), date(2024, 1, 15))
        >>> found.to_frame(decimal=True)["settlement"].tolist()
        [Decimal('100.00')]
        """
        try:
            pd = importlib.import_module("pandas")
        except ImportError:
            raise LoanCalcError(
                "BookAssessment.to_frame needs pandas: pip install 'loancalc[pandas]'"
            ) from None
        convert = self._decimals if decimal else (lambda values: values)
        data: dict[str, Any] = {
            "days_past_due": self.days_past_due,
            "bucket": self.bucket,
            "classification": self.classification,
            "reportable": self.reportable,
        }
        for kind in _KINDS:
            matrix = getattr(self, kind)
            for column, name in enumerate(COMPONENTS):
                data[f"{kind}_{name}"] = convert(matrix[:, column])
        for name in ("amount_due", "settlement", "credit"):
            data[name] = convert(getattr(self, name))
        data["payments_used"] = self.payments_used
        reasons = np.full(len(self), "", dtype=object)
        reasons[self.fallback] = list(self.fallback_reasons)
        data["fallback"] = reasons
        frame = pd.DataFrame(data, index=index)
        frame.attrs["grid"] = self.grid
        return frame

    def _decimals(self, values: Int64s) -> npt.NDArray[np.object_]:
        with localcontext(CONTEXT):
            return np.array([Decimal(v) * self.grid for v in values.tolist()], dtype=object)
