"""``loancalc project``: what happens next to a loan, date by date, up to ``--until``.

The loan, its payments so far (up to ``--as-of``) and its servicing rules come from the
options of ``loancalc assess`` (the same parser): the loan is assessed on ``--as-of``,
then projected (:func:`loancalc.projection.project`) to ``--until`` if nothing more is
paid, or only the payments of ``--then DATE:AMOUNT`` (repeated; each after ``--as-of``,
up to ``--until``). The output lists the milestones: instalments falling due, grace
ending, late fees, bucket and classification moves, the day the loan becomes reportable,
cost caps reached, and a payment closing the loan; each with the days past due, bucket,
amount due and debt (the payoff amount) on its date. ``--format text`` (the default)
adds a chart of the debt over time; ``csv`` gives one line per milestone; ``json``
everything, with the debt on every date assessed.
"""

from __future__ import annotations

import argparse

from loancalc import export
from loancalc.cli._app import subcommand
from loancalc.cli.assess_command import (
    _date,
    add_assessment_arguments,
    assessment_from_args,
    payments_from_args,
)
from loancalc.cli.loan_options import add_lang_argument, language_from_args
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.locale import N_
from loancalc.projection import project
from loancalc.servicing import Payment

__all__ = ["project_loan"]

_THEN = "DATE:AMOUNT with a YYYY-MM-DD date after --as-of, up to --until, and an amount > 0"


def _configure(parser: argparse.ArgumentParser) -> None:
    add_assessment_arguments(parser)
    ahead = parser.add_argument_group(N_("the projection"))
    ahead.add_argument(
        "--until", required=True, metavar="DATE", help=N_("the last date projected (on or after "
        "--as-of)")
    )  # fmt: skip
    ahead.add_argument(
        "--then",
        action="append",
        default=[],
        metavar="DATE:AMOUNT",
        help=N_(
            "a payment assumed made after --as-of, e.g. 2024-04-20:1100.16 (repeat the "
            "option for more; none: nothing more is paid)"
        ),
    )
    parser.add_argument_group(N_("output")).add_argument(
        "--format",
        choices=("text", "csv", "json", "html"),
        default="text",
        help=N_(
            "text for people (the milestones and a chart of the debt), csv (one line per "
            "milestone), json (exact amounts as strings, with the debt on every date "
            "assessed) or html (a report to keep or print: one self-contained page with an "
            "SVG chart of the debt) (default: %(default)s)"
        ),
    )
    add_lang_argument(parser)


def _then(text: str) -> Payment:
    day, sep, amount = text.partition(":")
    if not sep:
        raise InvalidValueError("--then", text, _THEN)
    try:
        return Payment(_date(day, "--then"), amount.strip())
    except LoanCalcError:
        raise InvalidValueError("--then", text, _THEN) from None


@subcommand(
    "project",
    help=N_(
        "what happens next: the dated milestones ahead of a loan if nothing (or only "
        "given payments) is paid"
    ),
    configure=_configure,
)
def project_loan(args: argparse.Namespace) -> str:
    """The ``project`` subcommand.

    The README's late loan on 2024-03-25 (instalment 2, due 2024-03-15, unpaid), if
    nothing more is paid: on 2024-04-15 instalment 3 falls due and the loan, 31 days
    past due, moves from M1 to M2:

    >>> from loancalc.cli import main
    >>> main(["project", "--product", "cn-consumer-finance-instalment", "--principal",
    ...       "12000", "--rate", "18%", "--term", "12", "--start", "2024-01-15",
    ...       "--payment", "2024-02-15:1100.16", "--as-of", "2024-03-25",
    ...       "--until", "2024-04-15", "--format", "csv"])
    date,kind,installment,description,amount,days_past_due,bucket,amount_due,debt
    2024-04-15,falls-due,3,"instalment 3 falls due: 1,100.16",1100.16,31,M2,2225.89,11423.80
    2024-04-15,bucket,,bucket M1 -> M2 (31 days past due),,31,M2,2225.89,11423.80
    0
    """
    until = _date(args.until, "--until")
    then = [_then(text) for text in args.then]
    as_of = _date(args.as_of, "--as-of")
    paid = payments_from_args(args)
    for payment in paid:
        if payment.date > as_of:
            raise InvalidValueError(
                "--payment",
                f"{payment.date.isoformat()}:{payment.amount}",
                f"a payment made by --as-of ({as_of}); a later one goes in --then",
            )
    state = assessment_from_args(args, as_of, paid)
    try:
        ahead = project(state, until, then)
    except InvalidValueError as error:
        accepted = error.accepted.replace("the state's as_of", "--as-of")
        if error.field == "until":
            raise InvalidValueError("--until", args.until, accepted) from None
        if error.field.startswith("payments[") and error.field.endswith("].date"):
            index = int(error.field[len("payments[") : -len("].date")])
            accepted = accepted.replace("until (", "--until (")
            then_text = args.then[index]
            raise InvalidValueError("--then", then_text, f"DATE:AMOUNT with {accepted}") from None
        raise
    if args.format == "csv":
        return ahead.to_csv()
    if args.format == "json":
        return export.to_json(ahead.to_dict(), indent=2)
    lang = language_from_args(args)
    if args.format == "html" or lang != "en":
        from loancalc import reports  # the templates load only when a report is asked for

        if args.format == "html":
            return reports.render_html(ahead, lang)
        return reports.render_text(ahead, lang)
    chart = ahead.chart()
    return f"{ahead.text()}\n\nDebt over time\n{chart}" if chart else ahead.text()
