"""How a credit line spreads a repayment across its draws and when it stops lending:
:class:`Allocation` and :class:`LineRules`.

>>> LineRules().allocation.value, LineRules().freeze_when_overdue
('oldest-first', True)
>>> LineRules(allocation="proportional").allocation
<Allocation.PROPORTIONAL: 'proportional'>
>>> LineRules(allocation="newest-first")
Traceback (most recent call last):
loancalc.errors.UnknownNameError: allocation: got 'newest-first'; accepted: one of ...
"""

from __future__ import annotations

import attrs

from loancalc._naming import NamedEnum
from loancalc.errors import InvalidTypeError

__all__ = ["Allocation", "LineRules"]


class Allocation(NamedEnum):
    """The order a repayment to the line pays its draws in.

    Every rule pays what is due on the draws first, then prepays them, each stage in the
    rule's order: ``oldest-first`` (by the date drawn), ``overdue-first`` (the draws past
    due, the most days past due first, then the others oldest first), ``proportional``
    (shared in proportion to what each draw owes in that stage, rounded down to the
    money grid, the cents left over to the largest remainders, ties to the oldest draw)
    or ``borrower-choice`` (every repayment names the draw it pays; what is left over
    goes oldest first).

    >>> Allocation.parse("overdue-first")
    <Allocation.OVERDUE_FIRST: 'overdue-first'>
    """

    OLDEST_FIRST = "oldest-first"
    OVERDUE_FIRST = "overdue-first"
    PROPORTIONAL = "proportional"
    BORROWER_CHOICE = "borrower-choice"

    @classmethod
    def _field_name(cls) -> str:
        return "allocation"


def _to_allocation(value: object) -> Allocation:
    return Allocation.parse(value)


def _check_bool(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(attribute.name, value, "True or False")


@attrs.frozen(kw_only=True)
class LineRules:
    """The rules of a credit line beyond those of each draw (which are the product's).

    ``allocation``: how a repayment is spread across the draws (:class:`Allocation`,
    default ``oldest-first``, the common practice of Chinese online lenders).
    ``freeze_when_overdue``: the line lends nothing while a draw is overdue (past its
    grace), the usual term of a daily-rate line (default True); a draw then is refused.

    >>> LineRules(freeze_when_overdue="yes")
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: freeze_when_overdue: got 'yes'; accepted: True or False
    """

    allocation: Allocation = attrs.field(default=Allocation.OLDEST_FIRST, converter=_to_allocation)
    freeze_when_overdue: bool = attrs.field(default=True, validator=_check_bool)
