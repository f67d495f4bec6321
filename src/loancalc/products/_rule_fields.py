"""The field converters and validators of :class:`~loancalc.products.ProductRules`, and
how a part (:mod:`loancalc.products.rule_parts`) is made from its fields.

>>> make_part("apr", None, AprDisclosure, {"apr_method": "eu-aprc", "apr_periods_per_year": 12})
AprDisclosure(apr_method='eu-aprc', apr_periods_per_year=12)
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import attrs

from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.lines.rules import LineRules
from loancalc.products.rule_parts import AprDisclosure, LoanDefaults, RateRules
from loancalc.products.source import Source, sources_of
from loancalc.restructuring.prepayment_fee import PrepaymentFee
from loancalc.restructuring.rules import RestructuringRules
from loancalc.servicing.rules import ServicingRules

__all__ = [
    "CURRENCY",
    "JURISDICTION",
    "SLUG",
    "check_description",
    "check_limits",
    "make_part",
    "text_field",
    "to_line",
    "to_prepayment_fee",
    "to_restructuring",
    "to_servicing",
    "to_sources",
]

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
JURISDICTION = re.compile(r"[A-Z]{2}(?:-[A-Z0-9]{1,3})?")
CURRENCY = re.compile(r"[A-Z]{3}")


def text_field(field: str, pattern: re.Pattern[str], accepted: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str):
            raise InvalidTypeError(field, value, accepted)
        if pattern.fullmatch(value) is None:
            raise InvalidValueError(field, value, accepted)

    return check


def check_description(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    accepted = "one line of text, 1 to 200 characters"
    if not isinstance(value, str):
        raise InvalidTypeError("description", value, accepted)
    if not value.strip() or "\n" in value or len(value) > 200:
        raise InvalidValueError("description", value, accepted)


def to_sources(value: object) -> tuple[Source, ...]:
    return sources_of(value, "where the product's numbers come from")


def _typed(value: object, cls: type[Any], field: str, default: type[Any] | None = None) -> Any:
    if value is None and default is not None:
        return default()
    if isinstance(value, cls):
        return value
    raise InvalidTypeError(field, value, f"a {cls.__name__}")


def to_servicing(value: object) -> ServicingRules:
    result: ServicingRules = _typed(value, ServicingRules, "servicing", ServicingRules)
    return result


def to_line(value: object) -> LineRules:
    result: LineRules = _typed(value, LineRules, "line", LineRules)
    return result


def to_restructuring(value: object) -> RestructuringRules:
    result: RestructuringRules = _typed(
        value, RestructuringRules, "restructuring", RestructuringRules
    )
    return result


def to_prepayment_fee(value: object) -> PrepaymentFee:
    result: PrepaymentFee = _typed(value, PrepaymentFee, "prepayment_fee", PrepaymentFee)
    return result


_Part = TypeVar("_Part", LoanDefaults, RateRules, AprDisclosure)


def make_part(name: str, given: object, cls: type[_Part], flat: dict[str, Any]) -> _Part:
    """The part ``given`` whole (as :func:`attrs.evolve` passes it) when none of its fields
    was given apart, else the part made of ``flat`` (the fields, at their defaults if not
    given)."""
    made = cls(**flat)
    if given is None:
        return made
    if not isinstance(given, cls):
        raise InvalidTypeError(name, given, f"a {cls.__name__}")
    if made != cls():
        fields = ", ".join(flat)
        raise InvalidValueError(name, given, f"either {name} or its fields ({fields}), not both")
    return given


def check_limits(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    accepted = "None or the name of a limit set, such as 'cn-licensed-lender'"
    if value is not None and (not isinstance(value, str) or SLUG.fullmatch(value) is None):
        raise InvalidValueError("limits", value, accepted)
