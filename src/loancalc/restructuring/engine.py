"""A restructuring's result and how one is made: :class:`Restructuring` and
:func:`prepare_restructuring` (``lc.restructure`` asks the planner,
:mod:`~loancalc.restructuring.planner`, which calls it).

The worked example of the docs: 12,000 at 18 % over 12 months from 2024-01-15, the first
instalment paid, nothing else; on 2024-04-24 instalments 2 and 3 are overdue (40 and 9
days). Re-instalmented over 24 months with the penalty and compound interest waived and
everything else capitalised:

>>> from loancalc import (LoanTerms, amortize, assess, Payment, ServicingRules,
...                       PenaltyPolicy, PenaltyRate, restructure)
>>> s = amortize(LoanTerms(principal=12000, annual_rate="18%", term=12,
...                        start=date(2024, 1, 15)))
>>> rules = ServicingRules(penalty=PenaltyPolicy(
...     rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True))
>>> state = assess(s, [Payment(date(2024, 2, 15), "1100.16")], date(2024, 4, 24), rules)
>>> r = restructure(state, date(2024, 4, 24), term=24,
...                 waive=("penalty-interest", "compound-interest"))
>>> b = r.breakdown  # 11,079.84 principal + 318.39 overdue + 41.39 accrued interest
>>> b.line("principal").carried, b.capitalized, b.waived, r.schedule.terms.principal
(Decimal('11079.84'), Decimal('359.78'), Decimal('40.44'), Decimal('11439.62'))
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from loancalc._validation import amount, check_date
from loancalc.amortization import amortize
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import CONTEXT
from loancalc.rates import annual_rate as parse_rate
from loancalc.restructuring.agreement import Agreement, plan_rules
from loancalc.restructuring.breakdown import Breakdown, split
from loancalc.restructuring.debt import Debt, DebtPart, debt_on
from loancalc.restructuring.kinds import PlanRequest, planner
from loancalc.restructuring.limits import Proposal
from loancalc.restructuring.lineage import LineageEntry, counted
from loancalc.restructuring.outcome import Outcome
from loancalc.restructuring.plan_rows import printed_plan
from loancalc.restructuring.reage import re_age_breakdown, re_age_schedule
from loancalc.restructuring.requests import RestructureRequest
from loancalc.restructuring.rules import RestructuringKind, RestructuringRules
from loancalc.schedule import Schedule
from loancalc.servicing import Component, LoanState
from loancalc.terms import MAX_PRINCIPAL, LoanTerms, Method

__all__ = ["Restructuring", "capitalized_parts", "parts_of", "prepare_restructuring"]

_ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class Restructuring(Outcome):
    """What :func:`~loancalc.restructure` made: the new ``schedule``, the ``agreement``, the
    ``breakdown`` of the debt replaced, the ``state`` it replaced (unchanged), the
    ``down_payment`` and ``credit_applied`` (credit the loan held, used first), and the
    ``lineage`` (every restructuring of the loan, this one last).

    The new schedule carries the same ``lineage`` (``schedule.lineage``, written to its
    JSON): restructuring, deferring or prepaying it again continues the chain without
    ``previous``.

    >>> Restructuring.__name__
    'Restructuring'
    """

    kind: RestructuringKind
    schedule: Schedule
    agreement: Agreement
    down_payment: Decimal
    credit_applied: Decimal


def parts_of(values: Iterable[Any] | None, field: str) -> set[DebtPart]:
    """The :class:`DebtPart` values named by ``values``: parts, components (interest
    names both its parts) or their names.

    >>> sorted(part.value for part in parts_of(["interest", "late-fee"], "waive"))
    ['accrued-interest', 'late-fee', 'overdue-interest']
    """
    if values is None:
        return set()
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, "a list of debt parts or components")
    found: set[DebtPart] = set()
    for item in values:
        if isinstance(item, DebtPart):
            found.add(item)
            continue
        if isinstance(item, Component):
            found.update(DebtPart.of(item))
            continue
        try:
            found.add(DebtPart.parse(item))
        except InvalidValueError:
            found.update(DebtPart.of(Component.parse(item)))
    if DebtPart.PRINCIPAL in found:
        raise InvalidValueError(
            field,
            "principal",
            "parts other than principal (outstanding principal always carries into the "
            "new principal)",
        )
    return found


def prepare_restructuring(
    state: LoanState,
    on: date,
    request: RestructureRequest,
    limits: RestructuringRules | None,
    lineage: tuple[LineageEntry, ...],
) -> tuple[Proposal, Callable[[], Restructuring]]:
    """What the restructuring ``request`` of ``state``'s loan on ``on`` asks of the
    ``limits`` (a :class:`~loancalc.restructuring.limits.Proposal`), and the function
    that makes it once they allow it (see :func:`~loancalc.restructure`).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> proposal, make = prepare_restructuring(assess(s, [], date(2024, 2, 5)),
    ...     date(2024, 2, 5), RestructureRequest(kind="extend", term=3), None, ())
    >>> proposal.kind.value, proposal.term(), make().schedule.terms.term
    ('extend', 3, 3)
    """
    kind = request.kind
    if request.first_due is not None:
        check_date(request.first_due, "first_due")
    old = state.schedule.terms
    # the rate given, or the one in force on ``on`` (a rate schedule's current rate)
    rate = old.rate_on(on) if request.annual_rate is None else parse_rate(request.annual_rate)
    new_method = old.method if request.method is None else Method.parse(request.method)
    waived = parts_of(request.waive, "waive")
    kind_planner = planner(kind)
    capitalized = capitalized_parts(
        kind, kind_planner.capitalize_by_default, request.capitalize, waived, limits
    )
    paid = amount(request.down_payment, "down_payment", high=MAX_PRINCIPAL)
    re_age = kind is RestructuringKind.RE_AGE

    @functools.cache
    def debt() -> Debt:
        return debt_on(state, on)

    @functools.cache
    def breakdown() -> Breakdown:
        if re_age:
            return re_age_breakdown(debt(), waived, capitalized, paid + debt().credit)
        return _breakdown(debt(), waived, capitalized, paid)

    @functools.cache
    def new_terms() -> LoanTerms:
        return kind_planner.terms(
            PlanRequest(
                on=on,
                debt=debt(),
                principal=breakdown().new_principal,
                term=request.term,
                first_due=request.first_due,
                annual_rate=rate,
                method=new_method,
            )
        )

    @functools.cache
    def credit_used() -> Decimal:  # the credit held pays first
        return min(debt().credit, breakdown().paid)

    def down_payment() -> tuple[Decimal, Decimal]:
        return paid + credit_used(), debt().total

    def term() -> int:  # a re-age keeps the instalments left and adds new ones
        return new_terms().term + (len(debt().remaining) if re_age else 0)

    def make() -> Restructuring:
        if re_age:
            schedule = re_age_schedule(debt(), breakdown(), new_terms().term)
        else:
            schedule = _keep_unchanged(amortize(new_terms()), debt())
        return _result(
            state, on, kind, schedule, breakdown(), limits, lineage, (paid, credit_used())
        )

    proposal = Proposal(
        kind=kind,
        count=counted(lineage) + 1,
        rate=rate,
        waived=tuple(sorted(waived, key=list(DebtPart).index)),
        capitalized=tuple(sorted(capitalized, key=list(DebtPart).index)),
        down_payment=down_payment,
        term=term,
    )
    return proposal, make


def _result(  # noqa: PLR0917 -- the parts of one result
    state: LoanState,
    on: date,
    kind: RestructuringKind,
    schedule: Schedule,
    breakdown: Breakdown,
    limits: RestructuringRules | None,
    lineage: tuple[LineageEntry, ...],
    money: tuple[Decimal, Decimal],
) -> Restructuring:
    """The restructuring: the plan's schedule as printed (with what is left due), its
    lineage and its agreement; ``money``: the down payment and the credit applied."""
    schedule, left_row = printed_plan(
        schedule, breakdown.left_due_amounts, limits, state.rules, signed=on
    )
    entry = LineageEntry(
        count=len(lineage) + 1,
        date=on,
        kind=kind.value,
        debt=breakdown.debt,
        paid=breakdown.paid,
        capitalized=breakdown.capitalized,
        waived=breakdown.waived,
        left_due=breakdown.left_due,
        new_principal=breakdown.new_principal,
    )
    schedule = attrs.evolve(schedule, lineage=(*lineage, entry))
    agreement = _agreement(
        on, kind, schedule, breakdown, limits, state, counted(lineage) + 1, left_due_row=left_row
    )
    return Restructuring(
        kind=kind,
        on=on,
        state=state,
        breakdown=breakdown,
        schedule=schedule,
        agreement=agreement,
        down_payment=money[0],
        credit_applied=money[1],
        lineage=schedule.lineage,
    )


def capitalized_parts(
    kind: RestructuringKind,
    by_default: bool,
    capitalize: Iterable[Any] | None,
    waived: set[DebtPart],
    limits: RestructuringRules | None,
) -> set[DebtPart]:
    """The parts to capitalise: those named (none also waived), or, for None, the kind's
    default (``by_default``: every part the limits let it capitalise; else none). One
    rule for every planner (a credit line's merged plan uses it too).

    >>> parts = capitalized_parts(RestructuringKind.RE_INSTALMENT, True, None,
    ...                           {DebtPart.PENALTY_INTEREST}, None)
    >>> DebtPart.PENALTY_INTEREST in parts, DebtPart.PRINCIPAL in parts
    (False, False)
    """
    if capitalize is None:
        wanted = set(DebtPart) - {DebtPart.PRINCIPAL}
        if not by_default:
            wanted = set()
        if kind is RestructuringKind.RE_AGE:  # the running period's interest stays put
            wanted.discard(DebtPart.ACCRUED_INTEREST)
        if limits is not None:
            wanted = {part for part in wanted if part.component in limits.capitalizable}
        return wanted - waived
    capitalized = parts_of(capitalize, "capitalize")
    both = capitalized & waived
    if both:
        raise InvalidValueError(
            "capitalize", sorted(p.value for p in both), "parts not also waived"
        )
    return capitalized


def _keep_unchanged(schedule: Schedule, debt: Debt) -> Schedule:
    """The instalments left of the old schedule (renumbered) when ``schedule`` replaces
    them with the same balance, rate, method, conventions and dates: re-solving a level
    payment on a rounded balance may move a cent, and a restructuring that changes nothing
    should leave the instalments as they were."""
    new, old, left = schedule.terms, debt.state.schedule.terms, debt.remaining
    same = (
        len(left) == new.term
        and new.start == left[0].start
        and new.principal == left[0].opening_balance
        and new.annual_rate == old.annual_rate
        and old.rate_schedule is None  # kept rows would carry its later changes
        and new.method is old.method
        and not old.fees.any
        and not any(row.capitalized_interest for row in left)
        and [row.due_date for row in schedule.installments] == [row.due_date for row in left]
    )
    if not same:
        return schedule
    rows = tuple(row._replace(number=index) for index, row in enumerate(left, start=1))
    return Schedule(terms=new, installments=rows)


def _breakdown(
    debt: Debt, waived: set[DebtPart], capitalized: set[DebtPart], paid: Decimal
) -> Breakdown:
    with decimal.localcontext(CONTEXT):
        payable = debt.total - sum((debt.parts[p] for p in waived), _ZERO)
        pool = paid + debt.credit
        if debt.total - debt.credit <= 0:
            raise InvalidValueError(
                "on", debt.on, "a date on which something is owed (nothing is left to restructure)"
            )
        if pool >= payable:
            raise InvalidValueError(
                "down_payment",
                paid,
                f"less than the debt payable on {debt.on} ({payable}, with {debt.credit} "
                "credit held): paying all of it is a payoff (see lc.prepay)",
            )
    breakdown = split(debt.parts, waive=waived, capitalize=capitalized, pool=pool)
    if breakdown.new_principal <= 0:
        raise InvalidValueError(
            "down_payment",
            paid,
            "an amount leaving some principal for the new schedule (it pays all of it)",
        )
    return breakdown


def _agreement(  # noqa: PLR0917 -- the parts of one agreement
    on: date,
    kind: RestructuringKind,
    schedule: Schedule,
    breakdown: Breakdown,
    limits: RestructuringRules | None,
    state: LoanState,
    count: int,
    *,
    left_due_row: int | None,
) -> Agreement:
    return Agreement(
        date=on,
        kind=kind,
        schedule=schedule,
        waived=breakdown.waived_amounts,
        left_due=breakdown.left_due_amounts,
        breach_days_past_due=None if limits is None else limits.breach_days_past_due,
        breach_missed_installments=None if limits is None else limits.breach_missed_installments,
        reinstate_waived_on_breach=limits is not None and limits.reinstate_waived_on_breach,
        accelerate_on_breach=limits is not None and limits.accelerate_on_breach,
        rules=plan_rules(state.rules, limits),
        count=count,
        servicing=state.rules,
        left_due_row=left_due_row,
    )
