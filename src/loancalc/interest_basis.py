"""Where contract interest comes from while a loan is serviced: :class:`InterestBasis`.

A value, like a repayment method: the servicing rules hold one, and the rules that are
measured differently on each basis (a cost cap on what an overdue amount bears, see
:mod:`loancalc.caps`) take one.

>>> InterestBasis.parse("actual-balance").runs_contract_interest_on_overdue
True
"""

from __future__ import annotations

from typing import assert_never

from loancalc._naming import NamedEnum

__all__ = ["InterestBasis"]


class InterestBasis(NamedEnum):
    """Where contract interest comes from while servicing.

    ``SCHEDULED``: contract interest is what the schedule says; it stops on an
    instalment's principal at its due date, and lateness costs penalty interest and fees
    (instalment loans, card instalments, most bank consumer loans). ``ACTUAL_BALANCE``:
    contract interest accrues daily on the principal actually outstanding, overdue or
    not; the schedule is a plan.

    >>> InterestBasis.parse("scheduled")
    <InterestBasis.SCHEDULED: 'scheduled'>
    """

    SCHEDULED = "scheduled"
    ACTUAL_BALANCE = "actual-balance"

    @classmethod
    def _field_name(cls) -> str:
        return "interest_basis"

    @property
    def runs_contract_interest_on_overdue(self) -> bool:
        """Whether overdue principal still bears contract interest on this basis.

        >>> InterestBasis.SCHEDULED.runs_contract_interest_on_overdue
        False
        """
        match self:
            case InterestBasis.SCHEDULED:
                return False
            case InterestBasis.ACTUAL_BALANCE:
                return True
            case _ as unreachable:
                assert_never(unreachable)
