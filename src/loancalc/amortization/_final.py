"""The last instalment lower or higher than the level amount (``Rounding.final_payment``).

By default the level amount is rounded by the policy and the last instalment repays what
is left, so it may come out a little higher or lower than the others. With
``final_payment="lower"`` the level amount is the lowest on its grid, from the exact
amount rounded down, that leaves a last instalment no higher than it; with ``"higher"``
the highest, from the exact amount rounded up, that leaves one no lower. This is
FSharp.Finance.Personal's ``LevelPaymentOption`` (``LowerFinalPayment``,
``HigherFinalPayment``; its ``SimilarFinalPayment`` is the default here).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from loancalc.amortization._plan import Plan, PrincipalRule
from loancalc.errors import InvalidValueError
from loancalc.money import FinalPayment, Rounding
from loancalc.schedule import Installment

__all__ = ["LevelRows", "final_adjusted"]

LevelRows = tuple[list[Installment], Plan]
"""A schedule's rows at one level amount, and the plan that made them."""

#: How many grid steps from the exact amount to try. Each step up lowers the last
#: instalment by the step compounded over every period, so one or two steps do on the
#: money grid; more are needed only where interest rounding drifts on long loans. A level
#: that repays the loan early or does not cover a period's interest is stepped past too
#: (the one only going down, the other only going up), within the same bound.
_MOST_STEPS = 64
_ZERO = Decimal(0)


def final_adjusted(
    rows: list[Installment],
    final: FinalPayment,
    payment_rounding: Rounding,
    at_level: Callable[[Callable[[Decimal], Decimal]], LevelRows | None],
    balloon: Decimal = _ZERO,
    *,
    fee: Decimal = _ZERO,
) -> list[Installment]:
    """``rows`` made again at the level amount ``final`` asks for; ``at_level(round_level)``
    makes the rows with the exact level amount rounded by ``round_level`` (``None`` where
    that level repays the loan early or does not cover a period's interest). A
    ``balloon`` left for the last instalment is not compared with the level amount, nor
    the ``fee`` every instalment carries (what the last repays of a financed fee is).

    Raises :class:`~loancalc.errors.InvalidValueError` naming ``rounding.final_payment``
    where no level amount on the grid does what ``final`` asks (a loan too small for a
    coarse ``payment_increment``).
    """
    step = payment_rounding.quantum
    lower = final is FinalPayment.LOWER
    start = payment_rounding.__class__(
        places=payment_rounding.places,
        increment=payment_rounding.increment,
        mode="floor" if lower else "ceiling",
    ).in_context()
    for steps in range(_MOST_STEPS):
        shift = step * steps

        def round_level(amount: Decimal, shift: Decimal = shift) -> Decimal:
            return start(amount) + shift if lower else max(start(amount) - shift, _ZERO)

        made = at_level(round_level)
        if made is None:
            continue
        new_rows, plan = made
        if plan.rule is PrincipalRule.AT_MATURITY:
            return rows  # nothing level to compare the last instalment with
        last = new_rows[-1]
        amount = last.principal - balloon
        if plan.rule is PrincipalRule.LEVEL_PAYMENT:
            amount += last.interest + last.fee - fee
        if (amount <= plan.level) if lower else (amount >= plan.level):
            return new_rows
    raise InvalidValueError(
        "rounding.final_payment",
        final.value,
        f"similar: no level amount on the grid of {step} leaves a last instalment "
        f"{final.value} than it and repays the loan on time",
    )
