"""What a lender claims, and the part of it the contract does not support.

:class:`Claim` holds the figures of a collection message or a lender's statement: the
overdue amount, the days past due, the total said to close the loan, and amounts by
component. :func:`parse_claim_csv` reads a statement as two columns, ``item,amount``:

>>> claim = parse_claim_csv("item,amount\\noverdue-amount,1200.00\\n逾期天数,15\\n罚息,9.00\\n")
>>> claim.overdue_amount, claim.days_past_due, claim.amounts
(Decimal('1200.00'), 15, {<Component.PENALTY_INTEREST: 'penalty-interest'>: Decimal('9.00')})
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from loancalc._validation import amount, read_number, whole_number
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.servicing import LoanState
from loancalc.servicing.components import Component
from loancalc.terms import MAX_PRINCIPAL

__all__ = ["Claim", "claim_items", "load_claim_csv", "parse_claim_csv", "to_claim"]

_ITEMS = {
    "overdue-amount": "overdue_amount",
    "overdue": "overdue_amount",
    "amount-due": "overdue_amount",
    "逾期金额": "overdue_amount",
    "overdue_amount": "overdue_amount",
    "days-past-due": "days_past_due",
    "days_past_due": "days_past_due",
    "dpd": "days_past_due",
    "逾期天数": "days_past_due",
    "total": "total",
    "total-claimed": "total",
    "payoff": "total",
    "应还总额": "total",
}
_ACCEPTED_ITEMS = "overdue-amount, days-past-due, total, or a component (principal, interest, ...)"
_MAX_STATEMENT = 1024 * 1024


def _to_overdue(value: object) -> Decimal | None:
    return None if value is None else amount(value, "claimed.overdue_amount", high=MAX_PRINCIPAL)


def _to_total(value: object) -> Decimal | None:
    """What closes the loan: below zero when credit is owed back."""
    if value is None:
        return None
    accepted = f"an amount from -{MAX_PRINCIPAL} to {MAX_PRINCIPAL} (below 0: credit owed back)"
    number = read_number(value, "claimed.total", percent=False, accepted=accepted)
    if abs(number) > MAX_PRINCIPAL:
        raise InvalidValueError("claimed.total", value, accepted)
    return number


def _to_days(value: object) -> int | None:
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())  # a CSV cell or a command-line value
    return None if value is None else whole_number(value, "claimed.days_past_due", 0, 100_000)


def _to_amounts(value: object) -> dict[Component, Decimal]:
    if not isinstance(value, Mapping):
        raise InvalidTypeError("claimed.amounts", value, "a mapping of components to amounts")
    found: dict[Component, Decimal] = {}
    for key, item in value.items():
        component = Component.parse(key)
        found[component] = amount(item, f"claimed.amounts.{component.value}", high=MAX_PRINCIPAL)
    return found


@attrs.frozen(kw_only=True)
class Claim:
    """What a lender claims on the assessment date (any field may be left out).

    ``overdue_amount``: what it says is overdue (compared with the state's
    ``amount_due``); ``days_past_due`` (with ``days_past_due``); ``total``: what it says
    closes the loan today (with ``payoff_amount()``); ``amounts``: by component (with
    the outstanding amount of each). :meth:`from_state` gives loancalc's own figures.

    >>> Claim(overdue_amount="-5")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: claimed.overdue_amount: got '-5'; accepted: an amount ...
    """

    overdue_amount: Decimal | None = attrs.field(default=None, converter=_to_overdue)
    days_past_due: int | None = attrs.field(default=None, converter=_to_days)
    total: Decimal | None = attrs.field(default=None, converter=_to_total)
    amounts: dict[Component, Decimal] = attrs.field(factory=dict, converter=_to_amounts)

    @classmethod
    def from_state(cls, state: LoanState) -> Claim:
        """The claim a lender makes when it claims exactly what loancalc computes.

        >>> from datetime import date
        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> Claim.from_state(assess(s, [], date(2024, 2, 5))).days_past_due
        4
        """
        return cls(
            overdue_amount=state.amount_due,
            days_past_due=state.days_past_due,
            total=state.payoff_amount(),
            amounts={c: state.outstanding.get(c) for c in Component if state.outstanding.get(c)},
        )


def claim_items(claim: Claim, state: LoanState) -> list[tuple[str, str, Decimal, Decimal]]:
    """Each claimed figure with the contract's: ``(item, unit, claimed, contract)``.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> claim_items(Claim(days_past_due=9), assess(s, [], date(2024, 2, 5)))
    [('days-past-due', 'days', Decimal('9'), Decimal('4'))]
    """
    items: list[tuple[str, str, Decimal, Decimal]] = []
    if claim.overdue_amount is not None:
        items.append(("overdue-amount", "money", claim.overdue_amount, state.amount_due))
    if claim.days_past_due is not None:
        items.append(
            ("days-past-due", "days", Decimal(claim.days_past_due), Decimal(state.days_past_due))
        )
    if claim.total is not None:
        items.append(("total", "money", claim.total, state.payoff_amount()))
    for component in Component:
        if component in claim.amounts:
            contract = state.outstanding.get(component)
            items.append((component.value, "money", claim.amounts[component], contract))
    return items


def parse_claim_csv(text: str, *, source: str = "<statement>") -> Claim:
    """A :class:`Claim` from a statement CSV: a header ``item,amount``, then one row per
    figure. Items: ``overdue-amount`` (逾期金额), ``days-past-due`` (逾期天数), ``total``
    (应还总额), or a component name (``principal``, ``interest``, ``fee``,
    ``penalty-interest``/罚息, ``compound-interest``/复利, ``late-fee``/滞纳金); an item
    given twice is an error. Amounts may have thousands separators.

    >>> parse_claim_csv("item,amount\\ncolour,red\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: <statement> line 2: item: got 'colour'; accepted: ...
    """
    if not isinstance(text, str):
        raise InvalidTypeError("claimed statement", text, "CSV text")
    rows = list(csv.reader(io.StringIO(text)))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if header != ["item", "amount"]:
        raise InvalidValueError(f"{source} line 1", rows[0] if rows else "", "a header item,amount")
    pairs: list[tuple[str, object, str]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{source} line {number}"
        if len(row) != 2:
            raise InvalidValueError(where, row, "two cells: item,amount")
        pairs.append((row[0].strip(), row[1].strip(), f"{where}: "))
    return _from_items(pairs, f"{source}: ")


def _from_items(pairs: list[tuple[str, object, str]], where: str) -> Claim:
    """A :class:`Claim` from ``(item, value, where)`` triples (``where`` prefixes the
    field of an error about that item)."""
    values: dict[str, Any] = {}
    amounts: dict[Component, Decimal] = {}
    for item, value, at in pairs:
        key = item.lower()
        try:
            if key in _ITEMS:
                field = _ITEMS[key]
                if field in values:
                    raise InvalidValueError("item", item, "each item once")
                values[field] = value
                continue
            try:
                component = Component.parse(key)
            except InvalidValueError:
                raise InvalidValueError("item", item, _ACCEPTED_ITEMS) from None
            if component in amounts:
                raise InvalidValueError("item", item, "each item once")
            amounts[component] = amount(value, f"amount of {item}", high=MAX_PRINCIPAL)
        except InvalidValueError as error:
            raise InvalidValueError(f"{at}{error.field}", error.value, error.accepted) from None
    try:
        return Claim(amounts=amounts, **values)
    except InvalidValueError as error:
        raise InvalidValueError(f"{where}{error.field}", error.value, error.accepted) from None


def to_claim(value: object) -> Claim | None:
    """What ``audit(..., claimed=value)`` accepts, as a :class:`Claim`: None, a
    :class:`Claim`, a mapping of claimed figures (the statement CSV's items, or the
    field names ``overdue_amount``, ``days_past_due``, ``total``), the path of a
    statement CSV file (a ``str`` ending in ``.csv`` or an ``os.PathLike``), or an
    amount: what the lender says is owed now (the overdue amount).

    >>> to_claim({"overdue_amount": "1200", "逾期天数": 15}).days_past_due
    15
    >>> to_claim("1200.00").overdue_amount
    Decimal('1200.00')
    >>> to_claim([1])
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: claimed: got [1]; accepted: None, a Claim, a mapping ...
    """
    if value is None or isinstance(value, Claim):
        return value
    if isinstance(value, Mapping):
        return _from_items([(str(key), item, "claimed.") for key, item in value.items()],
                           "")  # fmt: skip
    if isinstance(value, os.PathLike) or (
        isinstance(value, str) and value.strip().lower().endswith(".csv")
    ):
        return load_claim_csv(value)
    if isinstance(value, Decimal | int | float | str) and not isinstance(value, bool):
        return Claim(overdue_amount=value)
    raise InvalidTypeError(
        "claimed",
        value,
        "None, a Claim, a mapping of claimed figures, a statement CSV path or an amount",
    )


def load_claim_csv(path: str | os.PathLike[str]) -> Claim:
    """A :class:`Claim` from the statement CSV file at ``path`` (UTF-8, at most 1 MiB).

    >>> load_claim_csv("no/such/statement.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: claimed statement: got 'no/such/statement.csv'; ...
    """
    where = str(path)
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(_MAX_STATEMENT + 1)
        if len(data) > _MAX_STATEMENT:
            raise InvalidValueError("claimed statement", where, "a CSV file of at most 1 MiB")
        text = data.decode("utf-8-sig")
    except (OSError, ValueError, UnicodeDecodeError) as error:
        if isinstance(error, InvalidValueError):
            raise
        raise InvalidValueError(
            "claimed statement", where, f"a readable UTF-8 CSV file ({type(error).__name__})"
        ) from None
    return parse_claim_csv(text, source=where)
