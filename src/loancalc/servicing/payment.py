"""A payment the borrower actually made: :class:`Payment`.

>>> from datetime import date
>>> Payment(date=date(2024, 2, 15), amount="1100.16")
Payment(date=datetime.date(2024, 2, 15), amount=Decimal('1100.16'), reference=None)
>>> Payment(date=date(2024, 2, 15), amount=0)
Traceback (most recent call last):
loancalc.errors.InvalidValueError: payment.amount: got 0; accepted: an amount > 0 and <= 1E+15
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from loancalc.errors import InvalidValueError
from loancalc.money import to_decimal
from loancalc.terms import MAX_PRINCIPAL

__all__ = ["Payment"]


def _to_amount(value: object) -> Decimal:
    amount = to_decimal(value, "payment.amount")
    if not 0 < amount <= MAX_PRINCIPAL:
        raise InvalidValueError("payment.amount", value, f"an amount > 0 and <= {MAX_PRINCIPAL}")
    return amount


def _check_date(instance: Payment, attribute: attrs.Attribute[date], value: date) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidValueError("payment.date", value, "a datetime.date")


def _check_reference(
    instance: Payment, attribute: attrs.Attribute[str | None], value: object
) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidValueError("payment.reference", value, "a string or None")


@attrs.frozen(kw_only=True)
class Payment:
    """Money received from the borrower on ``date`` (positional use is allowed too).

    ``reference`` is the caller's own identifier (a bank transaction number), carried into
    the events that allocate the payment.

    >>> Payment(date(2024, 3, 20), "500", "TX-1").reference
    'TX-1'
    """

    date: date = attrs.field(validator=_check_date, kw_only=False)
    amount: Decimal = attrs.field(converter=_to_amount, kw_only=False)
    reference: str | None = attrs.field(default=None, validator=_check_reference, kw_only=False)
