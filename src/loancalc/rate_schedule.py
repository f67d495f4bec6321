"""Rates that move: a fixed rate, dated rate changes, or an index plus a spread.

A :class:`RateSchedule` says which annual rate is in force on each day of a loan:

- ``RateSchedule(annual_rate="4.9%")``: one rate for the whole loan;
- ``RateSchedule(annual_rate="4.9%", dated_changes=[RateChange(on=..., annual_rate="4.5%")])``:
  the rate changes by agreement on the dates given (each change holds from its date on);
- ``RateSchedule(index="LPR5Y", spread="0.5%", reprice="january")``: the index's value
  plus the spread, set when the loan starts (the ``anchor``) and reset on each repricing
  date (``anniversary`` of the anchor, each 1 ``january``, ``every-N-months``), held
  within ``floor`` and ``cap``. The index value is the one in force on the repricing
  date itself, or ``lag_days`` before it. Index tables come from
  :mod:`loancalc.limits.indexes` (``LPR1Y`` and ``LPR5Y`` built in; register SOFR,
  EURIBOR or your own); a repricing date past a table's last row uses its last value (a
  projection: register a newer table to update it).

``on_reprice`` says what an equal-instalment loan does when its rate changes:
``recompute-payment`` (the instalment is recomputed over the remaining term) or
``keep-payment`` (the instalment is kept and the number of instalments changes).

>>> from datetime import date
>>> lpr = RateSchedule(index="LPR5Y", spread="0.5%", reprice="january",
...                    anchor=date(2023, 3, 15))
>>> lpr.rate_on(date(2023, 3, 15)), lpr.rate_on(date(2024, 1, 1)), lpr.rate_on(date(2025, 6, 1))
(Decimal('0.048'), Decimal('0.047'), Decimal('0.041'))
>>> lpr.changes(date(2023, 3, 15), date(2025, 12, 31))
((datetime.date(2024, 1, 1), Decimal('0.047')), (datetime.date(2025, 1, 1), Decimal('0.041')))
>>> agreed = RateSchedule(annual_rate="6%", dated_changes=[RateChange(on=date(2024, 3, 10),
...                                                             annual_rate="4.8%")])
>>> agreed.rate_on(date(2024, 3, 9)), agreed.rate_on(date(2024, 3, 10))
(Decimal('0.06'), Decimal('0.048'))
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from loancalc._naming import NamedEnum, register
from loancalc._rate_codec import from_data, to_data
from loancalc._rate_dates import last_repricing, repricing_dates
from loancalc._rate_fields import (
    check_anchor,
    check_lag,
    describe,
    plain,
    to_cap,
    to_floor,
    to_index,
    to_opening,
    to_reprice,
    to_spread,
)
from loancalc._validation import check_date, check_type
from loancalc.errors import InvalidValueError
from loancalc.limits.indexes import IndexTable
from loancalc.rates import MAX_ANNUAL_RATE, annual_rate

__all__ = ["OnReprice", "RateChange", "RateSchedule"]


class OnReprice(NamedEnum):
    """What an equal instalment does when the rate changes.

    >>> OnReprice.parse("keep"), OnReprice.parse("recompute")
    (<OnReprice.KEEP_PAYMENT: 'keep-payment'>, <OnReprice.RECOMPUTE_PAYMENT: 'recompute-payment'>)
    """

    RECOMPUTE_PAYMENT = "recompute-payment"  # the same end date, a new instalment
    KEEP_PAYMENT = "keep-payment"  # the same instalment, a new end date


register(
    OnReprice,
    field="on_reprice",
    aliases={
        "recompute": "recompute-payment",
        "recalculate": "recompute-payment",
        "keep": "keep-payment",
        "keep-instalment": "keep-payment",
        "keep-installment": "keep-payment",
    },
)


def _to_rate_change_rate(value: object) -> Decimal:
    return annual_rate(value, field="rate_change.annual_rate")


def _check_on(instance: object, attribute: attrs.Attribute[date], value: object) -> None:
    check_date(value, "rate_change.on")


@attrs.frozen(kw_only=True)
class RateChange:
    """A change of the annual rate agreed for ``on`` (it applies from that day on).

    >>> RateChange(on=date(2024, 3, 10), annual_rate="4.8%").annual_rate
    Decimal('0.048')
    """

    on: date = attrs.field(validator=_check_on)
    annual_rate: Decimal = attrs.field(converter=_to_rate_change_rate)


def _to_changes(value: Iterable[RateChange]) -> tuple[RateChange, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError("dated_changes", value, "a sequence of loancalc.RateChange")
    changes = tuple(value)
    for number, change in enumerate(changes):
        check_type(change, RateChange, f"dated_changes[{number}]", "a loancalc.RateChange")
    for number in range(1, len(changes)):
        if changes[number].on <= changes[number - 1].on:
            raise InvalidValueError(
                f"dated_changes[{number}].on", changes[number].on,
                f"a date after {changes[number - 1].on} (changes in date order, one a day)",
            )  # fmt: skip
    return changes


def _to_on_reprice(value: OnReprice | str) -> OnReprice:
    return OnReprice.parse(value)


@attrs.frozen(kw_only=True)
class RateSchedule:
    """The annual rate of a loan day by day (see the module's documentation).

    Give either ``annual_rate`` (with optional ``dated_changes``) or an ``index`` (a name
    or an :class:`~loancalc.limits.indexes.IndexTable`) with its ``spread``, ``reprice``
    rule, ``floor``, ``cap`` and ``lag_days``. ``anchor`` is the day an indexed rate is
    first set and repricing counts from; :class:`~loancalc.LoanTerms` sets it to the
    loan's start when left out.

    >>> RateSchedule(annual_rate="5%", index="LPR1Y")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: rate_schedule: got 'annual_rate and index'; accepted: ...
    """

    annual_rate: Decimal | None = attrs.field(default=None, converter=to_opening)
    dated_changes: tuple[RateChange, ...] = attrs.field(default=(), converter=_to_changes)
    index: IndexTable | None = attrs.field(default=None, converter=to_index)
    spread: Decimal = attrs.field(default=Decimal(0), converter=to_spread)
    reprice: str = attrs.field(default="anniversary", converter=to_reprice)
    floor: Decimal | None = attrs.field(default=None, converter=to_floor)
    cap: Decimal | None = attrs.field(default=None, converter=to_cap)
    lag_days: int = attrs.field(default=0, validator=check_lag)
    anchor: date | None = attrs.field(default=None, validator=check_anchor)
    on_reprice: OnReprice = attrs.field(
        default=OnReprice.RECOMPUTE_PAYMENT, converter=_to_on_reprice
    )

    def __attrs_post_init__(self) -> None:
        if (self.annual_rate is None) == (self.index is None):
            raise InvalidValueError(
                "rate_schedule",
                "annual_rate and index" if self.index is not None else "neither",
                "either annual_rate (with optional dated changes) or an index with a spread",
            )
        if self.index is None:
            for name in ("floor", "cap"):
                if getattr(self, name) is not None:
                    raise InvalidValueError(name, getattr(self, name), "None unless an index")
        elif self.dated_changes:
            raise InvalidValueError(
                "dated_changes",
                self.dated_changes,
                "none for an indexed rate (change the spread instead)",
            )
        if self.floor is not None and self.cap is not None and self.floor > self.cap:
            raise InvalidValueError("floor", self.floor, f"a rate at most the cap ({self.cap})")

    @property
    def keeps_payment(self) -> bool:
        """True when an instalment is kept (and the term changes) on each change."""
        return self.on_reprice is OnReprice.KEEP_PAYMENT

    def rate_on(self, on: date) -> Decimal:
        """The annual rate in force on ``on``.

        An indexed rate is the index's value on the last repricing date on or before
        ``on`` (the anchor if none), ``lag_days`` earlier, plus the spread, held within
        the floor and cap. Raises :class:`~loancalc.errors.InvalidValueError` for a date
        before the anchor, an index with no value for the date it needs, or a rate
        outside 0 .. 1000 % (an index below zero needs a ``floor``).

        >>> s = RateSchedule(index="LPR1Y", spread="-0.5%", floor="3%", anchor=date(2024, 1, 1))
        >>> s.rate_on(date(2025, 1, 1))  # 3.10 % - 0.5 % = 2.6 %, held at the 3 % floor
        Decimal('0.03')
        """
        check_date(on, "on")
        if self.index is None:
            assert self.annual_rate is not None
            position = bisect.bisect_right([change.on for change in self.dated_changes], on)
            return (
                self.annual_rate if position == 0 else self.dated_changes[position - 1].annual_rate
            )
        anchor = self._anchor()
        if on < anchor:
            raise InvalidValueError("on", on, f"a date on or after the rate's anchor {anchor}")
        return self._fixed_on(last_repricing(self.reprice, anchor, on))

    def _anchor(self) -> date:
        if self.anchor is None:
            raise InvalidValueError(
                "anchor", None, "the date the indexed rate is first set (LoanTerms sets it)"
            )
        return self.anchor

    def _fixed_on(self, fixing: date) -> Decimal:
        assert self.index is not None
        looked_up = fixing - timedelta(days=self.lag_days)
        value = self.index.rate_on(looked_up) + self.spread
        if self.floor is not None:
            value = max(value, self.floor)
        if self.cap is not None:
            value = min(value, self.cap)
        if not 0 <= value <= MAX_ANNUAL_RATE:
            raise InvalidValueError(
                f"rate on {fixing}", value,
                f"{self.index.name} ({looked_up}) plus the spread from 0 to 1000 % "
                "(set a floor for an index below zero)",
            )  # fmt: skip
        return plain(value)

    def changes(self, start: date, end: date) -> tuple[tuple[date, Decimal], ...]:
        """The days after ``start`` up to and including ``end`` on which the rate in force
        changes, each with its new rate (a repricing that leaves the rate as it was is
        not a change).

        >>> s = RateSchedule(annual_rate="5%", dated_changes=[
        ...     RateChange(on=date(2024, 3, 1), annual_rate="5%"),
        ...     RateChange(on=date(2024, 9, 1), annual_rate="4.5%")])
        >>> s.changes(date(2024, 1, 1), date(2024, 12, 31))
        ((datetime.date(2024, 9, 1), Decimal('0.045')),)
        """
        check_date(start, "start")
        check_date(end, "end")
        if self.index is None:
            candidates = [change.on for change in self.dated_changes if start < change.on <= end]
        else:
            candidates = repricing_dates(self.reprice, self._anchor(), end)
            candidates = [day for day in candidates if day > start]
        found = []
        current = self.rate_on(start)
        for day in candidates:  # each candidate is a change date or a repricing date
            rate = self.rate_on(day) if self.index is None else self._fixed_on(day)
            if rate != current:
                found.append((day, rate))
                current = rate
        return tuple(found)

    def bound(self, start: date) -> RateSchedule:
        """This schedule for a loan starting on ``start``: an indexed rate anchored there
        unless anchored already; dated changes checked to fall after it.

        >>> RateSchedule(annual_rate="5%", dated_changes=[RateChange(on=date(2024, 1, 1),
        ...              annual_rate="4%")]).bound(date(2024, 2, 1))
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: rate_schedule.dated_changes[0].on: got ...; accepted: ...
        """
        if self.index is not None:
            if self.anchor is None:
                return attrs.evolve(self, anchor=start)
            if self.anchor > start:
                raise InvalidValueError(
                    "rate_schedule.anchor", self.anchor, f"a date on or before the start {start}"
                )
            return self
        for number, change in enumerate(self.dated_changes):
            if change.on <= start:
                raise InvalidValueError(
                    f"rate_schedule.dated_changes[{number}].on", change.on,
                    f"a date after the loan's start {start}",
                )  # fmt: skip
        return self

    def rebased(self, start: date) -> RateSchedule:
        """This schedule seen from ``start`` on (for terms restarting mid-life): dated
        changes before it folded into the opening rate; an indexed rate keeps its anchor.

        >>> s = RateSchedule(annual_rate="5%", dated_changes=[RateChange(on=date(2024, 1, 1),
        ...                  annual_rate="4%")])
        >>> s.rebased(date(2024, 6, 1)).annual_rate, s.rebased(date(2024, 6, 1)).dated_changes
        (Decimal('0.04'), ())
        """
        if self.index is not None:
            return self.bound(start)
        later = tuple(change for change in self.dated_changes if change.on > start)
        return attrs.evolve(self, annual_rate=self.rate_on(start), dated_changes=later)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (an index table written whole); see :meth:`from_dict`.

        >>> s = RateSchedule(index="LPR5Y", spread="0.5%", anchor=date(2023, 3, 15))
        >>> RateSchedule.from_dict(s.to_dict()) == s
        True
        """
        return to_data(self)

    @classmethod
    def from_dict(cls, data: object) -> RateSchedule:
        """Rebuild a schedule from :meth:`to_dict`'s output (validated again).

        >>> RateSchedule.from_dict({"annual_rate": "5%", "reprice": "weekly"})
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: reprice: got 'weekly'; accepted: 'anniversary', ...
        """
        return from_data(cls, RateChange, data)

    def describe(self) -> str:
        """One line for reports.

        >>> RateSchedule(index="LPR5Y", spread="0.5%", reprice="january").describe()
        'LPR5Y + 0.5%, repriced each 1 January, recompute-payment'
        """
        return describe(self)
