"""The command line's options for the peers' rounding conventions (:class:`~loancalc.Rounding`'s
``payment_mode``, ``interest_mode``, ``payment_increment`` and ``final_payment``).

>>> parser = argparse.ArgumentParser()
>>> add_convention_arguments(parser)
>>> args = parser.parse_args(["--payment-rounding", "up", "--interest-rounding", "down"])
>>> rounding = with_conventions(Rounding(), args)
>>> rounding.payment_mode.name, rounding.interest_mode.name
('UP', 'DOWN')
"""

from __future__ import annotations

import argparse
from typing import Any

import attrs

from loancalc.locale import N_
from loancalc.money import FinalPayment, Rounding

__all__ = ["OPTIONS", "add_convention_arguments", "with_conventions"]

#: Each option and the ``Rounding`` field it sets (the errors name the option).
OPTIONS = {
    "--payment-rounding": "payment_mode",
    "--interest-rounding": "interest_mode",
    "--payment-multiple": "payment_increment",
    "--final-payment": "final_payment",
}


def add_convention_arguments(group: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Add the options (none given: today's rounding).

    >>> parser = argparse.ArgumentParser()
    >>> add_convention_arguments(parser)
    >>> parser.parse_args([]).final_payment is None
    True
    """
    group.add_argument(
        "--payment-rounding",
        metavar="MODE",
        help=N_("round the level payment by MODE instead (e.g. up)"),
    )
    group.add_argument(
        "--interest-rounding",
        metavar="MODE",
        help=N_("round each period's interest by MODE instead (e.g. down)"),
    )
    group.add_argument(
        "--payment-multiple",
        metavar="AMOUNT",
        help=N_("level payments on multiples of AMOUNT (balances stay in cents)"),
    )
    group.add_argument(
        "--final-payment",
        choices=[member.value for member in FinalPayment],
        help=N_("the last instalment similar to, lower or higher than the level payment"),
    )


def with_conventions(rounding: Rounding, args: argparse.Namespace) -> Rounding:
    """``rounding`` with the conventions given on the command line (checked by
    :class:`~loancalc.Rounding`).

    >>> parser = argparse.ArgumentParser()
    >>> add_convention_arguments(parser)
    >>> with_conventions(Rounding(), parser.parse_args([])) == Rounding()
    True
    """
    given: dict[str, Any] = {
        field: getattr(args, field, None)
        for field in ("payment_rounding", "interest_rounding", "payment_multiple", "final_payment")
    }
    changes = {
        name: value
        for name, value in (
            ("payment_mode", given["payment_rounding"]),
            ("interest_mode", given["interest_rounding"]),
            ("payment_increment", given["payment_multiple"]),
            ("final_payment", given["final_payment"]),
        )
        if value is not None
    }
    return attrs.evolve(rounding, **changes) if changes else rounding
