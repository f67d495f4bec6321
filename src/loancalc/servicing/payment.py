"""A payment the borrower actually made: :class:`Payment`; :func:`check_on_grid`.

Amounts are never rounded behind the caller's back: a payment, or a fixed late fee (its
``amount``, ``minimum``, ``maximum`` or ``cap_total``), off the loan's rounding grid
(a multiple of ``terms.rounding.quantum``: 0.01 on a loan rounded to 2 places) is refused
by :func:`check_on_grid`, on both interest bases, with an error naming it. A late fee
computed as a share is rounded by the loan's rounding, as every computed amount is.

>>> from datetime import date
>>> Payment(date=date(2024, 2, 15), amount="1100.16")
Payment(date=datetime.date(2024, 2, 15), amount=Decimal('1100.16'), reference=None)
>>> Payment(date=date(2024, 2, 15), amount=0)
Traceback (most recent call last):
loancalc.errors.InvalidValueError: payment.amount: got 0; accepted: an amount > 0 and <= 1E+15

A payment the lender learnt of later than its date (recorded late, with its own date:
a backdated correction) says when in ``known_on``; an assessment "as known on" an
earlier day leaves it out (see :func:`loancalc.assess`):

>>> Payment(date(2024, 2, 15), "1100.16", "TX-1", known_on=date(2024, 2, 25))
Payment(date=datetime.date(2024, 2, 15), amount=Decimal('1100.16'), reference='TX-1',
        known_on=datetime.date(2024, 2, 25))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import attrs

from loancalc._validation import each_on_grid, on_grid
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import Rounding, to_decimal
from loancalc.servicing.policies import LateFeePolicy
from loancalc.terms import MAX_PRINCIPAL

__all__ = ["Payment", "check_known_on", "check_on_grid"]

_Date = date  # the field ``date`` hides the type inside the class body

_FEE_AMOUNTS = ("amount", "minimum", "maximum", "cap_total")


def _to_amount(value: object) -> Decimal:
    amount = to_decimal(value, "payment.amount")
    if not 0 < amount <= MAX_PRINCIPAL:
        raise InvalidValueError("payment.amount", value, f"an amount > 0 and <= {MAX_PRINCIPAL}")
    return amount


def _check_date(instance: Payment, attribute: attrs.Attribute[date], value: date) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidValueError("payment.date", value, "a datetime.date")


def check_known_on(field: str, value: object, on: date) -> None:
    """Refuse a ``known_on`` that is not None or a date on or after the event's date ``on``
    (``field`` names it in the error).

    >>> check_known_on("payment.known_on", date(2024, 1, 1), date(2024, 1, 2))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: payment.known_on: got datetime.date(2024, 1, 1); ...
    """
    accepted = f"None (known on its date) or a datetime.date on or after its date ({on})"
    if value is None:
        return
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidTypeError(field, value, accepted)
    if value < on:
        raise InvalidValueError(field, value, accepted)


def _check_known_on(
    instance: Payment, attribute: attrs.Attribute[date | None], value: object
) -> None:
    check_known_on("payment.known_on", value, instance.date)


def _check_reference(
    instance: Payment, attribute: attrs.Attribute[str | None], value: object
) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidValueError("payment.reference", value, "a string or None")


@attrs.frozen(kw_only=True, repr=False)
class Payment:
    """Money received from the borrower on ``date`` (positional use is allowed too).

    ``reference`` is the caller's own identifier (a bank transaction number), carried into
    the events that allocate the payment. ``known_on`` (keyword only): the day the lender
    learnt of the payment, on or after ``date`` (None: on ``date``); only an assessment
    "as known on" an earlier day reads it (``lc.assess(..., known_on=...)``).

    >>> Payment(date(2024, 3, 20), "500", "TX-1").reference
    'TX-1'
    >>> Payment(date(2024, 3, 20), "500", known_on=date(2024, 3, 19))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: payment.known_on: got datetime.date(2024, 3, 19);
    accepted: None (known on its date) or a datetime.date on or after its date (2024-03-20)
    """

    date: date = attrs.field(validator=_check_date, kw_only=False)
    amount: Decimal = attrs.field(converter=_to_amount, kw_only=False)
    reference: str | None = attrs.field(default=None, validator=_check_reference, kw_only=False)
    known_on: _Date | None = attrs.field(default=None, validator=_check_known_on)

    def __repr__(self) -> str:
        known = "" if self.known_on is None else f", known_on={self.known_on!r}"
        return (
            f"Payment(date={self.date!r}, amount={self.amount!r}, "
            f"reference={self.reference!r}{known})"
        )


def check_on_grid(
    rounding: Rounding,
    payments: Iterable[Payment] = (),
    late_fee: LateFeePolicy | None = None,
    *,
    field: str = "payments",
) -> None:
    """Refuse a payment or a late-fee amount off the loan's rounding grid.

    ``rounding``: the loan's (``schedule.terms.rounding``). Each payment's amount must
    be a multiple of its quantum, and so must the late fee's ``amount``, ``minimum``,
    ``maximum`` and ``cap_total``: a payment of 10.005 on a loan rounded to cents cannot
    be allocated to the cent, and a fee off the grid would put the balance off it. The
    error (:class:`~loancalc.errors.InvalidValueError`) names the payment by its index
    under ``field`` (``payments[2].amount``) or the fee's field (``late_fee.amount``),
    the value and the nearest amounts on the grid.

    >>> from loancalc.servicing.policies import LateFeePolicy
    >>> check_on_grid(Rounding(), [Payment(date(2024, 2, 1), "10.00")])
    >>> check_on_grid(Rounding(), [Payment(date(2024, 2, 1), "10.005")])
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: payments[0].amount: got Decimal('10.005'); accepted:
    an amount on the rounding grid, a multiple of 0.01 (such as 10.00 or 10.01)
    >>> check_on_grid(Rounding(increment=1), late_fee=LateFeePolicy(kind="fixed", amount="2.5"))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: late_fee.amount: got Decimal('2.5'); accepted: an ...
    """
    if not isinstance(rounding, Rounding):
        raise InvalidTypeError("rounding", rounding, "a loancalc.Rounding")
    quantum = rounding.quantum
    each_on_grid(
        (payment.amount for payment in payments), quantum, lambda index: f"{field}[{index}].amount"
    )
    if late_fee is not None:
        for name in _FEE_AMOUNTS:
            value = getattr(late_fee, name)
            if value is not None:
                on_grid(value, quantum, f"late_fee.{name}")
