"""The workloads ``loancalc bench`` times, with their peers.

Each case times loancalc and its peers on the same work in shared rounds (per call,
looped where a call is under a millisecond: see :mod:`loancalc.cli._bench_timing`) and
records loancalc's peak traced memory. Peers come from the ``bench`` extra
(numpy-financial, amortization, pyxirr); a missing peer is reported as ``None``.

>>> portfolio = sample_portfolio(3)
>>> len(portfolio.principal), int(portfolio.term.min()) >= 12
(3, True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import attrs
import numpy as np
import numpy.typing as npt

import loancalc as lc
from loancalc import batch
from loancalc.batch import _penalties
from loancalc.cli._bench_book import nightly_cases
from loancalc.cli._bench_timing import (
    Measurement,
    compare,
    interleaved,
    optional_module,
    peak_bytes,
)

__all__ = ["Measurement", "Portfolio", "measurements", "sample_portfolio", "write_floor"]

_RATES = (0.035, 0.049, 0.0725, 0.12, 0.18)
#: Portfolios larger than this time the scalar loop on a sample of this many loans and
#: scale the time by instalment count (the loop's cost is linear in instalments).
SCALAR_SAMPLE = 2000


@attrs.frozen(kw_only=True, eq=False)
class Portfolio:
    """A reproducible portfolio: principals on the cent grid, five rates, terms from 12
    to 360 months, start dates through 2024 (month ends included)."""

    principal: npt.NDArray[np.float64]
    annual_rate: npt.NDArray[np.float64]
    term: npt.NDArray[np.int64]
    start: npt.NDArray[np.datetime64]


def sample_portfolio(size: int, *, seed: int = 2026, longest: int = 360) -> Portfolio:
    """``size`` loans drawn with ``seed``: 1,000.00 to 500,000.00 at 3.5 to 18 %, 12 to
    ``longest`` months."""
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 366, size).astype("timedelta64[D]")
    return Portfolio(
        principal=rng.integers(100_000, 50_000_000, size) / 100,
        annual_rate=rng.choice(np.array(_RATES), size),
        term=rng.integers(min(12, longest), longest + 1, size),
        start=np.datetime64("2024-01-31") + days,
    )


def write_floor(loans: int, periods: int) -> Callable[[], object]:
    """Writing arrays of a batch result's size and nothing else: six int64 matrices, the
    due dates and the mask (the memory-bandwidth floor)."""

    def fill() -> object:
        shape = (periods, loans)
        money = [np.full(shape, 1, dtype=np.int64) for _ in range(6)]
        due = np.full(shape, np.datetime64("2024-01-31"), dtype="datetime64[D]")
        return money, due, np.ones(shape, dtype=bool)

    return fill


def _numpy_financial(p: Portfolio, periods: int) -> Callable[[], object] | None:
    npf = optional_module("numpy_financial")
    if npf is None:
        return None
    rate = (p.annual_rate / 12)[:, None]
    number = np.arange(1, periods + 1)[None, :]
    term, principal = p.term[:, None], -p.principal[:, None]

    def matrices() -> object:
        return npf.ipmt(rate, number, term, principal), npf.ppmt(rate, number, term, principal)

    return matrices


def _scalar_loop(p: Portfolio, count: int) -> Callable[[], object]:
    terms = [
        lc.LoanTerms(principal=float(principal), annual_rate=float(rate), term=int(term),
                     start=start.item())
        for principal, rate, term, start in zip(
            p.principal[:count], p.annual_rate[:count], p.term[:count], p.start[:count],
            strict=True,
        )
    ]  # fmt: skip

    def loop() -> object:
        return [lc.amortize(loan) for loan in terms]

    return loop


def _batch_cases(size: int, repeat: int) -> Iterator[Measurement]:
    p = sample_portfolio(size)
    periods = int(p.term.max())

    def ours() -> object:
        return batch.amortize(p.principal, p.annual_rate, p.term, start=p.start)

    sample = min(size, SCALAR_SAMPLE)
    works = (ours, _scalar_loop(p, sample), _numpy_financial(p, periods),
             write_floor(size, periods))  # fmt: skip
    mine, loop, matrices, floor = interleaved(works, repeat)
    assert mine is not None
    peak = peak_bytes(ours)
    name = f"batch.amortize {size} loans x 12-{periods} months"
    scale = float(p.term.sum()) / float(p.term[:sample].sum())
    note = "" if sample == size else f"scalar loop timed on {sample} loans, scaled by instalments"
    peers = (
        ("loancalc.amortize loop", loop, scale, note),
        ("numpy-financial ipmt+ppmt", matrices, 1.0, "float matrices: no rounding, no dates"),
        ("write floor", floor, 1.0, "numpy writing arrays of the result's size"),
    )
    for peer, timing, factor, why in peers:
        yield Measurement(
            name=name, seconds=mine.seconds, peer=peer,
            peer_seconds=None if timing is None else timing.seconds * factor,
            peak_bytes=peak, note=why, loops=mine.loops,
            peer_loops=None if timing is None else timing.loops,
        )  # fmt: skip
    npf = optional_module("numpy_financial")

    def first_payments() -> object:
        return batch.payments(p.principal, p.annual_rate, p.term, start=p.start)

    def pmt() -> object:
        return npf.pmt(p.annual_rate / 12, p.term, -p.principal)

    yield compare(f"batch.payments {size} loans", first_payments, "numpy-financial pmt",
                  None if npf is None else pmt, repeat)  # fmt: skip


def _penalty_cases(size: int, repeat: int) -> Iterator[Measurement]:
    """Penalties of ``size`` overdue positions (a month's principal and interest of each
    sample loan, unpaid since its first due date) against the scalar engine per position."""
    p = sample_portfolio(size)
    cents = np.round(p.principal * 100).astype(np.int64)
    overdue = cents // p.term
    interest = np.round(cents * p.annual_rate / 12).astype(np.int64)
    due = p.start + np.timedelta64(30, "D")
    rules = lc.ServicingRules(
        grace=lc.GracePolicy(days=3),
        penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5"),
                                 compound=True),
        late_fee=lc.LateFeePolicy(kind="share", share="0.05", minimum="1", repeat_days=30),
    )  # fmt: skip
    as_of = date(2025, 6, 30)

    def ours() -> object:
        return batch.penalties(overdue, interest, p.annual_rate, due, as_of, rules, in_units=True)

    sample = min(size, SCALAR_SAMPLE)
    positions = _penalties.read(
        overdue[:sample], interest[:sample], p.annual_rate[:sample], due[:sample], as_of,
        overdue_fee=0, principal=None, rounding=lc.Rounding(), in_units=True,
    )  # fmt: skip

    def scalar() -> object:
        return _penalties.compute(positions, rules, lc.Rounding(), None, scalar_only=True)

    yield compare(
        f"batch.penalties {size} positions", ours, "loancalc.assess loop", scalar, repeat,
        scale=size / sample,
        note="" if sample == size else f"assess loop timed on {sample} positions, scaled",
    )  # fmt: skip


def _schedule_cases(repeat: int) -> Iterator[Measurement]:
    terms = lc.LoanTerms(principal=1_000_000, annual_rate="4.9%", term=360, start=date(2024, 1, 15))
    package = optional_module("amortization.schedule")

    def theirs() -> object:
        return list(package.amortization_schedule(1_000_000, 0.049, 360))

    yield compare("amortize 360 monthly instalments", lambda: lc.amortize(terms),
                  "amortization (floats)", None if package is None else theirs, repeat)  # fmt: skip
    flows = [-1_000_000, *[5307.27] * 360]
    pyxirr = optional_module("pyxirr")
    yield compare("apr.irr 361 flows", lambda: lc.apr.irr(flows), "pyxirr.irr",
                  None if pyxirr is None else lambda: pyxirr.irr(flows), repeat)  # fmt: skip
    dated = list(lc.apr.schedule_cash_flows(lc.amortize(terms)))
    yield compare("apr.xirr 361 dated flows", lambda: lc.apr.xirr(dated), "pyxirr.xirr",
                  None if pyxirr is None else lambda: pyxirr.xirr(dated), repeat)  # fmt: skip


def measurements(
    sizes: tuple[int, ...], repeat: int, progress: Callable[[str], None]
) -> Iterator[Measurement]:
    """Every benchmark, in order, calling ``progress`` with each one's name first."""
    progress("single schedules")
    yield from _schedule_cases(repeat)
    for size in sizes:
        progress(f"batch engine, {size} loans")
        yield from _batch_cases(size, repeat)
        progress(f"batch penalties, {size} positions")
        yield from _penalty_cases(size, repeat)
        progress(f"nightly run (batch.assess), {size} loans")
        yield from nightly_cases(size, repeat)
