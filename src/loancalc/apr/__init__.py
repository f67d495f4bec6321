"""Annualised rates: IRR and XIRR, the annual rates regulators prescribe, and rate caps.

A card instalment of 12,000 over 12 months charges 0.6 % of the original principal a
month, "7.2 % a year" flat. The borrower pays 1,072 a month but owes less every month, so
the cost per month of the money actually in use is the IRR, 1.086 %, about 13 % a year:

>>> from datetime import date
>>> import loancalc as lc
>>> lc.apr.irr(["-12000"] + ["1072"] * 12)
Decimal('0.0108618535675900880290999')
>>> card = lc.amortize(lc.LoanTerms(principal=12000, annual_rate=0, term=12,
...                                 method="flat", start=date(2024, 1, 15),
...                                 fees=lc.Fees(per_period_rate="0.6%")))
>>> lc.apr.annualized(card), lc.apr.annualized(card, "effective")
(Decimal('0.130342242811'), Decimal('0.138417850664'))
>>> lc.apr.check_rate_cap(card, "24%").exceeded
False

See :mod:`loancalc.apr.roots` (which root, and accuracy), :mod:`loancalc.apr.annualize`
(the methods) and :mod:`loancalc.apr.flows` (what counts as a flow).
"""

from __future__ import annotations

from loancalc.apr.annualize import (
    METHODS,
    PERIODS_PER_YEAR,
    TIME_UNITS,
    RateCapCheck,
    annualized,
    check_rate_cap,
)
from loancalc.apr.flows import (
    DatedFlow,
    FlowSource,
    HasCashFlows,
    cash_flows,
    schedule_cash_flows,
)
from loancalc.apr.roots import FlowSignError, NoRateError, irr, irr_roots, xirr, xirr_roots

__all__ = [
    "METHODS",
    "PERIODS_PER_YEAR",
    "TIME_UNITS",
    "DatedFlow",
    "FlowSignError",
    "FlowSource",
    "HasCashFlows",
    "NoRateError",
    "RateCapCheck",
    "annualized",
    "cash_flows",
    "check_rate_cap",
    "irr",
    "irr_roots",
    "schedule_cash_flows",
    "xirr",
    "xirr_roots",
]
