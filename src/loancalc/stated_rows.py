"""Instalment rows as someone else states them: a lender's CSV, an edited JSON file.

A :class:`StatedRow` holds what a row says, figure by figure; any figure may be missing
(``None``: the file does not state it) and nothing is checked for adding up, so that
:func:`loancalc.verify_rows` can report what is wrong instead of refusing the file.
:func:`read_csv_rows` reads them from CSV text with columns named as the file names them:

>>> rows = read_csv_rows("due_date,payment,principal,interest,balance\\n"
...                      "2024-02-29,408.03,396.03,12.00,803.97\\n")
>>> rows[0].due_date, rows[0].payment, rows[0].closing_balance, rows[0].fee
(datetime.date(2024, 2, 29), Decimal('408.03'), Decimal('803.97'), None)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import to_decimal

__all__ = ["CSV_COLUMNS", "StatedRow", "csv_rows", "read_csv_rows"]


def _amount(value: object, field: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, str) and "%" in value:
        raise InvalidValueError(field, value, "an amount such as 408.03, not a rate")
    return to_decimal(value, field)


def _date(value: object, field: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidValueError(field, value, "a date as YYYY-MM-DD") from None
    raise InvalidTypeError(field, value, "a datetime.date, an ISO date string or None")


def _whole(value: object, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(field, value, "a whole number or None")
    return value


_CONVERTERS = {"start": _date, "due_date": _date, "number": _whole, "days": _whole}


@attrs.frozen(kw_only=True)
class StatedRow:
    """What one row of a stated schedule says; ``None`` where it says nothing.

    The fields are those of :class:`~loancalc.Installment` (``closing_balance`` is what
    lenders call the balance), read from numbers, numeric strings and ISO dates, plus
    ``line``: where the row came from (a CSV line number), for reports. Amounts must be
    finite; they need not add up. Fields also accept numeric strings and ISO date strings.

    >>> row = StatedRow(due_date="2024-02-29", payment="408.03", principal=396, interest=12)
    >>> row.payment, row.principal + row.interest
    (Decimal('408.03'), Decimal('408'))
    >>> StatedRow(payment="5%")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: payment: got '5%'; accepted: an amount ..., not a rate
    """

    number: int | None = None
    start: date | None = None
    due_date: date | None = None
    days: int | None = None
    opening_balance: Decimal | None = None
    principal: Decimal | None = None
    interest: Decimal | None = None
    fee: Decimal | None = None
    payment: Decimal | None = None
    closing_balance: Decimal | None = None
    capitalized_interest: Decimal | None = None
    line: int | None = None

    def __attrs_post_init__(self) -> None:
        # Converted here rather than by per-field converters: one function per kind of
        # value, told the field's name for its error messages.
        for field in attrs.fields(StatedRow):
            convert = _CONVERTERS.get(field.name, _amount if field.name != "line" else _whole)
            object.__setattr__(self, field.name, convert(getattr(self, field.name), field.name))

    @classmethod
    def from_installment(cls, row: Any) -> StatedRow:
        """A row stating every figure of ``row`` (an :class:`~loancalc.Installment`).

        >>> from loancalc import LoanTerms, amortize
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> StatedRow.from_installment(s.installments[0]).payment
        Decimal('100.00')
        """
        return cls(**row._asdict())


#: The CSV column each field is read from by default, in order of preference. Headers
#: match ignoring case, surrounding spaces, and ``-`` or a space for ``_``.
CSV_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "number": ("number",),
    "start": ("start",),
    "due_date": ("due_date", "date"),
    "days": ("days",),
    "opening_balance": ("opening_balance",),
    "principal": ("principal",),
    "interest": ("interest",),
    "fee": ("fee",),
    "payment": ("payment",),
    "closing_balance": ("balance", "closing_balance"),
    "capitalized_interest": ("capitalized_interest",),
}


def _key(header: str) -> str:
    return "_".join(header.strip().casefold().replace("-", " ").replace("_", " ").split())


def csv_rows(
    text: str, source: str, *, delimiter: str = ",", strict: bool = False
) -> Iterator[tuple[int, list[str]]]:
    """The rows of CSV ``text``, each with the line it ends on. A row the ``csv`` module
    cannot read (a cell longer than its field size limit; with ``strict``, a stray quote)
    raises :class:`~loancalc.errors.InvalidValueError` naming ``source`` and the line.

    >>> list(csv_rows('a,b\\n"c\\nd",e\\n', "f.csv"))
    [(1, ['a', 'b']), (3, ['c\\nd', 'e'])]
    >>> list(csv_rows('a,b\\nc,"d"e\\n', "f.csv", strict=True))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: f.csv line 2: got ...; accepted: well-formed CSV
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=strict)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InvalidValueError(
                f"{source} line {reader.line_num}", str(error), "well-formed CSV"
            ) from None
        yield reader.line_num, cells


def read_csv_rows(
    text: str,
    *,
    columns: Mapping[str, str] | None = None,
    required: Collection[str] = (),
    date_format: str | None = None,
    delimiter: str = ",",
    source: str = "csv",
) -> tuple[StatedRow, ...]:
    """The rows of CSV ``text`` whose first line names the columns.

    ``columns`` maps a field of :class:`StatedRow` to the header of its column; fields
    not mapped are looked for under the names in :data:`CSV_COLUMNS`, and are simply not
    stated if absent. Fields in ``required`` must have a column. Dates are ISO
    (``2024-02-29``) unless ``date_format`` (a :func:`~datetime.datetime.strptime` format
    such as ``"%d/%m/%Y"``) is given; amounts may have thousands separators. Lines that
    are empty or hold only empty cells are skipped.

    Raises :class:`~loancalc.errors.InvalidValueError` for a missing column, a row with
    the wrong number of cells or a cell that is not a date or an amount, naming ``source``
    and the line (``lender.csv line 5, column 'payment'``), for a cell longer than the
    ``csv`` module's field size limit, and for a ``delimiter`` that is not one character
    (nor a quote or a line break).

    >>> text = "Date;Amount due\\n31/01/2024;1.000,00\\n"
    >>> read_csv_rows(text, columns={"due_date": "Date", "payment": "Amount due"},
    ...               date_format="%d/%m/%Y", delimiter=";")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: csv line 2, column 'Amount due': got '1.000,00';
    accepted: an amount such as 408.03 (no currency sign; ',' only between thousands)
    """
    if not isinstance(text, str):
        raise InvalidTypeError(source, text, "CSV text")
    one = "one character other than a quote or a line break, e.g. ';'"
    if not isinstance(delimiter, str):
        raise InvalidTypeError("delimiter", delimiter, one)
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise InvalidValueError("delimiter", delimiter, one)
    lines = csv_rows(text, source, delimiter=delimiter, strict=True)
    header = next((row for _, row in lines if any(cell.strip() for cell in row)), None)
    if header is None:
        raise InvalidValueError(source, text[:60], "CSV text with a header line")
    where = _locate(header, columns or {}, required, source)
    rows = []
    for line, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise InvalidValueError(
                f"{source} line {line}", delimiter.join(cells),
                f"{len(header)} cells, as in the header line",
            )  # fmt: skip
        values = {
            field: _cell(cells[index], field, date_format, f"{source} line {line}, "
                         f"column {header[index].strip()!r}")
            for field, index in where.items()
        }  # fmt: skip
        rows.append(StatedRow(**values, line=line))  # type: ignore[arg-type]
    return tuple(rows)


def _locate(
    header: list[str], columns: Mapping[str, str], required: Collection[str], source: str
) -> dict[str, int]:
    """The index of each field's column in ``header``."""
    positions = {_key(name): index for index, name in reversed(list(enumerate(header)))}
    unknown = set(columns) - set(CSV_COLUMNS)
    if unknown:
        raise InvalidValueError(
            "columns", sorted(unknown), f"fields among {', '.join(CSV_COLUMNS)}"
        )
    where: dict[str, int] = {}
    for field, defaults in CSV_COLUMNS.items():
        names = (columns[field],) if field in columns else defaults
        found = [positions[_key(name)] for name in names if _key(name) in positions]
        if found:
            where[field] = found[0]
        elif field in required or field in columns:
            raise InvalidValueError(
                f"{source} header",
                ",".join(header),
                f"a column named {names[0]!r} (for the {field.replace('_', ' ')})",
            )
    if not where:
        raise InvalidValueError(
            f"{source} header", ",".join(header), "columns such as due_date, payment, balance"
        )
    return where


_AMOUNT_ACCEPTED = "an amount such as 408.03 (no currency sign; ',' only between thousands)"


def _cell(text: str, field: str, date_format: str | None, where: str) -> object:
    value = text.strip()
    if field in ("due_date", "start"):
        accepted = f"a date as {date_format or 'YYYY-MM-DD'}"
        try:
            if date_format is None:
                return date.fromisoformat(value)
            return datetime.strptime(value, date_format).date()
        except ValueError:
            raise InvalidValueError(where, text, accepted) from None
    if field in ("number", "days"):
        if not (value.isascii() and value.lstrip("-").isdigit()) or len(value) > 6:
            raise InvalidValueError(where, text, "a whole number")
        return int(value)
    if "%" in value or not value:
        raise InvalidValueError(where, text, _AMOUNT_ACCEPTED)
    try:
        return to_decimal(value, where)
    except InvalidValueError:
        raise InvalidValueError(where, text, _AMOUNT_ACCEPTED) from None
