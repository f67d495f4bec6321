"""A loan's accrual periods: its due dates (after business-day adjustment), then the
shared accrual code (:mod:`loancalc.accrual`) for their days and rates."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

from loancalc.accrual import Periods, periods_of
from loancalc.calendar import BusinessDays
from loancalc.errors import InvalidValueError
from loancalc.terms import Accrual, LoanTerms

__all__ = ["Periods", "build_periods"]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _dates(terms: LoanTerms) -> tuple[list[date], npt.NDArray[np.int64]]:
    """The start and due dates of ``terms`` (after business-day adjustment), and their
    proleptic ordinals."""
    frequency, count = terms.frequency, terms.term
    if terms.first_due is None:
        due = frequency.step_array(terms.start, range(1, count + 1))
    else:
        due = frequency.step_array(terms.first_due, range(count))
    rule = terms.business_days
    ordinals = np.empty(count + 1, dtype=np.int64)
    ordinals[0] = terms.start.toordinal()
    if rule is None:
        dates: list[date] = due.tolist()
        np.add(due.view(np.int64), _EPOCH_ORDINAL, out=ordinals[1:])
    else:
        dates = _adjusted(terms.start, due.tolist(), rule)
        ordinals[1:] = np.fromiter(map(date.toordinal, dates), dtype=np.int64, count=count)
    return [terms.start, *dates], ordinals


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
    periodic = terms.accrual is Accrual.PERIODIC
    return periods_of(
        dates,
        ordinals,
        annual_rate=terms.annual_rate,
        day_count=terms.day_count,
        regular=terms.frequency.year_fraction() if periodic else None,
        irregular_first=terms.has_irregular_first_period,
    )
