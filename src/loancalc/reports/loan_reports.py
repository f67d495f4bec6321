"""Reports of a repayment schedule and of an assessment (:class:`~loancalc.LoanState`).

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize, assess
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31)))
>>> schedule_report(s, "zh").fact("total_interest").value  # 12.00 + 8.04 + 4.04
'24.08'
>>> report = assessment_report(assess(s, [], date(2024, 3, 5)), "zh")
>>> report.fact("days_past_due").label, report.fact("days_past_due").value
('逾期天数', '5')
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from loancalc.export import percent
from loancalc.locale import translation
from loancalc.money import CONTEXT
from loancalc.reports.model import Chart, Fact, Report, Table
from loancalc.reports.words import (
    amount_text,
    basis_word,
    classification_word,
    event_word,
    loan_status_word,
    method_word,
    status_word,
    yes_no,
)
from loancalc.schedule import Schedule
from loancalc.servicing import LoanState
from loancalc.servicing.rules import InterestBasis
from loancalc.servicing.status import InstallmentStatus

__all__ = [
    "assessment_report",
    "component_labels",
    "due_now",
    "overdue_principal",
    "schedule_chart",
    "schedule_report",
]


def schedule_chart(schedule: Schedule, title: str) -> Chart:
    """The principal outstanding as scheduled: the amount lent on the start date, then
    each instalment's closing balance on its due date.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> [str(amount) for _, amount in schedule_chart(s, "Balance").points]
    ['100.00', '50.00', '0.00']
    """
    if not schedule.installments:
        return Chart(title=title, points=())
    first = schedule.installments[0]
    points = [(first.start, first.opening_balance)]
    points += [(inst.due_date, inst.closing_balance) for inst in schedule.installments]
    return Chart(title=title, points=tuple(points))


def schedule_report(schedule: Schedule, lang: str = "en") -> Report:
    """A repayment schedule: the loan's terms and totals, one row per instalment and a
    chart of the principal outstanding.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
    ...                        start=date(2024, 1, 31)))
    >>> schedule_report(s, "en").tables[0].rows[0][:3]
    ('1', '2024-02-29', '29')
    """
    _ = translation(lang).gettext
    terms = schedule.terms
    facts = (
        Fact(key="principal", label=_("Principal"), value=amount_text(terms.principal)),
        Fact(key="annual_rate", label=_("Annual rate"), value=percent(terms.annual_rate)),
        Fact(key="term", label=_("Instalments"), value=str(len(schedule.installments))),
        Fact(key="method", label=_("Repayment method"), value=method_word(_, terms.method)),
        Fact(key="start", label=_("Start date"), value=terms.start.isoformat()),
        Fact(key="maturity", label=_("Last due date"), value=schedule.maturity.isoformat()),
        Fact(
            key="total_interest",
            label=_("Total interest"),
            value=amount_text(schedule.total_interest),
        ),
        Fact(key="total_fees", label=_("Total fees"), value=amount_text(schedule.total_fees)),
        Fact(
            key="total_payment", label=_("Total repaid"), value=amount_text(schedule.total_payment)
        ),
    )
    header = (
        _("No"),
        _("Due date"),
        _("Days"),
        _("Opening balance"),
        _("Principal"),
        _("Interest"),
        _("Fee"),
        _("Payment"),
        _("Closing balance"),
    )
    rows = tuple(
        (
            str(i.number),
            i.due_date.isoformat(),
            str(i.days),
            amount_text(i.opening_balance),
            amount_text(i.principal),
            amount_text(i.interest),
            amount_text(i.fee),
            amount_text(i.payment),
            amount_text(i.closing_balance),
        )
        for i in schedule.installments
    )
    totals = (
        _("Total"),
        "",
        "",
        "",
        amount_text(schedule.total_principal),
        amount_text(schedule.total_interest),
        amount_text(schedule.total_fees),
        amount_text(schedule.total_payment),
        "",
    )
    table = Table(
        key="installments",
        caption=_("Instalments"),
        header=header,
        rows=rows,
        totals=totals,
        left=(1,),
    )
    return Report(
        kind="schedule",
        lang=lang,
        title=_("Repayment schedule"),
        facts=facts,
        tables=(table,),
        chart=schedule_chart(schedule, _("Principal outstanding as scheduled")),
    )


def due_now(state: LoanState) -> tuple[Decimal, ...]:
    """What is due now by component (principal, interest, fee, penalty interest, compound
    interest, late fees): the outstanding amounts of the instalments already due; on the
    actual-balance basis every charge (charges are the loan's, not an instalment's).

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> [str(a) for a in due_now(assess(s, [], date(2024, 2, 5)))]
    ['500.00', '0.00', '0.00', '0.00', '0.00', '0.00']
    """
    zero = state.schedule.terms.rounding.apply(Decimal(0))
    totals = [zero] * 6
    with decimal.localcontext(CONTEXT):
        for inst in state.installments:
            if inst.status is not InstallmentStatus.NOT_YET_DUE:
                totals = [a + b for a, b in zip(totals, inst.outstanding.as_tuple(), strict=True)]
    if state.rules.interest_basis is InterestBasis.ACTUAL_BALANCE:
        totals[3:] = state.outstanding.as_tuple()[3:]
    return tuple(totals)


def overdue_principal(state: LoanState) -> Decimal:
    """The principal outstanding of the instalments overdue (past grace) on ``as_of``.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> overdue_principal(assess(s, [], date(2024, 3, 5)))  # both instalments
    Decimal('1000.00')
    """
    zero = state.schedule.terms.rounding.apply(Decimal(0))
    overdue = [
        i.outstanding.principal for i in state.installments if i.status is InstallmentStatus.OVERDUE
    ]
    with decimal.localcontext(CONTEXT):
        return sum(overdue, zero)


def component_labels(lang: str = "en") -> tuple[str, ...]:
    """The six components of a debt, as a report names them.

    >>> component_labels("zh")[3:]
    ('罚息', '复利', '滞纳金')
    """
    _ = translation(lang).gettext
    return (
        _("Principal"),
        _("Interest"),
        _("Fees"),
        _("Penalty interest"),
        _("Compound interest"),
        _("Late fees"),
    )


def assessment_report(
    state: LoanState, lang: str = "en", *, claimed: Decimal | None = None
) -> Report:
    """An assessment: where the loan stands on ``state.as_of`` (status, days past due,
    bucket, classification, credit reporting), what is owed now by component and in
    all, each instalment, the timeline, and a chart of the principal outstanding as
    scheduled. ``claimed``: an amount a lender says is owed now, compared with the
    amount due.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> report = assessment_report(assess(s, [], date(2024, 2, 5)), "en",
    ...                            claimed=Decimal("520"))
    >>> report.fact("total_outstanding").value, report.fact("claimed_difference").value
    ('1,000.00', '20.00')
    """
    _ = translation(lang).gettext
    labels = component_labels(lang)
    facts = [
        Fact(key="as_of", label=_("Assessed on"), value=state.as_of.isoformat()),
        Fact(key="status", label=_("Status"), value=loan_status_word(_, state.status)),
        Fact(key="days_past_due", label=_("Days past due"), value=str(state.days_past_due)),
        Fact(key="bucket", label=_("Bucket"), value=state.bucket),
        Fact(
            key="classification",
            label=_("Classification"),
            value=classification_word(_, state.classification),
        ),
        Fact(
            key="reportable",
            label=_("Reported to the credit bureau"),
            value=yes_no(_, state.reportable),
        ),
        Fact(key="grace_days", label=_("Grace period (days)"), value=str(state.rules.grace.days)),
        Fact(
            key="overdue_principal",
            label=_("Overdue principal"),
            value=amount_text(overdue_principal(state)),
        ),
        Fact(key="amount_due", label=_("Amount due now"), value=amount_text(state.amount_due)),
        Fact(
            key="total_outstanding",
            label=_("Total outstanding (due or not)"),
            value=amount_text(state.total_outstanding),
        ),
        Fact(
            key="payoff_amount",
            label=_("Early settlement amount today"),
            value=amount_text(state.payoff_amount()),
        ),
        Fact(key="total_paid", label=_("Total paid"), value=amount_text(state.total_paid)),
        Fact(key="credit", label=_("Credit held"), value=amount_text(state.credit)),
        Fact(
            key="interest_basis",
            label=_("Interest basis"),
            value=basis_word(_, state.rules.interest_basis.value),
        ),
    ]
    if claimed is not None:
        with decimal.localcontext(CONTEXT):
            difference = claimed - state.amount_due
        facts += [
            Fact(key="claimed", label=_("Claimed by the lender"), value=amount_text(claimed)),
            Fact(
                key="claimed_difference",
                label=_("Claimed less amount due"),
                value=amount_text(difference),
            ),
        ]
    owed = Table(
        key="due_now",
        caption=_("Owed now by component"),
        header=(_("Component"), _("Amount")),
        rows=tuple(
            (label, amount_text(v)) for label, v in zip(labels, due_now(state), strict=True)
        ),
        totals=(_("Total"), amount_text(sum(due_now(state), Decimal(0)))),
        left=(0,),
    )
    rows = tuple(
        (
            str(i.number),
            i.due_date.isoformat(),
            status_word(_, i.status),
            str(i.days_past_due),
            *(amount_text(v) for v in i.outstanding.as_tuple()),
            amount_text(i.outstanding.total),
        )
        for i in state.installments
    )
    installments = Table(
        key="installments",
        caption=_("Instalments (outstanding amounts)"),
        header=(_("No"), _("Due date"), _("Status"), _("Days past due"), *labels, _("Total")),
        rows=rows,
        left=(1, 2),
    )
    events = Table(
        key="timeline",
        caption=_("Timeline"),
        header=(_("Date"), _("Event"), _("No"), _("Amount")),
        rows=tuple(
            (
                e.date.isoformat(),
                event_word(_, e.kind),
                "" if e.installment is None else str(e.installment),
                amount_text(e.total),
            )
            for e in state.events
        ),
        left=(0, 1),
    )
    notes = (_("Debt figures are exact amounts; dates are written year-month-day."),)
    return Report(
        kind="assessment",
        lang=lang,
        title=_("Loan assessment on {date}").format(date=state.as_of.isoformat()),
        facts=tuple(facts),
        tables=(owed, installments, events),
        chart=schedule_chart(state.schedule, _("Principal outstanding as scheduled")),
        notes=notes,
    )
