"""The parts a :class:`~loancalc.servicing.LoanState` is made of, grouped by what they
are: :class:`LedgerInputs` (the dated events walked), :class:`LedgerTotals` (the money
in and out) and :class:`Standing` (delinquency and how the loan ended).

``LoanState`` keeps every one of their fields as an attribute of its own
(``state.payments`` is ``state.inputs.payments``); the groups keep the record small.

>>> from datetime import date
>>> from loancalc import LoanTerms, Payment, amortize, assess
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> state = assess(s, [Payment(date(2024, 2, 1), "600")], date(2024, 2, 1))
>>> state.totals.credit, state.standing.bucket, len(state.inputs.payments)
(Decimal('100.00'), 'M0', 1)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from loancalc.servicing.delinquency import Classification
from loancalc.servicing.ledger_events import Charge, Refund, WriteOff
from loancalc.servicing.payment import Payment
from loancalc.servicing.waiver import Waiver

__all__ = ["LedgerInputs", "LedgerTotals", "PartAttributes", "Standing"]

_ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class LedgerInputs:
    """The dated events an assessment walked, up to its ``as_of``: ``payments``
    (reversed payments left out), ``waivers``, ``refunds``, ``charges`` (a reversal's
    charge among them) and ``write_offs``.

    >>> LedgerInputs(payments=(), waivers=()).refunds
    ()
    """

    payments: tuple[Payment, ...]
    waivers: tuple[Waiver, ...]
    refunds: tuple[Refund, ...] = ()
    charges: tuple[Charge, ...] = ()
    write_offs: tuple[WriteOff, ...] = ()


@attrs.frozen(kw_only=True)
class LedgerTotals:
    """The money in and out up to ``as_of``: ``total_paid`` (payments),
    ``total_allocated`` (to instalments), ``credit`` (held), ``total_reversed`` (of the
    payments reversed, left out of ``total_paid``), ``total_refunded`` (of the credit)
    and ``credit_interest`` (paid into the credit, where the rules say so:
    :class:`~loancalc.servicing.credit_interest.CreditInterest`); ``total_allocated +
    credit == total_paid - total_refunded + credit_interest``.

    >>> totals = LedgerTotals(total_paid=Decimal("600.00"), total_allocated=Decimal("500.00"),
    ...                       credit=Decimal("100.00"))
    >>> totals.total_allocated + totals.credit == totals.total_paid - totals.total_refunded
    True
    """

    total_paid: Decimal
    total_allocated: Decimal
    credit: Decimal
    total_reversed: Decimal = _ZERO
    total_refunded: Decimal = _ZERO
    credit_interest: Decimal = _ZERO


@attrs.frozen(kw_only=True)
class Standing:
    """Where the loan stands on ``as_of``: ``days_past_due`` (of the oldest unpaid
    instalment), ``bucket``, ``classification``, ``reportable`` (a credit bureau would
    see it overdue), ``settled_on`` (the day a payment of the settlement figure closed
    it; None while it runs) and ``written_off_on`` (the day of the last write-off; None:
    never written off).

    >>> Standing(days_past_due=0, bucket="M0", classification=Classification.NORMAL,
    ...          reportable=False).settled_on is None
    True
    """

    days_past_due: int
    bucket: str
    classification: Classification
    reportable: bool
    settled_on: date | None = None
    written_off_on: date | None = None


class PartAttributes:
    """The fields of a state's :class:`LedgerInputs`, :class:`LedgerTotals` and
    :class:`Standing` as attributes of the state itself (``state.credit`` is
    ``state.totals.credit``): the base of :class:`~loancalc.servicing.LoanState`.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> state = assess(s, [], date(2024, 2, 5))
    >>> state.days_past_due == state.standing.days_past_due == 4
    True
    """

    __slots__ = ()
    inputs: LedgerInputs
    totals: LedgerTotals
    standing: Standing

    @property
    def payments(self) -> tuple[Payment, ...]:
        """The payments up to ``as_of`` (reversed payments left out)."""
        return self.inputs.payments

    @property
    def waivers(self) -> tuple[Waiver, ...]:
        """The waivers given."""
        return self.inputs.waivers

    @property
    def refunds(self) -> tuple[Refund, ...]:
        """The refunds of credit walked, up to ``as_of``."""
        return self.inputs.refunds

    @property
    def charges(self) -> tuple[Charge, ...]:
        """The charges walked, up to ``as_of`` (a reversal's charge among them)."""
        return self.inputs.charges

    @property
    def write_offs(self) -> tuple[WriteOff, ...]:
        """The write-offs walked, up to ``as_of``."""
        return self.inputs.write_offs

    @property
    def total_paid(self) -> Decimal:
        """What the payments up to ``as_of`` add up to."""
        return self.totals.total_paid

    @property
    def total_allocated(self) -> Decimal:
        """What of the payments went to instalments."""
        return self.totals.total_allocated

    @property
    def credit(self) -> Decimal:
        """What of the payments is held as credit (not refunded)."""
        return self.totals.credit

    @property
    def total_reversed(self) -> Decimal:
        """The amount of the payments reversed (left out of ``total_paid``)."""
        return self.totals.total_reversed

    @property
    def total_refunded(self) -> Decimal:
        """The credit refunded (``total_allocated + credit == total_paid - total_refunded
        + credit_interest``)."""
        return self.totals.total_refunded

    @property
    def credit_interest(self) -> Decimal:
        """The interest paid into the credit held, where the rules say so (0 otherwise)."""
        return self.totals.credit_interest

    @property
    def days_past_due(self) -> int:
        """The days past due of the oldest unpaid instalment."""
        return self.standing.days_past_due

    @property
    def bucket(self) -> str:
        """The delinquency bucket of ``days_past_due`` (``M0``, ``M1``...)."""
        return self.standing.bucket

    @property
    def classification(self) -> Classification:
        """The loan classification of ``days_past_due``."""
        return self.standing.classification

    @property
    def reportable(self) -> bool:
        """Whether a credit bureau would see the loan as overdue."""
        return self.standing.reportable

    @property
    def settled_on(self) -> date | None:
        """The day a payment covered the settlement figure and settled the loan (None
        while it runs): nothing is charged after it."""
        return self.standing.settled_on

    @property
    def written_off_on(self) -> date | None:
        """The day of the last write-off (None: never written off)."""
        return self.standing.written_off_on
