"""Events beyond payments: :class:`Reversal`, :class:`Refund`, :class:`WriteOff`,
:class:`Charge`; :func:`sort_out`.

A servicing history is a mixed, dated list: payments, the reversal of a payment that
bounced, a refund of credit to the borrower, a fee added by hand. :func:`loancalc.assess`
takes them all in its ``payments`` argument; :func:`sort_out` checks the list as a whole
(nothing is applied when anything in it is wrong) and splits it.

A reversal replays the loan without the payment it reverses, from the payment's own date
(as Apache Fineract does): an assessment on or after the reversal's date sees a loan on
which that payment was never made (its days past due, penalty and late fees are those of
the unpaid instalments since then); before the reversal's date the payment counts. A
returned-payment charge (``Reversal.charge``) is added on the reversal's date.

>>> from datetime import date
>>> from loancalc import Payment
>>> events = [Payment(date(2024, 2, 1), "500", "TX-1"),
...           Reversal(date(2024, 2, 5), reverses="TX-1", charge="25")]
>>> kept = sort_out(events, date(2024, 2, 10))
>>> kept.payments, kept.total_reversed, [c.amount for c in kept.charges]
((), Decimal('500'), [Decimal('25')])
>>> sort_out(events, date(2024, 2, 4)).payments[0].reference  # not yet reversed
'TX-1'
>>> sort_out([Reversal(date(2024, 2, 5), reverses="TX-9")], date(2024, 3, 1))
Traceback (most recent call last):
loancalc.errors.InvalidValueError: events[0].reverses: got 'TX-9'; accepted: the reference ...
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import attrs

from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import to_decimal
from loancalc.servicing.payment import Payment, check_known_on
from loancalc.servicing.waiver import Waiver
from loancalc.terms import MAX_PRINCIPAL

__all__ = [
    "Charge",
    "LedgerEvent",
    "Refund",
    "Reversal",
    "SortedEvents",
    "WriteOff",
    "sort_out",
]

_Date = date  # the field ``date`` hides the type inside the class body
_ZERO = Decimal(0)


def _amount(field: str, value: object) -> Decimal:
    amount = to_decimal(value, field)
    if not 0 < amount <= MAX_PRINCIPAL:
        raise InvalidValueError(field, value, f"an amount > 0 and <= {MAX_PRINCIPAL}")
    return amount


def _date(field: str, value: object) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidTypeError(field, value, "a datetime.date")


def _text(field: str, value: object, *, required: bool = False) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            field, value, "a non-empty string" + ("" if required else " or None")
        )


def _reversal_charge(value: object) -> Decimal | None:
    return None if value is None else _amount("reversal.charge", value)


def _refund_amount(value: object) -> Decimal:
    return _amount("refund.amount", value)


def _write_off_amount(value: object) -> Decimal | None:
    return None if value is None else _amount("writeoff.amount", value)


def _charge_amount(value: object) -> Decimal:
    return _amount("charge.amount", value)


class _Dated:
    """The checks every event shares: ``date``, ``reference`` and ``known_on``."""

    date: _Date
    reference: str | None
    known_on: _Date | None

    def __attrs_post_init__(self) -> None:
        name = type(self).__name__.lower()
        _date(f"{name}.date", self.date)
        _text(f"{name}.reference", self.reference)
        check_known_on(f"{name}.known_on", self.known_on, self.date)


@attrs.frozen(kw_only=True)
class Reversal(_Dated):
    """The payment whose ``reference`` is ``reverses`` came back on ``date`` (returned,
    bounced or charged back: ``reason``); ``charge``: a returned-payment fee added on
    ``date`` (None: none).

    >>> Reversal(date(2024, 2, 5), reverses="TX-1").reason
    'returned'
    >>> Reversal(date(2024, 2, 5), reverses="")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: reversal.reverses: got ''; accepted: a non-empty string
    """

    date: _Date = attrs.field(kw_only=False)
    reverses: str = attrs.field(kw_only=False)
    reason: str = attrs.field(default="returned")
    charge: Decimal | None = attrs.field(default=None, converter=_reversal_charge)
    reference: str | None = None
    known_on: _Date | None = None

    def __attrs_post_init__(self) -> None:
        _text("reversal.reverses", self.reverses, required=True)
        _text("reversal.reason", self.reason, required=True)
        super().__attrs_post_init__()


@attrs.frozen(kw_only=True)
class Refund(_Dated):
    """``amount`` paid back to the borrower on ``date`` out of the credit held (after the
    day's payments); more than the credit held then is refused when the loan is walked.

    >>> Refund(date(2024, 3, 1), "20.00").amount
    Decimal('20.00')
    """

    date: _Date = attrs.field(kw_only=False)
    amount: Decimal = attrs.field(converter=_refund_amount, kw_only=False)
    reference: str | None = attrs.field(default=None, kw_only=False)
    known_on: _Date | None = None


@attrs.frozen(kw_only=True)
class WriteOff(_Dated):
    """The lender writes off (charges off) ``amount`` on ``date`` (None: everything
    outstanding), after the day's payments and refunds.

    An amount is taken from what is due by the rules' allocation order (the actual-balance
    basis: from the balances); None writes off everything owed: every amount fallen due
    and the principal not yet due (the scheduled interest and fees of instalments not yet
    due are never earned: they are cancelled, not written off). Written-off amounts are
    out of ``outstanding`` and counted in :attr:`LoanState.written_off`; payments after
    a write-off are recoveries (:attr:`LoanState.recoveries`), held as credit.

    >>> WriteOff(date(2024, 8, 1)).amount is None
    True
    """

    date: _Date = attrs.field(kw_only=False)
    amount: Decimal | None = attrs.field(default=None, converter=_write_off_amount, kw_only=False)
    reference: str | None = None
    known_on: _Date | None = None


@attrs.frozen(kw_only=True)
class Charge(_Dated):
    """A fee of ``amount`` added by hand on ``date`` for ``reason``, payable at once.

    It is charged to the latest instalment fallen due by ``date`` (the first instalment,
    payable when it falls due, before any has), in the late-fee column (the column of
    charges added after the schedule): it is paid by the rules' allocation order and
    never makes an instalment past due.

    >>> Charge(date(2024, 3, 1), "15", "statement copy").reason
    'statement copy'
    >>> Charge(date(2024, 3, 1), "-1", "x")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: charge.amount: got '-1'; accepted: an amount > 0 and ...
    """

    date: _Date = attrs.field(kw_only=False)
    amount: Decimal = attrs.field(converter=_charge_amount, kw_only=False)
    reason: str = attrs.field(kw_only=False)
    reference: str | None = None
    known_on: _Date | None = None

    def __attrs_post_init__(self) -> None:
        _text("charge.reason", self.reason, required=True)
        super().__attrs_post_init__()


_KINDS = (Payment, Reversal, Refund, WriteOff, Charge)
#: An event :func:`loancalc.assess` takes in its ``payments``.
LedgerEvent = Payment | Reversal | Refund | WriteOff | Charge


@attrs.frozen(kw_only=True)
class SortedEvents:
    """A mixed event list sorted out for one assessment: the ``payments`` that count
    (reversed ones left out), the ``refunds`` and ``charges`` (a reversal's charge among
    them), and ``total_reversed`` (the amount of the payments reversed).

    >>> SortedEvents().total_reversed
    Decimal('0')
    """

    payments: tuple[Payment, ...] = ()
    refunds: tuple[Refund, ...] = ()
    charges: tuple[Charge, ...] = ()
    total_reversed: Decimal = _ZERO
    write_offs: tuple[WriteOff, ...] = ()

    @property
    def extra(self) -> bool:
        """Whether anything beyond payments is left to walk."""
        return bool(self.refunds or self.charges or self.write_offs)

    def up_to(self, day: date) -> SortedEvents:
        """The refunds, charges and write-offs dated on or before ``day`` (payments and
        the amount reversed as they are): what an assessment on ``day`` walks.

        >>> events = SortedEvents(refunds=(Refund(date(2024, 2, 1), "5"),))
        >>> events.up_to(date(2024, 1, 31)).refunds, len(events.up_to(date(2024, 2, 1)).refunds)
        ((), 1)
        """
        return attrs.evolve(
            self,
            refunds=tuple(r for r in self.refunds if r.date <= day),
            charges=tuple(c for c in self.charges if c.date <= day),
            write_offs=tuple(w for w in self.write_offs if w.date <= day),
        )


def _known(event: LedgerEvent | Waiver, known_on: date | None) -> bool:
    return known_on is None or (event.known_on or event.date) <= known_on


def sort_out(
    events: Iterable[object],
    as_of: date,
    known_on: date | None = None,
    *,
    field: str = "events",
    returned_fee: Decimal | None = None,
) -> SortedEvents:
    """Check a mixed event list as a whole and keep what counts on ``as_of``, as known on
    ``known_on`` (None: everything given).

    Refused, naming the event by its index under ``field``: an item of another type, two
    events with one reference, a reversal of a reference no payment carries, of a payment
    reversed already, or dated before the payment it reverses. A reversal is checked
    whatever its date, so that a list is accepted or refused as a whole.
    ``returned_fee``: the product's returned-payment fee, charged on a reversal without a
    ``charge`` of its own (None: none).

    >>> from loancalc import Payment
    >>> sort_out([Payment(date(2024, 2, 1), "1", "A"), Refund(date(2024, 2, 1), "1", "A")],
    ...          date(2024, 3, 1))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: events[1].reference: got 'A'; accepted: a reference ...
    """
    given = list(events)
    items: list[LedgerEvent] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(given):
        if not isinstance(item, _KINDS):
            raise InvalidTypeError(
                f"{field}[{index}]",
                item,
                "a loancalc Payment, Reversal, Refund, WriteOff or Charge",
            )
        reference = item.reference
        if reference is not None:
            if reference in seen:
                raise InvalidValueError(
                    f"{field}[{index}].reference",
                    reference,
                    f"a reference no other event carries (events[{seen[reference]}] has it)",
                )
            seen[reference] = index
        items.append(item)
    paid = {item.reference: item for item in items if isinstance(item, Payment) and item.reference}
    reversed_by: dict[str, Reversal] = {}
    for index, item in enumerate(items):
        if not isinstance(item, Reversal):
            continue
        target = paid.get(item.reverses)
        where = f"{field}[{index}].reverses"
        if target is None:
            raise InvalidValueError(where, item.reverses, "the reference of a payment in the list")
        if item.reverses in reversed_by:
            raise InvalidValueError(
                where, item.reverses, "a payment not reversed already (it is reversed twice)"
            )
        if item.date < target.date:
            raise InvalidValueError(
                f"{field}[{index}].date",
                item.date,
                f"on or after the payment's date ({target.date})",
            )
        reversed_by[item.reverses] = item
    live = [item for item in items if item.date <= as_of and _known(item, known_on)]
    undone = {reversal.reverses: reversal for reversal in live if isinstance(reversal, Reversal)}
    payments = tuple(
        p for p in live if isinstance(p, Payment) and (p.reference or "") not in undone
    )
    charges = [c for c in live if isinstance(c, Charge)]
    for reversal in undone.values():
        fee = returned_fee if reversal.charge is None else reversal.charge
        if fee is not None:
            charges.append(Charge(reversal.date, fee, f"returned payment {reversal.reverses}"))
    return SortedEvents(
        payments=payments,
        refunds=tuple(r for r in live if isinstance(r, Refund)),
        write_offs=tuple(w for w in live if isinstance(w, WriteOff)),
        charges=tuple(sorted(charges, key=lambda c: c.date)),
        total_reversed=sum((paid[ref].amount for ref in undone), _ZERO),
    )
