"""Restructuring: re-instalment, negotiated plans, deferral, prepayment, and breach.

The product limits (:class:`RestructuringRules`) and the prepayment fee
(:class:`PrepaymentFee`) are validated data; :func:`restructure` (re-instalment, re-age,
re-amortise and extend), :func:`defer`, :func:`prepay` and :func:`check_agreement`
compute with them. Each result, and the new schedule it makes (``Schedule.lineage``),
carries the loan's lineage (:class:`LineageEntry`); :func:`lineage_totals` sums it.

>>> from loancalc.restructuring import RestructuringRules
>>> RestructuringRules(allowed=True, kinds=("re-instalment",), max_count=1,
...                    breach_missed_installments=2).max_count
1
"""

from __future__ import annotations

from loancalc.lineage import LineageEntry, lineage_totals
from loancalc.restructuring.agreement import Agreement, AgreementStatus, check_agreement
from loancalc.restructuring.breakdown import Breakdown, BreakdownLine
from loancalc.restructuring.debt import DebtPart
from loancalc.restructuring.deferral import Deferral
from loancalc.restructuring.engine import Restructuring
from loancalc.restructuring.errors import RestructuringNotAllowed
from loancalc.restructuring.obligations import Breach, Obligation
from loancalc.restructuring.outcome import Outcome
from loancalc.restructuring.planner import Change, change, defer, prepay, restructure
from loancalc.restructuring.prepayment import Prepayment
from loancalc.restructuring.prepayment_fee import PrepaymentFee, PrepaymentFeeKind
from loancalc.restructuring.requests import (
    DeferRequest,
    PrepayRequest,
    Request,
    RestructureRequest,
)
from loancalc.restructuring.rules import LeftDueRow, RestructuringKind, RestructuringRules

__all__ = [
    "Agreement",
    "AgreementStatus",
    "Breach",
    "Breakdown",
    "BreakdownLine",
    "Change",
    "DebtPart",
    "DeferRequest",
    "Deferral",
    "LeftDueRow",
    "LineageEntry",
    "Obligation",
    "Outcome",
    "PrepayRequest",
    "Prepayment",
    "PrepaymentFee",
    "PrepaymentFeeKind",
    "Request",
    "RestructureRequest",
    "Restructuring",
    "RestructuringKind",
    "RestructuringNotAllowed",
    "RestructuringRules",
    "change",
    "check_agreement",
    "defer",
    "lineage_totals",
    "prepay",
    "restructure",
]
