"""The servicing walk of :mod:`loancalc.servicing.engine` on arrays: every loan at once.

Each loan's dates (instalments falling due, payment days, ends of grace) are sorted into
one event list; step ``s`` takes the ``s``-th event of every loan that has one, so the
Python loop runs over event positions, never over loans. The state is the engine's, per
instalment (flat matrices, loans x instalments): the six amounts outstanding, penalty and
compound interest charged, their exact accrual (``base x days``, or daily-rounded
amounts, since the last change of the base: :attr:`Walk.tau`), and the pending /
accruing / paid-in-full flags. With a by-instalment allocation the open instalments of a
loan are a run ``[first, fallen)``: only the first can be part-paid, so a payment touches
the first open instalment and, when it clears it, the next (a horizontal allocation:
:mod:`~loancalc.batch._assess_horizontal`).

Loans whose history needs a rule this walk does not express are marked (:attr:`flag`)
and recomputed by :func:`loancalc.assess`: several payments on one day that may settle
the loan (the engine checks each on its own).

>>> Walk.__name__
'Walk'
"""

from __future__ import annotations

import abc

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_book import Book
from loancalc.batch._assess_rates import Rates
from loancalc.servicing.allocation import AllocationScope
from loancalc.servicing.ledger import INDEX
from loancalc.servicing.policies import LateFeeKind
from loancalc.servicing.rules import ServicingRules

__all__ = ["Walk"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]
SETTLING = "several payments on a day that may settle the loan before it ends"


class Walk(abc.ABC):
    """The walk's state for a book (mutable; private). ``flag`` holds each loan's reason
    to go to the scalar engine (empty: none)."""

    def __init__(self, book: Book, rules: ServicingRules, rates: Rates) -> None:
        self.book, self.rules, self.rates = book, rules, rates
        loans, width = book.principal.shape
        self.width = width
        size = loans * width
        self.p = np.ascontiguousarray(book.principal).reshape(size).copy()
        self.i = np.ascontiguousarray(book.interest).reshape(size).copy()
        self.f = np.ascontiguousarray(book.fee).reshape(size).copy()
        self.pen = np.zeros(size, dtype=np.int64)
        self.comp = np.zeros(size, dtype=np.int64)
        self.late = np.zeros(size, dtype=np.int64)
        self.scheduled_pi = self.p + self.i
        self.grace = np.ascontiguousarray(book.grace).reshape(size)
        self.outs = (self.p, self.i, self.f, self.pen, self.comp, self.late)
        self.ch_pen = np.zeros(size, dtype=np.int64)
        self.ch_comp = np.zeros(size, dtype=np.int64)
        self.a_pen = np.zeros(size, dtype=np.int64)
        self.a_comp = np.zeros(size, dtype=np.int64)
        self.tau = np.zeros(size, dtype=np.int64)
        self.pending = np.zeros(size, dtype=bool)
        self.accruing = np.zeros(size, dtype=bool)
        self.paid_full = np.zeros(size, dtype=bool)
        self.first = np.zeros(loans, dtype=np.int64)
        self.fallen = np.zeros(loans, dtype=np.int64)
        self.credit = np.zeros(loans, dtype=np.int64)
        self.late_total = np.zeros(loans, dtype=np.int64)
        self.flag = np.full(loans, "", dtype=object)
        self.settled = np.zeros(loans, dtype=bool)
        self.forgiven = np.zeros(loans, dtype=np.float64)  # accrual forgiven (grace)
        self.rebate_int = np.zeros(loans, dtype=np.int64)
        self.rebate_fee = np.zeros(loans, dtype=np.int64)
        self.cum_p = np.concatenate(
            [np.zeros((loans, 1), dtype=np.int64), np.cumsum(book.principal, axis=1)], axis=1
        )
        self.total_p = self.cum_p[:, -1]
        self.not_due = self.total_p.copy()  # the principal of the instalments not yet due
        strategy = rules.allocation_strategy
        self.order = tuple(INDEX[c] for c in strategy.order)
        self.vertical = strategy.scope is AllocationScope.BY_INSTALLMENT
        self.penalize = rates.penalize
        self.retroactive = rules.grace.retroactive
        self.fee_policy = rules.late_fee
        #: per instalment (flat), whether no late fee is charged (pyramiding forbidden)
        self.spared: Bools | None = None
        #: per instalment (flat), whether its late fee is scheduled (repeated fees)
        self.fee_due = np.zeros(size, dtype=bool)

    # ------------------------------------------------------------------------------
    # Penalty accrual and charges
    # ------------------------------------------------------------------------------

    def advance(self, q: Ints, today: Int64s) -> None:
        """Accrue the accruing instalments ``q`` (flat) up to ``today`` (one day each)."""
        keep = self.accruing[q]
        q, today = q[keep], today[keep]
        if not len(q):
            return
        loans = q // self.width
        units = self.rates.units
        days = units(today) - units(self.tau[q])
        relief = self.rates.relief
        if relief:  # no penalty accrues inside a relief window
            days -= relief.days(self.tau[q], today, units if self.rates.uneven else None)
        self.a_pen[q] += days * self.rates.pen_daily(self.p[q], loans)
        self.a_comp[q] += days * self.rates.comp_daily(self.i[q], loans)
        self.tau[q] = today

    def charge(self, q: Ints) -> None:
        """Charge the instalments ``q`` what they accrued (rounded cumulatively)."""
        loans = q // self.width
        pen = self.rates.pen_charged(self.a_pen[q], loans)
        comp = self.rates.comp_charged(self.a_comp[q], loans)
        self.pen[q] += pen - self.ch_pen[q]
        self.ch_pen[q] = pen
        self.comp[q] += comp - self.ch_comp[q]
        self.ch_comp[q] = comp

    # ------------------------------------------------------------------------------
    # Money in
    # ------------------------------------------------------------------------------

    @abc.abstractmethod
    def pay_horizontal(self, loans: Ints, money: Int64s, today: Int64s, *, charge: bool) -> Int64s:
        """Allocate ``money`` across instalments by component (overdue interest first):
        given by :class:`~loancalc.batch._assess_steps.BookWalk`."""

    @abc.abstractmethod
    def settle(self, loans: Ints, money: Int64s, today: Int64s) -> None:
        """Settle the loans whose payment covers the settlement figure: given by
        :class:`~loancalc.batch._assess_steps.BookWalk`."""

    def pay(self, loans: Ints, money: Int64s, today: Int64s, *, charge: bool) -> Int64s:
        """Allocate ``money`` into each loan's open instalments, oldest first, component
        by component; return what is left (credit). ``charge``: a payment day (accrued
        penalty is charged first)."""
        if not self.vertical:
            return self.pay_horizontal(loans, money, today, charge=charge)
        money = money.copy()
        active = np.arange(len(loans))
        while True:
            active = active[
                (money[active] > 0) & (self.first[loans[active]] < self.fallen[loans[active]])
            ]
            if not len(active):
                return money
            who, day = loans[active], today[active]
            q = who * self.width + self.first[who]
            if self.penalize:  # the base changes today: bring the accrual up to today
                self.advance(q, day)
                if charge:
                    self.charge(q[self.accruing[q] & ~self.pending[q]])
            outs = [out[q] for out in self.outs]
            left = money[active]
            for position in self.order:
                take = np.minimum(outs[position], left)
                outs[position] -= take
                left -= take
            for out, values in zip(self.outs, outs, strict=True):
                out[q] = values
            money[active] = left
            p, i, f, pen, comp, late = outs
            self.settle_paid(q, (p | i) == 0, f)
            cleared = (p | i | f | pen | comp | late) == 0
            self.first[who[cleared]] += 1
            self.skip_empty(who[cleared])

    def settle_paid(self, q: Ints, zero: Bools, fee: Int64s) -> None:
        """The engine's ``_settle`` on the instalments ``q`` just paid into (``zero``:
        principal and interest all paid; ``fee``: the fee left). Their accrual was
        brought up to today before the payment."""
        self.accruing[q[zero]] = False
        newly = q[zero & ~self.paid_full[q] & (fee == 0)]
        self.paid_full[newly] = True
        forgiven = newly[self.pending[newly]]  # paid in full within grace: no penalty
        loans = forgiven // self.width
        np.add.at(
            self.forgiven,
            loans,
            self.rates.accrued(self.a_pen[forgiven], self.a_comp[forgiven], loans),
        )
        self.a_pen[forgiven] = 0
        self.a_comp[forgiven] = 0
        self.pending[forgiven] = False

    def skip_empty(self, loans: Ints) -> None:
        """Move each loan's first open instalment past fallen ones with nothing out."""
        while len(loans):
            loans = loans[self.first[loans] < self.fallen[loans]]
            q = loans * self.width + self.first[loans]
            empty = (
                self.p[q] | self.i[q] | self.f[q] | self.pen[q] | self.comp[q] | self.late[q]
            ) == 0
            loans = loans[empty]
            self.first[loans] += 1

    # ------------------------------------------------------------------------------
    # Events
    # ------------------------------------------------------------------------------

    def fall_due(self, loans: Ints, column: Int64s, today: Int64s) -> None:
        """Instalment ``column`` of each loan falls due today; credit held pays it."""
        live = ~self.settled[loans]  # a settled loan asks for nothing more
        loans, column, today = loans[live], column[live], today[live]
        q = loans * self.width + column
        self.fallen[loans] = column + 1
        self.not_due[loans] -= self.p[q]  # nothing is paid into an instalment not yet due
        zero = (self.p[q] | self.i[q] | self.f[q]) == 0
        self.paid_full[q[zero]] = True
        if self.penalize:
            starts = ~zero & (self.retroactive | (self.grace[q] == today))
            starts_q = q[starts]
            self.pending[starts_q] = True
            bearing = (self.p[starts_q] | self.i[starts_q]) != 0
            self.accruing[starts_q[bearing]] = True
            self.tau[starts_q[bearing]] = today[starts][bearing]
        self.skip_empty(loans[zero])
        holding = self.credit[loans] > 0
        if holding.any():
            who = loans[holding]
            self.credit[who] = self.pay(who, self.credit[who], today[holding], charge=False)

    def receive(self, loans: Ints, money: Int64s, today: Int64s, several: Bools) -> None:
        """The day's payments of each loan (summed; ``several``: more than one that
        day), after the settlement check: a payment covering the settlement figure
        before the last instalment falls due settles the loan (:func:`settle`)."""
        # below the principal not yet due no payment can settle the loan: decided at once
        near = money + self.credit[loans] >= self.not_due[loans]
        if near.any():
            before = self.settled[loans]
            self._settling(loans[near], money[near], today[near], several[near])
            keep = before | ~self.settled[loans]  # a loan settled today took the payment
            loans, money, today = loans[keep], money[keep], today[keep]
        self.credit[loans] += self.pay(loans, money, today, charge=True)

    def _settling(self, loans: Ints, money: Int64s, today: Int64s, several: Bools) -> None:
        first, fallen = self.first[loans], self.fallen[loans]
        open_first = np.where(
            first < fallen, self.p[loans * self.width + np.minimum(first, self.width - 1)], 0
        )
        after = np.where(first < fallen, first + 1, fallen)
        owed = open_first + self.total_p[loans] - self.cum_p[loans, after]
        settling = (
            (fallen < self.book.count[loans])
            & (money + self.credit[loans] >= owed)
            & ~self.settled[loans]
        )
        # one payment after another may settle where their sum would not: not expressed
        self.flag[loans[settling & several & (self.flag[loans] == "")]] = SETTLING
        settling &= ~several
        if settling.any():
            self.settle(loans[settling], money[settling], today[settling])

    def end_grace(self, loans: Ints, column: Int64s, today: Int64s) -> None:
        """At the end of the last day of grace: an instalment still short is charged its
        penalty (retroactive) or starts accruing, and is charged a late fee."""
        q = loans * self.width + column
        short = ~self.paid_full[q]
        q, loans, today = q[short], loans[short], today[short]
        if self.penalize:
            pending = self.pending[q]
            was = q[pending]
            starting = ~pending & ~self.accruing[q] & ((self.p[q] | self.i[q]) != 0)
            self.advance(was, today[pending])
            self.charge(was)
            self.pending[was] = False
            self.accruing[q[starting]] = True
            self.tau[q[starting]] = today[starting]
        policy = self.fee_policy
        if policy.kind is LateFeeKind.NONE or not len(q):
            return
        if self.spared is not None:  # pyramiding forbidden: paid on time by its own money
            charged = ~self.spared[q]
            q, loans = q[charged], loans[charged]
        if policy.repeat_days is not None or self.rates.relief:  # charged by the fee events
            self.fee_due[q] = True
            return
        self.late_fee(q, loans)

    def late_fee_event(self, loans: Ints, column: Int64s) -> None:
        """A late fee (repeated every ``repeat_days``) of an instalment still short."""
        q = loans * self.width + column
        charged = self.fee_due[q] & ~self.paid_full[q]
        self.late_fee(q[charged], loans[charged])

    def late_fee(self, q: Ints, loans: Ints) -> None:
        """Charge the instalments ``q`` (of ``loans``) one late fee each."""
        policy = self.fee_policy
        fee = self.rates.late_fee(
            unpaid=self.p[q] + self.i[q] + self.f[q],
            scheduled=self.scheduled_pi[q],
        )
        if policy.cap_total is not None:
            fee = np.minimum(fee, self.rates.fee_cap - self.late_total[loans])
        fee = np.maximum(fee, 0)
        self.late[q] += fee
        self.late_total[loans] += fee
