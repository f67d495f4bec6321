"""A mandated allocation order: the loan re-assessed with its payments allocated in it.

A rule of kind ``allocation-order`` names the allocation strategy the law mandates. The
loan is assessed again with the same schedule, payments, waivers and rules, but that
order; if it leaves less owed than the contract's order, the difference is a finding, and
the other rules measure the re-allocated loan.

>>> from datetime import date
>>> from loancalc import Payment, amortize, assess, products
>>> from loancalc.limits import LimitRule
>>> from loancalc.products import Source
>>> rules = products.get("cn-consumer-finance-instalment")
>>> loan = amortize(rules.terms(principal="12000", term=12, start=date(2024, 1, 15)))
>>> paid = [Payment(date(2024, 2, 15), "1100.16"), Payment(date(2024, 3, 20), "600")]
>>> state = assess(loan, paid, date(2024, 3, 25), rules)
>>> rule = LimitRule(id="principal-first", title="t", kind="allocation-order",
...                  order="principal-interest-penalties-fees", sources=(Source(title="t"),))
>>> moved, less = reallocated(state, rule)
>>> state.total_outstanding, moved.total_outstanding, less
(Decimal('11507.80'), Decimal('11507.79'), Decimal('0.01'))

Paid penalties first, the 600 of 2024-03-20 leaves 504.28 of overdue principal and
the default charges cost 3.50 + 0.62 + 1.89 = 6.01; paid to principal first, it leaves
333.96, and they cost 3.50 + 333.96 x 27 % x 5 / 360 = 4.75 of penalty and 1.25 of
compound interest on the 166.20 of interest still unpaid: 6.00, 0.01 less.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from loancalc.limits.rules import LimitRule
from loancalc.money import CONTEXT
from loancalc.servicing import LoanState
from loancalc.servicing.assess import assess

__all__ = ["reallocated"]

_ZERO = Decimal(0)


def reallocated(state: LoanState, rule: LimitRule) -> tuple[LoanState, Decimal]:
    """``state``'s loan with its payments allocated in ``rule.order``, and how much less
    that leaves owed (zero, and ``state`` itself, when it leaves as much or more)."""
    assert rule.order is not None
    if state.rules.allocation == rule.order:
        return state, _ZERO
    rules = state.rules.replace(allocation=rule.order)
    moved = assess(state.schedule, state.payments, state.as_of, rules, waivers=state.waivers)
    with decimal.localcontext(CONTEXT):
        less = state.total_outstanding - moved.total_outstanding
    if less <= 0:
        return state, _ZERO
    return moved, less
