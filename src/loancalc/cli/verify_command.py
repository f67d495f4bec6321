"""``loancalc verify``: check a schedule's figures against the schedule its terms give.

Two sources: a loancalc JSON file (``loancalc schedule --format json``), whose terms are
inside, or a lender's CSV file (``--csv``) checked against terms given as the usual loan
options. The exit status is 0 when every figure agrees, 1 when any differs, and 2 for an
error (a file that cannot be read, a cell that is not a number or date).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loancalc import export
from loancalc._verify_report import report
from loancalc.cli._app import Outcome, subcommand
from loancalc.cli._error_words import CommandError
from loancalc.cli._help_format import template_help
from loancalc.cli.loan_options import (
    add_lang_argument,
    add_loan_arguments,
    language_from_args,
    terms_from_args,
)
from loancalc.errors import InvalidValueError
from loancalc.locale import N_
from loancalc.stated_rows import read_csv_rows
from loancalc.verify import Verification, verify_json, verify_rows

__all__ = ["verify"]

#: The column options: (option, field of StatedRow, default header in the help).
_COLUMN_OPTIONS = (
    ("--date-column", "due_date", "due_date or date"),
    ("--payment-column", "payment", "payment"),
    ("--principal-column", "principal", "principal"),
    ("--interest-column", "interest", "interest"),
    ("--fee-column", "fee", "fee"),
    ("--balance-column", "closing_balance", "balance or closing_balance"),
)
#: The loan options --csv needs (--rate unless --product gives one).
_NEEDED_WITH_CSV = ("principal", "rate", "term", "start")
_LOAN_OPTIONS = ("principal", "rate", "term", "product")


def _configure_verify(parser: argparse.ArgumentParser) -> None:
    source = parser.add_argument_group(N_("what to verify (one of)"))
    source.add_argument(
        "schedule",
        nargs="?",
        metavar="SCHEDULE.json",
        help=N_(
            "a schedule as 'loancalc schedule --format json' writes it ('-' for stdin); "
            "its terms are in the file, so no loan options are given"
        ),
    )
    source.add_argument(
        "--csv",
        metavar="FILE",
        help=N_(
            "a lender's schedule as CSV ('-' for stdin), with a header line; checked "
            "against the loan options below (--principal, --rate, --term and --start needed)"
        ),
    )
    columns = parser.add_argument_group(
        N_("CSV columns (header names; a default column that is absent is not compared)")
    )
    for option, field, default in _COLUMN_OPTIONS:
        columns.add_argument(
            option,
            metavar="NAME",
            help=template_help(
                N_("the column of the {field} (default: {default})"),
                field=field.replace("_", " "),
                default=default,
            ),
        )
    columns.add_argument(
        "--date-format",
        metavar="FORMAT",
        help=N_("how dates are written, as for strptime, e.g. %%d/%%m/%%Y (default: YYYY-MM-DD)"),
    )
    columns.add_argument(
        "--delimiter", default=",", metavar="CHAR", help=N_("the cell separator (default: ',')")
    )
    add_loan_arguments(parser, required=False)
    output = parser.add_argument_group(N_("output"))
    output.add_argument(
        "--tolerance",
        default="0",
        metavar="AMOUNT",
        help=N_("amounts that differ by no more than this agree (default: 0, to the cent)"),
    )
    output.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=N_("table: a report for people; json: for programs (default: %(default)s)"),
    )
    add_lang_argument(parser)


@subcommand(
    "verify",
    help=N_("check a schedule (loancalc JSON, or a lender's CSV) against its terms"),
    configure=_configure_verify,
)
def verify(args: argparse.Namespace) -> Outcome:
    """The ``verify`` subcommand: exit status 0 if the figures agree, 1 if not.

    >>> import contextlib, io, json, tempfile, os
    >>> from loancalc.cli import main
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "lender.csv")
    ...     with open(path, "w") as file:
    ...         _ = file.write("due_date,payment\\n2024-02-29,408.03\\n2024-03-31,408.03\\n"
    ...                        "2024-04-30,408.03\\n")
    ...     out = io.StringIO()
    ...     with contextlib.redirect_stdout(out):
    ...         status = main(["verify", "--csv", path, "--principal", "1200", "--rate", "12%",
    ...                        "--term", "3", "--start", "2024-01-31", "--format", "json"])
    >>> status, json.loads(out.getvalue())["differences"][0]["delta"]
    (1, '0.01')
    """
    if (args.schedule is None) == (args.csv is None):
        raise CommandError(
            N_(
                "verify needs one thing to check: a loancalc JSON file, or --csv FILE with "
                "the loan's options (see 'loancalc verify --help')"
            )
        )
    if args.schedule is not None:
        given = [f"--{name}" for name in _LOAN_OPTIONS if getattr(args, name, None)]
        given += [option for option, _, _ in _COLUMN_OPTIONS if _value(args, option)]
        given += ["--date-format"] if args.date_format else []
        if given:
            raise CommandError(
                N_(
                    "{options}: a loancalc JSON file carries its own terms and columns; "
                    "give loan and column options only with --csv"
                ),
                options=", ".join(given),
            )
        result = verify_json(_read(args.schedule, "SCHEDULE.json"), tolerance=args.tolerance)
    else:
        missing = [
            f"--{name}"
            for name in _NEEDED_WITH_CSV
            if getattr(args, name) is None
            and not (name == "rate" and getattr(args, "product", None) is not None)
        ]
        if missing:
            raise CommandError(
                N_("--csv needs the loan's terms: the following arguments are required: {options}"),
                options=", ".join(missing),
            )
        terms = terms_from_args(args)
        columns = {
            field: name
            for option, field, _ in _COLUMN_OPTIONS
            if (name := _value(args, option)) is not None
        }
        rows = read_csv_rows(
            _read(args.csv, "--csv"),
            columns=columns,
            required={"due_date", "payment", *columns},
            date_format=args.date_format,
            delimiter=args.delimiter,
            source="stdin" if args.csv == "-" else Path(args.csv).name,
        )
        result = verify_rows(terms, rows, tolerance=args.tolerance)
    text = _render(result, args.format, language_from_args(args))
    return Outcome(text=text, status=0 if result else 1)


def _value(args: argparse.Namespace, option: str) -> str | None:
    value: str | None = getattr(args, option[2:].replace("-", "_"))
    return value


def _read(path: str, option: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidValueError(option, path, f"a UTF-8 text file ({error.reason})") from None
    except OSError as error:
        raise InvalidValueError(option, path, f"a readable file ({error.strerror})") from None


def _render(result: Verification, output_format: str, lang: str) -> str:
    if output_format == "json":
        return export.to_json(result.to_dict(), indent=2)
    if lang == "en":
        return result.report()
    return report(result.terms, result.computed, result.stated, result.differences, lang)
