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

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Where each public name lives: ``import loancalc`` imports none of them; the first use
#: of a name imports its module (PEP 562), so a program pays only for what it uses.
_EXPORTS: dict[str, str] = {
    "Accrual": "loancalc.terms",
    "Agreement": "loancalc.restructuring",
    "Audit": "loancalc.audit",
    "BorrowerClassification": "loancalc.borrower",
    "BusinessDayConvention": "loancalc.calendar",
    "BusinessDays": "loancalc.calendar",
    "Charge": "loancalc.servicing.ledger_events",
    "Claim": "loancalc.audit",
    "Classification": "loancalc.servicing",
    "Component": "loancalc.servicing",
    "CapScope": "loancalc.caps",
    "CostCap": "loancalc.caps",
    "CostCaps": "loancalc.servicing",
    "CreditLine": "loancalc.lines.line",
    "DayCount": "loancalc.rates",
    "DelinquencyHistory": "loancalc.servicing.history",
    "DelinquencyTable": "loancalc.servicing",
    "Difference": "loancalc.verify",
    "DifferenceKind": "loancalc.verify",
    "Draw": "loancalc.lines.draws",
    "Fees": "loancalc.terms",
    "FinalPayment": "loancalc.money",
    "Finding": "loancalc.audit",
    "Frequency": "loancalc.calendar",
    "GraceInterest": "loancalc.terms",
    "GracePolicy": "loancalc.servicing",
    "Installment": "loancalc.schedule",
    "InterestFreePeriod": "loancalc.servicing",
    "InvalidTypeError": "loancalc.errors",
    "InvalidValueError": "loancalc.errors",
    "LateFeePolicy": "loancalc.servicing",
    "LinePayment": "loancalc.lines.draws",
    "LineRules": "loancalc.lines.rules",
    "LoanCalcError": "loancalc.errors",
    "LoanState": "loancalc.servicing",
    "LoanTerms": "loancalc.terms",
    "Method": "loancalc.terms",
    "Milestone": "loancalc.projection",
    "MilestoneKind": "loancalc.projection",
    "NegativeAmortizationError": "loancalc.errors",
    "OnReprice": "loancalc.rate_schedule",
    "Payment": "loancalc.servicing",
    "PenaltyPolicy": "loancalc.servicing",
    "PenaltyRate": "loancalc.servicing",
    "Projection": "loancalc.projection",
    "PromotionalRate": "loancalc.servicing",
    "Pyramiding": "loancalc.servicing",
    "LateFeeDate": "loancalc.servicing",
    "CreditInterest": "loancalc.servicing",
    "RateChange": "loancalc.rate_schedule",
    "RateSchedule": "loancalc.rate_schedule",
    "Refund": "loancalc.servicing.ledger_events",
    "ReliefWindow": "loancalc.servicing",
    "Restructuring": "loancalc.restructuring",
    "RestructuringNotAllowed": "loancalc.restructuring",
    "Reversal": "loancalc.servicing.ledger_events",
    "Rounding": "loancalc.money",
    "RoundingMode": "loancalc.money",
    "Schedule": "loancalc.schedule",
    "ServicingRules": "loancalc.servicing",
    "StateDiff": "loancalc.state_diff",
    "StatedRow": "loancalc.stated_rows",
    "Tranche": "loancalc.tranches",
    "UnknownNameError": "loancalc.errors",
    "Verification": "loancalc.verify",
    "WriteOff": "loancalc.servicing.ledger_events",
    "amortize": "loancalc.amortization",
    "annual_rate": "loancalc.rates",
    "assess": "loancalc.servicing",
    "assess_line": "loancalc.lines.line",
    "audit": "loancalc.audit",
    "check_agreement": "loancalc.restructuring",
    "classify_borrower": "loancalc.borrower",
    "defer": "loancalc.restructuring",
    "delinquency_history": "loancalc.servicing.bureau",
    "diff": "loancalc.state_diff",
    "due_dates": "loancalc.calendar",
    "merge_draws": "loancalc.lines.merge",
    "prepay": "loancalc.restructuring",
    "project": "loancalc.projection",
    "restructure": "loancalc.restructuring",
    "to_decimal": "loancalc.money",
    "verify": "loancalc.verify",
    "verify_json": "loancalc.verify",
    "verify_rows": "loancalc.verify",
}
#: Subpackages reachable as attributes (``lc.batch``, ``lc.apr``...), imported on first use.
_SUBMODULES = frozenset({"accrual", "apr", "batch", "limits", "lines", "products", "reports"})

if TYPE_CHECKING:  # the type checker and documentation tools see ordinary imports
    from loancalc import accrual, apr, batch, limits, lines, products, reports
    from loancalc.amortization import (
        amortize,
    )
    from loancalc.audit import Audit, Claim, Finding, audit
    from loancalc.borrower import BorrowerClassification, classify_borrower
    from loancalc.calendar import (
        BusinessDayConvention,
        BusinessDays,
        Frequency,
        due_dates,
    )
    from loancalc.caps import CapScope, CostCap
    from loancalc.errors import (
        InvalidTypeError,
        InvalidValueError,
        LoanCalcError,
        NegativeAmortizationError,
        UnknownNameError,
    )
    from loancalc.lines.draws import Draw, LinePayment
    from loancalc.lines.line import CreditLine, assess_line
    from loancalc.lines.merge import merge_draws
    from loancalc.lines.rules import LineRules
    from loancalc.money import (
        FinalPayment,
        Rounding,
        RoundingMode,
        to_decimal,
    )
    from loancalc.projection import (
        Milestone,
        MilestoneKind,
        Projection,
        project,
    )
    from loancalc.rate_schedule import OnReprice, RateChange, RateSchedule
    from loancalc.rates import (
        DayCount,
        annual_rate,
    )
    from loancalc.restructuring import (
        Agreement,
        Restructuring,
        RestructuringNotAllowed,
        check_agreement,
        defer,
        prepay,
        restructure,
    )
    from loancalc.schedule import (
        Installment,
        Schedule,
    )
    from loancalc.servicing import (
        Classification,
        Component,
        CostCaps,
        CreditInterest,
        DelinquencyTable,
        GracePolicy,
        InterestFreePeriod,
        LateFeeDate,
        LateFeePolicy,
        LoanState,
        Payment,
        PenaltyPolicy,
        PenaltyRate,
        PromotionalRate,
        Pyramiding,
        ReliefWindow,
        ServicingRules,
    )
    from loancalc.servicing.assess import assess
    from loancalc.servicing.bureau import delinquency_history
    from loancalc.servicing.history import DelinquencyHistory
    from loancalc.servicing.ledger_events import Charge, Refund, Reversal, WriteOff
    from loancalc.state_diff import (
        StateDiff,
        diff,
    )
    from loancalc.stated_rows import (
        StatedRow,
    )
    from loancalc.terms import (
        Accrual,
        Fees,
        GraceInterest,
        LoanTerms,
        Method,
    )
    from loancalc.tranches import Tranche
    from loancalc.verify import (
        Difference,
        DifferenceKind,
        Verification,
        verify,
        verify_json,
        verify_rows,
    )


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use and cache the name in this module."""
    if name in _SUBMODULES:
        value: Any = importlib.import_module(f"loancalc.{name}")
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'loancalc' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """This package's module type: importing the submodule ``loancalc.verify`` must not
    replace the function ``loancalc.verify`` (the import system binds a submodule as an
    attribute of its package; with every name imported eagerly, the function was bound
    after it)."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and name in _EXPORTS:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "Accrual",
    "Agreement",
    "Audit",
    "BorrowerClassification",
    "BusinessDayConvention",
    "BusinessDays",
    "CapScope",
    "Charge",
    "Claim",
    "Classification",
    "Component",
    "CostCap",
    "CostCaps",
    "CreditInterest",
    "CreditLine",
    "DayCount",
    "DelinquencyHistory",
    "DelinquencyTable",
    "Difference",
    "DifferenceKind",
    "Draw",
    "Fees",
    "FinalPayment",
    "Finding",
    "Frequency",
    "GraceInterest",
    "GracePolicy",
    "Installment",
    "InterestFreePeriod",
    "InvalidTypeError",
    "InvalidValueError",
    "LateFeeDate",
    "LateFeePolicy",
    "LinePayment",
    "LineRules",
    "LoanCalcError",
    "LoanState",
    "LoanTerms",
    "Method",
    "Milestone",
    "MilestoneKind",
    "NegativeAmortizationError",
    "OnReprice",
    "Payment",
    "PenaltyPolicy",
    "PenaltyRate",
    "Projection",
    "PromotionalRate",
    "Pyramiding",
    "RateChange",
    "RateSchedule",
    "Refund",
    "ReliefWindow",
    "Restructuring",
    "RestructuringNotAllowed",
    "Reversal",
    "Rounding",
    "RoundingMode",
    "Schedule",
    "ServicingRules",
    "StateDiff",
    "StatedRow",
    "Tranche",
    "UnknownNameError",
    "Verification",
    "WriteOff",
    "__version__",
    "accrual",
    "amortize",
    "annual_rate",
    "apr",
    "assess",
    "assess_line",
    "audit",
    "batch",
    "check_agreement",
    "classify_borrower",
    "defer",
    "delinquency_history",
    "diff",
    "due_dates",
    "limits",
    "lines",
    "merge_draws",
    "prepay",
    "products",
    "project",
    "reports",
    "restructure",
    "to_decimal",
    "verify",
    "verify_json",
    "verify_rows",
]
