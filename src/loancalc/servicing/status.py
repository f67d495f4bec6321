"""Where an instalment stands on the assessment date: :class:`InstallmentStatus`.

>>> InstallmentStatus.parse("paid within grace")
<InstallmentStatus.PAID_WITHIN_GRACE: 'paid-within-grace'>
>>> InstallmentStatus.OVERDUE.is_settled
False
"""

from __future__ import annotations

from loancalc.terms import _ParsedEnum

__all__ = ["InstallmentStatus"]


class InstallmentStatus(_ParsedEnum):
    """The status of one instalment on ``as_of`` (its principal, interest and fee).

    ``NOT_YET_DUE``: its due date is later. ``DUE``: due, nothing paid yet, still within
    grace (or on the due date itself). ``PARTLY_PAID``: due, partly paid, still within
    grace. ``OVERDUE``: not paid in full and grace has passed. ``PAID_ON_TIME``: paid in
    full on or before its (effective) due date. ``PAID_WITHIN_GRACE``: paid in full after
    the due date but by the end of grace (which counts as on time: no penalty, no fee).
    ``PAID_LATE``: paid in full after grace. Charges for lateness (penalty, late fees) may
    still be outstanding on a paid instalment: see its ``outstanding`` amounts.

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
    }
)
