"""What a product's contract says lateness costs: grace, penalty interest and late fees.

Each policy is a small frozen value; the defaults charge nothing (no grace is needed when
nothing is charged, and nothing is charged unless a rule says so).

>>> penalty = PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True)
>>> penalty.annual_rate(Decimal("0.18")), penalty.compound_annual_rate(Decimal("0.18"))
(Decimal('0.270'), Decimal('0.270'))
>>> GracePolicy(days=3).days, LateFeePolicy().kind.value
(3, 'none')
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from typing import Any, assert_never

import attrs

from loancalc._validation import check_date
from loancalc.caps import CapScope, CostCap, InterestBasis, penalty_over_contract
from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT
from loancalc.rates import DayCount
from loancalc.servicing._checks import (
    Validator,
    flag,
    optional_amount,
    optional_share,
    share,
    whole,
)
from loancalc.servicing.late_fee import LateFeeBase, LateFeeKind, LateFeePolicy
from loancalc.terms import _ParsedEnum

__all__ = [
    "GracePolicy",
    "LateFeeBase",
    "LateFeeKind",
    "LateFeePolicy",
    "PenaltyPolicy",
    "PenaltyRate",
    "PenaltyRateKind",
    "PenaltyRounding",
    "ReliefWindow",
]

_ZERO = Decimal(0)


# Named converters (the attrs mypy plugin needs named functions, not closures).
def _to_rate_value(value: object) -> Decimal:
    return share(value, "penalty.rate.value", Decimal(1000))


def _to_cap_amount(value: object) -> Decimal | None:
    return optional_amount(value, "penalty.cap_amount")


def _to_cap_share(value: object) -> Decimal | None:
    return optional_share(value, "penalty.cap_share", Decimal(1000))


def _to_cap_annual_cost(value: object) -> Decimal | None:
    return optional_share(value, "penalty.cap_annual_cost", Decimal(10))


# --------------------------------------------------------------------------------------
# Grace
# --------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class GracePolicy:
    """Days after a due date in which paying in full costs nothing extra (宽限期).

    ``days``: the grace length (0: none). ``business_days``: count them in business days
    of the loan's :class:`~loancalc.BusinessDays` calendar (calendar days otherwise).
    ``roll_due_date``: a due date on a non-business day may be paid on the next business
    day without being late. ``retroactive``: when grace is missed, penalty interest runs
    from the due date (the consumer-finance default), otherwise from the end of grace.

    >>> GracePolicy(days=3, retroactive=False).retroactive
    False
    >>> GracePolicy(days=-1)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: grace.days: got -1; accepted: a whole number from 0 to 365
    """

    days: int = attrs.field(default=0, validator=whole(0, 365, "grace.days"))
    business_days: bool = attrs.field(default=False, validator=flag("grace.business_days"))
    roll_due_date: bool = attrs.field(default=False, validator=flag("grace.roll_due_date"))
    retroactive: bool = attrs.field(default=True, validator=flag("grace.retroactive"))


# --------------------------------------------------------------------------------------
# Penalty interest
# --------------------------------------------------------------------------------------


class PenaltyRateKind(_ParsedEnum):
    """How a penalty rate is derived from the contract rate.

    ``NONE``: no penalty. ``MULTIPLIER``: contract x value (1.5). ``PLUS_SHARE``: contract
    x (1 + value) (plus 50 %: value 0.5). ``PLUS_POINTS``: contract + value (an annual
    fraction, 0.03 for 3 points). ``ANNUAL``: value is the annual penalty rate itself.
    ``DAILY``: value is a rate per day (0.0005 for 0.05 %/day), annualised by the penalty
    day count's year (x360 or x365).

    >>> PenaltyRateKind.parse("plus-share")
    <PenaltyRateKind.PLUS_SHARE: 'plus-share'>
    """

    NONE = "none"
    MULTIPLIER = "multiplier"
    PLUS_SHARE = "plus-share"
    PLUS_POINTS = "plus-points"
    ANNUAL = "annual"
    DAILY = "daily"

    @classmethod
    def _field_name(cls) -> str:
        return "penalty.rate.kind"

    @property
    def charges(self) -> bool:
        """Whether a rate of this kind charges anything (every kind but ``NONE``).

        >>> PenaltyRateKind.NONE.charges, PenaltyRateKind.DAILY.charges
        (False, True)
        """
        match self:
            case PenaltyRateKind.NONE:
                return False
            case (
                PenaltyRateKind.MULTIPLIER
                | PenaltyRateKind.PLUS_SHARE
                | PenaltyRateKind.PLUS_POINTS
                | PenaltyRateKind.ANNUAL
                | PenaltyRateKind.DAILY
            ):
                return True
            case _ as unreachable:
                assert_never(unreachable)


def _to_rate_kind(value: object) -> PenaltyRateKind:
    return PenaltyRateKind.parse(value)


@attrs.frozen(kw_only=True)
class PenaltyRate:
    """A penalty rate rule: its ``kind`` and ``value`` (see :class:`PenaltyRateKind`).

    >>> PenaltyRate(kind="plus-share", value="0.5").annual(Decimal("0.049"), 360)
    Decimal('0.0735')
    >>> PenaltyRate(kind="daily", value="0.0005").annual(Decimal("0.18"), 360)
    Decimal('0.1800')
    """

    kind: PenaltyRateKind = attrs.field(default=PenaltyRateKind.NONE, converter=_to_rate_kind)
    value: Decimal = attrs.field(default=_ZERO, converter=_to_rate_value)

    def __attrs_post_init__(self) -> None:
        if self.kind is PenaltyRateKind.NONE and self.value:
            raise InvalidValueError("penalty.rate.value", self.value, "0 when kind is none")

    def annual(self, contract_rate: Decimal, days_per_year: int) -> Decimal:
        """The annual penalty rate for a loan at ``contract_rate`` (exact).

        >>> PenaltyRate(kind="plus-points", value="0.03").annual(Decimal("0.18"), 360)
        Decimal('0.21')
        """
        value = self.value
        with decimal.localcontext(CONTEXT):
            match self.kind:
                case PenaltyRateKind.NONE:
                    return _ZERO
                case PenaltyRateKind.MULTIPLIER:
                    return contract_rate * value
                case PenaltyRateKind.PLUS_SHARE:
                    return contract_rate * (1 + value)
                case PenaltyRateKind.PLUS_POINTS:
                    return contract_rate + value
                case PenaltyRateKind.ANNUAL:
                    return value
                case PenaltyRateKind.DAILY:
                    return value * days_per_year
                case _ as unreachable:
                    assert_never(unreachable)


class PenaltyRounding(_ParsedEnum):
    """When accrued penalty is rounded to the money grid.

    ``EVENT``: carried exactly and rounded when charged, at each event (a payment, a due
    date, the end of grace, ``as_of``): the default of docs/rules.md, 'Servicing
    conventions'. ``DAILY``: each day's accrual is rounded on its own (some lenders' systems).

    >>> PenaltyRounding.parse("daily").value
    'daily'
    """

    EVENT = "event"
    DAILY = "daily"

    @classmethod
    def _field_name(cls) -> str:
        return "penalty.rounding"

    @property
    def rounds_each_day(self) -> bool:
        """Whether each day's accrual is rounded on its own.

        >>> PenaltyRounding.EVENT.rounds_each_day
        False
        """
        match self:
            case PenaltyRounding.EVENT:
                return False
            case PenaltyRounding.DAILY:
                return True
            case _ as unreachable:
                assert_never(unreachable)


def _to_penalty_rounding(value: object) -> PenaltyRounding:
    return PenaltyRounding.parse(value)


def _to_day_count(value: object) -> DayCount:
    if not isinstance(value, DayCount | str):
        raise InvalidValueError("penalty.day_count", value, "a DayCount or its name")
    return DayCount.parse(value)


def _to_optional_rate(value: object) -> PenaltyRate | None:
    if value is None or isinstance(value, PenaltyRate):
        return value
    raise InvalidValueError("penalty.compound_rate", value, "a PenaltyRate or None")


def _to_rate(value: object) -> PenaltyRate:
    if isinstance(value, PenaltyRate):
        return value
    raise InvalidValueError("penalty.rate", value, "a PenaltyRate")


@attrs.frozen(kw_only=True)
class PenaltyPolicy:
    """Penalty interest (罚息) on overdue principal and compound interest (复利) on overdue
    interest.

    ``rate`` gives the penalty rate on overdue principal. ``compound``: overdue contract
    interest bears compound interest, at ``compound_rate`` (default: the penalty rate).
    ``day_count``: how days are counted and the year the rate is quoted over. Caps (each
    optional; accrual stops when one is reached): ``cap_amount`` (total penalty plus
    compound interest), ``cap_share`` (that total as a share of the principal lent) and
    ``cap_annual_cost`` (an all-in annualised cost such as 0.24, the most an overdue
    amount bears a year in all: :attr:`cost_cap`, measured on each interest basis as
    :mod:`loancalc.caps` says). Late fees never bear interest.

    >>> PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.27"), cap_share="-0.1")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: penalty.cap_share: got '-0.1'; accepted: a number from 0 ...
    """

    rate: PenaltyRate = attrs.field(factory=PenaltyRate, converter=_to_rate)
    compound: bool = attrs.field(default=False, validator=flag("penalty.compound"))
    compound_rate: PenaltyRate | None = attrs.field(default=None, converter=_to_optional_rate)
    day_count: DayCount = attrs.field(default=DayCount.ACT_360, converter=_to_day_count)
    rounding: PenaltyRounding = attrs.field(
        default=PenaltyRounding.EVENT, converter=_to_penalty_rounding
    )
    cap_amount: Decimal | None = attrs.field(default=None, converter=_to_cap_amount)
    cap_share: Decimal | None = attrs.field(default=None, converter=_to_cap_share)
    cap_annual_cost: Decimal | None = attrs.field(default=None, converter=_to_cap_annual_cost)

    @property
    def charges_anything(self) -> bool:
        """True if this policy can charge penalty or compound interest."""
        return self.rate.kind.charges or (
            self.compound and self.compound_rate is not None and self.compound_rate.kind.charges
        )

    @property
    def cost_cap(self) -> CostCap | None:
        """``cap_annual_cost`` as a :class:`~loancalc.caps.CostCap` on the annual rate an
        overdue amount bears in all (``overdue-rate``); None when not set.

        >>> cap = PenaltyPolicy(cap_annual_cost="0.24").cost_cap
        >>> cap.rate, cap.limits.value, cap.source
        (Decimal('0.24'), 'overdue-rate', 'penalty.cap_annual_cost')
        """
        if self.cap_annual_cost is None:
            return None
        return CostCap(
            rate=self.cap_annual_cost,
            limits=CapScope.OVERDUE_RATE,
            source="penalty.cap_annual_cost",
        )

    def annual_rate(self, contract_rate: Decimal) -> Decimal:
        """The annual rate overdue principal bears in all: the penalty rate, cut by
        :attr:`cost_cap` (:meth:`~loancalc.caps.CostCap.overdue_rate`). On the scheduled
        basis it is all penalty (contract interest has stopped on overdue principal); on
        the actual-balance basis the penalty charged is its excess over the contract rate
        (:meth:`penalty_rate`).

        >>> rate = PenaltyRate(kind="multiplier", value="1.5")  # 1.5 x 18 % = 27 % asked
        >>> PenaltyPolicy(rate=rate, cap_annual_cost="0.24").annual_rate(Decimal("0.18"))
        Decimal('0.24')
        """
        return self._capped(self.rate.annual(contract_rate, self.day_count.days_per_year))

    def penalty_rate(self, contract_rate: Decimal, basis: InterestBasis) -> Decimal:
        """The penalty rate charged on overdue principal on ``basis``: :meth:`annual_rate`
        less the contract interest still running there (none on the scheduled basis, the
        contract rate on the actual-balance basis; never below 0).

        >>> rate = PenaltyRate(kind="multiplier", value="1.5")  # 27 % asked, 24 % cap
        >>> policy = PenaltyPolicy(rate=rate, cap_annual_cost="0.24")
        >>> policy.penalty_rate(Decimal("0.18"), InterestBasis.SCHEDULED)
        Decimal('0.24')
        >>> policy.penalty_rate(Decimal("0.18"), InterestBasis.ACTUAL_BALANCE)  # 24 - 18
        Decimal('0.06')
        """
        return penalty_over_contract(self.annual_rate(contract_rate), contract_rate, basis)

    def compound_annual_rate(self, contract_rate: Decimal) -> Decimal:
        """The annual compound rate on overdue interest (0 when ``compound`` is off), cut
        by :attr:`cost_cap` alike: overdue interest bears no contract interest on either
        basis, so the whole cap is its to use.

        >>> PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.27")).compound_annual_rate(
        ...     Decimal("0.18"))
        Decimal('0')
        """
        if not self.compound:
            return _ZERO
        rule = self.rate if self.compound_rate is None else self.compound_rate
        return self._capped(rule.annual(contract_rate, self.day_count.days_per_year))

    def _capped(self, rate: Decimal) -> Decimal:
        cap = self.cost_cap
        return rate if cap is None else cap.overdue_rate(rate)


# Late fees: loancalc.servicing.late_fee (re-exported above).


# --------------------------------------------------------------------------------------
# Relief windows
# --------------------------------------------------------------------------------------


def _check_date(field: str) -> Validator:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check_date(value, field)

    return check


@attrs.frozen(kw_only=True)
class ReliefWindow:
    """Dates ``start`` .. ``end`` (both included) in which no penalty interest or late fee
    accrues and days past due do not grow: a dispute, or a regulator's relief programme.

    >>> ReliefWindow(start=date(2024, 3, 1), end=date(2024, 2, 1))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: relief_window.end: got datetime.date(2024, 2, 1); accepte...
    """

    start: date = attrs.field(validator=_check_date("relief_window.start"))
    end: date = attrs.field(validator=_check_date("relief_window.end"))
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValueError(
                "relief_window.end", self.end, f"a date on or after start ({self.start})"
            )
