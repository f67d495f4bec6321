"""The options ``restructure``, ``prepay`` and ``check-agreement`` share besides the loan,
its payments and its servicing rules (those are ``assess``'s:
:func:`~loancalc.cli.assess_command.add_assessment_arguments` and
:func:`~loancalc.cli.assess_command.assessment_from_args`): the new terms of a
restructuring.

>>> import argparse
>>> from loancalc.cli.assess_command import add_assessment_arguments, assessment_from_args
>>> parser = argparse.ArgumentParser()
>>> add_assessment_arguments(parser)
>>> add_plan_arguments(parser)
>>> args = parser.parse_args(["--principal", "1000", "--rate", "0", "--term", "2",
...                           "--start", "2024-01-01", "--as-of", "2024-02-05",
...                           "--waive", "penalty-interest"])
>>> state = assessment_from_args(args)
>>> state.days_past_due, args.waive
(4, ['penalty-interest'])
>>> restructuring_from_args(args, state).breakdown.new_principal
Decimal('1000.00')
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from loancalc import export
from loancalc.cli.assess_command import _date
from loancalc.cli.loan_options import product_from_args
from loancalc.errors import InvalidValueError
from loancalc.locale import N_
from loancalc.restructuring import Restructuring, restructure
from loancalc.restructuring.breakdown import Breakdown
from loancalc.servicing import LoanState

__all__ = ["add_plan_arguments", "breakdown_text", "day", "restructuring_from_args"]


def add_plan_arguments(parser: argparse.ArgumentParser) -> None:
    """The new terms of a restructuring (the loan's own where not given)."""
    plan = parser.add_argument_group(N_("the restructuring (limits: the --product's, or none)"))
    plan.add_argument("--on", metavar="DATE", help=N_("the restructuring date [--as-of]"))
    plan.add_argument(
        "--kind", default="re-instalment", metavar="KIND",
        help=N_("re-instalment [default], re-age, re-amortise or extend"),
    )  # fmt: skip
    plan.add_argument("--new-term", metavar="N", help=N_("instalments of the new schedule"))
    plan.add_argument("--new-rate", metavar="RATE", help=N_("the new annual rate [the loan's]"))
    plan.add_argument("--new-method", metavar="METHOD", help=N_("the new method [the loan's]"))
    plan.add_argument("--new-first-due", metavar="DATE", help=N_("the new first due date"))
    plan.add_argument(
        "--capitalize", action="append", metavar="PART",
        help=N_("a debt part to capitalise (repeat; default: the kind's)"),
    )  # fmt: skip
    plan.add_argument(
        "--waive", action="append", default=[], metavar="PART",
        help=N_("a debt part to waive on condition, e.g. penalty-interest (repeat)"),
    )  # fmt: skip
    plan.add_argument("--down-payment", default="0", metavar="AMOUNT", help=N_("paid on signing"))


def _term(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidValueError("--new-term", text, "a whole number of instalments") from None


def restructuring_from_args(args: argparse.Namespace, state: LoanState) -> Restructuring:
    """The restructuring the plan options ask for, of ``state``."""
    on = state.as_of if args.on is None else _date(args.on, "--on")
    first_due = None if args.new_first_due is None else _date(args.new_first_due, "--new-first-due")
    capitalize: Any = None if args.capitalize is None else tuple(args.capitalize)
    return restructure(
        state,
        on,
        term=_term(args.new_term),
        annual_rate=args.new_rate,
        method=args.new_method,
        first_due=first_due,
        capitalize=capitalize,
        waive=tuple(args.waive),
        down_payment=args.down_payment,
        kind=args.kind,
        rules=product_from_args(args),
    )


def breakdown_text(breakdown: Breakdown, title: str) -> str:
    """The breakdown as a text table, with totals."""
    columns = ("debt", "paid", "carried", "capitalized", "waived", "left_due")
    rows = [
        [line.part.value, *(getattr(line, name) for name in columns)] for line in breakdown.lines
    ]
    totals = ["Total", *(getattr(breakdown, name) for name in columns)]
    return export.text_table(
        ["Part", "Debt", "Paid", "Carried", "Capitalised", "Waived", "Left due"],
        rows,
        title=title,
        totals=totals,
    )


def day(text: str, option: str) -> date:
    """A ``YYYY-MM-DD`` option value."""
    return _date(text, option)
