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

import attrs

from loancalc._rate_cli import (
    add_rate_schedule_arguments,
    indexed,
    indexed_opening,
    with_rate_schedule,
)
from loancalc.amortization import amortize
from loancalc.cli._help_format import template_help
from loancalc.cli._output_options import (
    add_format_argument,
    add_lang_argument,
    language_from_args,
    render_schedule,
)
from loancalc.cli._product_option import is_product_path, product_from_args
from loancalc.cli._rounding_args import add_convention_arguments, with_conventions
from loancalc.cli._tranche_args import add_tranche_argument, refuse_tranches, tranches_from_args
from loancalc.errors import InvalidValueError
from loancalc.locale import N_
from loancalc.money import Rounding, RoundingMode, to_decimal
from loancalc.products import ProductRules
from loancalc.rates import DayCount
from loancalc.schedule import Schedule
from loancalc.terms import Accrual, Fees, GraceInterest, LoanTerms, Method
from loancalc.tranches import Tranche

__all__ = [
    "add_format_argument",
    "add_lang_argument",
    "add_loan_arguments",
    "is_product_path",
    "language_from_args",
    "loan_schedule_from_args",
    "product_from_args",
    "render_schedule",
    "terms_and_tranches_from_args",
    "terms_from_args",
]


class _Default(str):
    """An option's default value: tells an option left out from one given (``--product``
    takes the product's value for options left out)."""

    __slots__ = ()


_METHOD_CHOICES = ", ".join(member.value for member in Method)
_METHOD_ALIASES = "annuity, french, equal-instalment, linear, add-on"
_FREQUENCY_CHOICES = (
    "weekly, bi-weekly, semi-monthly, monthly, quarterly, semi-annual, annual, 'every N days'"
)
_DAY_COUNT_CHOICES = ", ".join(member.value for member in DayCount)
_ROUNDING_MODES = ", ".join(name.lower().replace("_", "-") for name in RoundingMode.__members__)


def add_loan_arguments(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """Add the options that describe a loan (everything :class:`~loancalc.LoanTerms` takes).

    Values stay text here; :func:`terms_from_args` validates them through the library so
    that every message names the option and what it accepts. With ``required=False``,
    ``--principal``, ``--rate`` and ``--term`` may be left out (they are then ``None``),
    for a command that needs a loan's terms only in some uses.

    >>> parser = argparse.ArgumentParser()
    >>> add_loan_arguments(parser)
    >>> args = parser.parse_args(["--principal", "1200", "--rate", "12%", "--term", "3"])
    >>> args.principal, args.method, args.frequency, args.start
    ('1200', 'equal-installment', 'monthly', None)
    """
    loan = parser.add_argument_group(N_("loan"))
    loan.add_argument(
        "--principal", required=required, metavar="AMOUNT", help=N_("the amount lent, e.g. 1000000")
    )
    loan.add_argument(
        "--rate",
        metavar="RATE",
        help=N_(
            "the contract rate: '4.9%%' a year, '1%%/month' (x12), '0.05%%/day' (x360) "
            "or a fraction below 1 such as 0.049 (required unless --product gives one)"
        ),
    )
    loan.add_argument(
        "--product",
        metavar="NAME|PATH.toml",
        help=N_(
            "a product rule set: a built-in or plugin name ('loancalc products' lists "
            "them) or a product TOML file (a path ending in .toml or holding a /; at most "
            "1 MiB): its defaults for every option left out, and its servicing rules"
        ),
    )
    loan.add_argument(
        "--term", required=required, metavar="N", help=N_("the number of instalments (1 to 1200)")
    )
    loan.add_argument(
        "--method",
        default=_Default(Method.EQUAL_INSTALLMENT.value),
        metavar="METHOD",
        help=template_help(
            N_(
                "repayment method: one of {names}; also accepted: {aliases} and the "
                "Chinese names (default: %(default)s)"
            ),
            names=_METHOD_CHOICES,
            aliases=_METHOD_ALIASES,
        ),
    )
    loan.add_argument(
        "--balloon",
        metavar="AMOUNT",
        help=N_("the amount left for the last instalment (method balloon only)"),
    )

    dates = parser.add_argument_group(N_("dates"))
    dates.add_argument(
        "--start",
        metavar="DATE",
        help=N_("disbursement date, YYYY-MM-DD (default: today's date)"),
    )
    add_tranche_argument(dates)
    dates.add_argument(
        "--first-due",
        metavar="DATE",
        help=N_(
            "first due date, YYYY-MM-DD (default: one period after --start; any other date "
            "makes an irregular first period, charged by actual days)"
        ),
    )
    dates.add_argument(
        "--frequency",
        default=_Default("monthly"),
        metavar="FREQ",
        help=template_help(
            N_("how often instalments fall due: {names} (default: %(default)s)"),
            names=_FREQUENCY_CHOICES,
        ),
    )

    interest = parser.add_argument_group(N_("interest"))
    interest.add_argument(
        "--accrual",
        default=_Default(Accrual.PERIODIC.value),
        metavar="ACCRUAL",
        help=N_(
            "periodic (rate / periods a year each full period) or daily (rate x year "
            "fraction by the day count, every period) (default: %(default)s)"
        ),
    )
    interest.add_argument(
        "--day-count",
        default=_Default(DayCount.ACT_360.value),
        metavar="BASIS",
        help=template_help(
            N_(
                "day-count convention: {names}, or a spelling such as act/365 "
                "(default: %(default)s)"
            ),
            names=_DAY_COUNT_CHOICES,
        ),
    )

    rounding = parser.add_argument_group(
        N_("rounding (per instalment; the last absorbs the residue)")
    )
    grid = rounding.add_mutually_exclusive_group()
    grid.add_argument(
        "--rounding-places", metavar="N", help=N_("round to N decimal places (default: 2)")
    )
    grid.add_argument(
        "--rounding-increment",
        metavar="STEP",
        help=N_("round to multiples of STEP instead, e.g. 1 or 0.05"),
    )
    rounding.add_argument(
        "--rounding-mode",
        default=_Default("half-up"),
        metavar="MODE",
        help=template_help(N_("one of {names} (default: %(default)s)"), names=_ROUNDING_MODES),
    )
    add_convention_arguments(rounding)

    fees = parser.add_argument_group(N_("fees"))
    fees.add_argument("--upfront-fee", metavar="AMOUNT", help=N_("fee charged at disbursement"))
    fees.add_argument(
        "--upfront-fee-rate",
        metavar="RATE",
        help=N_("fee at disbursement as a share of the principal, e.g. 1%%"),
    )
    fees.add_argument(
        "--period-fee", metavar="AMOUNT", help=N_("fee charged with every instalment")
    )
    fees.add_argument(
        "--period-fee-rate",
        metavar="RATE",
        help=N_("fee with every instalment as a share of the original principal, e.g. 0.6%%"),
    )
    fees.add_argument(
        "--financed-fee",
        metavar="AMOUNT",
        help=N_("financed arrangement fee (bears no interest, repaid before principal)"),
    )

    grace = parser.add_argument_group(N_("grace"))
    grace.add_argument(
        "--grace-principal",
        default=_Default("0"),
        metavar="N",
        help=N_("the first N instalments repay no principal (default: 0)"),
    )
    grace.add_argument(
        "--grace-interest",
        default=_Default("0"),
        metavar="N",
        help=N_("the first N instalments pay no interest either (default: 0)"),
    )
    grace.add_argument(
        "--grace-interest-mode",
        default=_Default(GraceInterest.CAPITALIZE.value),
        metavar="MODE",
        help=N_(
            "what happens to interest-grace interest: capitalize (added to the balance) "
            "or spread (shared among the later instalments) (default: %(default)s)"
        ),
    )
    add_rate_schedule_arguments(parser)  # --rate-change, --index, --spread ...


def loan_schedule_from_args(args: argparse.Namespace, *, today: date | None = None) -> Schedule:
    """The schedule of the loan the options of :func:`add_loan_arguments` describe, with
    its ``--tranche`` advances (the command that prints or services it calls this; one
    that only needs the terms calls :func:`terms_from_args`, which refuses ``--tranche``).

    >>> parser = argparse.ArgumentParser()
    >>> add_loan_arguments(parser)
    >>> args = parser.parse_args(["--principal", "1200", "--rate", "0", "--term", "3",
    ...                           "--start", "2024-01-01", "--tranche", "2024-02-01:600"])
    >>> [str(row.payment) for row in loan_schedule_from_args(args)]
    ['400.00', '700.00', '700.00']
    """
    terms, tranches = terms_and_tranches_from_args(args, today=today)
    return amortize(terms, tranches=tranches)


def terms_and_tranches_from_args(
    args: argparse.Namespace, *, today: date | None = None
) -> tuple[LoanTerms, tuple[Tranche, ...]]:
    """The terms (:func:`terms_from_args`) and the ``--tranche`` advances the options give.

    >>> parser = argparse.ArgumentParser()
    >>> add_loan_arguments(parser)
    >>> args = parser.parse_args(["--principal", "1200", "--rate", "0", "--term", "3",
    ...                           "--start", "2024-01-01", "--tranche", "2024-02-01:600"])
    >>> terms_and_tranches_from_args(args)[1]
    (Tranche(date=datetime.date(2024, 2, 1), amount=Decimal('600')),)
    """
    return _terms(args, today=today), tranches_from_args(args)


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
    refuse_tranches(args)  # advances are not terms: only loan_schedule_from_args takes them
    return _terms(args, today=today)


def _terms(args: argparse.Namespace, *, today: date | None) -> LoanTerms:
    product = product_from_args(args)
    if product is not None:
        return with_rate_schedule(_product_terms(product, args, today=today), args, product)
    if args.rate is None and not indexed(args):
        raise InvalidValueError(
            "--rate", None, "a rate such as '4.9%' (required unless --product gives one)"
        )
    rate = "0" if args.rate is None else _rate(args.rate)  # with --index: set by it
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
    rounding = with_conventions(rounding, args)
    fees = Fees(
        upfront=_amount(args.upfront_fee),
        upfront_rate=_amount(args.upfront_fee_rate),
        per_period=_amount(args.period_fee),
        per_period_rate=_amount(args.period_fee_rate),
        financed=_amount(args.financed_fee),
    )
    terms = LoanTerms(
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
    return with_rate_schedule(terms, args)


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


def _given(value: object) -> bool:
    """Whether an option with a default was given on the command line."""
    return value is not None and not isinstance(value, _Default)


def _product_terms(
    product: ProductRules, args: argparse.Namespace, *, today: date | None
) -> LoanTerms:
    """The terms from ``product``'s defaults, with the options given as overrides."""
    overrides: dict[str, object] = {
        field: getattr(args, field)
        for field in ("method", "frequency", "accrual", "day_count", "grace_interest_mode")
        if _given(getattr(args, field))
    }
    for option, field in (("grace_principal", "principal"), ("grace_interest", "interest")):
        if _given(getattr(args, option)):
            overrides[f"grace_{field}_periods"] = _whole(getattr(args, option), f"--grace-{field}")
    if args.first_due is not None:
        overrides["first_due"] = _date(args.first_due, "--first-due")
    if args.balloon is not None:
        overrides["balloon"] = args.balloon
    mode = args.rounding_mode if _given(args.rounding_mode) else product.rounding.mode
    if args.rounding_increment is not None:
        overrides["rounding"] = Rounding(increment=args.rounding_increment, mode=mode)
    elif args.rounding_places is not None:
        places = _whole(args.rounding_places, "--rounding-places")
        overrides["rounding"] = Rounding(places=places, mode=mode)
    elif _given(args.rounding_mode):
        overrides["rounding"] = attrs.evolve(product.rounding, mode=mode)
    base = overrides.get("rounding", product.rounding)
    assert isinstance(base, Rounding)
    conventions = with_conventions(base, args)
    if conventions != base:
        overrides["rounding"] = conventions
    fee_options = {
        "upfront": args.upfront_fee,
        "upfront_rate": args.upfront_fee_rate,
        "per_period": args.period_fee,
        "per_period_rate": args.period_fee_rate,
        "financed": args.financed_fee,
    }
    fees = {field: value for field, value in fee_options.items() if value is not None}
    if fees:
        overrides["fees"] = attrs.evolve(product.fees, **fees)
    start = _date(args.start, "--start") if args.start is not None else today or date.today()
    return product.terms(
        principal=args.principal,
        term=_whole("" if args.term is None else args.term, "--term"),
        start=start,
        annual_rate=indexed_opening(args, start) if args.rate is None else _rate(args.rate),
        **overrides,
    )
