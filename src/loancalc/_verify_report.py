"""The report for people of a :class:`~loancalc.verify.Verification`.

>>> from datetime import date
>>> import loancalc as lc
>>> terms = lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31))
>>> result = lc.verify_rows(terms, [lc.StatedRow(payment="408.03")] * 2)
>>> print(report(result.terms, result.computed, result.stated, result.differences))
equal-installment loan of 1,200 at 12% a year, 3 x monthly, periodic accrual (ACT/360)
Differs: 1 difference in 1 instalment (2 stated instalments; the terms give 3).
-----------------------------------------------------
No  Field     Stated  Expected    Difference  Why
-----------------------------------------------------
 3  due_date  (none)  2024-04-30              missing
-----------------------------------------------------
Payments: stated 816.06 in all; the terms give 1,224.08 (difference -408.02).
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal

from loancalc import export
from loancalc._differences import Difference
from loancalc.money import CONTEXT
from loancalc.schedule import Schedule
from loancalc.stated_rows import StatedRow
from loancalc.terms import LoanTerms

__all__ = ["report"]

_WHY = {
    "value": "differs",
    "arithmetic": "does not add up",
    "missing": "missing",
    "extra": "extra row",
}
_FOOTNOTE = (
    "Expected: the figure recomputed from the terms, or for 'does not add up' what the row's\n"
    "own figures give (payment = principal + interest + fee; balance = opening balance -\n"
    "principal + capitalised interest; opening balance = the previous row's balance)."
)


def report(
    terms: LoanTerms,
    computed_rows: Schedule,
    stated_rows: Sequence[StatedRow],
    differences: Sequence[Difference],
) -> str:
    """The title of the ``terms``, a verdict, and a table of the ``differences`` (if any)
    between the ``stated_rows`` and the schedule the terms give (``computed_rows``)."""
    title = (
        f"{terms.method.value} loan of {export.display_text(terms.principal)} at "
        f"{export.percent(terms.annual_rate)} a year, {terms.term} x {terms.frequency}, "
        f"{terms.accrual.value} accrual ({terms.day_count.value})"
    )
    stated, computed = len(stated_rows), len(computed_rows)
    lines = [title]
    if not differences:
        lines.append(
            "Agrees: the stated instalment matches the one its terms give, figure by figure."
            if stated == 1
            else f"Agrees: all {stated} stated instalments match the {computed} its terms "
            "give, figure by figure."
        )
        return "\n".join(lines)
    numbers = {d.number for d in differences if d.number > 0}
    lines.append(
        f"Differs: {_count(len(differences), 'difference')} in "
        f"{_count(len(numbers), 'instalment')}"
        + (" and the upfront fee" if any(d.number == 0 for d in differences) else "")
        + f" ({_count(stated, 'stated instalment')}; the terms give {computed})."
    )
    table = export.text_table(
        ["No", "Field", "Stated", "Expected", "Difference", "Why"],
        [_row(d) for d in differences],
        left=(1, 5),
    )
    lines += table.splitlines()
    lines.append(lines[2])
    lines += _totals(stated_rows, computed_rows)
    if any(d.kind.value == "arithmetic" for d in differences):
        lines.append(_FOOTNOTE)
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _row(difference: Difference) -> list[object]:
    def shown(value: object) -> object:
        return "(none)" if value is None else value

    return [
        difference.number if difference.number else "-",
        difference.field,
        shown(difference.stated),
        shown(difference.computed),
        difference.delta,
        _WHY[difference.kind.value],
    ]


def _totals(stated_rows: Sequence[StatedRow], computed_rows: Schedule) -> list[str]:
    payments = [row.payment for row in stated_rows]
    if not payments or None in payments:
        return []
    with decimal.localcontext(CONTEXT):
        stated = sum((payment for payment in payments if payment is not None), Decimal(0))
        computed = computed_rows.total_payment
        delta = stated - computed
    show = export.display_text
    return [
        f"Payments: stated {show(stated)} in all; the terms give {show(computed)} "
        f"(difference {show(delta)})."
    ]
