"""Equal instalment (等额本息, annuity): the same payment every period.

With ``i`` the period rate and ``m`` amortising periods, the payment is
``A = B i (1+i)^m / ((1+i)^m - 1)`` rounded per instalment; each instalment's principal
is ``A - interest`` and the last repays what is left. When periods accrue by the day
count (daily accrual), ``A`` solves the exact discounting of the actual period rates.
An irregular first period under periodic accrual charges interest by its actual days
and repays the principal of a regular first instalment, so later payments stay level.
A balloon amount ``R`` left for the last instalment reduces ``A`` to
``(B - R v^m) i / (1 - v^m)``. A financed fee (``Fees.financed``), repaid before
principal and bearing no interest, raises it as :mod:`loancalc.amortization._financed`
works out.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=1000000, annual_rate="4.9%", term=360,
...                        start=date(2024, 1, 15)))
>>> s.installments[0].payment, s.installments[0].interest, s.installments[0].principal
(Decimal('5307.27'), Decimal('4083.33'), Decimal('1223.94'))
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import accumulate
from operator import mul

from loancalc.amortization import _financed, _level
from loancalc.amortization._plan import MethodSpec, Plan, PlanInputs, Planner, PrincipalRule

__all__ = ["SPEC", "regular_level_payment"]

_ZERO = Decimal(0)
#: Periods per block in the daily-accrual payment: four years of months (leap years
#: included), so that blocks of a monthly loan repeat.
_BLOCK = 48


def level_payment(inputs: PlanInputs) -> Decimal:
    """A value that rounds to the grid as the level payment that amortises
    ``inputs.balance`` down to the balloon does (see :mod:`loancalc.amortization._level`:
    the payment itself where it is a multiple of half a grid step, else the midpoint of
    the two around it). Exact for every rate, the tiniest included. Runs inside the
    library's decimal context (as the engine calls it).

    Under periodic accrual the payment is ``B i + (B - R) i / ((1+i)^m - 1)``; by the day
    count it discounts the actual period rates.
    """
    if inputs.financed_fee:  # repaid before principal, without interest
        return _financed.level_payment(inputs)
    balance, residual, count = inputs.balance, inputs.balloon, inputs.count
    quantum = inputs.quantum
    if inputs.regular is not None:
        return regular_level_payment(balance, residual, count, inputs.regular, quantum=quantum)

    keys, table, counts = inputs.rate_keys, inputs.rate_table, inputs.rate_counts

    def by_periods() -> Decimal:
        # v_k = v_(k-1) / (1 + i_k), and the payment is (B - R v_m) / sum(v_k). One
        # division per distinct rate; then the periods in blocks of four years of months
        # (the calendar repeats, so most blocks have the same rates): each distinct block
        # is reduced once to its product and its sum of partial products.
        discount = {key: 1 / (1 + table[key][2]) for key in counts}
        blocks: dict[tuple[int, ...], tuple[Decimal, Decimal]] = {}
        total, factor = _ZERO, Decimal(1)
        for begin in range(0, count, _BLOCK):
            block = tuple(keys[begin : begin + _BLOCK])
            reduced = blocks.get(block)
            if reduced is None:
                partial = list(accumulate(map(discount.__getitem__, block), mul))
                reduced = blocks[block] = partial[-1], sum(partial, _ZERO)
            product, partial_sum = reduced
            total += factor * partial_sum
            factor *= product
        return (balance - residual * factor) / total

    total = sum((table[key][2] * times for key, times in counts.items()), _ZERO)
    return _level.representative(
        balance, residual, count, total_rate=total, quantum=quantum, approximate=by_periods,
        exact=lambda: _level.exact_by_periods(
            balance, residual, (table[key][:2] for key in keys)
        ),
    )  # fmt: skip


def regular_level_payment(
    balance: Decimal,
    residual: Decimal,
    count: int,
    ratio: tuple[Decimal, Decimal],
    *,
    quantum: Decimal,
) -> Decimal:
    """:func:`level_payment` under periodic accrual, every period at the rate ``ratio``
    (``numerator, denominator``): ``B i + (B - R) i / ((1+i)^m - 1)``. Runs inside the
    library's decimal context.

    >>> import decimal
    >>> from loancalc.money import CONTEXT
    >>> with decimal.localcontext(CONTEXT):  # 408.0265: halfway from 408.025 to 408.030
    ...     regular_level_payment(Decimal(1200), _ZERO, 3, (Decimal("0.12"), Decimal(12)),
    ...                           quantum=Decimal("0.01"))
    Decimal('408.0275000000000000000000000000000000000')
    """
    numerator, denominator = ratio

    def regular() -> Decimal:
        if numerator == 0:
            return (balance - residual) / count
        rate = numerator / denominator
        interest = balance * numerator / denominator  # exact where a finite decimal
        return interest + (balance - residual) * rate / ((1 + rate) ** count - 1)

    return _level.representative(
        balance, residual, count, total_rate=numerator * count / denominator,
        quantum=quantum, approximate=regular,
        exact=lambda: _level.exact_regular(balance, residual, count, numerator, denominator),
    )  # fmt: skip


def make_annuity_plan(inputs: PlanInputs) -> Planner:
    """Principal = the rounded level payment less each period's interest; an irregular
    first period under periodic accrual repays what a regular first period would.

    Where periods accrue by the day count and the exact payment is below the interest a
    long period would charge on the opening balance (a 31-day month of a 100-year loan),
    those periods' shortfall is capitalised: the exact payment still repays the loan by
    maturity, since it discounts the very rates that charge the interest. The balance may
    then not exceed ``level / lowest period rate + balloon``, which bounds every balance of
    the exact schedule (the present value of the remaining payments at the lowest rate):
    beyond it the rounded payment's error is compounding away from the schedule.
    """
    representative = level_payment(inputs)
    balance = inputs.balance
    rates = None
    if inputs.regular is None:
        rates = [inputs.rate_table[key][2] for key in inputs.rate_counts]
    short = rates is not None and representative < balance * max(rates)
    lowest = min(rates) if rates else _ZERO

    def plan(round_level: Callable[[Decimal], Decimal]) -> Plan:
        payment = round_level(representative)
        first_principal = None
        if inputs.regular_first_interest is not None:
            first_principal = max(payment - inputs.regular_first_interest, _ZERO)
        limit = None
        if short and lowest > 0:
            limit = max(balance, payment / lowest + inputs.balloon)
        return Plan(
            rule=PrincipalRule.LEVEL_PAYMENT,
            level=payment,
            first_principal=first_principal,
            shortfall_limit=limit,
            financed_fee=inputs.financed_fee,
        )

    return plan


SPEC = MethodSpec(make_plan=make_annuity_plan)
