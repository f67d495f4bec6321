"""Options shared by the commands that take a loan's terms, and output formats.

>>> parser = argparse.ArgumentParser()
>>> add_loan_arguments(parser)
>>> add_format_argument(parser)
>>> args = parser.parse_args(["--principal", "1200", "--rate", "12%", "--term", "3",
...                           "--start", "2024-01-31", "--format", "csv"])
>>> terms_from_args(args).principal, args.format
(Decimal('1200'), 'csv')
"""

from __future__ import annotations

import argparse
from datetime import date

from loancalc.errors import InvalidValueError
from loancalc.money import Rounding, RoundingMode, to_decimal
from loancalc.rates import DayCount
from loancalc.schedule import Schedule
from loancalc.terms import Accrual, Fees, GraceInterest, LoanTerms, Method

__all__ = ["add_format_argument", "add_loan_arguments", "render_schedule", "terms_from_args"]

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
