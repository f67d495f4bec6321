"""``loancalc line``: a credit line on a date, from a CSV of its draws and one of its
repayments: each draw's state and the line's (days past due and bucket from the oldest
overdue draw, the limit available, what settles the whole line), how each repayment was
spread across the draws, and, with ``--negotiate DATE``, a negotiated plan (协商还款)
merging the overdue draws (``--merge all``: every draw), checked against the plan's
payments on ``--plan-as-of``.

Draws CSV: ``date,amount,term[,rate[,method]]`` per line (a first line starting with
``date`` is a header; rate and method default to the product's). Repayments CSV:
``date,amount[,draw[,reference]]`` (``draw``: the number of the draw the repayment names,
1 for the first; empty: the line's allocation rule decides).
"""

from __future__ import annotations

import argparse
from datetime import date

import attrs

from loancalc import export
from loancalc.cli._app import subcommand
from loancalc.cli.assess_command import _date, _read, read_payments
from loancalc.cli.loan_options import add_lang_argument, language_from_args, product_from_args
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.lines import CreditLine, Draw, LinePayment, merge_draws
from loancalc.lines.report import line_csv, line_dict, line_text, plan_dict, plan_text
from loancalc.locale import N_
from loancalc.stated_rows import csv_rows

__all__ = ["line", "read_draws", "read_line_payments"]

_DRAW_ROW = "date,amount,term[,rate[,method]] with a YYYY-MM-DD date"
_PAYMENT_ROW = "date,amount[,draw[,reference[,known_on]]] with YYYY-MM-DD dates and a draw's number"


def _configure(parser: argparse.ArgumentParser) -> None:
    given = parser.add_argument_group(N_("the line"))
    given.add_argument(
        "--product",
        required=True,
        metavar="NAME",
        help=N_("the line's product: a built-in name or a product TOML file"),
    )
    given.add_argument("--limit", required=True, metavar="AMOUNT", help=N_("the credit limit"))
    given.add_argument(
        "--opened",
        metavar="DATE",
        help=N_("the day the line opened (default: the first draw's date)"),
    )
    given.add_argument(
        "--draws",
        required=True,
        metavar="CSV",
        help=N_("the draws: date,amount,term[,rate[,method]] per line"),
    )
    given.add_argument(
        "--payments",
        metavar="CSV",
        help=N_("repayments to the line: date,amount[,draw[,reference]] per line"),
    )
    given.add_argument("--as-of", required=True, metavar="DATE", help=N_("the assessment date"))
    given.add_argument(
        "--known-on",
        metavar="DATE",
        help=N_("count only the repayments known on DATE (as of --as-of, as known then)"),
    )
    given.add_argument(
        "--allocation",
        default=None,
        choices=("oldest-first", "overdue-first", "proportional", "borrower-choice"),
        help=N_(
            "how a repayment is spread across the draws (default: the product's [line] "
            "allocation, oldest-first unless it says otherwise)"
        ),
    )
    given.add_argument(
        "--no-freeze",
        action="store_true",
        help=N_(
            "keep lending while a draw is overdue (default: as the product's [line] "
            "says; frozen unless it says otherwise)"
        ),
    )
    plan = parser.add_argument_group(N_("a negotiated plan (协商还款)"))
    plan.add_argument(
        "--negotiate",
        metavar="DATE",
        help=N_("merge draws into one plan signed on DATE (on or after --as-of)"),
    )
    plan.add_argument(
        "--merge",
        default="overdue",
        metavar="WHICH",
        help=N_("the draws merged: overdue, all, or numbers such as 1,2 (default: %(default)s)"),
    )
    plan.add_argument("--plan-term", type=int, metavar="N", help=N_("the plan's instalments"))
    plan.add_argument(
        "--plan-kind",
        default="re-instalment",
        choices=["re-instalment", "extend"],
        help=N_("re-instalment (charges capitalised) or extend (charges left due on signing)"),
    )
    plan.add_argument(
        "--plan-rate", metavar="RATE", help=N_("the plan's rate (default: the merged draws' own)")
    )
    plan.add_argument("--plan-method", metavar="METHOD", help=N_("the plan's repayment method"))
    plan.add_argument(
        "--waive",
        default="",
        metavar="PARTS",
        help=N_(
            "parts waived on condition, comma-separated, such as penalty-interest,compound-interest"
        ),
    )
    plan.add_argument(
        "--plan-payments",
        metavar="CSV",
        help=N_("payments to the plan: date,amount[,reference] per line"),
    )
    plan.add_argument(
        "--plan-as-of",
        metavar="DATE",
        help=N_("check the plan on DATE: kept, or breached and what it brings"),
    )
    parser.add_argument_group(N_("output")).add_argument(
        "--format", choices=("text", "csv", "json"), default="text",
        help=N_("text for people, csv (one line per draw and the total) or json (everything, "
        "amounts as strings) (default: %(default)s)"),
    )  # fmt: skip
    add_lang_argument(parser)


def read_draws(path: str) -> list[Draw]:
    """The draws of a CSV file (``date,amount,term[,rate[,method]]`` per line).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write("date,amount,term\\n2024-01-01,9000,3\\n2024-01-15,6000,x\\n")
    >>> read_draws(f.name)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --draws line 3: got '2024-01-15,6000,x'; accepted: ...
    >>> os.unlink(f.name)
    """
    draws = []
    for number, (_, row) in enumerate(csv_rows(_read(path, "--draws"), "--draws"), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and cells[0].lower() == "date"):
            continue
        try:
            if not 3 <= len(cells) <= 5:
                raise ValueError("expected 3 to 5 cells")
            rate = cells[3] or None if len(cells) >= 4 else None
            method = cells[4] or None if len(cells) == 5 else None
            draws.append(Draw(on=date.fromisoformat(cells[0]), amount=cells[1],
                              term=int(cells[2]), annual_rate=rate, method=method))  # fmt: skip
        except (ValueError, LoanCalcError):
            raise InvalidValueError(f"--draws line {number}", ",".join(row), _DRAW_ROW) from None
    return draws


def read_line_payments(path: str | None) -> list[LinePayment]:
    """The repayments of a CSV file (``date,amount[,draw[,reference[,known_on]]]`` per
    line; None: none).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write("date,amount,draw\\n2024-03-01,3069.60,2\\n")
    >>> read_line_payments(f.name)[0].draw
    2
    >>> os.unlink(f.name)
    """
    if path is None:
        return []
    payments = []
    text = _read(path, "--payments")
    for number, (_, row) in enumerate(csv_rows(text, "--payments"), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and cells[0].lower() == "date"):
            continue
        try:
            if not 2 <= len(cells) <= 5:
                raise ValueError("expected 2 to 5 cells")
            draw = int(cells[2]) if len(cells) >= 3 and cells[2] else None
            reference = cells[3] or None if len(cells) >= 4 else None
            known = date.fromisoformat(cells[4]) if len(cells) == 5 and cells[4] else None
            payments.append(LinePayment(date.fromisoformat(cells[0]), cells[1], draw=draw,
                                        reference=reference, known_on=known))  # fmt: skip
        except (ValueError, LoanCalcError):
            raise InvalidValueError(
                f"--payments line {number}", ",".join(row), _PAYMENT_ROW
            ) from None
    return payments


def _merge(text: str) -> str | list[int]:
    if text in ("overdue", "all"):
        return text
    try:
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise InvalidValueError(
            "--merge", text, "overdue, all, or draws' numbers such as 1,2"
        ) from None


@subcommand(
    "line",
    help=N_(
        "a credit line on a date: its draws, one status, the limit available, how "
        "repayments were spread, and a negotiated plan merging draws"
    ),
    configure=_configure,
)
def line(args: argparse.Namespace) -> str:
    """The ``line`` subcommand.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write("2024-01-01,1000,1\\n")
    >>> from loancalc.cli import main
    >>> main(["line", "--product", "cn-daily-rate-credit-line", "--limit", "5000",
    ...       "--draws", f.name, "--as-of", "2024-01-11", "--format", "csv"])
    draw,drawn_on,amount,term,status,days_past_due,bucket,principal,interest,fee,charges,total_outstanding,amount_due,paid,payoff
    1,2024-01-01,1000,1,current,0,M0,1000.00,4.00,0.00,0.00,1004.00,0.00,0.00,1004.00
    total,,1000,,current,0,M0,1000.00,4.00,0.00,0.00,1004.00,0.00,0.00,1004.00
    0
    >>> os.unlink(f.name)
    """
    product = product_from_args(args)
    draws = read_draws(args.draws)
    if not draws and args.opened is None:
        raise InvalidValueError("--draws", args.draws, "a CSV with at least one draw, or --opened")
    opened = draws[0].on if args.opened is None else _date(args.opened, "--opened")
    assert product is not None  # --product is required
    rules = product.line
    if args.allocation is not None:
        rules = attrs.evolve(rules, allocation=args.allocation)
    if args.no_freeze:
        rules = attrs.evolve(rules, freeze_when_overdue=False)
    credit_line = CreditLine(
        limit=args.limit, product=product, opened=opened, draws=draws, rules=rules
    )
    as_of = _date(args.as_of, "--as-of")
    known_on = None if args.known_on is None else _date(args.known_on, "--known-on")
    state = credit_line.assess(read_line_payments(args.payments), as_of, known_on=known_on)
    plan = status = None
    if args.negotiate is not None:
        plan = merge_draws(
            state,
            _date(args.negotiate, "--negotiate"),
            draws=_merge(args.merge),
            term=args.plan_term,
            annual_rate=args.plan_rate,
            method=args.plan_method,
            waive=[part for part in args.waive.split(",") if part.strip()],
            kind=args.plan_kind,
        )
        if args.plan_as_of is not None:
            paid = read_payments(args.plan_payments, "--plan-payments")
            status = plan.check(paid, _date(args.plan_as_of, "--plan-as-of"))
    if args.format == "csv":
        return line_csv(state)
    if args.format == "json":
        data = line_dict(state)
        if plan is not None:
            data["plan"] = plan_dict(plan, status)
        return export.to_json(data, indent=2)
    lang = language_from_args(args)
    text = line_text(state, lang)
    return text if plan is None else f"{text}\n\n{plan_text(plan, status, lang)}"
