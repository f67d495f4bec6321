"""Portfolio scale: many loans' schedules at once, the same cents as :func:`loancalc.amortize`.

Every amount is a whole number of grid units (int64: cents by default) and every rate an
exact fraction, so each period's interest is an integer division rounded by the policy's
mode, exactly as the scalar engine rounds it, and the level payment is the same value
the scalar engine finds (computed in extended precision, and exactly for the few loans
near a rounding boundary). Loans the vectorised path does not cover go through the
scalar engine automatically and are listed in ``fallback``.

Vectorised: monthly loans of every method (equal instalment, equal principal, interest
only, bullet, flat, balloon), periodic accrual (an irregular first period accruing by
ACT/360 or ACT/365F included, bullet loans aside) and daily accrual by ACT/360 or
ACT/365F (any first due date), every rounding mode and grid, fees; rate schedules (dated
changes, index + spread; both repricing options), segment by segment. Computed by the
scalar engine: other frequencies (and business days, grace periods: not batch
arguments), other day counts where they matter, amounts or rates whose integer products
could overflow int64, level payments that need the engine's rarer rules (a payment short
of a period's interest, or more than four steps down), and rate schedules on bullet loans
or with an irregular first period; ``fallback_reasons`` says why for each.

>>> from datetime import date
>>> from loancalc import batch
>>> b = batch.amortize([1000000, 250000], "4.9%", [360, 120], start=date(2024, 1, 15))
>>> b.payment[:, 0].tolist(), b.grid, b.fallback.tolist()
([530727, 263943], Decimal('0.01'), [])
>>> batch.payments([1000000, 250000], "4.9%", [360, 120], start=date(2024, 1, 15)).tolist()
[530727, 263943]

Portfolio views: scheduled cash flow and outstanding balance by month, and days past
due, buckets and classification from how many instalments each loan has paid:

>>> batch.cash_flow_by_month(b).payment[:2].tolist()
[794670, 794670]
>>> late = batch.days_past_due(batch.oldest_unpaid_due(b, [0, 1]), date(2024, 4, 20))
>>> late.tolist(), batch.buckets(late).tolist(), batch.classify(late).tolist()
([65, 36], ['M3', 'M2'], ['special-mention', 'special-mention'])

DataFrames of loans go in with :func:`amortize_frame` (columns ``principal``,
``annual_rate``, ``term``, ``start``...), each loan's payment and totals come out with
:func:`loan_totals`, and every result has ``to_frame()`` (the ``pandas`` extra);
:mod:`loancalc.dask` runs the same on a Dask DataFrame, partition by partition.

Penalty interest, compound interest and late fees of overdue positions under a product's
:class:`~loancalc.ServicingRules`, equal to :func:`loancalc.assess` on each:

>>> from loancalc import PenaltyPolicy, PenaltyRate, ServicingRules
>>> rules = ServicingRules(penalty=PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.27")))
>>> batch.penalties([1000], 0, "4.9%", [date(2024, 2, 15)], date(2024, 3, 16),
...                 rules).penalty_interest.tolist()  # 1,000 x 27 % x 30 / 360 = 22.50
[2250]
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from loancalc.batch import _portfolio
from loancalc.batch._aggregates import (
    MonthlyFlows,
    MonthlyOutstanding,
    cash_flow_by_month,
    outstanding_by_month,
)
from loancalc.batch._assess_api import BookAssessment, assess
from loancalc.batch._delinquency import buckets, classify, days_past_due, oldest_unpaid_due
from loancalc.batch._engine import compute
from loancalc.batch._frames import amortize_frame, loan_totals
from loancalc.batch._penalties import Penalties, penalties
from loancalc.batch._result import BatchSchedule, build
from loancalc.calendar import Frequency
from loancalc.money import Rounding
from loancalc.rates import DayCount
from loancalc.terms import Accrual, Method

__all__ = [
    "BatchSchedule",
    "BookAssessment",
    "MonthlyFlows",
    "MonthlyOutstanding",
    "Penalties",
    "amortize",
    "amortize_frame",
    "assess",
    "buckets",
    "cash_flow_by_month",
    "classify",
    "days_past_due",
    "loan_totals",
    "oldest_unpaid_due",
    "outstanding_by_month",
    "payments",
    "penalties",
]


def amortize(
    principal: object,
    annual_rate: object,
    term: object,
    *,
    start: object,
    first_due: object = None,
    method: Method | str = Method.EQUAL_INSTALLMENT,
    accrual: Accrual | str = Accrual.PERIODIC,
    day_count: DayCount | str = DayCount.ACT_360,
    rounding: Rounding | None = None,
    fees: object = None,
    balloon: object = 0,
    frequency: Frequency | str = Frequency.MONTHLY,
) -> BatchSchedule:
    """The schedules of a portfolio, one loan per element of the arrays.

    ``principal``, ``annual_rate``, ``term``, ``start``, ``first_due`` and ``balloon``
    are arrays (numpy, sequences, pandas Series) of one length, or scalars applied to
    every loan; ``principal`` and ``balloon`` must lie on the rounding grid. ``method``,
    ``accrual``, ``day_count``, ``frequency`` and ``rounding`` apply to every loan;
    ``fees`` is one :class:`~loancalc.Fees` for all or one per loan. Each loan's values
    are those of ``loancalc.amortize(LoanTerms(...))`` with the same fields.

    A bad value raises :class:`~loancalc.errors.InvalidValueError` naming the array and
    the first bad index (``principal[7]``) before anything is computed.

    >>> from datetime import date
    >>> b = amortize([1200, 600], "12%", [3, 2], start=date(2024, 1, 31))
    >>> b.interest.tolist(), b.due_dates[1].tolist()[:2]
    ([[1200, 804, 404], [600, 301, 0]], [datetime.date(2024, 2, 29), datetime.date(2024, 3, 31)])
    >>> amortize([1200, float("nan")], "12%", 3, start=date(2024, 1, 31))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: principal[1]: got nan; accepted: a finite number ...
    """
    portfolio = _portfolio.read(
        principal=principal, annual_rate=annual_rate, term=term, start=start,
        first_due=first_due, balloon=balloon, method=method, accrual=accrual,
        day_count=day_count, frequency=frequency, rounding=rounding, fees=fees,
    )  # fmt: skip
    return build(portfolio, compute(portfolio, store=True))


def payments(
    principal: object,
    annual_rate: object,
    term: object,
    *,
    start: object,
    first_due: object = None,
    method: Method | str = Method.EQUAL_INSTALLMENT,
    accrual: Accrual | str = Accrual.PERIODIC,
    day_count: DayCount | str = DayCount.ACT_360,
    rounding: Rounding | None = None,
    fees: object = None,
    balloon: object = 0,
    frequency: Frequency | str = Frequency.MONTHLY,
) -> npt.NDArray[np.int64]:
    """Each loan's first instalment payment (the level payment plus fees, for an
    annuity), in grid units, without keeping the schedules: the same arguments and the
    same values as ``amortize(...).payment[:, 0]``.

    Fixed-rate monthly equal-instalment and balloon loans (periodic accrual, no first due
    date) are not run: the level payment comes from a float estimate, made exact where
    it lies near a rounding boundary, and only loans that might repay early or fall short
    of a period's interest are walked. Float rates read as their shortest repr
    (``0.0801`` is 8.01 %).

    >>> from datetime import date
    >>> payments(1000000, ["4.9%", "0%"], 360, start=date(2024, 1, 15)).tolist()
    [530727, 277778]
    """
    from loancalc.batch._payment import first_payments

    portfolio = _portfolio.read(
        principal=principal, annual_rate=annual_rate, term=term, start=start,
        first_due=first_due, balloon=balloon, method=method, accrual=accrual,
        day_count=day_count, frequency=frequency, rounding=rounding, fees=fees,
    )  # fmt: skip
    result = first_payments(portfolio)
    result.flags.writeable = False
    return result
