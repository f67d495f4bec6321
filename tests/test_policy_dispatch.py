"""Every policy variant is handled by each method that dispatches on it.

The dispatching methods ``match`` over their enum and end in ``assert_never``, so
``mypy --strict`` names every place a new member is left unhandled; these tests call each
method with every member (a member falling through would raise ``AssertionError``), and
check the answers against the variants' documented meaning.
"""

from __future__ import annotations

import ast
import inspect
from datetime import date
from decimal import Decimal
from enum import Enum
from types import ModuleType

import numpy as np
import pytest

from loancalc import caps, interest_basis
from loancalc.caps import CapScope, CostCap, InterestBasis
from loancalc.money import Rounding
from loancalc.restructuring import rules as restructuring_rules
from loancalc.restructuring.rules import LeftDueRow
from loancalc.servicing import (
    allocation,
    balance_policies,
    late_fee,
    late_fee_kinds,
    policies,
    settlement_rules,
)
from loancalc.servicing.allocation import AllocationScope
from loancalc.servicing.balance_policies import Overpayment
from loancalc.servicing.late_fee import (
    LateFeeBase,
    LateFeeDate,
    LateFeeKind,
    LateFeePolicy,
    Pyramiding,
)
from loancalc.servicing.policies import PenaltyRate, PenaltyRateKind, PenaltyRounding
from loancalc.servicing.settlement_rules import SettlementRuleKind, settlement_rule

CONTRACT = Decimal("0.18")


@pytest.mark.parametrize("kind", list(PenaltyRateKind), ids=lambda k: k.value)
def test_every_penalty_rate_kind_has_an_annual_rate(kind: PenaltyRateKind) -> None:
    value = Decimal(0) if kind is PenaltyRateKind.NONE else Decimal("0.5")
    rate = PenaltyRate(kind=kind, value=value)
    expected = {  # contract 18 %, value 0.5, a 360-day year
        PenaltyRateKind.NONE: Decimal(0),
        PenaltyRateKind.MULTIPLIER: Decimal("0.09"),  # 18 % x 0.5
        PenaltyRateKind.PLUS_SHARE: Decimal("0.27"),  # 18 % x 1.5
        PenaltyRateKind.PLUS_POINTS: Decimal("0.68"),  # 18 % + 50 points
        PenaltyRateKind.ANNUAL: Decimal("0.5"),
        PenaltyRateKind.DAILY: Decimal("180"),  # 0.5 a day x 360
    }
    assert rate.annual(CONTRACT, 360) == expected[kind]
    assert kind.charges is (kind is not PenaltyRateKind.NONE)


@pytest.mark.parametrize("kind", list(PenaltyRounding), ids=lambda k: k.value)
def test_every_penalty_rounding(kind: PenaltyRounding) -> None:
    assert kind.rounds_each_day is (kind is PenaltyRounding.DAILY)


@pytest.mark.parametrize("kind", list(LateFeeKind), ids=lambda k: k.value)
@pytest.mark.parametrize("base", list(LateFeeBase), ids=lambda b: b.value)
def test_every_late_fee_kind_and_base_charges(kind: LateFeeKind, base: LateFeeBase) -> None:
    amount = "15" if kind is LateFeeKind.FIXED else "0"
    share = "0.05" if kind is LateFeeKind.SHARE else "0"
    policy = LateFeePolicy(kind=kind, base=base, amount=amount, share=share)
    unpaid, scheduled = Decimal("400.00"), Decimal("1000.00")
    fee = policy.fee(unpaid=unpaid, scheduled=scheduled, charged=Decimal(0), rounding=Rounding())
    expected = {  # a share is 5 % of 400 unpaid (20.00) or of 1,000 scheduled (50.00)
        LateFeeKind.NONE: Decimal(0),
        LateFeeKind.FIXED: Decimal(15),
        LateFeeKind.SHARE: Decimal("20.00") if base is LateFeeBase.UNPAID else Decimal("50.00"),
    }[kind]
    assert fee == expected
    units = policy.fees_in_units(
        unpaid=np.array([40000]), scheduled=np.array([100000]), quantum=Decimal("0.01"),
        share_of=lambda b, share: b * int(share * 100) // 100,
    )  # fmt: skip
    assert units.tolist() == [int(expected * 100)]
    assert policy.charges_anything is kind.charges is (kind is not LateFeeKind.NONE)
    assert kind.varies_with_base is (kind is LateFeeKind.SHARE)
    assert base.pick(unpaid, scheduled) == (unpaid if base is LateFeeBase.UNPAID else scheduled)


@pytest.mark.parametrize("kind", list(Pyramiding), ids=lambda k: k.value)
def test_every_pyramiding_rule(kind: Pyramiding) -> None:
    policy = LateFeePolicy(kind="fixed", amount="10", pyramiding=kind)
    rows = [(1, date(2024, 1, 15), date(2024, 1, 18), Decimal(100))]
    spared = late_fee.spared_installments(policy, rows, [(date(2024, 1, 15), Decimal(100))])
    assert kind.spares_installments is (kind is Pyramiding.FORBIDDEN)
    assert spared == (frozenset({1}) if kind.spares_installments else frozenset())


@pytest.mark.parametrize("kind", list(AllocationScope), ids=lambda k: k.value)
def test_every_allocation_scope(kind: AllocationScope) -> None:
    assert kind.by_installment is (kind is AllocationScope.BY_INSTALLMENT)


@pytest.mark.parametrize("kind", list(Overpayment), ids=lambda k: k.value)
def test_every_overpayment_rule(kind: Overpayment) -> None:
    assert kind.holds_credit is (kind is Overpayment.CREDIT)


@pytest.mark.parametrize("kind", list(LeftDueRow), ids=lambda k: k.value)
def test_every_left_due_row(kind: LeftDueRow) -> None:
    assert kind.in_first_instalment is (kind is LeftDueRow.FIRST_INSTALMENT)


@pytest.mark.parametrize("kind", list(SettlementRuleKind), ids=lambda k: k.value)
def test_every_settlement_rule(kind: SettlementRuleKind) -> None:
    import loancalc as lc

    schedule = lc.amortize(lc.LoanTerms(principal=1200, annual_rate="12%", term=24,
                                        start=date(2024, 1, 31)))  # fmt: skip
    rule = settlement_rule(kind.value, schedule)
    if kind is SettlementRuleKind.INTEREST_TO_DATE:
        assert rule is None
        assert kind.deferral_months is None
    else:
        assert rule is not None
        assert rule.deferral_months == kind.deferral_months
        # a 24-month agreement: the deferred rule moves the settlement date a month on
        moved = rule.settlement_date(date(2024, 5, 31))
        assert moved == (date(2024, 6, 30) if kind.deferral_months else date(2024, 5, 31))


@pytest.mark.parametrize("scope", list(CapScope), ids=lambda k: k.value)
@pytest.mark.parametrize("basis", list(InterestBasis), ids=lambda b: b.value)
def test_every_cap_scope_on_every_basis(scope: CapScope, basis: InterestBasis) -> None:
    cap = CostCap(rate="0.24", limits=scope)
    asked = Decimal("0.27")
    all_in = Decimal("0.24") if scope is CapScope.OVERDUE_RATE else asked
    running = CONTRACT if basis is InterestBasis.ACTUAL_BALANCE else Decimal(0)
    assert cap.penalty_rate(asked, CONTRACT, basis) == all_in - running
    assert basis.runs_contract_interest_on_overdue is (basis is InterestBasis.ACTUAL_BALANCE)


_DISPATCHERS: list[tuple[ModuleType, type[Enum]]] = [
    (policies, PenaltyRateKind),
    (policies, PenaltyRounding),
    (late_fee, LateFeeKind),
    (late_fee_kinds, LateFeeKind),
    (late_fee_kinds, LateFeeBase),
    (late_fee_kinds, Pyramiding),
    (late_fee_kinds, LateFeeDate),
    (allocation, AllocationScope),
    (balance_policies, Overpayment),
    (settlement_rules, SettlementRuleKind),
    (caps, CapScope),
    (restructuring_rules, LeftDueRow),
    (interest_basis, InterestBasis),
]


@pytest.mark.parametrize(
    ("module", "enum"), _DISPATCHERS, ids=[enum.__name__ for _, enum in _DISPATCHERS]
)
def test_dispatch_is_an_exhaustive_match(module: ModuleType, enum: type[Enum]) -> None:
    """Each ``match`` over the enum's members ends in ``case _ as x: assert_never(x)``, and
    no ``if x is Enum.MEMBER`` chain dispatches on it in its own module."""
    tree = ast.parse(inspect.getsource(module))
    matches = [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Match) and _names_enum(node, enum.__name__)
    ]  # fmt: skip
    assert matches, f"no match over {enum.__name__} in {module.__name__}"
    for node in matches:
        last = node.cases[-1]
        assert _is_wildcard(last.pattern), ast.unparse(last.pattern)
        call = last.body[0]
        assert isinstance(call, ast.Expr)
        assert isinstance(call.value, ast.Call)
        assert ast.unparse(call.value.func) == "assert_never"
    chains = [
        node for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
        and any(isinstance(op, ast.Is | ast.IsNot) for op in node.test.ops)
        and enum.__name__ + "." in ast.unparse(node.test)
    ]  # fmt: skip
    assert not chains, [ast.unparse(node.test) for node in chains]


def _names_enum(node: ast.Match, name: str) -> bool:
    return any(name + "." in ast.unparse(case.pattern) for case in node.cases)


def _is_wildcard(pattern: ast.pattern) -> bool:
    """``_`` or ``_ as name``."""
    if not isinstance(pattern, ast.MatchAs):
        return False
    return pattern.pattern is None or _is_wildcard(pattern.pattern)
