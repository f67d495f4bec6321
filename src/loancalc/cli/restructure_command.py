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

from loancalc import export
from loancalc.cli._app import subcommand
from loancalc.cli._restructuring_args import (
    add_plan_arguments,
    breakdown_text,
    restructuring_from_args,
)
from loancalc.cli.assess_command import add_assessment_arguments, assessment_from_args
from loancalc.cli.loan_options import add_format_argument
from loancalc.restructuring import Restructuring

__all__ = ["restructure_loan"]


def _in_row(result: Restructuring) -> str:
    """Which row of the plan asks for what was left due (nothing when nothing was)."""
    row = result.agreement.left_due_row
    return "" if row is None else f", asked for by row {row} of the plan"


def _configure(parser: argparse.ArgumentParser) -> None:
    add_assessment_arguments(parser)
    add_plan_arguments(parser)
    add_format_argument(parser)


@subcommand(
    "restructure",
    help="replace a loan's debt with a new schedule: the breakdown and the new schedule",
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
    show = export.display_text
    return "\n".join(
        [
            breakdown_text(result.breakdown, f"The debt replaced on {result.on}"),
            "",
            f"New principal: {show(result.breakdown.new_principal)}; left due on "
            f"{result.on}: {show(result.breakdown.left_due)}{_in_row(result)}; agreement: "
            f"{result.agreement.condition}",
            "",
            str(result.schedule),
        ]
    )
