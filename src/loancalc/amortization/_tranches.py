"""A loan with further advances (:class:`~loancalc.Tranche`): each advance amortised on its
own over the loan's remaining due dates, and the rows summed.

The rule (also in :func:`loancalc.amortize` and ``docs/tranches.md``): ``terms.principal``
is the first advance, on ``terms.start``, amortised as :func:`~loancalc.amortize` does
without tranches. A tranche of ``A`` on date ``t`` is a loan of ``A`` from ``t`` over the
loan's due dates after ``t`` (``d_j < ... < d_n``, dates as the loan has them, after
business-day adjustment), by the same method, rate, accrual, day count, rounding and fees
rule; its first period runs from ``t`` to ``d_j`` and, unless ``t`` is itself a due date,
is irregular (its interest by the day count, as an irregular first period always is). Of
the grace periods, a tranche keeps those the loan has left at ``t``. It carries no balloon
(the balloon belongs to the first advance) and no fixed fee (``fees.upfront`` and
``fees.per_period`` are charged once, on the loan); the fees set as a share of the
principal are charged on its amount (its upfront share is added to the schedule's
``upfront_fee``). The loan's instalment on each due date is the sum of every advance's
instalment then (principal, interest, fee, payment, capitalised interest and closing
balance); its opening balance is what was owed when the period began (the previous
closing balance), so a period in which an advance is made closes at ``opening + advance -
principal + capitalised interest``. With a ``rate_schedule`` each advance follows the
loan's rate path from its date (:mod:`loancalc._rate_engine`); an advance at a kept
payment may run past the others, adding rows.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> from loancalc.tranches import Tranche
>>> terms = LoanTerms(principal=1200, annual_rate=0, term=3, start=date(2024, 1, 1))
>>> s = amortize(terms, tranches=[Tranche(date(2024, 2, 1), 600)])
>>> [(str(i.opening_balance), str(i.principal), str(i.closing_balance)) for i in s]
[('1200.00', '400.00', '800.00'), ('800.00', '700.00', '700.00'), ('700.00', '700.00', '0.00')]
"""

from __future__ import annotations

import decimal
from bisect import bisect_right
from collections.abc import Callable, Sequence

import numpy as np

from loancalc._validation import check_type, on_grid
from loancalc.accrual import Periods
from loancalc.amortization._engine import run
from loancalc.amortization._periods import build_periods, periods_on
from loancalc.amortization._plan import MethodSpec
from loancalc.errors import InvalidTypeError, InvalidValueError, NegativeAmortizationError
from loancalc.money import CONTEXT
from loancalc.schedule import Installment, Schedule, built_schedule
from loancalc.terms import Fees, LoanTerms
from loancalc.tranches import Tranche

__all__ = ["checked_tranches", "run_with_tranches"]

_ACCEPTED = "a sequence of loancalc.Tranche values"


def checked_tranches(value: object) -> tuple[Tranche, ...]:
    """``value`` as a tuple of :class:`~loancalc.Tranche` (their fit to the loan is checked
    by :func:`run_with_tranches`).

    >>> checked_tranches("x")
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: tranches: got 'x'; accepted: a sequence of ...
    """
    if isinstance(value, str | bytes | dict) or not isinstance(value, Sequence | tuple | list):
        raise InvalidTypeError("tranches", value, _ACCEPTED)
    for index, item in enumerate(value):
        check_type(item, Tranche, f"tranches[{index}]", "a loancalc.Tranche")
    return tuple(value)


def run_with_tranches(
    terms: LoanTerms, spec: MethodSpec, tranches: tuple[Tranche, ...]
) -> Schedule:
    """The schedule of ``terms`` with the further advances ``tranches`` (see the module).

    Raises :class:`~loancalc.errors.InvalidValueError` naming ``tranches[i].date`` (not
    after the loan's start, or not before its last due date) or ``tranches[i].amount`` (off the
    loan's rounding grid); and
    :class:`~loancalc.errors.NegativeAmortizationError` (numbered as the loan's
    instalment) where a tranche, as a loan of its own, cannot be amortised.

    >>> from datetime import date
    >>> from loancalc.amortization import equal_principal
    >>> terms = LoanTerms(principal=300, annual_rate=0, term=3, start=date(2024, 1, 1))
    >>> run_with_tranches(terms, equal_principal.SPEC, (Tranche(date(2024, 4, 1), 5),))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: tranches[0].date: got datetime.date(2024, 4, 1); ...
    """
    periods = build_periods(terms)
    _check_fit(terms, tranches, periods)
    first = _run(terms, spec, periods, lambda: _continued(terms))
    rows = list(first.installments)
    upfront = first.upfront_fee
    single = spec.single_installment
    by_date = sorted(tranches, key=lambda tranche: tranche.date)  # stable: listed order kept
    for tranche in by_date:
        after = bisect_right(periods.due_dates, tranche.date)  # due dates on or before it
        own_terms = _tranche_terms(terms, tranche, after)
        own = _tranche_periods(own_terms, tranche, periods, after)

        def extended(
            own_terms: LoanTerms = own_terms, tranche: Tranche = tranche, after: int = after
        ) -> Periods:
            return _tranche_periods(own_terms, tranche, _continued(terms), after)

        try:
            part = _run(own_terms, spec, own, extended)
        except NegativeAmortizationError as error:  # numbered as the loan's instalments
            number = error.number + (0 if single else after)
            raise NegativeAmortizationError(number, error.interest, error.payment) from error
        upfront += part.upfront_fee
        _add_rows(rows, part.installments, 0 if single else after)
    return built_schedule(terms, rows, upfront, disbursements=tuple(t.as_pair() for t in by_date))


def _run(
    terms: LoanTerms, spec: MethodSpec, periods: Periods, extended: Callable[[], Periods]
) -> Schedule:
    """One advance amortised over ``periods``: along the loan's rate path where it has
    one (a kept payment continues over ``extended()``), else at its rate."""
    if terms.rate_schedule is not None:
        from loancalc._rate_engine import run_moving

        moving = run_moving(terms, spec, periods, extended)
        if moving is not None:
            return moving
    return run(terms, spec, periods)


def _continued(terms: LoanTerms) -> Periods:
    """The loan's periods continued past its term (where a kept payment may run on)."""
    from loancalc._rate_engine import _extended

    return _extended(terms)


def _check_fit(terms: LoanTerms, tranches: tuple[Tranche, ...], periods: Periods) -> None:
    last = periods.due_dates[-1]
    quantum = terms.rounding.quantum
    for index, tranche in enumerate(tranches):
        # One bound per message, each a phrase the command line's catalog translates.
        if tranche.date <= terms.start:
            raise InvalidValueError(
                f"tranches[{index}].date", tranche.date, f"a date after {terms.start}"
            )
        if tranche.date >= last:
            raise InvalidValueError(
                f"tranches[{index}].date", tranche.date, f"a date before {last}"
            )
        on_grid(tranche.amount, quantum, f"tranches[{index}].amount")


def _tranche_terms(terms: LoanTerms, tranche: Tranche, after: int) -> LoanTerms:
    """The terms of ``tranche`` as a loan of its own: what the engine reads of them (the
    dates come from :func:`_tranche_periods`)."""
    fees = terms.fees
    return terms.replace(
        principal=tranche.amount,
        start=tranche.date,
        first_due=None,
        term=terms.term - after,
        fees=Fees(upfront_rate=fees.upfront_rate, per_period_rate=fees.per_period_rate),
        grace_principal_periods=max(terms.grace_principal_periods - after, 0),
        grace_interest_periods=max(terms.grace_interest_periods - after, 0),
        balloon=0,
        business_days=None,
    )


def _tranche_periods(terms: LoanTerms, tranche: Tranche, periods: Periods, after: int) -> Periods:
    """The periods of ``tranche``: from its date to each remaining due date of the loan."""
    dates = [tranche.date, *periods.due_dates[after:]]
    ordinals = np.fromiter(map(type(tranche.date).toordinal, dates), dtype=np.int64)
    return periods_on(terms, dates, ordinals, irregular_first=tranche.date != periods.starts[after])


def _add_rows(rows: list[Installment], part: Sequence[Installment], offset: int) -> None:
    """Add the tranche's rows ``part`` into the loan's ``rows`` from ``rows[offset]`` on;
    the tranche's first row adds nothing to the opening balance (the advance is made
    within that period)."""
    with decimal.localcontext(CONTEXT):
        for index, extra in enumerate(part):
            if offset + index == len(rows):  # a kept payment runs past the other advances
                rows.append(_empty_after(rows, extra))
            row = rows[offset + index]
            opening = row.opening_balance + extra.opening_balance if index else row.opening_balance
            rows[offset + index] = row._replace(
                opening_balance=opening,
                principal=row.principal + extra.principal,
                interest=row.interest + extra.interest,
                fee=row.fee + extra.fee,
                payment=row.payment + extra.payment,
                closing_balance=row.closing_balance + extra.closing_balance,
                capitalized_interest=row.capitalized_interest + extra.capitalized_interest,
            )


def _empty_after(rows: list[Installment], extra: Installment) -> Installment:
    """A row owing nothing, due with ``extra``, after the last of ``rows`` (the other
    advances repaid; a tranche paying on at a kept payment adds itself to it)."""
    zero = extra.fee - extra.fee
    begin = rows[-1].due_date if rows else extra.start
    return Installment(
        len(rows) + 1, begin, extra.due_date, (extra.due_date - begin).days,
        zero, zero, zero, zero, zero, zero, zero,
    )  # fmt: skip
