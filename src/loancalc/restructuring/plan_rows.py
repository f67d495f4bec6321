"""The plan as printed is the plan as checked: what a restructuring leaves due on signing,
as a row of the plan's own schedule (:func:`place_left_due`), and, on the actual-balance
basis, each row as the engine charges it, read from the engine (:func:`as_charged`).

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

import decimal
from datetime import date
from decimal import Decimal

from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT
from loancalc.restructuring.rules import LeftDueRow, RestructuringRules
from loancalc.schedule import Installment, Schedule
from loancalc.servicing import (
    Amounts,
    CostCaps,
    EventKind,
    InterestBasis,
    LoanState,
    Payment,
    ServicingRules,
    assess,
)

__all__ = ["as_charged", "carried_over", "owed_columns", "place_left_due", "printed_plan"]

_ZERO = Decimal(0)
#: The events allocating money to the balances: a payment, and credit it left.
_ALLOCATIONS = (EventKind.PAYMENT_ALLOCATED, EventKind.CREDIT_APPLIED)


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


def as_charged(schedule: Schedule, rules: ServicingRules | None = None) -> Schedule:
    """On the actual-balance basis: ``schedule`` as the actual-balance engine charges it,
    under ``rules`` (default ``ServicingRules()``) as a plan is assessed with them
    (:func:`carried_over`), when every row is paid as printed on its due date.

    The engine is asked (:func:`~loancalc.servicing.assess.assess` on the last due date,
    each row but the last paid its payment on its due date), so that its rules all apply:
    interest on the principal by the loan's day count, rounded per period, promotional
    rates, the daily cap, the allocation order. Each row keeps its fee (none once the
    loan is paid off: nothing is charged after); its interest is the interest its
    payment paid, its payment what that paid of principal, interest and fees, its
    principal the rest (what the payment leaves of the fee is paid by later rows); the
    last row asks for all that is left then. A row asking for nothing (a payment
    holiday) keeps asking for nothing: its interest waits for the next rows. Paying each
    row as printed then leaves nothing owed.

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1000, annual_rate="36%", term=2,
    ...                        start=date(2024, 1, 1), accrual="daily"))
    >>> as_charged(s) == s  # a daily-accrual schedule already charges as the balance earns
    True
    """
    terms = schedule.terms
    servicing = (rules or ServicingRules()).replace(interest_basis=InterestBasis.ACTUAL_BALANCE)
    source = schedule.installments
    last = len(source) - 1
    payments = [
        Payment(row.due_date, row.payment, str(index))
        for index, row in enumerate(source[:last])
        if row.payment
    ]
    state = assess(schedule, payments, source[last].due_date, carried_over(servicing))
    rows: list[Installment] = []
    with decimal.localcontext(CONTEXT):
        balance = terms.rounding.apply(terms.principal)
        zero = balance - balance
        paid = _paid_by_row(state, len(source), zero)
        owed = state.outstanding  # on the last due date: the last row asks for all of it
        paid[last] = (owed.interest, owed.principal + owed.interest + owed.fee)
        settled = state.settled_on
        for row, (interest, payment), due in zip(source, paid, state.installments, strict=True):
            fee = row.fee if settled is None or due.effective_due_date <= settled else zero
            principal = payment - fee - interest
            rows.append(
                row._replace(
                    opening_balance=balance,
                    principal=principal,
                    interest=interest,
                    fee=fee,
                    payment=payment,
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


def _paid_by_row(state: LoanState, count: int, zero: Decimal) -> list[tuple[Decimal, Decimal]]:
    """Per row of ``state``'s schedule (whose payments are referenced by row index), the
    interest its payment paid and all it paid of principal, interest and fees, as the
    engine allocated it: money allocated (a payment, or credit it left) counts for the
    row whose payment was received last."""
    interest = [zero] * count
    paid = [zero] * count
    row: int | None = None
    for event in state.events:
        if event.kind is EventKind.PAYMENT_RECEIVED and event.reference is not None:
            row = int(event.reference)
        elif event.kind in _ALLOCATIONS and row is not None:
            taken = event.amounts
            interest[row] += taken.interest
            paid[row] += taken.principal + taken.interest + taken.fee
    return list(zip(interest, paid, strict=True))


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
