"""Events beyond payments on the command line: ``--reversal``, ``--refund``,
``--write-off``, ``--charge``, and a ``kind`` column in a ``--payments`` CSV file.

``--reversal DATE:REF[:CHARGE]`` reverses the payment whose reference is REF on DATE
(with a returned-payment charge); ``--refund DATE:AMOUNT``; ``--write-off
DATE[:AMOUNT]``; ``--charge DATE:AMOUNT:REASON``. A payments CSV whose header names a
``kind`` column (payment, reversal, refund, write-off or charge) may mix them; its other
columns are named by the header too: ``date``, ``amount``, ``reference``, ``known_on``,
``reverses`` and ``reason`` (a reversal's ``amount`` is its returned-payment charge; a
write-off's, empty for everything). A file without a ``kind`` column is
read as payments, as always.

>>> reversal_option("2024-02-05:TX-1:25")
Reversal(date=datetime.date(2024, 2, 5), reverses='TX-1', reason='returned',
         charge=Decimal('25'), reference=None, known_on=None)
>>> events_from_table(["date", "kind", "amount", "reference", "reverses"],
...                   [(2, ["2024-02-01", "payment", "500", "TX-1", ""]),
...                    (3, ["2024-02-05", "reversal", "", "", "TX-1"])], "--payments")[1].reverses
'TX-1'
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from datetime import date

from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.locale import N_
from loancalc.servicing.ledger_events import Charge, LedgerEvent, Refund, Reversal, WriteOff
from loancalc.servicing.payment import Payment

__all__ = [
    "EVENT_KINDS",
    "add_event_arguments",
    "charge_option",
    "events_from_table",
    "option_events",
    "refund_option",
    "reversal_option",
    "write_off_option",
]

#: The values of a payments CSV's ``kind`` column.
EVENT_KINDS = ("payment", "reversal", "refund", "write-off", "charge")
_COLUMNS = ("date", "kind", "amount", "reference", "known_on", "reverses", "reason")


def add_event_arguments(group: argparse._ArgumentGroup) -> None:
    """Add ``--reversal``, ``--refund`` and ``--charge`` (repeatable) to ``group``.

    >>> parser = argparse.ArgumentParser()
    >>> add_event_arguments(parser.add_argument_group("events"))
    >>> parser.parse_args(["--refund", "2024-03-01:20"]).refund
    ['2024-03-01:20']
    """
    group.add_argument(
        "--reversal",
        action="append",
        default=[],
        metavar="DATE:REF[:CHARGE]",
        help=N_(
            "the payment with reference REF came back on DATE (bounced, returned): the "
            "loan is replayed without it from its date; CHARGE: a returned-payment fee"
        ),
    )
    group.add_argument(
        "--refund",
        action="append",
        default=[],
        metavar="DATE:AMOUNT",
        help=N_("credit paid back to the borrower on DATE (at most the credit held)"),
    )
    group.add_argument(
        "--write-off",
        action="append",
        default=[],
        metavar="DATE[:AMOUNT]",
        help=N_(
            "the lender writes off AMOUNT of what is due on DATE (no AMOUNT: everything "
            "owed); payments after it are recoveries"
        ),
    )
    group.add_argument(
        "--charge",
        action="append",
        default=[],
        metavar="DATE:AMOUNT:REASON",
        help=N_("a fee added by hand on DATE, payable at once"),
    )


def option_events(args: argparse.Namespace) -> list[LedgerEvent]:
    """The events of ``--reversal``, ``--refund`` and ``--charge``.

    >>> option_events(argparse.Namespace(reversal=[], refund=["2024-03-01:20"], charge=[],
    ...                                  write_off=[]))
    [Refund(date=datetime.date(2024, 3, 1), amount=Decimal('20'), reference=None, known_on=None)]
    """
    events: list[LedgerEvent] = [reversal_option(text) for text in args.reversal]
    events += [refund_option(text) for text in args.refund]
    events += [write_off_option(text) for text in args.write_off]
    events += [charge_option(text) for text in args.charge]
    return events


def _parts(text: str, option: str, shape: str, least: int, most: int) -> list[str]:
    parts = [part.strip() for part in text.split(":", most - 1)]
    if not least <= len(parts) <= most or not all(parts[:least]):
        raise InvalidValueError(option, text, shape)
    return parts


def _day(text: str, option: str, whole: str, shape: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(option, whole, f"{shape} with DATE as YYYY-MM-DD") from None


def reversal_option(text: str) -> Reversal:
    """``--reversal DATE:REF[:CHARGE]``.

    >>> reversal_option("2024-02-05")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --reversal: got '2024-02-05'; accepted: DATE:REF[:CHARGE],
    e.g. 2024-02-05:TX-1:25.00
    """
    shape = "DATE:REF[:CHARGE], e.g. 2024-02-05:TX-1:25.00"
    parts = _parts(text, "--reversal", shape, 2, 3)
    day = _day(parts[0], "--reversal", text, shape)
    try:
        charge = parts[2] if len(parts) == 3 and parts[2] else None
        return Reversal(day, parts[1], charge=charge)
    except LoanCalcError as error:
        raise InvalidValueError("--reversal", text, f"{shape} ({error})") from None


def refund_option(text: str) -> Refund:
    """``--refund DATE:AMOUNT``.

    >>> refund_option("2024-03-01:-5")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --refund: got '2024-03-01:-5'; accepted: DATE:AMOUNT, ...
    """
    shape = "DATE:AMOUNT, e.g. 2024-03-01:20.00"
    parts = _parts(text, "--refund", shape, 2, 2)
    day = _day(parts[0], "--refund", text, shape)
    try:
        return Refund(day, parts[1])
    except LoanCalcError as error:
        raise InvalidValueError("--refund", text, f"{shape} ({error})") from None


def write_off_option(text: str) -> WriteOff:
    """``--write-off DATE[:AMOUNT]``.

    >>> write_off_option("2024-09-11").amount is None
    True
    """
    shape = "DATE[:AMOUNT], e.g. 2024-09-11 or 2024-09-11:500.00"
    parts = _parts(text, "--write-off", shape, 1, 2)
    day = _day(parts[0], "--write-off", text, shape)
    try:
        return WriteOff(day, parts[1] if len(parts) == 2 and parts[1] else None)
    except LoanCalcError as error:
        raise InvalidValueError("--write-off", text, f"{shape} ({error})") from None


def charge_option(text: str) -> Charge:
    """``--charge DATE:AMOUNT:REASON`` (the reason may hold colons).

    >>> charge_option("2024-03-01:15:copy: of statement").reason
    'copy: of statement'
    """
    shape = "DATE:AMOUNT:REASON, e.g. 2024-03-01:15.00:statement copy"
    parts = _parts(text, "--charge", shape, 3, 3)
    day = _day(parts[0], "--charge", text, shape)
    try:
        return Charge(day, parts[1], parts[2])
    except LoanCalcError as error:
        raise InvalidValueError("--charge", text, f"{shape} ({error})") from None


def events_from_table(
    header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]], option: str
) -> list[LedgerEvent]:
    """The events of a CSV table whose ``header`` names a ``kind`` column (``rows``: the
    lines after it, each with its line number). A bad row raises
    :class:`~loancalc.errors.InvalidValueError` naming ``option`` and its line.

    >>> events_from_table(["date", "kind", "amount"], [(2, ["2024-02-01", "bonus", "5"])], "f")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: f line 2: got '2024-02-01,bonus,5'; accepted: a kind of
    payment, reversal, refund, write-off or charge ...
    """
    names = [name.strip().lower() for name in header]
    unknown = [name for name in names if name not in _COLUMNS]
    if unknown or "date" not in names:
        raise InvalidValueError(
            f"{option} line 1", ",".join(header), f"a header of columns among {', '.join(_COLUMNS)}"
        )
    events: list[LedgerEvent] = []
    for number, row in rows:
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        cell = dict(zip(names, cells, strict=False))
        try:
            events.append(_event(cell))
        except (ValueError, LoanCalcError) as error:
            raise InvalidValueError(
                f"{option} line {number}",
                ",".join(row),
                f"a kind of {', '.join(EVENT_KINDS[:-1])} or {EVENT_KINDS[-1]} with its "
                f"columns ({error})",
            ) from None
    return events


def _event(cell: dict[str, str]) -> LedgerEvent:
    day = date.fromisoformat(cell["date"])
    kind = cell.get("kind", "") or "payment"
    amount = cell.get("amount", "")
    reference = cell.get("reference", "") or None
    known = cell.get("known_on", "")
    known_on = date.fromisoformat(known) if known else None
    if kind == "payment":
        return Payment(day, amount, reference, known_on=known_on)
    if kind == "reversal":
        return Reversal(
            day, cell.get("reverses", ""), charge=amount or None, reference=reference,
            known_on=known_on,
        )  # fmt: skip
    if kind == "refund":
        return Refund(day, amount, reference, known_on=known_on)
    if kind == "write-off":
        return WriteOff(day, amount or None, reference=reference, known_on=known_on)
    if kind == "charge":
        return Charge(day, amount, cell.get("reason", ""), reference=reference, known_on=known_on)
    raise ValueError(f"unknown kind {kind!r}")
