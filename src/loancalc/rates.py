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
import re
from datetime import date
from decimal import Decimal

from loancalc._naming import NamedEnum, register
from loancalc._validation import ASCII_DIGITS, check_type, read_number
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import CONTEXT

__all__ = ["MAX_ANNUAL_RATE", "DayCount", "annual_rate"]

#: The highest annual rate loancalc accepts: 1000 %.
MAX_ANNUAL_RATE = Decimal(10)

_RATE_TEXT = re.compile(
    r"^\s*(?P<number>[-+]?[0-9_,.]+(?:[eE][-+]?[0-9]+)?)\s*(?P<percent>%?)\s*"
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
    360 by default as the PBoC counts; 365 for products that annualise that way). Numbers
    are read by the same rule as :func:`~loancalc.to_decimal` (ASCII digits only; a
    negative zero reads as zero). A value outside the range, however large, raises an
    :class:`~loancalc.errors.InvalidValueError` naming ``field``; a value of another type
    an :class:`~loancalc.errors.InvalidTypeError`.

    >>> annual_rate(0.049), annual_rate("18%/yr"), annual_rate("1.5%/月")
    (Decimal('0.049'), Decimal('0.18'), Decimal('0.18'))
    >>> annual_rate("-1%")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: annual_rate: got '-1%'; accepted: an annual fraction ...
    >>> annual_rate("1e999%")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: annual_rate: got '1e999%'; accepted: an annual fraction ...
    """
    # type check first: 360.0 == 360 would pass and then fail deep inside (Decimal x float).
    check_type(days_per_year, int, "days_per_year", "360, 365 or 366")
    if days_per_year not in (360, 365, 366):
        raise InvalidValueError("days_per_year", days_per_year, "360, 365 or 366")
    if isinstance(value, str):
        return _parse_rate_text(value, field, days_per_year)
    rate = read_number(value, field, accepted=_RATE_ACCEPTED)
    if not 0 <= rate <= MAX_ANNUAL_RATE:
        raise InvalidValueError(field, value, _RATE_ACCEPTED)
    return rate


def _parse_rate_text(text: str, field: str, days_per_year: int) -> Decimal:
    if any(not character.isascii() and character.isdigit() for character in text):
        raise InvalidValueError(field, text, f"{_RATE_ACCEPTED}, {ASCII_DIGITS}")
    match = _RATE_TEXT.match(text)
    if match is None:
        raise InvalidValueError(field, text, _RATE_ACCEPTED)
    number_text = match["number"] + match["percent"]
    number = read_number(number_text, field, accepted=_RATE_ACCEPTED, shown=text)
    unit = (match["unit"] or "year").lower()
    if unit in _PERIODS_PER_YEAR_BY_UNIT:
        multiplier = _PERIODS_PER_YEAR_BY_UNIT[unit]
    elif unit in _DAY_UNITS:
        multiplier = days_per_year
    else:
        raise InvalidValueError(field, text, _RATE_ACCEPTED + " (units: year, month, day)")
    with decimal.localcontext(CONTEXT):
        rate = number * multiplier  # exact: at most 1E+1000 x 366, within the context
        if not 0 <= rate <= MAX_ANNUAL_RATE:
            raise InvalidValueError(field, text, _RATE_ACCEPTED)
        return _plain(rate)


def _plain(number: Decimal) -> Decimal:
    """``number`` without trailing zeros and without an exponent (0.1800 -> 0.18, 10 -> 10)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _is_leap(year: int) -> bool:
    return _stdlib_calendar.isleap(year)


class DayCount(NamedEnum):
    """Day-count conventions: how many years lie between two dates.

    Each member answers :meth:`year_fraction` and :meth:`day_count`. Names parse from
    common spellings (``"act/360"``, ``"30E/360"``, ``"actual/365 fixed"``).

    >>> DayCount.parse("30/360")
    <DayCount.THIRTY_360_US: '30/360 US'>
    >>> DayCount.parse("Actual/365 Fixed"), DayCount.parse("ACT_ACT_ISDA")
    (<DayCount.ACT_365F: 'ACT/365F'>, <DayCount.ACT_ACT_ISDA: 'ACT/ACT ISDA'>)
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
        try:  # free unless raised: this is the engine's per-period call
            if self in (DayCount.THIRTY_360_US, DayCount.THIRTY_E_360):
                return self._thirty_360_days(start, end)
            return (end - start).days
        except (AttributeError, TypeError):
            raise _not_dates(start, end) from None

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
            try:
                return _act_act_isda(start, end)
            except (AttributeError, TypeError):
                raise _not_dates(start, end) from None
        return self.day_count(start, end), self.days_per_year


def _not_dates(start: object, end: object) -> InvalidTypeError:
    """The error for a day count between values that are not both dates."""
    field, value = ("start", start) if not isinstance(start, date) else ("end", end)
    if isinstance(start, date) and isinstance(end, date):  # a date and a datetime
        field, value = "end", end
    return InvalidTypeError(field, value, "a datetime.date (both dates of the same type)")


def _act_act_isda(start: date, end: date) -> tuple[int, int]:
    # Days in ordinary years over 365 plus days in leap years over 366, on one denominator.
    if end < start:
        numerator, denominator = _act_act_isda(end, start)
        return -numerator, denominator
    ordinary_days = leap_days = 0
    cursor = start
    while cursor < end:
        # (never builds 10000-01-01: the last year ends at ``end``)
        year_end = end if cursor.year == end.year else date(cursor.year + 1, 1, 1)
        if _is_leap(cursor.year):
            leap_days += (year_end - cursor).days
        else:
            ordinary_days += (year_end - cursor).days
        cursor = year_end
    return ordinary_days * 366 + leap_days * 365, 365 * 366


def _day_count_key(text: str) -> str:
    """Upper case without spaces, ``_``, ``-``, ``/`` or brackets; ACTUAL as ACT, FIXED as F."""
    key = re.sub(r"[\s_\-()/]", "", text.upper())
    return key.replace("ACTUAL", "ACT").replace("FIXED", "F")


register(
    DayCount,
    field="day_count",
    key=_day_count_key,
    aliases={
        "A360": "ACT/360",
        "ACT365": "ACT/365F",
        "A365F": "ACT/365F",
        "A365": "ACT/365F",
        "ACTACT": "ACT/ACT ISDA",
        "30/360": "30/360 US",
        "30/360 bond basis": "30/360 US",
        "30/360 European": "30E/360",
    },
)
