"""The actual-balance basis for :func:`loancalc.batch.assess`, vectorised for its common case.

Interest accrues by the day on the principal actually outstanding (ACT/360 or ACT/365F),
exactly, in integer units over one denominator per loan, and is posted rounded per period
(advance to first due date, due date to due date, after the last); on each due date the
scheduled payment falls due (the last: everything left), paid ahead money covering it
first; a payment pays the balances in the allocation order, covers the unpaid demands
oldest first and pays ahead with the rest (``overpayment="reduce-principal"``); money
beyond everything owed is credit. These are
:mod:`loancalc.servicing.balance_walk`'s rules where no penalty or late fee is charged, no
cap is set, there is no interest-free window, promotion or relief window, and due dates
are not rolled; every other loan is computed by :func:`loancalc.assess` and listed with
its reason.

>>> from datetime import date
>>> from loancalc import batch, ServicingRules
>>> book = batch.amortize(1000, "36%", 2, start=date(2024, 1, 1), accrual="daily")
>>> found = batch.assess(book, ([0], [date(2024, 1, 21)], ["500"]), date(2024, 1, 31),
...                      ServicingRules(interest_basis="actual-balance"))
>>> # 20 days on 1,000 at 36 % / 360 (20.00) paid first, 480 of principal; 10 days on 520
>>> found.outstanding[0, :2].tolist(), found.settlement.tolist(), found.fallback.tolist()
([52000, 520], [52520], [])
"""

from __future__ import annotations

import itertools
from datetime import date
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_book import Book
from loancalc.batch._assess_events import DUE, KINDS, PAY, collect
from loancalc.batch._assess_fallback import scalar
from loancalc.batch._assess_payments import Paid, by_day
from loancalc.batch._rounding import round_div
from loancalc.rates import DayCount
from loancalc.servicing.balance_policies import Overpayment
from loancalc.servicing.late_fee import LateFeeKind
from loancalc.servicing.ledger import positions
from loancalc.servicing.rules import InterestBasis, ServicingRules

__all__ = ["balance_reason", "run"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]
_EPOCH = date(1970, 1, 1).toordinal()
_BASES = {DayCount.ACT_360: 360, DayCount.ACT_365F: 365}
_SAFE = 2.0**60
OVERFLOW = "amounts and rates whose integer products could overflow int64"


def balance_reason(rules: ServicingRules) -> str:
    """Why the vectorised actual-balance walk cannot take any loan under ``rules`` ('' if
    it can).

    >>> balance_reason(ServicingRules(interest_basis="actual-balance"))
    ''
    >>> balance_reason(ServicingRules(interest_basis="actual-balance", overpayment="credit"))
    'actual-balance: overpayment held as credit (computed by loancalc.assess)'
    """
    why = ""
    caps = rules.caps
    if rules.interest_basis is not InterestBasis.ACTUAL_BALANCE:
        why = "not the actual-balance basis"
    elif rules.penalty.charges_anything:
        why = "penalty or compound interest"
    elif rules.late_fee.kind is not LateFeeKind.NONE:
        why = "late fees"
    elif any(getattr(caps, name) is not None for name in _CAP_NAMES):
        why = "cost caps"
    elif rules.interest_free is not None:
        why = "an interest-free window"
    elif rules.promotions:
        why = "promotional rates"
    elif rules.relief_windows:
        why = "relief windows"
    elif rules.overpayment is not Overpayment.REDUCE_PRINCIPAL:
        why = "overpayment held as credit"
    elif getattr(rules, "settlement", "interest-to-date") != "interest-to-date":
        why = f"the settlement rule {rules.settlement!r}"
    return f"actual-balance: {why} (computed by loancalc.assess)" if why else ""


_CAP_NAMES = ("daily_share", "total_share", "annual_rate", "default_fee")


def _loan_reasons(book: Book, as_of: int, paid_total: Int64s) -> npt.NDArray[np.object_]:
    """Each loan's reason to fall back ('' if the walk takes it)."""
    count = len(book)
    reasons = np.full(count, "", dtype=object)
    for index, why in book.excluded.items():
        reasons[index] = why
    if book.rounding.increment is not None:
        reasons[:] = "a rounding increment other than the grid's places"
        return reasons
    plain = np.array([dc in _BASES for dc in book.day_counts], dtype=bool)
    reasons[(reasons == "") & ~plain[book.day_count_index]] = (
        "actual-balance: a day count other than ACT/360 or ACT/365F"
    )
    width = book.due.shape[1]
    has = np.arange(width)[None, :] < book.count[:, None]
    rolled = (has & (book.due != book.row_due)).any(axis=1)
    reasons[(reasons == "") & rolled] = "actual-balance: due dates rolled to a business day"
    top, _ = _rate_parts(book)
    span = (np.maximum(as_of - book.start, 0) + 2).astype(np.float64)
    lent = book.principal.sum(axis=1).astype(np.float64)
    big = (lent * top.astype(np.float64) * span * 2 > _SAFE) | (
        paid_total.astype(np.float64) + lent * 4 > _SAFE
    )
    reasons[(reasons == "") & big] = OVERFLOW
    return reasons


def _rate_parts(book: Book) -> tuple[Int64s, Int64s]:
    """Each loan's daily contract rate as an exact fraction (0 / 1 where it is too long)."""
    tops, bottoms = [], []
    for rate in book.rates:
        fraction = Fraction(rate)
        fits = fraction.numerator < 2**40 and fraction.denominator < 2**40
        tops.append(fraction.numerator if fits else 2**40)
        bottoms.append(fraction.denominator if fits else 1)
    base = np.array([_BASES.get(dc, 360) for dc in book.day_counts], dtype=np.int64)
    top = np.array(tops, dtype=np.int64)[book.rate_index]
    bottom = np.array(bottoms, dtype=np.int64)[book.rate_index] * base[book.day_count_index]
    return top, bottom


class _Walk:
    """Every loan's balances, exact interest of the period and demands (mutable)."""

    def __init__(self, book: Book, rules: ServicingRules) -> None:
        loans, width = book.principal.shape
        self.book, self.mode = book, book.rounding.mode
        self.order = [i for i in positions(rules.allocation_strategy) if i < 3]
        self.top, self.bottom = _rate_parts(book)
        self.balance = [book.principal.sum(axis=1).astype(np.int64), *_zeros(loans, 2)]
        self.charged_int, self.charged_fee, self.credit = _zeros(loans, 3)
        self.exact, self.posted, self.arrears, self.ahead = _zeros(loans, 4)
        self.last = book.start.astype(np.int64).copy()
        self.close_on = np.full(loans, -(2**40), dtype=np.int64)  # a period ended, not reset
        self.unpaid = np.zeros((loans, width), dtype=np.int64)
        self.fallen = np.zeros(loans, dtype=np.int64)
        self.asked = book.principal + book.interest + book.fee

    def accrue(self, who: Ints, when: Int64s) -> None:
        """Close a period ended on an earlier day, accrue to ``when`` and post the period's
        rounded interest so far."""
        ended = self.close_on[who] < when
        ended &= self.close_on[who] >= self.last[who]
        reset = who[ended]
        self.exact[reset] = 0
        self.posted[reset] = 0
        self.close_on[reset] = -(2**40)
        principal = self.balance[0][who]
        self.exact[who] += principal * self.top[who] * (when - self.last[who])
        self.last[who] = when
        rounded = round_div(self.exact[who], self.bottom[who], self.mode)
        add = np.maximum(rounded - self.posted[who], 0)
        self.balance[1][who] += add
        self.charged_int[who] += add
        self.posted[who] += add

    def fall_due(self, who: Ints, column: Int64s, when: Int64s) -> None:
        owing = self.balance[0][who] + self.balance[1][who] + self.balance[2][who]
        fee = np.where(owing > 0, self.book.fee[who, column], 0)
        self.balance[2][who] += fee
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
        for component in self.order:
            take = np.minimum(self.balance[component][who], left)
            self.balance[component][who] -= take
            left -= take
        self.credit[who] += left
        money = amount - left
        rows = self.unpaid[who]
        before = np.cumsum(rows, axis=1) - rows
        pay = np.clip(money[:, None] - before, 0, rows)
        self.unpaid[who] = rows - pay
        covered = np.minimum(money, self.arrears[who])
        self.arrears[who] -= covered
        self.ahead[who] += money - covered


def _zeros(loans: int, count: int) -> list[Int64s]:
    return [np.zeros(loans, dtype=np.int64) for _ in range(count)]


def _walk(walk: _Walk, book: Book, paid: Paid, today: int, skip: npt.NDArray[np.bool_]) -> None:
    events = collect(book, by_day(paid, today), today, with_grace=False, skip=skip)
    loans = len(book)
    if len(events.loan):
        counts = np.bincount(events.loan, minlength=loans)
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
    every = np.flatnonzero(~skip)
    walk.accrue(every, np.full(len(every), today, dtype=np.int64))


def _snapshot(walk: _Walk, book: Book, rules: ServicingRules, today: int) -> dict[str, Int64s]:
    loans, width = book.principal.shape
    principal, interest, fee = walk.balance
    zero = np.zeros(loans, dtype=np.int64)
    outstanding = np.stack([principal, interest, fee, zero, zero, zero], axis=1)
    charged = np.stack(
        [book.principal.sum(axis=1), walk.charged_int, walk.charged_fee, zero, zero, zero],
        axis=1,
    )
    owed = principal + interest + fee
    amount_due = np.where(walk.fallen >= book.count, owed, walk.arrears)
    unpaid = (np.arange(width)[None, :] < walk.fallen[:, None]) & (walk.unpaid > 0)
    since = book.grace if rules.delinquency.count_from == "grace-end" else book.due
    days = np.where(unpaid, np.maximum(today - since, 0), 0)
    oldest = np.argmax(unpaid, axis=1)
    rows = np.arange(loans)
    days_past_due = days[rows, oldest] if width else zero
    report = unpaid & (today > book.grace) & (days > rules.report_after_days)
    return {
        "charged": charged, "outstanding": outstanding, "amount_due": amount_due,
        "days_past_due": days_past_due.astype(np.int64), "reportable": report.any(axis=1),
        "settlement": owed - walk.credit, "credit": walk.credit.copy(),
    }  # fmt: skip


def run(
    book: Book, paid: Paid, as_of: date, rules: ServicingRules
) -> tuple[dict[str, Int64s], npt.NDArray[np.object_]]:
    """One chunk of loans under actual-balance ``rules``: the figures (equal to
    :func:`loancalc.assess` on each loan), and each loan's fallback reason ('' if walked)."""
    today = as_of.toordinal() - _EPOCH
    count = len(book)
    whole = balance_reason(rules)
    if whole:
        reasons = np.full(count, whole, dtype=object)
    else:
        paid_total = np.bincount(paid.loan, weights=paid.units, minlength=count)
        reasons = _loan_reasons(book, today, paid_total.astype(np.int64))
    walk = _Walk(book, rules)
    skip = reasons != ""
    if not whole:
        _walk(walk, book, paid, today, skip)
    figures = _snapshot(walk, book, rules, today)
    fallback = np.flatnonzero(skip).astype(np.intp)
    scalar(book, paid, as_of, rules, fallback, figures)
    return figures, reasons
