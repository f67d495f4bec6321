"""The kinds a late fee policy chooses among (:class:`~loancalc.servicing.late_fee.LateFeePolicy`):
what it charges (:class:`LateFeeKind`), of what (:class:`LateFeeBase`), on which date
(:class:`LateFeeDate`) and whether fees may pyramid (:class:`Pyramiding`).

>>> LateFeeKind.parse("fixed").charges, LateFeeDate.parse("due-date").before_money
(True, True)
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar, assert_never

import numpy as np
import numpy.typing as npt

from loancalc.terms import _ParsedEnum

__all__ = ["LateFeeBase", "LateFeeDate", "LateFeeKind", "Pyramiding"]

#: A late fee's base: one amount, or an array of them (the batch engine's units).
_Base = TypeVar("_Base", Decimal, npt.NDArray[np.int64])


class LateFeeKind(_ParsedEnum):
    """``NONE``; ``FIXED`` (``amount`` per charge); ``SHARE`` (``share`` of the base).

    >>> LateFeeKind.parse("share")
    <LateFeeKind.SHARE: 'share'>
    """

    NONE = "none"
    FIXED = "fixed"
    SHARE = "share"

    @classmethod
    def _field_name(cls) -> str:
        return "late_fee.kind"

    @property
    def charges(self) -> bool:
        """Whether a fee of this kind charges anything (every kind but ``NONE``).

        >>> LateFeeKind.NONE.charges, LateFeeKind.SHARE.charges
        (False, True)
        """
        match self:
            case LateFeeKind.NONE:
                return False
            case LateFeeKind.FIXED | LateFeeKind.SHARE:
                return True
            case _ as unreachable:
                assert_never(unreachable)

    @property
    def varies_with_base(self) -> bool:
        """Whether one charge depends on what is unpaid or scheduled (``SHARE``).

        >>> LateFeeKind.FIXED.varies_with_base
        False
        """
        match self:
            case LateFeeKind.NONE | LateFeeKind.FIXED:
                return False
            case LateFeeKind.SHARE:
                return True
            case _ as unreachable:
                assert_never(unreachable)


class LateFeeBase(_ParsedEnum):
    """What a share-based late fee is a share of.

    ``UNPAID``: the instalment's unpaid scheduled amount (principal, interest and fee) when
    the fee is charged (the pre-2017 card rule: 5 % of the unpaid part). ``SCHEDULED``: the
    instalment's scheduled principal-and-interest payment (US mortgages: 5 % of the P&I).

    >>> LateFeeBase.parse("scheduled").value
    'scheduled'
    """

    UNPAID = "unpaid"
    SCHEDULED = "scheduled"

    @classmethod
    def _field_name(cls) -> str:
        return "late_fee.base"

    def pick(self, unpaid: _Base, scheduled: _Base) -> _Base:
        """The base this names: ``unpaid`` or ``scheduled`` (amounts or arrays alike).

        >>> LateFeeBase.SCHEDULED.pick(Decimal("10"), Decimal("1500"))
        Decimal('1500')
        """
        match self:
            case LateFeeBase.UNPAID:
                return unpaid
            case LateFeeBase.SCHEDULED:
                return scheduled
            case _ as unreachable:
                assert_never(unreachable)


class Pyramiding(_ParsedEnum):
    """Whether late fees may pyramid: ``ALLOWED`` (a late fee whenever grace ends with the
    instalment short, whatever made it short) or ``FORBIDDEN`` (no late fee on an
    instalment whose own payment came in full by the end of its grace and was taken by
    earlier late fees or shortfalls: see :func:`spared_installments`). The US Credit
    Practices Rule (16 CFR 444.4) and Regulation Z for mortgages (12 CFR 1026.36(c)(2))
    forbid it for late fees; ``FORBIDDEN`` applies it to earlier shortfalls too.

    >>> Pyramiding.parse("forbidden").value
    'forbidden'
    """

    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"

    @classmethod
    def _field_name(cls) -> str:
        return "late_fee.pyramiding"

    @property
    def spares_installments(self) -> bool:
        """Whether an instalment paid on time by its own payments may be spared a late
        fee (``FORBIDDEN``: see :func:`spared_installments`).

        >>> Pyramiding.ALLOWED.spares_installments
        False
        """
        match self:
            case Pyramiding.ALLOWED:
                return False
            case Pyramiding.FORBIDDEN:
                return True
            case _ as unreachable:
                assert_never(unreachable)


class LateFeeDate(_ParsedEnum):
    """The date a late fee is charged on. ``GRACE_END``: at the end of the last day of
    grace, after that day's money (a payment made that day avoids it). ``DUE_DATE``:
    dated on the instalment's (effective) due date, before that day's money, so the
    payment made that day pays it in the allocation order (first, when late fees come
    first): the convention of peers that charge a late payment on the scheduled day. It
    is still charged only to an instalment left short when its grace ends, so an
    assessment on a day within grace does not show it yet; a later one shows it on the
    due date. Repeats (``repeat_days``) count from the due date.

    >>> LateFeeDate.parse("due-date").value
    'due-date'
    """

    GRACE_END = "grace-end"
    DUE_DATE = "due-date"

    @classmethod
    def _field_name(cls) -> str:
        return "late_fee.charged_on"

    @property
    def before_money(self) -> bool:
        """Whether the fee is charged on the due date, before that day's money.

        >>> LateFeeDate.GRACE_END.before_money, LateFeeDate.DUE_DATE.before_money
        (False, True)
        """
        match self:
            case LateFeeDate.GRACE_END:
                return False
            case LateFeeDate.DUE_DATE:
                return True
            case _ as unreachable:
                assert_never(unreachable)
