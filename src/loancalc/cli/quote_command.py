"""``loancalc quote``: the settlement figure that closes a loan on a date, with its parts.

The loan, its payments and its servicing rules come from the options of ``loancalc
assess`` (the same parser). The figure is :meth:`loancalc.LoanState.payoff_amount` on
``--on``: under the actual-balance basis the principal, the interest accrued to that
date, unpaid fees and charges, less credit (paying it on that date leaves every balance
at zero); under the scheduled basis the payoff rule of the servicing guide. The parts
are the loan's outstanding amounts on ``--on``; the interest part is the figure less
the others (it is the interest that settles on that date: under the scheduled basis,
interest due and the current period's interest accrued; within conditional interest-free
days, none). The assessment date ``--as-of`` defaults to ``--on``; a payment after it,
or an ``--on`` before it, is refused.
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal

from loancalc import export
from loancalc.cli._app import subcommand
from loancalc.cli.assess_command import (
    _date,
    add_assessment_arguments,
    assessment_from_args,
    payments_from_args,
)
from loancalc.cli.loan_options import add_lang_argument, language_from_args
from loancalc.errors import InvalidValueError
from loancalc.locale import N_
from loancalc.reports.quote import settlement_parts
from loancalc.servicing import LoanState

__all__ = ["quote", "quote_parts"]

_FORMAT = "loancalc.quote/1"
#: The parts of a quote: JSON key and the label of the text table.
_PARTS = (
    ("principal", "Principal"),
    ("interest", "Interest"),
    ("fee", "Fees"),
    ("penalty_interest", "Penalty interest"),
    ("compound_interest", "Compound interest"),
    ("late_fee", "Late fees"),
    ("credit", "Less credit"),
)


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument_group(N_("the quote")).add_argument(
        "--on",
        required=True,
        metavar="DATE",
        help=N_("the settlement date: on or after --as-of and the last payment"),
    )
    add_assessment_arguments(parser, as_of_default=N_("the --on date; no payment may be after it"))
    parser.add_argument_group(N_("output")).add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help=N_(
            "text for people, json (exact amounts as strings), or html: a report to keep "
            "or print (one self-contained page) (default: %(default)s)"
        ),
    )
    add_lang_argument(parser)


@subcommand(
    "quote",
    help=N_("the settlement figure that closes a loan on a date, with its parts"),
    configure=_configure,
)
def quote(args: argparse.Namespace) -> str:
    """The ``quote`` subcommand.

    >>> from loancalc.cli import main
    >>> main(["quote", "--principal", "1000", "--rate", "36%", "--term", "3",
    ...       "--start", "2024-01-01", "--accrual", "daily", "--interest-basis",
    ...       "actual-balance", "--on", "2024-01-11", "--format", "json"])
    ... # doctest: +ELLIPSIS
    {...
      "amount": "1010.00",...
    0
    """
    on = _date(args.on, "--on")
    as_of = on if args.as_of is None else _date(args.as_of, "--as-of")
    payments = payments_from_args(args)
    if payments:
        last = max(payment.date for payment in payments)
        if last > on:
            raise InvalidValueError(
                "--on", args.on, f"a date on or after the last payment ({last})"
            )
        if last > as_of:
            raise InvalidValueError(
                "--as-of",
                args.as_of,
                f"a date on or after the last payment ({last}), or none (default: --on)",
            )
    try:
        state = assessment_from_args(args, as_of, payments)
    except InvalidValueError as error:
        if error.field != "as_of":
            raise
        option, text = ("--on", args.on) if args.as_of is None else ("--as-of", args.as_of)
        raise InvalidValueError(option, text, error.accepted) from None
    try:
        amount = state.payoff_amount(on)
    except InvalidValueError as error:
        if error.field != "on":
            raise
        raise InvalidValueError(
            "--on", args.on, error.accepted.replace("as_of", "--as-of")
        ) from None
    parts = quote_parts(state, on, amount)
    if args.format == "json":
        value = export.json_value
        data = {
            "format": _FORMAT,
            "on": value(on),
            "as_of": value(state.as_of),
            "interest_basis": state.rules.interest_basis.value,
            "amount": value(amount),
            "parts": {key: value(part) for key, part in parts.items()},
        }
        return export.to_json(data, indent=2)
    lang = language_from_args(args)
    if args.format == "html" or lang != "en":
        from loancalc import reports  # the templates load only when a report is asked for

        quoted = reports.SettlementQuote(state=state, on=on, amount=amount, parts=parts)
        if args.format == "html":
            return reports.render_html(quoted, lang)
        return reports.render_text(quoted, lang)
    return _text(state, on, amount, parts)


def quote_parts(state: LoanState, on: date, amount: Decimal) -> dict[str, Decimal]:
    """The parts of the settlement figure ``amount`` of ``state`` on ``on``: the
    principal, fees (of instalments due by ``on``, under the scheduled basis), penalty,
    compound interest and late fees outstanding on ``on`` and the credit held; the
    interest is ``amount`` less the others, so that ``principal + interest + fee +
    penalty_interest + compound_interest + late_fee - credit == amount``.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
    ...                        start=date(2024, 1, 31)))
    >>> state = assess(s, [], date(2024, 2, 10))
    >>> on = date(2024, 2, 10)
    >>> quote_parts(state, on, state.payoff_amount(on))["interest"]  # 1,200 x 12 % x 10/360
    Decimal('4.00')
    """
    return settlement_parts(state, on, amount)


def _text(state: LoanState, on: date, amount: Decimal, parts: dict[str, Decimal]) -> str:
    show = export.display_text
    basis = state.rules.interest_basis.value
    title = (
        f"Settlement on {on.isoformat()}: {show(amount)} ({basis} basis; payments up to "
        f"{state.as_of.isoformat()})"
    )
    body = [[label, -parts[key] if key == "credit" else parts[key]] for key, label in _PARTS]
    notes = [
        f"Paying {show(amount)} on {on.isoformat()} closes the loan (no other payment assumed)."
        if amount >= 0
        else f"Nothing is owed on {on.isoformat()}: {show(-amount)} is due back to the borrower."
    ]
    return export.text_table(
        ["Part", "Amount"], body, title=title, totals=["Total", amount], notes=notes, left=[0]
    )
