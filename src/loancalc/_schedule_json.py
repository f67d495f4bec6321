"""The JSON object around a schedule's rows: its format tag and keys, the terms, the upfront
fee and the lineage count :meth:`loancalc.Schedule.from_dict` checks (the rows themselves
are checked in :mod:`loancalc._schedule_rows`).

>>> check_envelope({"format": JSON_FORMAT, "terms": {}, "upfront_fee": "0"})
Traceback (most recent call last):
loancalc.errors.InvalidValueError: json: got "keys ['format', 'terms', 'upfront_fee']"; ...
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from loancalc import export
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.lineage import LineageEntry
from loancalc.terms import LoanTerms

__all__ = [
    "JSON_FORMAT",
    "check_envelope",
    "check_lineage_count",
    "read_terms",
    "read_upfront_fee",
    "without_negative_zero",
]

JSON_FORMAT = "loancalc.schedule/1"
_JSON_KEYS = ("format", "terms", "upfront_fee", "installments")
_OPTIONAL_KEYS = ("lineage", "lineage_count")


def check_envelope(data: Any) -> None:
    """Refuse anything but an object tagged :data:`JSON_FORMAT` with the schedule's keys."""
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise InvalidValueError("json", data, f"an object with format {JSON_FORMAT!r}")
    unknown = sorted(set(data) - set(_JSON_KEYS) - set(_OPTIONAL_KEYS), key=str)
    missing = [key for key in _JSON_KEYS if key not in data]
    if unknown or missing:
        raise InvalidValueError(
            "json",
            f"keys {sorted(data, key=str)}",
            f"an object with exactly the keys {', '.join(_JSON_KEYS)} (and optionally "
            f"{', '.join(_OPTIONAL_KEYS)})",
        )


def read_terms(value: Any) -> LoanTerms:
    """The schedule's terms (:meth:`loancalc.LoanTerms.from_dict`); any error names ``terms``."""
    try:
        return LoanTerms.from_dict(value)
    except LoanCalcError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as error:
        raise InvalidValueError("terms", value, f"LoanTerms data ({error!r})") from None


def read_upfront_fee(value: Any) -> Decimal:
    """The upfront fee, an amount written as a string, not negative.

    >>> read_upfront_fee("-1.00")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: upfront_fee: got Decimal('-1.00'); accepted: an amount >= 0
    """
    upfront_fee = export.read_amount(value, "upfront_fee")
    if upfront_fee < 0:
        raise InvalidValueError("upfront_fee", upfront_fee, "an amount >= 0")
    return upfront_fee


def check_lineage_count(data: dict[str, Any], lineage: tuple[LineageEntry, ...]) -> None:
    """Refuse a lineage dropped or cut short: ``lineage_count`` must match it.

    >>> check_lineage_count({"lineage_count": 2}, ())
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: lineage: got '0 entries'; accepted: the 2 entries ...
    """
    if "lineage_count" not in data:
        return
    count = data["lineage_count"]
    if type(count) is not int or count < 1:
        raise InvalidValueError(
            "lineage_count", count, "the number of entries of lineage, a whole number >= 1"
        )
    if count != len(lineage):
        raise InvalidValueError(
            "lineage",
            f"{len(lineage)} entries",
            f"the {count} {'entry' if count == 1 else 'entries'} lineage_count records: a "
            "restructured schedule keeps "
            "its lineage (the plans that count against the product's max_count)",
        )


def without_negative_zero(data: Any) -> Any:
    """``data`` with every amount string such as ``'-0.0'`` written without its sign.

    >>> without_negative_zero({"a": ["-0.00", "-1", "-x"]})
    {'a': ['0.00', '-1', '-x']}
    """
    if isinstance(data, dict):
        return {key: without_negative_zero(value) for key, value in data.items()}
    if isinstance(data, list):
        return [without_negative_zero(value) for value in data]
    if isinstance(data, str) and data.startswith("-"):
        try:
            number = Decimal(data)
        except decimal.InvalidOperation:
            return data
        return data[1:] if number.is_zero() else data
    return data
