"""Repayment schedules: :func:`amortize` dispatches to one small module per method.

>>> from datetime import date
>>> from loancalc import LoanTerms, Method
>>> terms = LoanTerms(principal=1000000, annual_rate="4.9%", term=360, start=date(2024, 1, 15))
>>> amortize(terms).installments[0].payment
Decimal('5307.27')
>>> amortize(terms.replace(method=Method.EQUAL_PRINCIPAL)).installments[0].payment
Decimal('6861.11')
"""

from __future__ import annotations

from loancalc.amortization import (
    balloon,
    bullet,
    equal_installment,
    equal_principal,
    flat,
    interest_only,
)
from loancalc.amortization._engine import run
from loancalc.amortization._plan import MethodSpec
from loancalc.errors import InvalidValueError
from loancalc.schedule import Schedule
from loancalc.terms import LoanTerms, Method

__all__ = ["amortize"]

_METHODS: dict[Method, MethodSpec] = {
    Method.EQUAL_INSTALLMENT: equal_installment.SPEC,
    Method.EQUAL_PRINCIPAL: equal_principal.SPEC,
    Method.INTEREST_ONLY: interest_only.SPEC,
    Method.BULLET: bullet.SPEC,
    Method.FLAT: flat.SPEC,
    Method.BALLOON: balloon.SPEC,
}


def amortize(terms: LoanTerms) -> Schedule:
    """The repayment schedule of ``terms``.

    Every amount is rounded by ``terms.rounding`` (2 places, half-up by default) per
    instalment, and the last instalment repays the residue so that the principal parts
    sum exactly to the principal (plus any capitalised grace interest).

    Under daily accrual an annuity period whose interest exceeds the level payment pays
    it as interest and capitalises the shortfall (``capitalized_interest``), which the
    level payment, discounting the actual period rates, still repays by maturity.

    Raises :class:`~loancalc.errors.InvalidValueError` for terms that are not a
    :class:`~loancalc.LoanTerms` (or whose amounts outgrow 40 digits, naming the
    principal), and :class:`~loancalc.errors.NegativeAmortizationError` where no level
    payment on the rounding grid repays a daily-accrual loan (its rounding error compounds
    until the balance outgrows what the payment could ever repay).

    A loan with a ``rate_schedule`` follows it (see :mod:`loancalc._rate_engine`); one
    whose rate never changes before maturity is the fixed-rate loan.

    >>> from datetime import date
    >>> s = amortize(LoanTerms(principal=300, annual_rate=0, term=3, start=date(2024, 1, 31)))
    >>> [(str(i.due_date), str(i.principal)) for i in s]
    [('2024-02-29', '100.00'), ('2024-03-31', '100.00'), ('2024-04-30', '100.00')]
    """
    if not isinstance(terms, LoanTerms):
        raise InvalidValueError("terms", terms, "a loancalc.LoanTerms")
    if terms.rate_schedule is not None:  # a rate that moves (loancalc._rate_engine)
        from loancalc._rate_engine import run_moving

        moving = run_moving(terms, _METHODS[terms.method])
        if moving is not None:
            return moving
    return run(terms, _METHODS[terms.method])
