"""CSV text of a table of records: a header line of column names, one line per record.

Cells are written by :func:`~loancalc.export.columns.cell_text`: amounts exactly as they
are (no thousands separators, no negative zero), dates as ISO 8601.

>>> from decimal import Decimal
>>> print(to_csv(["number", "payment"], [(1, Decimal("408.03")), (2, Decimal("-0.00"))]), end="")
number,payment
1,408.03
2,0.00
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from loancalc.export.columns import cell_text

__all__ = ["to_csv"]


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with ``header`` as its first line and one line per row (``\\n`` endings).

    >>> to_csv(["a", "b"], [("x,y", None)])
    'a,b\\n"x,y",\\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell_text(value) for value in row] for row in rows)
    return buffer.getvalue()
