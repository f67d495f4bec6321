"""The walks' steps for events beyond payments (:mod:`loancalc.servicing.ledger_events`):
refunds out of credit, write-offs and charges added by hand, on the scheduled basis
(:class:`~loancalc.servicing.books.Books`) and the actual-balance basis
(:class:`~loancalc.servicing.balance_walk.BalanceRun`). Each runs inside the walk's
decimal context and records plain events; a refund beyond the credit held, or a
write-off beyond what is owed, raises :class:`~loancalc.errors.InvalidValueError` (the
walk is private: nothing the caller holds is changed).

>>> refund_credit.__name__, write_off_balances.__name__
('refund_credit', 'write_off_balances')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

from loancalc.errors import InvalidValueError
from loancalc.servicing.balance_demands import Demands
from loancalc.servicing.books import Books
from loancalc.servicing.events import EventKind, RawEvent, raw_event
from loancalc.servicing.ledger import FEE, INT, LATE, P, allocate, pay_by_installment
from loancalc.servicing.ledger_events import Charge, Refund, WriteOff


class BalanceRun(Protocol):
    """What these steps use of the actual-balance walk
    (:class:`~loancalc.servicing.balance_walk.BalanceRun`), which calls them: named here
    so that this module does not import the walk that imports it."""

    credit: Decimal
    noteworthy: bool
    total_refunded: Decimal
    events: list[RawEvent]
    balances: list[Decimal]
    zero: Decimal
    order: tuple[int, ...]
    waived: list[Decimal]
    demands: Demands
    written_off_on: date | None
    line_charges: Decimal

    def _charge(self, component: int, amount: Decimal) -> None: ...

    def _allocate(
        self, amount: Decimal, today: date, kind: EventKind, reference: str | None
    ) -> Decimal: ...


__all__ = [
    "add_balance_charge",
    "add_charge",
    "refund_balance_credit",
    "refund_credit",
    "write_off_balances",
    "write_off_books",
]

_ZERO = Decimal(0)
_WRITTEN_OFF = EventKind.WRITTEN_OFF


# ---- the scheduled basis -------------------------------------------------------------


def refund_credit(books: Books, refund: Refund, today: date) -> None:
    """Pay ``refund`` back out of the credit held (more than it holds is refused).

    >>> from datetime import date
    >>> import loancalc as lc
    >>> s = lc.amortize(lc.LoanTerms(principal=1200, annual_rate=0, term=3,
    ...                              start=date(2024, 1, 1)))
    >>> paid = [lc.Payment(date(2024, 2, 1), "500"), lc.Refund(date(2024, 2, 1), "100")]
    >>> state = lc.assess(s, paid, date(2024, 2, 1))  # 400 due, 100 over, paid back
    >>> state.credit, state.total_refunded
    (Decimal('0.00'), Decimal('100.00'))
    """
    if refund.amount > books.credit:
        raise InvalidValueError(
            "refund.amount",
            refund.amount,
            f"at most the credit held on {today} after its payments ({books.credit})",
        )
    books.credit -= refund.amount
    books.total_refunded += refund.amount
    books.events.append(
        (today, EventKind.REFUNDED, None, None, refund.amount, refund.reference, None, "")
    )


def write_off_books(books: Books, write_off: WriteOff, today: date) -> None:
    """Write off an amount of what is due by the allocation order, or (None)
    everything owed: what fell due and the principal not yet due (the interest and
    fees of instalments not yet due are cancelled, never earned).

    >>> from datetime import date
    >>> import loancalc as lc
    >>> s = lc.amortize(lc.LoanTerms(principal=1200, annual_rate=0, term=3,
    ...                              start=date(2024, 1, 1)))
    >>> state = lc.assess(s, [lc.WriteOff(date(2024, 2, 10))], date(2024, 2, 10))
    >>> state.written_off.total, state.total_outstanding
    (Decimal('1200.00'), Decimal('0.00'))
    """
    zero = books.rounding.apply(_ZERO)
    if write_off.amount is None:
        for ledger in books.ledgers:
            out = ledger.out
            if ledger.due > today:
                books.principal_not_due -= out[P]
                for position in (INT, FEE):
                    ledger.charged[position] -= out[position]
                    out[position] = zero
            cuts = tuple(out)
            if any(cuts):
                for position in range(6):
                    ledger.waived[position] += cuts[position]
                    out[position] = zero
                books.events.append(
                    (today, _WRITTEN_OFF, ledger.number, cuts, None, write_off.reference,
                     None, "")
                )  # fmt: skip
    else:
        available = sum((sum(ledger.out, _ZERO) for ledger in books.open_due), _ZERO)
        if write_off.amount > available:
            raise InvalidValueError(
                "writeoff.amount",
                write_off.amount,
                f"None (everything) or at most what is due on {today} ({available})",
            )
        before = [list(ledger.paid) for ledger in books.open_due]
        due = list(books.open_due)
        if books.vertical:
            pay_by_installment(
                due, write_off.amount, books.order, today, _WRITTEN_OFF,
                write_off.reference, books.events,
            )  # fmt: skip
        else:
            allocate(
                due, write_off.amount, books.strategy, on=today, kind=_WRITTEN_OFF,
                reference=write_off.reference, events=books.events, order=books.order,
            )  # fmt: skip
        for ledger, paid in zip(due, before, strict=True):  # written off, not paid
            for position in range(6):
                cut = ledger.paid[position] - paid[position]
                ledger.paid[position] = paid[position]
                ledger.waived[position] += cut
    books.written_off_on = today
    books._settle(today)


def add_charge(books: Books, charge: Charge, today: date) -> None:
    """Charge a fee added by hand to the latest instalment fallen due by ``today``
    (the first before any has), in the late-fee column; credit held pays it.

    >>> from datetime import date
    >>> import loancalc as lc
    >>> s = lc.amortize(lc.LoanTerms(principal=1200, annual_rate=0, term=3,
    ...                              start=date(2024, 1, 1)))
    >>> state = lc.assess(s, [lc.Charge(date(2024, 1, 10), "15", "statement copy")],
    ...                   date(2024, 1, 10))
    >>> state.total_outstanding, state.days_past_due
    (Decimal('1215.00'), 0)
    """
    fallen = [ledger for ledger in books.ledgers if ledger.due <= today]
    ledger = fallen[-1] if fallen else books.ledgers[0]
    ledger.charged[LATE] += charge.amount
    ledger.out[LATE] += charge.amount
    books.events.append(
        (today, EventKind.CHARGE_ADDED, ledger.number,
         (_ZERO, _ZERO, _ZERO, _ZERO, _ZERO, charge.amount), None, charge.reference, None,
         charge.reason)
    )  # fmt: skip
    if fallen and ledger not in books.open_due:
        books.open_due.append(ledger)
        books.open_due.sort(key=lambda open_ledger: open_ledger.number)
    if books.credit and books.open_due:
        books.credit = books._pay(books.credit, today, EventKind.CREDIT_APPLIED, None)


# ---- the actual-balance basis ------------------------------------------------------------


def refund_balance_credit(run: BalanceRun, refund: Refund, today: date) -> None:
    """Pay ``refund`` back out of the credit held (more than it holds is refused).

    >>> from datetime import date
    >>> import loancalc as lc
    >>> uk = lc.products.get("uk-hcstc")
    >>> s = lc.amortize(uk.terms(principal="300", term=3, start=date(2024, 1, 1)))
    >>> paid = [lc.Payment(date(2024, 1, 5), "400"), lc.Refund(date(2024, 1, 6), "50")]
    >>> lc.assess(s, paid, date(2024, 1, 6), uk).total_refunded
    Decimal('50.00')
    """
    if refund.amount > run.credit:
        raise InvalidValueError(
            "refund.amount",
            refund.amount,
            f"at most the credit held on {today} after its payments ({run.credit})",
        )
    run.noteworthy = True
    run.credit -= refund.amount
    run.total_refunded += refund.amount
    run.events.append(
        raw_event(today, EventKind.REFUNDED, amount=refund.amount, reference=refund.reference)
    )


def write_off_balances(run: BalanceRun, write_off: WriteOff, today: date) -> None:
    """Write off an amount of the balances by the allocation order (None: all).

    >>> from datetime import date
    >>> import loancalc as lc
    >>> uk = lc.products.get("uk-hcstc")
    >>> s = lc.amortize(uk.terms(principal="300", term=3, start=date(2024, 1, 1)))
    >>> state = lc.assess(s, [lc.WriteOff(date(2024, 1, 10))], date(2024, 1, 10), uk)
    >>> state.total_outstanding
    Decimal('0.00')
    """
    balances = run.balances
    available = sum(balances, _ZERO)
    amount = available if write_off.amount is None else write_off.amount
    if amount > available:
        raise InvalidValueError(
            "writeoff.amount",
            write_off.amount,
            f"None (everything) or at most what is owed on {today} ({available})",
        )
    run.noteworthy = True
    left = amount
    taken = [run.zero] * 6
    for component in run.order:
        take = min(balances[component], left)
        if take:
            balances[component] -= take
            run.waived[component] += take
            taken[component] = take
            left -= take
    if amount:
        run.events.append(
            raw_event(today, EventKind.WRITTEN_OFF, None, tuple(taken), amount=amount,
                      reference=write_off.reference)
        )  # fmt: skip
        run.demands.cover(taken[P] + taken[INT] + taken[FEE], today, taken[:3])
    run.written_off_on = today


def add_balance_charge(run: BalanceRun, charge: Charge, today: date) -> None:
    """A fee added by hand: owed at once (with the late fees), paid by credit held.

    >>> from datetime import date
    >>> import loancalc as lc
    >>> uk = lc.products.get("uk-hcstc")
    >>> s = lc.amortize(uk.terms(principal="300", term=3, start=date(2024, 1, 1)))
    >>> state = lc.assess(s, [lc.Charge(date(2024, 1, 10), "5", "copy")], date(2024, 1, 10), uk)
    >>> state.days_past_due
    0
    """
    run.noteworthy = True
    run._charge(LATE, charge.amount)
    run.line_charges += charge.amount
    run.events.append(
        raw_event(today, EventKind.CHARGE_ADDED, None, {LATE: charge.amount},
                  reference=charge.reference, note=charge.reason)
    )  # fmt: skip
    if run.credit:
        run.credit -= run._allocate(run.credit, today, EventKind.CREDIT_APPLIED, None)
