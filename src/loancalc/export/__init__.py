"""Export formats for tables of records: CSV, JSON, numpy arrays and text tables.

They work on generic columns and rows, so a repayment schedule
(:class:`~loancalc.Schedule`, whose ``to_csv``, ``to_json``, ``to_numpy`` and ``str``
delegate here) and any later table of records share one way of writing amounts (exact,
never a negative zero), dates (ISO 8601) and tables:

>>> from datetime import date
>>> from decimal import Decimal
>>> columns = (Column(name="due_date", kind=Kind.DATE), Column(name="payment", kind=Kind.MONEY))
>>> rows = [(date(2024, 2, 29), Decimal("408.03")), (date(2024, 3, 31), Decimal("-0.00"))]
>>> print(to_csv([c.name for c in columns], rows), end="")
due_date,payment
2024-02-29,408.03
2024-03-31,0.00
>>> to_json([{c.name: json_value(v) for c, v in zip(columns, row)} for row in rows][:1])
'[{"due_date": "2024-02-29", "payment": "408.03"}]'
>>> to_numpy(columns, rows)["payment"].tolist()
[408.03, 0.0]
>>> print(text_table(["Due date", "Payment"], rows))
-------------------
  Due date  Payment
-------------------
2024-02-29   408.03
2024-03-31     0.00
"""

from __future__ import annotations

from loancalc.export.arrays import to_numpy
from loancalc.export.columns import (
    Column,
    Kind,
    cell_text,
    json_value,
    read_amount,
    unsigned_zero,
)
from loancalc.export.csv_text import to_csv
from loancalc.export.json_text import parse_json, to_json
from loancalc.export.table import display_text, percent, text_table

__all__ = [
    "Column",
    "Kind",
    "cell_text",
    "display_text",
    "json_value",
    "parse_json",
    "percent",
    "read_amount",
    "text_table",
    "to_csv",
    "to_json",
    "to_numpy",
    "unsigned_zero",
]
