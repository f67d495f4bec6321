"""The batch engine: which loans are vectorised, their schedules, and the scalar fallback.

:func:`compute` runs every loan the vectorised path covers (monthly frequency; periodic
accrual with a regular first period or an irregular one by ACT/360 or ACT/365F, or daily
accrual by ACT/360 or ACT/365F; rates and amounts whose integer products fit in int64)
through :func:`~loancalc.batch._rows.advance`,
and every other loan, or one whose level amount needs the scalar engine's rarer rules
(clamping after many steps down, a shortfall), through :func:`loancalc.amortize`.

A level amount is tried as the scalar engine tries it: rounded by the policy; where that
repays before the last instalment, rounded toward zero, then lowered one grid step at a
time.
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch import _calendar, _fallback, _fees, _level, _rate_paths, _rate_run
from loancalc.batch._level import runs_to_term
from loancalc.batch._payment_rates import unit_fractions
from loancalc.batch._portfolio import Portfolio, first_due_is_regular
from loancalc.batch._rounding import halves_to_units
from loancalc.batch._rows import (
    OK,
    OVERSHOOT,
    RULES,
    SHORTFALL,
    IrregularFirst,
    Loans,
    Rows,
    Rule,
    advance,
)
from loancalc.calendar import Frequency
from loancalc.money import RoundingMode
from loancalc.rates import DayCount
from loancalc.schedule import Schedule
from loancalc.terms import Accrual, Method

__all__ = ["Computed", "compute"]

Int64s = npt.NDArray[np.int64]

#: Products of amounts and rate numerators must stay below this (int64 headroom for the
#: doubling inside half-even and half-up rounding).
_SAFE = 2.0**59
#: Loans advanced together (bounds the working arrays; larger blocks cost less overhead).
_BLOCK = 65536
#: Steps down tried on arrays before a loan is left to the scalar engine.
_VECTOR_STEPS = 4
_DAY_BASES = {DayCount.ACT_360: 360, DayCount.ACT_365F: 365}


@attrs.frozen(kw_only=True, eq=False)
class Computed:
    """What :func:`compute` returns: matrices (periods x loans) unless only payments were
    asked for, the first instalment's payment of each loan, the upfront fees, and the
    fallback loans (with the reason for each) and their scalar schedules."""

    rows: Rows | None
    due: npt.NDArray[np.datetime64] | None
    count: Int64s
    first_payment: Int64s
    upfront: Int64s
    fallback: npt.NDArray[np.intp]
    fallback_reasons: tuple[str, ...]
    schedules: dict[int, Schedule]


def compute(p: Portfolio, *, store: bool) -> Computed:
    """Every loan's schedule (``store``) or only its first payment."""
    loans = len(p)
    method = p.method
    count = np.ones(loans, dtype=np.int64) if method is Method.BULLET else p.term.copy()
    found = _rate_paths.sort(p)
    fixed = _rate_paths.fixed_view(p, found)  # a rate that never moves: a fixed-rate loan
    fee, upfront = _fees.portfolio_fees(p)
    reasons = np.full(loans, "", dtype=object)
    for index, why in found.reasons.items():
        reasons[index] = why
    moved = _rate_run.moving(p, found, fee, reasons, store=store)
    # rate-scheduled loans the scalar engine computes first: under keep-payment they can
    # run past their term, and their lengths size the rows
    schedules = {
        index: _fallback.scalar(p, index) for index in np.flatnonzero(reasons != "").tolist()
    }
    dates_count = count.copy()
    for index, schedule in schedules.items():
        count[index] = len(schedule.installments)
    if moved is not None:
        count[moved.at] = moved.ran.count[moved.ok]
        dates_count[moved.at] = count[moved.at]
    # the vectorised walk runs every column to its term: at least that many rows
    periods = int(max(count.max(), p.term.max())) if loans else 0
    if method is Method.BULLET:
        periods = int(count.max()) if loans else 0
    monthly = loans > 0 and p.frequency == Frequency.MONTHLY
    first_period = _first_period(fixed) if monthly and p.accrual is Accrual.PERIODIC else None
    vector = _vectorisable(fixed, fee, first_period, reasons)
    rows = Rows.zeros(periods, loans) if store else None
    due = _calendar.due_dates(p, periods, dates_count) if store else None
    first_payment = np.zeros(loans, dtype=np.int64)
    failed = np.zeros(0, dtype=np.intp)
    if vector.any():
        failed = _run_vector(
            fixed, rows, vector=vector, fee=fee, first_payment=first_payment,
            first_period=first_period,
        )  # fmt: skip
        reasons[failed] = _RARER
    moving = np.zeros(loans, dtype=bool)
    if moved is not None:
        moving[moved.at] = True
        first_payment[moved.at] = moved.ran.first_payment[moved.ok]
        if rows is not None:
            _rate_run.write(rows, moved)
    fallback = np.sort(np.concatenate([np.flatnonzero(~vector & ~moving), failed]))
    for index in fallback.tolist():
        schedule = schedules.get(index) or _fallback.scalar(p, index)
        schedules[index] = schedule
        first_payment[index] = _fallback.units(schedule.installments[0].payment, p, index)
        if rows is not None and due is not None:
            _fallback.fill(rows, due, index, schedule, p)
    return Computed(
        rows=rows,
        due=due,
        count=count,
        first_payment=first_payment,
        upfront=upfront,
        fallback=fallback.astype(np.intp),
        fallback_reasons=tuple(str(reasons[index]) for index in fallback.tolist()),
        schedules=schedules,
    )


#: Why a loan the vectorised walk ran still went to the scalar engine.
_RARER = (
    "a level amount that needs the scalar engine's rarer rules (repaying early after "
    "four steps down, or short of a period's interest)"
)


def _rate_parts(p: Portfolio) -> tuple[Int64s, Int64s, npt.NDArray[np.bool_]]:
    """Each distinct annual rate's unit fraction (per month under periodic accrual, per
    day under daily accrual) and whether it fits int64 products."""
    base = 12 if p.accrual is Accrual.PERIODIC else _DAY_BASES.get(p.day_count, 360)
    return unit_fractions(p.rates, base)


def _vectorisable(
    p: Portfolio,
    fee: Int64s,
    first_period: tuple[IrregularFirst, npt.NDArray[np.bool_]] | None,
    reasons: npt.NDArray[np.object_],
) -> npt.NDArray[np.bool_]:
    """Which loans the vectorised walk runs; the reason for each other loan goes into
    ``reasons`` (unless it has one: a rate-scheduled loan's)."""
    loans = len(p)
    none = np.zeros(loans, dtype=bool)
    if not loans:
        return none
    # The level-schedule options of the rounding (payment_mode ...): the scalar engine's.
    if p.frequency != Frequency.MONTHLY:
        return _why(none, reasons, "a frequency other than monthly")
    if not p.rounding.is_plain:
        return _why(none, reasons, "a rounding with options for payments or interest")
    if p.financed():
        return _why(none, reasons, "a financed fee (repaid before principal)")
    if first_period is not None:
        ok = _why(first_period[1].copy(), reasons, _IRREGULAR)
    elif p.day_count in _DAY_BASES:
        ok = np.ones(loans, dtype=bool)
    else:
        return _why(none, reasons, "daily accrual by a day count other than ACT/360 or ACT/365F")
    ok &= ~p.scheduled()  # a rate that moves: the segment loop, or the scalar engine
    top, _, small = _rate_parts(p)
    # the largest multiple of the unit rate a period (or a bullet's one instalment) charges
    if p.accrual is Accrual.PERIODIC:
        span = p.term.astype(np.float64) if p.method is Method.BULLET else np.ones(loans)
    else:
        span = _days_span(p)
    biggest = p.principal.astype(np.float64) * top.astype(np.float64)[p.rate_index] * span
    fits = small[p.rate_index] & (biggest < _SAFE) & (p.principal < _SAFE) & (fee < _SAFE)
    return _why(ok & fits, reasons, _rate_paths.TOO_BIG)


_IRREGULAR = (
    "an irregular first period the vectorised walk does not take (a bullet loan, a day "
    "count other than ACT/360 or ACT/365F, or amounts too large for int64)"
)


def _why(
    ok: npt.NDArray[np.bool_], reasons: npt.NDArray[np.object_], reason: str
) -> npt.NDArray[np.bool_]:
    """``ok``, with ``reason`` given to each loan it leaves out that has none yet."""
    reasons[~ok & (reasons == "")] = reason
    return ok


def _first_period(p: Portfolio) -> tuple[IrregularFirst, npt.NDArray[np.bool_]]:
    """Periodic loans' irregular first periods (their rate by the day count) and which
    loans the vectorised path can run: a regular first period, or an irregular one whose
    rate fits in int64 products."""
    irregular = ~first_due_is_regular(p)
    if not irregular.any():  # every first period a month: nothing to work out
        zero = np.zeros(len(p), dtype=np.int64)
        return IrregularFirst(irregular=irregular, numerator=zero, denominator=zero + 1), ~irregular
    tops, bottoms, fits = unit_fractions(p.rates, _DAY_BASES.get(p.day_count, 360))
    with np.errstate(invalid="ignore"):
        days = np.where(irregular, (p.first_due - p.start).astype(np.int64), 0)
    numerator = tops[p.rate_index].astype(np.int64) * days
    first = IrregularFirst(
        irregular=irregular,
        numerator=numerator,
        denominator=bottoms[p.rate_index].astype(np.int64),
    )
    usable = ~irregular | (
        fits[p.rate_index]
        & (p.day_count in _DAY_BASES)
        & (p.method is not Method.BULLET)
        & (p.principal.astype(np.float64) * numerator.astype(np.float64) < _SAFE)
    )
    return first, usable


def _days_span(p: Portfolio) -> npt.NDArray[np.float64]:
    """The most days a period can have (the whole term for a bullet loan)."""
    last = _calendar.last_due(p).astype(np.int64)
    total = (last - p.start.astype(np.int64)).astype(np.float64)
    if p.method is Method.BULLET:
        return total
    first = np.where(np.isnat(p.first_due), p.start, p.first_due).astype(np.int64)
    return np.maximum(31.0, (first - p.start.astype(np.int64)).astype(np.float64))


def _rate_fractions(p: Portfolio) -> tuple[Int64s, Int64s]:
    """Each loan's unit rate as an exact fraction (0 / 1 where it does not fit)."""
    tops, bottoms, _ = _rate_parts(p)
    return tops[p.rate_index], bottoms[p.rate_index]


def _run_vector(
    p: Portfolio,
    rows: Rows | None,
    *,
    vector: npt.NDArray[np.bool_],
    fee: Int64s,
    first_payment: Int64s,
    first_period: tuple[IrregularFirst, npt.NDArray[np.bool_]] | None,
) -> npt.NDArray[np.intp]:
    """Run the vectorised loans; return those left to the scalar engine.

    Every loan runs, in order, so that rows are written whole: the others with a zero
    balance, level and fee, which make zero rows (the scalar engine's rows replace them).
    """
    method, mode = p.method, p.rounding.mode
    numerator, denominator = _rate_fractions(p)
    columns = np.flatnonzero(vector)
    if method is Method.BULLET:
        _bullet(
            p, rows, columns=columns, numerator=numerator[columns],
            denominator=denominator[columns], fee=fee, first_payment=first_payment,
        )  # fmt: skip
        return np.zeros(0, dtype=np.intp)
    balance = np.where(vector, p.principal, 0)
    term = p.term
    days = _calendar.days(p, int(term.max())) if p.accrual is Accrual.DAILY else None
    first = None if first_period is None else first_period[0]
    if first is not None and not first.irregular.any():
        first = None
    loans = Loans(
        balance=balance, numerator=numerator, denominator=denominator, term=term,
        fee=np.where(vector, fee, 0), days=days, fixed_base=method is Method.FLAT,
        first=first,
    )  # fmt: skip
    rule = RULES[method]
    halves = np.zeros(len(p), dtype=np.int64)
    boundary = np.ones(len(p), dtype=bool)
    every = len(columns) == len(p)
    c = slice(None) if every else columns
    if rule is Rule.LEVEL_PAYMENT:
        balloon = p.balloon
        if days is None:
            halves[c], boundary[c] = _level.annuity_halves(
                balance[c], balloon[c], numerator[c], denominator[c], term[c]
            )
        else:
            halves[c], boundary[c] = _level.daily_annuity_halves(
                balance[c], balloon[c], numerator[c], denominator[c], term[c],
                days=days if every else days[:, columns],
            )  # fmt: skip
    elif rule is Rule.LEVEL_PRINCIPAL:
        halves[c], boundary[c] = _level.share_halves(balance[c], term[c])
    return _attempts(
        rows, loans, vector=vector, halves=halves, boundary=boundary, rule=rule, mode=mode,
        first_payment=first_payment,
    )  # fmt: skip


def _blocks(count: int) -> list[slice]:
    """Consecutive slices of at most :data:`_BLOCK` loans covering ``count``."""
    return [slice(start, min(start + _BLOCK, count)) for start in range(0, count, _BLOCK)]


def _attempts(
    rows: Rows | None,
    loans: Loans,
    *,
    vector: npt.NDArray[np.bool_],
    halves: Int64s,
    boundary: npt.NDArray[np.bool_],
    rule: Rule,
    mode: RoundingMode,
    first_payment: Int64s,
) -> npt.NDArray[np.intp]:
    """The scalar engine's sequence of level roundings, on arrays: the policy's, then
    toward zero less 0, 1, 2... steps for the loans that still overshoot."""
    first = np.zeros(len(vector), dtype=np.int64)
    level = np.where(vector, halves_to_units(halves, boundary, mode), 0)
    status = np.zeros(len(vector), dtype=np.int8)
    if rows is None:  # only first payments: loans sure to run to term need one period
        _first_payments(loans, level, rule=rule, mode=mode, first=first, status=status)
    else:
        for block in _blocks(len(vector)):
            status[block] = advance(
                rows.columns(block), None, loans.take(block), level[block], rule=rule,
                mode=mode, first=first[block],
            )  # fmt: skip
    done = vector & (status == OK)
    first_payment[done] = first[done]
    failed = [np.flatnonzero(status == SHORTFALL)]
    positions = np.flatnonzero(status == OVERSHOOT)
    for steps in range(_VECTOR_STEPS):
        if not len(positions):
            break
        first = np.zeros(len(positions), dtype=np.int64)
        level = np.maximum(halves[positions] // 2 - steps, 0)
        subset = loans.take(positions)
        status = advance(rows, positions, subset, level, rule=rule, mode=mode, first=first)
        first_payment[positions[status == OK]] = first[status == OK]
        failed.append(positions[status == SHORTFALL])
        positions = positions[status == OVERSHOOT]
    failed.append(positions)
    return np.concatenate(failed)


def _first_payments(
    loans: Loans,
    level: Int64s,
    *,
    rule: Rule,
    mode: RoundingMode,
    first: Int64s,
    status: npt.NDArray[np.int8],
) -> None:
    """Each loan's first payment and status: one period for the loans
    :func:`~loancalc.batch._level.runs_to_term` proves cannot repay early or fall short,
    the whole walk for the others."""
    sure = runs_to_term(loans, level, rule, mode)
    for positions, periods in ((np.flatnonzero(sure), 1), (np.flatnonzero(~sure), None)):
        for block in _blocks(len(positions)):
            at = positions[block]
            found = np.zeros(len(at), dtype=np.int64)
            status[at] = advance(
                None, None, loans.take(at), level[at], rule=rule, mode=mode, first=found,
                periods=periods,
            )  # fmt: skip
            first[at] = found


def _bullet(
    p: Portfolio,
    rows: Rows | None,
    *,
    columns: npt.NDArray[np.intp],
    numerator: Int64s,
    denominator: Int64s,
    fee: Int64s,
    first_payment: Int64s,
) -> None:
    """One instalment at maturity: interest on the principal at the sum of the periods'
    rates (the term's months under periodic accrual, its days under daily accrual)."""
    from loancalc.batch._rounding import round_div

    balance = p.principal[columns]
    if p.accrual is Accrual.PERIODIC:
        span = p.term[columns]
    else:
        span = (_calendar.last_due(p)[columns] - p.start[columns]).astype(np.int64)
    interest = round_div(balance * (numerator * span), denominator, p.rounding.mode)
    payment = balance + interest + fee[columns]
    first_payment[columns] = payment
    if rows is not None:
        rows.opening[0, columns] = balance
        rows.principal[0, columns] = balance
        rows.interest[0, columns] = interest
        rows.fee[0, columns] = fee[columns]
        rows.payment[0, columns] = payment
