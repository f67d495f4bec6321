"""Interest rates quoted per year, month or day, and day-count conventions.

A rate is held as an annual fraction (``Decimal('0.049')`` for 4.9 %). Monthly and daily
quotes are annualised by the Chinese (PBoC) convention, monthly x 12 and daily x 360,
unless the product says otherwise (``days_per_year=365``).

>>> annual_rate("4.9%"), annual_rate("1%/month"), annual_rate("0.05%/day")
(Decimal('0.049'), Decimal('0.12'), Decimal('0.18'))
>>> annual_rate("0.05%/day", days_per_year=365)
Decimal('0.1825')
>>> DayCount.ACT_360.year_fraction(date(2024, 1, 15), date(2024, 2, 15))
Decimal('0.08611111111111111111111111111111111111111')
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import decimal
import enum
import re
from datetime import date
from decimal import Decimal

from loancalc.errors import InvalidValueError, UnknownNameError
from loancalc.money import CONTEXT, to_decimal

__all__ = ["MAX_ANNUAL_RATE", "DayCount", "annual_rate"]

#: The highest annual rate loancalc accepts: 1000 %.
MAX_ANNUAL_RATE = Decimal(10)

_RATE_TEXT = re.compile(
    r"^\s*(?P<number>[-+]?[0-9_,.]+(?:[eE][-+]?\d+)?)\s*(?P<percent>%?)\s*"
    r"(?:(?:/|per\s+|p\.?)\s*(?P<unit>[a-z年月日天]+))?\s*$",
    re.IGNORECASE,
)
_PERIODS_PER_YEAR_BY_UNIT = {
    "year": 1,
    "yr": 1,
    "y": 1,
    "a": 1,
    "annum": 1,
    "annual": 1,
    "pa": 1,
    "年": 1,
    "month": 12,
    "mo": 12,
    "m": 12,
    "monthly": 12,
    "月": 12,
}
_DAY_UNITS = {"day": 1, "d": 1, "daily": 1, "日": 1, "天": 1}
_RATE_ACCEPTED = (
    "an annual fraction or a string such as '4.9%', '1%/month' or '0.05%/day', "
    "from 0 to 1000 % a year"
)


def annual_rate(value: object, *, field: str = "annual_rate", days_per_year: int = 360) -> Decimal:
    """Read a rate as an annual fraction, validated to lie within 0 .. 1000 % a year.

    Numbers (``Decimal``, ``int``, ``float``, ``"0.049"``) are annual fractions; strings may
    carry ``%`` and a unit: ``/year``, ``/month`` (x 12) or ``/day`` (x ``days_per_year``,
    360 by default as the PBoC counts; 365 for products that annualise that way).

    >>> annual_rate(0.049), annual_rate("18%/yr"), annual_rate("1.5%/月")
    (Decimal('0.049'), Decimal('0.18'), Decimal('0.18'))
    >>> annual_rate("-1%")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: annual_rate: got '-1%'; accepted: an annual fraction ...
    """
    # type check first: 360.0 == 360 would pass and then fail deep inside (Decimal x float).
    if type(days_per_year) is not int or days_per_year not in (360, 365, 366):
        raise InvalidValueError("days_per_year", days_per_year, "360, 365 or 366")
    if isinstance(value, str):
        rate = _parse_rate_text(value, field, days_per_year)
    else:
        rate = to_decimal(value, field)
    if not 0 <= rate <= MAX_ANNUAL_RATE:
        raise InvalidValueError(field, value, _RATE_ACCEPTED)
    return rate


def _parse_rate_text(text: str, field: str, days_per_year: int) -> Decimal:
    match = _RATE_TEXT.match(text)
    if match is None:
        raise InvalidValueError(field, text, _RATE_ACCEPTED)
    number = to_decimal(match["number"] + match["percent"], field)
    unit = (match["unit"] or "year").lower()
    if unit in _PERIODS_PER_YEAR_BY_UNIT:
        multiplier = _PERIODS_PER_YEAR_BY_UNIT[unit]
    elif unit in _DAY_UNITS:
        multiplier = days_per_year
    else:
        raise InvalidValueError(field, text, _RATE_ACCEPTED + " (units: year, month, day)")
    with decimal.localcontext(CONTEXT):
        return _plain(number * multiplier)


def _plain(number: Decimal) -> Decimal:
    """``number`` without trailing zeros and without an exponent (0.1800 -> 0.18, 10 -> 10)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _is_leap(year: int) -> bool:
    return _stdlib_calendar.isleap(year)


class DayCount(enum.Enum):
    """Day-count conventions: how many years lie between two dates.

    Each member answers :meth:`year_fraction` and :meth:`day_count`. Names parse from
    common spellings (``"act/360"``, ``"30E/360"``, ``"actual/365 fixed"``).

    >>> DayCount.parse("30/360")
    <DayCount.THIRTY_360_US: '30/360 US'>
    >>> d1, d2 = date(2024, 1, 31), date(2024, 3, 31)
    >>> [DayCount.parse(n).day_count(d1, d2) for n in ("act/360", "30/360", "30e/360")]
    [60, 60, 60]
    >>> DayCount.ACT_ACT_ISDA.year_fraction(date(2023, 7, 1), date(2024, 7, 1))
    Decimal('1.001377348603937420465603712852758440003')
    """

    ACT_360 = "ACT/360"
    ACT_365F = "ACT/365F"
    ACT_ACT_ISDA = "ACT/ACT ISDA"
    THIRTY_360_US = "30/360 US"
    THIRTY_E_360 = "30E/360"

    @classmethod
    def parse(cls, value: DayCount | str) -> DayCount:
        """Accept a member, its name, or a common spelling of the convention.

        >>> DayCount.parse("Actual/365 Fixed"), DayCount.parse("ACT_ACT_ISDA")
        (<DayCount.ACT_365F: 'ACT/365F'>, <DayCount.ACT_ACT_ISDA: 'ACT/ACT ISDA'>)
        """
        if isinstance(value, DayCount):
            return value
        if isinstance(value, str):
            key = re.sub(r"[\s_\-()/]", "", value.upper()).replace("ACTUAL", "ACT")
            key = key.replace("FIXED", "F")
            found = _DAY_COUNT_ALIASES.get(key)
            if found is not None:
                return found
        raise UnknownNameError("day_count", value, [member.value for member in cls])

    @property
    def days_per_year(self) -> int:
        """The nominal year length a daily rate is quoted against (360 or 365).

        >>> DayCount.ACT_365F.days_per_year
        365
        """
        return 365 if self in (DayCount.ACT_365F, DayCount.ACT_ACT_ISDA) else 360

    def day_count(self, start: date, end: date) -> int:
        """Days from ``start`` to ``end`` as this convention counts them (negative if reversed).

        >>> DayCount.THIRTY_E_360.day_count(date(2024, 2, 29), date(2024, 3, 31))
        31
        """
        if self in (DayCount.THIRTY_360_US, DayCount.THIRTY_E_360):
            return self._thirty_360_days(start, end)
        return (end - start).days

    def _thirty_360_days(self, start: date, end: date) -> int:
        d1, d2 = start.day, end.day
        if self is DayCount.THIRTY_E_360:
            d1, d2 = min(d1, 30), min(d2, 30)
        else:
            # US bond basis (ISDA 30/360): the end day moves only if the start day did.
            if d1 == 31:
                d1 = 30
            if d2 == 31 and d1 == 30:
                d2 = 30
        return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)

    def year_fraction(self, start: date, end: date) -> Decimal:
        """Years from ``start`` to ``end``, exact to the context's 40 digits.

        >>> DayCount.ACT_365F.year_fraction(date(2024, 1, 1), date(2024, 12, 31))
        Decimal('1')
        >>> DayCount.ACT_365F.year_fraction(date(2024, 1, 1), date(2025, 1, 1))
        Decimal('1.002739726027397260273972602739726027397')
        """
        numerator, denominator = self.year_fraction_ratio(start, end)
        with decimal.localcontext(CONTEXT):
            return Decimal(numerator) / denominator

    def year_fraction_ratio(self, start: date, end: date) -> tuple[int, int]:
        """The year fraction as an exact ratio ``(numerator, denominator)`` of integers.

        Interest computed as ``balance x rate x numerator / denominator`` (dividing last)
        is exact wherever the true amount is a finite decimal, so half-cent ties round the
        way the contract says rather than the way a 40-digit approximation falls.

        >>> DayCount.ACT_360.year_fraction_ratio(date(2024, 1, 15), date(2024, 2, 15))
        (31, 360)
        >>> DayCount.ACT_ACT_ISDA.year_fraction_ratio(date(2023, 12, 31), date(2024, 1, 2))
        (731, 133590)
        """
        if self is DayCount.ACT_ACT_ISDA:
            return _act_act_isda(start, end)
        return self.day_count(start, end), self.days_per_year


def _act_act_isda(start: date, end: date) -> tuple[int, int]:
    # Days in ordinary years over 365 plus days in leap years over 366, on one denominator.
    if end < start:
        numerator, denominator = _act_act_isda(end, start)
        return -numerator, denominator
    ordinary_days = leap_days = 0
    cursor = start
    while cursor < end:
        year_end = min(date(cursor.year + 1, 1, 1), end)
        if _is_leap(cursor.year):
            leap_days += (year_end - cursor).days
        else:
            ordinary_days += (year_end - cursor).days
        cursor = year_end
    return ordinary_days * 366 + leap_days * 365, 365 * 366


_DAY_COUNT_ALIASES: dict[str, DayCount] = {
    "ACT360": DayCount.ACT_360,
    "A360": DayCount.ACT_360,
    "ACT365F": DayCount.ACT_365F,
    "ACT365": DayCount.ACT_365F,
    "A365F": DayCount.ACT_365F,
    "A365": DayCount.ACT_365F,
    "ACTACTISDA": DayCount.ACT_ACT_ISDA,
    "ACTACT": DayCount.ACT_ACT_ISDA,
    "30360US": DayCount.THIRTY_360_US,
    "30360": DayCount.THIRTY_360_US,
    "THIRTY360US": DayCount.THIRTY_360_US,
    "30360BONDBASIS": DayCount.THIRTY_360_US,
    "30E360": DayCount.THIRTY_E_360,
    "THIRTYE360": DayCount.THIRTY_E_360,
    "30360EUROPEAN": DayCount.THIRTY_E_360,
}
for _member in DayCount:
    _DAY_COUNT_ALIASES[_member.name.replace("_", "")] = _member
