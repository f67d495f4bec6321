"""Interest-only (先息后本): interest every period, all principal with the last instalment.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=100000, annual_rate="6%", term=3, method="interest-only",
...                        start=date(2024, 1, 1)))
>>> [str(i.payment) for i in s.installments]
['500.00', '500.00', '100500.00']
"""

from __future__ import annotations

from decimal import Decimal

from loancalc.amortization._engine import MethodSpec, PlanInputs

__all__ = ["SPEC", "AtMaturityPlan"]

_ZERO = Decimal(0)


class AtMaturityPlan:
    """No principal before the last instalment (which the engine makes repay it all)."""

    def principal(self, offset: int, balance: Decimal, interest: Decimal) -> Decimal:
        return _ZERO


def _make_plan(inputs: PlanInputs) -> AtMaturityPlan:
    return AtMaturityPlan()


SPEC = MethodSpec(make_plan=_make_plan)
