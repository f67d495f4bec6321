"""The nightly run: every loan of a book assessed on one date with its payment history.

:func:`assess` walks all the loans' histories at once (numpy, a loop over event
positions, never over loans) and equals :func:`loancalc.assess` on every loan to the
unit of the grid. Loans or rules the vectorised walk does not express are computed by
:func:`loancalc.assess` and listed in ``fallback`` with the reason, so the result is
always complete (see ``docs/batch-assess.md``).

The worked example of docs/rules.md, 'Servicing conventions': 12,000 at 18 % over 12
months, instalment 1 paid on time, a 3-day grace and a penalty of 1.5x the contract rate
with compound interest: on 2024-03-25 instalment 2 (933.96 + 166.20, due 2024-03-15) is
10 days past due, penalty 933.96 x 27 % / 360 x 10 = 7.00, compound 166.20 x 27 % / 360
x 10 = 1.25.

>>> from datetime import date
>>> import loancalc as lc
>>> from loancalc import batch
>>> book = batch.amortize(12000, "18%", 12, start=date(2024, 1, 15))
>>> rules = lc.products.get("cn-consumer-finance-instalment")
>>> found = assess(book, ([0], [date(2024, 2, 15)], ["1100.16"]), date(2024, 3, 25), rules)
>>> found.days_past_due.tolist(), found.bucket.tolist(), found.classification.tolist()
([10], ['M1'], ['special-mention'])
>>> found.outstanding[0, 3:5].tolist(), found.amount_due.tolist(), found.fallback.tolist()
([700, 125], [110841], [])
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_balance import run as balance_run
from loancalc.batch._assess_book import Book, graced, read_raw, take
from loancalc.batch._assess_events import collect, walk
from loancalc.batch._assess_fallback import scalar
from loancalc.batch._assess_payments import Paid, by_day, check_memory, count_payments, shape
from loancalc.batch._assess_payments import read as read_payments
from loancalc.batch._assess_rates import Rates
from loancalc.batch._assess_result import COMPONENTS, BookAssessment
from loancalc.batch._assess_result_parts import BookAmounts, BookStanding
from loancalc.batch._assess_snapshot import OVERFLOW, snapshot, too_big
from loancalc.batch._assess_spared import spared
from loancalc.batch._assess_steps import BookWalk
from loancalc.batch._delinquency import buckets, classify
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.rates import DayCount
from loancalc.servicing.late_fee import LateFeeKind, Pyramiding
from loancalc.servicing.payment import check_on_grid
from loancalc.servicing.rules import InterestBasis, ServicingRules

__all__ = ["COMPONENTS", "BookAssessment", "assess"]

Int64s = npt.NDArray[np.int64]
_EPOCH = date(1970, 1, 1).toordinal()
#: Loans walked together (bounds the walk's memory: a few int64 matrices of this many rows).
CHUNK = 10_000
_PLAIN_DAYS = (DayCount.ACT_360, DayCount.ACT_365F)
_MATRICES = ("charged", "waived", "outstanding")
CAPPED = "penalty reaching its cap (cap_amount or cap_share): shared pro rata"


def _servicing(rules: object) -> ServicingRules:
    if rules is None:
        return ServicingRules()
    if isinstance(rules, ServicingRules):
        return rules
    inner = getattr(rules, "servicing", None)
    if isinstance(inner, ServicingRules):
        return inner
    raise InvalidTypeError("rules", rules, "a ServicingRules, or product rules holding one")


def book_reason(rules: ServicingRules, rates: Rates) -> str:
    """Why the vectorised walk cannot take any loan under ``rules`` ('' if it can).

    >>> from decimal import Decimal
    >>> from loancalc import Rounding
    >>> rules = ServicingRules(interest_basis="actual-balance")
    >>> book_reason(rules, Rates(rules, [Decimal("0.1")], np.zeros(1, dtype=np.intp), Rounding()))
    'the actual-balance basis (computed by loancalc.assess)'
    """
    if rules.interest_basis is InterestBasis.ACTUAL_BALANCE:
        return "the actual-balance basis (computed by loancalc.assess)"
    if getattr(rules, "settlement", "interest-to-date") != "interest-to-date":
        return f"the settlement rule {rules.settlement!r}"
    if rules.late_fee.dated_on_due_date:
        return "late fees charged on the due date (computed by loancalc.assess)"
    if rules.credit_interest is not None:
        return "interest paid on credit (computed by loancalc.assess)"
    penalty = rules.penalty
    if rates.penalize and rates.daily and penalty.day_count not in _PLAIN_DAYS:
        return f"daily-rounded penalty by {penalty.day_count.value} (days of unequal weight)"
    if not rates.fits:
        return "rates with too many digits for int64 arithmetic"
    return ""


def _check(book: Book, paid: Paid, as_of: int, day: date) -> None:
    late = np.flatnonzero(book.start > as_of)
    if len(late):
        index = int(late[0])
        start = date.fromordinal(int(book.start[index]) + _EPOCH)
        raise InvalidValueError(
            "as_of", day, f"a date on or after the start of loan {index} ({start})"
        )
    early = np.flatnonzero(paid.day < book.start[paid.loan])
    if len(early):
        row = int(early[0])
        loan = int(paid.loan[row])
        start = date.fromordinal(int(book.start[loan]) + _EPOCH)
        raise InvalidValueError(
            f"payments.date[{row}]", date.fromordinal(int(paid.day[row]) + _EPOCH),
            f"a date on or after the start of loan {loan} ({start})",
        )  # fmt: skip


def assess(
    schedules: object,
    payments: object,
    as_of: date,
    rules: object = None,
    *,
    keys: object = None,
    columns: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
) -> BookAssessment:
    """Every loan of ``schedules`` assessed on ``as_of`` with its ``payments``, equal to
    ``loancalc.assess(schedule_i, payments_i, as_of, rules)`` on each loan.

    ``schedules``: a :class:`~loancalc.batch.BatchSchedule` or a list of
    :class:`~loancalc.Schedule`. ``payments``: three arrays ``(loan, date, amount)``, a
    mapping or a pandas DataFrame with the columns ``loan``, ``date`` and ``amount``
    (``columns`` renames them: ``{"loan": "account"}``); a loan is the position of its
    schedule, or its key in ``keys`` (the book's keys in its order). ``rules``: one
    :class:`~loancalc.ServicingRules` or product (``lc.products.get(name)``) for the book,
    or a list of them, one per loan (loans sharing rules are walked together).
    Payments dated after ``as_of`` are left out (``payments_used`` counts the others).

    Everything is checked before anything is computed: an unknown loan, an amount off the
    grid, NaN or not above zero, arrays of different lengths, a payment before its loan's
    start or an ``as_of`` before a loan's start raise
    :class:`~loancalc.errors.InvalidValueError` naming the column and row. Payments
    may come in any order (they are sorted by loan and date; payments of one loan on one
    day are applied together). A book whose working memory (estimated from its loans,
    longest term and payments before anything is allocated) exceeds ``max_bytes`` (by
    default the environment variable ``LOANCALC_MAX_BYTES``, else the memory available)
    is refused, pointing to :func:`loancalc.dask.assess`.

    >>> from loancalc import batch
    >>> book = batch.amortize([1200, 600], "12%", [3, 2], start=date(2024, 1, 31))
    >>> assess(book, ([0, 5], [date(2024, 2, 29)] * 2, [408.03, 1]), date(2024, 3, 1))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: payments.loan[1]: got 5; accepted: a loan of the book: 0 to 1
    """
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise InvalidTypeError("as_of", as_of, "a datetime.date")
    check_memory(*shape(schedules), count_payments(payments), CHUNK, max_bytes)
    book = read_raw(schedules)
    count = len(book)
    groups = _groups(rules, count)
    today = as_of.toordinal() - _EPOCH
    paid = read_payments(payments, count, rounding=book.rounding, keys=keys, columns=columns)
    _check(book, paid, today, as_of)
    for servicing, _ in groups:
        check_on_grid(book.rounding, [], servicing.late_fee)
    figures: dict[str, Any] = {
        name: np.zeros((0, len(COMPONENTS)) if name in _MATRICES else 0, dtype=np.int64)
        for name in ("days_past_due", "reportable", "amount_due", "settlement", "credit",
                     *_MATRICES)
    } if not count else {}  # fmt: skip
    reasons = np.full(count, "", dtype=object)
    bucket = np.full(count, "M0", dtype="<U8")
    classification = np.full(count, "normal", dtype="<U15")
    position = np.full(count, -1, dtype=np.intp)
    for servicing, rows in groups:
        for low in range(0, len(rows), CHUNK):
            part = rows[low : low + CHUNK]
            position[part] = np.arange(len(part))
            chosen = position[paid.loan] >= 0
            own = Paid(loan=position[paid.loan[chosen]], day=paid.day[chosen],
                       units=paid.units[chosen])  # fmt: skip
            position[part] = -1
            found, why = _run(graced(take(book, part), servicing.grace), own, as_of, servicing)
            for name, values in found.items():
                if name not in figures:
                    figures[name] = np.zeros((count, *values.shape[1:]), dtype=values.dtype)
                figures[name][part] = values
            reasons[part] = why
        days = figures["days_past_due"][rows]
        bucket[rows] = buckets(days, servicing.delinquency)
        classification[rows] = classify(days, servicing.delinquency)
    used = np.bincount(paid.loan[paid.day <= today], minlength=count).astype(np.int64)
    fallback = np.flatnonzero(reasons != "").astype(np.intp)
    charged, outstanding = figures["charged"], figures["outstanding"]
    standing = BookStanding(
        days_past_due=figures["days_past_due"], bucket=bucket, classification=classification,
        reportable=figures["reportable"].astype(bool),
    )  # fmt: skip
    amounts = BookAmounts(
        charged=charged, paid=charged - outstanding - figures["waived"],
        waived=figures["waived"], outstanding=outstanding,
    )  # fmt: skip
    return BookAssessment(
        as_of=as_of, grid=book.quantum, standing=standing, amounts=amounts,
        amount_due=figures["amount_due"], settlement=figures["settlement"],
        credit=figures["credit"], payments_used=used, fallback=fallback,
        fallback_reasons=tuple(str(r) for r in reasons[fallback]),
    )  # fmt: skip


def _groups(rules: object, count: int) -> list[tuple[ServicingRules, npt.NDArray[np.intp]]]:
    """The book's loans grouped by their servicing rules (one group for one rules)."""
    if not isinstance(rules, list | tuple):
        return [(_servicing(rules), np.arange(count, dtype=np.intp))]
    if len(rules) != count:
        raise InvalidValueError(
            "rules", f"{len(rules)} rules", f"one rules for the book, or one per loan ({count})"
        )
    found: dict[ServicingRules, list[int]] = {}
    for index, item in enumerate(rules):
        try:
            servicing = _servicing(item)
        except InvalidTypeError:
            raise InvalidTypeError(
                f"rules[{index}]", item, "a ServicingRules, or product rules holding one"
            ) from None
        found.setdefault(servicing, []).append(index)
    return [(key, np.array(rows, dtype=np.intp)) for key, rows in found.items()]


def _run(
    book: Book, paid: Paid, as_of: date, servicing: ServicingRules
) -> tuple[dict[str, Int64s], npt.NDArray[np.object_]]:
    """One chunk of loans under one rules: the figures, and each loan's fallback reason."""
    if servicing.interest_basis is InterestBasis.ACTUAL_BALANCE:
        return balance_run(book, paid, as_of, servicing)
    today = as_of.toordinal() - _EPOCH
    rates = Rates(servicing, book.rates, book.rate_index, book.rounding)
    count = len(book)
    reasons = np.full(count, "", dtype=object)
    whole_book = book_reason(servicing, rates)
    if whole_book:
        reasons[:] = whole_book
    else:
        for index, why in book.excluded.items():
            reasons[index] = why
        paid_total = np.bincount(paid.loan, weights=paid.units, minlength=count)
        reasons[(reasons == "") & too_big(book, rates, today, paid_total)] = OVERFLOW
    state = BookWalk(book, servicing, rates)
    if not whole_book:
        daily = by_day(paid, today)
        fee = servicing.late_fee
        if fee.kind is not LateFeeKind.NONE and fee.pyramiding is Pyramiding.FORBIDDEN:
            asked = book.principal + book.interest + book.fee
            state.spared = spared(asked, book.due, book.grace, book.count, daily[:3]).reshape(-1)
        events = collect(
            book, daily, today,
            with_grace=rates.penalize or fee.kind is not LateFeeKind.NONE,
            skip=reasons != "",
            fees=None
            if fee.kind is LateFeeKind.NONE or (fee.repeat_days is None and not rates.relief)
            else (fee.repeat_days, rates.relief.shift),
        )  # fmt: skip
        walk(events, state, count)
        flagged = (reasons == "") & (state.flag != "")
        reasons[flagged] = state.flag[flagged]
    figures = snapshot(state, book, servicing, rates, today)
    caps = rates.caps(book.lent) if rates.penalize else None
    if caps is not None:  # the walk never caps: a loan whose accrual reaches it falls back
        loans = np.repeat(np.arange(count), book.principal.shape[1])
        gross = np.bincount(loans, rates.accrued(state.a_pen, state.a_comp, loans), count)
        reached = (gross + state.forgiven >= caps * (1 - 1e-9)) & (reasons == "")
        reasons[reached] = CAPPED
    fallback = np.flatnonzero(reasons != "").astype(np.intp)
    scalar(book, paid, as_of, servicing, fallback, figures)
    return figures, reasons
