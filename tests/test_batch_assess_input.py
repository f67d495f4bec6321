"""``batch.assess``: bad input refused before any work, naming the loan and the column
(one bad row anywhere among good ones), a book too large for memory refused with a
pointer to the Dask path, payments in any order, and every payment up to ``as_of``
counted. The hand-written cases of test_batch_assess_inputs.py are not repeated here."""

from __future__ import annotations

import importlib
import re
import sys
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from loancalc.batch import _assess_api
from loancalc.batch._assess_payments import MAX_BYTES_ENV, working_bytes
from loancalc.errors import InvalidValueError

START = date(2024, 1, 31)
AS_OF = date(2024, 6, 30)
#: Three loans: 1,200 over 3 months and 600 over 2 from 2024-01-31, 900 over 4 from 03-15.
BOOK = batch.amortize([1200, 600, 900], "12%", [3, 2, 4], start=[START, START, date(2024, 3, 15)])
KEYS = ["A", "B", "C"]


def _good(size: int, seed: int) -> pd.DataFrame:
    """``size`` valid payments (on or after each loan's start, on the grid, above 0)."""
    rng = np.random.default_rng(seed)
    loan = rng.integers(0, 3, size)
    first = np.array([START, START, date(2024, 3, 15)], dtype="datetime64[D]")[loan]
    return pd.DataFrame(
        {
            "loan": np.array(KEYS, dtype=object)[loan],
            "date": first + rng.integers(0, 200, size),
            "amount": rng.integers(1, 50_000, size) / 100,
        }
    )


#: One bad value of each kind: the column it is in, the value, and what the message says.
BAD = {
    "unknown loan": ("loan", "Z", "a key of the book"),
    "NaN amount": ("amount", float("nan"), "got nan"),
    "negative amount": ("amount", -12.5, "got -12.5"),
    "zero amount": ("amount", 0.0, "got 0.0"),
    "off-grid amount": ("amount", 10.005, "got 10.005"),
    "before its loan's start": ("date", np.datetime64("2024-01-30"), "start of loan"),
}


@settings(max_examples=60, deadline=None)
@given(size=st.integers(1, 40), seed=st.integers(0, 1000), kind=st.sampled_from(sorted(BAD)),
       where=st.floats(0, 1, exclude_max=True))  # fmt: skip
def test_one_bad_row_anywhere_is_named_by_its_column_and_row(
    size: int, seed: int, kind: str, where: float
) -> None:
    paid = _good(size, seed)
    row = int(where * size)
    column, value, says = BAD[kind]
    if column != "date":  # a date column stays datetime64
        paid[column] = paid[column].astype(object)
    paid.loc[row, column] = value
    if kind == "before its loan's start":
        paid.loc[row, "loan"] = "A"
    with pytest.raises(InvalidValueError) as caught:
        batch.assess(BOOK, paid, AS_OF, keys=KEYS)
    message = str(caught.value)
    assert message.startswith(f"payments.{column}[{row}]: "), message
    assert says in message


def test_bad_rows_are_refused_before_any_work(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the walk ran on bad input")

    monkeypatch.setattr(_assess_api, "_run", no_work)
    for column, value, says in BAD.values():
        paid = _good(5, 1)
        if column != "date":
            paid[column] = paid[column].astype(object)
        paid.loc[3, column] = value
        with pytest.raises(InvalidValueError, match=re.escape(says)):
            batch.assess(BOOK, paid, AS_OF, keys=KEYS)


def test_an_as_of_before_a_later_loans_start_names_that_loan() -> None:
    # Loan 2 (C) starts 2024-03-15; 2024-03-01 is after A's and B's starts only.
    with pytest.raises(InvalidValueError, match=re.escape("start of loan 2 (2024-03-15)")):
        batch.assess(BOOK, ([], [], []), date(2024, 3, 1))


@pytest.mark.parametrize(
    "payments",
    [
        {"loan": [0, 1], "date": [START] * 2, "amount": [1]},
        pd.DataFrame({"loan": [0], "date": [START]}),
        ([0], [START], [1], [1]),
    ],
)
def test_columns_missing_or_of_different_lengths_are_refused(payments: object) -> None:
    with pytest.raises(InvalidValueError, match=r"^payments: "):
        batch.assess(BOOK, payments, AS_OF)


def test_a_book_too_large_for_memory_points_to_dask(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the book was read")

    # 3 loans x 4 instalments x 64 + 3 x 4 x 320 + 3 x 400 + 2 x 96 = 6,000 bytes
    assert working_bytes(3, 4, 2, 10_000) == 6_000
    payments = ([0, 1], [START] * 2, [1, 1])
    monkeypatch.setattr(_assess_api, "read_raw", no_work)
    with pytest.raises(InvalidValueError) as caught:
        batch.assess(BOOK, payments, AS_OF, max_bytes=5_999)
    message = str(caught.value)
    assert "3 loans of up to 4 instalments and 2 payments" in message
    assert "loancalc.dask.assess" in message
    assert "(max_bytes)" in message
    monkeypatch.setenv(MAX_BYTES_ENV, "5000")
    with pytest.raises(InvalidValueError, match=MAX_BYTES_ENV):
        batch.assess(BOOK, payments, AS_OF)
    monkeypatch.undo()
    monkeypatch.setenv(MAX_BYTES_ENV, "6000")
    assert len(batch.assess(BOOK, payments, AS_OF)) == 3
    assert len(batch.assess(BOOK, payments, AS_OF, max_bytes=6_000)) == 3


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_a_bad_limit_is_refused(bad: object, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidValueError, match="max_bytes"):
        batch.assess(BOOK, ([], [], []), AS_OF, max_bytes=bad)  # type: ignore[arg-type]
    monkeypatch.setenv(MAX_BYTES_ENV, "lots")
    with pytest.raises(InvalidValueError, match=MAX_BYTES_ENV):
        batch.assess(BOOK, ([], [], []), AS_OF)


def test_the_memory_estimate_bounds_the_measured_peak() -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    bench = importlib.import_module("test_batch_assess_bench")
    book, paid = bench.sample_book(20_000)
    rules = lc.products.get(bench.PRODUCT)
    tracemalloc.start()
    try:
        batch.assess(book, paid, bench.AS_OF, rules)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    estimate = working_bytes(len(book), book.due_dates.shape[1], len(paid[0]), 10_000)
    assert peak <= estimate <= 3 * peak


@settings(max_examples=40, deadline=None)
@given(size=st.integers(0, 30), seed=st.integers(0, 1000), data=st.data())
def test_payments_in_any_order_give_the_same_and_every_one_is_counted(
    size: int, seed: int, data: st.DataObject
) -> None:
    paid = _good(size, seed)
    if size:  # some payments repeated: two of one loan on one day
        paid = pd.concat([paid, paid.iloc[: size // 3]], ignore_index=True)
    order = data.draw(st.permutations(range(len(paid))))
    shuffled = paid.iloc[list(order)].reset_index(drop=True)
    found = batch.assess(BOOK, paid, AS_OF, keys=KEYS)
    again = batch.assess(BOOK, shuffled, AS_OF, keys=KEYS)
    for name in ("days_past_due", "outstanding", "paid", "credit", "settlement",
                 "payments_used"):  # fmt: skip
        assert np.array_equal(getattr(found, name), getattr(again, name)), name
    up_to = paid["date"].to_numpy() <= np.datetime64(AS_OF)
    for index, key in enumerate(KEYS):
        mine = (paid["loan"] == key).to_numpy()
        assert found.payments_used[index] == int((mine & up_to).sum())
    later = int((~up_to).sum())
    assert int(found.payments_used.sum()) + later == len(paid)  # none dropped unseen


def test_loans_computed_by_the_scalar_engine_count_their_payments_too() -> None:
    # A schedule on another grid (whole units) is computed by lc.assess and listed.
    terms = {"principal": 1200, "annual_rate": "12%", "term": 3, "start": START}
    cents = lc.amortize(lc.LoanTerms(**terms))  # type: ignore[arg-type]
    whole = lc.amortize(lc.LoanTerms(**terms, rounding=lc.Rounding(places=0)))  # type: ignore[arg-type]
    day = START + timedelta(days=29)
    found = batch.assess([cents, whole], ([0, 1, 1, 1], [day] * 4, [408.03, 100, 100, 5]), AS_OF)
    assert found.fallback.tolist() == [1]
    assert found.payments_used.tolist() == [1, 3]
