"""A book of schedules for :func:`loancalc.batch.assess`, as integer matrices.

Dates are whole days since 1970-01-01 (int64), amounts whole grid units, one row per loan
and one column per instalment (padded with zeros; due dates past every ``as_of``). The
due dates and ends of grace follow the servicing rules' grace policy, computed once per
distinct date (:func:`~loancalc.servicing.dates.installment_dates`' rules).

>>> from datetime import date
>>> from loancalc import batch, ServicingRules
>>> book = read(batch.amortize([1200, 600], "12%", [3, 2], start=date(2024, 1, 31)),
...             ServicingRules())
>>> book.principal.tolist(), book.count.tolist(), book.quantum
([[39603, 39999, 40398], [29851, 30149, 0]], [3, 2], Decimal('0.01'))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch._assess_book_parts import BookAttributes, Int64s, Loans, Rows
from loancalc.batch._result import BatchSchedule
from loancalc.calendar import BusinessDays
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import Rounding
from loancalc.rates import DayCount
from loancalc.schedule import Schedule
from loancalc.servicing.dates import grace_end, roll_forward
from loancalc.servicing.policies import GracePolicy
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.settlement import first_row_carries

__all__ = ["Book", "read"]

#: Padding for the dates of missing instalments: after any date of an assessment.
NEVER = np.int64(10**7)


@attrs.frozen(kw_only=True, eq=False)
class Book(BookAttributes):
    """The loans' instalments as matrices (loans x longest term) and their terms:
    ``rows`` (:class:`~loancalc.batch._assess_book_parts.Rows`: amounts and dates per
    instalment), ``loans`` (:class:`~loancalc.batch._assess_book_parts.Loans`: one value
    per loan), the distinct ``rates`` and ``day_counts`` the loans index, the book's
    ``rounding`` and ``calendar``, ``excluded`` and ``schedule`` (a loan's
    :class:`~loancalc.Schedule` by index). Every field of ``rows`` and ``loans`` is also
    an attribute of the book (``book.principal``).

    >>> from loancalc import batch, ServicingRules
    >>> len(read(batch.amortize([600, 300], 0, 2, start=date(2024, 1, 1)), ServicingRules()))
    2
    """

    rows: Rows
    loans: Loans
    rates: list[Decimal]  # distinct contract rates
    day_counts: list[DayCount]  # distinct day counts of the loans' terms
    rounding: Rounding
    calendar: BusinessDays
    #: loans the vectorised path cannot take whatever the payments: index -> reason
    excluded: dict[int, str]
    schedule: Callable[[int], Schedule]

    @property
    def quantum(self) -> Decimal:
        """The value of one grid unit."""
        return self.rounding.quantum

    def __len__(self) -> int:
        return len(self.count)


def _days(values: npt.NDArray[np.datetime64]) -> Int64s:
    days = values.astype("datetime64[D]").astype(np.int64)
    return np.where(np.isnat(values), NEVER, days)


def _from_batch(book: BatchSchedule) -> dict[str, object]:
    p = book._portfolio
    due = _days(book.due_dates)
    start = _days(book.start)
    row_start = np.concatenate([start[:, None], due[:, :-1]], axis=1) if due.shape[1] else due
    return {
        "principal": np.asarray(book.principal), "interest": np.asarray(book.interest),
        "lent": p.principal,
        "fee": np.asarray(book.fee), "opening": np.asarray(book.opening_balance),
        "row_due": due, "row_start": row_start, "count": np.asarray(book.installments),
        "start": start, "rates": list(p.rates), "rate_index": p.rate_index,
        "day_counts": [p.day_count], "day_count_index": np.zeros(len(book), dtype=np.intp),
        "rounding": p.rounding, "excluded": {}, "schedule": book.schedule,
        "calendars": [BusinessDays()],
    }  # fmt: skip


def _units(value: Decimal, quantum: Decimal, index: int) -> int:
    steps = value / quantum
    whole = int(steps)
    if whole != steps:
        raise InvalidValueError(f"schedules[{index}]", value, f"amounts on the grid {quantum}")
    return whole


def _scalar_only(schedule: Schedule, calendar: BusinessDays) -> str:
    """Why the vectorised walks cannot take ``schedule`` whatever its payments ('' if
    they can): they read its rows only."""
    terms = schedule.terms
    if (terms.business_days or BusinessDays()) != calendar:
        return "its business-day calendar differs from the book's"
    if getattr(terms, "rate_schedule", None) is not None:
        return "a variable rate (rate_schedule): its interest to date"
    if first_row_carries(schedule):
        return "a restructured schedule whose first instalment carries a debt"
    if schedule.disbursements:  # not owed before they are made (the quote cancels them)
        return "further advances (tranches)"
    if terms.fees.finances_a_fee:  # a debt the quote keeps
        return "a financed fee"
    return ""


def _from_schedules(schedules: Sequence[Schedule]) -> dict[str, object]:
    count = len(schedules)
    for index, item in enumerate(schedules):
        if not isinstance(item, Schedule):
            raise InvalidTypeError(f"schedules[{index}]", item, "a loancalc.Schedule")
    width = max((len(s.installments) for s in schedules), default=0)
    shape = (count, width)
    matrices = {name: np.zeros(shape, dtype=np.int64) for name in ("p", "i", "f", "o")}
    row_due = np.full(shape, NEVER, dtype=np.int64)
    row_start = np.full(shape, NEVER, dtype=np.int64)
    sizes = np.zeros(count, dtype=np.int64)
    lent = np.zeros(count, dtype=np.int64)
    start = np.zeros(count, dtype=np.int64)
    rounding = schedules[0].terms.rounding if schedules else Rounding()
    quantum = rounding.quantum
    excluded: dict[int, str] = {}
    rates: dict[Decimal, int] = {}
    rate_index = np.zeros(count, dtype=np.intp)
    counts: dict[DayCount, int] = {}
    count_index = np.zeros(count, dtype=np.intp)
    calendars = [s.terms.business_days or BusinessDays() for s in schedules[:1]]
    epoch = date(1970, 1, 1).toordinal()
    for index, s in enumerate(schedules):
        terms = s.terms
        start[index] = terms.start.toordinal() - epoch
        lent[index] = _units(terms.principal, quantum, index)
        rate_index[index] = rates.setdefault(terms.annual_rate, len(rates))
        count_index[index] = counts.setdefault(terms.day_count, len(counts))
        if terms.rounding != rounding:
            steps = terms.rounding.quantum / quantum
            if steps != steps.to_integral_value():  # its amounts would not be whole units
                raise InvalidValueError(
                    f"schedules[{index}].terms.rounding", str(terms.rounding.quantum),
                    f"a grid that is a multiple of the book's ({quantum}, the first loan's)",
                )  # fmt: skip
            excluded[index] = "its rounding differs from the book's (the first loan's)"
            continue
        why = _scalar_only(s, calendars[0])
        if why:
            excluded[index] = why
            continue
        rows = s.installments
        sizes[index] = len(rows)
        for column, row in enumerate(rows):
            matrices["p"][index, column] = _units(row.principal, quantum, index)
            matrices["i"][index, column] = _units(row.interest, quantum, index)
            matrices["f"][index, column] = _units(row.fee, quantum, index)
            matrices["o"][index, column] = _units(row.opening_balance, quantum, index)
            row_due[index, column] = row.due_date.toordinal() - epoch
            row_start[index, column] = row.start.toordinal() - epoch
    return {
        "principal": matrices["p"], "interest": matrices["i"], "fee": matrices["f"], "lent": lent,
        "opening": matrices["o"], "row_due": row_due, "row_start": row_start, "count": sizes,
        "start": start, "rates": list(rates), "rate_index": rate_index,
        "day_counts": list(counts), "day_count_index": count_index, "rounding": rounding,
        "excluded": excluded, "schedule": schedules.__getitem__,
        "calendars": calendars or [BusinessDays()],
    }  # fmt: skip


def _by_distinct(days: Int64s, change: Callable[[date], date]) -> Int64s:
    """``change`` applied to every date of ``days`` (NEVER kept), once per distinct date."""
    distinct, inverse = np.unique(days, return_inverse=True)
    epoch = date(1970, 1, 1).toordinal()
    mapped = np.array(
        [d if d == NEVER else change(date.fromordinal(int(d) + epoch)).toordinal() - epoch
         for d in distinct.tolist()],
        dtype=np.int64,
    )  # fmt: skip
    result: Int64s = mapped[inverse.reshape(days.shape)]
    return result


def read_raw(schedules: object) -> Book:
    """The book of ``schedules`` (a :class:`BatchSchedule` or a sequence of
    :class:`~loancalc.Schedule`), its due dates not yet rolled and no grace
    (:func:`graced` adds them)."""
    if isinstance(schedules, BatchSchedule):
        parts = _from_batch(schedules)
    elif isinstance(schedules, Sequence) and not isinstance(schedules, str | bytes):
        parts = _from_schedules(schedules)
    else:
        raise InvalidTypeError(
            "schedules", schedules, "a loancalc.batch.BatchSchedule or a list of loancalc.Schedule"
        )
    calendar = parts.pop("calendars")[0]  # type: ignore[index]
    row_due = parts["row_due"]
    parts.update(due=row_due, grace=row_due)
    rows = Rows(**{name: parts.pop(name) for name in _ROWS})  # type: ignore[arg-type]
    loans = Loans(**{name: parts.pop(name) for name in _LOANS})  # type: ignore[arg-type]
    return Book(rows=rows, loans=loans, calendar=calendar, **parts)  # type: ignore[arg-type]


_ROWS = [field.name for field in attrs.fields(Rows)]
_LOANS = [field.name for field in attrs.fields(Loans)]


def graced(book: Book, grace: GracePolicy) -> Book:
    """``book`` with its effective due dates and ends of grace under ``grace``."""
    due = book.row_due
    calendar = book.calendar
    if grace.roll_due_date:
        due = _by_distinct(due, lambda d: roll_forward(d, calendar))
    if grace.business_days:
        ends = _by_distinct(due, lambda d: grace_end(d, grace.days, True, calendar))
    else:
        ends = np.where(due == NEVER, NEVER, due + grace.days)
    return attrs.evolve(book, rows=attrs.evolve(book.rows, due=due, grace=ends))


def take(book: Book, rows: npt.NDArray[np.intp]) -> Book:
    """The loans ``rows`` of ``book`` (in that order) as a book of their own."""
    excluded = book.excluded
    where = (
        {old: new for new, old in enumerate(rows.tolist()) if old in excluded} if excluded else {}
    )
    schedule = book.schedule
    return attrs.evolve(
        book,
        rows=book.rows.take(rows),
        loans=book.loans.take(rows),
        excluded={new: book.excluded[old] for old, new in where.items()},
        schedule=lambda index: schedule(int(rows[index])),
    )


def read(schedules: object, rules: ServicingRules) -> Book:
    """The book of ``schedules`` with its due dates and ends of grace under ``rules``."""
    return graced(read_raw(schedules), rules.grace)
