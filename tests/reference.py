"""An independent reference for the schedule formulas of RULES.md, in exact fractions.

Written from the formulas alone (no loancalc code), so that tests can compare the library
against it: ``Fraction`` arithmetic, its own half-up rounding to the cent, its own month
arithmetic through ``dateutil.relativedelta``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
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
