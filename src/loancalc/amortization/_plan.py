"""What a repayment method supplies to the engine: how it plans principal, as data.

A method is a :class:`MethodSpec`: how its interest is based and a function that, once
the amortising periods are known, returns a :class:`Plan` (which :class:`PrincipalRule`,
and the level amount it holds constant).

>>> Plan(rule=PrincipalRule.LEVEL_PRINCIPAL, level=Decimal("100.00")).level
Decimal('100.00')
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import attrs

__all__ = ["MethodSpec", "Plan", "PlanInputs", "Planner", "PrincipalRule"]


@attrs.frozen(kw_only=True)
class PlanInputs:
    """What a method needs to plan its principal repayments once amortisation starts.

    ``balance`` is owed at the start of the first amortising period; ``rate_keys`` name the
    amortising periods' rates in ``rate_table`` (``key -> (numerator, denominator,
    rate)``, see :class:`loancalc.accrual.Periods`), ``rate_counts`` how often each
    occurs; ``regular`` is the full-period rate under periodic accrual as an exact ratio
    (``None`` if periods accrue by the day count);
    ``regular_first_interest`` is set when the first amortising period is the loan's
    irregular first period under periodic accrual: the interest a regular first period
    would charge on ``balance``. Level amounts are rounded to the grid of ``quantum``.
    ``financed_fee``: a fee repaid before principal, bearing no interest
    (:mod:`loancalc.amortization._financed`).
    """

    balance: Decimal
    rate_keys: Sequence[int]
    rate_table: Mapping[int, tuple[Decimal, Decimal, Decimal]]
    rate_counts: Mapping[int, int]
    regular: tuple[Decimal, Decimal] | None
    regular_first_interest: Decimal | None
    balloon: Decimal
    quantum: Decimal
    financed_fee: Decimal = Decimal(0)

    @property
    def count(self) -> int:
        """How many amortising periods (the last included)."""
        return len(self.rate_keys)


class PrincipalRule(enum.Enum):
    """What an amortising instalment (all but the last, which repays the rest) repays."""

    LEVEL_PAYMENT = "level-payment"  # principal = level - interest (annuities)
    LEVEL_PRINCIPAL = "level-principal"  # principal = level
    AT_MATURITY = "at-maturity"  # no principal before the last instalment


@attrs.frozen(kw_only=True)
class Plan:
    """A method's plan for the amortising periods.

    ``first_principal`` overrides the first amortising instalment's principal (an annuity's
    irregular first period repays the principal of a regular one). ``shortfall_limit``,
    when set, lets a level payment fall short of a period's interest: the shortfall is
    capitalised, as long as the balance stays at most the limit. ``financed_fee`` is
    repaid first out of what each instalment pays beyond interest, principal after it.
    """

    rule: PrincipalRule
    level: Decimal = Decimal(0)
    first_principal: Decimal | None = None
    shortfall_limit: Decimal | None = None
    financed_fee: Decimal = Decimal(0)


Planner = Callable[[Callable[[Decimal], Decimal]], Plan]
"""A method's plan for one way of rounding its level amount (the engine tries a few)."""


@attrs.frozen(kw_only=True)
class MethodSpec:
    """A repayment method: how it plans principal and how its interest is based.

    ``make_plan`` computes what the method needs from the :class:`PlanInputs` once, and
    returns a :data:`Planner`.
    """

    make_plan: Callable[[PlanInputs], Planner]
    interest_on_original_principal: bool = False
    single_installment: bool = False
