"""Repricing dates of an indexed rate: each anniversary, each 1 January, every N months.

The dates are counted from the day the rate was first set (the ``anchor``), on the
anchor's day of the month, or on the month's last day where the month is shorter
(from 31 January monthly: 29 February, 31 March, 30 April ...).

>>> from datetime import date
>>> repricing_dates("january", date(2023, 3, 15), date(2025, 6, 1))
[datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)]
>>> repricing_dates("anniversary", date(2024, 2, 29), date(2026, 12, 31))
[datetime.date(2025, 2, 28), datetime.date(2026, 2, 28)]
>>> repricing_dates("every-6-months", date(2024, 1, 31), date(2025, 2, 1))
[datetime.date(2024, 7, 31), datetime.date(2025, 1, 31)]
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

from dateutil.relativedelta import relativedelta

from loancalc.errors import InvalidValueError

__all__ = ["REPRICING_ACCEPTED", "last_repricing", "parse_repricing", "repricing_dates"]

REPRICING_ACCEPTED = "'anniversary', 'january' or 'every-N-months' (N from 1 to 120)"
_EVERY = re.compile(r"^every-(\d{1,3})-months?$")


def parse_repricing(value: object, field: str = "reprice") -> str:
    """The canonical spelling of a repricing rule (``anniversary``, ``january`` or
    ``every-N-months``); ``annually`` reads as ``anniversary``, ``1-january`` and
    ``yearly-january`` as ``january``, ``monthly`` and ``quarterly`` as every 1 and 3
    months.

    >>> parse_repricing("Quarterly"), parse_repricing("every 12 months")
    ('every-3-months', 'every-12-months')
    >>> parse_repricing("weekly")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: reprice: got 'weekly'; accepted: 'anniversary', ...
    """
    if not isinstance(value, str):
        raise InvalidValueError(field, value, REPRICING_ACCEPTED)
    key = value.strip().lower().replace("_", "-").replace(" ", "-")
    key = {
        "annually": "anniversary",
        "annual": "anniversary",
        "yearly": "anniversary",
        "1-january": "january",
        "january-1": "january",
        "yearly-january": "january",
        "monthly": "every-1-months",
        "quarterly": "every-3-months",
        "semi-annually": "every-6-months",
    }.get(key, key)
    if key in ("anniversary", "january"):
        return key
    match = _EVERY.match(key)
    if match is not None and 1 <= int(match[1]) <= 120:
        return f"every-{int(match[1])}-months"
    raise InvalidValueError(field, value, REPRICING_ACCEPTED)


def repricing_dates(rule: str, anchor: date, end: date) -> list[date]:
    """The repricing dates after ``anchor`` up to and including ``end`` under ``rule``
    (as :func:`parse_repricing` spells it): the rules of :mod:`dateutil.rrule` (each
    1 January; every N months on the anchor's day, or the month's last day where it is
    shorter), by month arithmetic.

    >>> repricing_dates("every-1-months", date(2024, 1, 31), date(2024, 4, 30))
    [datetime.date(2024, 2, 29), datetime.date(2024, 3, 31), datetime.date(2024, 4, 30)]
    """
    if end <= anchor:
        return []
    if rule == "january":
        return [date(year, 1, 1) for year in range(anchor.year + 1, end.year + 1)]
    months = 12 if rule == "anniversary" else int(rule.split("-")[1])
    base = anchor.year * 12 + anchor.month - 1
    last = end.year * 12 + end.month - 1
    found = []
    for month in range(base + months, last + 1, months):
        year, number = divmod(month, 12)
        day = date(year, number + 1, min(anchor.day, monthrange(year, number + 1)[1]))
        if day > end:
            break
        found.append(day)
    return found


def last_repricing(rule: str, anchor: date, on: date) -> date:
    """The last repricing date on or before ``on`` (``anchor`` if none), found directly by
    month arithmetic (the same dates as :func:`repricing_dates`).

    >>> last_repricing("every-3-months", date(2024, 1, 31), date(2024, 7, 30))
    datetime.date(2024, 4, 30)
    >>> last_repricing("january", date(2023, 3, 15), date(2023, 12, 31))
    datetime.date(2023, 3, 15)
    """
    if on <= anchor:
        return anchor
    if rule == "january":
        first = date(on.year, 1, 1)
        return first if first > anchor else anchor
    months = 12 if rule == "anniversary" else int(rule.split("-")[1])
    steps = ((on.year - anchor.year) * 12 + on.month - anchor.month) // months
    while steps > 0:
        day = anchor + relativedelta(months=steps * months)  # a short month: its last day
        if day <= on:
            return day
        steps -= 1
    return anchor
