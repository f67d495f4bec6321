"""The report of an assessment (:class:`~loancalc.LoanState`): where a loan stands on a
date, what is owed now and why.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize, assess
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31)))
>>> report = assessment_report(assess(s, [], date(2024, 3, 5)), "zh")
>>> report.fact("days_past_due").label, report.fact("days_past_due").value
('逾期天数', '5')
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from loancalc.locale import translation
from loancalc.money import CONTEXT
from loancalc.reports.model import Fact, Report, Table
from loancalc.reports.schedule_report import schedule_chart
from loancalc.reports.words import (
    amount_text,
    basis_word,
    classification_word,
    event_word,
    loan_status_word,
    status_word,
    yes_no,
)
from loancalc.servicing import LoanState
from loancalc.servicing.rules import InterestBasis
from loancalc.servicing.status import InstallmentStatus

__all__ = [
    "assessment_report",
    "component_labels",
    "due_now",
    "overdue_principal",
    "statement_table",
]


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


def statement_table(state: LoanState, lang: str = "en") -> Table:
    """The statement of the actual-balance basis: one row per statement date (what was
    scheduled and paid, the interest and charges of the period, and the balances after).

    >>> from datetime import date
    >>> from loancalc import LoanTerms, ServicingRules, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate="36%", term=2,
    ...                        start=date(2024, 1, 1), accrual="daily"))
    >>> rules = ServicingRules(interest_basis="actual-balance")
    >>> statement_table(assess(s, [], date(2024, 2, 5), rules), "zh").header[:3]
    ('日期', '天数', '应还')
    """
    _ = translation(lang).gettext
    rows = tuple(
        (line.date.isoformat(), str(line.days), amount_text(line.scheduled),
         amount_text(line.paid), amount_text(line.interest), amount_text(line.charges),
         amount_text(line.principal), amount_text(line.interest_balance),
         amount_text(line.charges_balance), amount_text(line.arrears),
         amount_text(line.balance))
        for line in state.statement
    )  # fmt: skip
    header = (_("Date"), _("Days"), _("Scheduled"), _("Paid"), _("Interest"), _("Charges"),
              _("Principal balance"), _("Interest balance"), _("Charges balance"),
              _("Arrears"), _("Balance"))  # fmt: skip
    return Table(key="statement", caption=_("Statement"), header=header, rows=rows, left=(0,))


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
    if state.credit_interest:  # paid into the credit, where the rules pay it
        facts.append(
            Fact(
                key="credit_interest",
                label=_("Interest paid on credit"),
                value=amount_text(state.credit_interest),
            )
        )
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
    tables = [owed, installments, events]
    if state.statement:
        tables.insert(1, statement_table(state, lang))
    notes = (_("Debt figures are exact amounts; dates are written year-month-day."),)
    return Report(
        kind="assessment",
        lang=lang,
        title=_("Loan assessment on {date}").format(date=state.as_of.isoformat()),
        facts=tuple(facts),
        tables=tuple(tables),
        chart=schedule_chart(state.schedule, _("Principal outstanding as scheduled")),
        notes=notes,
    )
