"""What :func:`~loancalc.lines.assess_line` returns: :class:`LineState`, with a
:class:`DrawState` per draw and a :class:`LineAllocation` per repayment.

>>> from datetime import date
>>> import loancalc as lc
>>> from loancalc.lines import CreditLine, Draw
>>> line = CreditLine(limit="50000", product="cn-daily-rate-credit-line",
...                   opened=date(2024, 1, 1), draws=[Draw(on=date(2024, 1, 1), amount=9000,
...                                                       term=3, method="equal-principal")])
>>> state = line.assess([], date(2024, 1, 10))
>>> state.status, state.available, state.total_outstanding  # 9,000 x 0.04 % x 9 days = 32.40
('current', Decimal('41000.00'), Decimal('9032.40'))
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from loancalc.errors import InvalidValueError
from loancalc.lines.draws import Draw, LinePayment
from loancalc.lines.rules import LineRules
from loancalc.money import CONTEXT
from loancalc.products.rules import ProductRules
from loancalc.servicing import Amounts, Classification, LoanState, Payment

__all__ = ["DrawState", "LineAllocation", "LineState"]

_ZERO = Decimal(0)
_CLOSED = ("settled", "paid-off")


def _sum(values: Iterable[Decimal], zero: Decimal = _ZERO) -> Decimal:
    with decimal.localcontext(CONTEXT):
        return sum(values, zero)


@attrs.frozen(kw_only=True)
class DrawState:
    """One draw on the assessment date: its ``number`` (1 for the line's first), the
    ``draw``, the ``payments`` the line's repayments made to it, and its ``state``
    (``lc.assess`` of its schedule with those payments under the line's product).

    >>> DrawState.__name__
    'DrawState'
    """

    number: int
    draw: Draw
    payments: tuple[Payment, ...]
    state: LoanState


@attrs.frozen(kw_only=True)
class LineAllocation:
    """How one repayment was spread: ``shares`` (what went to each draw, in draw order; 0
    for a draw not yet drawn), and the line's ``credit`` after it (money beyond every
    draw's settlement figure, carried to the next repayment).

    >>> LineAllocation(payment=LinePayment(date(2024, 2, 1), "10"), shares=(Decimal(10),),
    ...                credit=Decimal(0)).allocated
    Decimal('10')
    """

    payment: LinePayment
    shares: tuple[Decimal, ...]
    credit: Decimal

    @property
    def allocated(self) -> Decimal:
        """What went to the draws in all."""
        return _sum(self.shares)


@attrs.frozen(kw_only=True)
class LineState:
    """A credit line (its ``limit``, ``product`` and ``rules``) on ``as_of``: each draw's
    :class:`DrawState` (``draws``, the draws made by ``as_of``), how each repayment was
    spread (``allocations``) and the money held by the line beyond every draw's
    settlement (``line_credit``).

    The line's status comes from its draws: ``days_past_due`` is its oldest overdue draw's,
    and so are ``bucket`` and ``classification``; ``reportable`` if any draw is.
    ``available``: the limit less the principal outstanding on every draw (restored as
    principal is repaid), 0 while ``frozen`` (a draw overdue and the line's rules freeze
    it). ``credit`` is the line's credit plus the credit each draw holds, so that
    ``total_allocated + credit == total_paid + credit_interest`` (the interest the line's
    and the draws' credit earned, where the product pays it: ``line_credit_interest`` is
    the line's own).

    >>> LineState.__name__
    'LineState'
    """

    limit: Decimal
    product: ProductRules
    rules: LineRules
    as_of: date
    draws: tuple[DrawState, ...]
    allocations: tuple[LineAllocation, ...]
    line_credit: Decimal
    line_credit_interest: Decimal = Decimal(0)

    # ---- money ------------------------------------------------------------------------

    @property
    def _zero(self) -> Decimal:
        """Zero on the product's money grid (0.00 for cents)."""
        return self.product.rounding.quantum * 0

    @property
    def total_paid(self) -> Decimal:
        """Every repayment to the line up to ``as_of``."""
        return _sum((entry.payment.amount for entry in self.allocations), self._zero)

    @property
    def total_allocated(self) -> Decimal:
        """What the draws' own assessments allocated to what they owe."""
        return _sum((d.state.total_allocated for d in self.draws), self._zero)

    @property
    def credit(self) -> Decimal:
        """Money received and not yet owed: the line's and the draws' own credit."""
        return _sum([self.line_credit, *(d.state.credit for d in self.draws)], self._zero)

    @property
    def credit_interest(self) -> Decimal:
        """The interest paid into the line's and the draws' credit (where the product
        pays it)."""
        return _sum(
            [self.line_credit_interest, *(d.state.credit_interest for d in self.draws)],
            self._zero,
        )

    @property
    def outstanding(self) -> Amounts:
        """Everything the draws still owe, due or not, by component."""
        with decimal.localcontext(CONTEXT):
            return Amounts.sum(d.state.outstanding for d in self.draws)

    @property
    def total_outstanding(self) -> Decimal:
        """Every unpaid amount of every draw (credit shown apart, not netted)."""
        return _sum((d.state.total_outstanding for d in self.draws), self._zero)

    @property
    def amount_due(self) -> Decimal:
        """What the draws ask for now (their amounts due)."""
        return _sum((d.state.amount_due for d in self.draws), self._zero)

    def payoff_amount(self, on: date | None = None) -> Decimal:
        """What settles every draw on ``on`` (default ``as_of``): the sum of the draws'
        settlement figures less the line's credit. A repayment of it that day leaves
        every draw settled (or paid off).

        >>> from loancalc.lines import CreditLine, Draw
        >>> line = CreditLine(limit=1000, product="cn-daily-rate-credit-line",
        ...                   opened=date(2024, 1, 1),
        ...                   draws=[Draw(on=date(2024, 1, 1), amount=1000, term=1)])
        >>> line.assess([], date(2024, 1, 1)).payoff_amount(date(2024, 1, 11))  # 4.00 a day
        Decimal('1004.00')
        """
        when = self.as_of if on is None else on
        if not isinstance(when, date) or when < self.as_of:
            raise InvalidValueError("on", on, f"a date on or after as_of ({self.as_of})")
        return _sum(
            [*(d.state.payoff_amount(when) for d in self.draws), -self.line_credit], self._zero
        )

    # ---- status -----------------------------------------------------------------------

    def _oldest_overdue(self) -> DrawState | None:
        late = [d for d in self.draws if d.state.days_past_due > 0]
        return max(late, key=lambda d: d.state.days_past_due, default=None)

    @property
    def days_past_due(self) -> int:
        """The days past due of the line's oldest overdue draw (0 if none)."""
        oldest = self._oldest_overdue()
        return 0 if oldest is None else oldest.state.days_past_due

    @property
    def bucket(self) -> str:
        """The delinquency bucket of the oldest overdue draw (``M0`` if none)."""
        oldest = self._oldest_overdue()
        return "M0" if oldest is None else oldest.state.bucket

    @property
    def classification(self) -> Classification:
        """The classification of the oldest overdue draw (normal if none)."""
        oldest = self._oldest_overdue()
        return Classification.NORMAL if oldest is None else oldest.state.classification

    @property
    def reportable(self) -> bool:
        """Whether a credit bureau would see any draw as overdue."""
        return any(d.state.reportable for d in self.draws)

    @property
    def status(self) -> str:
        """``overdue`` (a draw past grace), ``in-grace``, ``current``, or ``clear``
        (nothing owed: no draw, or every draw settled or paid off)."""
        states = [d.state.status for d in self.draws]
        for status in ("overdue", "in-grace", "current"):
            if status in states:
                return status
        return "clear"

    @property
    def frozen(self) -> bool:
        """Whether the line lends nothing now: a draw is overdue and the line's rules
        freeze it then."""
        return self.rules.freeze_when_overdue and self.status == "overdue"

    @property
    def drawn(self) -> Decimal:
        """The principal outstanding on every draw (due or not)."""
        return _sum((d.state.outstanding.principal for d in self.draws), self._zero)

    @property
    def available(self) -> Decimal:
        """What may be drawn now: the limit less :attr:`drawn`; 0 while :attr:`frozen`."""
        if self.frozen:
            return self._zero
        with decimal.localcontext(CONTEXT):
            return self.limit - self.drawn

    # ---- reports ----------------------------------------------------------------------

    def statement_rows(self) -> list[dict[str, Any]]:
        """The line statement: one row per draw, then a ``total`` row.

        >>> from loancalc.lines import CreditLine
        >>> CreditLine(limit=1000, product="cn-daily-rate-credit-line",
        ...            opened=date(2024, 1, 1)).assess([], date(2024, 1, 2)).statement_rows()
        [{'draw': 'total', 'drawn_on': '', ...'total_outstanding': '0.00', ...}]
        """
        rows = [_draw_row(d) for d in self.draws]
        owed = self.outstanding
        rows.append(
            {
                "draw": "total",
                "drawn_on": "",
                "amount": str(_sum(d.draw.amount for d in self.draws)),
                "term": "",
                "status": self.status,
                "days_past_due": self.days_past_due,
                "bucket": self.bucket,
                "principal": str(owed.principal),
                "interest": str(owed.interest),
                "fee": str(owed.fee),
                "charges": str(owed.charges),
                "total_outstanding": str(self.total_outstanding),
                "amount_due": str(self.amount_due),
                "paid": str(self.total_paid),
                "payoff": str(self.payoff_amount()),
            }
        )
        return rows


def _draw_row(d: DrawState) -> dict[str, Any]:
    owed = d.state.outstanding
    return {
        "draw": str(d.number),
        "drawn_on": d.draw.on.isoformat(),
        "amount": str(d.draw.amount),
        "term": str(d.draw.term),
        "status": d.state.status,
        "days_past_due": d.state.days_past_due,
        "bucket": d.state.bucket,
        "principal": str(owed.principal),
        "interest": str(owed.interest),
        "fee": str(owed.fee),
        "charges": str(owed.charges),
        "total_outstanding": str(d.state.total_outstanding),
        "amount_due": str(d.state.amount_due),
        "paid": str(d.state.total_paid),
        "payoff": str(d.state.payoff_amount()),
    }
