"""Deferral: postpone the next instalments (延期还款 / payment holiday); ``lc.defer`` asks
the planner (:mod:`~loancalc.restructuring.planner`), which calls
:func:`prepare_deferral`.

The next ``periods`` instalments move past the end of the schedule (maturity extends by as
many periods), and the interest of the holiday is capitalised (added to the balance),
accrued and spread over the instalments after it, or waived. What was due already (overdue
amounts and the interest accrued in the current period) stays due on the date, in a row
of the new schedule (its first instalment, or a row due on the date: the rules'
``left_due_row``).

>>> from loancalc import LoanTerms, amortize, assess, defer
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 15)))
>>> d = defer(assess(s, [], date(2024, 1, 15)), date(2024, 1, 15), 2)
>>> [str(i.payment) for i in d.schedule.installments]  # 1,224.12 over 3 after 2 at 0
['0.00', '0.00', '416.23', '416.23', '416.22']
>>> d.holiday_interest, d.schedule.maturity  # 12.00 + 12.12 capitalised
(Decimal('24.12'), datetime.date(2024, 6, 15))
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import attrs

from loancalc._validation import MAX_TERM, whole_number
from loancalc.amortization import amortize
from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT
from loancalc.restructuring.breakdown import split
from loancalc.restructuring.debt import Debt, DebtPart, debt_on
from loancalc.restructuring.limits import Proposal
from loancalc.restructuring.lineage import LineageEntry, counted
from loancalc.restructuring.outcome import Outcome
from loancalc.restructuring.plan_rows import carried_over, printed_plan
from loancalc.restructuring.requests import DeferRequest
from loancalc.restructuring.rules import RestructuringKind, RestructuringRules
from loancalc.schedule import Schedule
from loancalc.servicing import LoanState, ServicingRules
from loancalc.terms import GraceInterest, LoanTerms, Method

__all__ = ["INTEREST_MODES", "Deferral", "prepare_deferral"]

_ZERO = Decimal(0)
#: What happens to the holiday's interest.
INTEREST_MODES = ("capitalize", "accrue-and-spread", "waive")


@attrs.frozen(kw_only=True)
class Deferral(Outcome):
    """What :func:`~loancalc.defer` made: the new ``schedule`` (its first ``periods`` instalments
    pay nothing when the interest is capitalised or spread; with ``waive`` it starts at the
    end of the holiday), the ``breakdown`` of the debt on ``on`` (principal carried; what
    was due already left due), ``holiday_interest`` (the holiday's interest:
    capitalised, spread over the instalments after it, or waived), and the ``lineage``
    (every restructuring, deferral and prepayment of the loan, this one last).

    >>> Deferral.__name__
    'Deferral'
    """

    periods: int
    interest: str
    schedule: Schedule
    holiday_interest: Decimal

    @property
    def rules(self) -> ServicingRules:
        """The servicing rules the new schedule is assessed with: the loan's own (on the
        actual-balance basis, without the caps that would count what the schedule carries
        over as a new cost: see :func:`~loancalc.restructuring.plan_rows.carried_over`).

        >>> from loancalc import LoanTerms, amortize, assess, defer
        >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
        ...                        start=date(2024, 1, 15)))
        >>> defer(assess(s, [], date(2024, 1, 15)), date(2024, 1, 15), 1).rules.grace.days
        0
        """
        return carried_over(self.state.rules)


def prepare_deferral(
    state: LoanState,
    on: date,
    request: DeferRequest,
    limits: RestructuringRules | None,
    lineage: tuple[LineageEntry, ...],
) -> tuple[Proposal, Callable[[], Deferral]]:
    """What the deferral ``request`` of ``state``'s loan on ``on`` asks of the ``limits``
    (as an ``extend``: a :class:`~loancalc.restructuring.limits.Proposal`), and the
    function that makes it once they allow it (see :func:`~loancalc.defer`).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
    ...                        start=date(2024, 1, 15)))
    >>> proposal, make = prepare_deferral(assess(s, [], date(2024, 1, 15)), date(2024, 1, 15),
    ...                                   DeferRequest(periods=2), None, ())
    >>> proposal.kind.value, proposal.term(), len(make().schedule)
    ('extend', 5, 5)
    """
    periods = whole_number(request.periods, "periods", 1, MAX_TERM)
    interest = request.interest
    if interest not in INTEREST_MODES:
        raise InvalidValueError("interest", interest, "one of " + ", ".join(INTEREST_MODES))
    old = state.schedule.terms

    @functools.cache
    def debt() -> Debt:
        if old.method is Method.BULLET:
            raise InvalidValueError(
                "method", old.method.value, "a method other than bullet (use kind='extend')"
            )
        found = debt_on(state, on)
        if found.next_due is None:
            raise InvalidValueError(
                "on", on, f"a date before the last due date ({state.schedule.maturity})"
            )
        if not found.parts[DebtPart.PRINCIPAL]:
            raise InvalidValueError("on", on, "a date on which some principal is left to defer")
        if len(found.remaining) + periods > MAX_TERM:
            raise InvalidValueError(
                "periods", periods, f"at most {MAX_TERM - len(found.remaining)}"
            )
        return found

    def term() -> int:  # waived, the holiday is no instalments of the new schedule
        left = len(debt().remaining)
        return left if interest == "waive" else left + periods

    def make() -> Deferral:
        return _deferral(state, on, periods, interest, debt(), limits, lineage)

    parts = () if interest == "accrue-and-spread" else (DebtPart.ACCRUED_INTEREST,)
    proposal = Proposal(
        kind=RestructuringKind.EXTEND,
        count=counted(lineage) + 1,
        waived=parts if interest == "waive" else (),
        capitalized=parts if interest == "capitalize" else (),
        term=term,
    )
    return proposal, make


def _deferral(  # noqa: PLR0917 -- the parts of one deferral
    state: LoanState,
    on: date,
    periods: int,
    interest: str,
    debt: Debt,
    limits: RestructuringRules | None,
    lineage: tuple[LineageEntry, ...],
) -> Deferral:
    old = state.schedule.terms
    left = len(debt.remaining)
    breakdown = split(debt.parts, waive=set(), capitalize=set(), pool=_ZERO)
    principal = breakdown.new_principal
    base = LoanTerms(
        principal=principal,
        annual_rate=old.rate_on(on),
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
