"""Reading a schedule's rows from JSON data and checking the arithmetic every schedule keeps.

:meth:`loancalc.Schedule.from_dict` uses these: a file may have been edited, so each row
is read cell by cell (types, finite amounts) and then checked against the identities the
amortisation engine guarantees. Errors name the row by its index in the list and the
field, as in ``installments[2].payment``.

>>> from datetime import date
>>> from loancalc import LoanTerms, Method
>>> expected_count(LoanTerms(principal=100, annual_rate=0, term=6, start=date(2024, 1, 1),
...                          method=Method.BULLET))
1
"""

from __future__ import annotations

import decimal
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.export import Column
from loancalc.money import CONTEXT
from loancalc.terms import MAX_TERM, LoanTerms, Method

__all__ = [
    "advanced_in",
    "check_advances",
    "check_count",
    "check_rows",
    "expected_count",
    "read_rows",
]

Row = TypeVar("Row")

_MONEY_FIELDS = (
    "opening_balance",
    "principal",
    "interest",
    "fee",
    "payment",
    "closing_balance",
    "capitalized_interest",
)


def expected_count(terms: LoanTerms) -> int:
    """How many instalments ``terms`` make: ``term``, but one for a bullet loan.

    >>> from datetime import date
    >>> expected_count(LoanTerms(principal=100, annual_rate=0, term=6, start=date(2024, 1, 1)))
    6
    """
    return 1 if terms.method is Method.BULLET else terms.term


def check_count(terms: LoanTerms, count: int) -> None:
    """Raise :class:`~loancalc.errors.InvalidValueError` unless ``count`` rows fit ``terms``.

    >>> from datetime import date
    >>> check_count(LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1)), 3)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: installments: got 3 rows; accepted: 2 instalments ...
    """
    expected = expected_count(terms)
    moving = terms.rate_schedule
    if moving is not None and moving.keeps_payment and expected != 1 and 1 <= count <= MAX_TERM:
        return  # a kept payment after a rate change ends the loan when it is repaid
    if count != expected:
        per = "one for a bullet loan" if expected != terms.term else "one per period of the term"
        raise InvalidValueError("installments", _Rows(count), f"{expected} instalments ({per})")


class _Rows(int):
    """A row count that shows as ``3 rows`` in an error message."""

    def __repr__(self) -> str:
        return f"{int(self)} row{'' if self == 1 else 's'}"


def read_rows(data: object, columns: Sequence[Column], make: Callable[..., Row]) -> tuple[Row, ...]:
    """The rows of a JSON list of objects, each with exactly the keys of ``columns``.

    Raises :class:`~loancalc.errors.InvalidTypeError` or
    :class:`~loancalc.errors.InvalidValueError` naming the row and field.

    >>> from loancalc.export import Kind
    >>> read_rows([{"n": 1}, {"n": "2"}], [Column(name="n", kind=Kind.INTEGER)], dict)
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: installments[1].n: got '2'; accepted: a whole number
    """
    if not isinstance(data, list):
        raise InvalidTypeError("installments", data, "a list of instalment objects")
    if not data:
        raise InvalidValueError("installments", data, "at least one instalment")
    names = [column.name for column in columns]
    rows = []
    for index, row in enumerate(data):
        path = f"installments[{index}]"
        if not isinstance(row, dict):
            raise InvalidTypeError(path, row, f"an object with the keys {', '.join(names)}")
        if set(row) != set(names):
            raise InvalidValueError(
                path,
                f"keys {sorted(row, key=str)}",
                f"an object with exactly the keys {', '.join(names)}",
            )
        values: dict[str, Any] = {
            column.name: column.read(row[column.name], f"{path}.{column.name}")
            for column in columns
        }
        rows.append(make(**values))
    return tuple(rows)


def check_rows(
    terms: LoanTerms,
    rows: Sequence[Any],
    *,
    re_aged: bool = False,
    disbursements: Sequence[tuple[date, Decimal]] = (),
) -> None:
    """Check ``rows`` (instalments) against the identities every schedule of ``terms`` keeps.

    Raises :class:`~loancalc.errors.InvalidValueError` for the first row and field that
    breaks one; see :meth:`loancalc.Schedule.from_dict` for the list.

    ``re_aged``: the schedule's lineage records a re-age, whose new interest-free
    instalments follow the kept ones with a balance column of their own (see
    :mod:`loancalc.restructuring.reage`): then the balance may restart after a row that
    closes at zero, and the first row opens at the principal less the restarted balances.
    ``disbursements``: later advances (see :func:`check_advances`); a row closes at
    ``opening - principal + capitalized_interest + the advances made in its period``.

    >>> from loancalc import amortize
    >>> terms = LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1))
    >>> rows = list(amortize(terms).installments)
    >>> rows[1] = rows[1]._replace(due_date=date(2024, 1, 15))
    >>> check_rows(terms, rows)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: installments[1].due_date: got datetime.date(2024, 1, 15);
    accepted: a date after 2024-02-01, the previous due date
    """
    check_count(terms, len(rows))
    advances = check_advances(terms, rows, disbursements) if disbursements else {}
    previous_due: date | None = None
    restarts = _restarts(rows) if re_aged else {}
    with decimal.localcontext(CONTEXT):
        balance = terms.principal - sum(restarts.values(), start=terms.principal * 0)
        for index, row in enumerate(rows):
            path = f"installments[{index}]"
            _check_dates(path, index, row, terms.start, previous_due)
            previous_due = row.due_date
            for name in _MONEY_FIELDS:
                if getattr(row, name) < 0:
                    raise InvalidValueError(f"{path}.{name}", getattr(row, name), "an amount >= 0")
            expected = {
                "opening_balance": (balance, "the previous closing balance"),
                "payment": (row.principal + row.interest + row.fee, "principal + interest + fee"),
                "closing_balance": (
                    row.opening_balance - row.principal + row.capitalized_interest,
                    "opening_balance - principal + capitalized_interest",
                ),
            }
            if index in advances:
                expected["closing_balance"] = (
                    expected["closing_balance"][0] + advances[index],
                    "opening_balance - principal + capitalized_interest + the advances "
                    "in the period",
                )
            if index == 0:
                rule = "the principal less the re-aged balances" if restarts else "the principal"
                expected["opening_balance"] = (balance, rule)
            elif index in restarts:
                expected["opening_balance"] = (restarts[index], "a re-aged balance")
            for name, (value, rule) in expected.items():
                if getattr(row, name) != value:
                    raise InvalidValueError(
                        f"{path}.{name}", getattr(row, name), f"{rule} = {value}"
                    )
            balance = row.closing_balance
    if balance != 0:
        raise InvalidValueError(
            f"installments[{len(rows) - 1}].closing_balance", balance, "0 (the loan repaid)"
        )


def advanced_in(rows: Sequence[Any], disbursements: Sequence[tuple[date, Decimal]]) -> list[int]:
    """For each advance, the index of the row whose period holds it (from the row's start,
    included, to its due date, excluded), or -1 if none does.

    >>> from loancalc import amortize
    >>> terms = LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1))
    >>> rows = amortize(terms).installments
    >>> advanced_in(rows, [(date(2024, 2, 1), Decimal(5)), (date(2024, 3, 1), Decimal(5))])
    [1, -1]
    """
    dues = [row.due_date for row in rows]
    found = []
    for on, _ in disbursements:
        index = bisect_right(dues, on)
        found.append(index if index < len(rows) and rows[index].start <= on else -1)
    return found


def check_advances(
    terms: LoanTerms, rows: Sequence[Any], disbursements: Sequence[tuple[date, Decimal]]
) -> dict[int, Decimal]:
    """The advances made in each row's period (by row index); raises
    :class:`~loancalc.errors.InvalidValueError` naming ``disbursements[i].date`` for an
    advance not after the start or not before the last due date.

    >>> from loancalc import amortize
    >>> terms = LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1))
    >>> check_advances(terms, amortize(terms).installments, [(date(2024, 3, 1), Decimal(5))])
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: disbursements[0].date: got datetime.date(2024, 3, 1); ...
    """
    advances: dict[int, Decimal] = {}
    for number, ((on, amount), index) in enumerate(
        zip(disbursements, advanced_in(rows, disbursements), strict=True)
    ):
        if not terms.start < on or index < 0:
            raise InvalidValueError(
                f"disbursements[{number}].date",
                on,
                f"a date after the loan's start ({terms.start}) and before its last due date "
                f"({rows[-1].due_date})",
            )
        advances[index] = advances.get(index, amount * 0) + amount
    return advances


def _restarts(rows: Sequence[Any]) -> dict[int, Any]:
    """The rows (by index) where a re-aged balance restarts: a positive opening balance
    after a row closing at zero."""
    return {
        index: row.opening_balance
        for index, row in enumerate(rows)
        if index and rows[index - 1].closing_balance == 0 and row.opening_balance > 0
    }


def _due_on_signing(index: int, row: Any, start: date) -> bool:
    """A first row due on the start date itself, asking no principal: what a restructuring
    left due, payable on signing (0 days, no interest accrues in it)."""
    return index == 0 and row.due_date == start and not row.principal


def _check_dates(path: str, index: int, row: Any, start: date, previous_due: date | None) -> None:
    expected_start = start if previous_due is None else previous_due
    checks: list[tuple[str, bool, str]] = [
        ("number", row.number == index + 1, f"{index + 1} (rows are numbered from 1)"),
        (
            "start",
            row.start == expected_start,
            f"{expected_start}, "
            + ("the loan's start" if previous_due is None else "the previous due date"),
        ),
        (
            "due_date",
            row.due_date > expected_start or _due_on_signing(index, row, start),
            f"a date after {expected_start}, "
            + ("the loan's start" if previous_due is None else "the previous due date")
            + (" (or on it, for a first row asking no principal)" if previous_due is None else ""),
        ),
        (
            "days",
            row.days == (row.due_date - row.start).days,
            f"{(row.due_date - row.start).days}, the days from start to due_date",
        ),
    ]
    for name, ok, accepted in checks:
        if not ok:
            raise InvalidValueError(f"{path}.{name}", getattr(row, name), accepted)
