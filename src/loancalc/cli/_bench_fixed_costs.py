"""Benchmarks of fixed costs: importing the package, a short schedule, one assessment on
each interest basis, a day-by-day series, and XIRR, each against its peer in shared rounds
(work under a millisecond looped: see :mod:`loancalc.cli._bench_timing`).

>>> names = [m.name for m in fixed_cost_cases(1)]
>>> names[0], len(names)
('import loancalc', 6)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import attrs

import loancalc as lc
from loancalc.cli._bench_timing import Measurement, compare, optional_module

__all__ = ["fixed_cost_cases"]

_START = date(2024, 1, 15)
_IMPORT_TIMER = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"


def _import_once(module: str) -> float:
    """The time a fresh interpreter takes to import ``module`` (startup excluded)."""
    command = [sys.executable, "-c", _IMPORT_TIMER.format(module)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def _import_seconds(modules: tuple[str, str], repeat: int) -> tuple[float, float]:
    """The median import times of two modules, each in its own fresh interpreter, the
    two taking turns first."""
    times: tuple[list[float], list[float]] = ([], [])
    for turn in range(max(repeat, 3)):
        for k in (0, 1) if turn % 2 == 0 else (1, 0):
            times[k].append(_import_once(modules[k]))
    return statistics.median(times[0]), statistics.median(times[1])


def _late_loan() -> tuple[lc.Schedule, list[lc.Payment], date]:
    """The README's loan: 12,000 at 18 % over 12 months, instalments 1 to 3 paid, 4 late."""
    terms = lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=_START)
    schedule = lc.amortize(terms)
    paid = [lc.Payment(row.due_date, row.payment) for row in schedule.installments[:3]]
    return schedule, paid, date(2024, 7, 30)


def _rules(basis: str) -> lc.ServicingRules:
    product = lc.products.get("cn-consumer-finance-instalment")
    return attrs.evolve(product.servicing, interest_basis=basis)


def _series(
    schedule: lc.Schedule, paid: list[lc.Payment], days: list[date], rules: lc.ServicingRules
) -> tuple[Callable[[], object], Callable[[], object]]:
    """``assess_dates`` over ``days``, and ``lc.assess`` on every 36th of them."""

    def series() -> object:
        return lc.servicing.assess_dates(schedule, paid, days, rules)

    def singles() -> object:
        return [lc.assess(schedule, paid, day, rules) for day in days[::36]]

    return series, singles


def fixed_cost_cases(repeat: int) -> Iterator[Measurement]:
    """The fixed-cost rows of ``loancalc bench``."""
    ours, numpy_import = _import_seconds(("loancalc", "numpy"), repeat)
    yield Measurement(
        name="import loancalc", seconds=ours, peer="import numpy", peer_seconds=numpy_import,
        peak_bytes=0, note="import times in a fresh interpreter (peak bytes not measured)",
    )  # fmt: skip
    short = lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=_START)
    package: Any = optional_module("amortization.schedule")
    yield compare(
        "amortize 12 monthly instalments", lambda: lc.amortize(short), "amortization (floats)",
        None if package is None else lambda: list(package.amortization_schedule(12000, 0.18, 12)),
        repeat,
    )  # fmt: skip
    schedule, paid, as_of = _late_loan()
    days = [_START + timedelta(days=k) for k in range(360)]
    for basis in ("scheduled", "actual-balance"):
        series, singles = _series(schedule, paid, days, _rules(basis))
        yield compare(
            f"assess_dates 360 days ({basis})", series, "10 single assessments", singles,
            repeat, note="10 single assessments: lc.assess on every 36th of the 360 days",
        )  # fmt: skip
    actual, scheduled = _rules("actual-balance"), _rules("scheduled")
    yield compare(
        "assess actual-balance basis", lambda: lc.assess(schedule, paid, as_of, actual),
        "assess scheduled basis", lambda: lc.assess(schedule, paid, as_of, scheduled), repeat,
    )  # fmt: skip
    flows = [(_START, -12000.0)] + [
        (row.due_date, float(row.payment)) for row in schedule.installments
    ]
    pyxirr: Any = optional_module("pyxirr")
    dates, amounts = [d for d, _ in flows], [a for _, a in flows]
    yield compare(
        "apr.xirr 13 dated flows", lambda: lc.apr.xirr(flows), "pyxirr.xirr",
        None if pyxirr is None else lambda: pyxirr.xirr(dates, amounts), repeat,
    )  # fmt: skip
