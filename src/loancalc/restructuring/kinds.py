"""The kinds of restructuring, one planner each: kind -> the terms of the new schedule.

A planner gets the request (:class:`PlanRequest`) and gives the :class:`~loancalc.LoanTerms`
of the new schedule; :data:`PLANNERS` maps each implemented
:class:`~loancalc.restructuring.RestructuringKind` to its :class:`Planner`, and
``capitalize_by_default`` says whether parts other than principal go into the new
principal when the caller does not say (re-instalment: everything outstanding into the new
schedule; re-age: the overdue parts into the new instalments after the schedule;
re-amortise and extend: only the principal, the rest left due).

>>> sorted(kind.value for kind in PLANNERS)
['extend', 're-age', 're-amortise', 're-instalment']
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

import attrs

from loancalc._validation import MAX_TERM, whole_number
from loancalc.errors import InvalidValueError
from loancalc.restructuring.debt import Debt
from loancalc.restructuring.rules import RestructuringKind
from loancalc.terms import LoanTerms, Method

__all__ = ["PLANNERS", "PlanRequest", "Planner", "planner"]


@attrs.frozen(kw_only=True)
class PlanRequest:
    """What a planner plans from: the ``debt`` on ``on``, the ``principal`` of the new
    schedule, the ``term``, ``first_due`` asked for (None: the kind's default), the new
    ``annual_rate`` and ``method``.

    >>> PlanRequest.__name__
    'PlanRequest'
    """

    on: date
    debt: Debt
    principal: Decimal
    term: int | None
    first_due: date | None
    annual_rate: Decimal
    method: Method

    def terms(self, term: int, first_due: date | None) -> LoanTerms:
        """The new terms: the old loan's conventions, from ``on``.

        >>> from loancalc import amortize, assess
        >>> from loancalc.restructuring.debt import debt_on
        >>> old = amortize(LoanTerms(principal=100, annual_rate=0, term=2,
        ...                          start=date(2024, 1, 1), day_count="ACT/365F"))
        >>> debt = debt_on(assess(old, [], date(2024, 1, 1)), date(2024, 1, 1))
        >>> PlanRequest(on=date(2024, 1, 1), debt=debt, principal=Decimal(100), term=None,
        ...             first_due=None, annual_rate=Decimal(0),
        ...             method=Method.BULLET).terms(3, None).day_count.value
        'ACT/365F'
        """
        old = self.debt.state.schedule.terms
        return LoanTerms(
            principal=self.principal,
            annual_rate=self.annual_rate,
            term=term,
            start=self.on,
            first_due=first_due,
            frequency=old.frequency,
            method=self.method,
            accrual=old.accrual,
            day_count=old.day_count,
            rounding=old.rounding,
            business_days=old.business_days,
        )


class Planner(NamedTuple):
    """A kind's planner: ``terms(request)`` and ``capitalize_by_default``.

    >>> PLANNERS[RestructuringKind.EXTEND].capitalize_by_default
    False
    """

    terms: Callable[[PlanRequest], LoanTerms]
    capitalize_by_default: bool


def _re_instalment(request: PlanRequest) -> LoanTerms:
    """Everything into a new schedule from ``on``: ``term`` instalments (default: as many
    as the old schedule had left, at least 1), the first one period after ``on`` unless
    ``first_due`` says otherwise."""
    term = request.term
    if term is None:
        term = max(1, len(request.debt.remaining))
    return request.terms(whole_number(term, "term", 1, MAX_TERM), request.first_due)


def _extend(request: PlanRequest) -> LoanTerms:
    """The principal over a longer term (more instalments than the old schedule had
    left), keeping the old due-date cycle: the first due date is the old schedule's next
    one unless ``first_due`` says otherwise."""
    left = len(request.debt.remaining)
    if request.term is None:
        raise InvalidValueError("term", None, f"for extend, a term longer than the {left} "
                                "instalments left")  # fmt: skip
    term = whole_number(request.term, "term", 1, MAX_TERM)
    if term <= left:
        raise InvalidValueError(
            "term", term, f"for extend, a term longer than the {left} instalments left"
        )
    first_due = request.first_due
    if first_due is None:
        first_due = request.debt.next_due
    return request.terms(term, first_due)


def _re_amortise(request: PlanRequest) -> LoanTerms:
    """The outstanding principal (overdue principal included) over the instalments left,
    on their due dates: ``term`` and ``first_due``, if given, must be those."""
    left = request.debt.remaining
    if not left:
        raise InvalidValueError(
            "on", request.on, "for re-amortise, a date before the last due date"
        )
    if request.term is not None and request.term != len(left):
        raise InvalidValueError(
            "term", request.term, f"for re-amortise, None or the {len(left)} instalments left"
        )
    if request.first_due is not None and request.first_due != left[0].due_date:
        raise InvalidValueError(
            "first_due",
            request.first_due,
            f"for re-amortise, None or the next due date ({left[0].due_date})",
        )
    return request.terms(len(left), left[0].due_date)


def _re_age(request: PlanRequest) -> LoanTerms:
    """Only the number of new instalments matters (the engine builds the re-aged schedule
    with :func:`~loancalc.restructuring.reage.re_age_schedule`): ``term`` new instalments
    after the schedule (default: as many as the instalments overdue on ``on``, at least
    1); ``first_due`` is not accepted (they follow the old cycle), nor a new rate or
    method (the instalments kept are the old ones)."""
    if request.first_due is not None:
        raise InvalidValueError(
            "first_due", request.first_due, "for re-age, None (the new instalments follow "
            "the schedule's cycle)"
        )  # fmt: skip
    old = request.debt.state.schedule.terms
    if request.annual_rate != old.rate_on(request.on):
        raise InvalidValueError(
            "annual_rate", request.annual_rate, f"for re-age, the loan's own ({old.annual_rate})"
        )
    if request.method is not old.method:
        raise InvalidValueError(
            "method", request.method.value, f"for re-age, the loan's own ({old.method.value})"
        )
    term = request.term
    if term is None:
        rows = request.debt.state.schedule.installments
        overdue = sum(
            1
            for row, inst in zip(rows, request.debt.state.installments, strict=True)
            if row.due_date <= request.on and inst.outstanding.total
        )
        term = max(1, overdue)
    return request.terms(whole_number(term, "term", 1, MAX_TERM), None)


#: Every kind's planner.
PLANNERS: dict[RestructuringKind, Planner] = {
    RestructuringKind.RE_INSTALMENT: Planner(_re_instalment, capitalize_by_default=True),
    RestructuringKind.RE_AGE: Planner(_re_age, capitalize_by_default=True),
    RestructuringKind.RE_AMORTISE: Planner(_re_amortise, capitalize_by_default=False),
    RestructuringKind.EXTEND: Planner(_extend, capitalize_by_default=False),
}


def planner(kind: RestructuringKind) -> Planner:
    """The planner of ``kind``.

    >>> planner(RestructuringKind.RE_AGE).capitalize_by_default
    True
    """
    return PLANNERS[kind]
