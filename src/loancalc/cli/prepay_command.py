"""``loancalc prepay``: pay early, partly or in full, with the ``--product``'s fee.

The loan and its payments come as for ``assess``; ``--amount`` is applied on ``--on``
(default ``--as-of``) to what is due, then to principal; ``--mode`` keeps the payment
(``reduce-term``) or the term (``reduce-payment``). ``--interest-basis actual-balance``
(and the actual-balance options of ``assess``) put the loan on that basis.
"""

from __future__ import annotations

import argparse

from loancalc import export
from loancalc.cli._app import subcommand
from loancalc.cli._restructuring_args import day
from loancalc.cli.assess_command import add_assessment_arguments, assessment_from_args
from loancalc.cli.loan_options import (
    add_format_argument,
    add_lang_argument,
    language_from_args,
    product_from_args,
    render_schedule,
)
from loancalc.locale import N_, translation
from loancalc.restructuring import prepay

__all__ = ["prepay_loan"]


def _configure(parser: argparse.ArgumentParser) -> None:
    add_assessment_arguments(parser)
    early = parser.add_argument_group(N_("the prepayment (fee: the --product's, or none)"))
    early.add_argument("--amount", required=True, metavar="AMOUNT", help=N_("the amount paid"))
    early.add_argument("--on", metavar="DATE", help=N_("the date paid [--as-of]"))
    early.add_argument(
        "--mode", default="reduce-term", metavar="MODE",
        help=N_("reduce-term [default] or reduce-payment"),
    )  # fmt: skip
    add_format_argument(parser)
    add_lang_argument(parser)


@subcommand(
    "prepay", help=N_("pay a loan early: the fee and the new schedule"), configure=_configure
)
def prepay_loan(args: argparse.Namespace) -> str:
    """The ``prepay`` subcommand.

    >>> from loancalc.cli import main
    >>> main(["prepay", "--principal", "1200", "--rate", "12%", "--term", "3",
    ...       "--start", "2024-01-31", "--as-of", "2024-02-10", "--amount", "1204.00"])
    Paid 1,204.00 on 2024-02-10 (principal 1,200.00), fee 0.00, total 1,204.00
    Principal left: 0.00: the loan is closed
    0
    """
    state = assessment_from_args(args)
    on = state.as_of if args.on is None else day(args.on, "--on")
    result = prepay(state, on, args.amount, mode=args.mode, rules=product_from_args(args))
    if args.format == "json":
        data = {
            "on": on.isoformat(),
            "amount": export.json_value(result.amount),
            "fee": export.json_value(result.fee),
            "principal_prepaid": export.json_value(result.principal_prepaid),
            "remaining_principal": export.json_value(result.remaining_principal),
            "schedule": None if result.schedule is None else result.schedule.to_dict(),
        }
        return export.to_json(data, indent=2)
    if args.format == "csv":
        return "" if result.schedule is None else result.schedule.to_csv()
    lang = language_from_args(args)
    _ = translation(lang).gettext
    show = export.display_text
    lines = [
        _("Paid {amount} on {on} (principal {principal}), fee {fee}, total {total}").format(
            amount=show(result.amount),
            on=on,
            principal=show(result.principal_prepaid),
            fee=show(result.fee),
            total=show(result.total),
        ),
    ]
    left = show(result.remaining_principal)
    if result.schedule is None:
        lines.append(_("Principal left: {left}: the loan is closed").format(left=left))
    else:
        lines += [
            _("Principal left: {left}").format(left=left),
            "",
            render_schedule(result.schedule, "table", lang),
        ]
    return "\n".join(lines)
