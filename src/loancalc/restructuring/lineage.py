"""A loan's lineage: every restructuring, deferral and prepayment its schedule came from.

Each result (:class:`~loancalc.restructuring.Restructuring`,
:class:`~loancalc.restructuring.Deferral`, :class:`~loancalc.restructuring.Prepayment`)
carries the chain as a tuple of :class:`LineageEntry`, this one last, and so does its new
schedule (``Schedule.lineage``): restructuring, deferring or prepaying that schedule again
finds the earlier plans there (``previous=`` still works, and must agree). Restructurings
and deferrals count against the product's ``max_count``; prepayments (a right of the
contract, not a new agreement) are recorded but do not count. The value type lives in
:mod:`loancalc.lineage` (the schedule uses it too).

>>> from datetime import date
>>> from decimal import Decimal
>>> entry = LineageEntry(count=1, date=date(2024, 1, 1), kind="prepay", debt=Decimal(10),
...                      paid=Decimal(4), capitalized=Decimal(0), waived=Decimal(0),
...                      left_due=Decimal(0), new_principal=Decimal(6), counted=False)
>>> counted((entry,)), lineage_totals((entry,))["paid"]
(0, Decimal('4'))
"""

from __future__ import annotations

from datetime import date

from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.lineage import HasLineage, LineageEntry, counted, lineage_totals
from loancalc.servicing import LoanState

__all__ = ["LineageEntry", "counted", "lineage_totals", "previous_lineage"]

_MISSING = object()


def previous_lineage(previous: object, state: LoanState) -> tuple[LineageEntry, ...]:
    """The lineage the next change of ``state``'s loan continues: the one its schedule
    carries (``state.schedule.lineage``), or that of ``previous`` (the restructuring,
    deferral or prepayment whose schedule ``state`` assesses), which must agree with it.

    >>> previous_lineage(None, None)  # type: ignore[arg-type]
    ()
    >>> previous_lineage("plan", None)  # type: ignore[arg-type]
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: previous: got 'plan'; accepted: None, or a ...
    """
    carried = state.schedule.lineage if isinstance(state, LoanState) else ()
    if previous is None:
        return carried
    # a Restructuring, Deferral or Prepayment: each is a HasLineage with a date and the
    # schedule it made (checked by what they share, so this module imports none of them)
    made = getattr(previous, "schedule", _MISSING)
    on = getattr(previous, "on", None)
    if not isinstance(previous, HasLineage) or made is _MISSING or not isinstance(on, date):
        raise InvalidTypeError(
            "previous", previous, "None, or a Restructuring, Deferral or Prepayment"
        )
    if carried and previous.lineage != carried:
        raise InvalidValueError(
            "previous",
            on,
            f"a restructuring, deferral or prepayment with the lineage the schedule carries "
            f"({len(carried)} entries, the last on {carried[-1].date}); or None",
        )
    if made != state.schedule:
        raise InvalidValueError(
            "previous",
            on,
            "the restructuring, deferral or prepayment whose schedule the state assesses",
        )
    return previous.lineage
