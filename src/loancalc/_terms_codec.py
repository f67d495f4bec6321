""":class:`~loancalc.LoanTerms` as JSON-ready values and back: the parts that are records
of their own (rounding, business days) and the reading of a whole ``to_dict`` mapping.

The classes are passed in (``LoanTerms`` and ``Fees`` import this module, not the other
way round).

>>> from loancalc.money import Rounding
>>> rounding_to_dict(Rounding(places=0))
{'places': 0, 'increment': None, 'mode': 'half_up'}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

import attrs

from loancalc._validation import check_type
from loancalc.calendar import BusinessDays, Frequency
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.money import Rounding
from loancalc.rate_schedule import RateSchedule

__all__ = ["business_days_to_dict", "fees_to_dict", "rounding_to_dict", "terms_from_dict"]

_Terms = TypeVar("_Terms")


def rounding_to_dict(rounding: Rounding) -> dict[str, Any]:
    """A :class:`~loancalc.money.Rounding` as ``Rounding(**value)`` reads it back."""
    data: dict[str, Any] = {
        "places": rounding.places,
        "increment": None if rounding.increment is None else str(rounding.increment),
        "mode": rounding.mode.name.lower(),
    }
    # The level-schedule options, written only when set (older data reads the same).
    if rounding.payment_mode is not None:
        data["payment_mode"] = rounding.payment_mode.name.lower()
    if rounding.interest_mode is not None:
        data["interest_mode"] = rounding.interest_mode.name.lower()
    if rounding.payment_increment is not None:
        data["payment_increment"] = str(rounding.payment_increment)
    if rounding.final_payment.value != "similar":
        data["final_payment"] = rounding.final_payment.value
    return data


#: The fees every ``to_dict`` writes; the financed fee only when set (so data written
#: before it existed, and every loan without one, reads and writes alike).
_ALWAYS_WRITTEN = ("upfront", "upfront_rate", "per_period", "per_period_rate")


def fees_to_dict(fees: attrs.AttrsInstance) -> dict[str, str]:
    """A :class:`~loancalc.Fees` (any attrs record of amounts) as ``Fees(**value)`` reads
    it back: every amount as a string, the financed fee only when set.

    >>> from loancalc import Fees
    >>> fees_to_dict(Fees(financed="30"))["financed"], "financed" in fees_to_dict(Fees())
    ('30', False)
    """
    return {
        name: str(value)
        for name, value in attrs.asdict(fees, recurse=False).items()
        if name in _ALWAYS_WRITTEN or value
    }


def business_days_to_dict(business_days: BusinessDays | None) -> dict[str, Any] | None:
    """A business-day rule as JSON-ready values (sorted holidays and weekend days).

    >>> business_days_to_dict(None) is None
    True
    """
    if business_days is None:
        return None
    return {
        "convention": business_days.convention.value,
        "holidays": sorted(day.isoformat() for day in business_days.holidays),
        "weekend": sorted(business_days.weekend),
    }


def terms_from_dict(
    data: Mapping[str, Any], build: Callable[..., _Terms], fees: Callable[..., object]
) -> _Terms:
    """``build(**values)`` of the values ``data`` (a ``LoanTerms.to_dict()`` output) holds,
    its dates, frequency, rounding, ``fees`` (built by ``fees``), business days and rate
    schedule read back; anything else wrong raises :class:`~loancalc.errors.InvalidValueError`
    naming ``terms``.
    """
    check_type(data, Mapping, "terms", "a mapping as LoanTerms.to_dict() makes")
    try:
        values = dict(data)
        values["start"] = date.fromisoformat(values["start"])
        if values.get("first_due") is not None:
            values["first_due"] = date.fromisoformat(values["first_due"])
        if isinstance(values.get("frequency"), dict):
            values["frequency"] = Frequency(**values["frequency"])
        if isinstance(values.get("rounding"), dict):
            values["rounding"] = Rounding(**values["rounding"])
        if isinstance(values.get("fees"), dict):
            values["fees"] = fees(**values["fees"])
        if isinstance(values.get("business_days"), dict):
            rule = dict(values["business_days"])
            rule["holidays"] = {date.fromisoformat(day) for day in rule.get("holidays", ())}
            values["business_days"] = BusinessDays(**rule)
        if values.get("rate_schedule") is not None:
            values["rate_schedule"] = RateSchedule.from_dict(values["rate_schedule"])
        return build(**values)
    except LoanCalcError:
        raise
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise InvalidValueError(
            "terms", data, f"a mapping as LoanTerms.to_dict() makes ({error})"
        ) from None
