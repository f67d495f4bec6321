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

from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_balance_walk import BASES, Walk, rate_parts, run_events, snapshot
from loancalc.batch._assess_book import Book
from loancalc.batch._assess_fallback import scalar
from loancalc.batch._assess_payments import Paid
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
    caps = rules.caps
    if rules.interest_basis is not InterestBasis.ACTUAL_BALANCE:
        why = "not the actual-balance basis"
    elif rules.penalty.charges_anything:
        why = "penalty or compound interest"
    elif _late_fee_units(rules, Rounding()) is None:
        why = "late fees other than one fixed fee at the end of grace"
    elif caps.annual_cost_cap is not None:
        why = "an annual cost cap"
    elif rules.interest_free is not None and not rules.interest_free.conditional:
        why = "an unconditional interest-free window"
    elif rules.promotions:
        why = "promotional rates"
    elif rules.relief_windows:
        why = "relief windows"
    elif rules.overpayment.holds_credit:
        why = "overpayment held as credit"
    elif getattr(rules, "settlement", "interest-to-date") != "interest-to-date":
        why = f"the settlement rule {rules.settlement!r}"
    return f"actual-balance: {why} (computed by loancalc.assess)" if why else ""


def _late_fee_units(rules: ServicingRules, rounding: Rounding) -> int | None:
    """The late fee charged at the end of grace, in grid units (0: none), or None when the
    policy is not one fixed fee (repeated fees, a share, a total cap, no pyramiding)."""
    policy = rules.late_fee
    if not policy.charges_anything:
        return 0
    if (
        policy.kind.varies_with_base
        or policy.repeat_days is not None
        or policy.cap_total is not None
        or policy.pyramiding.spares_installments
    ):
        return None
    fee = policy.fee(unpaid=Decimal(1), scheduled=Decimal(1), charged=Decimal(0),
                     rounding=rounding)  # fmt: skip
    cap = rules.caps.default_fee
    if cap is not None:
        fee = min(fee, cap)
    steps = fee / rounding.quantum
    return int(steps) if steps == steps.to_integral_value() else None


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
    big = (lent * top.astype(np.float64) * span * 2 > _SAFE) | (
        paid_total.astype(np.float64) + lent * 4 > _SAFE
    )
    reasons[(reasons == "") & big] = OVERFLOW
    return reasons


def _total_cap_reached(walk: Walk, book: Book, rules: ServicingRules) -> npt.NDArray[np.bool_]:
    """Loans whose costs came within reach of the total cap: every cost only grows, and
    the exact costs the cap counts exceed those charged by under a unit a period, so a
    loan below the cap by more than its periods (plus two) never met it."""
    share = rules.caps.total_share
    if share is None:
        return np.zeros(len(book), dtype=bool)
    lent = book.principal.sum(axis=1)
    limit = lent * Fraction(share).numerator // Fraction(share).denominator
    costs = walk.charged_int + walk.charged_fee + walk.charged_late
    reached: npt.NDArray[np.bool_] = costs + walk.fallen + 3 >= limit
    return reached


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
    fee = _late_fee_units(rules, book.rounding)
    if fee is None and not whole:
        whole = "actual-balance: a late fee off the grid (computed by loancalc.assess)"
        reasons[:] = whole
    walk = Walk(book, rules, late_fee=fee or 0)
    if not whole:
        run_events(walk, book, paid, today, reasons != "")
        walked = reasons == ""
        reasons[walked & (walk.binding | _total_cap_reached(walk, book, rules))] = CAPPED
    figures = snapshot(walk, book, rules, today)
    fallback = np.flatnonzero(reasons != "").astype(np.intp)
    scalar(book, paid, as_of, rules, fallback, figures)
    return figures, reasons
