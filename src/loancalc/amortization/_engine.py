"""The engine every repayment method runs: grace, the amortising instalments, the last one.

A method is data (:mod:`loancalc.amortization._plan`): once the engine has run the grace
periods, it returns a planner for the amortising periods, which gives a plan for each way
of rounding the level amount; the engine makes the rows the same way for every method
(:mod:`loancalc.amortization._rows`), and the last instalment repays what is left.
"""

from __future__ import annotations

import decimal
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from loancalc.accrual import Periods
from loancalc.amortization._final import LevelRows, final_adjusted
from loancalc.amortization._grace import Grace as _Grace
from loancalc.amortization._grace import grace_rows as _grace_rows
from loancalc.amortization._grace import spread as _spread
from loancalc.amortization._periods import build_periods
from loancalc.amortization._plan import MethodSpec, Plan, PlanInputs, Planner, PrincipalRule
from loancalc.amortization._rows import (
    ExactFactors,
    RowMaker,
    Rows,
    checked_rows,
    level_payment_rows,
    scheduled_principal_rows,
)
from loancalc.amortization._rows import factors_for as _factors_for
from loancalc.errors import InvalidValueError, NegativeAmortizationError
from loancalc.money import CONTEXT, FinalPayment, Rounding, RoundingMode
from loancalc.schedule import Installment, Schedule, built_schedule
from loancalc.terms import GraceInterest, LoanTerms

__all__ = ["run"]

_ZERO = Decimal(0)
#: How many levels below the policy's rounding to try: toward zero, then toward zero less
#: one grid step; no loan needs more. The exact payment ``A`` leaves balances ``B_k >= 0``.
#: Paying ``L = floor(A) - 1`` step instead leaves ``B_k + (A - L) s_k``, ``s_k`` the value
#: after ``k`` periods of one step paid each period (``s_k = (1 + i_k) s_(k-1) + 1``), so
#: at least ``s_k`` steps more; rounding each period's interest moves a balance by less than
#: a step, and those moves accumulate alike to less than ``s_k``. So ``L`` never repays the
#: loan early. (A property test checks that deeper levels change nothing.)
_LEVEL_STEPS_DOWN = 2


def run(terms: LoanTerms, spec: MethodSpec, periods: Periods | None = None) -> Schedule:
    """The schedule of ``terms`` under the method ``spec`` (over ``periods`` when given:
    a tranche's own dates, see :mod:`loancalc.amortization._tranches`; else the terms').

    The level amount is rounded by the loan's rounding policy. If that would repay the
    balance before the last instalment (rounding error compounding over many periods at a
    high rate, or interest that rounds to nothing on a tiny balance), it is rounded toward
    zero instead, and then one step of the grid lower: payments stay level and the last
    instalment absorbs a non-negative residue. (Where no level on the grid both covers
    every period's interest and stops short of the balance, as on very coarse grids, the
    lowest level that covers the interest is kept and instalments after the balance is
    repaid fall to what is left.)
    """
    if periods is None:
        periods = build_periods(terms)
    if spec.single_installment:
        periods = periods.collapsed()
    rounding = terms.rounding
    # Interest and the level amount may round their own ways (see Rounding.for_interest,
    # for_payment); by default both are ``rounding`` itself, and nothing else changes.
    plain = rounding.is_plain
    interest_rounding = rounding if plain else rounding.for_interest()
    payment_rounding = rounding if plain else rounding.for_payment()
    with decimal.localcontext(CONTEXT):
        try:
            round_money = rounding.in_context()
            round_interest = (
                round_money if interest_rounding is rounding else interest_rounding.in_context()
            )
            zero = round_money(_ZERO)  # zero on the money grid: 0.00, so every column reads alike
            fees = terms.fees
            per_period = fees.per_period_amount(terms.principal)
            fee = round_money(per_period * periods.periods_per_installment)
            maker = RowMaker(periods=periods, fee=fee, zero=zero)
            original = terms.principal
            fixed_base = original if spec.interest_on_original_principal else None
            grace = _grace_rows(
                maker, original + zero,  # the same value, written to at least the grid's places
                principal_periods=terms.grace_principal_periods,
                interest_periods=terms.grace_interest_periods,
                capitalize=terms.grace_interest_mode is GraceInterest.CAPITALIZE,
                fixed_base=fixed_base, round_money=round_interest,
            )  # fmt: skip
            inputs = _plan_inputs(
                periods,
                grace,
                terms.balloon,
                interest_rounding,
                payment_rounding.quantum,
                financed=fees.financed_fee(original, rounding),
            )
            planner = spec.make_plan(inputs)
            round_payment = (
                round_money if payment_rounding is rounding else payment_rounding.in_context()
            )
            rows = _level_rows(
                maker, planner, grace, interest_rounding,
                round_money=round_interest, fixed_base=fixed_base,
                roundings=_level_roundings(payment_rounding, round_payment),
            )  # fmt: skip
            if not plain and rounding.final_payment is not FinalPayment.SIMILAR:

                def at_level(round_level: Callable[[Decimal], Decimal]) -> LevelRows | None:
                    plan = planner(round_level)
                    try:
                        made = _rows(
                            maker, plan, grace, interest_rounding, round_money=round_interest,
                            fixed_base=fixed_base, clamp=False,
                        )  # fmt: skip
                    except NegativeAmortizationError:
                        return None
                    return None if made is None else (made, plan)

                rows = final_adjusted(
                    rows, rounding.final_payment, payment_rounding, at_level, terms.balloon,
                    fee=fee,
                )  # fmt: skip
            if grace.deferred:
                _spread(grace.deferred, rows, len(grace.rows), interest_rounding.toward_zero())
            upfront = round_money(fees.upfront + original * fees.upfront_rate)
        except NegativeAmortizationError as error:
            if rounding.payment_increment is None or _negative_anyway(terms, spec, periods):
                raise
            raise InvalidValueError(
                "rounding.payment_increment",
                rounding.payment_increment,
                f"an increment the level amount can be rounded to and still cover each "
                f"period's interest (here it rounds to {error.payment})",
            ) from None
        except decimal.DecimalException:
            raise InvalidValueError(
                "principal",
                terms.principal,
                "an amount whose schedule stays within 40 significant digits at this rate, "
                "term and rounding",
            ) from None
    if rounding.mode is RoundingMode.FLOOR:
        rows = _without_negative_zeros(rows)
    return built_schedule(terms, rows, upfront)


def _negative_anyway(terms: LoanTerms, spec: MethodSpec, periods: Periods) -> bool:
    """Whether ``terms`` amortise negatively without their ``payment_increment`` too."""
    plain = attrs.evolve(terms.rounding, payment_increment=None)
    try:
        run(attrs.evolve(terms, rounding=plain), spec, periods)
    except NegativeAmortizationError:
        return True
    return False


def _without_negative_zeros(rows: list[Installment]) -> list[Installment]:
    """``rows`` with every ``-0`` amount made ``0``.

    Under ``ROUND_FLOOR`` (the floor mode's arithmetic context) ``x - x`` is ``-0``, so a
    principal of nothing would read ``Decimal('-0.00')``; no other mode makes one.
    """
    return [
        Installment(*(_unsigned(value) for value in row))
        if any(isinstance(value, Decimal) and value.is_signed() for value in row)
        else row
        for row in rows
    ]


def _unsigned(value: object) -> Any:
    """``value`` with a negative zero made positive (other values unchanged)."""
    if isinstance(value, Decimal) and value.is_zero() and value.is_signed():
        return -value
    return value


def _plan_inputs(
    periods: Periods,
    grace: _Grace,
    balloon: Decimal,
    rounding: Rounding,
    quantum: Decimal,
    *,
    financed: Decimal,
) -> PlanInputs:
    first = len(grace.rows)
    keys = periods.rate_keys[first:] if first else periods.rate_keys
    regular_first_interest = None
    if periods.irregular_first and first == 0 and periods.regular is not None:
        numerator, denominator = periods.regular
        regular_first_interest = rounding.in_context()(grace.balance * numerator / denominator)
    return PlanInputs(
        balance=grace.balance,
        rate_keys=keys,
        rate_table=periods.rate_table,
        rate_counts=Counter(keys) if first else periods.rate_counts,
        regular=periods.regular,
        regular_first_interest=regular_first_interest,
        balloon=balloon,
        quantum=quantum,
        financed_fee=financed,
    )


def _level_rows(
    maker: RowMaker,
    planner: Planner,
    grace: _Grace,
    rounding: Rounding,
    *,
    round_money: Callable[[Decimal], Decimal],
    fixed_base: Decimal | None,
    roundings: Iterable[Callable[[Decimal], Decimal]],
) -> list[Installment]:
    """Every row, the level amount rounded by the first of ``roundings`` (see
    :func:`_level_roundings`) whose rows do not repay the balance early (or, failing
    that, clamped). ``rounding`` and ``round_money`` round interest."""
    overshooting: Plan | None = None
    for round_level in roundings:
        plan = planner(round_level)
        try:
            rows = _rows(
                maker, plan, grace, rounding,
                round_money=round_money, fixed_base=fixed_base, clamp=False,
            )  # fmt: skip
        except NegativeAmortizationError:
            if overshooting is None:
                raise  # the policy's own rounding: a genuine negative amortisation
            break  # stepped down too far (coarse grids, tiny loans): stop at the last
        if rows is not None:
            return rows
        overshooting = plan
    assert overshooting is not None
    # The lowest level that does not amortise negatively still overshoots: keep it, and
    # let the instalments after the balance is repaid charge nothing.
    rows = _rows(
        maker, overshooting, grace, rounding,
        round_money=round_money, fixed_base=fixed_base, clamp=True,
    )  # fmt: skip
    assert rows is not None  # clamped rows never overshoot
    return rows


def _level_roundings(
    rounding: Rounding, round_money: Callable[[Decimal], Decimal]
) -> Iterator[Callable[[Decimal], Decimal]]:
    """The policy's rounding (``round_money``), then toward zero, then toward zero less
    1 ... steps."""
    yield round_money
    toward_zero = rounding.toward_zero().in_context()

    def lowered_by(steps: int) -> Callable[[Decimal], Decimal]:
        less = rounding.quantum * steps
        return lambda amount: max(toward_zero(amount) - less, _ZERO)

    for steps in range(_LEVEL_STEPS_DOWN):
        yield lowered_by(steps)


def _rows(
    maker: RowMaker,
    plan: Plan,
    grace: _Grace,
    rounding: Rounding,
    *,
    round_money: Callable[[Decimal], Decimal],
    fixed_base: Decimal | None,
    clamp: bool,
) -> list[Installment] | None:
    """All rows under ``plan``, or ``None`` if its level amount would repay the balance
    before the last instalment (unless ``clamp``)."""
    periods = maker.periods
    first, last = len(grace.rows), len(periods) - 1
    made = _amortising_rows(
        maker, plan, range(first, last), grace.balance,
        fixed_base=fixed_base, rounding=rounding, round_money=round_money, clamp=clamp,
    )  # fmt: skip
    if made is None:
        return None
    amortising, balance = made
    base = balance if fixed_base is None else fixed_base
    numerator, denominator = periods.ratio(last)
    interest = round_money(base * numerator / denominator)
    financed = None
    if plan.financed_fee:  # what the instalments before left of it
        financed = plan.financed_fee - sum(row.fee - maker.fee for row in amortising)
    amortising.append(maker.row(last, balance, balance, interest, financed=financed))
    return [*grace.rows, *amortising] if grace.rows else amortising


def _amortising_rows(
    maker: RowMaker,
    plan: Plan,
    periods: range,
    balance: Decimal,
    *,
    fixed_base: Decimal | None,
    rounding: Rounding,
    round_money: Callable[[Decimal], Decimal],
    clamp: bool,
) -> Rows | None:
    """Every amortising instalment but the last, by the fastest loop that fits the plan;
    ``None`` if the plan's level amount repays the balance early (unless ``clamp``)."""
    if clamp:
        return checked_rows(
            maker, plan, periods, balance,
            fixed_base=fixed_base, round_money=round_money, clamp=True,
        )  # fmt: skip
    head: list[Installment] = []
    fee_first = bool(plan.financed_fee)
    if (plan.first_principal is not None or fee_first) and periods:
        # instalment by instalment while the fee is repaid (or the first irregular one)
        made = checked_rows(
            maker, plan, periods if fee_first else periods[:1], balance,
            fixed_base=fixed_base, round_money=round_money, clamp=False,
            until_fee_repaid=fee_first,
        )  # fmt: skip
        if made is None:
            return None
        head, balance = made
        periods = periods[len(head) :]
        plan = attrs.evolve(plan, first_principal=None, financed_fee=_ZERO)
    base = balance if fixed_base is None else fixed_base
    exact = _exact_factors(maker.periods, periods, rounding, base)
    if plan.rule is not PrincipalRule.LEVEL_PAYMENT:
        principal = plan.level if plan.rule is PrincipalRule.LEVEL_PRINCIPAL else maker.zero
        made = scheduled_principal_rows(
            maker, periods, balance, principal,
            fixed_base=fixed_base, round_money=round_money, exact=exact,
        )  # fmt: skip
    else:
        made = None
        if exact is not None and fixed_base is None:
            made = level_payment_rows(maker, periods, balance, plan.level, exact)
        if made is None:
            made = checked_rows(
                maker, plan, periods, balance,
                fixed_base=fixed_base, round_money=round_money, clamp=False,
            )  # fmt: skip
    if made is None:
        return None
    rows, balance = made
    return (head + rows if head else rows), balance


def _exact_factors(
    source: Periods, periods: range, rounding: Rounding, largest: Decimal
) -> ExactFactors | None:
    """Exact interest factors for ``periods`` and bases up to ``largest`` (see
    :func:`exact_factors`), or ``None``. Each distinct rate is looked at once."""
    keys = source.rate_keys[periods.start : periods.stop]
    # Every rate of the loan when the periods are nearly all of them (no grace): a rate
    # not among them only makes the check of the largest factor more cautious.
    distinct = source.rate_counts if periods.start == 0 else set(keys)
    ratios = {key: source.rate_table[key][:2] for key in distinct}
    table = _factors_for(tuple(ratios.values()), rounding, largest)
    if table is None:
        return None
    by_key = {key: table[ratio] for key, ratio in ratios.items()}
    if len(by_key) == 1:  # periodic accrual: one rate
        factors = [*by_key.values()] * len(keys)
    else:
        factors = list(map(by_key.__getitem__, keys))
    largest_factor = max(by_key.values(), default=_ZERO)
    return ExactFactors(factors=factors, largest_factor=largest_factor, rounding=rounding)
