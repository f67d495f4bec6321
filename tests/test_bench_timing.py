"""The timing of ``loancalc bench`` (``loancalc.cli._bench_timing``) on a fake clock that
advances by a set cost per call: seconds per call, the loop counts, the rounds taking
turns, and the nightly book's generator. No wall time is asserted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from loancalc.cli._bench_book import AS_OF, _histories, sample_book
from loancalc.cli._bench_timing import (
    MICRO_SECONDS,
    ONCE_SECONDS,
    ROUND_SECONDS,
    compare,
    interleaved,
    per_call,
)
from loancalc.errors import InvalidValueError


class FakeClock:
    """A clock that moves only when a work is called: by that work's cost."""

    def __init__(self) -> None:
        self.now = 0.0
        self.log: list[int] = []

    def __call__(self) -> float:
        return self.now

    def work(self, index: int, cost: float) -> Callable[[], object]:
        def call() -> object:
            self.now += cost
            self.log.append(index)
            return None

        return call


def test_per_call_seconds_of_a_micro_work() -> None:
    # cost 2**-13 s = 0.0001220703125 s per call (exact in binary), under 1 ms: looped.
    # autorange: 100 calls = 0.01220703125 s < 0.02; 200 calls = 0.0244140625 s >= 0.02,
    # so 200 calls a round; each round 0.0244140625 / 200 = 2**-13 s per call.
    # Calls: 1 warm-up, then 1+2+5+10+20+50+100+200 = 388 while counting, 3 rounds of 200.
    clock = FakeClock()
    timing = per_call(clock.work(0, 2**-13), 3, clock=clock)
    assert timing.seconds == 2**-13
    assert timing.loops == 200
    assert timing.rounds == 3
    assert len(clock.log) == 1 + 388 + 3 * 200


def test_per_call_seconds_of_a_longer_work() -> None:
    # cost 2**-8 s = 3.90625 ms per call, over 1 ms: one call a round, the first call is
    # the first of the 5 rounds, so 5 calls in all.
    clock = FakeClock()
    timing = per_call(clock.work(0, 2**-8), 5, clock=clock)
    assert (timing.seconds, timing.loops, timing.rounds) == (2**-8, 1, 5)
    assert len(clock.log) == 5


def test_work_of_seconds_is_timed_once() -> None:
    # 4 s >= 3 s: the first call is the only round, whatever the repeat.
    clock = FakeClock()
    timing = per_call(clock.work(0, 4.0), 5, clock=clock)
    assert (timing.seconds, timing.loops, timing.rounds) == (4.0, 1, 1)
    assert clock.log == [0]


def test_rounds_take_turns() -> None:
    # Two works of 2**-8 s: first calls 0 then 1 (each one round); round 0 starts with
    # work 0, round 1 with work 1; then each has its 3 rounds and round 2 runs nothing.
    clock = FakeClock()
    timings = interleaved([clock.work(0, 2**-8), clock.work(1, 2**-7)], 3, clock=clock)
    assert clock.log == [0, 1, 0, 1, 1, 0]
    assert [t.seconds for t in timings if t is not None] == [2**-8, 2**-7]


def test_a_missing_peer_is_none_and_the_peer_is_scaled() -> None:
    # ours 2**-8 s, the peer 2**-7 s on a sample scaled by 3: peer 3 * 2**-7 = 0.0234375 s,
    # ratio 2**-8 / (3 * 2**-7) = 1/6.
    clock = FakeClock()
    row = compare("ours", clock.work(0, 2**-8), "theirs", clock.work(1, 2**-7), 3, scale=3,
                  peak=False, clock=clock)  # fmt: skip
    assert row.peer_seconds == 0.0234375
    assert row.ratio == pytest.approx(1 / 6)
    assert (row.loops, row.peer_loops, row.peak_bytes) == (1, 1, 0)
    alone = compare("ours", clock.work(0, 2**-8), "theirs", None, 3, peak=False, clock=clock)
    assert alone.peer_seconds is None
    assert alone.ratio is None
    assert alone.peer_loops is None


def test_a_repeat_below_one_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="--repeat: got 0"):
        per_call(lambda: None, 0)


@settings(max_examples=200, deadline=None)
@given(units=st.integers(1, 5 * 2**20), repeat=st.integers(1, 7))
def test_seconds_are_per_call_whatever_the_cost(units: int, repeat: int) -> None:
    """For a cost of ``units`` * 2**-20 s (0.95 us to 5 s, exact in binary): the seconds
    are the cost; below 1 ms the loop count is the first of 1, 2, 5, 10, ... whose round
    lasts 20 ms; from 1 ms one call a round, from 3 s one round."""
    cost = units * 2**-20
    clock = FakeClock()
    timing = per_call(clock.work(0, cost), repeat, clock=clock)
    assert timing.seconds == cost
    if cost < MICRO_SECONDS:
        counts = [f * 10**k for k in range(8) for f in (1, 2, 5)]
        assert timing.loops == next(n for n in counts if n * cost >= ROUND_SECONDS)
        assert timing.rounds == repeat
    else:
        assert timing.loops == 1
        assert timing.rounds == (1 if cost >= ONCE_SECONDS else repeat)


@settings(max_examples=10, deadline=None)
@given(size=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_the_nightly_loop_does_the_same_work_as_batch_assess(size: int, seed: int) -> None:
    """The peer of the nightly rows assesses each loan as ``batch.assess`` does: the same
    amount due, on both bases; payments are on the cent grid, above zero, of the book's
    loans and no earlier than each loan's start."""
    book, payments = sample_book(size, seed)
    loan, _, amount = payments
    assert set(loan.tolist()) <= set(range(size))
    assert bool((amount > 0).all())
    assert all(Decimal(str(a)) == Decimal(str(a)).quantize(Decimal("0.01")) for a in amount)
    histories = _histories(book, payments, np.arange(size))
    for basis in ("scheduled", "actual-balance"):
        rules = lc.products.get("cn-consumer-finance-instalment").servicing.replace(
            interest_basis=basis
        )
        found = batch.assess(book, payments, AS_OF, rules)
        for index, (schedule, paid) in enumerate(histories):
            assert all(p.date >= schedule.terms.start for p in paid)
            state = lc.assess(schedule, paid, AS_OF, rules)
            assert found.loan(index)["amount_due"] == state.amount_due


def test_the_book_is_reproducible() -> None:
    # the same seed, the same loans and payments (the benchmark's book of 3 loans)
    first, (loan, day, amount) = sample_book(3)
    again, (loan2, day2, amount2) = sample_book(3)
    assert np.array_equal(first.payment, again.payment)
    assert np.array_equal(loan, loan2)
    assert np.array_equal(day, day2)
    assert np.array_equal(amount, amount2)
    assert date(2024, 6, 30) == AS_OF
