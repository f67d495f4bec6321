"""``loancalc audit``: what is lawfully owed, and what a lender claims beyond it.

The loan, its payments and its servicing rules come from the options of ``loancalc
assess`` (the same parser). The loan is assessed on ``--as-of`` and audited
(:func:`loancalc.audit.audit`) under ``--limits`` (a limit set's name or the path of a
limit-set TOML file; default: the set ``--product`` names, or its jurisdiction's
default, or none). ``--claimed-amount``, ``--claimed-days-past-due``,
``--claimed-total`` and ``--claimed-statement CSV`` (two columns ``item,amount``) are
what the lender claims; a claimed figure above the contract's is a finding too.
``--format text`` (the default) prints the findings, the balances and the sources;
``csv`` one line per finding; ``json`` everything; ``html`` one printable page.
``--lang zh`` prints the text and HTML reports in Chinese.
"""

from __future__ import annotations

import argparse

from loancalc import export, reports
from loancalc.audit import Claim, audit, load_claim_csv
from loancalc.cli._app import subcommand
from loancalc.cli.assess_command import add_assessment_arguments, assessment_from_args
from loancalc.cli.loan_options import (
    add_lang_argument,
    is_product_path,
    language_from_args,
    product_from_args,
)
from loancalc.errors import InvalidValueError, UnknownNameError
from loancalc.limits import registry
from loancalc.limits.rules import LimitSet
from loancalc.locale import N_
from loancalc.products.source import ProductFileError, read_text

__all__ = ["audit_loan"]


def _configure(parser: argparse.ArgumentParser) -> None:
    add_assessment_arguments(parser)
    limits = parser.add_argument_group(N_("the audit"))
    limits.add_argument(
        "--limits",
        metavar="NAME|PATH",
        help=N_(
            "the legal limit set: a name (built in: cn-licensed-lender, cn-private-lending, "
            "uk-hcstc, fi-consumer-credit) or the path of a limit-set TOML file (default: the "
            "set --product names, or none)"
        ),
    )
    limits.add_argument(
        "--claimed-amount", metavar="AMOUNT", help=N_("the overdue amount the lender claims")
    )
    limits.add_argument(
        "--claimed-days-past-due", metavar="DAYS", help=N_("the days past due the lender claims")
    )
    limits.add_argument(
        "--claimed-total", metavar="AMOUNT", help=N_("what the lender says closes the loan today")
    )
    limits.add_argument(
        "--claimed-statement",
        metavar="CSV",
        help=N_(
            "the lender's statement: a CSV with a header item,amount and rows such as "
            "overdue-amount, days-past-due, total or a component (penalty-interest, ...); "
            "with the --claimed-* options too, each item may be given once"
        ),
    )
    parser.add_argument_group(N_("output")).add_argument(
        "--format",
        choices=("text", "csv", "json", "html"),
        default="text",
        help=N_(
            "text for people, csv (one line per finding), json (exact amounts as "
            "strings) or html (one printable page) (default: %(default)s)"
        ),
    )
    add_lang_argument(parser)


def _limits(args: argparse.Namespace) -> LimitSet | None:
    value = args.limits
    if value is None:
        product = product_from_args(args)
        return None if product is None else _product_set(product.limits, product.jurisdiction)
    if is_product_path(value):
        try:
            return registry.from_toml(read_text(value), source=value)
        except ProductFileError as error:
            raise InvalidValueError(f"--limits {error.file}: {error.field}", error.value,
                                    error.accepted) from None  # fmt: skip
    try:
        return registry.get(value)
    except UnknownNameError as error:
        raise UnknownNameError("--limits", value, error.known) from None


def _product_set(name: str | None, jurisdiction: str) -> LimitSet | None:
    return registry.get(name) if name is not None else registry.default_for(jurisdiction)


def _claim(args: argparse.Namespace) -> Claim | None:
    options = {
        "overdue_amount": ("--claimed-amount", args.claimed_amount),
        "days_past_due": ("--claimed-days-past-due", args.claimed_days_past_due),
        "total": ("--claimed-total", args.claimed_total),
    }
    given = {field: value for field, (_, value) in options.items() if value is not None}
    base = Claim() if args.claimed_statement is None else load_claim_csv(args.claimed_statement)
    if not given and args.claimed_statement is None:
        return None
    values = {"overdue_amount": base.overdue_amount, "days_past_due": base.days_past_due,
              "total": base.total}  # fmt: skip
    for field, value in given.items():
        option = options[field][0]
        if values[field] is not None:
            raise InvalidValueError(option, value, "a figure not also in --claimed-statement")
        values[field] = value
    try:
        return Claim(amounts=base.amounts, **values)
    except InvalidValueError as error:
        option = options[error.field.removeprefix("claimed.")][0]
        raise InvalidValueError(option, error.value, error.accepted) from None


@subcommand(
    "audit",
    help=N_(
        "what is lawfully owed: the charges above the legal limits, and what a lender "
        "claims beyond the contract"
    ),
    configure=_configure,
)
def audit_loan(args: argparse.Namespace) -> str:
    """The ``audit`` subcommand.

    The README's late loan on 2024-03-25 under the Chinese courts' 24 % cap, with a
    collection message claiming 1,200.00 overdue and 15 days past due:

    >>> from loancalc.cli import main
    >>> main(["audit", "--product", "cn-consumer-finance-instalment", "--principal",
    ...       "12000", "--rate", "18%", "--term", "12", "--start", "2024-01-15",
    ...       "--payment", "2024-02-15:1100.16", "--as-of", "2024-03-25",
    ...       "--claimed-amount", "1200.00", "--claimed-days-past-due", "15",
    ...       "--format", "csv"])  # doctest: +ELLIPSIS
    rule,kind,component,start,end,charged,lawful,excess,unit,source,note,title
    all-in-24,limit,compound-interest,2024-03-15,2024-03-25,1.25,0.00,1.25,money,...
    all-in-24,limit,penalty-interest,2024-03-15,2024-03-25,7.00,6.23,0.77,money,...
    claim-overdue-amount,claim,,2024-01-15,2024-03-25,1200.00,1108.41,91.59,money,...
    claim-days-past-due,claim,,2024-01-15,2024-03-25,15,10,5,days,...
    0
    """
    limits = _limits(args)
    claim = _claim(args)
    state = assessment_from_args(args)
    result = audit(state, limits, claim)
    if args.format == "csv":
        return result.to_csv()
    if args.format == "json":
        return export.to_json(result.to_dict(), indent=2)
    lang = language_from_args(args)
    if args.format == "html":
        return reports.render_html(result, lang)
    return result.text() if lang == "en" else reports.render_text(result, lang)
