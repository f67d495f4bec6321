"""Equal principal (等额本金): the same principal every period, interest on the balance.

The principal share is ``B / m`` rounded by the policy (toward zero if rounding up would
leave the last instalment negative); the last instalment repays the residue.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=1000000, annual_rate="4.9%", term=360,
...                        method="equal-principal", start=date(2024, 1, 15)))
>>> first, second = s.installments[:2]
>>> first.principal, first.interest, first.payment, first.payment - second.payment
(Decimal('2777.78'), Decimal('4083.33'), Decimal('6861.11'), Decimal('11.34'))
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from loancalc.amortization._plan import MethodSpec, Plan, PlanInputs, Planner, PrincipalRule

__all__ = ["SPEC"]


def make_level_principal_plan(inputs: PlanInputs) -> Planner:
    """Split ``inputs.balance`` into equal shares rounded by the level rounding."""
    share = inputs.balance / inputs.count

    def plan(round_level: Callable[[Decimal], Decimal]) -> Plan:
        return Plan(rule=PrincipalRule.LEVEL_PRINCIPAL, level=round_level(share))

    return plan


SPEC = MethodSpec(make_plan=make_level_principal_plan)
