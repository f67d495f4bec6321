"""The converters and validators of :mod:`loancalc.limits.rules`' fields: each names
its field, the value and what it accepts.

>>> to_rate("24%")
Decimal('0.24')
>>> to_rate("2000%")
Traceback (most recent call last):
loancalc.errors.InvalidValueError: rate: got '2000%'; accepted: a rate such as '24%' or 0.24, ...
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from loancalc._validation import amount, check_date, read_number
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.limits import indexes
from loancalc.products.source import Source, sources_of
from loancalc.servicing.allocation import strategy_names
from loancalc.servicing.components import Component
from loancalc.terms import MAX_PRINCIPAL

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ID_ACCEPTED = "a lower-case slug such as 'all-in-24'"

__all__ = [
    "COSTS", "check_day", "check_default", "check_each", "check_index", "check_order",
    "line", "slug", "to_amount", "to_components", "to_multiple", "to_paid_rate", "to_rate",
    "to_share", "to_sources",
]  # fmt: skip
#: Every component a limit may cover: what a loan costs beyond the principal.
COSTS = (
    Component.INTEREST,
    Component.FEE,
    Component.PENALTY_INTEREST,
    Component.COMPOUND_INTEREST,
    Component.LATE_FEE,
)


def slug(field: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str):
            raise InvalidTypeError(field, value, _ID_ACCEPTED)
        if SLUG.fullmatch(value) is None or len(value) > 80:
            raise InvalidValueError(field, value, _ID_ACCEPTED)

    return check


def line(field: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
        accepted = "one line of text, 1 to 200 characters"
        if not isinstance(value, str):
            raise InvalidTypeError(field, value, accepted)
        if not value.strip() or "\n" in value or len(value) > 200:
            raise InvalidValueError(field, value, accepted)

    return check


def to_rate(value: object) -> Decimal | None:
    if value is None:
        return None
    accepted = "a rate such as '24%' or 0.24, from 0 to 1000 %"
    number = read_number(value, "rate", accepted=accepted)
    if not Decimal(0) <= number <= Decimal(10):
        raise InvalidValueError("rate", value, accepted)
    return number


def to_paid_rate(value: object) -> Decimal | None:
    if value is None:
        return None
    accepted = "a rate such as '36%' or 0.36, from 0 to 1000 %"
    number = read_number(value, "paid_rate", accepted=accepted)
    if not Decimal(0) <= number <= Decimal(10):
        raise InvalidValueError("paid_rate", value, accepted)
    return number


def to_multiple(value: object) -> Decimal:
    accepted = "a number from 0 to 100, such as 4"
    number = read_number(value, "multiple", percent=False, accepted=accepted)
    if not Decimal(0) <= number <= Decimal(100):
        raise InvalidValueError("multiple", value, accepted)
    return number


def to_share(value: object) -> Decimal | None:
    if value is None:
        return None
    accepted = "a share of the principal such as '100%' or 1, from 0 to 1000 %"
    number = read_number(value, "share", accepted=accepted)
    if not Decimal(0) <= number <= Decimal(10):
        raise InvalidValueError("share", value, accepted)
    return number


def to_amount(value: object) -> Decimal | None:
    return None if value is None else amount(value, "amount", high=MAX_PRINCIPAL)


def to_components(value: object) -> tuple[Component, ...]:
    accepted = "a list of costs: " + ", ".join(c.value for c in COSTS)
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise InvalidTypeError("components", value, accepted)
    found = tuple(Component.parse(item) for item in value)
    if not found or any(c not in COSTS for c in found) or len(set(found)) != len(found):
        raise InvalidValueError("components", value, accepted + " (at least one, each once)")
    return tuple(c for c in COSTS if c in found)  # junior-last order, as COSTS lists them


def to_sources(value: object) -> tuple[Source, ...]:
    return sources_of(value, "where the rule comes from")


def check_day(field: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[date | None], value: object) -> None:
        check_date(value, field, optional=True)

    return check


def check_index(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and value not in indexes.index_names():
        raise InvalidValueError("index", value, "one of " + ", ".join(indexes.index_names()))


def check_order(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is None:
        return
    names = strategy_names()
    if value not in names:
        raise InvalidValueError("order", value, "an allocation strategy: " + ", ".join(names))


def check_each(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError("each", value, "true or false")


def check_default(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError("default", value, "true or false")
