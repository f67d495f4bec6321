"""The accrual half of the actual-balance engine: interest, penalty and their posting.

:class:`BalanceAccrual` accrues contract interest on the principal (promotional rate,
interest-free days), penalty interest on overdue principal and compound interest on
overdue interest over a span, cut by the caps, and posts what is due to the balances;
:class:`~loancalc.servicing.balance_walk.BalanceRun` walks the dates and moves the money
(the state these methods work on is set up there).

>>> BalanceAccrual.__name__
'BalanceAccrual'
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from loancalc.accrual import years
from loancalc.interest_basis import InterestBasis
from loancalc.money import Rounding, RoundingMode
from loancalc.rates import DayCount
from loancalc.schedule import Schedule
from loancalc.servicing.balance_caps import CapBook, exact_decimal
from loancalc.servicing.balance_demands import Demand, Demands
from loancalc.servicing.events import EventKind, RawEvent, raw_event
from loancalc.servicing.rules import ServicingRules

__all__ = ["BalanceAccrual"]

P, INT, FEE, PEN, COMP, LATE = range(6)
_ZERO = Decimal(0)
_NOTHING = Fraction(0)


class BalanceAccrual:
    """Accrual and posting over the balances of one actual-balance assessment (mutable,
    private; the walk in :class:`~loancalc.servicing.balance_walk.BalanceRun` sets up
    the state declared here).

    >>> BalanceAccrual._accrue.__name__
    '_accrue'
    """

    schedule: Schedule
    start: date
    as_of: date
    rate_changes: list[date] | None = None  # the rate schedule's change dates, if any
    rules: ServicingRules
    rate: Decimal
    day_count: DayCount
    rounding: Rounding
    interest_rounding: Rounding  # the contract interest's (Rounding.for_interest)
    zero: Decimal
    demands: Demands
    balances: list[Decimal]
    charged: list[Decimal]
    caps: CapBook
    events: list[RawEvent]
    penalize: bool
    penalty_rate: Fraction
    compound_rate: Fraction
    penalty_days: DayCount
    period_exact: Fraction
    pen_exact: Fraction
    comp_exact: Fraction
    period_posted: Decimal
    period_interest: dict[date, Decimal]
    free_end: date | None
    free_conditional: bool
    contingent: Fraction
    line_interest: Decimal
    line_charges: Decimal
    interest_from: date
    penalty_from: date | None
    noteworthy: bool

    def _contract_rate(self, start: date, end: date) -> Decimal:
        if self.free_end is not None and not self.free_conditional and end <= self.free_end:
            return _ZERO
        for promotion in self.rules.promotions:
            if promotion.start <= start and end <= promotion.end:
                return promotion.annual_rate
        return self.rate

    def _accrue(self, start: date, end: date) -> None:
        """Accrue from ``start`` to ``end``; a rate schedule's changes split the span, each
        part at the contract rate in force (and the penalty rates that follow from it)."""
        moving = self.schedule.terms.rate_schedule
        if moving is None:
            self._accrue_span(start, end)
            return
        if self.rate_changes is None:  # once per assessment: the walk's spans only grow
            self.rate_changes = [day for day, _ in moving.changes(self.start, self.as_of)]
        cursor = start
        for day in self.rate_changes:
            if start < day < end:
                self._rate_from(cursor)
                self._accrue_span(cursor, day)
                cursor = day
        self._rate_from(cursor)
        self._accrue_span(cursor, end)

    def _rate_from(self, day: date) -> None:
        """Set the contract rate (and the penalty rates derived from it) in force on ``day``."""
        rate = self.schedule.terms.rate_on(day)
        if rate != self.rate:
            penalty = self.rules.penalty
            self.rate = rate
            self.penalty_rate = Fraction(penalty.penalty_rate(rate, InterestBasis.ACTUAL_BALANCE))
            self.compound_rate = Fraction(penalty.compound_annual_rate(rate))

    def _accrue_span(self, start: date, end: date) -> None:
        principal = Fraction(self.balances[P])
        rate = self._contract_rate(start, end)
        parts = [principal * Fraction(rate) * years(start, end, self.day_count)]
        in_grace: list[Demand] = []
        if self.penalize:
            parts += self._penalty_parts(start, end, in_grace)
            if self.penalty_from is None and any(parts[1:]):
                self.penalty_from = start
        caps = self.caps
        caps.daily(parts, principal, start, end)  # pending penalty cut first, interest last
        caps.grow(principal, years(start, end, self.day_count))
        in_window = self.free_conditional and self.free_end is not None and end <= self.free_end
        if in_window:  # kept apart: forgiven if the loan is repaid within the window (a
            # lapsed window re-runs the loan without it: balance_window)
            self.contingent += parts[0]
            parts[0] = _NOTHING
        charged = parts[:3]
        caps.fit(charged, end, start)
        self.period_exact += charged[0]
        if len(charged) > 1:
            self.pen_exact += charged[1]
            self.comp_exact += charged[2]
        for index, demand in enumerate(in_grace):
            demand.pending += parts[3 + 2 * index]
            demand.pending_comp += parts[4 + 2 * index]

    def _penalty_parts(self, start: date, end: date, in_grace: list[Demand]) -> list[Fraction]:
        """Penalty and compound interest on the overdue demands from ``start`` to
        ``end``, then (retroactive grace) the pair of each demand within grace."""
        span = years(start, end, self.penalty_days)
        penalty_rate, compound_rate = self.penalty_rate * span, self.compound_rate * span
        principal, interest = self.balances[P], self.balances[INT]
        demands = self.demands
        group = [d for d in demands.open if d.overdue]
        base_p, base_i = demands.unpaid_of(group, principal, interest)
        parts = [Fraction(base_p) * penalty_rate, Fraction(base_i) * compound_rate]
        if self.rules.grace.retroactive:  # accrues for the grace days, charged if missed
            for demand in demands.in_grace():
                group.append(demand)
                more_p, more_i = demands.unpaid_of(group, principal, interest)
                parts += [
                    Fraction(more_p - base_p) * penalty_rate,
                    Fraction(more_i - base_i) * compound_rate,
                ]
                base_p, base_i = more_p, more_i
                in_grace.append(demand)
        return parts

    def _post_interest(self, today: date) -> None:
        """Charge the rounded contract interest of the period so far (what was not yet)."""
        add = self.interest_rounding.apply(exact_decimal(self.period_exact)) - self.period_posted
        if add <= 0:
            return
        ceiling = self.caps.ceiling(daily=True)
        if ceiling is not None:
            add = min(add, ceiling)
        if add:
            self._charge(INT, add)
            self.period_posted += add
            self.line_interest += add
            self.events.append(
                raw_event(today, EventKind.INTEREST_ACCRUED, None, {INT: add},
                          start=self.interest_from)
            )  # fmt: skip
            self.interest_from = today

    def _close_period(self, today: date) -> None:
        # the caps count what the period charged, not the crumbs its rounding dropped
        self.caps.costs_exact += Fraction(self.period_posted) - self.period_exact
        self.period_interest[today] = self.period_posted
        self.period_exact = _NOTHING
        self.period_posted = self.zero

    def _top_up(self, today: date) -> None:
        """Once the total or annual cap has stopped accrual, charge what rounding each
        charge down left of its allowance (rounded down), so that reaching a cap always
        costs the cap: paying later never costs less."""
        room = self.caps.exhausted_room()
        if not room:
            return
        up = attrs.evolve(self.rounding, mode=RoundingMode.CEILING).apply
        taken = [self.zero] * 6
        for component, exact, posted in (
            (PEN, self.pen_exact, self.charged[PEN]),
            (COMP, self.comp_exact, self.charged[COMP]),
            (INT, self.period_exact, self.period_posted),
        ):
            crumbs = exact - Fraction(posted)
            take = min(room, up(exact_decimal(crumbs))) if crumbs > 0 else self.zero
            if take > 0:
                self._charge(component, take)
                room -= take
                taken[component] = take
        if taken[INT]:
            self.period_posted += taken[INT]
            self.line_interest += taken[INT]
            self.events.append(
                raw_event(today, EventKind.INTEREST_ACCRUED, None, {INT: taken[INT]},
                          start=self.interest_from, note="to the cap")
            )  # fmt: skip
        if taken[PEN] or taken[COMP]:
            self.line_charges += taken[PEN] + taken[COMP]
            self.events.append(
                raw_event(today, EventKind.PENALTY_ACCRUED, None,
                          {PEN: taken[PEN], COMP: taken[COMP]}, start=self.penalty_from,
                          note="to the cap")
            )  # fmt: skip

    def _post_penalty(self, today: date) -> None:
        rounded = self.rounding.apply
        add_pen = max(self.zero, rounded(exact_decimal(self.pen_exact)) - self.charged[PEN])
        add_comp = max(self.zero, rounded(exact_decimal(self.comp_exact)) - self.charged[COMP])
        if not (add_pen or add_comp):
            return
        ceiling = self.caps.ceiling(daily=True)
        if ceiling is not None:
            add_pen = min(add_pen, ceiling)
            add_comp = min(add_comp, ceiling - add_pen)
        if add_pen or add_comp:
            self._charge(PEN, add_pen)
            self._charge(COMP, add_comp)
            self.line_charges += add_pen + add_comp
            self.events.append(
                raw_event(today, EventKind.PENALTY_ACCRUED, None, {PEN: add_pen, COMP: add_comp},
                          start=self.penalty_from)
            )  # fmt: skip
            self.penalty_from = today if self.pen_exact or self.comp_exact else None

    def _charge(self, component: int, amount: Decimal) -> None:
        if amount:
            self.balances[component] += amount
            self.charged[component] += amount
            self.caps.charged(amount, daily=component in (INT, PEN, COMP))

    def _forgive_window(self, today: date) -> None:
        """The loan was repaid in full within its conditional interest-free window: the
        window's interest is forgiven (a window that lapses:
        :mod:`~loancalc.servicing.balance_window`)."""
        self.noteworthy = True
        contingent, self.contingent = self.contingent, _NOTHING
        forgiven = self.interest_rounding.apply(exact_decimal(contingent))
        self.events.append(
            raw_event(today, EventKind.INTEREST_FORGIVEN, None, {INT: forgiven},
                      note="repaid in full within the interest-free days")
        )  # fmt: skip
