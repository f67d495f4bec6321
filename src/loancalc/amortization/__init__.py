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

from collections.abc import Sequence

from loancalc.amortization import (
    balloon,
    bullet,
    equal_installment,
    equal_principal,
    flat,
    interest_only,
)
from loancalc.amortization._engine import run
from loancalc.amortization._fast import fast_schedule
from loancalc.amortization._plan import MethodSpec
from loancalc.amortization._tranches import checked_tranches, run_with_tranches
from loancalc.errors import InvalidValueError
from loancalc.schedule import Schedule
from loancalc.terms import LoanTerms, Method
from loancalc.tranches import Tranche

__all__ = ["amortize"]

_METHODS: dict[Method, MethodSpec] = {
    Method.EQUAL_INSTALLMENT: equal_installment.SPEC,
    Method.EQUAL_PRINCIPAL: equal_principal.SPEC,
    Method.INTEREST_ONLY: interest_only.SPEC,
    Method.BULLET: bullet.SPEC,
    Method.FLAT: flat.SPEC,
    Method.BALLOON: balloon.SPEC,
}


def amortize(terms: LoanTerms, *, tranches: Sequence[Tranche] = ()) -> Schedule:
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

    ``tranches``: further advances (:class:`~loancalc.Tranche`, each a date after
    ``terms.start`` and before the last due date, and an amount on the rounding grid);
    ``terms.principal`` is then the first advance, on ``terms.start``. Each tranche is
    amortised on its own by the same method, rate, accrual, day count, rounding and
    share-of-principal fees over the loan's due dates after its date (its first period,
    from its date to the next due date, irregular unless it is a due date: interest by the
    day count; it keeps the grace periods the loan has left; no balloon, no fixed fees), and
    each instalment is the sum of every advance's instalment on that due date. A period's
    opening balance is what was owed when it began, so the row of a period holding an
    advance closes at ``opening + advance - principal + capitalized_interest``. The advances
    are kept in the schedule's ``disbursements``. With a ``rate_schedule`` each advance
    follows the loan's rate path from its date.

    A loan with a ``rate_schedule`` follows it (see :mod:`loancalc._rate_engine`); one
    whose rate never changes before maturity is the fixed-rate loan.

    A financed fee (``Fees.financed``, ``Fees.financed_rate``; equal-instalment and
    balloon loans at a fixed rate only, without tranches) bears no interest and is repaid
    before principal: each instalment pays its interest, then the fee (in its ``fee``
    column, with any per-period fee), then principal; the level payment is the exact
    payment that repays principal and fee by maturity, rounded as every level payment is.

    >>> from datetime import date
    >>> s = amortize(LoanTerms(principal=300, annual_rate=0, term=3, start=date(2024, 1, 31)))
    >>> [(str(i.due_date), str(i.principal)) for i in s]
    [('2024-02-29', '100.00'), ('2024-03-31', '100.00'), ('2024-04-30', '100.00')]
    >>> from loancalc.tranches import Tranche
    >>> s = amortize(LoanTerms(principal=300, annual_rate=0, term=3, start=date(2024, 1, 31)),
    ...              tranches=[Tranche(date(2024, 2, 29), 200)])
    >>> [str(i.principal) for i in s], s.disbursements
    (['100.00', '200.00', '200.00'], ((datetime.date(2024, 2, 29), Decimal('200')),))
    """
    if not isinstance(terms, LoanTerms):
        raise InvalidValueError("terms", terms, "a loancalc.LoanTerms")
    if tranches:
        if terms.fees.finances_a_fee:
            raise InvalidValueError(
                "tranches", tranches, "none on a loan with a financed fee (not yet supported)"
            )
        return run_with_tranches(terms, _METHODS[terms.method], checked_tranches(tranches))
    fast = fast_schedule(terms)  # the common loan, without the engine's records
    if fast is not None:
        return fast
    if terms.rate_schedule is not None:  # a rate that moves (loancalc._rate_engine)
        from loancalc._rate_engine import run_moving

        moving = run_moving(terms, _METHODS[terms.method])
        if moving is not None:
            return moving
    return run(terms, _METHODS[terms.method])
