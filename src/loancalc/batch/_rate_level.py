"""The level payment a rate-scheduled annuity plans at the start of a segment, for many
loans at once, as half grid units (see :mod:`loancalc.batch._level`).

At the start of a segment the scalar engine plans from the balance over the periods left:
the first at its own rate ``i_1`` (split where the rate changes inside it), the others at
the rate the first ends at (``i`` a period under periodic accrual, ``i x days`` under
daily accrual). The payment is ``A = (B - R v_m) / (v_1 + ... + v_m)``. It is computed in
``numpy.longdouble`` with a bound on its error; the loans within that bound of a half-unit
boundary are computed again exactly, in Python integers.

>>> import numpy as np
>>> one = np.array([1])
>>> # 803.97 over 2 months at 0.5 %: 80397 x 0.005 / (1 - 1.005^-2) = 40500.00... units
>>> halves, exact = plan_halves(np.array([80397]), np.array([0]), one, np.array([200]),
...                             one, np.array([200]), np.array([2]))
>>> int(halves[0]) // 2, bool(exact[0])
(40500, False)
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from loancalc.batch._level import _halves_from_float

__all__ = ["plan_halves"]

Int64s = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_EPS = float(np.finfo(np.longdouble).eps)


def plan_halves(  # noqa: PLR0917 (the annuity's inputs, one array each)
    balance: Int64s,
    balloon: Int64s,
    first_num: Int64s,
    first_den: Int64s,
    rest_num: Int64s,
    rest_den: Int64s,
    count: Int64s,
    days: Int64s | None = None,
) -> tuple[Int64s, Bools]:
    """The level payment over ``count`` periods, as halves and boundary flags: the first
    period at ``first_num / first_den``, each later one at ``rest_num / rest_den`` (times
    ``days[u]``, the days of later period ``u`` (rows from 1), when given)."""
    loans = len(balance)
    ld = np.longdouble
    first = first_num.astype(ld) / first_den.astype(ld)
    unit = rest_num.astype(ld) / rest_den.astype(ld)
    later = count - 1
    if days is None:
        growth = later * np.log1p(unit)
        tail = np.exp(-growth)  # v^(m-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            total = np.where(unit > 0, -np.expm1(-growth) / unit, later.astype(ld))
    else:
        rows = int(later.max(initial=0))
        mask = np.arange(1, rows + 1)[:, None] <= later[None, :]
        rates = unit[None, :] * days[1 : rows + 1].astype(ld)
        factors = np.where(mask, 1 / (1 + rates), ld(1))
        products = np.cumprod(factors, axis=0)
        total = np.where(mask, products, ld(0)).sum(axis=0)
        tail = products[-1] if rows else np.ones(loans, dtype=ld)
        growth = -np.log(tail)
    lead = 1 / (1 + first)
    owed = balance.astype(ld)
    payment = (owed - balloon.astype(ld) * lead * tail) / (lead * (1 + total))
    error = _EPS * (400 + 40 * count * (1 + growth + np.log1p(first)))
    halves, unsafe = _halves_from_float(payment, error)
    boundary = np.zeros(loans, dtype=bool)
    for index in np.flatnonzero(unsafe).tolist():
        steps = int(later[index])
        rates_list = [(int(first_num[index]), int(first_den[index]))]
        if days is None:
            rates_list += [(int(rest_num[index]), int(rest_den[index]))] * steps
        else:
            top, bottom = int(rest_num[index]), int(rest_den[index])
            rates_list += [(top * int(d), bottom) for d in days[1 : steps + 1, index].tolist()]
        halves[index], boundary[index] = _exact(
            int(balance[index]), int(balloon[index]), rates_list
        )
    return halves, boundary


def _exact(b: int, r: int, rates: list[tuple[int, int]]) -> tuple[int, bool]:
    """``(B C_m - R E_m) / N_m`` in halves, exactly (the scalar engine's
    ``exact_by_periods``: ``1 + i_k = (d_k + n_k) / d_k``, ``E`` and ``C`` the products of
    the ``d`` and of the ``d + n``, ``N_k = N_(k-1) (d_k + n_k) + E_k``).

    >>> _exact(120000, 0, [(1, 100)] * 3)  # 1,200 over 3 at 1 %: 40802.65... units
    (81605, False)
    """
    products = plus_products = 1
    total = 0
    for top, bottom in rates:
        step = bottom + top
        products *= bottom
        plus_products *= step
        total = total * step + products
    twice = 2 * (b * plus_products - r * products)
    return twice // total, twice % total == 0
