"""What a loan contract says: :class:`LoanTerms` and its :class:`Fees`.

Every field is validated and converted where it is declared; a wrong value raises an
:class:`~loancalc.errors.InvalidValueError` naming the field, the value and the range.

>>> terms = LoanTerms(principal="1000000", annual_rate="4.9%", term=360,
...                   start=date(2024, 1, 15))
>>> terms.principal, terms.annual_rate, terms.method.value, terms.first_due_date
(Decimal('1000000'), Decimal('0.049'), 'equal-installment', datetime.date(2024, 2, 15))
>>> LoanTerms(principal=0, annual_rate="5%", term=12, start=date(2024, 1, 1))
Traceback (most recent call last):
loancalc.errors.InvalidValueError: principal: got 0; accepted: an amount > 0 and <= 1E+15
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from loancalc._naming import NamedEnum, register
from loancalc._terms_codec import (
    business_days_to_dict,
    fees_to_dict,
    rounding_to_dict,
    terms_from_dict,
)
from loancalc._terms_fields import (
    DEFAULT_ROUNDING,
    DEFAULT_ZERO,
    MAX_PRINCIPAL,
    check_date_field,
    check_financed,
    check_whole,
    to_annual_rate,
    to_balloon,
    to_business_days,
    to_day_count,
    to_financed,
    to_financed_rate,
    to_frequency,
    to_per_period,
    to_per_period_rate,
    to_principal,
    to_rate_schedule,
    to_rounding,
    to_upfront,
    to_upfront_rate,
)
from loancalc._validation import MAX_TERM, check_type, on_grid
from loancalc.calendar import BusinessDays, Frequency
from loancalc.errors import InvalidValueError, UnknownNameError
from loancalc.money import CONTEXT, Rounding
from loancalc.rate_schedule import RateSchedule
from loancalc.rates import DayCount

__all__ = ["MAX_PRINCIPAL", "MAX_TERM", "Accrual", "Fees", "GraceInterest", "LoanTerms", "Method"]

#: The former name of the parsing base, kept for the modules that subclass it.
_ParsedEnum = NamedEnum


class Method(NamedEnum):
    """How principal and interest are repaid.

    >>> Method.parse("等额本金"), Method.parse("annuity")
    (<Method.EQUAL_PRINCIPAL: 'equal-principal'>, <Method.EQUAL_INSTALLMENT: 'equal-installment'>)
    """

    EQUAL_INSTALLMENT = "equal-installment"  # 等额本息: annuity, the same payment each period
    EQUAL_PRINCIPAL = "equal-principal"  # 等额本金: the same principal each period
    INTEREST_ONLY = "interest-only"  # 先息后本: interest each period, principal at the end
    BULLET = "bullet"  # 到期一次还本付息: everything in one instalment at maturity
    FLAT = "flat"  # 等本等息: equal principal, interest on the original principal
    BALLOON = "balloon"  # annuity leaving a balloon amount to pay with the last instalment


register(
    Method,
    field="method",
    aliases={
        "annuity": "equal-installment",
        "equal-instalment": "equal-installment",
        "french": "equal-installment",
        "等额本息": "equal-installment",
        "linear": "equal-principal",
        "等额本金": "equal-principal",
        "先息后本": "interest-only",
        "到期一次还本付息": "bullet",
        "add-on": "flat",
        "等本等息": "flat",
    },
)


class Accrual(NamedEnum):
    """How a period's interest rate is found.

    ``PERIODIC``: annual rate / periods a year for each full period (an irregular first
    period, and every-N-days frequencies, by the day count). ``DAILY``: every period by the
    day count (annual rate x year fraction).

    >>> Accrual.parse("daily")
    <Accrual.DAILY: 'daily'>
    """

    PERIODIC = "periodic"
    DAILY = "daily"


register(Accrual, field="accrual")


class GraceInterest(NamedEnum):
    """What happens to interest accrued in interest-grace periods.

    ``CAPITALIZE``: added to the balance (and then amortised as principal). ``SPREAD``:
    deferred and shared equally among the amortising instalments' interest.

    >>> GraceInterest.parse("capitalise"), GraceInterest.parse("defer")
    (<GraceInterest.CAPITALIZE: 'capitalize'>, <GraceInterest.SPREAD: 'spread'>)
    """

    CAPITALIZE = "capitalize"
    SPREAD = "spread"


register(
    GraceInterest,
    field="grace_interest_mode",
    aliases={"capitalise": "capitalize", "defer": "spread", "deferred": "spread"},
)


def _to_method(value: Method | str) -> Method:
    return Method.parse(value)


def _to_accrual(value: Accrual | str) -> Accrual:
    return Accrual.parse(value)


def _to_grace_interest(value: GraceInterest | str) -> GraceInterest:
    return GraceInterest.parse(value)


@attrs.frozen(kw_only=True)
class Fees:
    """Fees a loan charges besides interest (手续费).

    ``upfront`` and ``upfront_rate`` (of the principal) are charged once at disbursement;
    ``per_period`` and ``per_period_rate`` (of the original principal, as card instalments
    charge) with every instalment. ``financed`` and ``financed_rate`` (of the principal)
    make a financed arrangement fee: added to what the borrower repays, bearing no
    interest, and repaid by the instalments before any principal (each pays interest,
    then the fee, then principal); only equal-instalment and balloon loans take one.

    >>> Fees(per_period_rate="0.6%").per_period_rate
    Decimal('0.006')
    """

    upfront: Decimal = attrs.field(default=DEFAULT_ZERO, converter=to_upfront)
    upfront_rate: Decimal = attrs.field(default=DEFAULT_ZERO, converter=to_upfront_rate)
    per_period: Decimal = attrs.field(default=DEFAULT_ZERO, converter=to_per_period)
    per_period_rate: Decimal = attrs.field(default=DEFAULT_ZERO, converter=to_per_period_rate)
    financed: Decimal = attrs.field(default=DEFAULT_ZERO, converter=to_financed)
    financed_rate: Decimal = attrs.field(default=DEFAULT_ZERO, converter=to_financed_rate)

    @property
    def any(self) -> bool:
        """True if any fee is charged."""
        return any(attrs.astuple(self, recurse=False))

    @property
    def finances_a_fee(self) -> bool:
        """True if a financed fee is set (``financed`` or ``financed_rate``).

        >>> Fees(financed_rate="1%").finances_a_fee, Fees(per_period=5).finances_a_fee
        (True, False)
        """
        return bool(self.financed or self.financed_rate)

    def per_period_amount(self, principal: Decimal) -> Decimal:
        """The periodic fee of one period on ``principal``, unrounded: ``per_period +
        principal x per_period_rate`` (in the caller's decimal context; the engine rounds
        it per instalment).

        >>> Fees(per_period="1", per_period_rate="0.6%").per_period_amount(Decimal(1000))
        Decimal('7.000')
        """
        return self.per_period + principal * self.per_period_rate

    def financed_fee(self, principal: Decimal, rounding: Rounding) -> Decimal:
        """The financed fee of a loan of ``principal``: ``financed + principal x
        financed_rate``, rounded by ``rounding`` (0 on its grid when there is none).

        >>> Fees(financed="10", financed_rate="1.5%").financed_fee(Decimal(999), Rounding())
        Decimal('24.99')
        """
        return rounding.apply(CONTEXT.fma(principal, self.financed_rate, self.financed))


#: The default fees of :class:`LoanTerms`: records are frozen, so one instance serves all.
_NO_FEES = Fees()


def _to_fees(value: Fees | None) -> Fees:
    if value is None:
        return _NO_FEES
    check_type(value, Fees, "fees", "a loancalc.Fees or None")
    return value


@attrs.frozen(kw_only=True)
class LoanTerms:
    """The terms of one loan: amount, rate, term, dates, method and conventions.

    ``term`` counts instalments (for ``BULLET``, the periods to maturity; the bullet loan
    has one instalment). ``first_due`` defaults to one period after ``start``; any other
    date makes an irregular first period whose interest accrues by the day count (on
    ``start`` itself: an instalment due the day of the advance, with no interest, as a
    plan signed and first paid the same day).
    Grace: the first ``grace_principal_periods`` repay no principal; the first
    ``grace_interest_periods`` pay no interest either (capitalised or spread, by
    ``grace_interest_mode``).

    A rate that moves is a ``rate_schedule`` (:class:`~loancalc.RateSchedule`: dated
    changes, or an index plus a spread); ``annual_rate`` is then the rate on the start
    date, taken from the schedule when left out (given, it must equal it).

    >>> LoanTerms(principal=1000, annual_rate="12%", term=12, start=date(2024, 1, 31),
    ...           balloon=100)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: balloon: got Decimal('100'); accepted: 0 unless method ...
    """

    principal: Decimal = attrs.field(converter=to_principal)
    annual_rate: Decimal = attrs.field(default=None, converter=to_annual_rate)
    term: int = attrs.field(validator=check_whole(1, MAX_TERM))
    start: date = attrs.field(validator=check_date_field(optional=False))
    first_due: date | None = attrs.field(default=None, validator=check_date_field(optional=True))
    frequency: Frequency = attrs.field(default=Frequency.MONTHLY, converter=to_frequency)
    method: Method = attrs.field(default=Method.EQUAL_INSTALLMENT, converter=_to_method)
    accrual: Accrual = attrs.field(default=Accrual.PERIODIC, converter=_to_accrual)
    day_count: DayCount = attrs.field(default=DayCount.ACT_360, converter=to_day_count)
    rounding: Rounding = attrs.field(default=DEFAULT_ROUNDING, converter=to_rounding)
    fees: Fees = attrs.field(default=_NO_FEES, converter=_to_fees)
    grace_principal_periods: int = attrs.field(default=0, validator=check_whole(0, None))
    grace_interest_periods: int = attrs.field(default=0, validator=check_whole(0, None))
    grace_interest_mode: GraceInterest = attrs.field(
        default=GraceInterest.CAPITALIZE, converter=_to_grace_interest
    )
    balloon: Decimal = attrs.field(default=DEFAULT_ZERO, converter=to_balloon)
    business_days: BusinessDays | None = attrs.field(default=None, converter=to_business_days)
    rate_schedule: RateSchedule | None = attrs.field(default=None, converter=to_rate_schedule)

    def __attrs_post_init__(self) -> None:
        self._bind_rate_schedule()
        quantum = self.rounding.quantum
        on_grid(self.principal, quantum, "principal")
        fees = self.fees
        for value, field in (
            (self.balloon, "balloon"),
            (fees.upfront, "fees.upfront"),
            (fees.per_period, "fees.per_period"),
            (fees.financed, "fees.financed"),
        ):
            if value is not DEFAULT_ZERO:  # the default zero is on every grid
                on_grid(value, quantum, field)
        if self.first_due is not None and self.first_due < self.start:
            raise InvalidValueError(
                "first_due", self.first_due, f"a date on or after start ({self.start})"
            )
        if self.balloon > self.principal:
            raise InvalidValueError(
                "balloon", self.balloon, f"an amount from 0 to the principal ({self.principal})"
            )
        if self.balloon and self.method is not Method.BALLOON:
            raise InvalidValueError("balloon", self.balloon, "0 unless method is balloon")
        if fees.financed or fees.financed_rate:
            check_financed(
                fees.financed, fees.financed_rate, self.method.value,
                level=self.method in {Method.EQUAL_INSTALLMENT, Method.BALLOON},
                moving=self.rate_schedule is not None,
            )  # fmt: skip
        if self.method is Method.BULLET:
            for name in ("grace_principal_periods", "grace_interest_periods"):
                if getattr(self, name):
                    raise InvalidValueError(
                        name,
                        getattr(self, name),
                        "0 for method bullet (nothing is repaid before maturity)",
                    )
        for name in ("grace_principal_periods", "grace_interest_periods"):
            value = getattr(self, name)
            if value >= self.term:
                raise InvalidValueError(
                    name,
                    value,
                    f"0 to {self.term - 1}: grace must leave at least one amortising period "
                    f"of the {self.term}",
                )
        try:
            if self.first_due is None:
                self.frequency.step(self.start, self.term)
            else:
                self.frequency.step(self.first_due, self.term - 1)
        except (OverflowError, ValueError):
            raise InvalidValueError(
                "term", self.term, "a term whose last due date falls by 9999-12-31"
            ) from None

    def _bind_rate_schedule(self) -> None:
        """Anchor the rate schedule at the start and fill in (or check) ``annual_rate``."""
        schedule = self.rate_schedule
        if schedule is None:
            if self.annual_rate is None:
                raise InvalidValueError(
                    "annual_rate", None, "a rate (required unless a rate_schedule is given)"
                )
            return
        bound = schedule.bound(self.start)
        opening = bound.rate_on(self.start)
        if self.annual_rate is not None and self.annual_rate != opening:
            raise InvalidValueError(
                "annual_rate", self.annual_rate,
                f"the rate_schedule's rate on the start {self.start} ({opening}), or None",
            )  # fmt: skip
        # frozen: set once here, as attrs documents for derived values
        object.__setattr__(self, "rate_schedule", bound)
        object.__setattr__(self, "annual_rate", opening)

    def rate_on(self, on: date) -> Decimal:
        """The annual rate in force on ``on``: ``annual_rate``, or the rate schedule's.

        >>> LoanTerms(principal=1, annual_rate="5%", term=2, start=date(2024, 1, 10)).rate_on(
        ...     date(2030, 1, 1))
        Decimal('0.05')
        """
        if self.rate_schedule is None:
            return self.annual_rate
        return self.rate_schedule.rate_on(max(on, self.start))

    @property
    def first_due_date(self) -> date:
        """The first due date before business-day adjustment (given, or one period on)."""
        if self.first_due is not None:
            return self.first_due
        return self.frequency.step(self.start, 1)

    @property
    def has_irregular_first_period(self) -> bool:
        """True if the first period is longer or shorter than a regular one.

        >>> LoanTerms(principal=1, annual_rate=0, term=2, start=date(2024, 1, 10),
        ...           first_due=date(2024, 2, 20)).has_irregular_first_period
        True
        """
        if self.first_due is None:
            return False
        try:
            regular = self.frequency.step(self.start, 1)
        except (OverflowError, ValueError):  # a regular period would end after 9999-12-31
            return True
        return self.first_due != regular

    def replace(self, **changes: Any) -> LoanTerms:
        """A copy with ``changes`` applied (and validated again).

        With a rate schedule, a new ``annual_rate`` replaces it (a fixed rate from then
        on); a later ``start`` sees it from there (dated changes before it folded into
        the opening rate, an indexed rate kept on its anchor); ``annual_rate`` follows.

        >>> terms = LoanTerms(principal=1, annual_rate=0, term=2, start=date(2024, 1, 10))
        >>> terms.replace(term=3).term
        3
        """
        fields = attrs.fields_dict(LoanTerms)
        for name in changes:
            if name not in fields:
                raise UnknownNameError("replace", name, list(fields))
        schedule = self.rate_schedule
        if schedule is not None and "rate_schedule" not in changes:
            if "annual_rate" in changes:  # a new fixed rate replaces the schedule
                changes["rate_schedule"] = None
            else:  # the schedule seen from the new start, its rate there
                start = changes.get("start", self.start)
                changes["rate_schedule"] = (
                    schedule.rebased(start) if start > self.start else schedule
                )
                changes["annual_rate"] = None
        elif "rate_schedule" in changes and "annual_rate" not in changes:
            changes["annual_rate"] = (
                None if changes["rate_schedule"] is not None else self.annual_rate
            )
        return attrs.evolve(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The terms as JSON-ready values (strings for amounts and dates); see :meth:`from_dict`.

        >>> t = LoanTerms(principal="1000.50", annual_rate="4.9%", term=3, start=date(2024, 1, 31))
        >>> LoanTerms.from_dict(t.to_dict()) == t
        True
        """
        return {
            "principal": str(self.principal),
            "annual_rate": str(self.annual_rate),
            "term": self.term,
            "start": self.start.isoformat(),
            "first_due": None if self.first_due is None else self.first_due.isoformat(),
            "frequency": {"unit": self.frequency.unit, "count": self.frequency.count},
            "method": self.method.value,
            "accrual": self.accrual.value,
            "day_count": self.day_count.value,
            "rounding": rounding_to_dict(self.rounding),
            "fees": fees_to_dict(self.fees),
            "grace_principal_periods": self.grace_principal_periods,
            "grace_interest_periods": self.grace_interest_periods,
            "grace_interest_mode": self.grace_interest_mode.value,
            "balloon": str(self.balloon),
            "business_days": business_days_to_dict(self.business_days),
            **(
                {}
                if self.rate_schedule is None
                else {"rate_schedule": self.rate_schedule.to_dict()}
            ),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoanTerms:
        """Rebuild terms from :meth:`to_dict`'s output (validating every field again).

        >>> terms = LoanTerms(principal=100, annual_rate="5%", term=2, start=date(2024, 1, 1))
        >>> data = terms.to_dict()
        >>> LoanTerms.from_dict({**data, "term": 3}).term
        3
        """
        return terms_from_dict(data, cls, Fees)
