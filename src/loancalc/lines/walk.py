"""The walk behind ``assess_line(line, payments, as_of)``: a credit line on a date, draw
by draw (:func:`walk_line`).

The line's events are walked in date order (on one day, draws before repayments; the
repayments of a day by amount, then draw, then reference, so the order they are listed in
never matters). At each draw the line must not be frozen and the draw must be within the
limit available that day; each repayment is spread across the draws made by then
(:func:`~loancalc.lines.allocation.allocate`) from what each owes that day, and becomes an
ordinary :class:`~loancalc.Payment` of each draw. Every draw is then assessed on ``as_of``
with its payments, under the line's product (``lc.assess``).

>>> from datetime import date
>>> from loancalc.lines import CreditLine, Draw, LinePayment
>>> line = CreditLine(limit=20000, product="cn-daily-rate-credit-line",
...                   opened=date(2024, 1, 1),
...                   draws=[Draw(on=date(2024, 1, 1), amount=9000, term=3),
...                          Draw(on=date(2024, 1, 15), amount=6000, term=3)])
>>> state = line.assess([LinePayment(date(2024, 1, 20), "10000")], date(2024, 1, 20))
>>> [str(share) for share in state.allocations[0].shares]  # the oldest draw settled first
['9068.40', '931.60']
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from loancalc._validation import check_date
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.lines.allocation import Claim, allocate
from loancalc.lines.draws import Draw, LinePayment, as_line_payment
from loancalc.lines.rules import LineRules
from loancalc.lines.state import DrawState, LineAllocation, LineState
from loancalc.money import CONTEXT
from loancalc.products.rules import ProductRules
from loancalc.schedule import Schedule
from loancalc.servicing import LoanState, Payment, assess
from loancalc.servicing.credit_interest import CreditInterestAccount

__all__ = ["LineFrozenError", "Terms", "walk_line"]

_ZERO = Decimal(0)


class LineFrozenError(InvalidValueError):
    """A draw on a line frozen by an overdue draw (the line's rules freeze it then).

    >>> LineFrozenError("draws[1].on", date(2024, 3, 1), "a day the line is not frozen").field
    'draws[1].on'
    """


@attrs.frozen(kw_only=True)
class Terms:
    """What the walk needs of a line: its ``limit``, ``product``, ``rules``, the day it
    ``opened`` and its ``draws`` (a :class:`~loancalc.lines.CreditLine` has them all).

    >>> Terms.__name__
    'Terms'
    """

    limit: Decimal
    product: ProductRules
    rules: LineRules
    opened: date
    draws: tuple[Draw, ...]


def walk_line(
    line: Terms, payments: Iterable[Any], as_of: date, known_on: date | None = None
) -> LineState:
    """The state of ``line`` on ``as_of``, given the repayments made to it.

    See :func:`~loancalc.lines.assess_line`, which calls it with a line's terms.

    >>> from loancalc.lines import CreditLine, Draw
    >>> line = CreditLine(limit=1000, product="cn-daily-rate-credit-line",
    ...                   opened=date(2024, 1, 1))
    >>> line.assess([LinePayment(date(2024, 1, 2), "5", draw=1)], date(2024, 1, 3))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: payments[0].draw: got 1; accepted: a draw made on or ...
    """
    check_date(as_of, "as_of")
    if as_of < line.opened:
        raise InvalidValueError(
            "as_of", as_of, f"a date on or after the line opened ({line.opened})"
        )
    if isinstance(payments, str | bytes) or not isinstance(payments, Iterable):
        raise InvalidTypeError("payments", payments, "a list of LinePayment values")
    given = [as_line_payment(value, index) for index, value in enumerate(payments)]
    for index, payment in enumerate(given):
        if payment.date < line.opened:
            raise InvalidValueError(
                f"payments[{index}].date",
                payment.date,
                f"a date on or after the line opened ({line.opened})",
            )
    if known_on is not None:
        check_date(known_on, "known_on")
    order = sorted(
        (
            i
            for i, p in enumerate(given)
            if p.date <= as_of and (known_on is None or (p.known_on or p.date) <= known_on)
        ),
        key=lambda i: (
            given[i].date,
            given[i].amount,
            given[i].draw or 0,
            given[i].reference or "",
        ),
    )
    draws = [draw for draw in line.draws if draw.on <= as_of]
    schedules = [draw.schedule(line.product) for draw in draws]
    paid: list[list[Payment]] = [[] for _ in draws]
    allocations: list[LineAllocation] = []
    zero = line.product.rounding.quantum * 0  # 0.00 on a grid of cents
    credit = zero
    made = 0  # the draws made so far
    paying = line.product.servicing.credit_interest  # on the line's credit too
    account = None if paying is None else CreditInterestAccount(paying, line.product.rounding)
    held_since = line.opened
    for index in order:
        payment = given[index]
        while made < len(draws) and draws[made].on <= payment.date:
            _check_draw(line, schedules[:made], paid, made, draws[made].on)
            made += 1
        if account is not None:
            account.accrue(credit, held_since, payment.date)
            credit += account.post()
            held_since = payment.date
        credit = _repay(line, schedules[:made], paid, payment, index, credit, allocations)
    if account is not None:
        account.accrue(credit, held_since, as_of)
        credit += account.post()
    while made < len(draws):
        _check_draw(line, schedules[:made], paid, made, draws[made].on)
        made += 1
    states = _states(line, schedules, paid, as_of)
    return LineState(
        limit=line.limit,
        product=line.product,
        rules=line.rules,
        as_of=as_of,
        draws=tuple(
            DrawState(number=n, draw=d, payments=tuple(p), state=s)
            for n, (d, p, s) in enumerate(zip(draws, paid, states, strict=True), start=1)
        ),
        allocations=tuple(
            LineAllocation(
                payment=entry.payment,
                shares=entry.shares + (zero,) * (len(draws) - len(entry.shares)),
                credit=entry.credit,
            )
            for entry in allocations
        ),
        line_credit=credit,
        line_credit_interest=zero if account is None else account.posted,
    )


def _states(
    line: Terms, schedules: list[Schedule], paid: list[list[Payment]], on: date
) -> list[LoanState]:
    return [assess(s, p, on, line.product) for s, p in zip(schedules, paid, strict=False)]


def _check_draw(
    line: Terms, schedules: list[Schedule], paid: list[list[Payment]], index: int, on: date
) -> None:
    """Refuse draw ``index`` (on ``on``) on a frozen line or above the limit available."""
    before = LineState(
        limit=line.limit,
        product=line.product,
        rules=line.rules,
        as_of=on,
        draws=tuple(
            DrawState(number=n, draw=d, payments=tuple(p), state=s)
            for n, (d, p, s) in enumerate(
                zip(line.draws, paid, _states(line, schedules, paid, on), strict=False), start=1
            )
        ),
        allocations=(),
        line_credit=_ZERO,
    )
    draw = line.draws[index]
    if before.frozen:
        raise LineFrozenError(
            f"draws[{index}].on",
            draw.on,
            f"a day the line is not frozen (on {on} it is {before.days_past_due} days past due,"
            " and the line's rules freeze it while a draw is overdue)",
        )
    if draw.amount > before.available:
        raise InvalidValueError(
            f"draws[{index}].amount",
            draw.amount,
            f"an amount at most the limit available on {on} ({before.available}) of the line's "
            f"limit {line.limit}",
        )


def _repay(  # noqa: PLR0917 -- the walk's running values
    line: Terms,
    schedules: list[Schedule],
    paid: list[list[Payment]],
    payment: LinePayment,
    index: int,
    credit: Decimal,
    allocations: list[LineAllocation],
) -> Decimal:
    """Spread ``payment`` (with the line's ``credit``) over the draws made; the new credit."""
    named = payment.draw
    if named is not None and named > len(schedules):
        raise InvalidValueError(
            f"payments[{index}].draw",
            named,
            f"a draw made on or before {payment.date} (the line has {len(schedules)} by then)",
        )
    claims = []
    for state in _states(line, schedules, paid, payment.date):
        payoff = state.payoff_amount(payment.date)
        claims.append(
            Claim(
                due=min(state.amount_due, payoff), payoff=payoff, days_past_due=state.days_past_due
            )
        )
    with decimal.localcontext(CONTEXT):
        money = payment.amount + credit
    try:
        shares = allocate(
            money,
            claims,
            line.rules.allocation,
            quantum=line.product.rounding.quantum,
            named=None if named is None else named - 1,
        )
    except InvalidValueError as error:
        if error.field != "payment.draw":
            raise
        raise InvalidValueError(f"payments[{index}].draw", error.value, error.accepted) from None
    for share, owed in zip(shares, paid, strict=False):
        if share > 0:
            owed.append(Payment(payment.date, share, payment.reference))
    with decimal.localcontext(CONTEXT):
        left = money - sum(shares, _ZERO)
    allocations.append(LineAllocation(payment=payment, shares=tuple(shares), credit=left))
    return left
