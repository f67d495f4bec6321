"""loancalc.export: CSV, JSON, numpy and text tables over generic columns and rows."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from loancalc import export
from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError

COLUMNS = (
    export.Column(name="number", kind=export.Kind.INTEGER),
    export.Column(name="due_date", kind=export.Kind.DATE),
    export.Column(name="payment", kind=export.Kind.MONEY),
    export.Column(name="note", kind=export.Kind.TEXT),
)
ROWS = [
    (1, date(2024, 2, 29), Decimal("1200.50"), "first"),
    (2, date(2024, 3, 31), Decimal("-0.00"), "a, b"),
]

amounts = st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9,
                      max_value=10**9)  # fmt: skip


def test_csv_writes_exact_cells_and_quotes_commas() -> None:
    text = export.to_csv([c.name for c in COLUMNS], ROWS)
    assert text == (
        'number,due_date,payment,note\n1,2024-02-29,1200.50,first\n2,2024-03-31,0.00,"a, b"\n'
    )


@given(st.lists(amounts, min_size=1, max_size=20))
def test_csv_round_trips_every_amount_exactly_and_never_writes_negative_zero(
    values: list[Decimal],
) -> None:
    text = export.to_csv(["amount"], [(value,) for value in values])
    cells = [row["amount"] for row in csv.DictReader(io.StringIO(text))]
    assert [Decimal(cell) for cell in cells] == values
    assert not any(cell.startswith("-") and Decimal(cell) == 0 for cell in cells)


@given(amounts)
def test_json_value_and_read_amount_round_trip(value: Decimal) -> None:
    text = export.json_value(value)
    assert isinstance(text, str)
    again = export.read_amount(text, "amount")
    assert again == value
    assert not (again.is_zero() and again.is_signed())


def test_json_text_round_trips_and_keeps_non_ascii() -> None:
    data = {"note": "月供", "rows": [export.json_value(cell) for cell in ROWS[1]]}
    text = export.to_json(data)
    assert "月供" in text
    assert export.parse_json(text) == {"note": "月供", "rows": [2, "2024-03-31", "0.00", "a, b"]}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (None, InvalidTypeError),
        (3.5, InvalidTypeError),
        ("{", InvalidValueError),
        ("[" * 200_000, InvalidValueError),
        (b"\xff", InvalidValueError),
        ("1" * 5000, InvalidValueError),  # past the integer-string limit
    ],
)
def test_parse_json_refuses_with_a_loancalc_error(text: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^document: ") as caught:
        export.parse_json(text, "document")
    assert isinstance(caught.value, LoanCalcError)


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        (0, "1", InvalidTypeError),
        (0, True, InvalidTypeError),
        (1, 20240229, InvalidTypeError),
        (1, "2024-02-30", InvalidValueError),
        (2, 1.5, InvalidTypeError),
        (2, "Infinity", InvalidValueError),
        (2, "1E+41", InvalidValueError),
        (2, "1" * 101, InvalidValueError),
        (2, "\u0661\u0662", InvalidValueError),
        (3, 5, InvalidTypeError),
    ],
)
def test_columns_read_cells_refusing_wrong_types_and_values(
    column: int, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match=r"^rows\[0\]\.x: "):
        COLUMNS[column].read(value, "rows[0].x")


def test_columns_read_good_cells() -> None:
    cells = [json.loads(json.dumps(export.json_value(cell))) for cell in ROWS[0]]
    values = [column.read(cell, "x") for column, cell in zip(COLUMNS, cells, strict=True)]
    assert values == list(ROWS[0])


def test_numpy_float_and_exact_money() -> None:
    floats = export.to_numpy(COLUMNS, ROWS)
    assert floats.dtype["number"] == np.int64
    assert floats["payment"].tolist() == [1200.5, 0.0]
    assert math.copysign(1, floats["payment"][1]) == 1  # not -0.0
    assert floats["due_date"].tolist() == [date(2024, 2, 29), date(2024, 3, 31)]
    exact = export.to_numpy(COLUMNS, ROWS, money="object")
    assert [str(value) for value in exact["payment"]] == ["1200.50", "0.00"]
    assert export.to_numpy(COLUMNS, []).shape == (0,)
    with pytest.raises(InvalidValueError, match=r"^money: got 'float32'"):
        export.to_numpy(COLUMNS, ROWS, money="float32")  # type: ignore[arg-type]


def test_text_table_aligns_groups_thousands_and_shows_no_negative_zero() -> None:
    text = export.text_table(
        ["No", "Note", "Payment"],
        [[1, "first", Decimal("1200.50")], [2, "b", Decimal("-0.00")]],
        title="Title",
        totals=["Total", "", Decimal("1200.50")],
        notes=["note line"],
        left=[1],
    )
    assert text.splitlines() == [
        "Title",
        "----------------------",
        "   No  Note    Payment",
        "----------------------",
        "    1  first  1,200.50",
        "    2  b          0.00",
        "----------------------",
        "Total         1,200.50",
        "note line",
    ]


@pytest.mark.parametrize(
    ("rate", "text"),
    [("0.049", "4.9%"), ("-0.0", "0%"), ("0", "0%"), ("1E-9", "0.0000001%"), ("10", "1000%")],
)
def test_percent_has_no_exponent_trailing_zeros_or_negative_zero(rate: str, text: str) -> None:
    assert export.percent(Decimal(rate)) == text


@given(amounts)
def test_display_and_cell_text_never_show_negative_zero(value: Decimal) -> None:
    for text in (export.display_text(value), export.cell_text(value)):
        assert not (text.startswith("-") and Decimal(text.replace(",", "")) == 0)
        assert Decimal(text.replace(",", "")) == value
