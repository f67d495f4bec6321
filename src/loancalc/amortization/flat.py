"""Flat, add-on (等本等息): equal principal, interest on the original principal every period.

Card instalments charge this way, often as a fee: 12 periods at 0.6 % a month on 12,000
cost 72 a period whatever is left owing.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=12000, annual_rate="7.2%", term=12, method="flat",
...                        start=date(2024, 1, 1)))
>>> {str(i.payment) for i in s.installments}, s.total_interest
({'1072.00'}, Decimal('864.00'))
"""

from __future__ import annotations

from loancalc.amortization._plan import MethodSpec
from loancalc.amortization.equal_principal import make_level_principal_plan

__all__ = ["SPEC"]

SPEC = MethodSpec(make_plan=make_level_principal_plan, interest_on_original_principal=True)
