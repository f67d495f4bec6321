"""``loancalc check-agreement``: whether a restructuring plan was kept.

The restructuring is computed as ``loancalc restructure`` computes it (the same options),
then checked on ``--check-as-of`` against the payments made on the plan
(``--plan-payment DATE:AMOUNT``, repeated). The breach conditions, reinstatement and
acceleration are the ``--product``'s restructuring rules. After a breach that
accelerates, the accelerated debt is assessed on ``--check-as-of`` under the loan's own
rules (penalty interest from the breach date).
"""

from __future__ import annotations

import argparse
from decimal import Decimal

from loancalc import export
from loancalc.cli._app import subcommand
from loancalc.cli._restructuring_args import (
    add_plan_arguments,
    add_state_arguments,
    day,
    restructuring_from_args,
    state_from_args,
)
from loancalc.cli.assess_command import _payment
from loancalc.cli.loan_options import add_format_argument
from loancalc.restructuring import check_agreement

__all__ = ["check_plan"]


def _configure(parser: argparse.ArgumentParser) -> None:
    add_state_arguments(parser)
    add_plan_arguments(parser)
    check = parser.add_argument_group("the plan's payments")
    check.add_argument(
        "--plan-payment", action="append", default=[], metavar="DATE:AMOUNT",
        help="a payment made on the plan (repeat)",
    )  # fmt: skip
    check.add_argument("--check-as-of", required=True, metavar="DATE", help="the date checked")
    add_format_argument(parser)


@subcommand(
    "check-agreement",
    help="whether a restructuring plan was kept: breach, reinstated and accelerated amounts",
    configure=_configure,
)
def check_plan(args: argparse.Namespace) -> str:
    """The ``check-agreement`` subcommand.

    >>> from loancalc.cli import main
    >>> main(["check-agreement", "--principal", "1000", "--rate", "0", "--term", "2",
    ...       "--start", "2024-01-01", "--as-of", "2024-01-01", "--product",
    ...       "cn-card-instalment", "--check-as-of", "2024-09-01"])  # doctest: +ELLIPSIS
    Breached: ...
    0
    >>> main(["check-agreement", "--principal", "1000", "--rate", "0", "--term", "2",
    ...       "--start", "2024-01-01", "--as-of", "2024-01-01", "--product",
    ...       "cn-card-instalment", "--check-as-of", "2024-01-15"])  # the plan holds
    Breached: no (...)
    Reinstated: 0.00; accelerated: 0.00; owed on breach: 0.00
    Missed instalments: 0
    0
    """
    state = state_from_args(args)
    result = restructuring_from_args(args, state)
    paid = [_payment(text) for text in args.plan_payment]
    status = check_agreement(result.agreement, paid, day(args.check_as_of, "--check-as-of"))
    after = status.after_breach
    if args.format == "json":
        data = {
            "condition": result.agreement.condition,
            "breached": status.breached,
            "breach_date": None if status.breach_date is None else status.breach_date.isoformat(),
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
    show = export.display_text
    zero = state.schedule.terms.rounding.apply(Decimal(0))  # 0.00 on a cent grid

    def amount(value: Decimal) -> str:
        return show(value if value else zero)

    lines = [
        f"Breached: {'yes, on ' + str(status.breach_date) if status.breached else 'no'} "
        f"({result.agreement.condition})",
        f"Reinstated: {amount(status.reinstated.total)}; accelerated: "
        f"{amount(status.accelerated)}; owed on breach: {amount(status.owed_on_breach)}",
        f"Missed instalments: {status.missed_installments}",
    ]
    if after is not None:
        lines.append(
            f"After the breach, on {status.as_of}: {show(after.amount_due)} due, "
            f"{after.days_past_due} days past due (penalty interest "
            f"{show(after.penalty_interest)}, compound interest "
            f"{show(after.compound_interest)} since the breach date)"
        )
    return "\n".join(lines)
