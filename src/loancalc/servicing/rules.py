"""The servicing rules of a product, bundled: :class:`ServicingRules`.

>>> from loancalc.servicing import PenaltyRate
>>> rules = ServicingRules(grace=GracePolicy(days=3),
...                        penalty=PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5"),
...                                              compound=True))
>>> rules.allocation, rules.delinquency.bucket(45)
('penalties-fees-interest-principal', 'M2')
>>> ServicingRules.from_dict(rules.to_dict()) == rules
True
>>> ServicingRules.from_dict({"grace": {"dayz": 3}})  # doctest: +ELLIPSIS
Traceback (most recent call last):
loancalc.errors.InvalidValueError: rules.grace.dayz: got 3; accepted: one of the keys...
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from loancalc._codec import from_data, to_data
from loancalc.errors import InvalidValueError
from loancalc.interest_basis import InterestBasis
from loancalc.money import to_decimal
from loancalc.servicing.allocation import AllocationStrategy, get_strategy
from loancalc.servicing.balance_policies import (
    CostCaps,
    InterestFreePeriod,
    Overpayment,
    PromotionalRate,
    check_promotions,
)
from loancalc.servicing.credit_interest import CreditInterest
from loancalc.servicing.delinquency import DelinquencyTable
from loancalc.servicing.policies import (
    GracePolicy,
    LateFeePolicy,
    PenaltyPolicy,
    ReliefWindow,
)
from loancalc.servicing.settlement_rules import check_settlement
from loancalc.terms import MAX_PRINCIPAL

__all__ = ["InterestBasis", "ServicingRules"]


def _typed(value: object, cls: type[Any], field: str) -> Any:
    if isinstance(value, cls):
        return value
    raise InvalidValueError(field, value, f"a {cls.__name__}")


def _to_grace(value: object) -> GracePolicy:
    result: GracePolicy = _typed(value, GracePolicy, "grace")
    return result


def _to_penalty(value: object) -> PenaltyPolicy:
    result: PenaltyPolicy = _typed(value, PenaltyPolicy, "penalty")
    return result


def _to_late_fee(value: object) -> LateFeePolicy:
    result: LateFeePolicy = _typed(value, LateFeePolicy, "late_fee")
    return result


def _to_delinquency(value: object) -> DelinquencyTable:
    result: DelinquencyTable = _typed(value, DelinquencyTable, "delinquency")
    return result


def _to_allocation(value: object) -> str:
    if isinstance(value, AllocationStrategy):
        value = value.name
    if not isinstance(value, str):
        raise InvalidValueError("allocation", value, "the name of a registered strategy")
    return get_strategy(value).name


def _to_windows(value: object) -> tuple[ReliefWindow, ...]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise InvalidValueError("relief_windows", value, "a list of ReliefWindow")
    windows = tuple(value)
    if not all(isinstance(window, ReliefWindow) for window in windows):
        raise InvalidValueError("relief_windows", value, "a list of ReliefWindow")
    return tuple(sorted(windows, key=lambda window: (window.start, window.end)))


def _to_basis(value: object) -> InterestBasis:
    return InterestBasis.parse(value)


def _to_overpayment(value: object) -> Overpayment:
    return Overpayment.parse(value)


def _to_interest_free(value: object) -> InterestFreePeriod | None:
    if value is None or isinstance(value, InterestFreePeriod):
        return value
    raise InvalidValueError("interest_free", value, "None or an InterestFreePeriod")


def _to_promotions(value: object) -> tuple[PromotionalRate, ...]:
    return check_promotions(value)


def _to_caps(value: object) -> CostCaps:
    result: CostCaps = _typed(value, CostCaps, "caps")
    return result


def _to_credit_interest(value: object) -> CreditInterest | None:
    if value is None:
        return None
    result: CreditInterest = _typed(value, CreditInterest, "credit_interest")
    return result


def _to_returned_fee(value: object) -> Decimal | None:
    if value is None:
        return None
    fee = to_decimal(value, "returned_payment_fee")
    if not 0 < fee <= MAX_PRINCIPAL:
        raise InvalidValueError("returned_payment_fee", value, "None or an amount > 0")
    return fee


def _check_report_days(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or not 0 <= value <= 3660:
        raise InvalidValueError("report_after_days", value, "a whole number of days from 0 to 3660")


@attrs.frozen(kw_only=True)
class ServicingRules:
    """Everything that decides what lateness costs and how payments are applied.

    ``grace``, ``penalty``, ``late_fee``: the policies (defaults charge nothing).
    ``allocation``: the name of a registered allocation strategy (see
    :func:`~loancalc.servicing.allocation.strategy_names`). ``delinquency``: bucket bands
    and classification thresholds. ``report_after_days``: an instalment unpaid beyond grace
    is reportable to the credit bureau once it is more than this many days past due (0:
    as soon as grace has passed). ``relief_windows``: dated windows in which nothing
    accrues and days past due do not grow. ``interest_basis``: see :class:`InterestBasis`.
    Under ``actual-balance`` only: ``overpayment`` (:class:`Overpayment`),
    ``interest_free`` (:class:`InterestFreePeriod`), ``promotions``
    (:class:`PromotionalRate` windows) and ``caps`` (:class:`CostCaps`). ``settlement``:
    the early-settlement rule, ``"interest-to-date"`` (the default) or, under the
    scheduled basis, ``"uk-ccesr-2004"`` / ``"uk-ccesr-2004-deferred"``
    (:mod:`loancalc.servicing.settlement_rules`). ``returned_payment_fee``: the fee
    charged on the day a payment is reversed (a
    :class:`~loancalc.servicing.ledger_events.Reversal` without a ``charge`` of its own;
    None: none). ``credit_interest``: interest paid to the borrower on credit held
    (:class:`~loancalc.servicing.credit_interest.CreditInterest`; None: none).

    >>> ServicingRules().penalty.charges_anything, ServicingRules().grace.days
    (False, 0)
    """

    grace: GracePolicy = attrs.field(factory=GracePolicy, converter=_to_grace)
    penalty: PenaltyPolicy = attrs.field(factory=PenaltyPolicy, converter=_to_penalty)
    late_fee: LateFeePolicy = attrs.field(factory=LateFeePolicy, converter=_to_late_fee)
    allocation: str = attrs.field(
        default="penalties-fees-interest-principal", converter=_to_allocation
    )
    delinquency: DelinquencyTable = attrs.field(factory=DelinquencyTable, converter=_to_delinquency)
    report_after_days: int = attrs.field(default=0, validator=_check_report_days)
    relief_windows: tuple[ReliefWindow, ...] = attrs.field(default=(), converter=_to_windows)
    interest_basis: InterestBasis = attrs.field(
        default=InterestBasis.SCHEDULED, converter=_to_basis
    )
    overpayment: Overpayment = attrs.field(
        default=Overpayment.REDUCE_PRINCIPAL, converter=_to_overpayment
    )
    interest_free: InterestFreePeriod | None = attrs.field(
        default=None, converter=_to_interest_free
    )
    promotions: tuple[PromotionalRate, ...] = attrs.field(default=(), converter=_to_promotions)
    caps: CostCaps = attrs.field(factory=CostCaps, converter=_to_caps)
    settlement: str = attrs.field(default="interest-to-date", converter=check_settlement)
    returned_payment_fee: Decimal | None = attrs.field(default=None, converter=_to_returned_fee)
    credit_interest: CreditInterest | None = attrs.field(
        default=None, converter=_to_credit_interest
    )

    def __attrs_post_init__(self) -> None:
        if self.interest_basis is InterestBasis.ACTUAL_BALANCE:
            if self.settlement != "interest-to-date":
                raise InvalidValueError(
                    "settlement",
                    self.settlement,
                    "interest-to-date under interest_basis 'actual-balance' (interest is "
                    "never charged ahead on the actual balance: there is nothing to rebate)",
                )
            if self.relief_windows:
                raise InvalidValueError(
                    "relief_windows",
                    [f"{w.start}..{w.end}" for w in self.relief_windows],
                    "no relief windows under interest_basis 'actual-balance' (not supported)",
                )
            _check_balance_penalty(self.penalty)
            return
        only_actual = {
            "overpayment": self.overpayment.holds_credit,
            "interest_free": self.interest_free is not None,
            "promotions": bool(self.promotions),
            "caps": self.caps.any,
        }
        for field, used in only_actual.items():
            if used:
                raise InvalidValueError(
                    field,
                    getattr(self, field),
                    "the default unless interest_basis is 'actual-balance' "
                    "(it applies only to interest accruing on the actual balance)",
                )

    @property
    def allocation_strategy(self) -> AllocationStrategy:
        """The registered :class:`AllocationStrategy` named by ``allocation``."""
        return get_strategy(self.allocation)

    def replace(self, **changes: Any) -> ServicingRules:
        """A copy with ``changes`` applied (validated again).

        >>> ServicingRules().replace(allocation="overdue-interest-first").allocation
        'overdue-interest-first'
        """
        return attrs.evolve(self, **changes)

    def to_dict(self, *, drop_none: bool = False) -> dict[str, Any]:
        """The rules as plain data (JSON-ready; with ``drop_none`` also TOML-ready, as TOML
        has no null); :meth:`from_dict` reads either back.

        >>> ServicingRules().to_dict()["late_fee"]["kind"]
        'none'
        """
        data: dict[str, Any] = to_data(self, drop_none=drop_none)
        return data

    @classmethod
    def from_dict(cls, data: object, *, path: str = "rules") -> ServicingRules:
        """Rules from plain data; unknown keys and bad values name their path.

        >>> ServicingRules.from_dict({"allocation": "overdue-interest-first"}).allocation
        'overdue-interest-first'
        """
        return from_data(cls, data, path)


def _check_balance_penalty(penalty: PenaltyPolicy) -> None:
    """Refuse the penalty settings the actual-balance basis does not apply (rather than
    ignore them): its penalty accrues exactly and is rounded when charged, and its
    limits are :class:`CostCaps`.

    >>> _check_balance_penalty(PenaltyPolicy(cap_share="0.1"))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: penalty.cap_share: got Decimal('0.1'); accepted: None ...
    """
    unsupported = (
        ("penalty.rounding", penalty.rounding, penalty.rounding.rounds_each_day,
         "'event' under interest_basis 'actual-balance' (daily rounding is not supported)"),
        ("penalty.cap_amount", penalty.cap_amount, penalty.cap_amount is not None,
         "None under interest_basis 'actual-balance' (cap the charges with caps="
         "CostCaps(total_share=..., daily_share=..., annual_rate=...))"),
        ("penalty.cap_share", penalty.cap_share, penalty.cap_share is not None,
         "None under interest_basis 'actual-balance' (cap the charges with caps="
         "CostCaps(total_share=..., daily_share=..., annual_rate=...))"),
    )  # fmt: skip
    for field, value, used, accepted in unsupported:
        if used:
            raise InvalidValueError(field, value, accepted)
