"""The ``loancalc`` console script: loan calculations from the command line.

Each subcommand is one function registered with :func:`subcommand`; today there is
``schedule``, which prints a repayment schedule as a table (for people), CSV or JSON (for
programs). Amounts are exact: 1,200 lent at 12 % a year over 3 monthly instalments from
31 January 2024 (due on the last day of each month):

>>> main(["schedule", "--principal", "1200", "--rate", "12%", "--term", "3",
...       "--start", "2024-01-31", "--format", "csv"])
number,start,due_date,days,opening_balance,principal,interest,fee,payment,closing_balance,capitalized_interest
1,2024-01-31,2024-02-29,29,1200.00,396.03,12.00,0.00,408.03,803.97,0.00
2,2024-02-29,2024-03-31,31,803.97,399.99,8.04,0.00,408.03,403.98,0.00
3,2024-03-31,2024-04-30,30,403.98,403.98,4.04,0.00,408.02,0.00,0.00
0

Every error prints one line to stderr, starting ``loancalc: error:`` and naming the
option, and :func:`main` returns 2 (never a traceback):

>>> import contextlib, io, sys
>>> with contextlib.redirect_stderr(sys.stdout):
...     main(["schedule", "--principal", "1200", "--rate", "12%", "--term", "0"])
loancalc: error: --term: got 0; accepted: a whole number from 1 to 1200
2
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import NoReturn

import attrs

import loancalc
from loancalc.amortization import amortize
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.money import Rounding, RoundingMode, to_decimal
from loancalc.rates import DayCount
from loancalc.schedule import Schedule
from loancalc.terms import Accrual, Fees, GraceInterest, LoanTerms, Method

__all__ = [
    "PROG",
    "Subcommand",
    "add_format_argument",
    "add_loan_arguments",
    "build_parser",
    "main",
    "render_schedule",
    "subcommand",
    "terms_from_args",
]

#: The program name used in usage lines and error messages.
PROG = "loancalc"

_EXIT_OK = 0
_EXIT_ERROR = 2

#: What a subcommand computes from its parsed arguments: the text to print on stdout.
Handler = Callable[[argparse.Namespace], str]
#: Adds a subcommand's options to its (sub)parser.
Configure = Callable[[argparse.ArgumentParser], None]


# --------------------------------------------------------------------------------------
# The parser and the subcommand registry
# --------------------------------------------------------------------------------------


class _UsageError(Exception):
    """A command-line usage error found by argparse (message without the prefix)."""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Wraps help text without breaking names such as ``equal-principal`` at the hyphen."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


class _ArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that raises on a usage error instead of printing usage and exiting.

    (``--help`` and ``--version`` still exit through ``SystemExit(0)``, which :func:`main`
    turns into its return value.)
    """

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see '{self.prog} --help')")


@attrs.frozen(kw_only=True)
class Subcommand:
    """One ``loancalc`` subcommand: its name, help, options and handler.

    >>> _SUBCOMMANDS["schedule"].help
    'print the repayment schedule of a loan'
    """

    name: str
    help: str
    configure: Configure
    run: Handler


_SUBCOMMANDS: dict[str, Subcommand] = {}


def subcommand(name: str, *, help: str, configure: Configure) -> Callable[[Handler], Handler]:
    """Register the decorated function as the subcommand ``name``.

    ``configure`` adds the subcommand's options to its parser; the function receives the
    parsed arguments and returns the text to print. It reports bad input by raising a
    :class:`~loancalc.LoanCalcError` (``main`` turns it into one error line and status 2).

    >>> def _configure(parser):
    ...     parser.add_argument("--name", required=True)
    >>> @subcommand("hello-example", help="greet", configure=_configure)
    ... def hello(args):
    ...     return f"hello {args.name}"
    >>> main(["hello-example", "--name", "world"])
    hello world
    0
    >>> _ = _SUBCOMMANDS.pop("hello-example")  # unregister the example again
    """

    def register(run: Handler) -> Handler:
        if name in _SUBCOMMANDS:
            raise ValueError(f"subcommand {name!r} is already registered")
        _SUBCOMMANDS[name] = Subcommand(name=name, help=help, configure=configure, run=run)
        return run

    return register


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``loancalc`` command, with every registered subcommand.

    >>> parser = build_parser()
    >>> args = parser.parse_args(["schedule", "--principal", "1000", "--rate", "5%",
    ...                           "--term", "12"])
    >>> args.command, args.principal, args.format
    ('schedule', '1000', 'table')
    """
    parser = _ArgumentParser(
        prog=PROG,
        description="Exact (Decimal) loan calculations: repayment schedules and more.",
        epilog=f"Run '{PROG} COMMAND --help' for the options of a command.",
        allow_abbrev=False,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {loancalc.__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="commands", required=True
    )
    for command in _SUBCOMMANDS.values():
        sub = commands.add_parser(
            command.name,
            help=command.help,
            description=command.help,
            allow_abbrev=False,
            formatter_class=_HelpFormatter,
        )
        command.configure(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``loancalc`` command with ``argv`` (default: ``sys.argv[1:]``).

    Prints the result on stdout and returns the exit status: 0 on success, 2 after any
    error (one line on stderr starting ``loancalc: error:``).

    >>> main(["schedule", "--principal", "100", "--rate", "0%", "--term", "2",
    ...       "--start", "2024-01-01", "--format", "csv"])
    number,start,due_date,days,opening_balance,principal,interest,fee,payment,closing_balance,capitalized_interest
    1,2024-01-01,2024-02-01,31,100.00,50.00,0.00,0.00,50.00,50.00,0.00
    2,2024-02-01,2024-03-01,29,50.00,50.00,0.00,0.00,50.00,0.00,0.00
    0
    >>> main(["--version"])
    loancalc ...
    0
    """
    try:
        args = build_parser().parse_args(argv)
        output = _SUBCOMMANDS[args.command].run(args)
    except SystemExit as done:  # --help, --version
        return done.code if isinstance(done.code, int) else _EXIT_OK
    except _UsageError as error:
        return _fail(str(error))
    except InvalidValueError as error:
        return _fail(_describe_invalid_value(error))
    except LoanCalcError as error:
        return _fail(str(error))
    except ArithmeticError as error:  # decimal traps: an amount or grid beyond the context
        return _fail(
            f"the calculation failed ({type(error).__name__}): an amount, rate or rounding "
            "option is too large or too fine"
        )
    except Exception as error:  # a bug: still one line, never a traceback
        return _fail(f"internal error ({type(error).__name__}: {error}); please report it")
    return _write(output)


def _fail(message: str) -> int:
    one_line = " ".join(message.split())
    sys.stderr.write(f"{PROG}: error: {one_line}\n")
    return _EXIT_ERROR


def _write(output: str) -> int:
    try:
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``loancalc ... | head``): stop quietly, as the shell tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return _EXIT_OK


# --------------------------------------------------------------------------------------
# Error messages in the command line's words
# --------------------------------------------------------------------------------------

#: The option that sets each field the library names in its errors.
_OPTION_FOR_FIELD = {
    "principal": "--principal",
    "annual_rate": "--rate",
    "term": "--term",
    "start": "--start",
    "first_due": "--first-due",
    "frequency": "--frequency",
    "frequency.count": "--frequency",
    "frequency.unit": "--frequency",
    "method": "--method",
    "accrual": "--accrual",
    "day_count": "--day-count",
    "rounding.places": "--rounding-places",
    "rounding.increment": "--rounding-increment",
    "rounding.mode": "--rounding-mode",
    "fees.upfront": "--upfront-fee",
    "fees.upfront_rate": "--upfront-fee-rate",
    "fees.per_period": "--period-fee",
    "fees.per_period_rate": "--period-fee-rate",
    "grace_principal_periods": "--grace-principal",
    "grace_interest_periods": "--grace-interest",
    "grace_interest_mode": "--grace-interest-mode",
    "balloon": "--balloon",
}


def _describe_invalid_value(error: InvalidValueError) -> str:
    option = _OPTION_FOR_FIELD.get(error.field, error.field)
    return f"{option}: got {_show(error.value)}; accepted: {error.accepted}"


def _show(value: object) -> str:
    if isinstance(value, date):
        return repr(value.isoformat())
    if isinstance(value, Decimal):
        return repr(str(value))
    return repr(value)


# --------------------------------------------------------------------------------------
# Options shared by the commands that take a loan's terms
# --------------------------------------------------------------------------------------

_METHOD_CHOICES = ", ".join(member.value for member in Method)
_METHOD_ALIASES = "annuity, french, equal-instalment, linear, add-on"
_FREQUENCY_CHOICES = (
    "weekly, bi-weekly, semi-monthly, monthly, quarterly, semi-annual, annual, 'every N days'"
)
_DAY_COUNT_CHOICES = ", ".join(member.value for member in DayCount)
_ROUNDING_MODES = ", ".join(name.lower().replace("_", "-") for name in RoundingMode.__members__)


def add_loan_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options that describe a loan (everything :class:`~loancalc.LoanTerms` takes).

    Values stay text here; :func:`terms_from_args` validates them through the library so
    that every message names the option and what it accepts.

    >>> parser = argparse.ArgumentParser()
    >>> add_loan_arguments(parser)
    >>> args = parser.parse_args(["--principal", "1200", "--rate", "12%", "--term", "3"])
    >>> args.principal, args.method, args.frequency, args.start
    ('1200', 'equal-installment', 'monthly', None)
    """
    loan = parser.add_argument_group("loan")
    loan.add_argument(
        "--principal", required=True, metavar="AMOUNT", help="the amount lent, e.g. 1000000"
    )
    loan.add_argument(
        "--rate",
        required=True,
        metavar="RATE",
        help="the contract rate: '4.9%%' a year, '1%%/month' (x12), '0.05%%/day' (x360) "
        "or a fraction below 1 such as 0.049",
    )
    loan.add_argument(
        "--term", required=True, metavar="N", help="the number of instalments (1 to 1200)"
    )
    loan.add_argument(
        "--method",
        default=Method.EQUAL_INSTALLMENT.value,
        metavar="METHOD",
        help=f"repayment method: one of {_METHOD_CHOICES}; also accepted: {_METHOD_ALIASES} "
        "and the Chinese names (default: %(default)s)",
    )
    loan.add_argument(
        "--balloon",
        metavar="AMOUNT",
        help="the amount left for the last instalment (method balloon only)",
    )

    dates = parser.add_argument_group("dates")
    dates.add_argument(
        "--start",
        metavar="DATE",
        help="disbursement date, YYYY-MM-DD (default: today's date)",
    )
    dates.add_argument(
        "--first-due",
        metavar="DATE",
        help="first due date, YYYY-MM-DD (default: one period after --start; any other date "
        "makes an irregular first period, charged by actual days)",
    )
    dates.add_argument(
        "--frequency",
        default="monthly",
        metavar="FREQ",
        help=f"how often instalments fall due: {_FREQUENCY_CHOICES} (default: %(default)s)",
    )

    interest = parser.add_argument_group("interest")
    interest.add_argument(
        "--accrual",
        default=Accrual.PERIODIC.value,
        metavar="ACCRUAL",
        help="periodic (rate / periods a year each full period) or daily (rate x year "
        "fraction by the day count, every period) (default: %(default)s)",
    )
    interest.add_argument(
        "--day-count",
        default=DayCount.ACT_360.value,
        metavar="BASIS",
        help=f"day-count convention: {_DAY_COUNT_CHOICES}, or a spelling such as act/365 "
        "(default: %(default)s)",
    )

    rounding = parser.add_argument_group("rounding (per instalment; the last absorbs the residue)")
    grid = rounding.add_mutually_exclusive_group()
    grid.add_argument(
        "--rounding-places", metavar="N", help="round to N decimal places (default: 2)"
    )
    grid.add_argument(
        "--rounding-increment",
        metavar="STEP",
        help="round to multiples of STEP instead, e.g. 1 or 0.05",
    )
    rounding.add_argument(
        "--rounding-mode",
        default="half-up",
        metavar="MODE",
        help=f"one of {_ROUNDING_MODES} (default: %(default)s)",
    )

    fees = parser.add_argument_group("fees")
    fees.add_argument("--upfront-fee", metavar="AMOUNT", help="fee charged at disbursement")
    fees.add_argument(
        "--upfront-fee-rate",
        metavar="RATE",
        help="fee at disbursement as a share of the principal, e.g. 1%%",
    )
    fees.add_argument("--period-fee", metavar="AMOUNT", help="fee charged with every instalment")
    fees.add_argument(
        "--period-fee-rate",
        metavar="RATE",
        help="fee with every instalment as a share of the original principal, e.g. 0.6%%",
    )

    grace = parser.add_argument_group("grace")
    grace.add_argument(
        "--grace-principal",
        default="0",
        metavar="N",
        help="the first N instalments repay no principal (default: 0)",
    )
    grace.add_argument(
        "--grace-interest",
        default="0",
        metavar="N",
        help="the first N instalments pay no interest either (default: 0)",
    )
    grace.add_argument(
        "--grace-interest-mode",
        default=GraceInterest.CAPITALIZE.value,
        metavar="MODE",
        help="what happens to interest-grace interest: capitalize (added to the balance) "
        "or spread (shared among the later instalments) (default: %(default)s)",
    )


def terms_from_args(args: argparse.Namespace, *, today: date | None = None) -> LoanTerms:
    """The :class:`~loancalc.LoanTerms` the options of :func:`add_loan_arguments` describe.

    ``--start`` defaults to ``today`` (the system date if not given): the library itself
    never reads the clock.

    >>> parser = argparse.ArgumentParser()
    >>> add_loan_arguments(parser)
    >>> args = parser.parse_args(["--principal", "1200", "--rate", "12%", "--term", "3"])
    >>> terms_from_args(args, today=date(2024, 1, 31)).first_due_date
    datetime.date(2024, 2, 29)
    """
    rate = _rate(args.rate)
    start = _date(args.start, "--start") if args.start is not None else today or date.today()
    first_due = None if args.first_due is None else _date(args.first_due, "--first-due")
    if args.rounding_increment is not None:
        rounding = Rounding(increment=args.rounding_increment, mode=args.rounding_mode)
    elif args.rounding_places is not None:
        rounding = Rounding(
            places=_whole(args.rounding_places, "--rounding-places"), mode=args.rounding_mode
        )
    else:
        rounding = Rounding(mode=args.rounding_mode)
    fees = Fees(
        upfront=_amount(args.upfront_fee),
        upfront_rate=_amount(args.upfront_fee_rate),
        per_period=_amount(args.period_fee),
        per_period_rate=_amount(args.period_fee_rate),
    )
    return LoanTerms(
        principal=args.principal,
        annual_rate=rate,
        term=_whole(args.term, "--term"),
        start=start,
        first_due=first_due,
        frequency=args.frequency,
        method=args.method,
        accrual=args.accrual,
        day_count=args.day_count,
        rounding=rounding,
        fees=fees,
        grace_principal_periods=_whole(args.grace_principal, "--grace-principal"),
        grace_interest_periods=_whole(args.grace_interest, "--grace-interest"),
        grace_interest_mode=args.grace_interest_mode,
        balloon=_amount(args.balloon),
    )


def _whole(text: str, option: str) -> int:
    """``text`` as a whole number (the library then checks its range)."""
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidValueError(option, text, "a whole number") from None


def _amount(text: str | None) -> str:
    return "0" if text is None else text


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValueError(option, text, "a date as YYYY-MM-DD") from None


def _rate(text: str) -> str:
    """Refuse a bare ``--rate 4.9``, which the library would read as 490 % a year."""
    if "%" in text:
        return text
    try:
        value = to_decimal(text, "annual_rate")
    except InvalidValueError:
        return text  # a unit or a typo: the library accepts it or names the field
    if value >= 1:
        fraction = to_decimal(text.strip() + "%")
        raise InvalidValueError(
            "--rate",
            text,
            f"a percentage such as '{text.strip()}%' or a fraction below 1 such as "
            f"'{fraction}' (a bare number is a fraction of 1; write it with % to mean "
            "100 % a year or more)",
        )
    return text


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--format table|csv|json`` (``table`` by default).

    >>> parser = argparse.ArgumentParser()
    >>> add_format_argument(parser)
    >>> parser.parse_args([]).format, parser.parse_args(["--format", "json"]).format
    ('table', 'json')
    """
    parser.add_argument_group("output").add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table for people, csv or json (lossless, exact amounts) for programs "
        "(default: %(default)s)",
    )


def render_schedule(schedule: Schedule, output_format: str) -> str:
    """``schedule`` as the text ``--format`` asks for.

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> print(render_schedule(s, "csv").splitlines()[1])
    1,2024-01-01,2024-02-01,31,100.00,100.00,0.00,0.00,100.00,0.00,0.00
    """
    if output_format == "csv":
        return schedule.to_csv()
    if output_format == "json":
        return schedule.to_json(indent=2)
    return str(schedule)


# --------------------------------------------------------------------------------------
# Subcommands: one function each
# --------------------------------------------------------------------------------------


def _configure_schedule(parser: argparse.ArgumentParser) -> None:
    add_loan_arguments(parser)
    add_format_argument(parser)


@subcommand(
    "schedule",
    help="print the repayment schedule of a loan",
    configure=_configure_schedule,
)
def schedule(args: argparse.Namespace) -> str:
    """The ``schedule`` subcommand: amortise the loan and render it.

    >>> main(["schedule", "--principal", "1000000", "--rate", "4.9%", "--term", "360",
    ...       "--start", "2024-01-15", "--format", "json"])  # doctest: +ELLIPSIS
    {
      "format": "loancalc.schedule/1",
      ...
          "payment": "5307.27",
    ...
    0
    """
    return render_schedule(amortize(terms_from_args(args)), args.format)
