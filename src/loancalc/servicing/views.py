"""What the exports read of a state: :class:`StateView` and :class:`InstallmentView`.

Structural types (``typing.Protocol``) that :class:`~loancalc.servicing.LoanState` and
:class:`~loancalc.servicing.InstallmentState` satisfy, so that the export functions
(:mod:`loancalc.servicing.export`) are typed without importing the records that call
them: a record delegates to its exports, never the other way round.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize, assess
>>> state = assess(amortize(LoanTerms(principal=100, annual_rate=0, term=1,
...                                   start=date(2024, 1, 1))), [], date(2024, 1, 2))
>>> isinstance(state, StateView), isinstance(state.installments[0], InstallmentView)
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol, runtime_checkable

from loancalc.schedule import Schedule
from loancalc.servicing.amounts import Amounts
from loancalc.servicing.delinquency import Classification
from loancalc.servicing.events import Event
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.statement import CapHit, StatementLine
from loancalc.servicing.status import InstallmentStatus

__all__ = ["InstallmentView", "StateView"]


@runtime_checkable
class InstallmentView(Protocol):
    """One instalment as the exports read it (see :class:`~loancalc.InstallmentState`).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> isinstance(assess(s, [], date(2024, 1, 2)).installments[0], InstallmentView)
    True
    """

    @property
    def number(self) -> int: ...
    @property
    def due_date(self) -> date: ...
    @property
    def effective_due_date(self) -> date: ...
    @property
    def grace_end(self) -> date: ...
    @property
    def status(self) -> InstallmentStatus: ...
    @property
    def charged(self) -> Amounts: ...
    @property
    def paid(self) -> Amounts: ...
    @property
    def waived(self) -> Amounts: ...
    @property
    def outstanding(self) -> Amounts: ...
    @property
    def paid_in_full_on(self) -> date | None: ...
    @property
    def days_past_due(self) -> int: ...
    @property
    def reportable(self) -> bool: ...


@runtime_checkable
class StateView(Protocol):
    """A loan on a date as the exports read it (see :class:`~loancalc.LoanState`).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> isinstance(assess(s, [], date(2024, 1, 2)), StateView)
    True
    """

    @property
    def schedule(self) -> Schedule: ...
    @property
    def rules(self) -> ServicingRules: ...
    @property
    def as_of(self) -> date: ...
    @property
    def installments(self) -> Sequence[InstallmentView]: ...
    @property
    def events(self) -> Sequence[Event]: ...
    @property
    def statement(self) -> Sequence[StatementLine]: ...
    @property
    def cap_hits(self) -> Sequence[CapHit]: ...
    @property
    def charged(self) -> Amounts: ...
    @property
    def paid(self) -> Amounts: ...
    @property
    def waived(self) -> Amounts: ...
    @property
    def outstanding(self) -> Amounts: ...
    @property
    def penalty_interest(self) -> Decimal: ...
    @property
    def compound_interest(self) -> Decimal: ...
    @property
    def late_fees(self) -> Decimal: ...
    @property
    def total_outstanding(self) -> Decimal: ...
    @property
    def amount_due(self) -> Decimal: ...
    @property
    def total_paid(self) -> Decimal: ...
    @property
    def total_allocated(self) -> Decimal: ...
    @property
    def credit(self) -> Decimal: ...
    @property
    def days_past_due(self) -> int: ...
    @property
    def bucket(self) -> str: ...
    @property
    def classification(self) -> Classification: ...
    @property
    def reportable(self) -> bool: ...
    @property
    def status(self) -> str: ...
    @property
    def settled_on(self) -> date | None: ...

    def payoff_amount(self, on: date | None = None) -> Decimal:
        """What closes the loan on ``on`` (default ``as_of``).

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> view: StateView = assess(s, [], date(2024, 1, 2))
        >>> view.payoff_amount()
        Decimal('100.00')
        """
