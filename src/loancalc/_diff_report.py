"""The reports of a :class:`~loancalc.state_diff.StateDiff`: rows (and CSV), JSON-ready
data and text for people.

Typed against :class:`DiffView` (a ``Protocol`` the diff satisfies), so that the record
delegates to its reports without a cycle of imports.

>>> COLUMNS[:4]
('section', 'date', 'installment', 'field')
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from loancalc import export
from loancalc._diff_records import (
    Charge,
    HistoryChange,
    InstallmentChange,
    LoanSummary,
    Value,
    difference,
)
from loancalc.servicing.components import Component

__all__ = ["COLUMNS", "DiffView", "rows", "text", "to_dict"]

#: The columns of :func:`rows` and of the CSV header. ``section``: ``loan`` (the loan's
#: figures), ``installment``, ``outside-rows`` (what the loan holds outside its
#: instalment rows), ``history``, ``charge-removed`` or ``charge-added``; ``change``:
#: after less before (amounts and days).
COLUMNS = ("section", "date", "installment", "field", "component", "before", "after", "change")
_FORMAT = "loancalc.diff/1"


class DiffView(Protocol):
    """A diff as its reports read it (see :class:`~loancalc.state_diff.StateDiff`).

    >>> DiffView.__name__
    'DiffView'
    """

    @property
    def before(self) -> LoanSummary: ...
    @property
    def after(self) -> LoanSummary: ...
    @property
    def installments(self) -> tuple[InstallmentChange, ...]: ...
    @property
    def history(self) -> tuple[HistoryChange, ...]: ...
    @property
    def charges_added(self) -> tuple[Charge, ...]: ...
    @property
    def charges_removed(self) -> tuple[Charge, ...]: ...
    @property
    def changed(self) -> bool: ...
    def loan_changes(self) -> list[tuple[str, Value, Value]]: ...


def rows(diff: DiffView) -> list[tuple[object, ...]]:
    """One tuple per change in :data:`COLUMNS` order: the ``as_of`` dates when they
    differ and the loan's figures, the instalments' figures, the history (one row per
    date and figure that differ), and each charge removed or added (one row per
    component it charged).

    >>> rows.__name__
    'rows'
    """
    found: list[tuple[object, ...]] = []
    before, after = diff.before, diff.after
    if before.as_of != after.as_of:
        found.append(("loan", None, None, "as_of", None, before.as_of, after.as_of, None))
    for name, old, new in diff.loan_changes():
        found.append(("loan", None, None, name, None, old, new, difference(old, new)))
    for change in diff.installments:
        section = "outside-rows" if change.number is None else "installment"
        shown = None if change.component is None else change.component.value
        found.append(
            (section, None, change.number, change.field, shown, change.before,
             change.after, change.change)
        )  # fmt: skip
    for point in diff.history:
        old_days, new_days = point.days_past_due_before, point.days_past_due_after
        if old_days != new_days:
            found.append(
                ("history", point.date, None, "days_past_due", None, old_days, new_days,
                 new_days - old_days)
            )  # fmt: skip
        if point.bucket_before != point.bucket_after:
            found.append(
                ("history", point.date, None, "bucket", None, point.bucket_before,
                 point.bucket_after, None)
            )  # fmt: skip
    for charge in diff.charges_removed:
        for part, amount in _parts(charge):
            found.append(
                ("charge-removed", charge.date, charge.installment, charge.kind.value,
                 part.value, amount, None, -amount)
            )  # fmt: skip
    for charge in diff.charges_added:
        for part, amount in _parts(charge):
            found.append(
                ("charge-added", charge.date, charge.installment, charge.kind.value,
                 part.value, None, amount, amount)
            )  # fmt: skip
    return found


def _parts(charge: Charge) -> list[tuple[Component, Decimal]]:
    return [
        (component, amount)
        for component, amount in zip(Component, charge.amounts.as_tuple(), strict=True)
        if amount
    ]


def to_dict(diff: DiffView) -> dict[str, Any]:
    """JSON-ready data: amounts and dates as strings, as the other exports give them.

    >>> to_dict.__name__
    'to_dict'
    """
    value = export.json_value
    return {
        "format": _FORMAT,
        "changed": diff.changed,
        "before": _summary(diff.before),
        "after": _summary(diff.after),
        "loan_changes": [
            {
                "field": name,
                "before": value(old),
                "after": value(new),
                "change": value(difference(old, new)),
            }
            for name, old, new in diff.loan_changes()
        ],
        "installments": [
            {
                "number": change.number,
                "field": change.field,
                "component": None if change.component is None else change.component.value,
                "before": value(change.before),
                "after": value(change.after),
                "change": value(change.change),
            }
            for change in diff.installments
        ],
        "history": [
            {
                "date": value(point.date),
                "days_past_due_before": point.days_past_due_before,
                "days_past_due_after": point.days_past_due_after,
                "bucket_before": point.bucket_before,
                "bucket_after": point.bucket_after,
            }
            for point in diff.history
        ],
        "charges_removed": [_charge(charge) for charge in diff.charges_removed],
        "charges_added": [_charge(charge) for charge in diff.charges_added],
    }


def _summary(summary: LoanSummary) -> dict[str, Any]:
    value = export.json_value
    return {
        "as_of": value(summary.as_of),
        "status": summary.status,
        "days_past_due": summary.days_past_due,
        "bucket": summary.bucket,
        "classification": summary.classification.value,
        "reportable": summary.reportable,
        "total_outstanding": value(summary.outstanding.total),
        "outstanding": summary.outstanding.to_dict(),
        "settlement": value(summary.settlement),
    }


def _charge(charge: Charge) -> dict[str, Any]:
    value = export.json_value
    return {
        "date": value(charge.date),
        "kind": charge.kind.value,
        "installment": charge.installment,
        "amount": value(charge.amounts.total),
        "amounts": charge.amounts.to_dict(),
        "start": None if charge.start is None else value(charge.start),
    }


def text(diff: DiffView) -> str:
    """A short report for people: the loan's figures, each instalment's, the history and
    the charges that changed, with amounts (rounded for display only: thousands
    separators, signs on the changes).

    >>> text.__name__
    'text'
    """
    before, after = diff.before, diff.after
    title = f"Before (as of {before.as_of.isoformat()}) and after (as of {after.as_of.isoformat()})"
    if not diff.changed:
        return f"{title}: no differences."
    lines = [f"{title}:"]
    loan = diff.loan_changes()
    if loan:
        lines.append("Loan:")
        lines += [f"  {_label(name)}: {_pair(old, new)}" for name, old, new in loan]
    number: object = ()
    for change in diff.installments:
        if change.number != number:
            number = change.number
            lines.append(
                "Outside the instalment rows:" if number is None else f"Instalment {number}:"
            )
        name = _label(change.field)
        if change.component is not None:
            name = f"{name} {_label(change.component.value)}"
        lines.append(f"  {name}: {_pair(change.before, change.after)}")
    if diff.history:
        lines.append(
            "Days past due (bucket), on the dates where either history changes course and "
            "they differ:"
        )
        lines += [
            f"  {point.date.isoformat()}: {point.days_past_due_before} ({point.bucket_before})"
            f" -> {point.days_past_due_after} ({point.bucket_after})"
            for point in diff.history
        ]
    for title_, charges in (
        ("Charges removed", diff.charges_removed),
        ("Charges added", diff.charges_added),
    ):
        lines.append(f"{title_}:" if charges else f"{title_}: none")
        lines += [f"  {_charge_text(charge)}" for charge in charges]
    return "\n".join(lines)


def _label(name: str) -> str:
    return name.replace("_", " ").replace("-", " ")


def _pair(old: Value, new: Value) -> str:
    show = export.display_text
    shown = f"{show(old)} -> {show(new)}"
    change = difference(old, new)
    if change is None:
        return shown
    sign = "+" if change > 0 else ""
    return f"{shown} ({sign}{show(change)})"


def _charge_text(charge: Charge) -> str:
    show = export.display_text
    parts = [f"{_label(component.value)} {show(amount)}" for component, amount in _parts(charge)]
    where = "" if charge.installment is None else f"  #{charge.installment}"
    span = "" if charge.start is None else f" (for the days after {charge.start.isoformat()})"
    return f"{charge.date.isoformat()}  {charge.kind.value}{where}  {', '.join(parts)}{span}"
