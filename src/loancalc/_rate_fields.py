"""The fields of a :class:`~loancalc.RateSchedule`: converters and checks, and its one-line
description (kept apart from the class, which holds the rules).

>>> to_spread("-0.2%"), to_reprice("Quarterly")
(Decimal('-0.002'), 'every-3-months')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from loancalc._rate_dates import parse_repricing
from loancalc._validation import check_date, read_number, whole_number
from loancalc.errors import InvalidValueError
from loancalc.limits.indexes import IndexTable, index
from loancalc.rates import MAX_ANNUAL_RATE, annual_rate

__all__ = [
    "check_anchor",
    "check_lag",
    "describe",
    "plain",
    "to_cap",
    "to_floor",
    "to_index",
    "to_opening",
    "to_reprice",
    "to_spread",
]

_SPREAD_ACCEPTED = "a rate from -1000 % to 1000 % a year, such as '0.5%' or '-0.2%'"


def to_opening(value: object) -> Decimal | None:
    return None if value is None else annual_rate(value, field="rate_schedule.annual_rate")


def to_index(value: object) -> IndexTable | None:
    if value is None or isinstance(value, IndexTable):
        return value
    if isinstance(value, str):
        return index(value)
    raise InvalidValueError("index", value, "an index name (such as 'LPR5Y') or an IndexTable")


def to_spread(value: object) -> Decimal:
    spread = read_number(value, "spread", accepted=_SPREAD_ACCEPTED)
    if abs(spread) > MAX_ANNUAL_RATE:
        raise InvalidValueError("spread", value, _SPREAD_ACCEPTED)
    return spread


def to_floor(value: object) -> Decimal | None:
    return None if value is None else annual_rate(value, field="floor")


def to_cap(value: object) -> Decimal | None:
    return None if value is None else annual_rate(value, field="cap")


def to_reprice(value: object) -> str:
    return parse_repricing(value)


def check_lag(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    whole_number(value, "lag_days", 0, 366)


def check_anchor(instance: object, attribute: attrs.Attribute[date | None], value: object) -> None:
    check_date(value, "anchor", optional=True)


def describe(schedule: Any) -> str:
    """One line for reports: the rate, its changes or index and rules.

    >>> from loancalc.rate_schedule import RateSchedule
    >>> describe(RateSchedule(annual_rate="5%"))
    '5%, recompute-payment'
    """
    if schedule.index is None:
        assert schedule.annual_rate is not None
        parts = [_percent(schedule.annual_rate)]
        parts += [f"{_percent(c.annual_rate)} from {c.on}" for c in schedule.dated_changes]
        return ", ".join(parts) + f", {schedule.on_reprice.value}"
    sign = "-" if schedule.spread < 0 else "+"
    text = f"{schedule.index.name} {sign} {_percent(abs(schedule.spread))}"
    when = {"anniversary": "each anniversary", "january": "each 1 January"}.get(
        schedule.reprice, schedule.reprice.replace("-", " ")
    )
    text += f", repriced {when}"
    if schedule.lag_days:
        text += f" (index {schedule.lag_days} days before)"
    if schedule.floor is not None:
        text += f", floor {_percent(schedule.floor)}"
    if schedule.cap is not None:
        text += f", cap {_percent(schedule.cap)}"
    return f"{text}, {schedule.on_reprice.value}"


def plain(number: Decimal) -> Decimal:
    """``number`` without trailing zeros or an exponent.

    >>> plain(Decimal("0.0480")), plain(Decimal("5.00"))
    (Decimal('0.048'), Decimal('5'))
    """
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _percent(rate: Decimal) -> str:
    return f"{plain(rate * 100)}%"
