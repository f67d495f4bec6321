"""The one planner: every change of a loan's debt, from one request union, with the
product's limits checked once, up front.

:func:`change` takes a :data:`~loancalc.restructuring.requests.Request` (a
:class:`~loancalc.restructuring.requests.RestructureRequest` of any kind, a
:class:`~loancalc.restructuring.requests.DeferRequest` or a
:class:`~loancalc.restructuring.requests.PrepayRequest`), finds the lineage the loan
carries, asks the kind what it would take (a
:class:`~loancalc.restructuring.limits.Proposal`), checks it against the limits
(:func:`~loancalc.restructuring.limits.check_limits`) and only then makes the new
schedule. :func:`restructure`, :func:`defer` and :func:`prepay` are the same planner
called with their arguments.

>>> from loancalc import LoanTerms, amortize, assess
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 15)))
>>> state = assess(s, [], date(2024, 1, 15))
>>> change(state, date(2024, 1, 15), DeferRequest(periods=1)).schedule.maturity
datetime.date(2024, 5, 15)
>>> change(state, date(2024, 1, 15), PrepayRequest(amount="600")).remaining_principal
Decimal('600.00')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, assert_never

from loancalc._validation import check_date
from loancalc.errors import InvalidTypeError
from loancalc.restructuring.deferral import Deferral, prepare_deferral
from loancalc.restructuring.engine import Restructuring, prepare_restructuring
from loancalc.restructuring.limits import Proposal, check_limits, restructuring_rules
from loancalc.restructuring.lineage import previous_lineage
from loancalc.restructuring.prepayment import Prepayment, fee_rule, prepare_prepayment
from loancalc.restructuring.requests import (
    DeferRequest,
    PrepayRequest,
    Request,
    RestructureRequest,
)
from loancalc.restructuring.rules import RestructuringKind, RestructuringRules
from loancalc.servicing import LoanState
from loancalc.terms import Method

__all__ = ["Change", "change", "defer", "prepay", "restructure"]

#: What :func:`change` makes: one of the three kinds of
#: :class:`~loancalc.restructuring.outcome.Outcome`, the one result type.
Change = Restructuring | Deferral | Prepayment


def change(
    state: LoanState, on: date, request: Request, *, rules: object = None, previous: object = None
) -> Change:
    """Make the change ``request`` asks for to the debt of ``state``'s loan on ``on``.

    ``rules``: for a restructuring or a deferral,
    :class:`~loancalc.restructuring.RestructuringRules`, product rules holding them, or
    None (no limits); for a prepayment, a
    :class:`~loancalc.restructuring.PrepaymentFee`, product rules holding one, or None
    (no fee). ``previous``: the restructuring, deferral or prepayment whose schedule
    ``state`` assesses (optional; it must agree with the lineage the schedule carries).
    The limits are checked once, before any schedule is made; what they refuse raises
    :class:`~loancalc.restructuring.RestructuringNotAllowed`.

    >>> change(None, date(2024, 1, 1), DeferRequest(periods=1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: state: got None; accepted: a loancalc.LoanState ...
    >>> change(None, date(2024, 1, 1), "defer")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: request: got 'defer'; accepted: a RestructureRequest, ...
    """
    if not isinstance(request, RestructureRequest | DeferRequest | PrepayRequest):
        raise InvalidTypeError(
            "request", request, "a RestructureRequest, DeferRequest or PrepayRequest"
        )
    limits: RestructuringRules | None = None
    if not isinstance(request, PrepayRequest):
        limits = restructuring_rules(rules)
    if not isinstance(state, LoanState):
        raise InvalidTypeError("state", state, "a loancalc.LoanState (from lc.assess)")
    on = check_date(on, "on")  # type: ignore[assignment]
    lineage = previous_lineage(previous, state)
    proposal: Proposal | None
    make: Callable[[], Change]
    match request:
        case RestructureRequest():
            proposal, make = prepare_restructuring(state, on, request, limits, lineage)
        case DeferRequest():
            proposal, make = prepare_deferral(state, on, request, limits, lineage)
        case PrepayRequest():
            proposal, make = prepare_prepayment(state, on, request, fee_rule(rules), lineage)
        case _:
            assert_never(request)
    check_limits(limits, proposal)
    return make()


def restructure(
    state: LoanState,
    on: date,
    *,
    term: int | None = None,
    annual_rate: object = None,
    method: Method | str | None = None,
    first_due: date | None = None,
    capitalize: Iterable[Any] | None = None,
    waive: Iterable[Any] = (),
    down_payment: object = 0,
    kind: RestructuringKind | str = "re-instalment",
    rules: object = None,
    previous: Restructuring | None = None,
) -> Restructuring:
    """Replace the debt of ``state``'s loan on ``on`` with a new schedule of ``kind``.

    The debt on ``on`` (:func:`~loancalc.restructuring.debt.debt_on`) splits by part:
    ``waive``\\ d parts (parts or components; interest means both its parts) are forgiven
    on the agreement's condition; ``down_payment`` plus any credit the loan holds pays the
    rest in :data:`~loancalc.restructuring.debt.PAYMENT_ORDER`; then outstanding principal
    is carried and ``capitalize``\\ d parts are added to the new principal; the others are
    left due on ``on``. ``capitalize=None`` takes the kind's default (re-instalment and
    re-age: every part the rules let it capitalise; re-amortise and extend: none).

    Kinds: ``re-instalment`` (a new schedule from ``on``; ``term`` defaults to the
    instalments the old schedule had left), ``re-age`` (the instalments not yet due
    unchanged, then ``term`` new interest-free ones after them carrying the overdue
    principal and what is capitalised: by default every overdue part the rules let it
    capitalise; ``term`` defaults to the number of overdue instalments; see
    :mod:`~loancalc.restructuring.reage`), ``re-amortise`` (the outstanding principal,
    overdue principal included, over the instalments left on their due dates) and
    ``extend`` (``term`` longer than what was left, keeping the old due-date cycle).
    ``annual_rate``, ``method``: the old ones by
    default. ``rules``: :class:`~loancalc.restructuring.RestructuringRules`, product rules
    holding them, or None (no limits); what they refuse raises
    :class:`~loancalc.restructuring.RestructuringNotAllowed`. The earlier plans count
    against ``max_count`` (restructurings and deferrals do) from the lineage the assessed
    schedule carries (``state.schedule.lineage``); ``previous`` (optional): the
    restructuring, deferral or prepayment whose schedule ``state`` assesses, which must
    agree with it. The new schedule carries the lineage, this restructuring last.
    The input state is never changed.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> restructure(assess(s, [], date(2024, 2, 5)), date(2024, 2, 1))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: on: got datetime.date(2024, 2, 1); accepted: a date on ...
    >>> restructure(assess(s, [], date(2024, 2, 5)), date(2024, 2, 5), down_payment=1001)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: down_payment: got Decimal('1001'); accepted: less than ...
    """
    request = RestructureRequest(
        kind=kind,
        term=term,
        annual_rate=annual_rate,
        method=method,
        first_due=first_due,
        capitalize=capitalize,
        waive=waive,
        down_payment=down_payment,
    )
    result = change(state, on, request, rules=rules, previous=previous)
    assert isinstance(result, Restructuring)
    return result


def defer(
    state: LoanState,
    on: date,
    periods: int,
    *,
    interest: str = "capitalize",
    rules: object = None,
    previous: object = None,
) -> Deferral:
    """Postpone the ``periods`` instalments of ``state``'s loan due next after ``on``.

    ``interest``: ``capitalize`` (the holiday's interest added to the balance),
    ``accrue-and-spread`` (accrued, then shared equally among the instalments after the
    holiday) or ``waive`` (none charged for the holiday). ``periods`` is a whole number
    from 1; a loan with no instalment left to fall due, or a bullet loan, cannot be
    deferred (restructure it with ``kind="extend"``).

    ``rules``: :class:`~loancalc.restructuring.RestructuringRules`, product rules holding
    them, or None (no limits). A deferral (延期还款) is an extension of the term: the
    rules must allow the ``extend`` kind; it counts against ``max_count``; the new
    schedule's instalments count against ``max_term``; capitalising or waiving the
    holiday's interest needs ``interest`` in ``capitalizable`` or ``waivable``. What they
    refuse raises :class:`~loancalc.restructuring.RestructuringNotAllowed`. ``previous``:
    the restructuring, deferral or prepayment whose schedule ``state`` assesses; the
    result's ``lineage`` ends with this deferral (kind ``defer``).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> defer(assess(s, [], date(2024, 1, 1)), date(2024, 1, 1), 0)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: periods: got 0; accepted: a whole number from 1 to 1200
    """
    result = change(
        state, on, DeferRequest(periods=periods, interest=interest), rules=rules,
        previous=previous,
    )  # fmt: skip
    assert isinstance(result, Deferral)
    return result


def prepay(
    state: LoanState,
    on: date,
    amount: object,
    *,
    mode: str = "reduce-term",
    rules: object = None,
    previous: object = None,
) -> Prepayment:
    """Prepay ``amount`` of the loan of ``state`` on ``on``.

    ``amount`` must cover what is due on ``on`` besides principal (less any credit held;
    a smaller payment is an ordinary one: see :func:`~loancalc.assess`) and be at most the
    payoff on ``on`` (:meth:`~loancalc.servicing.LoanState.payoff_amount`); the payoff
    itself closes the loan. ``mode``: ``reduce-term`` (keep the payment of the next
    instalment, as few instalments as that allows; never more than were left) or
    ``reduce-payment`` (the instalments left, on their due dates). ``rules``: a
    :class:`~loancalc.restructuring.PrepaymentFee`, product rules holding one, or None
    (no fee). A prepayment is the contract's right, not a new agreement: no restructuring
    limit applies and it does not count against ``max_count``. ``previous``: the
    restructuring, deferral or prepayment whose schedule ``state`` assesses; the result's
    ``lineage`` ends with this prepayment (kind ``prepay``).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> prepay(assess(s, [], date(2024, 1, 1)), date(2024, 1, 1), "1000.01")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: amount: got '1000.01'; accepted: at most the payoff on ...
    """
    result = change(
        state, on, PrepayRequest(amount=amount, mode=mode), rules=rules, previous=previous
    )
    assert isinstance(result, Prepayment)
    return result
