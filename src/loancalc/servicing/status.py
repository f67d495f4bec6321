"""Where an instalment stands on the assessment date: :class:`InstallmentStatus`.

>>> InstallmentStatus.parse("paid within grace")
<InstallmentStatus.PAID_WITHIN_GRACE: 'paid-within-grace'>
>>> InstallmentStatus.OVERDUE.is_settled
False
"""

from __future__ import annotations

from datetime import date

from loancalc.terms import _ParsedEnum

__all__ = ["InstallmentStatus", "status_on"]


class InstallmentStatus(_ParsedEnum):
    """The status of one instalment on ``as_of`` (its principal, interest and fee).

    ``NOT_YET_DUE``: its due date is later. ``DUE``: due, nothing paid yet, still within
    grace (or on the due date itself). ``PARTLY_PAID``: due, partly paid, still within
    grace. ``OVERDUE``: not paid in full and grace has passed. ``PAID_ON_TIME``: paid in
    full on or before its (effective) due date. ``PAID_WITHIN_GRACE``: paid in full after
    the due date but by the end of grace (which counts as on time: no penalty, no fee).
    ``PAID_LATE``: paid in full after grace. ``SETTLED``: closed before it fell due by an
    early settlement of the loan (its unearned interest and fees rebated). Charges for
    lateness (penalty, late fees) may still be outstanding on a paid instalment: see its
    ``outstanding`` amounts.

    >>> [s.value for s in InstallmentStatus][:3]
    ['not-yet-due', 'due', 'partly-paid']
    """

    NOT_YET_DUE = "not-yet-due"
    DUE = "due"
    PARTLY_PAID = "partly-paid"
    OVERDUE = "overdue"
    PAID_ON_TIME = "paid-on-time"
    PAID_WITHIN_GRACE = "paid-within-grace"
    PAID_LATE = "paid-late"
    SETTLED = "settled"

    @classmethod
    def _field_name(cls) -> str:
        return "status"

    @property
    def is_settled(self) -> bool:
        """True when the instalment's principal, interest and fee are paid in full.

        >>> InstallmentStatus.PAID_LATE.is_settled
        True
        """
        return self in _SETTLED


_SETTLED = frozenset(
    {
        InstallmentStatus.PAID_ON_TIME,
        InstallmentStatus.PAID_WITHIN_GRACE,
        InstallmentStatus.PAID_LATE,
        InstallmentStatus.SETTLED,
    }
)


def status_on(
    *,
    as_of: date,
    fallen: bool,
    due: date,
    grace_end: date,
    paid_on: date | None,
    partly_paid: bool,
    settled_early: bool = False,
) -> InstallmentStatus:
    """The status on ``as_of`` of an instalment that has ``fallen`` due on ``due``, with
    grace to ``grace_end``, paid in full on ``paid_on`` (None: not yet) or ``partly_paid``;
    ``settled_early``: closed by a settlement of the loan before it fell due.

    >>> status_on(as_of=date(2024, 2, 5), fallen=True, due=date(2024, 2, 1),
    ...           grace_end=date(2024, 2, 4), paid_on=None, partly_paid=True).value
    'overdue'
    """
    if settled_early:
        return InstallmentStatus.SETTLED
    if not fallen:
        return InstallmentStatus.NOT_YET_DUE
    if paid_on is not None:
        if paid_on <= due:
            return InstallmentStatus.PAID_ON_TIME
        if paid_on <= grace_end:
            return InstallmentStatus.PAID_WITHIN_GRACE
        return InstallmentStatus.PAID_LATE
    if as_of > grace_end:
        return InstallmentStatus.OVERDUE
    return InstallmentStatus.PARTLY_PAID if partly_paid else InstallmentStatus.DUE
