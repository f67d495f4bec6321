"""Penalty interest, compound interest and late fees for arrays of overdue positions.

A position is one instalment unpaid since its due date, with no payment since: its
overdue principal, interest and fee, the loan's contract rate, the due date and the
assessment date. Under a product's :class:`~loancalc.ServicingRules` each result equals
what :func:`loancalc.assess` charges that instalment (to the unit of the rounding grid).

Vectorised: event rounding (the exact accrual ``balance x rate x days / year``, rounded
once, on integers), calendar-day grace (retroactive or not), the ACT/360 and ACT/365F
penalty day counts, every rate kind and ``cap_annual_cost``, fixed and share late fees
with minimum, maximum, repeats and ``cap_total``. Computed by the scalar engine, one
position at a time (listed in ``fallback``): daily rounding, other day counts, business-day
grace or rolled due dates, ``cap_amount`` / ``cap_share``, relief windows touching the
position's days, and (with ``loan`` ids) the positions of one loan under caps on its
total, together. Late-fee amounts off the rounding grid are refused, as
:func:`loancalc.assess` refuses them.

>>> from datetime import date
>>> from loancalc import GracePolicy, PenaltyPolicy, PenaltyRate, ServicingRules
>>> rules = ServicingRules(grace=GracePolicy(days=3), penalty=PenaltyPolicy(
...     rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True))
>>> found = penalties(["933.96"], ["166.20"], "18%", [date(2024, 3, 15)], date(2024, 3, 25),
...                   rules)
>>> # the worked example of docs/rules.md, 'Servicing conventions':
>>> found.penalty_interest.tolist(), found.compound_interest.tolist()
([700], [125])
"""

from __future__ import annotations

import decimal
import importlib
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch._positions import Positions, read
from loancalc.batch._rounding import round_div, round_fraction
from loancalc.calendar import BusinessDays
from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError
from loancalc.money import CONTEXT, Rounding, grid_units
from loancalc.rates import DayCount
from loancalc.servicing.payment import check_on_grid
from loancalc.servicing.rules import InterestBasis, ServicingRules

__all__ = ["Penalties", "compute", "penalties", "read"]

Int64s = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
#: Products below this fit int64 with room for rounding (``2 num + 2 den``).
_SAFE = float(2**60)
_PLAIN_DAYS = (DayCount.ACT_360, DayCount.ACT_365F)


@attrs.frozen(kw_only=True, eq=False)
class Penalties:
    """Per position: ``penalty_interest`` (on overdue principal), ``compound_interest``
    (on overdue interest) and ``late_fees`` charged up to ``as_of``, read-only int64
    arrays in units of ``grid``; ``fallback`` lists the positions the scalar engine
    computed.

    >>> from datetime import date
    >>> from loancalc import batch
    >>> len(batch.penalties([100], [0], "10%", [date(2024, 1, 1)], date(2024, 2, 1)))
    1
    """

    penalty_interest: Int64s
    compound_interest: Int64s
    late_fees: Int64s
    grid: Decimal
    fallback: npt.NDArray[np.intp]

    def __len__(self) -> int:
        return len(self.penalty_interest)

    def to_frame(self) -> Any:
        """The three columns as a pandas DataFrame (one row per position, grid units;
        ``frame.attrs["grid"]`` holds the grid). Needs the ``pandas`` extra.

        >>> from datetime import date
        >>> from loancalc import batch
        >>> found = batch.penalties([100], [0], "10%", [date(2024, 1, 1)], date(2024, 2, 1))
        >>> found.to_frame().columns.tolist()
        ['penalty_interest', 'compound_interest', 'late_fees']
        """
        pd = _pandas("Penalties.to_frame")
        frame = pd.DataFrame(
            {
                "penalty_interest": self.penalty_interest,
                "compound_interest": self.compound_interest,
                "late_fees": self.late_fees,
            }
        )
        frame.attrs["grid"] = self.grid
        return frame


def _pandas(what: str) -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise LoanCalcError(f"{what} needs pandas: pip install 'loancalc[pandas]'") from None


def _servicing(rules: object) -> ServicingRules:
    if rules is None:
        return ServicingRules()
    if isinstance(rules, ServicingRules):
        return rules
    inner = getattr(rules, "servicing", None)
    if isinstance(inner, ServicingRules):
        return inner
    raise InvalidTypeError("rules", rules, "a ServicingRules, or product rules holding one")


def penalties(  # noqa: PLR0917 -- the position's fields, then as_of and rules, as assess
    overdue_principal: object,
    overdue_interest: object,
    contract_rate: object,
    due_dates: object,
    as_of: object,
    rules: object = None,
    *,
    overdue_fee: object = 0,
    principal: object = None,
    rounding: Rounding | None = None,
    business_days: BusinessDays | None = None,
    in_units: bool = False,
    loan: object = None,
) -> Penalties:
    """Penalty interest, compound interest and late fees of overdue positions on
    ``as_of`` (one date, or one per position) under ``rules`` (a
    :class:`~loancalc.ServicingRules` or product rules holding one in ``.servicing``).

    Each position is an instalment unpaid since its due date with no payment since:
    ``overdue_principal``, ``overdue_interest`` and ``overdue_fee`` (money, on the
    ``rounding`` grid; or grid units with ``in_units=True``, as a
    :class:`BatchSchedule`'s matrices hold them), the loan's ``contract_rate`` and the
    instalment's due date. ``principal`` (the principal lent; default: the overdue
    principal) matters only for ``cap_share``; ``business_days`` is the loan's calendar
    (for business-day grace). Every value equals what :func:`loancalc.assess` charges that
    instalment. For a loan with several overdue instalments pass one position each (and
    sum by loan); ``loan`` (one id per position) tells which positions belong to one
    loan, which matters only for the caps on a loan's total (``cap_amount``,
    ``cap_share``, ``cap_total``): without ``loan`` each position is capped alone.

    >>> from datetime import date
    >>> from loancalc import LateFeePolicy, PenaltyPolicy, PenaltyRate, ServicingRules
    >>> rules = ServicingRules(penalty=PenaltyPolicy(rate=PenaltyRate(kind="annual",
    ...     value="0.27")), late_fee=LateFeePolicy(kind="fixed", amount="20", repeat_days=30))
    >>> found = penalties([1000, 500], 0, "12%", [date(2024, 1, 31), date(2024, 3, 31)],
    ...                   date(2024, 4, 30), rules)
    >>> found.penalty_interest.tolist()  # 1,000 x 27 % x 90/360 = 67.50; 500 x 27 % x 30/360
    [6750, 1125]
    >>> # 20 at the end of 1-31, 3-1 and 3-31; of 3-31; none yet on 4-30, a day not yet over
    >>> found.late_fees.tolist(), found.fallback.tolist()
    ([6000, 2000], [])
    """
    servicing = _servicing(rules)
    if servicing.interest_basis is InterestBasis.ACTUAL_BALANCE:
        raise InvalidValueError(
            "rules.interest_basis",
            servicing.interest_basis.value,
            "'scheduled' (overdue positions are instalments of a schedule; assess "
            "actual-balance loans with lc.assess)",
        )
    rounding = Rounding() if rounding is None else rounding
    inputs = read(
        overdue_principal, overdue_interest, contract_rate, due_dates, as_of,
        overdue_fee=overdue_fee, principal=principal, rounding=rounding, in_units=in_units,
        loan=loan,
    )  # fmt: skip
    check_on_grid(rounding, late_fee=servicing.late_fee)  # as assess refuses them
    return compute(inputs, servicing, rounding, business_days)


def _scalar_only(rules: ServicingRules) -> bool:
    """Rules the vectorised path does not cover for any position."""
    penalty, grace = rules.penalty, rules.grace
    return (
        penalty.rounding.rounds_each_day
        or penalty.day_count not in _PLAIN_DAYS
        or penalty.cap_amount is not None
        or penalty.cap_share is not None
        or (grace.business_days and grace.days > 0)
        or grace.roll_due_date
    )


def _in_windows(rules: ServicingRules, x: Positions) -> Bools:
    """Positions whose days (due date to ``as_of``) touch a relief window."""
    touched = np.zeros(len(x.p), dtype=bool)
    for window in rules.relief_windows:
        first = np.datetime64(window.start, "D")
        last = np.datetime64(window.end, "D")
        touched |= (x.due <= last) & (x.as_of >= first)
    return touched


def compute(
    x: Positions,
    rules: ServicingRules,
    rounding: Rounding,
    calendar: BusinessDays | None,
    *,
    scalar_only: bool = False,
) -> Penalties:
    """The penalties of positions :func:`read` made (``scalar_only``: every position
    through the scalar engine, as the benchmark's peer)."""
    count = len(x.p)
    quantum = rounding.quantum
    scalar = np.full(count, scalar_only or _scalar_only(rules)) | _in_windows(rules, x)
    if x.group is not None and _loan_caps(rules):  # a loan's positions share its caps
        shared = np.bincount(x.group, minlength=1)[x.group] > 1
        scalar |= shared
    pen = np.zeros(count, dtype=np.int64)
    comp = np.zeros(count, dtype=np.int64)
    late = np.zeros(count, dtype=np.int64)
    vector = ~scalar
    if vector.all():  # the usual case: no copies
        pen, comp, late = _vectorised(x, rules, rounding)
    elif vector.any():
        where = np.flatnonzero(vector)
        sub = attrs.evolve(
            x, p=x.p[where], i=x.i[where], f=x.f[where], lent=x.lent[where],
            which=x.which[where], due=x.due[where], as_of=x.as_of[where],
        )  # fmt: skip
        pen[where], comp[where], late[where] = _vectorised(sub, rules, rounding)
    fallback = np.flatnonzero(scalar)
    for positions in _loans(x, fallback, rules):
        for index, found in zip(positions, _scalar(x, positions, rules, rounding, calendar),
                                strict=True):  # fmt: skip
            pen[index], comp[index], late[index] = found
    for array in (pen, comp, late, fallback):
        array.flags.writeable = False
    return Penalties(
        penalty_interest=pen,
        compound_interest=comp,
        late_fees=late,
        grid=quantum,
        fallback=fallback,
    )


def _vectorised(
    x: Positions, rules: ServicingRules, rounding: Rounding
) -> tuple[Int64s, Int64s, Int64s]:
    policy, grace = rules.penalty, rules.grace
    grace_end = x.due + np.timedelta64(grace.days, "D")
    # Grace ends, and late fees fall, at the end of their day: never on as_of, a day not
    # yet over (paying on it still avoids them), as in loancalc.assess.
    over = x.as_of > grace_end
    since = x.due if grace.retroactive else grace_end
    days = np.where(over, (x.as_of - since).astype(np.int64), 0)
    year = policy.day_count.days_per_year
    pen_rates = [
        Fraction(policy.penalty_rate(rate, InterestBasis.SCHEDULED))
        if policy.charges_anything
        else Fraction(0)
        for rate in x.rates
    ]
    comp_rates = [Fraction(policy.compound_annual_rate(rate)) for rate in x.rates]
    mode = rounding.mode
    pen = _accrued(x.p, days, pen_rates, x.which, year=year, mode=mode)
    comp = _accrued(x.i, days, comp_rates, x.which, year=year, mode=mode)
    late = _late_fees(x, rules, rounding, grace_end, over)
    return pen, comp, late


def _accrued(
    base: Int64s,
    days: Int64s,
    fractions: list[Fraction],
    which: npt.NDArray[np.intp],
    *,
    year: int,
    mode: Any,
) -> Int64s:
    """``round(base x rate x days / year)`` exactly, per position."""
    nums = np.array([f.numerator for f in fractions] or [0], dtype=object)
    dens = np.array([f.denominator * year for f in fractions] or [1], dtype=object)
    small = np.array([n < 2**40 and d < 2**40 for n, d in zip(nums, dens, strict=True)])
    num_rate = np.where(small, nums, 0).astype(np.int64)[which]
    den_rate = np.where(small, dens, 1).astype(np.int64)[which]
    size = base.astype(np.float64) * days * num_rate.astype(np.float64)
    safe = small[which] & (size < _SAFE)
    if safe.all():
        return round_div(base * days * num_rate, den_rate, mode)
    result = np.zeros(len(base), dtype=np.int64)
    result[safe] = round_div(base[safe] * days[safe] * num_rate[safe], den_rate[safe], mode)
    for index in np.flatnonzero(~safe).tolist():  # Python integers: any size
        rate = fractions[which[index]]
        value = int(base[index]) * int(days[index]) * rate.numerator
        result[index] = round_fraction(value, rate.denominator * year, mode)
    return result


def _late_fees(
    x: Positions, rules: ServicingRules, rounding: Rounding, grace_end: Any, over: Bools
) -> Int64s:
    policy = rules.late_fee
    count = len(x.p)
    if not policy.charges_anything:
        return np.zeros(count, dtype=np.int64)
    quantum = rounding.quantum
    ones, first = np.ones(count, dtype=np.int64), np.zeros(count, dtype=np.intp)

    def share_of(base: Int64s, share: Decimal) -> Int64s:
        return _accrued(base, ones, [Fraction(share)], first, year=1, mode=rounding.mode)

    # nothing is paid on a position: its unpaid part is its scheduled one, with the fee
    fee = policy.fees_in_units(
        unpaid=x.p + x.i + x.f, scheduled=x.p + x.i, quantum=quantum, share_of=share_of
    )
    charged = over & ((x.p + x.i + x.f) > 0) & (fee > 0)
    times = np.ones(count, dtype=np.int64)
    if policy.repeat_days is not None:
        # repeats on grace end (or the due date, when fees are charged on it) + k x
        # repeat_days, each at the end of its day: before as_of
        since = x.due if policy.dated_on_due_date else grace_end
        times += (x.as_of - since - 1).astype(np.int64) // policy.repeat_days
    total = np.where(charged, fee * times, 0)
    if policy.cap_total is None:
        return total
    return np.minimum(total, grid_units(policy.cap_total, quantum, field="late_fee.cap_total"))


def _loan_caps(rules: ServicingRules) -> bool:
    """Whether a loan's positions interact: caps on the loan's total."""
    penalty, fee = rules.penalty, rules.late_fee
    return (
        penalty.cap_amount is not None
        or penalty.cap_share is not None
        or (fee.charges_anything and fee.cap_total is not None)
    )


def _loans(x: Positions, fallback: npt.NDArray[np.intp], rules: ServicingRules) -> list[list[int]]:
    """The fallback positions, grouped by loan where the loan's caps join them."""
    if x.group is None or not _loan_caps(rules):
        return [[index] for index in fallback.tolist()]
    found: dict[int, list[int]] = {}
    for index in fallback.tolist():
        found.setdefault(int(x.group[index]), []).append(index)
    return list(found.values())


def _scalar(
    x: Positions,
    positions: list[int],
    rules: ServicingRules,
    rounding: Rounding,
    calendar: BusinessDays | None,
) -> list[tuple[int, int, int]]:
    """One loan's positions through :func:`loancalc.assess`: a schedule of those
    instalments (by due date), nothing paid."""
    from loancalc.schedule import Installment, Schedule
    from loancalc.servicing.assess import assess
    from loancalc.terms import LoanTerms

    first = positions[0]
    for index in positions[1:]:
        for name in ("which", "as_of", "lent"):
            if getattr(x, name)[index] != getattr(x, name)[first]:
                field = {"which": "contract_rate", "lent": "principal"}.get(name, name)
                raise InvalidValueError(
                    f"{field}[{index}]", "a different value",
                    f"the value of position {first} (positions of one loan share it)",
                )  # fmt: skip
    today: date = x.as_of[first].item()
    results = [(0, 0, 0)] * len(positions)
    live = [
        (k, index) for k, index in enumerate(positions)
        if x.due[index].item() <= today and (x.p[index] or x.i[index] or x.f[index])
    ]  # fmt: skip
    if not live:
        return results
    live.sort(key=lambda pair: x.due[pair[1]])
    quantum = rounding.quantum
    lent = int(x.lent[first])
    penalty = rules.penalty
    if lent == 0 and penalty.cap_share is not None:  # a zero cap: only late fees remain
        rules = rules.replace(penalty=attrs.evolve(penalty, rate=attrs.evolve(
            penalty.rate, kind="none", value=0), compound=False))  # fmt: skip
    start: date = x.due[live[0][1]].item() - timedelta(days=1)
    rows = []
    with decimal.localcontext(CONTEXT):
        zero = Decimal(0) * quantum
        for number, (_, index) in enumerate(live, start=1):
            p, i, f = (Decimal(int(v[index])) * quantum for v in (x.p, x.i, x.f))
            rows.append(Installment(
                number=number, start=start, due_date=x.due[index].item(), days=1,
                opening_balance=p, principal=p, interest=i, fee=f, payment=p + i + f,
                closing_balance=zero,
            ))  # fmt: skip
        principal = Decimal(max(lent, 1)) * quantum
    terms = LoanTerms(
        principal=principal, annual_rate=x.rates[x.which[first]], term=len(rows),
        start=start, rounding=rounding, business_days=calendar,
    )  # fmt: skip
    state = assess(Schedule(terms=terms, installments=tuple(rows)), [], today, rules)
    for (k, _), inst in zip(live, state.installments, strict=True):
        charged = inst.charged
        results[k] = (
            int(charged.penalty_interest / quantum), int(charged.compound_interest / quantum),
            int(charged.late_fee / quantum),
        )  # fmt: skip
    return results
