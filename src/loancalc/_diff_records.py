"""The records of :func:`loancalc.state_diff.diff`: one changed figure of an instalment
(:class:`InstallmentChange`), a date where the delinquency histories differ
(:class:`HistoryChange`), a charge of a timeline (:class:`Charge`), and the loan's
standing in one state (:class:`LoanSummary`). Plain data; the diff itself and its
reports are in :mod:`loancalc.state_diff`.

>>> InstallmentChange(number=2, field="status", component=None, before="overdue",
...                   after="paid-on-time").change is None
True
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import attrs

from loancalc.money import CONTEXT
from loancalc.servicing.amounts import Amounts
from loancalc.servicing.components import Component
from loancalc.servicing.delinquency import Classification
from loancalc.servicing.events import EventKind
from loancalc.servicing.state import LoanState

__all__ = ["Charge", "HistoryChange", "InstallmentChange", "LoanSummary", "Value", "difference"]

#: A figure compared: an amount, a number of days, or a name (a status, a bucket).
Value = Decimal | int | str


@attrs.frozen(kw_only=True)
class InstallmentChange:
    """One figure of one instalment that differs: ``field`` is ``charged``, ``paid``,
    ``waived`` or ``outstanding`` (with its ``component``), or ``status`` or
    ``days_past_due`` (``component`` None). ``number`` None: what the loan holds outside
    its instalment rows (on the actual-balance basis: principal not yet due, interest
    accrued since the last due date, and the loan's charges).

    >>> change = InstallmentChange(number=1, field="paid", component=Component.PRINCIPAL,
    ...                            before=Decimal("0.00"), after=Decimal("920.16"))
    >>> change.change
    Decimal('920.16')
    """

    number: int | None
    field: str
    component: Component | None
    before: Value
    after: Value

    @property
    def change(self) -> Decimal | int | None:
        """``after - before`` for amounts and days (None for a status)."""
        return difference(self.before, self.after)

    def swapped(self) -> InstallmentChange:
        """The same change seen the other way round (before and after exchanged).

        >>> InstallmentChange(number=1, field="days_past_due", component=None, before=3,
        ...                   after=0).swapped().after
        3
        """
        return attrs.evolve(self, before=self.after, after=self.before)


@attrs.frozen(kw_only=True)
class HistoryChange:
    """A date on which the two days-past-due or bucket histories differ.

    >>> HistoryChange(date=date(2024, 2, 2), days_past_due_before=1, days_past_due_after=0,
    ...               bucket_before="M1", bucket_after="M0").days_past_due_before
    1
    """

    date: date
    days_past_due_before: int
    days_past_due_after: int
    bucket_before: str
    bucket_after: str

    def swapped(self) -> HistoryChange:
        """The same date seen the other way round (before and after exchanged).

        >>> HistoryChange(date=date(2024, 2, 2), days_past_due_before=1,
        ...               days_past_due_after=0, bucket_before="M1",
        ...               bucket_after="M0").swapped().bucket_before
        'M0'
        """
        return attrs.evolve(
            self,
            days_past_due_before=self.days_past_due_after,
            days_past_due_after=self.days_past_due_before,
            bucket_before=self.bucket_after,
            bucket_after=self.bucket_before,
        )


_Date = date  # the field ``date`` hides the type inside the class body


@attrs.frozen(kw_only=True)
class Charge:
    """A charge event of a timeline (late fee, penalty and compound interest, or contract
    interest accrued on the actual-balance basis): ``amounts`` by component;
    ``start``: for accruals, the day after which the span starts.

    >>> Charge(date=date(2024, 2, 4), kind=EventKind.LATE_FEE_CHARGED, installment=1,
    ...        amounts=Amounts(late_fee=10)).amounts.total
    Decimal('10')
    """

    date: date
    kind: EventKind
    installment: int | None
    amounts: Amounts
    start: _Date | None = None

    @property
    def key(self) -> tuple[object, ...]:
        """What two charges must share to be the same charge: date, kind, instalment and
        amounts."""
        return (self.date, self.kind, self.installment, self.amounts.as_tuple())


@attrs.frozen(kw_only=True)
class LoanSummary:
    """The loan's standing in one state: ``settlement`` is ``payoff_amount()`` on its
    own ``as_of``; ``outstanding``: everything still owed, by component.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> LoanSummary.of(assess(s, [], date(2024, 2, 3))).bucket
    'M1'
    """

    as_of: date
    status: str
    days_past_due: int
    bucket: str
    classification: Classification
    reportable: bool
    settlement: Decimal
    outstanding: Amounts

    @classmethod
    def of(cls, state: LoanState) -> LoanSummary:
        """The summary of ``state``.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> LoanSummary.of(assess(s, [], date(2024, 1, 2))).settlement
        Decimal('100.00')
        """
        return cls(
            as_of=state.as_of,
            status=state.status,
            days_past_due=state.days_past_due,
            bucket=state.bucket,
            classification=state.classification,
            reportable=state.reportable,
            settlement=state.payoff_amount(),
            outstanding=state.outstanding,
        )

    def figures(self) -> dict[str, Value]:
        """The figures compared between two states, by name (``as_of`` excluded).

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> list(LoanSummary.of(assess(s, [], date(2024, 1, 2))).figures())[:3]
        ['status', 'days_past_due', 'bucket']
        """
        return {
            "status": self.status,
            "days_past_due": self.days_past_due,
            "bucket": self.bucket,
            "classification": self.classification.value,
            "reportable": "yes" if self.reportable else "no",
            "total_outstanding": self.outstanding.total,
            "settlement": self.settlement,
        }


def difference(before: Value, after: Value) -> Decimal | int | None:
    """``after - before`` for two amounts or two numbers of days; None otherwise.

    >>> difference(Decimal("6.90"), Decimal("0.00")), difference(10, 0), difference("M1", "M0")
    (Decimal('-6.90'), -10, None)
    """
    if isinstance(before, Decimal) and isinstance(after, Decimal):
        with decimal.localcontext(CONTEXT):
            return after - before
    if type(before) is int and type(after) is int:
        return after - before
    return None
