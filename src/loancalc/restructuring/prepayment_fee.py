"""What paying early costs: :class:`PrepaymentFee` (提前还款违约金 / prepayment charge).

A product charges nothing (``none``), a ``share`` of the principal prepaid, or ``days``
or ``months`` of interest on the principal prepaid at the contract rate; any of these may
have a ``minimum``. The value is data held by
:attr:`loancalc.products.ProductRules.prepayment_fee`; ``lc.prepay`` (a later part of
loancalc) charges it. :meth:`PrepaymentFee.amount` gives the fee for one prepayment.

>>> from decimal import Decimal
>>> fee = PrepaymentFee(kind="months-interest", value=1, minimum="50")
>>> fee.amount(Decimal("10000"), Decimal("0.12"))  # 10,000 x 12 % / 12 x 1 = 100.00
Decimal('100.00')
>>> PrepaymentFee(kind="share", value="2%").amount(Decimal("1000"), Decimal("0.12"))
Decimal('20.00')
>>> PrepaymentFee().amount(Decimal("1000"), Decimal("0.12"))  # on the grid too
Decimal('0.00')
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import attrs

from loancalc._codec import from_data, to_data
from loancalc._validation import amount, read_number
from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT, Rounding
from loancalc.terms import MAX_PRINCIPAL, _ParsedEnum

__all__ = ["PrepaymentFee", "PrepaymentFeeKind"]

_ZERO = Decimal(0)


class PrepaymentFeeKind(_ParsedEnum):
    """``NONE``; ``SHARE`` (of the principal prepaid); ``DAYS_INTEREST`` and
    ``MONTHS_INTEREST`` (that many days or months of contract interest on it).

    >>> PrepaymentFeeKind.parse("days-interest")
    <PrepaymentFeeKind.DAYS_INTEREST: 'days-interest'>
    """

    NONE = "none"
    SHARE = "share"
    DAYS_INTEREST = "days-interest"
    MONTHS_INTEREST = "months-interest"

    @classmethod
    def _field_name(cls) -> str:
        return "prepayment_fee.kind"


def _to_kind(value: object) -> PrepaymentFeeKind:
    return PrepaymentFeeKind.parse(value)


def _to_value(value: object) -> Decimal:
    return read_number(value, "prepayment_fee.value")


def _to_minimum(value: object) -> Decimal:
    return amount(value, "prepayment_fee.minimum", high=MAX_PRINCIPAL)


def _check_days_per_year(value: object) -> int:
    if type(value) is not int or value not in (360, 365, 366):
        raise InvalidValueError("days_per_year", value, "360, 365 or 366")
    return value


@attrs.frozen(kw_only=True)
class PrepaymentFee:
    """The fee for prepaying principal: ``kind``, ``value`` and ``minimum``.

    ``value`` is the share (0 to 1, ``"2%"`` allowed) for ``share``, a whole number of
    days (1 to 3660) for ``days-interest`` or of months (1 to 120) for
    ``months-interest``, and 0 for ``none``. ``minimum``: the least fee charged on any
    prepayment (0 for ``none``).

    >>> PrepaymentFee(kind="days-interest", value="2.5")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: prepayment_fee.value: got Decimal('2.5'); accepted: a who...
    >>> PrepaymentFee(kind="none", minimum=10)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: prepayment_fee.minimum: got Decimal('10'); accepted: 0 ...
    """

    kind: PrepaymentFeeKind = attrs.field(default=PrepaymentFeeKind.NONE, converter=_to_kind)
    value: Decimal = attrs.field(default=_ZERO, converter=_to_value)
    minimum: Decimal = attrs.field(default=_ZERO, converter=_to_minimum)

    def __attrs_post_init__(self) -> None:
        kind, value = self.kind, self.value
        if kind is PrepaymentFeeKind.NONE:
            if value:
                raise InvalidValueError("prepayment_fee.value", value, "0 when kind is none")
            if self.minimum:
                raise InvalidValueError(
                    "prepayment_fee.minimum", self.minimum, "0 when kind is none"
                )
        elif kind is PrepaymentFeeKind.SHARE:
            if not _ZERO < value <= 1:
                raise InvalidValueError(
                    "prepayment_fee.value",
                    value,
                    "a share of the prepaid principal above 0, at most 1",
                )
        else:
            high = 3660 if kind is PrepaymentFeeKind.DAYS_INTEREST else 120
            unit = "days" if kind is PrepaymentFeeKind.DAYS_INTEREST else "months"
            if value != value.to_integral_value() or not 1 <= value <= high:
                raise InvalidValueError(
                    "prepayment_fee.value", value, f"a whole number of {unit} from 1 to {high}"
                )

    def amount(
        self,
        prepaid: Decimal,
        annual_rate: Decimal,
        *,
        days_per_year: int = 360,
        rounding: Rounding | None = None,
    ) -> Decimal:
        """The fee for prepaying ``prepaid`` principal of a loan at ``annual_rate``, rounded
        by ``rounding`` (2 places, half-up by default) and at least ``minimum`` (0, on the
        grid, for a prepayment of nothing or a fee of kind ``none``). ``days_per_year`` is
        the year a day's interest is counted over.

        >>> fee = PrepaymentFee(kind="days-interest", value=30, minimum="100")
        >>> fee.amount(Decimal("36000"), Decimal("0.05"))  # 36,000 x 5 % x 30/360 = 150
        Decimal('150.00')
        >>> fee.amount(Decimal("3600"), Decimal("0.05"))  # 15.00, raised to the minimum
        Decimal('100.00')
        """
        policy = Rounding() if rounding is None else rounding
        prepaid = amount(prepaid, "prepaid", high=MAX_PRINCIPAL)
        days = _check_days_per_year(days_per_year)
        kind = self.kind
        if kind is PrepaymentFeeKind.NONE or not prepaid:
            return policy.apply(_ZERO)  # 0.00: on the rounding grid, as any fee
        with decimal.localcontext(CONTEXT):
            if kind is PrepaymentFeeKind.SHARE:
                fee = prepaid * self.value
            elif kind is PrepaymentFeeKind.DAYS_INTEREST:
                fee = prepaid * annual_rate * self.value / days
            else:
                fee = prepaid * annual_rate * self.value / 12
        return max(policy.apply(fee), policy.apply(self.minimum))

    def to_dict(self) -> dict[str, Any]:
        """The fee as plain data; see :meth:`from_dict`.

        >>> PrepaymentFee(kind="share", value="0.01").to_dict()
        {'kind': 'share', 'value': '0.01', 'minimum': '0'}
        """
        data: dict[str, Any] = to_data(self)
        return data

    @classmethod
    def from_dict(cls, data: object, *, path: str = "prepayment_fee") -> PrepaymentFee:
        """A fee from plain data; unknown keys and bad values name their path.

        >>> PrepaymentFee.from_dict({"kind": "months-interest", "value": 3}).value
        Decimal('3')
        """
        return from_data(cls, data, path)
