"""Rules of the actual-balance interest basis: overpayments, interest-free and promotional
windows, and statutory cost caps.

They matter only when contract interest accrues daily on the principal actually
outstanding (``ServicingRules(interest_basis="actual-balance")``); a scheduled-basis
rule set refuses them rather than ignore them.

>>> caps = CostCaps(daily_share="0.8%", total_share="100%", default_fee="15")
>>> caps.daily_share, caps.total_share, caps.default_fee, caps.annual_rate
(Decimal('0.008'), Decimal('1.00'), Decimal('15'), None)
>>> InterestFreePeriod(days=3).conditional
True
>>> PromotionalRate(start=date(2024, 1, 1), end=date(2024, 4, 1), annual_rate="0%").annual_rate
Decimal('0')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, assert_never

import attrs

from loancalc._validation import amount, check_date, check_type, read_number, whole_number
from loancalc.caps import CapScope, CostCap
from loancalc.errors import InvalidValueError
from loancalc.rates import annual_rate
from loancalc.terms import MAX_PRINCIPAL, _ParsedEnum

__all__ = ["CostCaps", "InterestFreePeriod", "Overpayment", "PromotionalRate"]

_ZERO = Decimal(0)


class Overpayment(_ParsedEnum):
    """What money beyond the unpaid scheduled amounts does under the actual-balance basis.

    ``REDUCE_PRINCIPAL``: it repays principal at once (less interest from that day) and
    counts as paid ahead: it pays the next scheduled payments as they fall due (the last
    asks only for what is left). ``CREDIT``: it is held as credit and applied when the
    next payment falls due (interest runs on as if it were not paid); a payment that with
    the credit pays everything owed settles the loan. Money beyond everything owed is
    credit either way: a refund due.

    >>> Overpayment.parse("credit")
    <Overpayment.CREDIT: 'credit'>
    """

    REDUCE_PRINCIPAL = "reduce-principal"
    CREDIT = "credit"

    @classmethod
    def _field_name(cls) -> str:
        return "overpayment"

    @property
    def holds_credit(self) -> bool:
        """Whether money beyond the unpaid scheduled amounts is held as credit (rather
        than repaying principal at once).

        >>> Overpayment.CREDIT.holds_credit, Overpayment.REDUCE_PRINCIPAL.holds_credit
        (True, False)
        """
        match self:
            case Overpayment.REDUCE_PRINCIPAL:
                return False
            case Overpayment.CREDIT:
                return True
            case _ as unreachable:
                assert_never(unreachable)


def _check_days(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    whole_number(value, "interest_free.days", 1, 3660)


def _check_flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    check_type(value, bool, "interest_free.conditional", "true or false")


@attrs.frozen(kw_only=True)
class InterestFreePeriod:
    """No contract interest for the first ``days`` days after the advance.

    ``conditional`` (the UK practice): the interest of those days is forgiven only if the
    loan is repaid in full within them; otherwise, when they end, the loan is owed as if
    there had been no window (:mod:`loancalc.servicing.balance_window`).
    Unconditional (``conditional=False``, the 免息期 of a credit line): those days bear no
    interest whatever happens next. Longer than the loan's term is refused when assessed.

    >>> InterestFreePeriod(days=0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: interest_free.days: got 0; accepted: a whole number from 1...
    """

    days: int = attrs.field(validator=_check_days)
    conditional: bool = attrs.field(default=True, validator=_check_flag)


def _check_start(instance: object, attribute: attrs.Attribute[date], value: object) -> None:
    check_date(value, "promotions.start")


def _check_end(instance: object, attribute: attrs.Attribute[date], value: object) -> None:
    check_date(value, "promotions.end")


def _to_promotion_rate(value: object) -> Decimal:
    return annual_rate(value, field="promotions.annual_rate")


@attrs.frozen(kw_only=True)
class PromotionalRate:
    """A different contract rate for the interest accruing from ``start`` to ``end`` (the
    days after ``start`` up to and including ``end``), e.g. a 0 % introductory offer.

    >>> PromotionalRate(start=date(2024, 3, 1), end=date(2024, 3, 1), annual_rate="1%")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: promotions.end: got datetime.date(2024, 3, 1); accepted: ...
    """

    start: date = attrs.field(validator=_check_start)
    end: date = attrs.field(validator=_check_end)
    annual_rate: Decimal = attrs.field(converter=_to_promotion_rate)

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidValueError(
                "promotions.end", self.end, f"a date after start ({self.start})"
            )


def _share(value: object, field: str, high: Decimal, accepted: str) -> Decimal | None:
    if value is None:
        return None
    number = read_number(value, field, accepted=accepted)
    if not _ZERO <= number <= high:
        raise InvalidValueError(field, value, accepted)
    return number


def _to_daily(value: object) -> Decimal | None:
    return _share(
        value, "caps.daily_share", Decimal(1), "None or a share of the principal from 0 to 100 %"
    )


def _to_total(value: object) -> Decimal | None:
    return _share(
        value,
        "caps.total_share",
        Decimal(100),
        "None or a share of the principal from 0 to 10000 %",
    )


def _to_annual(value: object) -> Decimal | None:
    if value is None:
        return None
    return annual_rate(value, field="caps.annual_rate")


def _to_default_fee(value: object) -> Decimal | None:
    return None if value is None else amount(value, "caps.default_fee", high=MAX_PRINCIPAL)


@attrs.frozen(kw_only=True)
class CostCaps:
    """Statutory caps on what a loan may cost, applied as interest and charges accrue.

    ``daily_share``: interest (contract, penalty and compound) accruing on a day is at
    most this share of the principal outstanding that day (UK high-cost short-term
    credit: 0.8 %). ``total_share``: all interest, fees and charges together are at most
    this share of the principal advanced (UK: 100 %). ``annual_rate``: the all-in
    annualised cost on the principal in use (China: 24 %, or 4x LPR): everything charged
    up to a day is at most the principal outstanding times this rate over the days so
    far (:attr:`annual_cost_cap`). ``default_fee``: each late-payment charge is at most
    this amount (UK: 15.00). None: no such cap. Accrual stops at a cap; the state says
    which cap cut and when.

    >>> CostCaps(daily_share="1.5")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: caps.daily_share: got '1.5'; accepted: None or a share...
    """

    daily_share: Decimal | None = attrs.field(default=None, converter=_to_daily)
    total_share: Decimal | None = attrs.field(default=None, converter=_to_total)
    annual_rate: Decimal | None = attrs.field(default=None, converter=_to_annual)
    default_fee: Decimal | None = attrs.field(default=None, converter=_to_default_fee)

    @property
    def annual_cost_cap(self) -> CostCap | None:
        """``annual_rate`` as a :class:`~loancalc.caps.CostCap` on the all-in cost
        (``all-in-cost``); None when not set.

        >>> from fractions import Fraction
        >>> CostCaps(annual_rate="24%").annual_cost_cap.allowance(Fraction(1000), Fraction(1))
        Fraction(240, 1)
        """
        if self.annual_rate is None:
            return None
        return CostCap(
            rate=self.annual_rate, limits=CapScope.ALL_IN_COST, source="caps.annual_rate"
        )

    @property
    def any(self) -> bool:
        """True if any cap is set.

        >>> CostCaps().any, CostCaps(total_share=1).any
        (False, True)
        """
        return any(getattr(self, name) is not None for name in _CAP_FIELDS)


_CAP_FIELDS = ("daily_share", "total_share", "annual_rate", "default_fee")


def check_promotions(value: object) -> tuple[PromotionalRate, ...]:
    """Promotional windows, sorted by start; overlapping windows are refused.

    >>> a = PromotionalRate(start=date(2024, 1, 1), end=date(2024, 2, 1), annual_rate=0)
    >>> b = PromotionalRate(start=date(2024, 1, 15), end=date(2024, 3, 1), annual_rate=0)
    >>> check_promotions([b, a])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: promotions[1].start: got datetime.date(2024, 1, 15); ...
    """
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise InvalidValueError("promotions", value, "a list of PromotionalRate")
    items: list[Any] = list(value)
    for index, item in enumerate(items):
        if not isinstance(item, PromotionalRate):
            raise InvalidValueError(f"promotions[{index}]", item, "a PromotionalRate")
    ordered = sorted(items, key=lambda window: (window.start, window.end))
    for index in range(1, len(ordered)):
        before, window = ordered[index - 1], ordered[index]
        if window.start < before.end:
            raise InvalidValueError(
                f"promotions[{index}].start",
                window.start,
                f"a date on or after the end of the window before it ({before.end})",
            )
    return tuple(ordered)
