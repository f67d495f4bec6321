"""Annual rates the regulators prescribe, and rate caps.

:func:`annualized` turns a loan's dated flows (from a :class:`~loancalc.Schedule`, an object
with ``cash_flows()``, or ``(date, amount)`` pairs) into an annual rate, as a fraction:

- ``"nominal"``: the rate per period times the periods in a year (China: PBoC announcement
  2021 No. 3 asks for the IRR method; market practice multiplies the monthly IRR by 12).
- ``"effective"``: the rate per period compounded over a year, ``(1 + r)^m - 1``.
- ``"us-actuarial"``: Regulation Z Appendix J: the unit-period rate times the unit periods in
  a year, odd days at the start earning simple interest (``1 + f r``). A single advance
  repaid by a single payment takes its term as the unit period ((b)(5)(vi), (vii)).
- ``"eu-aprc"``: Directive 2008/48/EC Annex I (the same in 2014/17/EU and 2023/2225): the
  annual rate ``X`` with drawdowns and repayments discounted at ``(1 + X)^-t``, ``t`` in
  years from the first drawdown: whole years counted back from each date, then the days
  left over / 365 (366 when that year holds a 29 February). ``"eu-aprc-months"`` counts
  whole months / 12 instead, then days / 365 (12 equal months of 365/12 days).

``"eu-aprc"`` takes a ``time_unit`` (keyword): ``"year"`` (the default above), ``"month"``
or ``"week"`` (the Annex's 12 equal months or 52 weeks, the unit period of the payments
as the European Commission's worked examples count: whole periods back from each date,
then the odd days at the start over the 365 or 366 days of the year counted back from
where the whole periods end), ``"payments"`` (the unit of ``periods_per_year``: a year for
1, months for 2, 3, 4, 6 and 12, weeks for 13, 26 and 52), or ``"days-365"``: every
interval as days / 365, leap years included, the UK reading of FSharp.Finance.Personal
(the FCA's CONC App 1.2 repeats the Directive: 365 or 366 days, 52 weeks or 12 equal
months, which is ``"year"``, ``"month"`` or ``"week"``).

Periods for ``nominal``, ``effective`` and ``us-actuarial``: unit periods of
``1 / periods_per_year`` of a year, counted on the calendar back from each date (months for
12, 6, 4, 3, 2 and 1 a year; semi-months for 24; weeks for 52, 26 and 13; days for 365 and
360); odd days at the start are a fraction of a period (days / 30 a month, / 15, / 7).
Monthly instalments of a schedule therefore fall exactly 1, 2, 3... periods after the loan
starts, and ``nominal`` is the textbook ``IRR x 12``.

>>> from datetime import date
>>> from loancalc import Fees, LoanTerms, Method, amortize
>>> card = amortize(LoanTerms(principal=12000, annual_rate=0, term=12, method=Method.FLAT,
...                           start=date(2024, 1, 15), fees=Fees(per_period_rate="0.6%")))
>>> annualized(card), annualized(card, method="effective")
(Decimal('0.130342242811'), Decimal('0.138417850664'))
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from loancalc.apr._time import (
    EU_TIME_UNITS,
    UNIT_PERIODS,
    eu_unit_periods,
    eu_years,
    months_back,
    unit_periods,
)
from loancalc.apr.flows import DatedFlow, FlowSource, cash_flows
from loancalc.apr.roots import NoRateError, _round, solve_rate
from loancalc.calendar import add_months
from loancalc.errors import InvalidValueError, UnknownNameError
from loancalc.money import CONTEXT, to_decimal
from loancalc.schedule import Schedule

__all__ = [
    "METHODS",
    "PERIODS_PER_YEAR",
    "TIME_UNITS",
    "RateCapCheck",
    "annualized",
    "check_rate_cap",
]

#: The annualisation methods :func:`annualized` knows.
METHODS = ("nominal", "effective", "us-actuarial", "eu-aprc", "eu-aprc-months")
#: The values ``periods_per_year`` accepts: calendar unit periods (months and their
#: multiples, semi-months, weeks, 2 and 4 weeks, days).
PERIODS_PER_YEAR = tuple(sorted(UNIT_PERIODS))
#: The ``time_unit`` values ``"eu-aprc"`` accepts (None: ``"year"``).
TIME_UNITS = (*EU_TIME_UNITS, "payments")
_PAYMENT_UNITS = {1: "year", 2: "month", 3: "month", 4: "month", 6: "month", 12: "month",
                  13: "week", 26: "week", 52: "week"}  # fmt: skip


def _time_unit(value: object, method: str, per_year: int) -> str | None:
    """The EU time unit ``value`` names (None for the method's own counting)."""
    if value is None:
        return None
    if method != "eu-aprc":
        raise InvalidValueError("time_unit", value, "None unless method is eu-aprc")
    if not isinstance(value, str) or value.strip().lower() not in TIME_UNITS:
        raise UnknownNameError("time_unit", value, TIME_UNITS)
    unit = value.strip().lower()
    if unit != "payments":
        return unit
    if per_year not in _PAYMENT_UNITS:
        known = ", ".join(str(n) for n in _PAYMENT_UNITS)
        raise InvalidValueError(
            "periods_per_year",
            per_year,
            f"one of {known} (years, months or weeks) with time_unit payments",
        )
    return _PAYMENT_UNITS[per_year]


def _method(value: object) -> str:
    if isinstance(value, str):
        key = value.strip().lower().replace("_", "-")
        if key in METHODS:
            return key
    raise UnknownNameError("method", value, METHODS)


def _periods_per_year(value: object, source: object) -> int:
    if value is None:
        if isinstance(source, Schedule):
            per_year = source.terms.frequency.periods_per_year
            whole = per_year is not None and per_year == per_year.to_integral_value()
            if per_year is not None and whole and int(per_year) in UNIT_PERIODS:
                return int(per_year)
        return 12
    if isinstance(value, bool) or not isinstance(value, int) or value not in UNIT_PERIODS:
        known = ", ".join(str(n) for n in sorted(UNIT_PERIODS))
        raise InvalidValueError("periods_per_year", value, f"one of {known}")
    return value


def annualized(
    source: FlowSource,
    method: str = "nominal",
    periods_per_year: int | None = None,
    *,
    time_unit: str | None = None,
) -> Decimal:
    """The annual rate (a fraction) of ``source``'s flows by ``method`` (see the module).

    ``source``: a :class:`~loancalc.Schedule` (the amount received, principal less upfront
    fees, on its start date; each payment on its due date), an object with ``cash_flows()``,
    or ``(date, amount)`` pairs (money out negative). ``periods_per_year`` defaults to the
    schedule's frequency (12 for flows); ``eu-aprc`` ignores it unless ``time_unit`` is
    ``"payments"``. ``time_unit``: only for ``eu-aprc`` (see the module). Rounded to 12
    places. Raises :class:`~loancalc.apr.NoRateError` when no rate exists; flows that net
    to zero on every date (repaid on the day of the advance, at no cost) have a rate of 0.

    >>> from datetime import date
    >>> flows = [(date(1994, 1, 1), -1000), (date(1995, 7, 1), 1200)]  # EU 98/7/EC example 1
    >>> round(annualized(flows, "eu-aprc") * 100, 2)  # 1 year and 181 days / 365
    Decimal('12.96')
    >>> round(annualized(flows, "eu-aprc", time_unit="month") * 100, 2)  # 18 months / 12
    Decimal('12.92')
    """
    name = _method(method)
    per_year = _periods_per_year(periods_per_year, source)
    unit = _time_unit(time_unit, name, per_year)
    flows = cash_flows(source)
    if not flows:
        raise NoRateError("no rate exists: there are no flows")
    start = min(day for day, _ in flows)
    dates = [day for day, _ in flows]
    amounts = [amount for _, amount in flows]
    if unit is not None:
        num, den = eu_unit_periods(start, dates, unit)
        return solve_rate(amounts, num, den, simple=False, finish=_round)
    if name.startswith("eu-aprc"):
        basis = "months" if name == "eu-aprc-months" else "days"
        num, den = eu_years(start, dates, basis=basis)
        return solve_rate(amounts, num, den, simple=False, finish=_round)
    if name == "us-actuarial":
        single = _single_advance_single_payment(flows)
        if single is not None:
            return single
    num, den = unit_periods(start, dates, per_year)

    def annual(rate: Decimal) -> Decimal:  # increasing in the rate per period
        with decimal.localcontext(CONTEXT):
            if name == "effective":
                return _round((1 + rate) ** per_year - 1)
            return _round(rate * per_year)

    return solve_rate(amounts, num, den, simple=name == "us-actuarial", finish=annual)


def _single_advance_single_payment(flows: Sequence[DatedFlow]) -> Decimal | None:
    """Regulation Z Appendix J (b)(4)(ii), (b)(5)(vi) and (vii): one advance repaid by one
    payment has its term as the unit period (a year at most): a term of whole months under
    a year gives 12 / months unit periods a year, another term under a year 365 / its days;
    a longer term has a unit period of a year, whole years and a remaining fraction (months
    / 12, or days / 365). None if the flows are not one advance and one later payment."""
    netted: dict[date, Decimal] = {}
    with decimal.localcontext(CONTEXT):
        for day, amount in flows:
            netted[day] = netted.get(day, Decimal(0)) + amount
    nonzero = sorted((day, amount) for day, amount in netted.items() if amount)
    if len(nonzero) != 2 or not (nonzero[0][1] < 0 < nonzero[1][1]):
        return None
    (start, advance), (end, payment) = nonzero
    months, days = months_back(start, end)
    amounts = [advance, payment]
    if months < 12:
        ratio = Fraction(12, months) if days == 0 else Fraction(365, (end - start).days)
        rate = solve_rate(amounts, [0, 1], 1, simple=False)
        with decimal.localcontext(CONTEXT):
            return _round(rate * ratio.numerator / ratio.denominator)
    years, extra = divmod(months, 12)
    if days == 0:
        num, den = years * 12 + extra, 12
    else:
        anchor = add_months(end, -12 * years)
        num, den = years * 365 + (anchor - start).days, 365
    return _round(solve_rate(amounts, [0, num], den, simple=True))


def _to_cap(value: object) -> Decimal:
    cap = to_decimal(value, "cap")
    if cap < 0:
        raise InvalidValueError("cap", value, "a rate >= 0, such as '24%' or 0.154")
    return cap


@attrs.frozen(kw_only=True)
class RateCapCheck:
    """The outcome of :func:`check_rate_cap`: the annualised ``rate`` by ``method``, the
    ``cap``, whether the rate ``exceeded`` it and by how much (``excess``, 0 if not).

    >>> check = RateCapCheck(rate=Decimal("0.26"), cap=Decimal("0.24"), method="nominal")
    >>> check.exceeded, check.excess, bool(check)
    (True, Decimal('0.02'), False)
    """

    rate: Decimal
    cap: Decimal = attrs.field(converter=_to_cap)
    method: str = attrs.field(converter=_method)

    @property
    def exceeded(self) -> bool:
        """True if the rate is above the cap."""
        return self.rate > self.cap

    @property
    def excess(self) -> Decimal:
        """How far the rate is above the cap (0 if it is not)."""
        with decimal.localcontext(CONTEXT):
            return max(self.rate - self.cap, Decimal(0))

    def __bool__(self) -> bool:
        """Truthy when the rate is within the cap."""
        return not self.exceeded


def check_rate_cap(
    source: FlowSource,
    cap: object,
    *,
    method: str = "nominal",
    periods_per_year: int | None = None,
    time_unit: str | None = None,
) -> RateCapCheck:
    """Whether the all-in annualised cost of ``source`` exceeds ``cap``, and by how much.

    All in: the flows carry interest, every fee (upfront fees reduce what is received) and,
    for a serviced loan whose ``cash_flows()`` lists them, penalties and charges paid.
    ``cap`` is a fraction or text such as ``"24%"`` (4 x LPR: ``4 * Decimal("0.0385")``).
    ``method`` defaults to ``"nominal"``: caps such as China's 24 % a year are simple annual
    rates (2 % a month), so the rate is the period rate x periods a year, as the PBoC
    disclosure states it; ``"effective"`` compounds and is stricter. ``time_unit`` as for
    :func:`annualized`.

    >>> from datetime import date
    >>> card = [(date(2024, 1, 15), -12000)] + [
    ...     (date(2024 + (m + 1) // 12, (m + 1) % 12 + 1, 15), 1072) for m in range(12)]
    >>> check = check_rate_cap(card, "12%")
    >>> check.rate, check.exceeded, check.excess
    (Decimal('0.130342242811'), True, Decimal('0.010342242811'))
    """
    name = _method(method)
    limit = _to_cap(cap)
    rate = annualized(source, name, periods_per_year, time_unit=time_unit)
    return RateCapCheck(rate=rate, cap=limit, method=name)
