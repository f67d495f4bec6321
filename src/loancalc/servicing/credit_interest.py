"""Interest on a credit balance (利息返还 on money held for the borrower): ``CreditInterest``.

Money a lender holds for the borrower (a payment beyond everything owed, or a refund not
yet paid out) is the borrower's; where the product says so it earns interest, owed back to
the borrower. The interest accrues simply, by the day count, on the credit held at the end
of each day, exactly; the total accrued is rounded by the loan's rounding and what that
adds since the last posting is added to the credit on each date the servicing walk stops
at (so the credit posted is always the rounded total, whichever dates the walk stops at).

>>> from datetime import date
>>> rule = CreditInterest(annual_rate="3.65%")
>>> rule.accrued(Decimal("1000"), date(2024, 1, 1), date(2024, 1, 11))  # 1,000 x 3.65 % x 10/365
Fraction(1, 1)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from loancalc.accrual import years
from loancalc.errors import InvalidValueError
from loancalc.money import Rounding
from loancalc.rates import DayCount, annual_rate
from loancalc.servicing.accrual import round_fraction

__all__ = ["CreditInterest", "CreditInterestAccount"]


def _to_rate(value: object) -> Decimal:
    rate = annual_rate(value, field="credit_interest.annual_rate", days_per_year=365)
    if not 0 < rate <= 1:
        raise InvalidValueError(
            "credit_interest.annual_rate", value, "a rate above 0 and at most 100 % a year"
        )
    return rate


def _to_day_count(value: object) -> DayCount:
    return DayCount.parse(value)


@attrs.frozen(kw_only=True)
class CreditInterest:
    """Interest paid to the borrower on credit the lender holds: ``annual_rate`` (above 0,
    at most 100 % a year) by ``day_count`` (ACT/365F by default), simple.

    >>> CreditInterest(annual_rate="4%").day_count.value
    'ACT/365F'
    >>> CreditInterest(annual_rate=0)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: credit_interest.annual_rate: got 0; accepted: a rate ...
    """

    annual_rate: Decimal = attrs.field(converter=_to_rate)
    day_count: DayCount = attrs.field(default=DayCount.ACT_365F, converter=_to_day_count)

    def accrued(self, credit: Decimal, start: date, end: date) -> Fraction:
        """The exact interest on ``credit`` held from the end of ``start`` to the end of
        ``end``.

        >>> CreditInterest(annual_rate="3.65%").accrued(Decimal(500), date(2024, 1, 1),
        ...                                             date(2024, 1, 2))  # 0.05
        Fraction(1, 20)
        """
        return Fraction(credit) * Fraction(self.annual_rate) * years(start, end, self.day_count)


@attrs.define
class CreditInterestAccount:
    """The walk's running account of credit interest (mutable, private): ``exact`` accrued
    so far and ``posted`` (rounded) so far.

    >>> account = CreditInterestAccount(CreditInterest(annual_rate="3.65%"), Rounding())
    >>> account.accrue(Decimal("1000.00"), date(2024, 1, 1), date(2024, 1, 5))
    >>> account.post()  # 1,000 x 3.65 % x 4/365 = 0.40
    Decimal('0.40')
    >>> account.accrue(Decimal("1000.40"), date(2024, 1, 5), date(2024, 1, 6))
    >>> account.post(), account.posted  # 0.40 + 0.100004: 0.50 in all
    (Decimal('0.10'), Decimal('0.50'))
    """

    rule: CreditInterest
    rounding: Rounding
    exact: Fraction = attrs.field(default=Fraction(0))
    posted: Decimal = attrs.field(default=Decimal(0))

    def __attrs_post_init__(self) -> None:
        self.posted = self.rounding.apply(self.posted)  # on the loan's grid: 0.00

    def accrue(self, credit: Decimal, start: date, end: date) -> None:
        """Accrue on ``credit`` held from the end of ``start`` to the end of ``end``
        (nothing on no credit).

        >>> account = CreditInterestAccount(CreditInterest(annual_rate="3.65%"), Rounding())
        >>> account.accrue(Decimal(0), date(2024, 1, 1), date(2024, 3, 1))
        >>> account.exact
        Fraction(0, 1)
        """
        if credit > 0 and end > start:
            self.exact += self.rule.accrued(credit, start, end)

    def post(self) -> Decimal:
        """What the rounded total adds since the last posting (0 on the grid if nothing).

        >>> CreditInterestAccount(CreditInterest(annual_rate="1%"), Rounding()).post()
        Decimal('0.00')
        """
        due = round_fraction(self.exact, self.rounding) - self.posted
        self.posted += due
        return due
