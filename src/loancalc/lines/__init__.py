"""Credit lines: a limit, several draws, repayments spread across them, one status.

:class:`CreditLine` holds a limit, a product, an opening date and its :class:`Draw`
values (each a loan under the product with its own schedule); :func:`assess_line` (or
``line.assess``) walks the repayments (:class:`LinePayment`) and gives a
:class:`LineState`: each draw's ``LoanState``, the line's days past due and bucket from
its oldest overdue draw, the limit available, a statement and a settlement quote.
:func:`merge_draws` turns the overdue draws (or all) into one negotiated plan (协商还款)
with the breach rules of ``lc.restructure`` and ``lc.check_agreement``.

Names are imported on first use, so that product rules can hold a line's
:class:`LineRules` (``loancalc.lines.rules``) without importing the rest.

>>> from datetime import date
>>> line = CreditLine(limit="50000", product="cn-daily-rate-credit-line",
...                   opened=date(2024, 1, 1))
>>> line.with_draw(date(2024, 1, 1), "60000", term=3)
Traceback (most recent call last):
loancalc.errors.InvalidValueError: draws[0].amount: got Decimal('60000'); accepted: an amount at ...
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the type checker and documentation tools see ordinary imports
    from loancalc.lines.allocation import Claim, allocate
    from loancalc.lines.draws import Draw, LinePayment
    from loancalc.lines.line import CreditLine, assess_line
    from loancalc.lines.merge import LinePlan, merge_draws
    from loancalc.lines.rules import Allocation, LineRules
    from loancalc.lines.state import DrawState, LineAllocation, LineState
    from loancalc.lines.walk import LineFrozenError

_EXPORTS = {
    "Allocation": "loancalc.lines.rules",
    "Claim": "loancalc.lines.allocation",
    "CreditLine": "loancalc.lines.line",
    "Draw": "loancalc.lines.draws",
    "DrawState": "loancalc.lines.state",
    "LineAllocation": "loancalc.lines.state",
    "LineFrozenError": "loancalc.lines.walk",
    "LinePayment": "loancalc.lines.draws",
    "LinePlan": "loancalc.lines.merge",
    "LineRules": "loancalc.lines.rules",
    "LineState": "loancalc.lines.state",
    "allocate": "loancalc.lines.allocation",
    "assess_line": "loancalc.lines.line",
    "merge_draws": "loancalc.lines.merge",
}

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


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use and cache the name in this package.

    >>> __getattr__("nothing")
    Traceback (most recent call last):
    AttributeError: module 'loancalc.lines' has no attribute 'nothing'
    """
    if name not in _EXPORTS:
        raise AttributeError(f"module 'loancalc.lines' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
