"""The servicing engine: walk the dated events of a loan, accruing between them.

The dates that matter are the (effective) due dates, the ends of grace, the payment and
waiver dates, the edges of relief windows, the dates late fees fall due and ``as_of``.
Between two such dates nothing changes, so penalty and compound interest accrue over the
whole span in one step (:func:`~loancalc.servicing.accrual.span_units`): the cost grows
with instalments and payments, not with days. On each date, in this order:

1. accrue the days since the previous date (none on relief-window days);
2. on payment and waiver dates and ``as_of``, charge accrued penalty and compound
   interest: the cumulative exact accrual of each instalment and component is rounded to
   the loan's grid and the difference from what was already charged is charged (so
   rounding never drifts, and the total charged on ``as_of`` is the rounded exact total
   whatever the dates in between; an instalment's end of grace charges it too);
3. instalments falling due today become due (penalty accrues from the next day);
4. waivers; 5. credit pays what is due; 6. payments, in canonical order (amount, then
   reference), each allocated by the rules' strategy, the excess carried as credit; a
   payment that covers the settlement figure (:mod:`loancalc.servicing.settlement`)
   settles the loan first: later periods' interest and fees are rebated and everything
   left is paid, so nothing is charged after it;
7. at the end of the day (so never on ``as_of``, a day not yet over: an assessment on a
   day says what paying that day settles), grace ends: an instalment not paid in full
   loses its grace (its penalty since the due date is charged when ``retroactive``, or
   starts now) and is charged a late fee; one paid in full by now never bears penalty;
   8. repeated late fees, also at the end of their day.

The accounts themselves (ledgers, payments, credit, waivers, penalty charges) are kept by
:class:`~loancalc.servicing.books.Books`, which :class:`Run` extends with the walk. The
hot paths record plain tuples (events as :data:`~loancalc.servicing.events.RawEvent`);
the public :class:`~loancalc.servicing.Event` and
:class:`~loancalc.servicing.InstallmentState` objects are made only when a state is
asked for them.

>>> from loancalc import LoanTerms, amortize, ServicingRules
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> run = Run(s, (), (), date(2024, 3, 1), ServicingRules())
>>> run.execute()
>>> [ledger.out[0] for ledger in run.ledgers], run.credit
([Decimal('500.00'), Decimal('500.00')], Decimal('0.00'))
"""

from __future__ import annotations

import decimal
import heapq
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal

from loancalc.money import CONTEXT
from loancalc.schedule import Schedule
from loancalc.servicing.books import Books
from loancalc.servicing.dates import by_date, merge_windows
from loancalc.servicing.events import EventKind, raw_event
from loancalc.servicing.late_fee import SPARED_NOTE, spared_installments
from loancalc.servicing.ledger import FEE, INT, LATE, Ledger, P
from loancalc.servicing.ledger_event_books import add_charge, refund_credit, write_off_books
from loancalc.servicing.ledger_events import Charge, Refund, WriteOff
from loancalc.servicing.payment import Payment
from loancalc.servicing.policies import LateFeeKind
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.waiver import Waiver

__all__ = ["Run"]

_ZERO = Decimal(0)
_DAY = timedelta(days=1)
_DUE = EventKind.INSTALLMENT_DUE
_GRACE_ENDED = EventKind.GRACE_ENDED
_LATE_FEE = EventKind.LATE_FEE_CHARGED
_CREDIT_APPLIED = EventKind.CREDIT_APPLIED


class Run(Books):
    """One assessment's computation (mutable, private: :func:`loancalc.assess` wraps it).

    After :meth:`execute`: ``ledgers`` (one per instalment), ``events``, ``total_paid``,
    ``total_allocated`` and ``credit`` (the accounts are kept by
    :class:`~loancalc.servicing.books.Books`; this class walks the dates).

    >>> Run.__name__
    'Run'
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
        super().__init__(schedule, rules)
        self.write_offs_on = by_date(write_offs, lambda write_off: write_off.date)
        self.refunds_on = by_date(refunds, lambda refund: refund.date)
        self.charges_on = by_date(charges, lambda charge: charge.date)
        self.as_of = as_of
        self.penalize = self.penalty.penalize
        self.retroactive = rules.grace.retroactive
        self.windows = merge_windows([(w.start, w.end) for w in rules.relief_windows])
        self.payments = payments
        self.waivers = waivers
        self.day_start = 0  # where the events of the day being walked begin
        self.late_fee_total = _ZERO
        self.spared = spared_installments(
            rules.late_fee,
            ((x.number, x.due, x.grace_end, x.charged[P] + x.charged[INT] + x.charged[FEE])
             for x in self.ledgers),
            ((payment.date, payment.amount) for payment in payments),
        )  # fmt: skip

    # ----------------------------------------------------------------------------------
    # The walk
    # ----------------------------------------------------------------------------------

    def execute(
        self,
        snapshots: Sequence[date] = (),
        on_snapshot: Callable[[date, bool], None] | None = None,
    ) -> None:
        """Walk every date up to ``as_of`` (once; the results are then in the attributes).

        ``on_snapshot(day, stopped)`` is called after each of the ``snapshots`` dates
        (sorted, up to ``as_of``); ``stopped`` is False on a date the walk would not
        otherwise stop at. Penalty accrued but not charged by then (:meth:`uncharged`) is
        what an assessment on that day would charge first thing that day (its events
        would come at :attr:`day_start`).

        >>> from loancalc import LoanTerms, amortize, ServicingRules
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
            self._walk(snapshots, on_snapshot)

    def _dates(
        self, snapshots: Sequence[date]
    ) -> tuple[dict[date, list[Ledger]], dict[date, list[Payment]], dict[date, list[Waiver]]]:
        """Set up the dates of the walk (:attr:`heap`, :attr:`seen`, :attr:`ordinary`);
        return the instalments falling due, the payments and the waivers by date."""
        as_of = self.as_of
        due_on = by_date(self.ledgers, lambda ledger: ledger.due)
        paid_on = by_date(self.payments, lambda payment: payment.date)
        waived_on = by_date(self.waivers, lambda waiver: waiver.date)
        edges = {*due_on, *paid_on, *waived_on, *self.refunds_on, *self.charges_on, as_of}
        edges.update(self.write_offs_on)
        for first, last in self.windows:
            edges.update((first - _DAY, last))
        for window in self.rules.relief_windows:
            edges.update((window.start, window.end))
        self.seen = {d for d in edges if d <= as_of}
        self.ordinary = set(self.seen)  # the dates the walk stops at for a reason
        self.seen.update(d for d in snapshots if d <= as_of)
        self.heap = sorted(self.seen)
        return due_on, paid_on, waived_on

    def _walk(
        self, snapshots: Sequence[date], on_snapshot: Callable[[date, bool], None] | None
    ) -> None:
        due_on, paid_on, waived_on = self._dates(snapshots)
        # an end of grace is a date of the walk only for an instalment unpaid on its due
        # date (added then): most instalments are paid on time, and their grace is moot
        grace_on: dict[date, list[Ledger]] = {}
        self.fees_on: dict[date, list[Ledger]] = {}
        wanted = set(snapshots)
        as_of = self.as_of
        heap, ordinary = self.heap, self.ordinary
        # Accrued penalty is charged on the days money comes in or is forgiven (so that
        # it can be paid or waived), at each instalment's end of grace and on as_of;
        # when it is charged changes only how the timeline splits it, never the amounts.
        charge_days = {*paid_on, *waived_on, *self.write_offs_on, self.as_of}
        windows = self.windows
        accrue = self.penalty.accrue
        events = self.events
        fees_on = self.fees_on
        previous = heap[0] - _DAY
        while heap:
            today = heapq.heappop(heap)
            if self.accruing and today > previous and not _relieved(windows, previous):
                accrue(self.accruing, previous, today)
            previous = today
            self.day_start = len(events)
            if today not in ordinary:  # only a snapshot: nothing happens today
                if on_snapshot is not None:
                    on_snapshot(today, False)
                continue
            if today in charge_days:
                self._charge_all(today)
            due_today = due_on.get(today, ())
            for ledger in due_today:
                self._fall_due(ledger, today)
            if waived_on:
                for waiver in waived_on.get(today, ()):
                    self._waive(waiver, today)
            if self.credit and self.open_due:
                self.credit = self._pay(self.credit, today, _CREDIT_APPLIED, None)
            for payment in paid_on.get(today, ()):
                self._receive(payment, today)
            for refund in self.refunds_on.get(today, ()):
                refund_credit(self, refund, today)
            for write_off in self.write_offs_on.get(today, ()):
                write_off_books(self, write_off, today)
            for charge in self.charges_on.get(today, ()):
                add_charge(self, charge, today)
            for ledger in due_today:
                if ledger.paid_full_on is None:
                    grace_on.setdefault(ledger.grace_end, []).append(ledger)
                    self._add_date(ledger.grace_end)
            if windows:
                self._relief_events(today)
            if on_snapshot is not None and today in wanted:
                on_snapshot(today, True)
            if today == as_of:
                break  # the day is not over: paying today still avoids its end-of-day charges
            # End of the day: what a payment made today would have avoided.
            for ledger in grace_on.get(today, ()):
                self._end_grace(ledger, today)
            for ledger in fees_on.get(today, ()):
                self._late_fee(ledger, today)

    def _schedule_fee(self, ledger: Ledger, day: date) -> None:
        for first, last in self.windows:
            if first <= day <= last:
                day = last + _DAY
        if day <= self.as_of:
            self.fees_on.setdefault(day, []).append(ledger)
            self._add_date(day)

    def _add_date(self, day: date) -> None:
        """Make ``day`` a date of the walk (a day something happens on)."""
        if day <= self.as_of:
            self.ordinary.add(day)
            if day not in self.seen:
                self.seen.add(day)
                heapq.heappush(self.heap, day)

    def _relief_events(self, today: date) -> None:
        for window in self.rules.relief_windows:
            if window.start == today:
                self.events.append(raw_event(today, EventKind.RELIEF_STARTED, note=window.reason))
            if window.end == today:
                self.events.append(raw_event(today, EventKind.RELIEF_ENDED, note=window.reason))

    # ----------------------------------------------------------------------------------
    # Due dates, grace, late fees
    # ----------------------------------------------------------------------------------

    def _fall_due(self, ledger: Ledger, today: date) -> None:
        if ledger.paid_full_on is not None:  # settled before it fell due: nothing asked
            return
        out = ledger.out
        self.principal_not_due -= out[P]
        self.events.append((today, _DUE, ledger.number, tuple(out), None, None, None, ""))
        if not any(out):
            ledger.paid_full_on = today
            return
        self.open_due.append(ledger)
        if self.penalize and (self.retroactive or ledger.grace_end == today):
            ledger.pending = True
            self._start_accruing(ledger, today)

    def _start_accruing(self, ledger: Ledger, today: date) -> None:
        if ledger.out[P] or ledger.out[INT]:
            ledger.accruing = True
            ledger.accrual_start = ledger.last_charge = today
            self.accruing.append(ledger)

    def _end_grace(self, ledger: Ledger, today: date) -> None:
        if ledger.paid_full_on is not None:
            return
        spared = ledger.number in self.spared
        self.events.append(
            (today, _GRACE_ENDED, ledger.number, tuple(ledger.out), None, None, None,
             SPARED_NOTE if spared else "")
        )  # fmt: skip
        if ledger.pending:
            ledger.pending = False
            self._charge(ledger, today)
        elif self.penalize and not ledger.accruing:
            self._start_accruing(ledger, today)
        if self.rules.late_fee.kind is not LateFeeKind.NONE and not spared:
            self._schedule_fee(ledger, today)

    def _late_fee(self, ledger: Ledger, today: date) -> None:
        if ledger.paid_full_on is not None:
            return
        policy = self.rules.late_fee
        out, charged = ledger.out, ledger.charged
        fee = policy.fee(
            unpaid=out[P] + out[INT] + out[FEE],
            scheduled=charged[P] + charged[INT],
            charged=self.late_fee_total,
            rounding=self.rounding,
        )
        if fee:
            self.late_fee_total += fee
            charged[LATE] += fee
            out[LATE] += fee
            self.events.append(
                (today, _LATE_FEE, ledger.number, (_ZERO, _ZERO, _ZERO, _ZERO, _ZERO, fee), None,
                 None, None, "")
            )  # fmt: skip
        again = policy.next_charge(today)
        if again is not None:
            self._schedule_fee(ledger, again)


def _relieved(windows: list[tuple[date, date]], previous: date) -> bool:
    """Whether the day after ``previous`` falls inside one of the (merged) relief
    ``windows`` (their edges are dates of the walk: then so does the whole span)."""
    if not windows:
        return False
    day = previous + _DAY
    return any(first <= day <= last for first, last in windows)
