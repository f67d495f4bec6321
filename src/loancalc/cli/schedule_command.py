"""``loancalc schedule``: print the repayment schedule of a loan."""

from __future__ import annotations

import argparse

from loancalc.cli._app import subcommand
from loancalc.cli.loan_options import (
    add_format_argument,
    add_lang_argument,
    add_loan_arguments,
    language_from_args,
    loan_schedule_from_args,
    render_schedule,
)
from loancalc.locale import N_

__all__ = ["schedule"]


def _configure_schedule(parser: argparse.ArgumentParser) -> None:
    add_loan_arguments(parser)
    add_format_argument(parser, html=True)
    add_lang_argument(parser)


@subcommand(
    "schedule",
    help=N_("print the repayment schedule of a loan"),
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

    ``--format html`` writes one self-contained HTML page; ``--lang zh`` writes the table
    (or the page) in Chinese:

    >>> main(["schedule", "--principal", "1200", "--rate", "12%", "--term", "3",
    ...       "--start", "2024-01-31", "--lang", "zh"])  # doctest: +ELLIPSIS
    还款计划
    <BLANKLINE>
    本金：1,200
    年利率：12%
    期数：3
    还款方式：等额本息
    ...
    0
    """
    schedule = loan_schedule_from_args(args)
    return render_schedule(schedule, args.format, language_from_args(args))
