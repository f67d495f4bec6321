"""The actual-balance basis's steps of the servicing walk (:mod:`loancalc.servicing.walk`):
contract interest accrues daily on the principal outstanding.

Under ``ServicingRules(interest_basis="actual-balance")`` the schedule is a plan: what
falls due on each scheduled date is the scheduled payment (the last one: everything
left), but the interest is what the real principal earns, day by day, by the loan's
day count, from the advance or the last payment. The walk stops at the dates that
matter (the advance, due dates, ends of grace, payments, waivers, edges of promotional
and interest-free windows, late-fee dates, ``as_of``); between two of them nothing
changes, so each span accrues in one exact step. On each date, in order:

1. accrue the span: contract interest on the principal (promotional rate, interest-free
   days), penalty interest on overdue principal (the penalty rate less the contract
   rate, which the principal already bears) and compound interest on overdue interest,
   cut by the caps (:mod:`loancalc.servicing.balance_caps`);
2. post: contract interest is rounded per period (advance to first due date, due date
   to due date, after the last): what is charged in a period is always the rounded exact
   interest of the period so far, so paying on the due dates charges exactly what a
   daily-accrual schedule says; penalty and compound interest are rounded cumulatively;
3. scheduled payments fall due, with their scheduled fees
   (:mod:`loancalc.servicing.balance_demands`); 4. waivers; 5. payments, allocated over
   the balances in the strategy's component order (money to principal, interest and fee
   pays the demands, oldest first, then the next ones ahead of time); 6. the end of a
   conditional interest-free window forgives its interest if the loan was repaid in full
   within it, else re-runs the loan from the advance as if there had been no window
   (:mod:`loancalc.servicing.balance_window`); 7. ends of grace (penalty back to the due
   date when retroactive, late fees); 8. repeated late fees. Steps 6 to 8 close the day,
   so they never run on ``as_of`` (a day not yet over): an assessment on a day says what
   paying that day settles, and paying it then avoids them.

The exact rules, written for people: ``docs/actual-balance.md``.

>>> from loancalc import LoanTerms, amortize, ServicingRules
>>> s = amortize(LoanTerms(principal=1000, annual_rate="36%", term=1, start=date(2024, 1, 1),
...                        accrual="daily"))
>>> run = BalanceRun(s, (), (), date(2024, 1, 11), ServicingRules(interest_basis="actual-balance"))
>>> run.execute()
>>> run.balances[:2]  # 1,000 x 36 % x 10 / 360
[Decimal('1000.00'), Decimal('10.00')]
"""

from __future__ import annotations

import copy
import decimal
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal

import attrs

from loancalc.accrual import AccrualGrid
from loancalc.calendar import BusinessDays
from loancalc.money import CONTEXT
from loancalc.schedule import Schedule
from loancalc.servicing._balance_money_in import BalanceMoneyIn
from loancalc.servicing.amounts import frozen_maker
from loancalc.servicing.balance_accrual import BalanceAccrual, penalty_rates
from loancalc.servicing.balance_caps import CapBook
from loancalc.servicing.balance_demands import Demand, Demands, new_demand
from loancalc.servicing.balance_window import check_window, lapse
from loancalc.servicing.dates import by_date, installment_dates
from loancalc.servicing.events import EventKind, RawEvent, raw_event
from loancalc.servicing.ledger import positions
from loancalc.servicing.ledger_event_books import (
    add_balance_charge,
    refund_balance_credit,
    write_off_balances,
)
from loancalc.servicing.ledger_events import Charge, Refund, WriteOff
from loancalc.servicing.payment import Payment
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.settlement import financed_parts
from loancalc.servicing.statement import CapHit, StatementLine
from loancalc.servicing.waiver import Waiver
from loancalc.servicing.walk import Walk

__all__ = ["BalanceRun"]

P, INT, FEE, PEN, COMP, LATE = range(6)
_CONTRACT = (P, INT, FEE)
_ZERO = Decimal(0)
_NOTHING = Decimal(0)  # an exact accrual: a numerator over the loan's AccrualGrid
_NO_CALENDAR = BusinessDays()
_DUE = EventKind.INSTALLMENT_DUE
#: StatementLine from its fields in order (the walk's values are of the right types).
_make_line = frozen_maker(StatementLine, [field.name for field in attrs.fields(StatementLine)])


class BalanceRun(BalanceAccrual, BalanceMoneyIn, Walk[Demand]):
    """One actual-balance assessment's computation (mutable, private).

    After :meth:`execute`: ``balances`` (principal, interest, fee, penalty, compound,
    late fees owed), ``charged``, ``paid``, ``waived`` (by component), ``credit``,
    ``demands``, ``events``, ``lines`` (the statement) and ``caps``.

    >>> BalanceRun.__name__
    'BalanceRun'
    """

    SPLITS_AT_SNAPSHOTS = False  # caps report their days by span: see finished_on

    def __init__(
        self,
        schedule: Schedule,
        payments: Sequence[Payment],
        waivers: Sequence[Waiver],
        as_of: date,
        rules: ServicingRules,
        *,
        refunds: Sequence[Refund] = (),
        charges: Sequence[Charge] = (),
        write_offs: Sequence[WriteOff] = (),
    ) -> None:
        terms = schedule.terms
        self.schedule, self.rules = schedule, rules
        self._setup_walk(payments, waivers, as_of, refunds, charges, write_offs)
        self.written_off_on: date | None = None
        self.start = terms.start
        self.rate = terms.annual_rate
        self.day_count = terms.day_count
        self.rounding = terms.rounding
        self.interest_rounding = terms.rounding.for_interest()
        # the walk rounds inside CONTEXT: its rounding functions need not enter it
        self.round = self.rounding.in_context()
        self.round_interest = self.interest_rounding.in_context()
        with decimal.localcontext(CONTEXT):  # (Rounding.apply, without its checks)
            self.zero = zero = self.round(_ZERO)
            principal = self.round(terms.principal)
        calendar = terms.business_days or _NO_CALENDAR
        order = positions(rules.allocation_strategy)
        rows = schedule.installments
        self.demands = Demands(
            [
                new_demand(number, row.due_date, due, end, row.payment, row.fee)
                for (number, due, end, _), row in zip(
                    installment_dates(schedule, rules.grace, calendar), rows, strict=True
                )
            ],
            zero,
            tuple(i for i in order if i in _CONTRACT),
        )  # fmt: skip
        self.period_ends = {row.due_date for row in rows}
        # per instalment, the part of its fee that repays a financed fee (None: no such
        # fee), and what of those parts has not yet fallen due: settling asks for it
        self.financed = financed_parts(terms, rows)
        self.financed_left = zero
        if self.financed is not None:
            with decimal.localcontext(CONTEXT):
                self.financed_left = sum(self.financed, zero)
        self.balances = [principal, zero, zero, zero, zero, zero]
        self.charged = [principal, zero, zero, zero, zero, zero]
        self.paid = [zero] * 6
        self.waived = [zero] * 6
        self.credit = self.total_paid = self.total_allocated = self.total_refunded = zero
        self.events: list[RawEvent] = []
        self.lines: list[StatementLine] = []
        self.caps = CapBook(rules.caps, principal, self.rounding, zero=zero)
        self.order = order
        self._setup_accrual(rules)
        self.settled_on: date | None = None  # the day a payment left nothing owed
        self.late_fee_total = zero
        # what the statement line being built has seen since the line before
        self.line_interest = self.line_charges = self.line_paid = self.line_due = zero
        self.line_note = ""
        self.line_from = self.interest_from = self.start
        self.penalty_from: date | None = None  # penalty accruing since, not yet charged
        self.noteworthy = False
        self._spare((d.number, d.due, d.grace_end, d.scheduled) for d in self.demands.all)
        self.grace_on = by_date(self.demands.all, lambda demand: demand.grace_end)
        # further advances (tranches): principal added on their dates
        self.advances = by_date(schedule.disbursements, lambda advance: advance[0])
        if self.free_end is not None and self.free_conditional:
            self.end_days.add(self.free_end)
        check_window(self.start, self.free_end, schedule)

    def _setup_accrual(self, rules: ServicingRules) -> None:
        """The rates, the grid and the exact accruals (see :mod:`balance_accrual`)."""
        penalty = rules.penalty
        self.penalize = penalty.charges_anything
        self.penalty_rate, self.compound_rate = penalty_rates(penalty, self.rate)
        self.penalty_days = penalty.day_count
        # exact accruals are numerators over the grid's denominator: the least common
        # one of the contract's and the penalty's day counts
        self.grid = grid = AccrualGrid(self.day_count, self.penalty_days)
        self.contract_span = grid.spans(self.day_count)
        self.penalty_span = (
            None if self.penalty_days is self.day_count else grid.spans(self.penalty_days)
        )
        # exact accruals: this period's contract interest, and the loan's penalty and
        # compound interest; the contract interest charged in this period, and by period
        self.period_exact = self.pen_exact = self.comp_exact = _NOTHING
        self.period_posted = self.zero
        self.period_interest: dict[date, Decimal] = {}
        free = rules.interest_free
        self.free_end = None if free is None else self.start + timedelta(days=free.days)
        self.free_conditional = free is not None and free.conditional
        self.contingent = _NOTHING  # interest of conditional interest-free days

    # ----------------------------------------------------------------------------------
    # The dates, accrual and the day's edges
    # ----------------------------------------------------------------------------------

    def _installments(self) -> Sequence[Demand]:
        return self.demands.all

    def _first_day(self) -> date:
        return self.start

    def _edges(self) -> Iterable[date]:
        yield self.start
        yield from self.grace_on
        yield from self.period_ends
        yield from self.advances
        for promotion in self.rules.promotions:
            yield from (promotion.start, promotion.end)
        if self.free_end is not None:
            yield self.free_end

    def _open_day(self, today: date) -> None:
        self.noteworthy = today in (self.start, self.as_of)
        self._post_interest(today)
        self._post_penalty(today)
        if self.caps.limits_costs:
            self._top_up(today)
        if self.advances:
            for _, amount in self.advances.get(today, ()):
                self._advance(amount, today)

    def _advance(self, amount: Decimal, today: date) -> None:
        """A further advance: principal owed from today (interest from the next day)."""
        self.noteworthy = True
        self.balances[P] += amount
        self.charged[P] += amount
        self.caps.advanced(amount)
        self.line_note = f"advance of {amount}"
        self.events.append(raw_event(today, EventKind.ADVANCED, None, {P: amount}, amount=amount))

    def _apply_credit(self, today: date) -> None:
        pass  # credit pays as each demand falls due (_fall_due)

    def _refund(self, refund: Refund, today: date) -> None:
        refund_balance_credit(self, refund, today)

    def _write_off(self, write_off: WriteOff, today: date) -> None:
        write_off_balances(self, write_off, today)
        if not any(self.balances):  # written off in full: no later fee is charged
            self.financed_left = self.zero

    def _add_charge(self, charge: Charge, today: date) -> None:
        add_balance_charge(self, charge, today)

    def _after_money(self, today: date, due_today: Sequence[Demand]) -> None:
        pass  # every end of grace is a date of the walk from the start

    def _end_day(self, today: date) -> None:
        """A conditional interest-free window ending today lapses or is forgiven."""
        if today == self.free_end and self.free_conditional:
            if self.settled_on is not None or not self._owes():  # repaid within it
                self._forgive_window(today)
            else:
                lapse(self, self._without_window(today), today)

    def _close_day(self, today: date) -> None:
        if today in self.period_ends:
            self._close_period(today)
        if self.noteworthy:
            self._line(today)

    def finished_on(self, day: date, stopped: bool) -> BalanceRun:
        """A copy of this walk, paused on ``day`` after that day's money, finished as an
        assessment on ``day`` would finish it: what accrued is posted and the day's
        statement line written (``stopped``: the walk had stopped on ``day`` for a reason
        of its own, so its posting is done).

        >>> BalanceRun.finished_on.__name__
        'finished_on'
        """
        clone = copy.copy(self)
        clone.balances, clone.charged = list(self.balances), list(self.charged)
        clone.paid, clone.waived = list(self.paid), list(self.waived)
        clone.events, clone.lines = list(self.events), list(self.lines)
        clone.period_interest = dict(self.period_interest)
        clone.demands = self.demands.copy(open_only=True)  # finishing changes no other
        clone.caps = self.caps.copy()
        clone.as_of = day
        if not stopped:  # the walk did not stop here: accrue to the day, then post
            if clone.accrued_to is not None and day > clone.accrued_to:
                clone._accrue(clone.accrued_to, day)
            clone._open_day(day)
        clone.noteworthy = True  # an assessment's own day always has its line
        clone._close_day(day)
        return clone

    def _without_window(self, today: date) -> BalanceRun:
        """The same loan with no interest-free window, walked to ``today``'s payments."""
        rules = self.rules.replace(interest_free=None)
        shadow = BalanceRun(
            self.schedule, self.payments, self.waivers, self.as_of, rules,
            refunds=self.refunds, charges=self.charges, write_offs=self.write_offs,
        )  # fmt: skip
        if rules.late_fee.dated_on_due_date:  # as an assessment without the window
            shadow.fees_first = shadow._fees_before_money()  # finds them (to as_of)
        shadow.stop_on = today
        shadow._walk()  # within this run's decimal context
        return shadow

    # ----------------------------------------------------------------------------------
    # Demands and grace (money in: servicing._balance_money_in)
    # ----------------------------------------------------------------------------------

    def _fall_due(self, demand: Demand, today: date) -> None:
        self.noteworthy = True
        balances = self.balances
        owes = self._owes()  # a settled loan owes no more fees
        financed = self.financed
        if self.financed_left and financed is not None:  # its part falls due with its fee
            self.financed_left -= financed[demand.number - 1]
        fee = demand.fee if owes else self.zero
        if fee:
            fee = self.caps.fit_lump(fee, today)
            self._charge(FEE, fee)
            self.line_charges += fee
        # what is owed and not yet asked for by the demands still unpaid
        owed = max(self.zero, balances[P] + balances[INT] + balances[FEE] - self.demands.arrears)
        last = demand.number == len(self.demands.all)
        amount = owed if last else min(demand.scheduled, owed)
        # Its interest and fee parts follow what the demands before it asked for and what
        # the loan has charged and repaid, not how each payment was labelled: it asks for
        # the interest charged that no earlier demand asked for (the period's, and any
        # left over: a rolled due date's days of the next period excepted) and likewise
        # the fees; the last asks for the interest and fees owed less what the earlier
        # demands asked for and was not repaid (first asked, first repaid).
        _, asked_i, asked_f = self.demands.asked
        charged = self.charged
        closed = demand.scheduled_due in self.period_interest  # (a rolled due date)
        if last:
            earlier_i = max(self.zero, asked_i - (charged[INT] - balances[INT]))
            earlier_f = max(self.zero, asked_f - (charged[FEE] - balances[FEE]))
            period = max(self.zero, balances[INT] - earlier_i)
            fee_part = min(max(self.zero, balances[FEE] - earlier_f), amount)
        else:
            period = self.period_interest[demand.scheduled_due] if closed else self.period_posted
            unasked = charged[INT] - asked_i - (self.period_posted if closed else self.zero)
            period = max(period, unasked)
            fee_part = min(max(fee, charged[FEE] - asked_f), amount)
        interest_part = min(period, amount - fee_part)
        if last:  # asks for all that is left: money paid ahead is already in the balances
            self.demands.ahead = self.zero
        self.demands.fall_due(demand, amount, interest_part, fee_part, today)
        self.line_due += amount
        principal, interest, fee = demand.parts
        amounts = (principal, interest, fee, _ZERO, _ZERO, _ZERO)
        self.events.append((today, _DUE, demand.number, amounts, None, None, None, ""))
        if self.credit and any(balances):  # credit held (or a refund due) pays what it can
            self.credit -= self._allocate(self.credit, today, EventKind.CREDIT_APPLIED, None)

    def _end_grace(self, item: Demand, today: date) -> bool:
        demand = item
        if not demand.fallen or not demand.unpaid:
            demand.pending = demand.pending_comp = _NOTHING  # paid within grace: forgiven
            return False
        self.noteworthy = True
        demand.overdue = True
        self._grace_ended_event(demand, today, demand.unpaid_parts)
        if demand.pending or demand.pending_comp:  # retroactive: back to the due date
            parts = [demand.pending, demand.pending_comp]
            if self.caps.limits_costs:
                parts = self._fit(parts, today)
            self.pen_exact = self.grid.add(self.pen_exact, parts[0])
            self.comp_exact = self.grid.add(self.comp_exact, parts[1])
            demand.pending = demand.pending_comp = _NOTHING
            self._post_penalty(today)
        return True

    def _fee_bases(self, item: Demand) -> tuple[Decimal, Decimal] | None:
        if not item.unpaid:
            return None
        return item.unpaid, item.scheduled - item.fee  # unpaid; scheduled P&I

    def _fit_fee(self, fee: Decimal, today: date) -> Decimal:
        self.noteworthy = True  # a late-fee date of an unpaid demand shows on the statement
        fee = self.caps.default_fee(fee, today)
        if fee > 0:
            fee = self.caps.fit_lump(fee, today)
        return fee

    def _book_late_fee(self, item: Demand, fee: Decimal) -> None:
        self._charge(LATE, fee)
        self.line_charges += fee

    # ----------------------------------------------------------------------------------
    # The statement
    # ----------------------------------------------------------------------------------

    def _line(self, today: date) -> None:
        balances = self.balances
        principal, interest, fee, penalty, compound, late = balances
        self.lines.append(
            _make_line(
                (
                    today, (today - self.line_from).days, self.line_due, self.line_paid,
                    self.line_interest, self.line_charges, principal, interest,
                    fee + penalty + compound + late, self.demands.arrears,
                    sum(balances, _ZERO) - self.credit, self.line_note,
                )
            )
        )  # fmt: skip
        self.line_note = ""
        zero = self.zero
        self.line_interest = self.line_charges = self.line_paid = self.line_due = zero
        self.line_from = today

    def cap_hits(self) -> tuple[CapHit, ...]:
        """The caps that cut something, in the order of their first cut.

        >>> BalanceRun.cap_hits.__name__
        'cap_hits'
        """
        return self.caps.hits()
