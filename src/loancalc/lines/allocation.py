"""Spreading one repayment across a line's draws: :class:`Claim` and :func:`allocate`.

A pure function of what each draw owes on the payment's day. The payment first pays what
is due on the draws, then prepays them (up to each draw's settlement figure), each stage
in the order of the line's :class:`~loancalc.lines.rules.Allocation`; a payment naming a
draw pays that draw first, up to its settlement figure. What is left is the line's credit.

Two draws: the first owes 300 now and 1,000 to settle, the second 200 and 500. 400 paid,
oldest first: 300 to the first draw's due amount, 100 to the second's; in proportion to
what is due (300 : 200): 240 and 160.

>>> from decimal import Decimal as D
>>> claims = (Claim(due=D("300"), payoff=D("1000")), Claim(due=D("200"), payoff=D("500")))
>>> allocate(D("400"), claims, "oldest-first", quantum=D("0.01"))
(Decimal('300'), Decimal('100'))
>>> allocate(D("400"), claims, "proportional", quantum=D("0.01"))
(Decimal('240.00'), Decimal('160.00'))
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal

import attrs

from loancalc.errors import InvalidValueError
from loancalc.lines.rules import Allocation
from loancalc.money import CONTEXT

__all__ = ["Claim", "allocate"]

_ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class Claim:
    """What one draw owes on a payment's day: ``due`` (its amount due now), ``payoff``
    (its settlement figure) and ``days_past_due``.

    >>> Claim(due=Decimal(1), payoff=Decimal(2)).days_past_due
    0
    """

    due: Decimal
    payoff: Decimal
    days_past_due: int = 0


def allocate(
    money: Decimal,
    claims: Sequence[Claim],
    rule: Allocation | str,
    *,
    quantum: Decimal,
    named: int | None = None,
) -> tuple[Decimal, ...]:
    """What of ``money`` goes to each of ``claims`` (in the line's draw order, oldest
    first) by ``rule``; ``named``: the index of the claim the payer names (paid first, up
    to its payoff). Each share is at most the claim's payoff; their sum is at most
    ``money`` (the rest is credit). ``quantum``: the money grid of proportional shares.

    >>> claims = (Claim(due=Decimal(0), payoff=Decimal(100)),
    ...           Claim(due=Decimal(50), payoff=Decimal(80), days_past_due=4))
    >>> allocate(Decimal(60), claims, "overdue-first", quantum=Decimal("0.01"))
    (Decimal('0'), Decimal('60'))
    >>> allocate(Decimal(500), claims, "oldest-first", quantum=Decimal("0.01"))
    (Decimal('100'), Decimal('80'))
    >>> allocate(Decimal(90), claims, "borrower-choice", quantum=Decimal("0.01"), named=0)
    (Decimal('90'), Decimal('0'))
    >>> allocate(Decimal(90), claims, "borrower-choice", quantum=Decimal("0.01"))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: payment.draw: got None; accepted: the number of a draw...
    """
    rule = Allocation.parse(rule)
    if rule is Allocation.BORROWER_CHOICE and named is None:
        raise InvalidValueError(
            "payment.draw",
            None,
            "the number of a draw: the line's allocation is borrower-choice, so every "
            "repayment names the draw it pays",
        )
    shares = [_ZERO] * len(claims)
    left = money
    with decimal.localcontext(CONTEXT):
        if named is not None:
            shares[named] = min(left, max(claims[named].payoff, _ZERO))
            left -= shares[named]
        if rule is Allocation.BORROWER_CHOICE:
            rule = Allocation.OLDEST_FIRST
        for stage in ("due", "payoff"):
            rooms = [
                max(min(getattr(claim, stage), claim.payoff) - share, _ZERO)
                for claim, share in zip(claims, shares, strict=True)
            ]
            if rule is Allocation.PROPORTIONAL:
                given = _proportional(min(left, sum(rooms, _ZERO)), rooms, quantum)
            else:
                given = _in_order(left, rooms, _order(claims, rule))
            for index, amount in enumerate(given):
                shares[index] += amount
                left -= amount
    return tuple(shares)


def _order(claims: Sequence[Claim], rule: Allocation) -> list[int]:
    indexes = list(range(len(claims)))
    if rule is Allocation.OVERDUE_FIRST:  # stable: ties keep the oldest draw first
        indexes.sort(key=lambda index: -claims[index].days_past_due)
    return indexes


def _in_order(money: Decimal, rooms: list[Decimal], order: list[int]) -> list[Decimal]:
    given = [_ZERO] * len(rooms)
    for index in order:
        amount = min(money, rooms[index])
        given[index] = amount
        money -= amount
    return given


def _proportional(total: Decimal, rooms: list[Decimal], quantum: Decimal) -> list[Decimal]:
    """``total`` (at most the sum of ``rooms``) shared in proportion to ``rooms``, each
    share a multiple of ``quantum`` rounded down, the quanta left over given one each to
    the largest remainders (ties to the earliest)."""
    whole = sum(rooms, _ZERO)
    if total >= whole:
        return list(rooms)
    exact = [total * room / whole for room in rooms]
    given = [
        quantum * int((value / quantum).to_integral_value(decimal.ROUND_FLOOR)) for value in exact
    ]
    spare = int(((total - sum(given, _ZERO)) / quantum).to_integral_value(decimal.ROUND_FLOOR))
    by_remainder = sorted(range(len(rooms)), key=lambda i: -(exact[i] - given[i]))
    for index in by_remainder[:spare]:
        given[index] += quantum
    return given
