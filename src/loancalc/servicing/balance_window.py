"""A conditional interest-free window that lapses: the loan re-run as if it had none.

A conditional interest-free window (``InterestFreePeriod(conditional=True)``, the UK
practice) is a promise: repay the loan in full within it and pay no interest for those
days. Within the window no interest is posted, so a payment made in it goes to
principal. If the window lapses (the loan is not repaid by the end of its last day),
the promise is void and the borrower owes what a loan without the window would owe:
interest from the advance on the balances as they would have been, the payments made
within the window allocated as they would have been (interest first, where the order
says so). Charging the window's interest on the balances the window left would cost
less than having had no window at all.

:func:`lapse` does it at the end of the window's last day: given the same loan walked
without the window up to that day's payments, it takes over its balances, demands,
caps and pending charges; the day's statement line shows what the re-run charged, with
a note, and the timeline an ``interest-free-lapsed`` event.

>>> from loancalc import (LoanTerms, Payment, ServicingRules, InterestFreePeriod, amortize,
...                       assess)
>>> s = amortize(LoanTerms(principal=1000, annual_rate="36.5%", term=2, day_count="ACT/365F",
...                        start=date(2024, 1, 1), accrual="daily"))
>>> rules = ServicingRules(interest_basis="actual-balance",
...                        interest_free=InterestFreePeriod(days=3))
>>> state = assess(s, [Payment(date(2024, 1, 3), "100")], date(2024, 1, 11), rules)
>>> # as with no window: 2 days on 1,000 (2.00) paid first; 902 x 1 % a day x 8 days = 7.216
>>> state.paid.interest, state.outstanding.principal, state.outstanding.interest
(Decimal('2.00'), Decimal('902.00'), Decimal('7.22'))
>>> state.statement[-2].note  # the line of 2024-01-04
'interest-free window lapsed: re-run without it; 2.00 paid within it re-allocated from principal'
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

import attrs

from loancalc.errors import InvalidValueError
from loancalc.schedule import Schedule
from loancalc.servicing.balance_demands import Demand, Demands
from loancalc.servicing.events import EventKind, RawEvent, raw_event

__all__ = ["LAPSE_NOTE", "check_window", "lapse"]

#: The note of the statement line and of the event that show a lapsed window.
LAPSE_NOTE = "interest-free window lapsed: re-run without it"

# What a run carries from one day to the next (the demands are copied one by one: the
# walk's own lists of them stay in force).
_CARRIED = (
    "balances", "charged", "paid", "waived", "credit", "total_paid", "total_allocated",
    "caps", "period_exact", "pen_exact", "comp_exact", "period_posted", "period_interest",
    "late_fee_total", "penalty_from", "interest_from", "heap", "seen", "contingent",
    "settled_on", "financed_left",
)  # fmt: skip
_DEMAND_FIELDS = tuple(field.name for field in attrs.fields(Demand))
P = 0


class Run(Protocol):
    """What :func:`lapse` reads and writes of an actual-balance run."""

    zero: Decimal
    balances: list[Decimal]
    charged: list[Decimal]
    paid: list[Decimal]
    waived: list[Decimal]
    credit: Decimal
    demands: Demands
    fees_on: dict[date, list[Demand]]
    events: list[RawEvent]
    line_interest: Decimal
    line_charges: Decimal
    line_note: str
    noteworthy: bool


def lapse(run: Run, shadow: Run, today: date) -> None:
    """End ``run``'s lapsed conditional window on ``today`` (after that day's payments):
    take over the state of ``shadow``, the same loan walked without the window to the
    same point, and record the change (an event, and the day's statement line adds what
    the re-run charged, with a note).

    >>> lapse.__name__
    'lapse'
    """
    net_before = _net_charged(run)
    charged_before, paid_before = list(run.charged), list(run.paid)
    for name in _CARRIED:
        setattr(run, name, getattr(shadow, name))
    _take_demands(run, shadow)
    added = tuple(new - old for new, old in zip(run.charged, charged_before, strict=True))
    moved = paid_before[P] - run.paid[P]
    note = LAPSE_NOTE
    if moved:
        note += f"; {moved} paid within it re-allocated from principal"
    run.events.append(raw_event(today, EventKind.INTEREST_FREE_LAPSED, None, added, note=note))
    net = [new - old for new, old in zip(_net_charged(run), net_before, strict=True)]
    run.line_interest += net[1]
    run.line_charges += net[2] + net[3] + net[4] + net[5]
    run.line_note = note
    run.noteworthy = True


def check_window(start: date, end: date | None, schedule: Schedule) -> None:
    """Refuse an interest-free window (from ``start`` to ``end``) longer than the loan.

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate="0", term=1, start=date(2024, 1, 1)))
    >>> check_window(date(2024, 1, 1), date(2024, 2, 2), s)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: rules.interest_free.days: got 32; accepted: at most the ...
    """
    if end is None or not schedule.installments:
        return
    last = schedule.installments[-1].due_date
    if end > last:
        raise InvalidValueError(
            "rules.interest_free.days",
            (end - start).days,
            f"at most the loan's term ({(last - start).days} days from {start} to {last})",
        )


def _net_charged(run: Run) -> list[Decimal]:
    """What was charged less what was waived, by component."""
    return [c - w for c, w in zip(run.charged, run.waived, strict=True)]


def _take_demands(run: Run, shadow: Run) -> None:
    """Copy the shadow's demands into ``run``'s own (the walk holds them by identity)."""
    mine = {demand.number: demand for demand in run.demands.all}
    for theirs in shadow.demands.all:
        demand = mine[theirs.number]
        for name in _DEMAND_FIELDS:
            value = getattr(theirs, name)
            setattr(demand, name, list(value) if name == "covered" else value)
    run.demands.open = [mine[demand.number] for demand in shadow.demands.open]
    run.demands.ahead = shadow.demands.ahead
    run.demands.asked = list(shadow.demands.asked)
    run.fees_on = {
        day: [mine[demand.number] for demand in demands] for day, demands in shadow.fees_on.items()
    }
