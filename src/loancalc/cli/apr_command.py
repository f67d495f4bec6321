"""``loancalc apr``: the annualised rate of a loan, from its terms, a schedule or dated flows.

Three sources, one at a time: the loan options of ``loancalc schedule`` (``--principal``,
``--rate``, ``--term``, fees, ``--product``...), ``--schedule FILE`` (a schedule's JSON, as
``loancalc schedule --format json`` writes it) or ``--flows FILE`` (CSV rows
``date,amount``, money lent negative; a header row is allowed). ``--apr-method`` picks the
annualisation (``--method`` stays the repayment method, as in ``loancalc schedule``):

>>> main(["apr", "--principal", "12000", "--rate", "0%", "--term", "12", "--method", "flat",
...       "--period-fee-rate", "0.6%", "--start", "2024-01-31"])
13.0342242811% a year (nominal: the rate per period x 12)
0
"""

from __future__ import annotations

import argparse
import decimal
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from loancalc.amortization import amortize
from loancalc.apr import METHODS, annualized, cash_flows, check_rate_cap
from loancalc.apr.flows import DatedFlow, FlowSource
from loancalc.cli._app import main, subcommand
from loancalc.cli._error_words import CommandError
from loancalc.cli._help_format import template_help
from loancalc.cli.loan_options import (
    add_format_argument,
    add_lang_argument,
    add_loan_arguments,
    language_from_args,
    product_from_args,
    terms_from_args,
)
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.locale import N_, translation
from loancalc.money import CONTEXT, to_decimal
from loancalc.schedule import Schedule
from loancalc.stated_rows import csv_rows

__all__ = ["apr", "main", "read_flows_csv"]


_LOAN_REQUIRED = ("principal", "rate", "term")
_DESCRIBE = {
    "nominal": N_("the rate per period x {m}"),
    "effective": N_("the rate per period compounded {m} times"),
    "us-actuarial": N_("Regulation Z Appendix J, the unit-period rate x {m}"),
    "eu-aprc": N_("Directive 2008/48/EC Annex I, years of 365/366 days"),
    "eu-aprc-months": N_("Directive 2008/48/EC Annex I, years of 12 equal months"),
}
#: The methods' names in a translated text (the others are codes, shown as they are).
_NAMES = {"nominal": N_("nominal"), "effective": N_("effective")}


def _configure_apr(parser: argparse.ArgumentParser) -> None:
    source = parser.add_argument_group(N_("source (one of: the loan options, --schedule, --flows)"))
    source.add_argument(
        "--schedule",
        metavar="FILE",
        help=N_("a schedule's JSON ('loancalc schedule --format json')"),
    )
    source.add_argument(
        "--flows",
        metavar="FILE",
        help=N_("CSV of dated flows: rows 'YYYY-MM-DD,amount', money lent negative"),
    )
    add_loan_arguments(parser, required=False)  # one source among three here
    rate = parser.add_argument_group(N_("annualisation"))
    rate.add_argument(
        "--apr-method",
        metavar="METHOD",
        help=template_help(
            N_("one of {names} (default: the --product's disclosure method, else nominal)"),
            names=", ".join(METHODS),
        ),
    )
    rate.add_argument(
        "--periods-per-year",
        metavar="N",
        help=N_(
            "periods in a year for nominal, effective and us-actuarial (default: the "
            "--product's, else the schedule's frequency, else 12)"
        ),
    )
    rate.add_argument(
        "--cap",
        metavar="RATE",
        help=N_(
            "also say whether the rate exceeds this cap, e.g. 24%% (default: the "
            "--product's rate cap, if it has one)"
        ),
    )
    add_format_argument(parser)
    add_lang_argument(parser)


def read_flows_csv(text: str) -> tuple[DatedFlow, ...]:
    """Dated flows from CSV text: ``date,amount`` rows (a first row that is not one is a
    header). Raises :class:`~loancalc.errors.InvalidValueError` naming the line (a bad
    row, or one the ``csv`` module cannot read).

    >>> read_flows_csv("date,amount\\n2024-01-01,-1000\\n2025-01-01,1100\\n")[1]
    (datetime.date(2025, 1, 1), Decimal('1100'))
    >>> read_flows_csv("2024-01-01,-1000\\n2025-13-01,1100\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --flows line 2: got '2025-13-01,1100'; accepted: ...
    """
    flows: list[DatedFlow] = []
    for number, (_, row) in enumerate(csv_rows(text, "--flows"), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        try:
            if len(row) != 2:
                raise ValueError(row)
            day = date.fromisoformat(row[0].strip())
            amount = to_decimal(row[1], "amount")
        except (ValueError, LoanCalcError):
            if number == 1 and not flows:
                continue  # a header
            raise InvalidValueError(
                f"--flows line {number}",
                ",".join(row),
                "a row 'YYYY-MM-DD,amount', such as '2024-01-31,-1000.00'",
            ) from None
        flows.append((day, amount))
    if not flows:
        raise InvalidValueError("--flows", text[:40], "at least one row 'YYYY-MM-DD,amount'")
    return tuple(flows)


def _read(path: str, option: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValueError(option, path, f"a readable UTF-8 file ({error})") from None


def _source(args: argparse.Namespace) -> FlowSource:
    given = [
        name
        for name, present in (
            ("--schedule", args.schedule is not None),
            ("--flows", args.flows is not None),
            ("the loan options", args.principal is not None or args.product is not None),
        )
        if present
    ]
    if len(given) != 1:
        raise CommandError(
            N_(
                "apr: give exactly one source: the loan options (--principal, --rate, "
                "--term...), --schedule FILE or --flows FILE (got {given})"
            ),
            given=", ".join(given) or "none",
        )
    if args.schedule is not None:
        return Schedule.from_json(_read(args.schedule, "--schedule"))
    if args.flows is not None:
        return read_flows_csv(_read(args.flows, "--flows"))
    needed = ("principal", "term") if args.product is not None else _LOAN_REQUIRED
    missing = [f"--{name}" for name in needed if getattr(args, name) is None]
    if missing:
        raise CommandError(
            N_("apr: the loan options need {options} too"), options=", ".join(missing)
        )
    return amortize(terms_from_args(args))


def _per_year(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidValueError("--periods-per-year", text, "a whole number such as 12") from None


def _settings(args: argparse.Namespace) -> tuple[str, int | None, object]:
    """The method, periods a year and cap: the options given, else the product's."""
    product = product_from_args(args)
    method: str = args.apr_method or (product.apr_method if product else "nominal")
    per_year = _per_year(args.periods_per_year)
    if per_year is None and product is not None and args.apr_method is None:
        per_year = product.apr_periods_per_year
    cap: object = args.cap if args.cap is not None else (product.rate_cap if product else None)
    return method, per_year, cap


@subcommand(
    "apr",
    help=N_("print the annualised rate of a loan (IRR x periods, effective, EU APRC, US APR)"),
    configure=_configure_apr,
)
def apr(args: argparse.Namespace) -> str:
    """The ``apr`` subcommand: the annual rate of the source's flows, as a percentage.

    >>> import contextlib, io, json
    >>> out = io.StringIO()
    >>> with contextlib.redirect_stdout(out):
    ...     status = main(["apr", "--principal", "1000000", "--rate", "4.9%", "--term", "360",
    ...                    "--start", "2024-01-15", "--apr-method", "effective",
    ...                    "--format", "json"])
    >>> status, json.loads(out.getvalue())["percent"]
    (0, '5.0115579579')
    """
    source = _source(args)
    method, per_year, cap = _settings(args)
    try:
        rate = annualized(source, method, per_year)
        check = None if cap is None else check_rate_cap(source, cap, method=method,
                                                         periods_per_year=per_year)  # fmt: skip
    except InvalidValueError as error:
        option = {"method": "--apr-method", "periods_per_year": "--periods-per-year"}
        if error.field in option or error.field == "cap":
            field = option.get(error.field, "--cap")
            raise InvalidValueError(field, error.value, error.accepted) from None
        raise
    if per_year is None:
        per_year = _default_per_year(source)
    name = method.strip().lower().replace("_", "-")
    percent = _percent(rate)
    if args.format == "json":
        data: dict[str, Any] = {
            "method": name,
            "periods_per_year": per_year,
            "rate": str(rate),
            "percent": str(percent),
            "flows": len(cash_flows(source)),
        }
        if check is not None:
            data.update(cap=str(check.cap), exceeded=check.exceeded, excess=str(check.excess))
        return json.dumps(data, indent=2)
    if args.format == "csv":
        header, row = "method,periods_per_year,rate,percent", f"{name},{per_year},{rate},{percent}"
        if check is not None:
            header += ",cap,exceeded,excess"
            row += f",{check.cap},{str(check.exceeded).lower()},{check.excess}"
        return f"{header}\n{row}\n"
    _ = translation(language_from_args(args)).gettext
    describe = _(_DESCRIBE[name]).format(m=per_year)
    text = _("{percent}% a year ({name}: {describe})").format(
        percent=percent, name=_(_NAMES.get(name, name)), describe=describe
    )
    if check is not None:
        if check.exceeded:
            verdict = _("exceeds it by {excess} points").format(excess=_percent(check.excess))
        else:
            verdict = _("within it")
        text += "\n" + _("cap {cap}%: {verdict}").format(cap=_percent(check.cap), verdict=verdict)
    return text


def _default_per_year(source: FlowSource) -> int:
    if isinstance(source, Schedule):
        per_year = source.terms.frequency.periods_per_year
        if per_year is not None and per_year == per_year.to_integral_value():
            return int(per_year)
    return 12


def _percent(rate: Decimal) -> Decimal:
    """``rate`` x 100 without trailing zeros or an exponent."""
    with decimal.localcontext(CONTEXT):
        number = rate * 100
        if number == number.to_integral_value():
            return number.quantize(Decimal(1))
        return number.normalize()
