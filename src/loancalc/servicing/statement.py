"""The statement of an actual-balance loan, and the caps that cut what it cost.

:class:`StatementLine`: one line per date on which something happened (the advance, a
scheduled due date, a payment, a fee, the assessment date): what fell due, what was paid,
the interest accrued since the line before, the charges added, and the running balances.
:class:`CapHit`: a statutory cap that stopped interest or charges from accruing.

>>> from decimal import Decimal as D
>>> line = StatementLine(date=date(2024, 2, 1), days=31, scheduled=D("100.00"), paid=D("0.00"),
...                      interest=D("8.00"), charges=D("0.00"), principal=D("800.00"),
...                      interest_balance=D("8.00"), charges_balance=D("0.00"),
...                      arrears=D("100.00"), balance=D("808.00"))
>>> header, row = statement_text([line]).splitlines()
>>> header.split()[:4], row.split()[:6]
(['date', 'days', 'scheduled', 'paid'], ['2024-02-01', '31', '100.00', '0.00', '8.00', '0.00'])
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["CapHit", "StatementLine", "statement_rows", "statement_text"]


@attrs.frozen(kw_only=True)
class StatementLine:
    """One dated line of an actual-balance statement.

    ``days``: days since the line before (the span the interest is for). ``scheduled``:
    the scheduled payment falling due on this date (0 on other dates). ``paid``: payments
    received. ``interest``: contract interest charged for the span (rounded per period,
    see :mod:`loancalc.servicing.balance_walk`). ``charges``: fees, penalty interest,
    compound interest and late fees added. ``principal``, ``interest_balance``,
    ``charges_balance``: what is owed after the line. ``arrears``: scheduled amounts due
    and unpaid. ``balance``: everything owed less credit held (negative: a refund due).
    ``note``: what a line that is not a day's movements shows (a lapsed conditional
    interest-free window's re-run, see :mod:`loancalc.servicing.balance_window`).

    >>> StatementLine.__name__
    'StatementLine'
    """

    date: date
    days: int
    scheduled: Decimal
    paid: Decimal
    interest: Decimal
    charges: Decimal
    principal: Decimal
    interest_balance: Decimal
    charges_balance: Decimal
    arrears: Decimal
    balance: Decimal
    note: str = ""


@attrs.frozen(kw_only=True)
class CapHit:
    """A cap that cut interest or charges: ``cap`` (``"daily"``, ``"total"``,
    ``"annual"`` or ``"default-fee"``), the first and last dates it cut on, and the
    amount it kept from being charged (the exact amount before rounding, to 40
    significant digits: round it to the money grid to show it).

    >>> CapHit(cap="total", first_on=date(2024, 3, 1), last_on=date(2024, 4, 1),
    ...        amount_cut=Decimal("12.5")).cap
    'total'
    """

    cap: str
    first_on: date
    last_on: date
    amount_cut: Decimal


#: The columns of :func:`statement_rows`, in order.
COLUMNS = (
    "date",
    "days",
    "scheduled",
    "paid",
    "interest",
    "charges",
    "principal",
    "interest due",
    "charges due",
    "arrears",
    "balance",
    "note",
)


def statement_rows(lines: Iterable[StatementLine]) -> list[tuple[Any, ...]]:
    """Each line as a tuple in :data:`COLUMNS` order.

    >>> statement_rows([])
    []
    """
    return [
        (
            line.date,
            line.days,
            line.scheduled,
            line.paid,
            line.interest,
            line.charges,
            line.principal,
            line.interest_balance,
            line.charges_balance,
            line.arrears,
            line.balance,
            line.note,
        )
        for line in lines
    ]


def statement_text(lines: Iterable[StatementLine]) -> str:
    """The statement as a plain-text table (dates ISO, amounts as they are); the ``note``
    column (left-aligned, last) only when a line has a note.

    >>> statement_text([]).split()[-4:]  # no line has a note
    ['charges', 'due', 'arrears', 'balance']
    """
    body = [
        [value.isoformat() if isinstance(value, date) else str(value) for value in row]
        for row in statement_rows(lines)
    ]
    columns: tuple[str, ...] = COLUMNS
    if not any(row[-1] for row in body):
        columns = COLUMNS[:-1]
        body = [row[:-1] for row in body]
    left = {0, len(COLUMNS) - 1}  # the date and the note
    widths = [
        max([len(title)] + [len(row[index]) for row in body]) for index, title in enumerate(columns)
    ]
    out = []
    for row in [list(columns), *body]:
        cells = [
            v.ljust(w) if i in left else v.rjust(w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)
