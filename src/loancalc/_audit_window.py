"""A limit that ends: the contract's own charges for the days up to a rule's last day.

A rule applied by ``contract-window`` (a temporary cap on the agreements made while it
was in force) measures only what accrued on the days up to its ``applies_to``: after it
lapses the contract's rate applies again, to those agreements too. :func:`windowed`
gives the loan's :class:`~loancalc._audit_measure.Measure` of the ``regular`` regime cut
at that day, and the interest and fees that accrued by then:

- a period (an instalment's, on the scheduled basis; a statement line's span, on the
  actual-balance basis) wholly on or before the day counts whole; one that straddles it
  counts for the share of its days up to and including the day (its interest, fees and
  principal-years pro rata by days); one after it counts nothing;
- the fee charged at disbursement is spread over the loan's life as its principal-years
  are: it counts for the share of them inside the window (whole when nothing was lent);
- the interest and fees so found are rounded down to the money grid (an excess is never
  overstated by a fraction of a cent).

>>> from loancalc import LoanTerms, amortize, assess
>>> from loancalc._audit_measure import measure
>>> s = amortize(LoanTerms(principal=1000, annual_rate="12%", term=2, method="interest-only",
...                        start=date(2021, 8, 1)))
>>> state = assess(s, [], date(2021, 8, 1))
>>> m, costs = windowed(state, measure(state), date(2021, 8, 31))
>>> f"{float(m.regular):.4f}", m.regular_end, costs[Component.INTEREST]  # 1000 x 1/12
('83.3333', datetime.date(2021, 8, 31), Decimal('10.00'))
>>> m, costs = windowed(state, measure(state), date(2021, 9, 15))  # 15 of September's 30 days
>>> f"{float(m.regular):.4f}", costs[Component.INTEREST]  # 1000 x 1.5/12; 10.00 + 5.00
('125.0000', Decimal('15.00'))
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs

from loancalc._audit_measure import Measure, year_shares
from loancalc.money import CONTEXT, RoundingMode
from loancalc.servicing import LoanState
from loancalc.servicing.components import Component

__all__ = ["windowed"]


def _part(begin: date, end: date, until: date) -> Fraction:
    """The share of the days from ``begin`` (included) to ``end`` (excluded) on or before
    ``until``; a span of no days counts whole when it ends by ``until``."""
    days = (end - begin).days
    if days <= 0:
        return Fraction(1 if end <= until else 0)
    inside = (min(end, until + timedelta(days=1)) - begin).days
    return Fraction(min(max(inside, 0), days), days)


def windowed(state: LoanState, m: Measure, until: date) -> tuple[Measure, dict[Component, Decimal]]:
    """``m`` with its ``regular`` regime measured up to ``until`` (included), and the
    interest and fees that accrued by then (see the module docstring)."""
    terms = state.schedule.terms
    scale = Fraction(m.advance) / Fraction(m.principal)
    years = Fraction(0)
    interest = fees = Fraction(0)
    if m.actual_balance:
        principal = terms.principal
        for line in state.statement:
            if line.days:
                part = _part(line.date - timedelta(days=line.days), line.date, until)
                years += Fraction(principal) * line.days * part / m.days_per_year
                interest += Fraction(line.interest) * part
            principal = line.principal
    else:
        previous = terms.start
        installments = state.schedule.installments
        for item, share in zip(installments, year_shares(state), strict=True):
            part = _part(previous, item.due_date, until)
            years += Fraction(item.opening_balance) * share * part
            interest += Fraction(item.interest) * part
            fees += Fraction(item.fee) * part
            previous = item.due_date
    years *= scale
    if m.upfront:
        fees += Fraction(m.upfront) * (years / m.regular if m.regular else 1)
    down = attrs.evolve(terms.rounding, mode=RoundingMode.DOWN)
    with decimal.localcontext(CONTEXT):
        costs = {
            Component.INTEREST: down.apply(Decimal(interest.numerator) / interest.denominator),
            Component.FEE: down.apply(Decimal(fees.numerator) / fees.denominator),
        }
    end = min(until, m.regular_end)
    return attrs.evolve(m, regular=years, regular_end=end), costs
