"""The rate-schedule options on the command line (schedule, assess)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from loancalc.cli import main

LPR = ("--principal", "1000000", "--term", "360", "--start", "2023-03-15", "--index", "LPR5Y",
       "--spread", "0.5%", "--reprice", "january")  # fmt: skip
AGREED = ("--principal", "120000", "--term", "12", "--start", "2024-01-10", "--rate", "6%",
          "--rate-change", "2024-04-25:4.8%")  # fmt: skip


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    status = main(list(argv))
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return json.loads(captured.out)


def _error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    assert status != 0
    return capsys.readouterr().err


def test_lpr_mortgage_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    # the figures of tests/test_rate_schedule_amortize.py, worked by hand there
    rows = _json(capsys, "schedule", *LPR, "--format", "json")["installments"]
    assert [rows[k]["payment"] for k in (0, 9, 21)] == ["5246.65", "5187.70", "4849.62"]
    assert rows[9]["interest"] == "3917.19"
    assert len(rows) == 360
    kept = _json(capsys, "schedule", *LPR, "--on-reprice", "keep-payment", "--format", "json")
    assert len(kept["installments"]) == 311
    assert kept["installments"][-1]["payment"] == "1764.89"
    assert kept["terms"]["rate_schedule"]["on_reprice"] == "keep-payment"


def test_a_rate_change_by_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, "schedule", *AGREED, "--format", "json")["installments"]
    # 90,669.93 x (6 % x 15 + 4.8 % x 15) / 360 = 408.01; then 10,282.12 over 9
    assert (rows[3]["interest"], rows[3]["payment"]) == ("408.01", "10282.12")
    status = main(["schedule", *AGREED, "--format", "csv"])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert lines[4] == (
        "4,2024-04-10,2024-05-10,30,90669.93,9874.11,408.01,0.00,10282.12,80795.82,0.00"
    )


def test_an_index_from_a_csv_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sofr = tmp_path / "sofr.csv"
    sofr.write_text("date,SOFR\n2024-01-02,5.40\n2024-07-01,5.33\n2024-12-19,4.33\n")
    rows = _json(
        capsys, "schedule", "--principal", "12000", "--term", "12", "--start", "2024-01-15",
        "--index", "SOFR", "--index-file", str(sofr), "--spread", "2%", "--reprice",
        "every-3-months", "--rate-cap", "7.2%", "--format", "json",
    )["installments"]  # fmt: skip
    # 5.40 + 2 = 7.40, capped at 7.2 % (0.6 % a month) until the reset of 2025-01-15
    assert rows[0]["interest"] == "72.00"  # 12,000 x 0.006
    assert len(rows) == 12


def test_assess_takes_the_same_options(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(
        capsys, "assess", *AGREED, "--payment", "2024-02-10:10327.97",
        "--payment", "2024-03-10:10327.97", "--payment", "2024-04-10:10327.97",
        "--as-of", "2024-05-10", "--format", "json",
    )  # fmt: skip
    assert data["days_past_due"] == 0
    assert data["amount_due"] == "10282.12"  # instalment 4 at the split rate


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--rate", "6%", "--rate-change", "2024-04-25"), "--rate-change: got '2024-04-25'"),
        (("--rate", "6%", "--rate-change", "25/04/2024:4%"), "--rate-change: got '25/04/2024:4%'"),
        (("--rate", "6%", "--rate-change", "2023-04-25:4%"), "--rate-change: got '2023-04-25'"),
        (("--rate", "6%", "--rate-change", "2024-04-25:2000%"), "--rate-change: got "),
        (("--rate", "6%", "--index", "LPR1Y"), "--rate: got '6%'; accepted: nothing with"),
        (("--index", "SHIBOR"), "--index: got 'SHIBOR'; accepted: one of LPR1Y"),
        (("--index", "LPR1Y", "--reprice", "weekly"), "--reprice: got 'weekly'"),
        (("--index", "LPR1Y", "--rate-floor", "5%", "--rate-cap", "4%"), "--rate-floor: got"),
        (("--index", "LPR1Y", "--index-lag", "soon"), "--index-lag: got 'soon'"),
        (("--rate", "6%", "--spread", "1%"), "--spread: got '1%'; accepted: only with --index"),
        (("--rate", "6%", "--on-reprice", "keep"), "--on-reprice: got 'keep'"),
        (("--index", "LPR1Y", "--rate-change", "2024-04-25:4%"), "--rate-change: got"),
        (
            ("--product", "cn-bank-consumer-loan", "--rate", "6%", "--rate-change",
             "2024-04-25:30%"),
            "--rate-change: got '0.3'; accepted: a rate from 0 to 0.24",
        ),
    ],
)  # fmt: skip
def test_bad_rate_options_are_named(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    err = _error(
        capsys, "schedule", "--principal", "120000", "--term", "12", "--start", "2024-01-10",
        *argv,
    )  # fmt: skip
    assert message in err


def test_an_index_before_its_first_value_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(
        capsys, "schedule", "--principal", "1000", "--term", "12", "--start", "2019-01-02",
        "--index", "LPR1Y",
    )  # fmt: skip
    assert "LPR1Y date: got '2019-01-02'; accepted: a date on or after 2019-08-20" in err


def test_a_product_with_an_index(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(
        capsys, "schedule", "--product", "cn-bank-consumer-loan", "--principal", "120000",
        "--term", "12", "--start", "2024-01-10", "--index", "LPR1Y", "--spread", "1%",
        "--format", "json",
    )  # fmt: skip
    assert data["terms"]["annual_rate"] == "0.0445"  # LPR1Y 3.45 % + 1 %
