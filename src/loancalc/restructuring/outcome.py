"""What every change to a loan's debt makes: :class:`Outcome`, the one result type of
:func:`~loancalc.restructuring.change` (and so of ``restructure``, ``defer`` and
``prepay``).

Its kinds add what only they have: a :class:`~loancalc.restructuring.Restructuring` its
``agreement``, down payment and credit applied; a :class:`~loancalc.restructuring.Deferral`
its holiday; a :class:`~loancalc.restructuring.Prepayment` the amount paid and its fee.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize, assess, defer, prepay
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
...                        start=date(2024, 1, 15)))
>>> state = assess(s, [], date(2024, 1, 15))
>>> results = [defer(state, date(2024, 1, 15), 1), prepay(state, date(2024, 1, 15), 200)]
>>> [(type(r).__name__, isinstance(r, Outcome), r.on) for r in results]
[('Deferral', True, datetime.date(2024, 1, 15)), ('Prepayment', True, datetime.date(2024, 1, 15))]
"""

from __future__ import annotations

from datetime import date

import attrs

from loancalc.lineage import HasLineage
from loancalc.restructuring.breakdown import Breakdown
from loancalc.restructuring.lineage import LineageEntry
from loancalc.schedule import Schedule
from loancalc.servicing import LoanState

__all__ = ["Outcome"]


@attrs.frozen(kw_only=True)
class Outcome(HasLineage):
    """A change to a loan's debt on ``on``: the ``state`` it started from (unchanged), the
    ``breakdown`` of the debt on ``on`` (what was paid, capitalised, waived, carried or
    left due, part by part), the new ``schedule`` (None only when a prepayment left
    nothing to repay) and the ``lineage`` (every change of the loan, this one last).

    >>> Outcome.__name__, [field.name for field in attrs.fields(Outcome)]
    ('Outcome', ['on', 'state', 'breakdown', 'schedule', 'lineage'])
    """

    on: date
    state: LoanState
    breakdown: Breakdown
    schedule: Schedule | None
    lineage: tuple[LineageEntry, ...] = ()
