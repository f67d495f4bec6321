"""The parts of a :class:`~loancalc.limits.LimitRule`: :class:`RateLimit` (the rate an
``all-in-rate`` rule allows, and the higher rate up to which amounts paid are lawful)
and :class:`Applicability` (the dates it applies between, compared with which date),
with :class:`RatePer` and :class:`AppliesBy`.

A rule keeps every one of their fields as an attribute and a keyword of its own
(``rule.rate`` is ``rule.rate_limit.rate``), and as a key of its TOML table.

>>> RateLimit(rate="0.8%", per="day").annual_rate(date(2024, 1, 1), 365)  # 0.8 % x 365
Decimal('2.920')
>>> Applicability(applies_to=date(2020, 8, 19)).applies(date(2020, 8, 20), date(2020, 8, 1))
False
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from loancalc.errors import InvalidValueError
from loancalc.limits import indexes
from loancalc.limits._fields import check_day, check_index, to_multiple, to_paid_rate, to_rate
from loancalc.terms import _ParsedEnum

__all__ = ["Applicability", "AppliesBy", "RateLimit", "RatePer"]


class RatePer(_ParsedEnum):
    """The period a rule's ``rate`` is quoted for: a ``year``, or a ``day`` (multiplied
    by the days of the loan's year when measured, 0.8 % a day x 365 = 292 % a year).

    >>> RatePer.parse("day").value
    'day'
    """

    YEAR = "year"
    DAY = "day"

    @classmethod
    def _field_name(cls) -> str:
        return "per"


class AppliesBy(_ParsedEnum):
    """Which date ``applies_from`` and ``applies_to`` are compared with: the ``contract``
    date (the loan's start: a law on agreements made from a day), the ``as-of`` date of
    the assessment (a court practice applied to any claim judged from a day), or
    ``contract-window``: the contract date, and only the charges for the days up to
    ``applies_to`` are measured (a temporary cap on the agreements made while it was in
    force, which ends for them too when it lapses).

    >>> AppliesBy.parse("as-of").value, AppliesBy.parse("contract-window").value
    ('as-of', 'contract-window')
    """

    CONTRACT = "contract"
    AS_OF = "as-of"
    CONTRACT_WINDOW = "contract-window"

    @classmethod
    def _field_name(cls) -> str:
        return "applies_by"


def _to_per(value: object) -> RatePer:
    return RatePer.parse(value)


def _to_applies_by(value: object) -> AppliesBy:
    return AppliesBy.parse(value)


@attrs.frozen(kw_only=True)
class RateLimit:
    """The rate of an ``all-in-rate`` rule: ``rate`` (per ``per``), or ``multiple`` x the
    ``index`` rate on the contract date (4 x LPR1Y); ``paid_rate``: amounts already paid
    are lawful up to this higher rate (a natural obligation: paid interest between 24 %
    and 36 % is not returned). Every field is optional here; the rule checks which its
    kind needs.

    >>> RateLimit(index="LPR1Y", multiple=4).annual_rate(date(2021, 1, 1), 360)  # 4 x 3.85 %
    Decimal('0.1540')
    """

    rate: Decimal | None = attrs.field(default=None, converter=to_rate)
    per: RatePer = attrs.field(default=RatePer.YEAR, converter=_to_per)
    index: str | None = attrs.field(default=None, validator=check_index)
    multiple: Decimal = attrs.field(default=Decimal(1), converter=to_multiple)
    paid_rate: Decimal | None = attrs.field(default=None, converter=to_paid_rate)

    def annual_rate(self, contract: date, days_per_year: int) -> Decimal:
        """The rate as an annual fraction for a loan made on ``contract`` whose year has
        ``days_per_year`` days (a daily rate is multiplied by it; an index rate is read
        on the contract date).

        >>> RateLimit(rate="24%").annual_rate(date(2024, 1, 1), 365)
        Decimal('0.24')
        """
        if self.rate is None:
            if self.index is None:
                raise InvalidValueError("rate", None, "a rate, or an index (with a multiple)")
            return self.multiple * indexes.index(self.index).rate_on(contract)
        if self.per is RatePer.DAY:
            return self.rate * days_per_year
        return self.rate


@attrs.frozen(kw_only=True)
class Applicability:
    """When a rule applies: from ``applies_from`` to ``applies_to`` (inclusive; None:
    open), compared with the date ``applies_by`` names.

    >>> Applicability(applies_from=date(2024, 1, 2), applies_to=date(2024, 1, 1))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: applies_to: got datetime.date(2024, 1, 1); accepted: ...
    """

    applies_from: date | None = attrs.field(default=None, validator=check_day("applies_from"))
    applies_to: date | None = attrs.field(default=None, validator=check_day("applies_to"))
    applies_by: AppliesBy = attrs.field(default=AppliesBy.CONTRACT, converter=_to_applies_by)

    def __attrs_post_init__(self) -> None:
        if self.applies_by is AppliesBy.CONTRACT_WINDOW and self.applies_to is None:
            raise InvalidValueError(
                "applies_to", None, "the last day of the window (applies_by contract-window)"
            )
        if self.applies_from and self.applies_to and self.applies_to < self.applies_from:
            raise InvalidValueError(
                "applies_to",
                self.applies_to,
                f"a date on or after applies_from ({self.applies_from})",
            )

    def applies(self, contract: date, as_of: date) -> bool:
        """Whether a loan made on ``contract``, assessed on ``as_of``, is in the window.

        >>> window = Applicability(applies_from=date(2017, 8, 4), applies_by="as-of")
        >>> window.applies(date(2016, 1, 1), date(2017, 8, 4))
        True
        """
        day = as_of if self.applies_by is AppliesBy.AS_OF else contract
        if self.applies_from is not None and day < self.applies_from:
            return False
        return self.applies_to is None or day <= self.applies_to
