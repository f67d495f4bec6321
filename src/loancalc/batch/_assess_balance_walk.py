"""The vectorised actual-balance walk: every loan's balances, exact interest of the period,
penalty and demands, event position by event position (see
:mod:`loancalc.batch._assess_balance`).

Each step closes a period ended on an earlier day, accrues to the event's day (contract
interest on the principal, penalty on overdue principal, compound interest on overdue
interest) and posts what accrued (``loancalc.servicing.balance_accrual``'s rules); then
the event: a demand falls due, a day's payments are allocated, grace ends (the
penalty accrued within a retroactive grace, a late fee on a demand still short) or a
repeated late fee falls. A cap that would cut is not applied: the loan is flagged
(``caps.binding``) and left to :func:`loancalc.assess`.

>>> from datetime import date
>>> from loancalc import batch, ServicingRules
>>> from loancalc.batch._assess_book import read
>>> rules = ServicingRules(interest_basis="actual-balance")
>>> book = read(batch.amortize(1000, "36%", 1, start=date(2024, 1, 1), accrual="daily"), rules)
>>> walk = Walk(book, rules, spared=None)
>>> walk.accrue(np.array([0]), np.array([19723 + 10]))  # 2024-01-11: 1,000 x 0.1 % x 10
>>> walk.balance[1].tolist()
[1000]
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_balance_caps import CapWatch
from loancalc.batch._assess_balance_demands import Demands
from loancalc.batch._assess_balance_fees import LateFees
from loancalc.batch._assess_balance_penalty import Penalty
from loancalc.batch._assess_book import Book
from loancalc.batch._assess_events import DUE, FEE, GRACE, KINDS, PAY, collect
from loancalc.batch._assess_payments import Paid, by_day
from loancalc.batch._rounding import round_div
from loancalc.rates import DayCount
from loancalc.servicing.ledger import positions
from loancalc.servicing.rules import ServicingRules

__all__ = ["BASES", "Walk", "rate_parts", "run_events", "snapshot"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]
P, INT, FEE_, PEN, COMP, LATE = range(6)
_NEVER = -(2**40)
#: The day counts the walk accrues by: days over a fixed year.
BASES = {DayCount.ACT_360: 360, DayCount.ACT_365F: 365}


def rate_parts(book: Book) -> tuple[Int64s, Int64s]:
    """Each loan's daily contract rate as an exact fraction (2**40 / 1 where it is too
    long: such loans overflow-check out)."""
    tops, bottoms = [], []
    for rate in book.rates:
        fraction = Fraction(rate)
        fits = fraction.numerator < 2**40 and fraction.denominator < 2**40
        tops.append(fraction.numerator if fits else 2**40)
        bottoms.append(fraction.denominator if fits else 1)
    base = np.array([BASES.get(dc, 360) for dc in book.day_counts], dtype=np.int64)
    top = np.array(tops, dtype=np.int64)[book.rate_index]
    bottom = np.array(bottoms, dtype=np.int64)[book.rate_index] * base[book.day_count_index]
    return top, bottom


class Walk:
    """Every loan's balances (principal, interest, fee, penalty, compound, late fees),
    what was charged of each, the exact interest of the period, the penalty and the
    demands (mutable). ``spared``: the demands no late fee is charged on (no
    pyramiding), or None."""

    def __init__(self, book: Book, rules: ServicingRules, *, spared: Bools | None) -> None:
        loans = len(book)
        self.book, self.mode = book, book.rounding.for_interest().mode
        self.order = list(positions(rules.allocation_strategy))
        self.top, self.bottom = rate_parts(book)
        self.balance = [book.principal.sum(axis=1).astype(np.int64)]
        self.balance += [np.zeros(loans, dtype=np.int64) for _ in range(5)]
        self.charged = [self.balance[P].copy()]
        self.charged += [np.zeros(loans, dtype=np.int64) for _ in range(5)]
        self.credit = np.zeros(loans, dtype=np.int64)
        self.exact = np.zeros(loans, dtype=np.int64)  # the period's interest (over bottom)
        self.posted = np.zeros(loans, dtype=np.int64)  # the period's interest charged
        self.last = book.start.astype(np.int64).copy()
        self.close_on = np.full(loans, _NEVER, dtype=np.int64)  # a period ended, not reset
        self.penalty = Penalty(book, rules) if rules.penalty.charges_anything else None
        contract = tuple(i for i in self.order if i in (P, INT, FEE_))
        asked = book.principal + book.interest + book.fee
        self.demands = Demands(asked, contract, labelled=self.penalty is not None)
        self.fees = LateFees(rules, book.rounding)
        self.spared = spared
        # repeated late fees: whether a demand's chain of fees runs on (a fee falls on a
        # day of the engine's walk only while it does: that day posts what accrued)
        self.chained = np.zeros(book.principal.shape if self.fees.repeat_days else (0, 0), bool)
        self.caps = CapWatch(book, rules)

    def accrue(self, who: Ints, when: Int64s) -> None:
        """Close a period ended on an earlier day, accrue to ``when`` and post what
        accrued: the period's rounded interest so far, the rounded penalty so far."""
        ended = self.close_on[who]
        reset = who[(ended != _NEVER) & (ended < when)]
        self.exact[reset] = 0
        self.posted[reset] = 0
        self.close_on[reset] = _NEVER
        balance, charged, caps = self.balance, self.charged, self.caps
        principal = balance[P][who]
        days = when - self.last[who]
        contract = principal * self.top[who] * days
        self.exact[who] += contract
        self.last[who] = when
        penalty = self.penalty
        measure = caps.daily is not None
        if penalty is not None:
            interest = balance[INT][who]
            owed = (principal, interest)
            repaid = (charged[P][who] - principal, charged[INT][who] - interest)
            spent = penalty.accrue(self.demands, who, days, owed, repaid, measure=measure)
            if spent is not None:
                caps.span(who, spent + contract / self.bottom[who], principal, days)
        caps.grow(who, principal, days)
        rounded = round_div(self.exact[who], self.bottom[who], self.mode)
        add = np.maximum(rounded - self.posted[who], 0)
        balance[INT][who] += add
        charged[INT][who] += add
        self.posted[who] += add
        if penalty is not None:
            rounded = penalty.rounded(who)
            for row, component in enumerate((PEN, COMP)):
                more = np.maximum(rounded[row] - charged[component][who], 0)
                balance[component][who] += more
                charged[component][who] += more
                add = add + more
        if measure:
            daily = charged[INT][who] + charged[PEN][who] + charged[COMP][who]
            caps.posted(who, add, daily)

    def fall_due(self, who: Ints, column: Int64s, when: Int64s) -> None:
        """Demand ``column`` of loans ``who`` falls due (with its scheduled fee)."""
        balance, demands = self.balance, self.demands
        anything = sum(part[who] for part in balance) > 0
        fee = np.where(anything, self.book.fee[who, column], 0)
        balance[FEE_][who] += fee
        self.charged[FEE_][who] += fee
        interest, fees = balance[INT][who], balance[FEE_][who]
        owed = np.maximum(balance[P][who] + interest + fees - demands.arrears[who], 0)
        last = column == self.book.count[who] - 1
        amount = np.where(last, owed, np.minimum(demands.asked[who, column], owed))
        if demands.labelled:  # its parts: the interest and fees charged that no earlier
            # demand asked for; the last: those owed less what the earlier demands asked
            # for and was not repaid (the scalar engine's rule)
            asked = demands.parts[:, who].sum(axis=2)
            charged_i, charged_f = self.charged[INT][who], self.charged[FEE_][who]
            earlier_i = np.maximum(asked[1] - (charged_i - interest), 0)
            earlier_f = np.maximum(asked[2] - (charged_f - fees), 0)
            fee_part = np.where(
                last, np.maximum(fees - earlier_f, 0), np.maximum(fee, charged_f - asked[2])
            )
            fee_part = np.minimum(fee_part, amount)
            period = np.where(
                last,
                np.maximum(interest - earlier_i, 0),
                np.maximum(self.posted[who], charged_i - asked[1]),
            )
            interest_part = np.minimum(period, amount - fee_part)
        else:
            fee_part = interest_part = np.zeros(len(who), dtype=np.int64)
        demands.ahead[who] = np.where(last, 0, demands.ahead[who])
        demands.fall_due(who, column, amount, interest_part, fee_part)
        self.close_on[who] = when

    def receive(self, who: Ints, amount: Int64s) -> None:
        """A day's payments of loans ``who``: the balances in the allocation order, the
        demands, paid ahead, credit."""
        left = amount.copy()
        taken = np.zeros((3, len(who)), dtype=np.int64)  # to principal, interest and fee
        for component in self.order:
            owed = self.balance[component]
            take = np.minimum(owed[who], left)
            owed[who] -= take
            left -= take
            if component < PEN:
                taken[component] = take
        self.credit[who] += left
        self.demands.cover(who, taken)

    def end_grace(self, who: Ints, column: Int64s) -> None:
        """Grace of demand ``column`` ends: a demand still short is overdue (what it
        accrued within a retroactive grace is added) and is charged a late fee."""
        demands = self.demands
        short = (column < demands.fallen[who]) & (demands.unpaid[who, column] > 0)
        if self.penalty is not None:
            demands.overdue[who[short], column[short]] = True
            self.penalty.end_grace(who, column, short)
        if self.fees.charges and self.fees.repeat_days is None:
            self.late_fee(who[short], column[short])

    def fee_falls(self, who: Ints, column: Int64s, when: Int64s) -> Bools:
        """Whether a repeated late fee of demand ``column`` may fall on ``when`` for loans
        ``who``: on its end of grace, or while its chain of fees runs on.

        >>> Walk.fee_falls.__name__
        'fee_falls'
        """
        falls: Bools = (when == self.book.grace[who, column]) | self.chained[who, column]
        return falls

    def late_fee(self, who: Ints, column: Int64s) -> None:
        """A late fee on demand ``column`` of loans ``who``, if still short and not
        spared."""
        short = self.demands.unpaid[who, column] > 0
        if self.spared is not None:
            short &= ~self.spared[who, column]
        if self.chained.size:
            self.chained[who, column] = short
        who, column = who[short], column[short]
        book, late = self.book, self.charged[LATE]
        scheduled = book.principal[who, column] + book.interest[who, column]
        fee = self.fees.units(self.demands.unpaid[who, column], scheduled, late[who])
        self.balance[LATE][who] += fee
        late[who] += fee

    def check_costs(self, who: Ints) -> None:
        """The total and annual caps on loans ``who`` as they stand."""
        caps = self.caps
        if not caps.limits_costs:
            return
        charged = self.charged
        others = charged[FEE_][who] + charged[LATE][who]
        interest = charged[INT][who] - self.posted[who]  # periods closed: as charged
        exact = interest + self.exact[who] / self.bottom[who] + others
        if self.penalty is not None:
            exact = exact + self.penalty.accrued(who)
        posted = charged[INT][who] + charged[PEN][who] + charged[COMP][who] + others
        caps.costs(who, exact, posted)


def run_events(walk: Walk, book: Book, paid: Paid, today: int, skip: Bools) -> None:
    """Walk every event up to ``today`` (its ends of grace left out), then to ``today``."""
    fees = walk.fees
    repeat = fees.repeat_days if fees.charges else None
    daily = by_day(paid, today)  # (a day's payments cover the demands as their sum would)
    events = collect(
        book, daily, today, skip=skip,
        with_grace=walk.penalty is not None or fees.charges,
        fees=None if repeat is None else (repeat, lambda days: days),
    )  # fmt: skip
    if len(events.loan):
        counts = np.bincount(events.loan, minlength=len(book))
        starts = np.cumsum(counts) - counts
        position = np.arange(len(events.loan)) - np.repeat(starts, counts)
        group = position * KINDS + events.kind
        order = np.argsort(group, kind="stable")
        group = group[order]
        loan, day, value = events.loan[order], events.day[order], events.value[order]
        bounds = np.searchsorted(group, np.arange(int(group[-1]) + 2)).tolist()
        for at, (low, high) in enumerate(itertools.pairwise(bounds)):
            if low == high:
                continue
            who, when, what = loan[low:high], day[low:high], value[low:high]
            kind = at % KINDS
            if kind == FEE:  # not a day of the engine's walk once the chain has stopped
                falls = walk.fee_falls(who, what, when)
                who, when, what = who[falls], when[falls], what[falls]
            walk.accrue(who, when)
            if kind == DUE:
                walk.fall_due(who, what, when)
            elif kind == PAY:
                walk.receive(who, what)
            elif kind == GRACE:
                walk.end_grace(who, what)
            elif kind == FEE:
                walk.late_fee(who, what)
            walk.check_costs(who)
    every = np.flatnonzero(~skip)
    walk.accrue(every, np.full(len(every), today, dtype=np.int64))
    walk.check_costs(every)


def snapshot(walk: Walk, book: Book, rules: ServicingRules, today: int) -> dict[str, Int64s]:
    """The per-loan figures on ``today`` (``loancalc.servicing.balance_state``'s)."""
    loans, width = book.principal.shape
    demands = walk.demands
    outstanding = np.stack(walk.balance, axis=1)
    charged = np.stack(walk.charged, axis=1)
    owed = outstanding.sum(axis=1)
    charges = walk.balance[PEN] + walk.balance[COMP] + walk.balance[LATE]
    amount_due = np.where(demands.fallen >= book.count, owed, demands.arrears + charges)
    unpaid = (np.arange(width)[None, :] < demands.fallen[:, None]) & (demands.unpaid > 0)
    since = book.grace if rules.delinquency.count_from == "grace-end" else book.due
    days = np.where(unpaid, np.maximum(today - since, 0), 0)
    oldest = np.argmax(unpaid, axis=1)
    zero = np.zeros(loans, dtype=np.int64)
    days_past_due = days[np.arange(loans), oldest] if width else zero
    report = unpaid & (today > book.grace) & (days > rules.report_after_days)
    return {
        "charged": charged, "outstanding": outstanding, "amount_due": amount_due,
        "days_past_due": days_past_due.astype(np.int64), "reportable": report.any(axis=1),
        "settlement": owed - walk.credit, "credit": walk.credit.copy(),
    }  # fmt: skip
