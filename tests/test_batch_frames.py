"""loancalc.batch with pandas: DataFrames of loans in, per-loan totals and aggregates out.

The oracle is :func:`loancalc.amortize`, loan by loan.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch


@st.composite
def loan_frames(draw: st.DrawFn) -> pd.DataFrame:
    count = draw(st.integers(1, 12))
    day = st.integers(0, 800).map(lambda n: date(2023, 1, 31) + timedelta(days=n))
    return pd.DataFrame(
        {
            "principal": draw(st.lists(st.integers(1, 10**8), min_size=count, max_size=count)),
            "annual_rate": draw(
                st.lists(
                    st.sampled_from(["0", "4.9%", "18%", "36%"]), min_size=count, max_size=count
                )
            ),
            "term": draw(st.lists(st.integers(1, 40), min_size=count, max_size=count)),
            "start": pd.to_datetime(draw(st.lists(day, min_size=count, max_size=count))),
        }
    )


def _units(amount: Decimal) -> int:
    return int(amount / Decimal("0.01"))


@settings(max_examples=40, deadline=None)
@given(loan_frames())
def test_frame_totals_equal_scalar_schedules(loans: pd.DataFrame) -> None:
    totals = batch.loan_totals(batch.amortize_frame(loans), index=loans.index)
    for index, row in loans.iterrows():
        schedule = lc.amortize(
            lc.LoanTerms(
                principal=int(row["principal"]), annual_rate=row["annual_rate"],
                term=int(row["term"]), start=row["start"].date(),
            )
        )  # fmt: skip
        got = totals.loc[index]
        assert got["payment"] == _units(schedule.installments[0].payment)
        assert got["installments"] == len(schedule)
        assert got["maturity"].date() == schedule.maturity
        assert got["total_principal"] == _units(schedule.total_principal)
        assert got["total_interest"] == _units(schedule.total_interest)
        assert got["total_payment"] == _units(schedule.total_payment)


@settings(max_examples=25, deadline=None)
@given(loan_frames())
def test_frame_equals_arrays_and_aggregate_frames_equal_arrays(loans: pd.DataFrame) -> None:
    framed = batch.amortize_frame(loans)
    direct = batch.amortize(
        loans["principal"], loans["annual_rate"], loans["term"], start=loans["start"]
    )
    assert np.array_equal(framed.payment, direct.payment)
    flows = batch.cash_flow_by_month(direct)
    frame = batch.cash_flow_by_month(framed).to_frame()
    assert frame["interest"].tolist() == flows.interest.tolist()
    assert [str(month) for month in frame.index] == [str(m) for m in flows.months]
    outstanding = batch.outstanding_by_month(direct)
    assert batch.outstanding_by_month(framed).to_frame()["outstanding"].tolist() == (
        outstanding.outstanding.tolist()
    )


def test_optional_columns_renames_and_options() -> None:
    loans = pd.DataFrame(
        {
            "amount": [1000, 2000],
            "annual_rate": [0.05, 0.06],
            "term": [12, 24],
            "start": [date(2024, 1, 31), date(2024, 2, 29)],
            "first_due": pd.to_datetime([None, "2024-04-15"]),
        }
    )
    found = batch.amortize_frame(loans, columns={"principal": "amount"}, method="equal-principal")
    assert found.due_dates[:, 0].tolist() == [date(2024, 2, 29), date(2024, 4, 15)]
    # equal principal: 1,000 / 12 = 83.33 (the last instalment takes the rest)
    assert found.principal[0, 0] == 8333
    assert loans["amount"].tolist() == [1000, 2000]  # not mutated


@pytest.mark.parametrize(
    ("kwargs", "frame", "message"),
    [
        ({}, pd.DataFrame({"principal": [1]}), "annual_rate"),
        ({"columns": {"rate": "r"}}, pd.DataFrame({"principal": [1]}), "columns"),
        ({"term": 12}, pd.DataFrame({"principal": [1]}), "term"),
        ({}, [1, 2], "frame"),
    ],
)
def test_bad_frames(kwargs: dict, frame: object, message: str) -> None:
    with pytest.raises(lc.LoanCalcError, match=message):
        batch.amortize_frame(frame, **kwargs)


def test_bad_row_named_by_index() -> None:
    loans = pd.DataFrame(
        {"principal": [100, -5], "annual_rate": "5%", "term": 12, "start": date(2024, 1, 1)}
    )
    with pytest.raises(lc.LoanCalcError, match=r"principal\[1\]"):
        batch.amortize_frame(loans)
