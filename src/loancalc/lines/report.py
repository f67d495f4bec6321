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

from decimal import Decimal
from typing import Any

from loancalc.export import to_csv
from loancalc.export.table import text_table
from loancalc.lines.merge import LinePlan
from loancalc.lines.state import LineState
from loancalc.restructuring import AgreementStatus

__all__ = ["line_csv", "line_dict", "line_text", "plan_dict", "plan_text"]

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
_MONEY = {"amount", "principal", "interest", "charges", "total_outstanding", "amount_due", "paid"}


def line_csv(state: LineState) -> str:
    """The line statement as CSV: one line per draw, then the line's ``total``."""
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


def line_text(state: LineState) -> str:
    """The line statement for people: the line's status, a table per draw with the total,
    and how each repayment was spread."""
    head = (
        f"Credit line {state.product.name}, limit {_money(state.limit)}, on {state.as_of}: "
        f"{state.status}"
    )
    if state.days_past_due:
        head += (
            f", {state.days_past_due} days past due ({state.bucket}, {state.classification.value})"
        )
    frozen = " (frozen while a draw is overdue)" if state.frozen else ""
    head += f"\navailable {_money(state.available)}{frozen}; to settle the line today "
    head += f"{_money(state.payoff_amount())}"
    rows = state.statement_rows()
    body = [[_cell(row, c) for c in _SHOWN] for row in rows[:-1]]
    totals = [_cell(rows[-1], c) for c in _SHOWN]
    table = text_table(list(_SHOWN), body, totals=totals, left=[0, 3, 5])
    parts = [head, "", table]
    if state.allocations:
        header = ["date", "paid", *(f"draw {d.number}" for d in state.draws), "credit"]
        spread = [
            [entry.payment.date, entry.payment.amount, *entry.shares, entry.credit]
            for entry in state.allocations
        ]
        title = f"Repayments ({state.rules.allocation.value})"
        parts += ["", text_table(header, spread, title=title)]
    return "\n".join(parts)


def _cell(row: dict[str, Any], column: str) -> object:
    value = row[column]
    return Decimal(value) if column in _MONEY and value != "" else value


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def plan_dict(plan: LinePlan, status: AgreementStatus | None = None) -> dict[str, Any]:
    """The plan (what it merged, its breakdown, schedule and condition) and, given a
    ``status`` from :meth:`LinePlan.check`, how it stands, as plain data."""
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


def plan_text(plan: LinePlan, status: AgreementStatus | None = None) -> str:
    """The plan for people: the breakdown of the debt merged, the schedule, the condition,
    and, given a ``status``, whether it was kept."""
    merged = ", ".join(str(n) for n in plan.merged)
    lines = plan.breakdown.lines
    table = text_table(
        ["part", "debt", "paid", "carried", "capitalized", "waived", "left_due"],
        [[ln.part.value, ln.debt, ln.paid, ln.carried, ln.capitalized, ln.waived, ln.left_due]
         for ln in lines],
        title=f"Negotiated plan on {plan.on}: draws {merged} merged",
        totals=["total", plan.breakdown.debt, plan.breakdown.paid, plan.breakdown.carried,
                plan.breakdown.capitalized, plan.breakdown.waived, plan.breakdown.left_due],
        left=[0],
    )  # fmt: skip
    parts = [table, "", str(plan.schedule), f"Condition: {plan.agreement.condition}"]
    if status is not None:
        on = status.plan.as_of
        if status.breached:
            parts.append(
                f"On {on}: breached on {status.breach_date}; reinstated "
                f"{_money(status.reinstated.total)}, accelerated {_money(status.accelerated)}, "
                f"owed on the breach date {_money(status.owed_on_breach)}"
            )
        else:
            parts.append(f"On {on}: kept ({status.days_past_due} days past due)")
    return "\n".join(parts)
