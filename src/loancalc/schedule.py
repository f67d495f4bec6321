"""A repayment schedule: its :class:`Installment` rows, totals and exports.

>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31)))
>>> [str(i.payment) for i in s.installments], s.total_interest
(['408.03', '408.03', '408.02'], Decimal('24.08'))
>>> print(s.to_csv().splitlines()[1])
1,2024-01-31,2024-02-29,29,1200.00,396.03,12.00,0.00,408.03,803.97,0.00
>>> Schedule.from_json(s.to_json()) == s
True

The export formats themselves live in :mod:`loancalc.export` (shared with other tables
of records); the checks :meth:`Schedule.from_dict` makes on every row in
:mod:`loancalc._schedule_rows`, and on the object around the rows in
:mod:`loancalc._schedule_json`.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from itertools import islice
from typing import Any, Literal, NamedTuple, cast

import attrs
import numpy as np
import numpy.typing as npt

from loancalc import _schedule_json as envelope
from loancalc import export
from loancalc._schedule_rows import check_advances, check_count, check_rows, read_rows
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.lineage import LineageEntry, entry_to_dict, read_lineage, to_lineage
from loancalc.money import CONTEXT
from loancalc.terms import MAX_TERM, LoanTerms
from loancalc.tranches import Disbursement, to_disbursements

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
_KINDS = {"number": export.Kind.INTEGER, "days": export.Kind.INTEGER}
_KINDS.update(start=export.Kind.DATE, due_date=export.Kind.DATE)
_EXPORT_COLUMNS = tuple(
    export.Column(name=name, kind=_KINDS.get(name, export.Kind.MONEY)) for name in COLUMNS
)
_INSTALLMENTS_ACCEPTED = "a non-empty sequence of loancalc.Installment rows (required)"


def _to_installments(value: Iterable[Installment]) -> tuple[Installment, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidTypeError("installments", value, _INSTALLMENTS_ACCEPTED)
    installments = tuple(islice(value, MAX_TERM + 1))  # never more rows than a term allows
    if len(installments) > MAX_TERM:
        raise InvalidValueError(
            "installments", value, f"at most {MAX_TERM} instalments (the longest term)"
        )
    if list(map(type, installments)).count(Installment) == len(installments):  # in C, fast
        return installments
    for index, installment in enumerate(installments):
        if not isinstance(installment, Installment):
            raise InvalidTypeError(f"installments[{index}]", installment, "a loancalc.Installment")
    return installments


def _check_terms(instance: Schedule, attribute: attrs.Attribute[LoanTerms], value: object) -> None:
    if not isinstance(value, LoanTerms):
        raise InvalidTypeError("terms", value, "a loancalc.LoanTerms (required)")


def _check_upfront_fee(
    instance: Schedule, attribute: attrs.Attribute[Decimal], value: object
) -> None:
    if not isinstance(value, Decimal):
        raise InvalidTypeError("upfront_fee", value, "a Decimal amount >= 0")
    if not value.is_finite() or value < 0:
        raise InvalidValueError("upfront_fee", value, "a finite amount >= 0")


def _sum(values: Iterator[Decimal]) -> Decimal:
    with decimal.localcontext(CONTEXT):
        return sum(values, Decimal(0))


@attrs.frozen(kw_only=True)
class Schedule:
    """The instalments :func:`loancalc.amortize` computed for ``terms``.

    ``upfront_fee`` is charged at disbursement, outside the instalments. ``lineage``: the
    restructurings, deferrals and prepayments the schedule came from
    (:class:`~loancalc.restructuring.LineageEntry` values, the latest last; empty for a
    schedule of :func:`loancalc.amortize`), which :func:`loancalc.restructure` counts
    against the product's limits. ``disbursements``: the advances after the first
    (``(date, amount)`` pairs, dates increasing; empty unless :func:`loancalc.amortize`
    was given tranches). Totals:
    ``total_principal`` (the principal plus any capitalised interest), ``total_interest``
    and ``total_fees`` (instalment fees plus the upfront fee) and ``total_payment`` (what
    the instalments ask for, upfront fee excluded).

    Built directly, a schedule checks its parts' types and that it has as many
    instalments as its terms make (``term``; one for a bullet loan), raising
    :class:`~loancalc.errors.InvalidTypeError` or
    :class:`~loancalc.errors.InvalidValueError`. :meth:`from_dict` and :meth:`from_json`
    also check every row's arithmetic, since a file may have been edited.

    >>> from loancalc import Fees, LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=4, start=date(2024, 1, 1),
    ...                        fees=Fees(upfront=10, per_period=1)))
    >>> s.total_principal, s.total_fees, s.total_payment, s.maturity, len(s)
    (Decimal('1000.00'), Decimal('14.00'), Decimal('1004.00'), datetime.date(2024, 5, 1), 4)
    >>> Schedule(terms=s.terms, installments=())
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: installments: got 0 rows; accepted: 4 instalments ...
    """

    # Required: the None defaults only let a missing argument raise InvalidTypeError too.
    terms: LoanTerms = attrs.field(default=cast("LoanTerms", None), validator=_check_terms)
    installments: tuple[Installment, ...] = attrs.field(
        default=cast("tuple[Installment, ...]", None), converter=_to_installments
    )
    upfront_fee: Decimal = attrs.field(default=Decimal(0), validator=_check_upfront_fee)
    lineage: tuple[LineageEntry, ...] = attrs.field(default=(), converter=to_lineage)
    disbursements: tuple[Disbursement, ...] = attrs.field(default=(), converter=to_disbursements)

    def __attrs_post_init__(self) -> None:
        check_count(self.terms, len(self.installments))
        if self.disbursements:
            check_advances(self.terms, self.installments, self.disbursements)

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
        if self.disbursements:  # a column of what each period advanced
            return envelope.csv_with_advances(COLUMNS, self.installments, self.disbursements)
        return export.to_csv(COLUMNS, self.installments)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: amounts and dates as strings, so nothing is lost.

        A ``lineage`` key (a list of entries) is written only when the schedule has one,
        with ``lineage_count``, the number of its entries, which :meth:`from_dict` checks
        against it (a lineage dropped or cut short is refused, not read as a fresh loan).

        >>> from loancalc import LoanTerms, amortize
        >>> terms = LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1))
        >>> amortize(terms).to_dict()["installments"][0]["payment"]
        '100.00'
        """
        json_value = export.json_value
        data: dict[str, Any] = {
            "format": envelope.JSON_FORMAT,
            "terms": envelope.without_negative_zero(self.terms.to_dict()),
            "upfront_fee": json_value(self.upfront_fee),
            "installments": [
                dict(zip(COLUMNS, map(json_value, row), strict=True)) for row in self.installments
            ],
        }
        if self.lineage:
            data["lineage"] = [entry_to_dict(entry) for entry in self.lineage]
            data["lineage_count"] = len(self.lineage)
        if self.disbursements:
            data["disbursements"] = envelope.disbursements_to_list(self.disbursements)
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """The schedule as JSON; :meth:`from_json` reads it back to an equal schedule.

        >>> from loancalc import LoanTerms, amortize
        >>> terms = LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1))
        >>> amortize(terms).to_json()[:32]
        '{"format": "loancalc.schedule/1"'
        """
        return export.to_json(self.to_dict(), indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> Schedule:
        """Read a schedule written by :meth:`to_json` (lossless: amounts keep every digit).

        Checks everything :meth:`from_dict` does. Raises
        :class:`~loancalc.errors.InvalidTypeError` if ``text`` is not text and
        :class:`~loancalc.errors.InvalidValueError` if it is not such a schedule.

        >>> Schedule.from_json("[1, 2]")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: json: got [1, 2]; accepted: an object with format ...
        """
        return cls.from_dict(export.parse_json(text, "json"))

    @classmethod
    def from_dict(cls, data: Any) -> Schedule:
        """Rebuild a schedule from :meth:`to_dict`'s output, checking every row.

        The structure (keys, types, finite amounts written as strings) and the arithmetic
        every schedule keeps are checked: rows numbered from 1, one per instalment the
        terms make; due dates increasing, each period starting where the previous ended and
        ``days`` its length; amounts not negative; ``payment = principal + interest + fee``;
        ``closing_balance = opening_balance - principal + capitalized_interest``; each
        opening balance the previous closing one, from the principal down to zero. An
        error names the row by its index in the list and the field, as in
        ``installments[2].payment`` (the third row). A schedule whose lineage records a
        re-age may restart its balance column once per re-age (see
        :func:`loancalc._schedule_rows.check_rows`). An optional ``lineage`` list is read
        back entry by entry (:func:`loancalc.lineage.read_lineage`; errors name the entry
        and key, as in ``lineage[0].kind``).

        A restructured schedule's lineage holds the plans that count against the
        product's ``max_count``, so it cannot be dropped silently: ``lineage_count`` (which
        :meth:`to_dict` writes with every lineage) must equal the number of entries of
        ``lineage``, and a ``lineage_count`` without a ``lineage`` is refused. (JSON
        written before ``lineage_count`` existed, with a ``lineage`` alone, still reads.
        The check catches a lineage removed or cut short by an edit or a tool; it is not
        a signature: keep the JSON whole, or the restructurings in your own records.)

        >>> from loancalc import LoanTerms, amortize
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> Schedule.from_dict(s.to_dict()) == s
        True
        >>> data = s.to_dict()
        >>> data["installments"][0]["payment"] = "99.00"
        >>> Schedule.from_dict(data)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: installments[0].payment: got Decimal('99.00');
        accepted: principal + interest + fee = 100.00
        """
        envelope.check_envelope(data)
        terms = envelope.read_terms(data["terms"])
        upfront_fee = envelope.read_upfront_fee(data["upfront_fee"])
        rows = data["installments"]
        if isinstance(rows, list) and rows:  # the count first: no need to read a long list
            check_count(terms, len(rows))
        lineage = read_lineage(data["lineage"]) if "lineage" in data else ()
        installments = read_rows(rows, _EXPORT_COLUMNS, Installment)
        advances = envelope.read_disbursements(data.get("disbursements", []))
        check_rows(
            terms, installments, re_aged=any(e.kind == "re-age" for e in lineage),
            disbursements=advances,
        )  # fmt: skip
        envelope.check_lineage_count(data, lineage)
        return cls(
            terms=terms, installments=installments, upfront_fee=upfront_fee, lineage=lineage,
            disbursements=advances,
        )  # fmt: skip

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
        return export.to_numpy(_EXPORT_COLUMNS, self.installments, money=money)

    def __str__(self) -> str:
        terms = self.terms
        show = export.display_text
        rate = f"{export.percent(terms.annual_rate)} a year"
        if terms.rate_schedule is not None:  # a moving rate: its rule, and where it starts
            rate = f"{terms.rate_schedule.describe()} ({rate} to start)"
        title = (
            f"{terms.method.value} loan of {show(terms.principal)} at {rate}, "
            f"{terms.term} x {terms.frequency}, "
            f"{terms.accrual.value} accrual ({terms.day_count.value})"
        )
        totals = [
            "Total", "", "", "", self.total_principal, self.total_interest,
            self.total_fees - self.upfront_fee, self.total_payment, "",
        ]  # fmt: skip
        return export.text_table(
            [title for title, _ in _TABLE_COLUMNS],
            [[getattr(row, name) for _, name in _TABLE_COLUMNS] for row in self.installments],
            title=title,
            totals=totals,
            notes=[
                *([f"Upfront fee: {show(self.upfront_fee)}"] if self.upfront_fee else []),
                *(f"Advance of {show(amount)} on {on}" for on, amount in self.disbursements),
            ],
        )


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


def built_schedule(
    terms: LoanTerms,
    installments: list[Installment],
    upfront_fee: Decimal,
    *,
    disbursements: tuple[Disbursement, ...] = (),
) -> Schedule:
    """The :class:`Schedule` of ``installments`` the engine made for ``terms``, without
    the checks a schedule built from outside runs: the engine makes the right number of
    :class:`Installment` rows and a non-negative fee by construction, and re-checking them
    cost a short schedule a tenth of its time. (A property test holds it equal to the
    checked constructor.)

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> built_schedule(s.terms, list(s.installments), s.upfront_fee) == s
    True
    """
    schedule: Schedule = object.__new__(Schedule)
    set_field = object.__setattr__  # the frozen class's own way in (as attrs does)
    set_field(schedule, "terms", terms)
    set_field(schedule, "installments", tuple(installments))
    set_field(schedule, "upfront_fee", upfront_fee)
    set_field(schedule, "lineage", ())
    set_field(schedule, "disbursements", disbursements)
    return schedule
