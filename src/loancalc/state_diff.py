"""What a correction changed: :func:`diff` of two :class:`~loancalc.LoanState` objects.

A payment recorded late with its own earlier date (a backdated correction) changes the
past: the instalment it pays was never overdue, the late fee and the penalty charged in
between were never owed. ``diff(before, after)`` lists what changed between two states
of one loan (usually the loan as known before and after the correction,
``lc.assess(..., known_on=...)``): each instalment's amounts by component and its status,
the loan's delinquency, the days-past-due and bucket history, the charges added or
removed, and the settlement figure. The result is plain data, with a report for people
(:meth:`StateDiff.text`), CSV rows (:meth:`StateDiff.rows`, :meth:`StateDiff.to_csv`)
and JSON-ready data (:meth:`StateDiff.to_dict`).

1,000 over 2 months at no interest from 2024-01-01, with a late fee of 10 when 3 days of
grace pass unpaid; the first 500 was paid on its due date, 2024-02-01, but the lender
only learnt of it on 2024-02-10:

>>> from datetime import date
>>> from loancalc import LoanTerms, Payment, ServicingRules, amortize, assess
>>> from loancalc.servicing import GracePolicy, LateFeePolicy
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> rules = ServicingRules(grace=GracePolicy(days=3),
...                        late_fee=LateFeePolicy(kind="fixed", amount="10"))
>>> paid = [Payment(date(2024, 2, 1), "500", known_on=date(2024, 2, 10))]
>>> before = assess(s, paid, date(2024, 2, 10), rules, known_on=date(2024, 2, 9))
>>> after = assess(s, paid, date(2024, 2, 10), rules)
>>> d = diff(before, after)
>>> d.before.days_past_due, d.after.days_past_due, d.charges_removed[0].amounts.late_fee
(9, 0, Decimal('10'))
>>> d.before.settlement, d.after.settlement  # 1,000 + 10 late fee; 500 left
(Decimal('1010.00'), Decimal('500.00'))
"""

from __future__ import annotations

import decimal
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date  # noqa: F401 -- the doctests below use it
from decimal import Decimal
from typing import Any

import attrs

from loancalc import export
from loancalc._diff_history import history
from loancalc._diff_records import Charge, HistoryChange, InstallmentChange, LoanSummary, Value
from loancalc._diff_report import COLUMNS
from loancalc._diff_report import rows as _rows
from loancalc._diff_report import text as _text
from loancalc._diff_report import to_dict as _to_dict
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import CONTEXT
from loancalc.servicing.amounts import Amounts
from loancalc.servicing.components import Component
from loancalc.servicing.events import Event, EventKind
from loancalc.servicing.state import InstallmentState, LoanState

__all__ = [
    "COLUMNS",
    "Charge",
    "HistoryChange",
    "InstallmentChange",
    "LoanSummary",
    "StateDiff",
    "diff",
]

#: The amount fields compared per instalment and component, in this order.
AMOUNT_FIELDS = ("charged", "paid", "waived", "outstanding")
#: The timeline events that charge the borrower (interest-accrued: actual-balance basis).
CHARGE_KINDS = (EventKind.LATE_FEE_CHARGED, EventKind.PENALTY_ACCRUED, EventKind.INTEREST_ACCRUED)
_ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class StateDiff:
    """What changed from ``before`` to ``after`` (see :func:`diff`).

    ``installments``: the instalment figures that differ; ``history``: the dates on which
    the days-past-due or bucket histories differ; ``charges_added`` /
    ``charges_removed``: charge events in one timeline and not the other.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> state = assess(s, [], date(2024, 2, 3))
    >>> diff(state, state).changed
    False
    """

    before: LoanSummary
    after: LoanSummary
    installments: tuple[InstallmentChange, ...] = ()
    history: tuple[HistoryChange, ...] = ()
    charges_added: tuple[Charge, ...] = ()
    charges_removed: tuple[Charge, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything differs (the ``as_of`` dates aside)."""
        return bool(
            self.installments
            or self.history
            or self.charges_added
            or self.charges_removed
            or self.loan_changes()
        )

    def loan_changes(self) -> list[tuple[str, Value, Value]]:
        """The loan's figures that differ, as (name, before, after): status, days past
        due, bucket, classification, reportable, total outstanding, settlement.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> diff(assess(s, [], date(2024, 2, 1)), assess(s, [], date(2024, 2, 3))
        ...      ).loan_changes()[:2]
        [('status', 'current', 'overdue'), ('days_past_due', 0, 2)]
        """
        before, after = self.before.figures(), self.after.figures()
        return [(name, before[name], after[name]) for name in before if before[name] != after[name]]

    def swapped(self) -> StateDiff:
        """The diff of ``after`` and ``before``: every change the other way round.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> d = diff(assess(s, [], date(2024, 2, 1)), assess(s, [], date(2024, 2, 3)))
        >>> d.swapped().before.as_of
        datetime.date(2024, 2, 3)
        """
        return StateDiff(
            before=self.after,
            after=self.before,
            installments=tuple(change.swapped() for change in self.installments),
            history=tuple(h.swapped() for h in self.history),
            charges_added=self.charges_removed,
            charges_removed=self.charges_added,
        )

    def rows(self) -> list[tuple[object, ...]]:
        """One tuple per change in :data:`COLUMNS` order (exact amounts; the loan's
        figures first, then instalments, history, charges removed and added).

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> for row in diff(assess(s, [], date(2024, 2, 1)), assess(s, [], date(2024, 2, 3))
        ...                 ).rows()[:3]:
        ...     print(row)
        ('loan', None, None, 'as_of', None, datetime.date(2024, 2, 1),
         datetime.date(2024, 2, 3), None)
        ('loan', None, None, 'status', None, 'current', 'overdue', None)
        ('loan', None, None, 'days_past_due', None, 0, 2, 2)
        """
        return _rows(self)

    def to_csv(self) -> str:
        """CSV text: the :data:`COLUMNS` header and :meth:`rows` (ISO dates, exact amounts).

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> state = assess(s, [], date(2024, 2, 3))
        >>> diff(state, state).to_csv()
        'section,date,installment,field,component,before,after,change\\n'
        """
        return export.to_csv(COLUMNS, self.rows())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (amounts and dates as strings).

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> state = assess(s, [], date(2024, 2, 3))
        >>> diff(state, state).to_dict()["before"]["settlement"]
        '100.00'
        """
        return _to_dict(self)

    def to_json(self, *, indent: int | None = None) -> str:
        """:meth:`to_dict` as JSON text.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> state = assess(s, [], date(2024, 2, 3))
        >>> diff(state, state).to_json()[:29]
        '{"format": "loancalc.diff/1",'
        """
        return export.to_json(self.to_dict(), indent=indent)

    def text(self) -> str:
        """A short report for people: what changed, with amounts.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> state = assess(s, [], date(2024, 2, 3))
        >>> print(diff(state, state).text())
        Before (as of 2024-02-03) and after (as of 2024-02-03): no differences.
        """
        return _text(self)


def diff(before: LoanState, after: LoanState) -> StateDiff:
    """What changed from the state ``before`` to the state ``after`` of one loan.

    Both must be states of schedules of the same length (else
    :class:`~loancalc.errors.InvalidValueError` naming ``after``); they may be on
    different dates and bases. The days-past-due and bucket history covers every date
    from the earlier loan start through the later ``as_of``; each state's own inputs
    (already as known on its ``known_on``) are assessed on the dates where either
    history can change course.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> two = amortize(LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> one = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> diff(assess(two, [], date(2024, 2, 3)), assess(one, [], date(2024, 2, 3)))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: after: got 'a LoanState of 1 instalments'; accepted: a
    LoanState of a schedule of 2 instalments, as before
    """
    if not isinstance(before, LoanState):
        raise InvalidTypeError("before", before, "a LoanState (from loancalc.assess)")
    if not isinstance(after, LoanState):
        raise InvalidTypeError("after", after, "a LoanState (from loancalc.assess)")
    count = len(before.schedule.installments)
    if len(after.schedule.installments) != count:
        raise InvalidValueError(
            "after",
            f"a LoanState of {len(after.schedule.installments)} instalments",
            f"a LoanState of a schedule of {count} instalments, as before",
        )
    before_charges, after_charges = _charges(before.events), _charges(after.events)
    return StateDiff(
        before=LoanSummary.of(before),
        after=LoanSummary.of(after),
        installments=tuple(_installment_changes(before, after)),
        history=tuple(
            HistoryChange(
                date=day,
                days_past_due_before=days_before,
                days_past_due_after=days_after,
                bucket_before=bucket_before,
                bucket_after=bucket_after,
            )
            for day, days_before, days_after, bucket_before, bucket_after in history(before, after)
        ),
        charges_added=_minus(after_charges, before_charges),
        charges_removed=_minus(before_charges, after_charges),
    )


def _installment_changes(before: LoanState, after: LoanState) -> Iterable[InstallmentChange]:
    for old, new in zip(before.installments, after.installments, strict=True):
        number = old.number
        if old.status is not new.status:
            yield InstallmentChange(
                number=number,
                field="status",
                component=None,
                before=old.status.value,
                after=new.status.value,
            )
        if old.days_past_due != new.days_past_due:
            yield InstallmentChange(
                number=number,
                field="days_past_due",
                component=None,
                before=old.days_past_due,
                after=new.days_past_due,
            )
        yield from _amount_changes(number, _amounts(old), _amounts(new))
    yield from _amount_changes(None, _outside(before), _outside(after))


def _amounts(row: InstallmentState) -> tuple[Amounts, ...]:
    return (row.charged, row.paid, row.waived, row.outstanding)


def _outside(state: LoanState) -> tuple[Amounts, ...]:
    """What the loan holds outside its instalment rows (the totals less the rows' sums):
    nothing on the scheduled basis."""
    rows = [_amounts(row) for row in state.installments]
    totals = (state.charged, state.paid, state.waived, state.outstanding)
    result = []
    with decimal.localcontext(CONTEXT):
        for index, total in enumerate(totals):
            parts = [row[index].as_tuple() for row in rows]
            sums = [sum(column, _ZERO) for column in zip(*parts, strict=True)] or [_ZERO] * 6
            result.append(
                Amounts.of(
                    [whole - part for whole, part in zip(total.as_tuple(), sums, strict=True)]
                )
            )
    return tuple(result)


def _amount_changes(
    number: int | None, old: Sequence[Amounts], new: Sequence[Amounts]
) -> Iterable[InstallmentChange]:
    for field, was, now in zip(AMOUNT_FIELDS, old, new, strict=True):
        for component, a, b in zip(Component, was.as_tuple(), now.as_tuple(), strict=True):
            if a != b:
                yield InstallmentChange(
                    number=number, field=field, component=component, before=a, after=b
                )


def _charges(events: Iterable[Event]) -> list[Charge]:
    """The charge events of a timeline (:data:`CHARGE_KINDS`) that charged something."""
    return [
        Charge(
            date=event.date,
            kind=event.kind,
            installment=event.installment,
            amounts=event.amounts,
            start=event.start,
        )
        for event in events
        if event.kind in CHARGE_KINDS and any(event.amounts.as_tuple())
    ]


def _minus(these: list[Charge], those: list[Charge]) -> tuple[Charge, ...]:
    """The charges of ``these`` not in ``those`` (a multiset difference on
    :attr:`Charge.key`), in their order."""
    left = Counter(charge.key for charge in those)
    kept = []
    for charge in these:
        if left[charge.key]:
            left[charge.key] -= 1
        else:
            kept.append(charge)
    return tuple(kept)
