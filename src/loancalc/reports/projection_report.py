"""The report of a projection (:class:`~loancalc.projection.Projection`): the milestones
ahead of a loan and a chart of the debt over time.

In English a milestone is described in the projection's own words; in another language
the description is made again from the milestone's kind, instalment, amount and days
past due, and from the figures the English description names (the buckets and
classifications on either side of a move, the date penalty interest starts).

>>> from datetime import date
>>> from loancalc import Payment, amortize, assess, products
>>> from loancalc.projection import project
>>> rules = products.get("cn-consumer-finance-instalment")
>>> loan = amortize(rules.terms(principal="12000", annual_rate="18%", term=12,
...                             start=date(2024, 1, 15)))
>>> state = assess(loan, [Payment(date(2024, 2, 15), "1100.16")], date(2024, 3, 25), rules)
>>> report = projection_report(project(state, date(2024, 4, 15)), "zh")
>>> [row[7] for row in report.tables[0].rows]
['第 3 期到期：1,100.16', '逾期阶段 M1 -> M2（逾期 31 天）']
"""

from __future__ import annotations

import re

from loancalc.locale import translation
from loancalc.projection import Milestone, Projection
from loancalc.reports.model import Chart, Fact, Report, Table
from loancalc.reports.words import Gettext, amount_text, classification_word, milestone_word
from loancalc.servicing.delinquency import Classification

__all__ = ["describe_milestone", "projection_report"]

_DATE = r"(\d{4}-\d{2}-\d{2})"
_MOVE = re.compile(r"(?:bucket|classification) (\S+) -> (\S+)")
_PENALTY_BACK = re.compile(r"penalty interest is charged from " + _DATE)
_PENALTY_RUNS = re.compile(r"penalty interest runs from " + _DATE)
_CUTS = re.compile(r"it cuts from " + _DATE)


def _days(_: Gettext, milestone: Milestone) -> str:
    count = milestone.days_past_due
    return _("{count} days past due").format(count=count) if count else _("current")


def _cap_name(_: Gettext, description: str) -> str:
    names = {
        "the daily cost cap": _("the daily cost cap"),
        "the total cost cap": _("the total cost cap"),
        "the annual cost cap": _("the annual cost cap"),
        "the default-fee cap": _("the default-fee cap"),
    }
    for english, name in names.items():
        if description.startswith(english):
            return name
    return _("a cost cap")


def _classification(_: Gettext, value: str) -> str:
    try:
        return classification_word(_, Classification.parse(value))
    except ValueError:
        return value


def describe_milestone(_: Gettext, milestone: Milestone) -> str:
    """``milestone`` in words, in the language of ``_`` (a translation's ``gettext``).

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from loancalc.locale import translation
    >>> m = Milestone(date=date(2024, 3, 19), kind="grace-ends", installment=2,
    ...               description="grace ends with instalment 2 unpaid (1,100.16): overdue; "
    ...               "penalty interest is charged from 2024-03-16, back to the due date",
    ...               days_past_due=4, bucket="M1", amount_due=Decimal("1103.46"),
    ...               debt=Decimal("11269.63"), amount=Decimal("1100.16"))
    >>> describe_milestone(translation("zh").gettext, m)
    '宽限期结束，第 2 期仍未还清（1,100.16）：逾期；罚息自 2024-03-16 起计收，追溯至到期日'
    """
    kind, number, text = milestone.kind.value, milestone.installment, milestone.description
    amount = amount_text(milestone.amount)
    if kind == "falls-due":
        return _("instalment {number} falls due: {amount}").format(number=number, amount=amount)
    if kind == "maturity":
        return _("instalment {number} falls due: {amount} (the last: maturity)").format(
            number=number, amount=amount
        )
    if kind == "grace-ends":
        out = _("grace ends with instalment {number} unpaid ({amount}): overdue").format(
            number=number, amount=amount
        )
        if found := _PENALTY_BACK.search(text):
            out += _("; penalty interest is charged from {date}, back to the due date").format(
                date=found.group(1)
            )
        elif found := _PENALTY_RUNS.search(text):
            out += _("; penalty interest runs from {date}").format(date=found.group(1))
        return out
    if kind == "late-fee":
        if number is None:
            return _("late fee: {amount}").format(amount=amount)
        return _("late fee on instalment {number}: {amount}").format(number=number, amount=amount)
    move = _MOVE.search(text)
    if kind in ("bucket", "classification") and move is not None:
        old, new = move.groups()
        if kind == "bucket":
            template = _("bucket {old} -> {new} ({days})")
        else:
            template = _("classification {old} -> {new} ({days})")
            old, new = _classification(_, old), _classification(_, new)
        return template.format(old=old, new=new, days=_days(_, milestone))
    if kind == "reportable":
        if "no longer" in text:
            return _("no longer reportable to the credit bureau")
        return _("reportable to the credit bureau ({days})").format(days=_days(_, milestone))
    if kind == "cap-reached":
        out = _("{cap} is reached: interest and charges stop growing").format(
            cap=_cap_name(_, text)
        )
        if found := _CUTS.search(text):
            out += _(" (it cuts from {date})").format(date=found.group(1))
        return out
    if kind == "breach":
        return _("the plan is breached: {amount} falls due").format(amount=amount)
    if milestone.amount is None:
        return _("the loan is paid off")
    if kind == "settled":
        return _("the payment of {amount} settles the loan").format(amount=amount)
    return _("the payment of {amount} pays the loan off").format(amount=amount)


def projection_report(projection: Projection, lang: str = "en") -> Report:
    """The milestones of ``projection`` (date, what happens, the instalment, days past
    due, bucket, amount due and debt on that date) and a chart of the debt over time.

    >>> from datetime import date
    >>> empty = Projection(as_of=date(2024, 1, 1), until=date(2024, 1, 1))
    >>> projection_report(empty).notes[0]
    'Nothing changes in this period.'
    """
    _ = translation(lang).gettext
    if projection.payments:
        assumed = _(", ").join(
            _("{amount} on {date}").format(amount=amount_text(p.amount), date=p.date.isoformat())
            for p in projection.payments
        )
    else:
        assumed = _("nothing more paid")
    facts = (
        Fact(key="as_of", label=_("From"), value=projection.as_of.isoformat()),
        Fact(key="until", label=_("To"), value=projection.until.isoformat()),
        Fact(key="payments", label=_("Payments assumed"), value=assumed),
        Fact(key="milestones", label=_("Milestones"), value=str(len(projection.milestones))),
    )
    rows = tuple(
        (
            m.date.isoformat(),
            milestone_word(_, m.kind.value),
            "" if m.installment is None else str(m.installment),
            str(m.days_past_due),
            m.bucket,
            amount_text(m.amount_due),
            amount_text(m.debt),
            m.description if lang == "en" else describe_milestone(_, m),
        )
        for m in projection.milestones
    )
    table = Table(
        key="milestones",
        caption=_("Milestones"),
        header=(
            _("Date"),
            _("Milestone"),
            _("No"),
            _("Days past due"),
            _("Bucket"),
            _("Amount due"),
            _("Debt"),
            _("What happens"),
        ),
        rows=rows,
        left=(0, 1, 4, 7),
    )
    notes = [] if rows else [_("Nothing changes in this period.")]
    notes.append(_("Debt: what closes the loan on that date (its payoff amount)."))
    return Report(
        kind="projection",
        lang=lang,
        title=_("Projection from {start} to {end}").format(
            start=projection.as_of.isoformat(), end=projection.until.isoformat()
        ),
        facts=facts,
        tables=(table,),
        chart=Chart(title=_("Debt over time"), points=projection.debt),
        notes=tuple(notes),
    )
