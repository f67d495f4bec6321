"""Amortisation along a rate schedule: the engine's rows, segment by segment.

A loan whose rate never changes in its life is amortised by the fixed-rate engine, so it
equals the fixed-rate loan to the cent. Otherwise each period accrues at its own rate
(:mod:`loancalc._rate_periods`: a period with a change inside it is split at the change
date) and the amortising periods run in segments, a new one starting with the period
in which the rate changes (the period that holds the change date, or that starts on it):

- ``recompute-payment``: the method plans again from that period's opening balance over
  the periods left, at that period's own rate and, after it, the rate it ends at (what
  is known then): an equal instalment is recomputed, so the loan still ends on its
  maturity date; equal principal keeps its share;
- ``keep-payment``: the equal instalment is kept; instalments continue until one repays
  the balance left (its payment is then the rest), fewer instalments if the rate fell,
  more if it rose (at most :data:`~loancalc.terms.MAX_TERM`). A kept payment that no
  longer covers a period's interest is refused.

Grace periods accrue at their own rates; the first amortising period plans at its rate.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> from loancalc.rate_schedule import RateChange, RateSchedule
>>> cut = RateSchedule(annual_rate="12%", dated_changes=[RateChange(on=date(2024, 2, 1),
...                                                                 annual_rate="6%")])
>>> s = amortize(LoanTerms(principal=1200, term=3, start=date(2024, 1, 1), rate_schedule=cut))
>>> [str(row.payment) for row in s]  # 408.03 at 1 %, then 803.97 over 2 at 0.5 % a month
['408.03', '405.00', '405.00']
>>> s = amortize(LoanTerms(principal=1200, term=3, start=date(2024, 1, 1),
...                        rate_schedule=attrs.evolve(cut, on_reprice="keep-payment")))
>>> [str(row.payment) for row in s]  # 803.97 - (408.03 - 4.02) = 399.96, + 2.00 interest
['408.03', '408.03', '401.96']
"""

from __future__ import annotations

import decimal
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import attrs
import numpy as np

from loancalc._rate_periods import period_of, rate_at, rate_parts, rated_periods
from loancalc.accrual import Periods, periods_of
from loancalc.amortization._engine import _level_roundings, _without_negative_zeros
from loancalc.amortization._grace import grace_rows as _grace_rows
from loancalc.amortization._grace import spread as _spread
from loancalc.amortization._periods import build_periods
from loancalc.amortization._plan import MethodSpec, Plan, PlanInputs, PrincipalRule
from loancalc.amortization._rows import RowMaker, checked_rows
from loancalc.errors import InvalidValueError, NegativeAmortizationError
from loancalc.money import CONTEXT, Rounding, RoundingMode
from loancalc.schedule import Installment, Schedule
from loancalc.terms import MAX_TERM, Accrual, GraceInterest, LoanTerms

__all__ = ["run_moving"]

_ZERO = Decimal(0)
Rounder = Callable[[Decimal], Decimal]
Made = tuple[list[Installment], Decimal]


def run_moving(
    terms: LoanTerms,
    spec: MethodSpec,
    periods: Periods | None = None,
    extended: Callable[[], Periods] | None = None,
) -> Schedule | None:
    """The schedule of ``terms`` along its rate schedule, or ``None`` where the rate
    never changes before maturity (the fixed-rate engine then makes it).

    ``periods`` (a tranche's own dates, see :mod:`loancalc.amortization._tranches`; else
    the terms') and ``extended`` (those periods continued past the term, for a kept
    payment; else the terms' own continued) are built at ``terms.annual_rate``."""
    schedule = terms.rate_schedule
    assert schedule is not None
    base = build_periods(terms) if periods is None else periods
    changes = schedule.changes(terms.start, base.due_dates[-1])
    if not changes:
        return None
    keep = schedule.keeps_payment and not spec.single_installment
    source = (_extended(terms) if extended is None else extended()) if keep else base
    actual = rated_periods(source, terms, None if keep else list(changes))
    if spec.single_installment:
        actual = actual.collapsed()
    with decimal.localcontext(CONTEXT):
        try:
            rows, upfront = _amortize(terms, spec, (base, actual), list(changes), keep)
        except decimal.DecimalException:
            raise InvalidValueError(
                "principal", terms.principal,
                "an amount whose schedule stays within 40 significant digits at these rates",
            ) from None  # fmt: skip
    if terms.rounding.mode is RoundingMode.FLOOR:
        rows = _without_negative_zeros(rows)
    return Schedule(terms=terms, installments=rows, upfront_fee=upfront)


def _extended(terms: LoanTerms) -> Periods:
    """The loan's periods continued past its term, as far as a kept payment may need."""
    for count in (MAX_TERM, terms.term * 2, terms.term):
        if count < terms.term:
            continue
        try:
            return build_periods(attrs.evolve(terms, term=count))
        except InvalidValueError:  # the dates would pass 9999-12-31
            continue
    return build_periods(terms)


def _amortize(
    terms: LoanTerms,
    spec: MethodSpec,
    periods: tuple[Periods, Periods],
    changes: list[tuple[date, Decimal]],
    keep: bool,
) -> tuple[list[Installment], Decimal]:
    """The rows and upfront fee; ``periods``: the term's (dates) and those with their
    rates (continued past the term for a kept payment)."""
    base, actual = periods
    rounding = terms.rounding
    round_money = rounding.in_context()
    zero = round_money(_ZERO)
    fees = terms.fees
    per_period = fees.per_period_amount(terms.principal)
    fee = round_money(per_period * actual.periods_per_installment)
    maker = RowMaker(periods=actual, fee=fee, zero=zero)
    original = terms.principal
    fixed_base = original if spec.interest_on_original_principal else None
    grace = _grace_rows(
        maker, original + zero,
        principal_periods=terms.grace_principal_periods,
        interest_periods=terms.grace_interest_periods,
        capitalize=terms.grace_interest_mode is GraceInterest.CAPITALIZE,
        fixed_base=fixed_base, round_money=round_money,
    )  # fmt: skip
    first = len(grace.rows)
    last = len(base) - 1 if not spec.single_installment else 0
    boundaries = sorted({period_of(base, day) for day, _ in changes} - set(range(first + 1)))
    starts = [first, *(k for k in boundaries if k <= last)]
    run = _Rows(maker=maker, fixed_base=fixed_base, rounding=rounding, round_money=round_money)
    rows = list(grace.rows)
    balance = grace.balance
    plan: Plan | None = None
    until_repaid = False
    for number, k in enumerate(starts):
        stop = starts[number + 1] if number + 1 < len(starts) else None
        if plan is not None and keep and plan.rule is PrincipalRule.LEVEL_PAYMENT:
            until_repaid = True
            plan = attrs.evolve(plan, first_principal=None)
        if until_repaid:
            assert plan is not None
            made, balance = run.kept(plan, k, stop, balance)
            rows += made
            if not balance:
                break
            continue
        if plan is None or plan.rule is PrincipalRule.LEVEL_PAYMENT:
            planner = spec.make_plan(_plan_inputs(terms, (base, actual), changes, k, balance))
        else:  # level principal, or none before maturity: the plan holds
            planner = _holding(plan)
        plan, made, balance = run.segment(planner, k, stop, last, balance)
        rows += made
    if grace.deferred:
        _spread(grace.deferred, rows, first, rounding.toward_zero())
    upfront = round_money(fees.upfront + original * fees.upfront_rate)
    return rows, upfront


def _holding(plan: Plan) -> Callable[[Rounder], Plan]:
    return lambda _: attrs.evolve(plan, first_principal=None)


def _plan_inputs(
    terms: LoanTerms,
    periods: tuple[Periods, Periods],
    changes: list[tuple[date, Decimal]],
    k: int,
    balance: Decimal,
) -> PlanInputs:
    """What the method plans from at period ``k``: its own rate, then the rate it ends at."""
    base, actual = periods
    start, due = base.starts[k], base.due_dates[k]
    ending = rate_at(terms.annual_rate, changes, due - timedelta(days=1))
    dates = [start, *base.due_dates[k:]]  # the periods from k on
    ordinals = np.fromiter(map(date.toordinal, dates), dtype=np.int64, count=len(dates))
    periodic = terms.accrual is Accrual.PERIODIC
    planning = periods_of(
        dates, ordinals, annual_rate=ending, day_count=terms.day_count,
        regular=terms.frequency.year_fraction() if periodic else None,
        irregular_first=base.irregular_first and k == 0,
    )  # fmt: skip
    keys = list(planning.rate_keys)
    table = dict(planning.rate_table)
    regular = planning.regular
    opening = rate_at(terms.annual_rate, changes, start)
    split = len(rate_parts(opening, start, due, changes)) > 1
    if split:  # the period's own (split) rate, then discount period by period
        keys[0] = actual.rate_keys[k]
        table[keys[0]] = actual.rate_table[keys[0]]
        regular = None
    first_interest = None
    if planning.irregular_first and k == 0 and regular is not None:
        numerator, denominator = regular
        first_interest = terms.rounding.in_context()(balance * numerator / denominator)
    return PlanInputs(
        balance=balance, rate_keys=keys, rate_table=table, rate_counts=Counter(keys),
        regular=regular, regular_first_interest=first_interest, balloon=terms.balloon,
        quantum=terms.rounding.quantum,
    )  # fmt: skip


@attrs.frozen(kw_only=True)
class _Rows:
    """How one loan's rows are made: its row maker, interest base and rounding."""

    maker: RowMaker
    fixed_base: Decimal | None
    rounding: Rounding
    round_money: Rounder

    def checked(self, plan: Plan, periods: range, balance: Decimal, *, clamp: bool) -> Made | None:
        return checked_rows(
            self.maker, plan, periods, balance,
            fixed_base=self.fixed_base, round_money=self.round_money, clamp=clamp,
        )  # fmt: skip

    def segment(
        self, planner: Callable[[Rounder], Plan], k: int, stop: int | None, last: int,
        balance: Decimal,
    ) -> tuple[Plan, list[Installment], Decimal]:  # fmt: skip
        """The rows of periods ``k`` to ``stop`` (to the last, which repays the rest,
        when ``stop`` is None), the level rounded as the fixed-rate engine rounds it."""
        end = last if stop is None else stop
        overshooting: Plan | None = None
        for round_level in _level_roundings(self.rounding, self.round_money):
            plan = planner(round_level)
            try:
                made = self.checked(plan, range(k, end), balance, clamp=False)
            except NegativeAmortizationError:
                if overshooting is None:
                    raise
                break
            if made is not None:
                return plan, *self._finish(made, stop, last)
            overshooting = plan
        assert overshooting is not None
        made = self.checked(overshooting, range(k, end), balance, clamp=True)
        assert made is not None
        return overshooting, *self._finish(made, stop, last)

    def _finish(self, made: Made, stop: int | None, last: int) -> Made:
        rows, balance = made
        if stop is not None:
            return rows, balance
        maker = self.maker
        numerator, denominator = maker.periods.ratio(last)
        base = balance if self.fixed_base is None else self.fixed_base
        interest = self.round_money(base * numerator / denominator)
        return [*rows, maker.row(last, balance, balance, interest)], maker.zero

    def kept(self, plan: Plan, k: int, stop: int | None, balance: Decimal) -> Made:
        """Rows at the kept payment from period ``k`` to ``stop`` (or as long as it
        takes), cut after the one that repays the balance."""
        periods = len(self.maker.periods)
        end = periods if stop is None else stop
        try:
            made = self.checked(plan, range(k, end), balance, clamp=True)
        except NegativeAmortizationError as error:
            raise InvalidValueError(
                "rate_schedule.on_reprice", "keep-payment",
                f"recompute-payment: the kept payment no longer covers the interest ({error})",
            ) from None  # fmt: skip
        assert made is not None
        rows, left = made
        for index, row in enumerate(rows):
            if not row.closing_balance:
                return rows[: index + 1], self.maker.zero
        if stop is None:
            raise InvalidValueError(
                "rate_schedule.on_reprice", "keep-payment",
                f"recompute-payment: the kept payment does not repay the loan within "
                f"{periods} instalments",
            )  # fmt: skip
        return rows, left
