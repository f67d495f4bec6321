"""Dated cash flows: what a loan's annualised rate is computed from.

A flow is a ``(date, amount)`` pair from the lender's side: money lent out is negative,
money received (instalments, fees, penalties) positive. A :class:`~loancalc.Schedule`
gives its flows through :func:`schedule_cash_flows`; any other object gives them through a
``cash_flows()`` method (the :class:`HasCashFlows` protocol: a servicing ``LoanState``
will, with the payments actually made).

>>> from datetime import date
>>> cash_flows([(date(2024, 1, 1), "-1000"), (date(2025, 1, 1), 1100)])
((datetime.date(2024, 1, 1), Decimal('-1000')), (datetime.date(2025, 1, 1), Decimal('1100')))
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol, runtime_checkable

from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT, to_decimal
from loancalc.schedule import Schedule

__all__ = ["DatedFlow", "FlowSource", "HasCashFlows", "cash_flows", "schedule_cash_flows"]

#: One cash flow: its date and its amount (negative: lent out; positive: received).
DatedFlow = tuple[date, Decimal]

_ACCEPTED = "a loancalc.Schedule, an object with a cash_flows() method, or (date, amount) pairs"


@runtime_checkable
class HasCashFlows(Protocol):
    """Anything that can list its dated cash flows (a servicing ``LoanState``, say).

    >>> class Deposit:
    ...     def cash_flows(self):
    ...         return [(date(2024, 1, 1), -100), (date(2024, 7, 1), 103)]
    >>> isinstance(Deposit(), HasCashFlows), cash_flows(Deposit())[1]
    (True, (datetime.date(2024, 7, 1), Decimal('103')))
    """

    def cash_flows(self) -> Iterable[tuple[date, object]]:
        """The dated flows: ``(date, amount)``, negative when lent out.

        >>> class Loan:
        ...     def cash_flows(self):
        ...         return [(date(2024, 1, 1), -100), (date(2025, 1, 1), 110)]
        >>> cash_flows(Loan())[0]
        (datetime.date(2024, 1, 1), Decimal('-100'))
        """


#: What the rate functions accept: a schedule, an object with ``cash_flows()``, or pairs.
FlowSource = Schedule | HasCashFlows | Iterable[tuple[date, object]]


def schedule_cash_flows(schedule: Schedule) -> tuple[DatedFlow, ...]:
    """A schedule's flows: the amount actually received on ``terms.start`` (the principal
    less the upfront fee, negative), each further advance (tranche) on its date, less
    its share of the upfront fee (negative), and each instalment's payment on its due
    date, in date order.

    Fees paid at disbursement reduce what the borrower gets, so they raise the rate; fees
    paid with the instalments are part of the payments.

    >>> from loancalc import Fees, LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1000, annual_rate="12%", term=2,
    ...                        start=date(2024, 1, 1), fees=Fees(upfront=10)))
    >>> [(str(day), str(amount)) for day, amount in schedule_cash_flows(s)]
    [('2024-01-01', '-990.00'), ('2024-02-01', '507.51'), ('2024-03-01', '507.51')]
    """
    if not isinstance(schedule, Schedule):
        raise InvalidValueError("schedule", schedule, "a loancalc.Schedule")
    terms = schedule.terms
    advances: list[DatedFlow] = []
    with decimal.localcontext(CONTEXT):
        later_fees = Decimal(0)
        rate = terms.fees.upfront_rate
        for day, amount in schedule.disbursements:  # each its share of the upfront fee
            share = terms.rounding.apply(amount * rate) if rate else Decimal(0)
            later_fees += share
            advances.append((day, -(amount - share)))
        received = terms.principal - (schedule.upfront_fee - later_fees)
    flows: list[DatedFlow] = [(terms.start, -received)]
    flows.extend((row.due_date, row.payment) for row in schedule.installments)
    if advances:
        flows.extend(advances)
        flows.sort(key=lambda flow: flow[0])  # (stable: an advance after that day's payment)
    return tuple(flows)


def cash_flows(source: FlowSource) -> tuple[DatedFlow, ...]:
    """The dated flows of ``source``: a :class:`~loancalc.Schedule`, a
    :class:`HasCashFlows` object, or an iterable of ``(date, amount)`` pairs (amounts as
    ``Decimal``, ``int``, ``float`` or text such as ``"-1,000.00"``).

    Raises :class:`~loancalc.errors.InvalidValueError` naming the bad flow.

    >>> cash_flows([(date(2024, 1, 1), "-1,000.00")])
    ((datetime.date(2024, 1, 1), Decimal('-1000.00')),)
    >>> cash_flows([("2024-01-01", 5)])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: flows[0]: got ('2024-01-01', 5); accepted: a (date, ...
    """
    if isinstance(source, Schedule):
        return schedule_cash_flows(source)
    if hasattr(source, "cash_flows") and callable(source.cash_flows):
        source = source.cash_flows()
    if isinstance(source, str | bytes) or not isinstance(source, Iterable):
        raise InvalidValueError("flows", source, _ACCEPTED)
    pairs = tuple(source)
    fast = _already_clean(pairs)
    if fast is not None:
        return fast
    flows: list[DatedFlow] = []
    for index, flow in enumerate(pairs):
        field = f"flows[{index}]"
        if not isinstance(flow, tuple | list) or len(flow) != 2:
            raise InvalidValueError(field, flow, "a (date, amount) pair")
        day, amount = flow
        if not isinstance(day, date) or isinstance(day, datetime):
            raise InvalidValueError(field, flow, "a (date, amount) pair with a datetime.date")
        flows.append((day, to_decimal(amount, f"{field}.amount")))
    return tuple(flows)


def _already_clean(pairs: tuple[object, ...]) -> tuple[DatedFlow, ...] | None:
    """``pairs`` itself if every one is a ``(date, Decimal)`` pair (the common case, checked
    at C speed), else None. (Finiteness is checked where the amounts are used.)"""
    columns = columns_of(pairs)
    return None if columns is None else pairs  # type: ignore[return-value]


def columns_of(pairs: Sequence[object]) -> tuple[tuple[date, ...], tuple[Decimal, ...]] | None:
    """``(dates, amounts)`` of ``(date, Decimal)`` pairs, or None if any pair is not one."""
    try:
        days, amounts = zip(*pairs, strict=True)
    except (TypeError, ValueError):
        return None
    if set(map(type, days)) != {date} or set(map(type, amounts)) != {Decimal}:
        return None
    return days, amounts
