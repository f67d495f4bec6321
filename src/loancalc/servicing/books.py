"""The engine's books: the ledgers, money in (payments, credit, waivers) and penalty charges.

:class:`Books` keeps the accounts of one assessment; the walk over the dates
(:class:`~loancalc.servicing.engine.Run`) builds on it. Everything here runs inside
``decimal.localcontext(loancalc.money.CONTEXT)`` (the engine enters it once) and records
events as plain :data:`~loancalc.servicing.events.RawEvent` tuples.

>>> import decimal
>>> from loancalc import LoanTerms, amortize, ServicingRules
>>> from loancalc.money import CONTEXT
>>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
>>> books = Books(s, ServicingRules())
>>> books.open_due.append(books.ledgers[0])
>>> with decimal.localcontext(CONTEXT):
...     books._receive(Payment(date(2024, 2, 1), "120"), date(2024, 2, 1))
>>> books.total_allocated, books.credit, books.ledgers[0].paid_full_on
(Decimal('100.00'), Decimal('20.00'), datetime.date(2024, 2, 1))
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

from loancalc.calendar import BusinessDays
from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT
from loancalc.schedule import Schedule
from loancalc.servicing.dates import installment_dates
from loancalc.servicing.events import EventKind, RawEvent
from loancalc.servicing.ledger import (
    COMP,
    FEE,
    INDEX,
    INT,
    PEN,
    Ledger,
    P,
    allocate,
    pay_by_installment,
)
from loancalc.servicing.payment import Payment
from loancalc.servicing.penalty import Penalty
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.settlement import (
    cancelled_advances,
    first_row_carries,
    rebates,
    settlement_figure,
)
from loancalc.servicing.settlement_rules import settlement_rule
from loancalc.servicing.waiver import Waiver

__all__ = ["Books"]

_ZERO = Decimal(0)
_RECEIVED = EventKind.PAYMENT_RECEIVED
_ALLOCATED = EventKind.PAYMENT_ALLOCATED
_CARRIED = EventKind.CREDIT_CARRIED
_PENALTY = EventKind.PENALTY_ACCRUED
_SETTLED = EventKind.SETTLED


class Books:
    """The accounts of one assessment (mutable, private to the engine).

    ``ledgers`` (one per instalment), ``open_due`` (due, something outstanding, oldest
    first), ``accruing`` (bearing penalty), ``events``, ``credit``, ``total_paid``,
    ``total_allocated`` and ``settled_on`` (the day a payment covered the settlement
    figure, :mod:`loancalc.servicing.settlement`; None while the loan runs).

    >>> Books.__name__
    'Books'
    """

    def __init__(self, schedule: Schedule, rules: ServicingRules) -> None:
        terms = schedule.terms
        self.schedule = schedule
        self.rules = rules
        self.strategy = rules.allocation_strategy
        self.order = tuple(INDEX[component] for component in self.strategy.order)
        self.vertical = self.strategy.scope.by_installment
        self.rounding = terms.rounding
        self.calendar = terms.business_days or BusinessDays()
        self.penalty = Penalty(terms, rules.penalty)
        zero = self.rounding.apply(_ZERO)
        # The dates and scheduled amounts of the instalments depend only on the schedule
        # and the grace policy: computed once per schedule, reused by later assessments.
        self.ledgers = [
            Ledger(number, due, end, scheduled=scheduled, zero=zero)
            for number, due, end, scheduled in installment_dates(
                schedule, rules.grace, self.calendar
            )
        ]
        self.events: list[RawEvent] = []
        self.open_due: list[Ledger] = []
        self.accruing: list[Ledger] = []
        self.credit = zero
        self.total_paid = zero
        self.total_allocated = zero
        self.total_refunded = zero
        self.written_off_on: date | None = None
        self.settled_on: date | None = None
        self.carried_first = first_row_carries(schedule)
        self.settlement_rule = settlement_rule(rules.settlement, schedule)
        # The principal of the instalments not yet due: with that of the open ones, the
        # principal still owed, below which no payment (with the credit held) can settle
        # the loan: most payments are decided without a settlement walk.
        self.principal_not_due = sum((row.principal for row in schedule.installments), zero)

    # ----------------------------------------------------------------------------------
    # Penalty and compound interest charged
    # ----------------------------------------------------------------------------------

    def uncharged(self) -> list[tuple[Ledger, Decimal, Decimal]]:
        """Penalty and compound interest accrued but not yet charged, per instalment
        (what charging now would add), without charging it.

        >>> from loancalc import LoanTerms, amortize, ServicingRules
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> Books(s, ServicingRules()).uncharged()
        []
        """
        found = []
        rounded = self.penalty.rounded
        with decimal.localcontext(CONTEXT):
            for ledger in self.accruing:
                if ledger.pending:
                    continue
                pen = rounded(ledger.pen_exact) - ledger.charged[PEN]
                comp = rounded(ledger.comp_exact) - ledger.charged[COMP]
                if pen or comp:
                    found.append((ledger, pen, comp))
        return found

    def _charge_all(self, today: date) -> None:
        """Charge what every accruing instalment accrued since it was last charged."""
        for ledger in self.accruing:
            self._charge(ledger, today)

    def _charge(self, ledger: Ledger, today: date) -> None:
        if ledger.pending:
            return
        penalty = self.penalty
        charged = ledger.charged
        if penalty.simple:  # Decimal accruals in units of 1/den (Penalty.rounded, inlined)
            rnd, den = penalty.round, penalty.den
            pen = rnd(ledger.pen_exact / den) - charged[PEN]  # type: ignore[arg-type]
            comp = rnd(ledger.comp_exact / den) - charged[COMP]  # type: ignore[arg-type]
        else:
            pen = penalty.rounded(ledger.pen_exact) - charged[PEN]
            comp = penalty.rounded(ledger.comp_exact) - charged[COMP]
        if not (pen or comp):
            return
        out = ledger.out
        charged[PEN] += pen
        out[PEN] += pen
        charged[COMP] += comp
        out[COMP] += comp
        self.events.append(
            (today, _PENALTY, ledger.number, (_ZERO, _ZERO, _ZERO, pen, comp, _ZERO), None,
             None, ledger.last_charge, "")
        )  # fmt: skip
        ledger.last_charge = today

    # ----------------------------------------------------------------------------------
    # Money in: payments, credit, waivers
    # ----------------------------------------------------------------------------------

    def _receive(self, payment: Payment, today: date) -> None:
        amount, reference = payment.amount, payment.reference
        self.total_paid += amount
        events = self.events
        events.append((today, _RECEIVED, None, None, amount, reference, None, ""))
        # below the principal not yet due no payment can settle the loan: decided at once
        if (
            self.settled_on is None
            and amount + self.credit >= self.principal_not_due - self._cancelled(today)
            and not self._written_off_in_full()
        ):
            figure = self._covered(amount, today)
            if figure is not None:
                self._settle_loan(today, figure, reference)
        left = self._pay(amount, today, _ALLOCATED, reference)
        self.credit += left
        if left:
            events.append((today, _CARRIED, None, None, left, reference, None, ""))

    def _written_off_in_full(self) -> bool:
        """Whether a write-off left no principal owed: nothing is settled after it (a
        payment is a recovery, held as credit)."""
        return (
            self.written_off_on is not None
            and not self.principal_not_due
            and not any(ledger.out[0] for ledger in self.open_due)
        )

    def settlement_figure(self, today: date) -> Decimal:
        """What closes the loan on ``today`` as the books stand (see
        :mod:`loancalc.servicing.settlement`).

        >>> from loancalc import LoanTerms, amortize, ServicingRules
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> Books(s, ServicingRules()).settlement_figure(date(2024, 1, 15))
        Decimal('100.00')
        """
        first = self._first_open()
        return settlement_figure(
            *self._positions(first),
            self.schedule.installments[first:],
            self.schedule.terms,
            today,
            self.credit,
            carried_first=self.carried_first and not first,
            rule=self.settlement_rule,
            advances=self.schedule.disbursements,
        )

    def _first_open(self) -> int:
        """An index before which every instalment is due and settled (so adds nothing to
        a settlement figure): the oldest open one, or the first not yet fallen due
        (instalments fall due in their order)."""
        if self.open_due:
            return self.open_due[0].number - 1
        return sum(1 for ledger in self.ledgers if ledger.paid_full_on is not None)

    def _positions(self, first: int) -> tuple[list[list[Decimal]], list[Decimal]]:
        """From the instalment ``first`` on, each one's amounts outstanding and its
        interest paid or waived."""
        ledgers = self.ledgers[first:]
        with decimal.localcontext(CONTEXT):
            settled = [ledger.paid[INT] + ledger.waived[INT] for ledger in ledgers]
        return [ledger.out for ledger in ledgers], settled

    def _covered(self, amount: Decimal, today: date) -> Decimal | None:
        """The settlement figure on ``today`` if a payment of ``amount`` covers it."""
        money = amount + self.credit
        owed = self.principal_not_due - self._cancelled(today)
        for ledger in self.open_due:
            owed += ledger.out[0]
        if money < owed:
            return None
        figure = self.settlement_figure(today)
        return figure if amount >= figure else None

    def _settle_loan(self, today: date, figure: Decimal, reference: str | None) -> None:
        """Settle the loan on ``today``: the interest and fees of the periods after today
        are rebated (the current period keeps its interest to date), and every instalment
        with anything left becomes payable now."""
        self.settled_on = today
        self.events.append((today, _SETTLED, None, None, figure, reference, None, ""))
        first = self._first_open()
        found = rebates(
            *self._positions(first),
            self.schedule.installments[first:],
            self.schedule.terms,
            today,
            carried_first=self.carried_first and not first,
            rule=self.settlement_rule,
            advances=self.schedule.disbursements,
        )
        for index, interest, fee in found:
            ledger = self.ledgers[first + index]
            for position, cut in ((INT, interest), (FEE, fee)):
                ledger.out[position] -= cut
                ledger.charged[position] -= cut
            cuts = (_ZERO, interest, fee, _ZERO, _ZERO, _ZERO)
            self.events.append((today, _SETTLED, ledger.number, cuts, None, reference, None, ""))
        self._cancel_advances(today, reference)
        self.open_due = [ledger for ledger in self.ledgers[first:] if any(ledger.out)]
        if self.credit:  # credit held pays first, then the payment settling the loan
            self.credit = self._pay(self.credit, today, EventKind.CREDIT_APPLIED, None)

    def _cancelled(self, today: date) -> Decimal:
        """The further advances (tranches) not yet made on ``today``."""
        advances = self.schedule.disbursements
        return cancelled_advances(advances, today) if advances else _ZERO

    def _cancel_advances(self, today: date, reference: str | None) -> None:
        """Settling before a further advance cancels it: its principal comes off the
        instalments, the last first."""
        left = self._cancelled(today)
        for ledger in reversed(self.ledgers):
            if not left:
                break
            cut = min(left, ledger.out[P])
            if cut:
                left -= cut
                ledger.out[P] -= cut
                ledger.charged[P] -= cut
                if ledger.due > today:
                    self.principal_not_due -= cut
                cuts = (cut, _ZERO, _ZERO, _ZERO, _ZERO, _ZERO)
                note = "advance cancelled"
                self.events.append(
                    (today, _SETTLED, ledger.number, cuts, None, reference, None, note)
                )

    def _pay(self, amount: Decimal, today: date, kind: EventKind, reference: str | None) -> Decimal:
        """Allocate ``amount``; return what is left (the caller keeps it as credit)."""
        due = self.open_due
        if not due:
            left = amount
        elif self.vertical:
            left = pay_by_installment(due, amount, self.order, today, kind, reference, self.events)
        else:
            left = allocate(
                due,
                amount,
                self.strategy,
                on=today,
                kind=kind,
                reference=reference,
                events=self.events,
                order=self.order,
            )
        self.total_allocated += amount - left
        if due:
            self._settle(today)
        return left

    def _settle(self, today: date) -> None:
        """Mark instalments paid in full today; drop settled ones from the working lists."""
        closed = stopped = False
        for ledger in self.open_due:
            out = ledger.out
            if out[0] or out[1]:
                continue  # principal or interest still unpaid: nothing changes
            if ledger.paid_full_on is None and not out[2]:
                ledger.paid_full_on = today
                if ledger.pending:  # paid in full within grace: no penalty at all
                    self.penalty.forgive(ledger)
                    ledger.pending = False
            if ledger.accruing:  # nothing left to bear penalty or compound interest
                ledger.accruing = False
                stopped = True
            if not (out[2] or out[3] or out[4] or out[5]):
                closed = True
        if closed:
            self.open_due = [ledger for ledger in self.open_due if any(ledger.out)]
        if stopped:
            self.accruing = [ledger for ledger in self.accruing if ledger.accruing]

    def _waive(self, waiver: Waiver, today: date) -> None:
        position = INDEX[waiver.component]
        if waiver.installment is not None:
            if waiver.installment > len(self.ledgers):
                raise InvalidValueError(
                    "waiver.installment", waiver.installment, f"1 to {len(self.ledgers)}"
                )
            targets = [self.ledgers[waiver.installment - 1]]
        elif waiver.amount is None:
            targets = self.ledgers
        else:
            targets = self.open_due
        available = sum((ledger.out[position] for ledger in targets), _ZERO)
        amount = available if waiver.amount is None else waiver.amount
        if amount > available:
            raise InvalidValueError(
                "waiver.amount",
                waiver.amount,
                f"at most the {waiver.component.value} outstanding on {today} ({available})",
            )
        for ledger in targets:
            if not amount:
                break
            cut = min(amount, ledger.out[position])
            if cut:
                amount -= cut
                ledger.out[position] -= cut
                ledger.waived[position] += cut
                if position == 0 and ledger.due > today:  # not yet due
                    self.principal_not_due -= cut
                cuts = [_ZERO] * 6
                cuts[position] = cut
                self.events.append(
                    (today, EventKind.WAIVED, ledger.number, tuple(cuts), None, None, None, "")
                )
        self._settle(today)
