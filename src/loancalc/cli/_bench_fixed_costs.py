"""Benchmarks of fixed costs: importing the package, a short schedule, one assessment on
each interest basis, a day-by-day series, and XIRR, each against its peer in the same run.

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
from loancalc.cli._bench_cases import Measurement, median_seconds, optional_module, peak_bytes

__all__ = ["fixed_cost_cases"]

_START = date(2024, 1, 15)
_IMPORT_TIMER = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"


def _import_seconds(module: str, repeat: int) -> float:
    """The median time a fresh interpreter takes to import ``module`` (startup excluded)."""
    times = []
    for _ in range(max(repeat, 3)):
        command = [sys.executable, "-c", _IMPORT_TIMER.format(module)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        times.append(float(done.stdout.strip()))
    return statistics.median(times)


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
) -> Callable[[], object]:
    return lambda: lc.servicing.assess_dates(schedule, paid, days, rules)


def _single_seconds(basis: str, repeat: int) -> float:
    schedule, paid, as_of = _late_loan()
    rules = _rules(basis)
    return median_seconds(lambda: lc.assess(schedule, paid, as_of, rules), repeat)


def fixed_cost_cases(repeat: int) -> Iterator[Measurement]:
    """The fixed-cost rows of ``loancalc bench``."""
    numpy_import = _import_seconds("numpy", repeat)
    yield Measurement(
        name="import loancalc", seconds=_import_seconds("loancalc", repeat),
        peer="import numpy", peer_seconds=numpy_import, peak_bytes=0,
        note="import times in a fresh interpreter (peak bytes not measured)",
    )  # fmt: skip
    short = lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=_START)
    package: Any = optional_module("amortization.schedule")
    yield Measurement(
        name="amortize 12 monthly instalments",
        seconds=median_seconds(lambda: lc.amortize(short), repeat),
        peer="amortization (floats)",
        peer_seconds=None if package is None else median_seconds(
            lambda: list(package.amortization_schedule(12000, 0.18, 12)), repeat
        ),
        peak_bytes=peak_bytes(lambda: lc.amortize(short)),
    )  # fmt: skip
    schedule, paid, as_of = _late_loan()
    days = [_START + timedelta(days=k) for k in range(360)]
    single = {basis: _single_seconds(basis, repeat) for basis in ("scheduled", "actual-balance")}
    for basis, seconds in single.items():
        yield Measurement(
            name=f"assess_dates 360 days ({basis})",
            seconds=median_seconds(_series(schedule, paid, days, _rules(basis)), repeat),
            peer="10 single assessments", peer_seconds=10 * seconds, peak_bytes=0,
        )  # fmt: skip
    actual = _rules("actual-balance")
    yield Measurement(
        name="assess actual-balance basis", seconds=single["actual-balance"],
        peer="assess scheduled basis", peer_seconds=single["scheduled"],
        peak_bytes=peak_bytes(lambda: lc.assess(schedule, paid, as_of, actual)),
    )  # fmt: skip
    flows = [(_START, -12000.0)] + [
        (row.due_date, float(row.payment)) for row in schedule.installments
    ]
    pyxirr: Any = optional_module("pyxirr")
    yield Measurement(
        name="apr.xirr 13 dated flows", seconds=median_seconds(lambda: lc.apr.xirr(flows), repeat),
        peer="pyxirr.xirr", peer_seconds=None if pyxirr is None else median_seconds(
            lambda: pyxirr.xirr([d for d, _ in flows], [a for _, a in flows]), repeat
        ),
        peak_bytes=peak_bytes(lambda: lc.apr.xirr(flows)),
    )  # fmt: skip
