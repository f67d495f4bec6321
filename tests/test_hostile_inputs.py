"""Hostile inputs: every public constructor and function lets only LoanCalcError escape.

Each target below takes one hostile value in one argument (the others valid): wrong
types, NaN/sNaN/infinities as float, Decimal and text, huge and tiny exponents, empty and
odd strings, digits of other scripts, dates at the calendar's ends, None, lists, dicts.
Any exception other than a LoanCalcError fails the test, and so does a single call that
runs away (the bound is generous: it only catches runaway allocation such as the once
7 TiB ``due_dates(d, 10**12, WEEKLY)``; it is no performance assertion).
"""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.strategies import loan_terms

#: Seconds a single call may take before it counts as runaway (generous on purpose).
RUNAWAY_SECONDS = 2.0
#: Bytes of address space a call may add before it fails with MemoryError (which then
#: escapes and fails the test) instead of exhausting a shared machine's memory.
RUNAWAY_BYTES = 2 * 1024**3


@pytest.fixture(autouse=True, scope="module")
def _bounded_memory() -> Iterator[None]:
    """Cap this module's address space at what is in use now plus RUNAWAY_BYTES."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            in_use = next(int(line.split()[1]) * 1024 for line in status if "VmSize" in line)
    except (OSError, StopIteration):  # no /proc (not Linux): the time bound still holds
        in_use = None
    if in_use is None:
        yield
        return
    cap = in_use + RUNAWAY_BYTES
    resource.setrlimit(
        resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard)
    )
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


ODD_TEXT = [
    "", " ", "\t\n", "nan", "NaN", "sNaN", "-sNaN", "inf", "-Infinity", "%", "5%%", "1,5",
    "0x10", "\x00", "1e999", "1e999%", "-1e999", "9" * 400, "1e999999999", "1e-999999999",
    "1e-40", "1e-300", "-0", "-0.0", "-0%", "0E-1000000", "1000 %", "5%/month", "0.05%/day",
    "1%/year", "١٠٠٠", "４.９%", "٤٫٩%", "1\u00a0000", "²", "1_000", "1,000.50", "+-1",
    "monthly", "every 10**12 days", "every 999999999 days", "annuity", "half-up", "act/360",
    "following", "2024-01-01", "9999-12-31", "0001-01-01", "[" * 50_000, "{" * 50_000,
    "x" * 100_000,
]  # fmt: skip
ODD_DECIMALS = [
    Decimal("NaN"), Decimal("sNaN"), Decimal("-NaN"), Decimal("Infinity"), Decimal("-Infinity"),
    Decimal("-0"), Decimal("-0.00"), Decimal("1E+999999"), Decimal("1E-999999"),
    Decimal("9" * 400), Decimal("1E-40"), Decimal("0E+999"), Decimal("1E+15"),
    Decimal("1000.005"),
]  # fmt: skip
ODD_DATES = [
    date.min, date.max, date(1, 1, 2), date(9999, 12, 30), date(2024, 2, 29),
    datetime.min, datetime.max, datetime(2024, 1, 1, 12),
]  # fmt: skip
ODD_OBJECTS = [
    None, True, False, object(), b"1000", bytearray(b"1"), 1j, Fraction(1, 3), (), frozenset(),
    [], {}, [1000], {"principal": 1000}, lc.Method.FLAT, lc.Frequency.MONTHLY, lc.Rounding(),
    lc.Fees(), lc.DayCount.ACT_360, float, type, range(10**12), iter([1]),
    lc.BusinessDays(),
]  # fmt: skip


def hostile() -> st.SearchStrategy[Any]:
    """Any value a careless or hostile caller might pass."""
    return st.one_of(
        st.sampled_from(ODD_TEXT + ODD_DECIMALS + ODD_DATES + ODD_OBJECTS),
        st.integers(-(10**30), 10**30),
        st.sampled_from([0, -1, 1, 7, 12, 1200, 1201, 3660, 10**12, -(10**12), 10**400]),
        st.floats(),  # NaN, infinities, subnormals, -0.0
        st.decimals(),  # NaN, sNaN and infinities included
        st.text(max_size=12),
        st.text(st.characters(categories=["Nd", "No", "Zs"]), max_size=6),  # digits of any script
        st.dates(),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=3), st.integers() | st.none(), max_size=2),
        st.sets(st.dates(), max_size=3),
    )


def only_loancalc_errors(call: Callable[[], object]) -> None:
    """Run ``call``: returning or raising a LoanCalcError pass; anything else fails."""
    started = time.perf_counter()
    try:
        call()
    except lc.LoanCalcError:
        pass
    except RecursionError as error:  # the message of a bare RecursionError can be enormous
        pytest.fail(f"RecursionError escaped: {type(error).__name__}")
    except Exception as error:
        pytest.fail(f"{type(error).__name__} escaped: {error!r}"[:500])
    elapsed = time.perf_counter() - started
    assert elapsed < RUNAWAY_SECONDS, f"a single call ran for {elapsed:.1f} s"


def _valid_terms(**changes: Any) -> lc.LoanTerms:
    fields: dict[str, Any] = {
        "principal": "1000",
        "annual_rate": "12%",
        "term": 12,
        "start": date(2024, 1, 31),
    }
    return lc.LoanTerms(**{**fields, **changes})


_SCHEDULE = lc.amortize(_valid_terms(term=3))
_SCHEDULE_DICT = json.loads(_SCHEDULE.to_json())

LOAN_FIELDS = [
    "principal", "annual_rate", "term", "start", "first_due", "frequency", "method", "accrual",
    "day_count", "rounding", "fees", "grace_principal_periods", "grace_interest_periods",
    "grace_interest_mode", "balloon", "business_days",
]  # fmt: skip

# name -> a function of the one hostile value
TARGETS: dict[str, Callable[[Any], object]] = {
    **{f"LoanTerms({name}=)": (lambda v, f=name: _valid_terms(**{f: v})) for name in LOAN_FIELDS},
    "LoanTerms(method=balloon, balloon=)": lambda v: _valid_terms(method="balloon", balloon=v),
    "LoanTerms.replace(term=)": lambda v: _valid_terms().replace(term=v),
    "LoanTerms.replace(**)": lambda v: _valid_terms().replace(**(v if isinstance(v, dict) else {})),
    "LoanTerms.from_dict": lc.LoanTerms.from_dict,
    "LoanTerms.from_dict(principal)": lambda v: lc.LoanTerms.from_dict(
        {**_valid_terms().to_dict(), "principal": v}
    ),
    "LoanTerms.from_dict(start)": lambda v: lc.LoanTerms.from_dict(
        {**_valid_terms().to_dict(), "start": v}
    ),
    "Fees(upfront=)": lambda v: lc.Fees(upfront=v),
    "Fees(upfront_rate=)": lambda v: lc.Fees(upfront_rate=v),
    "Fees(per_period=)": lambda v: lc.Fees(per_period=v),
    "Fees(per_period_rate=)": lambda v: lc.Fees(per_period_rate=v),
    "Rounding(places=)": lambda v: lc.Rounding(places=v),
    "Rounding(increment=)": lambda v: lc.Rounding(increment=v),
    "Rounding(mode=)": lambda v: lc.Rounding(mode=v),
    "Rounding.apply": lambda v: lc.Rounding().apply(v),
    "Rounding(increment=0.05).apply": lambda v: lc.Rounding(increment="0.05").apply(v),
    "RoundingMode.parse": lc.RoundingMode.parse,
    "Method.parse": lc.Method.parse,
    "Accrual.parse": lc.Accrual.parse,
    "GraceInterest.parse": lc.GraceInterest.parse,
    "BusinessDayConvention.parse": lc.BusinessDayConvention.parse,
    "DayCount.parse": lc.DayCount.parse,
    "Frequency(unit=)": lambda v: lc.Frequency(unit=v),
    "Frequency(count=)": lambda v: lc.Frequency(unit="day", count=v),
    "Frequency.parse": lc.Frequency.parse,
    "Frequency.every_days": lc.Frequency.every_days,
    "Frequency.every_months": lc.Frequency.every_months,
    "BusinessDays(convention=)": lambda v: lc.BusinessDays(convention=v),
    "BusinessDays(holidays=)": lambda v: lc.BusinessDays(holidays=v),
    "BusinessDays(weekend=)": lambda v: lc.BusinessDays(weekend=v),
    "BusinessDays.adjust": lambda v: lc.BusinessDays(convention="preceding").adjust(v),
    "BusinessDays.is_business_day": lambda v: lc.BusinessDays().is_business_day(v),
    "annual_rate": lc.annual_rate,
    "annual_rate(days_per_year=)": lambda v: lc.annual_rate("0.05%/day", days_per_year=v),
    "to_decimal": lc.to_decimal,
    "due_dates(first_due=)": lambda v: lc.due_dates(v, 3, lc.Frequency.MONTHLY),
    "due_dates(count=)": lambda v: lc.due_dates(date(2024, 1, 1), v, lc.Frequency.WEEKLY),
    "due_dates(frequency=)": lambda v: lc.due_dates(date(2024, 1, 1), 3, v),
    "due_dates(date.max, count=)": lambda v: lc.due_dates(date.max, v, "monthly"),
    **{
        f"DayCount.{convention.name}.{method}(start=)": (
            lambda v, c=convention, m=method: getattr(c, m)(v, date(2024, 1, 1))
        )
        for convention in lc.DayCount
        for method in ("day_count", "year_fraction", "year_fraction_ratio")
    },
    **{
        f"DayCount.{convention.name}.year_fraction(end=)": (
            lambda v, c=convention: c.year_fraction(date(1, 1, 1), v)
        )
        for convention in lc.DayCount
    },
    "amortize": lc.amortize,
    "Schedule.from_json": lc.Schedule.from_json,
    "Schedule.from_dict": lc.Schedule.from_dict,
    "Schedule.from_dict(row field)": lambda v: lc.Schedule.from_dict(
        {**_SCHEDULE_DICT, "installments": [{**_SCHEDULE_DICT["installments"][0], "payment": v}]}
    ),
    "Schedule.from_dict(terms)": lambda v: lc.Schedule.from_dict({**_SCHEDULE_DICT, "terms": v}),
    "Schedule(terms=)": lambda v: lc.Schedule(terms=v, installments=_SCHEDULE.installments),
    "Schedule(installments=)": lambda v: lc.Schedule(terms=_SCHEDULE.terms, installments=v),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(TARGETS))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(value=hostile())
def test_only_loancalc_errors_escape(name: str, value: Any) -> None:
    target = TARGETS[name]
    only_loancalc_errors(lambda: target(value))


FIXED_VALUES = ODD_TEXT + ODD_DECIMALS + ODD_DATES + ODD_OBJECTS
FIXED_VALUES += [10**12, -(10**12), 10**400, -1, float("nan"), float("inf"), -0.0, 5e-324]


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_fixed_hostile_value_raises_only_loancalc_errors(name: str) -> None:
    # The hand-picked values, every one to every target (hypothesis samples only some).
    target = TARGETS[name]
    for value in FIXED_VALUES:
        only_loancalc_errors(lambda v=value: target(v))


# The review's reproducers, and their relatives, each fed to its target directly.
REPRODUCERS: list[tuple[str, Callable[[], object]]] = [
    ("annual_rate('1e999')", lambda: lc.annual_rate("1e999")),
    ("annual_rate('1e999%')", lambda: lc.annual_rate("1e999%")),
    ("annual_rate('-1e999')", lambda: lc.annual_rate("-1e999")),
    ("annual_rate('9' * 400)", lambda: lc.annual_rate("9" * 400)),
    ("annual_rate('1e999999999')", lambda: lc.annual_rate("1e999999999")),
    ("due_dates('2024-01-01', 3, MONTHLY)", lambda: lc.due_dates("2024-01-01", 3, "monthly")),
    ("due_dates(date.max, 2, MONTHLY)", lambda: lc.due_dates(date.max, 2, lc.Frequency.MONTHLY)),
    ("due_dates(d, 10**12, WEEKLY)", lambda: lc.due_dates(date(2024, 1, 1), 10**12, "weekly")),
    ("Schedule(terms=None, installments=())", lambda: lc.Schedule(terms=None, installments=())),
    ("Schedule(installments=None)", lambda: lc.Schedule(terms=_SCHEDULE.terms, installments=None)),
    ("Schedule.from_json(None)", lambda: lc.Schedule.from_json(None)),  # type: ignore[arg-type]
    (
        "Schedule(installments=range(10**12))",
        lambda: lc.Schedule(terms=_SCHEDULE.terms, installments=range(10**12)),
    ),
    ("Schedule.from_json(nested)", lambda: lc.Schedule.from_json("[" * 100_000 + "]" * 100_000)),
    (
        "year-1 loan rolling before 0001-01-01",
        lambda: lc.amortize(
            lc.LoanTerms(
                principal=1000, annual_rate="5%", term=3, start=date(1, 1, 1),
                first_due=date(1, 1, 7), frequency="weekly",
                business_days=lc.BusinessDays(
                    convention="preceding", holidays={date(1, 1, d) for d in range(1, 6)}
                ),
            )
        ),
    ),
    (
        "a 9999 loan rolling past 9999-12-31",
        lambda: lc.amortize(
            lc.LoanTerms(
                principal=1000, annual_rate="5%", term=1, start=date(9999, 12, 24),
                first_due=date(9999, 12, 31), frequency="weekly",
                business_days=lc.BusinessDays(convention="following", holidays={date.max}),
            )
        ),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "call"), REPRODUCERS, ids=[name for name, _ in REPRODUCERS])
def test_the_reviews_reproducers_raise_only_loancalc_errors(
    name: str, call: Callable[[], object]
) -> None:
    only_loancalc_errors(call)


def _near_the_calendar_end(terms: lc.LoanTerms) -> lc.LoanTerms | None:
    """``terms`` moved to start late in year 9999 or early in year 1, if they still fit."""
    span = terms.frequency.step(terms.start, terms.term) - terms.start
    for start in (date.max - span - timedelta(days=3), date(1, 1, 1)):
        try:
            return terms.replace(start=start, first_due=None)
        except lc.LoanCalcError:
            continue
    return None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    terms=loan_terms(amortizable=False, max_term=120),
    rate=st.sampled_from(["0", "1e-40", "1e-300", "1e-1000", "0.0000001", "10", None]),
    principal=st.sampled_from(["smallest", "1E+12", "1E+15", None]),
    at_the_end=st.booleans(),
    preceding=st.booleans(),
)
def test_amortize_hostile_but_valid_terms_raises_only_loancalc_errors(
    terms: lc.LoanTerms, rate: str | None, principal: str | None, at_the_end: bool, preceding: bool
) -> None:
    # Valid terms pushed to the domain's edges: tiny and huge rates, the smallest and the
    # largest principals on the loan's grid, the calendar's first and last years, and
    # business-day rolls off the calendar's start. None keeps the drawn value.
    def build_and_amortize() -> None:
        edged = terms
        if rate is not None:
            edged = edged.replace(annual_rate=rate)
        if principal is not None:
            amount = terms.rounding.quantum if principal == "smallest" else Decimal(principal)
            edged = edged.replace(principal=amount, balloon=0)
        if at_the_end:
            edged = _near_the_calendar_end(edged) or edged
        if preceding:
            holidays = {date(1, 1, d) for d in range(1, 8)}
            edged = edged.replace(
                business_days=lc.BusinessDays(convention="preceding", holidays=holidays)
            )
        lc.amortize(edged)

    only_loancalc_errors(build_and_amortize)
