"""The report of a repayment schedule (:class:`~loancalc.Schedule`).

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31)))
>>> schedule_report(s, "zh").fact("total_interest").value  # 12.00 + 8.04 + 4.04
'24.08'
"""

from __future__ import annotations

from loancalc.export import percent
from loancalc.locale import translation
from loancalc.reports.model import Chart, Fact, Report, Table
from loancalc.reports.words import (
    amount_text,
    method_word,
)
from loancalc.schedule import Schedule

__all__ = ["schedule_chart", "schedule_report"]


def schedule_chart(schedule: Schedule, title: str) -> Chart:
    """The principal outstanding as scheduled: the amount lent on the start date, then
    each instalment's closing balance on its due date, and the balance after each further
    advance on its date.

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
    for on, amount in schedule.disbursements:  # the balance steps up by the advance
        before = [balance for day, balance in points if day < on][-1]
        points.append((on, before + amount))
    return Chart(title=title, points=tuple(sorted(points, key=lambda point: point[0])))


def schedule_report(schedule: Schedule, lang: str = "en") -> Report:
    """A repayment schedule: the loan's terms and totals, one row per instalment and a
    chart of the principal outstanding.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
    ...                        start=date(2024, 1, 31)))
    >>> schedule_report(s, "en").tables[0].rows[0][:3]
    ('1', '2024-02-29', '29')
    >>> from loancalc import Tranche
    >>> t = amortize(s.terms, tranches=[Tranche(date(2024, 3, 15), 600)])
    >>> schedule_report(t, "zh").fact("advance_1").value
    '2024-03-15: 600'
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
        *(
            Fact(
                key=f"advance_{number}",
                label=_("Further advance"),
                value=f"{on.isoformat()}: {amount_text(amount)}",
            )
            for number, (on, amount) in enumerate(schedule.disbursements, start=1)
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
