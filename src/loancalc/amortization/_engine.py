"""The one loop every repayment method runs: grace, interest, fees, rounding, residue.

A method contributes only a :class:`PrincipalPlan`, the principal each amortising
instalment repays, and two flags; everything else is shared here.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from decimal import Decimal
from typing import Protocol

import attrs

from loancalc.amortization._periods import Periods, build_periods
from loancalc.errors import NegativeAmortizationError
from loancalc.money import CONTEXT, Rounding
from loancalc.schedule import Installment, Schedule
from loancalc.terms import GraceInterest, LoanTerms

__all__ = ["MethodSpec", "PlanInputs", "PrincipalPlan", "run"]

_ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class PlanInputs:
    """What a method needs to plan its principal repayments once amortisation starts.

    ``balance`` is owed at the start of the first amortising period; ``rates`` are the
    amortising periods' rates; ``regular_rate`` is the full-period rate under periodic
    accrual (``None`` if periods accrue by the day count); ``irregular_first`` says the
    first amortising period is the loan's irregular first period; ``round_level`` rounds
    the level amount (payment or principal) a method holds constant.
    """

    balance: Decimal
    rates: list[Decimal]
    regular_rate: Decimal | None
    irregular_first: bool
    balloon: Decimal
    round_money: Callable[[Decimal], Decimal]
    round_level: Callable[[Decimal], Decimal]


class PrincipalPlan(Protocol):
    """The principal an amortising instalment repays (the last one repays the rest)."""

    def principal(self, offset: int, balance: Decimal, interest: Decimal) -> Decimal:
        """Principal of the ``offset``-th amortising instalment (0-based) given the
        ``balance`` before it and the ``interest`` it charges."""


@attrs.frozen(kw_only=True)
class MethodSpec:
    """A repayment method: its principal plan and how interest is based."""

    make_plan: Callable[[PlanInputs], PrincipalPlan]
    interest_on_original_principal: bool = False
    single_installment: bool = False


class _OvershootError(Exception):
    """A rounded level amount would repay more than is owed before the last instalment."""


def run(terms: LoanTerms, spec: MethodSpec) -> Schedule:
    """The schedule of ``terms`` under the method ``spec``.

    The level amount is rounded by the loan's rounding policy; if that would repay the
    balance before the last instalment (tiny loans over many periods), it is rounded
    toward zero instead so the last instalment absorbs a non-negative residue.
    """
    periods = build_periods(terms)
    if spec.single_installment:
        periods = periods.collapsed()
    with decimal.localcontext(CONTEXT):
        try:
            return _run(terms, spec, periods, terms.rounding, clamp=False)
        except _OvershootError:
            return _run(terms, spec, periods, terms.rounding.toward_zero(), clamp=True)


def _run(
    terms: LoanTerms, spec: MethodSpec, periods: Periods, level_rounding: Rounding, *, clamp: bool
) -> Schedule:
    round_money = terms.rounding.in_context()
    original = terms.principal
    count = len(periods)
    rates = periods.rates
    grace_interest = terms.grace_interest_periods
    grace_any = max(terms.grace_principal_periods, grace_interest)
    spread = terms.grace_interest_mode is GraceInterest.SPREAD
    fees = terms.fees
    fee_per_period = fees.per_period + original * fees.per_period_rate
    flat = spec.interest_on_original_principal
    toward_zero = terms.rounding.toward_zero().in_context()

    balance = original
    deferred = _ZERO
    spread_share = _ZERO
    plan: PrincipalPlan | None = None
    installments: list[Installment] = []
    for index in range(count):
        opening = balance
        interest = round_money((original if flat else balance) * rates[index])
        capitalized = _ZERO
        principal = _ZERO
        if index < grace_interest:
            if spread:
                deferred += interest
            else:
                capitalized = interest
                balance += interest
            interest = _ZERO
        elif index >= grace_any:
            offset = index - grace_any
            if plan is None:
                plan = spec.make_plan(
                    PlanInputs(
                        balance=balance,
                        rates=rates[index:],
                        regular_rate=periods.regular_rate,
                        irregular_first=periods.irregular_first and index == 0,
                        balloon=terms.balloon,
                        round_money=round_money,
                        round_level=level_rounding.in_context(),
                    )
                )
                spread_share = toward_zero(deferred / (count - index))
            if index == count - 1:
                principal = balance
                interest += deferred - spread_share * offset
            else:
                principal = plan.principal(offset, balance, interest)
                if principal < 0:
                    raise NegativeAmortizationError(index + 1, interest, principal + interest)
                if principal > balance:
                    if not clamp:
                        raise _OvershootError
                    principal = balance
                interest += spread_share
        balance -= principal
        fee = round_money(fee_per_period * periods.fee_multipliers[index])
        installments.append(
            Installment(
                number=index + 1,
                start=periods.starts[index],
                due_date=periods.due_dates[index],
                days=periods.days[index],
                opening_balance=opening,
                principal=principal,
                interest=interest,
                fee=fee,
                payment=principal + interest + fee,
                closing_balance=balance,
                capitalized_interest=capitalized,
            )
        )
    upfront = round_money(fees.upfront + original * fees.upfront_rate)
    return Schedule(terms=terms, installments=tuple(installments), upfront_fee=upfront)
