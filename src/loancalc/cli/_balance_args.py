"""The options of the actual-balance interest basis, as ``assess`` and ``quote`` take them.

``--interest-basis actual-balance`` makes contract interest accrue daily on the principal
actually outstanding; ``--overpayment``, ``--interest-free-days``, ``--promotion`` and the
caps (``--daily-cap``, ``--total-cap``, ``--annual-cap``, ``--default-fee-cap``) set the
rules of that basis. Each option given replaces the product's value (``none`` removes a
product's cap; ``--interest-free-days 0`` its interest-free days); a rule of the
actual-balance basis on a scheduled-basis loan is refused, naming the option.

>>> parser = argparse.ArgumentParser()
>>> add_balance_rule_arguments(parser)
>>> args = parser.parse_args(["--interest-basis", "actual-balance", "--daily-cap", "0.8%",
...                           "--interest-free-days", "3"])
>>> rules = balance_rules_from_args(args, ServicingRules())
>>> rules.interest_basis.value, rules.caps.daily_share, rules.interest_free.conditional
('actual-balance', Decimal('0.008'), True)
>>> balance_rules_from_args(parser.parse_args(["--total-cap", "100%"]), ServicingRules())
... # doctest: +ELLIPSIS
Traceback (most recent call last):
loancalc.errors.InvalidValueError: --total-cap: got '100%'; accepted: a cap only with ...
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

import attrs

from loancalc.errors import InvalidValueError
from loancalc.locale import N_
from loancalc.servicing.balance_policies import InterestFreePeriod, PromotionalRate
from loancalc.servicing.rules import InterestBasis, ServicingRules

__all__ = ["add_balance_rule_arguments", "balance_rules_from_args"]

#: Cap options: the option's attribute in the parsed arguments and the CostCaps field.
_CAPS = (
    ("--daily-cap", "daily_cap", "daily_share"),
    ("--total-cap", "total_cap", "total_share"),
    ("--annual-cap", "annual_cap", "annual_rate"),
    ("--default-fee-cap", "default_fee_cap", "default_fee"),
)
_PROMOTION = "START:END:RATE, e.g. 2024-01-01:2024-04-01:0%"
_ONLY_ACTUAL = "only with --interest-basis actual-balance (or a --product on that basis)"


def add_balance_rule_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of the actual-balance interest basis (see the module).

    >>> parser = argparse.ArgumentParser()
    >>> add_balance_rule_arguments(parser)
    >>> parser.parse_args(["--promotion", "2024-01-01:2024-02-01:0%"]).promotion
    ['2024-01-01:2024-02-01:0%']
    """
    group = parser.add_argument_group(
        N_("interest on the actual balance (default: the product's, or the scheduled basis)")
    )
    group.add_argument(
        "--interest-basis",
        metavar="BASIS",
        help=N_(
            "scheduled (contract interest as the schedule says; the default) or "
            "actual-balance (interest accrues daily on the principal actually outstanding; a "
            "statement is shown)"
        ),
    )
    group.add_argument(
        "--overpayment",
        metavar="MODE",
        help=N_(
            "actual-balance: what money beyond the scheduled amounts due does: "
            "reduce-principal (at once; the default) or credit (held until the next due date)"
        ),
    )
    group.add_argument(
        "--interest-free-days",
        metavar="N",
        help=N_(
            "actual-balance: no interest for N days after the advance if the loan is "
            "repaid in full within them (otherwise owed as if there were none); 0: none"
        ),
    )
    group.add_argument(
        "--interest-free-unconditional",
        action="store_true",
        help=N_("the interest-free days bear no interest whatever happens next"),
    )
    group.add_argument(
        "--promotion",
        action="append",
        metavar="START:END:RATE",
        help=N_(
            "actual-balance: a promotional annual rate for the interest from START to END, "
            "e.g. 2024-01-01:2024-04-01:0%% (repeat for more; replaces the product's)"
        ),
    )
    group.add_argument(
        "--daily-cap",
        metavar="SHARE",
        help=N_(
            "actual-balance: interest a day at most this share of the principal, e.g. "
            "0.8%% ('none': no cap)"
        ),
    )
    group.add_argument(
        "--total-cap",
        metavar="SHARE",
        help=N_(
            "actual-balance: all interest, fees and charges at most this share of the "
            "principal advanced, e.g. 100%% ('none': no cap)"
        ),
    )
    group.add_argument(
        "--annual-cap",
        metavar="RATE",
        help=N_(
            "actual-balance: the all-in annualised cost at most this rate on the principal "
            "in use, e.g. 24%% ('none': no cap)"
        ),
    )
    group.add_argument(
        "--default-fee-cap",
        metavar="AMOUNT",
        help=N_("actual-balance: each late fee at most this amount, e.g. 15 ('none': no cap)"),
    )


def balance_rules_from_args(args: argparse.Namespace, rules: ServicingRules) -> ServicingRules:
    """``rules`` with the actual-balance options given in ``args`` applied (arguments
    parsed without these options leave ``rules`` as they are).

    >>> parser = argparse.ArgumentParser()
    >>> add_balance_rule_arguments(parser)
    >>> args = parser.parse_args(["--interest-basis", "actual-balance", "--annual-cap", "x"])
    >>> balance_rules_from_args(args, ServicingRules())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --annual-cap: got 'x'; accepted: ...
    """
    if not hasattr(args, "interest_basis"):
        return rules
    changes: dict[str, Any] = {}
    given: list[tuple[str, object]] = []  # actual-balance options given: (option, value)
    if args.interest_basis is not None:
        changes["interest_basis"] = _checked(
            "--interest-basis", args.interest_basis, InterestBasis.parse
        )
    if args.overpayment is not None:
        changes["overpayment"] = args.overpayment
        given.append(("--overpayment", args.overpayment))
    window = _interest_free(args, rules)
    if window is not False:
        changes["interest_free"] = window
        if args.interest_free_days is None:
            given.append(("--interest-free-unconditional", True))
        elif window is not None:
            given.append(("--interest-free-days", args.interest_free_days))
    if args.promotion is not None:
        changes["promotions"] = tuple(_promotion(text) for text in args.promotion)
        given.append(("--promotion", args.promotion))
    caps: dict[str, object] = {}
    for option, name, field in _CAPS:
        text = getattr(args, name)
        if text is not None:
            removed = text.strip().lower() == "none"
            caps[field] = None if removed else text
            if not removed:
                given.append((option, text))
    if caps:
        changes["caps"] = _checked("caps", caps, lambda values: attrs.evolve(rules.caps, **values))
    basis = changes.get("interest_basis", rules.interest_basis)
    if basis is InterestBasis.SCHEDULED:
        for option, value in given:
            accepted = f"a cap {_ONLY_ACTUAL}" if option.endswith("-cap") else _ONLY_ACTUAL
            raise InvalidValueError(option, value, accepted)
    if not changes:
        return rules
    changed: ServicingRules = _checked("rules", changes, lambda values: rules.replace(**values))
    return changed


def _interest_free(args: argparse.Namespace, rules: ServicingRules) -> object:
    """The interest-free period the options ask for: a period, None (none), or False
    (no option given: the rules' own)."""
    unconditional = bool(args.interest_free_unconditional)
    if args.interest_free_days is None:
        if not unconditional:
            return False
        if rules.interest_free is None:
            raise InvalidValueError(
                "--interest-free-unconditional",
                True,
                "with --interest-free-days N (or a --product with interest-free days)",
            )
        return attrs.evolve(rules.interest_free, conditional=False)
    text = args.interest_free_days.strip()
    try:
        days = int(text)
    except ValueError:
        raise InvalidValueError(
            "--interest-free-days", args.interest_free_days, "a whole number of days (0: none)"
        ) from None
    if days == 0:
        return None
    return _checked(
        "--interest-free-days",
        days,
        lambda n: InterestFreePeriod(days=n, conditional=not unconditional),
    )


def _promotion(text: str) -> PromotionalRate:
    start, sep, rest = text.partition(":")
    end, sep2, rate = rest.partition(":")
    if not (sep and sep2):
        raise InvalidValueError("--promotion", text, _PROMOTION)
    try:
        first, last = date.fromisoformat(start.strip()), date.fromisoformat(end.strip())
    except ValueError:
        raise InvalidValueError("--promotion", text, f"{_PROMOTION} (dates YYYY-MM-DD)") from None
    promotion: PromotionalRate = _checked(
        "--promotion",
        text,
        lambda _: PromotionalRate(start=first, end=last, annual_rate=rate.strip()),
    )
    return promotion


#: The option that sets each field the library names in its errors.
_FIELD_OPTIONS = {
    "interest_basis": "--interest-basis",
    "overpayment": "--overpayment",
    "interest_free.days": "--interest-free-days",
    "caps.daily_share": "--daily-cap",
    "caps.total_share": "--total-cap",
    "caps.annual_rate": "--annual-cap",
    "caps.default_fee": "--default-fee-cap",
}


def _checked(option: str, value: Any, build: Any) -> Any:
    """``build(value)``, with a library error re-raised naming the option (an error of a
    ``--promotion`` names the option and the text given)."""
    try:
        return build(value)
    except InvalidValueError as error:
        field = error.field
        if field.startswith("promotions") or option == "--promotion":
            raise InvalidValueError(
                "--promotion", value if option == "--promotion" else error.value, error.accepted
            ) from None
        named = _FIELD_OPTIONS.get(field)
        if named is None:
            raise
        raise InvalidValueError(named, error.value, error.accepted) from None
