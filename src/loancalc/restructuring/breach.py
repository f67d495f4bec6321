"""After a breached, accelerated plan: the debt as one instalment due on the breach date.

When a plan is breached and its agreement accelerates (加速到期), everything still owed
falls due on the breach date: :func:`accelerated_debt` gives it by
:class:`~loancalc.servicing.Component` (the plan's payoff then, what is still owed of the
amount left due on signing, and what the breach reinstates), and
:func:`accelerated_schedule` a one-instalment :class:`~loancalc.Schedule` due on the
breach date holding it, so that :func:`~loancalc.assess` of that schedule, with the
loan's own servicing rules (:func:`breach_rules`), shows it all overdue from the breach
date, with penalty interest running on the principal (and compound interest on the
interest) from that day, and no late fee for it.

A schedule row has columns for principal, interest and fee only: the charges due on the
breach date (penalty and compound interest, late fees, reinstated or not) sit in the
instalment's ``fee`` column, where, like the charges they are, they bear no interest.

>>> from loancalc import LoanTerms, amortize
>>> from loancalc.servicing import Amounts
>>> plan = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> owed = Amounts(principal="1000.00", penalty_interest="30.00")
>>> row = accelerated_schedule(plan, date(2024, 1, 1), date(2024, 3, 2), owed).installments[0]
>>> row.due_date, row.principal, row.fee, row.payment
(datetime.date(2024, 3, 2), Decimal('1000.00'), Decimal('30.00'), Decimal('1030.00'))
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

from loancalc.money import CONTEXT
from loancalc.restructuring.debt import DebtPart, debt_on
from loancalc.restructuring.plan_rows import carried_over, owed_columns
from loancalc.schedule import Installment, Schedule
from loancalc.servicing import (
    Amounts,
    Component,
    GracePolicy,
    InterestBasis,
    InterestFreePeriod,
    LateFeePolicy,
    LoanState,
    ServicingRules,
)
from loancalc.terms import Fees, Method

__all__ = ["accelerated_debt", "accelerated_schedule", "breach_rules", "carried_over"]

_ZERO = Decimal(0)
#: The order a credit held on the breach date nets what is owed: charges first.
_NET_ORDER = (
    Component.PENALTY_INTEREST,
    Component.COMPOUND_INTEREST,
    Component.LATE_FEE,
    Component.FEE,
    Component.INTEREST,
    Component.PRINCIPAL,
)


def _net(owed: dict[Component, Decimal], paid: Decimal) -> None:
    """Take ``paid`` off ``owed`` in :data:`_NET_ORDER` (in place)."""
    for component in _NET_ORDER:
        cut = min(paid, owed[component])
        owed[component] -= cut
        paid -= cut


def accelerated_debt(
    plan: LoanState, breach: date, left_due: Amounts, paid_to_left: Decimal, reinstated: Amounts
) -> Amounts:
    """What falls due on ``breach`` by component: the debt of the ``plan`` (assessed on
    the breach date) less the credit it holds, plus what is still owed of the ``left_due``
    amounts (``paid_to_left`` of them paid, charges first), plus ``reinstated``.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> accelerated_debt(assess(s, [], date(2024, 2, 5)), date(2024, 2, 5), Amounts(fee=5),
    ...                  Decimal(2), Amounts(late_fee=1)).total  # 100 + 3 + 1
    Decimal('104.00')
    """
    debt = debt_on(plan, breach)
    parts = debt.parts
    with decimal.localcontext(CONTEXT):
        owed = {
            Component.PRINCIPAL: parts[DebtPart.PRINCIPAL],
            Component.INTEREST: parts[DebtPart.OVERDUE_INTEREST] + parts[DebtPart.ACCRUED_INTEREST],
            Component.FEE: parts[DebtPart.FEE],
            Component.PENALTY_INTEREST: parts[DebtPart.PENALTY_INTEREST],
            Component.COMPOUND_INTEREST: parts[DebtPart.COMPOUND_INTEREST],
            Component.LATE_FEE: parts[DebtPart.LATE_FEE],
        }
        _net(owed, debt.credit)
        left = {c: left_due.get(c) for c in Component}
        _net(left, paid_to_left)
        total = Amounts.from_mapping(owed) + Amounts.from_mapping(left) + reinstated
    quantum = plan.schedule.terms.rounding.quantum
    return Amounts.of([value.quantize(quantum) for value in total.as_tuple()])


def accelerated_schedule(
    plan: Schedule,
    signed: date,
    breach: date,
    owed: Amounts,
    *,
    basis: InterestBasis = InterestBasis.SCHEDULED,
) -> Schedule:
    """One instalment due on ``breach`` holding ``owed``: principal, interest, and the fee
    and every charge in the fee column; its period runs from ``signed`` (the agreement's
    date), at the ``plan``'s rate and conventions (no fees, grace or calendar). On the
    actual-balance ``basis`` the interest owed is in the fee column too (that basis
    charges interest on the principal day by day, never from a schedule's interest
    column), and :func:`breach_rules` keeps the period before the breach date free of
    interest: the interest owed then is in ``owed`` already.

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> accelerated_schedule(s, date(2024, 1, 1), date(2024, 2, 5),
    ...                      Amounts(principal="100.00")).maturity
    datetime.date(2024, 2, 5)
    """
    zero = owed.principal - owed.principal  # on the grid: 0.00
    with decimal.localcontext(CONTEXT):
        interest, fee = owed_columns(
            owed.interest + zero, owed.fee + owed.charges + zero, basis, zero
        )
        payment = owed.principal + interest + fee
    terms = plan.terms.replace(
        # a term's principal is positive: with only interest or charges left, the smallest
        # amount stands in (the row, not the terms, says what is owed)
        principal=max(owed.principal, plan.terms.rounding.quantum),
        term=1,
        start=signed,
        first_due=breach,
        method=Method.BULLET,
        fees=Fees(),
        grace_principal_periods=0,
        grace_interest_periods=0,
        balloon=0,
        business_days=None,
    )
    row = Installment(
        number=1,
        start=signed,
        due_date=breach,
        days=(breach - signed).days,
        opening_balance=owed.principal,
        principal=owed.principal,
        interest=interest,
        fee=fee,
        payment=payment,
        closing_balance=zero,
    )
    return Schedule(terms=terms, installments=(row,), lineage=plan.lineage)


def breach_rules(
    servicing: ServicingRules, *, signed: date | None = None, breach: date | None = None
) -> ServicingRules:
    """The rules an accelerated debt is assessed with: the loan's own ``servicing`` rules
    (penalty and compound interest run again), with no grace (the breach date is past
    every grace) and no late fee (the breach is no missed instalment of the loan: the
    instalments it accelerates were charged for lateness, or not, under the plan).

    On the actual-balance basis, given the agreement's date ``signed`` and the
    ``breach`` date, the days between them are free of interest (the interest of those
    days is in what the breach makes due) and the loan's own interest-free window is
    dropped, and so are the cost caps that would cut what is carried over
    (:func:`~loancalc.restructuring.plan_rows.carried_over`): assessing the accelerated
    debt on the breach date gives exactly what the breach makes due, and contract
    interest runs on its principal from the breach date.

    >>> from loancalc.servicing import GracePolicy
    >>> breach_rules(ServicingRules(grace=GracePolicy(days=3))).grace.days
    0
    >>> rules = breach_rules(ServicingRules(interest_basis="actual-balance"),
    ...                      signed=date(2024, 1, 1), breach=date(2024, 3, 2))
    >>> rules.interest_free.days, rules.interest_free.conditional  # Jan 31 + Feb 29 + 1
    (61, False)
    """
    rules = carried_over(servicing.replace(grace=GracePolicy(), late_fee=LateFeePolicy()))
    if servicing.interest_basis is not InterestBasis.ACTUAL_BALANCE:
        return rules
    free = None
    if signed is not None and breach is not None and breach > signed:
        free = InterestFreePeriod(days=(breach - signed).days, conditional=False)
    return rules.replace(interest_free=free)
