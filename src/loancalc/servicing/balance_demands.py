"""What an actual-balance loan asks for on its scheduled dates: :class:`Demand` and
:class:`Demands`.

Each scheduled payment falls due as a demand for the scheduled amount (the last: all
that is left), made of the period's interest, the scheduled fee and principal. Money
paid to (or waived of) principal, interest and fee covers the unpaid demands' amounts,
oldest first; money beyond them is paid ahead and covers the next demands as they fall
due. Each demand records what the demands up to it asked for in all (``through``: the
penalty on overdue principal and compound interest on overdue interest follow from it and
what the loan repaid, first asked, first repaid:
:mod:`loancalc.servicing.balance_accrual`). Which *parts* of a demand the money covered
(``covered``, what the instalment table shows) follows where the money went: what was
paid to principal covers the demands' principal, oldest first, what was paid to interest
their interest, and so on; what is beyond a part's demands covers their other parts in
the allocation order; a demand paid in full is covered in full.

>>> demands = Demands([Demand(number=1, scheduled_due=date(2024, 2, 1), due=date(2024, 2, 1),
...                           grace_end=date(2024, 2, 4), scheduled=Decimal("100"),
...                           fee=Decimal(0))], Decimal("0.00"))
>>> demands.cover(Decimal("30"), date(2024, 1, 20))  # nothing due yet: paid ahead
>>> demands.fall_due(demands.all[0], Decimal("100"), Decimal("10"), Decimal(0), date(2024, 2, 1))
>>> demands.all[0].unpaid, demands.all[0].covered
(Decimal('70.00'), [Decimal('20.00'), Decimal('10'), Decimal('0')])
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

from loancalc.servicing.amounts import frozen_maker

__all__ = ["Demand", "Demands", "new_demand"]

_ZERO = Decimal(0)
_NOTHING = Decimal(0)  # an exact accrual: a numerator over the loan's AccrualGrid
_NO_PARTS = (_ZERO, _ZERO, _ZERO)
_NO_THROUGH = (_ZERO, _ZERO)


@attrs.define(slots=True)
class Demand:
    """A scheduled payment as it falls due (mutable, private to the engine): ``amount``
    asked, its principal/interest/fee ``parts``, what is ``unpaid``, when it was paid,
    and the penalty accrued while it is within grace (charged only if grace is missed;
    exact: numerators over the loan's :class:`~loancalc.accrual.AccrualGrid`).

    >>> Demand(number=1, scheduled_due=date(2024, 2, 1), due=date(2024, 2, 1),
    ...        grace_end=date(2024, 2, 4), scheduled=Decimal("100"), fee=Decimal(0)).unpaid
    Decimal('0')
    """

    number: int
    scheduled_due: date
    due: date
    grace_end: date
    scheduled: Decimal
    fee: Decimal
    amount: Decimal = _ZERO
    parts: tuple[Decimal, Decimal, Decimal] = _NO_PARTS  # principal, interest, fee
    unpaid: Decimal = _ZERO
    covered: list[Decimal] = attrs.Factory(lambda: [_ZERO, _ZERO, _ZERO])
    fallen: bool = False
    overdue: bool = False
    paid_on: date | None = None
    pending: Decimal = _NOTHING
    pending_comp: Decimal = _NOTHING
    through: tuple[Decimal, Decimal] = (_ZERO, _ZERO)  # principal, interest asked to here

    def take(self, pay: Decimal, order: tuple[int, ...] = (1, 2, 0)) -> None:
        """Cover ``pay`` more of this demand, its parts in ``order`` (positions in
        ``parts``; by default interest, then fee, then principal).

        >>> demand = _example()
        >>> demand.take(Decimal(15))
        >>> demand.unpaid, demand.covered
        (Decimal('85'), [Decimal('5'), Decimal('10'), Decimal('0')])
        """
        self.unpaid -= pay
        covered = self.covered
        for index in order:
            take = min(self.parts[index] - covered[index], pay)
            covered[index] += take
            pay -= take

    def cover_parts(self, money: Decimal, order: tuple[int, ...]) -> Decimal:
        """Mark ``money`` more of this demand's parts covered, in ``order`` (what it
        asks for unpaid is not changed); return what was left over.

        >>> demand = _example()  # 10 of interest, 90 of principal
        >>> demand.cover_parts(Decimal(95), (1, 2, 0)), demand.covered, demand.unpaid
        (Decimal('0'), [Decimal('85'), Decimal('10'), Decimal('0')], Decimal('100'))
        """
        covered = self.covered
        for index in order:
            take = min(self.parts[index] - covered[index], money)
            covered[index] += take
            money -= take
        return money

    @property
    def unpaid_parts(self) -> tuple[Decimal, Decimal, Decimal]:
        """The principal, interest and fee of this demand not yet covered."""
        parts, covered = self.parts, self.covered
        return (parts[0] - covered[0], parts[1] - covered[1], parts[2] - covered[2])


class Demands:
    """The demands of one loan: all of them, the open ones (fallen due, not paid in full,
    oldest first) and the money paid ahead (mutable, private).

    >>> Demands([], Decimal("0.00")).arrears
    Decimal('0.00')
    """

    def __init__(
        self, demands: Sequence[Demand], zero: Decimal, order: tuple[int, ...] = (1, 2, 0)
    ) -> None:
        self.all = list(demands)
        self.order = order  # the order a demand's principal, interest and fee are paid in
        self.open: list[Demand] = []
        self.ahead = zero
        self.zero = zero
        #: what the demands fallen due so far asked for: principal, interest, fee
        self.asked = [zero, zero, zero]

    def copy(self, *, open_only: bool = False) -> Demands:
        """An independent copy (each demand copied; the open ones are the copies), or
        with ``open_only`` one that copies only the open demands and shares the others
        with this one (for a copy that changes no other: a walk's day finished apart).

        >>> demands = Demands([_example()], Decimal("0.00"))
        >>> twin = demands.copy(); twin.all[0].covered[0] = Decimal(1)
        >>> demands.all[0].covered[0]
        Decimal('0')
        >>> demands.copy(open_only=True).all[0] is demands.all[0]  # not open: shared
        True
        """
        twin = copy.copy(self)
        twin.asked = list(self.asked)
        if open_only:
            mine = {id(demand): _clone(demand) for demand in self.open}
            twin.all = [mine.get(id(demand), demand) for demand in self.all]
            twin.open = list(mine.values())
            return twin
        mine = {id(demand): _clone(demand) for demand in self.all}
        twin.all = list(mine.values())
        twin.open = [mine[id(demand)] for demand in self.open]
        return twin

    @property
    def arrears(self) -> Decimal:
        """What fell due and is unpaid."""
        total = self.zero  # (a loop: cheaper than sum over a generator, read daily)
        for demand in self.open:
            total += demand.unpaid
        return total

    def fall_due(
        self, demand: Demand, amount: Decimal, interest: Decimal, fee: Decimal, today: date
    ) -> None:
        """``demand`` asks for ``amount`` today (of it ``interest`` and ``fee``); what was
        paid ahead covers it first.

        >>> demands = Demands([_example(fallen=False)], Decimal("0.00"))
        >>> demands.fall_due(demands.all[0], Decimal(100), Decimal(10), Decimal(0),
        ...                  date(2024, 2, 1))
        >>> demands.arrears
        Decimal('100.00')
        """
        demand.parts = (amount - fee - interest, interest, fee)
        asked = self.asked
        asked[0] += amount - fee - interest
        asked[1] += interest
        asked[2] += fee
        demand.through = (asked[0], asked[1])
        demand.amount = demand.unpaid = amount
        demand.fallen = True
        if self.ahead and amount:
            early = min(self.ahead, amount)
            self.ahead -= early
            demand.take(early, self.order)
        if demand.unpaid:
            self.open.append(demand)
        else:
            demand.paid_on = today

    def cover(self, money: Decimal, today: date, parts: Sequence[Decimal] | None = None) -> None:
        """``money`` paid to principal, interest and fee covers the open demands, oldest
        first; the rest is paid ahead. ``parts``: how much of it went to principal,
        interest and fee: each covers that part of the open demands, oldest first (what
        a demand shows unpaid of each part is then what the allocation left owed).

        >>> demands = Demands([_example()], Decimal("0.00"))
        >>> demands.open = list(demands.all)
        >>> demands.cover(Decimal(130), date(2024, 2, 1))
        >>> demands.arrears, demands.ahead, demands.all[0].paid_on
        (Decimal('0.00'), Decimal('30.00'), datetime.date(2024, 2, 1))
        """
        if parts is not None:
            spill = self.zero
            for index, paid in enumerate(parts):
                left = paid
                for demand in self.open:
                    if not left:
                        break
                    take = min(left, demand.parts[index] - demand.covered[index])
                    demand.covered[index] += take
                    left -= take
                spill += left
            for demand in self.open:  # money beyond a part's demands covers the rest
                if not spill:
                    break
                spill = demand.cover_parts(spill, self.order)
        closed = False
        for demand in self.open:
            if not money:
                break
            pay = min(money, demand.unpaid)
            money -= pay
            if parts is None:
                demand.take(pay, self.order)
            else:
                demand.unpaid -= pay
            if not demand.unpaid:
                demand.paid_on = today
                demand.covered = list(demand.parts)
                closed = True
        if closed:
            self.open = [demand for demand in self.open if demand.unpaid]
        self.ahead += money

    @staticmethod
    def unpaid_of(
        demands: Sequence[Demand], principal: Decimal, interest: Decimal
    ) -> tuple[Decimal, Decimal]:
        """The unpaid principal and interest of ``demands``, at most those owed.

        >>> Demands.unpaid_of([_example()], Decimal(50), Decimal(100))
        (Decimal('50'), Decimal('10'))
        """
        owed_principal = sum((d.parts[0] - d.covered[0] for d in demands), _ZERO)
        owed_interest = sum((d.parts[1] - d.covered[1] for d in demands), _ZERO)
        return min(owed_principal, principal), min(owed_interest, interest)

    def in_grace(self) -> list[Demand]:
        """The open demands still within their grace.

        >>> demands = Demands([_example()], Decimal("0.00"))
        >>> demands.open = list(demands.all)
        >>> [demand.number for demand in demands.in_grace()]
        [1]
        """
        return [demand for demand in self.open if not demand.overdue]


#: A Demand from the values of its fields in order (no defaults, no checks).
_make = frozen_maker(Demand, [field.name for field in attrs.fields(Demand)])


def new_demand(  # noqa: PLR0917 -- a Demand's given fields
    number: int, scheduled_due: date, due: date, grace_end: date, scheduled: Decimal, fee: Decimal
) -> Demand:
    """``Demand(number=..., ...)`` with the rest at their defaults, made faster (an
    assessment makes one per instalment).

    >>> new_demand(1, date(2024, 2, 1), date(2024, 2, 1), date(2024, 2, 4), Decimal(100),
    ...            Decimal(0)) == _example(fallen=False)
    True
    """
    return _make(
        (
            number, scheduled_due, due, grace_end, scheduled, fee, _ZERO, _NO_PARTS, _ZERO,
            [_ZERO, _ZERO, _ZERO], False, False, None, _NOTHING, _NOTHING, _NO_THROUGH,
        )
    )  # fmt: skip


def _clone(demand: Demand) -> Demand:
    """An independent copy of ``demand`` (``covered`` copied; the rest immutable), made
    in one step: ``copy.copy`` of a slotted class goes through pickling's protocol, and
    ``assess_dates`` copies every demand on every day."""
    return _make(
        (
            demand.number, demand.scheduled_due, demand.due, demand.grace_end,
            demand.scheduled, demand.fee, demand.amount, demand.parts, demand.unpaid,
            list(demand.covered), demand.fallen, demand.overdue, demand.paid_on,
            demand.pending, demand.pending_comp, demand.through,
        )
    )  # fmt: skip


def _example(*, fallen: bool = True) -> Demand:
    """A demand for 100 (10 of interest, 90 of principal) due on 2024-02-01 (for the
    examples)."""
    demand = Demand(
        number=1, scheduled_due=date(2024, 2, 1), due=date(2024, 2, 1),
        grace_end=date(2024, 2, 4), scheduled=Decimal(100), fee=Decimal(0),
    )  # fmt: skip
    if fallen:
        demand.parts = (Decimal(90), Decimal(10), Decimal(0))
        demand.amount = demand.unpaid = Decimal(100)
        demand.fallen = True
    return demand
