"""The loans :func:`loancalc.batch.assess` leaves to :func:`loancalc.assess`: computed one
by one and written into the book's figures, in grid units.

>>> scalar.__name__
'scalar'
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_book import Book
from loancalc.batch._assess_payments import Paid
from loancalc.money import CONTEXT
from loancalc.servicing.assess import assess as assess_one
from loancalc.servicing.payment import Payment
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.state import LoanState

__all__ = ["scalar"]

Int64s = npt.NDArray[np.int64]
_EPOCH = date(1970, 1, 1).toordinal()


def scalar(  # noqa: PLR0917 -- the parts of one run
    book: Book,
    paid: Paid,
    as_of: date,
    rules: ServicingRules,
    fallback: npt.NDArray[np.intp],
    figures: dict[str, Int64s],
) -> None:
    """Compute the ``fallback`` loans of ``book`` with :func:`loancalc.assess`, into
    ``figures`` (adding the ``waived`` matrix, zero for the loans walked)."""
    figures["waived"] = np.zeros_like(figures["charged"])
    if not len(fallback):
        return
    order = np.argsort(paid.loan, kind="stable")
    loans = paid.loan[order]
    quantum = book.quantum
    with localcontext(CONTEXT):
        for index in fallback.tolist():
            low, high = np.searchsorted(loans, [index, index + 1])
            rows = order[low:high]
            history = [
                Payment(date.fromordinal(int(d) + _EPOCH), Decimal(int(u)) * quantum)
                for d, u in zip(paid.day[rows].tolist(), paid.units[rows].tolist(), strict=True)
            ]
            state = assess_one(book.schedule(index), history, as_of, rules)
            _fill(figures, index, state, quantum, as_of)


def _units(value: Decimal, quantum: Decimal) -> int:
    return int(value / quantum)


def _fill(
    figures: dict[str, Int64s], index: int, state: LoanState, quantum: Decimal, as_of: date
) -> None:
    for kind in ("charged", "waived", "outstanding"):
        amounts = getattr(state, kind).as_tuple()
        figures[kind][index] = [_units(value, quantum) for value in amounts]
    figures["amount_due"][index] = _units(state.amount_due, quantum)
    figures["settlement"][index] = _units(state.payoff_amount(as_of), quantum)
    figures["credit"][index] = _units(state.credit, quantum)
    figures["days_past_due"][index] = state.days_past_due
    figures["reportable"][index] = state.reportable
