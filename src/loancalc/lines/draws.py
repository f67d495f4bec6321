"""What happens on a credit line: a :class:`Draw` (a loan under the line's product) and a
:class:`LinePayment` (a repayment to the line, which may name the draw it pays).

>>> from datetime import date
>>> import loancalc as lc
>>> product = lc.products.get("cn-daily-rate-credit-line")
>>> draw = Draw(on=date(2024, 3, 1), amount="20000", term=6)
>>> draw.schedule(product).installments[0].payment  # 0.04 % a day on the balance
Decimal('3477.67')
>>> paid = LinePayment(date(2024, 4, 1), "3477.67", draw=1)
>>> paid.amount, paid.draw, paid.known_on
(Decimal('3477.67'), 1, None)
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from loancalc._terms_fields import check_date_field
from loancalc._validation import amount as read_amount
from loancalc.amortization import amortize
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.schedule import Schedule
from loancalc.servicing import Payment
from loancalc.terms import MAX_PRINCIPAL, Method

if TYPE_CHECKING:
    from loancalc.products.rules import ProductRules

__all__ = ["Draw", "LinePayment", "as_line_payment"]

_Date = date  # the fields named ``date`` hide the type inside the class bodies


def _check_day(instance: object, attribute: attrs.Attribute[date], value: object) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidTypeError(attribute.name, value, "a datetime.date")


def _to_amount(value: object) -> Decimal:
    return read_amount(value, "amount", high=MAX_PRINCIPAL, positive=True)


def _check_term(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or not 1 <= value <= 1200:
        raise InvalidValueError("term", value, "a whole number of instalments from 1 to 1200")


def _to_method(value: object) -> Method | None:
    return None if value is None else Method.parse(value)


@attrs.frozen(kw_only=True)
class Draw:
    """One draw on a credit line: ``amount`` lent ``on`` a date, repaid over ``term``
    instalments under the line's product. ``annual_rate`` (a rate such as ``"14.4%"`` or
    ``"0.04%/day"``) and ``method`` default to the product's.

    >>> Draw(on=date(2024, 3, 1), amount="-5", term=6)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: amount: got '-5'; accepted: an amount > 0 and <= 1E+15
    """

    on: date = attrs.field(validator=_check_day)
    amount: Decimal = attrs.field(converter=_to_amount)
    term: int = attrs.field(validator=_check_term)
    annual_rate: Any = None
    method: Method | None = attrs.field(default=None, converter=_to_method)

    def schedule(self, product: ProductRules) -> Schedule:
        """The draw's schedule under ``product`` (its defaults, checked rate range).

        >>> import loancalc as lc
        >>> product = lc.products.get("cn-daily-rate-credit-line")
        >>> Draw(on=date(2024, 3, 1), amount=1000, term=2,
        ...      annual_rate="30%").schedule(product)
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: annual_rate: got '30%'; accepted: a rate from 0 ...
        """
        overrides: dict[str, Any] = {} if self.method is None else {"method": self.method}
        terms = product.terms(
            principal=self.amount,
            term=self.term,
            start=self.on,
            annual_rate=self.annual_rate,
            **overrides,
        )
        return amortize(terms)


def _to_payment_amount(value: object) -> Decimal:
    return read_amount(value, "payment.amount", high=MAX_PRINCIPAL, positive=True)


def _check_draw(instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise InvalidValueError("payment.draw", value, "None or a draw's number (1 for the first)")


@attrs.frozen
class LinePayment:
    """A repayment of ``amount`` to the line on ``date``. ``draw``: the number of the draw
    it pays first (1 for the line's first draw; None: the line's allocation rule decides).
    ``known_on``: the day the lender learnt of it (None: its date), for an assessment
    "as known on" a day (:func:`~loancalc.lines.assess_line`).

    >>> LinePayment(date(2024, 4, 1), "10", draw=0)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: payment.draw: got 0; accepted: None or a draw's number ...
    """

    date: _Date = attrs.field(validator=_check_day)
    amount: Decimal = attrs.field(converter=_to_payment_amount)
    draw: int | None = attrs.field(default=None, kw_only=True, validator=_check_draw)
    reference: str | None = attrs.field(default=None, kw_only=True)
    known_on: _Date | None = attrs.field(
        default=None, kw_only=True, validator=check_date_field(optional=True)
    )


def as_line_payment(value: object, index: int) -> LinePayment:
    """``value`` as a :class:`LinePayment` (an ``lc.Payment`` names no draw).

    >>> as_line_payment(Payment(date(2024, 4, 1), "10", "TX"), 0).reference
    'TX'
    >>> as_line_payment("10", 3)
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: payments[3]: got '10'; accepted: a LinePayment or a ...
    """
    if isinstance(value, LinePayment):
        return value
    if isinstance(value, Payment):
        return LinePayment(
            value.date, value.amount, reference=value.reference, known_on=value.known_on
        )
    raise InvalidTypeError(f"payments[{index}]", value, "a LinePayment or a loancalc Payment")
