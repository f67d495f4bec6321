"""Checks shared by the servicing policies' fields (attrs validators and converters).

>>> share("50%", "late_fee.share", Decimal(1))
Decimal('0.50')
>>> optional_amount(None, "late_fee.minimum") is None
True
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from loancalc._validation import amount, check_type, read_number, whole_number
from loancalc.errors import InvalidValueError
from loancalc.terms import MAX_PRINCIPAL

__all__ = ["Validator", "flag", "optional_amount", "optional_share", "share", "whole"]

_ZERO = Decimal(0)

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def whole(low: int, high: int | None, field: str) -> Validator:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        whole_number(value, field, low, high)

    return check


def flag(field: str) -> Validator:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check_type(value, bool, field, "true or false")

    return check


def share(value: object, field: str, high: Decimal) -> Decimal:
    """A rate or share (``"50%"`` allowed) from 0 to ``high``."""
    accepted = f"a number from 0 to {high}"
    number = read_number(value, field, accepted=accepted)
    if not _ZERO <= number <= high:
        raise InvalidValueError(field, value, accepted)
    return number


def optional_share(value: object, field: str, high: Decimal) -> Decimal | None:
    return None if value is None else share(value, field, high)


def optional_amount(value: object, field: str) -> Decimal | None:
    """An amount of money (no ``%``), or ``None``."""
    return None if value is None else amount(value, field, high=MAX_PRINCIPAL)
