"""The options ``restructure``, ``prepay`` and ``check-agreement`` share: the loan and its
payments up to a date (as for ``assess``), and the new terms of a restructuring.

>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> add_state_arguments(parser)
>>> add_plan_arguments(parser)
>>> args = parser.parse_args(["--principal", "1000", "--rate", "0", "--term", "2",
...                           "--start", "2024-01-01", "--as-of", "2024-02-05",
...                           "--waive", "penalty-interest"])
>>> state_from_args(args).days_past_due, args.waive
(4, ['penalty-interest'])
>>> args = parser.parse_args(["--principal", "1000", "--rate", "36%", "--term", "2",
...                           "--start", "2024-01-01", "--as-of", "2024-01-11",
...                           "--interest-basis", "actual-balance"])
>>> state_from_args(args).payoff_amount()  # 1,000 x 36 % x 10 / 360 of interest
Decimal('1010.00')
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from loancalc import export
from loancalc.cli._balance_args import add_balance_rule_arguments
from loancalc.cli.assess_command import _date, _payment, _rules, _schedule, read_payments
from loancalc.cli.loan_options import add_loan_arguments, product_from_args
from loancalc.errors import InvalidValueError
from loancalc.restructuring import Restructuring, restructure
from loancalc.restructuring.breakdown import Breakdown
from loancalc.servicing import LoanState, assess, strategy_names

__all__ = [
    "add_plan_arguments",
    "add_state_arguments",
    "breakdown_text",
    "restructuring_from_args",
    "state_from_args",
]


def add_state_arguments(parser: argparse.ArgumentParser) -> None:
    """The loan (loan options or ``--schedule``), its payments, ``--as-of`` and the
    servicing rule options (``--interest-basis`` and the actual-balance options
    included), as ``loancalc assess`` takes them."""
    source = parser.add_argument_group("the loan (loan options below, or a schedule file)")
    source.add_argument(
        "--schedule", metavar="FILE", help="a schedule as 'loancalc schedule --format json' "
        "writes it ('-' for stdin)",
    )  # fmt: skip
    add_loan_arguments(parser, required=False)
    paid = parser.add_argument_group("payments on the loan")
    paid.add_argument(
        "--payments", metavar="FILE", help="a CSV file of 'date,amount[,reference]' lines"
    )
    paid.add_argument(
        "--payment", action="append", default=[], metavar="DATE:AMOUNT",
        help="one payment, e.g. 2024-02-15:1100.16 (repeat the option for more)",
    )  # fmt: skip
    paid.add_argument("--as-of", required=True, metavar="DATE", help="the date of the state")
    rules = parser.add_argument_group("servicing rules (default: the product's, or none)")
    rules.add_argument("--grace-days", metavar="N", help="days of grace after each due date")
    rules.add_argument(
        "--penalty-multiplier", metavar="X", help="penalty interest at X times the rate"
    )
    rules.add_argument("--compound", action="store_true", help="compound interest on interest")
    fee = rules.add_mutually_exclusive_group()
    fee.add_argument("--late-fee", metavar="AMOUNT", help="a fixed late fee")
    fee.add_argument("--late-fee-share", metavar="SHARE", help="a late fee share, e.g. 5%%")
    rules.add_argument(
        "--late-fee-pyramiding",
        choices=("allowed", "forbidden"),
        help="forbidden: no late fee on an instalment its own payments covered",
    )
    rules.add_argument("--allocation", metavar="NAME", help=f"one of {', '.join(strategy_names())}")
    add_balance_rule_arguments(parser)


def state_from_args(args: argparse.Namespace) -> LoanState:
    """The loan assessed on ``--as-of``."""
    as_of = _date(args.as_of, "--as-of")
    payments = [*read_payments(args.payments), *(_payment(text) for text in args.payment)]
    return assess(_schedule(args), payments, as_of, _rules(args))


def add_plan_arguments(parser: argparse.ArgumentParser) -> None:
    """The new terms of a restructuring (the loan's own where not given)."""
    plan = parser.add_argument_group("the restructuring (limits: the --product's, or none)")
    plan.add_argument("--on", metavar="DATE", help="the restructuring date [--as-of]")
    plan.add_argument(
        "--kind", default="re-instalment", metavar="KIND",
        help="re-instalment [default], re-age, re-amortise or extend",
    )  # fmt: skip
    plan.add_argument("--new-term", metavar="N", help="instalments of the new schedule")
    plan.add_argument("--new-rate", metavar="RATE", help="the new annual rate [the loan's]")
    plan.add_argument("--new-method", metavar="METHOD", help="the new method [the loan's]")
    plan.add_argument("--new-first-due", metavar="DATE", help="the new first due date")
    plan.add_argument(
        "--capitalize", action="append", metavar="PART",
        help="a debt part to capitalise (repeat; default: the kind's)",
    )  # fmt: skip
    plan.add_argument(
        "--waive", action="append", default=[], metavar="PART",
        help="a debt part to waive on condition, e.g. penalty-interest (repeat)",
    )  # fmt: skip
    plan.add_argument("--down-payment", default="0", metavar="AMOUNT", help="paid on signing")


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
