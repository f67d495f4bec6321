"""lc.verify, lc.verify_rows and lc.verify_json: recompute a schedule and list what differs.

Expected figures are worked by hand: 1,200 at 12 % a year (1 % a month) over 3 months from
31 January 2024 pays 408.03, 408.03, 408.02; interest 12.00, 8.04, 4.04; principal 396.03,
399.99, 403.98; balances 803.97, 403.98, 0.00; due 29 February, 31 March, 30 April.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.errors import InvalidTypeError
from loancalc.stated_rows import read_csv_rows
from loancalc.strategies import loan_terms

TERMS = lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31))

LENDER_CSV = """due_date,payment,principal,interest,balance
2024-02-29,408.03,396.03,12.00,803.97
2024-03-31,408.03,399.99,8.04,403.98
2024-04-30,408.02,403.98,4.04,0.00
"""


def triples(result: lc.Verification) -> list[tuple[int, str, str]]:
    return [(d.number, d.field, d.kind.value) for d in result.differences]


# --------------------------------------------------------------------------------------
# Agreement
# --------------------------------------------------------------------------------------


@settings(max_examples=50)
@given(loan_terms(max_term=60))
def test_a_schedule_agrees_with_its_own_terms(terms: lc.LoanTerms) -> None:
    result = lc.verify(lc.amortize(terms))
    assert result.differences == ()
    assert bool(result) is True
    assert "Agrees" in str(result)


@settings(max_examples=50)
@given(loan_terms(max_term=60))
def test_a_schedules_own_csv_and_json_verify_clean(terms: lc.LoanTerms) -> None:
    schedule = lc.amortize(terms)
    assert lc.verify_rows(terms, read_csv_rows(schedule.to_csv())).differences == ()
    assert lc.verify_json(schedule.to_json()).differences == ()


def test_the_lenders_hand_checked_csv_agrees() -> None:
    result = lc.verify_rows(TERMS, read_csv_rows(LENDER_CSV))
    assert result
    assert result.to_dict()["agrees"] is True
    assert len(result.stated) == len(result.computed) == 3


# --------------------------------------------------------------------------------------
# Differences
# --------------------------------------------------------------------------------------


@settings(max_examples=50)
@given(
    loan_terms(max_term=60),
    st.data(),
    st.sampled_from(["principal", "interest", "fee", "payment", "closing_balance"]),
    st.integers(min_value=1, max_value=10_000),
)
def test_one_changed_figure_is_reported_at_its_row_and_field_with_its_delta(
    terms: lc.LoanTerms, data: st.DataObject, field: str, cents: int
) -> None:
    schedule = lc.amortize(terms)
    index = data.draw(st.integers(min_value=0, max_value=len(schedule) - 1))
    rows = list(schedule.installments)
    change = Decimal(cents) / 100
    rows[index] = rows[index]._replace(**{field: getattr(rows[index], field) + change})
    result = lc.verify(
        lc.Schedule(terms=terms, installments=rows, upfront_fee=schedule.upfront_fee)
    )
    assert not result
    values = [d for d in result.differences if d.kind is lc.DifferenceKind.VALUE]
    assert [(d.number, d.field, d.delta) for d in values] == [(index + 1, field, change)]
    # The row no longer adds up either: the changed figure breaks one of its identities.
    assert {d.number for d in result.differences} <= {index + 1, index + 2}
    assert any(d.kind is lc.DifferenceKind.ARITHMETIC for d in result.differences)


def test_a_lender_row_that_does_not_add_up_is_reported_not_refused() -> None:
    # Row 2 states interest 9.04 (1.00 too much) but keeps the payment 408.03: the row's
    # own figures give 399.99 + 9.04 = 409.03, and the terms give 8.04.
    text = LENDER_CSV.replace("399.99,8.04", "399.99,9.04")
    result = lc.verify_rows(TERMS, read_csv_rows(text))
    assert [
        (d.number, d.field, d.kind.value, d.stated, d.computed) for d in result.differences
    ] == [
        (2, "payment", "arithmetic", Decimal("408.03"), Decimal("409.03")),
        (2, "interest", "value", Decimal("9.04"), Decimal("8.04")),
    ]
    assert result.differences[0].delta == Decimal("-1.00")


def test_a_balance_that_does_not_follow_from_the_previous_one_is_reported() -> None:
    # Row 2 states a balance of 403.00: 803.97 - 399.99 = 403.98 by its own figures.
    text = LENDER_CSV.replace("8.04,403.98", "8.04,403.00")
    result = lc.verify_rows(TERMS, read_csv_rows(text))
    assert [(d.number, d.field, d.kind.value, d.computed) for d in result.differences] == [
        (2, "closing_balance", "arithmetic", Decimal("403.98")),
        (2, "closing_balance", "value", Decimal("403.98")),
        # Row 3 then repays 403.98 from 403.00 by its own figures: 403.00 - 403.98.
        (3, "closing_balance", "arithmetic", Decimal("-0.98")),
    ]


def test_opening_balance_and_days_are_checked_against_the_rows_own_figures() -> None:
    rows = [lc.StatedRow.from_installment(row) for row in lc.amortize(TERMS)]
    rows[1] = attrs.evolve(rows[1], opening_balance=Decimal("804.00"), days=30)
    result = lc.verify_rows(TERMS, rows)
    assert triples(result) == [
        (2, "opening_balance", "arithmetic"),  # the previous balance is 803.97
        (2, "closing_balance", "arithmetic"),  # 804.00 - 399.99 = 404.01, not 403.98
        (2, "days", "arithmetic"),  # 29 February to 31 March is 31 days
        (2, "days", "value"),
        (2, "opening_balance", "value"),
    ]


def test_missing_and_extra_rows() -> None:
    rows = read_csv_rows(LENDER_CSV)
    short = lc.verify_rows(TERMS, rows[:2])
    assert [(d.number, d.field, d.kind.value, d.stated, d.computed) for d in short.differences] == [
        (3, "due_date", "missing", None, date(2024, 4, 30))
    ]
    extra_row = lc.StatedRow(due_date="2024-05-31", payment="1.00")
    long = lc.verify_rows(TERMS, [*rows, extra_row])
    assert [(d.number, d.field, d.kind.value, d.stated, d.computed) for d in long.differences] == [
        (4, "due_date", "extra", date(2024, 5, 31), None)
    ]
    assert long.differences[0].delta is None


def test_dates_differ_by_days_and_numbers_are_checked() -> None:
    rows = [lc.StatedRow(number=1, due_date="2024-03-01"), lc.StatedRow(number=3)]
    result = lc.verify_rows(TERMS, [*rows, lc.StatedRow()])
    assert [(d.number, d.field, d.delta) for d in result.differences] == [
        (1, "due_date", 1),  # 1 March is one day after 29 February
        (2, "number", 1),
    ]


def test_upfront_fee_is_compared_as_instalment_zero() -> None:
    terms = TERMS.replace(fees=lc.Fees(upfront=5))
    result = lc.verify_rows(terms, read_csv_rows(LENDER_CSV), upfront_fee="7.50")
    assert [(d.number, d.field, d.delta) for d in result.differences] == [
        (0, "upfront_fee", Decimal("2.50"))
    ]
    assert "upfront fee" in result.report()


def test_tolerance_lets_small_differences_agree() -> None:
    # 408.00 instead of 408.03: 0.03 off, both from the terms and from the row's own sum.
    text = LENDER_CSV.replace("2024-02-29,408.03", "2024-02-29,408.00")
    assert len(lc.verify_rows(TERMS, read_csv_rows(text)).differences) == 2
    assert lc.verify_rows(TERMS, read_csv_rows(text), tolerance="0.03")
    assert not lc.verify_rows(TERMS, read_csv_rows(text), tolerance="0.02")
    with pytest.raises(lc.InvalidValueError, match=r"^tolerance: got '-1'"):
        lc.verify_rows(TERMS, [], tolerance="-1")


# --------------------------------------------------------------------------------------
# JSON files, even tampered ones
# --------------------------------------------------------------------------------------


def test_verify_json_reports_rows_that_from_json_refuses() -> None:
    data = lc.amortize(TERMS).to_dict()
    data["installments"][1]["payment"] = "-1"  # type: ignore[index]
    text = json.dumps(data)
    with pytest.raises(lc.InvalidValueError, match=r"installments\[1\]\.payment"):
        lc.Schedule.from_json(text)
    result = lc.verify_json(text)
    assert [
        (d.number, d.field, d.kind.value, d.stated, d.computed) for d in result.differences
    ] == [
        (2, "payment", "arithmetic", Decimal("-1"), Decimal("408.03")),
        (2, "payment", "value", Decimal("-1"), Decimal("408.03")),
    ]


def test_verify_json_with_a_missing_row_and_a_tampered_fee() -> None:
    data = lc.amortize(TERMS).to_dict()
    del data["installments"][2]  # type: ignore[attr-defined]
    data["upfront_fee"] = "3.00"
    result = lc.verify_json(json.dumps(data))
    assert triples(result) == [(0, "upfront_fee", "value"), (3, "due_date", "missing")]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (None, InvalidTypeError),
        ("[" * 50_000, lc.InvalidValueError),
        ('{"format": "other"}', lc.InvalidValueError),
        ('{"format": "loancalc.schedule/1"}', lc.InvalidValueError),
    ],
)
def test_verify_json_refuses_what_is_not_a_schedule(text: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        lc.verify_json(text)  # type: ignore[arg-type]


def test_verify_json_still_checks_cell_types() -> None:
    data = lc.amortize(TERMS).to_dict()
    data["installments"][0]["interest"] = 12.0  # type: ignore[index]
    with pytest.raises(InvalidTypeError, match=r"^installments\[0\]\.interest: "):
        lc.verify_json(json.dumps(data))


# --------------------------------------------------------------------------------------
# Wrong arguments
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "schedule", TERMS])
def test_verify_refuses_what_is_not_a_schedule(value: object) -> None:
    with pytest.raises(InvalidTypeError, match=r"^schedule: "):
        lc.verify(value)  # type: ignore[arg-type]


def test_verify_rows_refuses_wrong_types() -> None:
    with pytest.raises(InvalidTypeError, match=r"^terms: "):
        lc.verify_rows(None, [])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^rows: "):
        lc.verify_rows(TERMS, None)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^rows\[1\]: "):
        lc.verify_rows(TERMS, [lc.StatedRow(), {"payment": "1"}])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("values", "error", "field"),
    [
        ({"payment": "NaN"}, lc.InvalidValueError, "payment"),
        ({"payment": "5%"}, lc.InvalidValueError, "payment"),
        ({"interest": True}, lc.InvalidValueError, "interest"),
        ({"due_date": "29/02/2024"}, lc.InvalidValueError, "due_date"),
        ({"due_date": 20240229}, InvalidTypeError, "due_date"),
        ({"number": 1.0}, InvalidTypeError, "number"),
        ({"days": "-3"}, InvalidTypeError, "days"),
    ],
)
def test_stated_rows_refuse_what_is_not_a_figure(
    values: dict[str, object], error: type[Exception], field: str
) -> None:
    with pytest.raises(error, match=rf"^{field}: "):
        lc.StatedRow(**values)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


def test_results_are_frozen_and_serialise() -> None:
    text = LENDER_CSV.replace("399.99,8.04", "399.99,9.04")
    result = lc.verify_rows(TERMS, read_csv_rows(text))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.differences = ()  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.differences[0].field = "x"  # type: ignore[misc]
    data = json.loads(json.dumps(result.to_dict()))
    assert data["agrees"] is False
    assert data["differences"][1] == {
        "number": 2, "field": "interest", "kind": "value", "stated": "9.04",
        "computed": "8.04", "delta": "1.00",
    }  # fmt: skip


def test_report_for_people_lists_each_difference_with_its_delta() -> None:
    text = LENDER_CSV.replace("399.99,8.04", "399.99,9.04")
    lines = lc.verify_rows(TERMS, read_csv_rows(text)).report().splitlines()
    assert lines[0] == (
        "equal-installment loan of 1,200 at 12% a year, 3 x monthly, periodic accrual (ACT/360)"
    )
    assert (
        lines[1]
        == "Differs: 2 differences in 1 instalment (3 stated instalments; the terms give 3)."
    )
    assert lines[3].split() == ["No", "Field", "Stated", "Expected", "Difference", "Why"]
    assert lines[5].split() == [
        "2",
        "payment",
        "408.03",
        "409.03",
        "-1.00",
        "does",
        "not",
        "add",
        "up",
    ]
    assert lines[6].split() == ["2", "interest", "9.04", "8.04", "1.00", "differs"]
    # 408.03 + 408.03 + 408.02 stated, the same recomputed.
    assert "Payments: stated 1,224.08 in all; the terms give 1,224.08 (difference 0.00)." in lines
    assert all(line == line.rstrip() for line in lines)
