"""The words of a report for loancalc's own names: statuses, classifications, methods,
bases, events and milestones, in the language of a translation's ``gettext``.

Each function takes the ``gettext`` of a translation (``_``) and a value, and gives the
value's name for people; the English words are the catalog's message ids.

>>> from loancalc.locale import translation
>>> from loancalc.servicing.status import InstallmentStatus
>>> status_word(translation("zh").gettext, InstallmentStatus.OVERDUE)
'逾期'
>>> loan_status_word(translation("en").gettext, "in-grace")
'in grace'
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from loancalc.export import display_text
from loancalc.limits._source_words import source_text
from loancalc.servicing.delinquency import Classification
from loancalc.servicing.events import EventKind
from loancalc.servicing.status import InstallmentStatus
from loancalc.terms import Method

__all__ = [
    "Gettext",
    "amount_text",
    "basis_word",
    "classification_word",
    "event_word",
    "loan_status_word",
    "method_word",
    "milestone_word",
    "source_text",
    "status_word",
    "yes_no",
]

#: A translation's ``gettext``: an English message in, the translated message out.
Gettext = Callable[[str], str]


def amount_text(value: Decimal | None) -> str:
    """An amount as shown in reports (``1,100.16``); None is empty.

    >>> amount_text(Decimal("1100.16")), amount_text(None)
    ('1,100.16', '')
    """
    return display_text(value)


def yes_no(_: Gettext, value: bool) -> str:
    """``yes`` or ``no``.

    >>> from loancalc.locale import translation
    >>> yes_no(translation("zh").gettext, True)
    '是'
    """
    return _("yes") if value else _("no")


def status_word(_: Gettext, status: InstallmentStatus) -> str:
    """Where an instalment stands.

    >>> from loancalc.locale import translation
    >>> status_word(translation("zh").gettext, InstallmentStatus.PAID_WITHIN_GRACE)
    '宽限期内还清'
    """
    words = {
        InstallmentStatus.NOT_YET_DUE: _("not yet due"),
        InstallmentStatus.DUE: _("due"),
        InstallmentStatus.PARTLY_PAID: _("partly paid"),
        InstallmentStatus.OVERDUE: _("overdue"),
        InstallmentStatus.PAID_ON_TIME: _("paid on time"),
        InstallmentStatus.PAID_WITHIN_GRACE: _("paid within grace"),
        InstallmentStatus.PAID_LATE: _("paid late"),
        InstallmentStatus.SETTLED: _("settled"),
    }
    return words[status]


def loan_status_word(_: Gettext, status: str) -> str:
    """Where the loan stands (:attr:`loancalc.LoanState.status`).

    >>> from loancalc.locale import translation
    >>> loan_status_word(translation("zh").gettext, "paid-off")
    '已还清'
    """
    words = {
        "settled": _("settled early"),
        "paid-off": _("paid off"),
        "overdue": _("overdue"),
        "in-grace": _("in grace"),
        "current": _("current"),
    }
    return words.get(status, status)


def classification_word(_: Gettext, classification: Classification) -> str:
    """The five-tier classification.

    >>> from loancalc.locale import translation
    >>> classification_word(translation("zh").gettext, Classification.SPECIAL_MENTION)
    '关注'
    """
    words = {
        Classification.NORMAL: _("normal"),
        Classification.SPECIAL_MENTION: _("special mention"),
        Classification.SUBSTANDARD: _("substandard"),
        Classification.DOUBTFUL: _("doubtful"),
        Classification.LOSS: _("loss"),
    }
    return words[classification]


def method_word(_: Gettext, method: Method) -> str:
    """The repayment method.

    >>> from loancalc.locale import translation
    >>> method_word(translation("zh").gettext, Method.EQUAL_INSTALLMENT)
    '等额本息'
    """
    words = {
        Method.EQUAL_INSTALLMENT: _("equal instalments"),
        Method.EQUAL_PRINCIPAL: _("equal principal"),
        Method.INTEREST_ONLY: _("interest only"),
        Method.BULLET: _("bullet"),
        Method.FLAT: _("flat"),
        Method.BALLOON: _("balloon"),
    }
    return words[method]


def basis_word(_: Gettext, basis: str) -> str:
    """The interest basis (``scheduled`` or ``actual-balance``).

    >>> from loancalc.locale import translation
    >>> basis_word(translation("zh").gettext, "actual-balance")
    '按实际余额计息'
    """
    words = {
        "scheduled": _("scheduled interest"),
        "actual-balance": _("interest on the actual balance"),
    }
    return words.get(basis, basis)


def event_word(_: Gettext, kind: EventKind) -> str:
    """What happened on a date of an assessment's timeline.

    >>> from loancalc.locale import translation
    >>> event_word(translation("zh").gettext, EventKind.PENALTY_ACCRUED)
    '计收罚息'
    """
    words = {
        EventKind.INSTALLMENT_DUE: _("instalment due"),
        EventKind.GRACE_ENDED: _("grace period ended"),
        EventKind.LATE_FEE_CHARGED: _("late fee charged"),
        EventKind.PENALTY_ACCRUED: _("penalty interest charged"),
        EventKind.PAYMENT_RECEIVED: _("payment received"),
        EventKind.PAYMENT_ALLOCATED: _("payment allocated"),
        EventKind.CREDIT_CARRIED: _("credit carried"),
        EventKind.CREDIT_APPLIED: _("credit applied"),
        EventKind.WAIVED: _("waived"),
        EventKind.RELIEF_STARTED: _("relief started"),
        EventKind.RELIEF_ENDED: _("relief ended"),
        EventKind.INTEREST_ACCRUED: _("interest charged"),
        EventKind.INTEREST_FORGIVEN: _("interest forgiven"),
        EventKind.INTEREST_FREE_LAPSED: _("interest-free period lapsed"),
        EventKind.SETTLED: _("settled"),
        EventKind.REFUNDED: _("refunded"),
        EventKind.CHARGE_ADDED: _("charge added by hand"),
        EventKind.WRITTEN_OFF: _("written off"),
        EventKind.ADVANCED: _("further advance"),
        EventKind.CREDIT_INTEREST: _("interest paid on credit"),
    }
    return words[kind]


def milestone_word(_: Gettext, kind: str) -> str:
    """What a projection's milestone is (:class:`loancalc.MilestoneKind` value).

    >>> from loancalc.locale import translation
    >>> milestone_word(translation("zh").gettext, "grace-ends")
    '宽限期结束'
    """
    words = {
        "falls-due": _("falls due"),
        "maturity": _("maturity"),
        "grace-ends": _("grace ends"),
        "late-fee": _("late fee"),
        "bucket": _("bucket"),
        "classification": _("classification"),
        "reportable": _("credit reporting"),
        "cap-reached": _("cap reached"),
        "breach": _("plan breached"),
        "settled": _("settled early"),
        "paid-off": _("paid off"),
    }
    return words.get(kind, kind)
