"""The common loan in one pass: a level payment every month (or every few), interest at
the regular period rate, no grace, balloon, financed fee or business-day rule.

:func:`fast_schedule` makes exactly the rows the engine (:func:`~loancalc.amortization.
_engine.run`) makes for such terms, with the same steps in the same contexts: the dates
(remembered by :func:`~loancalc.amortization._periods.plain_columns`), the level payment
(:func:`~loancalc.amortization.equal_installment.regular_level_payment`), the rows
(:func:`~loancalc.amortization._rows.annuity_rows`) and the last instalment. It skips the
engine's records (periods, plans, grace, row maker), which cost a short schedule about as
much as its rows. Where anything departs from the plain case (the payment rounded by the
policy would repay the loan early, no exact interest factors, an amount beyond the
context) it returns ``None`` and the engine makes the schedule, reporting what went wrong.
A property test holds the two equal, digit for digit.

>>> from datetime import date
>>> from loancalc import LoanTerms
>>> s = fast_schedule(LoanTerms(principal=1200, annual_rate="12%", term=3,
...                             start=date(2024, 1, 31)))
>>> [str(row.payment) for row in s.installments]
['408.03', '408.03', '408.02']
>>> fast_schedule(LoanTerms(principal=1200, annual_rate="12%", term=3,
...                         start=date(2024, 1, 31), grace_principal_periods=1)) is None
True
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from itertools import repeat

from loancalc.amortization._periods import plain_columns
from loancalc.amortization._rows import annuity_rows, factors_for
from loancalc.amortization.equal_installment import regular_level_payment
from loancalc.money import CONTEXT, RoundingMode
from loancalc.schedule import Installment, Schedule, built_schedule
from loancalc.terms import Accrual, LoanTerms, Method

__all__ = ["fast_schedule"]

_ZERO = Decimal(0)


def _plain(terms: LoanTerms) -> bool:
    """Whether ``terms`` are the case :func:`fast_schedule` makes."""
    rounding, fees = terms.rounding, terms.fees
    return (
        terms.method is Method.EQUAL_INSTALLMENT
        and terms.accrual is Accrual.PERIODIC
        and terms.frequency.unit == "month"
        and terms.first_due is None
        and terms.business_days is None
        and terms.rate_schedule is None
        and not (terms.grace_principal_periods or terms.grace_interest_periods)
        and not terms.balloon
        and not fees.finances_a_fee
        and rounding.is_plain
        and rounding.increment is None
        and rounding.mode is not RoundingMode.FLOOR  # its negative zeros: the engine's
    )


def fast_schedule(terms: LoanTerms) -> Schedule | None:
    """The schedule of plain equal-instalment ``terms`` (see the module), or ``None``
    where the engine must make it."""
    if not _plain(terms):
        return None
    columns = plain_columns(terms)
    if columns is None:
        return None
    frequency, count = terms.frequency, terms.term
    last = count - 1
    rounding = terms.rounding
    quantum = rounding.quantum
    mode = rounding.mode.value
    with decimal.localcontext(CONTEXT):
        try:
            # Each amount exactly as the engine works it out (the same operands and
            # context), so that even the written places agree.
            zero = _ZERO.quantize(quantum, mode)
            fees = terms.fees
            per_period = fees.per_period_amount(terms.principal)
            fee = (per_period * 1).quantize(quantum, mode)
            original = terms.principal
            balance = original + zero
            numerator, denominator = terms.annual_rate * frequency.count, Decimal(12)
            ratio = (numerator, denominator)
            representative = regular_level_payment(
                balance, terms.balloon, count, ratio, quantum=quantum
            )
            rows: list[Installment] = []
            if last:
                table = factors_for((ratio,), rounding, balance)
                if table is None:
                    return None
                factor = table[ratio]
                made = annuity_rows(
                    columns, range(last), balance, representative.quantize(quantum, mode),
                    fee=fee, zero=zero, factors=repeat(factor, last), largest_factor=factor,
                    rounding=rounding,
                )  # fmt: skip
                if made is None:
                    return None
                rows, balance = made
            interest = (balance * numerator / denominator).quantize(quantum, mode)
            starts, due_dates, days = columns
            rows.append(
                Installment(
                    count, starts[last], due_dates[last], days[last], balance, balance,
                    interest, fee, balance + interest + fee, balance - balance + zero, zero,
                )
            )  # fmt: skip
            upfront = (fees.upfront + original * fees.upfront_rate).quantize(quantum, mode)
        except decimal.DecimalException:
            return None
    return built_schedule(terms, rows, upfront)
