"""loancalc.dask: partition-by-partition results identical to one in-memory batch call.

The oracle is :mod:`loancalc.batch` on the whole portfolio at once (itself tested
against the scalar engine in test_batch.py); no expected value comes from the Dask code.
"""

from __future__ import annotations

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest

import loancalc as lc
import loancalc.dask as lcd
from loancalc import batch

LOANS = 300_000


def _portfolio(count: int) -> pd.DataFrame:
    rng = np.random.default_rng(20240131)
    starts = np.datetime64("2023-01-01") + rng.integers(0, 730, count).astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "principal": rng.integers(100, 5_000_000, count) * 10,  # whole tens of cents..
            "annual_rate": rng.choice([0.0, 0.049, 0.0725, 0.18, 0.2399], count),
            "term": rng.integers(1, 25, count),
            "start": starts,
        },
        index=pd.RangeIndex(count, name="loan"),
    )


@pytest.fixture(scope="module")
def in_memory() -> tuple[pd.DataFrame, ...]:
    """The portfolio, its loan totals, cash flow and outstanding principal from one
    in-memory batch call."""
    loans = _portfolio(LOANS)
    whole = batch.amortize_frame(loans)
    return (
        loans,
        batch.loan_totals(whole, index=loans.index),
        batch.cash_flow_by_month(whole).to_frame(),
        batch.outstanding_by_month(whole).to_frame(),
    )


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_partitions_equal_one_in_memory_call(
    scheduler: str, in_memory: tuple[pd.DataFrame, ...]
) -> None:
    loans, expected_totals, expected_flows, expected_outstanding = in_memory
    parts = dd.from_pandas(loans, npartitions=6)
    with dask.config.set(scheduler=scheduler):
        totals = lcd.loan_totals(parts).compute()
        flows = lcd.cash_flow_by_month(parts)
        outstanding = lcd.outstanding_by_month(parts)
    pd.testing.assert_frame_equal(totals, expected_totals, check_exact=True)
    pd.testing.assert_frame_equal(outstanding, expected_outstanding, check_exact=True)
    pd.testing.assert_frame_equal(flows, expected_flows, check_exact=True)
    assert totals["payment"].dtype == np.int64


def test_options_and_renamed_columns_reach_every_partition() -> None:
    loans = _portfolio(2_000).rename(columns={"principal": "amount"})
    options = {"method": "equal-principal", "rounding": lc.Rounding(mode="floor")}
    whole = batch.amortize_frame(loans, columns={"principal": "amount"}, **options)
    parts = dd.from_pandas(loans, npartitions=3)
    flows = lcd.cash_flow_by_month(parts, columns={"principal": "amount"}, **options)
    pd.testing.assert_frame_equal(flows, batch.cash_flow_by_month(whole).to_frame())
    outstanding = lcd.outstanding_by_month(parts, columns={"principal": "amount"}, **options)
    pd.testing.assert_frame_equal(outstanding, batch.outstanding_by_month(whole).to_frame())


def test_iso_text_dates_as_dask_keeps_them() -> None:
    loans = pd.DataFrame(
        {"principal": [1200], "annual_rate": ["12%"], "term": [3], "start": ["2024-01-31"]}
    )
    totals = lcd.loan_totals(dd.from_pandas(loans, npartitions=1)).compute()
    # 1,200 at 1 %/month over 3 months: 12.00 + 8.04 + 4.04 of interest
    assert totals["total_interest"].tolist() == [2408]
    bad = loans.assign(start=["2024-02-30"])
    with pytest.raises(lc.LoanCalcError, match=r"start\[0\]"):
        lcd.loan_totals(dd.from_pandas(bad, npartitions=1)).compute()


def test_not_a_dask_frame() -> None:
    with pytest.raises(lc.LoanCalcError, match="loans"):
        lcd.loan_totals(pd.DataFrame({"principal": [1]}))


def test_empty_partitions_and_portfolio() -> None:
    loans = _portfolio(3)
    flows = lcd.cash_flow_by_month(dd.from_pandas(loans.iloc[:0], npartitions=1))
    assert flows.empty
    assert lcd.outstanding_by_month(dd.from_pandas(loans.iloc[:0], npartitions=1)).empty
    assert list(flows.columns) == ["principal", "interest", "fee", "payment"]


def test_outstanding_counts_interest_a_long_first_period_capitalises() -> None:
    # 100 at 36 % a year, daily accrual, first due 731 days out: 100 x 0.001 x 731 = 73.10
    # of interest against a level instalment of 59.41 capitalises 13.69; the balance is
    # 113.69, then 113.69 - 55.89 = 57.80, then 0. A second, ordinary loan of 50 over one
    # month (repaid 2024-02) sits beside it in another partition.
    loans = pd.DataFrame(
        {
            "principal": [100.0, 50.0],
            "annual_rate": [0.36, 0.0],
            "term": [3, 1],
            "start": [pd.Timestamp("2024-01-01")] * 2,
            "first_due": [pd.Timestamp("2026-01-01"), pd.NaT],
        }
    )
    parts = dd.from_pandas(loans, npartitions=2)
    got = lcd.outstanding_by_month(parts, accrual="daily")
    whole = batch.amortize_frame(loans, accrual="daily")
    pd.testing.assert_frame_equal(got, batch.outstanding_by_month(whole).to_frame())
    assert got["outstanding"].iloc[-3:].tolist() == [11369, 5780, 0]
    assert got["outstanding"].iloc[0] == 10000 + 5000 - 5000  # 2024-02: the 50 repaid
