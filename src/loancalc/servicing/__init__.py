"""Servicing: what a borrower owes on a date, given the schedule, the payments and the rules.

The policy values (grace, penalty, late fee, allocation, delinquency) and their bundle
:class:`ServicingRules` live here, with :class:`Payment`.

>>> from loancalc.servicing import ServicingRules, GracePolicy
>>> ServicingRules(grace=GracePolicy(days=3)).grace.days
3
"""

from __future__ import annotations

from loancalc.servicing.allocation import (
    AllocationScope,
    AllocationStrategy,
    get_strategy,
    register_strategy,
    strategy_names,
    unregister_strategy,
)
from loancalc.servicing.amounts import Amounts
from loancalc.servicing.assess import assess, assess_dates
from loancalc.servicing.balance_policies import (
    CostCaps,
    InterestFreePeriod,
    Overpayment,
    PromotionalRate,
)
from loancalc.servicing.bureau import DelinquencyHistory, delinquency_history
from loancalc.servicing.components import Component
from loancalc.servicing.credit_interest import CreditInterest
from loancalc.servicing.delinquency import Classification, DelinquencyTable, Threshold
from loancalc.servicing.events import Event, EventKind
from loancalc.servicing.late_fee import LateFeeDate, Pyramiding
from loancalc.servicing.ledger_events import Charge, LedgerEvent, Refund, Reversal, WriteOff
from loancalc.servicing.payment import Payment
from loancalc.servicing.policies import (
    GracePolicy,
    LateFeeBase,
    LateFeeKind,
    LateFeePolicy,
    PenaltyPolicy,
    PenaltyRate,
    PenaltyRateKind,
    PenaltyRounding,
    ReliefWindow,
)
from loancalc.servicing.rules import InterestBasis, ServicingRules
from loancalc.servicing.settlement_rules import SETTLEMENT_RULES, StatutoryRebate
from loancalc.servicing.state import InstallmentState, LoanState, build_history_with
from loancalc.servicing.state_parts import LedgerInputs, LedgerTotals, Standing
from loancalc.servicing.status import InstallmentStatus
from loancalc.servicing.waiver import Waiver

build_history_with(delinquency_history)

__all__ = [
    "SETTLEMENT_RULES",
    "AllocationScope",
    "AllocationStrategy",
    "Amounts",
    "Charge",
    "Classification",
    "Component",
    "CostCaps",
    "CreditInterest",
    "DelinquencyHistory",
    "DelinquencyTable",
    "Event",
    "EventKind",
    "GracePolicy",
    "InstallmentState",
    "InstallmentStatus",
    "InterestBasis",
    "InterestFreePeriod",
    "LateFeeBase",
    "LateFeeDate",
    "LateFeeKind",
    "LateFeePolicy",
    "LedgerEvent",
    "LedgerInputs",
    "LedgerTotals",
    "LoanState",
    "Overpayment",
    "Payment",
    "PenaltyPolicy",
    "PenaltyRate",
    "PenaltyRateKind",
    "PenaltyRounding",
    "PromotionalRate",
    "Pyramiding",
    "Refund",
    "ReliefWindow",
    "Reversal",
    "ServicingRules",
    "Standing",
    "StatutoryRebate",
    "Threshold",
    "Waiver",
    "WriteOff",
    "assess",
    "assess_dates",
    "delinquency_history",
    "get_strategy",
    "register_strategy",
    "strategy_names",
    "unregister_strategy",
]
