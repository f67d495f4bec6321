"""``loancalc diff``: what a correction changed, explained.

The loan, its payments and its servicing rules come from the options of ``loancalc
assess`` (the same parser). Two states of the loan on ``--as-of`` are compared
(:func:`loancalc.state_diff.diff`): with ``--known-on DATE``, the loan as known on that
date (payments the lender learnt of later, by their ``known_on``, left out) against the
loan as known now (every payment given); with ``--before-payments FILE``, the loan with
that file's payments against the loan with ``--payments``/``--payment``. Exactly one of
the two is required. The output lists each instalment's changed figures, the loan's
delinquency, the days-past-due and bucket history, the charges added or removed and the
settlement figure: text for people, CSV (one line per change, exact amounts) or JSON.
A difference is data: the exit status is 0.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from loancalc import export
from loancalc._diff_records import Charge, Value, difference
from loancalc.cli._app import subcommand
from loancalc.cli.assess_command import (
    _date,
    add_assessment_arguments,
    assessment_from_args,
    payments_from_args,
    read_payments,
)
from loancalc.cli.loan_options import add_lang_argument, language_from_args
from loancalc.errors import InvalidValueError
from loancalc.locale import N_, translation
from loancalc.servicing import assess
from loancalc.servicing.events import EventKind
from loancalc.state_diff import StateDiff, diff

__all__ = ["diff_loan"]


def _configure(parser: argparse.ArgumentParser) -> None:
    add_assessment_arguments(parser)
    before = parser.add_argument_group(
        N_("the loan before the correction (exactly one of these)")
    ).add_mutually_exclusive_group(required=True)
    before.add_argument(
        "--known-on",
        metavar="DATE",
        help=N_(
            "before: the loan as known on DATE (payments learnt of later, by their "
            "known_on, left out); after: every payment given"
        ),
    )
    before.add_argument(
        "--before-payments",
        metavar="FILE",
        help=N_(
            "before: the payments of this CSV file (as --payments reads them; '-' for "
            "stdin); after: --payments and --payment"
        ),
    )
    parser.add_argument_group(N_("output")).add_argument(
        "--format",
        choices=("text", "csv", "json"),
        default="text",
        help=N_(
            "text for people; csv: one line per change (exact amounts, ISO dates); json: "
            "everything, amounts as strings (default: %(default)s)"
        ),
    )
    add_lang_argument(parser)


@subcommand(
    "diff",
    help=N_("what a backdated correction changed: amounts, delinquency, charges, settlement"),
    configure=_configure,
)
def diff_loan(args: argparse.Namespace) -> str:
    """The ``diff`` subcommand.

    >>> from loancalc.cli import main
    >>> main(["diff", "--principal", "1000", "--rate", "0%", "--term", "2",
    ...       "--start", "2024-01-01", "--late-fee", "10", "--grace-days", "3",
    ...       "--payment", "2024-02-01:500:2024-02-10", "--as-of", "2024-02-10",
    ...       "--known-on", "2024-02-09", "--format", "csv"])  # doctest: +ELLIPSIS
    section,date,installment,field,component,before,after,change
    loan,,,status,,overdue,current,
    loan,,,days_past_due,,9,0,-9
    ...
    charge-removed,2024-02-04,1,late-fee-charged,late-fee,10,,-10
    0
    """
    as_of = _date(args.as_of, "--as-of")
    if args.before_payments == "-" and args.payments == "-":
        raise InvalidValueError(
            "--before-payments", "-", "a file, when --payments reads stdin ('-')"
        )
    after = assessment_from_args(args, as_of, payments_from_args(args))
    if args.known_on is not None:
        known_on = _date(args.known_on, "--known-on")
        payments = list(after.payments)
    else:
        known_on = None
        payments = read_payments(args.before_payments, "--before-payments")
    try:
        before = assess(
            after.schedule, payments, as_of, after.rules, waivers=after.waivers, known_on=known_on
        )
    except InvalidValueError as error:  # a payment of --before-payments, by its index
        if not error.field.startswith("payments["):
            raise
        field = f"--before-payments {error.field}"
        raise InvalidValueError(field, error.value, error.accepted) from None
    changes = diff(before, after)
    if args.format == "csv":
        return changes.to_csv()
    if args.format == "json":
        return changes.to_json(indent=2)
    lang = language_from_args(args)
    return changes.text() if lang == "en" else translated_text(changes, lang)


Gettext = Callable[[str], str]


def translated_text(changes: StateDiff, lang: str) -> str:
    """:meth:`StateDiff.text <loancalc.state_diff.StateDiff.text>` in ``lang``: the same
    lines, each label, status and charge in words of that language.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> print(translated_text(diff(assess(s, [], date(2024, 2, 3)),
    ...                            assess(s, [], date(2024, 2, 3))), "zh"))
    变更前（截至 2024-02-03）与变更后（截至 2024-02-03）：没有差异。
    """
    _ = translation(lang).gettext
    before, after = changes.before, changes.after
    title = _("Before (as of {before}) and after (as of {after})").format(
        before=before.as_of.isoformat(), after=after.as_of.isoformat()
    )
    if not changes.changed:
        return _("{title}: no differences.").format(title=title)
    lines = [_("{title}:").format(title=title)]
    loan = changes.loan_changes()
    if loan:
        lines.append(_("Loan:"))
        lines += [
            f"  {_field(_, name)}：{_pair(_, f'loan_{name}', old, new)}" for name, old, new in loan
        ]
    number: object = ()
    for change in changes.installments:
        if change.number != number:
            number = change.number
            lines.append(
                _("Outside the instalment rows:")
                if number is None
                else _("Instalment {number}:").format(number=number)
            )
        name = _field(_, change.field)
        if change.component is not None:
            name = f"{name} {_component(_, change.component.value)}"
        lines.append(f"  {name}：{_pair(_, change.field, change.before, change.after)}")
    if changes.history:
        lines.append(
            _("Days past due (bucket), on the dates where either history changes course "
              "and they differ:")
        )  # fmt: skip
        lines += [
            f"  {point.date.isoformat()}: {point.days_past_due_before} ({point.bucket_before})"
            f" -> {point.days_past_due_after} ({point.bucket_after})"
            for point in changes.history
        ]
    for heading, none, charges in (
        (_("Charges removed:"), _("Charges removed: none"), changes.charges_removed),
        (_("Charges added:"), _("Charges added: none"), changes.charges_added),
    ):
        lines.append(heading if charges else none)
        lines += [f"  {_charge(_, charge)}" for charge in charges]
    return "\n".join(lines)


def _field(_: Gettext, name: str) -> str:
    words = {
        "status": _("Status"),
        "days_past_due": _("Days past due"),
        "bucket": _("Bucket"),
        "classification": _("Classification"),
        "reportable": _("Reported to the credit bureau"),
        "total_outstanding": _("Total outstanding"),
        "settlement": _("Early settlement amount"),
        "charged": _("Charged"),
        "paid": _("Paid"),
        "waived": _("Waived"),
        "outstanding": _("Outstanding"),
    }
    return words.get(name, name)


def _component(_: Gettext, value: str) -> str:
    from loancalc.reports.audit_report import component_word  # loads the reports
    from loancalc.servicing import Component

    return component_word(_, Component(value))


def _word(_: Gettext, field: str, value: Value) -> str:
    """A status, classification or yes/no in words; amounts and days as shown."""
    from loancalc.reports import words  # loads the reports
    from loancalc.servicing.delinquency import Classification
    from loancalc.servicing.status import InstallmentStatus

    if isinstance(value, str):
        if field == "loan_status":
            return words.loan_status_word(_, value)
        if field == "loan_classification":
            return words.classification_word(_, Classification(value))
        if field == "loan_reportable":
            return _(value)
        if field == "status":
            return words.status_word(_, InstallmentStatus(value))
        return value
    return export.display_text(value)


def _pair(_: Gettext, field: str, old: Value, new: Value) -> str:
    shown = f"{_word(_, field, old)} -> {_word(_, field, new)}"
    change = difference(old, new)
    if change is None:
        return shown
    sign = "+" if change > 0 else ""
    return f"{shown} ({sign}{export.display_text(change)})"


def _charge(_: Gettext, charge: Charge) -> str:
    from loancalc.reports.words import event_word  # loads the reports
    from loancalc.servicing import Component

    show = export.display_text
    parts = [
        f"{_component(_, component.value)} {show(amount)}"
        for component, amount in zip(Component, charge.amounts.as_tuple(), strict=True)
        if amount
    ]
    where = "" if charge.installment is None else f"  #{charge.installment}"
    span = (
        ""
        if charge.start is None
        else _(" (for the days after {start})").format(start=charge.start.isoformat())
    )
    kind = _event(_, event_word, charge)
    return f"{charge.date.isoformat()}  {kind}{where}  {'，'.join(parts)}{span}"


def _event(_: Gettext, event_word: Callable[[Gettext, EventKind], str], charge: Charge) -> str:
    """What charged: the reports' word for the event, or for a kind they have no word for
    yet, one of these."""
    try:
        return event_word(_, charge.kind)
    except KeyError:
        words = {"charge-added": _("charge added by hand"), "refunded": _("refunded"),
                 "written-off": _("written off")}  # fmt: skip
        return words.get(charge.kind.value, charge.kind.value)
