"""A loan's lineage: the restructurings, deferrals and prepayments its schedule came from.

A :class:`~loancalc.Schedule` made by :func:`~loancalc.restructure`,
:func:`~loancalc.defer` or :func:`~loancalc.prepay` carries the chain in
``Schedule.lineage`` (a tuple of :class:`LineageEntry`, the latest last; empty for a
schedule from :func:`~loancalc.amortize`), writes it to JSON and reads it back. Assessing
and restructuring such a schedule again counts the earlier plans against the product's
``max_count``; :func:`lineage_totals` sums what every plan paid, capitalised, waived and
left due. This module is the value type only (the schedule and the restructuring
functions both use it); :mod:`loancalc.restructuring` re-exports its public names.

>>> entry = LineageEntry(count=1, date=date(2024, 1, 1), kind="prepay", debt=Decimal(10),
...                      paid=Decimal(4), capitalized=Decimal(0), waived=Decimal(0),
...                      left_due=Decimal(0), new_principal=Decimal(6), counted=False)
>>> counted((entry,)), lineage_totals((entry,))["paid"]
(0, Decimal('4'))
>>> read_lineage([entry_to_dict(entry)]) == (entry,)
True
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, cast

import attrs

from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.export import Column, Kind, json_value, read_amount
from loancalc.money import CONTEXT

__all__ = [
    "KINDS",
    "HasLineage",
    "LineageEntry",
    "counted",
    "entry_to_dict",
    "lineage_of",
    "lineage_totals",
    "read_lineage",
    "to_lineage",
]

_ZERO = Decimal(0)
_TOTALS = ("paid", "capitalized", "waived", "left_due")
_MONEY = ("debt", "paid", "capitalized", "waived", "left_due", "new_principal")

#: The kinds a lineage entry may have: the restructuring kinds, ``defer`` and ``prepay``.
KINDS: tuple[str, ...] = ("re-instalment", "re-age", "re-amortise", "extend", "defer", "prepay")


@attrs.frozen(kw_only=True)
class LineageEntry:
    """One change in a loan's chain: its ``count`` (its place in the chain, 1 for the
    first), ``date``, ``kind`` (a restructuring kind, ``defer`` or ``prepay``), the totals
    of its breakdown (``debt``, ``paid``, ``capitalized``, ``waived``, ``left_due``; for a
    deferral, ``capitalized`` or ``waived`` hold the holiday's interest when it was
    capitalised or waived) and ``new_principal`` (for a prepayment, the principal left).
    ``counted``: whether it counts against the product's ``max_count`` (every kind but
    ``prepay``, a right of the contract rather than a new agreement).

    >>> LineageEntry(count=1, date=date(2024, 1, 1), kind="defer", debt=Decimal(10),
    ...              paid=Decimal(0), capitalized=Decimal(1), waived=Decimal(0),
    ...              left_due=Decimal(0), new_principal=Decimal(10)).counted
    True
    """

    count: int
    date: date
    kind: str
    debt: Decimal
    paid: Decimal
    capitalized: Decimal
    waived: Decimal
    left_due: Decimal
    new_principal: Decimal
    counted: bool = True


def to_lineage(value: object, field: str = "lineage") -> tuple[LineageEntry, ...]:
    """``value`` (an iterable of :class:`LineageEntry`) as a tuple, checked by type.

    >>> to_lineage([])
    ()
    >>> to_lineage(["re-age"])
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: lineage[0]: got 're-age'; accepted: a loancalc...
    """
    if value == ():
        return ()
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidTypeError(field, value, "a sequence of LineageEntry values")
    entries = tuple(value)
    for index, entry in enumerate(entries):
        if not isinstance(entry, LineageEntry):
            raise InvalidTypeError(
                f"{field}[{index}]", entry, "a loancalc.restructuring.LineageEntry"
            )
    return entries


def lineage_of(value: object) -> tuple[LineageEntry, ...]:
    """The lineage of ``value``: a schedule or a restructuring, deferral or prepayment
    (anything with a ``lineage``), or the lineage itself.

    >>> from loancalc import LoanTerms, amortize
    >>> lineage_of(amortize(LoanTerms(principal=100, annual_rate=0, term=1,
    ...                               start=date(2024, 1, 1))))
    ()
    """
    inner = getattr(value, "lineage", None)
    if inner is not None and not isinstance(value, tuple | list):
        return to_lineage(inner)
    return to_lineage(value)


def counted(lineage: object) -> int:
    """How many entries of ``lineage`` (or of a schedule's) count against ``max_count``.

    >>> counted(())
    0
    """
    return sum(1 for entry in lineage_of(lineage) if entry.counted)


def lineage_totals(lineage: object) -> dict[str, Decimal]:
    """``paid``, ``capitalized``, ``waived`` and ``left_due`` summed over a loan's lineage.

    ``lineage``: a :class:`~loancalc.Schedule` (its ``lineage``), a restructuring,
    deferral or prepayment, or a tuple of :class:`LineageEntry`.

    >>> lineage_totals(())["waived"]
    Decimal('0')
    """
    entries = lineage_of(lineage)
    with decimal.localcontext(CONTEXT):
        return {n: sum((getattr(e, n) for e in entries), _ZERO) for n in _TOTALS}


class HasLineage:
    """What every restructuring result shares: its ``lineage`` and the answers drawn from
    it (a mixin for the frozen result classes, which declare the ``lineage`` field).

    >>> class Result(HasLineage):
    ...     lineage = ()
    >>> Result().count, Result().totals()["paid"]
    (0, Decimal('0'))
    """

    __slots__ = ()
    lineage: tuple[LineageEntry, ...]

    @property
    def count(self) -> int:
        """Which restructuring of the loan this is, deferrals included (1 for the first)."""
        return counted(self.lineage)

    def totals(self) -> dict[str, Decimal]:
        """``paid``, ``capitalized``, ``waived`` and ``left_due`` over the whole lineage.

        >>> HasLineage.totals.__name__
        'totals'
        """
        return lineage_totals(self.lineage)


def entry_to_dict(entry: LineageEntry) -> dict[str, Any]:
    """``entry`` as JSON-ready values (amounts and the date as strings).

    >>> entry_to_dict(LineageEntry(count=1, date=date(2024, 1, 1), kind="extend",
    ...     debt=Decimal(1), paid=Decimal(0), capitalized=Decimal(0), waived=Decimal(0),
    ...     left_due=Decimal(0), new_principal=Decimal(1)))["date"]
    '2024-01-01'
    """
    return {field.name: json_value(getattr(entry, field.name)) for field in _FIELDS}


_FIELDS = attrs.fields(LineageEntry)
_KEYS = tuple(field.name for field in _FIELDS)
_DATE = Column(name="date", kind=Kind.DATE)


def read_lineage(data: object) -> tuple[LineageEntry, ...]:
    """A lineage from JSON data (:func:`entry_to_dict` of each entry), checked: exactly
    the keys of an entry, counts 1, 2, ... in order, a known ``kind``, amounts not
    negative, ``counted`` false for ``prepay`` only. Errors name the entry and key, as
    in ``lineage[1].kind``.

    >>> read_lineage([{"count": 1}])
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: lineage[0]: got "keys ['count']"; accepted: an object ...
    """
    if not isinstance(data, list):
        raise InvalidTypeError("lineage", data, "a list of lineage entry objects")
    entries = []
    for index, item in enumerate(data):
        path = f"lineage[{index}]"
        if not isinstance(item, dict):
            raise InvalidTypeError(path, item, f"an object with the keys {', '.join(_KEYS)}")
        unknown = sorted(set(item) - set(_KEYS), key=str)
        if unknown:
            key = unknown[0]
            raise InvalidValueError(
                f"{path}.{key}", item[key], f"no such key (the keys are {', '.join(_KEYS)})"
            )
        if set(item) != set(_KEYS):
            raise InvalidValueError(
                path,
                f"keys {sorted(item, key=str)}",
                f"an object with exactly the keys {', '.join(_KEYS)}",
            )
        count = item["count"]
        if type(count) is not int or count != index + 1:
            raise InvalidValueError(f"{path}.count", count, f"{index + 1} (entries in order)")
        kind = item["kind"]
        if kind not in KINDS:
            raise InvalidValueError(f"{path}.kind", kind, "one of " + ", ".join(KINDS))
        flag = item["counted"]
        if type(flag) is not bool or flag != (kind != "prepay"):
            raise InvalidValueError(
                f"{path}.counted", flag, f"{kind != 'prepay'} (only prepay does not count)"
            )
        amounts = {name: read_amount(item[name], f"{path}.{name}") for name in _MONEY}
        for name, value in amounts.items():
            if value < 0:
                raise InvalidValueError(f"{path}.{name}", value, "an amount >= 0")
        on = cast("date", _DATE.read(item["date"], f"{path}.date"))
        entries.append(LineageEntry(count=count, date=on, kind=kind, counted=flag, **amounts))
    return tuple(entries)
