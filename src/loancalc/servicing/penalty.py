"""Penalty and compound interest accrual for one assessment: :class:`Penalty`.

The rates come from the :class:`~loancalc.servicing.PenaltyPolicy` and the contract rate;
amounts accrue exactly (in units of 1/:func:`~loancalc.servicing.accrual.denominator` of
money, as Decimals, or as Fractions once a cap cut an accrual pro rata) and are rounded
when charged. With :attr:`~loancalc.servicing.PenaltyRounding.DAILY` each day's accrual is
rounded instead (and the accumulators hold money). Caps bound the loan's total accrual.

>>> from loancalc import LoanTerms, PenaltyPolicy, PenaltyRate
>>> terms = LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
>>> p = Penalty(terms, PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5"),
...                                  compound=True, cap_share="0.1"))
>>> p.pen_rate, p.comp_rate, p.cap  # the cap in units of 1/360: 1,200 x 360
(Decimal('0.270'), Decimal('0.270'), Decimal('432000.0'))
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from loancalc.interest_basis import InterestBasis
from loancalc.money import CONTEXT
from loancalc.rates import DayCount
from loancalc.servicing.accrual import daily_units, denominator, round_fraction, span_units
from loancalc.servicing.ledger import INT, Exact, Ledger, P
from loancalc.servicing.policies import PenaltyPolicy
from loancalc.terms import LoanTerms

__all__ = ["Penalty"]

_ZERO = Decimal(0)
#: This module's penalty runs on the scheduled basis (contract interest stopped when due).
_SCHEDULED = InterestBasis.SCHEDULED
_DAY = timedelta(days=1)
#: The day counts whose days do not all weigh one unit (see :func:`span_units`).
_UNEVEN_DAYS = (DayCount.ACT_ACT_ISDA, DayCount.THIRTY_360_US, DayCount.THIRTY_E_360)


def _plus(total: Exact, more: Exact) -> Exact:
    # type() is, not isinstance: Fraction's ABC metaclass makes isinstance slow
    if type(total) is Decimal and type(more) is Decimal:
        return total + more
    return Fraction(total) + Fraction(more)


def _decimal(value: Exact) -> Decimal:
    """A daily-rounded total (always a Decimal: daily amounts are never cut pro rata)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(value.numerator) / value.denominator


class Penalty:
    """The penalty accrual of one assessment (mutable; private to the engine).

    ``penalize``: whether anything accrues at all. ``loan_exact``: the loan's total
    accrual, which caps bound.

    >>> terms = LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1))
    >>> Penalty(terms, PenaltyPolicy()).penalize
    False
    """

    def __init__(self, terms: LoanTerms, policy: PenaltyPolicy) -> None:
        self.rounding = terms.rounding
        self.round = terms.rounding.in_context()  # used inside CONTEXT only
        self.policy, self.terms = policy, terms
        self.pen_rate = (
            policy.penalty_rate(terms.annual_rate, _SCHEDULED) if policy.charges_anything else _ZERO
        )
        self.comp_rate = policy.compound_annual_rate(terms.annual_rate)
        self.penalize = bool(self.pen_rate or self.comp_rate)
        # a rate schedule: the penalty rates follow the contract rate in force (accrue)
        self.rate_changes: list[date] | None = None
        self.changes_known_to = terms.start
        if terms.rate_schedule is not None:
            self.rate_changes = []
            self.penalize = self.penalize or policy.charges_anything
        self.day_count = policy.day_count
        self.daily = policy.rounding.rounds_each_day
        self.den = 1 if self.daily else denominator(self.day_count)
        self.cap = self._cap(policy, terms.principal)
        self.loan_exact: Exact = _ZERO
        # every day weighs one unit (ACT/360, ACT/365F): a span weighs its days
        self.plain_days = self.day_count not in _UNEVEN_DAYS
        # no cap and no daily rounding: every accrual simply adds (always Decimals)
        self.simple = self.cap is None and not self.daily

    def _cap(self, penalty: PenaltyPolicy, principal: Decimal) -> Decimal | None:
        caps = [penalty.cap_amount] if penalty.cap_amount is not None else []
        if penalty.cap_share is not None:
            with decimal.localcontext(CONTEXT):
                caps.append(penalty.cap_share * principal)
        if not caps:
            return None
        cap = min(caps)
        if self.daily:  # daily amounts are on the grid: so is the most they may reach
            return self.rounding.toward_zero().apply(cap)
        with decimal.localcontext(CONTEXT):
            return cap * self.den

    def accrue(self, accruing: list[Ledger], previous: date, today: date) -> None:
        """Accrue the days (``previous``, ``today``] on each of the ``accruing`` ledgers
        (their base is constant over the span: the engine stops at every change); a loan
        with a rate schedule splits the span where its rate changes, each part at the
        penalty rates of the contract rate in force.

        >>> import decimal
        >>> from loancalc import LoanTerms, ServicingRules, PenaltyPolicy, PenaltyRate
        >>> from loancalc.money import CONTEXT
        >>> terms = LoanTerms(principal=1000, annual_rate="18%", term=1, start=date(2024, 1, 1))
        >>> accrual = Penalty(terms, PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.27")))
        >>> ledger = Ledger(1, date(2024, 2, 1), date(2024, 2, 1),
        ...                 scheduled=(Decimal("1000"), _ZERO, _ZERO))
        >>> with decimal.localcontext(CONTEXT):
        ...     accrual.accrue([ledger], date(2024, 2, 1), date(2024, 2, 11))
        ...     accrual.rounded(ledger.pen_exact)
        Decimal('7.50')
        """
        if self.rate_changes is None:
            self._accrue_span(accruing, previous, today)
            return
        moving = self.terms.rate_schedule
        assert moving is not None
        if today > self.changes_known_to:  # once, far enough ahead for most walks
            ahead = today + timedelta(days=36600) if today.year < 9899 else date.max
            self.rate_changes = [day for day, _ in moving.changes(self.terms.start, ahead)]
            self.changes_known_to = ahead
        cursor = previous
        for day in self.rate_changes:
            if previous < day < today:
                self._rates_from(cursor)
                self._accrue_span(accruing, cursor, day)
                cursor = day
        self._rates_from(cursor)
        self._accrue_span(accruing, cursor, today)

    def _rates_from(self, day: date) -> None:
        """The penalty rates of the contract rate in force on ``day``."""
        rate, policy = self.terms.rate_on(day), self.policy
        self.pen_rate = policy.penalty_rate(rate, _SCHEDULED) if policy.charges_anything else _ZERO
        self.comp_rate = policy.compound_annual_rate(rate)

    def _accrue_span(self, accruing: list[Ledger], previous: date, today: date) -> None:
        if self.simple:  # the common case, and the engine's hot path
            units = (
                (today - previous).days
                if self.plain_days
                else span_units(self.day_count, previous, today)
            )
            if units:
                pen_rate, comp_rate = self.pen_rate * units, self.comp_rate * units
                for ledger in accruing:
                    out = ledger.out
                    # without a cap nothing is cut pro rata: the accruals stay Decimals
                    ledger.pen_exact += out[P] * pen_rate  # type: ignore[operator]
                    ledger.comp_exact += out[INT] * comp_rate  # type: ignore[operator]
            return
        if self.daily:
            self._accrue_daily(accruing, previous, today)
            return
        units = span_units(self.day_count, previous, today)
        if not units:
            return
        pen_rate, comp_rate = self.pen_rate * units, self.comp_rate * units
        adds = [
            (ledger, ledger.out[P] * pen_rate, ledger.out[INT] * comp_rate) for ledger in accruing
        ]
        if self.cap is None:  # the loan's total matters only under a cap
            for ledger, pen, comp in adds:
                ledger.pen_exact = _plus(ledger.pen_exact, pen)
                ledger.comp_exact = _plus(ledger.comp_exact, comp)
            return
        total = sum((pen + comp for _, pen, comp in adds), _ZERO)
        room = Fraction(self.cap) - Fraction(self.loan_exact)
        if room <= 0:
            return
        if total > room:  # the cap is reached in this span: share what is left pro rata
            scale = room / Fraction(total)
            for ledger, pen, comp in adds:
                ledger.pen_exact = _plus(ledger.pen_exact, Fraction(pen) * scale)
                ledger.comp_exact = _plus(ledger.comp_exact, Fraction(comp) * scale)
            self.loan_exact = _plus(self.loan_exact, room)
            return
        for ledger, pen, comp in adds:
            ledger.pen_exact = _plus(ledger.pen_exact, pen)
            ledger.comp_exact = _plus(ledger.comp_exact, comp)
        self.loan_exact = _plus(self.loan_exact, total)

    def _accrue_daily(self, accruing: list[Ledger], previous: date, today: date) -> None:
        rnd = self.round
        den = denominator(self.day_count)
        amounts: list[tuple[Ledger, Decimal, Decimal]] = []
        for ledger in accruing:
            pen = comp = _ZERO
            for units, days in daily_units(self.day_count, previous, today):
                pen += days * rnd(ledger.out[P] * self.pen_rate * units / den)
                comp += days * rnd(ledger.out[INT] * self.comp_rate * units / den)
            amounts.append((ledger, pen, comp))
        total = sum((pen + comp for _, pen, comp in amounts), _ZERO)
        if self.cap is not None and _decimal(self.loan_exact) + total > self.cap:
            self._accrue_daily_to_cap(accruing, previous, today, den)
            return
        for ledger, pen, comp in amounts:
            ledger.pen_exact = _plus(ledger.pen_exact, pen)
            ledger.comp_exact = _plus(ledger.comp_exact, comp)
        self.loan_exact = _plus(self.loan_exact, total)

    def _accrue_daily_to_cap(
        self, accruing: list[Ledger], previous: date, today: date, den: int
    ) -> None:
        """The span in which daily accrual reaches the cap, day by day (at most once)."""
        assert self.cap is not None
        rnd = self.round
        day = previous
        while day < today and self.loan_exact < self.cap:
            units = span_units(self.day_count, day, day + _DAY)
            day += _DAY
            for ledger in accruing:
                for position, rate in ((P, self.pen_rate), (INT, self.comp_rate)):
                    room = self.cap - _decimal(self.loan_exact)
                    amount = min(rnd(ledger.out[position] * rate * units / den), room)
                    if position == P:
                        ledger.pen_exact = _plus(ledger.pen_exact, amount)
                    else:
                        ledger.comp_exact = _plus(ledger.comp_exact, amount)
                    self.loan_exact = _plus(self.loan_exact, amount)

    def rounded(self, exact: Exact) -> Decimal:
        """An exact cumulative accrual, rounded to the loan's grid (already on it when
        accrual is rounded daily).

        >>> terms = LoanTerms(principal=1000, annual_rate="18%", term=1, start=date(2024, 1, 1))
        >>> Penalty(terms, PenaltyPolicy()).rounded(Decimal("2700"))  # 2,700 / 360
        Decimal('7.50')
        """
        if self.daily:
            return exact if isinstance(exact, Decimal) else round_fraction(exact, self.rounding)
        if isinstance(exact, Decimal):  # Decimal first: isinstance(x, Fraction) is slow
            return self.round(exact / self.den)
        return round_fraction(exact / self.den, self.rounding)

    def forgive(self, ledger: Ledger) -> None:
        """Drop what ``ledger`` accrued within grace (paid in full in time: no penalty).

        >>> terms = LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1))
        >>> ledger = Ledger(1, date(2024, 2, 1), date(2024, 2, 4),
        ...                 scheduled=(Decimal(100), _ZERO, _ZERO))
        >>> ledger.pen_exact = Decimal(5)
        >>> Penalty(terms, PenaltyPolicy()).forgive(ledger); ledger.pen_exact
        Decimal('0')
        """
        if ledger.pen_exact or ledger.comp_exact:  # usually nothing accrued yet
            self.loan_exact = _plus(self.loan_exact, -_plus(ledger.pen_exact, ledger.comp_exact))
        ledger.pen_exact = ledger.comp_exact = _ZERO
