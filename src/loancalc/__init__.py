"""loancalc: exact loan schedules, servicing and restructuring calculations.

>>> from datetime import date
>>> import loancalc as lc
>>> terms = lc.LoanTerms(principal="1000000", annual_rate="4.9%", term=360,
...                      start=date(2024, 1, 15), method=lc.Method.EQUAL_INSTALLMENT)
>>> s = lc.amortize(terms)
>>> s.installments[0].payment, s.total_principal
(Decimal('5307.27'), Decimal('1000000.00'))
"""

from __future__ import annotations

from loancalc.amortization import amortize
from loancalc.calendar import BusinessDayConvention, BusinessDays, Frequency, due_dates
from loancalc.errors import (
    InvalidValueError,
    LoanCalcError,
    NegativeAmortizationError,
    UnknownNameError,
)
from loancalc.money import Rounding, RoundingMode, to_decimal
from loancalc.rates import DayCount, annual_rate
from loancalc.schedule import Installment, Schedule
from loancalc.terms import Accrual, Fees, GraceInterest, LoanTerms, Method

__version__ = "0.1.0"

__all__ = [
    "Accrual",
    "BusinessDayConvention",
    "BusinessDays",
    "DayCount",
    "Fees",
    "Frequency",
    "GraceInterest",
    "Installment",
    "InvalidValueError",
    "LoanCalcError",
    "LoanTerms",
    "Method",
    "NegativeAmortizationError",
    "Rounding",
    "RoundingMode",
    "Schedule",
    "UnknownNameError",
    "__version__",
    "amortize",
    "annual_rate",
    "due_dates",
    "to_decimal",
]
