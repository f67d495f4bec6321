"""Rate-scheduled loans in the batch engine: each loan's rate path as exact period rates.

A loan's *rate path* is the sequence of ``(date, annual rate)`` changes its
:class:`~loancalc.RateSchedule` makes over its life (index values, spread, floor and cap
applied). Loans with the same schedule, start and horizon share one path, worked out once
(:meth:`RateSchedule.changes`). A loan whose rate never changes before maturity is the
fixed-rate loan at its opening rate (:func:`sort` lists it with that rate, for the fixed
path). The others become :class:`Moving` arrays, one column per loan:

- each period's rate as an exact fraction ``num / den``: the rate in force, or, for a
  period with a change inside it, ``(r1 n1 + r2 n2 + ...) / (12 (n1 + n2 + ...))``
  (periodic accrual) or ``(r1 n1 + r2 n2 + ...) / basis`` (daily accrual, ``n`` the days
  at each rate), exactly as :mod:`loancalc._rate_periods` weighs it;
- the rate each period ends at (what a new plan uses for the periods after it);
- the periods where a new segment starts (the first, and each period holding a change).

Rates are kept as whole numbers of ``10**-E`` (``E`` the most decimal places among a
loan's rates), so every weighted sum is an integer.

>>> from datetime import date
>>> from loancalc.batch._portfolio import read
>>> from loancalc.rate_schedule import RateChange, RateSchedule
>>> cut = RateSchedule(annual_rate="12%", dated_changes=[RateChange(on=date(2024, 2, 11),
...                                                                 annual_rate="6%")])
>>> p = read(principal=1200, annual_rate=[cut], term=3, start=date(2024, 1, 1))
>>> found = sort(p)
>>> m = moving(p, found, found.moving)
>>> # period 2 (1 Feb - 1 Mar, 29 days): (12 % x 10 + 6 % x 19) / (12 x 29) = 39 / 5800
>>> [f"{n}/{d}" for n, d in zip(m.num[:, 0].tolist(), m.den[:, 0].tolist())]
['1/100', '39/5800', '1/200']
>>> m.events[:, 0].tolist(), m.ending[:, 0].tolist()
([True, True, False], [12, 6, 6])
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from decimal import Decimal

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch import _calendar, _dates
from loancalc.batch._portfolio import Portfolio, first_due_is_regular
from loancalc.calendar import Frequency
from loancalc.rate_schedule import RateSchedule
from loancalc.rates import DayCount
from loancalc.terms import MAX_TERM, Accrual, Method

__all__ = ["Moving", "Sorted", "fixed_view", "moving", "sort"]

Int64s = npt.NDArray[np.int64]
Change = tuple[date, Decimal]

_BASES = {DayCount.ACT_360: 360, DayCount.ACT_365F: 365}
#: The most decimal places a rate may have on the vectorised path.
_PLACES = 12
#: Products of amounts and period-rate numerators must stay below this (int64 headroom).
_SAFE = 2.0**59
_LAST_MONTH = 9999 * 12 + 11 - 1970 * 12  # December 9999, in months since January 1970
_EPOCH = date(1970, 1, 1)

#: Why a rate-scheduled loan is left to the scalar engine.
BULLET = "a rate schedule on a bullet loan (one instalment: the scalar engine)"
IRREGULAR = "a rate schedule with an irregular first period"
DAY_COUNT = "a rate schedule under a day count other than ACT/360 or ACT/365F"
PLACES = f"a rate schedule with a rate of more than {_PLACES} decimal places"
TOO_BIG = "amounts or rates too large for int64 arithmetic"
OTHER = "a rate schedule with a frequency or rounding the batch engine does not vectorise"


@attrs.frozen(kw_only=True, eq=False)
class Sorted:
    """The rate-scheduled loans of a portfolio, sorted: ``openings`` (loan -> its rate,
    which never changes before maturity), ``moving`` (loans for the vectorised path, with
    their ``paths`` over their ``horizons`` in periods), ``reasons`` (loan -> why the
    scalar engine computes it)."""

    openings: dict[int, Decimal]
    moving: list[int]
    paths: dict[int, tuple[Decimal, tuple[Change, ...]]]
    horizons: dict[int, int]
    reasons: dict[int, str]


@attrs.frozen(kw_only=True, eq=False)
class Moving:
    """Moving loans as arrays (periods x loans, up to the longest horizon): period rates
    ``num / den``, the rate each period ends at (``ending / scale``, annual), the periods
    that start a segment (``events``), each period's ``days``; per loan its ``term``, its
    ``horizon`` (longer than the term where a kept payment may run on) and whether it
    keeps its payment (``keep``). ``daily``: accrual by the day count over ``basis``."""

    loans: npt.NDArray[np.intp]
    num: Int64s
    den: Int64s
    ending: Int64s
    events: npt.NDArray[np.bool_]
    days: Int64s
    scale: Int64s
    term: Int64s
    horizon: Int64s
    keep: npt.NDArray[np.bool_]
    daily: bool
    basis: int


def _supported(p: Portfolio) -> str:
    """Why no rate-scheduled loan of ``p`` can be vectorised (``""``: they may be)."""
    if p.frequency != Frequency.MONTHLY or not p.rounding.is_plain:
        return OTHER
    if p.method is Method.BULLET:
        return BULLET
    return ""


def sort(p: Portfolio) -> Sorted:
    """Each rate-scheduled loan's path over its term: none (a fixed rate), moving, or
    (with the reason) left to the scalar engine."""
    openings: dict[int, Decimal] = {}
    moving_loans: list[int] = []
    paths: dict[int, tuple[Decimal, tuple[Change, ...]]] = {}
    horizons: dict[int, int] = {}
    reasons: dict[int, str] = {}
    scheduled = np.flatnonzero(p.scheduled())
    if not len(scheduled):
        return Sorted(openings={}, moving=[], paths={}, horizons={}, reasons={})
    why = _supported(p)
    last_due = _calendar.last_due(p)
    regular = first_due_is_regular(p)
    months, _ = _dates.anchor_parts(p.start)
    level = p.method in (Method.EQUAL_INSTALLMENT, Method.BALLOON)
    memo: dict[tuple[int, date, date], tuple[Decimal, tuple[Change, ...]]] = {}

    def path(schedule: RateSchedule, start: date, end: date) -> tuple[Decimal, tuple[Change, ...]]:
        key = (id(schedule), start, end)
        found = memo.get(key)
        if found is None:
            bound = schedule.bound(start)
            found = memo[key] = (bound.rate_on(start), bound.changes(start, end))
        return found

    for index in scheduled.tolist():
        schedule = p.rate_schedule(index)
        assert schedule is not None
        start: date = p.start[index].item()
        walked = path(schedule, start, last_due[index].item())
        opening, changes = walked
        if not changes:
            openings[index] = opening
            continue
        term = int(p.term[index])
        reason = why or _loan_reason(p, index, bool(regular[index]), opening, changes)
        if reason:
            reasons[index] = reason
            continue
        horizon = term
        if level and schedule.keeps_payment:
            # a kept payment runs on until it repays: up to twice the term here (the
            # scalar engine takes the rare loan that needs longer)
            horizon = min(max(2 * term, term + 24), MAX_TERM)
            if int(months[index]) + MAX_TERM > _LAST_MONTH:
                horizon = term  # the scalar engine's continued dates stop short of 9999
            walked = path(schedule, start, _months_on(start, horizon))
            if _places(walked[1]) > _PLACES:
                reasons[index] = PLACES
                continue
        moving_loans.append(index)
        paths[index] = walked
        horizons[index] = horizon
    return Sorted(
        openings=openings, moving=moving_loans, paths=paths, horizons=horizons, reasons=reasons
    )


def _loan_reason(
    p: Portfolio, index: int, regular: bool, opening: Decimal, changes: tuple[Change, ...]
) -> str:
    if not regular:
        return IRREGULAR
    if p.day_count not in _BASES:
        return DAY_COUNT
    if max(_places(changes), _place(opening)) > _PLACES:
        return PLACES
    return ""


def _place(rate: Decimal) -> int:
    """The decimal places of ``rate`` (a finite decimal: ``rate x 10**places`` is whole)."""
    exponent = rate.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _places(changes: tuple[Change, ...]) -> int:
    return max((_place(rate) for _, rate in changes), default=0)


def _months_on(start: date, months: int) -> date:
    """``months`` months after ``start``, on its day or the month's last."""
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    return date(year, month + 1, min(start.day, monthrange(year, month + 1)[1]))


def fixed_view(p: Portfolio, found: Sorted) -> Portfolio:
    """``p`` with each loan whose rate never changes before maturity made a fixed-rate
    loan at that rate (the scalar engine's own shortcut: ``amortize`` runs it as one)."""
    if not found.openings:
        return p
    rates = list(p.rates)
    position = {rate: number for number, rate in enumerate(rates)}
    rate_index = p.rate_index.copy()
    schedules = list(p.rate_schedules or ())
    for index, rate in found.openings.items():
        if rate not in position:
            position[rate] = len(rates)
            rates.append(rate)
        rate_index[index] = position[rate]
        schedules[index] = None
    return attrs.evolve(p, rates=rates, rate_index=rate_index, rate_schedules=tuple(schedules))


def moving(p: Portfolio, found: Sorted, loans: list[int]) -> Moving:
    """The arrays of the moving ``loans`` (see :class:`Moving`)."""
    at = np.array(loans, dtype=np.intp)
    count = len(at)
    term = p.term[at].astype(np.int64)
    horizon = np.array([found.horizons[index] for index in loans], dtype=np.int64)
    periods = int(horizon.max()) if count else 0
    months, day = _dates.anchor_parts(p.start[at])
    start = p.start[at].astype(np.int64)
    offsets = np.arange(1, periods + 1, dtype=np.int64)[:, None]
    due = _dates.monthly((months[None, :] + offsets).reshape(-1), np.tile(day, periods))
    due = due.reshape(periods, count)
    starts = np.vstack([start[None, :], due[:-1]])
    days = due - starts
    scale = np.ones(count, dtype=np.int64)
    opening = np.zeros(count, dtype=np.int64)
    flat: list[tuple[int, int, int, int]] = []  # loan column, day, rate (scaled), previous
    for column, index in enumerate(loans):
        rate, changes = found.paths[index]
        places = max(_places(changes), _place(rate))
        scale[column] = 10**places
        previous = int(rate * 10**places)
        opening[column] = previous
        for when, new in changes:
            value = int(new * 10**places)
            flat.append((column, (when - _EPOCH).days, value, previous))
            previous = value
    q_start, partial, end_bump, split, events = _changes(flat, due, starts, count, periods)
    q_start += opening[None, :]
    events[0] = True
    events &= np.arange(periods)[:, None] < term[None, :]
    ending = q_start + end_bump
    daily = p.accrual is Accrual.DAILY
    basis = _BASES.get(p.day_count, 360)
    total = q_start * days + partial
    if daily:
        num, den = total, scale[None, :] * basis
        den = np.broadcast_to(den, num.shape).copy()
    else:
        num = np.where(split, total, q_start)
        den = np.where(split, 12 * days, 12) * scale[None, :]
    common = np.gcd(num, den)
    common[common == 0] = 1
    num //= common
    den //= common
    beyond = np.arange(periods)[:, None] >= horizon[None, :]
    num[beyond], den[beyond] = 0, 1
    return Moving(
        loans=at, num=num, den=den, ending=ending, events=events, days=days, scale=scale,
        term=term, horizon=horizon, keep=_keeps(p, loans), daily=daily, basis=basis,
    )  # fmt: skip


def _keeps(p: Portfolio, loans: list[int]) -> npt.NDArray[np.bool_]:
    keeps = []
    for index in loans:
        schedule = p.rate_schedule(index)
        assert schedule is not None
        keeps.append(schedule.keeps_payment)
    return np.array(keeps, dtype=bool)


def _changes(
    flat: list[tuple[int, int, int, int]],
    due: Int64s,
    starts: Int64s,
    count: int,
    periods: int,
) -> tuple[Int64s, Int64s, Int64s, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """From every change ``(loan, day, rate, rate before)``: the rate in force at each
    period's start (less the opening rate), the weighted part of a period a change inside
    it adds (``(new - old) x days from it to the due date``), what the changes inside a
    period add to the rate it ends at, which periods hold a change inside, and which
    start a segment (hold a change, inside or on their first day)."""
    shape = (periods + 1, count)
    bump = np.zeros(shape, dtype=np.int64)
    partial = np.zeros(shape, dtype=np.int64)
    end_bump = np.zeros(shape, dtype=np.int64)
    split = np.zeros(shape, dtype=bool)
    events = np.zeros(shape, dtype=bool)
    if flat:
        column, day, rate, before = (
            np.array(part, dtype=np.int64) for part in zip(*flat, strict=True)
        )
        delta = rate - before
        # the period holding each change: how many due dates fall on or before it
        period = (due[:, column] <= day[None, :]).sum(axis=0)
        inside = period < periods
        at = np.minimum(period, periods - 1)
        opens = starts[at, column]
        within = inside & (day > opens)  # strictly inside its period: the period is split
        full = np.where(within, period + 1, period)  # first period wholly at the new rate
        np.add.at(bump, (full, column), delta)
        np.add.at(partial, (at[within], column[within]), (delta * (due[at, column] - day))[within])
        np.add.at(end_bump, (at[within], column[within]), delta[within])
        split[at[within], column[within]] = True
        events[period[inside], column[inside]] = True
    q_start = np.cumsum(bump, axis=0)[:-1]
    return q_start, partial[:-1], end_bump[:-1], split[:-1], events[:-1]
