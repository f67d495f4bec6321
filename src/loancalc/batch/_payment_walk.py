"""Which annuities run to their last instalment with their level payment: a lean walk.

:func:`~loancalc.batch._level.runs_to_term` proves most loans of a book sure; the few it
cannot (small balances, long terms, high rates: its bound adds every period's rounding
error in the same direction) are walked here, balances only, period by period. The
caller passes only loans whose level covers every period's interest
(:func:`~loancalc.batch._level.covers_interest`), so what remains to find is whether an
instalment before the last repays the balance early.

The walk needs no check until each loan's last instalment but one: a balance below zero
makes every later interest at most zero, so every later principal is at least the level
and every later balance stays below zero. So a loan runs to term exactly when its
balance after instalment ``m - 1`` is at least zero. A loan of one instalment always
does.

>>> from loancalc.money import RoundingMode
>>> # 100.00 over 3 months at 1 %: a level of 34.00 runs to term; 60.00 repays early
>>> runs([10000] * 2, [3400, 6000], numerator=[1] * 2, denominator=[100] * 2, term=[3] * 2,
...      mode=RoundingMode.HALF_UP)
[True, False]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from loancalc.batch._level import covers_interest
from loancalc.batch._rounding import round_div
from loancalc.batch._rows import _divider
from loancalc.money import RoundingMode

__all__ = ["first_level", "runs", "runs_to_term"]

#: Level amounts the scalar engine tries after the policy's: toward zero, less 0 to 3
#: grid steps (the batch engine leaves a loan needing more to the scalar engine).
_STEPS = 4

Int64s = npt.NDArray[np.int64]


def runs_to_term(
    balance: Int64s,
    level: Int64s,
    *,
    numerator: Int64s,
    denominator: Int64s,
    term: Int64s,
    mode: RoundingMode,
) -> npt.NDArray[np.bool_]:
    """Whether each loan (a level payment ``level``, period rate ``numerator /
    denominator``, ``term`` instalments, a level that covers every period's interest)
    runs to its last instalment: no instalment before it repays the balance early."""
    count = len(term)
    result = np.ones(count, dtype=bool)
    if not count or int(term.max()) < 2:
        return result
    order = np.argsort(term, kind="stable")
    term, owed = term[order], balance[order].copy()
    level, numerator, denominator = level[order], numerator[order], denominator[order]
    exact = _divider(numerator, denominator, mode)
    interest = np.empty(count, dtype=np.int64)
    # the loans still running in period k (0-based) have term > k + 1: a suffix
    starts = np.searchsorted(term, np.arange(1, int(term.max())), side="right")
    ends = np.append(starts[1:], count)  # those whose instalment m - 1 is period k end it
    for low, high in zip(starts.tolist(), ends.tolist(), strict=True):
        owe, due = owed[low:], interest[low:]
        if exact is None:  # half-even needs the remainder
            due[:] = round_div(owe * numerator[low:], denominator[low:], mode)
        else:
            scaled, offset, divisor = exact
            np.multiply(owe, scaled[low:], out=due)
            due += offset[low:]
            due //= divisor[low:]
        owe += due
        owe -= level[low:]
        if low < high:
            result[order[low:high]] = owed[low:high] >= 0
    return result


def first_level(
    balance: Int64s,
    halves: Int64s,
    level: Int64s,
    *,
    numerator: Int64s,
    denominator: Int64s,
    term: Int64s,
    mode: RoundingMode,
) -> tuple[Int64s, npt.NDArray[np.bool_]]:
    """The level amount the scalar engine settles on for each loan (``level`` is the
    policy's rounding of the exact level, ``halves`` its half units), and whether it is
    known here: the first of the policy's level and the level rounded toward zero less
    0 to 3 grid steps that runs to term. A loan none of them is proven for (or whose
    candidate might fall short of a period's interest) is not known: the general engine
    computes it.

    >>> from loancalc.money import RoundingMode
    >>> # 38.44 over 98 months at 2 %: the level is 0.425...; 0.43 would repay by the 97th
    >>> # month, so the scalar engine pays 0.42 (and 1.00 at the end)
    >>> one = [np.array([value]) for value in (3844, 85, 43, 1, 600, 98)]
    >>> found, known = first_level(*one[:3], numerator=one[3], denominator=one[4], term=one[5],
    ...                            mode=RoundingMode.HALF_UP)
    >>> found.tolist(), known.tolist()
    ([42], [True])
    """
    count = len(term)
    candidates = np.empty((_STEPS + 1, count), dtype=np.int64)
    candidates[0] = level
    for step in range(_STEPS):
        candidates[step + 1] = np.maximum(halves // 2 - step, 0)
    rate = numerator / denominator
    owed = balance.astype(np.float64)
    covers = np.stack([covers_interest(owed, row.astype(np.float64), rate, mode)
                       for row in candidates])  # fmt: skip
    ran = np.zeros_like(covers)
    rows, columns = np.nonzero(covers)
    ran[rows, columns] = runs_to_term(
        balance[columns], candidates[rows, columns], numerator=numerator[columns],
        denominator=denominator[columns], term=term[columns], mode=mode,
    )  # fmt: skip
    found = np.zeros(count, dtype=np.int64)
    known = np.zeros(count, dtype=bool)
    open_ = np.ones(count, dtype=bool)
    for row in range(_STEPS + 1):
        take = open_ & covers[row] & ran[row]
        found[take], known[take] = candidates[row][take], True
        open_ &= covers[row] & ~ran[row]  # an unproven candidate: the engine decides
    return found, known


def runs(
    balance: Sequence[int],
    level: Sequence[int],
    *,
    numerator: Sequence[int],
    denominator: Sequence[int],
    term: Sequence[int],
    mode: RoundingMode,
) -> list[bool]:
    """:func:`runs_to_term` on lists (for examples and tests)."""
    owed, pay, top, bottom, count = (
        np.array(item, dtype=np.int64) for item in (balance, level, numerator, denominator, term)
    )
    result: list[bool] = runs_to_term(
        owed, pay, numerator=top, denominator=bottom, term=count, mode=mode
    ).tolist()
    return result
