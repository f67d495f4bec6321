"""Prepayment: pay early, partly or in full (提前还款), with the product's fee; ``lc.prepay``
asks the planner (:mod:`~loancalc.restructuring.planner`), which calls
:func:`prepare_prepayment`.

The amount pays, in :data:`~loancalc.restructuring.debt.PAYMENT_ORDER`, everything due on
the date (overdue amounts, charges and the interest accrued in the current period) and
then principal; the principal left is re-amortised over the instalments left, keeping the
payment and shortening the term (``reduce-term``) or keeping the term and lowering the
payment (``reduce-payment``). The fee (:class:`~loancalc.restructuring.PrepaymentFee`) is
charged on the principal prepaid, on top of the amount.

>>> from loancalc import LoanTerms, amortize, assess, prepay
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31)))
>>> state = assess(s, [], date(2024, 1, 31))
>>> p = prepay(state, date(2024, 1, 31), "600.00", mode="reduce-term")
>>> p.principal_prepaid, p.remaining_principal, len(p.schedule)  # 1 x 606 > 408.03
(Decimal('600.00'), Decimal('600.00'), 2)
>>> full = prepay(state, date(2024, 2, 10), state.payoff_amount(date(2024, 2, 10)))
>>> full.remaining_principal, full.schedule is None, full.amount  # 1,200 + 4.00 interest
(Decimal('0.00'), True, Decimal('1204.00'))
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import attrs

from loancalc._validation import amount as read_amount
from loancalc.amortization import amortize
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import CONTEXT
from loancalc.restructuring.breakdown import split
from loancalc.restructuring.debt import Debt, DebtPart, debt_on
from loancalc.restructuring.kinds import PlanRequest
from loancalc.restructuring.lineage import LineageEntry
from loancalc.restructuring.outcome import Outcome
from loancalc.restructuring.prepayment_fee import PrepaymentFee
from loancalc.restructuring.requests import PrepayRequest
from loancalc.schedule import Schedule
from loancalc.servicing import LoanState
from loancalc.terms import MAX_PRINCIPAL, LoanTerms, Method

__all__ = ["MODES", "Prepayment", "fee_rule", "prepare_prepayment"]

_ZERO = Decimal(0)
#: The prepayment modes.
MODES = ("reduce-term", "reduce-payment")
_SEARCHED = (Method.EQUAL_INSTALLMENT, Method.EQUAL_PRINCIPAL, Method.FLAT)


@attrs.frozen(kw_only=True)
class Prepayment(Outcome):
    """What :func:`~loancalc.prepay` made: the ``amount`` applied on ``on`` and the ``fee`` on top;
    the ``breakdown`` of the debt (what the amount paid, the principal carried on);
    ``principal_prepaid``, ``remaining_principal``, and the new ``schedule`` (None when
    nothing is left). ``state``: the state prepaid (unchanged). ``lineage``: every
    restructuring, deferral and prepayment of the loan, this one last.

    >>> Prepayment.__name__
    'Prepayment'
    """

    mode: str
    amount: Decimal
    fee: Decimal

    @property
    def principal_prepaid(self) -> Decimal:
        """Principal the amount paid."""
        return self.breakdown.line(DebtPart.PRINCIPAL).paid

    @property
    def remaining_principal(self) -> Decimal:
        """Principal still owed after the prepayment."""
        return self.breakdown.line(DebtPart.PRINCIPAL).carried

    @property
    def total(self) -> Decimal:
        """``amount + fee``: what the borrower pays on ``on``."""
        with decimal.localcontext(CONTEXT):
            return self.amount + self.fee


def fee_rule(rules: object) -> PrepaymentFee:
    """The :class:`~loancalc.restructuring.PrepaymentFee` in ``rules`` (itself, the
    ``prepayment_fee`` of product rules, or none for None).

    >>> fee_rule(None).kind.value
    'none'
    """
    if rules is None:
        return PrepaymentFee()
    if isinstance(rules, PrepaymentFee):
        return rules
    inner = getattr(rules, "prepayment_fee", None)
    if isinstance(inner, PrepaymentFee):
        return inner
    raise InvalidTypeError(
        "rules", rules, "None, a PrepaymentFee, or product rules holding one in .prepayment_fee"
    )


def prepare_prepayment(
    state: LoanState, on: date, request: PrepayRequest, fee: PrepaymentFee,
    lineage: tuple[LineageEntry, ...],
) -> tuple[None, Callable[[], Prepayment]]:  # fmt: skip
    """What the prepayment ``request`` of ``state``'s loan on ``on`` asks of the product's
    restructuring limits (nothing: a prepayment is the contract's right, not a new
    agreement), and the function that makes it, with the ``fee`` rule (see
    :func:`~loancalc.prepay`).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> proposal, make = prepare_prepayment(assess(s, [], date(2024, 1, 1)), date(2024, 1, 1),
    ...                                     PrepayRequest(amount="400"), PrepaymentFee(), ())
    >>> proposal, make().remaining_principal
    (None, Decimal('600.00'))
    """
    if request.mode not in MODES:
        raise InvalidValueError("mode", request.mode, "one of reduce-term, reduce-payment")
    paid = read_amount(request.amount, "amount", high=MAX_PRINCIPAL, positive=True)
    return None, functools.partial(_prepayment, state, on, paid, request, fee, lineage)


def _prepayment(  # noqa: PLR0917 -- the parts of one prepayment
    state: LoanState,
    on: date,
    paid: Decimal,
    request: PrepayRequest,
    fee_rule: PrepaymentFee,
    lineage: tuple[LineageEntry, ...],
) -> Prepayment:
    amount, mode = request.amount, request.mode
    debt = debt_on(state, on)
    with decimal.localcontext(CONTEXT):
        payoff = debt.total - debt.credit
        besides = debt.total - debt.parts[DebtPart.PRINCIPAL] - debt.credit
        pool = paid + debt.credit
    if paid > payoff:
        raise InvalidValueError("amount", amount, f"at most the payoff on {on} ({payoff})")
    if paid <= besides and paid != payoff:
        raise InvalidValueError(
            "amount",
            amount,
            f"more than what is due on {on} besides principal ({besides}): a smaller "
            "amount is an ordinary payment",
        )
    breakdown = split(debt.parts, waive=set(), capitalize=set(), pool=pool)
    left = breakdown.line(DebtPart.PRINCIPAL).carried
    terms = state.schedule.terms
    prepaid = breakdown.line(DebtPart.PRINCIPAL).paid
    fee = terms.rounding.apply(fee_rule.amount(prepaid, terms.annual_rate, rounding=terms.rounding))
    schedule = None
    if left:
        if not debt.remaining:
            raise InvalidValueError(
                "amount", amount, f"the whole payoff ({payoff}): every instalment has fallen due"
            )
        schedule = _reschedule(debt, on, left, mode)
    entry = LineageEntry(
        count=len(lineage) + 1,
        date=on,
        kind="prepay",
        debt=breakdown.debt,
        paid=breakdown.paid,
        capitalized=breakdown.capitalized,
        waived=breakdown.waived,
        left_due=breakdown.left_due,
        new_principal=left,
        counted=False,
    )
    if schedule is not None:
        schedule = attrs.evolve(schedule, lineage=(*lineage, entry))
    return Prepayment(
        on=on,
        state=state,
        mode=mode,
        amount=paid,
        fee=fee,
        breakdown=breakdown,
        schedule=schedule,
        lineage=(*lineage, entry),
    )


def _reschedule(debt: Debt, on: date, principal: Decimal, mode: str) -> Schedule:
    old = debt.state.schedule.terms
    request = PlanRequest(
        on=on,
        debt=debt,
        principal=principal,
        term=None,
        first_due=debt.next_due,
        annual_rate=old.rate_on(on),
        method=old.method,
    )
    count = len(debt.remaining)

    def plan(term: int) -> Schedule:
        return amortize(_terms(request, term))

    if mode == "reduce-payment" or old.method not in _SEARCHED:
        return plan(count)
    target = debt.remaining[0].payment
    low, high = 1, count  # the fewest instalments whose first payment is at most target
    best = plan(count)
    while low < high:
        middle = (low + high) // 2
        trial = plan(middle)
        if trial.installments[0].payment <= target:
            best, high = trial, middle
        else:
            low = middle + 1
    return best if len(best) == low else plan(low)


def _terms(request: PlanRequest, term: int) -> LoanTerms:
    return request.terms(term, request.first_due)
