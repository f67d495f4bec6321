"""The loop every repayment method runs: grace, interest, fees, rounding and the residue.

A method is data: a :class:`MethodSpec` names how interest is based and returns a
:class:`Plan` (which principal rule, and the level amount it holds constant) once the
amortising periods are known. The engine does the rest, the same way for every method.
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import repeat
from operator import add

import attrs

from loancalc.amortization._periods import Periods, build_periods
from loancalc.errors import InvalidValueError, NegativeAmortizationError
from loancalc.money import CONTEXT, Rounding
from loancalc.schedule import Installment, Schedule
from loancalc.terms import GraceInterest, LoanTerms

__all__ = ["MethodSpec", "Plan", "PlanInputs", "PrincipalRule", "run"]

_ZERO = Decimal(0)
#: How many grid steps below the rounded level amount to try before clamping instead.
_LEVEL_STEPS_DOWN = 25
#: The largest balance capitalised interest may reach (amounts keep 40 digits, cents incl.).
_LARGEST_BALANCE = Decimal("1E+24")


@attrs.frozen(kw_only=True)
class PlanInputs:
    """What a method needs to plan its principal repayments once amortisation starts.

    ``balance`` is owed at the start of the first amortising period; ``rates`` are the
    amortising periods' rates; ``regular`` is the full-period rate under periodic
    accrual as an exact ratio (``None`` if periods accrue by the day count);
    ``regular_first_interest`` is set when the first amortising period is the loan's
    irregular first period under periodic accrual: the interest a regular first period
    would charge on ``balance``.
    ``round_level`` rounds the level amount (payment or principal) a method holds constant.
    """

    balance: Decimal
    rates: list[Decimal]
    regular: tuple[Decimal, Decimal] | None
    regular_first_interest: Decimal | None
    balloon: Decimal
    round_money: Callable[[Decimal], Decimal]
    round_level: Callable[[Decimal], Decimal]


class PrincipalRule(enum.Enum):
    """What an amortising instalment (all but the last, which repays the rest) repays."""

    LEVEL_PAYMENT = "level-payment"  # principal = level - interest (annuities)
    LEVEL_PRINCIPAL = "level-principal"  # principal = level
    AT_MATURITY = "at-maturity"  # no principal before the last instalment


@attrs.frozen(kw_only=True)
class Plan:
    """A method's plan for the amortising periods.

    ``first_principal`` overrides the first amortising instalment's principal (an annuity's
    irregular first period repays the principal of a regular one).
    """

    rule: PrincipalRule
    level: Decimal = _ZERO
    first_principal: Decimal | None = None


@attrs.frozen(kw_only=True)
class MethodSpec:
    """A repayment method: how it plans principal and how its interest is based."""

    make_plan: Callable[[PlanInputs], Plan]
    interest_on_original_principal: bool = False
    single_installment: bool = False


class _OvershootError(Exception):
    """A rounded level amount would repay more than is owed before the last instalment."""


def run(terms: LoanTerms, spec: MethodSpec) -> Schedule:
    """The schedule of ``terms`` under the method ``spec``.

    The level amount is rounded by the loan's rounding policy. If that would repay the
    balance before the last instalment (rounding error compounding over many periods at a
    high rate, or interest that rounds to nothing on a tiny balance), it is rounded toward
    zero instead, and lowered one step of the grid at a time until it does not: payments
    stay level and the last instalment absorbs a non-negative residue. (Where no level
    on the grid both covers every period's interest and stops short of the balance, as on
    very coarse grids, the lowest level that covers the interest is kept and instalments
    after the balance is repaid fall to what is left.)
    """
    periods = build_periods(terms)
    if spec.single_installment:
        periods = periods.collapsed()
    with decimal.localcontext(CONTEXT):
        try:
            overshooting: Callable[[Decimal], Decimal] | None = None
            for round_level in _level_roundings(terms.rounding):
                try:
                    return _run(terms, spec, periods, round_level, clamp=False)
                except _OvershootError:
                    overshooting = round_level
                except NegativeAmortizationError:
                    if overshooting is None:
                        raise  # the policy's own rounding: a genuine negative amortisation
                    break  # stepped down too far (coarse grids, tiny loans): stop at the last
            assert overshooting is not None
            # The lowest level that does not amortise negatively still overshoots: keep it,
            # and let the instalments after the balance is repaid charge nothing.
            return _run(terms, spec, periods, overshooting, clamp=True)
        except (decimal.InvalidOperation, decimal.Overflow):
            raise InvalidValueError(
                "terms", terms.principal, "amounts that stay within 28 significant digits"
            ) from None


def _level_roundings(rounding: Rounding) -> Iterator[Callable[[Decimal], Decimal]]:
    """The policy's rounding, then toward zero, then toward zero less 1, 2, ... steps."""
    yield rounding.in_context()
    toward_zero = rounding.toward_zero().in_context()

    def lowered_by(steps: int) -> Callable[[Decimal], Decimal]:
        less = rounding.quantum * steps
        return lambda amount: max(toward_zero(amount) - less, _ZERO)

    for steps in range(_LEVEL_STEPS_DOWN):
        yield lowered_by(steps)


@attrs.define
class _Columns:
    """The amount columns of a schedule under construction, one entry per instalment."""

    openings: list[Decimal] = attrs.Factory(list)
    principals: list[Decimal] = attrs.Factory(list)
    interests: list[Decimal] = attrs.Factory(list)
    capitalized: list[Decimal] = attrs.Factory(list)


def _run(
    terms: LoanTerms,
    spec: MethodSpec,
    periods: Periods,
    round_level: Callable[[Decimal], Decimal],
    *,
    clamp: bool,
) -> Schedule:
    round_money = terms.rounding.in_context()
    original = terms.principal
    numerators, denominators = periods.rate_numerators, periods.rate_denominators
    first = max(terms.grace_principal_periods, terms.grace_interest_periods)
    last = len(periods) - 1
    fixed_base = original if spec.interest_on_original_principal else None
    columns = _Columns()
    zero = round_money(_ZERO)  # zero on the money grid: 0.00, so every column reads alike
    balance = original + zero  # the same value, written to at least the grid's places
    balance, deferred = _grace(
        terms, periods, columns, balance, fixed_base=fixed_base, round_money=round_money
    )

    regular_first_interest = None
    if periods.irregular_first and first == 0 and periods.regular is not None:
        regular_first_interest = round_money(balance * periods.regular[0] / periods.regular[1])
    plan = spec.make_plan(
        PlanInputs(
            balance=balance,
            rates=periods.rates[first:],
            regular=periods.regular,
            regular_first_interest=regular_first_interest,
            balloon=terms.balloon,
            round_money=round_money,
            round_level=round_level,
        )
    )
    balance = _amortize(
        plan, balance, zip(numerators[first:last], denominators[first:last], strict=True),
        fixed_base=fixed_base, round_money=round_money, clamp=clamp,
        columns=(columns.openings, columns.principals, columns.interests),
    )  # fmt: skip
    columns.openings.append(balance)
    columns.principals.append(balance)
    base = balance if fixed_base is None else fixed_base
    columns.interests.append(round_money(base * numerators[last] / denominators[last]))
    columns.capitalized.extend(repeat(zero, last + 1 - first))
    if deferred:
        _spread(deferred, columns.interests, first, terms.rounding.toward_zero())
    fees = terms.fees
    upfront = round_money(fees.upfront + original * fees.upfront_rate)
    installments = _rows(periods, columns, _period_fees(terms, periods, round_money))
    return Schedule(terms=terms, installments=installments, upfront_fee=upfront)


def _period_fees(
    terms: LoanTerms, periods: Periods, round_money: Callable[[Decimal], Decimal]
) -> list[Decimal]:
    fees = terms.fees
    per_period = fees.per_period + terms.principal * fees.per_period_rate
    by_multiple = {m: round_money(per_period * m) for m in set(periods.fee_multipliers)}
    return [by_multiple[m] for m in periods.fee_multipliers]


def _grace(
    terms: LoanTerms,
    periods: Periods,
    columns: _Columns,
    balance: Decimal,
    *,
    fixed_base: Decimal | None,
    round_money: Callable[[Decimal], Decimal],
) -> tuple[Decimal, Decimal]:
    """Append the grace instalments (no principal; in interest grace no interest either);
    return the balance after them and the interest deferred to be spread."""
    grace_interest = terms.grace_interest_periods
    capitalize = terms.grace_interest_mode is GraceInterest.CAPITALIZE
    zero = round_money(_ZERO)
    deferred = _ZERO
    for index in range(max(terms.grace_principal_periods, grace_interest)):
        columns.openings.append(balance)
        columns.principals.append(zero)
        base = balance if fixed_base is None else fixed_base
        interest = round_money(
            base * periods.rate_numerators[index] / periods.rate_denominators[index]
        )
        if index >= grace_interest:
            columns.interests.append(interest)
            columns.capitalized.append(zero)
            continue
        columns.interests.append(zero)
        if not capitalize:
            deferred += interest
            columns.capitalized.append(zero)
            continue
        balance += interest
        columns.capitalized.append(interest)
        if balance > _LARGEST_BALANCE:
            raise InvalidValueError(
                "grace_interest_periods",
                grace_interest,
                f"fewer periods: capitalised interest grows the balance past "
                f"{_LARGEST_BALANCE} by period {index + 1}",
            )
    return balance, deferred


def _rows(periods: Periods, columns: _Columns, fees: list[Decimal]) -> tuple[Installment, ...]:
    payments = list(map(add, map(add, columns.principals, columns.interests), fees))
    closings = [*columns.openings[1:], _ZERO.quantize(columns.openings[-1])]
    new_row = tuple.__new__  # builds each Installment without parsing keywords, in C
    return tuple(
        map(
            new_row,
            repeat(Installment),
            zip(
                range(1, len(periods) + 1), periods.starts, periods.due_dates, periods.days,
                columns.openings, columns.principals, columns.interests, fees, payments,
                closings, columns.capitalized, strict=True,
            ),
        )
    )  # fmt: skip


def _amortize(
    plan: Plan,
    balance: Decimal,
    rates: Iterable[tuple[Decimal, Decimal]],
    *,
    fixed_base: Decimal | None,
    round_money: Callable[[Decimal], Decimal],
    clamp: bool,
    columns: tuple[list[Decimal], list[Decimal], list[Decimal]],
) -> Decimal:
    """Append every amortising instalment but the last to the ``columns`` (openings,
    principals, interests); return the balance left for the last instalment."""
    openings, principals, interests = columns
    # Locals, not attribute or global look-ups: this loop runs once per instalment.
    add_opening, add_principal, add_interest = openings.append, principals.append, interests.append
    level = plan.level
    level_payment = plan.rule is PrincipalRule.LEVEL_PAYMENT
    nothing = round_money(_ZERO)
    steady = level if plan.rule is PrincipalRule.LEVEL_PRINCIPAL else nothing
    first_principal = plan.first_principal
    for numerator, denominator in rates:
        add_opening(balance)
        # Multiply, then divide last: exact wherever the true interest is a finite decimal.
        interest = round_money((fixed_base or balance) * numerator / denominator)
        add_interest(interest)
        if first_principal is not None:
            principal, first_principal = first_principal, None
        elif level_payment:
            principal = level - interest
        else:
            principal = steady
        if principal < nothing or principal > balance:
            if principal < nothing:
                raise NegativeAmortizationError(len(principals) + 1, interest, level)
            if not clamp:
                raise _OvershootError
            principal = balance
        balance -= principal
        add_principal(principal)
    return balance


def _spread(deferred: Decimal, interests: list[Decimal], first: int, rounding: Rounding) -> None:
    """Share ``deferred`` grace interest among the amortising instalments' interest (equal
    shares rounded toward zero; the last instalment takes the remainder)."""
    count = len(interests) - first
    share = rounding.apply(deferred / count)
    for index in range(first, len(interests) - 1):
        interests[index] += share
    interests[-1] += deferred - share * (count - 1)
