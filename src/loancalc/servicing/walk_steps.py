"""The steps a servicing basis gives the kernel (:class:`~loancalc.servicing.walk.Walk`).

Each interest basis implements every step; the kernel calls them in the order of the day
(see :mod:`loancalc.servicing.walk`). Every step is abstract, so a basis that leaves one
out cannot be instantiated, and ``mypy --strict`` refuses it.

>>> sorted(WalkSteps.__abstractmethods__)[:3]
['_accrue', '_add_charge', '_after_money']
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from loancalc.servicing.ledger_events import Charge, Refund, WriteOff
from loancalc.servicing.payment import Payment
from loancalc.servicing.waiver import Waiver

__all__ = ["Installment", "Item", "WalkSteps"]


class Installment(Protocol):
    """What the kernel reads of a basis's instalment (a ledger or a demand).

    >>> from loancalc.servicing.ledger import Ledger
    >>> ledger = Ledger(1, date(2024, 2, 1), date(2024, 2, 4), scheduled=(Decimal(1),) * 3)
    >>> isinstance(ledger.number, int) and ledger.grace_end > ledger.due
    True
    """

    @property
    def number(self) -> int: ...

    @property
    def due(self) -> date: ...

    @property
    def grace_end(self) -> date: ...


Item = TypeVar("Item", bound=Installment)


class WalkSteps(ABC, Generic[Item]):
    """The steps of one day a basis gives (all abstract).

    >>> "_end_grace" in WalkSteps.__abstractmethods__
    True
    """

    @abstractmethod
    def _installments(self) -> Sequence[Item]:
        """The instalments, in order."""

    @abstractmethod
    def _first_day(self) -> date:
        """The first date the walk may stop at."""

    @abstractmethod
    def _edges(self) -> Iterable[date]:
        """The basis's own dates of the walk (beyond due dates, money and ``as_of``)."""

    @abstractmethod
    def _accrue(self, start: date, end: date) -> None:
        """Accrue from the end of ``start`` to the end of ``end``."""

    @abstractmethod
    def _open_day(self, today: date) -> None:
        """Charge or post what accrued, before the day's money."""

    @abstractmethod
    def _fall_due(self, item: Item, today: date) -> None:
        """``item`` falls due."""

    @abstractmethod
    def _waive(self, waiver: Waiver, today: date) -> None:
        """Apply ``waiver``."""

    @abstractmethod
    def _apply_credit(self, today: date) -> None:
        """Let credit held pay what is due (called while credit is held)."""

    @abstractmethod
    def _receive(self, payment: Payment, today: date) -> None:
        """Receive and allocate ``payment``."""

    @abstractmethod
    def _refund(self, refund: Refund, today: date) -> None:
        """Pay ``refund`` out of credit."""

    @abstractmethod
    def _write_off(self, write_off: WriteOff, today: date) -> None:
        """Write off what ``write_off`` says."""

    @abstractmethod
    def _add_charge(self, charge: Charge, today: date) -> None:
        """Add a charge made by hand."""

    @abstractmethod
    def _after_money(self, today: date, due_today: Sequence[Item]) -> None:
        """After the day's money on a day instalments fell due (``due_today``) or, when
        there are relief windows, on every day."""

    @abstractmethod
    def _end_day(self, today: date) -> None:
        """The basis's own end of the day, before grace ends (on its :attr:`end_days`)."""

    @abstractmethod
    def _end_grace(self, item: Item, today: date) -> bool:
        """End ``item``'s grace; whether it is overdue (something left unpaid)."""

    @abstractmethod
    def _fee_bases(self, item: Item) -> tuple[Decimal, Decimal] | None:
        """A late fee's bases for ``item`` (its unpaid principal, interest and fee, and
        its scheduled principal and interest), or None when it is paid."""

    @abstractmethod
    def _fit_fee(self, fee: Decimal, today: date) -> Decimal:
        """``fee`` as the loan's caps allow it."""

    @abstractmethod
    def _book_late_fee(self, item: Item, fee: Decimal) -> None:
        """Add ``fee`` to what ``item`` owes."""

    @abstractmethod
    def _close_day(self, today: date) -> None:
        """Close the day (after its end; only when :attr:`CLOSES_DAYS`)."""
