"""Early-settlement rules: what settling a loan early rebates, by a product's rule.

:class:`~loancalc.servicing.ServicingRules` names the rule (``settlement``):

- ``"interest-to-date"`` (the default): the current period's contract interest accrued to
  the settlement date is kept, later periods' interest and fees are rebated (the rule of
  :mod:`loancalc.servicing.settlement`, common with Chinese lenders).
- ``"uk-ccesr-2004"``: the Consumer Credit (Early Settlement) Regulations 2004 (SI
  2004/1483), regulation 4: the rebate is the repayments that would fall due after the
  settlement date less their value at the settlement date discounted at the APR,
  ``sum A_k (1 + APR)^-t_k``, ``t_k`` in years from the settlement date (whole months
  back from each due date as twelfths, odd days over the 365 or 366 days of the year
  counted back: the total charge for credit rules' time, as the BIS guidance on the
  Consumer Credit Directive regulations, Appendix A, counts it). The APR is the
  agreement's, its EU APRC counted in the same months, rounded to one decimal place as
  the total charge for credit rules disclose it (the BIS example uses 14.0 %). No
  deferral of the settlement date: the rule for agreements under the Consumer Credit
  Directive (from 1 February 2011, the Consumer Credit (EU Directive) Regulations 2010
  amending regulation 6).
- ``"uk-ccesr-2004-deferred"``: the same with regulation 6 as made: the settlement date
  deferred by one month for an agreement whose term exceeds a year (agreements outside
  the Directive: secured on land, above its upper limit, or made before 2011).

The settlement date itself (regulation 5: the day the money is paid, or 28 days after a
notice to settle) is the date the quote is asked for: ``payoff_amount(on)`` with ``on``
28 days after the request gives the statement the Settlement Information rules describe.

The rebate is of charges for credit: it is at most the interest and fees of the
instalments after the settlement date, and at least 0; it is rounded up to the loan's
money grid (the creditor allows at least the statutory rebate) and taken from the
interest of the last instalment backwards, then from their fees. Instalments due on or
before the (deferred) settlement date, and a first instalment carrying what a
restructuring left due, are asked for in full.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31)))
>>> rule = settlement_rule("uk-ccesr-2004", s)
>>> rule.apr  # the schedule's EU APRC in months, 1.01^12 - 1 = 12.68 %, to one place
Decimal('0.127')
>>> rule.settlement_date(date(2024, 2, 10))
datetime.date(2024, 2, 10)
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import assert_never

import attrs

from loancalc._naming import NamedEnum
from loancalc.calendar import add_months
from loancalc.errors import UnknownNameError
from loancalc.money import CONTEXT, Rounding, RoundingMode
from loancalc.schedule import Installment, Schedule
from loancalc.servicing.ledger import FEE, INT, P

__all__ = [
    "SETTLEMENT_RULES",
    "SettlementRuleKind",
    "StatutoryRebate",
    "check_settlement",
    "settlement_rule",
]


class SettlementRuleKind(NamedEnum):
    """The early-settlement rules (``ServicingRules.settlement`` holds one's value).

    >>> SettlementRuleKind.parse("uk-ccesr-2004-deferred").deferral_months
    1
    """

    INTEREST_TO_DATE = "interest-to-date"
    UK_CCESR_2004 = "uk-ccesr-2004"
    UK_CCESR_2004_DEFERRED = "uk-ccesr-2004-deferred"

    @classmethod
    def _field_name(cls) -> str:
        return "settlement"

    @property
    def deferral_months(self) -> int | None:
        """The months regulation 6 defers the settlement date of a long agreement by
        (None: not a statutory rebate rule).

        >>> SettlementRuleKind.INTEREST_TO_DATE.deferral_months is None
        True
        """
        match self:
            case SettlementRuleKind.INTEREST_TO_DATE:
                return None
            case SettlementRuleKind.UK_CCESR_2004:
                return 0
            case SettlementRuleKind.UK_CCESR_2004_DEFERRED:
                return 1
            case _ as unreachable:
                assert_never(unreachable)


#: The settlement rules a product may name (``ServicingRules.settlement``).
SETTLEMENT_RULES = tuple(kind.value for kind in SettlementRuleKind)

_ZERO = Decimal(0)
_APR_PLACES = Decimal("0.001")  # one decimal place of a percentage


def check_settlement(value: object) -> str:
    """The rule ``value`` names, checked (:class:`~loancalc.errors.UnknownNameError` if
    it is none of :data:`SETTLEMENT_RULES`).

    >>> check_settlement(" UK-CCESR-2004 ")
    'uk-ccesr-2004'
    """
    if isinstance(value, str):
        key = value.strip().lower().replace("_", "-")
        if key in SETTLEMENT_RULES:
            return key
    raise UnknownNameError("settlement", value, SETTLEMENT_RULES)


@attrs.frozen(kw_only=True)
class StatutoryRebate:
    """The UK early-settlement rebate (SI 2004/1483 regulation 4) of one agreement: its
    ``apr`` (a fraction, as disclosed), ``deferral_months`` (regulation 6: 1 for
    ``uk-ccesr-2004-deferred``, else 0), whether its term exceeds a year (``long_term``:
    only then is the date deferred) and the loan's money ``rounding``.

    >>> StatutoryRebate(apr=Decimal("0.14")).settlement_date(date(2024, 5, 31))
    datetime.date(2024, 5, 31)
    """

    apr: Decimal
    deferral_months: int = 0
    long_term: bool = False
    rounding: Rounding = attrs.field(factory=Rounding)

    def settlement_date(self, on: date) -> date:
        """The date the rebate is computed for: ``on``, deferred by ``deferral_months``
        when the agreement's term exceeds a year.

        >>> StatutoryRebate(apr=Decimal("0.1"), deferral_months=1, long_term=True
        ...                 ).settlement_date(date(2024, 5, 31))
        datetime.date(2024, 6, 30)
        """
        if self.deferral_months and self.long_term:
            return add_months(on, self.deferral_months)
        return on

    def present_value(self, amounts: Sequence[tuple[date, Decimal]], on: date) -> Decimal:
        """``sum A_k (1 + apr)^-t_k`` of dated ``amounts`` at ``on`` (``t_k`` in years:
        whole months back as twelfths, odd days over the year counted back).

        >>> StatutoryRebate(apr=Decimal("0.1")).present_value(
        ...     [(date(2025, 1, 1), Decimal(121))], date(2023, 1, 1))
        Decimal('100.0000000000000000000000000000000000000')
        """
        from loancalc.apr._time import eu_unit_periods  # here: loancalc.apr loads late

        if not amounts:
            return _ZERO
        nums, den = eu_unit_periods(on, [day for day, _ in amounts], "month")
        with decimal.localcontext(CONTEXT) as ctx:
            log = (1 + self.apr).ln()
            total = _ZERO
            for (_, amount), num in zip(amounts, nums, strict=True):
                time = Fraction(num, den)
                total += amount * ctx.exp(-log * time.numerator / time.denominator)
            return total

    def rebates(
        self,
        outs: Sequence[Sequence[Decimal]],
        rows: Sequence[Installment],
        on: date,
        *,
        carried_first: bool = False,
    ) -> list[tuple[int, Decimal, Decimal]]:
        """``(index, interest, fee)`` rebated per instalment when settling on ``on``
        (``outs``: each instalment's six amounts outstanding, in component order, for
        ``rows``; see the module for the rule).

        >>> from loancalc import LoanTerms, amortize
        >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
        ...                        start=date(2024, 1, 31)))
        >>> outs = [(r.principal, r.interest, r.fee, 0, 0, 0) for r in s.installments]
        >>> settlement_rule("uk-ccesr-2004", s).rebates(outs, s.installments, date(2024, 2, 29))
        [(1, Decimal('8.04'), Decimal('0.00')), (2, Decimal('4.04'), Decimal('0.00'))]
        """
        settle = self.settlement_date(on)
        later = [
            index
            for index, row in enumerate(rows)
            if row.due_date > settle and not (index == 0 and carried_first)
        ]
        if not later:
            return []
        with decimal.localcontext(CONTEXT):
            amounts = [(rows[i].due_date, outs[i][P] + outs[i][INT] + outs[i][FEE]) for i in later]
            charges = sum((outs[i][INT] + outs[i][FEE] for i in later), _ZERO)
            owed = sum((amount for _, amount in amounts), _ZERO)
            rebate = owed - self.present_value(amounts, settle)
            rounding = self.rounding
            rebate = Rounding(
                places=rounding.places, increment=rounding.increment, mode=RoundingMode.UP
            ).apply(max(rebate, _ZERO))
            left = min(rebate, charges)
            cuts = {index: [_ZERO, _ZERO] for index in later}
            for position, slot in ((INT, 0), (FEE, 1)):  # interest first, then fees
                for index in reversed(later):
                    cut = min(left, max(outs[index][position], _ZERO))
                    cuts[index][slot] += cut
                    left -= cut
        return [(index, cut[0], cut[1]) for index, cut in cuts.items() if cut[0] or cut[1]]


def settlement_rule(name: str, schedule: Schedule) -> StatutoryRebate | None:
    """The rule ``name`` bound to ``schedule``: None for ``"interest-to-date"`` (the
    rule of :mod:`loancalc.servicing.settlement`), else a :class:`StatutoryRebate` with
    the schedule's EU APRC (in months, as the rebate is discounted) rounded to one decimal
    place of a percentage.

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> settlement_rule("interest-to-date", s) is None, settlement_rule("uk-ccesr-2004", s).apr
    (True, Decimal('0'))
    """
    from loancalc.apr.annualize import annualized  # here: loancalc.apr loads late

    deferral = SettlementRuleKind(check_settlement(name)).deferral_months
    if deferral is None:
        return None
    try:
        apr = annualized(schedule, "eu-aprc", time_unit="month")
    except (ValueError, ArithmeticError):  # no rate (nothing lent or repaid): nothing to rebate
        apr = _ZERO
    with decimal.localcontext(CONTEXT):
        apr = apr.quantize(_APR_PLACES, rounding=decimal.ROUND_HALF_UP).normalize()
    rows = schedule.installments
    return StatutoryRebate(
        apr=apr,
        deferral_months=deferral,
        long_term=bool(rows) and rows[-1].due_date > add_months(schedule.terms.start, 12),
        rounding=schedule.terms.rounding,
    )
