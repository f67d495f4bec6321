"""Text tables for people: right-aligned columns, rules around the header and totals.

Amounts show thousands separators and every digit they have (``1,200.00``), never a
negative zero; dates are ISO 8601.

>>> from decimal import Decimal
>>> print(text_table(["No", "Payment"], [[1, Decimal("408.03")], [2, Decimal("-0.00")]],
...                  title="Two instalments", totals=["Total", Decimal("408.03")]))
Two instalments
--------------
   No  Payment
--------------
    1   408.03
    2     0.00
--------------
Total   408.03
"""

from __future__ import annotations

import decimal
from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal

from wcwidth import wcswidth, wcwidth

from loancalc._text import printable
from loancalc.export.columns import unsigned_zero
from loancalc.money import CONTEXT

__all__ = ["display_text", "display_width", "percent", "text_table"]


def display_text(value: object) -> str:
    """A cell as a person reads it: ``1,200.00``, ``2024-02-29``; ``None`` is empty; text
    with control characters escaped (:func:`loancalc._text.printable`), so no cell can
    break a line of the table or send an escape sequence to the terminal.

    >>> display_text(Decimal("1200000.5")), display_text(Decimal("-0.00")), display_text(None)
    ('1,200,000.5', '0.00', '')
    """
    if isinstance(value, Decimal):
        return f"{unsigned_zero(value):,f}"
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return printable(value)


def display_width(text: str) -> int:
    """The number of terminal columns ``text`` takes: two for each wide (CJK) character,
    none for a combining mark, one for the others (:func:`wcwidth.wcswidth`; a character
    it cannot measure counts as one column).

    >>> display_width("Payment"), display_width("逾期天数"), display_width("e\u0301")
    (7, 8, 1)
    """
    width = int(wcswidth(text))
    if width >= 0:
        return width
    return sum(max(int(wcwidth(char)), 1) if wcwidth(char) else 0 for char in text)


def percent(rate: Decimal) -> str:
    """A rate as a percentage: no exponent, no trailing zeros, no negative zero.

    >>> percent(Decimal("0.049")), percent(Decimal("-0.0")), percent(Decimal("1E-7"))
    ('4.9%', '0%', '0.00001%')
    """
    with decimal.localcontext(CONTEXT):
        value = unsigned_zero((rate * 100).normalize())
    return f"{value:f}%"


def text_table(
    header: Sequence[str],
    body: Sequence[Sequence[object]],
    *,
    title: str | None = None,
    totals: Sequence[object] | None = None,
    notes: Sequence[str] = (),
    left: Collection[int] = (),
) -> str:
    """``body`` under ``header``, right-aligned, with an optional ``title`` line above,
    a ``totals`` line below a rule, and ``notes`` lines at the end. Columns whose index
    is in ``left`` are aligned left instead (text). Widths are display widths
    (:func:`display_width`), so columns of Chinese text line up in a terminal. No
    trailing spaces.

    >>> print(text_table(["Field", "Delta"], [["payment", Decimal("0.01")]], notes=["1 row"],
    ...                  left=[0]))
    --------------
    Field    Delta
    --------------
    payment   0.01
    1 row
    >>> print(text_table(["项目", "金额"], [["逾期本金", Decimal("933.96")], ["罚息", 7]],
    ...                  left=[0]))
    ----------------
    项目        金额
    ----------------
    逾期本金  933.96
    罚息           7
    """
    rows = [list(header), *([display_text(cell) for cell in row] for row in body)]
    if totals is not None:
        rows.append([display_text(cell) for cell in totals])
    widths = [max(display_width(row[index]) for row in rows) for index in range(len(header))]
    lines = [
        "  ".join(
            _pad(text, width, left=index in left)
            for index, (text, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    rule = "-" * max(display_width(line) for line in lines)
    body_lines = lines[1 : len(lines) - (totals is not None)]
    out = [] if title is None else [title]
    out += [rule, lines[0], rule, *body_lines]
    if totals is not None:
        out += [rule, lines[-1]]
    return "\n".join([*out, *notes])


def _pad(text: str, width: int, *, left: bool) -> str:
    """``text`` padded with spaces to ``width`` display columns, on the right if ``left``."""
    fill = " " * (width - display_width(text))
    return text + fill if left else fill + text
