"""Credit lines: a limit, several draws, repayments spread across them, one status.

:class:`CreditLine` holds a limit, a product, an opening date and its :class:`Draw`
values (each a loan under the product with its own schedule); :func:`assess_line` (or
``line.assess``) walks the repayments (:class:`LinePayment`) and gives a
:class:`LineState`: each draw's ``LoanState``, the line's days past due and bucket from
its oldest overdue draw, the limit available, a statement and a settlement quote.
:func:`merge_draws` turns the overdue draws (or all) into one negotiated plan (协商还款)
with the breach rules of ``lc.restructure`` and ``lc.check_agreement``.

>>> from datetime import date
>>> line = CreditLine(limit="50000", product="cn-daily-rate-credit-line",
...                   opened=date(2024, 1, 1))
>>> line.with_draw(date(2024, 1, 1), "60000", term=3)
Traceback (most recent call last):
loancalc.errors.InvalidValueError: draws[0].amount: got Decimal('60000'); accepted: an amount at ...
"""

from __future__ import annotations

from loancalc.lines.allocation import Claim, allocate
from loancalc.lines.draws import Draw, LinePayment
from loancalc.lines.line import CreditLine, assess_line
from loancalc.lines.merge import LinePlan, merge_draws
from loancalc.lines.rules import Allocation, LineRules
from loancalc.lines.state import DrawState, LineAllocation, LineState
from loancalc.lines.walk import LineFrozenError

__all__ = [
    "Allocation",
    "Claim",
    "CreditLine",
    "Draw",
    "DrawState",
    "LineAllocation",
    "LineFrozenError",
    "LinePayment",
    "LinePlan",
    "LineRules",
    "LineState",
    "allocate",
    "assess_line",
    "merge_draws",
]
