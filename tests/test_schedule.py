"""Schedule: totals, exports (CSV, JSON, numpy), the text table and bad input."""

from __future__ import annotations

import csv
import io
import json
import pickle
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

import loancalc as lc

START = date(2024, 1, 31)


def small(**changes: object) -> lc.Schedule:
    values: dict[str, object] = {
        "principal": 1200,
        "annual_rate": "12%",
        "term": 3,
        "start": START,
    }
    values.update(changes)
    return lc.amortize(lc.LoanTerms(**values))  # type: ignore[arg-type]


def test_totals_add_up_row_by_row() -> None:
    # 1,200 at 1 % a month: payments 408.03, 408.03, 408.02; interest 12.00 + 8.04 + 4.04.
    schedule = small(fees=lc.Fees(upfront="5", per_period="1.50"))
    assert schedule.total_interest == Decimal("24.08")
    assert schedule.total_principal == Decimal("1200.00")
    assert schedule.total_fees == Decimal("9.50")  # 3 x 1.50 + 5
    assert schedule.total_payment == Decimal("1228.58")  # 1,224.08 + 4.50
    assert schedule.maturity == date(2024, 4, 30)
    assert len(schedule) == 3
    assert [row.number for row in schedule] == [1, 2, 3]


def test_csv_has_a_header_and_one_exact_line_per_instalment() -> None:
    schedule = small()
    rows = list(csv.DictReader(io.StringIO(schedule.to_csv())))
    assert [row["payment"] for row in rows] == ["408.03", "408.03", "408.02"]
    assert list(rows[0]) == list(lc.schedule.COLUMNS)


def test_json_round_trip_is_lossless_and_keeps_every_digit() -> None:
    schedule = small(principal="1200.005", rounding=lc.Rounding(places=3))
    again = lc.Schedule.from_json(schedule.to_json(indent=2))
    assert again == schedule
    assert [str(i.opening_balance) for i in again] == [str(i.opening_balance) for i in schedule]


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("not json", "^json: got 'not json'; accepted: a schedule's JSON"),
        ('{"format": "other"}', "^json: .*accepted: an object with format"),
        ('{"format": "loancalc.schedule/1"}', "^json: .*KeyError"),
    ],
)
def test_from_json_rejects_what_is_not_a_schedule(text: str, pattern: str) -> None:
    with pytest.raises(lc.InvalidValueError, match=pattern):
        lc.Schedule.from_json(text)


@pytest.mark.parametrize(
    ("column", "value"),
    [("payment", 408.03), ("number", "1"), ("number", True), ("due_date", "31/01/2024")],
)
def test_from_json_rejects_wrongly_typed_cells(column: str, value: object) -> None:
    data = json.loads(small().to_json())
    data["installments"][0][column] = value
    with pytest.raises(lc.InvalidValueError, match=r"^json: "):
        lc.Schedule.from_json(json.dumps(data))


def test_from_json_revalidates_the_terms() -> None:
    data = json.loads(small().to_json())
    data["terms"]["term"] = 0
    with pytest.raises(lc.InvalidValueError, match=r"^term: got 0"):
        lc.Schedule.from_json(json.dumps(data))


def test_schedule_rejects_rows_that_are_not_installments() -> None:
    schedule = small()
    with pytest.raises(lc.InvalidValueError, match=r"^installments: "):
        lc.Schedule(terms=schedule.terms, installments=[tuple(schedule.installments[0])])


def test_to_numpy_float_and_exact_columns() -> None:
    schedule = small()
    floats = schedule.to_numpy()
    assert floats.dtype["principal"] == np.float64
    assert floats["payment"].tolist() == [408.03, 408.03, 408.02]
    assert floats["due_date"].tolist() == [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]
    exact = schedule.to_numpy(money="object")
    assert exact["interest"].tolist() == [Decimal("12.00"), Decimal("8.04"), Decimal("4.04")]
    with pytest.raises(lc.InvalidValueError, match=r"^money: got 'float32'"):
        schedule.to_numpy(money="float32")  # type: ignore[arg-type]


def test_text_table_shows_rows_totals_and_the_upfront_fee() -> None:
    text = str(small(fees=lc.Fees(upfront=5)))
    lines = text.splitlines()
    assert lines[0].startswith("equal-installment loan of 1,200 at 12% a year")
    assert lines[4].split()[:4] == ["1", "2024-02-29", "29", "1,200.00"]
    assert lines[-2].split() == ["Total", "1,200.00", "24.08", "0.00", "1,224.08"]
    assert lines[-1] == "Upfront fee: 5.00"
    assert all(line == line.rstrip() for line in lines)


def test_errors_pickle_with_their_fields() -> None:
    for error in (
        lc.InvalidValueError("term", 0, "a whole number from 1 to 1200"),
        lc.UnknownNameError("method", "annuity-ish", ["bullet", "flat"]),
    ):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert str(again) == str(error)
        assert again.field == error.field
