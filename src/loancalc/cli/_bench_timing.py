"""How ``loancalc bench`` times a piece of work, and the record of one comparison.

A single call of work that takes microseconds measures mostly noise (the clock's
resolution, a cache miss, the first call's warm-up), so every work is timed in rounds
after one first call, which decides how:

- under :data:`MICRO_SECONDS` (1 ms): the first call is a warm-up and is not counted;
  the loop count is found as :meth:`timeit.Timer.autorange` finds it (1, 2, 5, 10, 20,
  50, ... calls until one round lasts at least :data:`ROUND_SECONDS`, 20 ms), and each
  round's time is divided by that count: seconds per call;
- from 1 ms: one call per round, the first call counting as the first round;
- from :data:`ONCE_SECONDS` (3 s): the first call is the only round (numpy-financial's
  float matrices of 100,000 loans, a loop of ``lc.assess`` over a sample of a book), so
  that the full run stays within minutes.

The result is the median of ``repeat`` rounds. The works compared in one row run in
the same rounds, one after the other and in turn first, so that load from other
processes falls on both alike. The garbage collector stays on, as in real use.

>>> calls = []
>>> timing = per_call(lambda: calls.append(1), 3)
>>> timing.loops >= 1 and timing.rounds == 3 and timing.seconds > 0
True
>>> len(calls) > timing.loops * timing.rounds  # and the warm-up and counting calls
True
"""

from __future__ import annotations

import importlib
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from loancalc.errors import InvalidValueError

__all__ = [
    "MICRO_SECONDS",
    "ONCE_SECONDS",
    "ROUND_SECONDS",
    "Measurement",
    "Timing",
    "compare",
    "interleaved",
    "optional_module",
    "peak_bytes",
    "per_call",
]

#: Work whose first call is shorter than this is looped.
MICRO_SECONDS = 1e-3
#: A looped round lasts at least this long.
ROUND_SECONDS = 0.02
#: Work whose first call is longer than this is timed by that call alone.
ONCE_SECONDS = 3.0

Clock = Callable[[], float]
Work = Callable[[], object]


@attrs.frozen(kw_only=True)
class Timing:
    """The median seconds per call of one work, the calls per round and the rounds."""

    seconds: float
    loops: int
    rounds: int


@attrs.frozen(kw_only=True)
class Measurement:
    """One benchmark: loancalc's median seconds per call against the peer's, the calls
    per timed round of each (``loops``) and loancalc's peak traced bytes."""

    name: str
    seconds: float
    peer: str | None
    peer_seconds: float | None
    peak_bytes: int
    note: str = ""
    loops: int = 1
    peer_loops: int | None = None

    @property
    def ratio(self) -> float | None:
        """loancalc's time over the peer's (below 1: loancalc is faster)."""
        if self.peer_seconds is None or self.peer_seconds <= 0:
            return None
        return self.seconds / self.peer_seconds

    def as_dict(self) -> dict[str, Any]:
        """The JSON record: ``name, seconds, peer, peer_seconds, ratio, peak_bytes, note,
        loops, peer_loops``."""
        return {
            "name": self.name,
            "seconds": self.seconds,
            "peer": self.peer,
            "peer_seconds": self.peer_seconds,
            "ratio": self.ratio,
            "peak_bytes": self.peak_bytes,
            "note": self.note,
            "loops": self.loops,
            "peer_loops": self.peer_loops,
        }


def _run(work: Work, loops: int, clock: Clock) -> float:
    began = clock()
    for _ in range(loops):
        work()
    return clock() - began


def _first_call(work: Work, clock: Clock) -> tuple[int, list[float]]:
    """The loop count for ``work`` and the rounds its calibration already gives."""
    first = _run(work, 1, clock)
    if first >= MICRO_SECONDS:
        return 1, [first]
    number = 1
    while True:  # timeit's autorange: 1, 2, 5, 10, 20, 50, ...
        for loops in (number, 2 * number, 5 * number):
            if _run(work, loops, clock) >= ROUND_SECONDS:
                return loops, []
        number *= 10


def interleaved(
    works: Sequence[Work | None], repeat: int, *, clock: Clock = time.perf_counter
) -> list[Timing | None]:
    """Each work's :class:`Timing` (None for a None work), timed in shared rounds: round
    ``k`` runs the works in turn, starting from work ``k``.

    >>> [t is None for t in interleaved([lambda: None, None], 2)]
    [False, True]
    """
    if repeat < 1:
        raise InvalidValueError("--repeat", repeat, "a whole number of rounds >= 1")
    present = [(k, work) for k, work in enumerate(works) if work is not None]
    loops: dict[int, int] = {}
    rounds: dict[int, list[float]] = {}
    for k, work in present:
        loops[k], rounds[k] = _first_call(work, clock)
    for turn in range(repeat):
        start = turn % len(present) if present else 0
        for k, work in present[start:] + present[:start]:
            once = bool(rounds[k]) and rounds[k][0] >= ONCE_SECONDS
            if len(rounds[k]) < repeat and not once:
                rounds[k].append(_run(work, loops[k], clock) / loops[k])
    found: list[Timing | None] = [None] * len(works)
    for k, _ in present:
        found[k] = Timing(
            seconds=statistics.median(rounds[k]), loops=loops[k], rounds=len(rounds[k])
        )
    return found


def per_call(work: Work, repeat: int, *, clock: Clock = time.perf_counter) -> Timing:
    """The :class:`Timing` of ``work`` alone (see the module's description)."""
    timing = interleaved([work], repeat, clock=clock)[0]
    assert timing is not None
    return timing


def peak_bytes(work: Work) -> int:
    """The peak memory ``work`` allocates (traced by ``tracemalloc``; numpy reports its
    arrays to it)."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def optional_module(module: str) -> Any:
    """The module named ``module``, or None where it is not installed."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def compare(
    name: str,
    ours: Work,
    peer: str | None,
    theirs: Work | None,
    repeat: int,
    *,
    scale: float = 1.0,
    note: str = "",
    peak: bool = True,
    clock: Clock = time.perf_counter,
) -> Measurement:
    """One row: ``ours`` against ``theirs`` (None: the peer is not installed) timed in
    shared rounds; the peer's seconds multiplied by ``scale`` (a loop timed on a sample of
    a book, scaled to the book); with ``peak``, loancalc's peak traced bytes.

    >>> row = compare("sum", lambda: sum(range(10)), "len", lambda: len("abc"), 1)
    >>> row.name, row.peer, row.ratio is not None, row.loops > 1
    ('sum', 'len', True, True)
    """
    mine, other = interleaved([ours, theirs], repeat, clock=clock)
    assert mine is not None
    return Measurement(
        name=name,
        seconds=mine.seconds,
        peer=peer,
        peer_seconds=None if other is None else other.seconds * scale,
        peak_bytes=peak_bytes(ours) if peak else 0,
        note=note,
        loops=mine.loops,
        peer_loops=None if other is None else other.loops,
    )
