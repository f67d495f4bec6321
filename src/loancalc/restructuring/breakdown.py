"""Where each part of a replaced debt went: :class:`Breakdown` and :class:`BreakdownLine`.

Every :class:`~loancalc.restructuring.debt.DebtPart` of the debt a restructuring replaces
ends in exactly one of five places: ``paid`` (by the down payment and any credit held),
``carried`` (outstanding principal carried into the new principal; in a re-age also the
running period's accrued interest, kept in its unchanged instalment), ``capitalized`` (added
to the new principal), ``waived``, or ``left_due`` (still owed, due on the restructuring
date, outside the new schedule). Per part, to the cent::

    paid + carried + capitalized + waived + left_due == debt

>>> from decimal import Decimal
>>> parts = {DebtPart.PRINCIPAL: Decimal("1000.00"), DebtPart.LATE_FEE: Decimal("20.00"),
...          DebtPart.OVERDUE_INTEREST: Decimal("15.00")}
>>> b = split(parts, waive={DebtPart.LATE_FEE}, capitalize={DebtPart.OVERDUE_INTEREST},
...           pool=Decimal("100.00"))
>>> b.line(DebtPart.OVERDUE_INTEREST).paid, b.line("principal").paid, b.new_principal
(Decimal('15.00'), Decimal('85.00'), Decimal('915.00'))
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from loancalc.export import unsigned_zero
from loancalc.money import CONTEXT
from loancalc.restructuring.debt import PAYMENT_ORDER, DebtPart
from loancalc.servicing import Amounts, Component

__all__ = ["Breakdown", "BreakdownLine", "split"]

_ZERO = Decimal(0)
_COLUMNS = ("debt", "paid", "carried", "capitalized", "waived", "left_due")


@attrs.frozen(kw_only=True)
class BreakdownLine:
    """One part of the replaced debt and where it went (see :mod:`.breakdown`).

    >>> line = BreakdownLine(part=DebtPart.FEE, debt=Decimal(5), paid=Decimal(5))
    >>> line.balanced
    True
    """

    part: DebtPart
    debt: Decimal
    paid: Decimal = _ZERO
    carried: Decimal = _ZERO
    capitalized: Decimal = _ZERO
    waived: Decimal = _ZERO
    left_due: Decimal = _ZERO

    @property
    def balanced(self) -> bool:
        """Whether ``paid + carried + capitalized + waived + left_due == debt``."""
        with decimal.localcontext(CONTEXT):
            spent = self.paid + self.carried + self.capitalized + self.waived + self.left_due
        return spent == self.debt

    def to_dict(self) -> dict[str, str]:
        """JSON-ready strings.

        >>> BreakdownLine(part=DebtPart.FEE, debt=Decimal(5)).to_dict()["part"]
        'fee'
        """
        data = {"part": self.part.value}
        data.update({name: str(unsigned_zero(getattr(self, name))) for name in _COLUMNS})
        return data


def _total(lines: tuple[BreakdownLine, ...], column: str) -> Decimal:
    with decimal.localcontext(CONTEXT):
        return sum((getattr(line, column) for line in lines), _ZERO)


@attrs.frozen(kw_only=True)
class Breakdown:
    """The :class:`BreakdownLine` of each :class:`DebtPart`, in part order, with totals.

    >>> b = split({DebtPart.PRINCIPAL: Decimal("10")}, waive=set(), capitalize=set(),
    ...           pool=Decimal(0))
    >>> b.debt, b.carried, b.new_principal, b.waived_amounts.total
    (Decimal('10'), Decimal('10'), Decimal('10'), Decimal('0'))
    """

    lines: tuple[BreakdownLine, ...]

    def line(self, part: DebtPart | str) -> BreakdownLine:
        """The line of one part (a :class:`DebtPart` or its name).

        >>> split({DebtPart.FEE: Decimal("1")}, waive={DebtPart.FEE}, capitalize=set(),
        ...       pool=Decimal(0)).line("fee").waived
        Decimal('1')
        """
        wanted = DebtPart.parse(part)
        return next(line for line in self.lines if line.part is wanted)

    @property
    def debt(self) -> Decimal:
        """The whole debt replaced."""
        return _total(self.lines, "debt")

    @property
    def paid(self) -> Decimal:
        """Paid by the down payment (and credit held)."""
        return _total(self.lines, "paid")

    @property
    def carried(self) -> Decimal:
        """Carried into the new schedule as it was: the outstanding principal (and, in a
        re-age, the interest accrued in the running period)."""
        return _total(self.lines, "carried")

    @property
    def capitalized(self) -> Decimal:
        """Added to the new principal."""
        return _total(self.lines, "capitalized")

    @property
    def waived(self) -> Decimal:
        """Forgiven."""
        return _total(self.lines, "waived")

    @property
    def left_due(self) -> Decimal:
        """Still owed, due on the restructuring date, outside the new schedule."""
        return _total(self.lines, "left_due")

    @property
    def new_principal(self) -> Decimal:
        """The principal carried plus ``capitalized``: the principal of the new schedule
        (a re-age also carries the running period's accrued interest, in its instalment,
        not in the principal)."""
        with decimal.localcontext(CONTEXT):
            return self.line(DebtPart.PRINCIPAL).carried + self.capitalized

    def _by_component(self, column: str) -> Amounts:
        totals: dict[Component, Decimal] = {}
        with decimal.localcontext(CONTEXT):
            for line in self.lines:
                component = line.part.component
                totals[component] = totals.get(component, _ZERO) + getattr(line, column)
        return Amounts.from_mapping(totals)

    @property
    def waived_amounts(self) -> Amounts:
        """What was waived, by :class:`~loancalc.servicing.Component`."""
        return self._by_component("waived")

    @property
    def left_due_amounts(self) -> Amounts:
        """What was left due, by component."""
        return self._by_component("left_due")

    @property
    def capitalized_amounts(self) -> Amounts:
        """What was capitalised, by component."""
        return self._by_component("capitalized")

    @property
    def paid_amounts(self) -> Amounts:
        """What the down payment paid, by component."""
        return self._by_component("paid")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the lines and the totals.

        >>> split({DebtPart.FEE: Decimal("1")}, waive=set(), capitalize=set(),
        ...       pool=Decimal(0)).to_dict()["left_due"]
        '1'
        """
        data: dict[str, Any] = {"lines": [line.to_dict() for line in self.lines]}
        data.update({name: str(unsigned_zero(getattr(self, name))) for name in _COLUMNS})
        return data


def split(
    parts: Mapping[DebtPart, Decimal],
    *,
    waive: set[DebtPart],
    capitalize: set[DebtPart],
    pool: Decimal,
) -> Breakdown:
    """Send each part of ``parts`` to where it goes: ``waive``\\ d parts are forgiven in
    full; ``pool`` (at most what is left) pays the rest in
    :data:`~loancalc.restructuring.debt.PAYMENT_ORDER`; of what is then left, principal is
    carried, ``capitalize``\\ d parts are capitalised, and the others are left due.

    >>> split({DebtPart.FEE: Decimal("1")}, waive=set(), capitalize=set(),
    ...       pool=Decimal(2)).line("fee").paid
    Decimal('1')
    """
    lines: dict[DebtPart, BreakdownLine] = {}
    left = pool
    with decimal.localcontext(CONTEXT):
        for part in PAYMENT_ORDER:
            debt = parts.get(part, _ZERO)
            zero = debt - debt  # a zero with the debt's places: 0.00, not 0
            waived = debt if part in waive else zero
            paid = min(left, debt - waived)
            left -= paid
            rest = debt - waived - paid
            carried = rest if part is DebtPart.PRINCIPAL else zero
            into = rest - carried if part in capitalize else zero
            lines[part] = BreakdownLine(
                part=part,
                debt=debt,
                paid=paid,
                waived=waived,
                carried=carried,
                capitalized=into,
                left_due=rest - carried - into,
            )
    return Breakdown(lines=tuple(lines[part] for part in DebtPart))
