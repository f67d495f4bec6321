"""The scheduled basis's steps of the servicing walk (:mod:`loancalc.servicing.walk`).

What falls due is what the schedule says; penalty and compound interest accrue on what
is overdue, over whole spans between the dates of the walk
(:func:`~loancalc.servicing.accrual.span_units`). The steps this basis gives:

- opening a day on which money comes in or is forgiven (and on ``as_of``) charges the
  accrued penalty and compound interest: the cumulative exact accrual of each instalment
  and component is rounded to the loan's grid and the difference from what was already
  charged is charged (so rounding never drifts, and the total charged on ``as_of`` is
  the rounded exact total whatever the dates in between; an instalment's end of grace
  charges it too);
- an instalment falling due starts bearing penalty from the next day when the rule is
  ``retroactive`` (charged only if grace ends unpaid), or at the end of its grace;
- credit held pays what is due before the day's payments; a payment that covers the
  settlement figure (:mod:`loancalc.servicing.settlement`) settles the loan first: later
  periods' interest and fees are rebated and everything left is paid, so nothing is
  charged after it;
- an instalment not paid in full by its due day's end is given an end of grace: then it
  loses its grace (its penalty since the due date is charged when ``retroactive``, or
  starts now); one paid in full by then never bears penalty;
- relief windows: no accrual on their days, and late fees move to their end.

The accounts themselves (ledgers, payments, credit, waivers, penalty charges) are kept by
:class:`~loancalc.servicing.books.Books`, which :class:`Run` extends with the walk's
steps. The hot paths record plain tuples (events as
:data:`~loancalc.servicing.events.RawEvent`); the public :class:`~loancalc.servicing.Event`
and :class:`~loancalc.servicing.InstallmentState` objects are made only when a state is
asked for them.

>>> from loancalc import LoanTerms, amortize, ServicingRules
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> run = Run(s, (), (), date(2024, 3, 1), ServicingRules())
>>> run.execute()
>>> [ledger.out[0] for ledger in run.ledgers], run.credit
([Decimal('500.00'), Decimal('500.00')], Decimal('0.00'))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal

from loancalc.schedule import Schedule
from loancalc.servicing.books import Books
from loancalc.servicing.events import EventKind, raw_event
from loancalc.servicing.ledger import FEE, INT, LATE, Ledger, P
from loancalc.servicing.ledger_event_books import add_charge, refund_credit, write_off_books
from loancalc.servicing.ledger_events import Charge, Refund, WriteOff
from loancalc.servicing.payment import Payment
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.waiver import Waiver
from loancalc.servicing.walk import Walk

__all__ = ["Run"]

_ZERO = Decimal(0)
_DAY = timedelta(days=1)
_DUE = EventKind.INSTALLMENT_DUE
_CREDIT_APPLIED = EventKind.CREDIT_APPLIED


class Run(Books, Walk[Ledger]):
    """One scheduled-basis assessment's computation (mutable, private:
    :func:`loancalc.assess` wraps it).

    After :meth:`execute`: ``ledgers`` (one per instalment), ``events``, ``total_paid``,
    ``total_allocated`` and ``credit`` (the accounts are kept by
    :class:`~loancalc.servicing.books.Books`; the walk is
    :class:`~loancalc.servicing.walk.Walk`'s). Penalty accrued but not charged at a
    snapshot (:meth:`uncharged`) is what an assessment on that day would charge first
    thing that day (its events would come at :attr:`day_start`).

    >>> Run.__name__
    'Run'
    """

    CLOSES_DAYS = False  # no statement on this basis: the ledgers are the record

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
        Books.__init__(self, schedule, rules)
        self._setup_walk(payments, waivers, as_of, refunds, charges, write_offs)
        self.penalize = self.penalty.penalize
        self.retroactive = rules.grace.retroactive
        self.late_fee_total = _ZERO
        # Accrued penalty is charged on the days money comes in or is forgiven (so that
        # it can be paid or waived), at each instalment's end of grace and on as_of;
        # when it is charged changes only how the timeline splits it, never the amounts.
        self.charge_days = {
            *(p.date for p in payments), *(w.date for w in waivers),
            *(w.date for w in write_offs), as_of,
        }  # fmt: skip
        self._spare(
            (x.number, x.due, x.grace_end, x.charged[P] + x.charged[INT] + x.charged[FEE])
            for x in self.ledgers
        )

    # ----------------------------------------------------------------------------------
    # The dates and accrual
    # ----------------------------------------------------------------------------------

    def _installments(self) -> Sequence[Ledger]:
        return self.ledgers

    def _first_day(self) -> date:
        return date.min

    def _edges(self) -> Iterable[date]:
        # an end of grace is a date of the walk only for an instalment unpaid on its due
        # date (added then): most instalments are paid on time, and their grace is moot
        for window in self.rules.relief_windows:
            yield from (window.start, window.end)

    def _accrue(self, start: date, end: date) -> None:
        if self.accruing and not _relieved(self.windows, start):
            self.penalty.accrue(self.accruing, start, end)

    def _open_day(self, today: date) -> None:
        if today in self.charge_days:
            self._charge_all(today)

    # ----------------------------------------------------------------------------------
    # Money (the rest is in Books)
    # ----------------------------------------------------------------------------------

    def _apply_credit(self, today: date) -> None:
        if self.open_due:
            self.credit = self._pay(self.credit, today, _CREDIT_APPLIED, None)

    def _refund(self, refund: Refund, today: date) -> None:
        refund_credit(self, refund, today)

    def _write_off(self, write_off: WriteOff, today: date) -> None:
        write_off_books(self, write_off, today)

    def _add_charge(self, charge: Charge, today: date) -> None:
        add_charge(self, charge, today)

    def _after_money(self, today: date, due_today: Sequence[Ledger]) -> None:
        for ledger in due_today:
            if ledger.paid_full_on is None:
                self.grace_on.setdefault(ledger.grace_end, []).append(ledger)
                self._add_date(ledger.grace_end)
        if self.windows:
            self._relief_events(today)

    def _relief_events(self, today: date) -> None:
        for window in self.rules.relief_windows:
            if window.start == today:
                self.events.append(raw_event(today, EventKind.RELIEF_STARTED, note=window.reason))
            if window.end == today:
                self.events.append(raw_event(today, EventKind.RELIEF_ENDED, note=window.reason))

    def _end_day(self, today: date) -> None:
        pass  # nothing of its own: grace ends and late fees are the walk's

    def _close_day(self, today: date) -> None:
        pass  # no statement on this basis: the ledgers are the record

    # ----------------------------------------------------------------------------------
    # Due dates, grace, late fees
    # ----------------------------------------------------------------------------------

    def _fall_due(self, item: Ledger, today: date) -> None:
        ledger = item
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

    def _end_grace(self, item: Ledger, today: date) -> bool:
        ledger = item
        if ledger.paid_full_on is not None:
            return False
        self._grace_ended_event(ledger, today, tuple(ledger.out))
        if ledger.pending:
            ledger.pending = False
            self._charge(ledger, today)
        elif self.penalize and not ledger.accruing:
            self._start_accruing(ledger, today)
        return True

    def _fee_bases(self, item: Ledger) -> tuple[Decimal, Decimal] | None:
        if item.paid_full_on is not None:
            return None
        out, charged = item.out, item.charged
        return out[P] + out[INT] + out[FEE], charged[P] + charged[INT]

    def _fit_fee(self, fee: Decimal, today: date) -> Decimal:
        return fee  # cost caps (ServicingRules.caps) are an actual-balance rule

    def _book_late_fee(self, item: Ledger, fee: Decimal) -> None:
        item.charged[LATE] += fee
        item.out[LATE] += fee


def _relieved(windows: list[tuple[date, date]], previous: date) -> bool:
    """Whether the day after ``previous`` falls inside one of the (merged) relief
    ``windows`` (their edges are dates of the walk: then so does the whole span)."""
    if not windows:
        return False
    day = previous + _DAY
    return any(first <= day <= last for first, last in windows)
