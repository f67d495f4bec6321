"""The :func:`loan_terms` strategy: valid :class:`~loancalc.LoanTerms` of every kind.

>>> from hypothesis import find
>>> find(loan_terms(method="flat"), lambda terms: terms.term > 12).method.value
'flat'
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from loancalc.calendar import Frequency
from loancalc.money import Rounding, grid_units, to_decimal
from loancalc.rates import MAX_ANNUAL_RATE, DayCount
from loancalc.rates import annual_rate as parse_rate
from loancalc.strategies._common import from_units, pin
from loancalc.strategies.values import (
    accruals,
    annual_rates,
    day_counts,
    frequencies,
    methods,
    principals,
    roundings,
    start_dates,
    terms_lengths,
)
from loancalc.strategies.values import fees as any_fees
from loancalc.terms import MAX_TERM, Accrual, Fees, GraceInterest, LoanTerms, Method

__all__ = ["loan_terms"]

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
    growth = math.log1p(float(terms.annual_rate) * _period_days(terms)[1] / 360) / math.log(10)
    if growth <= 0:  # a rate so tiny that no period's interest grows the balance
        return MAX_TERM
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


def _principal_on_grid(
    draw: st.DrawFn,
    principal: SearchStrategy[Decimal] | None,
    rounding: Rounding,
    rounding_pinned: bool,
) -> tuple[Decimal, Rounding]:
    """A principal on the rounding's grid (which ``LoanTerms`` requires), and the rounding:
    a pinned principal off a drawn grid gets a rounding to its own decimals instead."""
    grid = rounding.quantum
    if principal is None:
        low, high = max(grid, Decimal("0.01")), max(grid, Decimal("1e12"))
        return draw(principals(low, high, grid=grid)), rounding
    amount = to_decimal(draw(principal), "principal")
    if grid_units(amount, grid) is None and not rounding_pinned:
        exponent = amount.normalize().as_tuple().exponent
        assert isinstance(exponent, int)
        rounding = Rounding(places=max(0, -exponent), mode=rounding.mode)
    return amount, rounding


@st.composite
def _loan_terms(
    draw: st.DrawFn,
    *,
    principal: SearchStrategy[Decimal] | None,
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
    rounding_pinned: bool,
    fees: SearchStrategy[Fees] | None,
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
    amount, chosen_rounding = _principal_on_grid(draw, principal, draw(rounding), rounding_pinned)
    grid = chosen_rounding.quantum
    base = LoanTerms(
        principal=amount,
        annual_rate=0,
        term=1,
        start=chosen_start,
        first_due=draw(_first_due(chosen_start, chosen_frequency, irregular_first)),
        frequency=chosen_frequency,
        method=chosen_method,
        accrual=draw(accrual),
        day_count=draw(day_count),
        rounding=chosen_rounding,
        fees=draw(any_fees(grid=grid) if fees is None else fees),
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
        # The balloon in whole steps of the rounding grid, as LoanTerms requires.
        cap_units = int(terms.principal / grid)
        if guard and rate > 0:
            fraction = _balloon_fraction_cap(ratio, rate * _rate_time(base, chosen_term))
            cap_units = int(terms.principal * fraction / grid)
        if guard and chosen_term > 1:
            cap_units = min(cap_units, int((terms.principal - quantum * chosen_term) / grid))
        cap_units = max(cap_units, 0)
        if balloon is not None:
            amount = to_decimal(draw(balloon), "balloon")
        else:
            units = draw(st.sampled_from([0, cap_units]) | st.integers(0, cap_units))
            amount = from_units(units, grid)
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

    - ``principal`` from :func:`principals` on the drawn rounding's grid (0.01 .. 1e12 in
      cents, 1 .. 1e12 in whole units, 10 .. 1e12 in tens, 0.0001 .. 1e12 in
      ten-thousandths...), ``annual_rate`` from :func:`annual_rates` up to ``max_rate``
      (exactly 0, tiny positive rates down to 1E-45, and up to 1000 %), ``term`` from
      :func:`terms_lengths` up to ``max_term`` (1 .. 1200, mostly short);
    - ``start`` from :func:`start_dates` (29 February and month ends often);
    - ``irregular_first``: ``None`` draws the first due date one regular period on (most
      often, sometimes given explicitly) or irregular, 1 to 20 days short of or beyond the
      regular one (never on or before ``start``); ``True``/``False`` forces either;
    - ``frequency``, ``method``, ``accrual``, ``day_count``, ``rounding`` and ``fees``
      from :func:`frequencies`, :func:`methods`, :func:`accruals`, :func:`day_counts`,
      :func:`roundings` and :func:`fees` (fee amounts on the rounding grid);
    - ``grace``: ``None`` gives about one loan in four principal and/or interest grace
      periods (capitalised or spread, from ``grace_interest_mode``); ``False`` none;
      ``True`` at least one grace period unless the method is a bullet (a term of 1 is
      raised to 2 for it). ``grace_principal_periods`` and ``grace_interest_periods`` pin
      the counts (capped at ``term - 1``);
    - ``balloon`` only for :attr:`Method.BALLOON`: 0 .. principal on the rounding grid
      (both ends often).

    Every amount drawn lies on the drawn rounding's grid, since ``LoanTerms`` refuses an
    amount off it. A ``principal`` you pin that is off the drawn grid gets a rounding to
    its own decimals instead (same mode); pin both and they must agree.

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
        rate_strategy = pin(rate_value, annual_rates())
    principal_value = to_decimal(principal) if isinstance(principal, str) else principal
    balloon_value = to_decimal(balloon) if isinstance(balloon, str) else balloon
    return _loan_terms(
        principal=None if principal_value is None else pin(principal_value, principals()),
        annual_rate=rate_strategy,
        max_rate=Decimal(max_rate),
        term=pin(term, terms_lengths(max_term)),
        rate_pinned=rate_strategy is not None,
        start=pin(start, start_dates()),
        irregular_first=irregular_first,
        frequency=pin(frequency, frequencies()),
        method=pin(method, methods()),
        accrual=pin(accrual, accruals()),
        day_count=pin(day_count, day_counts()),
        rounding=pin(rounding, roundings()),
        rounding_pinned=rounding is not None,
        fees=None if fees is None else pin(fees, any_fees()),
        grace=grace,
        grace_principal_periods=None
        if grace_principal_periods is None
        else pin(grace_principal_periods, st.just(0)),
        grace_interest_periods=None
        if grace_interest_periods is None
        else pin(grace_interest_periods, st.just(0)),
        grace_interest_mode=pin(grace_interest_mode, st.sampled_from(list(GraceInterest))),
        balloon=None if balloon_value is None else pin(balloon_value, st.just(Decimal(0))),
        amortizable=amortizable,
    )
