"""``--tranche DATE:AMOUNT`` (repeatable): further advances on the loan the options describe.

``--principal`` is the first advance, on ``--start``; each ``--tranche`` a later one (see
:func:`loancalc.amortize`). Only a command that amortises the loan with its tranches
(through :func:`loancalc.cli.loan_options.loan_schedule_from_args`) takes it; any other
refuses it rather than ignore it (:func:`refuse_tranches`).

>>> parser = argparse.ArgumentParser()
>>> add_tranche_argument(parser)
>>> tranches_from_args(parser.parse_args(["--tranche", "2024-03-15:50000"]))
(Tranche(date=datetime.date(2024, 3, 15), amount=Decimal('50000')),)
"""

from __future__ import annotations

import argparse
from datetime import date

from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.locale import N_
from loancalc.tranches import Tranche

__all__ = ["add_tranche_argument", "refuse_tranches", "tranches_from_args"]

_SHAPE = N_("DATE:AMOUNT such as 2024-03-15:50000")  # phrases the catalog translates
_ONLY = N_("only with the schedule, assess and quote commands")


def add_tranche_argument(group: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Add ``--tranche`` to ``group`` (a parser or one of its argument groups).

    >>> parser = argparse.ArgumentParser()
    >>> add_tranche_argument(parser)
    >>> parser.parse_args(["--tranche", "2024-03-15:50000", "--tranche", "2024-06-15:1"]).tranche
    ['2024-03-15:50000', '2024-06-15:1']
    """
    group.add_argument(
        "--tranche",
        action="append",
        metavar="DATE:AMOUNT",
        help=N_(
            "a further advance of AMOUNT on DATE, e.g. 2024-03-15:50000 (repeatable; "
            "--principal is the first advance, on --start)"
        ),
    )


def tranches_from_args(args: argparse.Namespace) -> tuple[Tranche, ...]:
    """The tranches ``--tranche`` gives (none without the option), in the order given.

    Raises :class:`~loancalc.errors.InvalidValueError` naming ``--tranche`` for a value
    not of the shape ``DATE:AMOUNT`` or whose amount is not above 0.

    >>> tranches_from_args(argparse.Namespace(tranche=["2024-03-15"]))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --tranche: got '2024-03-15'; accepted: DATE:AMOUNT ...
    """
    given: list[str] = getattr(args, "tranche", None) or []
    tranches = []
    for text in given:
        when, colon, amount = text.strip().partition(":")
        if not colon:
            raise InvalidValueError("--tranche", text, _SHAPE)
        try:
            on = date.fromisoformat(when.strip())
        except ValueError:
            raise InvalidValueError("--tranche", text, "a date as YYYY-MM-DD") from None
        try:
            tranches.append(Tranche(on, amount.strip()))
        except LoanCalcError as error:
            accepted = getattr(error, "accepted", _SHAPE)
            raise InvalidValueError("--tranche", text, accepted) from None
    return tuple(tranches)


def refuse_tranches(args: argparse.Namespace) -> None:
    """Refuse ``--tranche`` on a command that would not amortise the loan with it.

    >>> refuse_tranches(argparse.Namespace(tranche=["2024-03-15:1"]))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --tranche: got ['2024-03-15:1']; accepted: only with ...
    """
    given = getattr(args, "tranche", None)
    if given:
        raise InvalidValueError("--tranche", given, _ONLY)
