"""The level payment of many annuities without running them: ``batch.payments``' fast path.

For a fixed-rate monthly equal-instalment (or balloon) loan with periodic accrual and a
regular first period, the scalar engine's first payment is the level payment (rounded by
the policy) plus the instalment fee, unless that level would repay the loan early or
fall short of a period's interest; a one-instalment loan pays its principal and the
month's interest. This module finds the level from a float64 estimate, in blocks of
loans small enough to stay in cache, with exact work only where the estimate lies within
its error bound of a rounding boundary, and proves with
:func:`~loancalc.batch._level.runs_to_term` which loans cannot repay early or fall
short. Those it cannot prove, and every loan of another kind, go through
:func:`~loancalc.batch._engine.compute`, which walks them as the scalar engine would.

Rates are worked on once per distinct rate (its exact monthly fraction, float64 value
and ``log1p``), looked up by each loan's rate index.

>>> from datetime import date
>>> from loancalc.batch import _portfolio
>>> p = _portfolio.read(principal=[1000000, 1200], annual_rate=["4.9%", "12%"],
...                     term=[360, 1], start=date(2024, 1, 15))
>>> first_payments(p).tolist()  # 5,307.27; 1,200 + 1 % of it
[530727, 121200]
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch import _fees, _level, _payment_walk
from loancalc.batch._engine import compute
from loancalc.batch._payment_rates import unit_fractions
from loancalc.batch._portfolio import Portfolio
from loancalc.batch._rounding import halves_to_units, round_div
from loancalc.batch._rows import Loans, Rule
from loancalc.calendar import Frequency
from loancalc.terms import Accrual, Fees, Method

__all__ = ["first_payments"]

Int64s = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

#: Loans worked on together: float64 blocks of 64 KiB stay in cache and in malloc's heap
#: (fresh arrays of a whole book would cost a page fault per 4 KiB).
_BLOCK = 8192
#: Products of amounts and rate numerators must stay below this (as the engine's).
_SAFE = 2.0**59
_EPS64 = float(np.finfo(np.float64).eps)


def first_payments(p: Portfolio) -> Int64s:
    """Each loan's first instalment payment in grid units, as
    ``compute(p, store=False).first_payment`` gives it."""
    if not _annuities(p):
        return compute(p, store=False).first_payment
    loans = len(p)
    tops, bottoms, fits = unit_fractions(p.rates, 12)
    rate = tops / bottoms  # exact parts below 2**40: one correctly rounded division
    logs = np.log1p(rate)
    fee = _instalment_fee(p)
    result = np.empty(loans, dtype=np.int64)
    level = np.empty(loans, dtype=np.int64)
    found: dict[str, list[npt.NDArray[np.intp]]] = {"walk": [], "engine": [], "halves": []}
    for start in range(0, loans, _BLOCK):
        block = slice(start, min(start + _BLOCK, loans))
        walk, engine, halves = _block(
            p, block, rates=(tops, bottoms, fits, rate, logs), fee=fee, result=result, level=level
        )
        found["walk"].append(walk + start)
        found["engine"].append(engine + start)
        found["halves"].append(halves)
    walk = np.concatenate(found["walk"])
    if len(walk):  # the few loans the bound cannot prove: walked, balances only
        which = p.rate_index[walk]
        chosen, known = _payment_walk.first_level(
            p.principal[walk], np.concatenate(found["halves"]), level[walk],
            numerator=tops[which], denominator=bottoms[which], term=p.term[walk],
            mode=p.rounding.mode,
        )  # fmt: skip
        done = walk[known]
        result[done] = chosen[known] + (fee if isinstance(fee, int) else fee[done])
        found["engine"].append(walk[~known])
    engine = np.sort(np.concatenate(found["engine"]))
    if len(engine):  # the scalar engine's rarer rules: the general engine
        result[engine] = compute(_subset(p, engine), store=False).first_payment
    return result


def _annuities(p: Portfolio) -> bool:
    """Whether the book is one this module computes: fixed-rate monthly annuities with
    periodic accrual, regular first periods, plain rounding and no financed fee."""
    fees = p.fees
    return (
        p.method in (Method.EQUAL_INSTALLMENT, Method.BALLOON)
        and p.accrual is Accrual.PERIODIC
        and p.frequency == Frequency.MONTHLY
        and p.rounding.is_plain
        and p.rate_schedules is None
        and isinstance(fees, Fees)
        and not fees.finances_a_fee
        and bool(np.isnat(p.first_due).all())
    )


def _instalment_fee(p: Portfolio) -> Int64s | int:
    """Each loan's instalment fee (0 for every loan when none is charged)."""
    fees = p.fees
    assert isinstance(fees, Fees)
    if not fees.per_period and not fees.per_period_rate:
        return 0
    return _fees.portfolio_fees(p)[0]


def _block(
    p: Portfolio,
    block: slice,
    *,
    rates: tuple[Int64s, Int64s, npt.NDArray[np.bool_], Floats, Floats],
    fee: Int64s | int,
    result: Int64s,
    level: Int64s,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], Int64s]:
    """The first payments and level payments of the loans in ``block`` into ``result``
    and ``level``; return the positions (within the block) of the loans to walk (and
    their levels' halves) and of those the general engine must compute. ``rates`` holds
    each distinct rate's monthly fraction (numerators, denominators, whether they fit),
    float64 value and ``log1p``."""
    tops, bottoms, fits, monthly, logs = rates
    which = p.rate_index[block]
    balance, balloon, term = p.principal[block], p.balloon[block], p.term[block]
    numerator, denominator = tops[which], bottoms[which]
    rate = monthly[which]
    owed = balance.astype(np.float64)
    fee_here = fee if isinstance(fee, int) else fee[block]
    # the engine's conditions for its vectorised walk (int64 products stay exact)
    usable = fits[which] & (owed * numerator < _SAFE) & (owed < _SAFE)
    if not isinstance(fee_here, int):
        usable &= fee_here < _SAFE
    growth = term * logs[which]
    halves, boundary = _halves(
        balance, balloon, numerator=numerator, denominator=denominator, term=term, rate=rate,
        growth=growth,
    )  # fmt: skip
    level[block] = levels = halves_to_units(halves, boundary, p.rounding.mode)
    loans = Loans(balance=balance, numerator=numerator, denominator=denominator, term=term,
                  fee=np.zeros(len(term), dtype=np.int64))  # fmt: skip
    sure = _level.runs_to_term(loans, levels, Rule.LEVEL_PAYMENT, p.rounding.mode)
    first = levels + fee_here
    single = np.flatnonzero(term == 1)
    if len(single):  # the only instalment repays the principal with the month's interest
        interest = round_div(
            balance[single] * numerator[single], denominator[single], p.rounding.mode
        )
        single_fee = fee_here if isinstance(fee_here, int) else fee_here[single]
        first[single] = balance[single] + interest + single_fee
        sure[single] = True
    result[block] = first
    unsure = usable & ~sure
    covers = _level.covers_interest(owed, levels.astype(np.float64), rate, p.rounding.mode)
    walk = np.flatnonzero(unsure & covers)
    return walk, np.flatnonzero(~usable | (unsure & ~covers)), halves[walk]


def _halves(
    balance: Int64s,
    balloon: Int64s,
    *,
    numerator: Int64s,
    denominator: Int64s,
    term: Int64s,
    rate: Floats,
    growth: Floats,
) -> tuple[Int64s, npt.NDArray[np.bool_]]:
    """The level payments in halves (see :mod:`~loancalc.batch._level`): the float64
    estimate ``B i + (B - R) i / ((1 + i)^m - 1)``, and
    :func:`~loancalc.batch._level.annuity_halves` for a zero rate and the estimates within
    their error bound of a boundary."""
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero rate: worked out below
        rough = balance * rate + (balance - balloon) * (rate / np.expm1(growth))
        halves, unsafe = _level._halves_from_float(rough, _EPS64 * (216 + 20 * growth))
    boundary = np.zeros(len(halves), dtype=bool)
    again = np.flatnonzero(unsafe | (numerator == 0))
    if len(again):
        halves[again], boundary[again] = _level.annuity_halves(
            balance[again], balloon[again], numerator[again], denominator[again], term[again]
        )
    return halves, boundary


def _subset(p: Portfolio, positions: npt.NDArray[np.intp]) -> Portfolio:
    """The loans at ``positions`` as a portfolio of their own."""
    fees = p.fees if isinstance(p.fees, Fees) else tuple(p.fees[i] for i in positions.tolist())
    schedules = p.rate_schedules
    return attrs.evolve(
        p, principal=p.principal[positions], rate_index=p.rate_index[positions],
        term=p.term[positions], start=p.start[positions], first_due=p.first_due[positions],
        balloon=p.balloon[positions], fees=fees,
        rate_schedules=None if schedules is None else tuple(
            schedules[i] for i in positions.tolist()
        ),
    )  # fmt: skip
