"""The dated index tables: the shipped LPR, CSV loading and the registry."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loancalc.errors import InvalidValueError, LoanCalcError, UnknownNameError
from loancalc.limits.indexes import (
    IndexTable,
    index,
    index_names,
    load_index_csv,
    parse_index_csv,
    register_index,
)

# Publications checked one by one against the PBoC / NIFC announcements of those days.
PUBLISHED = [
    (date(2019, 8, 20), "4.25", "4.85"),  # the first reformed LPR
    (date(2019, 10, 21), "4.20", "4.85"),  # unchanged from September
    (date(2020, 4, 20), "3.85", "4.65"),
    (date(2021, 11, 22), "3.85", "4.65"),  # the day before the December cut
    (date(2022, 8, 22), "3.65", "4.30"),
    (date(2024, 2, 20), "3.45", "3.95"),  # five-year cut alone
    (date(2024, 10, 21), "3.10", "3.60"),
    (date(2025, 5, 20), "3.00", "3.50"),
]


@pytest.mark.parametrize(("on", "one_year", "five_year"), PUBLISHED)
def test_lpr_matches_publications(on: date, one_year: str, five_year: str) -> None:
    assert index("LPR1Y").rate_on(on) == Decimal(one_year) / 100
    assert index("LPR5Y").rate_on(on) == Decimal(five_year) / 100


def test_rate_holds_until_the_next_publication() -> None:
    lpr = index("LPR1Y")
    assert lpr.rate_on(date(2023, 8, 20)) == Decimal("0.0355")
    assert lpr.rate_on(date(2023, 8, 21)) == Decimal("0.0345")


def test_before_the_first_publication_is_an_error() -> None:
    with pytest.raises(InvalidValueError, match=r"LPR5Y date.*2019-08-20"):
        index("LPR5Y").rate_on(date(2019, 8, 19))


def test_unknown_index_names_the_known_ones() -> None:
    with pytest.raises(UnknownNameError, match=r"index: got 'EURIBOR'.*LPR1Y, LPR5Y"):
        index("EURIBOR")
    assert {"LPR1Y", "LPR5Y"} <= set(index_names())


def test_csv_file_round_trip(tmp_path: object) -> None:
    path = tmp_path / "euribor.csv"  # type: ignore[operator]
    path.write_text("# known-through: 2022-12-31\ndate,rate\n2022-01-01,-0.5\n2022-09-01,1.1%\n")
    table = load_index_csv(path, name="EURIBOR6M-TEST")
    assert table.rate_on(date(2022, 6, 1)) == Decimal("-0.005")
    assert table.rate_on(date(2023, 6, 1)) == Decimal("0.011")
    assert table.known_through == date(2022, 12, 31)
    assert table.changes(date(2022, 1, 1), date(2022, 12, 31)) == (
        (date(2022, 9, 1), Decimal("0.011")),
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("day,rate\n2024-01-01,1\n", "CSV header"),
        ("date,rate\n2024-13-01,1\n", "X date"),
        ("date,rate\n2024-01-01,abc\n", "X rate on 2024-01-01"),
        ("date,rate\n2024-01-01,2000\n", "X rate on 2024-01-01"),
        ("date,rate\n2024-02-01,1\n2024-01-01,1\n", "X values"),
        ("date,rate\n", "X values"),
    ],
)
def test_bad_csv_names_the_field(text: str, field: str) -> None:
    with pytest.raises(LoanCalcError, match=field):
        parse_index_csv(text, name="X")


def test_register_refuses_a_taken_name_unless_replacing() -> None:
    table = IndexTable(name="LPR1Y", values=((date(2019, 8, 20), Decimal("0.0425")),))
    with pytest.raises(InvalidValueError, match="replace=True"):
        register_index(table)
    original = index("LPR1Y")
    try:
        register_index(table, replace=True)
        assert index("LPR1Y").rate_on(date(2025, 1, 1)) == Decimal("0.0425")
    finally:
        register_index(original, replace=True)


rates = st.decimals(min_value=-1, max_value=10, places=4)


@given(
    st.lists(
        st.tuples(st.integers(0, 5000), rates),
        min_size=1,
        max_size=20,
        unique_by=lambda row: row[0],
    ),
    st.integers(0, 6000),
)
def test_rate_on_is_the_last_row_on_or_before(rows: list[tuple[int, Decimal]], offset: int) -> None:
    origin = date(2000, 1, 1)
    values = sorted((origin + timedelta(days=days), rate) for days, rate in rows)
    table = IndexTable(name="P", values=values)
    on = origin + timedelta(days=offset)
    earlier = [rate for day, rate in values if day <= on]
    if earlier:
        assert table.rate_on(on) == earlier[-1]
    else:
        with pytest.raises(InvalidValueError):
            table.rate_on(on)
