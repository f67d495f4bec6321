"""A :class:`~loancalc.RateSchedule` as JSON-ready data and back.

An indexed rate writes its index table whole (name, source, values), so a schedule read
back computes the same rates whatever tables are registered where it is read.

>>> from datetime import date
>>> from loancalc.rate_schedule import RateChange, RateSchedule
>>> s = RateSchedule(annual_rate="6%", dated_changes=[RateChange(on=date(2024, 3, 10),
...                                                             annual_rate="4.8%")])
>>> to_data(s)["dated_changes"]
[{'on': '2024-03-10', 'annual_rate': '0.048'}]
>>> from_data(RateSchedule, RateChange, to_data(s)) == s
True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.limits.indexes import IndexTable

__all__ = ["from_data", "to_data"]

_T = TypeVar("_T")
_ACCEPTED = "a mapping as RateSchedule.to_dict() makes"


def to_data(schedule: Any) -> dict[str, Any]:
    """``schedule``'s fields as strings, lists and mappings."""

    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    table: IndexTable | None = schedule.index
    return {
        "annual_rate": text(schedule.annual_rate),
        "dated_changes": [
            {"on": change.on.isoformat(), "annual_rate": str(change.annual_rate)}
            for change in schedule.dated_changes
        ],
        "index": None
        if table is None
        else {
            "name": table.name,
            "source": table.source,
            "known_through": None
            if table.known_through is None
            else table.known_through.isoformat(),
            "values": [[day.isoformat(), str(rate)] for day, rate in table.values],
        },
        "spread": str(schedule.spread),
        "reprice": schedule.reprice,
        "floor": text(schedule.floor),
        "cap": text(schedule.cap),
        "lag_days": schedule.lag_days,
        "anchor": None if schedule.anchor is None else schedule.anchor.isoformat(),
        "on_reprice": schedule.on_reprice.value,
    }


def from_data(cls: type[_T], change: type[Any], data: object) -> _T:
    """A ``cls`` (RateSchedule, its changes ``change``) from :func:`to_data`'s output,
    every field validated."""
    if not isinstance(data, Mapping):
        raise InvalidValueError("rate_schedule", data, _ACCEPTED)
    try:
        values = dict(data)
        values["dated_changes"] = [
            change(on=date.fromisoformat(item["on"]), annual_rate=item["annual_rate"])
            for item in values.get("dated_changes", ())
        ]
        table = values.get("index")
        if isinstance(table, Mapping):
            values["index"] = IndexTable(
                name=table["name"],
                source=table.get("source", ""),
                known_through=None
                if table.get("known_through") is None
                else date.fromisoformat(table["known_through"]),
                values=[(date.fromisoformat(day), Decimal(rate)) for day, rate in table["values"]],
            )
        if values.get("anchor") is not None:
            values["anchor"] = date.fromisoformat(values["anchor"])
        return cls(**values)
    except LoanCalcError:
        raise
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise InvalidValueError("rate_schedule", data, f"{_ACCEPTED} ({error})") from None
