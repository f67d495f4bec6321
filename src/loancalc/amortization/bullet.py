"""Bullet (到期一次还本付息): one instalment at maturity, ``P (1 + rate x time)``.

``term`` counts the periods to maturity; interest is simple, the sum of the periods'
rates on the principal; per-period fees are charged for every period, at maturity.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=10000, annual_rate="6%", term=6, method="bullet",
...                        start=date(2024, 1, 1)))
>>> len(s.installments), s.installments[0].due_date, s.installments[0].payment
(1, datetime.date(2024, 7, 1), Decimal('10300.00'))
"""

from __future__ import annotations

from loancalc.amortization._plan import MethodSpec
from loancalc.amortization.interest_only import make_at_maturity_plan

__all__ = ["SPEC"]

SPEC = MethodSpec(make_plan=make_at_maturity_plan, single_installment=True)
