"""``loancalc diff``: what a correction changed, explained.

The loan, its payments and its servicing rules come from the options of ``loancalc
assess`` (the same parser). Two states of the loan on ``--as-of`` are compared
(:func:`loancalc.state_diff.diff`): with ``--known-on DATE``, the loan as known on that
date (payments the lender learnt of later, by their ``known_on``, left out) against the
loan as known now (every payment given); with ``--before-payments FILE``, the loan with
that file's payments against the loan with ``--payments``/``--payment``. Exactly one of
the two is required. The output lists each instalment's changed figures, the loan's
delinquency, the days-past-due and bucket history, the charges added or removed and the
settlement figure: text for people, CSV (one line per change, exact amounts) or JSON.
A difference is data: the exit status is 0.
"""

from __future__ import annotations

import argparse

from loancalc.cli._app import subcommand
from loancalc.cli.assess_command import (
    _date,
    add_assessment_arguments,
    assessment_from_args,
    payments_from_args,
    read_payments,
)
from loancalc.errors import InvalidValueError
from loancalc.servicing import assess
from loancalc.state_diff import diff

__all__ = ["diff_loan"]


def _configure(parser: argparse.ArgumentParser) -> None:
    add_assessment_arguments(parser)
    before = parser.add_argument_group(
        "the loan before the correction (exactly one of these)"
    ).add_mutually_exclusive_group(required=True)
    before.add_argument(
        "--known-on",
        metavar="DATE",
        help="before: the loan as known on DATE (payments learnt of later, by their "
        "known_on, left out); after: every payment given",
    )
    before.add_argument(
        "--before-payments",
        metavar="FILE",
        help="before: the payments of this CSV file (as --payments reads them; '-' for "
        "stdin); after: --payments and --payment",
    )
    parser.add_argument_group("output").add_argument(
        "--format",
        choices=("text", "csv", "json"),
        default="text",
        help="text for people; csv: one line per change (exact amounts, ISO dates); json: "
        "everything, amounts as strings (default: %(default)s)",
    )


@subcommand(
    "diff",
    help="what a backdated correction changed: amounts, delinquency, charges, settlement",
    configure=_configure,
)
def diff_loan(args: argparse.Namespace) -> str:
    """The ``diff`` subcommand.

    >>> from loancalc.cli import main
    >>> main(["diff", "--principal", "1000", "--rate", "0%", "--term", "2",
    ...       "--start", "2024-01-01", "--late-fee", "10", "--grace-days", "3",
    ...       "--payment", "2024-02-01:500:2024-02-10", "--as-of", "2024-02-10",
    ...       "--known-on", "2024-02-09", "--format", "csv"])  # doctest: +ELLIPSIS
    section,date,installment,field,component,before,after,change
    loan,,,status,,overdue,current,
    loan,,,days_past_due,,9,0,-9
    ...
    charge-removed,2024-02-04,1,late-fee-charged,late-fee,10,,-10
    0
    """
    as_of = _date(args.as_of, "--as-of")
    if args.before_payments == "-" and args.payments == "-":
        raise InvalidValueError(
            "--before-payments", "-", "a file, when --payments reads stdin ('-')"
        )
    after = assessment_from_args(args, as_of, payments_from_args(args))
    if args.known_on is not None:
        known_on = _date(args.known_on, "--known-on")
        payments = list(after.payments)
    else:
        known_on = None
        payments = read_payments(args.before_payments, "--before-payments")
    try:
        before = assess(
            after.schedule, payments, as_of, after.rules, waivers=after.waivers, known_on=known_on
        )
    except InvalidValueError as error:  # a payment of --before-payments, by its index
        if not error.field.startswith("payments["):
            raise
        field = f"--before-payments {error.field}"
        raise InvalidValueError(field, error.value, error.accepted) from None
    changes = diff(before, after)
    if args.format == "csv":
        return changes.to_csv()
    if args.format == "json":
        return changes.to_json(indent=2)
    return changes.text()
