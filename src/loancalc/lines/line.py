"""A credit line: :class:`CreditLine` (a limit, a product, an opening date and its draws).

>>> from datetime import date
>>> line = CreditLine(limit="50000", product="cn-daily-rate-credit-line",
...                   opened=date(2024, 1, 1))
>>> line = line.with_draw(date(2024, 1, 1), "9000", term=3)
>>> line = line.with_draw(date(2024, 1, 15), "6000", term=3)
>>> [(str(d.on), str(d.amount)) for d in line.draws]
[('2024-01-01', '9000'), ('2024-01-15', '6000')]
>>> line.assess([], date(2024, 1, 15)).available
Decimal('35000.00')
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from loancalc._validation import amount as read_amount
from loancalc._validation import check_date, on_grid
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.lines.draws import Draw
from loancalc.lines.rules import LineRules
from loancalc.lines.state import LineState
from loancalc.lines.walk import Terms, walk_line
from loancalc.money import CONTEXT
from loancalc.products import get as get_product
from loancalc.products.rules import ProductRules
from loancalc.terms import MAX_PRINCIPAL

__all__ = ["CreditLine", "assess_line"]


def _to_product(value: object) -> ProductRules:
    if isinstance(value, ProductRules):
        return value
    if isinstance(value, str):
        return get_product(value)
    raise InvalidTypeError("product", value, "a product's name or a ProductRules")


def _to_limit(value: object) -> Decimal:
    return read_amount(value, "limit", high=MAX_PRINCIPAL, positive=True)


def _to_draws(value: object) -> tuple[Draw, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidTypeError("draws", value, "a list of Draw values")
    draws = tuple(value)
    for index, draw in enumerate(draws):
        if not isinstance(draw, Draw):
            raise InvalidTypeError(f"draws[{index}]", draw, "a loancalc.lines.Draw")
    return draws


def _to_rules(value: object) -> Any:
    """None (filled in from the product once it is read) or a :class:`LineRules`."""
    if value is not None and not isinstance(value, LineRules):
        raise InvalidTypeError("rules", value, "None (the product's) or a LineRules")
    return value


def _check_rate(product: ProductRules, draw: Draw, index: int) -> None:
    """Refuse a draw's rate outside the product's range, naming the draw."""
    if draw.annual_rate is None:
        return
    try:
        product.check_rate(draw.annual_rate)
    except InvalidValueError as error:
        raise InvalidValueError(
            f"draws[{index}].annual_rate", error.value, error.accepted
        ) from None


def _check_opened(instance: object, attribute: attrs.Attribute[date], value: object) -> None:
    check_date(value, "opened")


@attrs.frozen(kw_only=True)
class CreditLine:
    """A revolving credit line: up to ``limit`` may be owed in principal at once, lent in
    ``draws`` from ``opened`` on, each a loan under ``product`` (a built-in name or
    :class:`~loancalc.products.ProductRules`) with its own schedule. ``rules``: how
    repayments are spread across the draws and whether an overdue line is frozen
    (:class:`~loancalc.lines.LineRules`; default: the product's ``line`` rules, which
    default to oldest first, frozen while overdue).

    Draws are listed in date order, each on or after ``opened``, amounts on the product's
    money grid. Whether each draw was within the limit available on its day (and the line
    not frozen) depends on the repayments, so :meth:`assess` and :meth:`with_draw` check
    it.

    >>> CreditLine(limit="50000", product="cn-daily-rate-credit-line",
    ...            opened=date(2024, 1, 1), draws=[Draw(on=date(2023, 12, 1), amount=1,
    ...                                                 term=1)])
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: draws[0].on: got datetime.date(2023, 12, 1); accepted: ...
    """

    limit: Decimal = attrs.field(converter=_to_limit)
    product: ProductRules = attrs.field(converter=_to_product)
    opened: date = attrs.field(validator=_check_opened)
    draws: tuple[Draw, ...] = attrs.field(default=(), converter=_to_draws)
    rules: LineRules = attrs.field(default=None, converter=_to_rules)

    def __attrs_post_init__(self) -> None:
        if self.rules is None:
            object.__setattr__(self, "rules", self.product.line)
        quantum = self.product.rounding.quantum
        on_grid(self.limit, quantum, "limit")
        with decimal.localcontext(CONTEXT):  # 50000 -> 50000.00: shown on the grid
            object.__setattr__(self, "limit", quantum * (self.limit / quantum))
        previous = self.opened
        for index, draw in enumerate(self.draws):
            if draw.on < previous:
                accepted = (
                    f"a date on or after the line opened ({self.opened})"
                    if draw.on < self.opened
                    else f"a date on or after the draw before it ({previous}): draws are "
                    "listed in date order"
                )
                raise InvalidValueError(f"draws[{index}].on", draw.on, accepted)
            previous = draw.on
            on_grid(draw.amount, quantum, f"draws[{index}].amount")
            _check_rate(self.product, draw, index)
            if draw.amount > self.limit:
                raise InvalidValueError(
                    f"draws[{index}].amount",
                    draw.amount,
                    f"an amount at most the limit {self.limit}",
                )

    def assess(
        self, payments: Iterable[Any], as_of: date, *, known_on: date | None = None
    ) -> LineState:
        """The line on ``as_of`` given the repayments: see :func:`~loancalc.lines.assess_line`.

        >>> line = CreditLine(limit=1000, product="cn-daily-rate-credit-line",
        ...                   opened=date(2024, 1, 1))
        >>> line.assess([], date(2024, 1, 1)).status
        'clear'
        """
        return assess_line(self, payments, as_of, known_on=known_on)

    def available(self, on: date, payments: Iterable[Any] = ()) -> Decimal:
        """What may be drawn on ``on`` given the repayments made by then: the limit less
        the principal outstanding, 0 while the line is frozen.

        >>> line = CreditLine(limit=1000, product="cn-daily-rate-credit-line",
        ...                   opened=date(2024, 1, 1)).with_draw(date(2024, 1, 1), 600, term=1)
        >>> line.available(date(2024, 1, 5)), line.available(date(2024, 2, 5))  # overdue
        (Decimal('400.00'), Decimal('0.00'))
        """
        return self.assess(payments, on).available

    def with_draw(
        self,
        on: date,
        amount: object,
        *,
        term: int,
        annual_rate: object = None,
        method: object = None,
        payments: Iterable[Any] = (),
    ) -> CreditLine:
        """A new line with one more draw: ``amount`` on ``on`` over ``term`` instalments
        (``annual_rate`` and ``method``: the product's by default). The draw must be within
        the limit available on ``on`` given the ``payments`` made to the line by then,
        and the line not frozen; else :class:`~loancalc.errors.InvalidValueError` (a
        :class:`~loancalc.lines.LineFrozenError` for a frozen line) names the draw.

        >>> line = CreditLine(limit=1000, product="cn-daily-rate-credit-line",
        ...                   opened=date(2024, 1, 1)).with_draw(date(2024, 1, 1), 600, term=1)
        >>> line.with_draw(date(2024, 1, 5), 500, term=1)
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: draws[1].amount: got Decimal('500'); accepted: an ...
        """
        draw = Draw(on=on, amount=amount, term=term, annual_rate=annual_rate, method=method)
        line = attrs.evolve(self, draws=(*self.draws, draw))
        line.assess(payments, on)
        return line


def assess_line(
    line: CreditLine, payments: Iterable[Any], as_of: date, *, known_on: date | None = None
) -> LineState:
    """The state of ``line`` on ``as_of``, given the repayments made to it (with
    ``known_on``: only those the lender knew of on that day, by each one's ``known_on``
    or else its date: "as of ``as_of``, as known on ``known_on``").

    ``payments``: :class:`~loancalc.lines.LinePayment` values (or ``lc.Payment``, which
    name no draw); those after ``as_of`` are left out, and so are draws after ``as_of``.
    On one day draws come before repayments, and the repayments of a day are taken by
    amount, then draw, then reference, so the order they are listed in never matters.
    Each repayment (with any credit the line holds) is spread across the draws made by
    then from what each owes that day (:func:`~loancalc.lines.allocate`), and becomes an
    ordinary ``lc.Payment`` of each draw; every draw is then assessed on ``as_of`` under
    the line's product (``lc.assess``).

    Raises :class:`~loancalc.errors.InvalidValueError` naming the field for a draw above
    the limit available on its day, :class:`~loancalc.lines.LineFrozenError` for a draw
    while the line is frozen, a repayment before the line opened or naming a draw not
    yet made, and an ``as_of`` before the line opened.

    >>> line = CreditLine(limit=1000, product="cn-daily-rate-credit-line",
    ...                   opened=date(2024, 1, 1))
    >>> assess_line(line, [], date(2023, 12, 31))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: as_of: got datetime.date(2023, 12, 31); accepted: a ...
    """
    if not isinstance(line, CreditLine):
        raise InvalidTypeError("line", line, "a loancalc.lines.CreditLine")
    terms = Terms(
        limit=line.limit,
        product=line.product,
        rules=line.rules,
        opened=line.opened,
        draws=line.draws,
    )
    return walk_line(terms, payments, as_of, known_on)
