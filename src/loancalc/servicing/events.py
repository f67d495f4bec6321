"""The dated timeline of an assessment: :class:`Event` and :class:`EventKind`.

>>> e = Event(date=date(2024, 3, 15), kind=EventKind.INSTALLMENT_DUE, installment=2,
...           amounts=Amounts(principal=Decimal("933.96"), interest=Decimal("166.20")))
>>> print(e)
2024-03-15  installment-due  #2  1100.16
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import attrs

from loancalc.servicing.amounts import ZERO_AMOUNTS, Amounts, frozen_maker
from loancalc.terms import _ParsedEnum

__all__ = ["Event", "EventKind", "RawEvent", "build_event", "raw_event"]


class EventKind(_ParsedEnum):
    """What happened on a date of the timeline.

    ``INSTALLMENT_DUE``: an instalment fell due (amounts: what it asks for).
    ``GRACE_ENDED``: grace ended with the instalment not paid in full (amounts: unpaid).
    ``LATE_FEE_CHARGED``; ``PENALTY_ACCRUED``: penalty and compound interest charged for
    the days from ``start`` (excluded) to ``date`` (included); ``PAYMENT_RECEIVED``;
    ``PAYMENT_ALLOCATED``: what a payment paid of one instalment, by component;
    ``CREDIT_CARRIED``: the part of a payment beyond everything due; ``CREDIT_APPLIED``:
    credit paying an instalment that fell due; ``WAIVED``: amounts forgiven;
    ``RELIEF_STARTED`` / ``RELIEF_ENDED``: a relief window's first and last day.
    ``SETTLED``: a payment covered the settlement figure (amount: the figure) and the
    loan was settled; with an instalment number: the interest and fees of a period after
    the settlement date, rebated as unearned (amounts: what was rebated). Without an
    instalment number and with amounts (actual-balance basis): the financed fee not yet
    repaid, charged on settling before the payment is allocated.
    Actual-balance basis only: ``INTEREST_ACCRUED``: contract interest charged for the
    days from ``start`` to ``date``; ``INTEREST_FORGIVEN``: the interest of conditional
    interest-free days, forgiven because the loan was repaid in full within them;
    ``INTEREST_FREE_LAPSED``: a conditional interest-free window lapsed and the loan was
    re-run from the advance as if there had been none (amounts: what that charged more,
    by component; the note says how much of the payments moved from principal).
    ``REFUNDED``: credit paid back to the borrower (amount); ``CHARGE_ADDED``: a fee
    added by hand (amounts: in the late-fee column; the note: its reason);
    ``WRITTEN_OFF``: amounts the lender wrote off (charged off), by component.
    ``CREDIT_INTEREST``: interest paid into the credit held (amount), where the rules say
    so (:class:`~loancalc.servicing.credit_interest.CreditInterest`).

    >>> EventKind.parse("penalty-accrued").value
    'penalty-accrued'
    """

    INSTALLMENT_DUE = "installment-due"
    GRACE_ENDED = "grace-ended"
    LATE_FEE_CHARGED = "late-fee-charged"
    PENALTY_ACCRUED = "penalty-accrued"
    PAYMENT_RECEIVED = "payment-received"
    PAYMENT_ALLOCATED = "payment-allocated"
    CREDIT_CARRIED = "credit-carried"
    CREDIT_APPLIED = "credit-applied"
    WAIVED = "waived"
    RELIEF_STARTED = "relief-started"
    RELIEF_ENDED = "relief-ended"
    INTEREST_ACCRUED = "interest-accrued"
    INTEREST_FORGIVEN = "interest-forgiven"
    INTEREST_FREE_LAPSED = "interest-free-lapsed"
    SETTLED = "settled"
    REFUNDED = "refunded"
    CHARGE_ADDED = "charge-added"
    WRITTEN_OFF = "written-off"
    ADVANCED = "advanced"
    CREDIT_INTEREST = "credit-interest"

    @classmethod
    def _field_name(cls) -> str:
        return "event.kind"


_Date = date  # the field ``date`` hides the type inside the class body


def _to_kind(value: object) -> EventKind:
    return value if isinstance(value, EventKind) else EventKind.parse(value)


@attrs.frozen(kw_only=True)
class Event:
    """One dated entry of a :class:`~loancalc.servicing.LoanState`'s timeline.

    ``installment``: the instalment number it concerns (None for the loan as a whole).
    ``amounts``: the money involved, by component (for a payment or a credit, the amount
    is in ``amount``). ``reference``: the payment's reference. ``start``: for
    ``penalty-accrued``, the day after which the span starts. ``note``: a short
    explanation.

    >>> Event(date=date(2024, 3, 20), kind=EventKind.PAYMENT_RECEIVED,
    ...       amount=Decimal("500"), reference="TX-1").amount
    Decimal('500')
    """

    date: date
    kind: EventKind = attrs.field(converter=_to_kind)
    installment: int | None = None
    amounts: Amounts = ZERO_AMOUNTS
    amount: Decimal | None = None
    reference: str | None = None
    start: _Date | None = None
    note: str = ""

    @property
    def total(self) -> Decimal:
        """``amount`` when set, else the total of ``amounts``.

        >>> Event(date=date(2024, 1, 1), kind="waived", amounts=Amounts(fee=2)).total
        Decimal('2')
        """
        return self.amount if self.amount is not None else self.amounts.total

    def __str__(self) -> str:
        parts = [self.date.isoformat(), self.kind.value]
        if self.installment is not None:
            parts.append(f"#{self.installment}")
        parts.append(str(self.total))
        if self.start is not None:
            parts.append(f"for the days after {self.start.isoformat()}")
        if self.reference:
            parts.append(self.reference)
        if self.note:
            parts.append(self.note)
        return "  ".join(parts)


#: An event as the engine records it (cheap to make; :func:`build_event` makes the
#: :class:`Event`): date, kind, instalment, six amounts or None, amount, reference, start,
#: note.
RawEvent = tuple[
    date, EventKind, int | None, tuple[Decimal, ...] | None, Decimal | None, str | None,
    date | None, str,
]  # fmt: skip

_NONE = Decimal(0)


def raw_event(
    on: date,
    kind: EventKind,
    installment: int | None = None,
    amounts: tuple[Decimal, ...] | Mapping[int, Decimal] | None = None,
    *,
    amount: Decimal | None = None,
    reference: str | None = None,
    start: date | None = None,
    note: str = "",
) -> RawEvent:
    """An engine's event record; ``amounts`` by position in component order (a tuple
    of up to six, or a mapping from position to amount).

    >>> raw_event(date(2024, 1, 1), EventKind.WAIVED, 1, {5: Decimal(2)})[3]
    (Decimal('0'), Decimal('0'), Decimal('0'), Decimal('0'), Decimal('0'), Decimal('2'))
    """
    values: tuple[Decimal, ...] | None
    if amounts is None:
        values = None
    elif type(amounts) is tuple and len(amounts) == 6:  # the common case, checked first
        values = amounts
    elif type(amounts) is dict or isinstance(amounts, Mapping):
        get = amounts.get
        values = (get(0, _NONE), get(1, _NONE), get(2, _NONE), get(3, _NONE), get(4, _NONE),
                  get(5, _NONE))  # fmt: skip
    else:
        values = tuple(amounts) + (_NONE,) * (6 - len(amounts))
    return (on, kind, installment, values, amount, reference, start, note)


def build_event(raw: RawEvent) -> Event:
    """The :class:`Event` a :data:`RawEvent` records.

    >>> build_event(raw_event(date(2024, 1, 1), EventKind.WAIVED, 1, {5: Decimal(2)})).total
    Decimal('2')
    """
    on, kind, installment, values, amount, reference, start, note = raw
    amounts = ZERO_AMOUNTS if values is None else Amounts.of(values)
    kind = _to_kind(kind)
    return _make_event((on, kind, installment, amounts, amount, reference, start, note))


#: Event from its field values in order (the engine's records are of the right types).
_make_event = frozen_maker(Event, [field.name for field in attrs.fields(Event)])
