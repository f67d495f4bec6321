"""An independent reference for the schedule formulas of docs/rules.md, in exact fractions.

Written from the formulas alone (no loancalc code), so that tests can compare the library
against it: ``Fraction`` arithmetic, its own half-up rounding to the cent, its own month
arithmetic through ``dateutil.relativedelta``.
"""

from __future__ import annotations

from datetime import date
from decimal import Context, Decimal, Inexact, localcontext
from fractions import Fraction

from dateutil.relativedelta import relativedelta

CENT = Fraction(1, 100)


def cents(value: Fraction) -> Fraction:
    """Round half away from zero to the cent (for the non-negative amounts used here)."""
    scaled = value / CENT
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return whole * CENT


def dec(value: Fraction) -> Decimal:
    """A cent-exact fraction as a two-place Decimal."""
    return Decimal(value.numerator * 100 // value.denominator) / 100


def annuity_payment(
    principal: Fraction, rate: Fraction, periods: int, balloon: Fraction = Fraction(0)
) -> Fraction:
    """A = (P - R v^n) i / (1 - v^n) with v = 1 / (1+i), or (P - R) / n at a zero rate.

    With no balloon R this is P i (1+i)^n / ((1+i)^n - 1). Unrounded.
    """
    if rate == 0:
        return (principal - balloon) / periods
    discount = (1 + rate) ** -periods
    return (principal - balloon * discount) * rate / (1 - discount)


def equal_installment(
    principal: Fraction, rate: Fraction, periods: int, balloon: Fraction = Fraction(0)
) -> list[tuple[Fraction, Fraction, Fraction]]:
    """(payment, principal, interest) rows: the payment rounded to the cent, interest on
    the balance rounded to the cent each period, the last row repaying the balance."""
    payment = cents(annuity_payment(principal, rate, periods, balloon))
    balance = principal
    rows = []
    for number in range(1, periods + 1):
        interest = cents(balance * rate)
        repaid = balance if number == periods else payment - interest
        rows.append((repaid + interest, repaid, interest))
        balance -= repaid
    return rows


def overshoots(rows: list[tuple[Fraction, Fraction, Fraction]], principal: Fraction) -> bool:
    """True if the rounded level amount repays more than is owed before the last row (the
    case loancalc resolves by rounding the level amount toward zero)."""
    balance = principal
    for _, repaid, _ in rows[:-1]:
        balance -= repaid
        if balance < 0:
            return True
    return rows[-1][1] < 0


def equal_principal(
    principal: Fraction, rate: Fraction, periods: int
) -> list[tuple[Fraction, Fraction, Fraction]]:
    """(payment, principal, interest) rows: P/n to the cent, the last row the residue."""
    share = cents(principal / periods)
    balance = principal
    rows = []
    for number in range(1, periods + 1):
        interest = cents(balance * rate)
        repaid = balance if number == periods else share
        rows.append((repaid + interest, repaid, interest))
        balance -= repaid
    return rows


def monthly_due_dates(start: date, periods: int) -> list[date]:
    """Due dates one, two, ... months after ``start`` (clamped to month ends)."""
    return [start + relativedelta(months=k) for k in range(1, periods + 1)]


def equal_principal_daily(
    principal: Fraction, annual: Fraction, start: date, dues: list[date], basis: int
) -> list[tuple[Fraction, Fraction, Fraction]]:
    """Equal principal with interest by actual days over a ``basis``-day year (ACT/basis)."""
    share = cents(principal / len(dues))
    balance = principal
    rows = []
    previous = start
    for number, due in enumerate(dues, start=1):
        interest = cents(balance * annual * (due - previous).days / basis)
        repaid = balance if number == len(dues) else share
        rows.append((repaid + interest, repaid, interest))
        balance -= repaid
        previous = due
    return rows


def rounded(value: Fraction, step: Fraction = CENT, mode: str = "half-up") -> Fraction:
    """Round ``value`` to a multiple of ``step`` by ``mode`` (the decimal module's names
    without ``ROUND_``, lower case, dashed: half-up, half-even, half-down, up, down,
    ceiling, floor)."""
    scaled = value / step
    low = scaled.numerator // scaled.denominator  # floor
    rest = scaled - low
    if rest == 0:
        return low * step
    away = low + 1 if value > 0 else low  # away from zero
    toward = low if value > 0 else low + 1
    if mode == "ceiling":
        return (low + 1) * step
    if mode == "floor":
        return low * step
    if mode == "up":
        return away * step
    if mode == "down":
        return toward * step
    half = Fraction(1, 2)
    if rest != half:
        return (low + 1 if rest > half else low) * step
    if mode == "half-up":
        return away * step
    if mode == "half-down":
        return toward * step
    return (low if low % 2 == 0 else low + 1) * step  # half-even


def annuity_by_periods(
    principal: Fraction, rates: list[Fraction], balloon: Fraction = Fraction(0)
) -> Fraction:
    """The level payment A with sum(A v_k) + R v_m = P, v_k = prod(1 / (1 + i_j), j <= k):
    the exact discounting of unequal period rates. Unrounded."""
    discount = Fraction(1)
    annuity = Fraction(0)
    for rate in rates:
        discount /= 1 + rate
        annuity += discount
    return (principal - balloon * discount) / annuity


def equal_installment_by_periods(
    principal: Fraction,
    rates: list[Fraction],
    step: Fraction = CENT,
    mode: str = "half-up",
) -> list[tuple[Fraction, Fraction, Fraction, Fraction]]:
    """(payment, principal, interest, capitalised) rows of an annuity over unequal period
    rates: the payment is ``annuity_by_periods`` rounded, interest on the balance rounded
    each period; where the interest exceeds the payment, the payment is all interest and
    the shortfall is capitalised (added to the balance); the last row repays the balance."""
    payment = rounded(annuity_by_periods(principal, rates), step, mode)
    balance = principal
    rows = []
    for number, rate in enumerate(rates, start=1):
        interest = rounded(balance * rate, step, mode)
        if number == len(rates):
            rows.append((balance + interest, balance, interest, Fraction(0)))
        elif interest > payment:
            rows.append((payment, Fraction(0), payment, interest - payment))
            balance += interest - payment
        else:
            rows.append((payment, payment - interest, interest, Fraction(0)))
            balance -= payment - interest
    return rows


def exact(value: Fraction) -> Decimal:
    """A fraction with a finite decimal expansion (any grid's amount) as an equal Decimal."""
    with localcontext(Context(prec=200)) as context:
        context.traps[Inexact] = True
        return Decimal(value.numerator) / value.denominator
