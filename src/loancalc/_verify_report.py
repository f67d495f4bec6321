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
from collections.abc import Callable, Sequence
from decimal import Decimal

from loancalc import export
from loancalc._differences import Difference
from loancalc.locale import translation
from loancalc.money import CONTEXT
from loancalc.schedule import Schedule
from loancalc.stated_rows import StatedRow
from loancalc.terms import LoanTerms

__all__ = ["report"]

#: A translation's ``gettext``.
Gettext = Callable[[str], str]


def N_(message: str) -> str:  # noqa: N802  (gettext's name for a message marked only)
    """``message``, marked for the catalog; translated where it is shown."""
    return message


_WHY = {
    "value": N_("differs"),
    "arithmetic": N_("does not add up"),
    "missing": N_("missing"),
    "extra": N_("extra row"),
}
_FOOTNOTE = N_(
    "Expected: the figure recomputed from the terms, or for 'does not add up' what the row's\n"
    "own figures give (payment = principal + interest + fee; balance = opening balance -\n"
    "principal + capitalised interest; opening balance = the previous row's balance)."
)
#: The figures of a row in a translated report (English shows their names).
_FIELDS = {"start": N_("Start date"), "due_date": N_("Due date"), "days": N_("Days"),
           "opening_balance": N_("Opening balance"), "principal": N_("Principal"),
           "interest": N_("Interest"), "fee": N_("Fee"), "payment": N_("Payment"),
           "closing_balance": N_("Closing balance"),
           "capitalized_interest": N_("Capitalised interest"),
           "upfront_fee": N_("Upfront fee")}  # fmt: skip


def report(
    terms: LoanTerms,
    computed_rows: Schedule,
    stated_rows: Sequence[StatedRow],
    differences: Sequence[Difference],
    lang: str = "en",
) -> str:
    """The title of the ``terms``, a verdict, and a table of the ``differences`` (if any)
    between the ``stated_rows`` and the schedule the terms give (``computed_rows``), in
    ``lang`` (English by default)."""
    _ = translation(lang).gettext
    stated, computed = len(stated_rows), len(computed_rows)
    lines = [_title(terms) if lang == "en" else _translated_title(_, terms)]
    if not differences:
        lines.append(
            _("Agrees: the stated instalment matches the one its terms give, figure by figure.")
            if stated == 1
            else _(
                "Agrees: all {stated} stated instalments match the {computed} its terms "
                "give, figure by figure."
            ).format(stated=stated, computed=computed)
        )
        return "\n".join(lines)
    numbers = {d.number for d in differences if d.number > 0}
    fee = any(d.number == 0 for d in differences)
    if lang == "en":
        lines.append(
            f"Differs: {_count(len(differences), 'difference')} in "
            f"{_count(len(numbers), 'instalment')}"
            + (" and the upfront fee" if fee else "")
            + f" ({_count(stated, 'stated instalment')}; the terms give {computed})."
        )
    else:
        verdict = (
            _("Differs: {differences} differences in {instalments} instalments and the "
              "upfront fee ({stated} stated instalments; the terms give {computed}).")
            if fee
            else _("Differs: {differences} differences in {instalments} instalments "
                   "({stated} stated instalments; the terms give {computed}).")
        )  # fmt: skip
        lines.append(
            verdict.format(differences=len(differences), instalments=len(numbers),
                           stated=stated, computed=computed)
        )  # fmt: skip
    header = [_("No"), _("Field"), _("Stated"), _("Expected"), _("Difference"), _("Why")]
    table = export.text_table(header, [_row(_, lang, d) for d in differences], left=(1, 5))
    lines += table.splitlines()
    lines.append(lines[2])
    lines += _totals(_, stated_rows, computed_rows)
    if any(d.kind.value == "arithmetic" for d in differences):
        lines.append(_(_FOOTNOTE))
    return "\n".join(lines)


def _title(terms: LoanTerms) -> str:
    return (
        f"{terms.method.value} loan of {export.display_text(terms.principal)} at "
        f"{export.percent(terms.annual_rate)} a year, {terms.term} x {terms.frequency}, "
        f"{terms.accrual.value} accrual ({terms.day_count.value})"
    )


def _translated_title(_: Gettext, terms: LoanTerms) -> str:
    from loancalc.reports.words import method_word  # loads the reports

    frequency = str(terms.frequency)
    frequencies = {
        "weekly": _("weekly"), "bi-weekly": _("every two weeks"),
        "semi-monthly": _("twice a month"), "monthly": _("monthly"),
        "quarterly": _("quarterly"), "semi-annual": _("every six months"),
        "annual": _("yearly"),
    }  # fmt: skip
    if frequency not in frequencies:
        unit = (
            _("every {count} days") if terms.frequency.unit == "day" else _("every {count} months")
        )
        shown = unit.format(count=terms.frequency.count)
    else:
        shown = frequencies[frequency]
    accrual = _("daily accrual") if terms.accrual.value == "daily" else _("periodic accrual")
    return _(
        "{method} loan of {principal} at {rate} a year, {term} instalments {frequency}, "
        "{accrual} ({day_count})"
    ).format(method=method_word(_, terms.method), principal=export.display_text(terms.principal),
             rate=export.percent(terms.annual_rate), term=terms.term, frequency=shown,
             accrual=accrual, day_count=terms.day_count.value)  # fmt: skip


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _row(_: Gettext, lang: str, difference: Difference) -> list[object]:
    def shown(value: object) -> object:
        return _("(none)") if value is None else value

    field = difference.field
    return [
        difference.number if difference.number else "-",
        field if lang == "en" else _(_FIELDS.get(field, field)),
        shown(difference.stated),
        shown(difference.computed),
        difference.delta,
        _(_WHY[difference.kind.value]),
    ]


def _totals(_: Gettext, stated_rows: Sequence[StatedRow], computed_rows: Schedule) -> list[str]:
    payments = [row.payment for row in stated_rows]
    if not payments or None in payments:
        return []
    with decimal.localcontext(CONTEXT):
        stated = sum((payment for payment in payments if payment is not None), Decimal(0))
        computed = computed_rows.total_payment
        delta = stated - computed
    show = export.display_text
    return [
        _(
            "Payments: stated {stated} in all; the terms give {computed} (difference {delta})."
        ).format(stated=show(stated), computed=show(computed), delta=show(delta))
    ]
