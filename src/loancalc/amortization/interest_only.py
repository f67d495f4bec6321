"""Interest-only (先息后本): interest every period, all principal with the last instalment.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=100000, annual_rate="6%", term=3, method="interest-only",
...                        start=date(2024, 1, 1)))
>>> [str(i.payment) for i in s.installments]
['500.00', '500.00', '100500.00']
"""

from __future__ import annotations

from loancalc.amortization._plan import MethodSpec, Plan, PlanInputs, Planner, PrincipalRule

__all__ = ["SPEC"]


def make_at_maturity_plan(inputs: PlanInputs) -> Planner:
    """No principal before the last instalment, which repays it all."""
    plan = Plan(rule=PrincipalRule.AT_MATURITY)
    return lambda round_level: plan


SPEC = MethodSpec(make_plan=make_at_maturity_plan)
