"""The accrual periods of a loan: their dates, day counts and interest rates."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from operator import sub

import attrs

from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT
from loancalc.terms import Accrual, LoanTerms

__all__ = ["Periods", "build_periods"]


@attrs.frozen(kw_only=True)
class Periods:
    """Parallel lists, one entry per period (instalment) of a loan.

    ``rates[k]`` is the unrounded interest rate of period ``k``; ``regular_rate`` is the
    rate of a full regular period where the frequency has one under periodic accrual (it
    shapes the level payment of annuities), else ``None``. ``fee_multipliers[k]`` counts
    how many contractual periods period ``k`` stands for (more than 1 only for a bullet).
    """

    starts: list[date]
    due_dates: list[date]
    days: list[int]
    rates: list[Decimal]
    regular_rate: Decimal | None
    irregular_first: bool
    fee_multipliers: list[int]

    def __len__(self) -> int:
        return len(self.due_dates)

    def collapsed(self) -> Periods:
        """All periods as one, from the first start to the last due date, with the sum of
        their rates (simple interest: what a bullet loan charges)."""
        with decimal.localcontext(CONTEXT):
            total_rate = sum(self.rates, Decimal(0))
        return Periods(
            starts=[self.starts[0]],
            due_dates=[self.due_dates[-1]],
            days=[(self.due_dates[-1] - self.starts[0]).days],
            rates=[total_rate],
            regular_rate=None,
            irregular_first=False,
            fee_multipliers=[len(self.due_dates)],
        )


def _scheduled_dates(terms: LoanTerms) -> list[date]:
    frequency, count = terms.frequency, terms.term
    if terms.first_due is None:
        dates = frequency.steps(terms.start, range(1, count + 1))
    else:
        dates = frequency.steps(terms.first_due, range(count))
    rule = terms.business_days
    if rule is None:
        return dates
    adjusted = [rule.adjust(day) for day in dates]
    previous = terms.start
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
    due = _scheduled_dates(terms)
    starts = [terms.start, *due[:-1]]
    ordinals = [day.toordinal() for day in due]
    days = list(map(sub, ordinals, [terms.start.toordinal(), *ordinals[:-1]]))
    annual = terms.annual_rate
    regular = terms.frequency.period_rate(annual) if terms.accrual is Accrual.PERIODIC else None
    irregular_first = terms.has_irregular_first_period
    day_count = terms.day_count
    with decimal.localcontext(CONTEXT):
        if regular is None:
            rates = [
                annual * day_count.year_fraction(b, e) for b, e in zip(starts, due, strict=True)
            ]
        else:
            rates = [regular] * len(due)
            if irregular_first:
                rates[0] = annual * day_count.year_fraction(starts[0], due[0])
    return Periods(
        starts=starts,
        due_dates=due,
        days=days,
        rates=rates,
        regular_rate=regular,
        irregular_first=irregular_first,
        fee_multipliers=[1] * len(due),
    )
