"""The components a borrower's debt is made of, in the order statements list them.

>>> [c.value for c in Component]
['principal', 'interest', 'fee', 'penalty-interest', 'compound-interest', 'late-fee']
>>> Component.parse("罚息")
<Component.PENALTY_INTEREST: 'penalty-interest'>
"""

from __future__ import annotations

from loancalc.terms import _ParsedEnum

__all__ = ["CHARGES", "SCHEDULED", "Component"]


class Component(_ParsedEnum):
    """One part of what is owed: scheduled (principal, interest, fee) or a charge for lateness.

    >>> Component.parse("compound"), Component.parse("滞纳金")
    (<Component.COMPOUND_INTEREST: 'compound-interest'>, <Component.LATE_FEE: 'late-fee'>)
    """

    PRINCIPAL = "principal"  # 本金
    INTEREST = "interest"  # 利息 (contract interest as scheduled)
    FEE = "fee"  # 手续费 (scheduled per-period fee)
    PENALTY_INTEREST = "penalty-interest"  # 罚息 on overdue principal
    COMPOUND_INTEREST = "compound-interest"  # 复利 on overdue interest
    LATE_FEE = "late-fee"  # 滞纳金 / 违约金

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "本金": "principal",
            "利息": "interest",
            "手续费": "fee",
            "fees": "fee",
            "penalty": "penalty-interest",
            "罚息": "penalty-interest",
            "compound": "compound-interest",
            "复利": "compound-interest",
            "late-fees": "late-fee",
            "滞纳金": "late-fee",
            "违约金": "late-fee",
        }

    @classmethod
    def _field_name(cls) -> str:
        return "component"


#: The components an instalment of the schedule carries.
SCHEDULED = (Component.PRINCIPAL, Component.INTEREST, Component.FEE)
#: The components lateness adds.
CHARGES = (Component.PENALTY_INTEREST, Component.COMPOUND_INTEREST, Component.LATE_FEE)
