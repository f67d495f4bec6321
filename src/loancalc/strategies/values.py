"""Strategies for the single values a loan is made of: amounts, rates, dates, conventions.

>>> from hypothesis import find
>>> find(principals(), lambda amount: amount > 1000).as_tuple().exponent
-2
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from loancalc.calendar import Frequency, add_months
from loancalc.money import Rounding, RoundingMode, grid_units
from loancalc.rates import MAX_ANNUAL_RATE, DayCount
from loancalc.strategies._common import from_units, log_uniform, plain, units_within
from loancalc.terms import MAX_PRINCIPAL as _MAX
from loancalc.terms import MAX_TERM, Accrual, Fees, Method

__all__ = [
    "accruals",
    "annual_rates",
    "day_counts",
    "fees",
    "frequencies",
    "methods",
    "principals",
    "roundings",
    "start_dates",
    "terms_lengths",
]

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


def principals(
    min_value: Decimal | str = "0.01",
    max_value: Decimal | str = "1e12",
    *,
    grid: Decimal | str = "0.01",
) -> SearchStrategy[Decimal]:
    """Loan amounts on the rounding ``grid`` (cents by default) from ``min_value`` to
    ``max_value``: whole multiples of ``grid``, with its decimals.

    Every magnitude is equally likely (1.23, 4,567.89, 12,345,678,901.00), and the
    bounds and round amounts appear often. Shrinks toward ``min_value``. Pass the grid of
    the :class:`~loancalc.Rounding` the loan uses (``rounding.quantum``): ``LoanTerms``
    refuses a principal off its grid. The accepted range is up to 1E+15
    (:data:`loancalc.terms.MAX_PRINCIPAL`).

    >>> from hypothesis import find
    >>> amount = find(principals(), lambda p: p > 1000)
    >>> amount > 1000, amount.as_tuple().exponent
    (True, -2)
    >>> 100 <= find(principals("100", "200"), lambda p: True) <= 200
    True
    >>> find(principals(grid="0.5"), lambda p: p != int(p))
    Decimal('0.5')
    >>> find(principals(grid="10"), lambda p: True)
    Decimal('10')
    """
    step = Decimal(grid)
    if not Decimal("1E-12") <= step <= Decimal("1E+12"):
        raise ValueError(f"principals: grid must lie in 1E-12..1E+12, got {grid}")
    low, high = units_within(Decimal(min_value), Decimal(max_value), step)
    low = max(low, 1)
    if not (Decimal(0) < Decimal(min_value) and low <= high and Decimal(max_value) <= _MAX):
        raise ValueError(
            f"principals: need 0 < min_value <= max_value <= 1E+15 with a multiple of "
            f"{grid} between them, got {min_value}, {max_value}"
        )
    round_amounts = sorted(
        {
            units
            for amount in (Decimal(10) ** k for k in range(-12, 16))
            if (units := grid_units(amount, step)) is not None and low <= units <= high
        }
        | {low, high}
    )
    return st.one_of(log_uniform(low, high), st.sampled_from(round_amounts)).map(
        lambda units: from_units(units, step)
    )


@st.composite
def _rate(draw: st.DrawFn, high: Decimal) -> Decimal:
    kind = draw(st.integers(0, 11))
    if kind == 0 or high <= 0:
        return Decimal(0)
    if kind <= 2:
        common = [Decimal(r) for r in _COMMON_RATES if Decimal(r) <= high]
        if common:
            return draw(st.sampled_from(common))
    if kind == 3:
        # Tiny positive rates, 1 to 999 x 1E-7 down to 1E-45: they tend to the 0 % schedule.
        tiny = plain(Decimal(draw(st.integers(1, 999))).scaleb(-draw(st.integers(7, 45))))
        if tiny <= high:
            return tiny
    # A rate with up to 6 decimals, every magnitude from 1e-6 to ``high`` alike.
    top = int((high * 1_000_000).to_integral_value(rounding="ROUND_FLOOR"))
    if top < 1:
        return Decimal(0)
    millionths = draw(log_uniform(1, top))
    return plain(Decimal(millionths).scaleb(-6))


def annual_rates(max_value: Decimal | str = "10") -> SearchStrategy[Decimal]:
    """Annual rates as fractions from 0 to ``max_value`` (10 = 1000 %, the library's cap).

    Exactly zero about one time in twelve, common quoted rates (4.9 %, 18 %, 36 %...)
    often, tiny positive rates (1E-7 down to 1E-45, which must behave like 0 %) one time
    in twelve, and otherwise any rate with up to 6 decimals, every magnitude alike.
    Shrinks toward 0.

    >>> from hypothesis import find
    >>> find(annual_rates(), lambda r: r == 0)
    Decimal('0')
    >>> 0 < find(annual_rates("0.05"), lambda r: r > 0) <= Decimal("0.05")
    True
    >>> 0 < find(annual_rates(), lambda r: 0 < r < Decimal("1E-30")) < Decimal("1E-30")
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
        st.integers(1, 10_000).map(lambda n: plain(Decimal(n).scaleb(-6))),  # to 1 %
        st.integers(1, 100).map(lambda n: Decimal(n).scaleb(-2)),  # to 100 %
    )


def _fee_amounts(grid: Decimal) -> SearchStrategy[Decimal]:
    largest = max(Decimal("1e6"), grid)
    return st.one_of(st.just(Decimal(0)), principals(grid, largest, grid=grid))


def fees(*, grid: Decimal | str = "0.01") -> SearchStrategy[Fees]:
    """:class:`~loancalc.Fees`: none half the time; otherwise any mix of an upfront amount
    (to 1e6), an upfront rate (to 100 %), a per-period amount (to 1e6) and a per-period
    rate of the original principal (mostly below 1 %, up to 100 %). Amounts lie on the
    rounding ``grid`` (cents by default), as ``LoanTerms`` requires.

    >>> from hypothesis import find
    >>> find(fees(), lambda f: not f.any) == Fees()
    True
    >>> 0 < find(fees(), lambda f: f.per_period_rate > 0).per_period_rate <= 1
    True
    >>> find(fees(grid="5"), lambda f: f.upfront > 0).upfront
    Decimal('5')
    """
    step = Decimal(grid)
    some = st.builds(
        Fees,
        upfront=_fee_amounts(step),
        upfront_rate=_fee_rates(),
        per_period=_fee_amounts(step),
        per_period_rate=_fee_rates(),
    )
    return st.one_of(st.just(Fees()), some)


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
