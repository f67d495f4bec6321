"""A book's payments for :func:`loancalc.batch.assess`: read, checked, summed by day.

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

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch._inputs import amounts, as_array, dates
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import Rounding

__all__ = ["Paid", "by_day", "count_payments", "read"]

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
