"""Payment frequencies, due dates and business-day adjustment.

Due dates are anchored to one date and never drift: a loan due on the 31st is due on
28/29 February and on 31 March again.

>>> [d.isoformat() for d in due_dates(date(2024, 1, 31), 3, Frequency.MONTHLY)]
['2024-01-31', '2024-02-29', '2024-03-31']
>>> Frequency.parse("every 10 days").periods_per_year is None
True
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import decimal
import re
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

import attrs
import numpy as np
import numpy.typing as npt

from loancalc._naming import Names
from loancalc._validation import MAX_TERM, check_date, check_type, whole_number
from loancalc.business_days import BusinessDayConvention, BusinessDays
from loancalc.errors import InvalidValueError, UnknownNameError
from loancalc.money import CONTEXT

__all__ = [
    "BusinessDayConvention",
    "BusinessDays",
    "Frequency",
    "add_months",
    "days_after",
    "due_dates",
]

_FREQUENCY_UNITS = ("month", "day", "semi-month")
_WEEKS = {7: Decimal(52), 14: Decimal(26)}
_EVERY_N = re.compile(r"^(?:every\s*)?([0-9]{1,9})\s*(?P<unit>d|days?|m|months?)$")


def _positive_count(instance: Frequency, attribute: attrs.Attribute[int], value: int) -> None:
    whole_number(value, "frequency.count", 1, 3660)
    if instance.unit == "semi-month" and value != 1:
        # Semi-monthly steps ignore count: any other count would silently mean 1.
        raise InvalidValueError("frequency.count", value, "1 for unit semi-month")


def _known_unit(instance: Frequency, attribute: attrs.Attribute[str], value: str) -> None:
    check_type(value, str, "frequency.unit", f"one of {', '.join(_FREQUENCY_UNITS)}")
    if value not in _FREQUENCY_UNITS:
        raise UnknownNameError("frequency.unit", value, _FREQUENCY_UNITS)


@attrs.frozen(kw_only=True)
class Frequency:
    """How often instalments fall due: every ``count`` months or days, or twice a month.

    Use the constants (``Frequency.MONTHLY``...), :meth:`every_days` or :meth:`parse`.

    >>> Frequency.QUARTERLY.periods_per_year, Frequency.every_days(14) == Frequency.BIWEEKLY
    (Decimal('4'), True)
    >>> print(Frequency.parse("semi-monthly"), Frequency.every_days(10))
    semi-monthly every 10 days
    """

    unit: str = attrs.field(validator=_known_unit)
    count: int = attrs.field(default=1, validator=_positive_count)

    WEEKLY: ClassVar[Frequency]
    BIWEEKLY: ClassVar[Frequency]
    SEMI_MONTHLY: ClassVar[Frequency]
    MONTHLY: ClassVar[Frequency]
    QUARTERLY: ClassVar[Frequency]
    SEMI_ANNUAL: ClassVar[Frequency]
    ANNUAL: ClassVar[Frequency]

    @classmethod
    def every_days(cls, days: int) -> Frequency:
        """Every ``days`` days (7 is weekly, 14 bi-weekly).

        >>> Frequency.every_days(10).step(date(2024, 1, 1), 3)
        datetime.date(2024, 1, 31)
        """
        return cls(unit="day", count=days)

    @classmethod
    def every_months(cls, months: int) -> Frequency:
        """Every ``months`` months (1 monthly, 3 quarterly, 6 semi-annual, 12 annual).

        >>> Frequency.every_months(3) == Frequency.QUARTERLY
        True
        """
        return cls(unit="month", count=months)

    @classmethod
    def parse(cls, value: object) -> Frequency:
        """Accept a Frequency, a name (``"monthly"``, ``"bi-weekly"``), ``"every N days"``
        or ``"every N months"``; anything else raises an error naming ``frequency``.

        >>> Frequency.parse("Quarterly") == Frequency.QUARTERLY
        True
        >>> Frequency.parse("every 2 months") == Frequency.every_months(2)
        True
        """
        if isinstance(value, Frequency):
            return value
        if not isinstance(value, str):
            raise _FREQUENCY_NAMES.type_error(value)
        named = _FREQUENCY_NAMES.find(value)
        if named is not None:
            return named
        match = _EVERY_N.match(value.strip().lower())
        if match is not None and match["unit"].startswith("d"):
            return cls.every_days(int(match[1]))
        if match is not None:
            return cls.every_months(int(match[1]))
        raise UnknownNameError("frequency", value, _FREQUENCY_NAMES.known)

    @property
    def periods_per_year(self) -> Decimal | None:
        """Regular periods in a year, or ``None`` for every-N-days frequencies other than
        weekly and bi-weekly (those accrue by the day count even under periodic accrual)."""
        if self.unit == "month":
            return Decimal(12) / self.count if 12 % self.count == 0 else None
        if self.unit == "semi-month":
            return Decimal(24)
        return _WEEKS.get(self.count)

    def period_rate(self, annual: Decimal) -> Decimal | None:
        """The rate of one full period under periodic accrual (annual / periods a year),
        or ``None`` where the period has no fixed share of a year (every N days).

        >>> Frequency.MONTHLY.period_rate(Decimal("0.06"))
        Decimal('0.005')
        >>> Frequency.every_months(5).period_rate(Decimal("0.12"))
        Decimal('0.05')
        """
        fraction = self.year_fraction()
        if fraction is None:
            return None
        with decimal.localcontext(CONTEXT):
            return annual * fraction[0] / fraction[1]

    def year_fraction(self) -> tuple[int, int] | None:
        """One full period as an exact ratio of a year, or ``None`` for every-N-days
        frequencies other than weekly and bi-weekly.

        >>> Frequency.QUARTERLY.year_fraction(), Frequency.BIWEEKLY.year_fraction()
        ((3, 12), (1, 26))
        """
        if self.unit == "month":
            return self.count, 12
        if self.unit == "semi-month":
            return 1, 24
        periods = _WEEKS.get(self.count)
        return None if periods is None else (1, int(periods))

    def step(self, anchor: date, periods: int) -> date:
        """The date ``periods`` periods after ``anchor`` (never drifting from its day).

        >>> Frequency.MONTHLY.step(date(2024, 1, 31), 2)
        datetime.date(2024, 3, 31)
        >>> Frequency.SEMI_MONTHLY.step(date(2024, 1, 10), 1)
        datetime.date(2024, 1, 25)
        >>> [Frequency.SEMI_MONTHLY.step(date(2024, 1, 15), k).day for k in range(4)]
        [15, 31, 15, 29]
        """
        if self.unit == "day":
            return anchor + timedelta(days=self.count * periods)
        if self.unit == "month":
            return add_months(anchor, self.count * periods)
        return _semi_monthly_step(anchor, periods)

    def steps(self, anchor: date, periods: Iterable[int]) -> list[date]:
        """``[self.step(anchor, k) for k in periods]``, computed faster.

        >>> Frequency.MONTHLY.steps(date(2024, 1, 31), range(1, 3))
        [datetime.date(2024, 2, 29), datetime.date(2024, 3, 31)]
        """
        if self.unit == "semi-month":
            return [_semi_monthly_step(anchor, k) for k in periods]
        dates: list[date] = self.step_array(anchor, periods).tolist()
        return dates

    def step_array(self, anchor: date, periods: Iterable[int]) -> npt.NDArray[np.datetime64]:
        """:meth:`steps` as a numpy ``datetime64[D]`` array, for vectorised day counts.

        Raises ``ValueError`` (or ``OverflowError``) for a date outside years 1 to 9999,
        as :meth:`step` does.

        >>> Frequency.QUARTERLY.step_array(date(2024, 11, 30), range(3))
        array(['2024-11-30', '2025-02-28', '2025-05-30'], dtype='datetime64[D]')
        """
        if self.unit == "month":
            return _month_step_array(anchor, self.count, periods)
        if self.unit == "day":
            ordinals, lowest, highest = _scaled(periods, self.count, anchor.toordinal())
        else:
            semi_monthly = [_semi_monthly_step(anchor, k).toordinal() for k in periods]
            ordinals, lowest, highest = _scaled(semi_monthly, 1, 0)
        if ordinals.size and not (lowest >= 1 and highest <= _LAST_ORDINAL):
            raise OverflowError("date value out of range")
        return (ordinals - _EPOCH_ORDINAL).astype("datetime64[D]")

    def __str__(self) -> str:
        for name, frequency in _NAMED_FREQUENCIES.items():
            if frequency == self:
                return name
        return f"every {self.count} {'days' if self.unit == 'day' else 'months'}"


Frequency.WEEKLY = Frequency.every_days(7)
Frequency.BIWEEKLY = Frequency.every_days(14)
Frequency.SEMI_MONTHLY = Frequency(unit="semi-month")
Frequency.MONTHLY = Frequency.every_months(1)
Frequency.QUARTERLY = Frequency.every_months(3)
Frequency.SEMI_ANNUAL = Frequency.every_months(6)
Frequency.ANNUAL = Frequency.every_months(12)

_NAMED_FREQUENCIES: dict[str, Frequency] = {
    "weekly": Frequency.WEEKLY,
    "bi-weekly": Frequency.BIWEEKLY,
    "semi-monthly": Frequency.SEMI_MONTHLY,
    "monthly": Frequency.MONTHLY,
    "quarterly": Frequency.QUARTERLY,
    "semi-annual": Frequency.SEMI_ANNUAL,
    "annual": Frequency.ANNUAL,
}
_FREQUENCY_ALIASES = {
    "biweekly": "bi-weekly",
    "fortnightly": "bi-weekly",
    "semimonthly": "semi-monthly",
    "twice-monthly": "semi-monthly",
    "semiannual": "semi-annual",
    "half-yearly": "semi-annual",
    "yearly": "annual",
    "annually": "annual",
}
_FREQUENCY_NAMES = Names(
    "frequency",
    _NAMED_FREQUENCIES,
    aliases=_FREQUENCY_ALIASES,
    known=[*_NAMED_FREQUENCIES, "every N days", "every N months"],
    type_name="a Frequency",
)


def _month_date(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, _stdlib_calendar.monthrange(year, month)[1]))


def _scaled(
    values: Iterable[int], factor: int, base: int
) -> tuple[npt.NDArray[np.int64], int, int]:
    """``base + factor * k`` for each ``k`` of ``values`` as an array, with its least and
    greatest element (0 and 0 if empty); no Python-level loop over a ``range``."""
    if isinstance(values, range):
        array = np.arange(
            base + factor * values.start,
            base + factor * values.stop,
            factor * values.step,
            dtype=np.int64,
        )
        if not values:
            return array, 0, 0
        ends = (base + factor * values[0], base + factor * values[-1])
        return array, min(ends), max(ends)
    array = base + factor * np.fromiter(values, dtype=np.int64)
    if not array.size:
        return array, 0, 0
    return array, int(array.min()), int(array.max())


def _month_step_array(
    anchor: date, months: int, periods: Iterable[int]
) -> npt.NDArray[np.datetime64]:
    # The hot path of every monthly schedule, vectorised: the first day of each target
    # month, moved on to the anchor's day and clamped to the month's last day.
    month_index, lowest, highest = _scaled(periods, months, anchor.year * 12 + anchor.month - 1)
    if month_index.size and not (lowest >= _FIRST_MONTH_INDEX and highest <= _LAST_MONTH_INDEX):
        year = (lowest if lowest < _FIRST_MONTH_INDEX else highest) // 12
        raise ValueError(f"year {year} is out of range")
    first_days = (month_index - _EPOCH_MONTH_INDEX).astype("datetime64[M]").astype("datetime64[D]")
    due = first_days + (anchor.day - 1)
    if anchor.day > 28:  # clamp to the last day of months shorter than the anchor's day
        due = np.minimum(due, (first_days.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1)
    return due


#: Month indices (year * 12 + month - 1) of January of year 1, December of 9999 and
#: January 1970 (numpy's datetime64 epoch).
_FIRST_MONTH_INDEX = 12
_LAST_MONTH_INDEX = 9999 * 12 + 11
_EPOCH_MONTH_INDEX = 1970 * 12
#: Proleptic ordinals (date.toordinal) of 1970-01-01 and of the last date Python handles.
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_LAST_ORDINAL = date.max.toordinal()


def days_after(day: date, days: int) -> date | None:
    """``day`` + ``days`` days, or ``None`` when that falls after 9999-12-31 (a date no
    assessment reaches: a charge that late never comes).

    >>> days_after(date(2024, 2, 28), 2), days_after(date(9999, 12, 30), 2)
    (datetime.date(2024, 3, 1), None)
    """
    if _LAST_ORDINAL - day.toordinal() < days:
        return None
    return day + timedelta(days=days)


def add_months(anchor: date, months: int, *, day: int | None = None) -> date:
    """``anchor`` moved by ``months`` months onto ``day`` (default: the anchor's day),
    clamped to the month's last day.

    >>> add_months(date(2024, 1, 30), 1), add_months(date(2024, 2, 29), 12)
    (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28))
    """
    year, month_index = divmod(anchor.month - 1 + months, 12)
    return _month_date(anchor.year + year, month_index + 1, anchor.day if day is None else day)


def _semi_monthly_step(anchor: date, periods: int) -> date:
    # Twice a month, half a month apart: the 15th pairs with the month's last day (as
    # payrolls do), any other day d with d + 15 (d < 15) or d - 15 in the next month.
    months, odd = divmod(periods, 2)
    month_end = anchor.day == _stdlib_calendar.monthrange(anchor.year, anchor.month)[1]
    if not odd:
        return add_months(anchor, months, day=31 if month_end else anchor.day)
    if anchor.day == 15:
        return add_months(anchor, months, day=31)
    if month_end:
        return add_months(anchor, months + 1, day=15)
    if anchor.day < 15:
        return add_months(anchor, months, day=anchor.day + 15)
    return add_months(anchor, months + 1, day=anchor.day - 15)


def due_dates(first_due: date, count: int, frequency: Frequency | str) -> list[date]:
    """``count`` due dates from ``first_due``, every ``frequency``, anchored on ``first_due``.

    ``first_due`` is a ``datetime.date``, ``count`` a whole number from 0 to 1200 (the
    longest term, ``loancalc.terms.MAX_TERM``), ``frequency`` a :class:`Frequency` or a
    name :meth:`Frequency.parse` reads. Wrong types raise
    :class:`~loancalc.errors.InvalidTypeError`; a last date after 9999-12-31 an
    :class:`~loancalc.errors.InvalidValueError` naming ``count``.

    >>> [d.day for d in due_dates(date(2024, 1, 20), 4, Frequency.SEMI_MONTHLY)]
    [20, 5, 20, 5]
    >>> due_dates(date(2024, 1, 31), 2, "monthly")
    [datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)]
    >>> due_dates(date.max, 2, Frequency.MONTHLY)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: count: got 2; accepted: a count whose last due date ...
    """
    check_date(first_due, "first_due")
    whole_number(count, "count", 0, MAX_TERM)
    steps = Frequency.parse(frequency)
    try:
        return steps.steps(first_due, range(count))
    except (OverflowError, ValueError):
        raise InvalidValueError(
            "count", count, f"a count whose last due date from {first_due} falls by 9999-12-31"
        ) from None
