"""The servicing-rule options of ``assess`` and the commands that take its options:
``--grace-days``, ``--penalty-multiplier``, ``--compound``, ``--late-fee`` or
``--late-fee-share``, ``--late-fee-pyramiding``, ``--allocation`` and the options of the
actual-balance basis. Each option given replaces the product's value (``--product``), or
the default (nothing charged).

>>> parser = argparse.ArgumentParser()
>>> add_servicing_rule_arguments(parser)
>>> rules = servicing_rules_from_args(parser.parse_args(["--penalty-multiplier", "1.5"]))
>>> rules.penalty.rate.kind.value, rules.penalty.rate.value
('multiplier', Decimal('1.5'))
"""

from __future__ import annotations

import argparse

import attrs

from loancalc.cli._balance_args import add_balance_rule_arguments, balance_rules_from_args
from loancalc.cli._help_format import template_help
from loancalc.cli.loan_options import product_from_args
from loancalc.errors import InvalidValueError
from loancalc.locale import N_
from loancalc.money import to_decimal
from loancalc.servicing import LateFeePolicy, PenaltyRate, ServicingRules, strategy_names
from loancalc.servicing.credit_interest import CreditInterest

__all__ = ["add_servicing_rule_arguments", "servicing_rules_from_args"]

#: The option that sets each rules field, for error messages.
_OPTIONS = {
    "grace.days": "--grace-days",
    "penalty.rate.value": "--penalty-multiplier",
    "late_fee.amount": "--late-fee",
    "late_fee.share": "--late-fee-share",
    "late_fee.charged_on": "--late-fee-date",
    "credit_interest.annual_rate": "--credit-interest",
    "allocation": "--allocation",
}


def add_servicing_rule_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the servicing-rule options (see the module), those of the actual-balance
    basis among them (:func:`~loancalc.cli._balance_args.add_balance_rule_arguments`).

    >>> parser = argparse.ArgumentParser()
    >>> add_servicing_rule_arguments(parser)
    >>> args = parser.parse_args(["--penalty-multiplier", "1.5", "--compound"])
    >>> args.penalty_multiplier, args.compound, args.grace_days
    ('1.5', True, None)
    """
    rules = parser.add_argument_group(N_("servicing rules (default: the product's, or none)"))
    rules.add_argument("--grace-days", metavar="N", help=N_("days of grace after each due date"))
    rules.add_argument(
        "--penalty-multiplier",
        metavar="X",
        help=N_("penalty interest at X times the contract rate on overdue principal, e.g. 1.5"),
    )
    rules.add_argument(
        "--compound",
        action="store_true",
        help=N_("overdue interest bears compound interest at the penalty rate"),
    )
    fee = rules.add_mutually_exclusive_group()
    fee.add_argument(
        "--late-fee", metavar="AMOUNT", help=N_("a fixed late fee when grace ends unpaid")
    )
    fee.add_argument(
        "--late-fee-share",
        metavar="SHARE",
        help=N_("a late fee of this share of the unpaid instalment, e.g. 5%%"),
    )
    rules.add_argument(
        "--late-fee-pyramiding",
        choices=("allowed", "forbidden"),
        help=N_(
            "forbidden: no late fee on an instalment paid in full and on time that earlier "
            "late fees or shortfalls left short"
        ),
    )
    rules.add_argument(
        "--late-fee-date",
        choices=("grace-end", "due-date"),
        help=N_(
            "due-date: a late fee is dated on the due date and taken out of that day's "
            "payment first (default grace-end: charged when grace ends)"
        ),
    )
    rules.add_argument(
        "--credit-interest",
        metavar="RATE",
        help=N_(
            "interest paid to the borrower on credit held (money beyond what is owed), "
            "at RATE a year, e.g. 3%%"
        ),
    )
    rules.add_argument(
        "--allocation",
        metavar="NAME",
        help=template_help(
            N_("the allocation order: one of {names}"), names=", ".join(strategy_names())
        ),
    )
    add_balance_rule_arguments(parser)


def servicing_rules_from_args(args: argparse.Namespace) -> ServicingRules:
    """The servicing rules: the product's (``--product``) or the defaults, changed by the
    options of :func:`add_servicing_rule_arguments`; an error names the option.

    >>> parser = argparse.ArgumentParser()
    >>> add_servicing_rule_arguments(parser)
    >>> rules = servicing_rules_from_args(parser.parse_args(["--grace-days", "3",
    ...                                                      "--late-fee-share", "5%"]))
    >>> rules.grace.days, rules.late_fee.share
    (3, Decimal('0.05'))
    >>> servicing_rules_from_args(parser.parse_args(["--grace-days", "three"]))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --grace-days: got 'three'; accepted: a whole number of days
    """
    product = product_from_args(args)
    rules = ServicingRules() if product is None else product.servicing
    try:
        if args.grace_days is not None:
            rules = rules.replace(grace=attrs.evolve(rules.grace, days=_whole(args.grace_days)))
        if args.penalty_multiplier is not None or args.compound:
            penalty = rules.penalty
            if args.penalty_multiplier is not None:
                rate = PenaltyRate(kind="multiplier", value=args.penalty_multiplier)
                penalty = attrs.evolve(penalty, rate=rate)
            if args.compound:
                penalty = attrs.evolve(penalty, compound=True)
            rules = rules.replace(penalty=penalty)
        if args.late_fee is not None:
            rules = rules.replace(late_fee=LateFeePolicy(kind="fixed", amount=args.late_fee))
        if args.late_fee_share is not None:
            share = to_decimal(args.late_fee_share, "late_fee.share")
            rules = rules.replace(late_fee=LateFeePolicy(kind="share", share=share))
        if args.late_fee_pyramiding is not None:
            fee = attrs.evolve(rules.late_fee, pyramiding=args.late_fee_pyramiding)
            rules = rules.replace(late_fee=fee)
        if args.late_fee_date is not None:
            fee = attrs.evolve(rules.late_fee, charged_on=args.late_fee_date)
            rules = rules.replace(late_fee=fee)
        if args.credit_interest is not None:
            paid = CreditInterest(annual_rate=args.credit_interest)
            rules = rules.replace(credit_interest=paid)
        if args.allocation is not None:
            rules = rules.replace(allocation=args.allocation)
    except InvalidValueError as error:
        option = _OPTIONS.get(error.field)
        if option is None:
            raise
        raise InvalidValueError(option, error.value, error.accepted) from None
    return balance_rules_from_args(args, rules)


def _whole(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidValueError("--grace-days", text, "a whole number of days") from None
