"""Command-line options for a rate that moves, shared by every command taking a loan.

``--rate-change DATE:RATE`` (repeatable) changes the rate from ``DATE`` by agreement;
``--index NAME --spread RATE`` makes the rate an index plus a spread, repriced by
``--reprice``, held within ``--rate-floor`` and ``--rate-cap``, the index read
``--index-lag`` days before each repricing date, from a built-in table (``LPR1Y``,
``LPR5Y``) or from ``--index-file`` (a CSV of ``date`` and rate in percent);
``--on-reprice`` says whether an equal instalment is recomputed or kept.

>>> parser = argparse.ArgumentParser()
>>> add_rate_schedule_arguments(parser)
>>> args = parser.parse_args(["--index", "LPR5Y", "--spread", "0.5%", "--reprice", "january"])
>>> schedule_from_args(args).describe()
'LPR5Y + 0.5%, repriced each 1 January, recompute-payment'
"""

from __future__ import annotations

import argparse
from datetime import date

from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.limits.indexes import index, load_index_csv
from loancalc.locale import N_
from loancalc.products import ProductRules
from loancalc.rate_schedule import RateChange, RateSchedule
from loancalc.terms import LoanTerms

__all__ = [
    "add_rate_schedule_arguments",
    "indexed",
    "indexed_opening",
    "schedule_from_args",
    "with_rate_schedule",
]

_OPTIONS = ("rate_change", "index", "spread", "reprice", "rate_floor", "rate_cap", "index_lag")
#: The option behind each field a rate schedule's errors name.
_OPTION_FOR_FIELD = {
    "index": "--index",
    "spread": "--spread",
    "reprice": "--reprice",
    "floor": "--rate-floor",
    "cap": "--rate-cap",
    "lag_days": "--index-lag",
    "on_reprice": "--on-reprice",
}


def _in_options(error: InvalidValueError, changed: str) -> InvalidValueError:
    """``error`` naming the option that set the field (``changed`` for a dated change's
    or a repriced rate's field)."""
    field = error.field
    if field.startswith("rate_schedule.dated_changes") or field == "annual_rate":
        field = changed
    elif field.startswith("rate on "):  # an indexed rate out of range
        field = f"--index ({field})"
    return InvalidValueError(_OPTION_FOR_FIELD.get(field, field), error.value, error.accepted)


def add_rate_schedule_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the rate-schedule options (all optional; none given: a fixed rate).

    >>> parser = argparse.ArgumentParser()
    >>> add_rate_schedule_arguments(parser)
    >>> parser.parse_args(["--rate-change", "2024-05-01:4.5%"]).rate_change
    ['2024-05-01:4.5%']
    """
    group = parser.add_argument_group(N_("rate schedule (a rate that moves)"))
    group.add_argument(
        "--rate-change",
        action="append",
        metavar="DATE:RATE",
        help=N_(
            "from DATE the rate is RATE by agreement, e.g. 2024-05-01:4.5%% (repeatable; "
            "--rate is the rate before the first)"
        ),
    )
    group.add_argument(
        "--index",
        metavar="NAME",
        help=N_(
            "the rate is this index plus --spread: LPR1Y, LPR5Y or the name of the "
            "--index-file table (replaces --rate)"
        ),
    )
    group.add_argument(
        "--index-file",
        metavar="CSV",
        help=N_(
            "read the --index table from a CSV file (columns date and the index's name "
            "or rate, in percent a year)"
        ),
    )
    group.add_argument(
        "--spread", metavar="RATE", help=N_("added to the index, e.g. 0.5%% or -0.2%%")
    )
    group.add_argument(
        "--reprice",
        metavar="RULE",
        help=N_(
            "when the indexed rate is reset: anniversary (of --start), january (each "
            "1 January) or every-N-months (default: anniversary)"
        ),
    )
    group.add_argument("--rate-floor", metavar="RATE", help=N_("the indexed rate is at least this"))
    group.add_argument("--rate-cap", metavar="RATE", help=N_("the indexed rate is at most this"))
    group.add_argument(
        "--index-lag",
        metavar="DAYS",
        help=N_("read the index this many days before each repricing date (default: 0)"),
    )
    group.add_argument(
        "--on-reprice",
        metavar="WHAT",
        help=N_(
            "when the rate changes: recompute-payment (the instalment over the remaining "
            "term, the default) or keep-payment (the instalment kept, the term changes)"
        ),
    )


def indexed(args: argparse.Namespace) -> bool:
    """Whether ``--index`` was given (then ``--rate`` is not needed)."""
    return getattr(args, "index", None) is not None


def schedule_from_args(args: argparse.Namespace, opening: object = None) -> RateSchedule | None:
    """The :class:`~loancalc.RateSchedule` the options describe (``opening``: the rate
    before the first ``--rate-change``), or ``None`` when none is given.

    >>> parser = argparse.ArgumentParser()
    >>> add_rate_schedule_arguments(parser)
    >>> schedule_from_args(parser.parse_args(["--rate-change", "2024-05-01"]), "5%")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --rate-change: got '2024-05-01'; accepted: DATE:RATE ...
    """
    given = {name: getattr(args, name, None) for name in _OPTIONS}
    on_reprice = getattr(args, "on_reprice", None) or "recompute-payment"
    if not any(given.values()):
        if getattr(args, "on_reprice", None) is not None:
            raise InvalidValueError(
                "--on-reprice", on_reprice, "only with --rate-change or --index"
            )
        return None
    if given["index"] is None:
        for option in ("spread", "reprice", "rate_floor", "rate_cap", "index_lag"):
            if given[option] is not None:
                flag = "--" + option.replace("_", "-")
                raise InvalidValueError(flag, given[option], "only with --index")
        changes = [_change(text) for text in given["rate_change"] or ()]
        return RateSchedule(annual_rate=opening, dated_changes=changes, on_reprice=on_reprice)
    if given["rate_change"]:
        raise InvalidValueError(
            "--rate-change", given["rate_change"][0], "not with --index (change --spread)"
        )
    name = given["index"]
    path = getattr(args, "index_file", None)
    table = index(name) if path is None else load_index_csv(path, name=name)
    lag = given["index_lag"]
    try:
        lag_days = 0 if lag is None else int(lag)
    except ValueError:
        raise InvalidValueError("--index-lag", lag, "a whole number of days") from None
    return RateSchedule(
        index=table, spread=given["spread"] or 0, reprice=given["reprice"] or "anniversary",
        floor=given["rate_floor"], cap=given["rate_cap"], lag_days=lag_days,
        on_reprice=on_reprice,
    )  # fmt: skip


def _change(text: str) -> RateChange:
    day, _, rate = text.partition(":")
    if not rate.strip():
        raise InvalidValueError("--rate-change", text, "DATE:RATE such as 2024-05-01:4.5%")
    try:
        on = date.fromisoformat(day.strip())
    except ValueError:
        raise InvalidValueError(
            "--rate-change", text, "DATE:RATE, the date as YYYY-MM-DD"
        ) from None
    try:
        return RateChange(on=on, annual_rate=rate.strip())
    except LoanCalcError as error:
        raise InvalidValueError("--rate-change", text, f"DATE:RATE ({error})") from None


def indexed_opening(args: argparse.Namespace, start: date) -> str | None:
    """The ``--index`` rate on ``start`` (for a product's rate checks), or ``None``.

    >>> parser = argparse.ArgumentParser()
    >>> add_rate_schedule_arguments(parser)
    >>> indexed_opening(parser.parse_args(["--index", "LPR1Y"]), date(2024, 1, 1))
    '0.0345'
    """
    if not indexed(args):
        return None
    schedule = schedule_from_args(args)
    assert schedule is not None
    return str(schedule.bound(start).rate_on(start))


def with_rate_schedule(
    terms: LoanTerms, args: argparse.Namespace, product: ProductRules | None = None
) -> LoanTerms:
    """``terms`` with the rate schedule the options describe (unchanged if none), each
    rate it takes over the loan's life checked against ``product``'s range and cap.

    ``--rate`` with ``--index`` is refused: the indexed rate replaces it.

    >>> parser = argparse.ArgumentParser()
    >>> add_rate_schedule_arguments(parser)
    >>> terms = LoanTerms(principal=1000, annual_rate="6%", term=12, start=date(2024, 1, 10))
    >>> args = parser.parse_args(["--rate-change", "2024-04-25:4.8%"])
    >>> with_rate_schedule(terms, args).rate_on(date(2024, 5, 1))
    Decimal('0.048')
    """
    if indexed(args) and getattr(args, "rate", None) is not None:
        raise InvalidValueError("--rate", args.rate, "nothing with --index (index + --spread)")
    changed = "--index" if indexed(args) else "--rate-change"
    try:
        schedule = schedule_from_args(args, terms.annual_rate)
        if schedule is None:
            return terms
        moving = terms.replace(rate_schedule=schedule)
        if product is not None:
            maturity = terms.frequency.step(terms.first_due_date, terms.term - 1)
            assert moving.rate_schedule is not None
            for _, rate in moving.rate_schedule.changes(terms.start, maturity):
                product.check_rate(rate)
    except InvalidValueError as error:
        if error.field.startswith("--"):
            raise
        raise _in_options(error, changed) from None
    return moving
