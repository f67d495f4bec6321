"""A loan's accrual periods: its due dates (after business-day adjustment), then the
shared accrual code (:mod:`loancalc.accrual`) for their days and rates."""

from __future__ import annotations

from datetime import date
from operator import sub

import numpy as np
import numpy.typing as npt

from loancalc.accrual import Periods, periods_of
from loancalc.calendar import BusinessDays
from loancalc.errors import InvalidValueError
from loancalc.terms import Accrual, LoanTerms

__all__ = ["Periods", "build_periods", "periods_on", "plain_columns"]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
#: Terms up to this many periods take the plain-Python monthly dates.
_SHORT = 60
#: The month index (year x 12 + month - 1) of December 9999, the last month dates reach.
_LAST_MONTH_INDEX = 9999 * 12 + 11
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _dates(terms: LoanTerms) -> tuple[list[date], npt.NDArray[np.int64]]:
    """The start and due dates of ``terms`` (after business-day adjustment), and their
    proleptic ordinals."""
    frequency, count = terms.frequency, terms.term
    rule = terms.business_days
    anchor, first = (terms.start, 1) if terms.first_due is None else (terms.first_due, 0)
    if rule is None and count <= _SHORT and frequency.unit == "month":
        short = _short_monthly(anchor, frequency.count, range(first, first + count))
        if short is not None:
            ordinals = np.array(
                [terms.start.toordinal(), *map(date.toordinal, short)], dtype=np.int64
            )
            return [terms.start, *short], ordinals
    due = frequency.step_array(anchor, range(first, first + count))
    ordinals = np.empty(count + 1, dtype=np.int64)
    ordinals[0] = terms.start.toordinal()
    if rule is None:
        dates: list[date] = due.tolist()
        np.add(due.view(np.int64), _EPOCH_ORDINAL, out=ordinals[1:])
    else:
        dates = _adjusted(terms.start, due.tolist(), rule)
        ordinals[1:] = np.fromiter(map(date.toordinal, dates), dtype=np.int64, count=count)
    return [terms.start, *dates], ordinals


Columns = tuple[list[date], list[date], list[int]]
"""Each period's start, due date and days."""

#: The columns of loans already seen, by start, frequency and term: a book's loans share
#: a few start dates and terms. Read only.
_COLUMNS: dict[tuple[date, str, int, int], Columns] = {}
_COLUMNS_MAX = 4096


def plain_columns(terms: LoanTerms) -> Columns | None:
    """The columns :func:`build_periods` gives terms with no ``first_due`` nor
    ``business_days`` (remembered: the lists are shared and only read), or ``None``
    where their dates cannot be made.

    >>> from loancalc import LoanTerms
    >>> starts, due, days = plain_columns(
    ...     LoanTerms(principal=1, annual_rate=0, term=2, start=date(2024, 1, 31)))
    >>> [str(day) for day in due], days
    (['2024-02-29', '2024-03-31'], [29, 31])
    """
    frequency = terms.frequency
    key = (terms.start, frequency.unit, frequency.count, terms.term)
    found = _COLUMNS.get(key)
    if found is None:
        short = None
        if terms.term <= _SHORT and frequency.unit == "month":
            short = _short_monthly(terms.start, frequency.count, range(1, terms.term + 1))
        if short is not None:  # days in plain Python too (numpy's fixed cost again)
            dates = [terms.start, *short]
            ordinals = list(map(date.toordinal, dates))
            found = dates[:-1], short, list(map(sub, ordinals[1:], ordinals))
        else:
            try:
                dates, array = _dates(terms)
            except (OverflowError, ValueError):
                return None
            found = dates[:-1], dates[1:], (array[1:] - array[:-1]).tolist()
        if len(_COLUMNS) >= _COLUMNS_MAX:
            _COLUMNS.clear()
        _COLUMNS[key] = found
    return found


def _short_monthly(anchor: date, months: int, steps: range) -> list[date] | None:
    """``frequency.step_array(anchor, steps).tolist()`` for a frequency of ``months``
    months, in plain Python (numpy's fixed cost dominates a short schedule), or ``None``
    where a date falls outside years 1 to 9999 (numpy's path says which).

    >>> _short_monthly(date(2024, 1, 31), 1, range(1, 4))
    [datetime.date(2024, 2, 29), datetime.date(2024, 3, 31), datetime.date(2024, 4, 30)]
    >>> _short_monthly(date(9999, 11, 30), 1, range(1, 3)) is None
    True
    """
    base = anchor.year * 12 + anchor.month - 1
    day = anchor.day
    if not steps or base + months * steps[-1] > _LAST_MONTH_INDEX:
        return None
    dates = []
    for step in steps:
        year, month = divmod(base + months * step, 12)
        month += 1
        if day > 28:
            last = _DAYS_IN_MONTH[month]
            if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
                last = 29
            dates.append(date(year, month, min(day, last)))
        else:
            dates.append(date(year, month, day))
    return dates


def _adjusted(start: date, dates: list[date], rule: BusinessDays) -> list[date]:
    """``dates`` moved onto business days by ``rule``, checked to stay after ``start`` and
    apart."""
    adjusted = [rule.adjust(day) for day in dates]
    previous = start
    for number, day in enumerate(adjusted, start=1):
        if day <= previous:
            raise InvalidValueError(
                "business_days",
                rule.convention.value,
                f"a rule that keeps due dates after the start and apart "
                f"(due date {number} moved to {day}, not after {previous})",
            )
        previous = day
    return adjusted


def build_periods(terms: LoanTerms) -> Periods:
    """The periods of ``terms``: dates after business-day adjustment and each period's rate.

    Periodic accrual charges ``annual_rate / periods a year`` per full period; the
    irregular first period, every period of an every-N-days frequency and, under daily
    accrual, every period, accrue ``annual_rate x year fraction`` by the day count.
    """
    dates, ordinals = _dates(terms)
    return periods_on(terms, dates, ordinals, irregular_first=terms.has_irregular_first_period)


def periods_on(
    terms: LoanTerms,
    dates: list[date],
    ordinals: npt.NDArray[np.int64],
    *,
    irregular_first: bool,
) -> Periods:
    """The periods between ``dates`` (the start, then each due date) at the rate, day
    count and accrual of ``terms`` (the periods of a loan, or of a tranche from its date).

    >>> from loancalc import LoanTerms
    >>> terms = LoanTerms(principal=100, annual_rate="12%", term=1, start=date(2024, 1, 1))
    >>> days = [date(2024, 1, 1), date(2024, 2, 1)]
    >>> ordinals = np.array([d.toordinal() for d in days], dtype=np.int64)
    >>> len(periods_on(terms, days, ordinals, irregular_first=False).due_dates)
    1
    """
    periodic = terms.accrual is Accrual.PERIODIC
    return periods_of(
        dates,
        ordinals,
        annual_rate=terms.annual_rate,
        day_count=terms.day_count,
        regular=terms.frequency.year_fraction() if periodic else None,
        irregular_first=irregular_first,
    )
