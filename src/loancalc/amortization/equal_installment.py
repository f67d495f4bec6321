"""Equal instalment (等额本息, annuity): the same payment every period.

With ``i`` the period rate and ``m`` amortising periods, the payment is
``A = B i (1+i)^m / ((1+i)^m - 1)`` rounded per instalment; each instalment's principal
is ``A - interest`` and the last repays what is left. When periods accrue by the day
count (daily accrual), ``A`` solves the exact discounting of the actual period rates.
An irregular first period under periodic accrual charges interest by its actual days
and repays the principal of a regular first instalment, so later payments stay level.
A balloon amount ``R`` left for the last instalment reduces ``A`` to
``(B - R v^m) i / (1 - v^m)``.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=1000000, annual_rate="4.9%", term=360,
...                        start=date(2024, 1, 15)))
>>> s.installments[0].payment, s.installments[0].interest, s.installments[0].principal
(Decimal('5307.27'), Decimal('4083.33'), Decimal('1223.94'))
"""

from __future__ import annotations

from decimal import Decimal

from loancalc.amortization._plan import MethodSpec, Plan, PlanInputs, PrincipalRule

__all__ = ["SPEC"]


def level_payment(inputs: PlanInputs) -> Decimal:
    """The unrounded level payment that amortises ``inputs.balance`` down to the balloon.

    Written as ``B i + (B - R) i / ((1+i)^m - 1)``: the interest part ``B i`` is computed
    exactly (dividing last), so a payment that is a finite decimal, such as an
    interest-only balloon's ``B i``, rounds on its true half-cent ties. Runs inside the
    library's decimal context (as the engine calls it).
    """
    balance, residual, rates = inputs.balance, inputs.balloon, inputs.rates
    count = len(rates)
    if inputs.regular is not None:
        numerator, denominator = inputs.regular
        if numerator == 0:
            return (balance - residual) / count
        rate = numerator / denominator
        interest = balance * numerator / denominator
        return interest + (balance - residual) * rate / ((1 + rate) ** count - 1)
    factor = Decimal(1)
    annuity = Decimal(0)
    for period_rate in rates:
        factor /= 1 + period_rate
        annuity += factor
    return (balance - residual * factor) / annuity


def make_annuity_plan(inputs: PlanInputs) -> Plan:
    """Principal = the rounded level payment less each period's interest; an irregular
    first period under periodic accrual repays what a regular first period would."""
    payment = inputs.round_level(level_payment(inputs))
    first_principal = None
    if inputs.regular_first_interest is not None:
        first_principal = max(payment - inputs.regular_first_interest, Decimal(0))
    return Plan(rule=PrincipalRule.LEVEL_PAYMENT, level=payment, first_principal=first_principal)


SPEC = MethodSpec(make_plan=make_annuity_plan)
