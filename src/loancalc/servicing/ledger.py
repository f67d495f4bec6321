"""The engine's working records: one :class:`Ledger` per instalment, and the allocator.

Everything here runs inside ``decimal.localcontext(loancalc.money.CONTEXT)`` (the
engine enters it once). A ledger keeps, per component in :class:`Component` order, what
was charged, paid, waived and is outstanding; the allocator pays a sum into the due
ledgers by an :class:`~loancalc.servicing.AllocationStrategy` and records events.

>>> import decimal
>>> from loancalc.money import CONTEXT
>>> from loancalc.servicing.allocation import get_strategy
>>> with decimal.localcontext(CONTEXT):
...     led = Ledger(1, date(2024, 2, 15), date(2024, 2, 18),
...                  scheduled=(Decimal(90), Decimal(10), _ZERO))
...     events = []
...     left = allocate([led], Decimal(95), get_strategy("penalties-fees-interest-principal"),
...                     on=date(2024, 2, 16), kind=EventKind.PAYMENT_ALLOCATED,
...                     reference=None, events=events)
>>> left, led.out[:2], events[0][3][1]
(Decimal('0'), [Decimal('5'), Decimal('0')], Decimal('10'))
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from loancalc.servicing.allocation import AllocationScope, AllocationStrategy
from loancalc.servicing.components import Component
from loancalc.servicing.events import EventKind, RawEvent

__all__ = [
    "COMP",
    "FEE",
    "INDEX",
    "INT",
    "LATE",
    "PEN",
    "Ledger",
    "P",
    "allocate",
    "pay_by_installment",
    "positions",
]

_ZERO = Decimal(0)
#: The position of each component in a ledger's lists.
INDEX = {component: position for position, component in enumerate(Component)}
P, INT, FEE, PEN, COMP, LATE = range(6)

#: An exact accrued amount, in units of 1/denominator of money: a Decimal, or a Fraction
#: once a cap cut an accrual.
Exact = Decimal | Fraction


class Ledger:
    """The running account of one instalment (mutable; private to the engine).

    ``zero`` is the zero of the loan's money grid (``Decimal('0.00')``), so that amounts
    nothing was added to still show the grid's places.

    >>> Ledger(1, date(2024, 2, 15), date(2024, 2, 15),
    ...        scheduled=(Decimal(1), _ZERO, _ZERO)).scheduled_out
    Decimal('1')
    """

    __slots__ = (
        "accrual_start",
        "accruing",
        "charged",
        "comp_exact",
        "due",
        "grace_end",
        "last_charge",
        "number",
        "out",
        "paid",
        "paid_full_on",
        "pen_exact",
        "pending",
        "waived",
    )

    def __init__(
        self,
        number: int,
        due: date,
        grace_end: date,
        *,
        scheduled: tuple[Decimal, Decimal, Decimal],
        zero: Decimal = _ZERO,
    ) -> None:
        self.number = number
        self.due = due
        self.grace_end = grace_end
        self.charged = [*scheduled, zero, zero, zero]
        self.out = list(self.charged)
        self.paid = [zero] * 6
        self.waived = [zero] * 6
        self.pen_exact: Exact = _ZERO
        self.comp_exact: Exact = _ZERO
        self.pending = False  # accruing within grace: forgiven if paid in full by grace end
        self.accruing = False
        self.accrual_start = due
        self.last_charge = due
        self.paid_full_on: date | None = None

    @property
    def scheduled_out(self) -> Decimal:
        """Unpaid principal + interest + fee."""
        out = self.out
        return out[P] + out[INT] + out[FEE]

    @property
    def anything_out(self) -> bool:
        """True while any component is outstanding."""
        return any(self.out)


def positions(strategy: AllocationStrategy) -> tuple[int, ...]:
    """A strategy's component order as ledger positions.

    >>> from loancalc.servicing.allocation import get_strategy
    >>> positions(get_strategy("principal-interest-penalties-fees"))
    (0, 1, 3, 4, 2, 5)
    """
    return tuple(INDEX[component] for component in strategy.order)


def allocate(
    due: list[Ledger],
    amount: Decimal,
    strategy: AllocationStrategy,
    *,
    on: date,
    kind: EventKind,
    reference: str | None,
    events: list[RawEvent],
    order: tuple[int, ...] | None = None,
) -> Decimal:
    """Pay ``amount`` into the ``due`` ledgers (oldest first) by ``strategy`` on ``on``.

    Appends one ``kind`` event per instalment paid and returns what is left over (the
    module's example shows a payment of 95 paying interest 10, then principal 85).
    ``order``: the strategy's :func:`positions`, when the caller has them already.

    >>> from loancalc.servicing.allocation import get_strategy
    >>> allocate([], Decimal(5), get_strategy("overdue-interest-first"), on=date(2024, 1, 1),
    ...          kind=EventKind.PAYMENT_ALLOCATED, reference=None, events=[])
    Decimal('5')
    """
    if order is None:
        order = positions(strategy)
    slots = (
        ((ledger, position) for position in order for ledger in due)
        if strategy.scope is AllocationScope.HORIZONTAL
        else ((ledger, position) for ledger in due for position in order)
    )
    takes: dict[int, list[Decimal]] = {}
    remaining = amount
    for ledger, position in slots:
        out = ledger.out
        owed = out[position]
        if not owed:
            continue
        paid = owed if owed <= remaining else remaining
        out[position] = owed - paid
        ledger.paid[position] += paid
        taken = takes.get(ledger.number)
        if taken is None:
            taken = takes[ledger.number] = [_ZERO] * 6
        taken[position] += paid
        remaining -= paid
        if not remaining:
            break
    for ledger in due:
        taken = takes.get(ledger.number)
        if taken is not None:
            events.append((on, kind, ledger.number, tuple(taken), None, reference, None, ""))
    return remaining


def pay_by_installment(  # noqa: PLR0917 -- the engine's hot path, positional
    due: list[Ledger],
    amount: Decimal,
    order: tuple[int, ...],
    on: date,
    kind: EventKind,
    reference: str | None,
    events: list[RawEvent],
) -> Decimal:
    """:func:`allocate` for a by-instalment strategy given as :func:`positions`: each
    ledger in turn, oldest first, its components in ``order``; the same payments and events.

    >>> led = Ledger(1, date(2024, 2, 15), date(2024, 2, 18),
    ...              scheduled=(Decimal(90), Decimal(10), _ZERO))
    >>> events = []
    >>> pay_by_installment([led], Decimal(95), (1, 0, 2, 3, 4, 5), date(2024, 2, 16),
    ...                    EventKind.PAYMENT_ALLOCATED, None, events)
    Decimal('0')
    >>> led.out[:2], events[0][3][:2]
    ([Decimal('5'), Decimal('0')], (Decimal('85'), Decimal('10')))
    """
    remaining = amount
    for ledger in due:
        out = ledger.out
        paid_so_far = ledger.paid
        taken: list[Decimal] | None = None
        for position in order:
            owed = out[position]
            if not owed:
                continue
            paid = owed if owed <= remaining else remaining
            out[position] = owed - paid
            paid_so_far[position] += paid
            if taken is None:
                taken = [_ZERO] * 6
            taken[position] += paid
            remaining -= paid
            if not remaining:
                break
        if taken is not None:
            events.append((on, kind, ledger.number, tuple(taken), None, reference, None, ""))
        if not remaining:
            break
    return remaining
