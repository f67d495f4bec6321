"""Grace periods: the instalments before amortisation starts (no principal; in interest
grace no interest either, capitalised or deferred), and the sharing of deferred interest
among the amortising instalments.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs

from loancalc.amortization._rows import RowMaker
from loancalc.errors import InvalidValueError
from loancalc.money import Rounding
from loancalc.schedule import Installment

__all__ = ["Grace", "grace_rows", "spread"]

_ZERO = Decimal(0)
#: The largest balance capitalised interest may reach (amounts keep 40 digits, cents incl.).
_LARGEST_BALANCE = Decimal("1E+24")


@attrs.frozen(kw_only=True)
class Grace:
    """What the grace periods leave: their rows, the balance and the interest deferred."""

    rows: list[Installment]
    balance: Decimal
    deferred: Decimal


def grace_rows(
    maker: RowMaker,
    balance: Decimal,
    *,
    principal_periods: int,
    interest_periods: int,
    capitalize: bool,
    fixed_base: Decimal | None,
    round_money: Callable[[Decimal], Decimal],
) -> Grace:
    """The grace instalments (no principal; in interest grace no interest either), the
    balance after them and the interest deferred to be spread."""
    ratio = maker.periods.ratio
    zero = maker.zero
    deferred = _ZERO
    rows = []
    for index in range(max(principal_periods, interest_periods)):
        base = balance if fixed_base is None else fixed_base
        numerator, denominator = ratio(index)
        interest = round_money(base * numerator / denominator)
        if index >= interest_periods:
            rows.append(maker.row(index, balance, zero, interest))
        elif not capitalize:
            deferred += interest
            rows.append(maker.row(index, balance, zero, zero))
        else:
            rows.append(maker.row(index, balance, zero, zero, capitalized=interest))
            balance += interest
            if balance > _LARGEST_BALANCE:
                raise InvalidValueError(
                    "grace_interest_periods",
                    interest_periods,
                    f"fewer periods: capitalised interest grows the balance past "
                    f"{_LARGEST_BALANCE} by period {index + 1}",
                )
    return Grace(rows=rows, balance=balance, deferred=deferred)


def spread(deferred: Decimal, rows: list[Installment], first: int, rounding: Rounding) -> None:
    """Share ``deferred`` grace interest among the amortising instalments' interest (equal
    shares rounded toward zero; the last instalment takes the remainder)."""
    count = len(rows) - first
    share = rounding.apply(deferred / count)
    for index in range(first, len(rows)):
        extra = share if index < len(rows) - 1 else deferred - share * (count - 1)
        row = rows[index]
        rows[index] = row._replace(interest=row.interest + extra, payment=row.payment + extra)
