"""The checked inputs of an assessment (:func:`~loancalc.servicing.assess.assess`): its
rules, and the payments, waivers and other ledger events it counts, each checked and named
by its field when it is wrong.

>>> from loancalc import LoanTerms, amortize, Payment
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> paid = [Payment(date(2024, 3, 1), "500"), Payment(date(2024, 2, 1), "500")]
>>> rules, kept, waivers, extra = checked_inputs(s, paid, date(2024, 2, 15), None, ())
>>> [p.date for p in kept], waivers
([datetime.date(2024, 2, 1)], ())
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from loancalc._validation import on_grid
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.schedule import Schedule
from loancalc.servicing.ledger_events import LedgerEvent, Reversal, SortedEvents, sort_out
from loancalc.servicing.payment import Payment, check_on_grid
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.waiver import Waiver

__all__ = ["checked_inputs"]


def _servicing_rules(rules: object) -> ServicingRules:
    if isinstance(rules, ServicingRules):
        return rules
    inner = getattr(rules, "servicing", None)
    if isinstance(inner, ServicingRules):
        return inner
    raise InvalidTypeError(
        "rules", rules, "a ServicingRules, or product rules holding one in .servicing"
    )


def _check_date(value: object, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidTypeError(field, value, "a datetime.date")
    return value


def _items(values: object, field: str, kind: type, accepted: str) -> list[Any]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError(field, values, accepted)
    items = list(values)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidTypeError(f"{field}[{index}]", item, f"a loancalc {kind.__name__}")
    return items


def checked_inputs(  # noqa: PLR0917 -- assess's own arguments, in its order
    schedule: Schedule,
    payments: Iterable[LedgerEvent],
    as_of: date,
    rules: object,
    waivers: Iterable[Waiver],
    field: str = "as_of",
    *,
    known_on: date | None = None,
) -> tuple[ServicingRules, tuple[Payment, ...], tuple[Waiver, ...], SortedEvents]:
    """The checked inputs of an assessment: rules, and the payments (sorted), waivers and
    other events (refunds, charges, reversals applied) up to ``as_of`` known on
    ``known_on`` (None: all).

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> checked_inputs(s, [], date(2023, 12, 1), None, (), "dates[0]")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: dates[0]: got datetime.date(2023, 12, 1); ...
    """
    if not isinstance(schedule, Schedule):
        raise InvalidTypeError("schedule", schedule, "a loancalc.Schedule")
    servicing = ServicingRules() if rules is None else _servicing_rules(rules)
    start = schedule.terms.start
    as_of = _check_date(as_of, field)
    if as_of < start:
        raise InvalidValueError(field, as_of, f"a date on or after the loan's start ({start})")
    given = _items(payments, "payments", object, "a list of loancalc.Payment")
    extra = SortedEvents()
    if all(type(item) is Payment for item in given):
        paid: list[Payment] = given
    else:  # events beyond payments: checked as a whole, reversals applied
        fee = servicing.returned_payment_fee
        if fee is not None:
            on_grid(fee, schedule.terms.rounding.quantum, "rules.returned_payment_fee")
        extra = sort_out(given, as_of, known_on, field="payments", returned_fee=fee)
        paid = list(extra.payments)
        quantum = schedule.terms.rounding.quantum
        for index, item in enumerate(given):  # checked where the caller listed them
            name = "charge" if isinstance(item, Reversal) else "amount"
            value = getattr(item, name)
            if value is not None:
                on_grid(value, quantum, f"payments[{index}].{name}")
    forgiven: list[Waiver] = _items(
        waivers, "waivers", Waiver, "a list of loancalc.servicing.Waiver"
    )
    dated = [("payments", index, p.date) for index, p in enumerate(given)]
    dated += [("waivers", index, w.date) for index, w in enumerate(forgiven)]
    for name, index, when in dated:
        if when < start:
            raise InvalidValueError(
                f"{name}[{index}].date", when, f"a date on or after the loan's start ({start})"
            )
    check_on_grid(schedule.terms.rounding, paid, servicing.late_fee)
    count = len(schedule.installments)
    for index, waiver in enumerate(forgiven):
        if waiver.installment is not None and waiver.installment > count:
            raise InvalidValueError(
                f"waivers[{index}].installment", waiver.installment, f"1 to {count}"
            )
    if known_on is not None:  # what the lender had not yet learnt of is left out
        known = _check_date(known_on, "known_on")
        paid = [p for p in paid if (p.known_on or p.date) <= known]
        forgiven = [w for w in forgiven if (w.known_on or w.date) <= known]
    kept = sorted(
        (p for p in paid if p.date <= as_of),
        key=lambda p: (p.date, p.amount, p.reference or ""),
    )
    return servicing, tuple(kept), tuple(w for w in forgiven if w.date <= as_of), extra
