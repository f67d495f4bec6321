"""The fields of :class:`~loancalc.LoanTerms` and :class:`~loancalc.Fees`: their converters
and checks (kept apart from the classes, which hold the rules between fields).

>>> to_principal("1,000.50"), to_upfront_rate("1%")
(Decimal('1000.50'), Decimal('0.01'))
>>> to_per_period_rate("120%")
Traceback (most recent call last):
loancalc.errors.InvalidValueError: fees.per_period_rate: got '120%'; accepted: a fraction ...
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

import attrs

from loancalc._validation import amount, check_date, check_type, read_number, whole_number
from loancalc.calendar import BusinessDays, Frequency
from loancalc.errors import InvalidValueError
from loancalc.money import Rounding
from loancalc.rate_schedule import RateSchedule
from loancalc.rates import DayCount, annual_rate

__all__ = [
    "DEFAULT_ROUNDING",
    "DEFAULT_ZERO",
    "MAX_PRINCIPAL",
    "check_date_field",
    "check_financed",
    "check_whole",
    "to_annual_rate",
    "to_balloon",
    "to_business_days",
    "to_day_count",
    "to_financed",
    "to_financed_rate",
    "to_frequency",
    "to_per_period",
    "to_per_period_rate",
    "to_principal",
    "to_rate_schedule",
    "to_rounding",
    "to_upfront",
    "to_upfront_rate",
]

#: The largest principal accepted (a quadrillion of any currency unit).
MAX_PRINCIPAL = Decimal("1E+15")

#: The default of every amount and fee rate that defaults to zero: already what reading
#: it would give (``Decimal('0')``), so it is taken as it is (a default costs nothing).
DEFAULT_ZERO = Decimal(0)

#: The default rounding of :class:`~loancalc.LoanTerms`: records are frozen, so one
#: instance serves all.
DEFAULT_ROUNDING = Rounding()


def _non_negative_money(value: object, field: str) -> Decimal:
    if value is DEFAULT_ZERO:
        return DEFAULT_ZERO
    return amount(value, field, high=MAX_PRINCIPAL)


def _fee_rate(value: object, field: str) -> Decimal:
    if value is DEFAULT_ZERO:
        return DEFAULT_ZERO
    accepted = "a fraction of the principal from 0 to 1 (0 % to 100 %)"
    rate = read_number(value, field, accepted=accepted)
    if not 0 <= rate <= 1:
        raise InvalidValueError(field, value, accepted)
    return rate


def to_upfront(value: object) -> Decimal:
    return _non_negative_money(value, "fees.upfront")


def to_upfront_rate(value: object) -> Decimal:
    return _fee_rate(value, "fees.upfront_rate")


def to_per_period(value: object) -> Decimal:
    return _non_negative_money(value, "fees.per_period")


def to_per_period_rate(value: object) -> Decimal:
    return _fee_rate(value, "fees.per_period_rate")


def to_financed(value: object) -> Decimal:
    return _non_negative_money(value, "fees.financed")


def to_financed_rate(value: object) -> Decimal:
    return _fee_rate(value, "fees.financed_rate")


def check_financed(
    financed: Decimal, financed_rate: Decimal, method: str, *, level: bool, moving: bool
) -> None:
    """Refuse a financed fee (``fees.financed``, or else ``fees.financed_rate``) on a loan
    that cannot repay it before principal out of a level payment: a method other than
    equal-installment or balloon (``level``), or a rate that moves (``moving``).

    >>> check_financed(Decimal(30), DEFAULT_ZERO, "flat", level=False, moving=False)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: fees.financed: got Decimal('30'); accepted: 0 unless ...
    """
    field, value = (
        ("fees.financed", financed) if financed else ("fees.financed_rate", financed_rate)
    )
    if not level:
        raise InvalidValueError(
            field, value,
            f"0 unless method is equal-installment or balloon (the fee is repaid before "
            f"principal out of a level payment; method is {method})",
        )  # fmt: skip
    if moving:
        raise InvalidValueError(
            field, value, "0 on a loan with a rate_schedule (not yet supported)"
        )


def to_balloon(value: object) -> Decimal:
    return _non_negative_money(value, "balloon")


def to_frequency(value: Frequency | str) -> Frequency:
    return Frequency.parse(value)


def to_day_count(value: DayCount | str) -> DayCount:
    return DayCount.parse(value)


#: What ``amount`` would say a principal accepts (worked out once, not per loan).
_PRINCIPAL_ACCEPTED = f"an amount > 0 and <= {MAX_PRINCIPAL}"


def to_principal(value: object) -> Decimal:
    return amount(
        value, "principal", high=MAX_PRINCIPAL, positive=True, accepted=_PRINCIPAL_ACCEPTED
    )


#: Rates already read from text (``"18%"``), by the text: a book's loans quote a few, and
#: parsing one costs a third of building the terms. Only rates read without error.
_RATE_TEXTS: dict[str, Decimal] = {}
_RATE_TEXTS_MAX = 4096


def to_annual_rate(value: object) -> Decimal:
    """``annual_rate`` read (see :func:`loancalc.rates.annual_rate`); a text read before
    is remembered.

    >>> to_annual_rate("18%"), to_annual_rate("18%") is to_annual_rate("18%")
    (Decimal('0.18'), True)
    """
    if value is None:  # taken from rate_schedule (checked in LoanTerms.__attrs_post_init__)
        return cast("Decimal", None)
    if type(value) is not str:
        return annual_rate(value, field="annual_rate")
    found = _RATE_TEXTS.get(value)
    if found is None:
        found = annual_rate(value, field="annual_rate")
        if len(_RATE_TEXTS) >= _RATE_TEXTS_MAX:
            _RATE_TEXTS.clear()
        _RATE_TEXTS[value] = found
    return found


def to_rate_schedule(value: RateSchedule | None) -> RateSchedule | None:
    if value is not None:
        check_type(value, RateSchedule, "rate_schedule", "a loancalc.RateSchedule or None")
    return value


def to_rounding(value: Rounding | None) -> Rounding:
    if value is None:
        return DEFAULT_ROUNDING
    check_type(value, Rounding, "rounding", "a loancalc.Rounding or None")
    return value


def to_business_days(value: BusinessDays | None) -> BusinessDays | None:
    if value is not None:
        check_type(value, BusinessDays, "business_days", "a loancalc.BusinessDays or None")
    return value


def check_whole(low: int, high: int | None) -> Any:
    """An attrs validator: the field is a whole number from ``low`` to ``high``."""

    def check(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
        whole_number(value, attribute.name, low, high)

    return check


def check_date_field(optional: bool) -> Any:
    """An attrs validator: the field is a date (or None, if ``optional``)."""

    def check(
        instance: object, attribute: attrs.Attribute[date | None], value: date | None
    ) -> None:
        check_date(value, attribute.name, optional=optional)

    return check
