"""The engine every repayment method runs: grace, the amortising instalments, the last one.

A method is data (:mod:`loancalc.amortization._plan`): it returns a plan for the amortising
periods once the engine has run the grace periods; the engine makes the rows the same way
for every method (:mod:`loancalc.amortization._rows`), and the last instalment repays what
is left.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterator
from decimal import Decimal

import attrs

from loancalc.amortization._factors import exact_factors
from loancalc.amortization._periods import Periods, build_periods
from loancalc.amortization._plan import MethodSpec, Plan, PlanInputs, PrincipalRule
from loancalc.amortization._rows import (
    ExactFactors,
    OvershootError,
    RowMaker,
    Rows,
    checked_rows,
    level_payment_rows,
    scheduled_principal_rows,
)
from loancalc.errors import InvalidValueError, NegativeAmortizationError
from loancalc.money import CONTEXT, Rounding
from loancalc.schedule import Installment, Schedule
from loancalc.terms import GraceInterest, LoanTerms

__all__ = ["run"]

_ZERO = Decimal(0)
#: How many grid steps below the rounded level amount to try before clamping instead.
_LEVEL_STEPS_DOWN = 25
#: The largest balance capitalised interest may reach (amounts keep 40 digits, cents incl.).
_LARGEST_BALANCE = Decimal("1E+24")


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
                except OvershootError:
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
    zero = round_money(_ZERO)  # zero on the money grid: 0.00, so every column reads alike
    maker = RowMaker(periods=periods, fee=_installment_fee(terms, periods, round_money), zero=zero)
    fixed_base = original if spec.interest_on_original_principal else None
    balance = original + zero  # the same value, written to at least the grid's places
    rows, balance, deferred = _grace_rows(
        terms, maker, balance, fixed_base=fixed_base, round_money=round_money
    )
    first, last = len(rows), len(periods) - 1

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
    amortising, balance = _amortising_rows(
        terms, maker, plan, range(first, last), balance,
        fixed_base=fixed_base, round_money=round_money, clamp=clamp,
    )  # fmt: skip
    rows += amortising
    base = balance if fixed_base is None else fixed_base
    interest = round_money(base * periods.rate_numerators[last] / periods.rate_denominators[last])
    rows.append(maker.row(last, balance, balance, interest))
    if deferred:
        _spread(deferred, rows, first, terms.rounding.toward_zero())
    fees = terms.fees
    upfront = round_money(fees.upfront + original * fees.upfront_rate)
    return Schedule(terms=terms, installments=rows, upfront_fee=upfront)


def _installment_fee(
    terms: LoanTerms, periods: Periods, round_money: Callable[[Decimal], Decimal]
) -> Decimal:
    fees = terms.fees
    per_period = fees.per_period + terms.principal * fees.per_period_rate
    return round_money(per_period * periods.periods_per_installment)


def _grace_rows(
    terms: LoanTerms,
    maker: RowMaker,
    balance: Decimal,
    *,
    fixed_base: Decimal | None,
    round_money: Callable[[Decimal], Decimal],
) -> tuple[list[Installment], Decimal, Decimal]:
    """The grace instalments (no principal; in interest grace no interest either), the
    balance after them and the interest deferred to be spread."""
    grace_interest = terms.grace_interest_periods
    capitalize = terms.grace_interest_mode is GraceInterest.CAPITALIZE
    numerators, denominators = maker.periods.rate_numerators, maker.periods.rate_denominators
    zero = maker.zero
    deferred = _ZERO
    rows = []
    for index in range(max(terms.grace_principal_periods, grace_interest)):
        base = balance if fixed_base is None else fixed_base
        interest = round_money(base * numerators[index] / denominators[index])
        if index >= grace_interest:
            rows.append(maker.row(index, balance, zero, interest))
        elif not capitalize:
            deferred += interest
            rows.append(maker.row(index, balance, zero, zero))
        else:
            rows.append(maker.row(index, balance, zero, zero, capitalized=interest))
            balance += interest
            if balance > _LARGEST_BALANCE:
                raise InvalidValueError(
                    "grace_interest_periods",
                    grace_interest,
                    f"fewer periods: capitalised interest grows the balance past "
                    f"{_LARGEST_BALANCE} by period {index + 1}",
                )
    return rows, balance, deferred


def _amortising_rows(
    terms: LoanTerms,
    maker: RowMaker,
    plan: Plan,
    periods: range,
    balance: Decimal,
    *,
    fixed_base: Decimal | None,
    round_money: Callable[[Decimal], Decimal],
    clamp: bool,
) -> Rows:
    """Every amortising instalment but the last, by the fastest loop that fits the plan."""
    if clamp:
        return checked_rows(
            maker, plan, periods, balance,
            fixed_base=fixed_base, round_money=round_money, clamp=True,
        )  # fmt: skip
    head: list[Installment] = []
    if plan.first_principal is not None and periods:
        head, balance = checked_rows(
            maker, plan, periods[:1], balance,
            fixed_base=fixed_base, round_money=round_money, clamp=False,
        )  # fmt: skip
        periods = periods[1:]
        plan = attrs.evolve(plan, first_principal=None)
    base = balance if fixed_base is None else fixed_base
    exact = _exact_factors(maker.periods, periods, terms.rounding, base)
    if plan.rule is not PrincipalRule.LEVEL_PAYMENT:
        principal = plan.level if plan.rule is PrincipalRule.LEVEL_PRINCIPAL else maker.zero
        rows, balance = scheduled_principal_rows(
            maker, periods, balance, principal,
            fixed_base=fixed_base, round_money=round_money, exact=exact,
        )  # fmt: skip
        return head + rows, balance
    made = None
    if exact is not None and fixed_base is None:
        made = level_payment_rows(maker, periods, balance, plan.level, exact)
    if made is None:
        made = checked_rows(
            maker, plan, periods, balance,
            fixed_base=fixed_base, round_money=round_money, clamp=False,
        )  # fmt: skip
    rows, balance = made
    return head + rows, balance


def _exact_factors(
    source: Periods, periods: range, rounding: Rounding, largest: Decimal
) -> ExactFactors | None:
    """Exact interest factors for ``periods`` and bases up to ``largest`` (see
    :func:`exact_factors`), or ``None``."""
    numerators = source.rate_numerators[periods.start : periods.stop]
    denominators = source.rate_denominators[periods.start : periods.stop]
    if source.regular is None:
        rates = list(zip(numerators, denominators, strict=True))
        table = exact_factors(rates, rounding, largest)
        if table is None:
            return None
        factors = list(map(table.__getitem__, rates))
    else:  # periodic accrual: every period has the regular rate, but an irregular first one
        regular = source.regular
        irregular = periods.start == 0 and source.irregular_first and bool(periods)
        distinct = [regular, (numerators[0], denominators[0])] if irregular else [regular]
        table = exact_factors(distinct, rounding, largest)
        if table is None:
            return None
        factors = [table[regular]] * len(periods)
        if irregular:
            factors[0] = table[distinct[1]]
    largest_factor = max(table.values(), default=_ZERO)
    return ExactFactors(factors=factors, largest_factor=largest_factor, rounding=rounding)


def _spread(deferred: Decimal, rows: list[Installment], first: int, rounding: Rounding) -> None:
    """Share ``deferred`` grace interest among the amortising instalments' interest (equal
    shares rounded toward zero; the last instalment takes the remainder)."""
    count = len(rows) - first
    share = rounding.apply(deferred / count)
    for index in range(first, len(rows)):
        extra = share if index < len(rows) - 1 else deferred - share * (count - 1)
        row = rows[index]
        rows[index] = row._replace(interest=row.interest + extra, payment=row.payment + extra)
