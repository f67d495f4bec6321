"""The JSON object around a schedule's rows: its format tag and keys, the terms, the upfront
fee and the lineage count :meth:`loancalc.Schedule.from_dict` checks (the rows themselves
are checked in :mod:`loancalc._schedule_rows`).

>>> check_envelope({"format": JSON_FORMAT, "terms": {}, "upfront_fee": "0"})
Traceback (most recent call last):
loancalc.errors.InvalidValueError: json: got "keys ['format', 'terms', 'upfront_fee']"; ...
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from loancalc import export
from loancalc._schedule_rows import advanced_in
from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError
from loancalc.lineage import LineageEntry
from loancalc.terms import LoanTerms

__all__ = [
    "JSON_FORMAT",
    "check_envelope",
    "check_lineage_count",
    "csv_with_advances",
    "disbursements_to_list",
    "read_disbursements",
    "read_terms",
    "read_upfront_fee",
    "without_negative_zero",
]

JSON_FORMAT = "loancalc.schedule/1"
_JSON_KEYS = ("format", "terms", "upfront_fee", "installments")
_OPTIONAL_KEYS = ("lineage", "lineage_count", "disbursements")


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


def disbursements_to_list(disbursements: Sequence[tuple[date, Decimal]]) -> list[dict[str, str]]:
    """A schedule's later advances as JSON-ready objects.

    >>> disbursements_to_list([(date(2024, 3, 15), Decimal("50000.00"))])
    [{'date': '2024-03-15', 'amount': '50000.00'}]
    """
    return [{"date": on.isoformat(), "amount": str(amount)} for on, amount in disbursements]


def read_disbursements(value: Any) -> tuple[tuple[date, Decimal], ...]:
    """The later advances :func:`disbursements_to_list` wrote (JSON without them: none).

    >>> read_disbursements([{"date": "2024-03-15", "amount": "50000.00"}])
    ((datetime.date(2024, 3, 15), Decimal('50000.00')),)
    >>> read_disbursements([{"date": "2024-03-15"}])
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: disbursements[0]: got {'date': '2024-03-15'}; ...
    """
    if not isinstance(value, list):
        raise InvalidTypeError("disbursements", value, "a list of {date, amount} objects")
    pairs = []
    for index, item in enumerate(value):
        field = f"disbursements[{index}]"
        if not isinstance(item, dict) or set(item) != {"date", "amount"}:
            raise InvalidValueError(field, item, "an object with exactly the keys date, amount")
        try:
            on = date.fromisoformat(item["date"])
        except (TypeError, ValueError):
            raise InvalidValueError(f"{field}.date", item["date"], "a date as YYYY-MM-DD") from None
        pairs.append((on, export.read_amount(item["amount"], f"{field}.amount")))
    return tuple(pairs)


def csv_with_advances(
    columns: Sequence[str], rows: Sequence[Any], disbursements: Sequence[tuple[date, Decimal]]
) -> str:
    """CSV of ``rows`` with a last column ``advance``: what was advanced in each row's
    period (0 where nothing was), for a schedule with later advances.

    >>> from loancalc import LoanTerms, amortize
    >>> from loancalc.schedule import COLUMNS
    >>> from loancalc.tranches import Tranche
    >>> terms = LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1))
    >>> s = amortize(terms, tranches=[Tranche(date(2024, 2, 10), "50.00")])
    >>> lines = csv_with_advances(COLUMNS, s.installments, s.disbursements).splitlines()
    >>> [line.rsplit(",", 2)[1:] for line in lines]
    [['capitalized_interest', 'advance'], ['0.00', '0.00'], ['0.00', '50.00']]
    """
    where = advanced_in(rows, disbursements)
    advanced = [rows[0].capitalized_interest * 0 for _ in rows]  # zeros on the rows' grid
    for index, (_, amount) in zip(where, disbursements, strict=True):
        advanced[index] += amount
    return export.to_csv(
        [*columns, "advance"], [[*row, extra] for row, extra in zip(rows, advanced, strict=True)]
    )
