"""Money in, for the actual-balance engine: payments, their allocation, and waivers.

:class:`BalanceMoneyIn` receives a payment (credit held, an overpayment carried as
credit, the day the loan is settled), pays an amount over the balances in the
allocation order (under the ``credit`` overpayment rule, contract balances take at most
the arrears) and applies waivers; :class:`~loancalc.servicing.balance_walk.BalanceRun`
walks the dates and calls these steps (the state they work on is set up there).

>>> BalanceMoneyIn._allocate.__name__
'_allocate'
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from loancalc.errors import InvalidValueError
from loancalc.servicing.balance_caps import CapBook
from loancalc.servicing.balance_demands import Demands
from loancalc.servicing.events import EventKind, RawEvent, raw_event
from loancalc.servicing.ledger import INDEX
from loancalc.servicing.payment import Payment
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.waiver import Waiver

__all__ = ["BalanceMoneyIn"]

P, INT, FEE, PEN, COMP, LATE = range(6)
_CONTRACT = (P, INT, FEE)
_ZERO = Decimal(0)
# the kinds of the RawEvent tuples made here (as raw_event makes them, cheaper)
_RECEIVED, _ALLOCATED = EventKind.PAYMENT_RECEIVED, EventKind.PAYMENT_ALLOCATED
_CARRIED, _SETTLED = EventKind.CREDIT_CARRIED, EventKind.SETTLED
_FEE_NOTE = "the financed fee not yet repaid, due on settling"


class BalanceMoneyIn:
    """Payments, allocation and waivers over the balances of one actual-balance
    assessment (mutable, private; the walk in
    :class:`~loancalc.servicing.balance_walk.BalanceRun` sets up the state declared here).

    >>> BalanceMoneyIn._receive.__name__, BalanceMoneyIn._waive.__name__
    ('_receive', '_waive')
    """

    rules: ServicingRules
    zero: Decimal
    demands: Demands
    balances: list[Decimal]
    charged: list[Decimal]
    caps: CapBook
    financed_left: Decimal
    line_charges: Decimal
    paid: list[Decimal]
    waived: list[Decimal]
    order: tuple[int, ...]
    credit: Decimal
    total_paid: Decimal
    total_allocated: Decimal
    events: list[RawEvent]
    line_paid: Decimal
    noteworthy: bool
    settled_on: date | None
    written_off_on: date | None

    def _owes(self) -> bool:
        """Whether anything is owed: a balance, or a financed fee still to fall due.

        >>> BalanceMoneyIn._owes.__name__
        '_owes'
        """
        return bool(self.financed_left) or any(self.balances)

    def settling_fee(self, today: date) -> Decimal:
        """What settling on ``today`` charges of the financed fee: the parts of it the
        instalments not yet fallen due repay, as the caps would let them be charged that
        day (nothing once the loan is settled). Changes nothing.

        >>> BalanceMoneyIn.settling_fee.__name__
        'settling_fee'
        """
        if not self.financed_left or self.settled_on is not None:
            return self.zero
        if not self.caps.limits_costs:
            return self.financed_left
        return self.caps.copy().fit_lump(self.financed_left, today)

    def _receive(self, payment: Payment, today: date) -> None:
        self.noteworthy = True
        amount = payment.amount
        self.total_paid += amount
        self.line_paid += amount
        reference = payment.reference
        self.events.append((today, _RECEIVED, None, None, amount, reference, None, ""))
        pool = amount
        financed = bool(self.financed_left) and self.settled_on is None
        owed = sum(self.balances, _ZERO)  # the settlement figure, before credit
        if financed:
            owed += self.settling_fee(today)
        # credit held counts towards it (under reduce-principal, credit stands beside a
        # debt only when money beyond the balances came before a financed fee fell due)
        with_credit = financed or self.rules.overpayment.holds_credit
        if with_credit and self.credit and amount + self.credit >= owed:
            pool, self.credit = amount + self.credit, self.zero  # together they settle the loan
        if financed and pool >= owed:  # settling makes the rest of the financed fee due
            self._charge_settling_fee(today, reference)
        used = self._allocate(pool, today, _ALLOCATED, reference)
        left = pool - used
        if left:
            self.credit += left
            self.events.append((today, _CARRIED, None, None, left, reference, None, ""))
        recovery = self.written_off_on is not None and not used  # paid after a write-off
        if self.settled_on is None and not self._owes() and not recovery:
            self.settled_on = today
            self.events.append((today, _SETTLED, None, None, used, reference, None, ""))

    def _charge_settling_fee(self, today: date, reference: str | None) -> None:
        """Charge the financed fee not yet fallen due, through the caps as a fee falling
        due is charged (one event: a ``settled`` event with the fee in its amounts)."""
        fee = self.financed_left
        if self.caps.limits_costs:
            fee = self.caps.fit_lump(fee, today)
        self.financed_left = self.zero
        if fee:
            self.balances[FEE] += fee
            self.charged[FEE] += fee
            self.caps.charged(fee, daily=False)
            self.line_charges += fee
            amounts = (_ZERO, _ZERO, fee, _ZERO, _ZERO, _ZERO)
            self.events.append((today, _SETTLED, None, amounts, None, reference, None, _FEE_NOTE))

    def _allocate(
        self, amount: Decimal, today: date, kind: EventKind, reference: str | None
    ) -> Decimal:
        """Pay ``amount`` over the balances; return how much was used.

        Under the ``credit`` overpayment rule (unless ``amount`` pays everything owed)
        principal, interest and fee take at most the arrears, and where one of them is
        left owed beyond them the payment stops there: the rest is held as credit for
        the next instalment, not spent on what the allocation order puts after it."""
        balances, paid = self.balances, self.paid
        budget = None
        if self.rules.overpayment.holds_credit and amount < sum(balances, _ZERO):
            budget = self.demands.arrears
        left = amount
        taken = [_ZERO] * 6
        for component in self.order:
            if not left:
                break
            take = min(balances[component], left)
            held = False
            if component in _CONTRACT and budget is not None:
                held = take > budget
                take = min(take, budget)
                budget -= take
            if take:
                balances[component] -= take
                paid[component] += take
                taken[component] += take
                left -= take
            if held:
                break
        used = amount - left
        if used:
            self.total_allocated += used
            self.events.append((today, kind, None, tuple(taken), used, reference, None, ""))
            self.demands.cover(taken[P] + taken[INT] + taken[FEE], today, taken[:3])
        return used

    def _waive(self, waiver: Waiver, today: date) -> None:
        self.noteworthy = True
        position = INDEX[waiver.component]
        available = self.balances[position]
        amount = available if waiver.amount is None else waiver.amount
        if amount > available:
            raise InvalidValueError(
                "waiver.amount",
                waiver.amount,
                f"at most the {waiver.component.value} outstanding on {today} ({available})",
            )
        if amount:
            self.balances[position] -= amount
            self.waived[position] += amount
            self.events.append(raw_event(today, EventKind.WAIVED, None, {position: amount}))
            if position in _CONTRACT:  # forgiven as if paid (of that part first)
                parts = [self.zero] * 3
                parts[position] = amount
                self.demands.cover(amount, today, parts)
