"""What an audit measures a loan's cost against: the principal outstanding over time.

An all-in annual cost is simple annual interest on the principal outstanding each day:
``cost / sum over days of (principal outstanding that day / days in a year)``. The sum
(in principal-years) is kept as an exact ``Fraction`` for two regimes, each measured on
its own (room left under a cap by one is not lent to the other):

- ``regular``: the contract's own charges (interest, fees) on the principal not yet due.
  Scheduled basis: each instalment's period, on its opening balance, for the year
  fraction the schedule accrued it over (a month is 1/12 under periodic accrual, so a
  contract rate is measured as itself); actual-balance basis: each day from the advance
  to ``as_of`` on the principal actually outstanding, over the loan's day-count year.
- ``overdue``: the default charges (penalty interest, compound interest, late fees) on
  the principal overdue, each day after its due date up to ``as_of``, over the year of
  the penalty's day count, on the principal left at the end of the day before (as the
  engine charges penalty). On the scheduled basis contract interest stops on overdue
  principal at its due date, so the default charges have the whole cap; on the
  actual-balance basis contract interest runs on, so they have the cap less the
  contract rate (see :func:`overdue_room`).

A fee charged at disbursement (``schedule.upfront_fee``: ``Fees.upfront`` plus
``Fees.upfront_rate`` of the principal, deducted from the advance) is a cost of the
``regular`` regime, spread over the loan's life as part of its annualised cost: it is
added to the fees, and the principal the regime measures is **the advance net of the
fee**, repaid in proportion to the contract's principal (each day's principal
outstanding times ``(principal - upfront fee) / principal``), as a court takes the amount
actually lent as the principal. A fee of the whole principal or more leaves nothing lent:
every regular charge is above any rate.

>>> from loancalc import Payment, amortize, assess, products
>>> rules = products.get("cn-consumer-finance-instalment")
>>> loan = amortize(rules.terms(principal="12000", annual_rate="18%", term=12,
...                             start=date(2024, 1, 15)))
>>> state = assess(loan, [Payment(date(2024, 2, 15), "1100.16")], date(2024, 3, 25), rules)
>>> m = measure(state)
>>> m.overdue, m.overdue_start  # 933.96 overdue for 10 days, a year of 360
(Fraction(7783, 300), datetime.date(2024, 3, 15))
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from loancalc.amortization._periods import build_periods
from loancalc.errors import LoanCalcError
from loancalc.money import CONTEXT
from loancalc.servicing import LoanState
from loancalc.servicing.assess import assess_dates
from loancalc.servicing.components import Component
from loancalc.servicing.rules import InterestBasis

__all__ = ["Measure", "measure", "overdue_room", "year_shares"]

_ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class Measure:
    """The figures an audit compares with the limits (see the module docstring).

    ``costs`` and ``outstanding``: by component, what was charged less what was waived,
    and what is unpaid. ``regular`` and ``overdue``: principal-years of each regime;
    ``*_start`` / ``*_end``: the period each covers. ``contract_rate``: the loan's annual
    rate; ``actual_balance``: its basis; ``days_per_year``: the year of its day count.
    ``principal``: the principal lent under the contract; ``upfront``: the fee charged at
    disbursement (counted in ``costs`` as a fee); ``advance``: ``principal - upfront``
    (never below zero), the amount actually lent, on which ``regular`` is measured.
    """

    costs: dict[Component, Decimal]
    outstanding: dict[Component, Decimal]
    regular: Fraction
    regular_start: date
    regular_end: date
    overdue: Fraction
    overdue_start: date | None
    as_of: date
    contract: date
    contract_rate: Decimal
    actual_balance: bool
    days_per_year: int
    principal: Decimal
    upfront: Decimal
    advance: Decimal


def overdue_room(cap: Decimal, m: Measure) -> Decimal:
    """The rate default charges may cost on overdue principal under an all-in ``cap``:
    the whole cap on the scheduled basis, the cap less the contract rate (never below
    zero) on the actual-balance basis, where contract interest runs on.

    >>> from fractions import Fraction
    >>> m = Measure(costs={}, outstanding={}, regular=Fraction(0), regular_start=date(2024, 1, 1),
    ...             regular_end=date(2024, 1, 1), overdue=Fraction(0), overdue_start=None,
    ...             as_of=date(2024, 1, 1), contract=date(2024, 1, 1),
    ...             contract_rate=Decimal("0.18"), actual_balance=True, days_per_year=360,
    ...             principal=Decimal(1), upfront=Decimal(0), advance=Decimal(1))
    >>> overdue_room(Decimal("0.24"), m)
    Decimal('0.06')
    """
    if not m.actual_balance:
        return cap
    with decimal.localcontext(CONTEXT):
        return max(cap - m.contract_rate, _ZERO)


def measure(state: LoanState) -> Measure:
    """The :class:`Measure` of ``state`` (see the module docstring)."""
    terms = state.schedule.terms
    charged, waived, out = state.charged, state.waived, state.outstanding
    upfront = state.schedule.upfront_fee
    with decimal.localcontext(CONTEXT):
        costs = {c: charged.get(c) - waived.get(c) for c in Component}
        costs[Component.FEE] += upfront
        advance = max(terms.principal - upfront, _ZERO)
    actual = state.rules.interest_basis is InterestBasis.ACTUAL_BALANCE
    year = terms.day_count.days_per_year
    if actual:
        regular, end = _actual_regular(state, year), state.as_of
    else:
        regular, end = _scheduled_regular(state), state.schedule.installments[-1].due_date
    if upfront:  # the principal actually lent: the advance net of the fee, pro rata
        regular = regular * Fraction(advance) / Fraction(terms.principal)
    overdue, first = _overdue(state)
    return Measure(
        costs=costs,
        outstanding={c: out.get(c) for c in Component},
        regular=regular,
        regular_start=terms.start,
        regular_end=end,
        overdue=overdue,
        overdue_start=first,
        as_of=state.as_of,
        contract=terms.start,
        contract_rate=terms.annual_rate,
        actual_balance=actual,
        days_per_year=year,
        principal=terms.principal,
        upfront=upfront,
        advance=advance,
    )


def year_shares(state: LoanState) -> list[Fraction]:
    """The year fraction each instalment's interest was accrued over (a month is 1/12
    under periodic accrual; days over the day count's year under daily accrual).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate="12%", term=2,
    ...                        start=date(2024, 1, 15)))
    >>> [f"{float(share):.6f}" for share in year_shares(assess(s, [], date(2024, 1, 15)))]
    ['0.083333', '0.083333']
    """
    terms = state.schedule.terms
    try:
        periods = build_periods(terms.replace(annual_rate=Decimal(1)))
        fractions = list(zip(periods.due_dates, periods.rates, strict=True))
    except (LoanCalcError, ValueError, ArithmeticError):
        fractions = []
    year = terms.day_count.days_per_year
    shares = []
    previous = terms.start
    for item in state.schedule.installments:
        inside = [Fraction(rate) for due, rate in fractions if previous < due <= item.due_date]
        shares.append(sum(inside, Fraction(0)) if inside else Fraction(item.days, year))
        previous = item.due_date
    return shares


def _scheduled_regular(state: LoanState) -> Fraction:
    """Each instalment's opening balance times the year fraction of its period(s)."""
    installments = state.schedule.installments
    return sum(
        (Fraction(item.opening_balance) * share
         for item, share in zip(installments, year_shares(state), strict=True)),
        Fraction(0),
    )  # fmt: skip


def _actual_regular(state: LoanState, year: int) -> Fraction:
    """The principal actually outstanding each day, from the statement."""
    total = Fraction(0)
    principal = state.schedule.terms.principal
    for line in state.statement:
        if line.days:
            total += Fraction(principal) * line.days
        principal = line.principal
    return total / year


def _overdue(state: LoanState) -> tuple[Fraction, date | None]:
    """Principal-years of overdue principal up to ``as_of``, and the first due date."""
    as_of = state.as_of
    due = [item.due_date for item in state.installments if item.due_date < as_of]
    if not due or (not state.rules.penalty.charges_anything and not state.late_fees):
        return Fraction(0), None
    first = min(due)
    changes = {*due}
    changes |= {p.date for p in state.payments if first <= p.date < as_of}
    changes |= {w.date for w in state.waivers if first <= w.date < as_of}
    days = sorted(changes)
    states = assess_dates(state.schedule, state.payments, days, state.rules, waivers=state.waivers)
    total = Fraction(0)
    start: date | None = None
    for index, (day, then) in enumerate(zip(days, states, strict=True)):
        until = days[index + 1] if index + 1 < len(days) else as_of
        overdue = sum(
            (item.outstanding.principal for item in then.installments if item.due_date <= day),
            _ZERO,
        )
        if overdue and start is None:
            start = day
        total += Fraction(overdue) * (until - day).days
    return total / state.rules.penalty.day_count.days_per_year, start
