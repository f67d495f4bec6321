"""Balloon: an annuity that leaves ``LoanTerms.balloon`` to be repaid with the last instalment.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=10000, annual_rate="6%", term=12, method="balloon",
...                        balloon=4000, start=date(2024, 1, 1)))
>>> s.installments[0].payment, s.installments[-1].principal > 4000
(Decimal('536.40'), True)
"""

from __future__ import annotations

from loancalc.amortization._plan import MethodSpec
from loancalc.amortization.equal_installment import make_annuity_plan

__all__ = ["SPEC"]

SPEC = MethodSpec(make_plan=make_annuity_plan)
