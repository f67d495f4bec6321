"""A figure that differs between stated and recomputed rows: :class:`Difference`.

The records of :mod:`loancalc.verify` (which re-exports them), kept apart so that its
report (:mod:`loancalc._verify_report`) reads them without importing the checker.

>>> Difference(number=1, field="interest", stated=Decimal("9.04"),
...            computed=Decimal("8.04")).delta
Decimal('1.00')
"""

from __future__ import annotations

import decimal
import enum
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from loancalc import export
from loancalc.money import CONTEXT

__all__ = ["Difference", "DifferenceKind", "Value"]

#: A figure of a row: an amount, a date, a whole number (instalment, days) or missing.
Value = Decimal | date | int | None


class DifferenceKind(enum.Enum):
    """Why a :class:`Difference` is reported.

    - ``VALUE``: the stated figure is not the one recomputed from the terms;
    - ``ARITHMETIC``: the stated row does not add up on its own (``computed`` is what its
      other figures give: ``payment = principal + interest + fee``, ``balance = opening
      balance - principal + capitalised interest``, the opening balance the previous
      row's balance, ``days`` from start to due date);
    - ``MISSING``: an instalment the terms make is not stated (``stated`` is ``None``);
    - ``EXTRA``: a stated row beyond the instalments the terms make (``computed`` is
      ``None``).

    >>> DifferenceKind("arithmetic")
    <DifferenceKind.ARITHMETIC: 'arithmetic'>
    """

    VALUE = "value"
    ARITHMETIC = "arithmetic"
    MISSING = "missing"
    EXTRA = "extra"


@attrs.frozen(kw_only=True)
class Difference:
    """One figure that differs: instalment ``number`` (0 for the loan's upfront fee),
    ``field`` (a column of :data:`loancalc.schedule.COLUMNS`, or ``upfront_fee``), the
    ``stated`` and the ``computed`` value, and the ``kind`` of difference.

    >>> d = Difference(number=2, field="payment", stated=Decimal("409.03"),
    ...                computed=Decimal("408.03"))
    >>> d.delta, d.kind.value
    (Decimal('1.00'), 'value')
    """

    number: int
    field: str
    stated: Value
    computed: Value
    kind: DifferenceKind = DifferenceKind.VALUE

    @property
    def delta(self) -> Decimal | int | None:
        """``stated - computed``: an amount, a number of days for dates, or ``None``.

        >>> Difference(number=1, field="due_date", stated=date(2024, 3, 1),
        ...            computed=date(2024, 2, 29)).delta
        1
        """
        stated, computed = self.stated, self.computed
        if isinstance(stated, date) and isinstance(computed, date):
            return (stated - computed).days
        if isinstance(stated, int) and isinstance(computed, int):  # number, days
            return stated - computed
        if isinstance(stated, Decimal) and isinstance(computed, Decimal):
            with decimal.localcontext(CONTEXT):
                return export.unsigned_zero(stated - computed)
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (amounts and dates as strings).

        >>> Difference(number=3, field="due_date", stated=None, computed=date(2024, 4, 30),
        ...            kind=DifferenceKind.MISSING).to_dict()
        {'number': 3, 'field': 'due_date', 'kind': 'missing', 'stated': None,
         'computed': '2024-04-30', 'delta': None}
        """
        value = export.json_value
        return {
            "number": self.number,
            "field": self.field,
            "kind": self.kind.value,
            "stated": value(self.stated),
            "computed": value(self.computed),
            "delta": value(self.delta),
        }
