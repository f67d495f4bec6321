"""The amortising instalments of a schedule, made by the loop that suits the plan.

Three ways to make the same rows:

- :func:`scheduled_principal_rows`: when principal is fixed in advance (level principal,
  none before maturity) every balance is known before any interest is, so whole columns
  are computed at once.
- :func:`level_payment_rows`: an annuity's interest decides its principal, which decides
  the next balance: one instalment at a time, by one multiplication each (see
  :mod:`loancalc.accrual._factors`), checked as a whole afterwards.
- :func:`checked_rows`: one instalment at a time with every check made as it goes; the
  reference the others must equal, and the one that reports what went wrong.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from itertools import accumulate, repeat
from operator import add, mul, sub, truediv

import attrs

from loancalc.accrual import Periods, exact_factors, money_context
from loancalc.amortization._plan import Plan, PrincipalRule
from loancalc.errors import NegativeAmortizationError
from loancalc.money import Rounding
from loancalc.schedule import Installment

__all__ = [
    "ExactFactors",
    "RowMaker",
    "annuity_rows",
    "checked_rows",
    "factors_for",
    "level_payment_rows",
    "scheduled_principal_rows",
]

Rows = tuple[list[Installment], Decimal]
"""Instalment rows, and the balance they leave."""

_new_row = tuple.__new__  # builds an Installment from a tuple without parsing keywords, in C


@attrs.frozen(kw_only=True)
class RowMaker:
    """Makes the rows of one schedule: dates and days from ``periods``, the same ``fee``
    on every row, ``zero`` (on the money grid) where nothing is charged."""

    periods: Periods
    fee: Decimal
    zero: Decimal

    def row(
        self,
        index: int,
        opening: Decimal,
        principal: Decimal,
        interest: Decimal,
        capitalized: Decimal | None = None,
        *,
        financed: Decimal | None = None,
    ) -> Installment:
        """The instalment of period ``index``: ``capitalized`` interest is added to the
        balance (interest grace), so the closing balance is ``opening - principal +
        capitalized``; ``financed`` fee repaid is added to the fee."""
        periods, fee = self.periods, self.fee
        if financed is not None:
            fee += financed
        added = self.zero if capitalized is None else capitalized
        return Installment(
            index + 1, periods.starts[index], periods.due_dates[index], periods.days[index],
            opening, principal, interest, fee, principal + interest + fee,
            opening - principal + added, added,
        )  # fmt: skip


def checked_rows(
    maker: RowMaker,
    plan: Plan,
    periods: range,
    balance: Decimal,
    *,
    fixed_base: Decimal | None,
    round_money: Callable[[Decimal], Decimal],
    clamp: bool,
    until_fee_repaid: bool = False,
) -> Rows | None:
    """The rows of ``periods`` under ``plan``, checking each instalment's principal.

    A negative principal is capitalised where ``plan.shortfall_limit`` allows (the
    instalment pays the level amount as interest, the rest is added to the balance);
    else, or past the limit, it raises
    :class:`~loancalc.errors.NegativeAmortizationError`. A principal above the balance
    makes it return ``None``, unless ``clamp``: then the instalment repays the
    balance (and later ones no principal). What an instalment pays beyond interest
    repays ``plan.financed_fee`` first (into its fee), then principal; with
    ``until_fee_repaid`` the rows stop with the one that repays the last of the fee.
    """
    numerators, denominators = maker.periods.rate_numerators, maker.periods.rate_denominators
    zero = maker.zero
    level = plan.level
    level_payment = plan.rule is PrincipalRule.LEVEL_PAYMENT
    steady = level if plan.rule is PrincipalRule.LEVEL_PRINCIPAL else zero
    first_principal = plan.first_principal
    limit = plan.shortfall_limit
    fee_left = plan.financed_fee
    rows = []
    for index in periods:
        base = balance if fixed_base is None else fixed_base
        # Multiply, then divide last: exact wherever the true interest is a finite decimal.
        interest = round_money(base * numerators[index] / denominators[index])
        if first_principal is not None:
            principal, first_principal = first_principal, None
        elif level_payment:
            principal = level - interest
        else:
            principal = steady
        if principal < zero:
            closing = balance - principal
            if limit is None or closing > limit:
                raise NegativeAmortizationError(index + 1, interest, level)
            # The shortfall is capitalised: the payment is all interest, the rest added.
            rows.append(maker.row(index, balance, zero, level, capitalized=-principal))
            balance = closing
            continue
        financed = None
        if fee_left:
            financed = min(principal, fee_left)
            fee_left -= financed
            principal -= financed
        if principal > balance:
            if not clamp:
                return None  # the level amount repays the loan early
            principal = balance
        rows.append(maker.row(index, balance, principal, interest, financed=financed))
        balance -= principal
        if until_fee_repaid and not fee_left:
            break
    return rows, balance


@attrs.frozen(kw_only=True)
class ExactFactors:
    """Interest factors for a run of periods, one per period (see
    :func:`~loancalc.accrual.exact_factors`): interest is ``balance x
    factor`` rounded by ``rounding`` inside its money context."""

    factors: Sequence[Decimal]
    largest_factor: Decimal
    rounding: Rounding


#: Factor tables already worked out, by rates, the rounding's grid and mode, and the digits
#: of the largest balance (all that :func:`exact_factors` reads): a book's loans share a
#: few rates.
_FACTOR_TABLES: dict[tuple[object, ...], dict[tuple[Decimal, Decimal], Decimal] | None] = {}
_FACTOR_TABLES_MAX = 4096


def factors_for(
    ratios: tuple[tuple[Decimal, Decimal], ...], rounding: Rounding, largest: Decimal
) -> dict[tuple[Decimal, Decimal], Decimal] | None:
    """:func:`exact_factors` of ``ratios``, remembered (the tables are only read).

    >>> rate = (Decimal("0.06"), Decimal(12))
    >>> factors_for((rate,), Rounding(), Decimal("1000.00"))
    {(Decimal('0.06'), Decimal('12')): Decimal('0.005')}
    """
    # The mode's value, not the mode: an enum member hashes in Python, a string in C.
    key = (
        ratios, rounding.places, rounding.increment, rounding.mode.value,
        largest.as_tuple().exponent, largest.adjusted(), largest < 0,
    )  # fmt: skip
    try:
        return _FACTOR_TABLES[key]
    except KeyError:
        pass
    table = exact_factors(ratios, rounding, largest)
    if len(_FACTOR_TABLES) >= _FACTOR_TABLES_MAX:
        _FACTOR_TABLES.clear()
    _FACTOR_TABLES[key] = table
    return table


def level_payment_rows(
    maker: RowMaker, periods: range, balance: Decimal, level: Decimal, exact: ExactFactors
) -> Rows | None:
    """The rows of ``periods`` of an annuity paying ``level``, interest by ``exact``
    factors (valid for balances from 0 to ``balance``).

    Returns ``None`` where the rows might not amortise (a principal below zero or above
    the balance): :func:`checked_rows` then finds out. No instalment is checked on its
    own: the largest possible interest is checked against ``level`` before (so no
    principal is negative while the balance stays between 0 and ``balance``), and the
    balance left after (a principal above the balance leaves it negative for good).
    """
    if not periods:
        return [], balance
    source = maker.periods
    return annuity_rows(
        (source.starts, source.due_dates, source.days), periods, balance, level,
        fee=maker.fee, zero=maker.zero, factors=exact.factors,
        largest_factor=exact.largest_factor, rounding=exact.rounding,
    )  # fmt: skip


def annuity_rows(
    columns: tuple[Sequence[date], Sequence[date], Sequence[int]],
    periods: range,
    balance: Decimal,
    level: Decimal,
    *,
    fee: Decimal,
    zero: Decimal,
    factors: Iterable[Decimal],
    largest_factor: Decimal,
    rounding: Rounding,
) -> Rows | None:
    """:func:`level_payment_rows` from the loan's ``columns`` (each period's start, due
    date and days) and its interest ``factors`` (one per period of ``periods``, or an
    endless repeat of one), each row charging ``fee``; ``periods`` is not empty."""
    quantum = rounding.quantum
    payment = level + fee
    starts, due_dates, days = columns
    first, stop = periods.start, periods.stop
    rows: list[Installment] = []
    add_row = rows.append
    with decimal.localcontext(money_context(rounding)):
        if (balance * largest_factor).quantize(quantum) > level:
            return None
        try:
            for number, begin, due, length, factor in zip(
                range(first + 1, stop + 1), starts[first:stop], due_dates[first:stop],
                days[first:stop], factors, strict=False,  # equal lengths; strict costs 2 %
            ):  # fmt: skip
                interest = (balance * factor).quantize(quantum)
                principal = level - interest
                closing = balance - principal
                add_row(
                    _new_row(
                        Installment,
                        (number, begin, due, length, balance, principal, interest, fee,
                         payment, closing, zero),
                    )
                )  # fmt: skip
                balance = closing
        except decimal.InvalidOperation:  # a runaway negative balance outgrew the precision
            return None
    if balance < zero:
        return None
    return rows, balance


def scheduled_principal_rows(
    maker: RowMaker,
    periods: range,
    balance: Decimal,
    principal: Decimal,
    *,
    fixed_base: Decimal | None,
    round_money: Callable[[Decimal], Decimal],
    exact: ExactFactors | None,
) -> Rows | None:
    """The rows of ``periods``, each repaying ``principal`` (>= 0), interest on the
    balance (or on ``fixed_base``) rounded by ``round_money``, or by ``exact`` factors
    (for balances up to ``balance``, or for ``fixed_base``).

    Returns ``None`` if the principal would exceed the balance.
    """
    count = len(periods)
    start, stop = periods.start, periods.stop
    balances = list(accumulate(repeat(principal, count), sub, initial=balance))
    if balances[-1] < maker.zero:  # balances only fall: the last is the lowest
        return None
    openings = balances[:-1]
    bases = openings if fixed_base is None else repeat(fixed_base, count)
    source = maker.periods
    if exact is not None:  # between 0 and the first balance: within the factors' range
        quantum = exact.rounding.quantum
        with decimal.localcontext(money_context(exact.rounding)):
            interests = [
                (base * factor).quantize(quantum)
                for base, factor in zip(bases, exact.factors, strict=False)  # bases may repeat
            ]
    else:
        numerators = source.rate_numerators[start:stop]
        denominators = source.rate_denominators[start:stop]
        interests = list(map(round_money, map(truediv, map(mul, bases, numerators), denominators)))
    fee = maker.fee
    rows = list(
        map(
            _new_row,
            repeat(Installment),
            zip(
                range(start + 1, stop + 1), source.starts[start:stop],
                source.due_dates[start:stop], source.days[start:stop], openings,
                repeat(principal), interests, repeat(fee),
                map(add, interests, repeat(principal + fee)), balances[1:],
                repeat(maker.zero), strict=False,
            ),
        )
    )  # fmt: skip
    return rows, balances[-1]
