"""The accrual periods of a loan: their dates, day counts and interest rates."""

from __future__ import annotations

import decimal
import math
from collections import Counter
from datetime import date
from decimal import Decimal

import attrs
import numpy as np

from loancalc.calendar import BusinessDays
from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT
from loancalc.terms import Accrual, LoanTerms

__all__ = ["Periods", "build_periods"]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@attrs.frozen(kw_only=True)
class Periods:
    """Parallel lists, one entry per period (instalment) of a loan.

    A period's rate is ``rate_numerators[k] / rate_denominators[k]`` exactly (the annual
    rate times the period's year fraction, kept as a ratio so that interest divides last
    and lands exactly on half-cent ties); ``rates[k]`` is the same rate as a 40-digit
    Decimal, for the level-payment formulas. ``regular`` is the rate of a full regular
    period where the frequency has one under periodic accrual (it shapes annuities), else
    ``None``; every period then has the regular rate, but an irregular first period.
    ``periods_per_installment`` counts the contractual periods each instalment stands for
    (the term for a bullet's single instalment, else 1): it multiplies per-period fees.
    """

    starts: list[date]
    due_dates: list[date]
    days: list[int]
    rate_numerators: list[Decimal]
    rate_denominators: list[Decimal]
    rates: list[Decimal]
    regular: tuple[Decimal, Decimal] | None
    irregular_first: bool
    periods_per_installment: int

    def __len__(self) -> int:
        return len(self.due_dates)

    def collapsed(self) -> Periods:
        """All periods as one, from the first start to the last due date, with the sum of
        their rates (simple interest: what a bullet loan charges)."""
        # Denominators are whole day-count bases (12, 360, 365 x 366...): bring the
        # numerators onto their least common multiple and add them exactly. Rates repeat
        # (one regular rate; a few day counts), so each distinct rate is scaled once.
        counts = Counter(zip(self.rate_numerators, self.rate_denominators, strict=True))
        common = math.lcm(*{int(d) for _, d in counts})
        with decimal.localcontext(CONTEXT):
            numerator = sum(
                (n * (common // int(d) * count) for (n, d), count in counts.items()),
                Decimal(0),
            )
            rate = numerator / common
        return Periods(
            starts=[self.starts[0]],
            due_dates=[self.due_dates[-1]],
            days=[(self.due_dates[-1] - self.starts[0]).days],
            rate_numerators=[numerator],
            rate_denominators=[Decimal(common)],
            rates=[rate],
            regular=None,
            irregular_first=False,
            periods_per_installment=len(self.due_dates),
        )


def _dates_and_days(terms: LoanTerms) -> tuple[list[date], list[int]]:
    """The due dates of ``terms`` (after business-day adjustment) and each period's days."""
    frequency, count = terms.frequency, terms.term
    if terms.first_due is None:
        due = frequency.step_array(terms.start, range(1, count + 1))
    else:
        due = frequency.step_array(terms.first_due, range(count))
    rule = terms.business_days
    if rule is None:
        dates: list[date] = due.tolist()
        ordinals = due.view(np.int64) + _EPOCH_ORDINAL
    else:
        dates = _adjusted(terms.start, due.tolist(), rule)
        ordinals = np.fromiter(map(date.toordinal, dates), dtype=np.int64, count=len(dates))
    days = np.empty_like(ordinals)
    days[0] = ordinals[0] - terms.start.toordinal()
    np.subtract(ordinals[1:], ordinals[:-1], out=days[1:])
    return dates, days.tolist()


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
    due, days = _dates_and_days(terms)
    starts = [terms.start, *due[:-1]]
    annual = terms.annual_rate
    fraction = terms.frequency.year_fraction() if terms.accrual is Accrual.PERIODIC else None
    irregular_first = terms.has_irregular_first_period
    day_count = terms.day_count
    with decimal.localcontext(CONTEXT):
        if fraction is None:
            ratios = [day_count.year_fraction_ratio(b, e) for b, e in zip(starts, due, strict=True)]
            # Decimal denominators: dividing by an int converts it on every call.
            numerators = [annual * n for n, _ in ratios]
            denominators = [Decimal(d) for _, d in ratios]
            rates = [n / d for n, d in zip(numerators, denominators, strict=True)]
            regular = None
        else:
            regular = (annual * fraction[0], Decimal(fraction[1]))
            regular_rate = regular[0] / regular[1]
            numerators = [regular[0]] * len(due)
            denominators = [regular[1]] * len(due)
            rates = [regular_rate] * len(due)
            if irregular_first:
                n, d = day_count.year_fraction_ratio(starts[0], due[0])
                numerators[0], denominators[0] = annual * n, Decimal(d)
                rates[0] = annual * n / d
    return Periods(
        starts=starts,
        due_dates=due,
        days=days,
        rate_numerators=numerators,
        rate_denominators=denominators,
        rates=rates,
        regular=regular,
        irregular_first=irregular_first,
        periods_per_installment=1,
    )
