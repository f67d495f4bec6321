"""Reading a portfolio's arrays: validated all at once, converted to exact integers.

Every per-loan argument may be a scalar (broadcast to every loan), a sequence, a numpy
array or a pandas Series. Amounts become whole numbers of grid units, rates exact
fractions, dates ``datetime64[D]``. A bad value raises an
:class:`~loancalc.errors.InvalidValueError` naming the array and the first bad index
(``principal[3]``) before anything is computed.

>>> from datetime import date
>>> from loancalc.money import Rounding
>>> units = amounts([100, "0.05", 2.5], 3, "principal", Rounding(), positive=True)
>>> units.tolist()
[10000, 5, 250]
>>> amounts([1.005], 1, "principal", Rounding(), positive=True)
Traceback (most recent call last):
loancalc.errors.InvalidValueError: principal[0]: got 1.005; accepted: ... multiple of 0.01 ...
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from loancalc.batch._payment_rates import numeric_rates, text_rates
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import CONTEXT, Rounding, to_decimal
from loancalc.rate_schedule import RateSchedule
from loancalc.rates import annual_rate
from loancalc.terms import MAX_PRINCIPAL, MAX_TERM

__all__ = [
    "amounts",
    "as_array",
    "dates",
    "length_of",
    "loan_rates",
    "rates",
    "small_unique",
    "terms",
]

#: Grid units at or above this are refused (int64 headroom for payments and sums).
UNIT_LIMIT = 2**62
_FIRST_DAY = np.datetime64("0001-01-01", "D")
_LAST_DAY = np.datetime64("9999-12-31", "D")


def as_array(value: object) -> npt.NDArray[Any]:
    """``value`` as a numpy array (a pandas Series or Index through ``to_numpy``)."""
    to_numpy = getattr(value, "to_numpy", None)
    if callable(to_numpy) and not isinstance(value, np.ndarray):
        value = to_numpy()
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return np.array(value)
    if isinstance(value, str | bytes | Decimal | date | bool) or value is None:
        return np.array(value, dtype=object)
    return np.asarray(value, dtype=object) if _mixed(value) else np.asarray(value)


def _mixed(value: object) -> bool:
    """True for a sequence numpy would coerce lossily (Decimals, dates, mixed types)."""
    if not isinstance(value, Sequence):
        return False
    numeric = (int, float, np.integer, np.floating)
    return not all(
        isinstance(item, numeric) and not isinstance(item, bool | np.bool_) for item in value
    )


def length_of(arrays: dict[str, npt.NDArray[Any]]) -> int:
    """The portfolio size: every 1-D array's length, which must agree (0-D arrays are
    scalars, broadcast)."""
    size: int | None = None
    first = ""
    for name, array in arrays.items():
        if array.ndim > 1:
            raise InvalidValueError(name, f"an array of shape {array.shape}", "a 1-D array")
        if array.ndim == 1:
            if size is None:
                size, first = len(array), name
            elif len(array) != size:
                raise InvalidValueError(
                    name,
                    f"{len(array)} values",
                    f"{size} values, one per loan (the length of {first})",
                )
    return 1 if size is None else size


def _broadcast(array: npt.NDArray[Any], count: int) -> npt.NDArray[Any]:
    return np.broadcast_to(array, (count,)) if array.ndim == 0 else array


def _bad(name: str, index: int, value: object, accepted: str) -> InvalidValueError:
    if isinstance(value, np.generic):
        value = value.item()
    return InvalidValueError(f"{name}[{index}]", value, accepted)


def amounts(
    value: object, count: int, name: str, rounding: Rounding, *, positive: bool
) -> npt.NDArray[np.int64]:
    """Amounts as whole numbers of ``rounding``'s grid units (each must lie on the grid,
    be finite, at most 1E+15, and above zero if ``positive``, else at least zero)."""
    quantum = rounding.quantum
    low = "> 0" if positive else ">= 0"
    accepted = f"an amount {low} and <= {MAX_PRINCIPAL}, a multiple of {quantum} (the grid)"
    single = as_array(value)
    if single.ndim == 0 and count > 1:  # one amount for every loan: read it once
        one = amounts(single.reshape(1), 1, name, rounding, positive=positive)
        return np.full(count, one[0], dtype=np.int64)
    array = _broadcast(single, count)
    if array.dtype.kind == "b":
        raise InvalidTypeError(f"{name}[0]", array[0].item(), accepted)
    if array.dtype.kind in "iuf" and rounding.increment is None and 0 <= rounding.places <= 12:
        units, pending = _numeric_units(array, rounding.places, positive)
    else:
        units, pending = np.zeros(count, dtype=np.int64), np.ones(count, dtype=bool)
    limit = min(MAX_PRINCIPAL / quantum, Decimal(UNIT_LIMIT))
    with decimal.localcontext(CONTEXT):
        for index in np.flatnonzero(pending).tolist():
            item = array[index]
            if isinstance(item, np.generic):
                item = item.item()
            if isinstance(item, bool):
                raise _bad(name, index, item, accepted)
            amount = to_decimal(item, f"{name}[{index}]")
            steps = amount / quantum
            if (
                not (amount > 0 if positive else amount >= 0)
                or amount > MAX_PRINCIPAL
                or steps != steps.to_integral_value()
                or steps >= limit
            ):
                raise _bad(name, index, item, accepted)
            units[index] = int(steps)
    return units


def _numeric_units(
    array: npt.NDArray[Any], places: int, positive: bool
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Fast path for int and float arrays on a ``10**-places`` grid: the units of every
    value proven exact here, and which values still need the exact per-value path.
    Worked in blocks (their temporaries stay in cache; a book-sized temporary costs a
    page fault every 4 KiB)."""
    units = np.empty(len(array), dtype=np.int64)
    pending = np.empty(len(array), dtype=bool)
    for start in range(0, len(array), _BLOCK):
        block = slice(start, start + _BLOCK)
        units[block], pending[block] = _numeric_block(array[block], places, positive)
    return units, pending


#: Amounts read together by the blockwise fast path.
_BLOCK = 8192


def _numeric_block(
    array: npt.NDArray[Any], places: int, positive: bool
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    scale = 10**places
    values = np.asarray(array, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.rint(values * scale)
        # Below 2**52 grid steps the float spacing is finer than the grid, so a float
        # that equals units / scale (correctly rounded) reads as exactly that decimal.
        exact = (
            np.isfinite(values)
            & (scaled < 2.0**52)
            & (scaled > 0 if positive else scaled >= 0)
            & (np.true_divide(scaled, scale) == values)
            & (values <= float(MAX_PRINCIPAL))
        )
    if array.dtype.kind in "iu":
        exact &= np.abs(array.astype(np.float64)) < 2.0**52  # ints read exactly as floats
    units = np.where(exact, scaled, 0).astype(np.int64)
    return units, ~exact


def rates(value: object, count: int) -> tuple[list[Decimal], npt.NDArray[np.intp]]:
    """Annual rates: the distinct values (as :func:`~loancalc.annual_rate` reads them) and
    each loan's index into them."""
    values, indices, _ = _read_rates(value, count, schedules=False)
    return values, indices


def loan_rates(
    value: object, count: int
) -> tuple[list[Decimal], npt.NDArray[np.intp], tuple[RateSchedule | None, ...] | None]:
    """Annual rates or :class:`~loancalc.RateSchedule` objects: as :func:`rates`, plus
    each loan's rate schedule (None for a fixed rate; None for the whole book when no loan
    has one). A rate-scheduled loan's index points at a placeholder rate of 0.

    >>> from loancalc import RateSchedule
    >>> moving = RateSchedule(annual_rate="5%")
    >>> values, index, schedules = loan_rates(["4%", moving, "4%"], 3)
    >>> values, index.tolist(), [s is moving for s in schedules]
    ([Decimal('0.04'), Decimal('0')], [0, 1, 0], [False, True, False])
    >>> loan_rates([0.04, 0.05], 2)[2] is None
    True
    """
    return _read_rates(value, count, schedules=True)


def _read_rates(
    value: object, count: int, *, schedules: bool
) -> tuple[list[Decimal], npt.NDArray[np.intp], tuple[RateSchedule | None, ...] | None]:
    array = _broadcast(as_array(value), count)
    if array.dtype.kind == "b":
        raise _bad("annual_rate", 0, array[0], "an annual rate from 0 to 1000 %")
    if array.dtype.kind in "iuf":
        return *numeric_rates(array), None
    if array.dtype.kind in "OU" and count:
        texts = text_rates(array, count)
        if texts is not None:
            return *texts, None
    seen: dict[tuple[type, object], int] = {}
    values: list[Decimal] = []
    indices = np.empty(count, dtype=np.intp)
    moving: list[RateSchedule | None] | None = None
    for index in range(count):
        item = array[index]
        if isinstance(item, np.generic):
            item = item.item()
        if isinstance(item, RateSchedule):
            if not schedules:
                raise _bad(
                    "annual_rate", index, item.describe(),
                    "a fixed annual rate (a loan with a rate schedule: loancalc.amortize)",
                )  # fmt: skip
            if moving is None:
                moving = [None] * count
            moving[index] = item
            item = _PLACEHOLDER
        try:
            key: tuple[type, object] = (type(item), item)
            hash(key)
        except TypeError:
            key = (type(item), id(item))
        found_at = seen.get(key)
        if found_at is not None:
            position = found_at
        else:
            if isinstance(item, bool):
                raise _bad("annual_rate", index, item, "an annual rate from 0 to 1000 %")
            values.append(annual_rate(item, field=f"annual_rate[{index}]"))
            position = seen[key] = len(values) - 1
        indices[index] = position
    return values, indices, None if moving is None else tuple(moving)


#: The rate a rate-scheduled loan's index points at (its rates come from its schedule).
_PLACEHOLDER = Decimal(0)


def terms(value: object, count: int) -> npt.NDArray[np.int64]:
    """Terms: whole numbers from 1 to 1200 (whole-valued floats accepted)."""
    accepted = f"a whole number from 1 to {MAX_TERM}"
    array = _broadcast(as_array(value), count)
    if array.dtype.kind == "O":
        good = [
            isinstance(item, int | np.integer) and not isinstance(item, bool | np.bool_)
            for item in array
        ]
        if not all(good):
            index = good.index(False)
            raise _bad("term", index, array[index], accepted)
        array = array.astype(np.int64)
    if array.dtype.kind not in "iuf":
        raise _bad("term", 0, array[0] if count else None, accepted)
    if array.dtype.kind in "iu" and count and array.min() >= 1 and array.max() <= MAX_TERM:
        return np.ascontiguousarray(array, dtype=np.int64).copy()
    floats = array.astype(np.float64)
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(floats) & (floats == np.floor(floats)) & (floats >= 1)
        ok &= floats <= MAX_TERM
    if not ok.all():
        index = int(np.flatnonzero(~ok)[0])
        raise _bad("term", index, array[index], accepted)
    return np.ascontiguousarray(floats.astype(np.int64))


def dates(value: object, count: int, name: str, *, optional: bool) -> npt.NDArray[np.datetime64]:
    """Dates as ``datetime64[D]`` (``NaT`` for a missing optional date), each from year 1
    to 9999 and a whole day."""
    accepted = "a date from 0001-01-01 to 9999-12-31" + (" or None" if optional else "")
    single = as_array(value)
    if single.ndim == 0 and count > 1:  # one date for every loan: read it once
        day = dates(single.reshape(1), 1, name, optional=optional)
        return np.full(count, day[0], dtype="datetime64[D]")
    array = _broadcast(single, count)
    if array.dtype.kind == "M":
        days = array.astype("datetime64[D]")
        whole = days == array
        whole |= np.isnat(array)
        if not whole.all():
            index = int(np.flatnonzero(~whole)[0])
            raise _bad(name, index, array[index], accepted + " (a whole day)")
    elif array.dtype.kind == "O" and _plain_dates(array, optional):
        days = array.astype("datetime64[D]")  # in C: every item a date (or None)
    elif array.dtype.kind == "O" or count == 0:
        days = np.empty(count, dtype="datetime64[D]")
        for index in range(count):
            item = array[index]
            if item is None and optional:
                days[index] = np.datetime64("NaT")
            elif isinstance(item, np.datetime64) and item.astype("datetime64[D]") == item:
                days[index] = item.astype("datetime64[D]")
            elif isinstance(item, date) and not isinstance(item, datetime):
                days[index] = np.datetime64(item, "D")
            else:
                raise _bad(name, index, item, accepted)
    else:
        raise _bad(name, 0, array[0], accepted)
    missing = np.isnat(days)
    if not optional and missing.any():
        index = int(np.flatnonzero(missing)[0])
        raise _bad(name, index, array[index], accepted)
    with np.errstate(invalid="ignore"):
        outside = ~missing & ((days < _FIRST_DAY) | (days > _LAST_DAY))
    if outside.any():
        index = int(np.flatnonzero(outside)[0])
        raise _bad(name, index, array[index], accepted)
    return np.ascontiguousarray(days)


def _plain_dates(array: npt.NDArray[Any], optional: bool) -> bool:
    """True if every item is a ``datetime.date`` (not a datetime), or None if ``optional``."""
    kinds = set(map(type, array.tolist()))
    allowed = {date, type(None)} if optional else {date}
    return kinds <= allowed


def rate_fraction(rate: Decimal) -> Fraction:
    """An annual rate as an exact fraction.

    >>> rate_fraction(Decimal("0.049"))
    Fraction(49, 1000)
    """
    return Fraction(rate)


def small_unique(
    keys: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """``np.unique(keys, return_inverse=True)`` plus one position of each distinct key,
    without sorting when the keys are small non-negative integers (a table of the range
    instead: a portfolio's rate-and-term or anchor keys, millions of loans, a few
    thousand values).

    >>> [part.tolist() for part in small_unique(np.array([7, 3, 7, 0]))]
    [[0, 3, 7], [2, 1, 2, 0], [3, 1, 2]]
    """
    if not len(keys) or int(keys.min()) < 0 or int(keys.max()) >= max(2 * len(keys), 2**16):
        distinct, position, inverse = np.unique(keys, return_index=True, return_inverse=True)
        return distinct, inverse.reshape(-1).astype(np.intp), position.astype(np.intp)
    size = int(keys.max()) + 1
    member = np.zeros(size, dtype=np.intp)
    member[keys] = np.arange(len(keys))  # some position holding each key
    seen = np.zeros(size, dtype=bool)
    seen[keys] = True
    distinct = np.flatnonzero(seen)
    label = np.zeros(size, dtype=np.intp)
    label[distinct] = np.arange(len(distinct))
    return distinct.astype(np.int64), label[keys], member[distinct]
