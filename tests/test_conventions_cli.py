"""The rounding conventions from the command line (figures by hand in the comments; the
loan: 1,000 at 12 % a year, 1 % a month, 12 months from 2024-01-01)."""

from __future__ import annotations

import pytest

from loancalc.cli import main

LOAN = ["--principal", "1000", "--rate", "12%", "--term", "12", "--start", "2024-01-01"]


def _rows(capsys: pytest.CaptureFixture[str], *options: str) -> list[list[str]]:
    assert main(["schedule", *LOAN, *options, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    return [line.split(",") for line in lines[1:]]


def test_payment_up_interest_down(capsys: pytest.CaptureFixture[str]) -> None:
    # exact level 88.8488 -> up 88.85; month 5's interest 679.83 x 1 % = 6.7983 -> down
    # 6.79; the last instalment takes what is left: 88.78
    rows = _rows(capsys, "--payment-rounding", "up", "--interest-rounding", "down")
    assert rows[0][8] == "88.85"
    assert rows[4][6] == "6.79"
    assert rows[-1][8] == "88.78"


def test_payments_on_a_multiple(capsys: pytest.CaptureFixture[str]) -> None:
    # 88.8488 / 4 = 22.21 -> 22 x 4 = 88.00 a month; the last takes what is left: 98.76
    rows = _rows(capsys, "--payment-multiple", "4")
    assert {row[8] for row in rows[:-1]} == {"88.00"}
    assert rows[-1][8] == "98.76"


def test_a_higher_final_payment(capsys: pytest.CaptureFixture[str]) -> None:
    # the highest level on the grid leaving a last instalment no lower: 88.84, last 88.95
    rows = _rows(capsys, "--final-payment", "higher")
    assert (rows[0][8], rows[-1][8]) == ("88.84", "88.95")


def test_a_bad_multiple_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", *LOAN, "--payment-multiple", "0.003"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("loancalc: error: --payment-multiple: got '0.003'")
