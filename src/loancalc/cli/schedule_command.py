"""``loancalc schedule``: print the repayment schedule of a loan."""

from __future__ import annotations

import argparse

from loancalc.amortization import amortize
from loancalc.cli._app import subcommand
from loancalc.cli.loan_options import (
    add_format_argument,
    add_loan_arguments,
    render_schedule,
    terms_from_args,
)

__all__ = ["schedule"]


def _configure_schedule(parser: argparse.ArgumentParser) -> None:
    add_loan_arguments(parser)
    add_format_argument(parser)


@subcommand(
    "schedule",
    help="print the repayment schedule of a loan",
    configure=_configure_schedule,
)
def schedule(args: argparse.Namespace) -> str:
    """The ``schedule`` subcommand: amortise the loan and render it.

    >>> import contextlib, io, json
    >>> from loancalc.cli import main
    >>> out = io.StringIO()
    >>> with contextlib.redirect_stdout(out):
    ...     status = main(["schedule", "--principal", "1000000", "--rate", "4.9%",
    ...                    "--term", "360", "--start", "2024-01-15", "--format", "json"])
    >>> status, json.loads(out.getvalue())["installments"][0]["payment"]
    (0, '5307.27')
    """
    return render_schedule(amortize(terms_from_args(args)), args.format)
