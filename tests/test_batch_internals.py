"""The batch engine's shortcuts equal numpy's plain operations.

Each shortcut (a table instead of a sort, a lookup instead of a date conversion, one
common divisor instead of one per loan) is checked against the operation it replaces.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from loancalc.batch._dates import anchor_parts
from loancalc.batch._inputs import small_unique
from loancalc.batch._rows import Loans, _common, _divider
from loancalc.money import RoundingMode


@given(st.lists(st.integers(-3, 300), min_size=0, max_size=400))
def test_small_unique_equals_numpy_unique(values: list[int]) -> None:
    keys = np.array(values, dtype=np.int64)
    distinct, inverse, member = small_unique(keys)
    expected, expected_inverse = np.unique(keys, return_inverse=True)
    assert distinct.tolist() == expected.tolist()
    assert inverse.tolist() == expected_inverse.reshape(-1).tolist()
    assert keys[member].tolist() == distinct.tolist()  # a position holding each key


@given(st.lists(st.integers(-800_000, 2_900_000), min_size=1, max_size=300), st.integers(0, 40))
def test_anchor_parts_equal_numpy_months(days: list[int], spread: int) -> None:
    # many dates close together take the table path, far apart the direct one
    near = [days[0] + k % (spread + 1) for k in range(200)]
    for values in (days, near):
        dates = np.array(values, dtype="datetime64[D]")
        months = dates.astype("datetime64[M]")
        day = (dates - months.astype("datetime64[D]")).astype(np.int64) + 1
        found = anchor_parts(dates)
        assert found[0].tolist() == months.astype(np.int64).tolist()
        assert found[1].tolist() == day.tolist()


def test_common_divisor_of_divisors_dividing_each_other() -> None:
    # divisors 200 and 400 (half-up of 1/100 and 1/200): common 400, the first loan's
    # numerator doubled: 10,050 x 2 + 100 over 200 -> 101 (100.5 rounded up)
    divider = _divider(np.array([1, 1]), np.array([100, 200]), RoundingMode.HALF_UP)
    assert divider is not None
    loans = Loans(balance=np.array([10050, 10050]), numerator=np.array([1, 1]),
                  denominator=np.array([100, 200]), term=np.ones(2, dtype=np.int64),
                  fee=np.zeros(2, dtype=np.int64))  # fmt: skip
    scaled, offset, common = _common(divider, loans)
    assert common == 400
    # 10,050 / 100 = 100.5 -> 101; 10,050 / 200 = 50.25 -> 50
    assert ((loans.balance * scaled + offset) // common).tolist() == [101, 50]


MODES = [RoundingMode.DOWN, RoundingMode.UP, RoundingMode.HALF_UP, RoundingMode.HALF_DOWN]


@given(
    st.lists(
        st.tuples(st.integers(0, 10**14), st.integers(0, 5000), st.integers(1, 240_000)),
        min_size=1, max_size=30,
    ),
    st.sampled_from(MODES),
)  # fmt: skip
def test_common_divisor_gives_the_same_quotients(
    loans: list[tuple[int, int, int]], mode: RoundingMode
) -> None:
    balance = np.array([b for b, _, _ in loans], dtype=np.int64)
    numerator = np.array([n for _, n, _ in loans], dtype=np.int64)
    denominator = np.array([d for _, _, d in loans], dtype=np.int64)
    divider = _divider(numerator, denominator, mode)
    assert divider is not None
    scaled, offset, divisor = divider
    fits = balance.astype(float) * scaled.astype(float) < 2.0**61
    balance = np.where(fits, balance, 0)
    group = Loans(
        balance=balance,
        numerator=numerator,
        denominator=denominator,
        term=np.ones(len(loans), dtype=np.int64),
        fee=np.zeros(len(loans), np.int64),
    )
    common_scaled, common_offset, common = _common(divider, group)
    expected = [
        (int(b) * int(s) + int(o)) // int(d)
        for b, s, o, d in zip(balance, scaled, offset, divisor, strict=True)
    ]
    found = (balance * common_scaled + common_offset) // common
    assert found.tolist() == expected
