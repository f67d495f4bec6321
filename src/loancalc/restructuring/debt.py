"""The debt a restructuring replaces, by part: :class:`DebtPart` and :func:`debt_on`.

A loan's debt on a date splits into seven parts: the outstanding principal (due or not),
the interest of instalments already due and unpaid (overdue interest), the contract
interest of the current period accrued from its start to the date, the unpaid fees of
instalments already due, and the penalty interest, compound interest and late fees charged
by then. Together they are what :meth:`~loancalc.servicing.LoanState.payoff_amount` asks
for on that date, before the credit held is netted.

>>> from loancalc import LoanTerms, amortize, assess
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31)))
>>> debt = debt_on(assess(s, [], date(2024, 2, 10)), date(2024, 2, 10))
>>> debt.parts[DebtPart.PRINCIPAL], debt.parts[DebtPart.ACCRUED_INTEREST]  # 1,200 x 1 % x 10/30
(Decimal('1200.00'), Decimal('4.00'))
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType

import attrs

from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT
from loancalc.schedule import Installment
from loancalc.servicing import Component, InterestBasis, LoanState, assess
from loancalc.servicing.settlement import cancelled_advances, first_row_carries, kept_charges
from loancalc.servicing.settlement_rules import settlement_rule
from loancalc.terms import _ParsedEnum

__all__ = ["PAYMENT_ORDER", "Debt", "DebtPart", "debt_on"]

_ZERO = Decimal(0)


class DebtPart(_ParsedEnum):
    """One part of the debt a restructuring replaces (see :mod:`loancalc.restructuring.debt`).

    >>> DebtPart.parse("overdue-interest").component.value
    'interest'
    >>> [part.value for part in DebtPart.of(Component.INTEREST)]
    ['overdue-interest', 'accrued-interest']
    """

    PRINCIPAL = "principal"
    OVERDUE_INTEREST = "overdue-interest"
    ACCRUED_INTEREST = "accrued-interest"
    FEE = "fee"
    PENALTY_INTEREST = "penalty-interest"
    COMPOUND_INTEREST = "compound-interest"
    LATE_FEE = "late-fee"

    @classmethod
    def _field_name(cls) -> str:
        return "debt part"

    @property
    def component(self) -> Component:
        """The servicing :class:`~loancalc.servicing.Component` this part belongs to."""
        return _COMPONENT[self]

    @classmethod
    def of(cls, component: Component) -> tuple[DebtPart, ...]:
        """The parts of one component (interest has two: overdue and accrued).

        >>> DebtPart.of(Component.LATE_FEE)
        (<DebtPart.LATE_FEE: 'late-fee'>,)
        """
        return tuple(part for part in cls if part.component is component)


_COMPONENT = {
    DebtPart.PRINCIPAL: Component.PRINCIPAL,
    DebtPart.OVERDUE_INTEREST: Component.INTEREST,
    DebtPart.ACCRUED_INTEREST: Component.INTEREST,
    DebtPart.FEE: Component.FEE,
    DebtPart.PENALTY_INTEREST: Component.PENALTY_INTEREST,
    DebtPart.COMPOUND_INTEREST: Component.COMPOUND_INTEREST,
    DebtPart.LATE_FEE: Component.LATE_FEE,
}

#: The order a down payment or a prepayment pays the parts in: charges for lateness first,
#: then fees and interest, principal last.
PAYMENT_ORDER = (
    DebtPart.PENALTY_INTEREST,
    DebtPart.COMPOUND_INTEREST,
    DebtPart.LATE_FEE,
    DebtPart.FEE,
    DebtPart.OVERDUE_INTEREST,
    DebtPart.ACCRUED_INTEREST,
    DebtPart.PRINCIPAL,
)


@attrs.frozen(kw_only=True)
class Debt:
    """The debt of a loan on ``on``: ``parts`` (each :class:`DebtPart`'s amount), the
    ``state`` assessed on ``on``, the ``credit`` held, the ``remaining`` instalments (due
    after ``on``) and the ``next_due`` date (the first of them; None if none).

    >>> Debt.__name__
    'Debt'
    """

    on: date
    state: LoanState
    parts: Mapping[DebtPart, Decimal]
    credit: Decimal
    remaining: tuple[Installment, ...]

    @property
    def total(self) -> Decimal:
        """The sum of the parts (the payoff on ``on`` before netting the credit)."""
        with decimal.localcontext(CONTEXT):
            return sum(self.parts.values(), _ZERO)

    @property
    def next_due(self) -> date | None:
        """The first due date after ``on`` (None once every instalment has fallen due)."""
        return self.remaining[0].due_date if self.remaining else None


def debt_on(state: LoanState, on: date) -> Debt:
    """The debt of the loan of ``state`` on ``on`` (on or after ``state.as_of``), by part.

    The loan is assessed again on ``on`` (same schedule, payments, waivers and rules), so
    penalty interest runs to ``on``; the accrued interest is the current period's contract
    interest from its start to ``on`` on its opening balance, rounded by the loan's
    rounding, at most the period's scheduled interest, less what of it was paid or waived,
    exactly as :meth:`~loancalc.servicing.LoanState.payoff_amount` counts it (none once
    the loan was settled: nothing accrues after).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> debt_on(assess(s, [], date(2024, 1, 5)), date(2024, 1, 4))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: on: got datetime.date(2024, 1, 4); accepted: a date on ...
    """
    if not isinstance(state, LoanState):
        raise InvalidValueError("state", state, "a loancalc.LoanState (from lc.assess)")
    if not isinstance(on, date) or on < state.as_of:
        raise InvalidValueError("on", on, f"a date on or after the state's as_of ({state.as_of})")
    now = state
    if on != state.as_of:
        now = assess(state.schedule, state.payments, on, state.rules, waivers=state.waivers)
    if now.rules.interest_basis is InterestBasis.ACTUAL_BALANCE:
        return _actual_balance_debt(now, on)
    schedule = state.schedule
    parts = dict.fromkeys(DebtPart, _ZERO)
    with decimal.localcontext(CONTEXT):
        settled = [inst.paid.interest + inst.waived.interest for inst in now.installments]
        outs = [attrs.astuple(inst.outstanding) for inst in now.installments]
        kept = kept_charges(  # the settlement quote's rule
            settled, outs, schedule.installments, schedule.terms, on,
            first_row_carries(schedule), settlement_rule(now.rules.settlement, schedule),
            advances=schedule.disbursements,
        )  # fmt: skip
        # a further advance not yet made is not owed: the restructuring cancels it
        parts[DebtPart.PRINCIPAL] -= cancelled_advances(schedule.disbursements, on)
        for inst, keep in zip(now.installments, kept, strict=True):
            owed = inst.outstanding
            parts[DebtPart.PRINCIPAL] += owed.principal
            parts[DebtPart.PENALTY_INTEREST] += owed.penalty_interest
            parts[DebtPart.COMPOUND_INTEREST] += owed.compound_interest
            parts[DebtPart.LATE_FEE] += owed.late_fee
            if keep is None:  # all its interest and fees (due, or carried on signing)
                parts[DebtPart.OVERDUE_INTEREST] += owed.interest
                parts[DebtPart.FEE] += owed.fee
            elif now.settled_on is None:  # settled: nothing accrues
                parts[DebtPart.ACCRUED_INTEREST] += keep[0]
                parts[DebtPart.FEE] += keep[1]  # what a statutory rebate leaves of fees
    remaining = [row for row in schedule.installments if row.due_date > on]
    return Debt(
        on=on,
        state=now,
        parts=MappingProxyType(parts),
        credit=now.credit,
        remaining=tuple(remaining),
    )


def _actual_balance_debt(now: LoanState, on: date) -> Debt:
    """The debt of an actual-balance loan assessed on ``on``: its balances. Interest in
    the scheduled payments due and unpaid is overdue; the rest accrued since."""
    owed = now.outstanding
    with decimal.localcontext(CONTEXT):
        overdue = min(owed.interest, sum((i.outstanding.interest for i in now.installments), _ZERO))
        parts = {
            DebtPart.PRINCIPAL: owed.principal,
            DebtPart.OVERDUE_INTEREST: overdue,
            DebtPart.ACCRUED_INTEREST: owed.interest - overdue,
            DebtPart.FEE: owed.fee,
            DebtPart.PENALTY_INTEREST: owed.penalty_interest,
            DebtPart.COMPOUND_INTEREST: owed.compound_interest,
            DebtPart.LATE_FEE: owed.late_fee,
        }
    remaining = tuple(row for row in now.schedule.installments if row.due_date > on)
    return Debt(
        on=on, state=now, parts=MappingProxyType(parts), credit=now.credit, remaining=remaining
    )
