"""Exports of a :class:`~loancalc.servicing.LoanState` through :mod:`loancalc.export`.

One row per instalment: its dates, status and days past due, then every component
charged, paid, waived and outstanding (:data:`COLUMNS`). On the actual-balance basis,
also the statement (one line per date, :data:`STATEMENT_COLUMNS`) and the caps that cut.

>>> COLUMNS[:4]
('number', 'due_date', 'effective_due_date', 'grace_end')
>>> len(COLUMNS), COLUMNS[8], COLUMNS[-1]
(32, 'charged_principal', 'outstanding_late_fee')
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from loancalc import export
from loancalc._text import printable
from loancalc.money import CONTEXT
from loancalc.servicing.amounts import FIELDS
from loancalc.servicing.rules import InterestBasis
from loancalc.servicing.statement import CapHit, StatementLine, statement_rows, statement_text
from loancalc.servicing.views import InstallmentView, StateView

__all__ = [
    "COLUMNS",
    "STATEMENT_COLUMNS",
    "cap_hits_text",
    "rows",
    "statement_csv",
    "statement_report",
    "text",
    "timeline",
    "to_csv",
    "to_dict",
    "to_json",
    "to_numpy",
]

_LEAD = (
    ("number", export.Kind.INTEGER),
    ("due_date", export.Kind.DATE),
    ("effective_due_date", export.Kind.DATE),
    ("grace_end", export.Kind.DATE),
    ("status", export.Kind.TEXT),
    ("days_past_due", export.Kind.INTEGER),
    ("reportable", export.Kind.TEXT),
    ("paid_in_full_on", export.Kind.TEXT),
)
_GROUPS = ("charged", "paid", "waived", "outstanding")
_EXPORT_COLUMNS = tuple(export.Column(name=name, kind=kind) for name, kind in _LEAD) + tuple(
    export.Column(name=f"{group}_{field}", kind=export.Kind.MONEY)
    for group in _GROUPS
    for field in FIELDS
)
#: The column names of :func:`rows`, the CSV header and the numpy fields, in order.
COLUMNS: tuple[str, ...] = tuple(column.name for column in _EXPORT_COLUMNS)
_FORMAT = "loancalc.state/1"
#: The fields of a statement line: the keys of ``statement`` in :func:`to_dict` and the
#: header of :func:`statement_csv` (the columns of
#: :func:`~loancalc.servicing.statement.statement_text`, in order).
STATEMENT_COLUMNS: tuple[str, ...] = tuple(field.name for field in attrs.fields(StatementLine))


def rows(installments: Sequence[InstallmentView]) -> list[tuple[Any, ...]]:
    """The instalments as tuples in :data:`COLUMNS` order.

    >>> rows([])
    []
    """
    return [
        (
            i.number,
            i.due_date,
            i.effective_due_date,
            i.grace_end,
            i.status.value,
            i.days_past_due,
            "yes" if i.reportable else "no",
            "" if i.paid_in_full_on is None else i.paid_in_full_on.isoformat(),
            *i.charged.as_tuple(),
            *i.paid.as_tuple(),
            *i.waived.as_tuple(),
            *i.outstanding.as_tuple(),
        )
        for i in installments
    ]


def to_csv(installments: Sequence[InstallmentView]) -> str:
    """CSV text: the :data:`COLUMNS` header and one line per instalment.

    >>> to_csv([]).startswith("number,due_date")
    True
    """
    return export.to_csv(COLUMNS, rows(installments))


def to_numpy(
    installments: Sequence[InstallmentView], *, money: Literal["float64", "object"] = "float64"
) -> npt.NDArray[np.void]:
    """A structured array with the :data:`COLUMNS` fields.

    >>> to_numpy([]).dtype.names[:2]
    ('number', 'due_date')
    """
    return export.to_numpy(_EXPORT_COLUMNS, rows(installments), money=money)


def to_dict(state: StateView) -> dict[str, Any]:
    """A loan state as JSON-ready data (amounts and dates as strings).

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> sorted(to_dict(assess(s, [], date(2024, 1, 2))))[:4]
    ['amount_due', 'as_of', 'bucket', 'charged']
    """
    value = export.json_value
    data = _to_dict(state)
    reversed_, refunded = getattr(state, "total_reversed", 0), getattr(state, "total_refunded", 0)
    written_off_on = getattr(state, "written_off_on", None)
    if reversed_ or refunded or written_off_on is not None:
        # events beyond payments (loancalc.servicing.ledger_events): their totals, read by
        # name (a LoanState has them; this module does not import the record it writes)
        data["total_reversed"] = value(reversed_)
        data["total_refunded"] = value(refunded)
        data["written_off"] = getattr(state, "written_off").to_dict()  # noqa: B009
        data["recoveries"] = value(getattr(state, "recoveries"))  # noqa: B009
    credit_interest = getattr(state, "credit_interest", 0)
    if credit_interest:  # paid into the credit held, where the rules say so
        data["credit_interest"] = value(credit_interest)
    return data


def _to_dict(state: StateView) -> dict[str, Any]:
    value = export.json_value
    return {
        "format": _FORMAT,
        "as_of": value(state.as_of),
        "status": state.status,
        "settled_on": None if state.settled_on is None else value(state.settled_on),
        "days_past_due": state.days_past_due,
        "bucket": state.bucket,
        "classification": state.classification.value,
        "reportable": state.reportable,
        "amount_due": value(state.amount_due),
        "total_outstanding": value(state.total_outstanding),
        "payoff_amount": value(state.payoff_amount()),
        "penalty_interest": value(state.penalty_interest),
        "compound_interest": value(state.compound_interest),
        "late_fees": value(state.late_fees),
        "total_paid": value(state.total_paid),
        "total_allocated": value(state.total_allocated),
        "credit": value(state.credit),
        "charged": state.charged.to_dict(),
        "paid": state.paid.to_dict(),
        "waived": state.waived.to_dict(),
        "outstanding": state.outstanding.to_dict(),
        "rules": state.rules.to_dict(),
        "installments": [
            dict(zip(COLUMNS, map(value, row), strict=True)) for row in rows(state.installments)
        ],
        "events": [
            {
                "date": value(event.date),
                "kind": event.kind.value,
                "installment": event.installment,
                "amount": value(event.total),
                "amounts": event.amounts.to_dict(),
                "reference": event.reference,
                "start": None if event.start is None else value(event.start),
                "note": event.note,
            }
            for event in state.events
        ],
        **(_balance_data(state) if _actual(state) else {}),
    }


def _actual(state: StateView) -> bool:
    return state.rules.interest_basis is InterestBasis.ACTUAL_BALANCE


def _balance_data(state: StateView) -> dict[str, Any]:
    """The statement and the caps that cut, as JSON-ready data (actual-balance basis)."""
    value = export.json_value
    return {
        "statement": [
            dict(zip(STATEMENT_COLUMNS, map(value, row), strict=True))
            for row in statement_rows(state.statement)
        ],
        "cap_hits": [
            {
                "cap": hit.cap,
                "first_on": value(hit.first_on),
                "last_on": value(hit.last_on),
                "amount_cut": value(hit.amount_cut),
            }
            for hit in state.cap_hits
        ],
    }


def statement_csv(lines: Iterable[StatementLine]) -> str:
    """CSV text: the :data:`STATEMENT_COLUMNS` header and one line per statement line
    (exact amounts, ISO dates).

    >>> from datetime import date
    >>> from loancalc import LoanTerms, ServicingRules, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate="36%", term=1,
    ...                        start=date(2024, 1, 1), accrual="daily"))
    >>> state = assess(s, [], date(2024, 1, 11), ServicingRules(interest_basis="actual-balance"))
    >>> print(statement_csv(state.statement))  # 100 x 36 % x 10 / 360 = 1.00
    date,days,scheduled,paid,interest,charges,principal,interest_balance,charges_balance,arrears,balance,note
    2024-01-01,0,0.00,0.00,0.00,0.00,100.00,0.00,0.00,0.00,100.00,
    2024-01-11,10,0.00,0.00,1.00,0.00,100.00,1.00,0.00,0.00,101.00,
    <BLANKLINE>
    """
    return export.to_csv(STATEMENT_COLUMNS, statement_rows(lines))


_CAP_NAMES = {
    "daily": ("the daily cap", "daily_share", "of the principal a day"),
    "total": ("the total cap", "total_share", "of the principal advanced"),
    "annual": ("the annual cap", "annual_rate", "a year, all-in"),
    "default-fee": ("the default-fee cap", "default_fee", "a late fee"),
}


def cap_hits_text(state: StateView) -> list[str]:
    """The caps that cut, one line each: which cap, from when to when, and how much it
    kept from being charged (rounded by the loan's rounding; exact in :func:`to_dict`).
    No lines when the rules set no cap; ``none cut`` when they set caps that never cut.

    >>> from datetime import date
    >>> from loancalc import CostCaps, LoanTerms, ServicingRules, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate="36%", term=1,
    ...                        start=date(2024, 1, 1), accrual="daily"))
    >>> rules = ServicingRules(interest_basis="actual-balance", caps=CostCaps(total_share="0.5%"))
    >>> # 0.10 a day; the cap of 0.50 is reached after 5 days; 5 more days are cut
    >>> print("\\n".join(cap_hits_text(assess(s, [], date(2024, 1, 11), rules))))
    Caps that cut:
      the total cap (0.5% of the principal advanced): from 2024-01-07 to 2024-01-11, 0.50 kept off
    """
    caps = state.rules.caps
    if not caps.any and not state.cap_hits:
        return []
    if not state.cap_hits:
        return ["Caps that cut: none"]
    return ["Caps that cut:", *(f"  {_cap_line(state, hit)}" for hit in state.cap_hits)]


def _cap_line(state: StateView, hit: CapHit) -> str:
    name, field, unit = _CAP_NAMES.get(hit.cap, (f"the {hit.cap} cap", "", ""))
    limit = getattr(state.rules.caps, field, None) if field else None
    if isinstance(limit, Decimal):
        shown = export.display_text(limit) if hit.cap == "default-fee" else export.percent(limit)
        name = f"{name} ({shown} {unit})"
    cut = state.schedule.terms.rounding.apply(hit.amount_cut)
    return (
        f"{name}: from {hit.first_on.isoformat()} to {hit.last_on.isoformat()}, "
        f"{export.display_text(cut)} kept off"
    )


def statement_report(state: StateView) -> str:
    """The statement of an actual-balance loan for people: a ``Statement`` title, the
    table of :func:`~loancalc.servicing.statement.statement_text`, then the caps that cut
    (:func:`cap_hits_text`).

    >>> from datetime import date
    >>> from loancalc import LoanTerms, ServicingRules, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate="36%", term=1,
    ...                        start=date(2024, 1, 1), accrual="daily"))
    >>> state = assess(s, [], date(2024, 1, 11), ServicingRules(interest_basis="actual-balance"))
    >>> for line in statement_report(state).splitlines():
    ...     print(line[:57], "...", line[-8:])
    Statement (interest accrued daily on the actual balance): ... alance):
    date        days  scheduled  paid  interest  charges  pri ...  balance
    2024-01-01     0       0.00  0.00      0.00     0.00      ...   100.00
    2024-01-11    10       0.00  0.00      1.00     0.00      ...   101.00
    """
    lines = [
        "Statement (interest accrued daily on the actual balance):",
        statement_text(state.statement),
        *cap_hits_text(state),
    ]
    return "\n".join(lines)


def to_json(state: StateView, *, indent: int | None = None) -> str:
    """:func:`to_dict` as JSON text.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> to_json(assess(s, [], date(2024, 1, 2)))[:10]
    '{"format":'
    """
    return export.to_json(to_dict(state), indent=indent)


_TABLE = (
    ("No", "number"),
    ("Due date", "effective_due_date"),
    ("Status", "status"),
    ("DPD", "days_past_due"),
)
_OWED = ("Principal", "Interest", "Fee", "Penalty", "Compound", "Late fee")
_ZERO = Decimal(0)


def text(state: StateView) -> str:
    """A loan state for people: a summary, then what each instalment has paid and still
    owes. The ``Total`` line is the sum of the rows above it, column by column. What the
    loan owes outside its instalment rows (on the actual-balance basis: principal not yet
    due, interest accrued since the last due date, and the loan's charges) is a labelled
    line of its own below, with the loan's whole outstanding.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> print(text(assess(s, [], date(2024, 2, 3))).splitlines()[0])
    as of 2024-02-03: overdue, 2 days past due (M1, special-mention), reportable
    """
    show = export.display_text
    title = (
        f"as of {state.as_of.isoformat()}: {state.status}, {state.days_past_due} days past "
        f"due ({state.bucket}, {state.classification.value})"
        + (", reportable" if state.reportable else "")
    )
    amounts = [
        [i.paid.total, *i.outstanding.as_tuple(), i.outstanding.total] for i in state.installments
    ]
    body = [
        [i.number, i.effective_due_date, i.status.value, i.days_past_due, *row]
        for i, row in zip(state.installments, amounts, strict=True)
    ]
    with decimal.localcontext(CONTEXT):
        sums = [sum(column, _ZERO) for column in zip(*amounts, strict=True)] or [_ZERO] * 8
    totals = ["Total", "", "", "", *sums]
    notes = [
        *_outside_rows(state, sums),
        f"Amount due now: {show(state.amount_due)}; payoff on {state.as_of.isoformat()}: "
        f"{show(state.payoff_amount())}",
        f"Paid {show(state.total_paid)} (allocated {show(state.total_allocated)}, credit "
        f"{show(state.credit)}{_credit_interest_text(state, show)}); penalty "
        f"{show(state.penalty_interest)}, compound {show(state.compound_interest)}, late fees "
        f"{show(state.late_fees)} charged",
    ]
    return export.text_table(
        [name for name, _ in _TABLE] + ["Paid", *_OWED, "Owed"],
        body,
        title=title,
        totals=totals,
        notes=notes,
    )


def _credit_interest_text(state: StateView, show: Callable[[Decimal], str]) -> str:
    """The words on the interest the credit earned (where the rules pay it), or ''."""
    earned: Decimal = getattr(state, "credit_interest", _ZERO)
    return f" with {show(earned)} of interest" if earned else ""


def _outside_rows(state: StateView, sums: Sequence[Decimal]) -> list[str]:
    """The labelled lines for what the loan owes (and was paid) outside its instalment
    rows, whose sums are ``sums`` (paid, the six components owed, owed): none when the
    rows hold it all (always on the scheduled basis)."""
    show = export.display_text
    owed = state.outstanding
    with decimal.localcontext(CONTEXT):
        rest = [whole - part for whole, part in zip(owed.as_tuple(), sums[1:7], strict=True)]
        paid = state.paid.total - sums[0]
    if not any(rest) and not paid:
        return []
    parts = ", ".join(
        f"{name.lower()} {show(value)}" for name, value in zip(_OWED, rest, strict=True) if value
    )
    lines = [f"Owed on the loan outside the instalment rows: {parts or 'nothing'}"]
    if paid:
        lines.append(f"Paid to the loan outside the instalment rows: {show(paid)}")
    lines.append(f"All outstanding (the rows and the loan): {show(owed.total)}")
    return lines


def timeline(state: StateView) -> str:
    """The events, one per line; a payment's reference is shown escaped
    (:func:`loancalc._text.printable`: a newline as ``\\n``, an escape as ``\\x1b``).

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> print(timeline(assess(s, [], date(2024, 2, 3))))
    2024-02-01  installment-due  #1  100.00
    2024-02-01  grace-ended  #1  100.00
    """
    return "\n".join(printable(event) for event in state.events)
