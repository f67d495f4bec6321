"""Level amounts (an annuity's payment, an equal-principal share) for many loans at once.

The scalar engine rounds the exact level amount to the grid (by the policy, or toward
zero less whole steps when it would repay early). A value's rounding by any of those
rules is known once it is known which half grid unit it lies in, or that it lies on a
half-unit boundary: its *halves* ``k`` (``k / 2 <= a < (k + 1) / 2`` units) and whether
``a == k / 2``. This module finds them exactly.

Annuities are computed in ``numpy.longdouble`` with a proven error bound; the few loans
whose payment lies within that bound of a boundary are computed again exactly in Python
integers (the exact rational payment), so no loan is ever off by a unit.

>>> import numpy as np
>>> one = np.array([1])
>>> halves, exact = annuity_halves(np.array([100000000]), np.array([0]), np.array([49]),
...                                np.array([12000]), np.array([360]))
>>> # 530,726.9... cents: 5,307.27 half-up (docs/rules.md, 'Repayment methods')
>>> int(halves[0]), bool(exact[0])
(1061453, False)
>>> share_halves(np.array([100000]), np.array([3]))[0].tolist()  # 333.33... a third
[66666]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from loancalc.batch._rows import Loans, Rule
from loancalc.money import RoundingMode

__all__ = [
    "annuity_halves",
    "covers_interest",
    "daily_annuity_halves",
    "runs_to_term",
    "share_halves",
]

Int64s = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_EPS = float(np.finfo(np.longdouble).eps)
_EPS64 = float(np.finfo(np.float64).eps)
#: The most days a monthly period after the first can have.
_MONTH_DAYS = 31
#: Rounding modes whose error is at most half a unit.
_HALF_WAY = (RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.HALF_DOWN)
#: A margin far above the worst rounding error, in half units (absolute).
_FLOOR = 1e-6


def share_halves(balance: Int64s, count: Int64s) -> tuple[Int64s, Bools]:
    """``balance / count`` (an equal-principal share) in halves, exactly."""
    twice = 2 * balance
    return twice // count, twice % count == 0


def _halves_from_float(
    value: npt.NDArray[np.floating[Any]], relative_error: npt.NDArray[np.floating[Any]]
) -> tuple[Int64s, Bools]:
    """Halves of approximate values, and which are unsafe (within the error bound of a
    boundary, so they must be computed exactly)."""
    twice = 2 * value
    floor = np.floor(twice)
    distance = np.minimum(twice - floor, floor + 1 - twice)
    unsafe = distance <= twice * relative_error + _FLOOR
    return floor.astype(np.int64), unsafe


def annuity_halves(
    balance: Int64s,
    balloon: Int64s,
    numerator: Int64s,
    denominator: Int64s,
    count: Int64s,
) -> tuple[Int64s, Bools]:
    """The payment of annuities at period rate ``numerator / denominator`` over ``count``
    periods, ``B i + (B - R) i / ((1 + i)^m - 1)`` in units, as halves and boundary flags.

    Each payment is found in float64 first (a few array passes: no per-loan Python);
    those within its error bound of a boundary again in extended precision, and those
    still too close exactly.
    """
    loans = len(balance)
    halves = np.empty(loans, dtype=np.int64)
    boundary = np.zeros(loans, dtype=bool)
    zero = numerator == 0
    some = np.flatnonzero(~zero) if zero.any() else None
    if some is not None:
        halves[zero], boundary[zero] = share_halves(balance[zero] - balloon[zero], count[zero])
        if not len(some):
            return halves, boundary
        balance, balloon = balance[some], balloon[some]
        numerator, denominator, count = numerator[some], denominator[some], count[some]
    # numerator and denominator are below 2**40: exact in float64, the division rounded once
    rate = numerator / denominator
    growth = count * np.log1p(rate)
    owed, left = balance.astype(np.float64), (balance - balloon).astype(np.float64)
    rough = owed * rate + left * (rate / np.expm1(growth))
    # the extended-precision bound below, at float64's epsilon, and the sum's own error
    found, unsafe = _halves_from_float(rough, _EPS64 * (216 + 20 * growth))
    again = np.flatnonzero(unsafe)
    if len(again):
        closer, still, exact = _closer(
            balance[again], balloon[again], numerator[again], denominator[again], count[again]
        )  # fmt: skip
        found[again] = closer
        exact_again = again[still]
        found[exact_again] = exact[0]
        flags = np.zeros(len(found), dtype=bool)
        flags[exact_again] = exact[1]
    else:
        flags = np.zeros(len(found), dtype=bool)
    if some is None:
        return found, flags
    halves[some], boundary[some] = found, flags
    return halves, boundary


def _closer(
    balance: Int64s, balloon: Int64s, numerator: Int64s, denominator: Int64s, count: Int64s
) -> tuple[Int64s, Bools, tuple[Int64s, Bools]]:
    """The few payments float64 left too close to a boundary: in extended precision, and
    those still too close exactly (their halves and boundary flags last)."""
    rate = numerator.astype(np.longdouble) / denominator.astype(np.longdouble)
    growth = count * np.log1p(rate)
    spread = rate / np.expm1(growth)
    value = balance * rate + (balance - balloon) * spread
    closer, still = _halves_from_float(value, _EPS * (200 + 20 * growth))
    exact = [
        _exact_regular(
            int(balance[index]), int(balloon[index]), int(numerator[index]),
            int(denominator[index]), int(count[index]),
        )
        for index in np.flatnonzero(still).tolist()
    ]  # fmt: skip
    halves = np.array([item[0] for item in exact], dtype=np.int64)
    flags = np.array([item[1] for item in exact], dtype=bool)
    return closer, still, (halves, flags)


def _exact_regular(b: int, r: int, n: int, d: int, m: int) -> tuple[int, bool]:
    """``n (B (d+n)^m - R d^m) / (d ((d+n)^m - d^m))`` in halves, exactly."""
    grown, base = (d + n) ** m, d**m
    top, bottom = 2 * n * (b * grown - r * base), d * (grown - base)
    return top // bottom, top % bottom == 0


def daily_annuity_halves(
    balance: Int64s,
    balloon: Int64s,
    numerator: Int64s,
    denominator: Int64s,
    count: Int64s,
    *,
    days: npt.NDArray[np.int32],
) -> tuple[Int64s, Bools]:
    """The payment of annuities whose period ``t`` rate is ``numerator x days[t] /
    denominator`` (``days`` has one row per period, one column per loan):
    ``(B - R v_m) / (v_1 + ... + v_m)``, as halves and boundary flags."""
    loans = len(balance)
    growth = np.zeros(loans, dtype=np.longdouble)  # sum of log(1 + i_t): v_t = exp(-growth)
    annuity = np.zeros(loans, dtype=np.longdouble)
    if loans:
        # Monthly periods after the first have 28 to 31 days: each distinct rate's log(1 + i)
        # and 1 / (1 + i) for every day count up to 31, looked up instead of computed.
        pairs = np.stack([numerator, denominator])
        distinct, which = np.unique(pairs, axis=1, return_inverse=True)
        which = which.reshape(-1)
        unit = distinct[0].astype(np.longdouble) / distinct[1].astype(np.longdouble)
        rates = unit[:, None] * np.arange(_MONTH_DAYS + 1)
        logs, factors = np.log1p(rates).reshape(-1), (1 / (1 + rates)).reshape(-1)
        step = np.log1p(unit[which] * days[0])
        growth += step
        discount = np.exp(-step)
        annuity += discount
        base = which * (_MONTH_DAYS + 1)
        for period in range(1, int(count.max())):
            running = count > period
            index = base + days[period]
            growth += np.where(running, logs[index], 0)
            discount *= np.where(running, factors[index], 1)
            annuity += np.where(running, discount, 0)
    owed = (balance - balloon).astype(np.longdouble)
    value = (owed - balloon.astype(np.longdouble) * np.expm1(-growth)) / annuity
    error = _EPS * (200 + 40 * count * (1 + growth))
    halves, unsafe = _halves_from_float(value, error)
    boundary = np.zeros(loans, dtype=bool)
    for index in np.flatnonzero(unsafe).tolist():
        halves[index], boundary[index] = _exact_by_periods(
            int(balance[index]), int(balloon[index]), int(numerator[index]),
            int(denominator[index]), days[: count[index], index].tolist(),
        )  # fmt: skip
    return halves, boundary


def _exact_by_periods(b: int, r: int, n: int, d: int, days: list[int]) -> tuple[int, bool]:
    """``(B C_m - R E_m) / N_m`` (see the scalar engine's ``exact_by_periods``) in halves."""
    products = plus_products = 1
    total = 0
    for length in days:
        step = d + n * length
        products *= d
        plus_products *= step
        total = total * step + products
    top, bottom = 2 * (b * plus_products - r * products), total
    return top // bottom, top % bottom == 0


def runs_to_term(loans: Loans, level: Int64s, rule: Rule, mode: RoundingMode) -> Bools:
    """Which loans are sure to run to their last instalment with ``level``: no earlier
    instalment repays the balance (an overshoot) and no level payment falls short of a
    period's interest, so their first payment is known after one period.

    Equal-principal shares overshoot exactly when ``(m - 1) x level`` exceeds the balance.
    For an annuity, the balance after ``k`` periods differs from the exact annuity's by at
    most ``e x ((1 + i)^k - 1) / i`` units, where ``e`` bounds one period's rounding
    errors (the interest's and the level's: 1 unit for half-way modes, 2 for directed
    ones; the difference grows with the balance). The exact balance before the last
    instalment is ``(L + R) / (1 + i) >= L / (1 + i)``, so a balance error below it never
    repays early. ``i`` is the largest period rate of the loan (its longest period under
    daily accrual).

    A shortfall needs a principal below zero. At one rate ``i`` a period, with the
    rounded level ``L`` and interest rounded by at most ``e`` (half a unit, or one for a
    directed mode), the balance before period ``k`` is off the unrounded walk's by at
    most ``e ((1 + i)^(k-1) - 1) / i``, so period ``k``'s principal is at least
    ``(L - B i - e) (1 + i)^(k-1)``: none falls below zero while ``L - B i > e``. Under
    daily accrual the period rates differ; there each exact principal is at least
    ``L - B i`` and a balance off by ``D`` moves the interest by at most ``i D`` plus a
    unit, so none falls below zero while ``i D + 1 < L - B i``. A loan whose bounds hold
    (with a unit and float error to spare) is sure; the others are walked.

    >>> import numpy as np
    >>> from loancalc.batch._rows import Loans, Rule
    >>> loans = Loans(balance=np.array([100000000, 100]), numerator=np.array([49, 49]),
    ...               denominator=np.array([12000, 12000]), term=np.array([360, 360]),
    ...               fee=np.array([0, 0]))
    >>> levels = np.array([530727, 1])
    >>> runs_to_term(loans, levels, Rule.LEVEL_PAYMENT, RoundingMode.HALF_UP).tolist()
    [True, False]
    """
    term = loans.term.astype(np.float64)
    balance = loans.balance.astype(np.float64)
    if rule is Rule.AT_MATURITY:
        return np.ones(len(term), dtype=bool)
    if rule is Rule.LEVEL_PRINCIPAL:
        return (loans.term - 1) * level <= loans.balance
    days = 1.0 if loans.days is None else loans.days.max(axis=0, initial=1).astype(np.float64)
    rate = loans.numerator.astype(np.float64) * days / loans.denominator.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        grown = np.where(rate > 0, np.expm1(term * np.log1p(rate)) / rate, term)
    per_period = 1.0 if mode in _HALF_WAY else 2.0
    drift = per_period * (grown + 1.0) * (1.0 + rate) + 4.0
    payment = level.astype(np.float64)
    early = drift * (1 + 1e-9) < payment / (1.0 + rate) * (1 - 1e-9)
    if loans.days is None:
        short = covers_interest(balance, payment, rate, mode)
    else:
        interest = balance * rate
        room = payment - interest - 1e-9 * (payment + interest)  # float error to spare
        short = (rate * drift + 2.0) * (1 + 1e-9) < room
    return early & short & np.isfinite(grown)


def covers_interest(
    balance: npt.NDArray[np.float64],
    level: npt.NDArray[np.float64],
    rate: npt.NDArray[np.float64],
    mode: RoundingMode,
) -> Bools:
    """Whether a level payment surely covers every period's interest at one period rate
    (see :func:`runs_to_term`): ``L - B i`` above the interest's rounding by a unit, with
    float error to spare.

    >>> covers_interest(np.array([100000.0]), np.array([1003.0, 1001.0]), np.array([0.01]),
    ...                 RoundingMode.HALF_UP).tolist()
    [True, False]
    """
    interest = balance * rate
    room = level - interest - 1e-9 * (level + interest)
    covers: Bools = room > (0.5 if mode in _HALF_WAY else 1.0) + 1.0
    return covers
