"""An annuity's level payment, as a value that rounds exactly as the true payment does.

The true payment ``A = (B - R v_m) / (v_1 + ... + v_m)`` (``v_k`` the discount factor to
period ``k``, ``R`` a balloon) is a rational number, and the engine only ever rounds it to
the money grid: by the policy, toward zero, or toward zero less a few grid steps. Every
one of those roundings is constant strictly between consecutive multiples of half a grid
step (the *boundaries*: ``k x quantum / 2``). So :func:`representative` returns ``A``
itself where it lies on a boundary, else the midpoint of the two boundaries around it, and
any of those roundings of that value is the rounding of ``A``.

The interval around ``A`` is found three ways, cheapest first:

1. Tiny rates (total rate ``I < 1e-6``), where ``(1+i)^m - 1`` would cancel to nothing in
   40 digits (the ``DivisionByZero`` of ``annual_rate="1e-40"``): ``A`` lies in
   ``(L, L + B I / (m (1 - I))]`` with ``L = (B - R) / m``, the 0 % payment (since
   ``v_m >= 1 - I`` and the ``v_k`` fall, ``m v_m <= sum v_k < m``). If no boundary lies in
   that interval, which is provably so when it is shorter than the gap to the next
   boundary above ``L``, the interval's boundaries are known without computing ``A``.
2. Otherwise ``A`` is computed in Decimal at 40 digits, or ``40 + d + 5`` where more than
   4 digits cancel (``d = -log10 I``); its relative error is below ``1e-32`` (the input
   rates are 40-digit values; at most 1200 periods, each rounded a few times, ``1e-36``;
   times at most ``1e4`` for cancellation), so where it is more than ``1e-30`` of itself
   from every boundary, its interval is the true one.
3. Else (a payment on or within ``1e-30`` of a boundary: an interest-only balloon's
   ``B i`` on a half cent, say) ``A`` is computed exactly in integers.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction

__all__ = ["representative"]

_TINY = Decimal("1e-6")
_CLOSE = Decimal("1e-30")
#: Enough digits for exact multiples of a half grid step (amounts stay below 1e28).
_WIDE = decimal.Context(prec=120, Emax=999_999, Emin=-999_999, traps=[decimal.InvalidOperation])


def representative(
    balance: Decimal,
    balloon: Decimal,
    count: int,
    *,
    total_rate: Decimal,
    quantum: Decimal,
    approximate: Callable[[], Decimal],
    exact: Callable[[], Fraction],
) -> Decimal:
    """A value that every rounding of the level payment to the grid of ``quantum`` (by
    a mode, or toward zero less whole steps) rounds as the true payment.

    ``approximate`` computes the payment in the current context (widened here),
    ``exact`` exactly; ``total_rate`` is the sum of the ``count`` period rates.

    >>> import decimal
    >>> from loancalc.money import CONTEXT
    >>> with decimal.localcontext(CONTEXT):  # 1000 over 8 at 1e-40 a period: just above 125
    ...     representative(Decimal(1000), Decimal(0), 8, total_rate=Decimal("8e-40"),
    ...                    quantum=Decimal("0.01"), approximate=lambda: Decimal(125),
    ...                    exact=lambda: Fraction(125))
    Decimal('125.0025')
    """
    half = quantum / 2
    if 0 < total_rate < _TINY:
        floor_value = Fraction(balance - balloon) / count
        # Twice the bound, for the 40-digit rounding of the summed rates.
        rate = Fraction(total_rate) * 2
        above = floor_value + Fraction(balance) * rate / (count * (1 - rate))
        steps = floor_value // Fraction(half)
        if above < (steps + 1) * Fraction(half):
            return _midpoint(steps, half)
    lost = max(0, -total_rate.adjusted()) if total_rate else 0
    if lost > 4:  # widen by the digits that cancel, and five more
        with decimal.localcontext() as context:
            context.prec += lost + 5
            payment = approximate()
    else:  # at most 4 digits lost of 40: still within 1e-32
        payment = approximate()
    # remainder_near is exact: the distance to the nearest boundary, signed.
    off = payment.remainder_near(half)
    if abs(off) > abs(payment) * _CLOSE:  # the nearest boundary, then a quarter step its way
        quarter = half / 2
        return _WIDE.add(_WIDE.subtract(payment, off), quarter if off > 0 else -quarter)
    true = exact()
    steps = true // Fraction(half)
    if steps * Fraction(half) == true:
        return _WIDE.multiply(Decimal(steps), half)
    return _midpoint(steps, half)


def _midpoint(steps: int | Decimal, half: Decimal) -> Decimal:
    """The midpoint of ``[steps x half, (steps + 1) x half]``, exactly."""
    return _WIDE.multiply(_WIDE.add(_WIDE.multiply(Decimal(steps), 2), 1), half / 2)


def exact_regular(
    balance: Decimal, balloon: Decimal, count: int, numerator: Decimal, denominator: Decimal
) -> Fraction:
    """``B i + (B - R) i / ((1+i)^m - 1)`` exactly, ``i = numerator / denominator``.

    12 x 1.01^3 / (1.01^3 - 1) = 12 x 1030301 / 30301 on 1,200 at 1 % a month:

    >>> exact_regular(Decimal(300), Decimal(0), 3, Decimal(0), Decimal(12))
    Fraction(100, 1)
    >>> exact_regular(Decimal(1200), Decimal(0), 3, Decimal("0.12"), Decimal(12))  # 408.0265
    Fraction(12363612, 30301)
    """
    owed, left = Fraction(balance), Fraction(balloon)
    rate = Fraction(numerator) / Fraction(denominator)
    if rate == 0:
        return (owed - left) / count
    return owed * rate + (owed - left) * rate / ((1 + rate) ** count - 1)


def exact_by_periods(
    balance: Decimal, balloon: Decimal, rates: Iterable[tuple[Decimal, Decimal]]
) -> Fraction:
    """``(B - R v_m) / (v_1 + ... + v_m)`` exactly for period rates ``n / d``, in integers.

    With ``1 + i_k = c_k / e_k``, ``v_k = E_k / C_k`` (products up to ``k``); over the
    common denominator ``C_m`` the sum of the ``v_k`` is ``N_m / C_m`` where
    ``N_k = N_(k-1) c_k + E_k``, so ``A = (B C_m - R E_m) / N_m``.

    >>> exact_by_periods(Decimal(1200), Decimal(0), [(Decimal("0.12"), Decimal(12))] * 3)
    Fraction(12363612, 30301)
    """
    products = plus_products = 1
    total = 0
    for numerator, denominator in rates:
        top, bottom = numerator.as_integer_ratio()
        base = bottom * int(denominator)
        products *= base
        plus_products *= base + top
        total = total * (base + top) + products
    owed, left = Fraction(balance), Fraction(balloon)
    return (owed * plus_products - left * products) / total
