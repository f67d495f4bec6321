"""``lc.defer``: postpone the next instalments (延期还款 / payment holiday).

The next ``periods`` instalments move past the end of the schedule (maturity extends by as
many periods), and the interest of the holiday is capitalised (added to the balance),
accrued and spread over the instalments after it, or waived. What was due already (overdue
amounts and the interest accrued in the current period) stays due on the date, in a row
of the new schedule (its first instalment, or a row due on the date: the rules'
``left_due_row``).

>>> from loancalc import LoanTerms, amortize, assess
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 15)))
>>> d = defer(assess(s, [], date(2024, 1, 15)), date(2024, 1, 15), 2)
>>> [str(i.payment) for i in d.schedule.installments]  # 1,224.12 over 3 after 2 at 0
['0.00', '0.00', '416.23', '416.23', '416.22']
>>> d.holiday_interest, d.schedule.maturity  # 12.00 + 12.12 capitalised
(Decimal('24.12'), datetime.date(2024, 6, 15))
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import attrs

from loancalc._validation import MAX_TERM, check_date, whole_number
from loancalc.amortization import amortize
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.lineage import HasLineage
from loancalc.money import CONTEXT
from loancalc.restructuring.breach import carried_over
from loancalc.restructuring.breakdown import Breakdown, split
from loancalc.restructuring.debt import DebtPart, debt_on
from loancalc.restructuring.limits import (
    check_count,
    check_kind,
    check_parts,
    check_term,
    restructuring_rules,
)
from loancalc.restructuring.lineage import LineageEntry, counted, previous_lineage
from loancalc.restructuring.plan_rows import printed_plan
from loancalc.restructuring.rules import RestructuringKind
from loancalc.schedule import Schedule
from loancalc.servicing import LoanState, ServicingRules
from loancalc.terms import GraceInterest, LoanTerms, Method

__all__ = ["INTEREST_MODES", "Deferral", "defer"]

_ZERO = Decimal(0)
#: What happens to the holiday's interest.
INTEREST_MODES = ("capitalize", "accrue-and-spread", "waive")


@attrs.frozen(kw_only=True)
class Deferral(HasLineage):
    """What :func:`defer` made: the new ``schedule`` (its first ``periods`` instalments
    pay nothing when the interest is capitalised or spread; with ``waive`` it starts at the
    end of the holiday), the ``breakdown`` of the debt on ``on`` (principal carried; what
    was due already left due), ``holiday_interest`` (the holiday's interest:
    capitalised, spread over the instalments after it, or waived), and the ``lineage``
    (every restructuring, deferral and prepayment of the loan, this one last).

    >>> Deferral.__name__
    'Deferral'
    """

    on: date
    state: LoanState
    periods: int
    interest: str
    breakdown: Breakdown
    schedule: Schedule
    holiday_interest: Decimal
    lineage: tuple[LineageEntry, ...] = ()

    @property
    def rules(self) -> ServicingRules:
        """The servicing rules the new schedule is assessed with: the loan's own (on the
        actual-balance basis, without the caps that would count what the schedule carries
        over as a new cost: see :func:`~loancalc.restructuring.breach.carried_over`).

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
        ...                        start=date(2024, 1, 15)))
        >>> defer(assess(s, [], date(2024, 1, 15)), date(2024, 1, 15), 1).rules.grace.days
        0
        """
        return carried_over(self.state.rules)


def defer(
    state: LoanState,
    on: date,
    periods: int,
    *,
    interest: str = "capitalize",
    rules: object = None,
    previous: object = None,
) -> Deferral:
    """Postpone the ``periods`` instalments of ``state``'s loan due next after ``on``.

    ``interest``: ``capitalize`` (the holiday's interest added to the balance),
    ``accrue-and-spread`` (accrued, then shared equally among the instalments after the
    holiday) or ``waive`` (none charged for the holiday). ``periods`` is a whole number
    from 1; a loan with no instalment left to fall due, or a bullet loan, cannot be
    deferred (restructure it with ``kind="extend"``).

    ``rules``: :class:`~loancalc.restructuring.RestructuringRules`, product rules holding
    them, or None (no limits). A deferral (延期还款) is an extension of the term: the
    rules must allow the ``extend`` kind; it counts against ``max_count``; the new
    schedule's instalments count against ``max_term``; capitalising or waiving the
    holiday's interest needs ``interest`` in ``capitalizable`` or ``waivable``. What they
    refuse raises :class:`~loancalc.restructuring.RestructuringNotAllowed`. ``previous``:
    the restructuring, deferral or prepayment whose schedule ``state`` assesses; the
    result's ``lineage`` ends with this deferral (kind ``defer``).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> defer(assess(s, [], date(2024, 1, 1)), date(2024, 1, 1), 0)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: periods: got 0; accepted: a whole number from 1 to 1200
    """
    if not isinstance(state, LoanState):
        raise InvalidTypeError("state", state, "a loancalc.LoanState (from lc.assess)")
    on = check_date(on, "on")  # type: ignore[assignment]
    periods = whole_number(periods, "periods", 1, MAX_TERM)
    if interest not in INTEREST_MODES:
        raise InvalidValueError("interest", interest, "one of " + ", ".join(INTEREST_MODES))
    limits = restructuring_rules(rules)
    lineage = previous_lineage(previous, state)
    check_kind(limits, RestructuringKind.EXTEND)
    check_count(limits, counted(lineage) + 1)
    if interest != "accrue-and-spread":
        check_parts(limits, [DebtPart.ACCRUED_INTEREST], waive=interest == "waive")
    old = state.schedule.terms
    if old.method is Method.BULLET:
        raise InvalidValueError(
            "method", old.method.value, "a method other than bullet (use kind='extend')"
        )
    debt = debt_on(state, on)
    if debt.next_due is None:
        raise InvalidValueError(
            "on", on, f"a date before the last due date ({state.schedule.maturity})"
        )
    left = len(debt.remaining)
    if left + periods > MAX_TERM:
        raise InvalidValueError("periods", periods, f"at most {MAX_TERM - left}")
    breakdown = split(debt.parts, waive=set(), capitalize=set(), pool=_ZERO)
    principal = breakdown.new_principal
    base = LoanTerms(
        principal=principal,
        annual_rate=old.annual_rate,
        term=left + periods,
        start=on,
        first_due=debt.next_due,
        frequency=old.frequency,
        method=old.method,
        accrual=old.accrual,
        day_count=old.day_count,
        rounding=old.rounding,
        business_days=old.business_days,
        grace_principal_periods=periods,
        grace_interest_periods=periods,
        grace_interest_mode=GraceInterest.CAPITALIZE,
    )
    capitalized = amortize(base)
    holiday = capitalized.total_capitalized_interest
    if interest == "capitalize":
        schedule = capitalized
    elif interest == "accrue-and-spread":
        schedule = amortize(base.replace(grace_interest_mode=GraceInterest.SPREAD))
        with decimal.localcontext(CONTEXT):
            holiday = sum((row.interest for row in schedule.installments), _ZERO) - sum(
                (row.interest for row in amortize(_after(base, periods, left)).installments),
                _ZERO,
            )
    else:
        schedule = amortize(_after(base, periods, left))
    check_term(limits, len(schedule))
    schedule, _ = printed_plan(schedule, breakdown.left_due_amounts, limits, state.rules)
    zero = holiday - holiday
    entry = LineageEntry(
        count=len(lineage) + 1,
        date=on,
        kind="defer",
        debt=breakdown.debt,
        paid=breakdown.paid,
        capitalized=holiday if interest == "capitalize" else zero,
        waived=holiday if interest == "waive" else zero,
        left_due=breakdown.left_due,
        new_principal=breakdown.new_principal,
    )
    schedule = attrs.evolve(schedule, lineage=(*lineage, entry))
    return Deferral(
        on=on,
        state=state,
        periods=periods,
        interest=interest,
        breakdown=breakdown,
        schedule=schedule,
        holiday_interest=holiday,
        lineage=schedule.lineage,
    )


def _after(base: LoanTerms, periods: int, left: int) -> LoanTerms:
    """The remaining instalments after the holiday, starting at its end, interest-free
    before."""
    first_due = base.first_due_date
    end = base.frequency.step(first_due, periods - 1)
    return base.replace(
        term=left,
        start=end,
        first_due=base.frequency.step(first_due, periods),
        grace_principal_periods=0,
        grace_interest_periods=0,
    )
