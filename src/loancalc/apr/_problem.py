"""A root-finding problem for :mod:`loancalc.apr._solver`: amounts at exact times, with
the float copies the search evaluates, and what can be read off them before any rate is
tried (the amounts netted time by time, and their sign changes: by Descartes' rule, the
most roots the net present value can have).

>>> p = problem([Decimal(-1000), Decimal(1100)], [0, 1], 1, simple=False)
>>> sign_changes(p), p.values.tolist()
(1, [-1000.0, 1100.0])
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Sequence
from decimal import Decimal

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT

__all__ = ["FloatArray", "Problem", "netted", "problem", "sign_changes"]

FloatArray = npt.NDArray[np.float64]


@attrs.frozen(kw_only=True)
class Problem:
    """Amounts at exact times ``num / den`` periods, and their float copies (built by
    :func:`problem`).

    >>> p = problem([Decimal(-100), Decimal(110)], [0, 12], 12, simple=False)
    >>> p.den, p.whole.tolist(), p.longest
    (12, [0.0, 1.0], 1.0)
    """

    amounts: Sequence[Decimal]
    num: npt.NDArray[np.int64] = attrs.field(eq=False)
    den: int
    simple: bool
    values: FloatArray = attrs.field(eq=False)
    whole: FloatArray = attrs.field(eq=False)  # t_k, or w_k when simple
    fraction: FloatArray | None = attrs.field(eq=False)  # e_k when simple, else None
    weighted: FloatArray = attrs.field(eq=False)  # a_k * whole_k
    magnitudes: FloatArray = attrs.field(eq=False)  # |a_k|
    longest: float  # max whole_k


def problem(
    amounts: Sequence[Decimal],
    num: Sequence[int] | npt.NDArray[np.int64],
    den: int,
    *,
    simple: bool,
) -> Problem:
    """Build a :class:`Problem` (``num`` >= 0).

    Raises :class:`~loancalc.errors.InvalidValueError` for an amount that is not finite.

    >>> p = problem([Decimal(-100), Decimal(50), Decimal(60)], [0, 12, 18], 12, simple=True)
    >>> p.whole.tolist(), p.fraction.tolist()  # w_k, and e_k: 18 / 12 = 1 + 0.5
    ([0.0, 1.0, 1.0], [0.0, 0.0, 0.5])
    >>> problem([Decimal("NaN")], [0], 1, simple=False)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: flows[0]: got Decimal('NaN'); ...
    """
    try:
        values = _floats(amounts)
    except (TypeError, ValueError):  # a signalling NaN cannot be hashed or converted
        values = np.array([math.nan if a.is_nan() else float(a) for a in amounts])
    if not np.isfinite(values).all():
        index = int(np.flatnonzero(~np.isfinite(values))[0])
        raise InvalidValueError(f"flows[{index}]", amounts[index], "a finite amount")
    nums = num if isinstance(num, np.ndarray) else np.asarray(num, dtype=np.int64)
    fraction: FloatArray | None = None
    if simple:
        whole_int, rest = np.divmod(nums, den)
        whole = whole_int.astype(np.float64)
        fraction = rest / den if rest.any() else None
    else:
        whole = nums / den
    return Problem(
        amounts=amounts,
        num=nums,
        den=den,
        simple=simple,
        values=values,
        whole=whole,
        fraction=fraction,
        weighted=values * whole,
        magnitudes=np.abs(values),
        longest=float(whole.max()) if whole.size else 0.0,
    )


def _floats(amounts: Sequence[Decimal]) -> FloatArray:
    """The amounts as floats; each distinct amount converted once (``float(Decimal)`` goes
    through text, and a schedule repeats its level payment)."""
    distinct = dict.fromkeys(amounts)
    if 2 * len(distinct) > len(amounts):
        return np.fromiter(map(float, amounts), dtype=np.float64, count=len(amounts))
    for amount in distinct:
        distinct[amount] = float(amount)
    return np.fromiter(map(distinct.__getitem__, amounts), dtype=np.float64, count=len(amounts))


def netted(p: Problem) -> tuple[FloatArray, list[Decimal]]:
    """The amounts netted time by time (exactly, in Decimal), in time order: as floats and
    as Decimals.

    >>> p = problem([Decimal(5), Decimal(-100), Decimal("0.1")], [12, 0, 12], 12, simple=False)
    >>> floats, amounts = netted(p)
    >>> floats.tolist(), amounts
    ([-100.0, 5.1], [Decimal('-100'), Decimal('5.1')])
    """
    order = np.argsort(p.num, kind="stable")
    times = p.num[order]
    if times.size < 2 or np.diff(times).all():
        amounts = [p.amounts[index] for index in order.tolist()]
        return p.values[order], amounts
    sums: dict[int, Decimal] = {}
    with decimal.localcontext(CONTEXT):
        for index in order.tolist():
            time = int(p.num[index])
            sums[time] = sums.get(time, Decimal(0)) + p.amounts[index]
    amounts = list(sums.values())
    return np.array([float(amount) for amount in amounts], dtype=np.float64), amounts


def sign_changes(p: Problem) -> int:
    """Sign changes of the amounts in time order (amounts at equal times netted first).

    >>> amounts = [Decimal(-100), Decimal(230), Decimal(-132)]  # Descartes: up to 2 roots
    >>> sign_changes(problem(amounts, [0, 1, 2], 1, simple=False))
    2
    >>> sign_changes(problem([Decimal(-1), Decimal(1), Decimal(-1)], [0, 1, 1], 1, simple=False))
    0
    """
    times, values = p.num, p.values
    steps = np.diff(times)
    if (steps < 0).any():
        order = np.argsort(times, kind="stable")
        times, values = times[order], values[order]
        steps = np.diff(times)
    if not steps.all():
        starts = np.flatnonzero(steps) + 1
        values = np.add.reduceat(values, np.concatenate(([0], starts)))
    signs = np.sign(values)
    signs = signs[signs != 0]
    return int(np.count_nonzero(signs[1:] != signs[:-1]))
