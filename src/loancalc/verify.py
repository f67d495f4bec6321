"""Verify a schedule: recompute it from its terms and list every figure that differs.

For auditors and borrowers checking the numbers a lender sends. :func:`verify` checks a
:class:`~loancalc.Schedule` (as read from a loancalc JSON file); :func:`verify_rows`
checks rows as a lender states them (:class:`~loancalc.stated_rows.StatedRow`, read
from a CSV file by :func:`~loancalc.stated_rows.read_csv_rows`) against terms given
apart, and also reports rows whose own figures do not add up, and missing or extra
rows, instead of refusing the file. The result is truthy only when nothing differs:

>>> from datetime import date
>>> import loancalc as lc
>>> terms = lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31))
>>> bool(lc.verify(lc.amortize(terms)))
True
>>> stated = [lc.StatedRow(due_date="2024-02-29", payment="408.03", principal="396.03",
...                        interest="12.00", closing_balance="803.97"),
...           lc.StatedRow(due_date="2024-03-31", payment="409.03", principal="399.99",
...                        interest="9.04", closing_balance="403.98")]
>>> result = lc.verify_rows(terms, stated)
>>> bool(result), [(d.number, d.field, str(d.stated), str(d.computed)) for d in result.differences]
(False, [(2, 'interest', '9.04', '8.04'), (2, 'payment', '409.03', '408.03'),
 (3, 'due_date', 'None', '2024-04-30')])
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from loancalc import export
from loancalc._differences import Difference, DifferenceKind, Value
from loancalc._schedule_json import read_disbursements
from loancalc._schedule_rows import read_rows
from loancalc._verify_report import report
from loancalc.amortization import amortize
from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError
from loancalc.money import CONTEXT, to_decimal
from loancalc.schedule import _EXPORT_COLUMNS, COLUMNS, Installment, Schedule
from loancalc.stated_rows import StatedRow
from loancalc.terms import LoanTerms
from loancalc.tranches import Tranche

__all__ = ["Difference", "DifferenceKind", "Verification", "verify", "verify_json", "verify_rows"]

_MONEY = frozenset(COLUMNS[4:])


@attrs.frozen(kw_only=True)
class Verification:
    """The result of checking stated rows against the schedule their ``terms`` give.

    ``computed`` is that schedule, ``stated`` the rows checked and ``differences`` every
    figure that differs, in instalment order; the result is truthy only when there are
    none. ``str()`` gives a report for people (:meth:`report`), :meth:`to_dict` one for
    programs.

    >>> import loancalc as lc
    >>> terms = lc.LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1))
    >>> result = lc.verify(lc.amortize(terms))
    >>> bool(result), result.differences
    (True, ())
    """

    terms: LoanTerms
    computed: Schedule
    stated: tuple[StatedRow, ...]
    differences: tuple[Difference, ...]

    def __bool__(self) -> bool:
        return not self.differences

    def report(self) -> str:
        """A report for people: what was checked, then a table of the differences.

        >>> import loancalc as lc
        >>> terms = lc.LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1))
        >>> print(lc.verify(lc.amortize(terms)).report())
        equal-installment loan of 100 at 0% a year, 1 x monthly, periodic accrual (ACT/360)
        Agrees: the stated instalment matches the one its terms give, figure by figure.
        """
        return report(self.terms, self.computed, self.stated, self.differences)

    def __str__(self) -> str:
        return self.report()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: whether the rows agree, counts, the terms and the differences.

        >>> import loancalc as lc
        >>> terms = lc.LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1))
        >>> data = lc.verify(lc.amortize(terms)).to_dict()
        >>> data["agrees"], data["stated_installments"], data["differences"]
        (True, 1, [])
        """
        return {
            "format": "loancalc.verification/1",
            "agrees": bool(self),
            "stated_installments": len(self.stated),
            "computed_installments": len(self.computed),
            "terms": self.computed.to_dict()["terms"],
            "differences": [difference.to_dict() for difference in self.differences],
        }


def verify(schedule: Schedule, *, tolerance: Decimal | int | str = 0) -> Verification:
    """Recompute ``schedule`` from its terms and list every figure that differs.

    ``tolerance`` (an amount, 0 by default) ignores amounts that differ by no more than
    it. Raises :class:`~loancalc.errors.InvalidTypeError` if ``schedule`` is not a
    :class:`~loancalc.Schedule`.

    >>> import loancalc as lc
    >>> s = lc.amortize(lc.LoanTerms(principal=1200, annual_rate="12%", term=3,
    ...                              start=date(2024, 1, 31)))
    >>> rows = list(s.installments)
    >>> rows[2] = rows[2]._replace(interest=Decimal("5.04"), payment=Decimal("409.02"))
    >>> result = lc.verify(lc.Schedule(terms=s.terms, installments=rows))
    >>> [(d.number, d.field, d.delta) for d in result.differences]
    [(3, 'interest', Decimal('1.00')), (3, 'payment', Decimal('1.00'))]
    """
    if not isinstance(schedule, Schedule):
        raise InvalidTypeError("schedule", schedule, "a loancalc.Schedule")
    return verify_rows(
        schedule.terms, schedule.installments, upfront_fee=schedule.upfront_fee,
        tolerance=tolerance, tranches=schedule.disbursements,
    )  # fmt: skip


def verify_json(text: str | bytes, *, tolerance: Decimal | int | str = 0) -> Verification:
    """Verify a schedule's JSON (as :meth:`~loancalc.Schedule.to_json` writes it), even
    one whose rows were edited so that they no longer add up.

    The JSON must have the structure of a schedule (keys, types, finite amounts); unlike
    :meth:`~loancalc.Schedule.from_json` it may break the schedule's arithmetic, which is
    reported row by row (:attr:`DifferenceKind.ARITHMETIC`), as are missing or extra rows.

    >>> import loancalc as lc
    >>> s = lc.amortize(lc.LoanTerms(principal=100, annual_rate=0, term=2,
    ...                              start=date(2024, 1, 1)))
    >>> data = s.to_dict()
    >>> data["installments"][1]["payment"] = "49.00"
    >>> [(d.field, d.kind.value, str(d.computed))
    ...  for d in lc.verify_json(export.to_json(data)).differences]
    [('payment', 'arithmetic', '50.00'), ('payment', 'value', '50.00')]
    """
    data = export.parse_json(text, "json")
    if not isinstance(data, dict) or data.get("format") != "loancalc.schedule/1":
        raise InvalidValueError("json", data, "an object with format 'loancalc.schedule/1'")
    try:
        terms = LoanTerms.from_dict(data["terms"])
        upfront_fee = export.read_amount(data["upfront_fee"], "upfront_fee")
        installments = data["installments"]
        advances = read_disbursements(data.get("disbursements", []))
    except LoanCalcError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as error:
        raise InvalidValueError("json", data, f"a schedule's JSON ({error!r})") from None
    rows = read_rows(installments, _EXPORT_COLUMNS, StatedRow)
    return verify_rows(terms, rows, upfront_fee=upfront_fee, tolerance=tolerance, tranches=advances)


def verify_rows(
    terms: LoanTerms,
    rows: Iterable[StatedRow | Installment],
    *,
    upfront_fee: Decimal | int | str | None = None,
    tolerance: Decimal | int | str = 0,
    tranches: Iterable[Tranche | tuple[date, Decimal]] = (),
) -> Verification:
    """Check ``rows`` as someone states them against the schedule ``terms`` give
    (with ``tranches``, the further advances: :class:`~loancalc.Tranche` values or a
    schedule's ``disbursements``).

    Rows are matched by position (the first row is instalment 1); each figure a row
    states (not ``None``) is compared with the recomputed one, and the row's own figures
    are checked for adding up (a figure it does not state is taken at its recomputed
    value there). Rows beyond the recomputed ones are reported as extra, recomputed
    instalments without a row as missing. ``upfront_fee``, if given, is compared too
    (as instalment 0). Amounts within ``tolerance`` of each other count as equal.

    Raises :class:`~loancalc.errors.InvalidTypeError` for terms or rows of the wrong type
    and whatever :func:`~loancalc.amortize` raises for the terms.

    >>> import loancalc as lc
    >>> terms = lc.LoanTerms(principal=100, annual_rate=0, term=2, start=date(2024, 1, 1))
    >>> result = lc.verify_rows(terms, [lc.StatedRow(payment=50, principal=50,
    ...                                              interest=0, closing_balance=60)])
    >>> [(d.number, d.field, d.kind.value) for d in result.differences]
    [(1, 'closing_balance', 'arithmetic'), (1, 'closing_balance', 'value'),
     (2, 'due_date', 'missing')]
    """
    if not isinstance(terms, LoanTerms):
        raise InvalidTypeError("terms", terms, "a loancalc.LoanTerms")
    if isinstance(rows, str | bytes) or not isinstance(rows, Iterable):
        raise InvalidTypeError("rows", rows, "an iterable of StatedRow or Installment rows")
    stated = tuple(_stated(row, index) for index, row in enumerate(rows))
    limit = to_decimal(tolerance, "tolerance")
    if limit < 0 or (isinstance(tolerance, str) and "%" in tolerance):
        raise InvalidValueError("tolerance", tolerance, "an amount >= 0")
    advances = [
        item if isinstance(item, Tranche) else Tranche(date=item[0], amount=item[1])
        for item in tranches
    ]
    computed = amortize(terms, tranches=advances)
    differences: list[Difference] = []
    if upfront_fee is not None:
        fee = to_decimal(upfront_fee, "upfront_fee")
        if not _same(fee, computed.upfront_fee, limit):
            differences.append(
                Difference(number=0, field="upfront_fee", stated=fee, computed=computed.upfront_fee)
            )
    with decimal.localcontext(CONTEXT):
        differences += _compare(stated, computed.installments, terms, limit)
    return Verification(
        terms=terms, computed=computed, stated=stated, differences=tuple(differences)
    )


def _stated(row: object, index: int) -> StatedRow:
    if isinstance(row, StatedRow):
        return row
    if isinstance(row, Installment):
        return StatedRow.from_installment(row)
    raise InvalidTypeError(f"rows[{index}]", row, "a StatedRow or an Installment")


def _same(stated: Value, computed: Value, tolerance: Decimal) -> bool:
    if isinstance(stated, Decimal) and isinstance(computed, Decimal):
        return abs(stated - computed) <= tolerance
    return stated == computed


def _compare(
    stated: Sequence[StatedRow],
    computed: Sequence[Installment],
    terms: LoanTerms,
    tolerance: Decimal,
) -> Iterator[Difference]:
    previous_closing: Decimal | None = None
    for index, row in enumerate(stated):
        number = index + 1
        if index >= len(computed):
            shown = row.due_date if row.due_date is not None else row.payment
            field = "due_date" if row.due_date is not None else "payment"
            yield Difference(
                number=number, field=field, stated=shown, computed=None, kind=DifferenceKind.EXTRA
            )
            continue
        expected = computed[index]
        yield from _arithmetic(number, row, expected, previous_closing, tolerance)
        for field in COLUMNS:
            value = getattr(row, field)
            if value is not None and not _same(value, getattr(expected, field), tolerance):
                yield Difference(
                    number=number, field=field, stated=value, computed=getattr(expected, field)
                )
        previous_closing = row.closing_balance
    for expected in computed[len(stated) :]:
        yield Difference(
            number=expected.number, field="due_date", stated=None,
            computed=expected.due_date, kind=DifferenceKind.MISSING,
        )  # fmt: skip


def _arithmetic(
    number: int,
    row: StatedRow,
    expected: Installment,
    previous_closing: Decimal | None,
    tolerance: Decimal,
) -> Iterator[Difference]:
    """Where ``row``'s own figures do not add up (unstated ones at ``expected``'s value)."""

    def figure(name: str) -> Any:
        value = getattr(row, name)
        return getattr(expected, name) if value is None else value

    checks: list[tuple[str, Value]] = []
    if row.opening_balance is not None and previous_closing is not None:
        checks.append(("opening_balance", previous_closing))
    if row.payment is not None and row.principal is not None and row.interest is not None:
        checks.append(("payment", row.principal + row.interest + figure("fee")))
    if row.closing_balance is not None and row.principal is not None:
        opening = row.opening_balance
        if opening is None:
            opening = previous_closing if previous_closing is not None else expected.opening_balance
        # a further advance within the period (tranches) adds to the closing balance
        advanced = (expected.closing_balance - expected.opening_balance + expected.principal
                    - expected.capitalized_interest)  # fmt: skip
        checks.append(
            ("closing_balance",
             opening + advanced - row.principal + figure("capitalized_interest"))
        )  # fmt: skip
    if row.days is not None and row.due_date is not None and row.start is not None:
        checks.append(("days", (row.due_date - row.start).days))
    for name, value in checks:
        if not _same(getattr(row, name), value, tolerance):
            yield Difference(
                number=number, field=name, stated=getattr(row, name), computed=value,
                kind=DifferenceKind.ARITHMETIC,
            )  # fmt: skip
