"""What a plan asks for, and which miss breached it: :class:`Obligation` and
:func:`find_breach`.

Each row of a plan's schedule that asks for money is an obligation: due on its (effective)
due date, on time until the end of its grace, missed the day after. An amount left due on
signing outside the schedule (an agreement made without ``left_due_row``) is obligation 0,
due on the signing date with no grace. A plan is breached on the first day an obligation
is ``breach_days_past_due`` days past due, or on the day the
``breach_missed_installments``-th obligation is missed; obligations falling due after the
plan was settled (paid off with its settlement quote) are never missed.

>>> ob = Obligation(number=2, due_date=date(2024, 6, 24), grace_end=date(2024, 6, 27),
...                 amount=Decimal("1234.50"), paid_on=None)
>>> ob.describe()
'row 2, due 2024-06-24, 1,234.50'
>>> found = find_breach((ob,), date(2024, 8, 1), days=30, missed=None, settled_on=None)
>>> found.date, found.obligation.number, found.reason  # 2024-06-24 + 30 days
(datetime.date(2024, 7, 24), 2, '30 days past due')
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs

from loancalc import export
from loancalc.schedule import Schedule
from loancalc.servicing import Amounts, LoanState

__all__ = ["Breach", "Obligation", "find_breach", "missed_count", "obligations"]

_DAY = timedelta(days=1)


@attrs.frozen(kw_only=True)
class Obligation:
    """One obligation of a plan: its row ``number`` in the plan's schedule (0: the amount
    left due on signing outside the schedule), ``due_date`` (effective), ``grace_end``,
    the ``amount`` the row asks for, and ``paid_on`` (the day it was paid in full; None
    if it was not by the date checked).

    >>> Obligation(number=0, due_date=date(2024, 1, 1), grace_end=date(2024, 1, 1),
    ...            amount=Decimal("5.00"), paid_on=None).describe()
    'the amount left due on signing, due 2024-01-01, 5.00'
    """

    number: int
    due_date: date
    grace_end: date
    amount: Decimal
    paid_on: date | None

    def describe(self) -> str:
        """The obligation in words: which row, its due date and its amount.

        >>> Obligation(number=3, due_date=date(2024, 7, 24), grace_end=date(2024, 7, 27),
        ...            amount=Decimal("1048.04"), paid_on=None).describe()
        'row 3, due 2024-07-24, 1,048.04'
        """
        which = f"row {self.number}" if self.number else "the amount left due on signing"
        return f"{which}, due {self.due_date}, {export.display_text(self.amount)}"

    def missed_on(self) -> date:
        """The first day it counts as missed: the day after its grace ends.

        >>> Obligation(number=1, due_date=date(2024, 2, 1), grace_end=date(2024, 2, 4),
        ...            amount=Decimal(10), paid_on=None).missed_on()
        datetime.date(2024, 2, 5)
        """
        return self.grace_end + _DAY

    def unpaid_on(self, day: date) -> bool:
        """Whether it was still not paid in full at the start of ``day``.

        >>> ob = Obligation(number=1, due_date=date(2024, 2, 1), grace_end=date(2024, 2, 4),
        ...                 amount=Decimal(10), paid_on=date(2024, 2, 3))
        >>> ob.unpaid_on(date(2024, 2, 3)), ob.unpaid_on(date(2024, 2, 4))
        (True, False)
        """
        return self.paid_on is None or self.paid_on >= day


@attrs.frozen(kw_only=True)
class Breach:
    """The breach :func:`find_breach` found: its ``date``, the ``obligation`` whose miss
    caused it, and the ``reason`` (``"N days past due"`` or ``"N missed instalments"``).

    >>> Breach.__name__
    'Breach'
    """

    date: date
    obligation: Obligation
    reason: str


def obligations(
    schedule: Schedule, plan: LoanState, signed: date, left_due: Amounts, left_paid_on: date | None
) -> tuple[Obligation, ...]:
    """The obligations of a plan: each row of ``schedule`` asking for money, as ``plan``
    (its assessment) saw it, after the amount ``left_due`` outside the schedule (paid
    in full on ``left_paid_on``), if any.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> [o.number for o in obligations(s, assess(s, [], date(2024, 1, 1)), date(2024, 1, 1),
    ...                                Amounts(fee=1), None)]
    [0, 1, 2]
    """
    found = [
        Obligation(
            number=inst.number,
            due_date=inst.effective_due_date,
            grace_end=inst.grace_end,
            amount=row.payment,
            paid_on=inst.paid_in_full_on,
        )
        for row, inst in zip(schedule.installments, plan.installments, strict=True)
        if row.payment
    ]
    if left_due.total:
        found.insert(
            0,
            Obligation(
                number=0, due_date=signed, grace_end=signed, amount=left_due.total,
                paid_on=left_paid_on,
            ),
        )  # fmt: skip
    return tuple(found)


def find_breach(
    found: tuple[Obligation, ...],
    as_of: date,
    *,
    days: int | None,
    missed: int | None,
    settled_on: date | None,
) -> Breach | None:
    """The first breach by ``as_of`` of the obligations ``found`` (None if none): an
    obligation ``days`` days past due, or the ``missed``-th obligation missed; nothing
    falling due after ``settled_on`` is missed.

    >>> ob = Obligation(number=1, due_date=date(2024, 2, 1), grace_end=date(2024, 2, 4),
    ...                 amount=Decimal(10), paid_on=None)
    >>> find_breach((ob,), date(2024, 3, 1), days=None, missed=1, settled_on=None).date
    datetime.date(2024, 2, 5)
    >>> find_breach((ob,), date(2024, 3, 1), days=None, missed=1,
    ...             settled_on=date(2024, 1, 20)) is None  # settled before it fell due
    True
    """
    candidates: list[tuple[date, int, Breach]] = []
    misses: list[tuple[date, int, Obligation]] = []
    for index, ob in enumerate(found):
        if settled_on is not None and settled_on < ob.due_date:
            continue
        if days is not None:
            limit = ob.due_date + timedelta(days=days)
            if limit <= as_of and ob.unpaid_on(limit):
                late = Breach(date=limit, obligation=ob, reason=f"{days} days past due")
                candidates.append((limit, index, late))
        first = ob.missed_on()
        if first <= as_of and ob.unpaid_on(first):
            misses.append((first, index, ob))
    misses.sort(key=lambda item: (item[0], item[1]))
    if missed is not None and len(misses) >= missed:
        day, index, ob = misses[missed - 1]
        noun = "instalment" if missed == 1 else "instalments"
        candidates.append((day, index, Breach(date=day, obligation=ob,
                                              reason=f"{missed} missed {noun}")))  # fmt: skip
    if not candidates:
        return None
    return min(candidates, key=lambda item: (item[0], item[1]))[2]


def missed_count(found: tuple[Obligation, ...], as_of: date, settled_on: date | None) -> int:
    """How many of the obligations ``found`` were missed by ``as_of`` (paid in full only
    after their grace, or not at all), none falling due after ``settled_on``.

    >>> late = Obligation(number=1, due_date=date(2024, 2, 1), grace_end=date(2024, 2, 4),
    ...                   amount=Decimal(10), paid_on=date(2024, 2, 9))
    >>> unpaid = attrs.evolve(late, number=2, due_date=date(2024, 3, 1),
    ...                       grace_end=date(2024, 3, 4), paid_on=None)
    >>> missed_count((late, unpaid), date(2024, 3, 10), None)
    2
    >>> missed_count((late, unpaid), date(2024, 3, 10), date(2024, 2, 20))  # settled
    1
    """
    return sum(
        1
        for ob in found
        if ob.missed_on() <= as_of
        and ob.unpaid_on(ob.missed_on())
        and (settled_on is None or settled_on >= ob.due_date)
    )
