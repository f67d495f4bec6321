"""Published reference rates as dated tables: the LPR shipped, SOFR or EURIBOR added by you.

An :class:`IndexTable` is a step function: each row is the day a rate took effect, and it
holds until the next row. The one-year and five-year Loan Prime Rates (``LPR1Y``,
``LPR5Y``) published since the reform of 2019-08-20 ship with the package; the legal
limits (four times the one-year LPR for private lending) and floating-rate loans (LPR plus
a spread) read the same table.

>>> lpr = index("LPR1Y")
>>> lpr.rate_on(date(2020, 8, 20)), lpr.rate_on(date(2024, 12, 31))
(Decimal('0.0385'), Decimal('0.0310'))
>>> index("LPR5Y").rate_on(date(2019, 8, 20))
Decimal('0.0485')

A rate asked for before the first row is an error, never a guess:

>>> lpr.rate_on(date(2019, 8, 19))  # doctest: +ELLIPSIS
Traceback (most recent call last):
loancalc.errors.InvalidValueError: LPR1Y date: got ...; accepted: a date on or after 2019-08-20

Tables are only as new as their last row: ``known_through`` says until when the table is
known complete (for the built-in LPR, the last publication checked when the package was
released). Load a newer table from a CSV file with :func:`load_index_csv` and register it
with ``register_index(table, replace=True)``; your own indexes go the same way.
"""

from __future__ import annotations

import bisect
import csv
import importlib.resources
import io
import itertools
import os
import threading
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from loancalc._validation import read_number
from loancalc.errors import InvalidTypeError, InvalidValueError, UnknownNameError

__all__ = [
    "IndexTable",
    "index",
    "index_names",
    "load_index_csv",
    "parse_index_csv",
    "register_index",
]

#: An index value must lie in this range (fractions a year); EURIBOR went negative.
_LOW, _HIGH = Decimal(-1), Decimal(10)
_RATE_ACCEPTED = "a rate such as 3.45 (percent), 3.45% or 0.0345 from -100 % to 1000 %"
_KNOWN_THROUGH = "# known-through:"


def _to_values(rows: Iterable[tuple[date, Decimal]]) -> tuple[tuple[date, Decimal], ...]:
    return tuple((day, rate) for day, rate in rows)


def _check_values(instance: IndexTable, _: object, rows: tuple[tuple[date, Decimal], ...]) -> None:
    name = instance.name
    if not rows:
        raise InvalidValueError(f"{name} values", rows, "at least one (date, rate) row")
    for day, rate in rows:
        if not isinstance(day, date) or not isinstance(rate, Decimal):
            raise InvalidTypeError(f"{name} values", (day, rate), "(date, Decimal) pairs")
        if not _LOW <= rate <= _HIGH:
            raise InvalidValueError(f"{name} rate on {day}", rate, _RATE_ACCEPTED)
    days = [day for day, _rate in rows]
    if any(later <= earlier for earlier, later in itertools.pairwise(days)):
        accepted = "dates strictly increasing, one row a day"
        raise InvalidValueError(f"{name} values", days, accepted)


@attrs.frozen(kw_only=True)
class IndexTable:
    """A published reference rate: ``name``, dated ``values`` ((effective date, annual rate
    as a fraction), strictly increasing dates), its ``source`` and the day until which the
    table is ``known_through`` complete (None: not stated).

    >>> t = IndexTable(name="DEMO", values=((date(2024, 1, 1), Decimal("0.05")),
    ...                                      (date(2024, 7, 1), Decimal("0.045"))))
    >>> t.rate_on(date(2024, 6, 30)), t.rate_on(date(2030, 1, 1))
    (Decimal('0.05'), Decimal('0.045'))
    >>> t.changes(date(2024, 1, 1), date(2024, 12, 31))
    ((datetime.date(2024, 7, 1), Decimal('0.045')),)
    """

    name: str
    values: tuple[tuple[date, Decimal], ...] = attrs.field(
        converter=_to_values, validator=_check_values
    )
    source: str = ""
    known_through: date | None = None

    def rate_on(self, on: date) -> Decimal:
        """The rate in force on ``on``: the latest row dated on or before it.

        >>> index("LPR1Y").rate_on(date(2022, 8, 22))
        Decimal('0.0365')
        """
        if not isinstance(on, date):
            raise InvalidTypeError(f"{self.name} date", on, "a datetime.date")
        position = bisect.bisect_right([day for day, _ in self.values], on)
        if position == 0:
            first = self.values[0][0]
            raise InvalidValueError(f"{self.name} date", on, f"a date on or after {first}")
        return self.values[position - 1][1]

    def changes(self, start: date, end: date) -> tuple[tuple[date, Decimal], ...]:
        """The rows taking effect after ``start`` up to and including ``end``.

        >>> [str(day) for day, _ in index("LPR5Y").changes(date(2024, 1, 1), date(2024, 12, 31))]
        ['2024-02-20', '2024-07-22', '2024-10-21']
        """
        return tuple((day, rate) for day, rate in self.values if start < day <= end)


def parse_index_csv(text: str, *, name: str, source: str = "") -> IndexTable:
    """Read an index table from CSV text: a header row with a ``date`` column and a column
    named ``name`` (or, when the file holds one index, ``rate``); rates in percent a year,
    with or without the sign (``3.45`` and ``3.45%`` are both 3.45 %). Lines starting
    with ``#`` are comments; ``# known-through: DATE`` states the day the table is
    complete to.

    >>> t = parse_index_csv("date,rate\\n2024-01-01,5.33\\n2024-09-19,4.83%\\n", name="SOFR")
    >>> t.rate_on(date(2024, 10, 1))
    Decimal('0.0483')
    """
    known_through: date | None = None
    data_lines = []
    for line in text.splitlines():
        if line.lstrip().lower().startswith(_KNOWN_THROUGH):
            known_through = _read_date(line.split(":", 1)[1].strip(), f"{name} known-through")
        elif line.strip() and not line.lstrip().startswith("#"):
            data_lines.append(line)
    reader = csv.DictReader(io.StringIO("\n".join(data_lines)))
    fields = [field.strip() for field in reader.fieldnames or ()]
    column = name if name in fields else "rate" if "rate" in fields else None
    if "date" not in fields or column is None:
        accepted = f"a header with 'date' and '{name}' (or 'rate') columns"
        raise InvalidValueError(f"{name} CSV header", ",".join(fields), accepted)
    rows = []
    for record in reader:
        cleaned = {key.strip(): (value or "").strip() for key, value in record.items() if key}
        day = _read_date(cleaned["date"], f"{name} date")
        text_rate = cleaned[column]
        percent = text_rate if text_rate.endswith("%") else f"{text_rate}%"
        rows.append((day, read_number(percent, f"{name} rate on {day}", accepted=_RATE_ACCEPTED)))
    return IndexTable(name=name, values=rows, source=source, known_through=known_through)


def load_index_csv(path: str | os.PathLike[str], *, name: str, source: str = "") -> IndexTable:
    """Read an index table from a CSV file (see :func:`parse_index_csv` for the format).

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sofr.csv"
    >>> _ = path.write_text("date,SOFR\\n2024-01-02,5.40\\n")
    >>> load_index_csv(path, name="SOFR").rate_on(date(2024, 3, 1))
    Decimal('0.0540')
    """
    with open(path, encoding="utf-8") as handle:
        return parse_index_csv(handle.read(), name=name, source=source or os.fspath(path))


def _read_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(field, text, "an ISO date such as 2024-01-20") from None


_LPR_SOURCE = (
    "National Interbank Funding Center, Loan Prime Rate, published monthly since 2019-08-20 "
    "(PBoC announcement [2019] No. 15); https://www.chinamoney.com.cn/english/bmkcpr/"
)
_lock = threading.Lock()
_tables: dict[str, IndexTable] = {}


def _builtins() -> dict[str, IndexTable]:
    if not _tables:
        text = importlib.resources.files("loancalc.limits").joinpath("data/lpr.csv")
        content = text.read_text(encoding="utf-8")
        for name in ("LPR1Y", "LPR5Y"):
            _tables[name] = parse_index_csv(content, name=name, source=_LPR_SOURCE)
    return _tables


def index(name: str) -> IndexTable:
    """The index table registered as ``name`` (built-ins: ``LPR1Y``, ``LPR5Y``).

    >>> index("LPR5Y").known_through
    datetime.date(2025, 10, 20)
    >>> index("SHIBOR")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.UnknownNameError: index: got 'SHIBOR'; accepted: one of LPR1Y, LPR5Y...
    """
    with _lock:
        tables = _builtins()
        if name not in tables:
            raise UnknownNameError("index", name, tuple(sorted(tables)))
        return tables[name]


def index_names() -> tuple[str, ...]:
    """The names of every registered index, sorted.

    >>> index_names()[:2]
    ('LPR1Y', 'LPR5Y')
    """
    with _lock:
        return tuple(sorted(_builtins()))


def register_index(table: IndexTable, *, replace: bool = False) -> None:
    """Make ``table`` available as ``index(table.name)``; ``replace=True`` to update one
    (a newer LPR table, say). Registering a taken name without ``replace`` is an error.

    >>> register_index(IndexTable(name="DEMO-ONLY", values=((date(2024, 1, 1), Decimal(0)),)))
    >>> index("DEMO-ONLY").rate_on(date(2025, 1, 1))
    Decimal('0')
    """
    if not isinstance(table, IndexTable):
        raise InvalidTypeError("table", table, "an IndexTable")
    with _lock:
        tables = _builtins()
        if table.name in tables and not replace:
            accepted = "a name not yet registered, or replace=True"
            raise InvalidValueError("table.name", table.name, accepted)
        tables[table.name] = table
