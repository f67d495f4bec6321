"""Amounts a lender forgives: :class:`Waiver`.

>>> w = Waiver(date=date(2024, 4, 1), component="罚息")
>>> w.component.value, w.amount, w.installment
('penalty-interest', None, None)
>>> Waiver(date=date(2024, 4, 1), component="late-fee", amount=0)
Traceback (most recent call last):
loancalc.errors.InvalidValueError: waiver.amount: got 0; accepted: None (all) or an amount > 0
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from loancalc.errors import InvalidValueError
from loancalc.money import to_decimal
from loancalc.servicing.components import Component
from loancalc.servicing.payment import check_known_on
from loancalc.terms import MAX_PRINCIPAL

__all__ = ["Waiver"]

_Date = date  # the field ``date`` hides the type inside the class body


def _to_component(value: object) -> Component:
    return Component.parse(value)


def _to_amount(value: object) -> Decimal | None:
    if value is None:
        return None
    amount = to_decimal(value, "waiver.amount")
    if not 0 < amount <= MAX_PRINCIPAL:
        raise InvalidValueError("waiver.amount", value, "None (all) or an amount > 0")
    return amount


def _check_date(instance: Waiver, attribute: attrs.Attribute[date], value: object) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidValueError("waiver.date", value, "a datetime.date")


def _check_known_on(
    instance: Waiver, attribute: attrs.Attribute[date | None], value: object
) -> None:
    check_known_on("waiver.known_on", value, instance.date)


def _check_installment(
    instance: Waiver, attribute: attrs.Attribute[int | None], value: object
) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise InvalidValueError("waiver.installment", value, "None or an instalment number >= 1")


@attrs.frozen(kw_only=True, repr=False)
class Waiver:
    """Forgive ``amount`` (None: all that is outstanding) of ``component`` on ``date``.

    ``installment``: the instalment whose amount is forgiven (None: due instalments
    oldest first; for ``amount=None``, every instalment's outstanding amount of that
    component). A waiver is applied after the day's accrual and before the day's
    payments; it forgives only what is charged (a waiver of principal of instalments
    not yet due needs ``installment``, or ``amount=None``). Waiving more than is
    outstanding raises :class:`~loancalc.errors.InvalidValueError`. ``known_on``: the day
    the lender decided it or learnt of it, on or after ``date`` (None: on ``date``); an
    assessment "as known on" an earlier day leaves it out.

    >>> Waiver(date=date(2024, 4, 1), component="late-fee", amount="20", installment=2).amount
    Decimal('20')
    >>> Waiver(date=date(2024, 4, 1), component="late-fee", known_on=date(2024, 4, 9))
    Waiver(date=datetime.date(2024, 4, 1), component=<Component.LATE_FEE: 'late-fee'>,
           amount=None, installment=None, known_on=datetime.date(2024, 4, 9))
    >>> Waiver(date=date(2024, 4, 1), component="late-fee", known_on="2024-04-09")
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: waiver.known_on: got '2024-04-09'; accepted: None ...
    """

    date: date = attrs.field(validator=_check_date)
    component: Component = attrs.field(converter=_to_component)
    amount: Decimal | None = attrs.field(default=None, converter=_to_amount)
    installment: int | None = attrs.field(default=None, validator=_check_installment)
    known_on: _Date | None = attrs.field(default=None, validator=_check_known_on)

    def __repr__(self) -> str:
        known = "" if self.known_on is None else f", known_on={self.known_on!r}"
        return (
            f"Waiver(date={self.date!r}, component={self.component!r}, amount={self.amount!r}, "
            f"installment={self.installment!r}{known})"
        )
