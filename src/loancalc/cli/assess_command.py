"""``loancalc assess``: what a borrower owes on a date, given the payments made.

The loan comes from the usual loan options (as for ``schedule``, or ``--product``), or
from a schedule file (``--schedule``, as ``loancalc schedule --format json`` writes it).
Payments come from a CSV file (``--payments``: ``date,amount[,reference[,known_on]]`` per
line, an optional header line) or from repeated ``--payment DATE:AMOUNT[:KNOWN_ON]``
options; ``known_on`` is the day the lender learnt of a payment recorded late, and
``--known-on DATE`` assesses the loan as known on that day (payments learnt of later
left out). The servicing
rules are the product's (``--product``) or the defaults (nothing charged), changed by the
rule options, among them the interest basis (``--interest-basis actual-balance``: interest
accrues daily on the principal actually outstanding, and the output adds the statement and
the caps that cut). ``--claimed`` compares an amount a lender says is owed with the computed
amount due: the difference is data, so the exit status stays 0.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date

from loancalc import export
from loancalc.cli._app import subcommand
from loancalc.cli._assess_text import assessment_text
from loancalc.cli._event_args import add_event_arguments, option_events
from loancalc.cli._help_format import template_help

# Other commands import _date, _payment and _read from here: `as` re-exports them (for mypy).
from loancalc.cli._payment_input import _date as _date  # noqa: PLC0414
from loancalc.cli._payment_input import _payment as _payment  # noqa: PLC0414
from loancalc.cli._payment_input import _read as _read  # noqa: PLC0414
from loancalc.cli._payment_input import read_events, read_payments
from loancalc.cli._servicing_rule_args import (
    add_servicing_rule_arguments,
    servicing_rules_from_args,
)
from loancalc.cli.loan_options import (
    add_lang_argument,
    add_loan_arguments,
    language_from_args,
    loan_schedule_from_args,
)
from loancalc.errors import InvalidValueError
from loancalc.locale import N_, translation
from loancalc.money import to_decimal
from loancalc.schedule import Schedule
from loancalc.servicing import (
    LoanState,
    Payment,
    assess,
)
from loancalc.servicing._bureau_text import history_data, history_text
from loancalc.servicing.bureau import DelinquencyHistory, delinquency_history
from loancalc.servicing.export import statement_csv
from loancalc.servicing.ledger_events import LedgerEvent
from loancalc.servicing.rules import InterestBasis

__all__ = [
    "add_assessment_arguments",
    "assess_loan",
    "assessment_from_args",
    "events_from_args",
    "payments_from_args",
    "read_events",
    "read_payments",
]


def add_assessment_arguments(
    parser: argparse.ArgumentParser, *, as_of_default: str | None = None
) -> None:
    """Add the options that describe a loan, its payments and its servicing rules, as
    ``assess`` takes them (``quote`` takes the same): ``--schedule`` or the loan
    options, ``--payments``/``--payment``, ``--as-of`` (required unless ``as_of_default`` says
    what it defaults to: the command then passes the date to
    :func:`assessment_from_args`) and the rule options.

    >>> parser = argparse.ArgumentParser()
    >>> add_assessment_arguments(parser)
    >>> args = parser.parse_args(["--principal", "1000", "--rate", "0%", "--term", "2",
    ...                           "--start", "2024-01-01", "--as-of", "2024-02-05"])
    >>> assessment_from_args(args).days_past_due
    4
    """
    source = parser.add_argument_group(N_("the loan (loan options below, or a schedule file)"))
    source.add_argument(
        "--schedule",
        metavar="FILE",
        help=N_(
            "a schedule as 'loancalc schedule --format json' writes it ('-' for stdin); "
            "no loan options are then needed"
        ),
    )
    add_loan_arguments(parser, required=False)
    paid = parser.add_argument_group(N_("payments"))
    paid.add_argument(
        "--payments",
        metavar="FILE",
        help=N_(
            "a CSV file of payments, one 'date,amount[,reference[,known_on]]' per line "
            "('-' for stdin; known_on: the day a payment recorded late was learnt of); a first "
            "line 'date,amount,...' is a header"
        ),
    )
    paid.add_argument(
        "--payment",
        action="append",
        default=[],
        metavar="DATE:AMOUNT[:KNOWN_ON]",
        help=N_(
            "one payment, e.g. 2024-03-20:1100.16, or 2024-03-20:1100.16:2024-03-28 for "
            "one the lender learnt of on 2024-03-28 (repeat the option for more)"
        ),
    )
    add_event_arguments(paid)
    paid.add_argument(
        "--as-of",
        required=as_of_default is None,
        metavar="DATE",
        help=N_("the date to assess the loan on (payments after it are left out)")
        if as_of_default is None
        else template_help(
            N_("the date to assess the loan on (default: {date})"), date=str(as_of_default)
        ),
    )
    add_servicing_rule_arguments(parser)


def payments_from_args(args: argparse.Namespace) -> list[Payment]:
    """The payments of ``--payments`` and ``--payment`` (read once: ``--payments -`` reads
    stdin).

    >>> parser = argparse.ArgumentParser()
    >>> add_assessment_arguments(parser)
    >>> args = parser.parse_args(["--principal", "1", "--term", "1", "--as-of", "2024-01-01",
    ...                           "--payment", "2024-02-01:5"])
    >>> payments_from_args(args)[0].amount
    Decimal('5')
    """
    names = ("reversal", "refund", "write_off", "charge")
    given = [name for name in names if getattr(args, name, [])]
    if given:
        option = "--" + given[0].replace("_", "-")
        raise InvalidValueError(
            option, getattr(args, given[0])[0], "only with 'loancalc assess' (not here)"
        )
    return [*read_payments(args.payments), *(_payment(text) for text in args.payment)]


def events_from_args(args: argparse.Namespace) -> list[LedgerEvent]:
    """The payments and other events of ``--payments`` (a CSV file, which may have a
    ``kind`` column), ``--payment``, ``--reversal``, ``--refund``, ``--write-off`` and
    ``--charge``.

    >>> parser = argparse.ArgumentParser()
    >>> add_assessment_arguments(parser)
    >>> args = parser.parse_args(["--principal", "1", "--term", "1", "--as-of", "2024-01-01",
    ...                           "--payment", "2024-02-01:5", "--refund", "2024-02-01:1"])
    >>> [type(event).__name__ for event in events_from_args(args)]
    ['Payment', 'Refund']
    """
    return [
        *read_events(args.payments),
        *(_payment(text) for text in args.payment),
        *option_events(args),
    ]


def assessment_from_args(
    args: argparse.Namespace,
    as_of: date | None = None,
    payments: Sequence[LedgerEvent] | None = None,
    *,
    known_on: date | None = None,
) -> LoanState:
    """The loan the options of :func:`add_assessment_arguments` describe, assessed on
    ``as_of`` (default: ``--as-of``) with ``payments`` (default:
    :func:`events_from_args`: payments and the other events), as known on ``known_on``
    (None: all payments given).

    >>> parser = argparse.ArgumentParser()
    >>> add_assessment_arguments(parser)
    >>> args = parser.parse_args(["--principal", "1000", "--rate", "0%", "--term", "2",
    ...                           "--start", "2024-01-01", "--as-of", "2024-02-05",
    ...                           "--payment", "2024-02-01:500"])
    >>> assessment_from_args(args, date(2024, 3, 1)).amount_due
    Decimal('500.00')
    """
    if as_of is None:
        as_of = _date(args.as_of, "--as-of")
    schedule = _schedule(args)
    rules = servicing_rules_from_args(args)
    if payments is None:
        payments = events_from_args(args)
    try:
        return assess(schedule, payments, as_of, rules, known_on=known_on)
    except InvalidValueError as error:  # checked against the loan: the option, if given
        if error.field != "rules.interest_free.days" or args.interest_free_days is None:
            raise
        raise InvalidValueError("--interest-free-days", error.value, error.accepted) from None


def _configure(parser: argparse.ArgumentParser) -> None:
    add_assessment_arguments(parser)
    parser.add_argument_group(N_("corrections")).add_argument(
        "--known-on",
        metavar="DATE",
        help=N_(
            "assess the loan as known on DATE: payments learnt of later (their known_on) "
            "are left out (default: all payments given)"
        ),
    )
    output = parser.add_argument_group(N_("output"))
    output.add_argument(
        "--format",
        choices=("table", "csv", "json", "html"),
        default="table",
        help=N_(
            "table for people; csv: one line per instalment, or, on the actual-balance "
            "basis, one line per statement date (the columns of the statement table); json "
            "(lossless, exact amounts): everything, with the statement and the caps that cut "
            "on the actual-balance basis; html: a report to keep or print (one "
            "self-contained page with a chart) (default: %(default)s)"
        ),
    )
    output.add_argument(
        "--history",
        action="store_true",
        help=N_(
            "add the repayment history as a credit bureau reads it: the 24-month status "
            "string, overdue months, first overdue date and bucket transitions (table and json)"
        ),
    )
    add_lang_argument(parser)
    parser.add_argument_group(N_("checking a lender's figure")).add_argument(
        "--claimed",
        metavar="AMOUNT",
        help=N_(
            "an amount the lender says is owed now: the difference from the computed "
            "amount due is shown"
        ),
    )


@subcommand(
    "assess",
    help=N_("what a borrower owes on a date: status, days past due, charges, payoff"),
    configure=_configure,
)
def assess_loan(args: argparse.Namespace) -> str:
    """The ``assess`` subcommand.

    >>> from loancalc.cli import main
    >>> main(["assess", "--principal", "12000", "--rate", "18%", "--term", "12",
    ...       "--start", "2024-01-15", "--payment", "2024-02-15:1100.16",
    ...       "--as-of", "2024-03-25", "--grace-days", "3", "--penalty-multiplier", "1.5",
    ...       "--compound", "--format", "json"])  # doctest: +ELLIPSIS
    {...
      "days_past_due": 10,
      "bucket": "M1",...
      "penalty_interest": "7.00",
      "compound_interest": "1.25",...
    0
    """
    known_on = None if args.known_on is None else _date(args.known_on, "--known-on")
    state = assessment_from_args(args, known_on=known_on)
    claimed = None if args.claimed is None else to_decimal(args.claimed, "--claimed")
    if args.history and args.format in ("csv", "html"):
        raise InvalidValueError("--history", args.format, "--format table or json")
    history = delinquency_history(state) if args.history else None
    if args.format == "csv":
        if state.rules.interest_basis is InterestBasis.ACTUAL_BALANCE:
            return statement_csv(state.statement)
        return state.to_csv()
    if args.format == "json":
        data = state.to_dict()
        if claimed is not None:
            data["claimed"] = export.json_value(claimed)
            data["claimed_difference"] = export.json_value(claimed - state.amount_due)
        if history is not None:
            data["history"] = history_data(history)
        return export.to_json(data, indent=2)
    lang = language_from_args(args)
    if args.format == "html" or lang != "en":
        from loancalc import reports  # the templates load only when a report is asked for

        if args.format == "html":
            return reports.render_html(state, lang, claimed=claimed)
        text = reports.render_text(state, lang, claimed=claimed)
    else:
        text = assessment_text(state, claimed)
    if history is None:
        return text
    shown = history_text(history) if lang == "en" else _history_text(lang, history)
    return f"{text}\n\n{shown}"


def _history_text(lang: str, history: DelinquencyHistory, months: int = 24) -> str:
    """:func:`~loancalc.servicing._bureau_text.history_text` in ``lang``."""
    _ = translation(lang).gettext
    moves = [
        f"  {move.date.isoformat()}  {move.before} -> {move.after}  "
        + _("({days} days past due)").format(days=move.days_past_due)
        for move in history.bucket_transitions
    ]
    last = history.as_of
    first = "-" if history.first_overdue_date is None else str(history.first_overdue_date)
    episode = "-" if history.episode_start is None else str(history.episode_start)
    return "\n".join(
        [
            _("Repayment history, {months} months to {month} (oldest first): {status}").format(
                months=months,
                month=f"{last.year}-{last.month:02d}",
                status=history.status_string(months),
            ),
            _("Overdue months: {run} in a row, {total} in all; most days past due: {most}").format(
                run=history.consecutive_overdue_months(months),
                total=history.cumulative_overdue_months(months),
                most=history.max_days_past_due(),
            ),
            _("First past due: {first}; current episode since: {episode}").format(
                first=first, episode=episode
            ),
            _("Bucket transitions:") if moves else _("Bucket transitions: none"),
            *moves,
        ]
    )


def _schedule(args: argparse.Namespace) -> Schedule:
    if args.schedule is None:
        return loan_schedule_from_args(args)
    if args.principal is not None or args.rate is not None or args.term is not None:
        raise InvalidValueError(
            "--schedule", args.schedule, "a schedule file without --principal/--rate/--term"
        )
    return Schedule.from_json(_read(args.schedule, "--schedule"))
