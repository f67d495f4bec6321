"""The re-age kind: the overdue amounts move into new instalments after the schedule.

A re-age (Fineract's "re-age") leaves every instalment not yet due exactly as it was and
moves what is overdue on the date (overdue principal, and the overdue interest, fees and
charges the plan capitalises) into ``term`` new interest-free instalments, one period
apart, after the schedule's last instalment. The down payment pays overdue amounts only
(charges first, principal last); the interest accrued in the running period stays in its
instalment (its :class:`~loancalc.restructuring.BreakdownLine` shows it ``carried``).

The worked example of the docs (on 2024-04-24, instalments 2 and 3 overdue, 9 left):

>>> from loancalc import LoanTerms, amortize, assess, Payment
>>> from loancalc.restructuring.debt import debt_on
>>> s = amortize(LoanTerms(principal=12000, annual_rate="18%", term=12,
...                        start=date(2024, 1, 15)))
>>> state = assess(s, [Payment(date(2024, 2, 15), "1100.16")], date(2024, 4, 24))
>>> debt = debt_on(state, date(2024, 4, 24))
>>> b = re_age_breakdown(debt, set(), {DebtPart.OVERDUE_INTEREST}, Decimal(0))
>>> new = re_age_schedule(debt, b, 2)
>>> b.new_principal  # 11,079.84 principal (933.96 + 947.97 overdue) + 318.39 interest
Decimal('11398.23')
>>> [(str(r.due_date), str(r.payment)) for r in new.installments[-3:]]  # 2,200.32 / 2
[('2025-01-15', '1100.19'), ('2025-02-15', '1100.16'), ('2025-03-15', '1100.16')]
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import attrs

from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT
from loancalc.restructuring.breakdown import Breakdown, BreakdownLine, split
from loancalc.restructuring.debt import Debt, DebtPart
from loancalc.schedule import Installment, Schedule

__all__ = ["re_age_breakdown", "re_age_schedule"]

_ZERO = Decimal(0)


def _future_principal(debt: Debt) -> Decimal:
    """The principal of the instalments not yet due; they must be untouched."""
    rows = debt.state.schedule.installments
    future = _ZERO
    with decimal.localcontext(CONTEXT):
        for row, inst in zip(rows, debt.state.installments, strict=True):
            if row.due_date <= debt.on:
                continue
            if inst.paid.total or inst.waived.total:
                raise InvalidValueError(
                    "kind",
                    "re-age",
                    "a kind other than re-age for a loan whose instalments not yet due were "
                    f"paid or waived in part (instalment {row.number})",
                )
            future += row.principal
    return future


def re_age_breakdown(
    debt: Debt, waived: set[DebtPart], capitalized: set[DebtPart], pool: Decimal
) -> Breakdown:
    """Where the debt goes in a re-age: the overdue parts are split as usual (``waived``,
    paid by ``pool``, ``capitalized`` into the new instalments, or left due); the principal
    not yet due and the running period's accrued interest are carried as scheduled.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> from loancalc.restructuring.debt import debt_on
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> re_age_breakdown(debt_on(assess(s, [], date(2024, 1, 5)), date(2024, 1, 5)),
    ...                  set(), set(), Decimal(0))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: on: got datetime.date(2024, 1, 5); accepted: for re-age, ...
    """
    if DebtPart.ACCRUED_INTEREST in waived | capitalized:
        raise InvalidValueError(
            "capitalize" if DebtPart.ACCRUED_INTEREST in capitalized else "waive",
            "accrued-interest",
            "for re-age, parts other than accrued-interest (it stays in the running instalment)",
        )
    future = _future_principal(debt)
    with decimal.localcontext(CONTEXT):
        overdue = dict(debt.parts)
        accrued = overdue.pop(DebtPart.ACCRUED_INTEREST)
        overdue[DebtPart.PRINCIPAL] -= future
        payable = sum(overdue.values(), _ZERO) - sum((overdue[p] for p in waived), _ZERO)
    if not overdue[DebtPart.PRINCIPAL] and not any(overdue[p] for p in capitalized):
        raise InvalidValueError(
            "on", debt.on, "for re-age, a date on which some principal (or a part it "
            "capitalises) is overdue"
        )  # fmt: skip
    if pool >= payable:
        raise InvalidValueError(
            "down_payment",
            pool - debt.credit,
            f"for re-age, less than the overdue amounts payable on {debt.on} ({payable}, "
            f"with {debt.credit} credit held)",
        )
    moved = split(overdue, waive=waived, capitalize=capitalized, pool=pool)
    if moved.new_principal <= 0:
        raise InvalidValueError(
            "down_payment",
            pool - debt.credit,
            "for re-age, an amount leaving something to move into the new instalments (it "
            "pays all the overdue principal and what would be capitalised)",
        )
    lines = []
    with decimal.localcontext(CONTEXT):
        for line in moved.lines:
            kept = line
            if line.part is DebtPart.PRINCIPAL:
                kept = attrs.evolve(line, debt=line.debt + future, carried=line.carried + future)
            elif line.part is DebtPart.ACCRUED_INTEREST:
                zero = accrued - accrued
                kept = BreakdownLine(
                    part=line.part,
                    debt=accrued,
                    carried=accrued,
                    paid=zero,
                    capitalized=zero,
                    waived=zero,
                    left_due=zero,
                )
            lines.append(kept)
    return Breakdown(lines=tuple(lines))


def re_age_schedule(debt: Debt, breakdown: Breakdown, term: int) -> Schedule:
    """The instalments not yet due, unchanged, then ``term`` new ones (one period apart,
    after the last due date, or after ``debt.on`` when every instalment has fallen due)
    sharing what is moved equally (the last takes the cents left): the overdue principal
    not paid plus what was capitalised. The new ones bear no interest; their balance
    column runs down the moved amount only (the unchanged rows keep theirs, on which
    accrued interest is counted). The restructuring records the re-age in the schedule's
    lineage, and :meth:`~loancalc.Schedule.from_dict` accepts the restarted balance
    column of a schedule whose lineage says so (the export round-trips).

    >>> re_age_schedule.__name__
    're_age_schedule'
    """
    old = debt.state.schedule.terms
    left = debt.remaining
    with decimal.localcontext(CONTEXT):
        future = sum((row.principal for row in left), _ZERO)
        moved = breakdown.new_principal - future
        share = old.rounding.apply(moved / term)
        if share * (term - 1) > moved:  # rounding up could overshoot the last instalment
            share = (moved / term).quantize(share if share else Decimal("0.01"), "ROUND_DOWN")
        anchor: date = left[-1].due_date if left else debt.on
        start = anchor
        balance = moved
        rows = list(left)
        for index in range(1, term + 1):
            due = old.frequency.step(anchor, index)
            principal = balance if index == term else share
            rows.append(
                Installment(
                    number=0,
                    start=start,
                    due_date=due,
                    days=(due - start).days,
                    opening_balance=balance,
                    principal=principal,
                    interest=principal - principal,
                    fee=principal - principal,
                    payment=principal,
                    closing_balance=balance - principal,
                )
            )
            balance -= principal
            start = due
    rows = [row._replace(number=number) for number, row in enumerate(rows, start=1)]
    terms = old.replace(
        principal=breakdown.new_principal,
        term=len(rows),
        start=rows[0].start,
        first_due=rows[0].due_date,
        grace_principal_periods=0,
        grace_interest_periods=0,
    )
    return Schedule(terms=terms, installments=tuple(rows))
