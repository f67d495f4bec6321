"""The instalments of rate-scheduled loans, segment by segment, for many loans at once.

The scalar engine (:mod:`loancalc._rate_engine`) runs a loan whose rate moves in
segments: a new one starts with the first period and with each period holding a rate
change. This loop does the same on arrays, one period at a time for every loan:

- each period's interest is ``round(balance x num / den)`` at the period's own rate
  (split where the rate changes inside it; :mod:`loancalc.batch._rate_paths`);
- an equal instalment (or balloon) plans its level payment at the start of the first
  segment, and, under ``recompute-payment``, again at the start of each later one, from
  the balance then over the periods left (:mod:`loancalc.batch._rate_level`), rounded by
  the policy; under ``keep-payment`` the level is kept from the second segment on and
  instalments continue until one repays the balance (that one pays the rest);
- equal principal and flat keep the share planned at the start; interest-only repays at
  maturity; the last instalment repays what is left.

A loan the scalar engine would treat by its rarer rules is flagged for it instead: a
level that repays a segment early (:data:`OVERSHOOT`, the engine then rounds lower), a
payment short of a period's interest (:data:`SHORTFALL`) or a kept payment not repaid
within the loan's horizon (:data:`UNREPAID`).

>>> from datetime import date
>>> from loancalc.batch._portfolio import read
>>> from loancalc.batch import _rate_paths
>>> from loancalc.rate_schedule import RateChange, RateSchedule
>>> from loancalc.money import RoundingMode
>>> cut = RateSchedule(annual_rate="12%", dated_changes=[RateChange(on=date(2024, 2, 1),
...                                                                 annual_rate="6%")])
>>> p = read(principal=1200, annual_rate=[cut], term=3, start=date(2024, 1, 1))
>>> m = _rate_paths.moving(p, _rate_paths.sort(p), [0])
>>> ran = run(m, p.principal, p.balloon, np.zeros(1, dtype=np.int64), rule=Rule.LEVEL_PAYMENT,
...           mode=RoundingMode.HALF_UP, fixed_base=False, store=True)
>>> assert ran.rows is not None
>>> ran.rows.payment[:, 0].tolist(), ran.status.tolist()  # as loancalc.amortize
([40803, 40500, 40500], [0])
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch._level import share_halves
from loancalc.batch._rate_level import plan_halves
from loancalc.batch._rate_paths import Moving
from loancalc.batch._rounding import halves_to_units, round_div
from loancalc.batch._rows import OK, OVERSHOOT, SHORTFALL, Rows, Rule
from loancalc.money import RoundingMode

__all__ = ["OK", "OVERSHOOT", "SHORTFALL", "UNREPAID", "Ran", "run"]

Int64s = npt.NDArray[np.int64]

#: A kept payment that has not repaid the loan within its horizon.
UNREPAID = 3


@attrs.frozen(kw_only=True, eq=False)
class Ran:
    """What :func:`run` returns: each loan's status and number of instalments, its first
    payment, and the rows (periods x loans) when asked for."""

    status: npt.NDArray[np.int8]
    count: Int64s
    first_payment: Int64s
    rows: Rows | None


def run(  # noqa: PLR0915 (one period's steps, in the scalar engine's order)
    m: Moving,
    principal: Int64s,
    balloon: Int64s,
    fee: Int64s,
    *,
    rule: Rule,
    mode: RoundingMode,
    fixed_base: bool,
    store: bool,
) -> Ran:
    """The rows of the moving loans ``m`` (``principal``, ``balloon`` and ``fee`` in grid
    units, one per loan of ``m``), by the method's ``rule`` and the policy's ``mode``."""
    loans = len(m.loans)
    status = np.zeros(loans, dtype=np.int8)
    count = np.zeros(loans, dtype=np.int64)
    first_payment = np.zeros(loans, dtype=np.int64)
    balance = principal.astype(np.int64).copy()
    base = balance.copy() if fixed_base else None
    level = np.zeros(loans, dtype=np.int64)
    kept = np.zeros(loans, dtype=bool)
    active = np.ones(loans, dtype=bool)
    last = m.term - 1
    columns: dict[str, list[Int64s]] = {name: [] for name in _COLUMNS}
    for t in range(m.num.shape[0]):
        if not active.any():
            break
        at = np.flatnonzero(m.events[t] & active)
        if len(at):
            _plan(
                m,
                t,
                at,
                balance=balance,
                balloon=balloon,
                level=level,
                kept=kept,
                rule=rule,
                mode=mode,
            )
        owed = balance if base is None else base
        interest = round_div(owed * m.num[t], m.den[t], mode)
        if rule is Rule.LEVEL_PAYMENT:
            paid = level - interest
        elif rule is Rule.LEVEL_PRINCIPAL:
            paid = level.copy()
        else:
            paid = np.zeros(loans, dtype=np.int64)
        final = active & ~kept & (t == last)
        paid[final] = balance[final]
        short = active & (paid < 0)
        over = active & ~kept & ~final & (paid > balance)
        status[short & (status == OK)] = SHORTFALL
        status[over & (status == OK)] = OVERSHOOT
        active &= ~(short | over)
        clamp = active & kept & (paid > balance)
        paid[clamp] = balance[clamp]
        paid[~active] = 0
        interest[~active] = 0
        charged = np.where(active, fee, 0)
        payment = paid + interest + charged
        closing = balance - paid
        if t == 0:
            first_payment[:] = payment
        count[active] = t + 1
        if store:
            for name, values in (
                ("opening", np.where(active, balance, 0)), ("principal", paid),
                ("interest", interest), ("fee", charged), ("payment", payment),
                ("closing", np.where(active, closing, 0)),
            ):  # fmt: skip
                columns[name].append(values)
        done = final | (active & kept & (closing == 0))
        balance = np.where(active & ~done, closing, 0)
        active &= ~done
        if base is not None:
            base[~active] = 0
        beyond = active & (t + 1 >= m.horizon)  # a kept payment still owing at the horizon
        status[beyond] = UNREPAID
        active &= ~beyond
    rows = _rows(columns, loans) if store else None
    return Ran(status=status, count=count, first_payment=first_payment, rows=rows)


_COLUMNS = ("opening", "principal", "interest", "fee", "payment", "closing")


def _rows(columns: dict[str, list[Int64s]], loans: int) -> Rows | None:
    periods = len(columns["opening"])
    rows = Rows.zeros(periods, loans)
    if not periods:
        return rows
    rows.balances[:-1] = np.stack(columns["opening"])
    for name in ("principal", "interest", "fee", "payment"):
        getattr(rows, name)[:] = np.stack(columns[name])
    # the closing balances are the next openings, except where a loan ended (zero then)
    rows.balances[-1] = columns["closing"][-1]
    return rows


def _plan(
    m: Moving,
    t: int,
    at: npt.NDArray[np.intp],
    *,
    balance: Int64s,
    balloon: Int64s,
    level: Int64s,
    kept: npt.NDArray[np.bool_],
    rule: Rule,
    mode: RoundingMode,
) -> None:
    """The plans made at period ``t`` by the loans ``at`` starting a segment there."""
    if rule is Rule.LEVEL_PRINCIPAL:
        if t == 0:  # later segments hold the share
            halves, boundary = share_halves(balance[at], m.term[at])
            level[at] = halves_to_units(halves, boundary, mode)
        return
    if rule is not Rule.LEVEL_PAYMENT:
        return
    keeping = m.keep[at] & (t > 0)
    kept[at[keeping]] = True  # the payment is kept from the second segment on
    plan = at[~keeping]
    left = m.term[plan] - t
    plan = plan[left > 1]  # a segment of the last period alone: it repays what is left
    if not len(plan):
        return
    left = m.term[plan] - t
    if m.daily:
        rest_num, rest_den = m.ending[t, plan], m.scale[plan] * m.basis
        days = m.days[t:, plan]
    else:
        rest_num, rest_den = m.ending[t, plan], m.scale[plan] * 12
        days = None
    halves, boundary = plan_halves(
        balance[plan], balloon[plan], m.num[t, plan], m.den[t, plan], rest_num, rest_den,
        left, days,
    )  # fmt: skip
    level[plan] = halves_to_units(halves, boundary, mode)
