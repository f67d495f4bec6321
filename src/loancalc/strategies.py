"""Hypothesis strategies for loancalc values, for property tests of your own products.

This module needs `hypothesis <https://hypothesis.readthedocs.io>`_, a test-time
dependency: install it with ``pip install loancalc[test]``. Nothing else in loancalc
imports it.

Every strategy returns a :class:`~hypothesis.strategies.SearchStrategy` that you compose
in your own tests::

    from hypothesis import given
    from loancalc import Method, amortize
    from loancalc.strategies import loan_terms

    @given(loan_terms(method=Method.EQUAL_PRINCIPAL, grace=False))
    def test_principal_is_repaid(terms):
        assert amortize(terms).total_principal == terms.principal

Strategies shrink toward simple values (a short loan, no fees, no grace). The examples
below are deterministic: they show what every drawn value satisfies, or run a property
test that always passes.

>>> from hypothesis import given, settings
>>> from loancalc import amortize
>>> @settings(max_examples=25, database=None)
... @given(loan_terms(method=Method.EQUAL_PRINCIPAL, grace=False))
... def test_principal_is_repaid(terms):
...     assert amortize(terms).total_principal == terms.principal
>>> test_principal_is_repaid()
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from loancalc.calendar import Frequency, add_months
from loancalc.money import Rounding, RoundingMode, to_decimal
from loancalc.rates import MAX_ANNUAL_RATE, DayCount
from loancalc.rates import annual_rate as parse_rate
from loancalc.terms import MAX_TERM, Accrual, Fees, GraceInterest, LoanTerms, Method

__all__ = [
    "accruals",
    "annual_rates",
    "day_counts",
    "fees",
    "frequencies",
    "loan_terms",
    "methods",
    "principals",
    "roundings",
    "start_dates",
    "terms_lengths",
]

_T = TypeVar("_T")

_CENT = Decimal("0.01")
_MIN_DATE = date(1950, 1, 1)
_MAX_DATE = date(2100, 12, 31)
_LEAP_YEARS = [year for year in range(1950, 2101) if year % 4 == 0 and year != 2100]
_COMMON_RATES = [
    "0.049",
    "0.0435",
    "0.06",
    "0.12",
    "0.18",
    "0.24",
    "0.36",
    "0.072",
    "0.0365",
    "1",
    "10",
]


def _to_cents(value: Decimal | str | int) -> int:
    return int((Decimal(value) / _CENT).to_integral_value())


def _cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _plain(number: Decimal) -> Decimal:
    """``number`` without trailing zeros and never in exponent form (0.050 -> 0.05, 10)."""
    normal = number.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def _pin(value: _T | SearchStrategy[_T] | None, default: SearchStrategy[_T]) -> SearchStrategy[_T]:
    """``default`` when ``value`` is None, ``value`` if it is a strategy, else just it."""
    if value is None:
        return default
    if isinstance(value, SearchStrategy):
        return value
    return st.just(value)


@st.composite
def _log_uniform(draw: st.DrawFn, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``, every number of digits equally likely."""
    digits = draw(st.integers(len(str(low)), len(str(high))))
    return draw(st.integers(max(low, 10 ** (digits - 1)), min(high, 10**digits - 1)))


def principals(
    min_value: Decimal | str = "0.01", max_value: Decimal | str = "1e12"
) -> SearchStrategy[Decimal]:
    """Loan amounts: Decimals with exactly 2 places from ``min_value`` to ``max_value``.

    Every magnitude is equally likely (1.23, 4,567.89, 12,345,678,901.00), and the
    bounds and round amounts appear often. Shrinks toward ``min_value``.

    >>> from hypothesis import find
    >>> amount = find(principals(), lambda p: p > 1000)
    >>> amount > 1000, amount.as_tuple().exponent
    (True, -2)
    >>> 100 <= find(principals("100", "200"), lambda p: True) <= 200
    True
    """
    low, high = _to_cents(min_value), _to_cents(max_value)
    if not 1 <= low <= high:
        raise ValueError(f"principals: need 0.01 <= min_value <= max_value, got {low}, {high}")
    round_amounts = sorted(
        {c for c in (low, high, *(10**k for k in range(2, 17))) if low <= c <= high}
    )
    return st.one_of(_log_uniform(low, high), st.sampled_from(round_amounts)).map(_cents)


@st.composite
def _rate(draw: st.DrawFn, high: Decimal) -> Decimal:
    kind = draw(st.integers(0, 9))
    if kind == 0 or high <= 0:
        return Decimal(0)
    if kind <= 2:
        common = [Decimal(r) for r in _COMMON_RATES if Decimal(r) <= high]
        if common:
            return draw(st.sampled_from(common))
    # A rate with up to 6 decimals, every magnitude from 1e-6 to ``high`` alike.
    top = int((high * 1_000_000).to_integral_value(rounding="ROUND_FLOOR"))
    if top < 1:
        return Decimal(0)
    millionths = draw(_log_uniform(1, top))
    return _plain(Decimal(millionths).scaleb(-6))


def annual_rates(max_value: Decimal | str = "10") -> SearchStrategy[Decimal]:
    """Annual rates as fractions from 0 to ``max_value`` (10 = 1000 %, the library's cap).

    Zero about one time in ten, common quoted rates (4.9 %, 18 %, 36 %...) often, and
    otherwise any rate with up to 6 decimals, every magnitude alike. Shrinks toward 0.

    >>> from hypothesis import find
    >>> find(annual_rates(), lambda r: r == 0)
    Decimal('0')
    >>> 0 < find(annual_rates("0.05"), lambda r: r > 0) <= Decimal("0.05")
    True
    """
    high = Decimal(max_value)
    if not 0 <= high <= MAX_ANNUAL_RATE:
        raise ValueError(f"annual_rates: max_value must lie in 0..{MAX_ANNUAL_RATE}, got {high}")
    return _rate(high)


@st.composite
def _start_date(draw: st.DrawFn) -> date:
    kind = draw(st.integers(0, 7))
    if kind <= 3:
        return draw(st.dates(_MIN_DATE, _MAX_DATE))
    if kind == 4:
        return date(draw(st.sampled_from(_LEAP_YEARS)), 2, 29)
    year = draw(st.integers(_MIN_DATE.year, _MAX_DATE.year))
    month = draw(st.integers(1, 12))
    if kind == 5:  # the last day of a month
        return add_months(date(year, month, 1), 0, day=31)
    day = draw(st.sampled_from([30, 31] if month != 2 else [28, 29]))
    return add_months(date(year, month, 1), 0, day=day)


def start_dates() -> SearchStrategy[date]:
    """Disbursement dates from 1950-01-01 to 2100-12-31.

    Half are any date; the rest are 29 February of a leap year, a month's last day, or
    the 30th/31st (28th/29th in February), the dates where due dates clamp and day counts
    differ.

    >>> from hypothesis import find
    >>> leap_day = find(start_dates(), lambda d: d.month == 2 and d.day == 29)
    >>> leap_day.year % 4, 1950 <= leap_day.year <= 2100
    (0, True)
    """
    return _start_date()


def frequencies() -> SearchStrategy[Frequency]:
    """Payment frequencies: the named ones (monthly most often), every 1..60 days and every
    1..24 months.

    >>> from hypothesis import find
    >>> print(find(frequencies(), lambda f: f.unit == "semi-month"))
    semi-monthly
    >>> find(frequencies(), lambda f: f.unit == "day").count <= 60
    True
    """
    named = [
        Frequency.MONTHLY,
        Frequency.QUARTERLY,
        Frequency.WEEKLY,
        Frequency.BIWEEKLY,
        Frequency.SEMI_MONTHLY,
        Frequency.SEMI_ANNUAL,
        Frequency.ANNUAL,
    ]
    return st.one_of(
        st.sampled_from(named),
        st.just(Frequency.MONTHLY),
        st.integers(1, 60).map(Frequency.every_days),
        st.integers(1, 24).map(Frequency.every_months),
    )


def day_counts() -> SearchStrategy[DayCount]:
    """Any :class:`~loancalc.DayCount` convention.

    >>> from hypothesis import find
    >>> find(day_counts(), lambda d: d.value.startswith("30E"))
    <DayCount.THIRTY_E_360: '30E/360'>
    """
    return st.sampled_from(list(DayCount))


def accruals() -> SearchStrategy[Accrual]:
    """:class:`~loancalc.Accrual` ``PERIODIC`` or ``DAILY``.

    >>> from hypothesis import find
    >>> find(accruals(), lambda a: a is not Accrual.PERIODIC)
    <Accrual.DAILY: 'daily'>
    """
    return st.sampled_from(list(Accrual))


def methods() -> SearchStrategy[Method]:
    """Any repayment :class:`~loancalc.Method`.

    >>> from hypothesis import find
    >>> find(methods(), lambda m: m.value == "bullet")
    <Method.BULLET: 'bullet'>
    """
    return st.sampled_from(list(Method))


def roundings() -> SearchStrategy[Rounding]:
    """Rounding policies: the default (2 places, half-up) a third of the time; otherwise 0..4
    places or multiples of 0.05, 0.1, 0.25, 0.5, 1, 5 or 10, in any
    :class:`~loancalc.RoundingMode`.

    >>> from hypothesis import find
    >>> find(roundings(), lambda r: r.increment is not None).increment > 0
    True
    """
    modes = st.sampled_from(list(RoundingMode))
    increments = st.sampled_from(["0.05", "0.1", "0.25", "0.5", "1", "5", "10"])
    return st.one_of(
        st.just(Rounding()),
        st.builds(Rounding, places=st.integers(0, 4), mode=modes),
        st.builds(Rounding, increment=increments, mode=modes),
    )


def _fee_rates() -> SearchStrategy[Decimal]:
    return st.one_of(
        st.just(Decimal(0)),
        st.integers(1, 10_000).map(lambda n: _plain(Decimal(n).scaleb(-6))),  # to 1 %
        st.integers(1, 100).map(lambda n: Decimal(n).scaleb(-2)),  # to 100 %
    )


def _fee_amounts() -> SearchStrategy[Decimal]:
    return st.one_of(st.just(Decimal(0)), principals("0.01", "1e6"))


def fees() -> SearchStrategy[Fees]:
    """:class:`~loancalc.Fees`: none half the time; otherwise any mix of an upfront amount
    (to 1e6), an upfront rate (to 100 %), a per-period amount (to 1e6) and a per-period
    rate of the original principal (mostly below 1 %, up to 100 %).

    >>> from hypothesis import find
    >>> find(fees(), lambda f: not f.any) == Fees()
    True
    >>> 0 < find(fees(), lambda f: f.per_period_rate > 0).per_period_rate <= 1
    True
    """
    some = st.builds(
        Fees,
        upfront=_fee_amounts(),
        upfront_rate=_fee_rates(),
        per_period=_fee_amounts(),
        per_period_rate=_fee_rates(),
    )
    return st.one_of(st.just(Fees()), some)


_any_fees = fees  # loan_terms() has a parameter of that name


def terms_lengths(max_value: int = MAX_TERM) -> SearchStrategy[int]:
    """Numbers of instalments from 1 to ``max_value`` (at most 1200), mostly short.

    About 70 % are 1..24, 20 % 25..360 and 10 % 361..``max_value``, so that most
    schedules are quick to compute while 100-year monthly loans still appear.

    >>> from hypothesis import find
    >>> 1000 < find(terms_lengths(), lambda n: n > 1000) <= 1200
    True
    """
    if not 1 <= max_value <= MAX_TERM:
        raise ValueError(f"terms_lengths: max_value must lie in 1..{MAX_TERM}, got {max_value}")
    bands = [(1, 24)] * 7 + [(25, 360)] * 2 + [(361, MAX_TERM)]
    return st.sampled_from(bands).flatmap(
        lambda band: st.integers(min(band[0], max_value), min(band[1], max_value))
    )


# --- loan_terms ----------------------------------------------------------------------------

#: How far an irregular first due date may fall from the regular one, in days.
_MAX_IRREGULAR_DAYS = 20
#: amortizable=True keeps (principal - balloon) / term at least this many rounding quanta.
_GUARD_QUANTA = 200


def _nominal_days(frequency: Frequency) -> Decimal:
    """The days in an average regular period."""
    if frequency.unit == "month":
        return Decimal("30.4375") * frequency.count
    if frequency.unit == "semi-month":
        return Decimal("15.21875")
    return Decimal(frequency.count)


def _period_days(terms: LoanTerms) -> tuple[float, float]:
    """A lower bound on the average period's length and an upper bound on the longest
    period's, in days as the loan's day count counts them.

    Month-based periods run from 30 to about 30.5 days a month plus up to 3 days of 30/360
    end-of-February effects; half months up to 18 days against 15; N-day periods exactly
    N days by actual counts, up to N + 3 by 30/360 counts (which average 360/365.25 of a
    day a day). An irregular first period counts as it is.
    """
    frequency, day_count = terms.frequency, terms.day_count
    thirty = day_count in (DayCount.THIRTY_360_US, DayCount.THIRTY_E_360)
    if frequency.unit == "month":
        average, longest = 30.0 * frequency.count, 30.5 * frequency.count + 3
    elif frequency.unit == "semi-month":
        average, longest = 15.0, 18.0
    else:
        count = float(frequency.count)
        average, longest = (0.98 * count, count + 3) if thirty else (count, count)
    first = terms.first_due_date
    first_days = max((first - terms.start).days, day_count.day_count(terms.start, first))
    return average, max(longest, float(first_days))


def _worst_period_ratio(terms: LoanTerms) -> float:
    """An upper bound on (the highest period rate) / (the average period rate), with a
    5 % margin."""
    average, longest = _period_days(terms)
    ratio = longest / average
    if terms.day_count is DayCount.ACT_ACT_ISDA:
        ratio *= 366 / 365
    return ratio * 1.05


def _most_capitalized_periods(terms: LoanTerms) -> int:
    """How many periods of capitalised interest keep the balance within 1e22 (the engine
    refuses balances past 1e24): every period's rate is at most annual x longest / 360."""
    if terms.annual_rate == 0:
        return MAX_TERM
    growth = math.log10(1 + float(terms.annual_rate) * _period_days(terms)[1] / 360)
    return max(0, int((22 - math.log10(float(terms.principal))) / growth))


def _accrues_by_day_count(terms: LoanTerms) -> bool:
    """True if the periods' rates follow their day counts (so they differ period to period)."""
    return terms.accrual is Accrual.DAILY or terms.frequency.period_rate(Decimal(1)) is None


def _may_amortize_negatively(terms: LoanTerms) -> bool:
    return terms.method in (Method.EQUAL_INSTALLMENT, Method.BALLOON) and _accrues_by_day_count(
        terms
    )


def _rate_time(terms: LoanTerms, term: int) -> Decimal:
    """An upper bound on the sum of the period rates per unit of annual rate (in years)."""
    first_days = (terms.first_due_date - terms.start).days
    days = first_days + (term - 1) * _nominal_days(terms.frequency) * Decimal("1.01") + 5
    return days / 360


def _rate_time_budget(ratio: float) -> Decimal:
    """The largest annual_rate x years for which a level payment covers every period's
    interest, when the highest period rate is ``ratio`` times the average: a payment
    ``B r / (1 - e^-R)`` covers ``B r ratio`` while ``R <= -ln(1 - 1/ratio)`` (90 % of it)."""
    return Decimal(repr(0.9 * -math.log(1 - 1 / ratio))).quantize(Decimal("0.000001"))


def _balloon_fraction_cap(ratio: float, rate_time: Decimal) -> Decimal:
    """The largest balloon / principal for which the level payment still covers every
    period's interest: ``(1 - ratio (1 - x)) / x`` with ``x = e^-R``."""
    x = math.exp(-float(rate_time))
    cap = max(0.0, (1 - ratio * (1 - x)) / x) * 0.95
    return Decimal(repr(min(cap, 1.0))).quantize(Decimal("0.000001"), rounding="ROUND_FLOOR")


@st.composite
def _first_due(
    draw: st.DrawFn, start: date, frequency: Frequency, irregular: bool | None
) -> date | None:
    regular = frequency.step(start, 1)
    if irregular is None:
        kind = draw(st.sampled_from(["regular", "regular", "regular", "given", "irregular"]))
    else:
        kind = "irregular" if irregular else "regular"
    if kind == "regular":
        return None
    if kind == "given":
        return regular
    period = (regular - start).days
    shortest = max(1, period - _MAX_IRREGULAR_DAYS)  # days from start to first_due
    longest = period + min(period, _MAX_IRREGULAR_DAYS)
    days = draw(st.integers(shortest, longest - 1))
    return start + timedelta(days=days if days < period else days + 1)


def _with_grace(
    draw: st.DrawFn,
    terms: LoanTerms,
    *,
    grace: bool | None,
    principal_periods: SearchStrategy[int] | None,
    interest_periods: SearchStrategy[int] | None,
    mode: GraceInterest,
    amortizable: bool,
) -> LoanTerms:
    """``terms`` with grace periods drawn: never for a bullet loan, always leaving an
    amortising period, capitalising no further than the engine accepts if ``amortizable``."""
    most = terms.term - 1
    grace_principal, grace_interest = 0, 0
    if terms.method is not Method.BULLET and most > 0 and grace is not False:
        want = grace if grace is not None else draw(st.integers(0, 3)) == 3
        counts = st.integers(0, min(most, 24)) | st.integers(0, most) if want else st.just(0)
        grace_principal = min(draw(principal_periods or counts), most)
        grace_interest = min(draw(interest_periods or counts), most)
        if amortizable and mode is GraceInterest.CAPITALIZE:
            grace_interest = min(grace_interest, _most_capitalized_periods(terms))
        pinned = principal_periods is not None or interest_periods is not None
        if want and not pinned and grace_principal == grace_interest == 0:
            grace_principal = draw(st.integers(1, min(most, 24)))
    return terms.replace(
        grace_principal_periods=grace_principal,
        grace_interest_periods=grace_interest,
        grace_interest_mode=mode,
    )


@st.composite
def _loan_terms(
    draw: st.DrawFn,
    *,
    principal: SearchStrategy[Decimal],
    annual_rate: SearchStrategy[Decimal] | None,
    max_rate: Decimal,
    term: SearchStrategy[int],
    rate_pinned: bool,
    start: SearchStrategy[date],
    irregular_first: bool | None,
    frequency: SearchStrategy[Frequency | str],
    method: SearchStrategy[Method | str],
    accrual: SearchStrategy[Accrual | str],
    day_count: SearchStrategy[DayCount | str],
    rounding: SearchStrategy[Rounding],
    fees: SearchStrategy[Fees],
    grace: bool | None,
    grace_principal_periods: SearchStrategy[int] | None,
    grace_interest_periods: SearchStrategy[int] | None,
    grace_interest_mode: SearchStrategy[GraceInterest | str],
    balloon: SearchStrategy[Decimal] | None,
    amortizable: bool,
) -> LoanTerms:
    chosen_method: Method = Method.parse(draw(method))
    chosen_frequency = Frequency.parse(draw(frequency))
    chosen_start = draw(start)
    base = LoanTerms(
        principal=to_decimal(draw(principal), "principal"),
        annual_rate=0,
        term=1,
        start=chosen_start,
        first_due=draw(_first_due(chosen_start, chosen_frequency, irregular_first)),
        frequency=chosen_frequency,
        method=chosen_method,
        accrual=draw(accrual),
        day_count=draw(day_count),
        rounding=draw(rounding),
        fees=draw(fees),
    )
    guard = amortizable and _may_amortize_negatively(base)
    ratio = _worst_period_ratio(base)
    budget = _rate_time_budget(ratio)
    # Coarse rounding could push the payment below a period's rounded interest (when the
    # engine falls back to rounding the payment toward zero): when guarding, keep the
    # straight-line share of the principal (principal - balloon) / term >= 200 quanta.
    quantum = _GUARD_QUANTA * base.rounding.quantum
    longest_term = max(1, int(base.principal / quantum)) if guard else MAX_TERM

    # grace=True needs two periods (a loan of two with one grace period is always safe:
    # its only amortising instalment is the last, which repays the balance).
    shortest_term = 2 if grace and chosen_method is not Method.BULLET else 1

    # Draw the rate and the term; keep rate x time within the budget when guarding.
    if rate_pinned:
        assert annual_rate is not None
        rate = parse_rate(draw(annual_rate))
        if guard and rate > 0:
            while longest_term > 1 and rate * _rate_time(base, longest_term) > budget:
                longest_term = max(1, longest_term * 3 // 4)
        chosen_term = max(min(draw(term), longest_term), shortest_term)
    else:
        chosen_term = max(min(draw(term), longest_term), shortest_term)
        high = max_rate
        if guard:
            limit = (budget / _rate_time(base, chosen_term)).quantize(
                Decimal("1e-6"), rounding="ROUND_FLOOR"
            )
            high = min(high, limit)
        rate = draw(annual_rates(max(high, Decimal(0))))
    terms = base.replace(annual_rate=rate, term=chosen_term)

    terms = _with_grace(
        draw,
        terms,
        grace=grace,
        principal_periods=grace_principal_periods,
        interest_periods=grace_interest_periods,
        mode=GraceInterest.parse(draw(grace_interest_mode)),
        amortizable=amortizable,
    )
    if chosen_method is Method.BALLOON:
        cap_cents = _to_cents(terms.principal)
        if guard and rate > 0:
            fraction = _balloon_fraction_cap(ratio, rate * _rate_time(base, chosen_term))
            cap_cents = int(terms.principal * fraction / _CENT)
        if guard and chosen_term > 1:
            cap_cents = min(cap_cents, int((terms.principal - quantum * chosen_term) / _CENT))
        cap_cents = max(cap_cents, 0)
        if balloon is not None:
            amount = to_decimal(draw(balloon), "balloon")
        else:
            amount = _cents(draw(st.sampled_from([0, cap_cents]) | st.integers(0, cap_cents)))
        terms = terms.replace(balloon=min(amount, terms.principal))
    return terms


def loan_terms(
    *,
    principal: Decimal | str | SearchStrategy[Decimal] | None = None,
    annual_rate: Decimal | str | SearchStrategy[Decimal] | None = None,
    max_rate: Decimal | str = MAX_ANNUAL_RATE,
    term: int | SearchStrategy[int] | None = None,
    max_term: int = MAX_TERM,
    start: date | SearchStrategy[date] | None = None,
    irregular_first: bool | None = None,
    frequency: Frequency | str | SearchStrategy[Frequency] | None = None,
    method: Method | str | SearchStrategy[Method] | None = None,
    accrual: Accrual | str | SearchStrategy[Accrual] | None = None,
    day_count: DayCount | str | SearchStrategy[DayCount] | None = None,
    rounding: Rounding | SearchStrategy[Rounding] | None = None,
    fees: Fees | SearchStrategy[Fees] | None = None,
    grace: bool | None = None,
    grace_principal_periods: int | SearchStrategy[int] | None = None,
    grace_interest_periods: int | SearchStrategy[int] | None = None,
    grace_interest_mode: GraceInterest | str | SearchStrategy[GraceInterest] | None = None,
    balloon: Decimal | str | SearchStrategy[Decimal] | None = None,
    amortizable: bool = True,
) -> SearchStrategy[LoanTerms]:
    """Valid :class:`~loancalc.LoanTerms` across every method, frequency, accrual, day
    count, rounding, fee, grace and balloon option.

    Each keyword pins one part: pass a value (``method=Method.BULLET``) or a strategy
    (``method=st.sampled_from([...])``); ``None`` (the default) draws it:

    - ``principal`` from :func:`principals` (0.01 .. 1e12), ``annual_rate`` from
      :func:`annual_rates` up to ``max_rate`` (0 .. 1000 %), ``term`` from
      :func:`terms_lengths` up to ``max_term`` (1 .. 1200, mostly short);
    - ``start`` from :func:`start_dates` (29 February and month ends often);
    - ``irregular_first``: ``None`` draws the first due date one regular period on (most
      often, sometimes given explicitly) or irregular, 1 to 20 days short of or beyond the
      regular one (never on or before ``start``); ``True``/``False`` forces either;
    - ``frequency``, ``method``, ``accrual``, ``day_count``, ``rounding`` and ``fees``
      from :func:`frequencies`, :func:`methods`, :func:`accruals`, :func:`day_counts`,
      :func:`roundings` and :func:`fees`;
    - ``grace``: ``None`` gives about one loan in four principal and/or interest grace
      periods (capitalised or spread, from ``grace_interest_mode``); ``False`` none;
      ``True`` at least one grace period unless the method is a bullet (a term of 1 is
      raised to 2 for it). ``grace_principal_periods`` and ``grace_interest_periods`` pin
      the counts (capped at ``term - 1``);
    - ``balloon`` only for :attr:`Method.BALLOON`: 0 .. principal (both ends often).

    ``amortizable=True`` (the default) yields only terms :func:`loancalc.amortize`
    accepts. Two cases need care:

    - Negative amortisation (:class:`~loancalc.NegativeAmortizationError`): an
      equal-instalment or balloon loan whose periods accrue by day count
      (``Accrual.DAILY``, or every-N-days frequencies other than 7 and 14 under periodic
      accrual) has periods longer than average; at long terms or high rates their
      interest can exceed the level payment. For those loans the strategy bounds
      ``annual_rate x years`` by ``0.9 x -ln(1 - 1/c)``, where ``c`` is 1.05 x an upper
      bound of the longest period's rate over the average period's: a bound of about 1.7
      for monthly loans (17 % over 10 years), less with a long irregular first period
      or 30/360 counts of short periods. It also keeps the balloon below the share of
      the principal at which the payment would no longer cover the longest period's
      interest, and ``(principal - balloon) / term`` at least 200 rounding quanta, so
      that coarse rounding cannot push the payment below a period's rounded interest.
      It lowers the drawn rate (or, for a pinned rate, the term) to fit.
    - Runaway capitalisation (:class:`~loancalc.InvalidValueError` once capitalised
      grace interest would grow the balance past 1e24): capitalised interest-grace
      periods are capped so that the balance stays within 1e22.

    Values you pin yourself (a rate and a term together, a balloon) are used as given.
    ``amortizable=False`` draws from the whole range, so ``amortize`` may raise either
    error.

    >>> from hypothesis import find
    >>> terms = find(loan_terms(method=Method.FLAT, term=12, grace=False), lambda t: True)
    >>> terms.method, terms.term, terms.grace_principal_periods, terms.balloon
    (<Method.FLAT: 'flat'>, 12, 0, Decimal('0'))
    >>> find(loan_terms(), lambda t: t.balloon > 0).method
    <Method.BALLOON: 'balloon'>
    >>> graced = find(loan_terms(method="flat", grace=True, term=6), lambda t: True)
    >>> 0 < max(graced.grace_principal_periods, graced.grace_interest_periods) < 6
    True
    """
    if not 1 <= max_term <= MAX_TERM:
        raise ValueError(f"loan_terms: max_term must lie in 1..{MAX_TERM}, got {max_term}")
    rate_strategy: SearchStrategy[Decimal] | None = None
    if annual_rate is not None:
        rate_value = parse_rate(annual_rate) if isinstance(annual_rate, str) else annual_rate
        rate_strategy = _pin(rate_value, annual_rates())
    principal_value = to_decimal(principal) if isinstance(principal, str) else principal
    balloon_value = to_decimal(balloon) if isinstance(balloon, str) else balloon
    return _loan_terms(
        principal=_pin(principal_value, principals()),
        annual_rate=rate_strategy,
        max_rate=Decimal(max_rate),
        term=_pin(term, terms_lengths(max_term)),
        rate_pinned=rate_strategy is not None,
        start=_pin(start, start_dates()),
        irregular_first=irregular_first,
        frequency=_pin(frequency, frequencies()),
        method=_pin(method, methods()),
        accrual=_pin(accrual, accruals()),
        day_count=_pin(day_count, day_counts()),
        rounding=_pin(rounding, roundings()),
        fees=_pin(fees, _any_fees()),
        grace=grace,
        grace_principal_periods=None
        if grace_principal_periods is None
        else _pin(grace_principal_periods, st.just(0)),
        grace_interest_periods=None
        if grace_interest_periods is None
        else _pin(grace_interest_periods, st.just(0)),
        grace_interest_mode=_pin(grace_interest_mode, st.sampled_from(list(GraceInterest))),
        balloon=None if balloon_value is None else _pin(balloon_value, st.just(Decimal(0))),
        amortizable=amortizable,
    )
