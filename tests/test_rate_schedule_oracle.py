"""An independent oracle for equal-instalment loans whose rate changes (tests only).

Written from the documented rules, in exact fractions, sharing no code with loancalc:
each period's rate is given; at the first period and at each period where the rate
changes, ``recompute`` plans the instalment ``B / sum(v_j)`` over the periods left (that
period's own rate, then ``after`` for the rest) and ``keep`` keeps the first one; every
amount is rounded half-up to the cent; the last instalment (recompute) or the first that
would repay at least the balance (keep) repays what is left.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")


def cents(value: Fraction) -> Decimal:
    """``value`` rounded half-up to the cent."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def exact_cents(value: Fraction) -> Decimal:
    """Half-up to the cent, exactly (no 28-digit division in between)."""
    scaled = value * 100
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole) / 100


def level(balance: Decimal, rates: list[Fraction]) -> Decimal:
    """The instalment that repays ``balance`` over periods at ``rates``, to the cent."""
    total, discount = Fraction(0), Fraction(1)
    for rate in rates:
        discount /= 1 + rate
        total += discount
    return exact_cents(Fraction(balance) / total)


def rows(
    principal: Decimal,
    rates: list[Fraction],
    plans: dict[int, Fraction],
    *,
    keep: bool = False,
    extra_rate: Fraction | None = None,
) -> list[tuple[Decimal, Decimal, Decimal]]:
    """``(interest, principal, payment)`` of each instalment. ``rates[k]``: period k's
    rate; ``plans[k]``: the rate after period k that a plan made at k assumes (its keys
    are the periods where a plan is made; 0 always). ``extra_rate``: the rate of periods
    past the term (keep)."""
    balance = principal
    out = []
    payment = Decimal(0)
    k = 0
    n = len(rates)
    while balance > 0:
        rate = rates[k] if k < n else extra_rate
        assert rate is not None
        if k in plans and (k == 0 or not keep):
            payment = level(balance, [rate] + [plans[k]] * (n - k - 1))
        interest = exact_cents(Fraction(balance) * rate)
        part = payment - interest
        if (not keep and k == n - 1) or part >= balance:
            part = balance
        out.append((interest, part, interest + part))
        balance -= part
        k += 1
    return out
