"""Time one equal-instalment schedule three ways and print loancalc's speed ratios.

The schedule: 1,000,000 at 4.9 % a year over 360 monthly instalments, computed by
loancalc (exact ``Decimal``, rounded per instalment, with dates), by the ``amortization``
package (floats, rounded interest) and by numpy-financial (``pmt``, ``ipmt`` and ``ppmt``
over the 360 periods, unrounded float arrays), and by loancalc again with daily accrual
under ACT/360, ACT/365F and ACT/ACT ISDA, as ratios to loancalc's periodic accrual.

Run from the project root::

    python benchmarks/compare.py [--repeat 7]

Each implementation is timed with :mod:`timeit`: the loop count is chosen by
``Timer.autorange`` (at least 0.2 s per repeat), the repeats of the three are interleaved,
and the best (smallest) of ``--repeat`` repeats is kept, the figure least disturbed by
other work on the machine. A ratio of 3.0
means loancalc takes three times as long as the other implementation.
"""

from __future__ import annotations

import argparse
import platform
import sys
import timeit
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import amortization.schedule
import numpy as np
import numpy_financial as npf

import loancalc as lc

PRINCIPAL = 1_000_000
RATE = 0.049
TERM = 360
TERMS = lc.LoanTerms(principal=PRINCIPAL, annual_rate="4.9%", term=TERM, start=date(2024, 1, 15))


def with_loancalc() -> Any:
    """loancalc: the schedule's instalments (exact Decimal amounts and dates)."""
    return lc.amortize(TERMS).installments


def with_amortization() -> Any:
    """The ``amortization`` package: its schedule rows as a list."""
    return list(amortization.schedule.amortization_schedule(PRINCIPAL, RATE, TERM))


def with_numpy_financial() -> Any:
    """numpy-financial: the payment and the interest and principal arrays."""
    rate = RATE / 12
    periods = np.arange(1, TERM + 1)
    return (
        npf.pmt(rate, TERM, PRINCIPAL),
        npf.ipmt(rate, periods, TERM, PRINCIPAL),
        npf.ppmt(rate, periods, TERM, PRINCIPAL),
    )


def _daily(day_count: str) -> Callable[[], Any]:
    terms = TERMS.replace(accrual="daily", day_count=day_count)

    def with_daily_accrual() -> Any:
        """loancalc with interest by the day count (the payment discounts actual days)."""
        return lc.amortize(terms).installments

    return with_daily_accrual


#: Daily accrual by each actual-day convention, timed in the same run as periodic.
DAILY: dict[str, Callable[[], Any]] = {
    f"daily {name}": _daily(name) for name in ("ACT/360", "ACT/365F", "ACT/ACT ISDA")
}

IMPLEMENTATIONS: dict[str, Callable[[], Any]] = {
    "loancalc": with_loancalc,
    "amortization": with_amortization,
    "numpy-financial": with_numpy_financial,
}


def best_times(functions: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Seconds per call of each function: the best of ``repeat`` timeit repeats.

    The repeats are interleaved (each round times every function once), so a burst of
    load on the machine slows all of them alike rather than one.
    """
    timers = {name: timeit.Timer(function) for name, function in functions.items()}
    numbers = {name: max(timer.autorange()[0], 1) for name, timer in timers.items()}
    best = dict.fromkeys(timers, float("inf"))
    for _ in range(repeat):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name])
    return best


def check() -> None:
    """The three agree on the first payment (5,307.27, docs/rules.md) before being timed."""
    assert with_loancalc()[0].payment == lc.to_decimal("5307.27")
    assert with_amortization()[0].amount == 5307.27
    assert round(float(-with_numpy_financial()[0]), 2) == 5307.27


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timeit repeats (default: 7)")
    args = parser.parse_args(argv)
    check()
    print(
        f"Python {platform.python_version()}, loancalc {lc.__version__}, "
        f"numpy {np.__version__}; best of {args.repeat} repeats"
    )
    print(f"Schedule: {PRINCIPAL:,} at {RATE:.1%} over {TERM} monthly instalments")
    times = best_times(IMPLEMENTATIONS | DAILY, args.repeat)
    for name, seconds in times.items():
        print(f"  {name:<20} {seconds * 1e6:10.1f} us per schedule")
    for other in ("amortization", "numpy-financial"):
        print(f"loancalc / {other}: {times['loancalc'] / times[other]:.2f}")
    for name in DAILY:  # the target: at most 1.5
        print(f"loancalc {name} / periodic: {times[name] / times['loancalc']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
