"""Reading a product's restructuring limits and enforcing them, once, up front.

``rules`` is a :class:`~loancalc.restructuring.RestructuringRules`, product rules holding
one in ``.restructuring``, or None (no limits). Every refusal is a
:class:`~loancalc.restructuring.RestructuringNotAllowed` naming the limit and its value.
The planner (:mod:`~loancalc.restructuring.planner`) describes what a change asks for as
a :class:`Proposal` and checks it with :func:`check_limits`, the one place the limits are
enforced, before any schedule is built.

>>> r = RestructuringRules(allowed=True, kinds=("extend",), max_term=60,
...                        breach_days_past_due=30)
>>> check_term(r, 72)
Traceback (most recent call last):
loancalc.restructuring.errors.RestructuringNotAllowed: restructuring.max_term: got 72; ...
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable
from decimal import Decimal

import attrs

from loancalc.errors import InvalidTypeError
from loancalc.money import CONTEXT
from loancalc.restructuring.debt import DebtPart
from loancalc.restructuring.errors import RestructuringNotAllowed
from loancalc.restructuring.rules import RestructuringKind, RestructuringRules

__all__ = [
    "Proposal",
    "check_count",
    "check_down_payment",
    "check_kind",
    "check_limits",
    "check_parts",
    "check_rate",
    "check_term",
    "restructuring_rules",
]


def restructuring_rules(rules: object) -> RestructuringRules | None:
    """The :class:`RestructuringRules` in ``rules`` (itself, or its ``.restructuring``).

    >>> restructuring_rules(None) is None
    True
    """
    if rules is None or isinstance(rules, RestructuringRules):
        return rules
    inner = getattr(rules, "restructuring", None)
    if isinstance(inner, RestructuringRules):
        return inner
    raise InvalidTypeError(
        "rules", rules, "None, a RestructuringRules, or product rules holding one"
    )


def check_kind(rules: RestructuringRules | None, kind: RestructuringKind) -> None:
    """Refuse ``kind`` unless the rules allow restructuring and list it.

    >>> check_kind(RestructuringRules(), RestructuringKind.EXTEND)
    Traceback (most recent call last):
    loancalc.restructuring.errors.RestructuringNotAllowed: restructuring.allowed: got 'extend'; ...
    """
    if rules is None:
        return
    if not rules.allowed:
        raise RestructuringNotAllowed(
            "restructuring.allowed", kind.value, False, "nothing: the product allows no "
            "restructuring (restructuring.allowed is false)",
        )  # fmt: skip
    if kind not in rules.kinds:
        names = [k.value for k in rules.kinds]
        raise RestructuringNotAllowed(
            "restructuring.kinds", kind.value, names, f"one of {', '.join(names)}"
        )


def check_count(rules: RestructuringRules | None, count: int) -> None:
    """Refuse the ``count``-th restructuring of a loan beyond ``max_count``.

    >>> r = RestructuringRules(allowed=True, kinds=("extend",), max_count=1,
    ...                        breach_days_past_due=30)
    >>> check_count(r, 2)
    Traceback (most recent call last):
    loancalc.restructuring.errors.RestructuringNotAllowed: restructuring.max_count: got 2; ...
    """
    if rules is not None and rules.max_count is not None and count > rules.max_count:
        raise RestructuringNotAllowed(
            "restructuring.max_count",
            count,
            rules.max_count,
            f"at most {rules.max_count} restructurings in a loan's life (this would be "
            f"number {count})",
        )


def check_term(rules: RestructuringRules | None, term: int) -> None:
    """Refuse a new term longer than ``max_term``.

    >>> check_term(None, 1200)  # no rules, no limit
    """
    if rules is not None and rules.max_term is not None and term > rules.max_term:
        raise RestructuringNotAllowed(
            "restructuring.max_term", term, rules.max_term, f"a term of at most {rules.max_term}"
        )


def check_rate(rules: RestructuringRules | None, rate: Decimal) -> None:
    """Refuse a new annual rate outside ``min_rate`` .. ``max_rate``.

    >>> r = RestructuringRules(allowed=True, kinds=("extend",), max_rate="24%",
    ...                        breach_days_past_due=30)
    >>> check_rate(r, Decimal("0.36"))
    Traceback (most recent call last):
    loancalc.restructuring.errors.RestructuringNotAllowed: restructuring.max_rate: got ...
    """
    if rules is None:
        return
    if rules.min_rate is not None and rate < rules.min_rate:
        raise RestructuringNotAllowed(
            "restructuring.min_rate", rate, rules.min_rate, f"a rate of at least {rules.min_rate}"
        )
    cap = rules.max_rate_cap
    if cap is not None and not cap.admits(rate):
        raise RestructuringNotAllowed(
            "restructuring.max_rate", rate, cap.rate, f"a rate of at most {cap.rate}"
        )


def check_parts(
    rules: RestructuringRules | None, parts: Iterable[DebtPart], *, waive: bool
) -> None:
    """Refuse waiving (``waive``) or capitalising parts whose component the rules do not
    list in ``waivable`` or ``capitalizable``.

    >>> r = RestructuringRules(allowed=True, kinds=("extend",), waivable=("late-fee",),
    ...                        breach_days_past_due=30)
    >>> check_parts(r, [DebtPart.PENALTY_INTEREST], waive=True)
    Traceback (most recent call last):
    loancalc.restructuring.errors.RestructuringNotAllowed: restructuring.waivable: got ...
    """
    if rules is None:
        return
    allowed = rules.waivable if waive else rules.capitalizable
    limit = "restructuring.waivable" if waive else "restructuring.capitalizable"
    names = [component.value for component in allowed]
    for part in parts:
        if part.component not in allowed:
            raise RestructuringNotAllowed(
                limit,
                part.value,
                names,
                f"parts of the components {', '.join(names) or '(none)'}",
            )


def check_down_payment(rules: RestructuringRules | None, paid: Decimal, debt: Decimal) -> None:
    """Refuse a down payment below ``min_down_payment`` or ``min_down_payment_share`` of
    the debt.

    >>> r = RestructuringRules(allowed=True, kinds=("extend",), min_down_payment_share="10%",
    ...                        breach_days_past_due=30)
    >>> check_down_payment(r, Decimal("50"), Decimal("1000"))
    Traceback (most recent call last):
    loancalc.restructuring.errors.RestructuringNotAllowed: restructuring.min_down_payment_share: ...
    """
    if rules is None:
        return
    if paid < rules.min_down_payment:
        raise RestructuringNotAllowed(
            "restructuring.min_down_payment",
            paid,
            rules.min_down_payment,
            f"a down payment of at least {rules.min_down_payment}",
        )
    with decimal.localcontext(CONTEXT):
        least = rules.min_down_payment_share * debt
    if paid < least:
        raise RestructuringNotAllowed(
            "restructuring.min_down_payment_share",
            paid,
            rules.min_down_payment_share,
            f"a down payment of at least {rules.min_down_payment_share} of the debt "
            f"{debt} ({least})",
        )


@attrs.frozen(kw_only=True)
class Proposal:
    """What a change of a loan asks of the product's limits: its ``kind`` (a deferral is
    an ``extend``), which change of the loan it would be (``count``), the new annual
    ``rate`` (None: not asked), the parts ``waived`` and ``capitalized``, and, worked
    out only when the check reaches them, the ``down_payment`` (what is paid, and the
    debt it is a share of) and the ``term`` of the new schedule (None: not limited).

    >>> Proposal(kind=RestructuringKind.EXTEND, count=1, term=lambda: 24).term()
    24
    """

    kind: RestructuringKind
    count: int
    rate: Decimal | None = None
    waived: tuple[DebtPart, ...] = ()
    capitalized: tuple[DebtPart, ...] = ()
    down_payment: Callable[[], tuple[Decimal, Decimal]] | None = None
    term: Callable[[], int] | None = None


def check_limits(rules: RestructuringRules | None, proposal: Proposal | None) -> None:
    """Check ``proposal`` against every limit of ``rules``, in order: the kind, the count,
    the rate, the parts waived and capitalised, the down payment and the term. None (no
    rules, or a prepayment: the contract's right, not a new agreement) checks nothing.

    >>> r = RestructuringRules(allowed=True, kinds=("extend",), max_term=60,
    ...                        breach_days_past_due=30)
    >>> check_limits(r, Proposal(kind=RestructuringKind.EXTEND, count=1, term=lambda: 72))
    Traceback (most recent call last):
    loancalc.restructuring.errors.RestructuringNotAllowed: restructuring.max_term: got 72; ...
    >>> check_limits(None, Proposal(kind=RestructuringKind.EXTEND, count=9))  # no limits
    """
    if rules is None or proposal is None:
        return
    check_kind(rules, proposal.kind)
    check_count(rules, proposal.count)
    if proposal.rate is not None:
        check_rate(rules, proposal.rate)
    check_parts(rules, proposal.waived, waive=True)
    check_parts(rules, proposal.capitalized, waive=False)
    if proposal.down_payment is not None:
        check_down_payment(rules, *proposal.down_payment())
    if proposal.term is not None:
        check_term(rules, proposal.term())
