"""Schedule: totals, exports (CSV, JSON, numpy), the text table and bad input."""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import pickle
import re
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings

import loancalc as lc
from loancalc.strategies import loan_terms

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
        ("not json", "^json: got 'not json'; accepted: JSON text"),
        ('{"format": "other"}', "^json: .*accepted: an object with format"),
        ('{"format": "loancalc.schedule/1"}', "^json: .*exactly the keys format, terms"),
        ("[" * 100_000, "^json: .*nested too deeply"),
        ('{"a": ' * 100_000, "^json: "),
        (b"\xff\xfe", "^json: "),
    ],
)
def test_from_json_rejects_what_is_not_a_schedule(text: str, pattern: str) -> None:
    with pytest.raises(lc.InvalidValueError, match=pattern):
        lc.Schedule.from_json(text)


@pytest.mark.parametrize("text", [None, 12, ["{}"], {"format": "loancalc.schedule/1"}])
def test_from_json_refuses_what_is_not_text_as_a_type_error(text: object) -> None:
    with pytest.raises(lc.errors.InvalidTypeError, match=r"^json: ") as caught:
        lc.Schedule.from_json(text)  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, lc.LoanCalcError)


def test_from_dict_refuses_deeply_nested_data_with_an_error() -> None:
    nested: object = []
    for _ in range(100_000):
        nested = [nested]
    data = small().to_dict()
    data["installments"][0] = nested
    with pytest.raises(lc.LoanCalcError, match=r"^installments\[0\]: "):
        lc.Schedule.from_dict(data)


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        ("payment", 408.03, lc.errors.InvalidTypeError),
        ("number", "1", lc.errors.InvalidTypeError),
        ("number", True, lc.errors.InvalidTypeError),
        ("days", None, lc.errors.InvalidTypeError),
        ("due_date", 20240229, lc.errors.InvalidTypeError),
        ("due_date", "31/01/2024", lc.InvalidValueError),
        ("payment", "NaN", lc.InvalidValueError),
        ("payment", "sNaN", lc.InvalidValueError),
        ("payment", "-Infinity", lc.InvalidValueError),
        ("payment", "1e999999999", lc.InvalidValueError),
        ("payment", "4\u0660\u0668.03", lc.InvalidValueError),  # Arabic-Indic digits
        ("payment", "408,03", lc.InvalidValueError),
    ],
)
def test_from_json_rejects_wrong_cells_naming_row_and_field(
    column: str, value: object, error: type[Exception]
) -> None:
    data = json.loads(small().to_json())
    data["installments"][1][column] = value
    with pytest.raises(error, match=rf"^installments\[1\]\.{column}: "):
        lc.Schedule.from_json(json.dumps(data))


def test_from_json_revalidates_the_terms() -> None:
    data = json.loads(small().to_json())
    data["terms"]["term"] = 0
    with pytest.raises(lc.InvalidValueError, match=r"^term: got 0"):
        lc.Schedule.from_json(json.dumps(data))


# 1,200 at 1 % a month (see test_totals_add_up_row_by_row): rows
#   1: 1200.00 - 396.03 = 803.97, 396.03 + 12.00 = 408.03, due 2024-02-29 (29 days)
#   2:  803.97 - 399.99 = 403.98, 399.99 +  8.04 = 408.03, due 2024-03-31 (31 days)
#   3:  403.98 - 403.98 =   0.00, 403.98 +  4.04 = 408.02, due 2024-04-30 (30 days)
@pytest.mark.parametrize(
    ("row", "changes", "field", "accepted"),
    [
        (0, {"payment": "-1"}, "installments[0].payment", "an amount >= 0"),
        (
            1,
            {"payment": "408.00"},
            "installments[1].payment",
            "principal + interest + fee = 408.03",
        ),
        (1, {"interest": "-8.04", "payment": "391.95"}, "installments[1].interest", ">= 0"),
        (
            1,
            {"principal": "400.00", "payment": "408.04"},
            "installments[1].closing_balance",
            "opening_balance - principal + capitalized_interest = 403.97",
        ),
        (1, {"opening_balance": "803.98"}, "installments[1].opening_balance", "= 803.97"),
        (0, {"opening_balance": "1000.00"}, "installments[0].opening_balance", "principal = 1200"),
        (2, {"number": 4}, "installments[2].number", "3 (rows are numbered from 1)"),
        (1, {"days": -2}, "installments[1].days", "31, the days from start to due_date"),
        (2, {"start": "2024-03-30"}, "installments[2].start", "2024-03-31, the previous due"),
        (
            2,
            {"start": "2024-03-31", "due_date": "2024-03-15", "days": -16},
            "installments[2].due_date",
            "a date after 2024-03-31",
        ),
    ],
)
def test_from_dict_checks_the_arithmetic_of_every_row(
    row: int, changes: dict[str, object], field: str, accepted: str
) -> None:
    data = small().to_dict()
    data["installments"][row].update(changes)
    with pytest.raises(lc.InvalidValueError) as caught:
        lc.Schedule.from_dict(data)
    assert caught.value.field == field
    assert accepted in caught.value.accepted


def test_from_dict_checks_the_row_count_and_that_the_loan_is_repaid() -> None:
    data = small().to_dict()
    data["terms"]["term"] = 4
    with pytest.raises(lc.InvalidValueError, match=r"^installments: got 3 rows; accepted: 4"):
        lc.Schedule.from_dict(data)
    data = small().to_dict()
    data["installments"] = []
    with pytest.raises(lc.InvalidValueError, match=r"^installments: got \[\]; accepted: at least"):
        lc.Schedule.from_dict(data)
    data = small().to_dict()
    last = data["installments"][2]
    last.update(principal="403.97", payment="408.01", closing_balance="0.01")
    with pytest.raises(
        lc.InvalidValueError, match=r"^installments\[2\]\.closing_balance: .*repaid"
    ):
        lc.Schedule.from_dict(data)


def test_from_dict_refuses_unknown_and_missing_keys() -> None:
    data = small().to_dict()
    data["extra"] = 1
    with pytest.raises(lc.InvalidValueError, match=r"^json: .*exactly the keys"):
        lc.Schedule.from_dict(data)
    data = small().to_dict()
    del data["installments"][0]["capitalized_interest"]
    with pytest.raises(lc.InvalidValueError, match=r"^installments\[0\]: .*exactly the keys"):
        lc.Schedule.from_dict(data)
    data = small().to_dict()
    data["upfront_fee"] = "-5"
    with pytest.raises(lc.InvalidValueError, match=r"^upfront_fee: "):
        lc.Schedule.from_dict(data)


def test_a_consistently_edited_row_reads_back() -> None:
    # A fee of 1.00 added to row 3 keeps 403.98 + 4.04 + 1.00 = 409.02: the row adds up
    # (whether the figures are the terms' is lc.verify's question, not the reader's).
    data = small().to_dict()
    data["installments"][2].update(fee="1.00", payment="409.02")
    assert lc.Schedule.from_dict(data).installments[2].payment == Decimal("409.02")


def test_a_bullet_schedule_has_one_row_and_reads_back() -> None:
    schedule = small(method=lc.Method.BULLET, term=6)
    assert len(schedule) == 1
    assert lc.Schedule.from_json(schedule.to_json()) == schedule


@pytest.mark.parametrize(
    "kwargs",
    [
        {"terms": None, "installments": ()},
        {"installments": None},
        {},
        {"terms": "terms", "installments": ()},
        {"installments": "rows"},
    ],
)
def test_schedule_refuses_wrong_types_as_type_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(lc.errors.InvalidTypeError) as caught:
        lc.Schedule(**kwargs)  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)


def test_schedule_refuses_rows_that_are_not_installments() -> None:
    schedule = small()
    rows = [*schedule.installments[:2], tuple(schedule.installments[2])]
    with pytest.raises(lc.errors.InvalidTypeError, match=r"^installments\[2\]: "):
        lc.Schedule(terms=schedule.terms, installments=rows)  # type: ignore[arg-type]


def test_schedule_never_reads_more_rows_than_the_longest_term() -> None:
    schedule = small()
    endless = itertools.repeat(schedule.installments[0])
    with pytest.raises(lc.InvalidValueError, match=r"^installments: .*at most 1200"):
        lc.Schedule(terms=schedule.terms, installments=endless)
    with pytest.raises(lc.InvalidValueError, match=r"^installments: .*at most 1200"):
        lc.Schedule(terms=schedule.terms, installments=range(10**12))  # type: ignore[arg-type]


def test_schedule_refuses_no_rows_or_a_count_the_terms_do_not_make() -> None:
    schedule = small()
    with pytest.raises(lc.InvalidValueError, match=r"^installments: got 0 rows; accepted: 3 "):
        lc.Schedule(terms=schedule.terms, installments=())
    with pytest.raises(lc.InvalidValueError, match=r"^installments: got 2 rows; accepted: 3 "):
        lc.Schedule(terms=schedule.terms, installments=schedule.installments[:2])
    with pytest.raises(lc.InvalidValueError, match=r"^upfront_fee: "):
        lc.Schedule(terms=schedule.terms, installments=schedule.installments,
                    upfront_fee=Decimal("-1"))  # fmt: skip
    with pytest.raises(lc.errors.InvalidTypeError, match=r"^upfront_fee: "):
        lc.Schedule(terms=schedule.terms, installments=schedule.installments,
                    upfront_fee=5)  # type: ignore[arg-type]  # fmt: skip


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


@settings(max_examples=60)
@given(loan_terms(max_term=120))
def test_every_schedule_reads_back_and_passes_the_row_checks(terms: lc.LoanTerms) -> None:
    # The checks from_dict makes are identities the engine keeps for every loan.
    schedule = lc.amortize(terms)
    assert lc.Schedule.from_json(schedule.to_json()) == schedule


@settings(max_examples=60)
@given(loan_terms(max_term=24))
def test_no_export_writes_a_negative_zero(terms: lc.LoanTerms) -> None:
    schedule = lc.amortize(terms)
    texts = [schedule.to_csv(), schedule.to_json(), str(schedule)]
    assert not any(NEGATIVE_ZERO.search(text) for text in texts)
    floats = schedule.to_numpy()
    for name in lc.schedule.COLUMNS[4:]:
        assert not any(math.copysign(1, value) < 0 and value == 0 for value in floats[name])


NEGATIVE_ZERO = re.compile(r"-0(?:\.0*)?(?![\d.])|-0\.0+(?!\d)")


def test_negative_zero_is_never_printed() -> None:
    # 0.01 over 2 months at 0 %, rounded toward minus infinity: the first level principal is
    # floor(0.005) = 0.00, computed as 0.00 - 0.00 and once written "-0.00".
    schedule = lc.amortize(
        lc.LoanTerms(principal="0.01", annual_rate="-0.0", term=2, start=date(2024, 1, 15),
                     rounding=lc.Rounding(mode="floor"))
    )  # fmt: skip
    texts = [schedule.to_csv(), schedule.to_json(), str(schedule)]
    assert not any(NEGATIVE_ZERO.search(text) for text in texts), texts
    assert " at 0% a year" in str(schedule)
    assert schedule.to_csv().splitlines()[1].split(",")[5] == "0.00"
    exact = schedule.to_numpy(money="object")["principal"].tolist()
    assert [str(value) for value in exact] == ["0.00", "0.01"]
