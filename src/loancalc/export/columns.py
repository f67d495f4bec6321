"""Typed columns of a table of records, and their cells as text and as JSON values.

A :class:`Column` names a field and says what kind of value it holds, which is all the
export formats need: CSV and JSON write each cell as text (amounts exactly, dates as
ISO 8601), numpy picks a dtype, and reading JSON back checks each cell's type.

Negative zero never leaves loancalc: ``Decimal('-0.00')`` (a rounding toward minus
infinity of a tiny negative amount) is written ``0.00``.

>>> cell_text(Decimal("-0.00")), cell_text(date(2024, 2, 29)), cell_text(7)
('0.00', '2024-02-29', '7')
>>> Column(name="payment", kind=Kind.MONEY).read("408.03", "installments[0].payment")
Decimal('408.03')
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal, InvalidOperation

import attrs

from loancalc.errors import InvalidTypeError, InvalidValueError

__all__ = ["Column", "Kind", "cell_text", "json_value", "read_amount", "unsigned_zero"]


class Kind(enum.Enum):
    """What a column holds: whole numbers, dates, exact amounts or text.

    >>> Kind.MONEY.value, Kind("date")
    ('money', <Kind.DATE: 'date'>)
    """

    INTEGER = "integer"
    DATE = "date"
    MONEY = "money"
    TEXT = "text"


@attrs.frozen(kw_only=True)
class Column:
    """One column of an exported table: the field ``name`` and the ``kind`` of its values.

    >>> column = Column(name="due_date", kind=Kind.DATE)
    >>> column.read("2024-02-29", "installments[0].due_date")
    datetime.date(2024, 2, 29)
    """

    name: str
    kind: Kind

    def read(self, value: object, field: str) -> object:
        """A JSON cell of this column as a Python value, checked (``field`` names it in errors).

        Amounts must be strings (JSON numbers are floats to most readers, so a file that
        has them was not written exactly), dates ISO strings, whole numbers JSON integers.
        Raises :class:`~loancalc.errors.InvalidTypeError` for a wrong type and
        :class:`~loancalc.errors.InvalidValueError` for a wrong value.

        >>> Column(name="days", kind=Kind.INTEGER).read(True, "installments[0].days")
        Traceback (most recent call last):
        loancalc.errors.InvalidTypeError: installments[0].days: got True; accepted: a whole number
        """
        if self.kind is Kind.MONEY:
            return read_amount(value, field)
        if self.kind is Kind.DATE:
            if not isinstance(value, str):
                raise InvalidTypeError(field, value, "a date as a string YYYY-MM-DD")
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise InvalidValueError(field, value, "a date as YYYY-MM-DD") from None
        if self.kind is Kind.INTEGER:
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidTypeError(field, value, "a whole number")
            return value
        if not isinstance(value, str):
            raise InvalidTypeError(field, value, "a string")
        return value


def read_amount(value: object, field: str) -> Decimal:
    """An exact amount written as a string (``"408.03"``), finite; else an error naming ``field``.

    >>> read_amount("1E+2", "upfront_fee")
    Decimal('1E+2')
    >>> read_amount("NaN", "upfront_fee")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: upfront_fee: got 'NaN'; accepted: a finite amount ...
    """
    if not isinstance(value, str):
        raise InvalidTypeError(field, value, "an amount written as a string, such as '408.03'")
    accepted = (
        "a finite amount written as a string in ASCII digits, such as '408.03', "
        "within 1E-40 and 1E+40 in size"
    )
    if len(value) > 100 or not value.isascii():
        raise InvalidValueError(field, value, accepted)
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        raise InvalidValueError(field, value, accepted) from None
    if not amount.is_finite() or abs(amount.adjusted()) > 40:
        raise InvalidValueError(field, value, accepted)
    return amount


def unsigned_zero(value: Decimal) -> Decimal:
    """``value``, but a negative zero as a positive zero (same exponent).

    >>> unsigned_zero(Decimal("-0.00")), unsigned_zero(Decimal("-1.5"))
    (Decimal('0.00'), Decimal('-1.5'))
    """
    return value.copy_abs() if value.is_zero() else value


def cell_text(value: object) -> str:
    """A cell as text: amounts exactly (no exponent added, no negative zero), dates ISO.

    >>> cell_text(Decimal("1200.00")), cell_text(Decimal("-0")), cell_text(None)
    ('1200.00', '0', '')
    """
    if isinstance(value, Decimal):
        return str(unsigned_zero(value))
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


def json_value(value: object) -> object:
    """A cell as a JSON-ready value: amounts and dates as strings, others unchanged.

    >>> json_value(Decimal("-0.00")), json_value(date(2024, 1, 31)), json_value(3)
    ('0.00', '2024-01-31', 3)
    """
    if isinstance(value, Decimal):
        return str(unsigned_zero(value))
    if isinstance(value, date):
        return value.isoformat()
    return value
