"""A repayment schedule: its :class:`Installment` rows, totals and exports.

>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31)))
>>> [str(i.payment) for i in s.installments], s.total_interest
(['408.03', '408.03', '408.02'], Decimal('24.08'))
>>> print(s.to_csv().splitlines()[1])
1,2024-01-31,2024-02-29,29,1200.00,396.03,12.00,0.00,408.03,803.97,0.00
>>> Schedule.from_json(s.to_json()) == s
True
"""

from __future__ import annotations

import csv
import decimal
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Literal, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.money import CONTEXT
from loancalc.terms import LoanTerms

__all__ = ["COLUMNS", "Installment", "Schedule"]


class Installment(NamedTuple):
    """One scheduled instalment: the period it covers and what falls due at its end.

    ``payment = principal + interest + fee``; ``closing_balance = opening_balance -
    principal + capitalized_interest`` (interest added to the balance in an interest-grace
    period). ``days`` counts actual days from ``start`` to ``due_date``.

    An immutable typed record (a ``NamedTuple``, not an attrs class like the rest of the
    API: a schedule makes up to 1200 of them, and a tuple is several times cheaper to
    build). Change a field with ``_replace``; fields are in :data:`COLUMNS` order.

    >>> row = Installment(number=1, start=date(2024, 1, 1), due_date=date(2024, 2, 1), days=31,
    ...                   opening_balance=Decimal(100), principal=Decimal(50),
    ...                   interest=Decimal(1), fee=Decimal(0), payment=Decimal(51),
    ...                   closing_balance=Decimal(50))
    >>> row.payment, row._replace(fee=Decimal(2)).fee
    (Decimal('51'), Decimal('2'))
    """

    number: int
    start: date
    due_date: date
    days: int
    opening_balance: Decimal
    principal: Decimal
    interest: Decimal
    fee: Decimal
    payment: Decimal
    closing_balance: Decimal
    capitalized_interest: Decimal = Decimal(0)

    def as_tuple(self) -> tuple[Any, ...]:
        """The fields in :data:`COLUMNS` order, as a plain tuple.

        >>> row = Installment(number=1, start=date(2024, 1, 1), due_date=date(2024, 2, 1),
        ...                   days=31, opening_balance=Decimal(1), principal=Decimal(1),
        ...                   interest=Decimal(0), fee=Decimal(0), payment=Decimal(1),
        ...                   closing_balance=Decimal(0))
        >>> row.as_tuple()[:4]
        (1, datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), 31)
        """
        return tuple(self)


#: Column names of :meth:`Schedule.rows`, the CSV header and the JSON rows, in order.
COLUMNS: tuple[str, ...] = Installment._fields
_MONEY_COLUMNS = frozenset(COLUMNS[4:])
_DATE_COLUMNS = frozenset(("start", "due_date"))
_JSON_FORMAT = "loancalc.schedule/1"


def _to_installments(value: Iterable[Installment]) -> tuple[Installment, ...]:
    installments = tuple(value)
    if list(map(type, installments)).count(Installment) == len(installments):  # in C, fast
        return installments
    for installment in installments:
        if not isinstance(installment, Installment):
            raise InvalidValueError("installments", installment, "loancalc.Installment values")
    return installments


def _sum(values: Iterator[Decimal]) -> Decimal:
    with decimal.localcontext(CONTEXT):
        return sum(values, Decimal(0))


@attrs.frozen(kw_only=True)
class Schedule:
    """The instalments :func:`loancalc.amortize` computed for ``terms``.

    ``upfront_fee`` is charged at disbursement, outside the instalments. Totals:
    ``total_principal`` (the principal plus any capitalised interest), ``total_interest``
    and ``total_fees`` (instalment fees plus the upfront fee) and ``total_payment`` (what
    the instalments ask for, upfront fee excluded).

    >>> from loancalc import Fees, LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=4, start=date(2024, 1, 1),
    ...                        fees=Fees(upfront=10, per_period=1)))
    >>> s.total_principal, s.total_fees, s.total_payment, s.maturity, len(s)
    (Decimal('1000.00'), Decimal('14.00'), Decimal('1004.00'), datetime.date(2024, 5, 1), 4)
    """

    terms: LoanTerms
    installments: tuple[Installment, ...] = attrs.field(converter=_to_installments)
    upfront_fee: Decimal = Decimal(0)

    @property
    def total_principal(self) -> Decimal:
        """Principal repaid by all instalments."""
        return _sum(i.principal for i in self.installments)

    @property
    def total_interest(self) -> Decimal:
        """Interest paid by all instalments (capitalised interest is repaid as principal)."""
        return _sum(i.interest for i in self.installments)

    @property
    def total_capitalized_interest(self) -> Decimal:
        """Interest added to the balance during interest grace."""
        return _sum(i.capitalized_interest for i in self.installments)

    @property
    def total_fees(self) -> Decimal:
        """Instalment fees plus the upfront fee."""
        return _sum(i.fee for i in self.installments) + self.upfront_fee

    @property
    def total_payment(self) -> Decimal:
        """The sum of all instalment payments (the upfront fee is not an instalment)."""
        return _sum(i.payment for i in self.installments)

    @property
    def maturity(self) -> date:
        """The last due date."""
        return self.installments[-1].due_date

    def __len__(self) -> int:
        return len(self.installments)

    def __iter__(self) -> Iterator[Installment]:
        return iter(self.installments)

    def rows(self) -> list[tuple[Any, ...]]:
        """The instalments as tuples in :data:`COLUMNS` order.

        >>> from loancalc import LoanTerms, amortize
        >>> terms = LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1))
        >>> amortize(terms).rows()[0][:6]
        (1, datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), 31, Decimal('100.00'),
         Decimal('50.00'))
        """
        return [tuple(installment) for installment in self.installments]

    def to_csv(self) -> str:
        """CSV text: a header of :data:`COLUMNS` and one line per instalment (exact amounts).

        >>> from loancalc import LoanTerms, amortize
        >>> terms = LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1))
        >>> print(amortize(terms).to_csv(), end="")
        number,start,due_date,days,opening_balance,principal,interest,fee,payment,closing_balance,capitalized_interest
        1,2024-01-01,2024-02-01,31,100.00,100.00,0.00,0.00,100.00,0.00,0.00
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in self.rows():
            writer.writerow(
                [value.isoformat() if isinstance(value, date) else value for value in row]
            )
        return buffer.getvalue()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: amounts and dates as strings, so nothing is lost.

        >>> from loancalc import LoanTerms, amortize
        >>> terms = LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1))
        >>> amortize(terms).to_dict()["installments"][0]["payment"]
        '100.00'
        """
        return {
            "format": _JSON_FORMAT,
            "terms": self.terms.to_dict(),
            "upfront_fee": str(self.upfront_fee),
            "installments": [
                {name: _json_value(value) for name, value in zip(COLUMNS, row, strict=True)}
                for row in self.rows()
            ],
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """The schedule as JSON; :meth:`from_json` reads it back to an equal schedule.

        >>> from loancalc import LoanTerms, amortize
        >>> terms = LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1))
        >>> amortize(terms).to_json()[:32]
        '{"format": "loancalc.schedule/1"'
        """
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> Schedule:
        """Read a schedule written by :meth:`to_json` (lossless: amounts keep every digit).

        Raises :class:`~loancalc.errors.InvalidValueError` if the text is not such a schedule.

        >>> Schedule.from_json("[1, 2]")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: json: got [1, 2]; accepted: an object with format ...
        """
        try:
            data = json.loads(text)
        except ValueError as error:
            raise InvalidValueError(
                "json", _excerpt(text), f"a schedule's JSON ({error})"
            ) from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> Schedule:
        """Rebuild a schedule from :meth:`to_dict`'s output.

        >>> from loancalc import LoanTerms, amortize
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> Schedule.from_dict(s.to_dict()) == s
        True
        """
        if not isinstance(data, dict) or data.get("format") != _JSON_FORMAT:
            raise InvalidValueError(
                "json", _excerpt(data), f"an object with format {_JSON_FORMAT!r}"
            )
        try:
            installments = tuple(
                Installment(**{name: _from_json_value(name, row[name]) for name in COLUMNS})
                for row in data["installments"]
            )
            return cls(
                terms=LoanTerms.from_dict(data["terms"]),
                installments=installments,
                upfront_fee=Decimal(data["upfront_fee"]),
            )
        except LoanCalcError:
            raise
        except (KeyError, TypeError, ValueError, ArithmeticError) as error:
            raise InvalidValueError(
                "json", _excerpt(data), f"a schedule's JSON ({error!r})"
            ) from None

    def to_numpy(self, *, money: Literal["float64", "object"] = "float64") -> npt.NDArray[np.void]:
        """The instalments as a numpy structured array with the :data:`COLUMNS` fields.

        Dates are ``datetime64[D]``; money is ``float64`` (for analysis) or, with
        ``money="object"``, the exact ``Decimal`` values.

        >>> from loancalc import LoanTerms, amortize
        >>> terms = LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1))
        >>> a = amortize(terms).to_numpy()
        >>> a["principal"].tolist(), str(a["due_date"][1])
        ([50.0, 50.0], '2024-03-01')
        """
        if money not in ("float64", "object"):
            raise InvalidValueError("money", money, "'float64' or 'object'")
        money_type = np.float64 if money == "float64" else object
        dtype = np.dtype(
            [
                (
                    name,
                    np.int64
                    if name in ("number", "days")
                    else "datetime64[D]"
                    if name in _DATE_COLUMNS
                    else money_type,
                )
                for name in COLUMNS
            ]
        )
        array = np.empty(len(self.installments), dtype=dtype)
        for name, column in zip(COLUMNS, zip(*self.installments, strict=True), strict=True):
            values: Sequence[Any] = column
            if name in _MONEY_COLUMNS and money == "float64":
                values = [float(value) for value in column]
            array[name] = values
        return array

    def __str__(self) -> str:
        return _format_table(self)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_json_value(name: str, value: Any) -> Any:
    if name in _MONEY_COLUMNS:
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string amount, got {value!r}")
        return Decimal(value)
    if name in _DATE_COLUMNS:
        return date.fromisoformat(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    return value


def _excerpt(value: object) -> object:
    """``value`` itself if short, else the start of its repr (for error messages)."""
    text = repr(value)
    return value if len(text) <= 60 else text[:57] + "..."


_TABLE_COLUMNS = (
    ("No", "number"),
    ("Due date", "due_date"),
    ("Days", "days"),
    ("Opening", "opening_balance"),
    ("Principal", "principal"),
    ("Interest", "interest"),
    ("Fee", "fee"),
    ("Payment", "payment"),
    ("Closing", "closing_balance"),
)


def _format_table(schedule: Schedule) -> str:
    def cell(value: Any) -> str:
        if isinstance(value, Decimal):
            return f"{value:,f}"
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    header = [title for title, _ in _TABLE_COLUMNS]
    body = [[cell(getattr(i, name)) for _, name in _TABLE_COLUMNS] for i in schedule.installments]
    totals = [
        "Total", "", "", "",
        cell(schedule.total_principal), cell(schedule.total_interest),
        cell(schedule.total_fees - schedule.upfront_fee), cell(schedule.total_payment), "",
    ]  # fmt: skip
    widths = [max(len(row[c]) for row in [header, *body, totals]) for c in range(len(header))]
    lines = [
        "  ".join(text.rjust(width) for text, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *body, totals]
    ]
    rule = "-" * max(len(line) for line in lines)
    terms = schedule.terms
    title = (
        f"{terms.method.value} loan of {cell(terms.principal)} at "
        f"{_percent(terms.annual_rate)} a year, {terms.term} x {terms.frequency}, "
        f"{terms.accrual.value} accrual ({terms.day_count.value})"
    )
    extra = f"\nUpfront fee: {cell(schedule.upfront_fee)}" if schedule.upfront_fee else ""
    return "\n".join([title, rule, lines[0], rule, *lines[1:-1], rule, lines[-1]]) + extra


def _percent(rate: Decimal) -> str:
    """``0.049`` as ``'4.9%'``: no exponent, no trailing zeros."""
    with decimal.localcontext(CONTEXT):
        percent = (rate * 100).normalize()
    return f"{percent:f}%"
