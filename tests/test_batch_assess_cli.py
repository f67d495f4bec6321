"""``loancalc assess-book``: a book from CSV, payments from CSV or Parquet, text, CSV and
JSON output equal to ``batch.assess``, a progress line only on a terminal, bad input."""

from __future__ import annotations

import importlib
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import loancalc as lc
import loancalc.cli.assess_book_command
from loancalc import batch
from loancalc.cli import main

PRODUCT = "cn-consumer-finance-instalment"
BOOK = (
    "loan,principal,term,start\nA,12000,12,2024-01-15\nB,1200,3,2024-01-31\nC,5000,6,2024-02-10\n"
)
PAID = [("A", "2024-02-15", "1100.16"), ("B", "2024-02-29", "408.03"), ("B", "2024-04-20", "300"),
        ("C", "2024-03-10", "850")]  # fmt: skip


def _files(tmp_path: Path) -> tuple[str, str]:
    book, paid = tmp_path / "book.csv", tmp_path / "paid.csv"
    book.write_text(BOOK)
    paid.write_text("loan,date,amount\n" + "".join(f"{a},{b},{c}\n" for a, b, c in PAID))
    return str(book), str(paid)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["assess-book", "--as-of", "2024-05-10", "--product", PRODUCT, *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_equals_batch_assess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book, paid = _files(tmp_path)
    status, out, err = _run(capsys, "--book", book, "--payments", paid, "--format", "json")
    assert status == 0
    assert err == ""  # stderr is not a terminal: no progress line
    loans = json.loads(out)["loans"]
    starts = [date(2024, 1, 15), date(2024, 1, 31), date(2024, 2, 10)]
    schedules = batch.amortize([12000, 1200, 5000], "18%", [12, 3, 6], start=starts)
    index = {"A": 0, "B": 1, "C": 2}
    loans_paid = [index[a] for a, _, _ in PAID]
    days = [date.fromisoformat(b) for _, b, _ in PAID]
    payments = (loans_paid, days, [c for _, _, c in PAID])
    expected = batch.assess(schedules, payments, date(2024, 5, 10), lc.products.get(PRODUCT))
    for position, row in enumerate(loans):
        want = expected.loan(position)
        assert row["loan"] == "ABC"[position]
        assert Decimal(row["settlement"]) == want["settlement"]
        assert Decimal(row["outstanding_penalty_interest"]) == want["outstanding_penalty_interest"]
        assert row["days_past_due"] == want["days_past_due"]


def test_parquet_payments_give_the_csv_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book, paid = _files(tmp_path)
    parquet = tmp_path / "paid.parquet"
    pd.DataFrame({"loan": [a for a, _, _ in PAID], "date": pd.to_datetime([b for _, b, _ in PAID]),
                  "amount": [float(c) for _, _, c in PAID]}).to_parquet(parquet)  # fmt: skip
    _, from_csv, _ = _run(capsys, "--book", book, "--payments", paid, "--format", "csv")
    _, from_parquet, _ = _run(capsys, "--book", book, "--payments", str(parquet), "--format", "csv")
    assert from_csv == from_parquet
    assert from_csv.splitlines()[1].startswith("A,56,M2,special-mention,true,")  # 03-15 to 05-10


def test_text_summary_and_progress_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    book, paid = _files(tmp_path)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    status, out, err = _run(capsys, "--book", book, "--payments", paid)
    assert status == 0
    assert "assess-book: 3 / 3 loans" in err
    lines = out.splitlines()
    assert (
        lines[0]
        == "Book of 3 loans assessed on 2024-05-10 (cn-consumer-finance-instalment), 4 payments"
    )
    assert "computed by loancalc.assess: 0" in out


@pytest.mark.parametrize(
    ("payments", "message"),
    [
        ("loan,date,amount\nZ,2024-02-15,10\n", "payments.loan[0]: got 'Z'"),
        ("loan,date,amount\nA,2024-02-15,-10\n", "payments.amount[0]"),
        ("loan,when,amount\nA,2024-02-15,10\n", "--payments"),
        ("loan,date,amount\nA,15/02/2024,10\n", "--payments date row 1"),
    ],
)
def test_bad_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], payments: str, message: str
) -> None:
    book, _ = _files(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(payments)
    status, out, err = _run(capsys, "--book", book, "--payments", str(bad))
    assert status == 2
    assert out == ""
    assert message in err


def test_the_command_names_the_components_as_the_result_does() -> None:
    command = importlib.import_module("loancalc.cli.assess_book_command")
    assert batch.BookAssessment.components == command.COMPONENTS
