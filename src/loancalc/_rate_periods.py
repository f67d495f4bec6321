"""A loan's periods with each period's rate along its rate schedule.

A period whose rate does not change inside it accrues as a fixed-rate period does, at
the rate in force on its first day. A period with a change inside it is split at the
change (the new rate applies from the change date on): under accrual by the day count
its rate is ``r1 x yf(start, change) + r2 x yf(change, due)``; a full regular period
under periodic accrual (``annual rate / 12`` a month) weighs each part's rate by its
share of the period's days as the day count counts them:
``(r1 x n1 + r2 x n2) / (n1 + n2) / 12``. Interest is then rounded once per period.

>>> from datetime import date
>>> from loancalc.rate_schedule import RateChange, RateSchedule
>>> from loancalc.terms import LoanTerms
>>> from loancalc.amortization._periods import build_periods
>>> terms = LoanTerms(principal=1000, term=2, start=date(2024, 1, 15),
...                   rate_schedule=RateSchedule(annual_rate="6%", dated_changes=[
...                       RateChange(on=date(2024, 2, 25), annual_rate="3.6%")]))
>>> periods = rated_periods(build_periods(terms), terms)
>>> [periods.ratio(k) for k in range(2)]  # 6 %/12; (6 % x 10 + 3.6 % x 19) / 29 / 12
[(Decimal('0.06'), Decimal('12')), (Decimal('1.284'), Decimal('348'))]
"""

from __future__ import annotations

import bisect
import decimal
from collections import Counter
from datetime import date
from decimal import Decimal

import attrs

from loancalc.accrual import REGULAR, Periods, accrued_interest, year_fraction_ratio
from loancalc.money import CONTEXT
from loancalc.terms import LoanTerms

__all__ = ["accrued_along", "period_of", "rate_at", "rate_parts", "rated_periods"]


def period_of(periods: Periods, day: date) -> int:
    """The index of the period that ``day`` falls in (a due date begins the next one)."""
    return bisect.bisect_right(periods.due_dates, day)


def rate_parts(
    rate: Decimal, start: date, end: date, changes: list[tuple[date, Decimal]]
) -> list[tuple[date, date, Decimal]]:
    """The parts of ``[start, end)`` at one rate each, ``(from, to, annual rate)``:
    ``rate`` (the rate on ``start``) until the first of ``changes`` inside.

    >>> rate_parts(Decimal(1), date(2024, 3, 1), date(2024, 4, 1),
    ...            [(date(2024, 3, 20), Decimal(2))])[1]
    (datetime.date(2024, 3, 20), datetime.date(2024, 4, 1), Decimal('2'))
    """
    days = [day for day, _ in changes]
    low, high = bisect.bisect_right(days, start), bisect.bisect_left(days, end)
    parts = []
    cursor = start
    for day, new in changes[low:high]:
        parts.append((cursor, day, rate))
        cursor, rate = day, new
    parts.append((cursor, end, rate))
    return parts


def accrued_along(terms: LoanTerms, balance: Decimal, start: date, end: date) -> Decimal:
    """Interest on ``balance`` from ``start`` to ``end`` by the loan's day count at the
    rate in force each day (``terms.rate_on``), unrounded.

    >>> from loancalc.rate_schedule import RateChange, RateSchedule
    >>> terms = LoanTerms(principal=1000, term=2, start=date(2024, 1, 1),
    ...                   rate_schedule=RateSchedule(annual_rate="36%", dated_changes=[
    ...                       RateChange(on=date(2024, 1, 11), annual_rate="18%")]))
    >>> accrued_along(terms, Decimal(1000), date(2024, 1, 1), date(2024, 1, 21))  # 10 + 5
    Decimal('15.00')
    """
    schedule = terms.rate_schedule
    if schedule is None:
        return accrued_interest(balance, terms.annual_rate, start, end, terms.day_count)
    parts = rate_parts(schedule.rate_on(start), start, end, list(schedule.changes(start, end)))
    with decimal.localcontext(CONTEXT):
        return sum(
            (accrued_interest(balance, rate, a, b, terms.day_count) for a, b, rate in parts),
            Decimal(0),
        )


def rate_at(opening: Decimal, changes: list[tuple[date, Decimal]], day: date) -> Decimal:
    """The rate in force on ``day`` given the ``opening`` rate and the ``changes`` after it.

    >>> rate_at(Decimal(1), [(date(2024, 3, 1), Decimal(2))], date(2024, 3, 1))
    Decimal('2')
    """
    position = bisect.bisect_right([change for change, _ in changes], day)
    return opening if position == 0 else changes[position - 1][1]


def rated_periods(
    periods: Periods, terms: LoanTerms, changes: list[tuple[date, Decimal]] | None = None
) -> Periods:
    """``periods`` (built at ``terms.annual_rate``) with each period's rate along
    ``terms.rate_schedule`` (its ``changes`` over the periods, if known); new rates get
    keys below :data:`REGULAR`."""
    schedule = terms.rate_schedule
    assert schedule is not None
    if changes is None:
        changes = list(schedule.changes(terms.start, periods.due_dates[-1]))
    regular = terms.frequency.year_fraction()
    keys = list(periods.rate_keys)
    table = dict(periods.rate_table)
    by_ratio: dict[tuple[Decimal, Decimal], int] = {}
    with decimal.localcontext(CONTEXT):
        for k, (start, due) in enumerate(zip(periods.starts, periods.due_dates, strict=True)):
            parts = rate_parts(rate_at(terms.annual_rate, changes, start), start, due, changes)
            if len(parts) == 1 and parts[0][2] == terms.annual_rate:
                continue  # accrues as the fixed-rate loan does
            key = keys[k]
            if key == REGULAR:
                assert regular is not None
                counts = [year_fraction_ratio(a, b, terms.day_count)[0] for a, b, _ in parts]
                if sum(counts) <= 0:  # 30/360 on odd dates: weigh by actual days
                    counts = [(b - a).days for a, b, _ in parts]
                top = sum((r * n for (_, _, r), n in zip(parts, counts, strict=True)), Decimal(0))
                ratio = (top * regular[0], Decimal(regular[1] * sum(counts)))
            else:
                denominator = periods.rate_table[key][1]
                top = Decimal(0)
                for a, b, rate in parts:
                    top += rate * year_fraction_ratio(a, b, terms.day_count)[0]
                ratio = (top, denominator)
            new_key = by_ratio.get(ratio)
            if new_key is None:
                new_key = by_ratio[ratio] = REGULAR - 1 - len(by_ratio)
                table[new_key] = (*ratio, ratio[0] / ratio[1])
            keys[k] = new_key
    used = Counter(keys)
    return attrs.evolve(
        periods,
        rate_keys=keys,
        rate_table={key: value for key, value in table.items() if key in used},
        rate_counts=used,
    )
