"""A credit line for people and programs: the line statement as text, CSV or plain data
(:func:`line_text`, :func:`line_csv`, :func:`line_dict`), and a merged plan with how it
stands (:func:`plan_text`, :func:`plan_dict`).

>>> from datetime import date
>>> from loancalc.lines import CreditLine, Draw
>>> line = CreditLine(limit=5000, product="cn-daily-rate-credit-line", opened=date(2024, 1, 1),
...                   draws=[Draw(on=date(2024, 1, 1), amount=1000, term=1)])
>>> print(line_csv(line.assess([], date(2024, 1, 11))))
draw,drawn_on,amount,term,status,days_past_due,bucket,principal,interest,fee,charges,total_outstanding,amount_due,paid,payoff
1,2024-01-01,1000,1,current,0,M0,1000.00,4.00,0.00,0.00,1004.00,0.00,0.00,1004.00
total,,1000,,current,0,M0,1000.00,4.00,0.00,0.00,1004.00,0.00,0.00,1004.00
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from loancalc.export import to_csv
from loancalc.export.table import text_table
from loancalc.lines.merge import LinePlan
from loancalc.lines.state import LineState
from loancalc.locale import translation
from loancalc.restructuring import AgreementStatus

__all__ = ["line_csv", "line_dict", "line_text", "plan_dict", "plan_text"]

#: A translation's ``gettext``.
Gettext = Callable[[str], str]


def N_(message: str) -> str:  # noqa: N802  (gettext's name for a message marked only)
    """``message``, marked for the catalog; translated where it is shown."""
    return message


_COLUMNS = (
    "draw",
    "drawn_on",
    "amount",
    "term",
    "status",
    "days_past_due",
    "bucket",
    "principal",
    "interest",
    "fee",
    "charges",
    "total_outstanding",
    "amount_due",
    "paid",
    "payoff",
)
_SHOWN = ("draw", "drawn_on", "amount", "status", "days_past_due", "bucket", "principal",
          "interest", "charges", "total_outstanding", "amount_due", "paid")  # fmt: skip
#: The columns' headings in a translated text (English shows the column names).
_HEADINGS = {"draw": N_("Draw"), "drawn_on": N_("Drawn on"), "amount": N_("Amount"),
             "status": N_("Status"), "days_past_due": N_("Days past due"),
             "bucket": N_("Bucket"), "principal": N_("Principal"), "interest": N_("Interest"),
             "charges": N_("Charges"), "total_outstanding": N_("Total outstanding"),
             "amount_due": N_("Amount due"), "paid": N_("Paid")}  # fmt: skip
_MONEY = {"amount", "principal", "interest", "charges", "total_outstanding", "amount_due", "paid"}


def line_csv(state: LineState) -> str:
    """The line statement as CSV: one line per draw, then the line's ``total``.

    >>> from datetime import date
    >>> from loancalc.lines import CreditLine, merge_draws
    >>> line = CreditLine(limit=5000, product="cn-daily-rate-credit-line",
    ...                   opened=date(2024, 1, 1)).with_draw(date(2024, 1, 1), 1000, term=3)
    >>> state = line.assess([], date(2024, 2, 10))
    >>> line_csv(state).splitlines()[1].split(",")[:7]
    ['1', '2024-01-01', '1000', '3', 'overdue', '9', 'M1']
    """
    return to_csv(_COLUMNS, ([row[c] for c in _COLUMNS] for row in state.statement_rows()))


def line_dict(state: LineState) -> dict[str, Any]:
    """Everything about the line on ``as_of`` as plain data (amounts as strings).

    >>> from datetime import date
    >>> from loancalc.lines import CreditLine
    >>> line = CreditLine(limit=5000, product="cn-daily-rate-credit-line",
    ...                   opened=date(2024, 1, 1))
    >>> line_dict(line.assess([], date(2024, 1, 2)))["available"]
    '5000.00'
    """
    return {
        "limit": str(state.limit),
        "product": state.product.name,
        "allocation": state.rules.allocation.value,
        "as_of": state.as_of.isoformat(),
        "status": state.status,
        "days_past_due": state.days_past_due,
        "bucket": state.bucket,
        "classification": state.classification.value,
        "reportable": state.reportable,
        "frozen": state.frozen,
        "available": str(state.available),
        "total_outstanding": str(state.total_outstanding),
        "amount_due": str(state.amount_due),
        "payoff": str(state.payoff_amount()),
        "total_paid": str(state.total_paid),
        "total_allocated": str(state.total_allocated),
        "credit": str(state.credit),
        "statement": state.statement_rows(),
        "allocations": [
            {
                "date": entry.payment.date.isoformat(),
                "amount": str(entry.payment.amount),
                "draw": entry.payment.draw,
                "reference": entry.payment.reference,
                "shares": [str(share) for share in entry.shares],
                "credit": str(entry.credit),
            }
            for entry in state.allocations
        ],
    }


def line_text(state: LineState, lang: str = "en") -> str:
    """The line statement for people: the line's status, a table per draw with the total,
    and how each repayment was spread, in ``lang`` (English by default).

    >>> from datetime import date
    >>> from loancalc.lines import CreditLine, Draw
    >>> line = CreditLine(limit=5000, product="cn-daily-rate-credit-line",
    ...                   opened=date(2024, 1, 1),
    ...                   draws=[Draw(on=date(2024, 1, 1), amount=1000, term=1)])
    >>> print(line_text(line.assess([], date(2024, 1, 11)), "zh").splitlines()[0])
    授信额度 cn-daily-rate-credit-line，额度 5,000.00，2024-01-11：正常
    """
    _ = translation(lang).gettext
    words = _Words(_, lang)
    head = _("Credit line {product}, limit {limit}, on {on}: {status}").format(
        product=state.product.name,
        limit=_money(state.limit),
        on=state.as_of,
        status=words.status(state.status),
    )
    if state.days_past_due:
        head += _(", {days} days past due ({bucket}, {classification})").format(
            days=state.days_past_due,
            bucket=state.bucket,
            classification=words.classification(state),
        )
    frozen = _(" (frozen while a draw is overdue)") if state.frozen else ""
    head += "\n" + _("available {available}{frozen}; to settle the line today {payoff}").format(
        available=_money(state.available), frozen=frozen, payoff=_money(state.payoff_amount())
    )
    rows = [words.row(row) for row in state.statement_rows()]
    body = [[_cell(row, c) for c in _SHOWN] for row in rows[:-1]]
    totals = [_cell(rows[-1], c) for c in _SHOWN]
    headings = list(_SHOWN) if lang == "en" else [_(_HEADINGS[c]) for c in _SHOWN]
    table = text_table(headings, body, totals=totals, left=[0, 3, 5])
    parts = [head, "", table]
    if state.allocations:
        draw = _("draw {number}")
        header = [_("date"), _("paid"), *(draw.format(number=d.number) for d in state.draws),
                  _("credit")]  # fmt: skip
        spread = [
            [entry.payment.date, entry.payment.amount, *entry.shares, entry.credit]
            for entry in state.allocations
        ]
        allocation = state.rules.allocation.value
        title = _("Repayments ({allocation})").format(allocation=words.allocation(allocation))
        parts += ["", text_table(header, spread, title=title)]
    return "\n".join(parts)


class _Words:
    """The line's own values (statuses, classification, allocation) in words of ``lang``;
    English shows them as they are."""

    def __init__(self, _: Gettext, lang: str) -> None:
        self._ = _
        self.english = lang == "en"

    def status(self, status: str) -> str:
        if self.english:
            return status
        from loancalc.reports.words import loan_status_word  # loads the reports

        return loan_status_word(self._, status)

    def classification(self, state: LineState) -> str:
        if self.english:
            return str(state.classification.value)
        from loancalc.reports.words import classification_word  # loads the reports

        return classification_word(self._, state.classification)

    def allocation(self, value: str) -> str:
        if self.english:
            return value
        _ = self._
        words = {
            "oldest-first": _("oldest first"),
            "overdue-first": _("overdue first"),
            "proportional": _("proportional"),
            "borrower-choice": _("the borrower's choice"),
        }
        return words.get(value, value)

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        if self.english:
            return row
        shown = dict(row, status=self.status(row["status"]))
        if shown["draw"] == "total":
            shown["draw"] = self._("total")
        return shown


def _cell(row: dict[str, Any], column: str) -> object:
    value = row[column]
    return Decimal(value) if column in _MONEY and value != "" else value


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def plan_dict(plan: LinePlan, status: AgreementStatus | None = None) -> dict[str, Any]:
    """The plan (what it merged, its breakdown, schedule and condition) and, given a
    ``status`` from :meth:`LinePlan.check`, how it stands, as plain data.

    >>> from datetime import date
    >>> from loancalc.lines import CreditLine, merge_draws
    >>> line = CreditLine(limit=5000, product="cn-daily-rate-credit-line",
    ...                   opened=date(2024, 1, 1)).with_draw(date(2024, 1, 1), 1000, term=3)
    >>> state = line.assess([], date(2024, 2, 10))
    >>> plan_dict(merge_draws(state, date(2024, 2, 10), term=6))["merged"]
    [1]
    """
    data: dict[str, Any] = {
        "on": plan.on.isoformat(),
        "merged": list(plan.merged),
        "kept": list(plan.kept),
        "breakdown": plan.breakdown.to_dict(),
        "schedule": plan.schedule.to_dict(),
        "condition": plan.agreement.condition,
    }
    if status is not None:
        data["status"] = {
            "as_of": status.plan.as_of.isoformat(),
            "breached": status.breached,
            "breach_date": None if status.breach_date is None else status.breach_date.isoformat(),
            "reinstated": str(status.reinstated.total),
            "accelerated": str(status.accelerated),
            "owed_on_breach": str(status.owed_on_breach),
            "days_past_due": status.days_past_due,
        }
    return data


def plan_text(plan: LinePlan, status: AgreementStatus | None = None, lang: str = "en") -> str:
    """The plan for people: the breakdown of the debt merged, the schedule, the condition,
    and, given a ``status``, whether it was kept, in ``lang`` (English by default).

    >>> from datetime import date
    >>> from loancalc.lines import CreditLine, merge_draws
    >>> line = CreditLine(limit=5000, product="cn-daily-rate-credit-line",
    ...                   opened=date(2024, 1, 1)).with_draw(date(2024, 1, 1), 1000, term=3)
    >>> state = line.assess([], date(2024, 2, 10))
    >>> plan_text(merge_draws(state, date(2024, 2, 10), term=6)).splitlines()[0]
    'Negotiated plan on 2024-02-10: draws 1 merged'
    """
    _ = translation(lang).gettext
    merged = ", ".join(str(n) for n in plan.merged)
    lines = plan.breakdown.lines
    if lang == "en":
        header = ["part", "debt", "paid", "carried", "capitalized", "waived", "left_due"]
    else:
        header = [_("Part"), _("Debt"), _("Paid"), _("Carried"), _("Capitalised"),
                  _("Waived"), _("Left due")]  # fmt: skip
    table = text_table(
        header,
        [[_part(_, lang, ln.part.value), ln.debt, ln.paid, ln.carried, ln.capitalized,
          ln.waived, ln.left_due] for ln in lines],
        title=_("Negotiated plan on {on}: draws {merged} merged").format(on=plan.on,
                                                                         merged=merged),
        totals=[_("total"), plan.breakdown.debt, plan.breakdown.paid, plan.breakdown.carried,
                plan.breakdown.capitalized, plan.breakdown.waived, plan.breakdown.left_due],
        left=[0],
    )  # fmt: skip
    if lang == "en":
        schedule, condition = str(plan.schedule), plan.agreement.condition
    else:
        from loancalc import reports  # loads the reports
        from loancalc.reports.agreement_report import condition_text

        schedule = reports.render_text(plan.schedule, lang)
        condition = condition_text(_, plan.agreement)
    parts = [table, "", schedule, _("Condition: {condition}").format(condition=condition)]
    if status is not None:
        on = status.plan.as_of
        if status.breached:
            parts.append(
                _("On {on}: breached on {breach}; reinstated {reinstated}, accelerated "
                  "{accelerated}, owed on the breach date {owed}").format(
                    on=on, breach=status.breach_date,
                    reinstated=_money(status.reinstated.total),
                    accelerated=_money(status.accelerated), owed=_money(status.owed_on_breach))
            )  # fmt: skip
        else:
            parts.append(
                _("On {on}: kept ({days} days past due)").format(on=on, days=status.days_past_due)
            )
    return "\n".join(parts)


def _part(_: Gettext, lang: str, part: str) -> str:
    """A part of the debt merged, in words (English: its name)."""
    if lang == "en":
        return part
    words = {
        "principal": _("principal"),
        "overdue-interest": _("overdue interest"),
        "accrued-interest": _("accrued interest"),
        "fee": _("fee"),
        "penalty-interest": _("Penalty interest"),
        "compound-interest": _("Compound interest"),
        "late-fee": _("Late fees"),
    }
    return words.get(part, part)
