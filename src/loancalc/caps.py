"""One cost-cap concept: :class:`CostCap`, what it limits (:class:`CapScope`) and how.

A contract's annual cost caps used to be five fields, each with its own arithmetic. Each
is now a view of one :class:`CostCap`, built by a property next to the old field:

=================================  ========================  ==============================
old field                          the cap                   enforced by
=================================  ========================  ==============================
``ProductRules.max_rate``          ``CONTRACT_RATE``         :meth:`CostCap.admits` when a
                                                             contract rate is chosen
``RestructuringRules.max_rate``    ``CONTRACT_RATE``         :meth:`CostCap.admits` on a
                                                             plan's new rate
``ProductRules.rate_cap``          ``ALL_IN_COST``           :meth:`CostCap.admits` on the
                                                             contract rate (its share of
                                                             the all-in cost)
``PenaltyPolicy.cap_annual_cost``  ``OVERDUE_RATE``          :meth:`CostCap.penalty_rate`
                                                             and :meth:`CostCap.overdue_rate`
``CostCaps.annual_rate``           ``ALL_IN_COST``           :meth:`CostCap.allowance`, cut
                                                             as costs accrue
=================================  ========================  ==============================

How an annual cost is measured depends on the interest basis (:class:`InterestBasis`):

- ``OVERDUE_RATE``: the annual rate an overdue amount bears in all. On the scheduled basis
  contract interest stops on an instalment's principal at its due date, so the penalty
  rate alone is that cost and may use the whole cap. On the actual-balance basis contract
  interest runs on over overdue principal, so the penalty charged is what the capped rate
  leaves above the contract rate. Overdue interest bears no contract interest on either
  basis: the compound rate may use the whole cap.
- ``ALL_IN_COST``: every cost charged (contract interest, penalty, compound interest, fees
  and late fees) up to a day is at most the principal in use times the rate over the
  years so far (the allowance grows span by span, on the principal outstanding in each).

>>> cap = CostCap(rate="24%", limits="overdue-rate")
>>> asked = Decimal("0.27")  # 1.5 x an 18 % contract rate
>>> cap.penalty_rate(asked, Decimal("0.18"), InterestBasis.SCHEDULED)
Decimal('0.24')
>>> cap.penalty_rate(asked, Decimal("0.18"), InterestBasis.ACTUAL_BALANCE)  # 24 - 18 points
Decimal('0.06')
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from typing import assert_never

import attrs

from loancalc._naming import NamedEnum
from loancalc.interest_basis import InterestBasis
from loancalc.money import CONTEXT
from loancalc.rates import annual_rate

__all__ = ["CapScope", "CostCap", "InterestBasis", "penalty_over_contract"]

_ZERO = Decimal(0)


class CapScope(NamedEnum):
    """What a :class:`CostCap` limits.

    ``CONTRACT_RATE``: the annual rate a contract or a restructuring plan may state
    (checked when the rate is chosen; nothing accruing is cut). ``OVERDUE_RATE``: the
    annual rate an overdue amount bears in all, penalty or compound interest plus any
    contract interest still running on it. ``ALL_IN_COST``: the annualised cost of every
    charge together (interest of all kinds and fees) on the principal in use.

    >>> CapScope.parse("all-in-cost")
    <CapScope.ALL_IN_COST: 'all-in-cost'>
    """

    CONTRACT_RATE = "contract-rate"
    OVERDUE_RATE = "overdue-rate"
    ALL_IN_COST = "all-in-cost"

    @classmethod
    def _field_name(cls) -> str:
        return "cap.limits"


def _to_scope(value: object) -> CapScope:
    return CapScope.parse(value)


def _to_rate(value: object) -> Decimal:
    return annual_rate(value, field="cap.rate")


def penalty_over_contract(all_in: Decimal, contract_rate: Decimal, basis: InterestBasis) -> Decimal:
    """The penalty rate to charge on overdue principal so that it bears ``all_in`` a year
    in all: all of it on the scheduled basis (contract interest has stopped there), what is
    left above the contract rate on the actual-balance basis (never below 0).

    >>> penalty_over_contract(Decimal("0.27"), Decimal("0.18"), InterestBasis.ACTUAL_BALANCE)
    Decimal('0.09')
    >>> penalty_over_contract(Decimal("0.10"), Decimal("0.18"), InterestBasis.ACTUAL_BALANCE)
    Decimal('0')
    """
    if not basis.runs_contract_interest_on_overdue:
        return all_in
    with decimal.localcontext(CONTEXT):
        return max(_ZERO, all_in - contract_rate)


@attrs.frozen(kw_only=True)
class CostCap:
    """An annual cost cap: the annual ``rate`` (a fraction, 0.24 for 24 %), what it
    ``limits`` (a :class:`CapScope`) and the rule field it came from (``source``, for
    messages and reports: ``"penalty.cap_annual_cost"``...).

    >>> CostCap(rate="24%", limits="contract-rate").admits(Decimal("0.25"))
    False
    >>> CostCap(rate="-1%", limits="contract-rate")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: cap.rate: got '-1%'; accepted: an annual fraction ...
    """

    rate: Decimal = attrs.field(converter=_to_rate)
    limits: CapScope = attrs.field(converter=_to_scope)
    source: str = attrs.field(default="", eq=False)

    def admits(self, rate: Decimal) -> bool:
        """Whether a contract or plan stating the annual ``rate`` stays within the cap (a
        contract rate above an all-in or overdue cost cap already exceeds it).

        >>> CostCap(rate="24%", limits="all-in-cost").admits(Decimal("0.24"))
        True
        """
        return rate <= self.rate

    def overdue_rate(self, asked: Decimal) -> Decimal:
        """The annual rate an overdue amount may bear in all when the contract asks
        ``asked``: cut to the cap by an ``OVERDUE_RATE`` cap; a contract-rate cap is
        checked when the rate is chosen and an all-in cost cap as costs accrue
        (:meth:`allowance`), so neither cuts a rate.

        >>> CostCap(rate="24%", limits="overdue-rate").overdue_rate(Decimal("0.27"))
        Decimal('0.24')
        >>> CostCap(rate="24%", limits="all-in-cost").overdue_rate(Decimal("0.27"))
        Decimal('0.27')
        """
        match self.limits:
            case CapScope.OVERDUE_RATE:
                return min(asked, self.rate)
            case CapScope.CONTRACT_RATE | CapScope.ALL_IN_COST:
                return asked
            case _ as unreachable:
                assert_never(unreachable)

    def penalty_rate(self, asked: Decimal, contract_rate: Decimal, basis: InterestBasis) -> Decimal:
        """The penalty rate charged on overdue principal on ``basis`` when the contract asks
        ``asked`` as the overdue rate of a loan at ``contract_rate``: the capped rate
        (:meth:`overdue_rate`), less the contract interest still running on overdue
        principal (:func:`penalty_over_contract`).

        >>> cap = CostCap(rate="24%", limits="overdue-rate")
        >>> cap.penalty_rate(Decimal("0.20"), Decimal("0.18"), InterestBasis.SCHEDULED)
        Decimal('0.20')
        """
        return penalty_over_contract(self.overdue_rate(asked), contract_rate, basis)

    def allowance(self, principal: Fraction, years: Fraction) -> Fraction:
        """What ``principal`` in use for ``years`` may cost in all under the cap (exact).

        >>> CostCap(rate="24%", limits="all-in-cost").allowance(Fraction(100), Fraction(1, 12))
        Fraction(2, 1)
        """
        return principal * Fraction(self.rate) * years
