"""A loan's lineage: every restructuring, deferral and prepayment its schedule came from.

Each result (:class:`~loancalc.restructuring.Restructuring`,
:class:`~loancalc.restructuring.Deferral`, :class:`~loancalc.restructuring.Prepayment`)
carries the chain as a tuple of :class:`LineageEntry`, this one last; pass the result as
``previous=`` when changing its schedule again. Restructurings and deferrals count
against the product's ``max_count``; prepayments (a right of the contract, not a new
agreement) are recorded but do not count.

>>> entry = LineageEntry(count=1, date=date(2024, 1, 1), kind="prepay", debt=Decimal(10),
...                      paid=Decimal(4), capitalized=Decimal(0), waived=Decimal(0),
...                      left_due=Decimal(0), new_principal=Decimal(6), counted=False)
>>> counted((entry,)), lineage_totals((entry,))["paid"]
(0, Decimal('4'))
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import attrs

from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import CONTEXT
from loancalc.servicing import LoanState

__all__ = ["LineageEntry", "counted", "lineage_totals", "previous_lineage"]

_ZERO = Decimal(0)
_TOTALS = ("paid", "capitalized", "waived", "left_due")


@attrs.frozen(kw_only=True)
class LineageEntry:
    """One change in a loan's chain: its ``count`` (its place in the chain, 1 for the
    first), ``date``, ``kind`` (a restructuring kind, ``defer`` or ``prepay``), the totals
    of its breakdown (``debt``, ``paid``, ``capitalized``, ``waived``, ``left_due``; for a
    deferral, ``capitalized`` or ``waived`` hold the holiday's interest when it was
    capitalised or waived) and ``new_principal`` (for a prepayment, the principal left).
    ``counted``: whether it counts against the product's ``max_count``.

    >>> LineageEntry.__name__
    'LineageEntry'
    """

    count: int
    date: date
    kind: str
    debt: Decimal
    paid: Decimal
    capitalized: Decimal
    waived: Decimal
    left_due: Decimal
    new_principal: Decimal
    counted: bool = True


def counted(lineage: tuple[LineageEntry, ...]) -> int:
    """How many entries of ``lineage`` count against ``max_count``.

    >>> counted(())
    0
    """
    return sum(1 for entry in lineage if entry.counted)


def lineage_totals(lineage: tuple[LineageEntry, ...]) -> dict[str, Decimal]:
    """``paid``, ``capitalized``, ``waived`` and ``left_due`` summed over ``lineage``.

    >>> lineage_totals(())["waived"]
    Decimal('0')
    """
    with decimal.localcontext(CONTEXT):
        return {n: sum((getattr(e, n) for e in lineage), _ZERO) for n in _TOTALS}


def previous_lineage(previous: object, state: LoanState) -> tuple[LineageEntry, ...]:
    """The lineage of ``previous`` (None: none), which must be the restructuring,
    deferral or prepayment whose schedule ``state`` assesses.

    >>> previous_lineage(None, None)  # type: ignore[arg-type]
    ()
    >>> previous_lineage("plan", None)  # type: ignore[arg-type]
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: previous: got 'plan'; accepted: None, or a ...
    """
    if previous is None:
        return ()
    # imported here: these modules use this one
    from loancalc.restructuring.deferral import Deferral
    from loancalc.restructuring.engine import Restructuring
    from loancalc.restructuring.prepayment import Prepayment

    if not isinstance(previous, Restructuring | Deferral | Prepayment):
        raise InvalidTypeError(
            "previous", previous, "None, or a Restructuring, Deferral or Prepayment"
        )
    if previous.schedule != state.schedule:
        raise InvalidValueError(
            "previous",
            previous.on,
            "the restructuring, deferral or prepayment whose schedule the state assesses",
        )
    return previous.lineage
