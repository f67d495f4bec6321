"""The vectorised actual-balance walk: every loan's balances, exact interest of the period
and demands, event position by event position (see :mod:`loancalc.batch._assess_balance`).

Each step closes a period ended on an earlier day, accrues to the event's day and posts
the period's rounded interest so far (``loancalc.servicing.balance_accrual``'s rules);
then the event: a demand falls due, a day's payments are allocated, or grace ends (a
fixed late fee on a demand still short). A cap that would cut is not applied: the loan
is flagged (``binding``) and left to :func:`loancalc.assess`.

>>> from datetime import date
>>> from loancalc import batch, ServicingRules
>>> from loancalc.batch._assess_book import read
>>> rules = ServicingRules(interest_basis="actual-balance")
>>> book = read(batch.amortize(1000, "36%", 1, start=date(2024, 1, 1), accrual="daily"), rules)
>>> walk = Walk(book, rules, late_fee=0)
>>> walk.accrue(np.array([0]), np.array([19723 + 10]))  # 2024-01-11: 1,000 x 0.1 % x 10
>>> walk.balance[1].tolist()
[1000]
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_book import Book
from loancalc.batch._assess_events import DUE, GRACE, KINDS, PAY, collect
from loancalc.batch._assess_payments import Paid, by_day
from loancalc.batch._rounding import round_div
from loancalc.rates import DayCount
from loancalc.servicing.ledger import positions
from loancalc.servicing.rules import ServicingRules

__all__ = ["BASES", "Walk", "rate_parts", "run_events", "snapshot"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]
P, INT, FEE, PEN, COMP, LATE = range(6)
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
    """Every loan's balances, exact interest of the period and demands (mutable)."""

    def __init__(self, book: Book, rules: ServicingRules, *, late_fee: int) -> None:
        loans, width = book.principal.shape
        self.book, self.mode, self.late_fee = book, book.rounding.mode, late_fee
        self.order = [i for i in positions(rules.allocation_strategy) if i in (P, INT, FEE, LATE)]
        self.top, self.bottom = rate_parts(book)
        zeros = [np.zeros(loans, dtype=np.int64) for _ in range(13)]
        self.balance = [book.principal.sum(axis=1).astype(np.int64), *zeros[:5]]
        self.charged_int, self.charged_fee, self.charged_late, self.credit = zeros[5:9]
        self.exact, self.posted, self.arrears, self.ahead = zeros[9:13]
        self.last = book.start.astype(np.int64).copy()
        self.close_on = np.full(loans, _NEVER, dtype=np.int64)  # a period ended, not reset
        self.unpaid = np.zeros((loans, width), dtype=np.int64)
        self.fallen = np.zeros(loans, dtype=np.int64)
        self.asked = book.principal + book.interest + book.fee
        share = rules.caps.daily_share
        self.daily = None if share is None else Fraction(share)
        self.allowance = np.zeros(loans, dtype=np.int64)  # principal x days (the daily cap's)
        self.binding = np.zeros(loans, dtype=bool)  # a cap would have cut: the engine's

    def accrue(self, who: Ints, when: Int64s) -> None:
        """Close a period ended on an earlier day, accrue to ``when`` and post the period's
        rounded interest so far."""
        ended = self.close_on[who]
        reset = who[(ended != _NEVER) & (ended < when)]
        self.exact[reset] = 0
        self.posted[reset] = 0
        self.close_on[reset] = _NEVER
        principal = self.balance[P][who]
        days = when - self.last[who]
        self.exact[who] += principal * self.top[who] * days
        self.last[who] = when
        rounded = round_div(self.exact[who], self.bottom[who], self.mode)
        add = np.maximum(rounded - self.posted[who], 0)
        if self.daily is not None:  # the daily cap's ceiling: its allowance rounded down
            self.allowance[who] += principal * days
            room = self.allowance[who] * self.daily.numerator // self.daily.denominator
            self.binding[who] |= add >= room - self.charged_int[who]  # within a unit
        self.balance[INT][who] += add
        self.charged_int[who] += add
        self.posted[who] += add

    def fall_due(self, who: Ints, column: Int64s, when: Int64s) -> None:
        owing = self.balance[P][who] + self.balance[INT][who] + self.balance[FEE][who]
        fee = np.where(owing + self.balance[LATE][who] > 0, self.book.fee[who, column], 0)
        self.balance[FEE][who] += fee
        self.charged_fee[who] += fee
        owed = np.maximum(owing + fee - self.arrears[who], 0)
        last = column == self.book.count[who] - 1
        amount = np.where(last, owed, np.minimum(self.asked[who, column], owed))
        ahead = np.where(last, 0, self.ahead[who])
        early = np.minimum(ahead, amount)
        self.ahead[who] = ahead - early
        self.unpaid[who, column] = amount - early
        self.arrears[who] += amount - early
        self.fallen[who] = column + 1
        self.close_on[who] = when

    def receive(self, who: Ints, amount: Int64s) -> None:
        left = amount.copy()
        money = np.zeros(len(who), dtype=np.int64)  # paid to principal, interest and fee
        for component in self.order:
            take = np.minimum(self.balance[component][who], left)
            self.balance[component][who] -= take
            left -= take
            if component != LATE:
                money += take
        self.credit[who] += left
        rows = self.unpaid[who]
        before = np.cumsum(rows, axis=1) - rows
        pay = np.clip(money[:, None] - before, 0, rows)
        self.unpaid[who] = rows - pay
        covered = np.minimum(money, self.arrears[who])
        self.arrears[who] -= covered
        self.ahead[who] += money - covered

    def end_grace(self, who: Ints, column: Int64s) -> None:
        """A demand still short when its grace ends is charged the late fee."""
        short = (column < self.fallen[who]) & (self.unpaid[who, column] > 0)
        charged = who[short]
        self.balance[LATE][charged] += self.late_fee
        self.charged_late[charged] += self.late_fee


def run_events(walk: Walk, book: Book, paid: Paid, today: int, skip: npt.NDArray[np.bool_]) -> None:
    """Walk every event up to ``today`` (its ends of grace left out), then to ``today``."""
    events = collect(book, by_day(paid, today), today, with_grace=walk.late_fee > 0, skip=skip)
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
            walk.accrue(who, when)
            if at % KINDS == DUE:
                walk.fall_due(who, what, when)
            elif at % KINDS == PAY:
                walk.receive(who, what)
            elif at % KINDS == GRACE:
                walk.end_grace(who, what)
    every = np.flatnonzero(~skip)
    walk.accrue(every, np.full(len(every), today, dtype=np.int64))


def snapshot(walk: Walk, book: Book, rules: ServicingRules, today: int) -> dict[str, Int64s]:
    """The per-loan figures on ``today`` (``loancalc.servicing.balance_state``'s)."""
    loans, width = book.principal.shape
    principal, interest, fee, _, _, late = walk.balance
    zero = np.zeros(loans, dtype=np.int64)
    outstanding = np.stack([principal, interest, fee, zero, zero, late], axis=1)
    charged = np.stack(
        [book.principal.sum(axis=1), walk.charged_int, walk.charged_fee, zero, zero,
         walk.charged_late],
        axis=1,
    )  # fmt: skip
    owed = principal + interest + fee + late
    amount_due = np.where(walk.fallen >= book.count, owed, walk.arrears + late)
    unpaid = (np.arange(width)[None, :] < walk.fallen[:, None]) & (walk.unpaid > 0)
    since = book.grace if rules.delinquency.count_from == "grace-end" else book.due
    days = np.where(unpaid, np.maximum(today - since, 0), 0)
    oldest = np.argmax(unpaid, axis=1)
    days_past_due = days[np.arange(loans), oldest] if width else zero
    report = unpaid & (today > book.grace) & (days > rules.report_after_days)
    return {
        "charged": charged, "outstanding": outstanding, "amount_due": amount_due,
        "days_past_due": days_past_due.astype(np.int64), "reportable": report.any(axis=1),
        "settlement": owed - walk.credit, "credit": walk.credit.copy(),
    }  # fmt: skip
