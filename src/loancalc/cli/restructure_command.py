"""``loancalc restructure``: replace a loan's debt with a new schedule.

The loan and its payments come as for ``assess`` (``--as-of`` is the date of the state),
then the new terms (``--new-term``, ``--new-rate``, ``--waive``, ``--capitalize``,
``--down-payment``, ``--kind``); a ``--product``'s restructuring rules limit them. Prints
the debt replaced, part by part (paid, carried, capitalised, waived, left due), and the
new schedule; what is left due is a row of it (the ``--product``'s ``left_due_row``).
``--interest-basis actual-balance`` (and the actual-balance options of ``assess``) put the
loan and its plan on that basis.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from loancalc import export
from loancalc.cli._app import subcommand
from loancalc.cli._restructuring_args import (
    add_plan_arguments,
    breakdown_text,
    restructuring_from_args,
)
from loancalc.cli.assess_command import add_assessment_arguments, assessment_from_args
from loancalc.cli.loan_options import (
    add_format_argument,
    add_lang_argument,
    language_from_args,
    render_schedule,
)
from loancalc.locale import N_, translation
from loancalc.restructuring import Restructuring
from loancalc.restructuring.breakdown import Breakdown
from loancalc.restructuring.debt import DebtPart

__all__ = ["restructure_loan"]

#: A translation's ``gettext``.
Gettext = Callable[[str], str]


def _in_row(_: Gettext, result: Restructuring) -> str:
    """Which row of the plan asks for what was left due (nothing when nothing was)."""
    row = result.agreement.left_due_row
    return "" if row is None else _(", asked for by row {row} of the plan").format(row=row)


def _part_word(_: Gettext, part: DebtPart) -> str:
    """A part of the debt replaced, in words."""
    words = {
        DebtPart.PRINCIPAL: _("principal"),
        DebtPart.OVERDUE_INTEREST: _("overdue interest"),
        DebtPart.ACCRUED_INTEREST: _("accrued interest"),
        DebtPart.FEE: _("fee"),
        DebtPart.PENALTY_INTEREST: _("Penalty interest"),
        DebtPart.COMPOUND_INTEREST: _("Compound interest"),
        DebtPart.LATE_FEE: _("Late fees"),
    }
    return words.get(part, part.value)


def _breakdown_table(_: Gettext, breakdown: Breakdown, title: str) -> str:
    """The breakdown as a text table, with totals, in the language of ``_`` (the
    English table is :func:`~loancalc.cli._restructuring_args.breakdown_text`'s)."""
    columns = ("debt", "paid", "carried", "capitalized", "waived", "left_due")
    rows = [
        [_part_word(_, line.part), *(getattr(line, name) for name in columns)]
        for line in breakdown.lines
    ]
    header = [_("Part"), _("Debt"), _("Paid"), _("Carried"), _("Capitalised"), _("Waived"),
              _("Left due")]  # fmt: skip
    totals = [_("Total"), *(getattr(breakdown, name) for name in columns)]
    return export.text_table(header, rows, title=title, totals=totals)


def _configure(parser: argparse.ArgumentParser) -> None:
    add_assessment_arguments(parser)
    add_plan_arguments(parser)
    add_format_argument(parser)
    add_lang_argument(parser)


@subcommand(
    "restructure",
    help=N_("replace a loan's debt with a new schedule: the breakdown and the new schedule"),
    configure=_configure,
)
def restructure_loan(args: argparse.Namespace) -> str:
    """The ``restructure`` subcommand.

    >>> from loancalc.cli import main
    >>> main(["restructure", "--principal", "12000", "--rate", "18%", "--term", "12",
    ...       "--start", "2024-01-15", "--payment", "2024-02-15:1100.16",
    ...       "--as-of", "2024-04-24", "--grace-days", "3", "--penalty-multiplier", "1.5",
    ...       "--compound", "--new-term", "24", "--waive", "penalty-interest",
    ...       "--waive", "compound-interest", "--format", "json"])  # doctest: +ELLIPSIS
    {
      "kind": "re-instalment",
      "on": "2024-04-24",
      "breakdown": {...
        "capitalized": "359.78",
        "waived": "40.44",
        "left_due": "0.00"
      },
      "new_principal": "11439.62",
      "left_due_row": null,...
    0
    """
    state = assessment_from_args(args)
    result = restructuring_from_args(args, state)
    if args.format == "csv":
        return result.schedule.to_csv()
    if args.format == "json":
        data = {
            "kind": result.kind.value,
            "on": result.on.isoformat(),
            "breakdown": result.breakdown.to_dict(),
            "new_principal": export.json_value(result.breakdown.new_principal),
            "left_due_row": result.agreement.left_due_row,
            "condition": result.agreement.condition,
            "schedule": result.schedule.to_dict(),
        }
        return export.to_json(data, indent=2)
    lang = language_from_args(args)
    _ = translation(lang).gettext
    show = export.display_text
    title = _("The debt replaced on {on}").format(on=result.on)
    if lang == "en":
        table, condition = breakdown_text(result.breakdown, title), result.agreement.condition
    else:
        from loancalc.reports.agreement_report import condition_text  # loads the reports

        table = _breakdown_table(_, result.breakdown, title)
        condition = condition_text(_, result.agreement)
    summary = _("New principal: {principal}; left due on {on}: {left}{row}; agreement: "
                "{condition}").format(principal=show(result.breakdown.new_principal),
                                      on=result.on, left=show(result.breakdown.left_due),
                                      row=_in_row(_, result), condition=condition)  # fmt: skip
    return "\n".join([table, "", summary, "", render_schedule(result.schedule, "table", lang)])
