"""Payments and other ledger events as the commands read them: from a CSV file
(``--payments``), from ``--payment DATE:AMOUNT[:KNOWN_ON]``, and the dates of options.

>>> _payment("2024-03-20:1100.16:2024-03-28").known_on
datetime.date(2024, 3, 28)
>>> _date("2024-02-30", "--as-of")
Traceback (most recent call last):
loancalc.errors.InvalidValueError: --as-of: got '2024-02-30'; accepted: a date as YYYY-MM-DD
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from loancalc.cli._event_args import events_from_table
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.servicing import Payment
from loancalc.servicing.ledger_events import LedgerEvent
from loancalc.stated_rows import csv_rows

__all__ = ["read_events", "read_payments"]

_PAYMENT_ROW = (
    "date,amount[,reference[,known_on]] with YYYY-MM-DD dates, an amount > 0 and a known_on "
    "(the day the payment was learnt of) on or after its date"
)


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValueError(option, text, "a date as YYYY-MM-DD") from None


def _payment(text: str) -> Payment:
    day, sep, rest = text.partition(":")
    if not sep:
        raise InvalidValueError(
            "--payment", text, "DATE:AMOUNT[:KNOWN_ON], e.g. 2024-03-20:1100.16"
        )
    amount, sep, known = rest.partition(":")
    try:
        known_on = _date(known, "--payment") if sep else None
        return Payment(_date(day, "--payment"), amount.strip(), known_on=known_on)
    except LoanCalcError as error:
        raise InvalidValueError(
            "--payment",
            text,
            f"DATE:AMOUNT[:KNOWN_ON] with an amount > 0 and KNOWN_ON on or after DATE ({error})",
        ) from None


def _read(path: str, option: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValueError(option, path, f"a readable UTF-8 text file ({error})") from None


def read_events(path: str | None, option: str = "--payments") -> list[LedgerEvent]:
    """The events of a CSV file: with a header naming a ``kind`` column, payments,
    reversals, refunds and charges (:func:`loancalc.cli._event_args.events_from_table`);
    else payments, as :func:`read_payments` reads them.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write("date,kind,amount,reference,reverses\\n2024-02-15,payment,10,T1,\\n"
    ...                 "2024-02-20,reversal,,,T1\\n")
    >>> [type(event).__name__ for event in read_events(f.name)]
    ['Payment', 'Reversal']
    >>> os.unlink(f.name)
    """
    if path is None:
        return []
    text = _read(path, option)
    rows = [(number, row) for number, row in csv_rows(text, option) if any(c.strip() for c in row)]
    if rows and rows[0][1] and rows[0][1][0].strip().lower() == "date":
        header = [cell.strip().lower() for cell in rows[0][1]]
        if "kind" in header:
            return events_from_table(header, rows[1:], option)
    return list(_payments_of(text, option))


def read_payments(path: str | None, option: str = "--payments") -> list[Payment]:
    """The payments of a CSV file (``date,amount[,reference[,known_on]]`` per line; None:
    none). ``known_on``: the day the lender learnt of the payment (empty: on its date).
    ``option``: the option that named the file, for the errors.

    A first line whose first cell is ``date`` is a header; blank lines are skipped. A bad
    line (or one the ``csv`` module cannot read) raises
    :class:`~loancalc.errors.InvalidValueError` naming its line number.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write("date,amount\\n2024-02-15,1100.16\\n2024-03-01,-5\\n")
    >>> read_payments(f.name)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --payments line 3: got '2024-03-01,-5'; accepted: date,...
    >>> with open(f.name, "w") as again:  # a payment recorded on 02-25, dated 02-15
    ...     _ = again.write("date,amount,reference,known_on\\n2024-02-15,1100.16,TX1,2024-02-25\\n")
    >>> read_payments(f.name)[0].known_on
    datetime.date(2024, 2, 25)
    >>> os.unlink(f.name)
    """
    if path is None:
        return []
    events = read_events(path, option)
    for event in events:
        if not isinstance(event, Payment):
            raise InvalidValueError(
                option, type(event).__name__, "payments only here (other kinds: loancalc assess)"
            )
    return [event for event in events if isinstance(event, Payment)]


def _payments_of(text: str, option: str) -> list[Payment]:
    payments = []
    for number, (_, row) in enumerate(csv_rows(text, option), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() == "date":
            continue
        try:
            if not 2 <= len(cells) <= 4:
                raise ValueError("expected 2 to 4 cells")
            day = date.fromisoformat(cells[0])
            reference = cells[2] or None if len(cells) >= 3 else None
            known = cells[3] if len(cells) == 4 else ""
            known_on = date.fromisoformat(known) if known else None
            payments.append(Payment(day, cells[1], reference, known_on=known_on))
        except (ValueError, LoanCalcError):
            raise InvalidValueError(
                f"{option} line {number}", ",".join(row), _PAYMENT_ROW
            ) from None
    return payments
