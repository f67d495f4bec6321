"""The servicing kernel: one walk over a loan's dated events, the interest basis plugged in.

Both interest bases walk the same dates in the same order and charge late fees by the
same rule; what differs is how interest accrues and how money is booked, which each
basis gives as the steps of :class:`Walk`: the scheduled basis
(:class:`~loancalc.servicing.engine.Run`: what falls due is the schedule's, penalty runs
on overdue amounts) and the actual-balance basis
(:class:`~loancalc.servicing.balance_walk.BalanceRun`: interest accrues daily on the
principal outstanding).

The dates that matter are the (effective) due dates, the ends of grace, the dates of
payments, waivers, refunds, write-offs and charges, the dates late fees fall due,
``as_of`` and the basis's own (the edges of relief, promotional or interest-free
windows, period ends). Between two such dates nothing changes, so everything accrues
over the whole span in one step: the cost grows with instalments and payments, not with
days. On each date, in this order:

1. accrue the span since the previous date (:meth:`Walk._accrue`; and interest on the
   credit held, where the rules pay it:
   :class:`~loancalc.servicing.credit_interest.CreditInterest`);
2. open the day (:meth:`Walk._open_day`): charge or post what accrued, so that it can
   be paid or waived today; credit interest is added to the credit;
3. instalments falling due today fall due; 4. waivers; 5. credit held pays what is due
   (:meth:`Walk._apply_credit`), then the late fees of those the product charges on the
   due date fall (:meth:`Walk._fees_before_money`); 6. payments, in canonical order
   (amount, then reference): a payment that covers the settlement figure settles the
   loan; 7. refunds; 8. write-offs; 9. charges added by hand; then :meth:`Walk._after_money`;
10. at the end of the day (so never on ``as_of``, a day not yet over: an assessment on
    a day says what paying that day settles): :meth:`Walk._end_day`, then grace ends
    for each instalment still unpaid (:meth:`Walk._end_grace`), which is charged a
    late fee unless the pyramiding rule spares it, then repeated late fees fall due
    (:meth:`Walk._late_fee`: the one place a late fee is computed);
11. close the day (:meth:`Walk._close_day`: the statement line, the period's interest).

>>> Walk.STEPS[:3]
('accrue', 'open day', 'fall due')
"""

from __future__ import annotations

import copy
import decimal
import heapq
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from loancalc.money import CONTEXT, Rounding
from loancalc.servicing.credit_interest import CreditInterestAccount
from loancalc.servicing.dates import by_date, merge_windows
from loancalc.servicing.events import EventKind, RawEvent, raw_event
from loancalc.servicing.late_fee import SPARED_NOTE, spared_installments
from loancalc.servicing.ledger_events import Charge, Refund, WriteOff
from loancalc.servicing.payment import Payment
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.waiver import Waiver
from loancalc.servicing.walk_steps import Installment, Item, WalkSteps

__all__ = ["Installment", "Walk"]

_ZERO = Decimal(0)
_DAY = timedelta(days=1)
_LATE_FEE = EventKind.LATE_FEE_CHARGED
_GRACE_ENDED = EventKind.GRACE_ENDED
_CREDIT_INTEREST = EventKind.CREDIT_INTEREST


class Walk(WalkSteps[Item]):
    """One assessment's walk over the dates (mutable, private): the order of the steps,
    the dates, grace and late fees; a basis gives the steps marked abstract.

    After :meth:`execute`: ``events`` (plain :data:`~loancalc.servicing.events.RawEvent`
    tuples) and whatever the basis keeps.

    >>> Walk.__abstractmethods__ >= {"_accrue", "_fall_due", "_receive", "_end_grace"}
    True
    """

    STEPS = (
        "accrue", "open day", "fall due", "waive", "apply credit", "fee on due date",
        "receive", "refund", "write off", "add charge", "after money", "end day", "end grace",
        "late fee", "close day",
    )  # fmt: skip

    #: Whether the basis closes each day (:meth:`_close_day`: a statement line, say).
    CLOSES_DAYS = True
    #: Whether a snapshot-only day splits the span accrued (False: the walk accrues over
    #: it, and the snapshot accrues from :attr:`accrued_to` on a copy of the books, for a
    #: basis whose caps report the days they cut by span).
    SPLITS_AT_SNAPSHOTS = True

    rules: ServicingRules
    rounding: Rounding
    events: list[RawEvent]
    late_fee_total: Decimal
    credit: Decimal

    def _setup_walk(  # noqa: PLR0917 -- the dated inputs of one assessment
        self,
        payments: Sequence[Payment],
        waivers: Sequence[Waiver],
        as_of: date,
        refunds: Sequence[Refund],
        charges: Sequence[Charge],
        write_offs: Sequence[WriteOff],
    ) -> None:
        """Keep the dated inputs (the basis's ``__init__`` calls this first)."""
        self.payments, self.waivers, self.as_of = payments, waivers, as_of
        self.refunds, self.charges, self.write_offs = refunds, charges, write_offs
        self.windows = merge_windows([(w.start, w.end) for w in self.rules.relief_windows])
        self.grace_on: dict[date, list[Item]] = {}
        self.fees_on: dict[date, list[Item]] = {}
        self.stop_on: date | None = None  # the walk stops after this day's money
        self.end_days: set[date] = set()  # the days the basis ends on its own (_end_day)
        self.day_start = 0  # where the events of the day being walked begin
        self.accrued_to: date | None = None  # see SPLITS_AT_SNAPSHOTS
        # late fees charged on the due date: the instalments charged so (found by
        # _fees_before_money), and those a walk finds left short at the end of grace
        self.fees_first: frozenset[int] = frozenset()
        self.found_short: set[int] = set()
        self.credit_account: CreditInterestAccount | None = None  # set by the walk

    def _spare(self, installments: Iterable[tuple[int, date, date, Decimal]]) -> None:
        """Find the instalments the late-fee pyramiding rule spares (``installments``:
        number, due date, end of grace and scheduled amount of each)."""
        self.spared = spared_installments(
            self.rules.late_fee,
            installments,
            ((payment.date, payment.amount) for payment in self.payments),
        )

    # ----------------------------------------------------------------------------------
    # The walk
    # ----------------------------------------------------------------------------------

    def execute(
        self,
        snapshots: Sequence[date] = (),
        on_snapshot: Callable[[date, bool], None] | None = None,
    ) -> None:
        """Walk every date up to ``as_of`` (once; the results are then in the attributes).

        ``on_snapshot(day, stopped)`` is called after the money of each of the
        ``snapshots`` dates (up to ``as_of``); ``stopped`` is False on a date the walk
        would not otherwise stop at.

        >>> from loancalc import LoanTerms, amortize, ServicingRules
        >>> from loancalc.servicing.engine import Run
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> run = Run(s, (), (), date(2024, 2, 1), ServicingRules())
        >>> run.execute()  # the due date: its grace ends at the end of the day
        >>> [kind.value for _, kind, *rest in run.events]
        ['installment-due']
        >>> run = Run(s, (), (), date(2024, 2, 2), ServicingRules())
        >>> run.execute()
        >>> [kind.value for _, kind, *rest in run.events]
        ['installment-due', 'grace-ended']
        """
        with decimal.localcontext(CONTEXT):
            if self.rules.late_fee.dated_on_due_date:
                self.fees_first = self._fees_before_money()
            self._walk(snapshots, on_snapshot)

    def _fees_before_money(self) -> frozenset[int]:
        """The instalments charged a late fee on their due date (the product dates late
        fees so): those left short when their grace ends, once the fees of the others
        are charged on their due dates too.

        Whether an instalment is short at the end of its grace depends on the fees
        charged before it, so this walks copies of the loan until the set stops
        growing: each fee only takes money, so a short instalment stays short and the
        set grows at most once per instalment.
        """
        known: frozenset[int] = frozenset()
        for _ in range(len(self._installments()) + 1):
            trial = copy.deepcopy(self)  # not walked yet: the inputs and the opening books
            trial.fees_first = known
            trial._walk()
            if trial.found_short <= known:
                break
            known |= trial.found_short
        return known

    def _dates(self, snapshots: Sequence[date]) -> tuple[dict[date, Any], ...]:
        """Set up the dates of the walk (:attr:`heap`, :attr:`seen`, :attr:`ordinary`);
        return the instalments falling due, payments, waivers, refunds, charges and
        write-offs by date."""
        as_of = self.as_of
        due_on = by_date(self._installments(), lambda item: item.due)
        paid_on = by_date(self.payments, lambda payment: payment.date)
        waived_on = by_date(self.waivers, lambda waiver: waiver.date)
        refunds_on = by_date(self.refunds, lambda refund: refund.date)
        charges_on = by_date(self.charges, lambda charge: charge.date)
        write_offs_on = by_date(self.write_offs, lambda write_off: write_off.date)
        edges = {as_of, *due_on, *paid_on, *waived_on, *refunds_on, *charges_on}
        edges.update(write_offs_on)
        edges.update(self._edges())
        for first, last in self.windows:
            edges.update((first - _DAY, last))
        if self.stop_on is not None:
            edges.add(self.stop_on)
        floor = self._first_day()
        self.ordinary = {d for d in edges if floor <= d <= as_of}  # dates with a reason
        self.seen = self.ordinary | {d for d in snapshots if floor <= d <= as_of}
        self.heap = sorted(self.seen)
        return due_on, paid_on, waived_on, refunds_on, charges_on, write_offs_on

    def _walk(
        self,
        snapshots: Sequence[date] = (),
        on_snapshot: Callable[[date, bool], None] | None = None,
    ) -> None:
        """The walk itself, inside the caller's decimal context."""
        as_of = self.as_of
        due_on, paid_on, waived_on, refunds_on, charges_on, write_offs_on = self._dates(snapshots)
        wanted = set(snapshots)
        events = self.events
        # the steps, looked up once (the walk's hot loop)
        accrue, open_day, fall_due, receive = (
            self._accrue, self._open_day, self._fall_due, self._receive)  # fmt: skip
        windows = self.windows
        previous = self.heap[0] if self.heap else as_of
        splits = self.SPLITS_AT_SNAPSHOTS
        paying = self.rules.credit_interest
        account = None if paying is None else CreditInterestAccount(paying, self.rounding)
        self.credit_account = account
        while self.heap:  # (the heap is read each time: a lapsed window replaces it)
            today = heapq.heappop(self.heap)
            if not splits and today not in self.ordinary:  # a snapshot the walk does not
                self.accrued_to = previous  # accrue to: its copy accrues (previous, today]
                if on_snapshot is not None:
                    on_snapshot(today, False)
                continue
            if today > previous:
                if account is not None:
                    account.accrue(self.credit, previous, today)
                accrue(previous, today)
            previous = today
            self.day_start = len(events)
            if today not in self.ordinary:  # only a snapshot: nothing happens today
                if on_snapshot is not None:
                    on_snapshot(today, False)
                continue
            open_day(today)
            if account is not None:
                self._pay_credit_interest(account, today)
            due_today = due_on.get(today, ())
            for item in due_today:
                fall_due(item, today)
            if waived_on:
                for waiver in waived_on.get(today, ()):
                    self._waive(waiver, today)
            if self.credit:
                self._apply_credit(today)
            if self.fees_first:
                self._fees_on_due_date(due_today, today)
            for payment in paid_on.get(today, ()):
                receive(payment, today)
            if refunds_on or write_offs_on or charges_on:
                self._ledger_events(today, refunds_on, write_offs_on, charges_on)
            if due_today or windows:
                self._after_money(today, due_today)
            if on_snapshot is not None and today in wanted:
                on_snapshot(today, True)
            if today == self.stop_on:
                return
            self._finish_day(today)

    def _finish_day(self, today: date) -> None:
        """The end of the day (not on ``as_of``: that day is not over, and paying on it
        still avoids its end-of-day charges), then its close."""
        if today != self.as_of:
            if today in self.end_days:
                self._end_day(today)
            if today in self.grace_on or today in self.fees_on:
                self._end_of_day(today)
        if self.CLOSES_DAYS:
            self._close_day(today)

    def _fees_on_due_date(self, due_today: Sequence[Item], today: date) -> None:
        """Charge the late fees dated on their due date (see :meth:`_fees_before_money`)."""
        for item in due_today:
            if item.number in self.fees_first:
                self._late_fee(item, today)

    def _ledger_events(
        self,
        today: date,
        refunds_on: dict[date, list[Refund]],
        write_offs_on: dict[date, list[WriteOff]],
        charges_on: dict[date, list[Charge]],
    ) -> None:
        """The day's refunds, write-offs and charges added by hand, in that order."""
        for refund in refunds_on.get(today, ()):
            self._refund(refund, today)
        for write_off in write_offs_on.get(today, ()):
            self._write_off(write_off, today)
        for charge in charges_on.get(today, ()):
            self._add_charge(charge, today)

    def _pay_credit_interest(self, account: CreditInterestAccount, today: date) -> None:
        """Add to the credit the interest it earned up to ``today`` (rounded in total)."""
        paid = account.post()
        if paid:
            self.credit += paid
            self.events.append(raw_event(today, _CREDIT_INTEREST, amount=paid))

    @property
    def credit_interest(self) -> Decimal:
        """The interest paid into the credit so far (0 on the loan's grid if none)."""
        account = self.credit_account
        return self.rounding.apply(_ZERO) if account is None else account.posted

    def _end_of_day(self, today: date) -> None:
        """Ends of grace and late fees: a payment made that day would have avoided them."""
        policy = self.rules.late_fee
        charges_fees, on_due_date = policy.charges_anything, policy.dated_on_due_date
        for item in self.grace_on.get(today, ()):
            if not self._end_grace(item, today):
                continue
            if charges_fees and item.number not in self.spared:
                if on_due_date and not self._in_window(item.due):
                    if item.number not in self.fees_first:  # charged on its due date
                        self.found_short.add(item.number)  # once found (see above)
                    continue
                # charged with the day's late fees, after the repeats already due today
                # (or at the end of a relief window the day falls in)
                self._schedule_fee(item, today)
        for item in self.fees_on.get(today, ()):
            self._late_fee(item, today)

    def _grace_ended_event(self, item: Item, today: date, unpaid: tuple[Decimal, ...]) -> None:
        """Record that ``item``'s grace ended with ``unpaid`` outstanding."""
        note = SPARED_NOTE if item.number in self.spared else ""
        self.events.append(raw_event(today, _GRACE_ENDED, item.number, unpaid, note=note))

    def _add_date(self, day: date) -> None:
        """Make ``day`` (if not past ``as_of``) a date of the walk: a day something
        happens on."""
        if day <= self.as_of:
            self.ordinary.add(day)
            if day not in self.seen:
                self.seen.add(day)
                heapq.heappush(self.heap, day)

    # ----------------------------------------------------------------------------------
    # Late fees: the one rule, for both bases
    # ----------------------------------------------------------------------------------

    def _in_window(self, day: date) -> bool:
        """Whether ``day`` falls in a relief window (a late fee dated on it moves past the
        window, to the end of grace or of the window, as any other)."""
        return any(first <= day <= last for first, last in self.windows)

    def _schedule_fee(self, item: Item, day: date) -> None:
        """Charge ``item`` a late fee at the end of ``day`` (or of a relief window it
        falls in)."""
        for first, last in self.windows:
            if first <= day <= last:
                day = last + _DAY
        if day <= self.as_of:
            self.fees_on.setdefault(day, []).append(item)
            self._add_date(day)

    def _late_fee(self, item: Item, today: date) -> None:
        """Charge ``item`` the product's late fee on ``today`` (if it is still unpaid),
        within the loan's caps, and schedule the next one."""
        bases = self._fee_bases(item)
        if bases is None:  # paid since: no more fees
            return
        policy = self.rules.late_fee
        fee = policy.fee(
            unpaid=bases[0], scheduled=bases[1], charged=self.late_fee_total,
            rounding=self.rounding,
        )  # fmt: skip
        fee = self._fit_fee(fee, today)
        if fee > 0:
            self.late_fee_total += fee
            self._book_late_fee(item, fee)
            amounts = (_ZERO, _ZERO, _ZERO, _ZERO, _ZERO, fee)
            self.events.append((today, _LATE_FEE, item.number, amounts, None, None, None, ""))
        again = policy.next_charge(today)
        if again is not None:
            self._schedule_fee(item, again)
