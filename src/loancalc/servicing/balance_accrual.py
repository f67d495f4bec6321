"""The accrual half of the actual-balance engine: interest, penalty and their posting.

:class:`BalanceAccrual` accrues contract interest on the principal (promotional rate,
interest-free days), penalty interest on overdue principal and compound interest on
overdue interest over a span, cut by the caps, and posts what is due to the balances;
:class:`~loancalc.servicing.balance_walk.BalanceRun` walks the dates and moves the money
(the state these methods work on is set up there).

What accrues is kept exact, as decimal numerators over the loan's
:class:`~loancalc.accrual.AccrualGrid` (one denominator for all of them: a span's interest
is two exact multiplications, a sum one exact addition); it is divided out only where it
is rounded to the money grid, and turned into a ``Fraction`` only for the caps.

>>> BalanceAccrual.__name__
'BalanceAccrual'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from loancalc.accrual import AccrualGrid
from loancalc.interest_basis import InterestBasis
from loancalc.money import Rounding, RoundingMode
from loancalc.rates import DayCount
from loancalc.schedule import Schedule
from loancalc.servicing.balance_caps import CapBook
from loancalc.servicing.balance_demands import Demand, Demands
from loancalc.servicing.events import EventKind, RawEvent, raw_event
from loancalc.servicing.policies import PenaltyPolicy
from loancalc.servicing.rules import ServicingRules

__all__ = ["BalanceAccrual", "penalty_rates"]

P, INT, FEE, PEN, COMP, LATE = range(6)
_ZERO = Decimal(0)
_INTEREST = (INT, PEN, COMP)
_ACCRUED = EventKind.INTEREST_ACCRUED
_PENALTY = EventKind.PENALTY_ACCRUED
_NOTHING = Decimal(0)  # an exact accrual: a numerator over the loan's AccrualGrid


@functools.lru_cache(maxsize=256)
def penalty_rates(penalty: PenaltyPolicy, contract_rate: Decimal) -> tuple[Decimal, Decimal]:
    """The annual rates of penalty interest on overdue principal (beyond the contract
    rate it bears already) and of compound interest on overdue interest, for a loan at
    ``contract_rate`` (kept: a loan's rules and rates repeat from one assessment to the
    next, and the rates only multiply exact accruals, whose values alone matter).

    >>> from loancalc.servicing import PenaltyRate
    >>> penalty_rates(PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5"),
    ...                             compound=True), Decimal("0.18"))
    (Decimal('0.090'), Decimal('0.270'))
    """
    return (
        penalty.penalty_rate(contract_rate, InterestBasis.ACTUAL_BALANCE),
        penalty.compound_annual_rate(contract_rate),
    )


def _owed(
    principal_left: Decimal,
    interest_left: Decimal,
    unpaid: Decimal,
    principal: Decimal,
    interest: Decimal,
) -> tuple[Decimal, Decimal]:
    """The overdue principal and interest of a group of demands: what of the principal
    and interest they asked for is left unpaid (``principal_left``, ``interest_left``),
    within what they leave unpaid in all (``unpaid``, the principal first) and within the
    balances owed.

    >>> _owed(Decimal(80), Decimal(10), Decimal(85), Decimal(500), Decimal(10))
    (Decimal('80'), Decimal('5'))
    """
    owed_p = min(max(principal_left, _ZERO), unpaid, principal)
    owed_i = min(max(interest_left, _ZERO), unpaid - owed_p, interest)
    return owed_p, owed_i


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
    penalty_rate: Decimal
    compound_rate: Decimal
    penalty_days: DayCount
    grid: AccrualGrid
    contract_span: Callable[[date, date], int]  # the grid's span under day_count
    penalty_span: Callable[[date, date], int] | None  # under penalty_days (None: the same)
    round: Callable[[Decimal], Decimal]  # rounding.in_context() (the walk is in CONTEXT)
    round_interest: Callable[[Decimal], Decimal]  # interest_rounding.in_context()
    period_exact: Decimal
    pen_exact: Decimal
    comp_exact: Decimal
    period_posted: Decimal
    period_interest: dict[date, Decimal]
    free_end: date | None
    free_conditional: bool
    contingent: Decimal
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
            self.rate = rate
            self.penalty_rate, self.compound_rate = penalty_rates(self.rules.penalty, rate)

    def _accrue_span(self, start: date, end: date) -> None:
        principal = self.balances[P]
        span = self.contract_span(start, end)
        multiply = self.grid.context.multiply  # numerators: exact (see AccrualGrid)
        parts = [multiply(multiply(principal, self._contract_rate(start, end)), span)]
        in_grace: list[Demand] = []
        if self.penalize and self.demands.open:  # (nothing is overdue or in grace else)
            parts += self._penalty_parts(start, end, span, in_grace)
            if self.penalty_from is None and any(parts[1:]):
                self.penalty_from = start
        self._charge_accrued(parts, principal, span, start, end, in_grace)

    def _charge_accrued(  # noqa: PLR0917 -- one span's accrual, as _accrue_span left it
        self,
        parts: list[Decimal],
        principal: Decimal,
        span: int,
        start: date,
        end: date,
        in_grace: list[Demand],
    ) -> None:
        """Cut the span's ``parts`` (contract, penalty, compound interest, then the pair
        of each demand ``in_grace``) by the caps and add them to what accrued."""
        charged = parts
        if self.caps.limits_charges or self.free_conditional:
            parts, charged = self._cut(parts, principal, span, start, end)
        add = self.grid.context.add
        self.period_exact = add(self.period_exact, charged[0])
        if len(charged) > 1:
            self.pen_exact = add(self.pen_exact, charged[1])
            self.comp_exact = add(self.comp_exact, charged[2])
        for index, demand in enumerate(in_grace):
            demand.pending = add(demand.pending, parts[3 + 2 * index])
            demand.pending_comp = add(demand.pending_comp, parts[4 + 2 * index])

    def _cut(
        self, parts: list[Decimal], principal: Decimal, span: int, start: date, end: date
    ) -> tuple[list[Decimal], list[Decimal]]:
        """``parts`` as the caps and a conditional interest-free window leave them, and
        what of them is charged (the contract, penalty and compound interest)."""
        caps = self.caps
        if caps.daily_share is not None:  # pending penalty cut first, interest last
            parts = self._cut_daily(parts, principal, start, end)
        if caps.annual is not None:
            caps.grow(Fraction(principal), Fraction(span, self.grid.denominator))
        if self.free_conditional and self.free_end is not None and end <= self.free_end:
            # kept apart: forgiven if the loan is repaid within the window (a lapsed
            # window re-runs the loan without it: balance_window)
            self.contingent = self.grid.context.add(self.contingent, parts[0])
            parts[0] = _NOTHING
        charged = parts[:3]
        if caps.limits_costs:
            charged = self._fit(charged, end, start)
        return parts, charged

    def _cut_daily(
        self, parts: list[Decimal], principal: Decimal, start: date, end: date
    ) -> list[Decimal]:
        """``parts`` cut to the daily cap (the cap book counts in exact fractions)."""
        grid = self.grid
        exact = [grid.fraction(part) for part in parts]
        self.caps.daily(exact, Fraction(principal), start, end)
        return [grid.numerator(part) for part in exact]

    def _fit(self, parts: list[Decimal], day: date, since: date | None = None) -> list[Decimal]:
        """``parts`` cut to the total and annual caps (see :meth:`CapBook.fit`)."""
        grid = self.grid
        exact = [grid.fraction(part) for part in parts]
        self.caps.fit(exact, day, since)
        return [grid.numerator(part) for part in exact]

    def _penalty_parts(
        self, start: date, end: date, contract_span: int, in_grace: list[Demand]
    ) -> list[Decimal]:
        """Penalty and compound interest on the overdue demands from ``start`` to
        ``end``, then (retroactive grace) the pair of each demand within grace."""
        penalty_span = self.penalty_span
        span = contract_span if penalty_span is None else penalty_span(start, end)
        multiply = self.grid.context.multiply
        penalty_rate = multiply(self.penalty_rate, span)
        compound_rate = multiply(self.compound_rate, span)
        balances, charged = self.balances, self.charged
        principal, interest = balances[P], balances[INT]
        # The overdue parts follow what the demands asked for and what of the loan's
        # principal and interest is still unpaid, not how each payment was labelled: of
        # the principal the demands fallen due so far asked for, what the principal repaid
        # (paid, waived or written off, to any demand or ahead) has not reached is unpaid,
        # oldest demand first; likewise interest. A group of demands (the overdue ones,
        # then each one within grace, oldest first) owes at most its unpaid amount, the
        # principal first, and at most the balances.
        repaid_p, repaid_i = charged[P] - principal, charged[INT] - interest
        unpaid = base_p = base_i = _ZERO
        within: list[Demand] = []
        for demand in self.demands.open:  # (oldest first: the overdue ones, then in grace)
            if demand.overdue:
                unpaid += demand.unpaid
                asked_p, asked_i = demand.through
                base_p, base_i = _owed(asked_p - repaid_p, asked_i - repaid_i, unpaid,
                                       principal, interest)  # fmt: skip
            else:
                within.append(demand)
        result = [multiply(base_p, penalty_rate), multiply(base_i, compound_rate)]
        if within and self.rules.grace.retroactive:  # accrues for the grace days, charged
            # if missed
            for demand in within:
                unpaid += demand.unpaid
                asked_p, asked_i = demand.through
                more_p, more_i = _owed(asked_p - repaid_p, asked_i - repaid_i, unpaid,
                                       principal, interest)  # fmt: skip
                result += [
                    multiply(more_p - base_p, penalty_rate),
                    multiply(more_i - base_i, compound_rate),
                ]
                base_p, base_i = more_p, more_i
                in_grace.append(demand)
        return result

    def _post_interest(self, today: date) -> None:
        """Charge the rounded contract interest of the period so far (what was not yet)."""
        if not self.period_exact:
            return
        add = self.round_interest(self.grid.value(self.period_exact)) - self.period_posted
        if add <= 0:
            return
        caps = self.caps
        if caps.limits_charges:
            ceiling = caps.ceiling(daily=True)
            if ceiling is not None:
                add = min(add, ceiling)
        if add:
            self.balances[INT] += add  # (_charge, inline)
            self.charged[INT] += add
            caps.posted_costs += add
            caps.posted_daily += add
            self.period_posted += add
            self.line_interest += add
            amounts = (_ZERO, add, _ZERO, _ZERO, _ZERO, _ZERO)  # (a RawEvent, as raw_event
            # makes it: the walk's most frequent event)
            self.events.append((today, _ACCRUED, None, amounts, None, None, self.interest_from, ""))
            self.interest_from = today

    def _close_period(self, today: date) -> None:
        # the caps count what the period charged, not the crumbs its rounding dropped
        if self.caps.limits_costs:
            exact = self.grid.fraction(self.period_exact)
            self.caps.costs_exact += Fraction(self.period_posted) - exact
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
        grid = self.grid
        taken = [self.zero] * 6
        for component, exact, posted in (
            (PEN, self.pen_exact, self.charged[PEN]),
            (COMP, self.comp_exact, self.charged[COMP]),
            (INT, self.period_exact, self.period_posted),
        ):
            crumbs = grid.subtract(exact, grid.of_amount(posted))
            take = min(room, up(grid.value(crumbs))) if crumbs > 0 else self.zero
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
        pen, comp = self.pen_exact, self.comp_exact
        if not (pen or comp):
            return
        rounded, value, zero = self.round, self.grid.value, self.zero
        add_pen = max(zero, rounded(value(pen)) - self.charged[PEN]) if pen else zero
        add_comp = max(zero, rounded(value(comp)) - self.charged[COMP]) if comp else zero
        if not (add_pen or add_comp):
            return
        if self.caps.limits_charges:
            ceiling = self.caps.ceiling(daily=True)
            if ceiling is not None:
                add_pen = min(add_pen, ceiling)
                add_comp = min(add_comp, ceiling - add_pen)
        if add_pen or add_comp:
            self._charge(PEN, add_pen)
            self._charge(COMP, add_comp)
            self.line_charges += add_pen + add_comp
            amounts = (_ZERO, _ZERO, _ZERO, add_pen, add_comp, _ZERO)
            self.events.append(
                (today, _PENALTY, None, amounts, None, None, self.penalty_from, "")
            )  # (a RawEvent, as raw_event makes it)
            self.penalty_from = today if self.pen_exact or self.comp_exact else None

    def _charge(self, component: int, amount: Decimal) -> None:
        if amount:
            self.balances[component] += amount
            self.charged[component] += amount
            caps = self.caps  # (CapBook.charged, inline: called for every charge)
            caps.posted_costs += amount
            if component in _INTEREST:
                caps.posted_daily += amount

    def _forgive_window(self, today: date) -> None:
        """The loan was repaid in full within its conditional interest-free window: the
        window's interest is forgiven (a window that lapses:
        :mod:`~loancalc.servicing.balance_window`)."""
        self.noteworthy = True
        contingent, self.contingent = self.contingent, _NOTHING
        forgiven = self.interest_rounding.apply(self.grid.value(contingent))
        self.events.append(
            raw_event(today, EventKind.INTEREST_FORGIVEN, None, {INT: forgiven},
                      note="repaid in full within the interest-free days")
        )  # fmt: skip
