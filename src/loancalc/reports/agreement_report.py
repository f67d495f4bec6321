"""The report of an agreement check (:class:`~loancalc.restructuring.AgreementStatus`):
whether a negotiated plan (协商还款, 二次分期) was kept, and what a breach (违约) brings.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> from loancalc.restructuring.agreement import Agreement, check_agreement
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> deal = Agreement(date=date(2024, 1, 1), kind="extend", schedule=s,
...                  breach_days_past_due=30, accelerate_on_breach=True)
>>> report = agreement_report(check_agreement(deal, [], date(2024, 3, 10)), "zh")
>>> report.fact("breached").value, report.fact("breach_date").value
('是', '2024-03-02')
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

from loancalc.locale import translation
from loancalc.money import CONTEXT
from loancalc.reports.model import Fact, Report, Table
from loancalc.reports.schedule_report import schedule_chart
from loancalc.reports.words import Gettext, amount_text, status_word, yes_no
from loancalc.restructuring.agreement import Agreement, AgreementStatus
from loancalc.restructuring.obligations import Breach
from loancalc.servicing import Amounts

__all__ = ["agreement_report", "breach_text", "condition_text"]

_REASON = re.compile(r"(\d+) (days past due|missed instalments?)")


def condition_text(_: Gettext, agreement: Agreement) -> str:
    """The agreement's condition in words (as :attr:`Agreement.condition` says it).

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> deal = Agreement(date=date(2024, 1, 1), kind="extend", schedule=s,
    ...                  breach_days_past_due=30, breach_missed_installments=2)
    >>> from loancalc.locale import translation
    >>> condition_text(translation("en").gettext, deal)
    'the plan is kept: no instalment 30 days past due and fewer than 2 missed instalments'
    """
    limits = []
    if agreement.breach_days_past_due is not None:
        limits.append(
            _("no instalment {days} days past due").format(days=agreement.breach_days_past_due)
        )
    if agreement.breach_missed_installments is not None:
        limits.append(
            _("fewer than {count} missed instalments").format(
                count=agreement.breach_missed_installments
            )
        )
    if not limits:
        return _("no breach conditions: the plan cannot be breached")
    return _("the plan is kept: {limits}").format(limits=_(" and ").join(limits))


def breach_text(_: Gettext, breach: Breach) -> str:
    """The breach in words: the condition met and the obligation whose miss caused it.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from loancalc.locale import translation
    >>> from loancalc.restructuring.obligations import Obligation
    >>> ob = Obligation(number=1, due_date=date(2024, 2, 1), grace_end=date(2024, 2, 1),
    ...                 amount=Decimal("500.00"), paid_on=None)
    >>> breach = Breach(date=date(2024, 3, 2), obligation=ob, reason="30 days past due")
    >>> breach_text(translation("zh").gettext, breach)
    '逾期 30 天；未还：第 1 期，2024-02-01 到期，500.00'
    """
    match = _REASON.fullmatch(breach.reason)
    if match is None:
        reason = breach.reason
    elif match.group(2) == "days past due":
        reason = _("{days} days past due").format(days=match.group(1))
    else:
        reason = _("{count} missed instalments").format(count=match.group(1))
    ob = breach.obligation
    amount, due = amount_text(ob.amount), ob.due_date.isoformat()
    if ob.number:
        missed = _("row {number}, due {date}, {amount}").format(
            number=ob.number, date=due, amount=amount
        )
    else:
        missed = _("the amount left due on signing, due {date}, {amount}").format(
            date=due, amount=amount
        )
    return _("{reason}; missed: {obligation}").format(reason=reason, obligation=missed)


def agreement_report(status: AgreementStatus, lang: str = "en") -> Report:
    """Whether the plan was kept on ``status.as_of``: the condition, the breach (date,
    reason, the obligation missed), what it reinstates and accelerates, the plan's rows
    and, after a breach that accelerates, the accelerated debt on ``as_of``; a chart of
    the plan's principal outstanding as scheduled.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize
    >>> from loancalc.restructuring.agreement import check_agreement
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> deal = Agreement(date=date(2024, 1, 1), kind="extend", schedule=s)
    >>> agreement_report(check_agreement(deal, [], date(2024, 1, 15))).fact("breached").value
    'no'
    """
    _ = translation(lang).gettext
    agreement, breach, after = status.agreement, status.breach, status.after_breach
    zero = agreement.schedule.terms.rounding.apply(Decimal(0))
    facts = [
        Fact(key="condition", label=_("Condition"), value=condition_text(_, agreement)),
        Fact(key="as_of", label=_("Checked on"), value=status.as_of.isoformat()),
        Fact(key="breached", label=_("Breached"), value=yes_no(_, status.breached)),
    ]
    if breach is not None:
        facts += [
            Fact(key="breach_date", label=_("Breach date"), value=breach.date.isoformat()),
            Fact(key="breach", label=_("Breach"), value=breach_text(_, breach)),
        ]
    facts += [
        Fact(
            key="reinstated",
            label=_("Waived amounts reinstated"),
            value=amount_text(status.reinstated.total or zero),
        ),
        Fact(
            key="accelerated", label=_("Accelerated"), value=amount_text(status.accelerated or zero)
        ),
        Fact(
            key="owed_on_breach",
            label=_("Owed on breach"),
            value=amount_text(status.owed_on_breach or zero),
        ),
        Fact(
            key="missed_installments",
            label=_("Missed instalments"),
            value=str(status.missed_installments),
        ),
        Fact(key="days_past_due", label=_("Days past due"), value=str(status.days_past_due)),
    ]
    if after is not None:
        facts += [
            Fact(
                key="after_amount_due",
                label=_("Due after the breach"),
                value=amount_text(after.amount_due),
            ),
            Fact(
                key="after_penalty_interest",
                label=_("Penalty interest since the breach"),
                value=amount_text(after.penalty_interest),
            ),
            Fact(
                key="after_compound_interest",
                label=_("Compound interest since the breach"),
                value=amount_text(after.compound_interest),
            ),
        ]
    plan = status.plan
    rows = tuple(
        (
            str(i.number),
            i.due_date.isoformat(),
            status_word(_, i.status),
            str(i.days_past_due),
            amount_text(_scheduled(i.charged)),
            amount_text(i.outstanding.total),
        )
        for i in plan.installments
    )
    table = Table(
        key="plan",
        caption=_("The plan's instalments"),
        header=(
            _("No"),
            _("Due date"),
            _("Status"),
            _("Days past due"),
            _("Amount"),
            _("Outstanding"),
        ),
        rows=rows,
        left=(1, 2),
    )
    return Report(
        kind="agreement",
        lang=lang,
        title=_("Negotiated plan checked on {date}").format(date=status.as_of.isoformat()),
        facts=tuple(facts),
        tables=(table,),
        chart=schedule_chart(agreement.schedule, _("Principal outstanding as scheduled")),
    )


def _scheduled(amounts: Amounts) -> Decimal:
    """The principal, interest and fee of ``amounts``: what a row of the plan asks for."""
    with decimal.localcontext(CONTEXT):
        return amounts.principal + amounts.interest + amounts.fee
