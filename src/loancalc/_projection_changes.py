"""What changed about a loan between two assessments: the milestones of
:func:`loancalc.projection.project`, read off the states the engine gave (never computed
again here).

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize, assess
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> before, after = assess(s, [], date(2024, 1, 31)), assess(s, [], date(2024, 2, 1))
>>> [(kind.value, number, text) for kind, number, text, _ in changes(before, after)]
[('falls-due', 1, 'instalment 1 falls due: 500.00')]
"""

from __future__ import annotations

import decimal
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from loancalc._naming import NamedEnum
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.export import display_text
from loancalc.money import CONTEXT
from loancalc.restructuring.agreement import Agreement, AgreementStatus, check_agreement
from loancalc.servicing import InstallmentState, LoanState, Payment
from loancalc.servicing.events import EventKind
from loancalc.servicing.status import InstallmentStatus

__all__ = ["Change", "MilestoneKind", "breach_change", "breach_status", "changes", "closed"]

_DAY = timedelta(days=1)
_OPEN = frozenset({InstallmentStatus.DUE, InstallmentStatus.PARTLY_PAID, InstallmentStatus.OVERDUE})
#: What the caps of the actual-balance basis are called in a milestone's description.
_CAPS = {
    "daily": "the daily cost cap",
    "total": "the total cost cap",
    "annual": "the annual cost cap",
    "default-fee": "the default-fee cap",
}


class MilestoneKind(NamedEnum):
    """What a milestone is, in the order milestones of one date are listed.

    ``FALLS_DUE``: an instalment falls due (``MATURITY``: the last one). ``GRACE_ENDS``:
    grace ends with an instalment unpaid (it is overdue; penalty interest runs, when
    the rules charge it). ``LATE_FEE``: a late fee is charged. ``BUCKET``,
    ``CLASSIFICATION``, ``REPORTABLE``: the loan's delinquency bucket, classification or
    credit-bureau status changes. ``CAP_REACHED``: a cost cap starts cutting
    (actual-balance basis). ``BREACH``: a restructuring agreement is breached.
    ``SETTLED``/``PAID_OFF``: a payment closes the loan (early, or in full).

    >>> MilestoneKind.parse("grace-ends")
    <MilestoneKind.GRACE_ENDS: 'grace-ends'>
    """

    FALLS_DUE = "falls-due"
    MATURITY = "maturity"
    GRACE_ENDS = "grace-ends"
    LATE_FEE = "late-fee"
    BUCKET = "bucket"
    CLASSIFICATION = "classification"
    REPORTABLE = "reportable"
    CAP_REACHED = "cap-reached"
    BREACH = "breach"
    SETTLED = "settled"
    PAID_OFF = "paid-off"

    @classmethod
    def _field_name(cls) -> str:
        return "milestone.kind"


#: One change: its kind, the instalment it concerns (None: the loan), a description and
#: the amount it is about (None: none).
Change = tuple[MilestoneKind, int | None, str, Decimal | None]


def closed(state: LoanState) -> bool:
    """Whether nothing is owed on the loan of ``state`` any more.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> closed(assess(s, [], date(2024, 1, 1)))
    False
    """
    return not state.total_outstanding


def _unpaid(row: InstallmentState) -> Decimal:
    owed = row.outstanding
    with decimal.localcontext(CONTEXT):
        return owed.principal + owed.interest + owed.fee


def _installment_changes(before: LoanState, after: LoanState) -> Iterator[Change]:
    rules = after.rules
    last = len(after.installments)
    for old, new in zip(before.installments, after.installments, strict=True):
        number = new.number
        if old.status is InstallmentStatus.NOT_YET_DUE and new.status in _OPEN:
            owed = _unpaid(new)
            text = f"instalment {number} falls due: {display_text(owed)}"
            if number == last:
                yield MilestoneKind.MATURITY, number, f"{text} (the last: maturity)", owed
            else:
                yield MilestoneKind.FALLS_DUE, number, text, owed
        if old.status is not InstallmentStatus.OVERDUE and new.status is InstallmentStatus.OVERDUE:
            owed = _unpaid(new)
            text = f"grace ends with instalment {number} unpaid ({display_text(owed)}): overdue"
            if rules.penalty.charges_anything:
                if rules.grace.retroactive:
                    first = (new.effective_due_date + _DAY).isoformat()
                    text += f"; penalty interest is charged from {first}, back to the due date"
                else:
                    text += f"; penalty interest runs from {(new.grace_end + _DAY).isoformat()}"
            yield MilestoneKind.GRACE_ENDS, number, text, owed


def _fee_keys(state: LoanState) -> Iterator[tuple[date, int | None, Decimal]]:
    """(date, instalment, amount) of each late fee ``state`` charged."""
    for event in state.events:
        if event.kind is EventKind.LATE_FEE_CHARGED:
            yield event.date, event.installment, event.total


def _late_fees(before: LoanState, after: LoanState) -> Iterator[Change]:
    with decimal.localcontext(CONTEXT):
        if after.late_fees <= before.late_fees:
            return
        by_installment: dict[int | None, Decimal] = {}
        # the fees charged since before.as_of: at the end of a day from then on, or dated
        # back to a due date once grace ended (a product charging them on the due date)
        known = Counter(_fee_keys(before))
        for key in _fee_keys(after):
            if known[key]:
                known[key] -= 1
                continue
            number = key[1]
            by_installment[number] = by_installment.get(number, Decimal(0)) + key[2]
        if not by_installment:  # (the events always say; the loan's total is the fallback)
            by_installment[None] = after.late_fees - before.late_fees
    for number, fee in by_installment.items():
        which = "" if number is None else f" on instalment {number}"
        yield MilestoneKind.LATE_FEE, number, f"late fee{which}: {display_text(fee)}", fee


def _loan_changes(before: LoanState, after: LoanState) -> Iterator[Change]:
    count = after.days_past_due
    days = f"{count} day{'' if count == 1 else 's'} past due" if count else "current"
    if before.bucket != after.bucket:
        yield MilestoneKind.BUCKET, None, f"bucket {before.bucket} -> {after.bucket} ({days})", None
    if before.classification is not after.classification:
        text = (
            f"classification {before.classification.value} -> {after.classification.value} ({days})"
        )
        yield MilestoneKind.CLASSIFICATION, None, text, None
    if before.reportable != after.reportable:
        text = (
            f"reportable to the credit bureau ({days})"
            if after.reportable
            else "no longer reportable to the credit bureau"
        )
        yield MilestoneKind.REPORTABLE, None, text, None
    seen = {hit.cap for hit in before.cap_hits}
    for hit in after.cap_hits:
        if hit.cap not in seen:
            name = _CAPS.get(hit.cap, f"the {hit.cap} cap")
            text = f"{name} is reached: interest and charges stop growing"
            if hit.first_on != after.as_of:
                text += f" (it cuts from {hit.first_on.isoformat()})"
            yield MilestoneKind.CAP_REACHED, None, text, None


def changes(before: LoanState, after: LoanState, paid: Decimal | None = None) -> list[Change]:
    """What changed from ``before`` to ``after`` (the same loan assessed on two dates,
    with no date in between on which anything could change); ``paid``: what was paid
    on ``after.as_of`` (a payment that closes the loan is named with it).

    >>> from datetime import date
    >>> from loancalc import LoanTerms, Payment, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> paid = [Payment(date(2024, 1, 20), "100")]
    >>> [c[2] for c in changes(assess(s, [], date(2024, 1, 1)),
    ...                        assess(s, paid, date(2024, 1, 20)), Decimal(100))]
    ['the payment of 100 settles the loan']
    """
    found = [
        *_installment_changes(before, after),
        *_late_fees(before, after),
        *_loan_changes(before, after),
    ]
    if not closed(before) and closed(after):
        settled = after.status == "settled"
        kind = MilestoneKind.SETTLED if settled else MilestoneKind.PAID_OFF
        verb = "settles the loan" if settled else "pays the loan off"
        text = (
            "the loan is paid off"
            if paid is None
            else f"the payment of {display_text(paid)} {verb}"
        )
        found.append((kind, None, text, paid))
    return found


def breach_status(
    agreement: object, state: LoanState, payments: list[Payment], until: date
) -> AgreementStatus | None:
    """``agreement`` (None: none), whose plan ``state`` assesses, checked on ``until``
    with the state's payments and ``payments``.

    >>> breach_status(None, None, [], None) is None
    True
    """
    if agreement is None:
        return None
    if not isinstance(agreement, Agreement):
        raise InvalidTypeError("agreement", agreement, "None or a loancalc Agreement")
    if agreement.schedule != state.schedule:
        raise InvalidValueError(
            "agreement", agreement.kind, "the agreement whose plan the state assesses"
        )
    return check_agreement(agreement, [*state.payments, *payments], until)


def breach_change(status: AgreementStatus) -> Change:
    """The breach ``status`` found (it has one) as a change: the row whose miss caused
    it, and what the breach makes due (reinstated and accelerated).

    >>> breach_change.__name__
    'breach_change'
    """
    breach = status.breach
    assert breach is not None  # only called on a breach
    owed = status.owed_on_breach
    text = f"the plan is breached ({breach.reason}: {breach.obligation.describe()})"
    parts = []
    if status.reinstated.total:
        parts.append(f"{display_text(status.reinstated.total)} waived comes back")
    if status.accelerated:
        parts.append(f"{display_text(status.accelerated)} accelerated")
    if parts:
        text += f": {display_text(owed)} falls due ({'; '.join(parts)})"
    return MilestoneKind.BREACH, breach.obligation.number or None, text, owed
