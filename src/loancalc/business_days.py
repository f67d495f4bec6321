"""Business days: which days are, and how a due date on another day moves.

:class:`BusinessDays` (weekend, holidays, convention) and :class:`BusinessDayConvention`;
:mod:`loancalc.calendar` re-exports both.

>>> from datetime import date
>>> BusinessDays().adjust(date(2024, 6, 29))  # a Saturday, following
datetime.date(2024, 7, 1)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, timedelta

import attrs

from loancalc._naming import NamedEnum, register
from loancalc._validation import check_date
from loancalc.errors import InvalidTypeError, InvalidValueError

__all__ = ["BusinessDayConvention", "BusinessDays"]


class BusinessDayConvention(NamedEnum):
    """How a due date that falls on a non-business day moves.

    ``parse`` accepts a member or its value (``"modified-following"``) in any case, with
    ``-``, ``_`` or a space.

    >>> BusinessDayConvention.parse("modified following")
    <BusinessDayConvention.MODIFIED_FOLLOWING: 'modified-following'>
    >>> BusinessDayConvention.parse("Preceding").value
    'preceding'
    """

    UNADJUSTED = "unadjusted"
    FOLLOWING = "following"
    MODIFIED_FOLLOWING = "modified-following"
    PRECEDING = "preceding"


register(BusinessDayConvention, field="business_days.convention")


def _to_convention(value: object) -> BusinessDayConvention:
    return BusinessDayConvention.parse(value)


#: The most holidays a calendar may list (every day of 270 years).
_MOST_HOLIDAYS = 100_000


def _to_holidays(value: Iterable[date]) -> frozenset[date]:
    if isinstance(value, str | bytes | dict):  # iterable, but not a collection of dates
        raise InvalidTypeError("business_days.holidays", value, "a set of datetime.date")
    try:  # read at most one more than accepted: a hostile iterable may never end
        holidays = frozenset(itertools.islice(iter(value), _MOST_HOLIDAYS + 1))
    except TypeError:
        raise InvalidTypeError("business_days.holidays", value, "a set of datetime.date") from None
    if len(holidays) > _MOST_HOLIDAYS:
        raise InvalidValueError(
            "business_days.holidays", value, f"at most {_MOST_HOLIDAYS} datetime.date values"
        )
    for day in holidays:
        # A datetime never equals a date, so it would silently match no day: reject it.
        check_date(day, "business_days.holidays")
    return holidays


def _to_weekend(value: Iterable[int]) -> frozenset[int]:
    accepted = "weekday numbers 0 (Mon) .. 6 (Sun), not all seven"
    if isinstance(value, str | bytes | dict):
        raise InvalidTypeError("business_days.weekend", value, accepted)
    try:  # no more than 8 values read, whatever ``value`` yields
        weekend = frozenset(itertools.islice(iter(value), 8))
    except TypeError:  # not iterable, or unhashable members
        raise InvalidTypeError("business_days.weekend", value, accepted) from None
    if not all(type(day) is int for day in weekend):
        raise InvalidTypeError("business_days.weekend", value, accepted)
    if not weekend <= frozenset(range(7)) or len(weekend) == 7:
        raise InvalidValueError("business_days.weekend", value, accepted)
    return weekend


@attrs.frozen(kw_only=True)
class BusinessDays:
    """Which days are business days, and how a due date on another day moves.

    ``holidays`` is the caller's own set (loancalc ships no holiday calendar; Chinese
    make-up working weekends are expressed by ``weekend=()`` plus holidays).

    >>> rule = BusinessDays(convention="following", holidays={date(2024, 10, 1)})
    >>> rule.adjust(date(2024, 10, 1)), rule.adjust(date(2024, 6, 29))
    (datetime.date(2024, 10, 2), datetime.date(2024, 7, 1))
    >>> BusinessDays(convention="modified-following").adjust(date(2024, 8, 31))
    datetime.date(2024, 8, 30)
    """

    convention: BusinessDayConvention = attrs.field(
        default=BusinessDayConvention.FOLLOWING, converter=_to_convention
    )
    holidays: frozenset[date] = attrs.field(factory=frozenset, converter=_to_holidays)
    weekend: frozenset[int] = attrs.field(default=frozenset({5, 6}), converter=_to_weekend)

    def is_business_day(self, day: date) -> bool:
        """True unless ``day`` is a weekend day or a holiday.

        >>> BusinessDays().is_business_day(date(2024, 8, 31))  # a Saturday
        False
        """
        check_date(day, "day")
        return day.weekday() not in self.weekend and day not in self.holidays

    def adjust(self, day: date) -> date:
        """``day`` moved by the convention onto a business day.

        >>> BusinessDays(convention="preceding").adjust(date(2024, 9, 1))  # a Sunday
        datetime.date(2024, 8, 30)
        >>> first_day = date(1, 1, 1)  # a Monday, made a holiday: nothing precedes it
        >>> BusinessDays(convention="preceding", holidays={first_day}).adjust(first_day)
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: due_date: got datetime.date(1, 1, 1); accepted: ...
        """
        convention = self.convention
        if convention is BusinessDayConvention.UNADJUSTED or self.is_business_day(day):
            return day
        if convention is BusinessDayConvention.PRECEDING:
            return self.roll(day, -1)
        following = self.roll(day, 1)
        if convention is BusinessDayConvention.MODIFIED_FOLLOWING and following.month != day.month:
            return self.roll(day, -1)
        return following

    def roll(self, day: date, direction: int = 1) -> date:
        """The first business day after ``day`` (``direction`` 1) or before it (-1); one
        beyond 0001-01-01 or 9999-12-31 is refused.

        >>> BusinessDays().roll(date(2024, 6, 28))  # a Friday: the next is Monday
        datetime.date(2024, 7, 1)
        """
        step = timedelta(days=direction)
        start = day
        try:
            for _ in range(3660):
                day += step
                if self.is_business_day(day):
                    return day
        except OverflowError:  # rolled past 0001-01-01 or 9999-12-31
            edge = "on or after 0001-01-01" if direction < 0 else "by 9999-12-31"
            which = "preceding" if direction < 0 else "following"
            raise InvalidValueError(
                "due_date", start, f"a date whose {which} business day falls {edge}"
            ) from None
        raise InvalidValueError("business_days.holidays", "...", "a calendar with business days")
