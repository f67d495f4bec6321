"""The parts of a :class:`~loancalc.products.ProductRules`: its loan defaults
(:class:`LoanDefaults`), its contract rates and their caps (:class:`RateRules`) and its
annualised-rate disclosure (:class:`AprDisclosure`).

Their fields are keywords, attributes and TOML keys of the product itself (``max_rate``,
``apr_method``...); a part groups them so that one value says one thing.

>>> rates = RateRules(annual_rate="0.05%/day", days_per_year=365, max_rate="24%")
>>> rates.annual_rate, [cap.source for cap in rates.cost_caps]
(Decimal('0.1825'), ['max_rate'])
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from loancalc.calendar import Frequency
from loancalc.caps import CapScope, CostCap
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import Rounding
from loancalc.rates import MAX_ANNUAL_RATE, DayCount
from loancalc.rates import annual_rate as parse_rate
from loancalc.terms import Accrual, Fees, Method

__all__ = ["APR_METHODS", "AprDisclosure", "LoanDefaults", "PartFields", "RateRules"]

#: The annualised-rate disclosure methods (see ``lc.apr.annualized``).
APR_METHODS = ("nominal", "effective", "eu-aprc", "us-actuarial")

_RATE_FIELDS = ("annual_rate", "min_rate", "max_rate", "rate_cap")


def _typed(value: object, cls: type[Any], field: str, default: type[Any]) -> Any:
    if value is None:
        return default()
    if isinstance(value, cls):
        return value
    raise InvalidTypeError(field, value, f"a {cls.__name__}")


def _to_rounding(value: object) -> Rounding:
    result: Rounding = _typed(value, Rounding, "rounding", Rounding)
    return result


def _to_fees(value: object) -> Fees:
    result: Fees = _typed(value, Fees, "fees", Fees)
    return result


def _to_method(value: object) -> Method:
    return Method.parse(value)


def _to_accrual(value: object) -> Accrual:
    return Accrual.parse(value)


def _to_day_count(value: object) -> DayCount:
    if not isinstance(value, DayCount | str):
        raise InvalidTypeError("day_count", value, "a DayCount or its name")
    return DayCount.parse(value)


def _to_frequency(value: object) -> Frequency:
    if not isinstance(value, Frequency | str):
        raise InvalidTypeError("frequency", value, "a Frequency or its name, such as 'monthly'")
    return Frequency.parse(value)


@attrs.frozen(kw_only=True)
class LoanDefaults:
    """The loan terms a product gives a new loan unless the caller says otherwise:
    ``rounding``, ``method``, ``accrual``, ``day_count``, ``frequency`` and ``fees``.

    >>> LoanDefaults(method="equal-principal").method.value
    'equal-principal'
    """

    rounding: Rounding = attrs.field(factory=Rounding, converter=_to_rounding)
    method: Method = attrs.field(default=Method.EQUAL_INSTALLMENT, converter=_to_method)
    accrual: Accrual = attrs.field(default=Accrual.PERIODIC, converter=_to_accrual)
    day_count: DayCount = attrs.field(default=DayCount.ACT_360, converter=_to_day_count)
    frequency: Frequency = attrs.field(default=Frequency.MONTHLY, converter=_to_frequency)
    fees: Fees = attrs.field(factory=Fees, converter=_to_fees)


def _to_rate_input(value: object) -> Any:
    """Rates are read in ``__attrs_post_init__``, once ``days_per_year`` is known (a quote
    such as ``'0.05%/day'`` is annualised by the product's year)."""
    return value


def _check_days_per_year(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value not in (360, 365):
        raise InvalidValueError("days_per_year", value, "360 or 365")


@attrs.frozen(kw_only=True)
class RateRules:
    """A product's contract rates: the default ``annual_rate`` (optional), the allowed range
    ``min_rate`` .. ``max_rate``, the all-in annualised cost ``rate_cap`` a contract rate
    must stay within (optional), and ``days_per_year``, the year a daily quote such as
    ``'0.05%/day'`` is annualised over (360 as the PBoC counts, or 365). ``max_rate`` and
    ``rate_cap`` are cost caps (:attr:`cost_caps`).

    >>> RateRules(min_rate="10%", max_rate="5%")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: max_rate: got Decimal('0.05'); accepted: a rate >= ...
    """

    annual_rate: Decimal | None = attrs.field(default=None, converter=_to_rate_input)
    min_rate: Decimal = attrs.field(default=Decimal(0), converter=_to_rate_input)
    max_rate: Decimal = attrs.field(default=MAX_ANNUAL_RATE, converter=_to_rate_input)
    days_per_year: int = attrs.field(default=360, validator=_check_days_per_year)
    rate_cap: Decimal | None = attrs.field(default=None, converter=_to_rate_input)

    def __attrs_post_init__(self) -> None:
        for field in _RATE_FIELDS:
            value = getattr(self, field)
            if value is not None:
                rate = parse_rate(value, field=field, days_per_year=self.days_per_year)
                object.__setattr__(self, field, rate)
        if self.max_rate < self.min_rate:
            raise InvalidValueError(
                "max_rate", self.max_rate, f"a rate >= min_rate ({self.min_rate})"
            )
        if self.rate_cap is not None and self.rate_cap < self.min_rate:
            raise InvalidValueError(
                "rate_cap", self.rate_cap, f"a rate >= min_rate ({self.min_rate})"
            )

    @property
    def max_rate_cap(self) -> CostCap:
        """``max_rate`` as a :class:`~loancalc.caps.CostCap` on the contract rate.

        >>> RateRules(max_rate="24%").max_rate_cap.rate
        Decimal('0.24')
        """
        return CostCap(rate=self.max_rate, limits=CapScope.CONTRACT_RATE, source="max_rate")

    @property
    def rate_cost_cap(self) -> CostCap | None:
        """``rate_cap`` as a :class:`~loancalc.caps.CostCap` on the all-in cost (None when
        not set): a contract rate above it is refused, as the contract rate is part of
        that cost.

        >>> RateRules(rate_cap="24%").rate_cost_cap.limits
        <CapScope.ALL_IN_COST: 'all-in-cost'>
        """
        if self.rate_cap is None:
            return None
        return CostCap(rate=self.rate_cap, limits=CapScope.ALL_IN_COST, source="rate_cap")

    @property
    def cost_caps(self) -> tuple[CostCap, ...]:
        """``max_rate`` and ``rate_cap`` (when set) as cost caps.

        >>> len(RateRules(rate_cap="24%").cost_caps)
        2
        """
        all_in = self.rate_cost_cap
        return (self.max_rate_cap,) if all_in is None else (self.max_rate_cap, all_in)


def _check_apr_method(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in APR_METHODS:
        raise InvalidValueError("apr_method", value, "one of " + ", ".join(APR_METHODS))


def _check_periods(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or not 1 <= value <= 366:
        raise InvalidValueError("apr_periods_per_year", value, "a whole number from 1 to 366")


@attrs.frozen(kw_only=True)
class AprDisclosure:
    """How a product discloses its annualised rate: ``apr_method`` (one of
    :data:`APR_METHODS`) and ``apr_periods_per_year`` (a period rate times this many).

    >>> AprDisclosure(apr_method="eu-aprc").apr_periods_per_year
    12
    """

    apr_method: str = attrs.field(default="nominal", validator=_check_apr_method)
    apr_periods_per_year: int = attrs.field(default=12, validator=_check_periods)


class PartFields:
    """The fields of a product's parts as attributes of the product itself, as they
    always were (``product.max_rate`` is ``product.rates.max_rate``...).

    >>> from loancalc import products
    >>> product = products.get("cn-card-instalment")
    >>> product.apr_method == product.apr.apr_method, product.fees is product.loan.fees
    (True, True)
    """

    __slots__ = ()

    loan: LoanDefaults
    rates: RateRules
    apr: AprDisclosure

    @property
    def rounding(self) -> Rounding:
        """The money rounding of the product's loans (``loan.rounding``)."""
        return self.loan.rounding

    @property
    def method(self) -> Method:
        """The default repayment method (``loan.method``)."""
        return self.loan.method

    @property
    def accrual(self) -> Accrual:
        """The default interest accrual (``loan.accrual``)."""
        return self.loan.accrual

    @property
    def day_count(self) -> DayCount:
        """The default day count (``loan.day_count``)."""
        return self.loan.day_count

    @property
    def frequency(self) -> Frequency:
        """The default payment frequency (``loan.frequency``)."""
        return self.loan.frequency

    @property
    def fees(self) -> Fees:
        """The default fees (``loan.fees``)."""
        return self.loan.fees

    @property
    def annual_rate(self) -> Decimal | None:
        """The default contract rate, if any (``rates.annual_rate``)."""
        return self.rates.annual_rate

    @property
    def min_rate(self) -> Decimal:
        """The lowest contract rate allowed (``rates.min_rate``)."""
        return self.rates.min_rate

    @property
    def max_rate(self) -> Decimal:
        """The highest contract rate allowed (``rates.max_rate``, a cost cap)."""
        return self.rates.max_rate

    @property
    def days_per_year(self) -> int:
        """The year a daily rate quote is annualised over (``rates.days_per_year``)."""
        return self.rates.days_per_year

    @property
    def rate_cap(self) -> Decimal | None:
        """The all-in annualised cost cap, if any (``rates.rate_cap``, a cost cap)."""
        return self.rates.rate_cap

    @property
    def apr_method(self) -> str:
        """How the annualised rate is disclosed (``apr.apr_method``)."""
        return self.apr.apr_method

    @property
    def apr_periods_per_year(self) -> int:
        """The periods a period rate is annualised over (``apr.apr_periods_per_year``)."""
        return self.apr.apr_periods_per_year
