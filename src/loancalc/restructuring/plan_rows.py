"""The plan as printed is the plan as checked: what a restructuring leaves due on signing,
as a row of the plan's own schedule (:func:`place_left_due`), and, on the actual-balance
basis, each row's interest as the balance earns it (:func:`as_charged`).

What a restructuring leaves due (neither paid, carried, capitalised nor waived) goes, by
the product's :attr:`~loancalc.restructuring.RestructuringRules.left_due_row`, into the
plan's first instalment or into a row of its own due on the signing date (row 1, 0 days,
no principal). Interest left due is in the row's interest column and every other part
(fees, penalty and compound interest, late fees) in its fee column, where, as charges,
they bear no interest. On the actual-balance basis the interest column is the interest
the balance earns, so interest left due sits in the fee column too.

>>> from loancalc import LoanTerms, amortize
>>> from loancalc.servicing import Amounts
>>> plan = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> left = Amounts(interest="12.00", late_fee="5.00")
>>> new, number = place_left_due(plan, left, LeftDueRow.ON_SIGNING, InterestBasis.SCHEDULED)
>>> number, [(str(r.due_date), str(r.interest), str(r.fee), str(r.payment)) for r in new][:2]
(1, [('2024-01-01', '12.00', '5.00', '17.00'), ('2024-02-01', '0.00', '0.00', '500.00')])
>>> new, number = place_left_due(plan, left, LeftDueRow.FIRST_INSTALMENT,
...                              InterestBasis.ACTUAL_BALANCE)
>>> number, new.installments[0].fee, new.installments[0].payment, len(new)
(1, Decimal('17.00'), Decimal('517.00'), 2)
"""

from __future__ import annotations

import bisect
import decimal
import itertools
from datetime import date
from decimal import Decimal
from fractions import Fraction

from loancalc.accrual import years
from loancalc.calendar import BusinessDays
from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT
from loancalc.restructuring.rules import LeftDueRow, RestructuringRules
from loancalc.schedule import Installment, Schedule
from loancalc.servicing import Amounts, Component, CostCaps, InterestBasis, ServicingRules
from loancalc.servicing.balance_caps import exact_decimal
from loancalc.servicing.dates import installment_dates

__all__ = ["as_charged", "carried_over", "owed_columns", "place_left_due", "printed_plan"]

_ZERO = Decimal(0)


def place_left_due(
    schedule: Schedule,
    left_due: Amounts,
    where: LeftDueRow,
    basis: InterestBasis,
    signed: date | None = None,
) -> tuple[Schedule, int | None]:
    """``schedule`` with ``left_due`` in one of its rows (see the module docstring), and
    that row's number (None, and the schedule unchanged, when nothing is left due).
    ``signed``: the signing date (default: the schedule's start; a re-aged schedule
    starts with the running period, before it).

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> place_left_due(s, Amounts(), LeftDueRow.ON_SIGNING, InterestBasis.SCHEDULED)[1] is None
    True
    """
    if not left_due.total:
        return schedule, None
    rows = schedule.installments
    zero = rows[0].payment - rows[0].payment  # 0 on the schedule's grid
    with decimal.localcontext(CONTEXT):
        interest, fee = owed_columns(
            left_due.interest + zero, left_due.total - left_due.interest + zero, basis, zero
        )
        if where is LeftDueRow.FIRST_INSTALMENT:
            first = rows[0]
            first = first._replace(
                interest=first.interest + interest,
                fee=first.fee + fee,
                payment=first.payment + interest + fee,
            )
            return Schedule(
                terms=schedule.terms,
                installments=(first, *rows[1:]),
                upfront_fee=schedule.upfront_fee,
                lineage=schedule.lineage,
            ), 1
        signed = schedule.terms.start if signed is None else signed
        opening = rows[0].opening_balance
    signing = Installment(
        number=1,
        start=signed,
        due_date=signed,
        days=0,
        opening_balance=opening,
        principal=zero,
        interest=interest,
        fee=fee,
        payment=interest + fee,
        closing_balance=opening,
    )
    later = tuple(row._replace(number=row.number + 1) for row in rows)
    return Schedule(
        terms=schedule.terms.replace(term=schedule.terms.term + 1),
        installments=(signing, *later),
        upfront_fee=schedule.upfront_fee,
        lineage=schedule.lineage,
    ), 1


def carried_over(servicing: ServicingRules) -> ServicingRules:
    """The loan's ``servicing`` rules for a schedule that carries amounts over from
    before it (a plan, an accelerated debt). On the actual-balance basis: without the
    loan's interest-free window (it ran from the loan's advance) and without the total
    and annual cost caps, which would count what is carried over (in a row's fee column)
    as a new cost of the schedule and cut it: those amounts were charged within the caps
    already, and a plan's rate is within the product's ``max_rate``. The daily and
    default-fee caps stay. The scheduled basis: unchanged.

    >>> carried_over(ServicingRules(interest_basis="actual-balance",
    ...                             caps=CostCaps(annual_rate="24%", daily_share="1%"))).caps
    CostCaps(daily_share=Decimal('0.01'), total_share=None, annual_rate=None, default_fee=None)
    """
    if servicing.interest_basis is not InterestBasis.ACTUAL_BALANCE:
        return servicing
    caps = CostCaps(daily_share=servicing.caps.daily_share, default_fee=servicing.caps.default_fee)
    return servicing.replace(interest_free=None, caps=caps)


def owed_columns(
    interest: Decimal, fee: Decimal, basis: InterestBasis, zero: Decimal
) -> tuple[Decimal, Decimal]:
    """The interest and fee columns of a row asking for ``interest`` and ``fee`` owed
    from before its schedule (``zero``: 0 on the schedule's grid): as they are, but on
    the actual-balance basis, whose interest column is the interest the balance earns
    (that basis never charges interest from a schedule's interest column), the interest
    goes in the fee column, where, like the charges, it bears no interest.

    >>> owed_columns(Decimal("12.00"), Decimal("5.00"), InterestBasis.SCHEDULED, _ZERO)
    (Decimal('12.00'), Decimal('5.00'))
    >>> owed_columns(Decimal("12.00"), Decimal("5.00"), InterestBasis.ACTUAL_BALANCE,
    ...              Decimal("0.00"))
    (Decimal('0.00'), Decimal('17.00'))
    """
    if basis is InterestBasis.ACTUAL_BALANCE:
        with decimal.localcontext(CONTEXT):
            return zero, interest + fee
    return interest, fee


def _edges(schedule: Schedule, rules: ServicingRules) -> list[date]:
    """The dates the engine stops at when each row is paid on its due date: due dates
    (as scheduled and as rolled to a business day) and ends of grace. A period's
    interest is the sum over the spans between them (a day count such as 30/360 is not
    additive over spans, and the engine counts span by span)."""
    calendar = schedule.terms.business_days or BusinessDays()
    found = {row.due_date for row in schedule.installments}
    for _number, due, grace_end, _parts in installment_dates(schedule, rules.grace, calendar):
        found.update((due, grace_end))
    return sorted(found)


def _period(since: date, row: Installment, edges: list[date], schedule: Schedule) -> Fraction:
    """The year fraction of the period from ``since`` to ``row``'s due date, span by span."""
    end = row.due_date
    if end <= since:
        return Fraction(0)
    inside = [day for day in edges[bisect.bisect_right(edges, since) :] if day < end]
    points = [since, *inside, end]
    return sum(
        (years(a, b, schedule.terms.day_count) for a, b in itertools.pairwise(points)),
        start=Fraction(0),
    )


def as_charged(schedule: Schedule, rules: ServicingRules | None = None) -> Schedule:
    """On the actual-balance basis: ``schedule`` as the actual-balance engine charges it,
    under ``rules`` (their allocation order; default ``ServicingRules()``), when every row
    is paid as printed on its due date.

    Each row keeps its payment and fee. Over the row's period (from the due date before
    it, or the schedule's start) the principal balance earns
    interest (exact, by the loan's day count, rounded once per period by the loan's
    rounding); on the due date the row's fee is charged and its payment pays principal,
    interest and fees in the allocation order: the row's interest is the interest the
    payment pays, its principal the rest (what the payment leaves of the fee is paid by
    later rows), and the last row asks for all that is left. A row asking for nothing (a
    payment holiday) keeps asking for nothing: its interest waits for the next rows.
    Paying each row as printed then leaves nothing owed.

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1000, annual_rate="36%", term=2,
    ...                        start=date(2024, 1, 1), accrual="daily"))
    >>> as_charged(s) == s  # a daily-accrual schedule already charges as the balance earns
    True
    """
    terms = schedule.terms
    rate = Fraction(terms.annual_rate)
    servicing = rules or ServicingRules()
    order = [
        part
        for part in servicing.allocation_strategy.order
        if part in (Component.PRINCIPAL, Component.INTEREST, Component.FEE)
    ]
    source = schedule.installments
    rows: list[Installment] = []
    with decimal.localcontext(CONTEXT):
        balance = terms.rounding.apply(terms.principal)
        zero = balance - balance
        owed = {Component.PRINCIPAL: balance, Component.INTEREST: zero, Component.FEE: zero}
        since = terms.start  # a period runs from the last due date, as the engine counts
        edges = _edges(schedule, servicing)
        for index, row in enumerate(source):
            exact = (
                Fraction(owed[Component.PRINCIPAL]) * rate * _period(since, row, edges, schedule)
            )
            since = max(since, row.due_date)
            owed[Component.INTEREST] += terms.rounding.apply(exact_decimal(exact))
            owed[Component.FEE] += row.fee
            left = sum(owed.values(), zero) if index == len(source) - 1 else row.payment
            taken = dict.fromkeys(owed, zero)
            for part in order:
                taken[part] = min(left, owed[part])
                owed[part] -= taken[part]
                left -= taken[part]
            paid = sum(taken.values(), zero)
            principal = paid - row.fee - taken[Component.INTEREST]
            rows.append(
                row._replace(
                    opening_balance=balance,
                    principal=principal,
                    interest=taken[Component.INTEREST],
                    payment=paid,
                    closing_balance=balance - principal,
                    capitalized_interest=zero,
                )
            )
            balance -= principal
    return Schedule(
        terms=terms.replace(principal=terms.rounding.apply(terms.principal)),
        installments=tuple(rows),
        upfront_fee=schedule.upfront_fee,
        lineage=schedule.lineage,
    )


def printed_plan(
    schedule: Schedule,
    left_due: Amounts,
    limits: RestructuringRules | None,
    rules: ServicingRules,
    signed: date | None = None,
) -> tuple[Schedule, int | None]:
    """A plan's schedule as printed and as checked: what the restructuring left due
    (``left_due``) in a row of it, where ``limits.left_due_row`` says (without limits:
    a row due on signing; the first instalment is refused on the actual-balance basis),
    and, when the servicing ``rules`` are on the actual-balance
    basis, each row as the balance is charged (:func:`as_charged`); also the number of
    the row asking for what was left due (None if nothing was). ``signed``: the
    signing date (default: the schedule's start).

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> new, row = printed_plan(s, Amounts(fee=5), None, ServicingRules())
    >>> row, [(str(r.due_date), str(r.payment)) for r in new]
    (1, [('2024-01-01', '5.00'), ('2024-02-01', '100.00')])
    """
    where = LeftDueRow.ON_SIGNING if limits is None else limits.left_due_row
    basis = rules.interest_basis
    first = where is LeftDueRow.FIRST_INSTALMENT
    if first and basis is InterestBasis.ACTUAL_BALANCE and left_due.total:
        raise InvalidValueError(
            "restructuring.left_due_row",
            where.value,
            "on-signing under the actual-balance basis (a settlement there asks for the"
            " balances, which hold what was left due only once a row asks for it)",
        )
    placed, row = place_left_due(schedule, left_due, where, basis, signed)
    if basis is InterestBasis.ACTUAL_BALANCE:
        placed = as_charged(placed, rules)
    return placed, row
