"""``loancalc check-agreement``: whether a restructuring plan was kept.

The restructuring is computed as ``loancalc restructure`` computes it (the same options),
then checked on ``--check-as-of`` against the payments made on the plan
(``--plan-payment DATE:AMOUNT``, repeated). The breach conditions, reinstatement and
acceleration are the ``--product``'s restructuring rules. After a breach that
accelerates, the accelerated debt is assessed on ``--check-as-of`` under the loan's own
rules (penalty interest from the breach date). ``--interest-basis`` and the actual-balance
options apply to the loan, the plan and the accelerated debt alike. A breach names the
obligation whose miss caused it (the plan's row number, due date and amount); the days
past due of the plan count from its first missed obligation.
"""

from __future__ import annotations

import argparse
from decimal import Decimal

from loancalc import export
from loancalc.cli._app import subcommand
from loancalc.cli._restructuring_args import (
    add_plan_arguments,
    day,
    restructuring_from_args,
)
from loancalc.cli.assess_command import _payment, add_assessment_arguments, assessment_from_args
from loancalc.cli.loan_options import add_format_argument, add_lang_argument, language_from_args
from loancalc.locale import N_
from loancalc.restructuring import check_agreement

__all__ = ["check_plan"]


def _configure(parser: argparse.ArgumentParser) -> None:
    add_assessment_arguments(parser)
    add_plan_arguments(parser)
    check = parser.add_argument_group(N_("the plan's payments"))
    check.add_argument(
        "--plan-payment", action="append", default=[], metavar="DATE:AMOUNT",
        help=N_("a payment made on the plan (repeat)"),
    )  # fmt: skip
    check.add_argument("--check-as-of", required=True, metavar="DATE", help=N_("the date checked"))
    add_format_argument(parser, html=True)
    add_lang_argument(parser)


@subcommand(
    "check-agreement",
    help=N_("whether a restructuring plan was kept: breach, reinstated and accelerated amounts"),
    configure=_configure,
)
def check_plan(args: argparse.Namespace) -> str:
    """The ``check-agreement`` subcommand.

    A plan of 2 instalments of 500.00 (due 2024-02-01 and 2024-03-01), nothing paid: row
    1 is 30 days past due on 2024-03-02, and on 2024-09-01 the plan is 213 days past due
    (from 2024-02-01: 29 + 31 + 30 + 31 + 30 + 31 + 31 days):

    >>> from loancalc.cli import main
    >>> main(["check-agreement", "--principal", "1000", "--rate", "0", "--term", "2",
    ...       "--start", "2024-01-01", "--as-of", "2024-01-01", "--product",
    ...       "cn-card-instalment", "--check-as-of", "2024-09-01"])  # doctest: +ELLIPSIS
    Breached: yes, on 2024-03-02: 30 days past due, ...; missed: row 1, due 2024-02-01, 500.00
    Reinstated: 0.00; accelerated: 1,000.00; owed on breach: 1,000.00
    Missed instalments: 2; days past due on 2024-09-01: 213
    After the breach, on 2024-09-01: ...
    0
    >>> main(["check-agreement", "--principal", "1000", "--rate", "0", "--term", "2",
    ...       "--start", "2024-01-01", "--as-of", "2024-01-01", "--product",
    ...       "cn-card-instalment", "--check-as-of", "2024-01-15"])  # the plan holds
    Breached: no (...)
    Reinstated: 0.00; accelerated: 0.00; owed on breach: 0.00
    Missed instalments: 0; days past due on 2024-01-15: 0
    0
    """
    state = assessment_from_args(args)
    result = restructuring_from_args(args, state)
    paid = [_payment(text) for text in args.plan_payment]
    status = check_agreement(result.agreement, paid, day(args.check_as_of, "--check-as-of"))
    after = status.after_breach
    breach = status.breach
    if args.format == "json":
        data = {
            "condition": result.agreement.condition,
            "breached": status.breached,
            "breach_date": None if status.breach_date is None else status.breach_date.isoformat(),
            "breach": None
            if breach is None
            else {
                "reason": breach.reason,
                "row": breach.obligation.number,
                "due_date": breach.obligation.due_date.isoformat(),
                "amount": export.json_value(breach.obligation.amount),
            },
            "days_past_due": status.days_past_due,
            "reinstated": status.reinstated.to_dict(),
            "accelerated": export.json_value(status.accelerated),
            "missed_installments": status.missed_installments,
            "due_on_breach": None
            if status.due_on_breach is None
            else status.due_on_breach.to_dict(),
            "after_breach": None
            if after is None
            else {
                "days_past_due": after.days_past_due,
                "outstanding": after.outstanding.to_dict(),
                "amount_due": export.json_value(after.amount_due),
            },
        }
        return export.to_json(data, indent=2)
    lang = language_from_args(args)
    if args.format == "html" or lang != "en":
        from loancalc import reports  # the templates load only when a report is asked for

        if args.format == "html":
            return reports.render_html(status, lang)
        return reports.render_text(status, lang)
    show = export.display_text
    zero = state.schedule.terms.rounding.apply(Decimal(0))  # 0.00 on a cent grid

    def amount(value: Decimal) -> str:
        return show(value if value else zero)

    if breach is None:
        verdict = f"no ({result.agreement.condition})"
    else:
        verdict = (
            f"yes, on {breach.date}: {breach.reason}, breaking the condition "
            f"({result.agreement.condition}); missed: {breach.obligation.describe()}"
        )
    lines = [
        f"Breached: {verdict}",
        f"Reinstated: {amount(status.reinstated.total)}; accelerated: "
        f"{amount(status.accelerated)}; owed on breach: {amount(status.owed_on_breach)}",
        f"Missed instalments: {status.missed_installments}; days past due on "
        f"{status.as_of}: {status.days_past_due}",
    ]
    if after is not None:
        lines.append(
            f"After the breach, on {status.as_of}: {show(after.amount_due)} due, "
            f"{after.days_past_due} days past due (penalty interest "
            f"{show(after.penalty_interest)}, compound interest "
            f"{show(after.compound_interest)} since the breach date)"
        )
    return "\n".join(lines)
