"""Further advances on one loan: :class:`Tranche`, and the ``(date, amount)`` pairs a
:class:`~loancalc.Schedule` keeps of them (:func:`to_disbursements`).

A loan's ``terms.principal`` is its first advance, made on ``terms.start``; each tranche is
a further advance on its own date, which :func:`loancalc.amortize` amortises by the loan's
method over the loan's remaining due dates (see ``docs/tranches.md``).

>>> from datetime import date
>>> Tranche(date(2024, 3, 15), "50000")
Tranche(date=datetime.date(2024, 3, 15), amount=Decimal('50000'))
>>> Tranche(date(2024, 3, 15), 0)
Traceback (most recent call last):
loancalc.errors.InvalidValueError: tranche.amount: got 0; accepted: an amount > 0 and <= 1E+15
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

import attrs

from loancalc._validation import amount, check_date
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.terms import MAX_PRINCIPAL

__all__ = ["Disbursement", "Tranche", "to_disbursements"]

_Date = date  # the field ``date`` hides the type inside the class body

#: A later advance as a schedule keeps it: its date and amount.
Disbursement = tuple[date, Decimal]

_ACCEPTED = "a sequence of (datetime.date, Decimal amount > 0) pairs, dates increasing"


def _to_amount(value: object) -> Decimal:
    return amount(value, "tranche.amount", high=MAX_PRINCIPAL, positive=True)


def _check_date(instance: Tranche, attribute: attrs.Attribute[_Date], value: object) -> None:
    check_date(value, "tranche.date")


@attrs.frozen
class Tranche:
    """A further advance of ``amount`` on ``date`` (a 分笔放款, a drawdown of a
    construction or business loan).

    The record checks its own fields (a date; an amount above 0); where it fits the loan
    (after the start, before the last due date, on the loan's rounding grid) is checked by
    :func:`loancalc.amortize`, which names it as ``tranches[i]``.

    >>> from datetime import date
    >>> Tranche(date=date(2024, 3, 15), amount=50000).amount
    Decimal('50000')
    >>> Tranche("2024-03-15", 50000)
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: tranche.date: got '2024-03-15'; accepted: a datetime.date
    """

    date: _Date = attrs.field(validator=_check_date)
    amount: Decimal = attrs.field(converter=_to_amount)

    def as_pair(self) -> Disbursement:
        """The advance as the ``(date, amount)`` pair a schedule keeps.

        >>> from datetime import date
        >>> Tranche(date(2024, 3, 15), "50000.00").as_pair()
        (datetime.date(2024, 3, 15), Decimal('50000.00'))
        """
        return (self.date, self.amount)


def to_disbursements(value: object) -> tuple[Disbursement, ...]:
    """``value`` as a schedule's ``disbursements``: ``(date, amount)`` pairs (or
    :class:`Tranche` values), amounts above 0, dates increasing (two advances on one day
    may be listed apart).

    Raises :class:`~loancalc.errors.InvalidTypeError` or
    :class:`~loancalc.errors.InvalidValueError` naming ``disbursements[i]``.

    >>> from datetime import date
    >>> to_disbursements([Tranche(date(2024, 3, 15), 5), (date(2024, 4, 1), Decimal(2))])
    ((datetime.date(2024, 3, 15), Decimal('5')), (datetime.date(2024, 4, 1), Decimal('2')))
    >>> to_disbursements([(date(2024, 4, 1), Decimal(2)), (date(2024, 3, 1), Decimal(2))])
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: disbursements[1]: got datetime.date(2024, 3, 1); ...
    """
    if value == ():
        return ()
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidTypeError("disbursements", value, _ACCEPTED)
    pairs: list[Disbursement] = []
    for index, item in enumerate(value):
        field = f"disbursements[{index}]"
        pair = item.as_pair() if isinstance(item, Tranche) else item
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InvalidTypeError(field, item, "a (datetime.date, Decimal amount) pair")
        when, advance = pair
        check_date(when, f"{field}.date")
        if not isinstance(advance, Decimal) or not advance.is_finite() or advance <= 0:
            raise InvalidValueError(f"{field}.amount", advance, "a finite Decimal amount > 0")
        if pairs and when < pairs[-1][0]:
            raise InvalidValueError(
                field, when, f"a date on or after the previous advance's ({pairs[-1][0]})"
            )
        pairs.append((when, advance))
    return tuple(pairs)
