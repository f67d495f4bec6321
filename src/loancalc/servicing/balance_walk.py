"""The actual-balance engine: contract interest accrues daily on the principal outstanding.

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

import decimal
import heapq
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from loancalc.calendar import BusinessDays
from loancalc.money import CONTEXT
from loancalc.schedule import Schedule
from loancalc.servicing._balance_money_in import BalanceMoneyIn
from loancalc.servicing.balance_accrual import BalanceAccrual
from loancalc.servicing.balance_caps import CapBook
from loancalc.servicing.balance_demands import Demand, Demands
from loancalc.servicing.balance_window import check_window, lapse
from loancalc.servicing.dates import by_date, installment_dates
from loancalc.servicing.events import EventKind, RawEvent, raw_event
from loancalc.servicing.late_fee import SPARED_NOTE, spared_installments
from loancalc.servicing.ledger import positions
from loancalc.servicing.ledger_event_books import (
    add_balance_charge,
    refund_balance_credit,
    write_off_balances,
)
from loancalc.servicing.ledger_events import Charge, Refund, WriteOff
from loancalc.servicing.payment import Payment
from loancalc.servicing.policies import LateFeeKind
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.statement import CapHit, StatementLine
from loancalc.servicing.waiver import Waiver

__all__ = ["BalanceRun"]

P, INT, FEE, PEN, COMP, LATE = range(6)
_CONTRACT = (P, INT, FEE)
_ZERO = Decimal(0)
_NOTHING = Fraction(0)


class BalanceRun(BalanceAccrual, BalanceMoneyIn):
    """One actual-balance assessment's computation (mutable, private).

    After :meth:`execute`: ``balances`` (principal, interest, fee, penalty, compound,
    late fees owed), ``charged``, ``paid``, ``waived`` (by component), ``credit``,
    ``demands``, ``events``, ``lines`` (the statement) and ``caps``.

    >>> BalanceRun.__name__
    'BalanceRun'
    """

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
        self.schedule, self.rules, self.as_of = schedule, rules, as_of
        self.payments, self.waivers = payments, waivers
        self.refunds, self.charges, self.write_offs = refunds, charges, write_offs
        self.written_off_on: date | None = None
        self.start = terms.start
        self.rate = terms.annual_rate
        self.day_count = terms.day_count
        self.rounding = terms.rounding
        self.zero = zero = self.rounding.apply(_ZERO)
        calendar = terms.business_days or BusinessDays()
        rows = schedule.installments
        self.demands = Demands(
            [
                Demand(
                    number=number, scheduled_due=row.due_date, due=due, grace_end=end,
                    scheduled=row.payment, fee=row.fee,
                )
                for (number, due, end, _), row in zip(
                    installment_dates(schedule, rules.grace, calendar), rows, strict=True
                )
            ],
            zero,
            tuple(i for i in positions(rules.allocation_strategy) if i in _CONTRACT),
        )  # fmt: skip
        self.period_ends = {row.due_date for row in rows}
        principal = self.rounding.apply(terms.principal)
        self.balances = [principal, zero, zero, zero, zero, zero]
        self.charged = [principal, zero, zero, zero, zero, zero]
        self.paid = [zero] * 6
        self.waived = [zero] * 6
        self.credit = self.total_paid = self.total_allocated = self.total_refunded = zero
        self.events: list[RawEvent] = []
        self.lines: list[StatementLine] = []
        self.caps = CapBook(rules.caps, principal, self.rounding)
        self.order = positions(rules.allocation_strategy)
        penalty = rules.penalty
        self.penalize = penalty.charges_anything
        self.penalty_rate = Fraction(max(_ZERO, penalty.annual_rate(self.rate) - self.rate))
        self.compound_rate = Fraction(penalty.compound_annual_rate(self.rate))
        self.penalty_days = penalty.day_count
        # exact accruals: this period's contract interest, and the loan's penalty and
        # compound interest; the contract interest charged in this period, and by period
        self.period_exact = self.pen_exact = self.comp_exact = _NOTHING
        self.period_posted = zero
        self.period_interest: dict[date, Decimal] = {}
        free = rules.interest_free
        self.free_end = None if free is None else self.start + timedelta(days=free.days)
        self.free_conditional = free is not None and free.conditional
        self.contingent = _NOTHING  # interest of conditional interest-free days
        self.settled_on: date | None = None  # the day a payment left nothing owed
        self.late_fee_total = zero
        # what the statement line being built has seen since the line before
        self.line_interest = self.line_charges = self.line_paid = self.line_due = zero
        self.line_note = ""
        self.line_from = self.interest_from = self.start
        self.penalty_from: date | None = None  # penalty accruing since, not yet charged
        self.noteworthy = False
        self.stop_on: date | None = None  # the walk stops after this day's payments
        self.spared = spared_installments(
            rules.late_fee,
            ((d.number, d.due, d.grace_end, d.scheduled) for d in self.demands.all),
            ((payment.date, payment.amount) for payment in payments),
        )
        check_window(self.start, self.free_end, schedule)

    # ----------------------------------------------------------------------------------
    # The walk
    # ----------------------------------------------------------------------------------

    def execute(self) -> None:
        """Walk every date up to ``as_of`` (once).

        >>> BalanceRun.execute.__name__
        'execute'
        """
        with decimal.localcontext(CONTEXT):
            self._walk()

    def _walk(self) -> None:
        as_of, start = self.as_of, self.start
        due_on = by_date(self.demands.all, lambda demand: demand.due)
        grace_on = by_date(self.demands.all, lambda demand: demand.grace_end)
        paid_on = by_date(self.payments, lambda payment: payment.date)
        waived_on = by_date(self.waivers, lambda waiver: waiver.date)
        refunds_on = by_date(self.refunds, lambda refund: refund.date)
        charges_on = by_date(self.charges, lambda charge: charge.date)
        write_offs_on = by_date(self.write_offs, lambda write_off: write_off.date)
        self.fees_on: dict[date, list[Demand]] = {}
        edges = {start, as_of, *due_on, *grace_on, *paid_on, *waived_on, *self.period_ends}
        edges.update((*refunds_on, *charges_on, *write_offs_on))
        for promotion in self.rules.promotions:
            edges.update((promotion.start, promotion.end))
        if self.free_end is not None:
            edges.add(self.free_end)
        if self.stop_on is not None:
            edges.add(self.stop_on)
        self.heap = sorted(d for d in edges if start <= d <= as_of)
        self.seen = set(self.heap)
        previous = start
        while self.heap:
            today = heapq.heappop(self.heap)
            if today > previous:
                self._accrue(previous, today)
            previous = today
            self.noteworthy = today in (start, as_of)
            self._post_interest(today)
            self._post_penalty(today)
            self._top_up(today)
            for demand in due_on.get(today, ()):
                self._fall_due(demand, today)
            for waiver in waived_on.get(today, ()):
                self._waive(waiver, today)
            for payment in paid_on.get(today, ()):
                self._receive(payment, today)
            for refund in refunds_on.get(today, ()):
                refund_balance_credit(self, refund, today)
            for write_off in write_offs_on.get(today, ()):
                write_off_balances(self, write_off, today)
            for charge in charges_on.get(today, ()):
                add_balance_charge(self, charge, today)
            if today == self.stop_on:
                return  # a lapsed window's re-run (balance_window.lapse) takes over here
            if today != as_of:  # the end of the day (as_of is not over: paying on it
                self._end_of_day(today, grace_on)  # avoids these)
            if today in self.period_ends:
                self._close_period(today)
            if self.noteworthy:
                self._line(today)

    def _end_of_day(self, today: date, grace_on: dict[date, list[Demand]]) -> None:
        """What closes a day: a lapsed conditional interest-free window, ends of grace
        and late fees (a payment made that day would have avoided each of them)."""
        if today == self.free_end and self.free_conditional:
            if self.settled_on is not None or not any(self.balances):  # repaid within it
                self._forgive_window(today)
            else:
                lapse(self, self._without_window(today), today)
        for demand in grace_on.get(today, ()):
            self._end_grace(demand, today)
        for demand in self.fees_on.get(today, ()):
            self._late_fee(demand, today)

    def _without_window(self, today: date) -> BalanceRun:
        """The same loan with no interest-free window, walked to ``today``'s payments."""
        rules = self.rules.replace(interest_free=None)
        shadow = BalanceRun(
            self.schedule, self.payments, self.waivers, self.as_of, rules,
            refunds=self.refunds, charges=self.charges, write_offs=self.write_offs,
        )  # fmt: skip
        shadow.stop_on = today
        shadow._walk()  # within this run's decimal context
        return shadow

    def _add_date(self, day: date) -> None:
        if day <= self.as_of and day not in self.seen:
            self.seen.add(day)
            heapq.heappush(self.heap, day)

    # ----------------------------------------------------------------------------------
    # Demands and grace (money in: servicing._balance_money_in)
    # ----------------------------------------------------------------------------------

    def _fall_due(self, demand: Demand, today: date) -> None:
        self.noteworthy = True
        balances = self.balances
        fee = demand.fee if any(balances) else self.zero  # a settled loan owes no more fees
        if fee:
            fee = self.caps.fit_lump(fee, today)
            self._charge(FEE, fee)
            self.line_charges += fee
        # what is owed and not yet asked for by the demands still unpaid
        owed = max(self.zero, balances[P] + balances[INT] + balances[FEE] - self.demands.arrears)
        last = demand.number == len(self.demands.all)
        amount = owed if last else min(demand.scheduled, owed)
        fee_part = min(fee, amount)
        period = self.period_interest.get(demand.scheduled_due, self.period_posted)
        if last:  # it asks for the balances: its interest is what is owed and not yet asked
            asked = sum((d.unpaid_parts[1] for d in self.demands.open), self.zero)
            period = max(self.zero, balances[INT] - asked)
        interest_part = min(period, amount - fee_part)
        if last:  # asks for all that is left: money paid ahead is already in the balances
            self.demands.ahead = self.zero
        self.demands.fall_due(demand, amount, interest_part, fee_part, today)
        self.line_due += amount
        self.events.append(raw_event(today, EventKind.INSTALLMENT_DUE, demand.number, demand.parts))
        if self.credit and any(balances):  # credit held (or a refund due) pays what it can
            self.credit -= self._allocate(self.credit, today, EventKind.CREDIT_APPLIED, None)

    def _end_grace(self, demand: Demand, today: date) -> None:
        if not demand.fallen or not demand.unpaid:
            demand.pending = demand.pending_comp = _NOTHING  # paid within grace: forgiven
            return
        self.noteworthy = True
        demand.overdue = True
        spared = demand.number in self.spared
        self.events.append(
            raw_event(today, EventKind.GRACE_ENDED, demand.number, demand.unpaid_parts,
                      note=SPARED_NOTE if spared else "")
        )  # fmt: skip
        if demand.pending or demand.pending_comp:  # retroactive: back to the due date
            parts = [demand.pending, demand.pending_comp]
            self.caps.fit(parts, today)
            self.pen_exact += parts[0]
            self.comp_exact += parts[1]
            demand.pending = demand.pending_comp = _NOTHING
            self._post_penalty(today)
        if self.rules.late_fee.kind is not LateFeeKind.NONE and not spared:
            self._late_fee(demand, today)

    def _late_fee(self, demand: Demand, today: date) -> None:
        if not demand.unpaid:
            return
        self.noteworthy = True
        policy = self.rules.late_fee
        fee = policy.fee(
            unpaid=demand.unpaid,
            scheduled=demand.scheduled,
            charged=self.late_fee_total,
            rounding=self.rounding,
        )
        fee = self.caps.default_fee(fee, today)
        if fee > 0:
            fee = self.caps.fit_lump(fee, today)
        if fee > 0:
            self.late_fee_total += fee
            self._charge(LATE, fee)
            self.line_charges += fee
            self.events.append(
                raw_event(today, EventKind.LATE_FEE_CHARGED, demand.number, {LATE: fee})
            )
        later = policy.next_charge(today)
        if later is not None and later <= self.as_of:
            self.fees_on.setdefault(later, []).append(demand)
            self._add_date(later)

    # ----------------------------------------------------------------------------------
    # The statement
    # ----------------------------------------------------------------------------------

    def _line(self, today: date) -> None:
        balances = self.balances
        self.lines.append(
            StatementLine(
                date=today,
                days=(today - self.line_from).days,
                scheduled=self.line_due,
                paid=self.line_paid,
                interest=self.line_interest,
                charges=self.line_charges,
                principal=balances[P],
                interest_balance=balances[INT],
                charges_balance=balances[FEE] + balances[PEN] + balances[COMP] + balances[LATE],
                arrears=self.demands.arrears,
                balance=sum(balances, _ZERO) - self.credit,
                note=self.line_note,
            )
        )
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
