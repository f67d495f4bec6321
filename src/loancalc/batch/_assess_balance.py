"""The actual-balance basis for :func:`loancalc.batch.assess`, vectorised.

Interest accrues by the day on the principal actually outstanding (ACT/360 or ACT/365F),
exactly, in integer units over one denominator per loan, and is posted rounded per period
(advance to first due date, due date to due date, after the last); on each due date the
scheduled payment falls due (the last: everything left), paid ahead money covering it
first; a payment pays the balances in the allocation order, covers the unpaid demands
oldest first and pays ahead with the rest (``overpayment="reduce-principal"``); money
beyond everything owed is credit. Overdue principal bears penalty interest and overdue
interest compound interest (any penalty rate kind, by ACT/360 or ACT/365F, rounded when
charged; with a retroactive grace back to the due date), and a demand short when its
grace ends is charged the late fee (fixed or a share, within its minimum, maximum and
total cap, repeated or not, no pyramiding or not). These are
:mod:`loancalc.servicing.balance_walk`'s rules; the cost caps (daily, total, annual,
default fee) are watched, and a loan one of them would cut is left to
:func:`loancalc.assess`, as is every loan under rules the walk does not express
(overpayment held as credit, promotions, an unconditional interest-free window, late fees
dated on the due date), a loan paid or assessed within a conditional interest-free
window, with due dates rolled, or another day count: each is listed with its reason.

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

from datetime import date
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_balance_fees import LateFees
from loancalc.batch._assess_balance_penalty import PENALTY_BASES, Penalty
from loancalc.batch._assess_balance_walk import BASES, Walk, rate_parts, run_events, snapshot
from loancalc.batch._assess_book import Book
from loancalc.batch._assess_fallback import scalar
from loancalc.batch._assess_payments import Paid, by_day
from loancalc.batch._assess_spared import spared as find_spared
from loancalc.money import Rounding
from loancalc.servicing.rules import InterestBasis, ServicingRules

__all__ = ["balance_reason", "run"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]
_EPOCH = date(1970, 1, 1).toordinal()
_SAFE = 2.0**60
OVERFLOW = "amounts and rates whose integer products could overflow int64"
CAPPED = "actual-balance: a cost cap reached (computed by loancalc.assess)"


def balance_reason(rules: ServicingRules) -> str:
    """Why the vectorised actual-balance walk cannot take any loan under ``rules`` ('' if
    it can).

    >>> balance_reason(ServicingRules(interest_basis="actual-balance"))
    ''
    >>> balance_reason(ServicingRules(interest_basis="actual-balance", overpayment="credit"))
    'actual-balance: overpayment held as credit (computed by loancalc.assess)'
    """
    why = ""
    penalty = rules.penalty
    if rules.interest_basis is not InterestBasis.ACTUAL_BALANCE:
        why = "not the actual-balance basis"
    elif penalty.charges_anything and penalty.day_count not in PENALTY_BASES:
        why = f"penalty by {penalty.day_count.value} (days of unequal weight)"
    elif LateFees(rules, Rounding()).reason:
        why = LateFees(rules, Rounding()).reason
    elif rules.interest_free is not None and not rules.interest_free.conditional:
        why = "an unconditional interest-free window"
    elif rules.promotions:
        why = "promotional rates"
    elif rules.relief_windows:
        why = "relief windows"
    elif rules.overpayment.holds_credit:
        why = "overpayment held as credit"
    elif rules.credit_interest is not None:
        why = "interest paid on credit"
    elif getattr(rules, "settlement", "interest-to-date") != "interest-to-date":
        why = f"the settlement rule {rules.settlement!r}"
    return f"actual-balance: {why} (computed by loancalc.assess)" if why else ""


def _loan_reasons(
    book: Book, as_of: int, paid: Paid, rules: ServicingRules
) -> npt.NDArray[np.object_]:
    """Each loan's reason to fall back ('' if the walk takes it)."""
    paid_total = np.bincount(paid.loan, weights=paid.units, minlength=len(book)).astype(np.int64)
    count = len(book)
    reasons = np.full(count, "", dtype=object)
    for index, why in book.excluded.items():
        reasons[index] = why
    if book.rounding.increment is not None:
        reasons[:] = "a rounding increment other than the grid's places"
        return reasons
    plain = np.array([dc in BASES for dc in book.day_counts], dtype=bool)
    reasons[(reasons == "") & ~plain[book.day_count_index]] = (
        "actual-balance: a day count other than ACT/360 or ACT/365F"
    )
    width = book.due.shape[1]
    has = np.arange(width)[None, :] < book.count[:, None]
    rolled = (has & (book.due != book.row_due)).any(axis=1)
    reasons[(reasons == "") & rolled] = "actual-balance: due dates rolled to a business day"
    top, bottom = rate_parts(book)
    share = rules.caps.daily_share
    if share is not None:  # a contract rate above the daily cap: cut every day
        daily = Fraction(share)
        # a tenth of margin: the cap's rounded-down allowance never meets the interest
        above = top * daily.denominator * 10 > bottom * daily.numerator * 9
        reasons[(reasons == "") & above] = "actual-balance: a contract rate above the daily cap"
    window = rules.interest_free
    if window is not None:  # repaid within it (forgiven) or assessed inside it: the engine
        end = book.start + window.days
        first = np.full(count, 2**40, dtype=np.int64)
        np.minimum.at(first, paid.loan, paid.day)
        last = book.row_due[np.arange(count), np.maximum(book.count - 1, 0)]
        inside = (first <= end) | (as_of <= end) | (end > last)  # longer: the engine refuses
        reasons[(reasons == "") & inside] = (
            "actual-balance: paid or assessed within the interest-free window"
        )
    span = (np.maximum(as_of - book.start, 0) + 2).astype(np.float64)
    lent = book.principal.sum(axis=1).astype(np.float64)
    rate = top.astype(np.float64)
    big = (lent * rate * span * 2 > _SAFE) | (paid_total.astype(np.float64) + lent * 4 > _SAFE)
    if rules.penalty.charges_anything:  # overdue interest is at most all the interest
        penalty = Penalty(book, rules)
        interest = lent * (rate * span / bottom.astype(np.float64) + 1)
        steepest = penalty.top.max(axis=0).astype(np.float64)
        big |= (lent + interest) * steepest * span * 4 > _SAFE
        big |= penalty.bottom.max(axis=0).astype(np.float64) * 4 > _SAFE
    reasons[(reasons == "") & big] = OVERFLOW
    return reasons


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
        reasons = _loan_reasons(book, today, paid, rules)
    spared = None
    policy = rules.late_fee
    if not whole and policy.charges_anything and policy.pyramiding.spares_installments:
        asked = book.principal + book.interest + book.fee
        spared = find_spared(asked, book.due, book.grace, book.count, by_day(paid, today)[:3])
    walk = Walk(book, rules, spared=spared)
    if not whole:
        run_events(walk, book, paid, today, reasons != "")
        reasons[(reasons == "") & walk.caps.binding] = CAPPED
    figures = snapshot(walk, book, rules, today)
    fallback = np.flatnonzero(reasons != "").astype(np.intp)
    scalar(book, paid, as_of, rules, fallback, figures)
    return figures, reasons
