"""A book's payments for :func:`loancalc.batch.assess`: read, checked, summed by day; and
the book's size checked against the memory it may use (:func:`check_memory`).

Payments come as three arrays (loan, date, amount), a mapping with those keys, or a
pandas DataFrame with such columns (``columns`` renames them); the loan is a position in
the book, or a key found in ``keys`` (the book's loan keys, in its order). Everything is
checked before anything is computed; a bad value names its column and row.

>>> from datetime import date
>>> from loancalc import Rounding
>>> paid = read(([0, 1, 0], [date(2024, 2, 1)] * 3, ["10", "20", "5.5"]), 2,
...             rounding=Rounding(), keys=None, columns=None)
>>> paid.loan.tolist(), paid.units.tolist()
([0, 1, 0], [1000, 2000, 550])
>>> read(([0, 2], [date(2024, 2, 1)] * 2, [1, 1]), 2, rounding=Rounding(), keys=None,
...      columns=None)
Traceback (most recent call last):
loancalc.errors.InvalidValueError: payments.loan[1]: got 2; accepted: a loan of the book: ...
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch._inputs import amounts, as_array, dates
from loancalc.batch._result import BatchSchedule
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import Rounding
from loancalc.schedule import Schedule

__all__ = ["MAX_BYTES_ENV", "Paid", "by_day", "check_memory", "count_payments", "read", "shape"]

Int64s = npt.NDArray[np.int64]
_NAMES = ("loan", "date", "amount")
_EPOCH = np.datetime64("1970-01-01", "D")


@attrs.frozen(kw_only=True, eq=False)
class Paid:
    """Every payment: its loan (a position in the book), day (days since 1970-01-01) and
    amount in grid units."""

    loan: npt.NDArray[np.intp]
    day: Int64s
    units: Int64s


def _columns(payments: object, columns: Mapping[str, str] | None) -> list[Any]:
    names = {name: (columns or {}).get(name, name) for name in _NAMES}
    if hasattr(payments, "columns") and hasattr(payments, "__getitem__"):  # a DataFrame
        missing = [name for name in names.values() if name not in payments.columns]
        if missing:
            raise InvalidValueError(
                "payments", sorted(map(str, payments.columns)),
                f"a DataFrame with the columns {', '.join(names.values())} (missing {missing})",
            )  # fmt: skip
        return [payments[names[name]].to_numpy() for name in _NAMES]
    if isinstance(payments, Mapping):
        if any(name not in payments for name in names.values()):
            raise InvalidValueError(
                "payments", sorted(payments), f"a mapping with the keys {list(names.values())}"
            )
        return [payments[names[name]] for name in _NAMES]
    if isinstance(payments, Sequence) and not isinstance(payments, str | bytes):
        if len(payments) != len(_NAMES):
            raise InvalidValueError(
                "payments", f"{len(payments)} arrays", "three arrays: loan, date, amount"
            )
        return list(payments)
    raise InvalidTypeError(
        "payments", payments, "three arrays (loan, date, amount), a mapping or a DataFrame"
    )


def count_payments(payments: object) -> int:
    """How many payments ``payments`` holds, read without converting them (0 for what
    :func:`read` will refuse).

    >>> count_payments(([0, 1], ["2024-01-01"] * 2, [1, 2])), count_payments({"loan": []})
    (2, 0)
    """
    if hasattr(payments, "columns") and hasattr(payments, "__len__"):
        return len(payments)
    first: object = None
    if isinstance(payments, Mapping):
        first = payments.get("loan")
    elif isinstance(payments, Sequence) and not isinstance(payments, str | bytes) and payments:
        first = payments[0]
    try:
        return len(first)  # type: ignore[arg-type]
    except TypeError:
        return 0


def _loans(raw: object, count: int, keys: object) -> npt.NDArray[np.intp]:
    array = as_array(raw)
    if keys is None:
        if array.size and array.dtype.kind not in "iu":
            whole = np.zeros(len(array), dtype=bool)
            if array.dtype.kind == "f":
                whole = np.isfinite(array) & (array == np.round(array))
            if not whole.all():
                bad = int(np.flatnonzero(~whole)[0])
                raise InvalidValueError(
                    f"payments.loan[{bad}]", array[bad : bad + 1].tolist()[0],
                    f"a loan of the book: 0 to {count - 1}",
                )  # fmt: skip
        loans = array.astype(np.int64)
        unknown = (loans < 0) | (loans >= count)
        if unknown.any():
            index = int(np.flatnonzero(unknown)[0])
            raise InvalidValueError(
                f"payments.loan[{index}]", int(loans[index]),
                f"a loan of the book: 0 to {count - 1}",
            )  # fmt: skip
        return loans.astype(np.intp)
    book_keys = as_array(keys)
    if len(book_keys) != count:
        raise InvalidValueError("keys", f"{len(book_keys)} keys", f"one key per loan ({count})")
    order = np.argsort(book_keys, kind="stable")
    ranked = book_keys[order]
    if len(ranked) > 1 and (ranked[1:] == ranked[:-1]).any():
        raise InvalidValueError("keys", "repeated keys", "one distinct key per loan")
    where = np.searchsorted(ranked, array)
    where = np.minimum(where, max(count - 1, 0))
    found = ranked[where] == array if count else np.zeros(len(array), dtype=bool)
    if not np.all(found):
        index = int(np.flatnonzero(~found)[0])
        raise InvalidValueError(
            f"payments.loan[{index}]",
            array[index : index + 1].tolist()[0],
            "a key of the book (keys)",
        )
    return order[where].astype(np.intp)


def read(
    payments: object,
    count: int,
    *,
    rounding: Rounding,
    keys: object,
    columns: Mapping[str, str] | None,
) -> Paid:
    """The payments of a book of ``count`` loans, checked (see the module)."""
    raw_loan, raw_date, raw_amount = (as_array(part) for part in _columns(payments, columns))
    sizes = {len(raw_loan), len(raw_date), len(raw_amount)} if raw_loan.ndim else {-1}
    if len(sizes) != 1 or raw_loan.ndim != 1:
        raise InvalidValueError(
            "payments",
            f"lengths {len(raw_loan)}, {len(raw_date)}, {len(raw_amount)}",
            "three arrays of one length: loan, date, amount",
        )
    size = len(raw_loan)
    loan = _loans(raw_loan, count, keys)
    day = (dates(raw_date, size, "payments.date", optional=False) - _EPOCH).astype(np.int64)
    units = amounts(raw_amount, size, "payments.amount", rounding, positive=True)
    return Paid(loan=loan, day=day, units=units)


def by_day(paid: Paid, as_of: int) -> tuple[npt.NDArray[np.intp], Int64s, Int64s, Int64s]:
    """The payments up to ``as_of`` summed per loan and day (payments on one day are
    allocated one after the other, by one rule: their sum pays what they pay): loans,
    days, amounts and how many payments, sorted by loan and day."""
    kept = paid.day <= as_of
    loan, day, units = paid.loan[kept], paid.day[kept], paid.units[kept]
    if not len(loan):
        return loan, day, units, np.zeros(0, dtype=np.int64)
    key = loan.astype(np.int64) * (1 << 24) + (day + (1 << 22))
    if len(key) > 1 and bool(np.any(key[1:] < key[:-1])):
        order = np.argsort(key, kind="stable")
        key, units = key[order], units[order]
    starts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
    sums = np.add.reduceat(units, starts)
    counts = np.diff(np.append(starts, len(key))).astype(np.int64)
    distinct = key[starts]
    days = (distinct & ((1 << 24) - 1)) - (1 << 22)
    return (distinct >> 24).astype(np.intp), days.astype(np.int64), sums, counts


#: Bytes a loan needs per instalment (the book's eight int64 matrices), per loan (its
#: result: four loans x 6 matrices, the vectors, the labels) and per payment (read,
#: checked, sorted and summed by day); a chunk of loans walked needs ``_WALK_BYTES`` per
#: instalment on top (the walk's matrices).
_CELL_BYTES, _LOAN_BYTES, _PAYMENT_BYTES, _WALK_BYTES = 64, 400, 96, 320
#: The environment variable that sets the default limit (bytes).
MAX_BYTES_ENV = "LOANCALC_MAX_BYTES"


def working_bytes(loans: int, width: int, payments: int, chunk: int) -> int:
    """The working memory :func:`loancalc.batch.assess` needs for ``loans`` loans of at
    most ``width`` instalments and ``payments`` payments, walked ``chunk`` loans at a time.

    100,000 x 36 x 64 + 10,000 x 36 x 320 + 100,000 x 400 + 1,000,000 x 96 = 481,600,000
    bytes, 459.3 MiB:

    >>> working_bytes(100_000, 36, 1_000_000, 10_000) // 2**20  # MiB
    459
    """
    cells = loans * width * _CELL_BYTES + min(loans, chunk) * width * _WALK_BYTES
    return cells + loans * _LOAN_BYTES + payments * _PAYMENT_BYTES


def _available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def memory_limit(max_bytes: int | None) -> tuple[int | None, str]:
    """The limit on a call's working memory and where it comes from: ``max_bytes`` if
    given, else the environment variable ``LOANCALC_MAX_BYTES``, else the memory the
    system says is available (``MemAvailable``, else the physical memory; none known: no
    limit).

    >>> memory_limit(10**9)
    (1000000000, 'max_bytes')
    """
    if max_bytes is not None:
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
            raise InvalidValueError("max_bytes", max_bytes, "a whole number of bytes above 0")
        return max_bytes, "max_bytes"
    text = os.environ.get(MAX_BYTES_ENV)
    if text is not None:
        try:
            value = int(text.strip())
        except ValueError:
            value = 0
        if value <= 0:
            raise InvalidValueError(MAX_BYTES_ENV, text, "a whole number of bytes above 0")
        return value, MAX_BYTES_ENV
    return _available(), "the memory available"


def shape(schedules: object) -> tuple[int, int]:
    """How many loans ``schedules`` holds and its longest term, read before any matrix is
    made (``(0, 0)`` for what :func:`read_raw` will refuse)."""
    if isinstance(schedules, BatchSchedule):
        return len(schedules), int(schedules.due_dates.shape[1])
    if isinstance(schedules, Sequence) and not isinstance(schedules, str | bytes):
        terms = [len(s.installments) for s in schedules if isinstance(s, Schedule)]
        return len(schedules), max(terms, default=0)
    return 0, 0


def _size(count: int) -> str:
    return f"{count:,} bytes" if count < 2**20 else f"{count / 2**20:,.0f} MiB"


def check_memory(loans: int, width: int, payments: int, chunk: int, max_bytes: int | None) -> None:
    """Refuse a book whose working memory (:func:`working_bytes`) exceeds the limit
    (:func:`memory_limit`), pointing to the Dask path.

    >>> check_memory(1_000_000, 36, 10_000_000, 10_000, max_bytes=2**30)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: schedules: got '1,000,000 loans of up to 36 ...
    payments: about 3,604 MiB of working memory'; accepted: a book needing at most 1,024 MiB
    (max_bytes): assess it in partitions with loancalc.dask.assess ...
    """
    limit, source = memory_limit(max_bytes)
    need = working_bytes(loans, width, payments, chunk)
    if limit is not None and need > limit:
        raise InvalidValueError(
            "schedules",
            f"{loans:,} loans of up to {width} instalments and {payments:,} payments: "
            f"about {_size(need)} of working memory",
            f"a book needing at most {_size(limit)} ({source}): assess it in "
            "partitions with loancalc.dask.assess ('loancalc assess-book --dask'), or in "
            "parts, or raise max_bytes",
        )
