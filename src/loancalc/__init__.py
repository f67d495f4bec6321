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

from loancalc import accrual, apr, batch, products
from loancalc.amortization import amortize
from loancalc.calendar import BusinessDayConvention, BusinessDays, Frequency, due_dates
from loancalc.errors import (
    InvalidTypeError,
    InvalidValueError,
    LoanCalcError,
    NegativeAmortizationError,
    UnknownNameError,
)
from loancalc.money import Rounding, RoundingMode, to_decimal
from loancalc.projection import Milestone, MilestoneKind, Projection, project
from loancalc.rates import DayCount, annual_rate
from loancalc.restructuring import (
    Agreement,
    Restructuring,
    RestructuringNotAllowed,
    check_agreement,
    defer,
    prepay,
    restructure,
)
from loancalc.schedule import Installment, Schedule
from loancalc.servicing import (
    Classification,
    Component,
    CostCaps,
    DelinquencyTable,
    GracePolicy,
    InterestFreePeriod,
    LateFeePolicy,
    LoanState,
    Payment,
    PenaltyPolicy,
    PenaltyRate,
    PromotionalRate,
    Pyramiding,
    ReliefWindow,
    ServicingRules,
    assess,
)
from loancalc.state_diff import StateDiff, diff
from loancalc.stated_rows import StatedRow
from loancalc.terms import Accrual, Fees, GraceInterest, LoanTerms, Method
from loancalc.verify import (
    Difference,
    DifferenceKind,
    Verification,
    verify,
    verify_json,
    verify_rows,
)

__version__ = "0.1.0"

__all__ = [
    "Accrual",
    "Agreement",
    "BusinessDayConvention",
    "BusinessDays",
    "Classification",
    "Component",
    "CostCaps",
    "DayCount",
    "DelinquencyTable",
    "Difference",
    "DifferenceKind",
    "Fees",
    "Frequency",
    "GraceInterest",
    "GracePolicy",
    "Installment",
    "InterestFreePeriod",
    "InvalidTypeError",
    "InvalidValueError",
    "LateFeePolicy",
    "LoanCalcError",
    "LoanState",
    "LoanTerms",
    "Method",
    "Milestone",
    "MilestoneKind",
    "NegativeAmortizationError",
    "Payment",
    "PenaltyPolicy",
    "PenaltyRate",
    "Projection",
    "PromotionalRate",
    "Pyramiding",
    "ReliefWindow",
    "Restructuring",
    "RestructuringNotAllowed",
    "Rounding",
    "RoundingMode",
    "Schedule",
    "ServicingRules",
    "StateDiff",
    "StatedRow",
    "UnknownNameError",
    "Verification",
    "__version__",
    "accrual",
    "amortize",
    "annual_rate",
    "apr",
    "assess",
    "batch",
    "check_agreement",
    "defer",
    "diff",
    "due_dates",
    "prepay",
    "products",
    "project",
    "restructure",
    "to_decimal",
    "verify",
    "verify_json",
    "verify_rows",
]
